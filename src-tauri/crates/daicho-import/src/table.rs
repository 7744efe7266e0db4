//! Finding the ledger table in a sheet: the header row below title rows,
//! notes and blank rows (one row, or two when a merged group header such as
//! 概算見積 sits above 工数 / 金額), which column holds which field, and which
//! ledger the table is — from the headers, the numbers' prefixes (I-/S-/C-)
//! and the sheet's name.

use daicho_core::domain::ledger::{parse_no, Ledger};
use daicho_core::domain::value::nfkc;
use serde::Serialize;

use crate::headers::{header_text_limit, match_header};
use crate::read::{column_letter, Cell, Sheet};

/// How many rows from the top are searched for the header.
const HEADER_SEARCH_ROWS: usize = 60;
/// How many data rows are sampled for the numbers' prefixes.
const PREFIX_SAMPLE_ROWS: usize = 200;

/// One column of the file and the field it goes to.
#[derive(Debug, Clone, Serialize)]
pub struct ColumnMapping {
    /// Column letter as Excel shows it (`F`).
    pub column: String,
    /// 0-based column index.
    pub index: usize,
    /// The header as found in the file (both rows of a two-row header).
    pub header: String,
    /// Field key, or None when the column is not imported.
    pub field: Option<String>,
    /// The field's label (what Daicho calls the column).
    pub label: Option<String>,
}

/// The table found in a sheet.
#[derive(Debug, Clone, Serialize)]
pub struct Table {
    pub sheet: String,
    pub ledger: Ledger,
    /// 1-based row of the (first) header row.
    pub header_row: u32,
    /// 1 or 2 (a merged group header above the column names).
    pub header_rows: u32,
    /// 1-based first row after the header.
    pub first_data_row: u32,
    /// 1-based last row of the sheet.
    pub last_row: u32,
    pub columns: Vec<ColumnMapping>,
    /// How sure the detection is (higher is better); compares sheets.
    pub score: usize,
}

impl Table {
    /// The column mapped to a field key.
    pub fn column_of(&self, key: &str) -> Option<&ColumnMapping> {
        self.columns
            .iter()
            .find(|c| c.field.as_deref() == Some(key))
    }

    /// Applies the user's corrections: column letter → field (key or
    /// label), or None to leave the column out.
    pub fn remap(&mut self, index: usize, field: Option<&'static str>) {
        let label = field.and_then(|k| self.ledger.field(k)).map(|f| f.label);
        for c in &mut self.columns {
            if field.is_some() && c.field.as_deref() == field && c.index != index {
                c.field = None;
                c.label = None;
            }
        }
        match self.columns.iter_mut().find(|c| c.index == index) {
            Some(c) => {
                c.field = field.map(String::from);
                c.label = label.map(String::from);
            }
            None => {
                self.columns.push(ColumnMapping {
                    column: column_letter(index),
                    index,
                    header: String::new(),
                    field: field.map(String::from),
                    label: label.map(String::from),
                });
                self.columns.sort_by_key(|c| c.index);
            }
        }
    }
}

/// The header text of each column for a header of `height` rows at `row`,
/// and the field each names in `ledger`.
fn header_columns(sheet: &Sheet, row: usize, height: usize, ledger: Ledger) -> Vec<ColumnMapping> {
    let width = (row..row + height)
        .map(|r| sheet.rows.get(r).map_or(0, Vec::len))
        .max()
        .unwrap_or(0);
    let mut out: Vec<ColumnMapping> = Vec::with_capacity(width);
    let mut used: Vec<&'static str> = Vec::new();
    let mut last_top = String::new();
    let top_row = sheet.merged_row(row, width);
    let bottom_row = if height == 1 {
        Vec::new()
    } else {
        sheet.merged_row(row + 1, width)
    };
    for c in 0..width {
        let top = top_row[c].text();
        let candidates: Vec<String> = if height == 1 {
            vec![top.clone()]
        } else {
            let bottom = bottom_row[c].text();
            // Without merge information (ODS, CSV) a group header stands in
            // its first column only; the columns after it inherit it.
            let top = if top.is_empty() && !bottom.is_empty() && !last_top.is_empty() {
                last_top.clone()
            } else {
                top
            };
            if !top.is_empty() {
                last_top = top.clone();
            }
            let combined = match (top.is_empty(), bottom.is_empty()) {
                (false, false) if top != bottom => format!("{top} {bottom}"),
                (false, _) => top.clone(),
                (true, _) => bottom.clone(),
            };
            vec![combined, bottom, top]
        };
        let found = candidates.iter().find_map(|h| {
            let f = match_header(ledger, h)?;
            (!used.contains(&f.key)).then_some((h.clone(), f))
        });
        let (header, field) = match found {
            Some((h, f)) => {
                used.push(f.key);
                (h, Some(f))
            }
            None => (candidates[0].clone(), None),
        };
        out.push(ColumnMapping {
            column: column_letter(c),
            index: c,
            header,
            field: field.map(|f| f.key.to_string()),
            label: field.map(|f| f.label.to_string()),
        });
    }
    out
}

fn ledger_name_bonus(sheet_name: &str, ledger: Ledger) -> usize {
    let name = nfkc(sheet_name);
    let stem = match ledger {
        Ledger::Incident => "インシデント",
        Ledger::Failure => "障害",
        Ledger::Change => "変更",
        Ledger::Release => "リリース",
    };
    if name.contains(stem) {
        5
    } else {
        0
    }
}

/// Bonus when most numbers under the No. column carry the ledger's prefix.
fn prefix_bonus(
    sheet: &Sheet,
    first_data: usize,
    columns: &[ColumnMapping],
    ledger: Ledger,
) -> usize {
    let Some(col) = columns.iter().find(|c| c.field.as_deref() == Some("no")) else {
        return 0;
    };
    let (mut filled, mut hits) = (0usize, 0usize);
    for r in first_data..(first_data + PREFIX_SAMPLE_ROWS).min(sheet.rows.len()) {
        let text = sheet.cell(r, col.index).text();
        if text.is_empty() {
            continue;
        }
        filled += 1;
        if parse_no(&text).is_some_and(|(l, _)| l == ledger) {
            hits += 1;
        }
    }
    if filled > 0 && hits * 2 > filled {
        15
    } else {
        0
    }
}

/// Finds the table: the header row (searched in the first rows unless
/// given, 1-based) and the ledger (detected unless given).
pub fn detect(sheet: &Sheet, ledger: Option<Ledger>, header_row: Option<u32>) -> Option<Table> {
    let ledgers: Vec<Ledger> = match ledger {
        Some(l) => vec![l],
        None => Ledger::ALL.to_vec(),
    };
    let rows: Vec<usize> = match header_row {
        Some(r) if r >= 1 => vec![r as usize - 1],
        _ => (0..sheet.rows.len().min(HEADER_SEARCH_ROWS)).collect(),
    };
    let mut best: Option<(usize, usize, Table)> = None;
    let single = |r: usize, l: Ledger| {
        header_columns(sheet, r, 1, l)
            .iter()
            .filter(|c| c.field.is_some())
            .count()
    };
    for &r in &rows {
        for height in [1usize, 2] {
            if height == 2 && r + 1 >= sheet.rows.len() {
                continue;
            }
            for &l in &ledgers {
                let columns = header_columns(sheet, r, height, l);
                let count = columns.iter().filter(|c| c.field.is_some()).count();
                if count < 2 {
                    continue;
                }
                // Two header rows only when the second adds names the
                // first alone (or the second alone) does not have.
                if height == 2 && (count <= single(r, l) || count <= single(r + 1, l)) {
                    continue;
                }
                let score = count * 10
                    + prefix_bonus(sheet, r + height, &columns, l)
                    + ledger_name_bonus(&sheet.name, l);
                if best
                    .as_ref()
                    .is_some_and(|(c, s, _)| (count, score) <= (*c, *s))
                {
                    continue;
                }
                let table = Table {
                    sheet: sheet.name.clone(),
                    ledger: l,
                    header_row: r as u32 + 1,
                    header_rows: height as u32,
                    first_data_row: (r + height) as u32 + 1,
                    last_row: sheet.rows.len() as u32,
                    columns,
                    score,
                };
                best = Some((count, score, table));
            }
        }
    }
    best.map(|(_, _, t)| t)
}

/// True when a data row repeats the header (a printed page header): at
/// least two, and half, of the mapped columns hold a name of their field.
/// Runs once per data row, so it stops as soon as the answer is known and
/// never folds a cell too long to be a header name.
pub fn repeats_header(sheet: &Sheet, row: usize, table: &Table) -> bool {
    let limit = header_text_limit(table.ledger);
    let mapped = table.columns.iter().filter(|c| c.field.is_some()).count();
    let (mut same, mut left) = (0, mapped);
    for c in table.columns.iter().filter(|c| c.field.is_some()) {
        left -= 1;
        if let Cell::Text(t) = sheet.cell(row, c.index) {
            let t = t.trim();
            if !t.is_empty()
                && t.len() <= limit
                && match_header(table.ledger, t).map(|f| f.key) == c.field.as_deref()
            {
                same += 1;
            }
        }
        if (same + left) * 2 < mapped {
            return false;
        }
    }
    same >= 2 && same * 2 >= mapped
}
