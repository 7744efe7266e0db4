//! Status timelines in compact form, for the figures that look back twelve
//! months over every record (trend, year on year, 12-month counts): an event
//! is its instant and what it means for closing, not its texts. Read by the
//! same rules as [`crate::timeline::Timeline`] (see there).

use chrono::{NaiveDateTime, NaiveTime};
use daicho_core::domain::ledger::Ledger;
use daicho_core::domain::workflow;
use daicho_core::Record;
use rustc_hash::FxHashMap;

use crate::timeline::Event;

/// One status change, compact.
#[derive(Debug, Clone, Copy)]
pub struct LightEvent {
    pub when: NaiveDateTime,
    pub to_closed: bool,
    pub from_closed: bool,
    /// `from` is the same status as `to`.
    pub same: bool,
    /// `to` is 開発見送り.
    pub to_dropped: bool,
}

impl LightEvent {
    pub fn of(e: &Event) -> LightEvent {
        LightEvent {
            when: e.when,
            to_closed: e.to_closed,
            from_closed: e.from_closed,
            same: e.from.as_deref() == Some(&*e.to),
            to_dropped: &*e.to == workflow::status::DROPPED,
        }
    }

    /// A change into a closed status that counts as a closure (not from the
    /// same closed status).
    fn closes(&self) -> bool {
        self.to_closed && !(self.from_closed && self.same)
    }
}

/// The compact timeline of one record.
#[derive(Debug, Clone, Default)]
pub struct LightTimeline {
    pub initial_closed: bool,
    pub events: Vec<LightEvent>,
}

impl LightTimeline {
    /// Closed at instant `t` (events with `when < t` applied).
    pub fn closed_at(&self, t: NaiveDateTime) -> bool {
        let mut closed = self.initial_closed;
        for e in &self.events {
            if e.when < t {
                closed = e.to_closed;
            }
        }
        closed
    }

    /// The closures with `from <= when < to`.
    pub fn closures_between(
        &self,
        from: NaiveDateTime,
        to: NaiveDateTime,
    ) -> impl Iterator<Item = &LightEvent> + '_ {
        self.events
            .iter()
            .filter(move |e| e.when >= from && e.when < to && e.closes())
    }

    pub fn closed_between(&self, from: NaiveDateTime, to: NaiveDateTime) -> bool {
        self.closures_between(from, to).next().is_some()
    }

    /// The timeline of a record without status history, as
    /// [`crate::timeline::synthetic`] makes it.
    pub fn synthetic(ledger: Ledger, r: &Record, closing: NaiveTime) -> LightTimeline {
        let tl = crate::timeline::synthetic(ledger, r, closing);
        LightTimeline {
            initial_closed: workflow::is_closed(ledger, &tl.initial),
            events: tl.events.iter().map(LightEvent::of).collect(),
        }
    }
}

/// The compact timelines of a ledger's records with a status history, by
/// record key (`StatusTexts::record_key`).
#[derive(Debug, Default)]
pub struct LightTimelines(pub FxHashMap<i64, LightTimeline>);

impl LightTimelines {
    /// Adds `e` to the timeline of record `key`; the first event of a record
    /// gives its initial status (`from`, or `to` for the creation row, which
    /// has no `from`).
    pub fn push(&mut self, key: i64, e: LightEvent, has_from: bool) {
        let tl = self.0.entry(key).or_insert_with(|| LightTimeline {
            initial_closed: if has_from { e.from_closed } else { e.to_closed },
            events: Vec::new(),
        });
        tl.events.push(e);
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use chrono::NaiveDate;
    use daicho_core::domain::workflow::status::{DECIDED, DONE, NOT_STARTED};

    use super::*;
    use crate::timeline::Timeline;

    #[test]
    fn the_compact_timeline_reads_as_the_full_one() {
        let day = |d: u32| {
            NaiveDate::from_ymd_opt(2026, 10, d)
                .unwrap()
                .and_hms_opt(12, 0, 0)
                .unwrap()
        };
        let s = |t: &str| -> Arc<str> { Arc::from(t) };
        let event = |d: u32, from: Option<&str>, to: &str| {
            Event::new(
                Ledger::Incident,
                (day(d), day(d)),
                from.map(s),
                s(to),
                s(""),
                s(""),
            )
        };
        // Created, decided, closed, closed again (no new closure), reopened,
        // closed.
        let events = vec![
            event(1, None, NOT_STARTED),
            event(3, Some(NOT_STARTED), DECIDED),
            event(5, Some(DECIDED), DONE),
            event(6, Some(DONE), DONE),
            event(8, Some(DONE), DECIDED),
            event(10, Some(DECIDED), DONE),
        ];
        let full = Timeline {
            ledger: Ledger::Incident,
            initial: s(NOT_STARTED),
            events: events.clone(),
        };
        let mut light = LightTimelines::default();
        for e in &events {
            light.push(7, LightEvent::of(e), e.from.is_some());
        }
        let light = &light.0[&7];
        for a in 0..=12 {
            let t = day(1) + chrono::Duration::hours(12 * a);
            assert_eq!(light.closed_at(t), full.closed_at(t), "{t}");
            for b in a..=24 {
                let u = day(1) + chrono::Duration::hours(12 * b);
                assert_eq!(
                    light.closures_between(t, u).count(),
                    full.closures_between(t, u).len(),
                    "{t} – {u}"
                );
            }
        }
        assert_eq!(light.closures_between(day(1), day(12)).count(), 2);
    }
}
