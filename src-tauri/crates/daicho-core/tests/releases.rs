//! Release stages and the cross-ledger transactions.

mod common;

use common::*;
use daicho_core::domain::ledger::Ledger;
use daicho_core::service::TriageDecision;
use daicho_core::{Daicho, ErrorKind, Value};

/// I-0001 → S-0001 (作業中), I-0002 → C-0001 (作業中).
fn two_in_work(d: &mut Daicho) {
    for (t, kind) in [
        ("社員基本の項目位置変更", "障害"),
        ("CSVデータ出力機能追加", "仕様変更"),
    ] {
        let i = incident(d, t);
        let o = d
            .triage(
                &i.no,
                &TriageDecision {
                    kind: kind.into(),
                    priority: Some("高".into()),
                    assignee: Some("梅澤".into()),
                    meeting_date: Some(date(2022, 9, 26)),
                    raised_by: None,
                },
            )
            .unwrap();
        let no = o.created.unwrap().no;
        if kind == "障害" {
            d.run_action(&no, "作業可", None, &[]).unwrap();
        } else {
            for (a, inp) in [
                ("概算見積もり依頼", vec![]),
                (
                    "概算見積もり受領",
                    kv(&[("rough_effort", "1"), ("rough_amount", "60000")]),
                ),
                ("正式仕様検討", vec![]),
                ("正式見積もり依頼", kv(&[("desired_due", "2022/12/1")])),
                (
                    "正式見積もり受領",
                    kv(&[("formal_effort", "1"), ("formal_amount", "60000")]),
                ),
                ("発注", vec![]),
            ] {
                d.run_action(&no, a, None, &inp).unwrap();
            }
        }
        d.run_action(&no, "作業開始", None, &[]).unwrap();
        d.run_action(
            &i.no,
            "着手報告",
            None,
            &kv(&[("dev_due_on", "2022/10/14")]),
        )
        .unwrap();
    }
}

fn status(d: &Daicho, no: &str) -> String {
    d.get(no).unwrap().status().to_string()
}

#[test]
fn release_moves_members_through_every_stage_and_completion_reports_to_incidents() {
    let mut d = db();
    two_in_work(&mut d);
    d.create_release("1.0.1", &kv(&[("本番環境リリース予定日", "2022/10/20")]))
        .unwrap();
    let err = d
        .release_action("1.0.1", "QA環境リリース", None, None)
        .unwrap_err();
    assert!(err.message.contains("案件がありません"), "{}", err.message);
    d.add_member("1.0.1", "S-0001").unwrap();
    d.add_member("1.0.1", "c-1").unwrap();
    // Before the release's own QA stage, development is still going on.
    assert_eq!(status(&d, "S-0001"), "作業中");
    assert_eq!(d.get("C-0001").unwrap().text("release_ver"), "1.0.1");
    // A member is moved only by its release.
    let err = d.run_action("S-0001", "対応完了", None, &[]).unwrap_err();
    assert_eq!(err.kind, ErrorKind::IllegalAction);
    assert!(err.message.contains("リリース 1.0.1"), "{}", err.message);
    assert!(err.message.contains("外して"), "{}", err.message);
    assert_eq!(status(&d, "S-0001"), "作業中");
    assert!(d.detail("S-0001").unwrap().actions.is_empty());

    let stages = [
        ("QA環境リリース", "QA環境動作確認中", "QA環境動作確認中"),
        ("QA環境動作確認", "リリース判定中", "リリース判定中"),
    ];
    for (a, rel_to, member_to) in stages {
        let r = d
            .release_action("1.0.1", a, Some(date(2022, 10, 11)), None)
            .unwrap();
        assert_eq!(r.status(), rel_to);
        assert_eq!(status(&d, "S-0001"), member_to);
        assert_eq!(status(&d, "C-0001"), member_to);
    }
    // NG at the リリース判定会議 → QAリリース中, recorded as a 判定 row.
    d.judge_release("1.0.1", false, Some(date(2022, 10, 12)), Some("表示崩れ"))
        .unwrap();
    assert_eq!(status(&d, "1.0.1"), "QAリリース中");
    assert_eq!(status(&d, "S-0001"), "QAリリース中");
    d.release_action("1.0.1", "QA環境リリース", None, None)
        .unwrap();
    d.release_action("1.0.1", "QA環境動作確認", None, None)
        .unwrap();
    d.judge_release("1.0.1", true, Some(date(2022, 10, 14)), None)
        .unwrap();
    for (a, to) in [
        ("ステージング環境リリース", "ステージング動作確認中"),
        ("ステージング環境動作確認", "本番環境リリース中"),
        ("本番環境リリース", "本番動作確認中"),
        ("本番動作確認", "リリース完了判定中"),
    ] {
        d.release_action("1.0.1", a, Some(date(2022, 10, 20)), None)
            .unwrap();
        assert_eq!(status(&d, "C-0001"), to);
    }
    // Members cannot be added after the 判定.
    let i3 = incident(&mut d, "後から");
    let s2 = d
        .triage(
            &i3.no,
            &TriageDecision {
                kind: "障害".into(),
                assignee: Some("梅澤".into()),
                ..Default::default()
            },
        )
        .unwrap()
        .created
        .unwrap()
        .no;
    d.run_action(&s2, "作業可", None, &kv(&[("優先度", "低")]))
        .unwrap();
    let err = d.add_member("1.0.1", &s2).unwrap_err();
    assert_eq!(err.kind, ErrorKind::IllegalAction);

    d.judge_release("1.0.1", true, Some(date(2022, 10, 21)), None)
        .unwrap();
    let r = d
        .complete_release("1.0.1", Some(date(2022, 10, 21)))
        .unwrap();
    assert_eq!(r.status(), "リリース完了");
    assert_eq!(r.get("prod_done_on"), &Value::Date(date(2022, 10, 20)));
    for no in ["S-0001", "C-0001"] {
        let m = d.get(no).unwrap();
        assert_eq!(m.status(), "対応済");
        assert_eq!(m.get("completed_on"), &Value::Date(date(2022, 10, 21)));
    }
    for no in ["I-0001", "I-0002"] {
        let i = d.get(no).unwrap();
        assert_eq!(i.status(), "本番リリース済");
        assert_eq!(i.get("completed_on"), &Value::Date(date(2022, 10, 21)));
        assert_eq!(i.text("release_ver"), "1.0.1");
    }
    let judgements = d.children("1.0.1", "判定").unwrap();
    let results: Vec<String> = judgements
        .iter()
        .map(|j| j.fields["result"].display())
        .collect();
    assert_eq!(results, ["NG", "OK", "OK"]);
    assert_eq!(
        d.run_action("I-0001", "クローズ", Some(date(2022, 10, 24)), &[])
            .unwrap()
            .status(),
        "対応済"
    );
}

#[test]
fn ng_at_final_judgement_returns_members_to_work() {
    let mut d = db();
    two_in_work(&mut d);
    d.create_release("2.0", &[]).unwrap();
    d.add_member("2.0", "S-0001").unwrap();
    stages(&mut d, "2.0", TO_PROD_CHECK);
    stages(&mut d, "2.0", &["本番動作確認"]);
    let err = d.complete_release("2.0", None).unwrap_err();
    assert!(
        err.message.contains("リリース完了判定中"),
        "{}",
        err.message
    );
    d.judge_release("2.0", false, None, Some("本番で帳票が崩れる"))
        .unwrap();
    assert_eq!(status(&d, "S-0001"), "作業中");
    assert_eq!(status(&d, "2.0"), "QAリリース中");
    assert_eq!(status(&d, "I-0001"), "改修着手済");
}

#[test]
fn a_failing_completion_writes_nothing() {
    let mut d = db();
    two_in_work(&mut d);
    d.create_release("3.0", &[]).unwrap();
    d.add_member("3.0", "S-0001").unwrap();
    d.add_member("3.0", "C-0001").unwrap();
    stages(&mut d, "3.0", TO_PROD_CHECK);
    stages(&mut d, "3.0", &["本番動作確認", "final_ok"]);
    // Make the second member's incident update fail mid-transaction: a
    // trigger rejects writes to I-0002, as a crash or disk error would.
    daicho_core::store::testing::fail_updates_of(&mut d, "incidents", 2);
    let before_hist = d.history("S-0001").unwrap().len();
    let err = d.complete_release("3.0", None).unwrap_err();
    assert!(format!("{err:?}").contains("injected failure"), "{err:?}");
    assert_eq!(status(&d, "3.0"), "完了報告待ち");
    assert_eq!(status(&d, "S-0001"), "リリース完了判定中");
    assert_eq!(status(&d, "I-0001"), "改修着手済");
    assert_eq!(d.history("S-0001").unwrap().len(), before_hist);
}

#[test]
fn a_record_joins_one_open_release_and_evidence_is_stored() {
    let mut d = db();
    two_in_work(&mut d);
    d.create_release("1.1", &[]).unwrap();
    d.create_release("1.2", &[]).unwrap();
    let err = d.create_release("1.1", &[]).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Conflict);
    d.add_member("1.1", "S-0001").unwrap();
    let err = d.add_member("1.2", "S-0001").unwrap_err();
    assert!(err.message.contains("1.1"), "{}", err.message);
    let err = d.add_member("1.2", "I-0001").unwrap_err();
    assert_eq!(err.kind, ErrorKind::Invalid);
    d.remove_member("1.1", "S-0001").unwrap();
    assert_eq!(status(&d, "S-0001"), "作業中");
    assert!(d.get("S-0001").unwrap().get("release_ver").is_null());
    // Out of the release, the record moves on its own again.
    assert!(!d.detail("S-0001").unwrap().actions.is_empty());
    let png = [0x89u8, b'P', b'N', b'G', 1, 2, 3];
    let a = d.attach("1.2", "QA画面_社員基本.png", &png).unwrap();
    assert_eq!(a.size, png.len() as i64);
    let (name, data) = d.attachment("1.2", a.id).unwrap();
    assert_eq!(
        (name.as_str(), data.as_slice()),
        ("QA画面_社員基本.png", &png[..])
    );
    d.detach("1.2", a.id).unwrap();
    assert!(d.detail("1.2").unwrap().attachments.is_empty());
    let acts = history_actions(&d, "1.2");
    assert!(acts.contains(&"添付追加".to_string()) && acts.contains(&"添付削除".to_string()));
    assert_eq!(
        d.list(Ledger::Release, &Default::default()).unwrap().total,
        2
    );
}

fn stages(d: &mut Daicho, version: &str, actions: &[&str]) {
    for a in actions {
        d.release_action(version, a, None, None).unwrap();
    }
}

const TO_PROD_CHECK: &[&str] = &[
    "QA環境リリース",
    "QA環境動作確認",
    "judge_ok",
    "ステージング環境リリース",
    "ステージング環境動作確認",
    "本番環境リリース",
];

#[test]
fn a_member_joins_at_the_release_stage_once_qa_has_begun_and_leaves_to_its_own_flow() {
    let mut d = db();
    two_in_work(&mut d);
    d.create_release("4.0", &[]).unwrap();
    d.add_member("4.0", "S-0001").unwrap();
    stages(&mut d, "4.0", &["QA環境リリース"]);
    assert_eq!(status(&d, "S-0001"), "QA環境動作確認中");
    // Joining while the release is on QA: the record takes that stage.
    d.add_member("4.0", "C-0001").unwrap();
    assert_eq!(status(&d, "C-0001"), "QA環境動作確認中");
    let err = d.run_action("C-0001", "再作業", None, &[]).unwrap_err();
    assert!(err.message.contains("リリース 4.0"), "{}", err.message);
    // Leaving from a release stage: back to 作業中, free again.
    d.remove_member("4.0", "C-0001").unwrap();
    assert_eq!(status(&d, "C-0001"), "作業中");
    assert!(d.get("C-0001").unwrap().get("release_ver").is_null());
    d.run_action("C-0001", "対応完了", None, &[]).unwrap();
    assert_eq!(status(&d, "C-0001"), "対応済");
    let acts = history_actions(&d, "C-0001");
    assert!(acts.contains(&"リリース追加".to_string()), "{acts:?}");
    assert!(acts.contains(&"リリース除外".to_string()), "{acts:?}");
}

#[test]
fn completion_ng_and_emergency_send_members_back_to_work_inside_the_release() {
    for (last, ng) in [
        ("本番動作確認", "final_ng"),
        ("本番動作確認", "emergency"),
        ("", "emergency"),
    ] {
        let mut d = db();
        two_in_work(&mut d);
        d.create_release("5.0", &[]).unwrap();
        d.add_member("5.0", "S-0001").unwrap();
        d.add_member("5.0", "C-0001").unwrap();
        stages(&mut d, "5.0", TO_PROD_CHECK);
        if !last.is_empty() {
            stages(&mut d, "5.0", &[last]);
        }
        d.release_action("5.0", ng, None, Some("本番で帳票が崩れる"))
            .unwrap();
        assert_eq!(status(&d, "5.0"), "QAリリース中", "{ng} after {last}");
        for no in ["S-0001", "C-0001"] {
            // 作業中, still in the release, moved only by it.
            assert_eq!(status(&d, no), "作業中", "{ng} {no}");
            assert_eq!(d.get(no).unwrap().text("release_ver"), "5.0");
            let err = d.run_action(no, "対応完了", None, &[]).unwrap_err();
            assert!(err.message.contains("リリース 5.0"), "{}", err.message);
        }
        assert_eq!(status(&d, "I-0001"), "改修着手済");
        let j = d.children("5.0", "判定").unwrap();
        assert_eq!(j.last().unwrap().fields["result"].display(), "NG");
        // The fix goes to QA again with the release.
        stages(&mut d, "5.0", &["QA環境リリース"]);
        assert_eq!(status(&d, "S-0001"), "QA環境動作確認中");
        assert_eq!(status(&d, "C-0001"), "QA環境動作確認中");
    }
}

#[test]
fn ng_at_the_release_judgement_keeps_members_at_qa_release() {
    let mut d = db();
    two_in_work(&mut d);
    d.create_release("6.0", &[]).unwrap();
    d.add_member("6.0", "S-0001").unwrap();
    stages(
        &mut d,
        "6.0",
        &["QA環境リリース", "QA環境動作確認", "judge_ng"],
    );
    assert_eq!(status(&d, "6.0"), "QAリリース中");
    assert_eq!(status(&d, "S-0001"), "QAリリース中");
    // A record joining now still waits for the release's QA stage.
    d.add_member("6.0", "C-0001").unwrap();
    assert_eq!(status(&d, "C-0001"), "作業中");
    stages(&mut d, "6.0", &["QA環境リリース"]);
    assert_eq!(status(&d, "S-0001"), "QA環境動作確認中");
    assert_eq!(status(&d, "C-0001"), "QA環境動作確認中");
}

#[test]
fn completion_takes_members_of_an_approval_ledger_to_provisional_close() {
    let mut d = db();
    two_in_work(&mut d);
    d.set_setting(
        daicho_core::domain::settings::CLOSE_APPROVAL,
        Some("failure"),
    )
    .unwrap();
    d.create_release("4.0", &[]).unwrap();
    d.add_member("4.0", "S-0001").unwrap();
    d.add_member("4.0", "C-0001").unwrap();
    stages(&mut d, "4.0", TO_PROD_CHECK);
    stages(&mut d, "4.0", &["本番動作確認"]);
    d.judge_release("4.0", true, None, None).unwrap();
    d.complete_release("4.0", None).unwrap();
    // 障害 needs the approval; 変更 is not configured and closes at once.
    assert_eq!(status(&d, "S-0001"), "仮クローズ");
    assert_eq!(status(&d, "C-0001"), "対応済");
    assert_eq!(
        d.run_action("S-0001", "クローズ承認", None, &[])
            .unwrap()
            .status(),
        "対応済"
    );
}
