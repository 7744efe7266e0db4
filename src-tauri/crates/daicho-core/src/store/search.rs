//! The full-text index over all ledgers (see `domain::text` for the scheme).

use rusqlite::{Connection, OptionalExtension};

use super::history_codes::{subject_of, subject_or_new};
use super::search_check::{check, record_from_row, text_columns};
use super::{children, records};
use crate::domain::ledger::{FieldDef, Ledger};
use crate::domain::record::Record;
use crate::domain::text::{index_terms, TextQuery};
use crate::domain::value::{FieldKind, Value};
use crate::error::Result;

/// Where migration 12 rebuilds the index (see [`rebuild`]).
pub const REBUILD_MARKER: &str = "-- daicho:rebuild-search-index";

/// The searchable text of a record: its title, and its number, text fields
/// and child-table texts as the body.
pub fn record_text(conn: &Connection, rec: &Record, seq: i64) -> Result<(String, String)> {
    let (title, mut body) = own_text(rec);
    child_text(conn, rec.ledger, seq, &mut body)?;
    Ok((title, body.join("\n")))
}

/// Whether field `f` is part of the body.
pub(super) fn in_body(f: &FieldDef) -> bool {
    f.key != "title"
        && f.key != "updated_at"
        && matches!(
            f.kind,
            FieldKind::Text
                | FieldKind::LongText
                | FieldKind::Org
                | FieldKind::System
                | FieldKind::Person
                | FieldKind::Choice(_)
                | FieldKind::RecordNo
        )
}

/// The title and the body's parts from the record itself (no child rows).
pub(super) fn own_text(rec: &Record) -> (String, Vec<String>) {
    let ledger = rec.ledger;
    let mut body = vec![rec.no.clone()];
    for f in ledger.fields().iter().filter(|f| in_body(f)) {
        let v = rec.get(f.key);
        if !v.is_null() {
            body.push(v.display());
        }
    }
    let title = match ledger {
        Ledger::Release => format!("{} {}", rec.no, rec.text("title")),
        _ => rec.text("title").to_string(),
    };
    (title, body)
}

pub(super) fn child_text(
    conn: &Connection,
    ledger: Ledger,
    seq: i64,
    body: &mut Vec<String>,
) -> Result<()> {
    for c in ledger.children() {
        for row in children::list(conn, c, seq)? {
            for v in row.fields.values() {
                if let Value::Text(s) = v {
                    body.push(s.clone());
                }
            }
        }
    }
    Ok(())
}

/// The record `no` of `ledger` with its key (`seq`), or None when it is gone.
fn load_no(conn: &Connection, ledger: Ledger, no: &str) -> Result<Option<(i64, Record)>> {
    let Some(seq) = records::seq_of(conn, ledger, no)? else {
        return Ok(None);
    };
    Ok(records::load(conn, ledger, seq)?.map(|r| (seq, r)))
}

/// Like [`load_no`] with only the fields [`own_text`] reads decoded (the
/// check of many candidates).
fn load_text_no(conn: &Connection, ledger: Ledger, no: &str) -> Result<Option<(i64, Record)>> {
    let Some(seq) = records::seq_of(conn, ledger, no)? else {
        return Ok(None);
    };
    let cols = text_columns(ledger);
    let names: Vec<&str> = cols.iter().map(|f| f.key).collect();
    let sql = format!(
        "SELECT {} FROM {} WHERE seq = ?1",
        names.join(", "),
        records::table(ledger)
    );
    let mut st = conn.prepare_cached(&sql)?;
    let rec = st
        .query_row([seq], |r| record_from_row(ledger, seq, &cols, r, 0))
        .optional()?;
    Ok(rec.map(|r| (seq, r)))
}

/// Whether an index candidate is a hit of `q` (checked on its text when the
/// index cannot tell).
pub(crate) fn is_hit(
    conn: &Connection,
    q: &TextQuery,
    ledger: Ledger,
    no: &str,
    title_only: bool,
) -> Result<bool> {
    if !q.needs_check() {
        return Ok(true);
    }
    let Some((seq, rec)) = load_text_no(conn, ledger, no)? else {
        return Ok(false);
    };
    check(conn, q, &rec, seq, title_only)
}

/// Migration 12: fills the (new, empty) index from the records, keeping each
/// record's row number so the newest-first order stays.
pub fn rebuild(conn: &Connection) -> Result<()> {
    let docs: Vec<(i64, String, String)> = conn
        .prepare("SELECT id, ledger, record_no FROM search_docs ORDER BY id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<std::result::Result<_, _>>()?;
    for (id, key, no) in docs {
        let rec = match Ledger::from_key(&key) {
            Some(l) => load_no(conn, l, &no)?,
            None => None,
        };
        match rec {
            Some((seq, rec)) => {
                let (title, body) = record_text(conn, &rec, seq)?;
                insert_terms(conn, id, &title, &body)?;
            }
            None => {
                conn.prepare_cached("DELETE FROM search_docs WHERE id = ?1")?
                    .execute([id])?;
            }
        }
    }
    Ok(())
}

fn insert_terms(conn: &Connection, id: i64, title: &str, body: &str) -> Result<()> {
    conn.prepare_cached("INSERT INTO search_index (rowid, terms) VALUES (?1, ?2)")?
        .execute(rusqlite::params![id, index_terms(title, body)])?;
    Ok(())
}

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

/// Replaces the indexed text of one record. Its row in the index is
/// numbered as the record's subject in the history (migration 13): one
/// number per record, kept for good.
pub fn reindex(conn: &Connection, ledger: Ledger, no: &str, title: &str, body: &str) -> Result<()> {
    let id = match subject_of(conn, ledger.key(), no)? {
        Some(id) => {
            conn.prepare_cached("DELETE FROM search_index WHERE rowid = ?1")?
                .execute([id])?;
            id
        }
        None => subject_or_new(conn, ledger.key(), no)?,
    };
    insert_terms(conn, id, title, body)
}

/// Takes the record out of the index (its number stays: the history keeps
/// referring to it).
pub fn remove(conn: &Connection, ledger: Ledger, no: &str) -> Result<()> {
    if let Some(id) = subject_of(conn, ledger.key(), no)? {
        conn.prepare_cached("DELETE FROM search_index WHERE rowid = ?1")?
            .execute([id])?;
    }
    Ok(())
}

/// Records matching a query: title matches first, then matches elsewhere,
/// newest first within each group.
///
/// NOTE: we do not order by bm25: FTS5 must then score every match before the
/// LIMIT applies, which grows with the data (tens of ms at 100k records for a
/// common word). Walking the index by rowid stops after `limit` hits.
pub fn search(
    conn: &Connection,
    q: &TextQuery,
    ledger: Option<Ledger>,
    limit: i64,
) -> Result<Vec<(Ledger, String)>> {
    let mut out: Vec<(Ledger, String)> = Vec::new();
    for (title_only, expr) in [(true, &q.title_expr), (false, &q.any_expr)] {
        if out.len() as i64 >= limit {
            break;
        }
        // A ledger filter outside FTS5 could starve the LIMIT; over-fetch then.
        let fetch = if ledger.is_some() { limit * 4 } else { limit } + out.len() as i64;
        // Candidates the text check may drop: walk until `fetch` hits.
        let sql_limit = if q.needs_check() { -1 } else { fetch };
        let mut st = conn.prepare_cached(
            "SELECT d.ledger, d.record_no
             FROM search_index JOIN history_subjects d ON d.id = search_index.rowid
             WHERE search_index MATCH ?1 ORDER BY search_index.rowid DESC LIMIT ?2",
        )?;
        let mut rows = st.query(rusqlite::params![expr, sql_limit])?;
        let mut fetched = 0;
        while let Some(r) = rows.next()? {
            let key: String = r.get(0)?;
            let l = Ledger::from_key(&key).unwrap_or(Ledger::Incident);
            let no: String = r.get(1)?;
            if !is_hit(conn, q, l, &no, title_only)? {
                continue;
            }
            fetched += 1;
            if ledger.is_some_and(|x| x != l) || out.iter().any(|(ol, on)| *ol == l && *on == no) {
                if fetched >= fetch {
                    break;
                }
                continue;
            }
            out.push((l, no));
            if out.len() as i64 >= limit || fetched >= fetch {
                break;
            }
        }
    }
    Ok(out)
}
