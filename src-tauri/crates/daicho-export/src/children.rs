//! The child tables in a ledger workbook: a readable summary column per
//! table in the ledger sheet (one line per row, dated lines first with the
//! date) and one sheet per table keyed by No., which the import reads back.

use std::collections::{BTreeMap, HashMap};

use daicho_core::domain::ledger::{parse_no, FieldDef, Ledger};
use daicho_core::domain::value::{FieldKind, Value};
use daicho_core::service::{child_tables, ChildTable, SAME_ROOT};
use daicho_core::{Daicho, Result};
use daicho_docs::{DocValue, LedgerColumn, LedgerKind};

use crate::mapping::doc_value;

/// One table's rows of every record, in order, as (record number, row).
pub(crate) struct TableRows {
    pub table: ChildTable,
    ledger: Ledger,
    pub rows: Vec<(String, BTreeMap<String, Value>)>,
    /// Row indexes by record number.
    by_no: HashMap<String, Vec<usize>>,
}

/// Where a table's summary goes in the ledger row.
pub(crate) fn summary_key(t: &ChildTable) -> String {
    format!("child:{}", t.key)
}

/// The rows of every child table of the ledger (同根障害 listed from both sides).
pub(crate) fn load(d: &Daicho, ledger: Ledger) -> Result<Vec<TableRows>> {
    let mut out = Vec::new();
    for table in child_tables(ledger) {
        let rows: Vec<(String, BTreeMap<String, Value>)> = if table.key == SAME_ROOT {
            let mut both = Vec::new();
            for (a, b) in d.same_root_pairs()? {
                both.push((a.clone(), b.clone()));
                both.push((b, a));
            }
            let seq = |no: &str| parse_no(no).map_or(0, |(_, s)| s);
            both.sort_by_key(|(a, b)| (seq(a), seq(b)));
            both.into_iter()
                .map(|(a, b)| (a, BTreeMap::from([("no".to_string(), Value::Text(b))])))
                .collect()
        } else {
            let def = daicho_core::service::child_def(ledger, table.key)?;
            d.all_children(def)?
                .into_iter()
                .map(|(no, r)| (no, r.fields))
                .collect()
        };
        let mut by_no: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, (no, _)) in rows.iter().enumerate() {
            by_no.entry(no.clone()).or_default().push(i);
        }
        out.push(TableRows {
            table,
            ledger,
            rows,
            by_no,
        });
    }
    Ok(out)
}

/// One row as a line: dated tables `2022/9/27 10:00 内容`; others
/// `内容（担当者: 梅澤 / 期限: 2022/11/30）`; 同根障害 just the number.
fn line(columns: &[FieldDef], row: &BTreeMap<String, Value>) -> String {
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

impl TableRows {
    /// The summary cell of a record: its rows, one line each.
    pub(crate) fn summary(&self, no: &str) -> DocValue {
        let Some(idx) = self.by_no.get(no) else {
            return DocValue::Empty;
        };
        let sep = if self.table.key == SAME_ROOT {
            ", "
        } else {
            "\n"
        };
        DocValue::Text(
            idx.iter()
                .map(|i| line(self.table.columns, &self.rows[*i].1))
                .collect::<Vec<_>>()
                .join(sep),
        )
    }

    /// The table's own sheet: the record's key column, then its columns.
    pub(crate) fn sheet(
        &self,
        key_label: &str,
    ) -> (Vec<LedgerColumn>, Vec<BTreeMap<String, DocValue>>) {
        let mut columns = vec![LedgerColumn::new(key_label, "@no", LedgerKind::Text)];
        columns.extend(
            self.table.columns.iter().map(|c| {
                LedgerColumn::new(c.label, c.key, crate::ledger_kind(self.ledger, c.kind))
            }),
        );
        let rows = self
            .rows
            .iter()
            .map(|(no, r)| {
                let mut m: BTreeMap<String, DocValue> =
                    r.iter().map(|(k, v)| (k.clone(), doc_value(v))).collect();
                m.insert("@no".into(), DocValue::Text(no.clone()));
                m
            })
            .collect();
        (columns, rows)
    }
}
