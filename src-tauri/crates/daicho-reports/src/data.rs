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
    /// Position of each record in its ledger's list, by number.
    index: HashMap<String, usize>,
    /// Latest 開発対応完了予定日 of the incidents linked to each S-/C- record
    /// (by the incident's 移管先 or the record's 元インシデント).
    dev_due: HashMap<String, chrono::NaiveDate>,
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
        let mut index = HashMap::new();
        for recs in [&incidents, &failures, &changes, &releases] {
            index.extend(recs.iter().enumerate().map(|(i, r)| (r.no.clone(), i)));
        }
        let mut dev_due: HashMap<String, chrono::NaiveDate> = HashMap::new();
        for r in failures.iter().chain(&changes) {
            let linked = r.text("incident_no");
            if let Some(due) = index
                .get(linked)
                .and_then(|i| incidents.get(*i))
                .filter(|i| i.no == linked)
                .and_then(|i| i.get("dev_due_on").as_date())
            {
                dev_due.insert(r.no.clone(), due);
            }
        }
        for i in &incidents {
            let (to, Some(due)) = (i.text("transfer_no"), i.get("dev_due_on").as_date()) else {
                continue;
            };
            if !to.is_empty() {
                let e = dev_due.entry(to.to_string()).or_insert(due);
                *e = (*e).max(due);
            }
        }
        Ok(Data {
            index,
            dev_due,
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
        let i = *self.index.get(no)?;
        self.records(ledger).get(i).filter(|r| r.no == no)
    }

    /// The latest 開発対応完了予定日 of the incidents linked to the S-/C-
    /// record `no`: those transferred to it and the one it came from.
    pub fn incident_dev_due(&self, no: &str) -> Option<chrono::NaiveDate> {
        self.dev_due.get(no).copied()
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The lookups as they were before the indexes: linear scans.
    fn old_find<'a>(data: &'a Data, no: &str) -> Option<&'a Record> {
        let ledger = daicho_core::service::ledger_of(no);
        data.records(ledger).iter().find(|r| r.no == no)
    }

    fn old_dev_due(data: &Data, r: &Record) -> Option<chrono::NaiveDate> {
        data.incidents
            .iter()
            .filter(|i| i.text("transfer_no") == r.no || i.no == r.text("incident_no"))
            .filter_map(|i| i.get("dev_due_on").as_date())
            .max()
    }

    #[test]
    fn indexed_lookups_answer_as_the_scans_did() {
        let mut d = Daicho::open_in_memory().unwrap();
        d.set_now(
            chrono::NaiveDate::from_ymd_opt(2026, 11, 30)
                .unwrap()
                .and_hms_opt(10, 0, 0),
        );
        daicho_core::demo::fill(&mut d, 300, 7).unwrap();
        let t = |h| NaiveTime::from_hms_opt(h, 0, 0).unwrap();
        let data = Data::load(&d, t(9), t(18)).unwrap();
        let mut with_due = 0;
        for r in data.failures.iter().chain(&data.changes) {
            let due = data.incident_dev_due(&r.no);
            assert_eq!(due, old_dev_due(&data, r), "{}", r.no);
            with_due += usize::from(due.is_some());
            let linked = r.text("incident_no");
            assert_eq!(
                data.find(linked).map(|x| &x.no),
                old_find(&data, linked).map(|x| &x.no)
            );
        }
        assert!(with_due > 20, "{with_due}");
        for r in data.releases.iter().chain(&data.incidents) {
            assert_eq!(data.find(&r.no).map(|x| &x.no), Some(&r.no));
        }
        assert!(data.find("S-9999").is_none() && data.find("9.9.9").is_none());
    }
}
