//! The reports' scans of `status_changes` in its coded form: rows are handed
//! out as numbers (text codes, the record's key, `at` as seconds) and
//! [`StatusTexts`] decodes only what a report keeps. At 100k records a scan
//! passes over about a million rows, where building strings per row showed.

use std::collections::HashMap;

use rusqlite::Connection;

use super::status_codes::code_of;
use crate::domain::ledger::{format_no, parse_no, Ledger};
use crate::error::Result;

/// The texts of `status_texts` by code, and the mapping between a record's
/// number and the key its rows carry.
pub struct StatusTexts {
    /// By code (codes are row ids: dense from 1).
    texts: Vec<String>,
    /// Code by text, for numbers not of the `I-0001` form.
    codes: HashMap<String, i64>,
}

impl StatusTexts {
    pub(crate) fn load(conn: &Connection) -> Result<StatusTexts> {
        let mut st = conn.prepare_cached("SELECT code, text FROM status_texts")?;
        let (mut texts, mut codes) = (Vec::new(), HashMap::new());
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let code: i64 = r.get(0)?;
            let text: String = r.get(1)?;
            let i = usize::try_from(code).unwrap_or(0);
            if texts.len() <= i {
                texts.resize(i + 1, String::new());
            }
            texts[i] = text.clone();
            codes.insert(text, code);
        }
        Ok(StatusTexts { texts, codes })
    }

    /// One more than the largest code.
    pub fn len(&self) -> usize {
        self.texts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.texts.is_empty()
    }

    pub fn opt(&self, code: Option<i64>) -> Option<&str> {
        code.map(|c| self.text(c))
    }

    /// The text of `code` (empty for an unknown one).
    pub fn text(&self, code: i64) -> &str {
        usize::try_from(code)
            .ok()
            .and_then(|c| self.texts.get(c))
            .map_or("", String::as_str)
    }

    /// The key the rows of record `no` carry: its sequence for `I-0001`,
    /// minus the code of its text otherwise; `None` when no row names it.
    pub fn record_key(&self, ledger: Ledger, no: &str) -> Option<i64> {
        // `I-0001` as the store writes it, read without parse_no's folding
        // (the reports ask this for every record).
        let canonical = ledger
            .prefix()
            .and_then(|p| no.strip_prefix(p))
            .and_then(|r| r.strip_prefix('-'))
            .filter(|d| d.len() >= 4 && d.bytes().all(|b| b.is_ascii_digit()))
            .filter(|d| d.len() == 4 || !d.starts_with('0'))
            .and_then(|d| d.parse::<i64>().ok())
            .filter(|seq| *seq > 0);
        if canonical.is_some() {
            return canonical;
        }
        let seq = parse_no(no)
            .filter(|(l, seq)| *l == ledger && format_no(*l, *seq) == no)
            .map(|(_, seq)| seq);
        seq.or_else(|| self.codes.get(no).map(|c| -c))
    }

    /// The number of the record whose rows carry `key`.
    pub fn record_no(&self, ledger: Ledger, key: i64) -> String {
        if key > 0 {
            format_no(ledger, key)
        } else {
            self.text(-key).to_string()
        }
    }
}

/// One row of `status_changes`, coded: texts by code, the record by its key
/// ([`StatusTexts::record_key`]), `at` in seconds (read as UTC).
#[derive(Debug, Clone, Copy)]
pub struct StatusCodeRow {
    pub id: i64,
    pub record: i64,
    pub old: Option<i64>,
    pub new: Option<i64>,
    pub actor: i64,
    pub at: i64,
    pub action: i64,
}

/// The columns [`CODED`] selects, as a row.
fn coded(r: &rusqlite::Row<'_>) -> rusqlite::Result<StatusCodeRow> {
    Ok(StatusCodeRow {
        id: r.get(0)?,
        record: r.get(1)?,
        old: r.get(2)?,
        new: r.get(3)?,
        actor: r.get(4)?,
        at: r.get(5)?,
        action: r.get(6)?,
    })
}

/// One field's rows of a ledger, coded, in history order.
const CODED: &str = "SELECT id, record, old_value, new_value, actor, at, action FROM status_changes
     WHERE ledger = ?1 AND field = ?2 ORDER BY id";

/// A ledger's ステータス rows in history order, four columns to a row: a
/// scan passes over every one of them, and each column read costs. Codes
/// are row ids of `status_texts` (from 1, far below 2^31), so two fit in one
/// integer, 0 standing for none.
const PACKED_STATUS: &str = "SELECT record, at,
        (ifnull(old_value, 0) << 32) | ifnull(new_value, 0), (actor << 32) | action
     FROM status_changes WHERE ledger = ?1 AND field = ?2 ORDER BY id";

/// Calls `f` with every ステータス row of `ledger`, in history order (its
/// `id` is not read: 0).
pub fn for_each_status_code(
    conn: &Connection,
    ledger: Ledger,
    mut f: impl FnMut(&StatusCodeRow),
) -> Result<()> {
    let (Some(l), Some(status)) = (code_of(conn, ledger.key())?, code_of(conn, "status")?) else {
        return Ok(());
    };
    let code = |v: i64| (v != 0).then_some(v);
    let mut st = conn.prepare_cached(PACKED_STATUS)?;
    let mut rows = st.query([l, status])?;
    while let Some(r) = rows.next()? {
        let (values, texts): (i64, i64) = (r.get(2)?, r.get(3)?);
        f(&StatusCodeRow {
            id: 0,
            record: r.get(0)?,
            at: r.get(1)?,
            old: code(values >> 32),
            new: code(values & 0xffff_ffff),
            actor: texts >> 32,
            action: texts & 0xffff_ffff,
        });
    }
    Ok(())
}

/// One stamped date row: the position of its field in the list asked for,
/// and the code of the date's text in `value`.
#[derive(Debug, Clone, Copy)]
pub struct StampRow {
    pub field: usize,
    pub row: StatusCodeRow,
}

/// Calls `f` with every row of `ledger` that stamps one of `fields` (e.g.
/// クローズ日), field by field, in history order within each field.
pub fn for_each_stamp_row(
    conn: &Connection,
    ledger: Ledger,
    fields: &[&str],
    mut f: impl FnMut(&StampRow),
) -> Result<()> {
    let Some(l) = code_of(conn, ledger.key())? else {
        return Ok(());
    };
    let mut st = conn.prepare_cached(CODED)?;
    for (i, field) in fields.iter().enumerate() {
        let Some(code) = code_of(conn, field)? else {
            continue;
        };
        let mut rows = st.query([l, code])?;
        while let Some(r) = rows.next()? {
            f(&StampRow {
                field: i,
                row: coded(r)?,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_key_reads_as_the_number_parse_and_format_give() {
        let texts = StatusTexts {
            texts: vec![String::new(), "I-01".into()],
            codes: HashMap::from([("I-01".to_string(), 1)]),
        };
        let slow = |l: Ledger, no: &str| {
            parse_no(no)
                .filter(|(x, seq)| *x == l && format_no(*x, *seq) == no)
                .map(|(_, seq)| seq)
                .or_else(|| texts.codes.get(no).map(|c| -c))
        };
        for no in [
            "I-0001",
            "I-0000",
            "I-12345",
            "I-01234",
            "I-001",
            "I-01",
            "i-0001",
            "S-0001",
            "I-9999",
            "I-10000",
            "I-00010",
            "Ｉ－０００１",
            "I-",
            "I-abcd",
            "1.0.1",
        ] {
            for l in [Ledger::Incident, Ledger::Failure, Ledger::Release] {
                assert_eq!(texts.record_key(l, no), slow(l, no), "{l:?} {no}");
            }
        }
        assert_eq!(texts.record_key(Ledger::Incident, "I-01"), Some(-1));
    }
}
