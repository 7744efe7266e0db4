//! The audit history (migrations 6 and 11): one row per action on a record,
//! with its changed fields and child rows as a list of `[field, old, new]`
//! (any field or child table, present or future), stored compactly
//! ([`super::history_codes`]). Each change is an
//! *entry*, numbered across the whole history (see [`super::chain`]); the
//! history screens read entries ([`super::history_read`]).
//!
//! A write gathers its changes ([`record`]) and the store appends them when
//! it commits ([`flush`]): consecutive changes of one record by one action
//! become one row.

use std::cell::RefCell;

use rusqlite::Connection;

use super::chain::{self, Tail};
use super::history_codes::{at_value, format_ids, Interner};
use super::Conn;
use crate::domain::ledger::Ledger;
use crate::error::Result;

pub use super::history_read::{field_changes_between, for_day, for_record, recent};

/// A change about to be written.
pub struct Change<'a> {
    pub ledger: Ledger,
    pub no: &'a str,
    pub field: &'a str,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// One change as stored: (field, old, new).
pub type ChangeRef<'a> = (&'a str, Option<&'a str>, Option<&'a str>);

/// Ledger key of audit rows that belong to no record (settings, masters).
pub const SYSTEM: &str = "system";

/// Fields whose changes are also kept in `status_changes` (migrations 5
/// and 10).
pub(super) const STATUS_FIELDS: &[&str] = &["status", "closed_on", "completed_on", "triaged_on"];

type Owned = (String, Option<String>, Option<String>);

/// Actions a write gathers before appending them (memory stays bounded).
const MAX_PENDING: usize = 1024;

/// The changes of a write not yet appended: actions as (ledger, record_no,
/// actor, at, action) with their changes, in order.
/// With the numbers of the texts seen so far ([`Interner`]): they stay valid
/// as long as the transaction that wrote them is kept.
#[derive(Default)]
pub(crate) struct Pending(RefCell<Vec<([String; 5], Vec<Owned>)>>, RefCell<Interner>);

impl Pending {
    /// A write that goes on with the texts numbered by earlier writes of the
    /// same transaction (a bulk run).
    pub fn with_names(names: Interner) -> Self {
        Pending(RefCell::default(), RefCell::new(names))
    }

    /// The numbered texts, for the next write of the same transaction.
    pub fn into_names(self) -> Interner {
        self.1.into_inner()
    }

    fn push(&self, key: [&str; 5], change: Owned) {
        let mut actions = self.0.borrow_mut();
        match actions.last_mut() {
            Some((k, changes)) if k.iter().zip(key).all(|(a, b)| a == b) => changes.push(change),
            _ => actions.push((key.map(str::to_string), vec![change])),
        }
    }
}

pub fn record(conn: &Conn, c: &Change<'_>, actor: &str, at: &str, action: &str) -> Result<()> {
    let (old, new) = (c.old.as_deref(), c.new.as_deref());
    record_in(
        conn,
        c.ledger.key(),
        c.no,
        c.field,
        old,
        new,
        actor,
        at,
        action,
    )
}

/// Records one change; `ledger` is a ledger key or [`SYSTEM`] (then
/// `record_no` names what changed: `settings`, `master:組織`, …).
#[allow(clippy::too_many_arguments)]
pub fn record_in(
    conn: &Conn,
    ledger: &str,
    record_no: &str,
    field: &str,
    old: Option<&str>,
    new: Option<&str>,
    actor: &str,
    at: &str,
    action: &str,
) -> Result<()> {
    let key = [ledger, record_no, actor, at, action];
    match conn.pending() {
        Some(p) => {
            p.push(
                key,
                (
                    field.to_string(),
                    old.map(str::to_string),
                    new.map(str::to_string),
                ),
            );
            // A long write (an import of 100k rows) appends as it goes, so
            // the gathered changes stay small; the last action stays open.
            if p.0.borrow().len() > MAX_PENDING {
                let last = p.0.borrow_mut().pop();
                flush(conn, p)?;
                p.0.borrow_mut().extend(last);
            }
            Ok(())
        }
        None => {
            let mut tail = chain::tail(conn)?;
            let mut names = Interner::default();
            append(
                conn,
                &mut names,
                &mut tail,
                &key,
                &[(field, old, new)],
                true,
            )?;
            tail.save(conn)
        }
    }
}

/// Appends the gathered changes (the store calls it before committing).
pub(super) fn flush(conn: &Connection, pending: &Pending) -> Result<()> {
    let actions = pending.0.take();
    if actions.is_empty() {
        return Ok(());
    }
    let mut tail = chain::tail(conn)?;
    let names = &mut *pending.1.borrow_mut();
    for (key, changes) in &actions {
        let refs: Vec<ChangeRef<'_>> = changes
            .iter()
            .map(|(f, o, n)| (f.as_str(), o.as_deref(), n.as_deref()))
            .collect();
        append(
            conn,
            names,
            &mut tail,
            &key.each_ref().map(String::as_str),
            &refs,
            true,
        )?;
    }
    tail.save(conn)
}

/// Appends one action row after `tail` (and its status changes to
/// `status_changes` when `status_rows`), moving `tail` past it; its texts
/// are numbered by `names` ([`super::history_codes`]).
pub(super) fn append(
    conn: &Connection,
    names: &mut Interner,
    tail: &mut Tail,
    key: &[&str; 5],
    changes: &[ChangeRef<'_>],
    status_rows: bool,
) -> Result<()> {
    let [ledger, record_no, actor, at, action] = *key;
    let text = serde_json::to_string(changes).expect("strings serialise");
    let row = chain::Action::new(tail.next, key, &text);
    let hash = chain::hash(&tail.prev, &row);
    let stored_at = at_value(at);
    let mut ids = Vec::with_capacity(changes.len() * 3);
    for (field, old, new) in changes {
        ids.push(names.string(conn, field)?);
        ids.push(names.value(conn, *old)?);
        ids.push(names.value(conn, *new)?);
    }
    conn.prepare_cached(
        "INSERT INTO history (id, subject, actor, at, action, changes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(rusqlite::params![
        row.id,
        names.subject(conn, ledger, record_no)?,
        names.string(conn, actor)?,
        &stored_at,
        names.string(conn, action)?,
        format_ids(&ids),
    ])?;
    if status_rows && ledger != SYSTEM {
        for (i, (field, old, new)) in changes.iter().enumerate() {
            if !STATUS_FIELDS.contains(field) {
                continue;
            }
            super::status_codes::insert(
                conn,
                &mut names.status_codes,
                [ledger, field, record_no, actor, at, action],
                row.id + i as i64,
                *old,
                *new,
            )?;
        }
    }
    chain::advance(conn, tail, (row.id, changes.len() as i64, &stored_at), hash)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_write_appends_as_it_goes_and_keeps_its_actions_whole() {
        let mut store = super::super::Store::open_in_memory().unwrap();
        let n = MAX_PENDING * 3 + 7;
        store
            .write(|tx| {
                for i in 0..n {
                    let no = format!("I-{:04}", i / 2 + 1);
                    for field in ["title", "status"] {
                        let change = Change {
                            ledger: Ledger::Incident,
                            no: &no,
                            field,
                            old: None,
                            new: Some(format!("{field} {i}")),
                        };
                        record(tx, &change, "吉岡", "2026-11-30T10:00:00", "起票")?;
                    }
                }
                // Appended before the commit already: the gathered part is small.
                assert!(tx.pending().unwrap().0.borrow().len() <= MAX_PENDING + 1);
                Ok(())
            })
            .unwrap();
        let conn = store.read();
        let (entries, _, found) = chain::verify(&conn).unwrap();
        assert_eq!((entries, found), (2 * n as i64, None));
        let rows: i64 = conn
            .query_row("SELECT COUNT(*) FROM history", [], |r| r.get(0))
            .unwrap();
        assert_eq!(rows, n.div_ceil(2) as i64, "one row per record's action");
        let h = for_record(&conn, Ledger::Incident, "I-0002").unwrap();
        let got: Vec<_> = h.iter().map(|e| (e.id, e.new.clone().unwrap())).collect();
        assert_eq!(
            got,
            vec![
                (5, "title 2".to_string()),
                (6, "status 2".into()),
                (7, "title 3".into()),
                (8, "status 3".into())
            ]
        );
    }
}
