//! The 月次報告書's figures for one month, as serde structs (the app's レポート
//! screen charts them; the PDF and xlsx writers print them). Every figure is
//! defined in `definitions.rs`; computations use only record dates and the
//! history, cut at the month end (or "now" for the current month).

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use daicho_calendar::SlaStatus;
use daicho_core::domain::ledger::{Ledger, DEFAULT_PRIORITIES, DROP_REASONS, KINDS};
use daicho_core::domain::workflow;
use daicho_core::{Daicho, Record, Result, Value};
use serde::Serialize;

use crate::data::{or_unset, raised_on, Data};
use crate::definitions::{Definition, DEFINITIONS};
use crate::period::YearMonth;
use crate::settings::{findings, ReportSettings};
use crate::sla::{evaluate_all, failure_start, SlaItem, SlaMeasure};

/// 発生 / クローズ / 月末残 of one ledger in one month.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Flow {
    pub raised: usize,
    pub closed: usize,
    pub backlog: usize,
}

/// 起票→クローズ日数 of one group.
#[derive(Debug, Clone, Serialize)]
pub struct LeadTime {
    pub group: String,
    pub count: usize,
    pub mean_days: Option<f64>,
    pub median_days: Option<f64>,
    pub p90_days: Option<f64>,
}

/// Counts of one status per 優先度 (障害・変更).
#[derive(Debug, Clone, Serialize)]
pub struct StatusPriorityRow {
    pub ledger: &'static str,
    pub status: String,
    /// In the order of [`MonthlyFigures::priorities`].
    pub counts: Vec<usize>,
    pub total: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct SlaSummary {
    pub measure: SlaMeasure,
    pub label: &'static str,
    pub met: usize,
    pub breached: usize,
    pub at_risk: usize,
    pub running: usize,
    /// met ÷ (met + breached), percent; None when nothing was decided.
    pub achievement_pct: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FailureFigures {
    /// Failures recovered in the month.
    pub recovered: usize,
    pub mttr_hours: Option<f64>,
    /// Failures that occurred in the month.
    pub occurred: usize,
    pub downtime_hours: f64,
    pub mtbf_hours: Option<f64>,
    /// Failures raised in the month with a 同根障害 link.
    pub recurrences: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct CountRow {
    pub name: String,
    pub month: usize,
    /// Sum over the 12 months ending with the report month.
    pub twelve_months: usize,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct PreventionFigures {
    pub total: usize,
    pub open: usize,
    pub overdue: usize,
    pub done: usize,
    pub verified: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct EstimateRow {
    pub scope: &'static str,
    pub count: usize,
    pub rough_effort: f64,
    pub rough_amount: f64,
    pub formal_effort: f64,
    pub formal_amount: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct TrendPoint {
    pub month: YearMonth,
    pub label: String,
    pub incidents: Flow,
    pub failures_raised: usize,
    pub changes_raised: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct YoyRow {
    pub name: &'static str,
    pub this_month: f64,
    pub last_year: f64,
    pub diff: f64,
}

/// One record of the month, for the detail sheets.
#[derive(Debug, Clone, Serialize)]
pub struct MonthRecord {
    pub no: String,
    pub raised_on: Option<NaiveDate>,
    pub title: String,
    /// Status at the month's cut-off.
    pub status: String,
    pub priority: String,
    /// 種別 (incidents), Severity (failures), 開発見送り理由 (changes).
    pub kind: String,
    pub org: String,
    /// Closing date in the month, if it closed then.
    pub closed_on: Option<NaiveDate>,
    pub lead_days: Option<i64>,
    pub detected_at: Option<NaiveDateTime>,
    pub recovered_at: Option<NaiveDateTime>,
    pub root_cause_category: String,
    pub rough_amount: Option<f64>,
    pub formal_amount: Option<f64>,
}

/// Everything the monthly report shows.
#[derive(Debug, Clone, Serialize)]
pub struct MonthlyFigures {
    pub month: YearMonth,
    pub label: String,
    /// The cut-off: the next month's 0:00, or now for the current month.
    pub as_of: NaiveDateTime,
    /// False for the current (still running) month.
    pub closed_month: bool,
    pub incidents: Flow,
    pub failures: Flow,
    pub changes: Flow,
    pub previous_month: Flow,
    pub lead_by_kind: Vec<LeadTime>,
    pub lead_by_org: Vec<LeadTime>,
    /// 障害・変更 by 優先度 (`障害 高`, …).
    pub lead_sc_by_priority: Vec<LeadTime>,
    pub priorities: Vec<String>,
    pub sc_status_priority: Vec<StatusPriorityRow>,
    pub sla: Vec<SlaSummary>,
    /// The month's SLA items (start in the month).
    pub sla_items: Vec<SlaItem>,
    pub failure: FailureFigures,
    pub root_causes: Vec<CountRow>,
    pub preventions: PreventionFigures,
    pub change_estimates: Vec<EstimateRow>,
    pub dropped_by_reason: Vec<CountRow>,
    pub trend: Vec<TrendPoint>,
    pub yoy: Vec<YoyRow>,
    pub findings: String,
    pub incident_records: Vec<MonthRecord>,
    pub failure_records: Vec<MonthRecord>,
    pub change_records: Vec<MonthRecord>,
    pub definitions: &'static [Definition],
}

/// The cut-off of a month seen at `now`.
pub fn cutoff(month: YearMonth, now: NaiveDateTime) -> NaiveDateTime {
    month.end().min(now)
}

/// Computes the figures of `month` as the database records them.
pub fn monthly_figures(d: &Daicho, month: YearMonth) -> Result<MonthlyFigures> {
    let settings = ReportSettings::load(d)?;
    let hours = &settings.calendar.config().business_hours;
    let data = Data::load(d, hours.start, hours.end)?;
    compute(d, &data, &settings, month, d.now())
}

pub(crate) fn compute(
    d: &Daicho,
    data: &Data,
    settings: &ReportSettings,
    month: YearMonth,
    now: NaiveDateTime,
) -> Result<MonthlyFigures> {
    let as_of = cutoff(month, now);
    let incidents = flow(data, Ledger::Incident, month, now);
    let failures = flow(data, Ledger::Failure, month, now);
    let changes = flow(data, Ledger::Change, month, now);
    let previous_month = flow(data, Ledger::Incident, month.plus_months(-1), now);

    // 起票→クローズ日数
    let closures = |ledger: Ledger| -> Vec<(&Record, NaiveDate, i64)> {
        data.records(ledger)
            .iter()
            .filter_map(|r| {
                let tl = data.timeline(&r.no)?;
                let e = tl
                    .closures_between(month.start(), as_of)
                    .into_iter()
                    .last()?;
                let day = e.when.date();
                let raised = raised_on(r)?;
                Some((r, day, (day - raised).num_days().max(0)))
            })
            .collect()
    };
    let inc_closed = closures(Ledger::Incident);
    let mut by_kind: BTreeMap<String, Vec<i64>> =
        KINDS.iter().map(|k| (k.to_string(), Vec::new())).collect();
    let mut by_org: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    for (r, _, days) in &inc_closed {
        by_kind.entry(or_unset(r, "kind")).or_default().push(*days);
        by_org
            .entry(or_unset(r, "origin_org"))
            .or_default()
            .push(*days);
    }
    let ordered_kinds: Vec<String> = {
        let mut v: Vec<String> = KINDS.iter().map(|s| s.to_string()).collect();
        v.extend(
            by_kind
                .keys()
                .filter(|k| !KINDS.contains(&k.as_str()))
                .cloned(),
        );
        v
    };
    let mut lead_by_kind: Vec<LeadTime> =
        ordered_kinds.iter().map(|k| lead(k, &by_kind[k])).collect();
    lead_by_kind.push(lead(
        "全体",
        &inc_closed.iter().map(|x| x.2).collect::<Vec<_>>(),
    ));
    let lead_by_org: Vec<LeadTime> = by_org.iter().map(|(k, v)| lead(k, v)).collect();

    let priorities = priorities(d, data);
    let mut lead_sc_by_priority = Vec::new();
    for ledger in [Ledger::Failure, Ledger::Change] {
        let closed = closures(ledger);
        for p in priorities
            .iter()
            .chain(std::iter::once(&"(未設定)".to_string()))
        {
            let v: Vec<i64> = closed
                .iter()
                .filter(|(r, _, _)| &or_unset(r, "priority") == p)
                .map(|x| x.2)
                .collect();
            if p == "(未設定)" && v.is_empty() {
                continue;
            }
            lead_sc_by_priority.push(lead(&format!("{} {p}", short(ledger)), &v));
        }
    }

    // 優先度 × ステータス at the cut-off.
    let mut sc_status_priority = Vec::new();
    let mut prio_cols = priorities.clone();
    prio_cols.push("(未設定)".to_string());
    for ledger in [Ledger::Failure, Ledger::Change] {
        for status in workflow::statuses(ledger) {
            let mut counts = vec![0usize; prio_cols.len()];
            for r in data.records(ledger) {
                if !existed(r, as_of) {
                    continue;
                }
                let Some(tl) = data.timeline(&r.no) else {
                    continue;
                };
                if tl.status_at(as_of) != status {
                    continue;
                }
                let p = or_unset(r, "priority");
                let idx = prio_cols
                    .iter()
                    .position(|x| *x == p)
                    .unwrap_or(prio_cols.len() - 1);
                counts[idx] += 1;
            }
            let total = counts.iter().sum();
            if total > 0 {
                sc_status_priority.push(StatusPriorityRow {
                    ledger: short(ledger),
                    status: status.to_string(),
                    counts,
                    total,
                });
            }
        }
    }

    // SLA
    let all_sla = evaluate_all(data, settings, as_of);
    let sla_items: Vec<SlaItem> = all_sla
        .into_iter()
        .filter(|i| i.start >= month.start() && i.start < month.end())
        .collect();
    let sla = SlaMeasure::ALL
        .iter()
        .map(|&m| {
            let items: Vec<&SlaItem> = sla_items.iter().filter(|i| i.measure == m).collect();
            let n = |s: SlaStatus| items.iter().filter(|i| i.status == s).count();
            let (met, breached) = (n(SlaStatus::Met), n(SlaStatus::Breached));
            SlaSummary {
                measure: m,
                label: m.label(),
                met,
                breached,
                at_risk: n(SlaStatus::AtRisk),
                running: n(SlaStatus::Running),
                achievement_pct: (met + breached > 0)
                    .then(|| round1(met as f64 * 100.0 / (met + breached) as f64)),
            }
        })
        .collect();

    let failure = failure_figures(d, data, month, as_of)?;
    let root_causes = root_causes(data, month, now);
    let preventions = preventions(d, data, as_of)?;
    let change_estimates = estimates(data, month, as_of);
    let dropped_by_reason = dropped(data, month, now);

    let trend: Vec<TrendPoint> = (0..12)
        .rev()
        .map(|i| {
            let m = month.plus_months(-i);
            TrendPoint {
                month: m,
                label: m.short_label(),
                incidents: flow(data, Ledger::Incident, m, now),
                failures_raised: flow(data, Ledger::Failure, m, now).raised,
                changes_raised: flow(data, Ledger::Change, m, now).raised,
            }
        })
        .collect();
    let ly = month.plus_months(-12);
    let ly_inc = flow(data, Ledger::Incident, ly, now);
    let ly_fail = flow(data, Ledger::Failure, ly, now);
    let ly_chg = flow(data, Ledger::Change, ly, now);
    let ly_failure = failure_figures(d, data, ly, cutoff(ly, now))?;
    let yoy_row = |name, a: f64, b: f64| YoyRow {
        name,
        this_month: a,
        last_year: b,
        diff: round1(a - b),
    };
    let yoy = vec![
        yoy_row(
            "インシデント発生件数",
            incidents.raised as f64,
            ly_inc.raised as f64,
        ),
        yoy_row(
            "インシデントクローズ件数",
            incidents.closed as f64,
            ly_inc.closed as f64,
        ),
        yoy_row(
            "インシデント月末残件数",
            incidents.backlog as f64,
            ly_inc.backlog as f64,
        ),
        yoy_row(
            "障害発生件数",
            failures.raised as f64,
            ly_fail.raised as f64,
        ),
        yoy_row(
            "障害月末残件数",
            failures.backlog as f64,
            ly_fail.backlog as f64,
        ),
        yoy_row("変更発生件数", changes.raised as f64, ly_chg.raised as f64),
        yoy_row(
            "MTTR（時間）",
            failure.mttr_hours.unwrap_or(0.0),
            ly_failure.mttr_hours.unwrap_or(0.0),
        ),
    ];

    let rec_row = |r: &Record| -> MonthRecord {
        let tl = data.timeline(&r.no);
        let closed_on = tl
            .and_then(|t| t.closures_between(month.start(), as_of).into_iter().last())
            .map(|e| e.when.date());
        let dt = |k: &str| match r.get(k) {
            Value::DateTime(t) => Some(*t),
            _ => None,
        };
        MonthRecord {
            no: r.no.clone(),
            raised_on: raised_on(r),
            title: r.text("title").to_string(),
            status: tl
                .map(|t| t.status_at(as_of).to_string())
                .unwrap_or_else(|| r.status().to_string()),
            priority: r.get("priority").display(),
            kind: match r.ledger {
                Ledger::Incident => r.get("kind").display(),
                Ledger::Failure => r.get("severity").display(),
                _ => r.get("drop_reason").display(),
            },
            org: r.get("origin_org").display(),
            closed_on,
            lead_days: closed_on
                .zip(raised_on(r))
                .map(|(c, s)| (c - s).num_days().max(0)),
            detected_at: dt("detected_at"),
            recovered_at: dt("recovered_at"),
            root_cause_category: r.get("root_cause_category").display(),
            rough_amount: number(r, "rough_amount"),
            formal_amount: number(r, "formal_amount"),
        }
    };
    let month_records = |ledger: Ledger| -> Vec<MonthRecord> {
        data.records(ledger)
            .iter()
            .filter(|r| {
                raised_on(r).is_some_and(|d| month.contains(d))
                    || data
                        .timeline(&r.no)
                        .is_some_and(|t| !t.closures_between(month.start(), as_of).is_empty())
            })
            .map(rec_row)
            .collect()
    };

    Ok(MonthlyFigures {
        month,
        label: month.label(),
        as_of,
        closed_month: as_of == month.end(),
        incidents,
        failures,
        changes,
        previous_month,
        lead_by_kind,
        lead_by_org,
        lead_sc_by_priority,
        priorities: prio_cols,
        sc_status_priority,
        sla,
        sla_items,
        failure,
        root_causes,
        preventions,
        change_estimates,
        dropped_by_reason,
        trend,
        yoy,
        findings: findings(d, month)?,
        incident_records: month_records(Ledger::Incident),
        failure_records: month_records(Ledger::Failure),
        change_records: month_records(Ledger::Change),
        definitions: DEFINITIONS,
    })
}

/// Raised (起票日 0:00) before the instant `t`.
pub(crate) fn existed(r: &Record, t: NaiveDateTime) -> bool {
    raised_on(r).is_some_and(|day| day.and_hms_opt(0, 0, 0).expect("valid") < t)
}

pub(crate) fn short(ledger: Ledger) -> &'static str {
    match ledger {
        Ledger::Incident => "インシデント",
        Ledger::Failure => "障害",
        Ledger::Change => "変更",
        Ledger::Release => "リリース",
    }
}

fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

fn number(r: &Record, key: &str) -> Option<f64> {
    match r.get(key) {
        Value::Int(i) => Some(*i as f64),
        Value::Decimal(f) => Some(*f),
        _ => None,
    }
}

/// The 優先度 master in its order, plus any other value found in the data.
fn priorities(d: &Daicho, data: &Data) -> Vec<String> {
    let mut out: Vec<String> = d
        .masters(daicho_core::domain::master::Master::Priority, true)
        .map(|v| v.into_iter().map(|m| m.name).collect())
        .unwrap_or_default();
    if out.is_empty() {
        out = DEFAULT_PRIORITIES.iter().map(|s| s.to_string()).collect();
    }
    for r in data.failures.iter().chain(&data.changes) {
        let p = r.text("priority");
        if !p.is_empty() && !out.iter().any(|x| x == p) {
            out.push(p.to_string());
        }
    }
    out
}

/// 発生 / クローズ / 月末残 of `ledger` in `month`, cut at `now`.
pub(crate) fn flow(data: &Data, ledger: Ledger, month: YearMonth, now: NaiveDateTime) -> Flow {
    let cut = cutoff(month, now);
    let mut f = Flow::default();
    if month.start() > now {
        return f;
    }
    for r in data.records(ledger) {
        let Some(raised) = raised_on(r) else { continue };
        if month.contains(raised) {
            f.raised += 1;
        }
        let Some(tl) = data.timeline(&r.no) else {
            continue;
        };
        if !tl.closures_between(month.start(), cut).is_empty() {
            f.closed += 1;
        }
        if existed(r, cut) && !tl.closed_at(cut) {
            f.backlog += 1;
        }
    }
    f
}

/// Mean, median and p90 (nearest rank) of day counts.
pub fn lead(group: &str, days: &[i64]) -> LeadTime {
    let mut v = days.to_vec();
    v.sort_unstable();
    let n = v.len();
    let (mean, median, p90) = if n == 0 {
        (None, None, None)
    } else {
        let mean = v.iter().sum::<i64>() as f64 / n as f64;
        let median = if n % 2 == 1 {
            v[n / 2] as f64
        } else {
            (v[n / 2 - 1] + v[n / 2]) as f64 / 2.0
        };
        let rank = ((0.9 * n as f64).ceil() as usize).clamp(1, n);
        (Some(round1(mean)), Some(median), Some(v[rank - 1] as f64))
    };
    LeadTime {
        group: group.to_string(),
        count: n,
        mean_days: mean,
        median_days: median,
        p90_days: p90,
    }
}

fn failure_figures(
    d: &Daicho,
    data: &Data,
    month: YearMonth,
    as_of: NaiveDateTime,
) -> Result<FailureFigures> {
    let mut repair = Vec::new();
    let mut occurred = 0usize;
    // Recorded outages (検知→復旧), clipped to the month, merged where they overlap.
    let mut outages: Vec<(NaiveDateTime, NaiveDateTime)> = Vec::new();
    let mut recurrences = 0usize;
    for r in &data.failures {
        let start = failure_start(r);
        let recovered = match r.get("recovered_at") {
            Value::DateTime(t) => Some(*t),
            _ => None,
        };
        if let (Some(s), Some(e)) = (start, recovered) {
            if e >= month.start() && e < as_of {
                repair.push((e - s).num_minutes().max(0) as f64 / 60.0);
            }
        }
        let occ = match (r.get("occurred_at"), start) {
            (Value::DateTime(t), _) => Some(*t),
            (_, Some(s)) => Some(s),
            _ => raised_on(r).and_then(|d| d.and_hms_opt(0, 0, 0)),
        };
        if occ.is_some_and(|t| t >= month.start() && t < as_of) {
            occurred += 1;
        }
        if let (Some(s), Some(e)) = (start, recovered) {
            let (a, b) = (s.max(month.start()), e.min(as_of));
            if b > a {
                outages.push((a, b));
            }
        }
        if raised_on(r).is_some_and(|day| month.contains(day))
            && d.detail(&r.no)?
                .links
                .iter()
                .any(|l| l.relation == "same_root")
        {
            recurrences += 1;
        }
    }
    outages.sort();
    let mut downtime = 0.0f64;
    let mut cur: Option<(NaiveDateTime, NaiveDateTime)> = None;
    for (a, b) in outages {
        cur = match cur {
            Some((ca, cb)) if a <= cb => Some((ca, cb.max(b))),
            Some((ca, cb)) => {
                downtime += (cb - ca).num_minutes() as f64 / 60.0;
                Some((a, b))
            }
            None => Some((a, b)),
        };
    }
    if let Some((ca, cb)) = cur {
        downtime += (cb - ca).num_minutes() as f64 / 60.0;
    }
    let period = (as_of - month.start()).num_minutes().max(0) as f64 / 60.0;
    Ok(FailureFigures {
        recovered: repair.len(),
        mttr_hours: (!repair.is_empty())
            .then(|| round1(repair.iter().sum::<f64>() / repair.len() as f64)),
        occurred,
        downtime_hours: round1(downtime),
        mtbf_hours: (occurred > 0).then(|| round1((period - downtime).max(0.0) / occurred as f64)),
        recurrences,
    })
}

fn root_causes(data: &Data, month: YearMonth, now: NaiveDateTime) -> Vec<CountRow> {
    let first = month.plus_months(-11).first_day();
    let mut map: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for r in &data.failures {
        let Some(day) = raised_on(r) else { continue };
        if day < first || day > month.last_day() || day > now.date() {
            continue;
        }
        let cat = r.text("root_cause_category").trim();
        let cat = if cat.is_empty() { "未分類" } else { cat };
        let e = map.entry(cat.to_string()).or_default();
        e.1 += 1;
        if month.contains(day) {
            e.0 += 1;
        }
    }
    let mut rows: Vec<CountRow> = map
        .into_iter()
        .map(|(name, (m, t))| CountRow {
            name,
            month: m,
            twelve_months: t,
        })
        .collect();
    rows.sort_by(|a, b| {
        b.twelve_months
            .cmp(&a.twelve_months)
            .then(a.name.cmp(&b.name))
    });
    rows
}

fn preventions(d: &Daicho, data: &Data, as_of: NaiveDateTime) -> Result<PreventionFigures> {
    let day = as_of.date();
    let mut p = PreventionFigures::default();
    for r in &data.failures {
        if !existed(r, as_of) {
            continue;
        }
        for row in d.children(&r.no, "preventions")? {
            let date = |k: &str| row.fields.get(k).and_then(|v| v.as_date());
            p.total += 1;
            let done = date("done_on").is_some_and(|x| x < day);
            if done {
                p.done += 1;
            } else {
                p.open += 1;
                if date("due_on").is_some_and(|x| x < day) {
                    p.overdue += 1;
                }
            }
            if date("verified_on").is_some_and(|x| x < day) {
                p.verified += 1;
            }
        }
    }
    Ok(p)
}

fn estimates(data: &Data, month: YearMonth, as_of: NaiveDateTime) -> Vec<EstimateRow> {
    let sum = |scope: &'static str, recs: Vec<&Record>| EstimateRow {
        scope,
        count: recs.len(),
        rough_effort: recs.iter().filter_map(|r| number(r, "rough_effort")).sum(),
        rough_amount: recs.iter().filter_map(|r| number(r, "rough_amount")).sum(),
        formal_effort: recs.iter().filter_map(|r| number(r, "formal_effort")).sum(),
        formal_amount: recs.iter().filter_map(|r| number(r, "formal_amount")).sum(),
    };
    let raised: Vec<&Record> = data
        .changes
        .iter()
        .filter(|r| raised_on(r).is_some_and(|d| month.contains(d)))
        .collect();
    let open: Vec<&Record> = data
        .changes
        .iter()
        .filter(|r| {
            raised_on(r).is_some_and(|d| d.and_hms_opt(0, 0, 0).expect("valid") < as_of)
                && data.timeline(&r.no).is_some_and(|t| !t.closed_at(as_of))
        })
        .collect();
    vec![sum("当月起票", raised), sum("月末時点で未完了", open)]
}

fn dropped(data: &Data, month: YearMonth, now: NaiveDateTime) -> Vec<CountRow> {
    let mut rows: Vec<CountRow> = DROP_REASONS
        .iter()
        .map(|r| CountRow {
            name: r.to_string(),
            month: 0,
            twelve_months: 0,
        })
        .collect();
    for r in &data.changes {
        let Some(tl) = data.timeline(&r.no) else {
            continue;
        };
        let from = month.plus_months(-11).start();
        let to = cutoff(month, now);
        for e in tl.closures_between(from, to) {
            if e.to != workflow::status::DROPPED {
                continue;
            }
            let reason = r.text("drop_reason");
            let idx = match rows.iter().position(|x| x.name == reason) {
                Some(i) => i,
                None => {
                    rows.push(CountRow {
                        name: if reason.is_empty() {
                            "(未設定)".into()
                        } else {
                            reason.to_string()
                        },
                        month: 0,
                        twelve_months: 0,
                    });
                    rows.len() - 1
                }
            };
            rows[idx].twelve_months += 1;
            if e.when >= month.start() {
                rows[idx].month += 1;
            }
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lead_time_statistics_use_nearest_rank_p90() {
        let l = lead("x", &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        assert_eq!(l.mean_days, Some(5.5));
        assert_eq!(l.median_days, Some(5.5));
        assert_eq!(l.p90_days, Some(9.0));
        let l = lead("x", &[4, 1, 3]);
        assert_eq!(l.median_days, Some(3.0));
        assert_eq!(l.p90_days, Some(4.0));
        assert_eq!(lead("x", &[]).mean_days, None);
    }
}
