//! Release membership.

use rusqlite::{Connection, OptionalExtension};

use crate::domain::ledger::Ledger;
use crate::error::Result;

pub fn add_member(conn: &Connection, release_seq: i64, ledger: Ledger, seq: i64) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "INSERT OR IGNORE INTO release_members (release_seq, ledger, seq) VALUES (?1, ?2, ?3)",
        )?
        .execute(rusqlite::params![release_seq, ledger.key(), seq])?
        > 0)
}

pub fn remove_member(
    conn: &Connection,
    release_seq: i64,
    ledger: Ledger,
    seq: i64,
) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "DELETE FROM release_members WHERE release_seq = ?1 AND ledger = ?2 AND seq = ?3",
        )?
        .execute(rusqlite::params![release_seq, ledger.key(), seq])?
        > 0)
}

/// Members in number order: failures first, then changes.
pub fn members(conn: &Connection, release_seq: i64) -> Result<Vec<(Ledger, i64)>> {
    let mut st = conn.prepare_cached(
        "SELECT ledger, seq FROM release_members WHERE release_seq = ?1
         ORDER BY CASE ledger WHEN 'failure' THEN 0 ELSE 1 END, seq",
    )?;
    let rows = st.query_map([release_seq], |r| {
        let l: String = r.get(0)?;
        Ok((Ledger::from_key(&l).unwrap_or(Ledger::Failure), r.get(1)?))
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// The open (not completed, not deleted) release that holds a record, if any.
pub fn open_release_of(conn: &Connection, ledger: Ledger, seq: i64) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT r.version FROM release_members m JOIN releases r ON r.seq = m.release_seq
             WHERE m.ledger = ?1 AND m.seq = ?2 AND r.deleted_at IS NULL AND r.status <> 'リリース完了'
             LIMIT 1")?
.query_row(
            rusqlite::params![ledger.key(), seq],
            |r| r.get(0),
        )
        .optional()?)
}
