//! What the reports read, in the narrowest form the figures need: live
//! records with only the columns a report uses, status changes streamed as
//! borrowed rows, the stamped dates of actions that may have been
//! back-dated, and every row of one child table with its parent.

use std::collections::BTreeMap;

use rusqlite::Connection;

use super::decode::from_storage;
use super::records::{assemble, columns, table};
use super::status_codes::{code_of, seconds, Texts, Times};
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

/// Calls `f` with every status change of `ledger`, in history order, without
/// copying the row.
pub fn for_each_status_change(
    conn: &Connection,
    ledger: Ledger,
    mut f: impl FnMut(StatusRow<'_>),
) -> Result<()> {
    let texts = Texts::load(conn)?;
    let mut times = Times::new();
    let (Some(l), Some(status)) = (code_of(conn, ledger.key())?, code_of(conn, "status")?) else {
        return Ok(());
    };
    let mut st = conn.prepare_cached(
        "SELECT record, old_value, new_value, actor, at, action FROM status_changes
         WHERE ledger = ?1 AND field = ?2 AND at >= ?3 AND at < ?4
         ORDER BY id",
    )?;
    let mut rows = st.query([l, status, seconds(FIRST)?, seconds(LAST)?])?;
    let mut no = String::new();
    while let Some(row) = rows.next()? {
        f(StatusRow {
            no: texts.record_no(ledger, row.get(0)?, &mut no),
            old: texts.opt(row.get(1)?),
            new: texts.opt(row.get(2)?),
            actor: texts.get(row.get(3)?),
            at: times.at(row.get(4)?),
            action: texts.get(row.get(5)?),
        });
    }
    Ok(())
}

/// The instants the reports read changes between (as the history did).
const FIRST: &str = "1900-01-01";
const LAST: &str = "9999-12-31";

/// The date an action shows for its day (`2026/11/3`), built from `at`.
const DAY_OF_AT: &str = "CAST(strftime('%Y', at, 'unixepoch') AS INTEGER)
     || '/' || CAST(strftime('%m', at, 'unixepoch') AS INTEGER)
     || '/' || CAST(strftime('%d', at, 'unixepoch') AS INTEGER)";

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
    let Some(l) = code_of(conn, ledger.key())? else {
        return Ok(Vec::new());
    };
    // The fields' codes with their positions in `fields`.
    let (mut list, mut codes) = (Vec::new(), Vec::new());
    for (i, field) in fields.iter().enumerate() {
        if let Some(code) = code_of(conn, field)? {
            list.push(code.to_string());
            codes.push(format!("WHEN {code} THEN {i}"));
        }
    }
    if codes.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "WITH s AS (
           SELECT record, at, field, id, t.text AS value
           FROM status_changes JOIN status_texts t ON t.code = new_value
           WHERE ledger = ?1 AND field IN ({list})
             AND at >= ?2 AND at < ?3)
         SELECT record, at, value FROM s
         WHERE (record, at) IN (SELECT record, at FROM s WHERE value <> {DAY_OF_AT})
         ORDER BY CASE field {codes} END, id",
        list = list.join(", "),
        codes = codes.join(" ")
    );
    let texts = Texts::load(conn)?;
    let mut times = Times::new();
    let mut no = String::new();
    let mut st = conn.prepare(&sql)?;
    let mut rows = st.query([l, seconds(FIRST)?, seconds(LAST)?])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push((
            texts.record_no(ledger, r.get(0)?, &mut no).to_string(),
            times.at(r.get(1)?).to_string(),
            r.get(2)?,
        ));
    }
    Ok(out)
}
