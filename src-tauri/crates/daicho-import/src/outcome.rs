//! What preparing and importing a file found: problems pointing at cells,
//! values Daicho does not know yet, and the outcome of a dry run or import.

use daicho_core::domain::ledger::Ledger;
use daicho_core::domain::master::Master;
use serde::Serialize;

use crate::{Inspection, RowKey, Table};

/// One problem, pointing at the cell the user sees.
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    pub sheet: String,
    /// 1-based row, when the problem is about a row.
    pub row: Option<u32>,
    /// Column letter, when the problem is about one cell.
    pub column: Option<String>,
    /// The column's header in the file, or the field's label.
    pub header: Option<String>,
    pub value: String,
    pub reason: String,
}

/// What an unknown value would need.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnknownKind {
    /// Not a status of the ledger: map it (`--map 旧=新`).
    Status,
    /// Not in a master list: map it, or create it (`--create-masters`).
    Master(Master),
}

/// A status or master value Daicho does not know, with the rows using it.
#[derive(Debug, Clone, Serialize)]
pub struct UnknownValue {
    /// The field's label.
    pub field: String,
    pub kind: UnknownKind,
    pub value: String,
    pub rows: Vec<u32>,
}

/// What parsing every data row found: each row's key (the rows themselves
/// are parsed again as they are imported), problems and unknown values.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub inspection: Inspection,
    /// One entry per data row, in file order.
    pub keys: Vec<RowKey>,
    /// Rows left out as notes, totals or a repeated header (blank rows are
    /// left out silently).
    pub skipped: Vec<u32>,
    pub problems: Vec<Problem>,
    pub unknown: Vec<UnknownValue>,
}

/// The result of a dry run or an import.
#[derive(Debug, Clone, Serialize)]
pub struct ImportOutcome {
    pub file_name: String,
    pub sheet: String,
    pub ledger: Ledger,
    pub table: Table,
    /// Data rows read.
    pub rows: usize,
    pub created: Vec<String>,
    pub updated: Vec<String>,
    pub unchanged: usize,
    pub skipped: Vec<u32>,
    pub problems: Vec<Problem>,
    /// Status regressions and updates to deleted records let through by
    /// `update_existing` (on a dry run: that would be).
    pub overrides: Vec<Problem>,
    pub unknown: Vec<UnknownValue>,
    /// Master values added (or, on a dry run, that would be added).
    pub masters_created: Vec<(Master, String)>,
    pub dry_run: bool,
    /// True when the rows were written.
    pub committed: bool,
}

/// A short text for an unknown value's remedy (for tables and the wizard).
pub fn remedy(u: &UnknownValue) -> String {
    match u.kind {
        UnknownKind::Status => format!(
            "ステータスにありません。--map {}=<ステータス> で置き換えてください",
            u.value
        ),
        UnknownKind::Master(m) => format!(
            "{}マスタにありません。--create-masters で追加するか --map {}=<登録名> で置き換えてください",
            m.label(),
            u.value
        ),
    }
}
