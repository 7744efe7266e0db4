//! Reading the history as entries (one changed field or child row each),
//! numbered as [`super::chain`] describes.

use rusqlite::Connection;

use super::chain;
use super::history::{STATUS_FIELDS, SYSTEM};
use super::history_codes::{at_bound, at_text, subject_of, Owned, Resolver};
use super::status_codes::{code_of, seconds, Times};
use super::status_scan::StatusTexts;
use crate::domain::ledger::{ChildDef, Ledger};
use crate::domain::record::HistoryEntry;
use crate::error::Result;

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

/// One history row with its texts resolved.
pub struct Row {
    pub id: i64,
    pub ledger: String,
    pub record_no: String,
    pub actor: String,
    pub at: String,
    pub action: String,
    pub changes: Vec<Owned>,
    /// The changes as the chain hashes them (JSON of `[field, old, new]`).
    text: String,
}

impl Row {
    /// The row's content as the chain hashes it.
    pub fn action(&self) -> chain::Action<'_> {
        chain::Action {
            id: self.id,
            ledger: &self.ledger,
            record_no: &self.record_no,
            actor: &self.actor,
            at: &self.at,
            action: &self.action,
            changes: &self.text,
        }
    }
}

/// The columns [`walk`] reads (history `h`, subjects `s`).
const ROW: &str = "h.id, s.ledger, s.record_no, h.actor, h.at, h.action, h.changes";
/// [`ROW`] from the history.
const COLS: &str = "h.id, s.ledger, s.record_no, h.actor, h.at, h.action, h.changes
     FROM history h LEFT JOIN history_subjects s ON s.id = h.subject";
/// The rows of the blocks (`b`) whose times meet a time range: `at` has no
/// index, each block's earliest and latest time stand in.
const IN_BLOCKS: &str = "history_blocks b CROSS JOIN history h
     LEFT JOIN history_subjects s ON s.id = h.subject";

/// Calls `f` with each row `sql` selects ([`COLS`] then its conditions);
/// a row whose changes cannot be read is an error when `strict`, else it
/// comes with no changes (and a content no chain value matches).
fn walk(
    conn: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
    strict: bool,
    mut f: impl FnMut(&Row) -> Result<()>,
) -> Result<()> {
    let mut names = Resolver::default();
    let mut st = conn.prepare_cached(sql)?;
    let mut rows = st.query(params)?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let stored: String = r.get(6)?;
        let (changes, text) = match names.changes(conn, id, &stored) {
            Ok(c) => {
                let text = serde_json::to_string(&c).expect("strings serialise");
                (c, text)
            }
            Err(e) if strict => return Err(e),
            Err(_) => (Vec::new(), format!("unreadable {stored}")),
        };
        let row = Row {
            id,
            ledger: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
            record_no: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
            actor: names.text(conn, r.get(3)?)?,
            at: at_text(r.get(4)?),
            action: names.text(conn, r.get(5)?)?,
            changes,
            text,
        };
        f(&row)?;
    }
    Ok(())
}

/// Every row in id order, for the chain check.
pub fn walk_all(conn: &Connection, f: impl FnMut(&Row) -> Result<()>) -> Result<()> {
    walk(conn, &format!("SELECT {COLS} ORDER BY h.id"), [], false, f)
}

/// The entries of the rows `sql` selects ([`COLS`], in id order), those of
/// `field` only when given.
fn entries(
    conn: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
    field: Option<&str>,
) -> Result<Vec<HistoryEntry>> {
    let mut out = Vec::new();
    walk(conn, sql, params, true, |row| {
        let ledger = Ledger::from_key(&row.ledger).unwrap_or(Ledger::Incident);
        for (i, (f, old, new)) in row.changes.iter().enumerate() {
            if field.is_some_and(|x| x != f) {
                continue;
            }
            out.push(HistoryEntry {
                id: row.id + i as i64,
                ledger,
                no: row.record_no.clone(),
                label: label_of(ledger, f),
                field: f.clone(),
                old: old.clone(),
                new: new.clone(),
                actor: row.actor.clone(),
                at: row.at.clone(),
                action: row.action.clone(),
            });
        }
        Ok(())
    })?;
    Ok(out)
}

pub fn for_record(conn: &Connection, ledger: Ledger, no: &str) -> Result<Vec<HistoryEntry>> {
    let Some(subject) = subject_of(conn, ledger.key(), no)? else {
        return Ok(Vec::new());
    };
    entries(
        conn,
        &format!("SELECT {COLS} WHERE h.subject = ?1 ORDER BY h.id"),
        [subject],
        None,
    )
}

/// Every change made on a day (`at` in [day, next day)).
pub fn for_day(conn: &Connection, day: &str, next_day: &str) -> Result<Vec<HistoryEntry>> {
    entries(
        conn,
        &format!(
            "SELECT {ROW} FROM {IN_BLOCKS}
             WHERE b.max_at >= ?1 AND b.min_at < ?2 AND h.id >= b.first AND h.id < b.next
               AND h.at >= ?1 AND h.at < ?2 AND s.ledger <> '{SYSTEM}' ORDER BY h.id"
        ),
        [at_bound(day), at_bound(next_day)],
        None,
    )
}

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
    if !STATUS_FIELDS.contains(&field) {
        return entries(
            conn,
            &format!(
                "SELECT {ROW} FROM {IN_BLOCKS}
                 WHERE b.max_at >= ?2 AND b.min_at < ?3 AND h.id >= b.first AND h.id < b.next
                   AND h.at >= ?2 AND h.at < ?3 AND s.ledger = ?1 ORDER BY h.id"
            ),
            rusqlite::params![ledger.key(), at_bound(from), at_bound(to)],
            Some(field),
        );
    }
    let texts = StatusTexts::load(conn)?;
    let mut times = Times::new();
    let (Some(l), Some(f)) = (code_of(conn, ledger.key())?, code_of(conn, field)?) else {
        return Ok(Vec::new());
    };
    let mut st = conn.prepare_cached(
        "SELECT id, record, old_value, new_value, actor, at, action FROM status_changes
         WHERE ledger = ?1 AND field = ?2 AND at >= ?3 AND at < ?4 ORDER BY id",
    )?;
    // One field: its label is looked up once, not per row.
    let label = label_of(ledger, field);
    let mut rows = st.query([l, f, seconds(from)?, seconds(to)?])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(HistoryEntry {
            id: r.get(0)?,
            ledger,
            no: texts.record_no(ledger, r.get(1)?),
            field: field.to_string(),
            label: label.clone(),
            old: texts.opt(r.get(2)?).map(str::to_string),
            new: texts.opt(r.get(3)?).map(str::to_string),
            actor: texts.text(r.get(4)?).to_string(),
            at: times.at(r.get(5)?).to_string(),
            action: texts.text(r.get(6)?).to_string(),
        });
    }
    Ok(out)
}

/// The last `limit` entries of the ledgers, newest first.
pub fn recent(conn: &Connection, limit: i64) -> Result<Vec<HistoryEntry>> {
    let limit = usize::try_from(limit).unwrap_or(0);
    let mut out = Vec::new();
    // Newest actions first; each holds at least one entry.
    let actions = entries(
        conn,
        &format!(
            "SELECT {COLS} WHERE h.id IN (SELECT h.id FROM history h
             JOIN history_subjects s ON s.id = h.subject WHERE s.ledger <> '{SYSTEM}'
             ORDER BY h.id DESC LIMIT ?1) ORDER BY h.id"
        ),
        [limit as i64],
        None,
    )?;
    out.extend(actions.into_iter().rev().take(limit));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_changes_hold_exactly_the_status_entries_of_the_history() {
        let mut d = crate::Daicho::open_in_memory().unwrap();
        crate::demo::fill(&mut d, 150, 11).unwrap();
        let conn = d.conn();
        let all = format!("SELECT {COLS} WHERE s.ledger = ?1 ORDER BY h.id");
        let mut n = 0;
        for ledger in Ledger::ALL {
            for field in STATUS_FIELDS {
                let got = field_changes_between(&conn, ledger, field, "1900-01-01", "9999-12-31")
                    .unwrap();
                let want = entries(&conn, &all, [ledger.key()], Some(field)).unwrap();
                n += got.len();
                let text = |v: &[HistoryEntry]| serde_json::to_string(v).unwrap();
                assert_eq!(text(&got), text(&want), "{ledger:?} {field}");
            }
        }
        assert!(n > 500, "{n}");
        // The history holds far fewer rows than entries.
        let (rows, entries): (i64, i64) = conn
            .query_row(
                "SELECT COUNT(*), (SELECT COUNT(*) FROM history_entries) FROM history",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert!(rows * 2 < entries, "{rows} rows, {entries} entries");
    }
}
