//! Ledger rows: numbering, insert, load, update, soft delete.
//!
//! Column names are field keys from `domain::ledger`; SQL is built only from
//! those static keys, never from user input.

use std::collections::BTreeMap;

use rusqlite::{params_from_iter, Connection, OptionalExtension};

use super::decode::from_storage;
use crate::domain::ledger::{format_no, parse_no, FieldDef, Ledger};
use crate::domain::record::{FieldKey, Record};
use crate::domain::value::Value;
use crate::error::{Error, Result};

pub fn table(ledger: Ledger) -> &'static str {
    match ledger {
        Ledger::Incident => "incidents",
        Ledger::Failure => "failures",
        Ledger::Change => "changes",
        Ledger::Release => "releases",
    }
}

/// The stored columns of a ledger (every field but the derived `no`).
pub fn columns(ledger: Ledger) -> impl Iterator<Item = &'static FieldDef> {
    ledger.fields().iter().filter(|f| f.key != "no")
}

pub(crate) fn select_list(ledger: Ledger) -> String {
    let mut cols: Vec<String> = vec!["seq".into()];
    cols.extend(columns(ledger).map(|f| f.key.to_string()));
    cols.push("deleted_at".into());
    cols.join(", ")
}

pub(crate) fn row_to_record(ledger: Ledger, row: &rusqlite::Row<'_>) -> rusqlite::Result<Record> {
    let seq: i64 = row.get(0)?;
    let mut fields = BTreeMap::new();
    let mut i = 1;
    for f in columns(ledger) {
        let v = from_storage(f.kind, row.get_ref(i)?);
        if !v.is_null() {
            fields.insert(f.key.into(), v);
        }
        i += 1;
    }
    let deleted_at: Option<String> = row.get(i)?;
    Ok(assemble(ledger, seq, fields, deleted_at))
}

/// A record from its stored fields: numbered by `seq` (releases by
/// version), the number also set as the `no` field.
pub(crate) fn assemble(
    ledger: Ledger,
    seq: i64,
    mut fields: BTreeMap<FieldKey, Value>,
    deleted_at: Option<String>,
) -> Record {
    let no = match ledger {
        Ledger::Release => fields
            .get("version")
            .map(|v| v.display())
            .unwrap_or_default(),
        _ => format_no(ledger, seq),
    };
    if ledger != Ledger::Release {
        fields.insert("no".into(), Value::Text(no.clone()));
    }
    Record {
        ledger,
        no,
        fields,
        deleted_at,
    }
}

/// Issues the next number of a ledger: one after the highest ever issued.
/// Must run inside the caller's write transaction.
pub fn next_seq(conn: &Connection, ledger: Ledger) -> Result<i64> {
    let seq: i64 = conn
        .prepare_cached(
            "UPDATE counters SET last_seq = last_seq + 1 WHERE ledger = ?1 RETURNING last_seq",
        )?
        .query_row([ledger.key()], |r| r.get(0))?;
    Ok(seq)
}

/// Internal row key for a new release (releases are numbered by version).
pub fn next_release_seq(conn: &Connection) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT COALESCE(MAX(seq), 0) + 1 FROM releases")?
        .query_row([], |r| r.get(0))?)
}

/// Raises the counter so numbering continues after an imported number.
pub fn raise_counter(conn: &Connection, ledger: Ledger, seq: i64) -> Result<()> {
    conn.prepare_cached("UPDATE counters SET last_seq = MAX(last_seq, ?2) WHERE ledger = ?1")?
        .execute(rusqlite::params![ledger.key(), seq])?;
    Ok(())
}

/// Internal key of a record: `seq` for I/S/C numbers, the row of a version.
pub fn seq_of(conn: &Connection, ledger: Ledger, no: &str) -> Result<Option<i64>> {
    match ledger {
        Ledger::Release => Ok(conn
            .prepare_cached("SELECT seq FROM releases WHERE version = ?1")?
            .query_row([no.trim()], |r| r.get(0))
            .optional()?),
        _ => Ok(parse_no(no).filter(|(l, _)| *l == ledger).map(|(_, s)| s)),
    }
}

pub fn insert(
    conn: &Connection,
    ledger: Ledger,
    seq: i64,
    fields: &BTreeMap<String, Value>,
    now: &str,
) -> Result<()> {
    let mut names = vec!["seq".to_string(), "created_at".into(), "updated_at".into()];
    let mut values: Vec<Option<String>> =
        vec![Some(seq.to_string()), Some(now.into()), Some(now.into())];
    for f in columns(ledger) {
        if f.key == "updated_at" {
            continue;
        }
        if let Some(v) = fields.get(f.key) {
            names.push(f.key.into());
            values.push(v.storage_text());
        }
    }
    let placeholders: Vec<String> = (1..=names.len()).map(|i| format!("?{i}")).collect();
    let sql = format!(
        "INSERT INTO {} ({}) VALUES ({})",
        table(ledger),
        names.join(", "),
        placeholders.join(", ")
    );
    conn.prepare_cached(&sql)?
        .execute(params_from_iter(values.iter()))?;
    Ok(())
}

pub fn load(conn: &Connection, ledger: Ledger, seq: i64) -> Result<Option<Record>> {
    let sql = format!(
        "SELECT {} FROM {} WHERE seq = ?1",
        select_list(ledger),
        table(ledger)
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([seq], |r| row_to_record(ledger, r))
        .optional()?)
}

/// Every live (not deleted) record of a ledger, in number order (releases
/// by version).
pub fn all_live(conn: &Connection, ledger: Ledger) -> Result<Vec<Record>> {
    let mut out = Vec::new();
    for_each_live(conn, ledger, |r| {
        out.push(r);
        Ok(())
    })?;
    Ok(out)
}

/// Calls `f` with every live record of a ledger, in number order (releases
/// by version), one at a time: the ledger is never held in memory.
pub fn for_each_live(
    conn: &Connection,
    ledger: Ledger,
    mut f: impl FnMut(Record) -> Result<()>,
) -> Result<()> {
    let order = if ledger == Ledger::Release {
        "version, seq"
    } else {
        "seq"
    };
    let sql = format!(
        "SELECT {} FROM {} WHERE deleted_at IS NULL ORDER BY {order}",
        select_list(ledger),
        table(ledger)
    );
    let mut st = conn.prepare(&sql)?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        f(row_to_record(ledger, r)?)?;
    }
    Ok(())
}

/// Loads a live (not deleted) record or fails with a message naming it.
pub fn load_live(conn: &Connection, ledger: Ledger, no: &str) -> Result<(i64, Record)> {
    let missing = || {
        Error::not_found(format!(
            "{} に {} はありません。",
            ledger.label(),
            no.trim()
        ))
    };
    let seq = seq_of(conn, ledger, no)?.ok_or_else(missing)?;
    let rec = load(conn, ledger, seq)?.ok_or_else(missing)?;
    if rec.deleted_at.is_some() {
        return Err(Error::not_found(format!("{} は削除されています。", rec.no)));
    }
    Ok((seq, rec))
}

/// Writes the given columns of one row and bumps 更新日時.
pub fn update(
    conn: &Connection,
    ledger: Ledger,
    seq: i64,
    changes: &BTreeMap<String, Value>,
    now: &str,
) -> Result<()> {
    let mut sets = vec!["updated_at = ?1".to_string()];
    let mut values: Vec<Option<String>> = vec![Some(now.into())];
    for f in columns(ledger) {
        if let Some(v) = changes.get(f.key) {
            if f.key == "updated_at" {
                continue;
            }
            values.push(v.storage_text());
            sets.push(format!("{} = ?{}", f.key, values.len()));
        }
    }
    values.push(Some(seq.to_string()));
    let sql = format!(
        "UPDATE {} SET {} WHERE seq = ?{}",
        table(ledger),
        sets.join(", "),
        values.len()
    );
    conn.prepare_cached(&sql)?
        .execute(params_from_iter(values.iter()))?;
    Ok(())
}

pub fn mark_deleted(conn: &Connection, ledger: Ledger, seq: i64, now: &str) -> Result<()> {
    let sql = format!(
        "UPDATE {} SET deleted_at = ?1, updated_at = ?1 WHERE seq = ?2",
        table(ledger)
    );
    conn.prepare_cached(&sql)?
        .execute(rusqlite::params![now, seq])?;
    Ok(())
}

/// Live incidents whose 転記先No. is one of `nos`.
pub fn incidents_transferred_to(conn: &Connection, no: &str) -> Result<Vec<i64>> {
    let mut st = conn.prepare_cached(
        "SELECT seq FROM incidents WHERE transfer_no = ?1 AND deleted_at IS NULL ORDER BY seq",
    )?;
    let rows = st.query_map([no], |r| r.get(0))?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// Count of live records per status, for the home screen.
/// Live records per status, for the given statuses only: a range of the
/// status index, so the (many) closed records are never read.
pub fn count_in_statuses(
    conn: &Connection,
    ledger: Ledger,
    statuses: &[&str],
) -> Result<Vec<(String, i64)>> {
    if statuses.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT status, COUNT(*) FROM {} WHERE status IN ({}) AND deleted_at IS NULL GROUP BY status",
        table(ledger),
        vec!["?"; statuses.len()].join(", ")
    );
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st.query_map(params_from_iter(statuses), |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}
