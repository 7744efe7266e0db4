//! 定例会: the 切り分け of one incident.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::records::RecordDto;

/// What the 定例会 decided for one incident.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(default)]
pub struct TriageRequest {
    pub no: String,
    /// 障害 / 仕様変更 / 問い合わせ.
    pub kind: String,
    pub priority: Option<String>,
    pub assignee: Option<String>,
    /// ISO or 2022/9/22; default today.
    pub meeting_date: Option<String>,
    /// 方針は検討中: the incident stays 方針検討中 without 方針決定日.
    pub undecided: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct TriageResultDto {
    pub incident: RecordDto,
    pub created: Option<RecordDto>,
}
