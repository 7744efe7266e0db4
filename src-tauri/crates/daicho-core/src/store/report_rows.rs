//! What the reports read, in the narrowest form the figures need: live
//! records with only the columns a report uses, status changes streamed as
//! borrowed rows, the stamped dates of actions that may have been
//! back-dated, and every row of one child table with its parent.

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
                fields.insert(c.key.to_string(), v);
            }
        }
        f(assemble(ledger, seq, fields, None))?;
    }
    Ok(())
}

/// One status change as stored, borrowed from the row being read.
pub struct StatusRow<'a> {
    pub no: &'a str,
    pub old: Option<&'a str>,
    pub new: Option<&'a str>,
    pub actor: &'a str,
    pub at: &'a str,
    pub action: &'a str,
}

fn text<'a>(row: &'a rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Option<&'a str>> {
    row.get_ref(i)?.as_str_or_null().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, e.into())
    })
}

/// Calls `f` with every status change of `ledger`, in history order, without
/// copying the row.
pub fn for_each_status_change(
    conn: &Connection,
    ledger: Ledger,
    mut f: impl FnMut(StatusRow<'_>),
) -> Result<()> {
    let mut st = conn.prepare_cached(
        "SELECT record_no, old_value, new_value, actor, at, action FROM status_changes
         WHERE ledger = ?1 AND field = 'status' AND at >= '1900-01-01' AND at < '9999-12-31'
         ORDER BY id",
    )?;
    let mut rows = st.query([ledger.key()])?;
    while let Some(row) = rows.next()? {
        f(StatusRow {
            no: text(row, 0)?.unwrap_or_default(),
            old: text(row, 1)?,
            new: text(row, 2)?,
            actor: text(row, 3)?.unwrap_or_default(),
            at: text(row, 4)?.unwrap_or_default(),
            action: text(row, 5)?.unwrap_or_default(),
        });
    }
    Ok(())
}

/// The date an action shows for its day (`2026/11/3`), built from `at`.
const DAY_OF_AT: &str =
    "CAST(substr(at, 1, 4) AS INTEGER) || '/' || CAST(substr(at, 6, 2) AS INTEGER)
     || '/' || CAST(substr(at, 9, 2) AS INTEGER)";

/// Stamp rows (`fields`, e.g. クローズ日) of the actions of `ledger` that
/// stamped some date other than the day they were entered: every stamp row
/// of such an action `(record, at)`, as `(record_no, at, value)`, ordered by
/// the position of its field in `fields`, then history order. Actions whose
/// stamps all show their own day are left out (their dates change nothing).
pub fn stamps_of_other_days(
    conn: &Connection,
    ledger: Ledger,
    fields: &[&str],
) -> Result<Vec<(String, String, String)>> {
    if fields.is_empty() {
        return Ok(Vec::new());
    }
    let list: Vec<String> = (0..fields.len()).map(|i| format!("?{}", i + 2)).collect();
    let list = list.join(", ");
    let order: Vec<String> = (0..fields.len())
        .map(|i| format!("WHEN ?{} THEN {i}", i + 2))
        .collect();
    let sql = format!(
        "SELECT record_no, at, new_value FROM status_changes
         WHERE ledger = ?1 AND field IN ({list}) AND new_value IS NOT NULL
           AND at >= '1900-01-01' AND at < '9999-12-31'
           AND (record_no, at) IN (
             SELECT record_no, at FROM status_changes
             WHERE ledger = ?1 AND field IN ({list}) AND new_value IS NOT NULL
               AND new_value <> {DAY_OF_AT})
         ORDER BY CASE field {} END, id",
        order.join(" ")
    );
    let mut params: Vec<&str> = vec![ledger.key()];
    params.extend_from_slice(fields);
    let mut st = conn.prepare(&sql)?;
    let rows = st.query_map(rusqlite::params_from_iter(params), |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}
