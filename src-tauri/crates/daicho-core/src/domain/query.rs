//! What a ledger screen asks for (filters, sort, a window of rows) and the
//! page it gets back. The store turns a [`ListQuery`] into SQL.

use serde::{Deserialize, Serialize};

use crate::domain::record::Record;

/// What a ledger grid asks for. Empty lists mean "no filter on this".
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    pub statuses: Vec<String>,
    pub kinds: Vec<String>,
    pub priorities: Vec<String>,
    pub assignees: Vec<String>,
    pub orgs: Vec<String>,
    /// A date field and an inclusive range on it (ISO dates).
    pub date_field: Option<String>,
    pub date_from: Option<String>,
    pub date_to: Option<String>,
    /// Open records whose due date (対応期限 / 希望納期 / 本番予定) is before `today`.
    pub overdue: bool,
    pub open_only: bool,
    /// Per-column filters: substring for text, exact for choices.
    pub column_filters: Vec<ColumnFilter>,
    /// Quick filter through the full-text index.
    pub text: Option<String>,
    /// Sort keys, first wins; default is number descending.
    pub sort: Vec<SortKey>,
    pub offset: i64,
    pub limit: Option<i64>,
    pub include_deleted: bool,
    /// A choice or master field (対象システム, ステータス, 担当者, …) whose
    /// values are counted over all matching records ([`Page::groups`]).
    pub group_by: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ColumnFilter {
    pub field: String,
    pub value: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SortKey {
    pub field: String,
    #[serde(default)]
    pub desc: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Page {
    pub total: i64,
    pub offset: i64,
    pub records: Vec<Record>,
    /// With [`ListQuery::group_by`]: each value and how many matching
    /// records have it, most first; `""` counts the empty ones.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<GroupCount>,
}

/// One value of a grouped field and its record count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GroupCount {
    pub value: String,
    pub count: i64,
}
