//! A ledger row and its child rows, as the service hands them out.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::Serialize;

use super::ledger::Ledger;
use super::value::Value;

/// A field key: the ledger's own keys are static, so the reports' reads of
/// many records allocate no key per field.
pub type FieldKey = Cow<'static, str>;

/// One record of any ledger. `fields` holds every column of
/// [`Ledger::fields`] that has a value, keyed by field key.
#[derive(Debug, Clone, Serialize)]
pub struct Record {
    pub ledger: Ledger,
    /// `I-0001`, or the version for a release.
    pub no: String,
    pub fields: BTreeMap<FieldKey, Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deleted_at: Option<String>,
}

impl Record {
    pub fn get(&self, key: &str) -> &Value {
        static NULL: Value = Value::Null;
        self.fields.get(key).unwrap_or(&NULL)
    }
    pub fn text(&self, key: &str) -> &str {
        self.get(key).as_text().unwrap_or("")
    }
    pub fn status(&self) -> &str {
        self.text("status")
    }
}

/// A row of a child table (タイムライン, 調査結果, …).
#[derive(Debug, Clone, Serialize)]
pub struct ChildRow {
    pub id: i64,
    pub fields: BTreeMap<FieldKey, Value>,
}

/// A record with everything hanging off it, for the record view.
#[derive(Debug, Clone, Serialize)]
pub struct RecordDetail {
    pub record: Record,
    /// Child tables by key (`timeline`, `findings`, …).
    pub children: BTreeMap<String, Vec<ChildRow>>,
    /// Linked records: the incident, the S-/C- record, 同根障害, release members.
    pub links: Vec<Link>,
    pub attachments: Vec<Attachment>,
    /// The actions the record offers now (`Daicho::available_actions`).
    pub actions: Vec<&'static crate::domain::workflow::ActionDef>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Link {
    /// `incident`, `transfer`, `same_root`, `member`, `release`.
    pub relation: &'static str,
    pub no: String,
    pub title: String,
    pub status: String,
}

/// A file attached to a record (証跡, 見積書, エビデンス), kept inside the
/// database so a backup holds it.
#[derive(Debug, Clone, Serialize)]
pub struct Attachment {
    pub id: i64,
    pub name: String,
    pub size: i64,
    /// SHA-256 of the bytes (lower-case hex): checked on every read.
    pub sha256: String,
    pub added_at: String,
    pub added_by: String,
}

/// One recorded change.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryEntry {
    pub id: i64,
    pub ledger: Ledger,
    pub no: String,
    /// Field key, or a child table key for child rows.
    pub field: String,
    /// The label users see for `field`.
    pub label: String,
    pub old: Option<String>,
    pub new: Option<String>,
    pub actor: String,
    pub at: String,
    /// The action's name (起票, 編集, 切り分け, 削除, …).
    pub action: String,
}
