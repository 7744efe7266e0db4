//! Every action of every flow: allowed, refused, guards and stamps.
//! (Long by design: one flat test per action, in flow order.)

mod common;

use common::*;
use daicho_core::domain::ledger::Ledger;
use daicho_core::service::TriageDecision;
use daicho_core::{ErrorKind, Value};

fn triage(
    d: &mut daicho_core::Daicho,
    no: &str,
    kind: &str,
) -> daicho_core::service::TriageOutcome {
    d.triage(
        no,
        &TriageDecision {
            kind: kind.into(),
            priority: Some("高".into()),
            assignee: Some("梅澤".into()),
            meeting_date: Some(date(2022, 9, 26)),
            raised_by: None,
        },
    )
    .unwrap()
}

#[test]
fn incident_creation_requires_the_intake_fields() {
    let mut d = db();
    let err = d
        .create(Ledger::Incident, &kv(&[("タイトル", "件名のみ")]))
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Invalid);
    for label in ["起票日", "起票者", "発生元組織", "概要"] {
        assert!(err.message.contains(label), "{}", err.message);
    }
    let err = d
        .create(
            Ledger::Incident,
            &kv(&[
                ("起票日", "2022/9/22"),
                ("起票者", "吉岡"),
                ("発生元組織", "未登録の会社"),
                ("タイトル", "t"),
                ("概要", "s"),
            ]),
        )
        .unwrap_err();
    assert!(
        err.message.contains("発生元組織マスタにありません"),
        "{}",
        err.message
    );
    assert!(err.message.contains("石巻ガス"));
    let rec = incident(&mut d, "社員基本の項目位置変更");
    assert_eq!(rec.no, "I-0001");
    // Master values match after width folding and keep the master's spelling.
    d.add_master(daicho_core::domain::master::Master::Organization, "ABC商事")
        .unwrap();
    let r = d
        .edit(&rec.no, &kv(&[("発生元組織", "ＡＢＣ商事")]))
        .unwrap();
    assert_eq!(r.text("origin_org"), "ABC商事");
    assert_eq!(rec.status(), "未着手");
}

#[test]
fn triage_as_failure_creates_s_record_and_links_back() {
    let mut d = db();
    let i = incident(&mut d, "社員基本の項目位置変更");
    assert_others_refused(&mut d, &i.no);
    let o = triage(&mut d, &i.no, "障害");
    let s = o.created.unwrap();
    assert_eq!(s.no, "S-0001");
    assert_eq!(s.text("title"), "社員基本の項目位置変更");
    assert_eq!(s.get("raised_on"), &Value::Date(date(2022, 9, 26)));
    assert_eq!(s.text("assignee"), "梅澤");
    // 現象 is taken over from the incident's 概要; 担当者 becomes the owner.
    assert_eq!(s.text("phenomenon"), i.text("summary"));
    assert!(!s.text("phenomenon").is_empty());
    assert_eq!(o.incident.text("owner"), "梅澤");
    assert_eq!(s.text("priority"), "高");
    assert_eq!(s.text("incident_no"), "I-0001");
    assert_eq!(s.status(), "未着手");
    let inc = o.incident;
    assert_eq!(inc.status(), "方針検討済");
    assert_eq!(inc.text("kind"), "障害");
    assert_eq!(inc.text("transfer_no"), "S-0001");
    assert_eq!(inc.get("triaged_on"), &Value::Date(date(2022, 9, 26)));
    assert_eq!(inc.get("decided_on"), &Value::Date(date(2022, 9, 26)));
    assert_others_refused(&mut d, "I-0001");
}

#[test]
fn triage_as_change_creates_c_record_and_needs_priority_and_assignee() {
    let mut d = db();
    let i = incident(&mut d, "CSVデータ出力機能追加");
    let err = d
        .triage(
            &i.no,
            &TriageDecision {
                kind: "仕様変更".into(),
                assignee: Some("梅澤".into()),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert!(err.message.contains("優先度"), "{}", err.message);
    let err = d
        .triage(
            &i.no,
            &TriageDecision {
                kind: "仕様変更".into(),
                priority: Some("高".into()),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert!(err.message.contains("担当者"), "{}", err.message);
    // Refusals left nothing: no C- record, no number used.
    assert_eq!(d.get(&i.no).unwrap().status(), "未着手");
    let o = triage(&mut d, &i.no, "仕様変更");
    let c = o.created.unwrap();
    assert_eq!(c.no, "C-0001");
    assert_eq!(c.status(), "概算仕様検討中");
}

#[test]
fn triage_as_question_only_sets_kind_and_answer_closes() {
    let mut d = db();
    let i = incident(&mut d, "操作方法の問い合わせ");
    let o = triage(&mut d, &i.no, "問い合わせ");
    assert!(o.created.is_none());
    assert_eq!(o.incident.status(), "方針検討済");
    assert!(o.incident.get("transfer_no").is_null());
    let err = d.run_action(&i.no, "着手報告", None, &[]).unwrap_err();
    assert!(err.message.contains("種別"), "{}", err.message);
    // The meeting's assignee is the incident's accountable 担当者.
    assert_eq!(o.incident.text("owner"), "梅澤");
    let r = d
        .run_action(
            &i.no,
            "回答",
            Some(date(2022, 9, 28)),
            &kv(&[("回答", "マニュアル3章の手順をご案内")]),
        )
        .unwrap();
    assert_eq!(r.status(), "対応済");
    assert_eq!(r.text("answer"), "マニュアル3章の手順をご案内");
    assert_eq!(r.get("closed_on"), &Value::Date(date(2022, 9, 28)));
    assert_others_refused(&mut d, &i.no);
    let r = d.run_action(&i.no, "再オープン", None, &[]).unwrap();
    assert_eq!(r.status(), "方針検討済");
    assert!(r.get("closed_on").is_null());
}

#[test]
fn triage_needs_a_kind_and_hold_is_allowed_first() {
    let mut d = db();
    let i = incident(&mut d, "保留");
    let err = d.run_action(&i.no, "切り分け", None, &[]).unwrap_err();
    assert!(err.message.contains("種別"), "{}", err.message);
    let r = d.run_action(&i.no, "方針検討", None, &[]).unwrap();
    assert_eq!(r.status(), "方針検討中");
    assert_others_refused(&mut d, &i.no);
    let r = d
        .run_action(
            &i.no,
            "切り分け",
            Some(date(2022, 10, 3)),
            &kv(&[("種別", "障害"), ("担当者", "梅澤")]),
        )
        .unwrap();
    assert_eq!(r.status(), "方針検討済");
    assert_eq!(r.text("transfer_no"), "S-0001");
}

#[test]
fn policy_left_open_at_triage_is_stamped_when_decided() {
    let mut d = db();
    let i = incident(&mut d, "社員基本の項目位置変更");
    let o = d
        .triage_undecided(
            &i.no,
            &TriageDecision {
                kind: "障害".into(),
                assignee: Some("梅澤".into()),
                meeting_date: Some(date(2022, 9, 26)),
                ..Default::default()
            },
        )
        .unwrap();
    // The seed's row: 方針検討中, 種別 障害, 切り分け完了日 set, 方針決定日 empty.
    let inc = o.incident;
    assert_eq!(inc.status(), "方針検討中");
    assert_eq!(inc.text("kind"), "障害");
    assert_eq!(inc.get("triaged_on"), &Value::Date(date(2022, 9, 26)));
    assert!(inc.get("decided_on").is_null());
    assert_eq!(o.created.unwrap().no, "S-0001");
    assert_eq!(inc.text("transfer_no"), "S-0001");
    let offered: Vec<&str> = d
        .detail(&i.no)
        .unwrap()
        .actions
        .iter()
        .map(|a| a.name)
        .collect();
    assert_eq!(offered, ["方針決定"]);
    // A second 切り分け would make a second S- record: refused, nothing written.
    let err = d
        .run_action(
            &i.no,
            "切り分け",
            None,
            &kv(&[("種別", "障害"), ("担当者", "梅澤")]),
        )
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::IllegalAction);
    assert!(err.message.contains("切り分け済み"), "{}", err.message);
    assert!(d.get("S-0002").is_err());
    let r = d
        .run_action(&i.no, "方針決定", Some(date(2022, 10, 3)), &[])
        .unwrap();
    assert_eq!(r.status(), "方針検討済");
    assert_eq!(r.get("decided_on"), &Value::Date(date(2022, 10, 3)));
    assert_eq!(r.get("triaged_on"), &Value::Date(date(2022, 9, 26)));
    // Before triage there is no policy to decide.
    let j = incident(&mut d, "未切り分け");
    d.run_action(&j.no, "方針検討", None, &[]).unwrap();
    let err = d.run_action(&j.no, "方針決定", None, &[]).unwrap_err();
    assert!(err.message.contains("種別"), "{}", err.message);
}

#[test]
fn incident_start_report_release_report_and_close() {
    let mut d = db();
    let i = incident(&mut d, "x");
    triage(&mut d, &i.no, "障害");
    let err = d.run_action(&i.no, "着手報告", None, &[]).unwrap_err();
    assert!(
        err.message.contains("開発対応完了予定日"),
        "{}",
        err.message
    );
    let r = d
        .run_action(
            &i.no,
            "着手報告",
            Some(date(2022, 9, 30)),
            &kv(&[("開発対応完了予定日", "2022/10/14")]),
        )
        .unwrap();
    assert_eq!(r.status(), "改修着手済");
    assert_eq!(r.get("dev_started_on"), &Value::Date(date(2022, 9, 30)));
    assert_others_refused(&mut d, &i.no);
    // A manual 完了報告 must say which release shipped it.
    let err = d
        .run_action(&i.no, "完了報告", Some(date(2022, 10, 21)), &[])
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Invalid);
    assert!(err.message.contains("リリースVer."), "{}", err.message);
    assert_eq!(d.get(&i.no).unwrap().status(), "改修着手済");
    let r = d
        .run_action(
            &i.no,
            "完了報告",
            Some(date(2022, 10, 21)),
            &kv(&[("リリースVer.", "1.0.1")]),
        )
        .unwrap();
    assert_eq!(r.status(), "本番リリース済");
    assert_eq!(r.get("completed_on"), &Value::Date(date(2022, 10, 21)));
    assert_eq!(r.text("release_ver"), "1.0.1");
    let r = d
        .run_action(&i.no, "クローズ", Some(date(2022, 10, 24)), &[])
        .unwrap();
    assert_eq!(r.status(), "対応済");
    assert_eq!(r.get("closed_on"), &Value::Date(date(2022, 10, 24)));
}

#[test]
fn failure_flow_with_guards_and_stamps() {
    let mut d = db();
    let i = incident(&mut d, "給与明細でエラー");
    let s = triage(&mut d, &i.no, "障害").created.unwrap().no;
    assert_others_refused(&mut d, &s);
    assert_eq!(
        d.run_action(&s, "調査開始", None, &[]).unwrap().status(),
        "調査中"
    );
    assert_others_refused(&mut d, &s);
    d.edit(&s, &kv(&[("優先度", "")])).unwrap();
    let err = d.run_action(&s, "作業可", None, &[]).unwrap_err();
    assert!(err.message.contains("優先度"), "{}", err.message);
    assert_eq!(
        d.run_action(&s, "作業可", None, &kv(&[("優先度", "中")]))
            .unwrap()
            .status(),
        "作業可"
    );
    assert_others_refused(&mut d, &s);
    assert_eq!(
        d.run_action(&s, "再調査", None, &[]).unwrap().status(),
        "調査中"
    );
    d.run_action(&s, "作業可", None, &[]).unwrap();
    assert_eq!(
        d.run_action(&s, "作業開始", None, &[]).unwrap().status(),
        "作業中"
    );
    assert_others_refused(&mut d, &s);
    let err = d.run_action(&s, "対応完了", None, &[]).unwrap_err();
    assert!(
        err.message.contains("直接原因") && err.message.contains("暫定対応"),
        "{}",
        err.message
    );
    let r = d
        .run_action(
            &s,
            "対応完了",
            Some(date(2022, 10, 1)),
            &kv(&[("直接原因", "設定漏れ"), ("暫定対応", "データ修正")]),
        )
        .unwrap();
    assert_eq!(r.status(), "対応済");
    assert_eq!(r.get("completed_on"), &Value::Date(date(2022, 10, 1)));
    assert_others_refused(&mut d, &s);
    let err = d.run_action(&s, "確認完了", None, &[]).unwrap_err();
    assert!(err.message.contains("確認者"));
    let r = d
        .run_action(
            &s,
            "確認完了",
            Some(date(2022, 10, 3)),
            &kv(&[("確認者", "高橋")]),
        )
        .unwrap();
    assert_eq!(r.get("verified_on"), &Value::Date(date(2022, 10, 3)));
    let r = d.run_action(&s, "再作業", None, &[]).unwrap();
    assert_eq!(r.status(), "作業中");
    assert!(r.get("completed_on").is_null() && r.get("verified_on").is_null());
}

#[test]
fn change_flow_estimates_order_and_drop() {
    let mut d = db();
    let i = incident(&mut d, "CSV出力");
    let c = triage(&mut d, &i.no, "仕様変更").created.unwrap().no;
    type Step<'a> = (&'a str, &'a [(&'a str, &'a str)], &'a str);
    let steps: &[Step] = &[
        ("概算見積もり依頼", &[], "概算見積もり依頼中"),
        (
            "概算見積もり受領",
            &[("概算見積 工数", "3"), ("概算見積 金額", "180,000")],
            "概算見積もり後社内検討中",
        ),
        ("正式仕様検討", &[], "正式仕様検討中"),
        (
            "正式見積もり依頼",
            &[("希望納期", "2022/12/1")],
            "正式見積もり依頼中",
        ),
        (
            "正式見積もり受領",
            &[("正式見積 工数", "2.5"), ("正式見積 金額", "150000")],
            "正式見積もり後社内検討中",
        ),
        ("発注", &[], "作業可"),
        ("作業開始", &[], "作業中"),
        ("対応完了", &[], "対応済"),
    ];
    for (action, inputs, to) in steps {
        assert_others_refused(&mut d, &c);
        let a = daicho_core::domain::workflow::find_action(Ledger::Change, action).unwrap();
        if !a.requires.is_empty() {
            let err = d.run_action(&c, action, None, &[]).unwrap_err();
            assert_eq!(err.kind, ErrorKind::Invalid, "{action}");
        }
        let r = d
            .run_action(&c, action, Some(date(2022, 10, 5)), &kv(inputs))
            .unwrap();
        assert_eq!(r.status(), *to, "{action}");
    }
    let r = d.get(&c).unwrap();
    assert_eq!(r.get("rough_amount"), &Value::Int(180_000));
    assert_eq!(r.get("formal_effort"), &Value::Decimal(2.5));
    assert_eq!(r.get("ordered_on"), &Value::Date(date(2022, 10, 5)));

    // 開発見送り needs its reason.
    let i2 = incident(&mut d, "高額な改修");
    let c2 = triage(&mut d, &i2.no, "仕様変更").created.unwrap().no;
    d.run_action(&c2, "概算見積もり依頼", None, &[]).unwrap();
    d.run_action(
        &c2,
        "概算見積もり受領",
        None,
        &kv(&[("rough_effort", "40"), ("rough_amount", "2400000")]),
    )
    .unwrap();
    let err = d.run_action(&c2, "開発見送り", None, &[]).unwrap_err();
    assert!(err.message.contains("開発見送り理由"), "{}", err.message);
    let err = d
        .run_action(&c2, "開発見送り", None, &kv(&[("開発見送り理由", "気分")]))
        .unwrap_err();
    assert!(
        err.message.contains("費用 / 納期 / その他"),
        "{}",
        err.message
    );
    let r = d
        .run_action(&c2, "開発見送り", None, &kv(&[("開発見送り理由", "費用")]))
        .unwrap();
    assert_eq!(r.status(), "開発見送り(クローズ)");
    assert_others_refused(&mut d, &c2);
    // The incident of a dropped change can be closed.
    assert_eq!(
        d.run_action(&i2.no, "クローズ", None, &[])
            .unwrap()
            .status(),
        "対応済"
    );
}

#[test]
fn status_and_numbers_cannot_be_edited_directly() {
    let mut d = db();
    let i = incident(&mut d, "x");
    let err = d.edit(&i.no, &kv(&[("ステータス", "対応済")])).unwrap_err();
    assert!(
        err.message.contains("直接は変更できません"),
        "{}",
        err.message
    );
    let err = d.edit(&i.no, &kv(&[("タイトル", "")])).unwrap_err();
    assert!(err.message.contains("空にできません"));
    let err = d.edit(&i.no, &kv(&[("存在しない項目", "x")])).unwrap_err();
    assert!(err.message.contains("存在しない項目"));
    let err = d.edit(&i.no, &kv(&[("対応期限", "来週")])).unwrap_err();
    assert!(
        err.message.contains("対応期限") && err.message.contains("2022/9/22"),
        "{}",
        err.message
    );
}

#[test]
fn history_lists_every_field_change_with_who_and_action() {
    let mut d = db();
    let i = incident(&mut d, "社員基本の項目位置変更");
    d.set_actor("梅澤");
    d.edit(&i.no, &kv(&[("優先度", "低"), ("対応期限", "2022/10/31")]))
        .unwrap();
    d.edit(&i.no, &kv(&[("優先度", "低")])).unwrap(); // no change, no history
    let h = d.history(&i.no).unwrap();
    let created: Vec<_> = h.iter().filter(|e| e.action == "起票").collect();
    assert!(created
        .iter()
        .any(|e| e.label == "タイトル" && e.new.as_deref() == Some("社員基本の項目位置変更")));
    assert!(created.iter().all(|e| e.actor == "吉岡"));
    let edits: Vec<_> = h.iter().filter(|e| e.action == "編集").collect();
    assert_eq!(edits.len(), 2);
    assert!(edits.iter().any(|e| e.label == "対応期限"
        && e.new.as_deref() == Some("2022/10/31")
        && e.actor == "梅澤"));
    let day = d.history_of_day(date(2022, 9, 22)).unwrap();
    assert_eq!(day.len(), h.len());
    assert!(d.history_of_day(date(2022, 9, 23)).unwrap().is_empty());
}

#[test]
fn deletion_is_recorded_and_numbers_are_never_reused() {
    let mut d = db();
    let a = incident(&mut d, "a");
    incident(&mut d, "b");
    d.delete("I-0002").unwrap();
    let c = incident(&mut d, "c");
    assert_eq!(c.no, "I-0003");
    assert!(d.get("I-0002").unwrap().deleted_at.is_some());
    assert_eq!(history_actions(&d, "I-0002").last().unwrap(), "削除");
    let err = d.edit("I-0002", &kv(&[("タイトル", "x")])).unwrap_err();
    assert_eq!(err.kind, ErrorKind::NotFound);
    assert!(d
        .search("b", None, 10)
        .unwrap()
        .iter()
        .all(|h| h.no != "I-0002"));
    let page = d.list(Ledger::Incident, &Default::default()).unwrap();
    assert_eq!(page.total, 2);
    assert_eq!(a.no, "I-0001");
}

#[test]
fn child_rows_are_ordered_edited_and_recorded() {
    let mut d = db();
    let i = incident(&mut d, "x");
    let s = triage(&mut d, &i.no, "障害").created.unwrap().no;
    d.add_child(
        &s,
        "タイムライン",
        &kv(&[
            ("日付", "2022/9/23"),
            ("時刻", "9:05"),
            ("対応内容", "復旧を確認"),
        ]),
    )
    .unwrap();
    let first = d
        .add_child(
            &s,
            "timeline",
            &kv(&[
                ("date", "2022/9/22"),
                ("time", "14:00"),
                ("content", "連絡受領"),
            ]),
        )
        .unwrap();
    let rows = d.children(&s, "timeline").unwrap();
    assert_eq!(rows[0].id, first.id, "ordered by date and time");
    assert_eq!(rows[1].fields["time"], Value::Text("09:05".into()));
    let err = d
        .add_child(&s, "timeline", &kv(&[("content", "日付なし")]))
        .unwrap_err();
    assert!(err.message.contains("日付"));
    d.edit_child(
        &s,
        "timeline",
        first.id,
        &kv(&[("content", "ユーザより連絡受領")]),
    )
    .unwrap();
    let p = d
        .add_child(
            &s,
            "再発防止策",
            &kv(&[
                ("内容", "レビュー観点追加"),
                ("担当者", "梅澤"),
                ("期限", "2022/11/30"),
            ]),
        )
        .unwrap();
    d.edit_child(
        &s,
        "preventions",
        p.id,
        &kv(&[("完了日", "2022/11/20"), ("効果確認日", "2022/12/20")]),
    )
    .unwrap();
    d.remove_child(&s, "timeline", first.id).unwrap();
    let acts = history_actions(&d, &s);
    for a in [
        "タイムライン追加",
        "タイムライン編集",
        "タイムライン削除",
        "再発防止策追加",
        "再発防止策編集",
    ] {
        assert!(acts.iter().any(|x| x == a), "{a} in {acts:?}");
    }
    let err = d
        .add_child(&i.no, "timeline", &kv(&[("date", "2022/9/22")]))
        .unwrap_err();
    assert!(err.message.contains("子表"));
}

#[test]
fn same_root_failures_link_both_ways() {
    let mut d = db();
    for t in ["a", "b"] {
        let i = incident(&mut d, t);
        triage(&mut d, &i.no, "障害");
    }
    d.link_same_root("S-0001", "S-0002", true).unwrap();
    let links = d.detail("S-0002").unwrap().links;
    assert!(links
        .iter()
        .any(|l| l.relation == "same_root" && l.no == "S-0001"));
    assert!(history_actions(&d, "S-0001").contains(&"同根障害設定".to_string()));
    d.link_same_root("S-0002", "S-0001", false).unwrap();
    assert!(d
        .detail("S-0001")
        .unwrap()
        .links
        .iter()
        .all(|l| l.relation != "same_root"));
}
