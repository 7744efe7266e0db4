//! The hash chain of the history (one row per action, migration 6): each
//! row's `hash` is the SHA-256 of the previous row's hash and the row's own
//! content, so editing, deleting or reordering a row breaks every hash after
//! it. The last hash (the head) is printed by `daicho verify` and the monthly
//! report; a copy kept elsewhere also reveals rows cut off the end.
//!
//! Entries (one changed field or child row each) are numbered across the
//! whole history: a row's `id` is the number of its first entry, so the next
//! row's id is `id + entries`. The chain of the one-row-per-entry history
//! before migration 6 is [`super::chain_v1`].

use rusqlite::{Connection, OptionalExtension};
use sha2::{Digest, Sha256};

use crate::error::Result;

/// The content of one history row, in column order.
pub struct Action<'a> {
    pub id: i64,
    pub ledger: &'a str,
    pub record_no: &'a str,
    pub actor: &'a str,
    pub at: &'a str,
    pub action: &'a str,
    /// The changes as stored: a JSON array of `[field, old, new]`.
    pub changes: &'a str,
}

/// `sha256(prev || "\n" || content)`, content as a JSON array (unambiguous).
pub fn hash(prev: &[u8], a: &Action<'_>) -> [u8; 32] {
    let content = (
        a.id,
        a.ledger,
        a.record_no,
        a.actor,
        a.at,
        a.action,
        a.changes,
    );
    let mut h = Sha256::new();
    h.update(prev);
    h.update(b"\n");
    h.update(serde_json::to_vec(&content).expect("strings serialise"));
    h.finalize().into()
}

pub fn hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(HEX[(b >> 4) as usize] as char);
        out.push(HEX[(b & 15) as usize] as char);
    }
    out
}

/// Where the next row goes: its id (entry number) and the hash it follows.
pub struct Tail {
    pub next: i64,
    pub prev: Vec<u8>,
}

/// Entries of a stored changes text; 0 when it is not a JSON array (then its
/// hash cannot match either).
const ENTRIES: &str = "CASE WHEN json_valid(changes) THEN json_array_length(changes) ELSE 0 END";

/// The [`Tail`] after the last row (the caller's write transaction holds the
/// lock, so it cannot move meanwhile).
pub fn tail(conn: &Connection) -> Result<Tail> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT id + {ENTRIES}, hash FROM history ORDER BY id DESC LIMIT 1"
        ))?
        .query_row([], |r| {
            Ok(Tail {
                next: r.get(0)?,
                prev: r.get::<_, Option<Vec<u8>>>(1)?.unwrap_or_default(),
            })
        })
        .optional()?
        .unwrap_or(Tail {
            next: 1,
            prev: Vec::new(),
        }))
}

/// The last entry's number and the head hash (hex), read without checking
/// the chain (the monthly report prints it; `daicho verify` checks every row).
pub fn head(conn: &Connection) -> Result<(i64, String)> {
    let t = tail(conn)?;
    Ok((t.next - 1, hex(&t.prev)))
}

/// The first break found in the chain.
#[derive(Debug, Clone, PartialEq)]
pub enum Break {
    /// Entry `id` is missing (numbers jump from `after` to a later one).
    Missing { id: i64, after: i64 },
    /// The row starting at entry `id` does not match its hash (edited, or moved).
    Mismatch { id: i64 },
}

/// Checks the chain: (entries, head hash, first break).
pub fn verify(conn: &Connection) -> Result<(i64, String, Option<Break>)> {
    let mut st = conn.prepare(&format!(
        "SELECT id, ledger, record_no, actor, at, action, changes, hash, {ENTRIES}
         FROM history ORDER BY id"
    ))?;
    let mut rows = st.query([])?;
    let (mut prev, mut next, mut count) = (Vec::new(), 1_i64, 0_i64);
    let mut found = None;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let n: i64 = r.get(8)?;
        let stored: Option<Vec<u8>> = r.get(7)?;
        count += n;
        if found.is_none() {
            let (ledger, no, actor): (String, String, String) = (r.get(1)?, r.get(2)?, r.get(3)?);
            let (at, action, changes): (String, String, String) = (r.get(4)?, r.get(5)?, r.get(6)?);
            let expected = hash(
                &prev,
                &Action {
                    id,
                    ledger: &ledger,
                    record_no: &no,
                    actor: &actor,
                    at: &at,
                    action: &action,
                    changes: &changes,
                },
            );
            if id > next {
                found = Some(Break::Missing {
                    id: next,
                    after: next - 1,
                });
            } else if id < next || stored.as_deref() != Some(&expected[..]) {
                found = Some(Break::Mismatch { id });
            }
        }
        prev = stored.unwrap_or_default();
        next = id + n;
    }
    Ok((count, hex(&prev), found))
}
