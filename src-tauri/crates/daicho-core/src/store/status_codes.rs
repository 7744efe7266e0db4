//! `status_changes` in its narrow form (migration 10): texts are stored once
//! in `status_texts` and referred to by code, a record number `I-0001` by its
//! sequence (any other number, e.g. a release's version, by minus the code
//! of its text) and `at` as seconds (`YYYY-MM-DDTHH:MM:SS` read as UTC). The
//! store writes rows here ([`insert`]) and its readers decode them.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, OptionalExtension};

use crate::domain::ledger::{format_no, parse_no};
use crate::error::{Error, Result};

/// The code of `text`, if some row uses it.
pub(super) fn code_of(conn: &Connection, text: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT code FROM status_texts WHERE text = ?1")?
        .query_row([text], |r| r.get(0))
        .optional()?)
}

/// The code of `text`, added if new; `seen` remembers codes for the rest of
/// the write (it must not outlive it: a rolled-back code may be reused).
fn code(conn: &Connection, seen: &mut HashMap<String, i64>, text: &str) -> Result<i64> {
    if let Some(code) = seen.get(text) {
        return Ok(*code);
    }
    let code = match code_of(conn, text)? {
        Some(code) => code,
        None => {
            conn.prepare_cached("INSERT INTO status_texts (text) VALUES (?1)")?
                .execute([text])?;
            conn.last_insert_rowid()
        }
    };
    seen.insert(text.to_string(), code);
    Ok(code)
}

/// One change as the history holds it: `[ledger, field, record_no, actor,
/// at, action]`, its entry id, and old and new values.
pub(super) fn insert(
    conn: &Connection,
    seen: &mut HashMap<String, i64>,
    texts: [&str; 6],
    id: i64,
    old: Option<&str>,
    new: Option<&str>,
) -> Result<()> {
    let [ledger, field, no, actor, at, action] = texts;
    let seq = parse_no(no)
        .filter(|(l, seq)| l.key() == ledger && format_no(*l, *seq) == no)
        .map(|(_, seq)| seq);
    let record = match seq {
        Some(seq) => seq,
        None => -code(conn, seen, no)?,
    };
    // Codes in the order they were always given (a new text's code is its
    // turn): ledger, field, old, new, actor, action.
    let ledger = code(conn, seen, ledger)?;
    let field = code(conn, seen, field)?;
    let old = old.map(|v| code(conn, seen, v)).transpose()?;
    let new = new.map(|v| code(conn, seen, v)).transpose()?;
    let actor = code(conn, seen, actor)?;
    let at = seconds(at)?;
    let action = code(conn, seen, action)?;
    conn.prepare_cached(
        "INSERT INTO status_changes (ledger, field, id, record, old_value, new_value, actor, at, action)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(rusqlite::params![
        ledger, field, id, record, old, new, actor, at, action
    ])?;
    Ok(())
}

/// `YYYY-MM-DDTHH:MM:SS` (or a day, meaning its midnight) as seconds: an
/// `at` of the history or a bound compared with it.
pub(super) fn seconds(at: &str) -> Result<i64> {
    let t = NaiveDateTime::parse_from_str(at, "%Y-%m-%dT%H:%M:%S")
        .or_else(|_| {
            NaiveDate::parse_from_str(at, "%Y-%m-%d").map(|d| d.and_time(Default::default()))
        })
        .map_err(|_| {
            Error::invalid(format!(
                "日時 {at} を読めません。YYYY-MM-DDTHH:MM:SS の形で指定してください。"
            ))
        })?;
    Ok(t.and_utc().timestamp())
}

/// `at` decoded as the history writes it (`YYYY-MM-DDTHH:MM:SS`), keeping
/// the last one (an action's rows share it).
pub(super) struct Times(i64, String);

impl Times {
    pub fn new() -> Times {
        Times(i64::MIN, String::new())
    }

    pub fn at(&mut self, secs: i64) -> &str {
        if self.0 != secs {
            self.0 = secs;
            self.1 = format_at(secs);
        }
        &self.1
    }
}

fn format_at(secs: i64) -> String {
    // Days to civil date (H. Hinnant's algorithm): this runs once per row
    // of the reports' scans, where chrono's formatter shows in the profile.
    let (days, t) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    let mut out = String::with_capacity(19);
    for (value, width, sep) in [
        (y, 4, '-'),
        (m, 2, '-'),
        (d, 2, 'T'),
        (t / 3600, 2, ':'),
        (t / 60 % 60, 2, ':'),
        (t % 60, 2, ' '),
    ] {
        crate::domain::ledger::push_padded(&mut out, value, width);
        if sep != ' ' {
            out.push(sep);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ledger::Ledger;
    use crate::store::status_scan::StatusTexts;

    #[test]
    fn times_and_numbers_come_back_as_written() {
        for at in [
            "1970-01-01T00:00:00",
            "2026-11-30T10:00:00",
            "1999-12-31T23:59:59",
        ] {
            assert_eq!(format_at(seconds(at).unwrap()), at);
        }
        assert_eq!(
            seconds("2026-11-01").unwrap(),
            seconds("2026-11-01T00:00:00").unwrap()
        );
        assert!(seconds("2026/11/01").is_err());
        let store = super::super::Store::open_in_memory().unwrap();
        let conn = store.read();
        for (ledger, no) in [
            ("incident", "I-0007"),
            ("incident", "I-12345"),
            ("release", "1.2.0"),
            ("change", "C-7"),
        ] {
            let l: Ledger = ledger.parse().unwrap();
            let id = no.len() as i64 + if ledger == "incident" { 0 } else { 100 };
            insert(
                &conn,
                &mut HashMap::new(),
                [ledger, "status", no, "吉岡", "2026-11-30T10:00:00", "起票"],
                id,
                None,
                Some("受付"),
            )
            .unwrap();
            let record: i64 = conn
                .query_row(
                    "SELECT record FROM status_changes WHERE id = ?1",
                    [id],
                    |r| r.get(0),
                )
                .unwrap();
            let texts = StatusTexts::load(&conn).unwrap();
            assert_eq!(texts.record_no(l, record), no);
            assert_eq!(record > 0, !matches!(no, "1.2.0" | "C-7"), "{no}");
        }
    }

    type Row = (
        i64,
        String,
        Option<String>,
        Option<String>,
        String,
        String,
        String,
    );

    #[test]
    fn migration_10_keeps_every_status_change_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("src.db");
        let mut d = crate::Daicho::open_or_create(&src).unwrap();
        crate::demo::fill(&mut d, 40, 5).unwrap();
        drop(d);
        let old = dir.path().join("old.db");
        super::super::chain_v1::write_v5_copy(&src, &old).unwrap();
        let mut conn = Connection::open(old).unwrap();
        super::super::migrate(&mut conn, 9).unwrap();
        // A release's version and a number not in `I-0001` form keep their text.
        conn.execute(
            "UPDATE status_changes SET record_no = 'C-7' WHERE id = (SELECT min(id) FROM status_changes WHERE ledger = 'change')",
            [],
        )
        .unwrap();
        let mut want: Vec<Vec<Row>> = Vec::new();
        for ledger in Ledger::ALL {
            for field in super::super::history::STATUS_FIELDS {
                let mut st = conn
                    .prepare(
                        "SELECT id, record_no, old_value, new_value, actor, at, action FROM status_changes
                         WHERE ledger = ?1 AND field = ?2 ORDER BY id",
                    )
                    .unwrap();
                let rows = st
                    .query_map([ledger.key(), field], |r| {
                        Ok((
                            r.get(0)?,
                            r.get(1)?,
                            r.get(2)?,
                            r.get(3)?,
                            r.get(4)?,
                            r.get(5)?,
                            r.get(6)?,
                        ))
                    })
                    .unwrap();
                want.push(rows.collect::<std::result::Result<_, _>>().unwrap());
            }
        }
        super::super::migrate(&mut conn, 10).unwrap();
        let mut got: Vec<Vec<Row>> = Vec::new();
        for ledger in Ledger::ALL {
            for field in super::super::history::STATUS_FIELDS {
                let rows = super::super::history_read::field_changes_between(
                    &conn,
                    ledger,
                    field,
                    "1900-01-01",
                    "9999-12-31",
                )
                .unwrap();
                got.push(
                    rows.into_iter()
                        .map(|e| (e.id, e.no, e.old, e.new, e.actor, e.at, e.action))
                        .collect(),
                );
            }
        }
        assert_eq!(got, want);
        let n: usize = want.iter().map(Vec::len).sum();
        assert!(n > 100, "{n}");
        let texts: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM status_changes WHERE record < 0",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(texts >= 1, "{texts}");
        assert!(got.iter().flatten().any(|r| r.1 == "C-7"));
    }
}
