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
    /// Today as the core sees it (ISO), for "overdue" and default dates.
    pub today: String,
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
