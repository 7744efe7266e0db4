//! Plain-text mail drafts rendered with minijinja from editable templates
//! (built-in defaults in `mail/`, replaced by `<override_dir>/<name>.txt`).
//!
//! NOTE: drafts use CRLF line endings. They are saved as `.txt` on the
//! shared drive and opened by Windows users in Notepad or pasted into
//! Outlook; CRLF is what both expect, and Rust's `lines()` reads it fine.
//!
//! Filters available in templates: `date` (`2022/9/22`), `datetime`
//! (`2022/9/22 14:05`), applied to ISO strings as chrono serializes them;
//! an empty or missing value renders as an empty string.

use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime};
use minijinja::value::{Serde, Value};
use minijinja::{syntax::SyntaxConfig, Environment};
use serde::Serialize;

use crate::{format_date, format_datetime, DocError};

/// The mail drafts the app writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MailKind {
    /// リリース予定案内: planned production release, per originating user.
    ReleaseSchedule,
    /// リリース案内: release done, per originating user.
    ReleaseDone,
    /// 障害連絡 初報.
    FailureInitial,
    /// 障害連絡 定時報.
    FailureUpdate,
    /// 障害連絡 完了報.
    FailureFinal,
    /// 復旧作業開始連絡.
    RecoveryStart,
    /// 復旧作業完了連絡.
    RecoveryDone,
}

impl MailKind {
    pub const ALL: [MailKind; 7] = [
        MailKind::ReleaseSchedule,
        MailKind::ReleaseDone,
        MailKind::FailureInitial,
        MailKind::FailureUpdate,
        MailKind::FailureFinal,
        MailKind::RecoveryStart,
        MailKind::RecoveryDone,
    ];

    /// Template name; also the override file name (`<name>.txt`).
    pub fn name(self) -> &'static str {
        match self {
            MailKind::ReleaseSchedule => "release_schedule",
            MailKind::ReleaseDone => "release_done",
            MailKind::FailureInitial => "failure_initial",
            MailKind::FailureUpdate => "failure_update",
            MailKind::FailureFinal => "failure_final",
            MailKind::RecoveryStart => "recovery_start",
            MailKind::RecoveryDone => "recovery_done",
        }
    }

    /// What users call it (also part of the draft's file name).
    pub fn label(self) -> &'static str {
        match self {
            MailKind::ReleaseSchedule => "リリース予定案内",
            MailKind::ReleaseDone => "リリース案内",
            MailKind::FailureInitial => "初報",
            MailKind::FailureUpdate => "定時報",
            MailKind::FailureFinal => "完了報",
            MailKind::RecoveryStart => "復旧作業開始",
            MailKind::RecoveryDone => "復旧作業完了",
        }
    }

    /// By template name (`release_done`) or label (`リリース案内`, `初報`,
    /// `障害連絡_初報`), 全角/半角 folded (NFKC).
    pub fn from_key(s: &str) -> Option<MailKind> {
        use unicode_normalization::UnicodeNormalization;
        let s: String = s.trim().nfkc().collect();
        let s = s
            .trim_start_matches("障害連絡")
            .trim_start_matches(['_', ' '])
            .trim_end_matches("連絡");
        Self::ALL
            .into_iter()
            .find(|k| k.name() == s || k.label() == s)
    }

    fn builtin(self) -> &'static str {
        match self {
            MailKind::ReleaseSchedule => include_str!("../mail/release_schedule.txt"),
            MailKind::ReleaseDone => include_str!("../mail/release_done.txt"),
            MailKind::FailureInitial => include_str!("../mail/failure_initial.txt"),
            MailKind::FailureUpdate => include_str!("../mail/failure_update.txt"),
            MailKind::FailureFinal => include_str!("../mail/failure_final.txt"),
            MailKind::RecoveryStart => include_str!("../mail/recovery_start.txt"),
            MailKind::RecoveryDone => include_str!("../mail/recovery_done.txt"),
        }
    }
}

/// Context of リリース予定案内 / リリース案内: one mail per originating user.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ReleaseMail {
    /// Release version (`1.4.2`).
    pub version: String,
    /// Planned production release date.
    pub planned_on: Option<NaiveDate>,
    /// Actual production release date.
    pub released_on: Option<NaiveDate>,
    /// 発生元組織 of the recipient.
    pub recipient_org: String,
    /// 発生元ユーザ (e.g. `佐藤様`).
    pub recipient_user: String,
    /// Signature: team / company name.
    pub sender: String,
    /// The recipient's incidents resolved by this release.
    pub incidents: Vec<ReleaseMailItem>,
}

/// One incident listed in a release mail.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ReleaseMailItem {
    /// インシデント台帳No.
    pub no: String,
    /// タイトル
    pub title: String,
    /// 起票日
    pub raised_on: Option<NaiveDate>,
    /// What the user asked for (the incident's 概要).
    pub summary: String,
    /// What was fixed, as the user should read it (the リリースノート of the
    /// release's S-/C- record); リリース案内 prints it instead of `summary`.
    pub release_note: String,
}

/// Context of the failure notices (初報 / 定時報 / 完了報).
#[derive(Debug, Clone, Default, Serialize)]
pub struct FailureNotice {
    /// 障害管理台帳No.
    pub no: String,
    /// タイトル
    pub title: String,
    /// When this notice is sent.
    pub reported_at: Option<NaiveDateTime>,
    /// 発生日時
    pub occurred_at: Option<NaiveDateTime>,
    /// 影響範囲
    pub impact_scope: String,
    /// 現象
    pub phenomenon: String,
    /// 暫定Severity (初報) / 現在のSeverity (定時報)
    pub severity: String,
    /// 対応状況
    pub status: String,
    /// 次報予定
    pub next_report_at: Option<NaiveDateTime>,
    /// 前回からの変化 (定時報)
    pub changes: String,
    /// 追加の影響 (定時報): 有/無 and what
    pub additional_impact: String,
    /// 復旧予定時間 (定時報, 復旧作業開始)
    pub expected_recovery: String,
    /// 想定される原因 (定時報)
    pub probable_cause: String,
    /// 作業内容 (復旧作業開始 / 完了)
    pub work: String,
    /// 復旧日時 (完了報)
    pub recovered_at: Option<NaiveDateTime>,
    /// 原因 (完了報)
    pub cause: String,
    /// 対応 (完了報): 暫定 / 恒久
    pub action: String,
    /// 再発防止 (完了報)
    pub prevention: String,
    /// Signature.
    pub sender: String,
}

fn filter_date(v: Value) -> String {
    let s = v.as_str().map(str::to_owned).unwrap_or_else(|| {
        if v.is_none() || v.is_undefined() {
            String::new()
        } else {
            v.to_string()
        }
    });
    if let Ok(d) = NaiveDate::parse_from_str(&s, "%Y-%m-%d") {
        return format_date(d);
    }
    if let Ok(dt) = NaiveDateTime::parse_from_str(&s, "%Y-%m-%dT%H:%M:%S%.f") {
        return format_date(dt.date());
    }
    s
}

fn filter_datetime(v: Value) -> String {
    let s = v.as_str().map(str::to_owned).unwrap_or_else(|| {
        if v.is_none() || v.is_undefined() {
            String::new()
        } else {
            v.to_string()
        }
    });
    match NaiveDateTime::parse_from_str(&s, "%Y-%m-%dT%H:%M:%S%.f") {
        Ok(dt) => format_datetime(dt),
        Err(_) => filter_date(Value::from(s)),
    }
}

/// Renders the mail draft `kind` with `context` (usually [`ReleaseMail`] or
/// [`FailureNotice`], any serializable value works for custom templates).
/// The result has CRLF line endings and starts with a `件名:` line.
pub fn render_mail<C: Serialize>(
    kind: MailKind,
    context: &C,
    override_dir: Option<&Path>,
) -> Result<String, DocError> {
    let name = format!("{}.txt", kind.name());
    let source = match override_dir.map(|d| d.join(&name)) {
        Some(p) if p.is_file() => std::fs::read_to_string(&p).map_err(|e| DocError::io(&p, e))?,
        _ => kind.builtin().to_owned(),
    };
    let source = source.replace("\r\n", "\n");
    let mut env = Environment::new();
    let syntax = SyntaxConfig::builder()
        .trim_blocks(true)
        .lstrip_blocks(true)
        .keep_trailing_newline(true)
        .build()
        .expect("static syntax config");
    env.set_syntax(syntax);
    env.add_filter("date", filter_date);
    env.add_filter("datetime", filter_datetime);
    let mail_err = |e: minijinja::Error| DocError::Mail {
        name: name.clone(),
        message: match e.line() {
            Some(l) => format!("line {l}: {}", e.detail().unwrap_or(&e.to_string())),
            None => e.to_string(),
        },
    };
    let tmpl = env
        .template_from_named_str(&name, &source)
        .map_err(mail_err)?;
    let text = tmpl.render(Value::from(Serde(context))).map_err(mail_err)?;
    Ok(to_crlf(&text))
}

fn to_crlf(s: &str) -> String {
    s.replace("\r\n", "\n").replace('\n', "\r\n")
}
