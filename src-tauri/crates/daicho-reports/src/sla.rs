//! SLA per record: which instants start and stop each measure, evaluated
//! with the calendar crate's rules (see `definitions.rs` for the wording).
//! Rules are read at each call, so changing a rule recomputes every figure.

use chrono::{Duration, NaiveDateTime};
use daicho_calendar::{Measure, SlaPolicy, SlaState, SlaStatus};
use daicho_core::domain::workflow::status;
use daicho_core::Record;
use serde::Serialize;

use crate::data::{datetime, raised_on, Data};
use crate::period::YearMonth;
use crate::settings::ReportSettings;

/// What is measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SlaMeasure {
    /// インシデント: 起票日 → 受付 (the request entered in the ledger).
    IncidentFirstResponse,
    /// インシデント: 起票 → 切り分け, due at the next 定例会.
    IncidentTriage,
    /// インシデント: 起票 → クローズ.
    IncidentResolution,
    /// 障害: 発生 (else 検知) → 復旧.
    FailureRecovery,
    /// 障害: 発生 (else 検知) → 対応済.
    FailureResolution,
}

impl SlaMeasure {
    pub const ALL: [SlaMeasure; 5] = [
        SlaMeasure::IncidentFirstResponse,
        SlaMeasure::IncidentTriage,
        SlaMeasure::IncidentResolution,
        SlaMeasure::FailureRecovery,
        SlaMeasure::FailureResolution,
    ];

    pub fn label(self) -> &'static str {
        match self {
            SlaMeasure::IncidentFirstResponse => "インシデント 受付",
            SlaMeasure::IncidentTriage => "インシデント 切り分け",
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
    /// When the verdict fell: `done` when met, `due` when breached (the
    /// instant it breached); `None` while running. A month's report judges
    /// the items whose verdict falls in it.
    pub verdict_at: Option<NaiveDateTime>,
}

fn hours(d: Duration) -> f64 {
    (d.num_seconds() as f64 / 3600.0 * 100.0).round() / 100.0
}

/// The start of an incident's clock: 起票日 at the time the record was
/// entered when that was the same day, else at business opening.
pub fn incident_start(data: &Data, r: &Record) -> Option<NaiveDateTime> {
    let day = raised_on(r)?;
    Some(
        entered_at(data, r)
            .filter(|at| at.date() == day)
            .unwrap_or_else(|| day.and_time(data.opening)),
    )
}

/// When the record was entered in the ledger (its creation in the history).
fn entered_at(data: &Data, r: &Record) -> Option<NaiveDateTime> {
    data.timeline(&r.no)
        .and_then(|t| t.events.iter().find(|e| e.from.is_none()))
        .map(|e| e.at)
}

/// The start of a failure's SLA clock: 発生日時, else 検知日時.
pub fn failure_clock_start(r: &Record) -> Option<NaiveDateTime> {
    datetime(r, "occurred_at").or_else(|| datetime(r, "detected_at"))
}

/// The values a failure's rule is looked up by, in order: its 対象システム's
/// service level (the policy's `system_field`), Severity, 優先度.
pub fn failure_rule_keys(policy: &SlaPolicy, r: &Record) -> [String; 3] {
    let system = r.get(&policy.system_field).display();
    [
        policy.system_level(&system).unwrap_or_default().to_string(),
        r.text("severity").to_string(),
        r.text("priority").to_string(),
    ]
}

/// The start of a failure's MTTR: 検知日時, else 発生日時 (see the `mttr`
/// definition: the time to repair counts from detection).
pub fn failure_start(r: &Record) -> Option<NaiveDateTime> {
    datetime(r, "detected_at").or_else(|| datetime(r, "occurred_at"))
}

/// When an incident was triaged: the first change into 方針検討済, else its
/// 切り分け完了日 at closing; `None` when it is still waiting for triage, or
/// is past it without a record of when (then it gets no triage item).
fn triaged_at(data: &Data, r: &Record) -> Option<Option<NaiveDateTime>> {
    let event = data.timeline(&r.no).and_then(|t| {
        t.events
            .iter()
            .filter(|e| e.from.is_some() && &*e.to == status::DECIDED)
            .map(|e| e.when)
            .min()
    });
    match event.or_else(|| {
        r.get("triaged_on")
            .as_date()
            .map(|d| d.and_time(data.closing))
    }) {
        Some(t) => Some(Some(t)),
        None if [status::NOT_STARTED, status::UNDER_REVIEW].contains(&r.status()) => Some(None),
        None => None,
    }
}

/// One record's measure, evaluated at `as_of`.
struct Eval<'a> {
    r: &'a Record,
    measure: SlaMeasure,
    rule: String,
    start: NaiveDateTime,
    done: Option<NaiveDateTime>,
}

impl Eval<'_> {
    /// The item, when `keep` takes its verdict instant.
    fn item(self, st: SlaState, keep: Keep<'_>) -> Option<SlaItem> {
        let verdict_at = match st.status {
            SlaStatus::Met => self.done,
            SlaStatus::Breached => Some(st.due),
            _ => None,
        };
        if !keep(verdict_at) {
            return None;
        }
        Some(SlaItem {
            no: self.r.no.clone(),
            title: self.r.text("title").to_string(),
            measure: self.measure,
            measure_label: self.measure.label(),
            rule: self.rule,
            start: self.start,
            done: self.done,
            due: st.due,
            elapsed_hours: hours(st.elapsed),
            allowance_hours: hours(st.allowance),
            status: st.status,
            status_label: status_label(st.status),
            verdict_at,
        })
    }
}

/// Which items to make, by their verdict instant (`None`: running).
type Keep<'a> = &'a dyn Fn(Option<NaiveDateTime>) -> bool;

/// Every applicable measure of every incident and failure started before
/// `as_of`, evaluated as seen at `as_of` (see `definitions.rs` for each
/// measure's start, end and rule).
pub fn evaluate_all(data: &Data, settings: &ReportSettings, as_of: NaiveDateTime) -> Vec<SlaItem> {
    evaluate_where(data, settings, as_of, &|_| true, &|_| true)
}

/// [`evaluate_all`] of only the records `take` takes (a measure reads its
/// own record and timeline, so it is the same item either way).
pub fn evaluate_records(
    data: &Data,
    settings: &ReportSettings,
    as_of: NaiveDateTime,
    take: &dyn Fn(&Record) -> bool,
) -> Vec<SlaItem> {
    evaluate_where(data, settings, as_of, take, &|_| true)
}

/// [`evaluate_all`] of the records `take` takes, making only the items
/// `keep` takes (a month's report keeps a small part of them).
fn evaluate_where(
    data: &Data,
    settings: &ReportSettings,
    as_of: NaiveDateTime,
    take: &dyn Fn(&Record) -> bool,
    keep: Keep<'_>,
) -> Vec<SlaItem> {
    let mut out = Vec::new();
    let (cal, policy) = (&settings.calendar, &settings.sla);
    let ratio = policy.at_risk_ratio;
    let clip = |start: NaiveDateTime, done: Option<NaiveDateTime>| {
        done.filter(|t| *t <= as_of).map(|t| t.max(start))
    };
    let by_rule = |e: Eval, key: Option<&str>, m: Measure| {
        let target = policy.rule(key?).and_then(|r| r.target(m))?;
        let done = clip(e.start, e.done);
        let st = daicho_calendar::evaluate_with_ratio(target, cal, e.start, done, as_of, ratio);
        Eval { done, ..e }.item(st, keep)
    };
    for r in data.incidents.iter().filter(|r| take(r)) {
        let Some(start) = incident_start(data, r) else {
            continue;
        };
        if start > as_of {
            continue;
        }
        let prio = r.text("priority");
        let tl = data.timeline(&r.no);
        // 受付: from 起票日 (business opening) until entered in the ledger.
        let own = policy.rule(prio).and_then(|x| x.first_response);
        if let (Some(target), Some(entered)) =
            (own.or(policy.incident_acknowledge), entered_at(data, r))
        {
            let from = raised_on(r)
                .map(|d| d.and_time(data.opening))
                .unwrap_or(start);
            let done = clip(from, Some(entered));
            let st = daicho_calendar::evaluate_with_ratio(&target, cal, from, done, as_of, ratio);
            let rule = if own.is_some() { prio } else { "受付" };
            out.extend(
                Eval {
                    r,
                    measure: SlaMeasure::IncidentFirstResponse,
                    rule: rule.into(),
                    start: from,
                    done,
                }
                .item(st, keep),
            );
        }
        if let Some(done) = triaged_at(data, r) {
            let done = clip(start, done);
            if let Some(st) = policy.evaluate_triage(cal, start, done, as_of) {
                out.extend(
                    Eval {
                        r,
                        measure: SlaMeasure::IncidentTriage,
                        rule: "次回定例会".into(),
                        start,
                        done,
                    }
                    .item(st, keep),
                );
            }
        }
        let closed = tl.and_then(|t| t.closure_before(as_of)).map(|e| e.when);
        let key = policy.pick(&[prio], Measure::Resolution);
        let e = Eval {
            r,
            measure: SlaMeasure::IncidentResolution,
            rule: key.unwrap_or_default().into(),
            start,
            done: closed,
        };
        out.extend(by_rule(e, key, Measure::Resolution));
    }
    for r in data.failures.iter().filter(|r| take(r)) {
        let Some(start) = failure_clock_start(r) else {
            continue;
        };
        if start > as_of {
            continue;
        }
        let keys = failure_rule_keys(policy, r);
        let key = policy.pick(&keys, Measure::Recovery);
        let recovered = datetime(r, "recovered_at");
        let e = Eval {
            r,
            measure: SlaMeasure::FailureRecovery,
            rule: key.unwrap_or_default().into(),
            start,
            done: recovered,
        };
        out.extend(by_rule(e, key, Measure::Recovery));
        let closed = data
            .timeline(&r.no)
            .and_then(|t| t.closure_before(as_of))
            .map(|e| e.when);
        let key = policy.pick(&keys, Measure::Resolution);
        let e = Eval {
            r,
            measure: SlaMeasure::FailureResolution,
            rule: key.unwrap_or_default().into(),
            start,
            done: closed,
        };
        out.extend(by_rule(e, key, Measure::Resolution));
    }
    out
}

/// The items a month's report judges, seen at `as_of` (the month's cut-off):
/// those whose verdict (met or breached) falls in the month, and those still
/// running at `as_of`. An item that starts in one month and completes in the
/// next is running in the first and judged in the second, so every item is
/// judged exactly once.
pub fn month_items(
    data: &Data,
    settings: &ReportSettings,
    month: YearMonth,
    as_of: NaiveDateTime,
) -> Vec<SlaItem> {
    evaluate_where(
        data,
        settings,
        as_of,
        &|_| true,
        &|verdict_at| match verdict_at {
            Some(t) => t >= month.start() && t < month.end(),
            None => true,
        },
    )
}
