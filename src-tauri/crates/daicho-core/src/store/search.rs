//! The full-text index over all ledgers (see `domain::text` for the scheme).

use rusqlite::{Connection, OptionalExtension};

use crate::domain::ledger::Ledger;
use crate::domain::text::index_terms;
use crate::error::Result;

/// The queue of records whose index entry a bulk run will rebuild.
pub fn create_deferred(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS deferred_index (
             ledger TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (ledger, seq)
         ) WITHOUT ROWID",
    )?;
    Ok(())
}

pub fn drop_deferred(conn: &Connection) -> Result<()> {
    conn.execute_batch("DROP TABLE IF EXISTS temp.deferred_index")?;
    Ok(())
}

/// Queues record `seq` of `ledger` for [`take_deferred`].
pub fn defer(conn: &Connection, ledger: Ledger, seq: i64) -> Result<()> {
    conn.prepare_cached("INSERT OR IGNORE INTO temp.deferred_index (ledger, seq) VALUES (?1, ?2)")?
        .execute(rusqlite::params![ledger.key(), seq])?;
    Ok(())
}

/// The queued records, emptying the queue.
pub fn take_deferred(conn: &Connection) -> Result<Vec<(Ledger, i64)>> {
    let mut st = conn.prepare_cached("SELECT ledger, seq FROM temp.deferred_index")?;
    let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (key, seq) = row?;
        if let Some(l) = Ledger::from_key(&key) {
            out.push((l, seq));
        }
    }
    conn.execute_batch("DELETE FROM temp.deferred_index")?;
    Ok(out)
}

/// Replaces the indexed text of one record.
pub fn reindex(conn: &Connection, ledger: Ledger, no: &str, title: &str, body: &str) -> Result<()> {
    let id: i64 = match conn
        .prepare_cached("SELECT id FROM search_docs WHERE ledger = ?1 AND record_no = ?2")?
        .query_row([ledger.key(), no], |r| r.get(0))
        .optional()?
    {
        Some(id) => {
            conn.prepare_cached("DELETE FROM search_index WHERE rowid = ?1")?
                .execute([id])?;
            id
        }
        None => {
            conn.prepare_cached("INSERT INTO search_docs (ledger, record_no) VALUES (?1, ?2)")?
                .execute([ledger.key(), no])?;
            conn.last_insert_rowid()
        }
    };
    conn.prepare_cached("INSERT INTO search_index (rowid, title, body) VALUES (?1, ?2, ?3)")?
        .execute(rusqlite::params![id, index_terms(title), index_terms(body)])?;
    Ok(())
}

pub fn remove(conn: &Connection, ledger: Ledger, no: &str) -> Result<()> {
    if let Some(id) = conn
        .prepare_cached("SELECT id FROM search_docs WHERE ledger = ?1 AND record_no = ?2")?
        .query_row([ledger.key(), no], |r| r.get::<_, i64>(0))
        .optional()?
    {
        conn.prepare_cached("DELETE FROM search_index WHERE rowid = ?1")?
            .execute([id])?;
        conn.prepare_cached("DELETE FROM search_docs WHERE id = ?1")?
            .execute([id])?;
    }
    Ok(())
}

/// Records matching an FTS5 expression: title matches first, then matches
/// elsewhere, newest first within each group.
///
/// NOTE: we do not order by bm25: FTS5 must then score every match before the
/// LIMIT applies, which grows with the data (tens of ms at 100k records for a
/// common word). Walking the index by rowid stops after `limit` rows.
pub fn search(
    conn: &Connection,
    match_expr: &str,
    ledger: Option<Ledger>,
    limit: i64,
) -> Result<Vec<(Ledger, String)>> {
    let mut out: Vec<(Ledger, String)> = Vec::new();
    for expr in [format!("title : ({match_expr})"), match_expr.to_string()] {
        if out.len() as i64 >= limit {
            break;
        }
        // A ledger filter outside FTS5 could starve the LIMIT; over-fetch then.
        let fetch = if ledger.is_some() { limit * 4 } else { limit } + out.len() as i64;
        let mut st = conn.prepare_cached(
            "SELECT d.ledger, d.record_no
             FROM search_index JOIN search_docs d ON d.id = search_index.rowid
             WHERE search_index MATCH ?1 ORDER BY search_index.rowid DESC LIMIT ?2",
        )?;
        let rows = st.query_map(rusqlite::params![expr, fetch], |r| {
            let l: String = r.get(0)?;
            Ok((
                Ledger::from_key(&l).unwrap_or(Ledger::Incident),
                r.get::<_, String>(1)?,
            ))
        })?;
        for row in rows {
            let (l, no) = row?;
            if ledger.is_some_and(|x| x != l) || out.iter().any(|(ol, on)| *ol == l && *on == no) {
                continue;
            }
            out.push((l, no));
            if out.len() as i64 >= limit {
                break;
            }
        }
    }
    Ok(out)
}
