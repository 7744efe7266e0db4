//! The 月次報告書's figures for one month, as serde structs (the app's レポート
//! screen charts them; the PDF and xlsx writers print them). Every figure is
//! defined in `definitions.rs`; computations use only record dates and the
//! history, cut at the month end (or "now" for the current month).
//!
//! One file per part of the report: `flow.rs` (発生 / クローズ / 月末残),
//! `lead_time.rs`, `status.rs` (優先度×ステータス), `sla_summary.rs`,
//! `failures.rs` (MTTR, MTBF, root causes, 再発防止策), `changes.rs`
//! (estimates, 開発見送り), `trend.rs` (12 months, year on year) and
//! `records.rs` (the month's records).

mod availability;
mod breakdown;
mod changes;
mod commentary;
mod failures;
mod flow;
mod high_priority;
mod lead_time;
pub(crate) mod look_back;
mod records;
pub(crate) mod releases;
mod sla_summary;
mod status;
mod trend;

use chrono::NaiveDateTime;
use daicho_core::domain::ledger::Ledger;
use daicho_core::{Daicho, Record, Result, Value};
use serde::Serialize;

use crate::data::{raised_on, Data, UNSET};
use crate::data_recent::For;
use crate::definitions::{Definition, DEFINITIONS};
use crate::period::YearMonth;
use crate::settings::{findings, ReportSettings};
use crate::sla::{month_items, SlaItem};
pub(crate) use look_back::{LookBack, LookBackAt};

pub use availability::AvailabilityRow;
pub use changes::EstimateRow;
pub use failures::{FailureFigures, PreventionFigures};
pub use flow::Flow;
pub use high_priority::HighPriorityItem;
pub use lead_time::{lead, LeadTime};
pub use records::MonthRecord;
pub use releases::{DueCompliance, ReleaseFigures, ReleaseRow};
pub use sla_summary::SlaSummary;
pub use status::StatusPriorityRow;
pub use trend::{TrendPoint, YoyRow};

#[derive(Debug, Clone, Serialize)]
pub struct CountRow {
    pub name: String,
    pub month: usize,
    /// Sum over the 12 months ending with the report month.
    pub twelve_months: usize,
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
    /// The month's SLA items (judged in the month, or running at its end).
    pub sla_items: Vec<SlaItem>,
    pub failure: FailureFigures,
    pub root_causes: Vec<CountRow>,
    /// インシデント発生件数 by 種別 and by 発生元組織 (month, 12 months).
    pub raised_by_kind: Vec<CountRow>,
    pub raised_by_org: Vec<CountRow>,
    /// インシデント・障害 発生件数 by 対象システム.
    pub incidents_by_system: Vec<CountRow>,
    pub failures_by_system: Vec<CountRow>,
    /// Releases planned or released (本番) in the month.
    pub releases: ReleaseFigures,
    /// 納期遵守率 of the 障害・変更 completed in the month.
    pub due_compliance: DueCompliance,
    /// 稼働率 per 対象システム (systems with a service level, and those with
    /// an outage in the month).
    pub availability: Vec<AvailabilityRow>,
    /// Open high-priority items at the cut-off (優先度 高, Severity
    /// Critical / High).
    pub high_priority: Vec<HighPriorityItem>,
    /// 目標と実績 with the 原因分析 of 未達 rows.
    pub targets: Vec<crate::targets::TargetRow>,
    pub preventions: PreventionFigures,
    pub change_estimates: Vec<EstimateRow>,
    pub dropped_by_reason: Vec<CountRow>,
    pub trend: Vec<TrendPoint>,
    pub yoy: Vec<YoyRow>,
    /// The 所見・改善提案: as the owner wrote it, else the generated draft.
    pub findings: String,
    /// True when `findings` is the generated draft (nothing written yet).
    pub findings_is_draft: bool,
    /// The draft generated from the figures by fixed rules.
    pub findings_draft: String,
    /// The history's hash-chain head when the report was made (`daicho
    /// verify` prints the same when the chain is intact).
    pub history_head: String,
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
    figures_then_free(d, month, crate::data::drop_later)
}

/// [`monthly_figures`] with the records freed before it returns: the PDF
/// and the workbook rendered next then do not add to their peak.
pub(crate) fn monthly_figures_to_render(d: &Daicho, month: YearMonth) -> Result<MonthlyFigures> {
    figures_then_free(d, month, drop)
}

fn figures_then_free(d: &Daicho, month: YearMonth, free: fn(Data)) -> Result<MonthlyFigures> {
    let settings = ReportSettings::load(d)?;
    let (data, back) = load(d, &settings, month, d.now())?;
    let figures = compute(d, &data, &back, &settings, month, d.now());
    free(data);
    figures
}

/// What the figures of `month` read: whole records of its own two months
/// (the previous month is compared with), and the year's look-back counted
/// in the narrow read of every record the load makes anyway.
pub(crate) fn load(
    d: &Daicho,
    settings: &ReportSettings,
    month: YearMonth,
    now: NaiveDateTime,
) -> Result<(Data, LookBack)> {
    let from = month.plus_months(-1).start();
    let at = LookBackAt {
        settings,
        month,
        now,
    };
    let (data, parts) = Data::load_since_with(d, settings, from, For::Month, Some(&at))?;
    let parts = parts.expect("the look-back was asked for");
    Ok((data, LookBack::from_parts(month, parts)))
}

/// The figures of `month` from `data` (records loaded whole) and `back`.
pub(crate) fn compute(
    d: &Daicho,
    data: &Data,
    back: &LookBack,
    settings: &ReportSettings,
    month: YearMonth,
    now: NaiveDateTime,
) -> Result<MonthlyFigures> {
    let as_of = cutoff(month, now);
    // The sections that read only the loaded data run on a second thread
    // while this one computes the rest (some of which ask the database).
    let (side, main) = std::thread::scope(|s| {
        let side = s.spawn(|| Side::compute(data, back, settings, month, as_of));
        let main = main_sections(d, data, back, settings, month, as_of);
        let side = side
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (side, main)
    });
    let main = main?;

    let mut f = MonthlyFigures {
        history_head: main.history_head,
        month,
        label: month.label(),
        as_of,
        closed_month: as_of == month.end(),
        incidents: main.incidents,
        failures: main.failures,
        changes: main.changes,
        previous_month: main.previous_month,
        lead_by_kind: main.leads.by_kind,
        lead_by_org: main.leads.by_org,
        lead_sc_by_priority: main.leads.sc_by_priority,
        priorities: main.prio_cols,
        sc_status_priority: main.sc_status_priority,
        sla: sla_summary::sla_summary(&side.sla_items),
        sla_items: side.sla_items,
        failure: main.failure,
        root_causes: back.root_causes.clone(),
        raised_by_kind: side.raised_by_kind,
        raised_by_org: side.raised_by_org,
        incidents_by_system: side.incidents_by_system,
        failures_by_system: side.failures_by_system,
        preventions: main.preventions,
        change_estimates: changes::estimates(data, month, as_of),
        dropped_by_reason: back.dropped.clone(),
        trend: side.trend,
        yoy: main.yoy,
        releases: releases::releases(data, month, as_of),
        due_compliance: releases::due_compliance(data, month, as_of),
        availability: main.availability,
        high_priority: side.high_priority,
        findings: main.findings,
        findings_is_draft: false,
        findings_draft: String::new(),
        incident_records: main.incident_records,
        failure_records: main.failure_records,
        change_records: main.change_records,
        definitions: DEFINITIONS,
        targets: Vec::new(),
    };
    f.targets = crate::targets::target_rows(d, &f)?;
    f.findings_draft = commentary::draft(&f, &back.flow(Ledger::Failure, month.plus_months(-1)));
    if f.findings.trim().is_empty() {
        f.findings = f.findings_draft.clone();
        f.findings_is_draft = true;
    }
    Ok(f)
}

/// The figures [`compute`] takes from the data alone (no database), made on
/// a second thread.
struct Side {
    sla_items: Vec<SlaItem>,
    trend: Vec<TrendPoint>,
    high_priority: Vec<HighPriorityItem>,
    raised_by_kind: Vec<CountRow>,
    raised_by_org: Vec<CountRow>,
    incidents_by_system: Vec<CountRow>,
    failures_by_system: Vec<CountRow>,
}

impl Side {
    fn compute(
        data: &Data,
        back: &LookBack,
        settings: &ReportSettings,
        month: YearMonth,
        as_of: NaiveDateTime,
    ) -> Side {
        Side {
            sla_items: month_items(data, settings, month, as_of),
            trend: trend::trend(back, month),
            high_priority: high_priority::high_priority(data, as_of),
            raised_by_kind: back.raised_by_kind.clone(),
            raised_by_org: back.raised_by_org.clone(),
            incidents_by_system: back.incidents_by_system.clone(),
            failures_by_system: back.failures_by_system.clone(),
        }
    }
}

/// The other figures of [`compute`], among them all that ask the database.
struct Main {
    incidents: Flow,
    failures: Flow,
    changes: Flow,
    previous_month: Flow,
    leads: lead_time::LeadTimes,
    prio_cols: Vec<String>,
    sc_status_priority: Vec<StatusPriorityRow>,
    failure: FailureFigures,
    yoy: Vec<YoyRow>,
    preventions: PreventionFigures,
    availability: Vec<AvailabilityRow>,
    history_head: String,
    findings: String,
    incident_records: Vec<MonthRecord>,
    failure_records: Vec<MonthRecord>,
    change_records: Vec<MonthRecord>,
}

fn main_sections(
    d: &Daicho,
    data: &Data,
    back: &LookBack,
    settings: &ReportSettings,
    month: YearMonth,
    as_of: NaiveDateTime,
) -> Result<Main> {
    let incidents = back.flow(Ledger::Incident, month);
    let failures = back.flow(Ledger::Failure, month);
    let changes = back.flow(Ledger::Change, month);
    let previous_month = back.flow(Ledger::Incident, month.plus_months(-1));

    let priorities = status::priorities(d, data);
    let leads = lead_time::lead_times(data, month, as_of, &priorities);
    let mut prio_cols = priorities;
    prio_cols.push(UNSET.to_string());
    let sc_status_priority = status::status_priority(data, as_of, &prio_cols);

    let failure = failures::failure_figures(d, data, month, as_of)?;
    let ly = month.plus_months(-12);
    let yoy = trend::yoy(
        trend::YearOnYear {
            incidents: &incidents,
            failures: &failures,
            changes: &changes,
            mttr_hours: failure.mttr_hours,
        },
        trend::YearOnYear {
            incidents: &back.flow(Ledger::Incident, ly),
            failures: &back.flow(Ledger::Failure, ly),
            changes: &back.flow(Ledger::Change, ly),
            mttr_hours: back.mttr_year_ago,
        },
    );
    // The head as recorded; checking all rows (`daicho verify`) reads the
    // whole history, far more than a report should.
    let (rows, head) = d.history_head()?;
    Ok(Main {
        history_head: format!("{head} (全 {rows} 件、作成時点。改ざんの検査は daicho verify)"),
        preventions: failures::preventions(d, as_of)?,
        availability: availability::availability(d, data, settings, month, as_of)?,
        findings: findings(d, month)?,
        incident_records: records::month_records(data, Ledger::Incident, month, as_of),
        failure_records: records::month_records(data, Ledger::Failure, month, as_of),
        change_records: records::month_records(data, Ledger::Change, month, as_of),
        incidents,
        failures,
        changes,
        previous_month,
        leads,
        prio_cols,
        sc_status_priority,
        failure,
        yoy,
    })
}

/// Raised (起票日 0:00) before the instant `t`.
pub(crate) fn existed(r: &Record, t: NaiveDateTime) -> bool {
    raised_before(raised_on(r), t)
}

/// A record raised on `day` (起票日 0:00) existed before the instant `t`.
pub(crate) fn raised_before(day: Option<chrono::NaiveDate>, t: NaiveDateTime) -> bool {
    day.is_some_and(|day| day.and_hms_opt(0, 0, 0).expect("valid") < t)
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
