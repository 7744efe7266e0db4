//! Escalation that reaches people: for the open incidents and failures,
//! which SLA targets are about to breach (要注意: the at-risk share of the
//! limit used, 75 % by default) and which have breached (超過), with who must
//! act and whom to escalate to (001: Critical → L3 とクライアント, High → L3,
//! Medium → 管理者); the failure notices due (002: 第一報 検知後5分以内,
//! 継続報 1時間ごと, then 完了報) with 次報予定; and the notifications the
//! window raises, once per item and threshold (remembered in the database).
//!
//! Only open records are read (not the whole history), so Home stays fast.

use chrono::{Duration, NaiveDateTime};
use daicho_calendar::{Measure, SlaState, SlaStatus};
use daicho_core::domain::ledger::Ledger;
use daicho_core::domain::query::ListQuery;
use daicho_core::domain::workflow::status;
use daicho_core::{Daicho, Error, Record, Result};
use serde::{Deserialize, Serialize};

use crate::data::{datetime, raised_on};
use crate::settings::ReportSettings;
use crate::sla::{failure_clock_start, failure_rule_keys, status_label, SlaMeasure};

/// Where the notified thresholds are remembered.
const NOTIFIED_KEY: &str = "escalation.notified";
/// The failure-notice rules (`daicho report notices`).
pub const NOTICES_KEY: &str = "report.notices";

/// One open target at or past its threshold.
#[derive(Debug, Clone, Serialize)]
pub struct Escalation {
    pub no: String,
    pub title: String,
    pub measure: SlaMeasure,
    pub measure_label: &'static str,
    pub rule: String,
    pub start: NaiveDateTime,
    pub due: NaiveDateTime,
    /// Share of the limit used, percent (100 and more once breached).
    pub used_pct: f64,
    pub status: SlaStatus,
    pub status_label: &'static str,
    /// Who must act: the 担当者, else the 起票者.
    pub owner: String,
    /// Whom to escalate to once breached.
    pub escalate_to: &'static str,
}

/// 初報 / 定時報 / 完了報 timing (002's table, as data).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NoticeRules {
    /// 第一報: minutes after 検知 (発生 when 検知 is unknown).
    pub first_minutes: i64,
    /// 継続報 (定時報): every this many minutes until 復旧.
    pub update_minutes: i64,
    /// 完了報: minutes after 復旧.
    pub final_minutes: i64,
}

impl Default for NoticeRules {
    fn default() -> Self {
        Self {
            first_minutes: 5,
            update_minutes: 60,
            final_minutes: 60,
        }
    }
}

/// The next notice a failure owes.
#[derive(Debug, Clone, Serialize)]
pub struct NoticeDue {
    pub no: String,
    pub title: String,
    /// 初報 | 定時報 | 完了報 (the 連絡履歴 種別 to log).
    pub kind: &'static str,
    /// 次報予定.
    pub due: NaiveDateTime,
    pub overdue: bool,
    /// The last notice logged, if any.
    pub last_sent: Option<NaiveDateTime>,
    pub owner: String,
}

/// Home's lists.
#[derive(Debug, Clone, Serialize)]
pub struct EscalationList {
    pub now: NaiveDateTime,
    /// 要注意, earliest due first.
    pub attention: Vec<Escalation>,
    /// 超過, earliest due first.
    pub breached: Vec<Escalation>,
    pub notices: Vec<NoticeDue>,
}

/// A desktop notification to raise.
#[derive(Debug, Clone, Serialize)]
pub struct Notification {
    pub key: String,
    pub title: String,
    pub body: String,
}

fn open_records(d: &Daicho, ledger: Ledger) -> Result<Vec<Record>> {
    let q = ListQuery {
        open_only: true,
        ..Default::default()
    };
    Ok(d.list(ledger, &q)?.records)
}

/// Who must act on a record: its 担当者 (`assignee` on 障害/変更, `owner`
/// on インシデント), else the 起票者.
pub fn responsible(r: &Record) -> String {
    ["assignee", "owner", "raised_by"]
        .iter()
        .map(|k| r.get(k).display())
        .find(|v| !v.trim().is_empty())
        .unwrap_or_default()
}

/// 001's escalation path by the rule's rank.
pub(crate) fn escalate_to(rule: &str) -> &'static str {
    match rule {
        "Critical" | "高" | "A" => "L3 サポート・クライアント",
        "High" | "中" | "B" => "L3 サポート",
        _ => "管理者",
    }
}

fn pct(st: &SlaState) -> f64 {
    let a = st.allowance.num_seconds();
    if a <= 0 {
        return 100.0;
    }
    (st.elapsed.num_seconds() as f64 * 1000.0 / a as f64).round() / 10.0
}

pub fn notice_rules(d: &Daicho) -> Result<NoticeRules> {
    match d.setting(NOTICES_KEY)? {
        Some(s) => serde_json::from_str(&s)
            .map_err(|e| Error::invalid(format!("連絡ルールの設定 (JSON) が不正です: {e}"))),
        None => Ok(NoticeRules::default()),
    }
}

/// Validates and stores the notice rules (JSON of [`NoticeRules`]).
pub fn set_notice_rules(d: &mut Daicho, json: &str) -> Result<NoticeRules> {
    let r: NoticeRules = serde_json::from_str(json)
        .map_err(|e| Error::invalid(format!("連絡ルールの JSON が不正です: {e}")))?;
    if r.first_minutes < 0 || r.update_minutes <= 0 || r.final_minutes < 0 {
        return Err(Error::invalid(
            "連絡ルールの分数は 0 以上（継続報の間隔は 1 以上）で指定してください。",
        ));
    }
    d.set_setting(NOTICES_KEY, Some(&serde_json::to_string(&r).expect("json")))?;
    Ok(r)
}

/// The open items at or past the at-risk threshold, and the notices due, at `d.now()`.
pub fn escalations(d: &Daicho) -> Result<EscalationList> {
    let settings = ReportSettings::load(d)?;
    let (cal, policy) = (&settings.calendar, &settings.sla);
    let now = d.now();
    let mut all = Vec::new();
    let mut push = |r: &Record, m: SlaMeasure, rule: &str, start, st: Option<SlaState>| {
        let Some(st) = st.filter(|s| matches!(s.status, SlaStatus::AtRisk | SlaStatus::Breached))
        else {
            return;
        };
        all.push(Escalation {
            no: r.no.clone(),
            title: r.text("title").to_string(),
            measure: m,
            measure_label: m.label(),
            rule: rule.to_string(),
            start,
            due: st.due,
            used_pct: pct(&st),
            status: st.status,
            status_label: status_label(st.status),
            owner: responsible(r),
            escalate_to: escalate_to(rule),
        });
    };
    for r in open_records(d, Ledger::Incident)? {
        let Some(day) = raised_on(&r) else { continue };
        let start = day.and_time(cal.config().business_hours.start);
        if [status::NOT_STARTED, status::UNDER_REVIEW].contains(&r.status()) {
            let st = policy.evaluate_triage(cal, start, None, now);
            push(&r, SlaMeasure::IncidentTriage, "次回定例会", start, st);
        }
        if let Some(key) = policy.pick(&[r.text("priority")], Measure::Resolution) {
            let st = policy.evaluate(key, Measure::Resolution, cal, start, None, now);
            push(&r, SlaMeasure::IncidentResolution, key, start, st);
        }
    }
    let mut notices = Vec::new();
    let rules = notice_rules(d)?;
    for r in open_records(d, Ledger::Failure)? {
        let Some(start) = failure_clock_start(&r) else {
            continue;
        };
        let keys = failure_rule_keys(policy, &r);
        let recovered = datetime(&r, "recovered_at");
        if recovered.is_none() {
            if let Some(key) = policy.pick(&keys, Measure::Recovery) {
                let st = policy.evaluate(key, Measure::Recovery, cal, start, None, now);
                push(&r, SlaMeasure::FailureRecovery, key, start, st);
            }
        }
        if let Some(key) = policy.pick(&keys, Measure::Resolution) {
            let st = policy.evaluate(key, Measure::Resolution, cal, start, None, now);
            push(&r, SlaMeasure::FailureResolution, key, start, st);
        }
        notices.extend(notice_due(d, &r, &rules, now)?);
    }
    all.sort_by(|a, b| a.due.cmp(&b.due).then(a.no.cmp(&b.no)));
    let (breached, attention) = all
        .into_iter()
        .partition(|e| e.status == SlaStatus::Breached);
    notices.sort_by_key(|n| n.due);
    Ok(EscalationList {
        now,
        attention,
        breached,
        notices,
    })
}

/// The next notice of an open failure: 初報 until one is logged, then 定時報
/// every interval until 復旧, then 完了報. Nothing once 完了報 is logged, or
/// when 復旧 was more than a day ago (the notices of an old outage are over).
fn notice_due(
    d: &Daicho,
    r: &Record,
    rules: &NoticeRules,
    now: NaiveDateTime,
) -> Result<Option<NoticeDue>> {
    let Some(detected) = datetime(r, "detected_at").or_else(|| datetime(r, "occurred_at")) else {
        return Ok(None);
    };
    let recovered = datetime(r, "recovered_at");
    if recovered.is_some_and(|t| now - t > Duration::days(1)) || detected > now {
        return Ok(None);
    }
    let sent: Vec<(NaiveDateTime, String)> = d
        .children(&r.no, "contacts")?
        .into_iter()
        .filter_map(|row| {
            let at = match row.fields.get("sent_at")? {
                daicho_core::Value::DateTime(t) => *t,
                _ => return None,
            };
            Some((at, row.fields.get("kind")?.display()))
        })
        .collect();
    let last_sent = sent.iter().map(|s| s.0).max();
    let has = |k: &str| sent.iter().any(|s| s.1 == k);
    let minutes = Duration::minutes;
    let (kind, due) = if has("完了報") {
        return Ok(None);
    } else if !has("初報") {
        ("初報", detected + minutes(rules.first_minutes))
    } else if let Some(rec) = recovered {
        ("完了報", rec + minutes(rules.final_minutes))
    } else {
        let last = last_sent.unwrap_or(detected);
        ("定時報", last + minutes(rules.update_minutes))
    };
    Ok(Some(NoticeDue {
        no: r.no.clone(),
        title: r.text("title").to_string(),
        kind,
        due,
        overdue: due < now,
        last_sent,
        owner: responsible(r),
    }))
}

/// The notifications not raised before: one per item and threshold (要注意,
/// 超過) and per overdue notice. Remembers them, so each appears once even
/// across restarts.
pub fn take_notifications(d: &mut Daicho, list: &EscalationList) -> Result<Vec<Notification>> {
    let mut seen: Vec<String> = d
        .setting(NOTIFIED_KEY)?
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default();
    let mut out = Vec::new();
    for e in list.attention.iter().chain(&list.breached) {
        let key = format!("{}|{:?}|{}", e.no, e.measure, e.status_label);
        let title = format!("{} {} {}", e.status_label, e.no, e.measure_label);
        let body = format!(
            "{}（期限 {}、{}% 経過）担当: {}{}",
            e.title,
            e.due.format("%Y/%m/%d %H:%M"),
            e.used_pct,
            e.owner,
            if e.status == SlaStatus::Breached {
                format!("。エスカレーション先: {}", e.escalate_to)
            } else {
                String::new()
            }
        );
        out.push(Notification { key, title, body });
    }
    for n in list.notices.iter().filter(|n| n.overdue) {
        out.push(Notification {
            key: format!("{}|{}|{}", n.no, n.kind, n.due.format("%Y-%m-%dT%H:%M")),
            title: format!("{} {} の期限を過ぎています", n.no, n.kind),
            body: format!(
                "{}（次報予定 {}）担当: {}",
                n.title,
                n.due.format("%Y/%m/%d %H:%M"),
                n.owner
            ),
        });
    }
    out.retain(|n| !seen.contains(&n.key));
    if !out.is_empty() {
        seen.extend(out.iter().map(|n| n.key.clone()));
        // Keep the memory bounded: the newest keys are the ones that matter.
        let excess = seen.len().saturating_sub(5000);
        seen.drain(..excess);
        d.set_setting(
            NOTIFIED_KEY,
            Some(&serde_json::to_string(&seen).expect("json")),
        )?;
    }
    Ok(out)
}
