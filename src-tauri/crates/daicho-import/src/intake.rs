//! A filled インシデント起票用シート — the intake form Daicho hands out
//! (`daicho doc --blank --kind インシデント起票用シート --format xlsx`) or a
//! customer's copy of it — read as a one-row table of the インシデント台帳,
//! so the import and its wizard raise the incident from it like any ledger
//! row. A form sheet is one whose first rows hold the form's title; each
//! field's value is the cell right of its label (right of the label's merged
//! range, where the label is merged).

use daicho_core::domain::ledger::Ledger;
use daicho_core::domain::value::nfkc;

use crate::read::{Cell, Sheet};

/// The form's title, as the template prints it.
pub const INTAKE_TITLE: &str = "インシデント起票用シート";

/// Labels the form prints differently from the ledger.
const FORM_LABELS: &[(&str, &str)] = &[("no", "インシデント台帳No.")];

/// Replaces each intake-form sheet by its one-row table; other sheets stay.
pub(crate) fn tabulate(sheets: Vec<Sheet>) -> Vec<Sheet> {
    sheets
        .into_iter()
        .map(|s| as_table(&s).unwrap_or(s))
        .collect()
}

fn text_of(cell: &Cell) -> String {
    nfkc(cell.text().trim())
}

/// (row, column) of the first cell holding `label`.
fn find(sheet: &Sheet, label: &str) -> Option<(usize, usize)> {
    let label = nfkc(label);
    sheet
        .rows
        .iter()
        .enumerate()
        .find_map(|(r, row)| row.iter().position(|c| text_of(c) == label).map(|c| (r, c)))
}

/// The column right of the cell (of its merged range, when merged).
fn value_column(sheet: &Sheet, r: usize, c: usize) -> usize {
    sheet
        .merges
        .iter()
        .find(|m| {
            (m.first_row as usize..=m.last_row as usize).contains(&r)
                && (m.first_col as usize..=m.last_col as usize).contains(&c)
        })
        .map_or(c + 1, |m| m.last_col as usize + 1)
}

fn as_table(sheet: &Sheet) -> Option<Sheet> {
    let titled = sheet
        .rows
        .iter()
        .take(6)
        .flatten()
        .any(|c| text_of(c) == INTAKE_TITLE);
    if !titled {
        return None;
    }
    let mut header = Vec::new();
    let mut values = Vec::new();
    for f in Ledger::Incident.fields() {
        if f.system && f.key != "no" {
            continue;
        }
        let label = FORM_LABELS
            .iter()
            .find(|(k, _)| *k == f.key)
            .map_or(f.label, |(_, l)| *l);
        let Some((r, c)) = find(sheet, label) else {
            continue;
        };
        let value = sheet.cell(r, value_column(sheet, r, c)).clone();
        header.push(Cell::Text(f.label.to_string()));
        values.push(value);
    }
    // The form has at least its required fields; fewer is another sheet
    // that merely mentions the title.
    (header.len() >= 5).then(|| Sheet {
        name: sheet.name.clone(),
        rows: vec![header, values],
        merges: Vec::new(),
    })
}
