//! レポート: a month's figures.

use serde::Serialize;
use ts_rs::TS;

/// 発生 / クローズ / 月末残.
#[derive(Debug, Clone, Copy, Serialize, TS)]
pub struct FlowDto {
    pub raised: i32,
    pub closed: i32,
    pub backlog: i32,
}

impl From<daicho_reports::monthly::Flow> for FlowDto {
    fn from(f: daicho_reports::monthly::Flow) -> Self {
        FlowDto {
            raised: f.raised as i32,
            closed: f.closed as i32,
            backlog: f.backlog as i32,
        }
    }
}

/// One month of the 12-month trend.
#[derive(Debug, Clone, Serialize, TS)]
pub struct TrendPointDto {
    /// `2026/10`-style label.
    pub label: String,
    pub incidents: FlowDto,
    pub failures_raised: i32,
    pub changes_raised: i32,
}

/// One SLA measure of the month.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SlaDto {
    pub label: String,
    pub met: i32,
    pub breached: i32,
    pub at_risk: i32,
    pub running: i32,
    pub achievement_pct: Option<f64>,
}

/// A count in the month and over 12 months (根本原因分類, 見送り理由).
#[derive(Debug, Clone, Serialize, TS)]
pub struct CountDto {
    pub name: String,
    pub month: i32,
    pub twelve_months: i32,
}

/// The レポート screen's figures of one month (the 月次報告書's main numbers).
#[derive(Debug, Clone, Serialize, TS)]
pub struct MonthlyDto {
    /// `2026-10`.
    pub month: String,
    pub label: String,
    pub as_of: String,
    pub closed_month: bool,
    pub incidents: FlowDto,
    pub failures: FlowDto,
    pub changes: FlowDto,
    pub sla: Vec<SlaDto>,
    pub mttr_hours: Option<f64>,
    pub mtbf_hours: Option<f64>,
    pub failures_occurred: i32,
    pub recurrences: i32,
    pub root_causes: Vec<CountDto>,
    pub trend: Vec<TrendPointDto>,
    pub findings: String,
    /// `findings` is the generated draft (nothing written for the month yet).
    pub findings_is_draft: bool,
    /// 目標と実績: each target, the month's actual and the 原因分析 of a 未達.
    pub targets: Vec<TargetDto>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct TargetDto {
    /// The key the 原因分析 is saved under (`save_target_cause`).
    pub key: String,
    pub name: String,
    /// `95% 以上`, `4時間 以下`.
    pub target: String,
    /// The month's actual with its unit; `—` when there is none.
    pub actual: String,
    /// None when there is no actual this month.
    pub met: Option<bool>,
    pub cause: String,
}

impl From<daicho_reports::MonthlyFigures> for MonthlyDto {
    fn from(f: daicho_reports::MonthlyFigures) -> Self {
        MonthlyDto {
            month: f.month.to_string(),
            label: f.label,
            as_of: f.as_of.format("%Y-%m-%dT%H:%M").to_string(),
            closed_month: f.closed_month,
            incidents: f.incidents.into(),
            failures: f.failures.into(),
            changes: f.changes.into(),
            sla: f
                .sla
                .into_iter()
                .map(|s| SlaDto {
                    label: s.label.into(),
                    met: s.met as i32,
                    breached: s.breached as i32,
                    at_risk: s.at_risk as i32,
                    running: s.running as i32,
                    achievement_pct: s.achievement_pct,
                })
                .collect(),
            mttr_hours: f.failure.mttr_hours,
            mtbf_hours: f.failure.mtbf_hours,
            failures_occurred: f.failure.occurred as i32,
            recurrences: f.failure.recurrences as i32,
            root_causes: f
                .root_causes
                .into_iter()
                .map(|c| CountDto {
                    name: c.name,
                    month: c.month as i32,
                    twelve_months: c.twelve_months as i32,
                })
                .collect(),
            trend: f
                .trend
                .into_iter()
                .map(|t| TrendPointDto {
                    label: t.label,
                    incidents: t.incidents.into(),
                    failures_raised: t.failures_raised as i32,
                    changes_raised: t.changes_raised as i32,
                })
                .collect(),
            findings: f.findings,
            findings_is_draft: f.findings_is_draft,
            targets: f
                .targets
                .into_iter()
                .map(|t| TargetDto {
                    target: format!(
                        "{}{} {}",
                        fmt_target(t.target),
                        t.unit,
                        if t.at_least { "以上" } else { "以下" }
                    ),
                    actual: t
                        .actual
                        .map_or_else(|| "—".into(), |a| format!("{}{}", fmt_target(a), t.unit)),
                    key: t.key,
                    name: t.name,
                    met: t.met,
                    cause: t.cause,
                })
                .collect(),
        }
    }
}

/// A target or actual as the report prints it: whole numbers without
/// decimals, others with up to two.
fn fmt_target(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}
