//! SLA per record: which instants start and stop each measure, evaluated
//! with the calendar crate's rules (see `definitions.rs` for the wording).
//! Rules are read at each call, so changing a rule recomputes every figure.

use chrono::{Duration, NaiveDateTime};
use daicho_calendar::{Measure, SlaStatus};
use daicho_core::Record;
use serde::Serialize;

use crate::data::{datetime, raised_on, Data};
use crate::settings::ReportSettings;

/// What is measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SlaMeasure {
    /// インシデント: 起票 → 最初のステータス変更.
    IncidentFirstResponse,
    /// インシデント: 起票 → クローズ.
    IncidentResolution,
    /// 障害: 検知 → 復旧.
    FailureRecovery,
    /// 障害: 検知 → 対応済.
    FailureResolution,
}

impl SlaMeasure {
    pub const ALL: [SlaMeasure; 4] = [
        SlaMeasure::IncidentFirstResponse,
        SlaMeasure::IncidentResolution,
        SlaMeasure::FailureRecovery,
        SlaMeasure::FailureResolution,
    ];

    pub fn label(self) -> &'static str {
        match self {
            SlaMeasure::IncidentFirstResponse => "インシデント 初動",
            SlaMeasure::IncidentResolution => "インシデント 解決",
            SlaMeasure::FailureRecovery => "障害 復旧",
            SlaMeasure::FailureResolution => "障害 解決",
        }
    }
}

pub fn status_label(s: SlaStatus) -> &'static str {
    match s {
        SlaStatus::Met => "達成",
        SlaStatus::Breached => "超過",
        SlaStatus::AtRisk => "要注意",
        SlaStatus::Running => "進行中",
    }
}

/// One measure of one record.
#[derive(Debug, Clone, Serialize)]
pub struct SlaItem {
    pub no: String,
    pub title: String,
    pub measure: SlaMeasure,
    pub measure_label: &'static str,
    /// The rule applied (優先度 or Severity value).
    pub rule: String,
    pub start: NaiveDateTime,
    pub done: Option<NaiveDateTime>,
    pub due: NaiveDateTime,
    /// Time used on the target's clock, hours.
    pub elapsed_hours: f64,
    pub allowance_hours: f64,
    pub status: SlaStatus,
    pub status_label: &'static str,
}

fn hours(d: Duration) -> f64 {
    (d.num_seconds() as f64 / 3600.0 * 100.0).round() / 100.0
}

/// The start of an incident's clock: 起票日 at the time the record was
/// entered when that was the same day, else at business opening.
pub fn incident_start(data: &Data, r: &Record) -> Option<NaiveDateTime> {
    let day = raised_on(r)?;
    let created = data
        .timeline(&r.no)
        .and_then(|t| t.events.iter().find(|e| e.from.is_none()))
        .map(|e| e.at)
        .filter(|at| at.date() == day);
    Some(created.unwrap_or_else(|| day.and_time(data.opening)))
}

/// The start of a failure's clock: 検知日時, else 発生日時.
pub fn failure_start(r: &Record) -> Option<NaiveDateTime> {
    datetime(r, "detected_at").or_else(|| datetime(r, "occurred_at"))
}

/// Every applicable measure of every incident and failure started before
/// `as_of`, evaluated as seen at `as_of`.
pub fn evaluate_all(data: &Data, settings: &ReportSettings, as_of: NaiveDateTime) -> Vec<SlaItem> {
    let mut out = Vec::new();
    let cal = &settings.calendar;
    let mut push = |r: &Record,
                    measure: SlaMeasure,
                    rule_key: &str,
                    m: Measure,
                    start: NaiveDateTime,
                    done: Option<NaiveDateTime>| {
        let done = done.filter(|t| *t <= as_of).map(|t| t.max(start));
        if let Some(st) = settings.sla.evaluate(rule_key, m, cal, start, done, as_of) {
            let target = settings
                .sla
                .rule(rule_key)
                .and_then(|x| x.target(m))
                .copied();
            out.push(SlaItem {
                no: r.no.clone(),
                title: r.text("title").to_string(),
                measure,
                measure_label: measure.label(),
                rule: rule_key.to_string(),
                start,
                done,
                due: st.due,
                elapsed_hours: hours(st.elapsed),
                allowance_hours: target
                    .map(|t| hours(t.allowance(cal, start)))
                    .unwrap_or_default(),
                status: st.status,
                status_label: status_label(st.status),
            });
        }
    };
    for r in &data.incidents {
        let Some(start) = incident_start(data, r) else {
            continue;
        };
        if start > as_of {
            continue;
        }
        let key = r.text("priority").to_string();
        let tl = data.timeline(&r.no);
        let first = match tl.and_then(|t| t.first_change()) {
            Some(e) => Some(e.when),
            None => r
                .get("triaged_on")
                .as_date()
                .map(|d| d.and_time(data.closing)),
        };
        push(
            r,
            SlaMeasure::IncidentFirstResponse,
            &key,
            Measure::FirstResponse,
            start,
            first,
        );
        let closed = tl.and_then(|t| t.closure_before(as_of)).map(|e| e.when);
        push(
            r,
            SlaMeasure::IncidentResolution,
            &key,
            Measure::Resolution,
            start,
            closed,
        );
    }
    for r in &data.failures {
        let Some(start) = failure_start(r) else {
            continue;
        };
        if start > as_of {
            continue;
        }
        let sev = r.text("severity");
        let key = if !sev.is_empty() && settings.sla.rule(sev).is_some() {
            sev.to_string()
        } else {
            r.text("priority").to_string()
        };
        let recovered = datetime(r, "recovered_at");
        push(
            r,
            SlaMeasure::FailureRecovery,
            &key,
            Measure::FirstResponse,
            start,
            recovered,
        );
        let closed = data
            .timeline(&r.no)
            .and_then(|t| t.closure_before(as_of))
            .map(|e| e.when);
        push(
            r,
            SlaMeasure::FailureResolution,
            &key,
            Measure::Resolution,
            start,
            closed,
        );
    }
    out
}
