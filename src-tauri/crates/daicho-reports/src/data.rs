//! Everything a report reads, loaded once: the live records of the four
//! ledgers and their status timelines.

use std::collections::HashMap;

use chrono::NaiveTime;
use daicho_core::domain::ledger::Ledger;
use daicho_core::{Daicho, Record, Result};
use daicho_export::all_records;

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
        let incidents = all_records(d, Ledger::Incident)?;
        let failures = all_records(d, Ledger::Failure)?;
        let changes = all_records(d, Ledger::Change)?;
        let releases = all_records(d, Ledger::Release)?;
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

    pub fn find(&self, no: &str) -> Option<&Record> {
        let ledger = daicho_core::service::ledger_of(no);
        self.records(ledger).iter().find(|r| r.no == no)
    }
}

/// The 起票日 of a record.
pub fn raised_on(r: &Record) -> Option<chrono::NaiveDate> {
    r.get("raised_on").as_date()
}

/// A text field, or `(未設定)` when empty.
pub fn or_unset(r: &Record, key: &str) -> String {
    let t = r.get(key).display();
    if t.trim().is_empty() {
        "(未設定)".to_string()
    } else {
        t
    }
}
