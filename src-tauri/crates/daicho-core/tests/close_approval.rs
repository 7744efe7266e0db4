//! The optional 仮クローズ → クローズ承認 → 対応済 step (002 §3.2.3.7): off
//! by default, on per ledger with the `close_approval` setting; every move
//! recorded in the history.

mod common;

use common::*;
use daicho_core::domain::ledger::Ledger;
use daicho_core::domain::settings::CLOSE_APPROVAL;
use daicho_core::Daicho;

fn working_failure(d: &mut Daicho) -> String {
    let s = d
        .create(
            Ledger::Failure,
            &kv(&[
                ("起票日", "2022/9/22"),
                ("起票者", "吉岡"),
                ("タイトル", "夜間バッチ停止"),
                ("優先度", "高"),
                ("直接原因", "設定誤り"),
                ("暫定対応", "再実行"),
            ]),
        )
        .unwrap()
        .no;
    for a in ["調査開始", "作業可", "作業開始"] {
        d.run_action(&s, a, None, &[]).unwrap();
    }
    s
}

#[test]
fn closing_waits_for_approval_only_where_configured() {
    let mut d = db();
    // Off by default: 対応完了 closes.
    let s1 = working_failure(&mut d);
    assert_eq!(
        d.run_action(&s1, "対応完了", None, &[]).unwrap().status(),
        "対応済"
    );

    d.set_setting(CLOSE_APPROVAL, Some("change, 障害")).unwrap();
    let s2 = working_failure(&mut d);
    let r = d.run_action(&s2, "対応完了", None, &[]).unwrap();
    assert_eq!(r.status(), "仮クローズ");
    // 確認完了 on an already closed record is not diverted.
    d.run_action(&s1, "確認完了", None, &kv(&[("確認者", "梅澤")]))
        .unwrap();
    assert_eq!(d.get(&s1).unwrap().status(), "対応済");
    // 差戻し sends it back to work; closing again waits again; 承認 closes.
    assert_eq!(
        d.run_action(&s2, "差戻し", None, &[]).unwrap().status(),
        "作業中"
    );
    d.run_action(&s2, "対応完了", None, &[]).unwrap();
    d.set_actor("梅澤");
    assert_eq!(
        d.run_action(&s2, "クローズ承認", None, &[])
            .unwrap()
            .status(),
        "対応済"
    );
    let moves: Vec<(String, String, String)> = d
        .history(&s2)
        .unwrap()
        .into_iter()
        .filter(|h| h.field == "status")
        .map(|h| (h.action, h.new.unwrap_or_default(), h.actor))
        .collect();
    let tail: Vec<_> = moves.iter().rev().take(4).rev().cloned().collect();
    assert_eq!(
        tail,
        [
            ("対応完了".into(), "仮クローズ".into(), "吉岡".into()),
            ("差戻し".into(), "作業中".into(), "吉岡".into()),
            ("対応完了".into(), "仮クローズ".into(), "吉岡".into()),
            ("クローズ承認".into(), "対応済".into(), "梅澤".into()),
        ]
    );
    // Incidents are not configured: 回答 still closes at once.
    let i = incident(&mut d, "操作方法の問い合わせ");
    d.triage(
        &i.no,
        &daicho_core::service::TriageDecision {
            kind: "問い合わせ".into(),
            priority: None,
            assignee: None,
            meeting_date: None,
            raised_by: None,
        },
    )
    .unwrap();
    assert_eq!(
        d.run_action(&i.no, "回答", None, &[]).unwrap().status(),
        "対応済"
    );
}
