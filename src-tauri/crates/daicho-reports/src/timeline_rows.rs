//! Builds the status timelines of a ledger from the store's coded scans:
//! the status changes as numbers (a text is shared once per code, a record
//! found by its key), and only the stamped dates of actions that stamped
//! another day (see [`crate::timeline`] for what
//! the timelines mean; [`crate::timeline::timelines`] is the plain reading
//! of the same rules, kept as the reference the tests compare with).

// Fx hashing: these maps are probed once per status change of a ledger.
use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use daicho_core::domain::ledger::Ledger;
use daicho_core::service::{StampRow, StatusTexts};
use daicho_core::{Daicho, Record, Result};

use crate::by_key::ByKey;
use crate::timeline::{parse_shown_date, synthetic, Event, Timeline, STAMPS};
use crate::timeline_light::{secs, LightEvent, LightTimelines};
use daicho_core::domain::workflow;

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

/// `at` seconds (UTC) as the instant the history shows.
fn instant(secs: i64) -> Option<NaiveDateTime> {
    chrono::DateTime::from_timestamp(secs, 0).map(|t| t.naive_utc())
}

/// Key of an action: (record key, `at` in seconds).
type ActionKey = (i64, i64);

/// (record key, at) → stamped date of the same action, for the actions of
/// `ledger` that stamped another day; every other action counts at its `at`.
pub type Stamped = HashMap<ActionKey, NaiveDate>;

pub fn stamped(d: &Daicho, ledger: Ledger, texts: &StatusTexts) -> Result<Stamped> {
    let fields: Vec<&str> = STAMPS
        .iter()
        .copied()
        .filter(|f| ledger.field(f).is_some())
        .collect();
    // Rows without a value stamp nothing.
    let code = |s: &StampRow| usize::try_from(s.row.new?).ok();
    // Per code: the day its text shows when written as the history writes
    // an action's day (`2026/11/3`), and the date it means when read.
    let mut own_day: Vec<Option<Option<NaiveDate>>> = vec![None; texts.len()];
    let mut shown: Vec<Option<Option<NaiveDate>>> = vec![None; texts.len()];
    let cached = |cache: &mut Vec<Option<Option<NaiveDate>>>,
                  code: usize,
                  f: fn(&str) -> Option<NaiveDate>| {
        if cache.len() <= code {
            cache.resize(code + 1, None);
        }
        *cache[code].get_or_insert_with(|| f(texts.text(code as i64)))
    };
    // Actions with a stamp showing a day other than their own: few, often
    // none, so the rows are read twice rather than kept (at 100k records
    // they are hundreds of thousands).
    let mut other: HashMap<ActionKey, ()> = HashMap::default();
    d.for_each_stamp_row(ledger, &fields, |s| {
        let Some(code) = code(s) else { return };
        let day = instant(s.row.at).map(|t| t.date());
        if cached(&mut own_day, code, written_day) != day || day.is_none() {
            other.insert((s.row.record, s.row.at), ());
        }
    })?;
    if other.is_empty() {
        return Ok(Stamped::default());
    }
    // Of each such action, the first readable date by field order, then
    // history order.
    let mut best: HashMap<ActionKey, ((usize, i64), NaiveDate)> = HashMap::default();
    d.for_each_stamp_row(ledger, &fields, |s| {
        let key = (s.row.record, s.row.at);
        if !other.contains_key(&key) {
            return;
        }
        let Some(date) = code(s).and_then(|code| cached(&mut shown, code, parse_shown_date)) else {
            return;
        };
        let rank = (s.field, s.row.id);
        best.entry(key)
            .and_modify(|b| {
                if rank < b.0 {
                    *b = (rank, date);
                }
            })
            .or_insert((rank, date));
    })?;
    Ok(best.into_iter().map(|(k, (_, date))| (k, date)).collect())
}

/// The day `text` names when it is written exactly as the history writes an
/// action's day (`2026/11/3`: no leading zeros).
fn written_day(text: &str) -> Option<NaiveDate> {
    let date = NaiveDate::parse_from_str(text, "%Y/%m/%d").ok()?;
    (date.format("%Y/%-m/%-d").to_string() == text).then_some(date)
}

/// The last status of the records of a ledger left out of a scan's
/// `records`, by record key ([`StatusTexts::record_key`]).
#[derive(Default)]
pub struct LastStatus {
    /// The code of each record's last status (0: none; codes start at 1).
    codes: ByKey<i64>,
    /// The text of each code met.
    texts: Vec<Option<Arc<str>>>,
}

impl LastStatus {
    pub fn get(&self, key: i64) -> Option<&Arc<str>> {
        let code = *self.codes.get(key)?;
        self.texts.get(usize::try_from(code).ok()?)?.as_ref()
    }

    /// Every record left out, with its last status.
    pub fn iter(&self) -> impl Iterator<Item = (i64, &Arc<str>)> {
        self.codes
            .iter()
            .filter_map(|(key, _)| Some((key, self.get(key)?)))
    }
}

/// The shared text of each code, made on first use.
struct Shared<'a> {
    texts: &'a StatusTexts,
    arcs: Vec<Option<Arc<str>>>,
}

impl Shared<'_> {
    fn get(&mut self, code: i64) -> Arc<str> {
        self.arc(code).clone()
    }

    fn arc(&mut self, code: i64) -> &Arc<str> {
        let i = usize::try_from(code).unwrap_or(0);
        if self.arcs.len() <= i {
            self.arcs.resize(i + 1, None);
        }
        self.arcs[i].get_or_insert_with(|| Arc::from(self.texts.text(code)))
    }
}

/// What a reading of a ledger's status rows decodes them with.
#[derive(Clone, Copy)]
pub struct Codes<'a> {
    pub texts: &'a StatusTexts,
    pub stamped: &'a Stamped,
    /// Business closing time: a stamped date counts then.
    pub closing: NaiveTime,
}

/// The timelines of `records` (live records of `ledger`), in their order.
pub fn load_timelines(
    d: &Daicho,
    ledger: Ledger,
    records: &[Record],
    closing: NaiveTime,
) -> Result<Vec<Timeline>> {
    let texts = d.status_texts()?;
    let stamped = stamped(d, ledger, &texts)?;
    let codes = Codes {
        texts: &texts,
        stamped: &stamped,
        closing,
    };
    Ok(load_timelines_with(d, ledger, records, &codes, false, None)?.0)
}

/// [`load_timelines`] with the stamps read; with `check_others`, also the
/// last status of each record not in `records` that has a status history
/// (the status such a record has kept since its last change); with `light`,
/// also the compact timeline of every record with a status history.
pub fn load_timelines_with(
    d: &Daicho,
    ledger: Ledger,
    records: &[Record],
    codes: &Codes<'_>,
    check_others: bool,
    mut light: Option<&mut LightTimelines>,
) -> Result<(Vec<Timeline>, LastStatus)> {
    let Codes {
        texts,
        stamped,
        closing,
    } = *codes;
    let pos: HashMap<i64, usize> = records
        .iter()
        .enumerate()
        .filter_map(|(i, r)| Some((texts.record_key(ledger, &r.no)?, i)))
        .collect();
    let mut events: Vec<Vec<Event>> = vec![Vec::new(); records.len()];
    let mut shared = Shared {
        texts,
        arcs: Vec::new(),
    };
    // Per code: (closed, 開発見送り), for the compact timelines.
    let mut kinds: Vec<Option<(bool, bool)>> = vec![None; texts.len()];
    let mut kind = |code: i64| -> (bool, bool) {
        let i = usize::try_from(code).unwrap_or(0);
        if kinds.len() <= i {
            kinds.resize(i + 1, None);
        }
        *kinds[i].get_or_insert_with(|| {
            let text = texts.text(code);
            (
                workflow::is_closed(ledger, text),
                text == workflow::status::DROPPED,
            )
        })
    };
    // The instants the history can hold (beyond them a row has no time).
    let valid = secs(NaiveDateTime::MIN)..=secs(NaiveDateTime::MAX);
    let mut last = ByKey::<i64>::default();
    d.for_each_status_code(ledger, |h| {
        // As the timeline reads it: rows with a new status and a time.
        let Some(new) = h.new else { return };
        if !valid.contains(&h.at) {
            return;
        }
        // A stamped date other than the day entered moves a change.
        let moved = match stamped.get(&(h.record, h.at)) {
            Some(date) if h.old.is_some() => {
                let at = instant(h.at).expect("a valid instant");
                (*date != at.date()).then(|| date.and_time(closing))
            }
            _ => None,
        };
        if let Some(light) = light.as_deref_mut() {
            let (to_closed, to_dropped) = kind(new);
            let from_closed = h.old.is_some_and(|c| kind(c).0);
            let e = LightEvent {
                when: moved.map_or(h.at, secs),
                to_closed,
                closes: to_closed && !(from_closed && h.old == Some(new)),
                to_dropped,
            };
            let initial_closed = if h.old.is_some() {
                from_closed
            } else {
                to_closed
            };
            light.push(h.record, e, initial_closed);
        }
        let Some(&i) = pos.get(&h.record) else {
            if check_others {
                *last.slot(h.record) = new;
            }
            return;
        };
        let at = instant(h.at).expect("a valid instant");
        let events = &mut events[i];
        if events.capacity() == 0 {
            // Most records have a handful of changes: one allocation.
            events.reserve_exact(8);
        }
        events.push(Event::new(
            ledger,
            (moved.unwrap_or(at), at),
            h.old.map(|c| shared.get(c)),
            shared.get(new),
            shared.get(h.actor),
            shared.get(h.action),
        ));
    })?;
    // The text of every last status, shared with the events' texts.
    for (_, &code) in last.iter().filter(|(_, code)| **code > 0) {
        shared.arc(code);
    }
    let others = LastStatus {
        codes: last,
        texts: shared.arcs,
    };
    let timelines = records
        .iter()
        .zip(events)
        .map(|(r, mut events)| match events.first() {
            None => synthetic(ledger, r, closing),
            Some(first) => Timeline {
                ledger,
                // The creation row has no `from`: its own `to` is the start.
                initial: first.from.clone().unwrap_or_else(|| first.to.clone()),
                // Pushing doubled the capacity: give back the rest (at 100k
                // records, tens of MB).
                events: {
                    events.shrink_to_fit();
                    events
                },
            },
        })
        .collect();
    Ok((timelines, others))
}
