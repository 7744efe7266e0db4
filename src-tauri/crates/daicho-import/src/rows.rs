//! One data row of the ledger's table parsed into an import row: the
//! values of its mapped cells, its key, and the problems of its cells.
//! [`crate::prepare`] runs it over every row once to find problems and
//! unknown values; [`crate::import`] runs it again row by row as the core
//! takes the rows, so parsed rows are never all held at once.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use daicho_core::domain::ledger::{parse_no, FieldDef};
use daicho_core::service::ImportRow;
use daicho_core::Result;
use serde::Serialize;

use crate::read::{Sheet, Workbook};
use crate::table::{self, ColumnMapping, Table};
use crate::{canonical_key, key_field, no_table, values, Problem, ValueMap};

/// Where a data row is and the record it names (for child rows and messages).
#[derive(Debug, Clone, Serialize)]
pub struct RowKey {
    /// 1-based row in the file.
    pub row: u32,
    /// The row's number (I-0001) or a release's version, when it has one.
    pub no: Option<String>,
    /// 起票日, which dates a summary column's lines that lack a year.
    pub raised_on: Option<NaiveDate>,
}

pub(crate) struct ParsedRow {
    pub key: RowKey,
    pub import: ImportRow,
    pub problems: Vec<Problem>,
}

pub(crate) enum Parsed {
    /// No mapped cell filled: left out silently.
    Blank,
    /// A note, a total or a repeated header (1-based row).
    Skipped(u32),
    Row(ParsedRow),
}

pub(crate) struct RowParser<'a> {
    sheet: &'a Sheet,
    table: &'a Table,
    map: &'a ValueMap,
    mapped: Vec<(&'a ColumnMapping, &'static FieldDef)>,
    key_col: Option<usize>,
}

impl<'a> RowParser<'a> {
    pub fn new(wb: &'a Workbook, table: &'a Table, map: &'a ValueMap) -> Result<RowParser<'a>> {
        let ledger = table.ledger;
        let sheet = wb
            .sheets
            .iter()
            .find(|s| s.name == table.sheet)
            .ok_or_else(|| no_table(&table.sheet))?;
        let mapped = table
            .columns
            .iter()
            .filter_map(|c| Some((c, ledger.field(c.field.as_deref()?)?)))
            .collect();
        let key_col = table.column_of(key_field(ledger)).map(|c| c.index);
        Ok(RowParser {
            sheet,
            table,
            map,
            mapped,
            key_col,
        })
    }

    /// The 0-based indexes of the rows below the header.
    pub fn data_rows(&self) -> std::ops::Range<usize> {
        (self.table.first_data_row as usize - 1)..self.sheet.rows.len()
    }

    /// Parses 0-based row `r`.
    pub fn parse(&self, r: usize) -> Parsed {
        let (sheet, ledger) = (self.sheet, self.table.ledger);
        let row_no = r as u32 + 1;
        let filled = self
            .mapped
            .iter()
            .filter(|(c, _)| !sheet.cell(r, c.index).is_empty())
            .count();
        if filled == 0 {
            return Parsed::Blank;
        }
        let key_text = self
            .key_col
            .map(|c| sheet.cell(r, c).text())
            .unwrap_or_default();
        // One filled cell is a note (※ …), a total or a pre-numbered empty
        // row, never a record: every ledger needs more than one field. A
        // row numbered like a record is one, not a repeated header.
        let numbered = parse_no(&key_text).is_some_and(|(l, _)| l == ledger);
        if filled < 2 || (!numbered && table::repeats_header(sheet, r, self.table)) {
            return Parsed::Skipped(row_no);
        }
        let no = (!key_text.is_empty()).then(|| canonical_key(ledger, &key_text));
        let mut import = ImportRow {
            source: format!("{}!{}", sheet.name, row_no),
            no: no.clone(),
            fields: BTreeMap::new(),
        };
        let mut problems = Vec::new();
        for (col, def) in &self.mapped {
            // A release's version stays in the fields too: it is required.
            if def.key == "no" || def.key == "updated_at" {
                continue;
            }
            let cell = sheet.cell(r, col.index);
            match values::parse_cell(def, cell, self.map) {
                Ok(v) if v.is_null() && def.key == "status" => {}
                Ok(v) => {
                    import.fields.insert(def.key.to_string(), v);
                }
                Err(reason) => problems.push(Problem {
                    sheet: sheet.name.clone(),
                    row: Some(row_no),
                    column: Some(col.column.clone()),
                    header: Some(col.header.clone()),
                    value: cell.text(),
                    reason,
                }),
            }
        }
        let raised_on = import
            .fields
            .get("raised_on")
            .and_then(daicho_core::Value::as_date);
        Parsed::Row(ParsedRow {
            key: RowKey {
                row: row_no,
                no,
                raised_on,
            },
            import,
            problems,
        })
    }
}
