//! The audit history: one row per changed field or child row.

use rusqlite::Connection;

use super::chain;
use crate::domain::ledger::{ChildDef, Ledger};
use crate::domain::record::HistoryEntry;
use crate::error::Result;

/// A change about to be written.
pub struct Change<'a> {
    pub ledger: Ledger,
    pub no: &'a str,
    pub field: &'a str,
    pub old: Option<String>,
    pub new: Option<String>,
}

pub fn record(
    conn: &Connection,
    c: &Change<'_>,
    actor: &str,
    at: &str,
    action: &str,
) -> Result<()> {
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

/// Ledger key of audit rows that belong to no record (settings, masters).
pub const SYSTEM: &str = "system";

/// Appends one history row; `ledger` is a ledger key or [`SYSTEM`] (then
/// `record_no` names what changed: `settings`, `master:組織`, …).
#[allow(clippy::too_many_arguments)]
pub fn record_in(
    conn: &Connection,
    ledger: &str,
    record_no: &str,
    field: &str,
    old: Option<&str>,
    new: Option<&str>,
    actor: &str,
    at: &str,
    action: &str,
) -> Result<()> {
    insert(
        conn,
        &chain::Row {
            id: 0,
            ledger,
            record_no,
            field,
            old,
            new,
            actor,
            at,
            action,
        },
    )
}

/// Appends a row with the next id and its chain hash (the caller's write
/// transaction holds the lock, so the tail cannot move meanwhile).
fn insert(conn: &Connection, row: &chain::Row<'_>) -> Result<()> {
    let (last_id, prev) = chain::tail(conn)?;
    let row = chain::Row {
        id: last_id + 1,
        ..*row
    };
    let hash = chain::hash(&prev, &row);
    conn.prepare_cached(
        "INSERT INTO history (id, ledger, record_no, field, old_value, new_value, actor, at, action, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(rusqlite::params![
        row.id,
        row.ledger,
        row.record_no,
        row.field,
        row.old,
        row.new,
        row.actor,
        row.at,
        row.action,
        hash
    ])?;
    if STATUS_FIELDS.contains(&row.field) && row.ledger != SYSTEM {
        conn.prepare_cached(
            "INSERT INTO status_changes (ledger, field, id, record_no, old_value, new_value, actor, at, action)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?
        .execute(rusqlite::params![
            row.ledger,
            row.field,
            row.id,
            row.record_no,
            row.old,
            row.new,
            row.actor,
            row.at,
            row.action
        ])?;
    }
    Ok(())
}

fn label_of(ledger: Ledger, field: &str) -> String {
    if let Some(f) = ledger.field(field) {
        return f.label.to_string();
    }
    if let Some(c) = ChildDef::find(ledger, field) {
        return c.label.to_string();
    }
    match field {
        "same_root" => "同根障害".into(),
        "members" => "対象案件".into(),
        "attachments" => "エビデンス".into(),
        "record" => "レコード".into(),
        other => other.to_string(),
    }
}

fn map(r: &rusqlite::Row<'_>) -> rusqlite::Result<HistoryEntry> {
    let ledger_key: String = r.get(1)?;
    let ledger = Ledger::from_key(&ledger_key).unwrap_or(Ledger::Incident);
    let field: String = r.get(3)?;
    Ok(HistoryEntry {
        id: r.get(0)?,
        ledger,
        no: r.get(2)?,
        label: label_of(ledger, &field),
        field,
        old: r.get(4)?,
        new: r.get(5)?,
        actor: r.get(6)?,
        at: r.get(7)?,
        action: r.get(8)?,
    })
}

const COLS: &str = "id, ledger, record_no, field, old_value, new_value, actor, at, action";

pub fn for_record(conn: &Connection, ledger: Ledger, no: &str) -> Result<Vec<HistoryEntry>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {COLS} FROM history WHERE ledger = ?1 AND record_no = ?2 ORDER BY id"
    ))?;
    let rows = st.query_map([ledger.key(), no], map)?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// Every change made on a day (`at` in [day, next day)).
pub fn for_day(conn: &Connection, day: &str, next_day: &str) -> Result<Vec<HistoryEntry>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {COLS} FROM history WHERE at >= ?1 AND at < ?2 AND ledger <> '{SYSTEM}' ORDER BY id"
    ))?;
    let rows = st.query_map([day, next_day], map)?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// Fields whose changes are also kept in `status_changes` (migration 5;
/// [`insert`] adds new ones).
const STATUS_FIELDS: &[&str] = &["status", "closed_on", "completed_on", "triaged_on"];

/// Changes of one field (e.g. `status`) of a ledger between two instants,
/// in history order. Status and stamped dates come from `status_changes`
/// (one sequential scan); other fields from the history itself.
pub fn field_changes_between(
    conn: &Connection,
    ledger: Ledger,
    field: &str,
    from: &str,
    to: &str,
) -> Result<Vec<HistoryEntry>> {
    let table = if STATUS_FIELDS.contains(&field) {
        "status_changes"
    } else {
        "history"
    };
    let mut st = conn.prepare_cached(&format!(
        "SELECT {COLS} FROM {table} WHERE ledger = ?1 AND field = ?2 AND at >= ?3 AND at < ?4 ORDER BY id"
    ))?;
    // One field: its label is looked up once, not per row.
    let label = label_of(ledger, field);
    let rows = st.query_map([ledger.key(), field, from, to], |r| {
        Ok(HistoryEntry {
            id: r.get(0)?,
            ledger,
            no: r.get(2)?,
            field: field.to_string(),
            label: label.clone(),
            old: r.get(4)?,
            new: r.get(5)?,
            actor: r.get(6)?,
            at: r.get(7)?,
            action: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

pub fn recent(conn: &Connection, limit: i64) -> Result<Vec<HistoryEntry>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {COLS} FROM history WHERE ledger <> '{SYSTEM}' ORDER BY id DESC LIMIT ?1"
    ))?;
    let rows = st.query_map([limit], map)?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the reports read before `status_changes` existed: the history.
    fn from_history(conn: &Connection, ledger: Ledger, field: &str) -> Vec<HistoryEntry> {
        let mut st = conn
            .prepare(&format!(
                "SELECT {COLS} FROM history WHERE ledger = ?1 AND field = ?2 ORDER BY id"
            ))
            .unwrap();
        let rows = st.query_map([ledger.key(), field], map).unwrap();
        rows.collect::<std::result::Result<_, _>>().unwrap()
    }

    fn same(a: &[HistoryEntry], b: &[HistoryEntry]) -> bool {
        a.len() == b.len()
            && a.iter().zip(b).all(|(x, y)| {
                (
                    x.id, &x.no, &x.field, &x.old, &x.new, &x.actor, &x.at, &x.action,
                ) == (
                    y.id, &y.no, &y.field, &y.old, &y.new, &y.actor, &y.at, &y.action,
                )
            })
    }

    #[test]
    fn status_changes_read_the_same_as_the_history_written_and_migrated() {
        let mut d = crate::Daicho::open_in_memory().unwrap();
        crate::demo::fill(&mut d, 150, 11).unwrap();
        let check = |conn: &Connection| {
            for ledger in Ledger::ALL {
                for field in STATUS_FIELDS {
                    let got =
                        field_changes_between(conn, ledger, field, "1900-01-01", "9999-12-31")
                            .unwrap();
                    let want = from_history(conn, ledger, field);
                    assert!(same(&got, &want), "{ledger:?} {field}");
                }
            }
        };
        let conn = d.conn();
        let n: i64 = conn
            .query_row("SELECT COUNT(*) FROM status_changes", [], |r| r.get(0))
            .unwrap();
        assert!(n > 500, "{n}");
        check(&conn);
        // An existing database: migration 5 fills the table from the history.
        conn.execute_batch("DROP TABLE status_changes").unwrap();
        conn.execute_batch(super::super::MIGRATIONS[4].1).unwrap();
        check(&conn);
    }
}
