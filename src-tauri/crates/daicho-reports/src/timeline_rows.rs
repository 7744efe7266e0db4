//! Builds the status timelines of a ledger from the store's narrow reads:
//! the status changes streamed without copies, and only the stamped dates
//! of actions that stamped another day (see [`crate::timeline`] for what
//! the timelines mean; [`crate::timeline::timelines`] is the plain reading
//! of the same rules, kept as the reference the tests compare with).

// Fx hashing: these maps are probed once per status change of a ledger.
use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use daicho_core::domain::ledger::Ledger;
use daicho_core::{Daicho, Record, Result};

use crate::timeline::{parse_at, parse_shown_date, synthetic, Event, Timeline, STAMPS};

/// Shares the few distinct texts (statuses, actors, actions) among events.
#[derive(Default)]
pub(crate) struct Interner(HashMap<Box<str>, Arc<str>>);

impl Interner {
    pub(crate) fn get(&mut self, s: &str) -> Arc<str> {
        if let Some(a) = self.0.get(s) {
            return a.clone();
        }
        let a: Arc<str> = Arc::from(s);
        self.0.insert(Box::from(s), a.clone());
        a
    }
}

/// `YYYY-MM-DDTHH:MM:SS` read by hand (the store writes every `at` so);
/// anything else goes through [`parse_at`].
fn fast_at(s: &str) -> Option<NaiveDateTime> {
    let b = s.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |acc, c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    if b.len() == 19
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && b[13] == b':'
        && b[16] == b':'
    {
        let date = NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?);
        let time = NaiveTime::from_hms_opt(num(11..13)?, num(14..16)?, num(17..19)?);
        if let (Some(d), Some(t)) = (date, time) {
            return Some(d.and_time(t));
        }
    }
    parse_at(s)
}

/// (no, at) → stamped date of the same action, for the actions of `ledger`
/// that stamped another day; every other action counts at its `at`.
pub type Stamped = HashMap<(String, String), NaiveDate>;

pub fn stamped(d: &Daicho, ledger: Ledger) -> Result<Stamped> {
    let fields: Vec<&str> = STAMPS
        .iter()
        .copied()
        .filter(|f| ledger.field(f).is_some())
        .collect();
    let mut stamped = Stamped::default();
    for (no, at, shown) in d.stamps_of_other_days(ledger, &fields)? {
        if let Some(date) = parse_shown_date(&shown) {
            stamped.entry((no, at)).or_insert(date);
        }
    }
    Ok(stamped)
}

/// The last status of records, by number.
pub type LastStatus = HashMap<Box<str>, Arc<str>>;

/// The timelines of `records` (live records of `ledger`), in their order.
pub fn load_timelines(
    d: &Daicho,
    ledger: Ledger,
    records: &[Record],
    closing: NaiveTime,
) -> Result<Vec<Timeline>> {
    let stamped = stamped(d, ledger)?;
    Ok(load_timelines_with(d, ledger, records, closing, &stamped, false)?.0)
}

/// [`load_timelines`] with the stamps read; with `check_others`, also the
/// last status of each number not in `records` that has a status history
/// (the status such a record has kept since its last change).
pub fn load_timelines_with(
    d: &Daicho,
    ledger: Ledger,
    records: &[Record],
    closing: NaiveTime,
    stamped: &Stamped,
    check_others: bool,
) -> Result<(Vec<Timeline>, LastStatus)> {
    let pos: HashMap<&str, usize> = records
        .iter()
        .enumerate()
        .map(|(i, r)| (r.no.as_str(), i))
        .collect();
    let mut events: Vec<Vec<Event>> = vec![Vec::new(); records.len()];
    let mut others = LastStatus::default();
    let mut texts = Interner::default();
    let mut key = (String::new(), String::new());
    d.for_each_status_change(ledger, |h| {
        let Some(&i) = pos.get(h.no) else {
            // As the timeline reads it: rows with a new status and time.
            if let (true, Some(new), Some(_)) = (check_others, h.new, fast_at(h.at)) {
                let new = texts.get(new);
                match others.get_mut(h.no) {
                    Some(o) => *o = new,
                    None => {
                        others.insert(Box::from(h.no), new);
                    }
                }
            }
            return;
        };
        let (Some(at), Some(new)) = (fast_at(h.at), h.new) else {
            return;
        };
        let date = if stamped.is_empty() {
            None
        } else {
            key.0.replace_range(.., h.no);
            key.1.replace_range(.., h.at);
            stamped.get(&key)
        };
        let when = match date {
            Some(date) if *date != at.date() && h.old.is_some() => date.and_time(closing),
            _ => at,
        };
        events[i].push(Event {
            when,
            at,
            from: h.old.map(|s| texts.get(s)),
            to: texts.get(new),
            actor: texts.get(h.actor),
            action: texts.get(h.action),
        });
    })?;
    let timelines = records
        .iter()
        .zip(events)
        .map(|(r, events)| match events.first() {
            None => synthetic(ledger, r, closing),
            Some(first) => Timeline {
                ledger,
                // The creation row has no `from`: its own `to` is the start.
                initial: first.from.clone().unwrap_or_else(|| first.to.clone()),
                events,
            },
        })
        .collect();
    Ok((timelines, others))
}
