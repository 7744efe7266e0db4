//! Everything a report reads, loaded once: the live records of the four
//! ledgers and their status timelines.

use std::collections::HashMap;

use chrono::NaiveTime;
use daicho_core::domain::ledger::Ledger;
use daicho_core::{Daicho, Record, Result};

use crate::timeline::{timelines, Timeline};

pub struct Data {
    pub incidents: Vec<Record>,
    pub failures: Vec<Record>,
    pub changes: Vec<Record>,
    pub releases: Vec<Record>,
    pub timelines: HashMap<String, Timeline>,
    /// Business closing time of the calendar (stamped dates count then).
    pub closing: NaiveTime,
    pub opening: NaiveTime,
}

impl Data {
    pub fn load(d: &Daicho, opening: NaiveTime, closing: NaiveTime) -> Result<Data> {
        let incidents = d.all_records(Ledger::Incident)?;
        let failures = d.all_records(Ledger::Failure)?;
        let changes = d.all_records(Ledger::Change)?;
        let releases = d.all_records(Ledger::Release)?;
        let mut tl = HashMap::new();
        for (ledger, recs) in [
            (Ledger::Incident, &incidents),
            (Ledger::Failure, &failures),
            (Ledger::Change, &changes),
        ] {
            tl.extend(timelines(d, ledger, recs, closing)?);
        }
        Ok(Data {
            incidents,
            failures,
            changes,
            releases,
            timelines: tl,
            closing,
            opening,
        })
    }

    pub fn timeline(&self, no: &str) -> Option<&Timeline> {
        self.timelines.get(no)
    }

    pub fn records(&self, ledger: Ledger) -> &[Record] {
        match ledger {
            Ledger::Incident => &self.incidents,
            Ledger::Failure => &self.failures,
            Ledger::Change => &self.changes,
            Ledger::Release => &self.releases,
        }
    }

    /// The status of `r` at `t` from its timeline, else its current status.
    pub fn status_at(&self, r: &Record, t: chrono::NaiveDateTime) -> String {
        self.timeline(&r.no)
            .map(|tl| tl.status_at(t).to_string())
            .unwrap_or_else(|| r.status().to_string())
    }

    pub fn find(&self, no: &str) -> Option<&Record> {
        let ledger = daicho_core::service::ledger_of(no);
        self.records(ledger).iter().find(|r| r.no == no)
    }
}

/// The 起票日 of a record.
pub fn raised_on(r: &Record) -> Option<chrono::NaiveDate> {
    r.get("raised_on").as_date()
}

/// A date-time field, when set.
pub fn datetime(r: &Record, key: &str) -> Option<chrono::NaiveDateTime> {
    match r.get(key) {
        daicho_core::Value::DateTime(t) => Some(*t),
        _ => None,
    }
}

/// How an empty value is shown in the figures.
pub const UNSET: &str = "(未設定)";

/// A text field, or [`UNSET`] when empty.
pub fn or_unset(r: &Record, key: &str) -> String {
    let t = r.get(key).display();
    if t.trim().is_empty() {
        UNSET.to_string()
    } else {
        t
    }
}
