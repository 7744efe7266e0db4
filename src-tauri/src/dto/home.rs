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
    /// Today as the core sees it (ISO), for "overdue" and default dates.
    pub today: String,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct SearchHitDto {
    pub ledger: String,
    pub no: String,
    pub title: String,
    pub status: String,
}
