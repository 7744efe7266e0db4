//! Attachments of any record: content-addressed bytes (SHA-256) and the
//! per-record list of file names.

use rusqlite::{Connection, OptionalExtension};
use sha2::{Digest, Sha256};

use crate::domain::ledger::Ledger;
use crate::domain::record::Attachment;
use crate::error::Result;

/// Migration 8 computes the hashes of the older release evidence here.
pub const BACKFILL_MARKER: &str = "-- @backfill attachment hashes";

/// Lower-case hex SHA-256 of `data`.
pub fn sha256_hex(data: &[u8]) -> String {
    let digest = Sha256::digest(data);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn put_blob(conn: &Connection, sha: &str, data: &[u8]) -> Result<()> {
    conn.prepare_cached(
        "INSERT OR IGNORE INTO attachment_blobs (sha256, size, data) VALUES (?1, ?2, ?3)",
    )?
    .execute(rusqlite::params![sha, data.len() as i64, data])?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn insert(
    conn: &Connection,
    id: Option<i64>,
    ledger: Ledger,
    seq: i64,
    name: &str,
    data: &[u8],
    at: &str,
    by: &str,
    deleted_at: Option<&str>,
) -> Result<i64> {
    let sha = sha256_hex(data);
    put_blob(conn, &sha, data)?;
    conn.prepare_cached(
        "INSERT INTO record_attachments (id, ledger, seq, name, sha256, size, added_at, added_by, deleted_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(rusqlite::params![
        id,
        ledger.key(),
        seq,
        name,
        sha,
        data.len() as i64,
        at,
        by,
        deleted_at
    ])?;
    Ok(conn.last_insert_rowid())
}

/// Stores `data` (once per content) and lists it under the record.
pub fn add(
    conn: &Connection,
    ledger: Ledger,
    seq: i64,
    name: &str,
    data: &[u8],
    at: &str,
    by: &str,
) -> Result<i64> {
    insert(conn, None, ledger, seq, name, data, at, by, None)
}

const COLUMNS: &str = "id, name, size, sha256, added_at, added_by";

fn map(r: &rusqlite::Row<'_>) -> rusqlite::Result<Attachment> {
    Ok(Attachment {
        id: r.get(0)?,
        name: r.get(1)?,
        size: r.get(2)?,
        sha256: r.get(3)?,
        added_at: r.get(4)?,
        added_by: r.get(5)?,
    })
}

/// The record's files, in the order they were added.
pub fn list(conn: &Connection, ledger: Ledger, seq: i64) -> Result<Vec<Attachment>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM record_attachments
         WHERE ledger = ?1 AND seq = ?2 AND deleted_at IS NULL ORDER BY id"
    ))?;
    let rows = st.query_map(rusqlite::params![ledger.key(), seq], map)?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// Every live file of a ledger with its record's seq, in record order.
pub fn list_ledger(conn: &Connection, ledger: Ledger) -> Result<Vec<(i64, Attachment)>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {COLUMNS}, seq FROM record_attachments
         WHERE ledger = ?1 AND deleted_at IS NULL ORDER BY seq, id"
    ))?;
    let rows = st.query_map([ledger.key()], |r| Ok((r.get(6)?, map(r)?)))?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// One live file of the record and its bytes.
pub fn data(
    conn: &Connection,
    ledger: Ledger,
    seq: i64,
    id: i64,
) -> Result<Option<(Attachment, Vec<u8>)>> {
    let Some(a) = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM record_attachments
             WHERE id = ?1 AND ledger = ?2 AND seq = ?3 AND deleted_at IS NULL"
        ))?
        .query_row(rusqlite::params![id, ledger.key(), seq], map)
        .optional()?
    else {
        return Ok(None);
    };
    let bytes: Vec<u8> = conn
        .prepare_cached("SELECT data FROM attachment_blobs WHERE sha256 = ?1")?
        .query_row([&a.sha256], |r| r.get(0))?;
    Ok(Some((a, bytes)))
}

/// Marks the file removed; its bytes stay (the history names it).
pub fn delete(
    conn: &Connection,
    ledger: Ledger,
    seq: i64,
    id: i64,
    at: &str,
) -> Result<Option<Attachment>> {
    Ok(conn
        .prepare_cached(&format!(
            "UPDATE record_attachments SET deleted_at = ?4
             WHERE id = ?1 AND ledger = ?2 AND seq = ?3 AND deleted_at IS NULL
             RETURNING {COLUMNS}"
        ))?
        .query_row(rusqlite::params![id, ledger.key(), seq, at], map)
        .optional()?)
}

/// Migration 8: the release evidence of migration 1, with its hashes.
pub fn backfill(conn: &Connection) -> Result<()> {
    type Old = (i64, i64, String, Vec<u8>, String, String, Option<String>);
    let old: Vec<Old> = {
        let mut st = conn.prepare(
            "SELECT id, release_seq, name, data, added_at, added_by, deleted_at
             FROM attachments ORDER BY id",
        )?;
        let rows = st.query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        })?;
        rows.collect::<std::result::Result<_, _>>()?
    };
    for (id, seq, name, data, at, by, deleted) in old {
        insert(
            conn,
            Some(id),
            Ledger::Release,
            seq,
            &name,
            &data,
            &at,
            &by,
            deleted.as_deref(),
        )?;
    }
    Ok(())
}
