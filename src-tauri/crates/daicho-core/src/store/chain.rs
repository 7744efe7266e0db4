//! The hash chain of the history (one row per action, migration 6): each
//! row's chain value is the SHA-256 of the previous row's value and the
//! row's own content (its texts, see [`super::history_codes`]), so editing,
//! deleting or reordering a row breaks every value after it. Since migration
//! 11 the values are kept per block of [`BLOCK`] rows in `history_blocks`
//! (the value after the block's last row) instead of on every row: `daicho
//! verify` recomputes them and names the block where one differs. The last
//! value (the head) is printed by `daicho verify` and the monthly report; a
//! copy kept elsewhere also reveals rows cut off the end.
//!
//! Entries (one changed field or child row each) are numbered across the
//! whole history: a row's `id` is the number of its first entry, so the next
//! row's id is `id + entries`. The chain of the one-row-per-entry history
//! before migration 6 is [`super::chain_v1`].

use rusqlite::types::Value;
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
    /// The changes as their texts: a JSON array of `[field, old, new]`.
    pub changes: &'a str,
}

impl<'a> Action<'a> {
    /// Row `id` of `key` (ledger, record_no, actor, at, action) with the
    /// text of its changes.
    pub fn new(id: i64, key: &[&'a str; 5], changes: &'a str) -> Self {
        let [ledger, record_no, actor, at, action] = *key;
        Action {
            id,
            ledger,
            record_no,
            actor,
            at,
            action,
            changes,
        }
    }
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

/// Rows per block of the chain (one stored value each).
pub const BLOCK: i64 = 64;

/// Where the next row goes: its id (entry number) and the hash it follows,
/// with the open block it joins (`first` row id, rows so far). Rows are
/// added to the block here ([`advance`]) and written with [`Tail::save`].
pub struct Tail {
    pub next: i64,
    pub prev: Vec<u8>,
    pub block: Option<(i64, i64)>,
    /// The earliest and latest time of the rows added since the last save.
    span: Option<(Value, Value)>,
}

impl Tail {
    fn start(next: i64, prev: Vec<u8>, block: Option<(i64, i64)>) -> Tail {
        Tail {
            next,
            prev,
            block,
            span: None,
        }
    }

    /// A history with no rows.
    pub fn empty() -> Tail {
        Tail::start(1, Vec::new(), None)
    }

    /// Writes the open block's state (after the rows added since the last
    /// save) to `history_blocks`; the caller saves before its transaction ends.
    pub fn save(&mut self, conn: &Connection) -> Result<()> {
        let (Some((first, rows)), Some((lo, hi))) = (self.block, self.span.take()) else {
            return Ok(());
        };
        conn.prepare_cached(
            "INSERT INTO history_blocks (first, next, rows, hash, min_at, max_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (first) DO UPDATE SET next = excluded.next, rows = excluded.rows,
                 hash = excluded.hash, min_at = min(min_at, excluded.min_at),
                 max_at = max(max_at, excluded.max_at)",
        )?
        .execute(rusqlite::params![
            first,
            self.next,
            rows,
            &self.prev[..],
            lo,
            hi
        ])?;
        Ok(())
    }
}

/// SQLite's order of stored times: seconds before texts.
fn earlier(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Integer(x), Value::Integer(y)) => x < y,
        (Value::Text(x), Value::Text(y)) => x < y,
        (Value::Integer(_), _) => true,
        _ => false,
    }
}

/// The [`Tail`] after the last row (the caller's write transaction holds the
/// lock, so it cannot move meanwhile).
pub fn tail(conn: &Connection) -> Result<Tail> {
    Ok(conn
        .prepare_cached(
            "SELECT first, next, rows, hash FROM history_blocks ORDER BY first DESC LIMIT 1",
        )?
        .query_row([], |r| {
            Ok(Tail::start(
                r.get(1)?,
                r.get(3)?,
                Some((r.get(0)?, r.get(2)?)),
            ))
        })
        .optional()?
        .unwrap_or_else(Tail::empty))
}

/// Moves `tail` past the row `id` of `entries` entries, made at `at` (as
/// stored) with chain value `hash`: into the open block, or a new one when
/// that is full (the full one is saved). A block also keeps the earliest
/// and latest time of its rows: the history of a day reads only the blocks
/// around it.
pub fn advance(
    conn: &Connection,
    tail: &mut Tail,
    row: (i64, i64, &Value),
    hash: [u8; 32],
) -> Result<()> {
    let (id, entries, at) = row;
    match tail.block {
        Some((first, rows)) if rows < BLOCK => tail.block = Some((first, rows + 1)),
        _ => {
            tail.save(conn)?;
            tail.block = Some((id, 1));
        }
    }
    tail.span = Some(match tail.span.take() {
        None => (at.clone(), at.clone()),
        Some((lo, hi)) => (
            if earlier(at, &lo) { at.clone() } else { lo },
            if earlier(&hi, at) { at.clone() } else { hi },
        ),
    });
    tail.next = id + entries;
    tail.prev = hash.to_vec();
    Ok(())
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
    /// A row among entries `id`..=`last` does not match the chain (edited,
    /// moved, added or removed).
    Mismatch { id: i64, last: i64 },
}

/// A stored block of the chain.
struct Block {
    first: i64,
    next: i64,
    rows: i64,
    hash: Vec<u8>,
}

/// The state of [`verify`]: the block being checked and the first break.
struct Check {
    blocks: Vec<Block>,
    /// The block the rows go into (`blocks.len()`: past the last one).
    at: usize,
    /// Rows seen in the block, the running chain value, the next entry.
    rows: i64,
    running: Vec<u8>,
    next: i64,
    count: i64,
    found: Option<Break>,
}

impl Check {
    fn report(&mut self, b: Break) {
        if self.found.is_none() {
            self.found = Some(b);
        }
    }

    fn mismatch(&self) -> Break {
        let b = &self.blocks[self.at];
        Break::Mismatch {
            id: b.first,
            last: b.next - 1,
        }
    }

    /// Checks the current block's stored value and moves to the next block.
    fn close(&mut self) {
        let b = &self.blocks[self.at];
        let (first, end, rows) = (b.first, b.next, b.rows);
        if self.rows == 0 {
            self.report(Break::Missing {
                id: first,
                after: first - 1,
            });
        } else if self.next != end || self.rows != rows || self.running != b.hash {
            let m = self.mismatch();
            self.report(m);
        }
        self.running = self.blocks[self.at].hash.clone();
        self.next = end;
        self.rows = 0;
        self.at += 1;
        if let Some(b) = self.blocks.get(self.at) {
            if b.first != end {
                let m = self.mismatch();
                self.report(m);
            }
        }
    }

    fn row(&mut self, row: &super::history_read::Row) {
        while self.at < self.blocks.len() && row.id >= self.blocks[self.at].next {
            self.close();
        }
        let entries = row.changes.len() as i64;
        self.count += entries;
        if self.at == self.blocks.len() {
            // Rows after the last block: added behind the chain's back.
            self.report(Break::Mismatch {
                id: row.id,
                last: row.id + entries.max(1) - 1,
            });
            return;
        }
        if row.id > self.next {
            self.report(Break::Missing {
                id: self.next,
                after: self.next - 1,
            });
        } else if row.id < self.next {
            let m = self.mismatch();
            self.report(m);
        }
        self.running = hash(&self.running, &row.action()).to_vec();
        self.rows += 1;
        self.next = row.id + entries;
    }
}

/// Checks the chain: (entries, head hash, first break).
pub fn verify(conn: &Connection) -> Result<(i64, String, Option<Break>)> {
    let blocks: Vec<Block> = conn
        .prepare("SELECT first, next, rows, hash FROM history_blocks ORDER BY first")?
        .query_map([], |r| {
            Ok(Block {
                first: r.get(0)?,
                next: r.get(1)?,
                rows: r.get(2)?,
                hash: r.get(3)?,
            })
        })?
        .collect::<std::result::Result<_, _>>()?;
    let mut c = Check {
        blocks,
        at: 0,
        rows: 0,
        running: Vec::new(),
        next: 1,
        count: 0,
        found: None,
    };
    if let Some(b) = c.blocks.first() {
        if b.first != 1 {
            let m = c.mismatch();
            c.report(m);
        }
    }
    super::history_read::walk_all(conn, |row| {
        c.row(row);
        Ok(())
    })?;
    while c.at < c.blocks.len() {
        c.close();
    }
    let head = c.blocks.last().map(|b| hex(&b.hash)).unwrap_or_default();
    Ok((c.count, head, c.found))
}
