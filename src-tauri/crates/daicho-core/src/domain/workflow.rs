//! The status flows of each ledger, as data.
//!
//! Each move is an [`ActionDef`] named as in the seed (切り分け, 調査開始, …)
//! with its guards (fields that must be filled, field values it applies to)
//! and its stamps (fields set to the action's date). The service applies
//! them; nothing else changes a status.
//!
//! (Long by design: the flows are data tables, one per ledger, read best side
//! by side; the logic below them is short.)

use serde::Serialize;

use super::ledger::Ledger;
use super::record::Record;

pub mod status {
    // インシデント
    pub const NOT_STARTED: &str = "未着手";
    pub const UNDER_REVIEW: &str = "方針検討中";
    pub const DECIDED: &str = "方針検討済";
    pub const DEV_STARTED: &str = "改修着手済";
    pub const RELEASED: &str = "本番リリース済";
    pub const DONE: &str = "対応済";
    /// 仮クローズ: done, waiting for the approval (when the ledger requires it).
    pub const PROVISIONAL: &str = "仮クローズ";
    // 障害
    pub const INVESTIGATING: &str = "調査中";
    pub const READY: &str = "作業可";
    pub const IN_WORK: &str = "作業中";
    // 変更
    pub const ROUGH_SPEC: &str = "概算仕様検討中";
    pub const ROUGH_REQUESTED: &str = "概算見積もり依頼中";
    pub const ROUGH_REVIEW: &str = "概算見積もり後社内検討中";
    pub const DROPPED: &str = "開発見送り(クローズ)";
    pub const FORMAL_SPEC: &str = "正式仕様検討中";
    pub const FORMAL_REQUESTED: &str = "正式見積もり依頼中";
    pub const FORMAL_REVIEW: &str = "正式見積もり後社内検討中";
    // リリース段階 (S/C records in a release move with it)
    pub const QA_RELEASING: &str = "QAリリース中";
    pub const QA_CHECK: &str = "QA環境動作確認中";
    pub const JUDGING: &str = "リリース判定中";
    pub const STG_RELEASING: &str = "ステージング環境リリース中";
    pub const STG_CHECK: &str = "ステージング動作確認中";
    pub const PROD_RELEASING: &str = "本番環境リリース中";
    pub const PROD_CHECK: &str = "本番動作確認中";
    pub const FINAL_JUDGING: &str = "リリース完了判定中";
    pub const AWAITING_REPORT: &str = "完了報告待ち";
    pub const RELEASE_DONE: &str = "リリース完了";
}
use status::*;

const RELEASE_STAGES: &[&str] = &[
    QA_RELEASING,
    QA_CHECK,
    JUDGING,
    STG_RELEASING,
    STG_CHECK,
    PROD_RELEASING,
    PROD_CHECK,
    FINAL_JUDGING,
];

/// A move in a status flow.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct ActionDef {
    /// English identifier (CLI, IPC).
    pub key: &'static str,
    /// The seed's name, shown on buttons.
    pub name: &'static str,
    pub from: &'static [&'static str],
    pub to: &'static str,
    /// Fields that must be filled once the action's inputs are applied.
    pub requires: &'static [&'static str],
    /// The action applies only when the field holds one of these values.
    pub only_when: Option<(&'static str, &'static [&'static str])>,
    /// The action applies only while this field is empty (切り分け: not yet triaged).
    pub only_unset: Option<&'static str>,
    /// Fields set to the action's date (e.g. 切り分け完了日 = the meeting date).
    pub stamps: &'static [&'static str],
    /// Fields emptied by the action (e.g. クローズ日 when reopening).
    pub clears: &'static [&'static str],
    /// For release actions: the status every member S/C record moves to.
    pub members_to: Option<&'static str>,
    /// Recorded as a 判定 row (meeting name, OK/NG).
    pub judgement: Option<(&'static str, &'static str)>,
}

const fn act(
    key: &'static str,
    name: &'static str,
    from: &'static [&'static str],
    to: &'static str,
) -> ActionDef {
    ActionDef {
        key,
        name,
        from,
        to,
        requires: &[],
        only_when: None,
        only_unset: None,
        stamps: &[],
        clears: &[],
        members_to: None,
        judgement: None,
    }
}

impl ActionDef {
    const fn requires(mut self, f: &'static [&'static str]) -> Self {
        self.requires = f;
        self
    }
    const fn stamps(mut self, f: &'static [&'static str]) -> Self {
        self.stamps = f;
        self
    }
    const fn clears(mut self, f: &'static [&'static str]) -> Self {
        self.clears = f;
        self
    }
    const fn only_when(mut self, field: &'static str, values: &'static [&'static str]) -> Self {
        self.only_when = Some((field, values));
        self
    }
    const fn only_unset(mut self, field: &'static str) -> Self {
        self.only_unset = Some(field);
        self
    }
    const fn members(mut self, to: &'static str) -> Self {
        self.members_to = Some(to);
        self
    }
    const fn judged(mut self, meeting: &'static str, result: &'static str) -> Self {
        self.judgement = Some((meeting, result));
        self
    }
}

pub const TRIAGE: &str = "triage";
/// 仮クローズ → 対応済 (the approval; see [`needs_close_approval`]).
pub const APPROVE_CLOSE: &str = "approve_close";
pub const COMPLETE_RELEASE: &str = "complete";
pub const RELEASE_REPORT: &str = "release_report";
pub const DECIDE: &str = "decide";

const INCIDENT_ACTIONS: &[ActionDef] = &[
    act("hold", "方針検討", &[NOT_STARTED], UNDER_REVIEW),
    // Creates the S-/C- record: run through `Daicho::triage`. 方針決定日 is
    // stamped there only when the meeting also decides the policy; otherwise
    // the incident stays 方針検討中 (種別 known) until 方針決定.
    act(TRIAGE, "切り分け", &[NOT_STARTED, UNDER_REVIEW], DECIDED)
        .requires(&["kind"])
        .only_unset("triaged_on")
        .stamps(&["triaged_on"]),
    act(DECIDE, "方針決定", &[UNDER_REVIEW], DECIDED)
        .only_when("kind", &["障害", "仕様変更", "問い合わせ"])
        .stamps(&["decided_on"]),
    act("answer", "回答", &[DECIDED], DONE)
        .only_when("kind", &["問い合わせ"])
        .stamps(&["closed_on"]),
    act("start_report", "着手報告", &[DECIDED], DEV_STARTED)
        .only_when("kind", &["障害", "仕様変更"])
        .requires(&["dev_due_on"])
        .stamps(&["dev_started_on"]),
    act(
        RELEASE_REPORT,
        "完了報告",
        &[DECIDED, DEV_STARTED],
        RELEASED,
    )
    .only_when("kind", &["障害", "仕様変更"])
    .requires(&["release_ver"])
    .stamps(&["completed_on"]),
    // Normally after the release notice; also for 開発見送り or 運用回避 reported to the user.
    act("close", "クローズ", &[RELEASED, DEV_STARTED, DECIDED], DONE)
        .only_when("kind", &["障害", "仕様変更"])
        .stamps(&["closed_on"]),
    act("reopen", "再オープン", &[DONE], DECIDED).clears(&["closed_on"]),
    act(APPROVE_CLOSE, "クローズ承認", &[PROVISIONAL], DONE),
    act("reject_close", "差戻し", &[PROVISIONAL], DECIDED).clears(&["closed_on"]),
];

const FAILURE_ACTIONS: &[ActionDef] = &[
    act(
        "start_investigation",
        "調査開始",
        &[NOT_STARTED],
        INVESTIGATING,
    ),
    act("ready", "作業可", &[NOT_STARTED, INVESTIGATING], READY).requires(&["priority"]),
    act("reinvestigate", "再調査", &[READY, IN_WORK], INVESTIGATING),
    act("start_work", "作業開始", &[READY], IN_WORK),
    // 運用回避・データ修正など、プログラム変更を伴わない対応の完了。
    act("resolve", "対応完了", &[IN_WORK], DONE)
        .requires(&["direct_cause", "interim_action"])
        .stamps(&["completed_on"]),
    act("rework", "再作業", &[DONE], IN_WORK).clears(&["completed_on", "verified_on"]),
    act("verify", "確認完了", &[DONE], DONE)
        .requires(&["verifier"])
        .stamps(&["verified_on"]),
    act(APPROVE_CLOSE, "クローズ承認", &[PROVISIONAL], DONE),
    act("reject_close", "差戻し", &[PROVISIONAL], IN_WORK).clears(&["completed_on"]),
];

const CHANGE_ACTIONS: &[ActionDef] = &[
    act(
        "request_rough",
        "概算見積もり依頼",
        &[ROUGH_SPEC],
        ROUGH_REQUESTED,
    ),
    act(
        "receive_rough",
        "概算見積もり受領",
        &[ROUGH_REQUESTED],
        ROUGH_REVIEW,
    )
    .requires(&["rough_effort", "rough_amount"]),
    act("formal_spec", "正式仕様検討", &[ROUGH_REVIEW], FORMAL_SPEC),
    act(
        "drop",
        "開発見送り",
        &[
            ROUGH_SPEC,
            ROUGH_REQUESTED,
            ROUGH_REVIEW,
            FORMAL_SPEC,
            FORMAL_REQUESTED,
            FORMAL_REVIEW,
        ],
        DROPPED,
    )
    .requires(&["drop_reason"]),
    act(
        "request_formal",
        "正式見積もり依頼",
        &[FORMAL_SPEC],
        FORMAL_REQUESTED,
    )
    .requires(&["desired_due"]),
    act(
        "receive_formal",
        "正式見積もり受領",
        &[FORMAL_REQUESTED],
        FORMAL_REVIEW,
    )
    .requires(&["formal_effort", "formal_amount"]),
    act("order", "発注", &[FORMAL_REVIEW], READY).stamps(&["ordered_on"]),
    act("start_work", "作業開始", &[READY], IN_WORK),
    act("resolve", "対応完了", &[IN_WORK], DONE).stamps(&["completed_on"]),
    act("rework", "再作業", &[DONE], IN_WORK).clears(&["completed_on", "verified_on"]),
    act("verify", "確認完了", &[DONE], DONE)
        .requires(&["verifier"])
        .stamps(&["verified_on"]),
    act(APPROVE_CLOSE, "クローズ承認", &[PROVISIONAL], DONE),
    act("reject_close", "差戻し", &[PROVISIONAL], IN_WORK).clears(&["completed_on"]),
];

const RELEASE_ACTIONS: &[ActionDef] = &[
    act("qa_release", "QA環境リリース", &[QA_RELEASING], QA_CHECK)
        .stamps(&["qa_done_on"])
        .members(QA_CHECK),
    act("qa_check", "QA環境動作確認", &[QA_CHECK], JUDGING).members(JUDGING),
    act("judge_ok", "リリース判定OK", &[JUDGING], STG_RELEASING)
        .members(STG_RELEASING)
        .judged("リリース判定会議", "OK"),
    act("judge_ng", "リリース判定NG", &[JUDGING], QA_RELEASING)
        .members(QA_RELEASING)
        .judged("リリース判定会議", "NG"),
    act(
        "staging_release",
        "ステージング環境リリース",
        &[STG_RELEASING],
        STG_CHECK,
    )
    .stamps(&["staging_done_on"])
    .members(STG_CHECK),
    act(
        "staging_check",
        "ステージング環境動作確認",
        &[STG_CHECK],
        PROD_RELEASING,
    )
    .members(PROD_RELEASING),
    act(
        "prod_release",
        "本番環境リリース",
        &[PROD_RELEASING],
        PROD_CHECK,
    )
    .stamps(&["prod_done_on"])
    .members(PROD_CHECK),
    act("prod_check", "本番動作確認", &[PROD_CHECK], FINAL_JUDGING).members(FINAL_JUDGING),
    act(
        "emergency",
        "緊急リリース会議",
        &[PROD_CHECK, FINAL_JUDGING],
        QA_RELEASING,
    )
    .members(IN_WORK)
    .judged("緊急リリース会議", "NG"),
    act(
        "final_ok",
        "リリース完了判定OK",
        &[FINAL_JUDGING],
        AWAITING_REPORT,
    )
    .judged("リリース完了判定会議", "OK"),
    act(
        "final_ng",
        "リリース完了判定NG",
        &[FINAL_JUDGING],
        QA_RELEASING,
    )
    .members(IN_WORK)
    .judged("リリース完了判定会議", "NG"),
    // Members → 対応済, linked incidents → 本番リリース済: `Daicho::complete_release`.
    act(
        COMPLETE_RELEASE,
        "クローズ/完了報告",
        &[AWAITING_REPORT],
        RELEASE_DONE,
    )
    .stamps(&["completed_on"])
    .members(DONE),
];

pub fn actions(ledger: Ledger) -> &'static [ActionDef] {
    match ledger {
        Ledger::Incident => INCIDENT_ACTIONS,
        Ledger::Failure => FAILURE_ACTIONS,
        Ledger::Change => CHANGE_ACTIONS,
        Ledger::Release => RELEASE_ACTIONS,
    }
}

/// Every status of a ledger, in flow order.
pub fn statuses(ledger: Ledger) -> Vec<&'static str> {
    fn push(out: &mut Vec<&'static str>, s: &'static str) {
        if !out.contains(&s) {
            out.push(s);
        }
    }
    let mut out = vec![initial_status(ledger)];
    for a in actions(ledger) {
        for s in a.from {
            push(&mut out, s);
        }
        push(&mut out, a.to);
    }
    if matches!(ledger, Ledger::Failure | Ledger::Change) {
        // Release stages, then 対応済 last.
        out.retain(|s| *s != DONE);
        for s in RELEASE_STAGES {
            push(&mut out, s);
        }
        out.push(DONE);
    }
    out
}

pub fn initial_status(ledger: Ledger) -> &'static str {
    match ledger {
        Ledger::Incident | Ledger::Failure => NOT_STARTED,
        Ledger::Change => ROUGH_SPEC,
        Ledger::Release => QA_RELEASING,
    }
}

/// Statuses in which a record needs no more work.
pub fn is_closed(ledger: Ledger, status: &str) -> bool {
    match ledger {
        Ledger::Incident | Ledger::Failure => status == DONE,
        Ledger::Change => status == DONE || status == DROPPED,
        Ledger::Release => status == RELEASE_DONE,
    }
}

/// Whether `def` run on a record in `status` ends in 仮クローズ instead of
/// 対応済 when its ledger requires the close approval (002 §3.2.3.7, off by
/// default, `daicho config close_approval failure,change`): every move into
/// 対応済 from an open status except the approval itself.
pub fn needs_close_approval(def: &ActionDef, status: &str) -> bool {
    def.to == DONE && status != DONE && def.key != APPROVE_CLOSE
}

/// S/C statuses that only a release moves (members of a release).
pub fn is_release_stage(status: &str) -> bool {
    RELEASE_STAGES.contains(&status)
}

/// S/C statuses from which a record may join a release.
pub fn can_join_release(status: &str) -> bool {
    status == IN_WORK || status == READY || is_release_stage(status)
}

/// Finds an action by key (`start_work`) or seed name (`作業開始`).
pub fn find_action(ledger: Ledger, name: &str) -> Option<&'static ActionDef> {
    let folded = super::value::nfkc(name.trim());
    actions(ledger)
        .iter()
        .find(|a| a.key == folded || super::value::nfkc(a.name) == folded)
}

/// Actions allowed from `status`, ignoring field guards.
pub fn allowed_from(ledger: Ledger, status: &str) -> Vec<&'static ActionDef> {
    actions(ledger)
        .iter()
        .filter(|a| a.from.contains(&status))
        .collect()
}

/// Actions a record offers now: allowed from its status and, where the action
/// has a field guard (`only_when`, `only_unset`), only when the field agrees.
/// (A member of an open release offers none: see `Daicho::detail`.)
pub fn available(rec: &Record) -> Vec<&'static ActionDef> {
    allowed_from(rec.ledger, rec.status())
        .into_iter()
        .filter(|a| match a.only_when {
            Some((field, values)) => values.contains(&rec.get(field).display().as_str()),
            None => true,
        })
        .filter(|a| a.only_unset.is_none_or(|f| rec.get(f).is_null()))
        .collect()
}

/// Where a status stands in its flow, for colouring it (the window's chips).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Not started: the ledger's first status.
    New,
    /// Being worked on.
    Active,
    /// On its way through a release (QA, 判定, ステージング, 本番).
    Release,
    /// Closed, or released to production.
    Done,
    /// Closed without doing it (開発見送り).
    Dropped,
}

/// The [`Phase`] of a status of `ledger`.
pub fn phase(ledger: Ledger, status: &str) -> Phase {
    if status == DROPPED {
        Phase::Dropped
    } else if is_closed(ledger, status) || status == RELEASED {
        Phase::Done
    } else if is_release_stage(status) {
        Phase::Release
    } else if status == initial_status(ledger) || status == NOT_STARTED {
        Phase::New
    } else {
        Phase::Active
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_leads_to_a_known_status_and_is_reachable() {
        for l in Ledger::ALL {
            let all = statuses(l);
            for a in actions(l) {
                assert!(all.contains(&a.to), "{l:?} {}", a.key);
                for s in a.from {
                    assert!(all.contains(s), "{l:?} {} from {s}", a.key);
                }
            }
            assert_eq!(all[0], initial_status(l));
        }
    }

    #[test]
    fn seed_action_names_are_found() {
        assert_eq!(
            find_action(Ledger::Incident, "切り分け").unwrap().key,
            TRIAGE
        );
        assert_eq!(
            find_action(Ledger::Failure, "調査開始").unwrap().to,
            INVESTIGATING
        );
        assert_eq!(
            find_action(Ledger::Change, "開発見送り").unwrap().to,
            DROPPED
        );
        assert!(find_action(Ledger::Change, "調査開始").is_none());
    }

    #[test]
    fn failure_statuses_end_with_done_after_release_stages() {
        let s = statuses(Ledger::Failure);
        assert_eq!(s.first(), Some(&NOT_STARTED));
        assert_eq!(s.last(), Some(&DONE));
        assert!(s.contains(&QA_CHECK));
        assert!(s.iter().position(|x| *x == FINAL_JUDGING) < s.iter().position(|x| *x == DONE));
    }

    #[test]
    fn available_actions_apply_the_field_guard() {
        use crate::domain::value::Value;
        let rec = |status: &str, kind: Option<&str>| {
            let mut fields = std::collections::BTreeMap::new();
            fields.insert("status".into(), Value::Text(status.into()));
            if let Some(k) = kind {
                fields.insert("kind".into(), Value::Text(k.into()));
            }
            Record {
                ledger: Ledger::Incident,
                no: "I-0001".into(),
                fields,
                deleted_at: None,
            }
        };
        let names = |r: &Record| available(r).iter().map(|a| a.name).collect::<Vec<_>>();
        assert_eq!(names(&rec(NOT_STARTED, None)), ["方針検討", "切り分け"]);
        assert_eq!(names(&rec(UNDER_REVIEW, None)), ["切り分け"]);
        let mut triaged = rec(UNDER_REVIEW, Some("障害"));
        triaged.fields.insert(
            "triaged_on".into(),
            Value::Date(chrono::NaiveDate::from_ymd_opt(2022, 9, 26).unwrap()),
        );
        assert_eq!(names(&triaged), ["方針決定"]);
        assert_eq!(names(&rec(DECIDED, Some("問い合わせ"))), ["回答"]);
        assert_eq!(
            names(&rec(DECIDED, Some("障害"))),
            ["着手報告", "完了報告", "クローズ"]
        );
        assert!(names(&rec(DECIDED, None)).is_empty());
    }

    #[test]
    fn phases_follow_the_flow() {
        assert_eq!(phase(Ledger::Incident, NOT_STARTED), Phase::New);
        assert_eq!(phase(Ledger::Incident, DECIDED), Phase::Active);
        assert_eq!(phase(Ledger::Incident, RELEASED), Phase::Done);
        assert_eq!(phase(Ledger::Incident, DONE), Phase::Done);
        assert_eq!(phase(Ledger::Failure, QA_CHECK), Phase::Release);
        assert_eq!(phase(Ledger::Change, ROUGH_SPEC), Phase::New);
        assert_eq!(phase(Ledger::Change, DROPPED), Phase::Dropped);
        assert_eq!(phase(Ledger::Release, QA_RELEASING), Phase::Release);
        assert_eq!(phase(Ledger::Release, AWAITING_REPORT), Phase::Active);
        assert_eq!(phase(Ledger::Release, RELEASE_DONE), Phase::Done);
    }
}
