//! Mail drafts from the ledgers: リリース予定案内 / リリース案内 per release and
//! per originating user, and 障害連絡 初報 / 定時報 / 完了報 from an S- record.
//! Text comes from daicho-docs' editable templates (CRLF line endings).

use std::path::PathBuf;

use chrono::Duration;
use daicho_core::domain::ledger::Ledger;
use daicho_core::service::ledger_of;
use daicho_core::{Daicho, Error, Record, Result};
use daicho_docs::files::{safe_file_name, write_file};
use daicho_docs::mail::{FailureNotice, MailKind, ReleaseMail, ReleaseMailItem};
use serde::Serialize;

use crate::doc_err;
use crate::settings::{failure_notice_path, layout_for, mail_path, Destination, ExportSettings};
use daicho_docs::Written;

/// A mail's name (`初報`, `release_notice`, …) with a Japanese error listing
/// the mails. (`MailKind` lives in daicho-docs, which has no core error type,
/// so this is a function rather than `FromStr`.)
pub fn parse_mail_kind(s: &str) -> Result<MailKind> {
    MailKind::from_key(s).ok_or_else(|| {
        let names: Vec<&str> = MailKind::ALL.iter().map(|k| k.label()).collect();
        Error::invalid(format!("メール「{s}」はありません。{}", names.join(" / ")))
    })
}

#[derive(Debug, Clone, Serialize)]
pub struct MailDraft {
    pub kind: MailKind,
    /// 発生元組織 and 発生元ユーザ for release mails; 関係者各位 for failure notices.
    pub recipient: String,
    /// Where the draft goes on the shared drive (relative to the layout root).
    pub file: PathBuf,
    /// The text, CRLF line endings, first line `件名: …`.
    pub text: String,
}

/// An incident a release answers, with the リリースノート of its member(s).
type Answered = (Record, String);

/// The incidents a release answers, each with the リリースノート of its
/// member record(s).
fn incidents_of_release(d: &Daicho, version: &str) -> Result<Vec<Answered>> {
    let mut out: Vec<Answered> = Vec::new();
    for m in d.release_members(version)? {
        let note = m.text("release_note").trim().to_string();
        for link in d.detail(&m.no)?.links {
            if link.relation != "incident" {
                continue;
            }
            match out.iter_mut().find(|(r, _)| r.no == link.no) {
                Some((_, notes)) if !note.is_empty() => {
                    if !notes.is_empty() {
                        notes.push('\n');
                    }
                    notes.push_str(&note);
                }
                Some(_) => {}
                None => out.push((d.get(&link.no)?, note.clone())),
            }
        }
    }
    Ok(out)
}

fn release_drafts(
    d: &Daicho,
    kind: MailKind,
    version: &str,
    settings: &ExportSettings,
) -> Result<Vec<MailDraft>> {
    let rel = d.get(version)?;
    let planned_on = rel.get("prod_planned_on").as_date();
    let released_on = rel.get("prod_done_on").as_date();
    match kind {
        MailKind::ReleaseSchedule if planned_on.is_none() => {
            return Err(Error::invalid(format!(
                "リリース {} の本番環境リリース予定日が未入力です。",
                rel.no
            )))
        }
        MailKind::ReleaseDone if released_on.is_none() => {
            return Err(Error::invalid(format!(
                "リリース {} はまだ本番環境にリリースされていません (本番環境リリース日が未入力)。",
                rel.no
            )))
        }
        _ => {}
    }
    let incidents = incidents_of_release(d, &rel.no)?;
    if incidents.is_empty() {
        return Err(Error::invalid(format!(
            "リリース {} の案件に関連するインシデントがないため、案内先がありません。",
            rel.no
        )));
    }
    // One mail per originating user, in order of first appearance.
    let mut groups: Vec<((String, String), Vec<&Answered>)> = Vec::new();
    for entry in &incidents {
        let i = &entry.0;
        let key = (
            i.text("origin_org").to_string(),
            i.text("origin_user").to_string(),
        );
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, v)) => v.push(entry),
            None => groups.push((key, vec![entry])),
        }
    }
    let several = groups.len() > 1;
    let layout = daicho_docs::SharedLayout::new("");
    let mut out = Vec::new();
    for ((org, user), items) in groups {
        let ctx = ReleaseMail {
            version: rel.no.clone(),
            planned_on,
            released_on,
            recipient_org: org.clone(),
            recipient_user: user.clone(),
            sender: settings.issuer.clone(),
            incidents: items
                .iter()
                .map(|(i, note)| ReleaseMailItem {
                    no: i.no.clone(),
                    title: i.text("title").to_string(),
                    raised_on: i.get("raised_on").as_date(),
                    summary: i.text("summary").to_string(),
                    release_note: note.clone(),
                })
                .collect(),
        };
        let text = daicho_docs::render_mail(kind, &ctx, settings.template_dir.as_deref())
            .map_err(doc_err)?;
        let mut file = match kind {
            MailKind::ReleaseSchedule => layout.release_schedule_notice(&rel.no),
            _ => layout.release_notice(&rel.no),
        };
        if several {
            let stem = format!("{}_{}_{org}_{user}.txt", kind.label(), rel.no);
            file = file.with_file_name(safe_file_name(&stem));
        }
        out.push(MailDraft {
            kind,
            recipient: format!("{org} {user}").trim().to_string(),
            file,
            text,
        });
    }
    Ok(out)
}

/// What a failure notice says that the record does not: given when the
/// notice is written (`daicho mail 定時報 S-0001 --impact … --eta …`).
#[derive(Debug, Clone, Default)]
pub struct NoticeInputs {
    /// 追加の影響 (default: なし).
    pub additional_impact: Option<String>,
    /// 復旧予定時間 (default: 未定).
    pub expected_recovery: Option<String>,
    /// 想定される原因 (default: 直接原因, else 根本原因, else 調査中).
    pub probable_cause: Option<String>,
}

fn failure_draft(
    d: &Daicho,
    kind: MailKind,
    no: &str,
    settings: &ExportSettings,
    inputs: &NoticeInputs,
) -> Result<MailDraft> {
    let detail = d.detail(no)?;
    let r = &detail.record;
    let first_text = |keys: &[&str]| -> String {
        keys.iter()
            .map(|k| r.text(k))
            .find(|s| !s.is_empty())
            .unwrap_or("")
            .to_string()
    };
    let now = d.now();
    let latest_timeline = detail
        .children
        .get("timeline")
        .and_then(|rows| rows.last())
        .map(|row| {
            row.fields
                .values()
                .map(|v| v.display())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_default();
    let preventions = detail
        .children
        .get("preventions")
        .map(|rows| {
            rows.iter()
                .map(|p| {
                    let f = |k: &str| p.fields.get(k).map(|v| v.display()).unwrap_or_default();
                    // The row is the ticket: 「S-0001-3」 names it in the ledger.
                    let mut s = format!("・[{}-{}] {}", r.no, p.id, f("content"));
                    if !f("owner").is_empty() || !f("due_on").is_empty() {
                        s.push_str(&format!("（担当 {}、期限 {}）", f("owner"), f("due_on")));
                    }
                    s
                })
                .collect::<Vec<_>>()
                .join("\n")
        })
        .unwrap_or_default();
    let interim = r.text("interim_action");
    let ctx = FailureNotice {
        no: r.no.clone(),
        title: r.text("title").to_string(),
        reported_at: Some(now),
        occurred_at: match r.get("occurred_at") {
            daicho_core::Value::DateTime(dt) => Some(*dt),
            _ => None,
        },
        impact_scope: r.text("impact_scope").to_string(),
        phenomenon: first_text(&["phenomenon", "business_impact", "direct_cause", "title"]),
        severity: r.text("severity").to_string(),
        status: if interim.is_empty() {
            r.status().to_string()
        } else {
            format!("{}（暫定対応: {interim}）", r.status())
        },
        next_report_at: (!matches!(kind, MailKind::FailureFinal | MailKind::RecoveryDone))
            .then(|| now + Duration::hours(1)),
        changes: latest_timeline,
        additional_impact: inputs
            .additional_impact
            .clone()
            .unwrap_or_else(|| "なし".into()),
        expected_recovery: inputs
            .expected_recovery
            .clone()
            .unwrap_or_else(|| "未定".into()),
        probable_cause: inputs.probable_cause.clone().unwrap_or_else(|| {
            Some(first_text(&["direct_cause", "root_cause"]))
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| "調査中".into())
        }),
        work: first_text(&["interim_action", "permanent_fix"]),
        recovered_at: match r.get("recovered_at") {
            daicho_core::Value::DateTime(dt) => Some(*dt),
            _ => None,
        },
        cause: first_text(&["root_cause", "direct_cause"]),
        action: first_text(&["permanent_fix", "interim_action"]),
        prevention: preventions,
        sender: settings.issuer.clone(),
    };
    let text =
        daicho_docs::render_mail(kind, &ctx, settings.template_dir.as_deref()).map_err(doc_err)?;
    Ok(MailDraft {
        kind,
        recipient: "関係者各位".into(),
        file: failure_notice_path(&daicho_docs::SharedLayout::new(""), &r.no, kind.label()),
        text,
    })
}

/// The drafts of `kind` for a release (one per originating user) or an S- record.
pub fn mail_drafts(
    d: &Daicho,
    kind: MailKind,
    no: &str,
    settings: &ExportSettings,
) -> Result<Vec<MailDraft>> {
    mail_drafts_with(d, kind, no, settings, &NoticeInputs::default())
}

/// [`mail_drafts`] with what a failure notice says besides the record.
pub fn mail_drafts_with(
    d: &Daicho,
    kind: MailKind,
    no: &str,
    settings: &ExportSettings,
    inputs: &NoticeInputs,
) -> Result<Vec<MailDraft>> {
    match (kind, ledger_of(no)) {
        (MailKind::ReleaseSchedule | MailKind::ReleaseDone, Ledger::Release) => {
            release_drafts(d, kind, no, settings)
        }
        (
            MailKind::FailureInitial
            | MailKind::FailureUpdate
            | MailKind::FailureFinal
            | MailKind::RecoveryStart
            | MailKind::RecoveryDone,
            Ledger::Failure,
        ) => Ok(vec![failure_draft(d, kind, no, settings, inputs)?]),
        (MailKind::ReleaseSchedule | MailKind::ReleaseDone, _) => Err(Error::invalid(format!(
            "{}はリリースVer. を指定して作成します: {no}",
            kind.label()
        ))),
        _ => Err(Error::invalid(format!(
            "障害連絡 ({}) は障害 (S-) を指定して作成します: {no}",
            kind.label()
        ))),
    }
}

/// Logs a sent failure notice in the record's 連絡履歴 (when, to whom,
/// which template, by whom), so the next notice's 次報予定 follows from it.
pub fn log_notice(d: &mut Daicho, kind: MailKind, no: &str, recipient: &str) -> Result<()> {
    if ledger_of(no) != Ledger::Failure || kind.name().starts_with("release") {
        return Err(Error::invalid(format!(
            "連絡履歴に記録できるのは障害 (S-) の障害連絡です: {} {no}",
            kind.label()
        )));
    }
    if recipient.trim().is_empty() {
        return Err(Error::invalid(
            "連絡履歴の宛先が空です。送った相手を指定してください (例: --sent-to 統括責任者)。",
        ));
    }
    let now = d.now().format("%Y-%m-%d %H:%M").to_string();
    let sender = d.actor().to_string();
    let mut fields = vec![
        ("sent_at".to_string(), now),
        ("kind".to_string(), kind.label().to_string()),
        ("recipient".to_string(), recipient.trim().to_string()),
        (
            "note".to_string(),
            format!("{} を送信（{sender}）", kind.label()),
        ),
    ];
    fields.retain(|(_, v)| !v.is_empty());
    d.add_child(no, "contacts", &fields)?;
    Ok(())
}

/// Writes the drafts as `.txt` files (shared-drive layout or a folder).
pub fn write_mail_drafts(
    d: &Daicho,
    kind: MailKind,
    no: &str,
    dest: &Destination,
    settings: &ExportSettings,
) -> Result<Vec<Written>> {
    write_mail_drafts_with(d, kind, no, dest, settings, &NoticeInputs::default())
}

/// [`write_mail_drafts`] with what a failure notice says besides the record.
pub fn write_mail_drafts_with(
    d: &Daicho,
    kind: MailKind,
    no: &str,
    dest: &Destination,
    settings: &ExportSettings,
    inputs: &NoticeInputs,
) -> Result<Vec<Written>> {
    let root = layout_for(dest, settings)?.root;
    mail_drafts_with(d, kind, no, settings, inputs)?
        .into_iter()
        .map(|m| {
            let path = mail_path(dest, root.join(&m.file));
            crate::settings::prepare(dest, settings, &path)?;
            write_file(&path, m.text.as_bytes()).map_err(doc_err)?;
            Ok(Written::new(path, 1, &[]))
        })
        .collect()
}
