//! Records → `DocData`: the document kinds and how a record fills them.
//! Field and child-table keys of the core are the templates' keys.

use daicho_core::domain::ledger::Ledger;
use daicho_core::domain::record::ChildRow;
use daicho_core::domain::value::{nfkc, Value};
use daicho_core::service::ledger_of;
use daicho_core::{Daicho, Error, Result};
use daicho_docs::{DocData, DocValue};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DocKind {
    /// 障害対応報告書 (S-).
    FailureReport,
    /// 仕様変更指示書 (C-).
    ChangeSpec,
    /// インシデント起票用シート (I-, or blank as the intake form).
    IncidentSheet,
    /// 不具合管理表 (release).
    DefectList,
    /// 動作確認手順書 (release).
    VerificationProcedure,
    /// リリースノート (release): what each member fixed, for end users.
    ReleaseNotes,
}

impl DocKind {
    pub const ALL: [DocKind; 6] = [
        DocKind::FailureReport,
        DocKind::ChangeSpec,
        DocKind::IncidentSheet,
        DocKind::DefectList,
        DocKind::VerificationProcedure,
        DocKind::ReleaseNotes,
    ];

    /// The built-in template name in daicho-docs (also the override file name).
    pub fn template(self) -> &'static str {
        match self {
            DocKind::FailureReport => "failure_report",
            DocKind::ChangeSpec => "change_spec",
            DocKind::IncidentSheet => "incident_sheet",
            DocKind::DefectList => "defect_list",
            DocKind::VerificationProcedure => "verification_procedure",
            DocKind::ReleaseNotes => "release_notes",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            DocKind::FailureReport => "障害対応報告書",
            DocKind::ChangeSpec => "仕様変更指示書",
            DocKind::IncidentSheet => "インシデント起票用シート",
            DocKind::DefectList => "不具合管理表",
            DocKind::VerificationProcedure => "動作確認手順書",
            DocKind::ReleaseNotes => "リリースノート",
        }
    }

    pub fn ledger(self) -> Ledger {
        match self {
            DocKind::FailureReport => Ledger::Failure,
            DocKind::ChangeSpec => Ledger::Change,
            DocKind::IncidentSheet => Ledger::Incident,
            DocKind::DefectList | DocKind::VerificationProcedure | DocKind::ReleaseNotes => {
                Ledger::Release
            }
        }
    }

    /// By template name or Japanese label.
    pub fn from_key(s: &str) -> Option<DocKind> {
        let s = nfkc(s.trim());
        Self::ALL
            .into_iter()
            .find(|k| k.template() == s || k.label() == s)
    }
}

impl std::str::FromStr for DocKind {
    type Err = Error;

    /// [`DocKind::from_key`] with a Japanese error listing the documents.
    fn from_str(s: &str) -> Result<DocKind> {
        DocKind::from_key(s).ok_or_else(|| {
            let names: Vec<String> = DocKind::ALL
                .iter()
                .map(|k| format!("{} ({})", k.template(), k.label()))
                .collect();
            Error::invalid(format!(
                "文書「{s}」はありません。文書: {}",
                names.join(", ")
            ))
        })
    }
}

/// The usual document of a record: S- → 障害対応報告書, C- → 仕様変更指示書,
/// I- → インシデント起票用シート, a release → 動作確認手順書.
pub fn doc_kind_for(no: &str) -> DocKind {
    match ledger_of(no) {
        Ledger::Failure => DocKind::FailureReport,
        Ledger::Change => DocKind::ChangeSpec,
        Ledger::Incident => DocKind::IncidentSheet,
        Ledger::Release => DocKind::VerificationProcedure,
    }
}

pub(crate) fn doc_value(v: &Value) -> DocValue {
    into_doc_value(v.clone())
}

/// [`doc_value`] of a value the caller gives up (no copy of its text).
pub(crate) fn into_doc_value(v: Value) -> DocValue {
    match v {
        Value::Null => DocValue::Empty,
        Value::Text(s) => DocValue::Text(s),
        Value::Int(i) => DocValue::Int(i),
        Value::Decimal(f) => DocValue::Number(f),
        Value::Date(d) => DocValue::Date(d),
        Value::DateTime(dt) => DocValue::DateTime(dt),
    }
}

/// Child rows as a document table `key`, numbered from 1 (`seq`).
pub(crate) fn push_child_rows(data: &mut DocData, key: &str, rows: &[ChildRow]) {
    for (i, row) in rows.iter().enumerate() {
        let mut cells: Vec<(String, DocValue)> = row
            .fields
            .iter()
            .map(|(k, v)| (k.to_string(), doc_value(v)))
            .collect();
        cells.push(("seq".into(), DocValue::Int(i as i64 + 1)));
        data.push_row(key, cells);
    }
}

/// Fills a document of `kind` from record `no`: every field by key, every
/// child table by key, plus 作成日 (today) and 作成者 (the current user).
pub fn record_doc_data(d: &Daicho, kind: DocKind, no: &str) -> Result<DocData> {
    let detail = d.detail(no)?;
    let rec = &detail.record;
    if rec.ledger != kind.ledger() {
        return Err(Error::invalid(format!(
            "{}は{}から作成します ({} は{}です)。",
            kind.label(),
            kind.ledger().label(),
            rec.no,
            rec.ledger.label()
        )));
    }
    if rec.deleted_at.is_some() {
        return Err(Error::not_found(format!("{} は削除されています。", rec.no)));
    }
    let mut data = DocData::new()
        .with("created_on", d.today())
        .with("author", d.actor());
    for f in rec.ledger.fields() {
        data.set(f.key, doc_value(rec.get(f.key)));
    }
    for (key, rows) in &detail.children {
        push_child_rows(&mut data, key, rows);
    }
    // 作成 / 確認 / 承認 into the stamp boxes: the latest row of each 区分.
    for key in ["failure_approvals", "change_approvals"] {
        for row in detail.children.get(key).into_iter().flatten() {
            let f = |k: &str| row.fields.get(k).map(|v| v.display()).unwrap_or_default();
            data.set(
                &DocData::stamp_key(&f("role")),
                DocValue::Text(format!("{}\n{}", f("name"), f("date"))),
            );
        }
    }
    if rec.ledger == Ledger::Release {
        for m in d.release_members(&rec.no)? {
            data.push_row(
                "members",
                [
                    ("no", DocValue::Text(m.no.clone())),
                    ("title", DocValue::Text(m.text("title").into())),
                    ("status", DocValue::Text(m.status().into())),
                    ("release_note", doc_value(m.get("release_note"))),
                ],
            );
        }
    }
    Ok(data)
}
