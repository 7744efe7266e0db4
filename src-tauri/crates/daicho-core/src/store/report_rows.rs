//! What the reports read, in the narrowest form the figures need: live
//! records with only the columns a report uses (the status changes are
//! scanned in `status_scan.rs`).

use std::collections::BTreeMap;

use rusqlite::Connection;

use super::decode::from_storage;
use super::records::{assemble, columns, table};
use crate::domain::ledger::Ledger;
use crate::domain::record::Record;
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
        let mut fields = BTreeMap::new();
        for (i, c) in cols.iter().enumerate() {
            let v = from_storage(c.kind, row.get_ref(i + 1)?);
            if !v.is_null() {
                fields.insert(c.key.into(), v);
            }
        }
        f(assemble(ledger, seq, fields, None))?;
    }
    Ok(())
}
