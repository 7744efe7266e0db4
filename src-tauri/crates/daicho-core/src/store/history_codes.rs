//! The compact form of history rows (migration 11): every text of a row —
//! actor, action, field key, old and new value — is stored once in
//! `history_strings` and referred to by number; the record a row is about is
//! a number in `history_subjects`; the time is seconds since 1970 (local
//! time, no zone). A row's `changes` is the string numbers of its changes,
//! `field, old, new, field, old, new, …` (0 standing for no value), written
//! as a short text ([`format_ids`]).
//!
//! Writers look strings up by a 64-bit hash of their text (an index on the
//! hash, not on the text, so a long text is stored once); readers resolve
//! numbers back to text. The hash chain ([`super::chain`]) covers the
//! resolved texts, so an edited string is found like an edited row.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};
use sha2::{Digest, Sha256};

use crate::error::{Error, ErrorKind, Result};

/// The format of `at` kept as seconds; other texts are stored as they are.
const AT_FORMAT: &str = "%Y-%m-%dT%H:%M:%S";

/// `at` as stored: seconds for the usual format, else the text itself.
pub fn at_value(at: &str) -> Value {
    match NaiveDateTime::parse_from_str(at, AT_FORMAT) {
        Ok(t) if t.format(AT_FORMAT).to_string() == at => Value::Integer(t.and_utc().timestamp()),
        _ => Value::Text(at.to_string()),
    }
}

/// A bound of a time range (`2026-11-30` or `2026-11-30T10:00:00`) in the
/// stored form, so `at >= ?` compares seconds with seconds.
pub fn at_bound(bound: &str) -> Value {
    if let Ok(d) = chrono::NaiveDate::parse_from_str(bound, "%Y-%m-%d") {
        return Value::Integer(d.and_time(chrono::NaiveTime::MIN).and_utc().timestamp());
    }
    at_value(bound)
}

/// The stored `at` back as text.
pub fn at_text(v: Value) -> String {
    match v {
        Value::Integer(s) => chrono::DateTime::from_timestamp(s, 0)
            .map(|t| t.naive_utc().format(AT_FORMAT).to_string())
            .unwrap_or_default(),
        Value::Text(t) => t,
        _ => String::new(),
    }
}

fn text_hash(text: &str) -> i64 {
    let d = Sha256::digest(text.as_bytes());
    i64::from_le_bytes(d[..8].try_into().expect("8 bytes"))
}

/// Numbers strings and subjects for writing, remembering what it has seen
/// (one cache per write: a rolled-back write takes its numbers with it).
#[derive(Default)]
pub struct Interner {
    strings: HashMap<String, i64>,
    subjects: HashMap<(String, String), i64>,
    /// The codes of `status_texts` (`status_codes`), under the same rule.
    pub(super) status_codes: HashMap<String, i64>,
}

impl Interner {
    /// The number of `text`, stored if new.
    pub fn string(&mut self, conn: &Connection, text: &str) -> Result<i64> {
        if let Some(id) = self.strings.get(text) {
            return Ok(*id);
        }
        let hash = text_hash(text);
        let mut id = None;
        {
            let mut st =
                conn.prepare_cached("SELECT id, text FROM history_strings WHERE hash = ?1")?;
            let mut rows = st.query([hash])?;
            while let Some(r) = rows.next()? {
                if r.get_ref(1)?.as_str().ok() == Some(text) {
                    id = Some(r.get(0)?);
                    break;
                }
            }
        }
        let id = match id {
            Some(id) => id,
            None => {
                conn.prepare_cached("INSERT INTO history_strings (text, hash) VALUES (?1, ?2)")?
                    .execute(rusqlite::params![text, hash])?;
                conn.last_insert_rowid()
            }
        };
        self.strings.insert(text.to_string(), id);
        Ok(id)
    }

    /// The number of a value (0 for none).
    pub fn value(&mut self, conn: &Connection, v: Option<&str>) -> Result<i64> {
        v.map_or(Ok(0), |t| self.string(conn, t))
    }

    /// The number of the record (`ledger`, `record_no`), stored if new.
    pub fn subject(&mut self, conn: &Connection, ledger: &str, record_no: &str) -> Result<i64> {
        let key = (ledger.to_string(), record_no.to_string());
        if let Some(id) = self.subjects.get(&key) {
            return Ok(*id);
        }
        let id = subject_or_new(conn, ledger, record_no)?;
        self.subjects.insert(key, id);
        Ok(id)
    }
}

/// The number of a record in the history, if it has any.
pub fn subject_of(conn: &Connection, ledger: &str, record_no: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT id FROM history_subjects WHERE ledger = ?1 AND record_no = ?2")?
        .query_row([ledger, record_no], |r| r.get(0))
        .optional()?)
}

/// The number of the record (`ledger`, `record_no`), stored if new: the
/// history's subject and, since migration 13, its row in the full-text
/// index.
pub fn subject_or_new(conn: &Connection, ledger: &str, record_no: &str) -> Result<i64> {
    if let Some(id) = subject_of(conn, ledger, record_no)? {
        return Ok(id);
    }
    conn.prepare_cached("INSERT INTO history_subjects (ledger, record_no) VALUES (?1, ?2)")?
        .execute([ledger, record_no])?;
    Ok(conn.last_insert_rowid())
}

/// Resolves string numbers to text for reading, remembering them.
#[derive(Default)]
pub struct Resolver(HashMap<i64, Option<String>>);

impl Resolver {
    /// The text of string `id` (None for 0 or a number with no string).
    pub fn get(&mut self, conn: &Connection, id: i64) -> Result<Option<String>> {
        if id == 0 {
            return Ok(None);
        }
        if let Some(t) = self.0.get(&id) {
            return Ok(t.clone());
        }
        let t: Option<String> = conn
            .prepare_cached("SELECT text FROM history_strings WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?;
        self.0.insert(id, t.clone());
        Ok(t)
    }

    /// The text of a string that must exist (actor, action, field).
    pub fn text(&mut self, conn: &Connection, id: i64) -> Result<String> {
        Ok(self.get(conn, id)?.unwrap_or_default())
    }

    /// The changes of a row as `(field, old, new)` texts.
    pub fn changes(&mut self, conn: &Connection, row: i64, stored: &str) -> Result<Vec<Owned>> {
        let ids = parse_ids(stored).ok_or_else(|| unreadable(row))?;
        let mut out = Vec::with_capacity(ids.len() / 3);
        for c in ids.chunks(3) {
            out.push((
                self.text(conn, c[0])?,
                self.get(conn, c[1])?,
                self.get(conn, c[2])?,
            ));
        }
        Ok(out)
    }
}

/// One change as read: (field, old, new).
pub type Owned = (String, Option<String>, Option<String>);

fn unreadable(row: i64) -> Error {
    Error::new(
        ErrorKind::Storage,
        format!("変更履歴 #{row} を読めません。`daicho verify` で履歴を確認してください。"),
    )
}

/// Digits of the number text of `changes`: base 47, most significant first;
/// the last digit of a number is one of `!`..`O`, the others `P`..`~` (so
/// numbers need no separator and SQL can decode them with `unicode()`).
const BASE: i64 = 47;
const LAST: i64 = 33;
const MORE: i64 = 80;

/// The numbers of a stored `changes` (a multiple of three), or None.
pub fn parse_ids(stored: &str) -> Option<Vec<i64>> {
    let mut out = Vec::new();
    let mut acc: i64 = 0;
    for b in stored.bytes().map(i64::from) {
        match b {
            LAST..MORE => {
                out.push(acc.checked_mul(BASE)?.checked_add(b - LAST)?);
                acc = 0;
            }
            MORE..=126 => acc = acc.checked_mul(BASE)?.checked_add(b - MORE)?,
            _ => return None,
        }
    }
    (acc == 0 && !out.is_empty() && out.len() % 3 == 0).then_some(out)
}

/// The stored `changes` of string numbers (see [`parse_ids`]).
pub fn format_ids(ids: &[i64]) -> String {
    let mut out = String::new();
    let mut digits = Vec::new();
    for &id in ids {
        let mut n = id.max(0);
        digits.clear();
        digits.push((LAST + n % BASE) as u8);
        n /= BASE;
        while n > 0 {
            digits.push((MORE + n % BASE) as u8);
            n /= BASE;
        }
        out.extend(digits.iter().rev().map(|d| char::from(*d)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_and_change_lists_read_back_as_written() {
        for at in ["2026-11-30T10:00:00", "1999-01-02T03:04:05"] {
            assert!(matches!(at_value(at), Value::Integer(_)));
            assert_eq!(at_text(at_value(at)), at);
        }
        for odd in ["2026-11-30 10:00", "昨日", "2026-02-30T10:00:00"] {
            assert_eq!(at_text(at_value(odd)), odd);
        }
        assert_eq!(
            at_bound("2026-11-30"),
            at_value("2026-11-30T00:00:00"),
            "a day starts at midnight"
        );
        let ids = [3, 0, 17, 46, 47, 2208, 2209, 103_823, 4_000_000_000];
        let text = format_ids(&ids);
        assert_eq!(parse_ids(&text), Some(ids.to_vec()));
        assert_eq!(format_ids(&[0, 46, 47]), "!OQ!");
        assert_eq!(parse_ids("!!"), None, "not whole entries");
        assert_eq!(parse_ids("!!P"), None, "a number cut off");
        assert_eq!(parse_ids("[1,0,2]"), None);
    }
}
