//! The hash chain of the history: each row's `hash` is the SHA-256 (hex) of
//! the previous row's hash and the row's own content, so editing, deleting
//! or reordering a row breaks every hash after it. The last hash (the head)
//! is printed by `daicho verify` and the monthly report; a copy kept
//! elsewhere also reveals rows cut off the end.

use rusqlite::Connection;
use sha2::{Digest, Sha256};

use crate::error::Result;

/// Marker in a migration where the existing rows get their hashes.
pub const BACKFILL_MARKER: &str = "-- @backfill history hashes";

/// The content of one history row, in column order.
pub struct Row<'a> {
    pub id: i64,
    pub ledger: &'a str,
    pub record_no: &'a str,
    pub field: &'a str,
    pub old: Option<&'a str>,
    pub new: Option<&'a str>,
    pub actor: &'a str,
    pub at: &'a str,
    pub action: &'a str,
}

/// `sha256(prev || content)`, content as a JSON array (unambiguous).
pub fn hash(prev: &str, r: &Row<'_>) -> String {
    // A tuple serialises exactly as `json!([..])` does, without building a
    // `Value` first.
    let content = (
        r.id,
        r.ledger,
        r.record_no,
        r.field,
        r.old,
        r.new,
        r.actor,
        r.at,
        r.action,
    );
    let mut h = Sha256::new();
    h.update(prev.as_bytes());
    h.update(b"\n");
    h.update(serde_json::to_vec(&content).expect("strings serialise"));
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(64);
    for b in h.finalize() {
        out.push(HEX[(b >> 4) as usize] as char);
        out.push(HEX[(b & 15) as usize] as char);
    }
    out
}

/// The last row's id and hash, read without checking the chain (the
/// monthly report prints it; `daicho verify` checks every row).
pub fn head(conn: &Connection) -> Result<(i64, String)> {
    tail(conn)
}

/// The id and hash the next row follows: (last id, last hash or "").
pub fn tail(conn: &Connection) -> Result<(i64, String)> {
    use rusqlite::OptionalExtension;
    Ok(conn
        .prepare_cached("SELECT id, COALESCE(hash, '') FROM history ORDER BY id DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .unwrap_or((0, String::new())))
}

/// Walks the history in id order, calling `f(id, stored hash, row)`.
fn walk(
    conn: &Connection,
    mut f: impl FnMut(Option<String>, &Row<'_>) -> Result<()>,
) -> Result<()> {
    let mut st = conn.prepare(
        "SELECT id, ledger, record_no, field, old_value, new_value, actor, at, action, hash
         FROM history ORDER BY id",
    )?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let (ledger, no, field): (String, String, String) = (r.get(1)?, r.get(2)?, r.get(3)?);
        let (old, new): (Option<String>, Option<String>) = (r.get(4)?, r.get(5)?);
        let (actor, at, action): (String, String, String) = (r.get(6)?, r.get(7)?, r.get(8)?);
        let row = Row {
            id: r.get(0)?,
            ledger: &ledger,
            record_no: &no,
            field: &field,
            old: old.as_deref(),
            new: new.as_deref(),
            actor: &actor,
            at: &at,
            action: &action,
        };
        f(r.get(9)?, &row)?;
    }
    Ok(())
}

/// Gives every row written before the chain existed its hash (migration 4).
pub fn backfill(conn: &Connection) -> Result<()> {
    let mut prev = String::new();
    let mut hashes = Vec::new();
    walk(conn, |_, row| {
        prev = hash(&prev, row);
        hashes.push((row.id, prev.clone()));
        Ok(())
    })?;
    let mut st = conn.prepare("UPDATE history SET hash = ?2 WHERE id = ?1")?;
    for (id, h) in hashes {
        st.execute(rusqlite::params![id, h])?;
    }
    Ok(())
}

/// The first break found in the chain.
#[derive(Debug, Clone, PartialEq)]
pub enum Break {
    /// Row `id` is missing (ids jump from `after` to the next one).
    Missing { id: i64, after: i64 },
    /// Row `id` does not match its hash (edited, or moved).
    Mismatch { id: i64 },
}

/// Checks the chain: (rows, head hash, first break).
pub fn verify(conn: &Connection) -> Result<(i64, String, Option<Break>)> {
    let (mut prev, mut last_id, mut count) = (String::new(), 0_i64, 0_i64);
    let mut found: Option<Break> = None;
    walk(conn, |stored, row| {
        count += 1;
        if found.is_none() {
            let expected = hash(&prev, row);
            if row.id != last_id + 1 {
                found = Some(Break::Missing {
                    id: last_id + 1,
                    after: last_id,
                });
            } else if stored.as_deref() != Some(expected.as_str()) {
                found = Some(Break::Mismatch { id: row.id });
            }
        }
        prev = stored.unwrap_or_default();
        last_id = row.id;
        Ok(())
    })?;
    Ok((count, prev, found))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hash as first written (a `json!` value): stored chains must
    /// keep verifying.
    fn reference(prev: &str, r: &Row<'_>) -> String {
        let content = serde_json::json!([
            r.id,
            r.ledger,
            r.record_no,
            r.field,
            r.old,
            r.new,
            r.actor,
            r.at,
            r.action
        ]);
        let mut h = Sha256::new();
        h.update(prev.as_bytes());
        h.update(b"\n");
        h.update(content.to_string().as_bytes());
        h.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn the_hash_is_the_one_stored_chains_were_written_with() {
        let row = Row {
            id: 42,
            ledger: "incident",
            record_no: "I-0001",
            field: "summary",
            old: None,
            new: Some("改行\n\"引用\" \\ タブ\t\u{1}"),
            actor: "吉岡",
            at: "2026-11-30T10:00:00",
            action: "編集",
        };
        assert_eq!(hash("abc", &row), reference("abc", &row));
        assert_eq!(hash("", &row), reference("", &row));
    }
}
