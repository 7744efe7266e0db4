//! Reading the history as entries (one changed field or child row each),
//! numbered as [`super::chain`] describes.

use rusqlite::Connection;

use super::history::{STATUS_FIELDS, SYSTEM};
use super::status_codes::{code_of, seconds, Texts, Times};
use crate::domain::ledger::{ChildDef, Ledger};
use crate::domain::record::HistoryEntry;
use crate::error::{Error, ErrorKind, Result};

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

const COLS: &str = "id, ledger, record_no, actor, at, action, changes";

type Stored = (String, Option<String>, Option<String>);

/// The entries of the action rows `sql` selects ([`COLS`], in id order),
/// those of `field` only when given.
fn entries(
    conn: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
    field: Option<&str>,
) -> Result<Vec<HistoryEntry>> {
    let mut st = conn.prepare_cached(sql)?;
    let mut rows = st.query(params)?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let ledger_key: String = r.get(1)?;
        let ledger = Ledger::from_key(&ledger_key).unwrap_or(Ledger::Incident);
        let text: String = r.get(6)?;
        let changes: Vec<Stored> = serde_json::from_str(&text).map_err(|e| {
            Error::new(
                ErrorKind::Storage,
                format!("変更履歴 #{id} を読めません。`daicho verify` で履歴を確認してください。"),
            )
            .with_detail(e.to_string())
        })?;
        let (no, actor, at, action): (String, String, String, String) =
            (r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?);
        for (i, (f, old, new)) in changes.into_iter().enumerate() {
            if field.is_some_and(|x| x != f) {
                continue;
            }
            out.push(HistoryEntry {
                id: id + i as i64,
                ledger,
                no: no.clone(),
                label: label_of(ledger, &f),
                field: f,
                old,
                new,
                actor: actor.clone(),
                at: at.clone(),
                action: action.clone(),
            });
        }
    }
    Ok(out)
}

pub fn for_record(conn: &Connection, ledger: Ledger, no: &str) -> Result<Vec<HistoryEntry>> {
    entries(
        conn,
        &format!("SELECT {COLS} FROM history WHERE ledger = ?1 AND record_no = ?2 ORDER BY id"),
        [ledger.key(), no],
        None,
    )
}

/// Every change made on a day (`at` in [day, next day)).
pub fn for_day(conn: &Connection, day: &str, next_day: &str) -> Result<Vec<HistoryEntry>> {
    entries(
        conn,
        &format!(
            "SELECT {COLS} FROM history WHERE at >= ?1 AND at < ?2 AND ledger <> '{SYSTEM}' ORDER BY id"
        ),
        [day, next_day],
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
                "SELECT {COLS} FROM history WHERE at >= ?2 AND at < ?3 AND ledger = ?1 ORDER BY id"
            ),
            [ledger.key(), from, to],
            Some(field),
        );
    }
    let texts = Texts::load(conn)?;
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
    let mut no = String::new();
    while let Some(r) = rows.next()? {
        out.push(HistoryEntry {
            id: r.get(0)?,
            ledger,
            no: texts.record_no(ledger, r.get(1)?, &mut no).to_string(),
            field: field.to_string(),
            label: label.clone(),
            old: texts.opt(r.get(2)?).map(str::to_string),
            new: texts.opt(r.get(3)?).map(str::to_string),
            actor: texts.get(r.get(4)?).to_string(),
            at: times.at(r.get(5)?).to_string(),
            action: texts.get(r.get(6)?).to_string(),
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
            "SELECT {COLS} FROM (SELECT {COLS} FROM history WHERE ledger <> '{SYSTEM}'
             ORDER BY id DESC LIMIT ?1) ORDER BY id"
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
        let all = "SELECT id, ledger, record_no, actor, at, action, changes FROM history
                   WHERE ledger = ?1 ORDER BY id";
        let mut n = 0;
        for ledger in Ledger::ALL {
            for field in STATUS_FIELDS {
                let got = field_changes_between(&conn, ledger, field, "1900-01-01", "9999-12-31")
                    .unwrap();
                let want = entries(&conn, all, [ledger.key()], Some(field)).unwrap();
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
