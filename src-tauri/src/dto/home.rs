//! ホーム figures and the global search.

use serde::Serialize;
use ts_rs::TS;

use super::records::{HistoryDto, RecordDto};

#[derive(Debug, Clone, Serialize, TS)]
pub struct StatusCount {
    pub status: String,
    pub count: i32,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct LedgerCounts {
    pub ledger: String,
    pub counts: Vec<StatusCount>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct HomeDto {
    pub open_counts: Vec<LedgerCounts>,
    pub untriaged: Vec<RecordDto>,
    pub overdue: Vec<RecordDto>,
    pub upcoming_releases: Vec<RecordDto>,
    pub recent_changes: Vec<HistoryDto>,
    /// 再発防止策 not yet done, earliest 期限 first.
    pub preventions: Vec<PreventionDto>,
    /// SLA 要注意 (the at-risk share of the limit used), earliest due first.
    pub attention: Vec<EscalationDto>,
    /// SLA 超過, earliest due first.
    pub breached: Vec<EscalationDto>,
    /// 障害連絡 (初報 / 定時報 / 完了報) due, with 次報予定.
    pub notices: Vec<NoticeDto>,
    /// How many rows `untriaged`, `overdue` and `preventions` hold in all
    /// (each list holds its first 50; `overdue` 50 per ledger).
    pub untriaged_total: i64,
    pub overdue_total: i64,
    pub preventions_total: i64,
    /// Open 再発防止策 past their 期限, all of them.
    pub preventions_overdue: i64,
}

/// One open 再発防止策 (Home's follow-up list).
#[derive(Debug, Clone, Serialize, TS)]
pub struct PreventionDto {
    /// The failure (`S-0001`) and its title.
    pub no: String,
    pub title: String,
    pub id: i64,
    pub content: String,
    pub owner: String,
    /// 期限 (ISO), empty when unset.
    pub due_on: String,
    pub overdue: bool,
    /// 承認者, empty until approved.
    pub approved_by: String,
}

impl From<daicho_core::service::OpenPrevention> for PreventionDto {
    fn from(p: daicho_core::service::OpenPrevention) -> Self {
        Self {
            no: p.no,
            title: p.title,
            id: p.id,
            content: p.content,
            owner: p.owner,
            due_on: p
                .due_on
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
            overdue: p.overdue,
            approved_by: p.approved_by.unwrap_or_default(),
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct SearchHitDto {
    pub ledger: String,
    pub no: String,
    pub title: String,
    pub status: String,
}

/// One open SLA target at or past its threshold.
#[derive(Debug, Clone, Serialize, TS)]
pub struct EscalationDto {
    pub no: String,
    pub title: String,
    pub measure_label: String,
    pub rule: String,
    /// The limit (ISO date-time).
    pub due: String,
    /// Share of the limit used, percent.
    pub used_pct: f64,
    /// 要注意 | 超過
    pub status_label: String,
    /// Who must act.
    pub owner: String,
    /// Whom to escalate to once breached.
    pub escalate_to: String,
}

impl From<daicho_reports::escalation::Escalation> for EscalationDto {
    fn from(e: daicho_reports::escalation::Escalation) -> Self {
        Self {
            no: e.no,
            title: e.title,
            measure_label: e.measure_label.into(),
            rule: e.rule,
            due: e.due.format("%Y-%m-%dT%H:%M").to_string(),
            used_pct: e.used_pct,
            status_label: e.status_label.into(),
            owner: e.owner,
            escalate_to: e.escalate_to.into(),
        }
    }
}

/// The next notice a failure owes.
#[derive(Debug, Clone, Serialize, TS)]
pub struct NoticeDto {
    pub no: String,
    pub title: String,
    /// 初報 | 定時報 | 完了報
    pub kind: String,
    /// 次報予定 (ISO date-time).
    pub due: String,
    pub overdue: bool,
    pub owner: String,
}

impl From<daicho_reports::escalation::NoticeDue> for NoticeDto {
    fn from(n: daicho_reports::escalation::NoticeDue) -> Self {
        Self {
            no: n.no,
            title: n.title,
            kind: n.kind.into(),
            due: n.due.format("%Y-%m-%dT%H:%M").to_string(),
            overdue: n.overdue,
            owner: n.owner,
        }
    }
}
