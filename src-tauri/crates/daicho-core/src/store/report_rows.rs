//! What the reports read, in the narrowest form the figures need: live
//! records with only the columns a report uses (the status changes are
//! scanned in `status_scan.rs`).

use std::collections::BTreeMap;

use rusqlite::Connection;

use super::decode::from_storage;
use super::records::{assemble, columns, table};
use crate::domain::ledger::{ChildDef, FieldDef, Ledger};
use crate::domain::record::Record;
use crate::domain::value::Value;
use crate::error::Result;

/// Calls `f` with every live record of `ledger` in number order (releases by
/// version), holding only the fields named in `keys` (unknown keys are
/// ignored). The number is always set.
pub fn for_each_live_with(
    conn: &Connection,
    ledger: Ledger,
    keys: &[&str],
    f: impl FnMut(Record) -> Result<()>,
) -> Result<()> {
    for_each_live_where(conn, ledger, keys, "", &[], f)
}

/// [`for_each_live_with`] over the live records that also meet `filter`
/// (an SQL condition on the ledger's table, `AND`-ed, with `params`).
pub(crate) fn for_each_live_where(
    conn: &Connection,
    ledger: Ledger,
    keys: &[&str],
    filter: &str,
    params: &[&dyn rusqlite::ToSql],
    mut f: impl FnMut(Record) -> Result<()>,
) -> Result<()> {
    let mut cols: Vec<_> = columns(ledger).filter(|c| keys.contains(&c.key)).collect();
    if ledger == Ledger::Release && !cols.iter().any(|c| c.key == "version") {
        cols.extend(columns(ledger).filter(|c| c.key == "version"));
    }
    // In key order: each record's map is then built from sorted pairs, not
    // by inserting one field at a time (at 100k records that showed).
    cols.sort_by_key(|c| c.key);
    let mut list = vec!["seq"];
    list.extend(cols.iter().map(|c| c.key));
    let order = if ledger == Ledger::Release {
        "version, seq"
    } else {
        "seq"
    };
    let sql = format!(
        "SELECT {} FROM {} WHERE deleted_at IS NULL {filter} ORDER BY {order}",
        list.join(", "),
        table(ledger)
    );
    let mut st = conn.prepare(&sql)?;
    let mut rows = st.query(params)?;
    while let Some(row) = rows.next()? {
        let seq: i64 = row.get(0)?;
        let mut pairs = Vec::with_capacity(cols.len() + 1);
        for (i, c) in cols.iter().enumerate() {
            let v = from_storage(c.kind, row.get_ref(i + 1)?);
            if !v.is_null() {
                pairs.push((c.key.into(), v));
            }
        }
        f(assemble(ledger, seq, BTreeMap::from_iter(pairs), None))?;
    }
    Ok(())
}

/// Calls `f` with each row of the child table `def` whose parent record is
/// live, in no particular order: the values of the child's `keys`, then of
/// the parent's `parent_keys`, in the order asked (a key the table does not
/// have reads as empty).
pub fn for_each_child_with(
    conn: &Connection,
    def: &ChildDef,
    keys: &[&str],
    parent_keys: &[&str],
    mut f: impl FnMut(&[Value]) -> Result<()>,
) -> Result<()> {
    let pick = |alias: &str, field: Option<&FieldDef>| match field {
        Some(c) => (format!("{alias}.{}", c.key), Some(c.kind)),
        None => ("NULL".to_string(), None),
    };
    let mut list = Vec::new();
    for key in keys {
        list.push(pick("c", def.columns.iter().find(|c| c.key == *key)));
    }
    for key in parent_keys {
        list.push(pick("p", columns(def.parent).find(|c| c.key == *key)));
    }
    let sql = format!(
        "SELECT {} FROM {} c JOIN {} p ON p.seq = c.parent_seq WHERE p.deleted_at IS NULL",
        list.iter()
            .map(|(c, _)| c.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        super::children::table(def),
        table(def.parent),
    );
    let mut st = conn.prepare(&sql)?;
    let mut rows = st.query([])?;
    let mut values = vec![Value::Null; list.len()];
    while let Some(row) = rows.next()? {
        for (i, (_, kind)) in list.iter().enumerate() {
            values[i] = match kind {
                Some(kind) => from_storage(*kind, row.get_ref(i)?),
                None => Value::Null,
            };
        }
        f(&values)?;
    }
    Ok(())
}
