//! Everything a report reads, loaded once: the live records of the four
//! ledgers and their status timelines.

// Fx hashing: the maps are keyed by record numbers, tens of thousands per report.
use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc;

use chrono::NaiveTime;
use daicho_core::domain::ledger::Ledger;
use daicho_core::{Daicho, Record, Result};

use crate::settings::ReportSettings;
use crate::timeline::Timeline;
use crate::timeline_rows::load_timelines;

pub struct Data {
    pub incidents: Vec<Record>,
    pub failures: Vec<Record>,
    pub changes: Vec<Record>,
    pub releases: Vec<Record>,
    /// Status timelines of incidents, failures and changes, in the order of
    /// their records.
    timelines: [Vec<Timeline>; 3],
    /// Position of each record in its ledger's list, by number.
    index: HashMap<String, usize>,
    /// Latest 開発対応完了予定日 of the incidents linked to each S-/C- record
    /// (by the incident's 移管先 or the record's 元インシデント).
    dev_due: HashMap<String, chrono::NaiveDate>,
    /// Counts and dates read over every live record, also when only some
    /// records are loaded.
    lookups: Arc<Lookups>,
    /// Business closing time of the calendar (stamped dates count then).
    pub closing: NaiveTime,
    pub opening: NaiveTime,
}

/// The fields the figures read (records are loaded with these only).
pub(crate) const REPORT_FIELDS: &[&str] = &[
    "answer",
    "assignee",
    "closed_on",
    "completed_on",
    "desired_due",
    "detected_at",
    "dev_due_on",
    "drop_reason",
    "due_on",
    "formal_amount",
    "formal_effort",
    "incident_no",
    "kind",
    "occurred_at",
    "origin_org",
    "origin_user",
    "owner",
    "priority",
    "prod_done_on",
    "prod_planned_on",
    "raised_by",
    "raised_on",
    "recovered_at",
    "release_ver",
    "root_cause_category",
    "rough_amount",
    "rough_effort",
    "severity",
    "status",
    "title",
    "transfer_no",
    "triaged_on",
    "version",
];

/// What figures read of every live record, not only the loaded ones.
#[derive(Default)]
pub(crate) struct Lookups {
    /// The 開発対応完了予定日 of incidents (with their 移管先), when only
    /// some incidents are loaded: `(no, transfer_no, dev_due_on)`.
    pub dev_due: Vec<(String, String, chrono::NaiveDate)>,
    /// 障害・変更 per リリース版 (`release_ver`).
    pub release_members: HashMap<String, usize>,
    /// The 優先度 values of the 障害 then 変更, in number order, each once.
    pub priorities: Vec<String>,
    /// The 障害・変更 not loaded (closed before the period, unchanged since).
    pub left_out: Vec<LeftOut>,
}

/// A 障害 or 変更 left out of a recent reading: what the status table
/// counts of it.
pub(crate) struct LeftOut {
    pub ledger: Ledger,
    pub raised: Option<chrono::NaiveDate>,
    /// Its status since its last change.
    pub status: Arc<str>,
    /// 優先度 as shown, or [`UNSET`].
    pub priority: Arc<str>,
}

impl Lookups {
    /// Adds the 優先度 of `r` to [`Lookups::priorities`].
    pub(crate) fn see_priority(&mut self, r: &Record) {
        let p = r.text("priority");
        if !p.is_empty() && !self.priorities.iter().any(|x| x == p) {
            self.priorities.push(p.to_string());
        }
    }
}

impl Lookups {
    /// Adds another ledger's part (read in ledger order: 障害 before 変更).
    pub(crate) fn join(&mut self, other: Lookups) {
        self.dev_due.extend(other.dev_due);
        for (version, n) in other.release_members {
            *self.release_members.entry(version).or_default() += n;
        }
        for p in other.priorities {
            if !self.priorities.contains(&p) {
                self.priorities.push(p);
            }
        }
        self.left_out.extend(other.left_out);
    }

    /// The lookups of all of `failures` and `changes`.
    fn of(failures: &[Record], changes: &[Record]) -> Lookups {
        let mut release_members: HashMap<String, usize> = HashMap::default();
        for r in failures.iter().chain(changes) {
            *release_members
                .entry(r.text("release_ver").to_string())
                .or_default() += 1;
        }
        let mut l = Lookups {
            release_members,
            ..Lookups::default()
        };
        for r in failures.iter().chain(changes) {
            l.see_priority(r);
        }
        l
    }
}

/// The fields the figures read, with the SLA policy's service-level field.
pub(crate) fn report_fields(settings: &ReportSettings) -> Vec<&str> {
    let mut fields = REPORT_FIELDS.to_vec();
    fields.push(settings.sla.system_field.as_str());
    fields
}

pub(crate) fn ledger_slot(ledger: Ledger) -> Option<usize> {
    match ledger {
        Ledger::Incident => Some(0),
        Ledger::Failure => Some(1),
        Ledger::Change => Some(2),
        Ledger::Release => None,
    }
}

impl Data {
    /// The live records (the fields the figures read, plus the SLA policy's
    /// service-level field, which is a setting) and their timelines.
    pub fn load(d: &Daicho, settings: &ReportSettings) -> Result<Data> {
        let hours = &settings.calendar.config().business_hours;
        let (opening, closing) = (hours.start, hours.end);
        let fields = report_fields(settings);
        let read = |ledger| -> Result<Vec<Record>> {
            let mut out = Vec::new();
            d.for_each_record_with(ledger, &fields, |r| {
                out.push(r);
                Ok(())
            })?;
            Ok(out)
        };
        let (incidents, failures, changes) = (
            read(Ledger::Incident)?,
            read(Ledger::Failure)?,
            read(Ledger::Change)?,
        );
        let timelines = [
            load_timelines(d, Ledger::Incident, &incidents, closing)?,
            load_timelines(d, Ledger::Failure, &failures, closing)?,
            load_timelines(d, Ledger::Change, &changes, closing)?,
        ];
        let releases = read(Ledger::Release)?;
        Ok(Data::from_parts(
            [incidents, failures, changes, releases],
            timelines,
            opening,
            closing,
            None,
        ))
    }

    /// `lookups`: those of every live record when only some are loaded
    /// (else they are taken from the records).
    pub(crate) fn from_parts(
        [incidents, failures, changes, releases]: [Vec<Record>; 4],
        timelines: [Vec<Timeline>; 3],
        opening: NaiveTime,
        closing: NaiveTime,
        lookups: Option<Arc<Lookups>>,
    ) -> Data {
        let lookups = lookups.unwrap_or_else(|| Arc::new(Lookups::of(&failures, &changes)));
        let mut index = HashMap::default();
        for recs in [&incidents, &failures, &changes, &releases] {
            index.extend(recs.iter().enumerate().map(|(i, r)| (r.no.clone(), i)));
        }
        let mut dev_due: HashMap<String, chrono::NaiveDate> = HashMap::default();
        let extra_due: HashMap<&str, chrono::NaiveDate> = lookups
            .dev_due
            .iter()
            .map(|(no, _, due)| (no.as_str(), *due))
            .collect();
        for r in failures.iter().chain(&changes) {
            let linked = r.text("incident_no");
            let due = index
                .get(linked)
                .and_then(|i| incidents.get(*i))
                .filter(|i| i.no == linked)
                .and_then(|i| i.get("dev_due_on").as_date())
                .or_else(|| extra_due.get(linked).copied());
            if let Some(due) = due {
                dev_due.insert(r.no.clone(), due);
            }
        }
        let loaded = incidents.iter().filter_map(|i| {
            let due = i.get("dev_due_on").as_date()?;
            Some((i.text("transfer_no"), due))
        });
        let extra = lookups
            .dev_due
            .iter()
            .map(|(_, to, due)| (to.as_str(), *due));
        for (to, due) in loaded.chain(extra) {
            if !to.is_empty() {
                let e = dev_due.entry(to.to_string()).or_insert(due);
                *e = (*e).max(due);
            }
        }
        Data {
            lookups,
            index,
            dev_due,
            incidents,
            failures,
            changes,
            releases,
            timelines,
            closing,
            opening,
        }
    }

    /// The records of `ledger` with their timelines, in number order.
    pub fn with_timelines(&self, ledger: Ledger) -> impl Iterator<Item = (&Record, &Timeline)> {
        let tls = ledger_slot(ledger).map_or(&[][..], |i| &self.timelines[i][..]);
        self.records(ledger).iter().zip(tls)
    }

    pub fn timeline(&self, no: &str) -> Option<&Timeline> {
        let ledger = daicho_core::service::ledger_of(no);
        let i = *self.index.get(no)?;
        self.records(ledger)
            .get(i)
            .filter(|r| r.no == no)
            .and_then(|_| self.timelines[ledger_slot(ledger)?].get(i))
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

    /// How many 障害・変更 name the リリース版 `version`.
    pub fn release_members(&self, version: &str) -> usize {
        self.lookups
            .release_members
            .get(version)
            .copied()
            .unwrap_or(0)
    }

    /// The 優先度 values of all 障害 then 変更, in number order, each once.
    pub fn seen_priorities(&self) -> &[String] {
        &self.lookups.priorities
    }

    /// The 障害・変更 of `ledger` left out of a recent reading.
    pub(crate) fn left_out(&self, ledger: Ledger) -> impl Iterator<Item = &LeftOut> {
        self.lookups
            .left_out
            .iter()
            .filter(move |l| l.ledger == ledger)
    }
}

/// Frees `data` on another thread: at 100k records freeing takes a tenth of
/// a report's time, which the caller need not wait for.
pub(crate) fn drop_later(data: Data) {
    // If no thread can be started, the closure (and `data`) drops here.
    let _ = std::thread::Builder::new().spawn(move || drop(data));
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

/// The whole-load reading the reports used before the narrow reads: every
/// field of every record, timelines from the history rows. The tests compare
/// every figure computed from it with those computed from [`Data::load`].
#[cfg(test)]
impl Data {
    pub(crate) fn load_whole(d: &Daicho, opening: NaiveTime, closing: NaiveTime) -> Result<Data> {
        let all = [
            d.all_records(Ledger::Incident)?,
            d.all_records(Ledger::Failure)?,
            d.all_records(Ledger::Change)?,
            d.all_records(Ledger::Release)?,
        ];
        let tl = |i: usize, ledger| -> Result<Vec<Timeline>> {
            let mut by_no = crate::timeline::timelines(d, ledger, &all[i], closing)?;
            Ok(all[i]
                .iter()
                .map(|r| by_no.remove(&r.no).expect("one per record"))
                .collect())
        };
        let timelines = [
            tl(0, Ledger::Incident)?,
            tl(1, Ledger::Failure)?,
            tl(2, Ledger::Change)?,
        ];
        Ok(Data::from_parts(all, timelines, opening, closing, None))
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
        let settings = ReportSettings::load(&d).unwrap();
        let data = Data::load(&d, &settings).unwrap();
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
