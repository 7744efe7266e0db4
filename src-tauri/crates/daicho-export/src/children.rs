//! The child tables in a ledger workbook: a readable summary column per
//! table in the ledger sheet (one line per row, dated lines first with the
//! date) and one sheet per table keyed by No., which the import reads back.
//! Both are filled record by record from the streamed ledger.

use std::collections::BTreeMap;

use daicho_core::domain::ledger::{FieldDef, Ledger};
use daicho_core::domain::record::{ChildRow, FieldKey};
use daicho_core::domain::value::{FieldKind, Value};
use daicho_core::service::{ChildTable, SAME_ROOT};
use daicho_docs::{DocValue, LedgerColumn, LedgerKind};

use crate::mapping::into_doc_value;

/// Where a table's summary goes in the ledger row.
pub(crate) fn summary_key(t: &ChildTable) -> String {
    format!("child:{}", t.key)
}

/// One row as a line: dated tables `2022/9/27 10:00 内容`; others
/// `内容（担当者: 梅澤 / 期限: 2022/11/30）`; 同根障害 just the number.
fn line(columns: &[FieldDef], row: &BTreeMap<FieldKey, Value>) -> String {
    let text = |c: &FieldDef| row.get(c.key).map(Value::display).unwrap_or_default();
    let Some(first) = columns.first() else {
        return String::new();
    };
    if first.kind == FieldKind::Date || columns.len() == 1 {
        return columns
            .iter()
            .map(text)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
    }
    let rest: Vec<String> = columns[1..]
        .iter()
        .filter(|c| !text(c).is_empty())
        .map(|c| format!("{}: {}", c.label, text(c)))
        .collect();
    if rest.is_empty() {
        text(first)
    } else {
        format!("{}（{}）", text(first), rest.join(" / "))
    }
}

/// The summary cell of a record: its rows of `t`, one line each.
pub(crate) fn summary(t: &ChildTable, rows: &[ChildRow]) -> DocValue {
    if rows.is_empty() {
        return DocValue::Empty;
    }
    let sep = if t.key == SAME_ROOT { ", " } else { "\n" };
    DocValue::Text(
        rows.iter()
            .map(|r| line(t.columns, &r.fields))
            .collect::<Vec<_>>()
            .join(sep),
    )
}

/// The columns of a table's own sheet: the record's key column, then its
/// columns.
pub(crate) fn sheet_columns(ledger: Ledger, t: &ChildTable) -> Vec<LedgerColumn> {
    let key_label = ledger.fields()[0].label;
    let mut columns = vec![LedgerColumn::new(key_label, "@no", LedgerKind::Text)];
    columns.extend(
        t.columns
            .iter()
            .map(|c| LedgerColumn::new(c.label, c.key, crate::ledger_kind(ledger, c.kind))),
    );
    columns
}

/// A row of a table's sheet into `out`: the record's number, then the
/// row's values (moved out of it) in column order.
pub(crate) fn sheet_row(out: &mut Vec<DocValue>, no: &str, t: &ChildTable, row: &mut ChildRow) {
    out.clear();
    out.push(DocValue::Text(no.to_string()));
    out.extend(t.columns.iter().map(|c| {
        row.fields
            .remove(c.key)
            .map_or(DocValue::Empty, into_doc_value)
    }));
}
