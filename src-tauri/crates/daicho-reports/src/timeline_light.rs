//! Status timelines as the look-back reads them (trend, year on year,
//! 12-month counts): only at a fixed set of instants, each counted month's
//! start and cut-off and the 見送り window ([`Marks`]). A record's timeline is
//! then a few bits and counts, built event by event while the status rows
//! are read, with no event kept. Read by the same rules as
//! [`crate::timeline::Timeline`] (see there); a test compares the two.

use chrono::{NaiveDateTime, NaiveTime};
use daicho_core::domain::ledger::Ledger;
use daicho_core::domain::workflow;
use daicho_core::Record;

use crate::by_key::ByKey;
use crate::timeline::{Event, Timeline};

/// `t` in seconds (UTC), as the history stores instants.
pub fn secs(t: NaiveDateTime) -> i64 {
    t.and_utc().timestamp()
}

/// The instants a look-back reads timelines at.
#[derive(Debug, Clone)]
pub struct Marks {
    /// Per month counted, oldest first (at most 16): its start and cut-off.
    months: Vec<(i64, i64)>,
    /// Closures into 開発見送り from the first instant to before the last
    /// count; those from the middle one on count in the month too.
    drops: (i64, i64, i64),
}

impl Marks {
    pub fn new(
        months: &[(NaiveDateTime, NaiveDateTime)],
        (from, month, to): (NaiveDateTime, NaiveDateTime, NaiveDateTime),
    ) -> Marks {
        assert!(months.len() <= 16, "a look-back reads at most 16 months");
        Marks {
            months: months.iter().map(|(a, b)| (secs(*a), secs(*b))).collect(),
            drops: (secs(from), secs(month), secs(to)),
        }
    }

    /// One bit per month.
    fn all(&self) -> u16 {
        ((1u32 << self.months.len()) - 1) as u16
    }
}

/// One status change, as the look-back reads it.
#[derive(Debug, Clone, Copy)]
pub struct LightEvent {
    /// When it counts, in seconds (see [`secs`]).
    pub when: i64,
    pub to_closed: bool,
    /// A closure: into a closed status, not from the same closed status.
    pub closes: bool,
    /// `to` is 開発見送り.
    pub to_dropped: bool,
}

impl LightEvent {
    pub fn of(e: &Event) -> LightEvent {
        LightEvent {
            when: secs(e.when),
            to_closed: e.to_closed,
            closes: e.to_closed && !(e.from_closed && e.from.as_deref() == Some(&*e.to)),
            to_dropped: &*e.to == workflow::status::DROPPED,
        }
    }
}

/// One record's timeline at the [`Marks`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LightTimeline {
    /// Some event was applied (an unused slot has none).
    started: bool,
    initial_closed: bool,
    /// Bit i: some event is before month i's cut-off ...
    before_cut: u16,
    /// ... and the last of them, in history order, is into a closed status.
    last_closed: u16,
    /// Bit i: a closure in month i (from its start to before its cut-off).
    closures: u16,
    /// Closures into 開発見送り in the window, and those of them in the month.
    drops: u32,
    drops_in_month: u32,
}

impl LightTimeline {
    fn new(initial_closed: bool) -> LightTimeline {
        LightTimeline {
            started: true,
            initial_closed,
            ..LightTimeline::default()
        }
    }

    /// Applies the record's next event, in history order.
    pub fn apply(&mut self, marks: &Marks, e: LightEvent) {
        for (i, &(start, cut)) in marks.months.iter().enumerate() {
            if e.when < cut {
                let bit = 1u16 << i;
                self.before_cut |= bit;
                if e.to_closed {
                    self.last_closed |= bit;
                } else {
                    self.last_closed &= !bit;
                }
                if e.closes && e.when >= start {
                    self.closures |= bit;
                }
            }
        }
        let (from, month, to) = marks.drops;
        if e.closes && e.to_dropped && e.when >= from && e.when < to {
            self.drops += 1;
            if e.when >= month {
                self.drops_in_month += 1;
            }
        }
    }

    /// Bit i: closed at month i's cut-off (the last event before it applied).
    pub fn closed_at_cuts(&self, marks: &Marks) -> u16 {
        let never = marks.all() & !self.before_cut;
        let initial = if self.initial_closed { never } else { 0 };
        (self.last_closed & self.before_cut) | initial
    }

    /// Bit i: a closure in month i.
    pub fn closures(&self) -> u16 {
        self.closures
    }

    /// Closures into 開発見送り in the window, and those in the month.
    pub fn drops(&self) -> (u32, u32) {
        (self.drops, self.drops_in_month)
    }

    /// From a whole timeline.
    pub fn of(tl: &Timeline, marks: &Marks) -> LightTimeline {
        let mut light = LightTimeline::new(workflow::is_closed(tl.ledger, &tl.initial));
        for e in &tl.events {
            light.apply(marks, LightEvent::of(e));
        }
        light
    }

    /// The timeline of a record without status history, as
    /// [`crate::timeline::synthetic`] makes it.
    pub fn synthetic(
        ledger: Ledger,
        r: &Record,
        closing: NaiveTime,
        marks: &Marks,
    ) -> LightTimeline {
        LightTimeline::of(&crate::timeline::synthetic(ledger, r, closing), marks)
    }
}

/// The compact timelines of a ledger's records with a status history, by
/// record key (`StatusTexts::record_key`).
#[derive(Debug)]
pub struct LightTimelines {
    pub marks: Marks,
    by_key: ByKey<LightTimeline>,
}

impl LightTimelines {
    pub fn new(marks: Marks) -> LightTimelines {
        LightTimelines {
            marks,
            by_key: ByKey::default(),
        }
    }

    /// Applies `e` to the timeline of record `key`; `initial_closed` is the
    /// record's initial status when `e` is its first event (`from`, or `to`
    /// for the creation row, which has no `from`).
    pub fn push(&mut self, key: i64, e: LightEvent, initial_closed: bool) {
        let slot = self.by_key.slot(key);
        if !slot.started {
            *slot = LightTimeline::new(initial_closed);
        }
        slot.apply(&self.marks, e);
    }

    /// The timeline of record `key`, if it has a status history.
    pub fn get(&self, key: i64) -> Option<&LightTimeline> {
        self.by_key.get(key).filter(|tl| tl.started)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use chrono::{Duration, NaiveDate};
    use daicho_core::domain::workflow::status::{DECIDED, DONE, DROPPED, NOT_STARTED};

    use super::*;

    #[test]
    fn the_compact_timeline_reads_as_the_full_one_at_its_marks() {
        let day = |d: u32| {
            NaiveDate::from_ymd_opt(2026, 10, d)
                .unwrap()
                .and_hms_opt(12, 0, 0)
                .unwrap()
        };
        let s = |t: &str| -> Arc<str> { Arc::from(t) };
        let event = |d: u32, from: Option<&str>, to: &str| {
            Event::new(
                Ledger::Change,
                (day(d), day(d)),
                from.map(s),
                s(to),
                s(""),
                s(""),
            )
        };
        // Created, decided, closed, closed again (no new closure), reopened,
        // dropped, reopened, closed.
        let events = vec![
            event(1, None, NOT_STARTED),
            event(3, Some(NOT_STARTED), DECIDED),
            event(5, Some(DECIDED), DONE),
            event(6, Some(DONE), DONE),
            event(8, Some(DONE), DECIDED),
            event(9, Some(DECIDED), DROPPED),
            event(11, Some(DROPPED), DECIDED),
            event(12, Some(DECIDED), DONE),
        ];
        let full = Timeline {
            ledger: Ledger::Change,
            initial: s(NOT_STARTED),
            events: events.clone(),
        };
        // "Months" of half a day to three days, from before the first event
        // to after the last; the 見送り window over several of them.
        let t = |half_days: i64| day(1) - Duration::hours(12) + Duration::hours(12 * half_days);
        let bounds = [0, 1, 2, 5, 6, 9, 10, 14, 15, 17, 19, 20, 23, 24, 27, 30];
        let months: Vec<_> = bounds.windows(2).map(|w| (t(w[0]), t(w[1]))).collect();
        for (from, month, to) in [(2, 14, 20), (17, 19, 30), (0, 0, 30), (19, 20, 21)] {
            let marks = Marks::new(&months, (t(from), t(month), t(to)));
            let mut lights = LightTimelines::new(marks.clone());
            // Record keys of every kind: a slot, one past the slots, and
            // a number not of the `I-0001` form.
            for key in [7, (1 << 20) + 5, -3] {
                for e in &events {
                    let initial = match &e.from {
                        Some(_) => e.from_closed,
                        None => e.to_closed,
                    };
                    lights.push(key, LightEvent::of(e), initial);
                }
            }
            assert_eq!(lights.get((1 << 20) + 5), lights.get(7));
            assert_eq!(lights.get(-3), lights.get(7));
            assert_eq!(lights.get(6), None);
            let light = lights.get(7).expect("pushed");
            assert!(light.closures() != 0 && light.closed_at_cuts(&marks) != 0);
            for (i, (start, cut)) in months.iter().enumerate() {
                let bit = |b: u16| b & (1 << i) != 0;
                assert_eq!(
                    bit(light.closed_at_cuts(&marks)),
                    full.closed_at(*cut),
                    "{cut}"
                );
                assert_eq!(
                    bit(light.closures()),
                    full.closed_between(*start, *cut),
                    "{start} – {cut}"
                );
            }
            let drops = |a: NaiveDateTime, b: NaiveDateTime| {
                full.closures_between(a, b)
                    .iter()
                    .filter(|e| &*e.to == DROPPED)
                    .count() as u32
            };
            let expected = (drops(t(from), t(to)), drops(t(month).max(t(from)), t(to)));
            assert_eq!(light.drops(), expected, "{from} {month} {to}");
            assert_eq!(LightTimeline::of(&full, &marks), *light);
        }
    }
}
