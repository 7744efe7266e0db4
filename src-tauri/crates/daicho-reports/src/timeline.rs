//! Status timelines rebuilt from the history, so any past instant's status
//! (backlog at a month end, closures of a month, first response) comes from
//! recorded facts only and a closed month reads the same forever.
//!
//! An event's effective instant is the history's `at`, except when the action
//! stamped a date (クローズ日, 対応完了日, 切り分け完了日) other than the day it
//! was entered: then it counts at that date's business closing time, because
//! the stamped date is what the team reported (`--date` on an action).

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use daicho_core::domain::ledger::Ledger;
use daicho_core::domain::workflow;
use daicho_core::{Daicho, Record, Result};

/// Date fields an action may stamp, searched in this order.
pub(crate) const STAMPS: &[&str] = &["closed_on", "completed_on", "triaged_on"];

/// One status change.
#[derive(Debug, Clone)]
pub struct Event {
    /// When it counts (see the module docs).
    pub when: NaiveDateTime,
    /// When it was entered.
    pub at: NaiveDateTime,
    pub from: Option<Arc<str>>,
    pub to: Arc<str>,
    pub actor: Arc<str>,
    pub action: Arc<str>,
    /// `to` is a closed status (figures ask this per event and instant).
    pub to_closed: bool,
    /// `from` is a closed status.
    pub from_closed: bool,
}

impl Event {
    pub fn new(
        ledger: Ledger,
        (when, at): (NaiveDateTime, NaiveDateTime),
        from: Option<Arc<str>>,
        to: Arc<str>,
        actor: Arc<str>,
        action: Arc<str>,
    ) -> Event {
        Event {
            when,
            at,
            to_closed: workflow::is_closed(ledger, &to),
            from_closed: from
                .as_deref()
                .is_some_and(|f| workflow::is_closed(ledger, f)),
            from,
            to,
            actor,
            action,
        }
    }
}

/// The status history of one record.
#[derive(Debug, Clone)]
pub struct Timeline {
    pub ledger: Ledger,
    /// Status before the first event (the creation, when recorded).
    pub initial: Arc<str>,
    pub events: Vec<Event>,
}

impl Timeline {
    /// Status at instant `t` (events with `when < t` applied).
    pub fn status_at(&self, t: NaiveDateTime) -> &str {
        let mut s: &str = &self.initial;
        for e in &self.events {
            if e.when < t {
                s = &e.to;
            }
        }
        s
    }

    pub fn closed_at(&self, t: NaiveDateTime) -> bool {
        // As `status_at`, with each event's flag.
        let mut closed = None;
        for e in &self.events {
            if e.when < t {
                closed = Some(e.to_closed);
            }
        }
        closed.unwrap_or_else(|| workflow::is_closed(self.ledger, &self.initial))
    }

    /// Changes into a closed status with `from <= when < to`.
    pub fn closures_between(&self, from: NaiveDateTime, to: NaiveDateTime) -> Vec<&Event> {
        self.closures_iter(from, to).collect()
    }

    /// Whether any change into a closed status has `from <= when < to`.
    pub fn closed_between(&self, from: NaiveDateTime, to: NaiveDateTime) -> bool {
        self.closures_iter(from, to).next().is_some()
    }

    fn closures_iter(
        &self,
        from: NaiveDateTime,
        to: NaiveDateTime,
    ) -> impl Iterator<Item = &Event> + '_ {
        self.events.iter().filter(move |e| {
            e.when >= from
                && e.when < to
                && e.to_closed
                && !(e.from_closed && e.from.as_deref() == Some(&*e.to))
        })
    }

    /// The closure in force at `t`: the last change into a closed status
    /// before `t`, if the record is closed at `t`.
    pub fn closure_before(&self, t: NaiveDateTime) -> Option<&Event> {
        if !self.closed_at(t) {
            return None;
        }
        self.events
            .iter()
            .filter(|e| e.when < t && e.to_closed && !e.from_closed)
            .max_by_key(|e| e.when)
    }

    /// The first change away from the initial status (the first response).
    pub fn first_change(&self) -> Option<&Event> {
        self.events
            .iter()
            .filter(|e| e.from.is_some() && e.from.as_deref() != Some(&*e.to))
            .min_by_key(|e| e.when)
    }
}

/// Parses the history's `YYYY-MM-DDTHH:MM:SS`.
pub fn parse_at(s: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M"))
        .ok()
}

/// Parses a displayed date (`2022/9/22`) or an ISO date.
pub fn parse_shown_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    NaiveDate::parse_from_str(s, "%Y/%m/%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%Y-%m-%d"))
        .ok()
}

/// Timelines of every record of `ledger` in `records`, keyed by number:
/// the plain reading of the history (reports use
/// [`crate::timeline_rows::load_timelines`], which the tests compare with this).
pub fn timelines(
    d: &Daicho,
    ledger: Ledger,
    records: &[Record],
    closing: NaiveTime,
) -> Result<HashMap<String, Timeline>> {
    let from = NaiveDate::from_ymd_opt(1900, 1, 1).expect("valid");
    let to = NaiveDate::from_ymd_opt(9999, 12, 31).expect("valid");
    // (no, at) → stamped date of the same action.
    let mut stamped: HashMap<(String, String), NaiveDate> = HashMap::new();
    for field in STAMPS {
        if ledger.field(field).is_none() {
            continue;
        }
        for h in d.field_changes(ledger, field, from, to)? {
            if let Some(date) = h.new.as_deref().and_then(parse_shown_date) {
                stamped.entry((h.no, h.at)).or_insert(date);
            }
        }
    }
    let mut by_no: HashMap<String, Vec<Event>> = HashMap::new();
    let mut key = (String::new(), String::new());
    for h in d.field_changes(ledger, "status", from, to)? {
        let (Some(at), Some(new)) = (parse_at(&h.at), h.new) else {
            continue;
        };
        key.0.clone_from(&h.no);
        key.1.clone_from(&h.at);
        let when = match stamped.get(&key) {
            Some(date) if *date != at.date() && h.old.is_some() => date.and_time(closing),
            _ => at,
        };
        let event = Event::new(
            ledger,
            (when, at),
            h.old.map(Arc::from),
            Arc::from(new),
            Arc::from(h.actor),
            Arc::from(h.action),
        );
        match by_no.get_mut(&h.no) {
            Some(events) => events.push(event),
            None => {
                by_no.insert(h.no, vec![event]);
            }
        }
    }
    let mut out = HashMap::new();
    for r in records {
        let events = by_no.remove(&r.no).unwrap_or_default();
        let tl = if events.is_empty() {
            synthetic(ledger, r, closing)
        } else {
            let initial = match &events[0].from {
                Some(f) => f.clone(),
                // The creation row: nothing before it; its own `to` is the start.
                None => events[0].to.clone(),
            };
            Timeline {
                ledger,
                initial,
                events,
            }
        };
        out.insert(r.no.clone(), tl);
    }
    Ok(out)
}

/// A timeline for a record without status history (e.g. imported rows): it
/// reached its current status on its closing date, or has always had it.
pub(crate) fn synthetic(ledger: Ledger, r: &Record, closing: NaiveTime) -> Timeline {
    let status: Arc<str> = Arc::from(r.status());
    let closed_on = r
        .get("closed_on")
        .as_date()
        .or_else(|| r.get("completed_on").as_date());
    match closed_on {
        Some(date) if workflow::is_closed(ledger, &status) => {
            let when = date.and_time(closing);
            Timeline {
                ledger,
                initial: Arc::from(workflow::initial_status(ledger)),
                events: vec![Event::new(
                    ledger,
                    (when, when),
                    Some(Arc::from(workflow::initial_status(ledger))),
                    status,
                    Arc::from(""),
                    Arc::from(""),
                )],
            }
        }
        _ => Timeline {
            ledger,
            initial: status,
            events: Vec::new(),
        },
    }
}
