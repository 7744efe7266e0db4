//! Ledger grids and the record view: rows, list requests, detail, history.

use std::collections::BTreeMap;

use daicho_core::domain::record::{Attachment, HistoryEntry, Link, Record, RecordDetail};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::children::ChildRowDto;
use super::schema::ActionDto;

#[derive(Debug, Clone, Serialize, TS)]
pub struct RecordDto {
    pub ledger: String,
    pub no: String,
    /// Field key → storage text (ISO dates); missing keys are empty.
    pub fields: BTreeMap<String, String>,
    pub deleted: bool,
}

impl From<Record> for RecordDto {
    fn from(r: Record) -> Self {
        RecordDto {
            ledger: r.ledger.key().into(),
            no: r.no,
            fields: r
                .fields
                .into_iter()
                .filter_map(|(k, v)| v.storage_text().map(|s| (k.into_owned(), s)))
                .collect(),
            deleted: r.deleted_at.is_some(),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(default)]
pub struct ColumnFilterDto {
    pub field: String,
    pub value: String,
}

#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(default)]
pub struct SortDto {
    pub field: String,
    pub desc: bool,
}

/// What a grid asks for: filters, sort and a window of rows.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(default)]
pub struct ListRequest {
    pub ledger: String,
    pub statuses: Vec<String>,
    pub open_only: bool,
    pub overdue: bool,
    /// Incidents waiting for 切り分け (the statuses triage starts from).
    pub untriaged: bool,
    pub column_filters: Vec<ColumnFilterDto>,
    /// Quick filter through the full-text index.
    pub text: Option<String>,
    pub sort: Vec<SortDto>,
    pub offset: i32,
    pub limit: i32,
    /// A choice/master field key whose values are counted (グループ).
    pub group_by: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct PageDto {
    pub total: i32,
    pub offset: i32,
    pub records: Vec<RecordDto>,
    /// With `group_by`: each value ("" = empty) and its count, most first.
    pub groups: Vec<GroupCountDto>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct GroupCountDto {
    pub value: String,
    pub count: i32,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct LinkDto {
    /// `incident`, `transfer`, `same_root`, `member`, `release`.
    pub relation: String,
    pub no: String,
    pub title: String,
    pub status: String,
}

impl From<Link> for LinkDto {
    fn from(l: Link) -> Self {
        LinkDto {
            relation: l.relation.into(),
            no: l.no,
            title: l.title,
            status: l.status,
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct AttachmentDto {
    pub id: i32,
    pub name: String,
    pub size: i32,
    /// SHA-256 of the bytes (hex).
    pub sha256: String,
    pub added_at: String,
    pub added_by: String,
}

impl From<Attachment> for AttachmentDto {
    fn from(a: Attachment) -> Self {
        AttachmentDto {
            id: a.id as i32,
            name: a.name,
            size: a.size as i32,
            sha256: a.sha256,
            added_at: a.added_at,
            added_by: a.added_by,
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct DetailDto {
    pub record: RecordDto,
    pub children: BTreeMap<String, Vec<ChildRowDto>>,
    pub links: Vec<LinkDto>,
    pub attachments: Vec<AttachmentDto>,
    /// The actions the record offers now (status and field guards applied).
    pub actions: Vec<ActionDto>,
}

impl From<RecordDetail> for DetailDto {
    fn from(d: RecordDetail) -> Self {
        let actions = d.actions.into_iter().map(ActionDto::from).collect();
        DetailDto {
            actions,
            record: d.record.into(),
            children: d
                .children
                .into_iter()
                .map(|(k, rows)| (k, rows.into_iter().map(ChildRowDto::from).collect()))
                .collect(),
            links: d.links.into_iter().map(LinkDto::from).collect(),
            attachments: d.attachments.into_iter().map(AttachmentDto::from).collect(),
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct HistoryDto {
    pub id: i32,
    pub ledger: String,
    pub no: String,
    pub field: String,
    pub label: String,
    pub old: Option<String>,
    pub new: Option<String>,
    pub actor: String,
    pub at: String,
    pub action: String,
}

impl From<HistoryEntry> for HistoryDto {
    fn from(h: HistoryEntry) -> Self {
        HistoryDto {
            id: h.id as i32,
            ledger: h.ledger.key().into(),
            no: h.no,
            field: h.field,
            label: h.label,
            old: h.old,
            new: h.new,
            actor: h.actor,
            at: h.at,
            action: h.action,
        }
    }
}
