//! Importing the team's existing ledgers (Excel / LibreOffice / CSV) into
//! Daicho. The steps are the import wizard's, and the CLI runs them in one go:
//!
//! 1. [`read_file`] / [`read_bytes`]: the file into sheets of cells ([`read`]).
//! 2. [`inspect`]: the sheets, the table found in the chosen one (header
//!    row, ledger) and the column → field mapping ([`table`], [`headers`]);
//!    the user may correct it through [`ImportSettings`].
//! 3. [`prepare`]: every data row parsed into field values ([`values`]),
//!    with every problem (sheet, row, column, value, reason) and the status
//!    and master values Daicho does not know yet. Writes nothing.
//! 4. [`import`]: a dry run or the import itself through the core's
//!    all-or-nothing `Daicho::import_rows` (original numbers kept,
//!    re-imports update instead of duplicating, history records the import).
//!
//! Reading, detection and parsing never panic on bad input; they return a
//! Japanese error or a problem row.

mod children;
mod intake;
mod outcome;
mod rows;
mod settings;

pub mod headers;
pub mod read;
pub mod table;
pub mod values;

use std::collections::{BTreeMap, BTreeSet};

use daicho_core::domain::ledger::{format_no, FieldDef, Ledger};
use daicho_core::domain::master::Master;
use daicho_core::domain::value::{nfkc, FieldKind};
use daicho_core::domain::workflow;
use daicho_core::service::ImportOptions;
use daicho_core::{Daicho, Error, Result, Value};
use serde::Serialize;

pub use outcome::{remedy, ImportOutcome, Prepared, Problem, UnknownKind, UnknownValue};
pub use read::{read_bytes, read_file, Cell, CsvEncoding, FileFormat, Sheet, Workbook};
pub use rows::RowKey;
use rows::{Parsed, RowParser};
pub use settings::ImportSettings;
pub use table::{ColumnMapping, Table};
pub use values::ValueMap;

/// One sheet of the file, for the wizard's sheet picker.
#[derive(Debug, Clone, Serialize)]
pub struct SheetSummary {
    pub name: String,
    pub rows: usize,
    pub columns: usize,
    /// The ledger its table looks like, if a table was found.
    pub ledger: Option<Ledger>,
    pub score: usize,
}

/// What was found in the file.
#[derive(Debug, Clone, Serialize)]
pub struct Inspection {
    pub file_name: String,
    pub format: FileFormat,
    pub encoding: Option<String>,
    pub sheets: Vec<SheetSummary>,
    /// The chosen sheet's table and mapping (with the user's corrections).
    pub table: Table,
}

/// Finds the sheet, its table and the mapping, with the user's corrections.
pub fn inspect(wb: &Workbook, settings: &ImportSettings) -> Result<Inspection> {
    let mut best: Option<Table> = None;
    let mut sheets = Vec::new();
    let wanted = settings.sheet.as_deref().map(|s| nfkc(s.trim()));
    if let Some(w) = &wanted {
        if !wb.sheets.iter().any(|s| nfkc(&s.name) == *w) {
            let names: Vec<&str> = wb.sheets.iter().map(|s| s.name.as_str()).collect();
            return Err(Error::invalid(format!(
                "シート「{w}」はありません。シート: {}",
                names.join(" / ")
            )));
        }
    }
    for sheet in &wb.sheets {
        let found = table::detect(sheet, settings.ledger, settings.header_row);
        sheets.push(SheetSummary {
            name: sheet.name.clone(),
            rows: sheet.rows.len(),
            columns: sheet.width(),
            ledger: found.as_ref().map(|t| t.ledger),
            score: found.as_ref().map_or(0, |t| t.score),
        });
        let chosen = match &wanted {
            Some(w) => nfkc(&sheet.name) == *w,
            None => found.as_ref().map_or(0, |t| t.score) > best.as_ref().map_or(0, |t| t.score),
        };
        if chosen {
            best = found;
            if best.is_none() {
                return Err(no_table(&sheet.name));
            }
        }
    }
    let Some(mut table) = best else {
        return Err(no_table(&wb.file_name));
    };
    for (letter, field) in &settings.columns {
        let index = read::column_index(letter).ok_or_else(|| {
            Error::invalid(format!(
                "列「{letter}」は列名 (A, B, … AA) ではありません。"
            ))
        })?;
        let def = match field.as_deref().map(str::trim).filter(|f| !f.is_empty()) {
            None => None,
            Some(name) => Some(
                table
                    .ledger
                    .field(name)
                    .or_else(|| headers::match_header(table.ledger, name))
                    .ok_or_else(|| {
                        Error::invalid(format!(
                            "項目「{name}」は{}にありません。",
                            table.ledger.label()
                        ))
                    })?,
            ),
        };
        table.remap(index, def.map(|d| d.key));
    }
    Ok(Inspection {
        file_name: wb.file_name.clone(),
        format: wb.format,
        encoding: wb.encoding.clone(),
        sheets,
        table,
    })
}

fn no_table(name: &str) -> Error {
    Error::invalid(format!(
        "「{name}」に台帳の表 (見出し行: No. / 起票日 / タイトル …) が見つかりません。--header-row と --ledger で指定できます。何も書き込んでいません。"
    ))
}

/// The field that holds a row's key: its number, or a release's version.
fn key_field(ledger: Ledger) -> &'static str {
    if ledger == Ledger::Release {
        "version"
    } else {
        "no"
    }
}

/// Parses every data row, keeping what was found (problems, unknown values,
/// each row's key) but not the rows: [`import`] parses them again one at a
/// time as the core takes them, so memory does not grow with the file's
/// rows. Reads the masters but writes nothing.
pub fn prepare(d: &Daicho, wb: &Workbook, settings: &ImportSettings) -> Result<Prepared> {
    let inspection = inspect(wb, settings)?;
    let map = value_map(settings);
    let parser = RowParser::new(wb, &inspection.table, &map)?;
    let mut out = Prepared {
        inspection: inspection.clone(),
        keys: Vec::new(),
        skipped: Vec::new(),
        problems: Vec::new(),
        unknown: Vec::new(),
    };
    let mut unknown: BTreeMap<(String, String), UnknownValue> = BTreeMap::new();
    let known = Known::load(d, inspection.table.ledger)?;
    for r in parser.data_rows() {
        let row = match parser.parse(r) {
            Parsed::Blank => continue,
            Parsed::Skipped(row_no) => {
                out.skipped.push(row_no);
                continue;
            }
            Parsed::Row(row) => row,
        };
        let ledger = inspection.table.ledger;
        for (k, v) in &row.import.fields {
            let Some(def) = ledger.field(k) else { continue };
            if let Some(kind) = known.unknown_kind(def, v) {
                unknown
                    .entry((def.label.to_string(), v.display()))
                    .or_insert_with(|| UnknownValue {
                        field: def.label.to_string(),
                        kind,
                        value: v.display(),
                        rows: Vec::new(),
                    })
                    .rows
                    .push(row.key.row);
            }
        }
        out.problems.extend(row.problems);
        out.keys.push(row.key);
    }
    out.unknown = unknown.into_values().collect();
    Ok(out)
}

fn value_map(settings: &ImportSettings) -> ValueMap {
    ValueMap::new(
        settings
            .value_map
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str())),
    )
}

/// A number as the ledger writes it: `12` in an incident ledger is I-0012.
pub(crate) fn canonical_key(ledger: Ledger, text: &str) -> String {
    let folded = nfkc(text.trim());
    match folded.parse::<i64>() {
        Ok(n) if n > 0 && ledger.prefix().is_some() => format_no(ledger, n),
        _ => text.trim().to_string(),
    }
}

/// The statuses and master values Daicho knows, to list unknown ones.
struct Known {
    statuses: BTreeSet<String>,
    masters: BTreeMap<&'static str, BTreeSet<String>>,
}

impl Known {
    fn load(d: &Daicho, ledger: Ledger) -> Result<Known> {
        let mut masters = BTreeMap::new();
        for (key, m) in [
            ("org", Master::Organization),
            ("person", Master::Person),
            ("priority", Master::Priority),
            ("system", Master::System),
        ] {
            let names = d
                .masters(m, false)?
                .into_iter()
                .map(|e| nfkc(e.name.trim()))
                .collect();
            masters.insert(key, names);
        }
        Ok(Known {
            statuses: workflow::statuses(ledger)
                .into_iter()
                .map(String::from)
                .collect(),
            masters,
        })
    }

    fn unknown_kind(&self, def: &FieldDef, v: &Value) -> Option<UnknownKind> {
        let text = v.as_text()?;
        let (key, master) = match def.kind {
            FieldKind::Status => {
                return (!self.statuses.contains(text)).then_some(UnknownKind::Status)
            }
            FieldKind::Org => ("org", Master::Organization),
            FieldKind::Person => ("person", Master::Person),
            FieldKind::Priority => ("priority", Master::Priority),
            FieldKind::System => ("system", Master::System),
            _ => return None,
        };
        (!self.masters[key].contains(&nfkc(text.trim()))).then_some(UnknownKind::Master(master))
    }
}

/// A dry run (`dry_run`) or the import: all or nothing. Problems found while
/// reading and those the core finds (numbers, statuses, masters, required
/// fields, regressions) are reported together; with any problem nothing is
/// written, masters created for the import included.
pub fn import(
    d: &mut Daicho,
    wb: &Workbook,
    settings: &ImportSettings,
    dry_run: bool,
) -> Result<ImportOutcome> {
    let prepared = prepare(d, wb, settings)?;
    let table = prepared.inspection.table.clone();
    let ledger = table.ledger;
    // Each new master value once, even when two fields name it (担当者 in
    // both 担当者 and 対応者).
    let mut masters: Vec<(Master, String)> = Vec::new();
    if settings.create_masters {
        for u in &prepared.unknown {
            if let UnknownKind::Master(m) = u.kind {
                let entry = (m, nfkc(u.value.trim()));
                if !masters.contains(&entry) {
                    masters.push(entry);
                }
            }
        }
    }
    // Child rows: the ledger's own child sheets or summary columns.
    let value_map = value_map(settings);
    let (child_rows, child_problems) = children::read(wb, &prepared, &value_map);
    let mut problems = prepared.problems.clone();
    problems.extend(child_problems);
    // One pass through the core: the import itself, or a dry run when asked
    // or when reading found problems (so the core's problems are listed
    // with them). The core writes nothing when it finds a problem.
    let options = ImportOptions {
        dry_run: dry_run || !problems.is_empty(),
        update_existing: settings.update_existing,
        masters,
        children: child_rows,
    };
    let parser = RowParser::new(wb, &table, &value_map)?;
    let rows = prepared
        .keys
        .iter()
        .filter_map(|k| match parser.parse(k.row as usize - 1) {
            Parsed::Row(row) => Some(row.import),
            Parsed::Blank | Parsed::Skipped(_) => None,
        });
    let report = d.import_rows_with(ledger, rows, &options)?;
    problems.extend(report.problems.iter().map(|p| core_problem(&table, p)));
    let mut masters_created = options.masters;
    if !problems.is_empty() {
        masters_created.clear();
    }
    Ok(ImportOutcome {
        file_name: wb.file_name.clone(),
        sheet: table.sheet.clone(),
        ledger,
        rows: prepared.keys.len(),
        created: report.created,
        updated: report.updated,
        unchanged: report.unchanged,
        skipped: prepared.skipped.clone(),
        problems,
        overrides: report
            .overrides
            .iter()
            .map(|p| core_problem(&table, p))
            .collect(),
        unknown: prepared.unknown.clone(),
        masters_created,
        dry_run,
        committed: report.committed,
        table,
    })
}

/// Points a core problem (source `シート!行`, field label) at its cell.
fn core_problem(table: &Table, p: &daicho_core::service::ImportProblem) -> Problem {
    let (sheet, row) = match p.source.rsplit_once('!') {
        Some((s, r)) => (s.to_string(), r.parse::<u32>().ok()),
        None => (p.source.clone(), None),
    };
    let ledger = table.ledger;
    let col = p.field.as_deref().and_then(|label| {
        let key = if label == "No." {
            key_field(ledger)
        } else {
            ledger.field(label)?.key
        };
        table.column_of(key)
    });
    Problem {
        sheet,
        row,
        column: col.map(|c| c.column.clone()),
        header: col.map(|c| c.header.clone()).or_else(|| p.field.clone()),
        value: p.value.clone(),
        reason: p.reason.clone(),
    }
}
