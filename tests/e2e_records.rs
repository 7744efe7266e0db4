//! Issue 11 in the window: a failure's 同根障害 links, its 再発防止策 rows and
//! its 添付ファイル (added by dropping a file on the window, then removed),
//! each visible in the record's 履歴.

use std::path::Path;

use fantoccini::Locator;
use serde_json::json;

use super::{start_with, ONE_AT_A_TIME};

/// Two failures S-0001 and S-0002 from triaged incidents.
fn two_failures(db: &Path) {
    use daicho_core::domain::ledger::Ledger;
    use daicho_core::domain::master::Master;
    let mut d = daicho_core::Daicho::open_or_create(db).unwrap();
    d.set_actor("吉岡");
    d.add_master(Master::Organization, "石巻ガス").unwrap();
    for p in ["吉岡", "梅澤"] {
        d.add_master(Master::Person, p).unwrap();
    }
    for title in ["帳票の合計が合わない", "月次集計の合計が合わない"] {
        let kv = |k: &str, v: &str| (k.to_string(), v.to_string());
        let i = d
            .create(
                Ledger::Incident,
                &[
                    kv("起票日", "2022/9/22"),
                    kv("起票者", "吉岡"),
                    kv("発生元組織", "石巻ガス"),
                    kv("タイトル", title),
                    kv("概要", "端数処理の誤り"),
                ],
            )
            .unwrap();
        d.triage(
            &i.no,
            &daicho_core::service::TriageDecision {
                kind: "障害".into(),
                assignee: Some("梅澤".into()),
                ..Default::default()
            },
        )
        .unwrap();
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn failure_links_preventions_and_attachments_from_the_window() {
    let _turn = ONE_AT_A_TIME.lock().await;
    let Some(s) = start_with("records", &[], two_failures).await else {
        return;
    };
    s.click("[data-nav=failure]").await;
    s.quick_filter_to("S-0001").await;
    s.click("[data-testid=grid] [data-no='S-0001'] a").await;
    s.wait_text("[data-testid=record-no]", "S-0001").await;

    // 同根障害: link S-0002, shown in the tab and as a link above.
    s.click("[data-tab=same_root]").await;
    s.set("[data-testid=same-root-no]", "S-0002").await;
    s.click("[data-testid=add-same-root]").await;
    s.wait_text("[data-testid=same-root]", "月次集計の合計が合わない")
        .await;
    s.find("[data-link='S-0002']").await;
    s.shot("same-root").await;
    // 解除 takes it away again; linked once more for the history below.
    s.click("[data-remove-link='S-0002']").await;
    s.gone("[data-link-row='S-0002']").await;
    s.set("[data-testid=same-root-no]", "S-0002").await;
    s.click("[data-testid=add-same-root]").await;
    s.find("[data-link-row='S-0002']").await;
    // A number that is not a failure is refused with a message.
    s.set("[data-testid=same-root-no]", "C-0001").await;
    s.click("[data-testid=add-same-root]").await;
    s.wait_text("[data-testid=error]", "同根障害は障害 (S-) 同士")
        .await;

    // 再発防止策: a row with its columns (内容, 担当者, 期限, …).
    s.click("[data-tab=preventions]").await;
    s.set(
        "[data-testid=child-preventions] tr.draft [data-field=content]",
        "端数処理の共通関数を使うようレビュー観点に追加",
    )
    .await;
    s.set(
        "[data-testid=child-preventions] tr.draft [data-field=due_on]",
        "2022-10-31",
    )
    .await;
    // 担当者 and 期限 are required: the measure is followed to its end.
    s.set(
        "[data-testid=child-preventions] tr.draft [data-field=owner]",
        "梅澤",
    )
    .await;
    s.click("[data-testid=child-preventions] [data-add-row]")
        .await;
    s.wait_text("[data-testid=child-preventions]", "レビュー観点に追加")
        .await;
    s.shot("preventions").await;

    // 添付ファイル: a file dropped on the window is attached to this record.
    let file = std::env::temp_dir().join(format!("daicho-e2e-証跡-{}.log", std::process::id()));
    std::fs::write(&file, "2022-09-22 10:00 ERROR 合計不一致\n").unwrap();
    let name = file.file_name().unwrap().to_string_lossy().into_owned();
    s.click("[data-tab=attachments]").await;
    s.find("[data-testid=pick-attachments]").await;
    s.c()
        .execute(
            "window.__TAURI_INTERNALS__.invoke('plugin:event|emit', { event: 'tauri://drag-drop', payload: { paths: [arguments[0]], position: { x: 10, y: 10 } } });",
            vec![json!(file.to_string_lossy())],
        )
        .await
        .unwrap();
    let row = format!("[data-attachment='{name}']");
    s.find(&row).await;
    let listed = s.text("[data-testid=attachments]").await;
    let size = format!("{} B", std::fs::metadata(&file).unwrap().len());
    assert!(listed.contains(&size), "{size}: {listed}");
    s.shot("attachment").await;
    s.click(&format!("[data-remove-attachment='{name}']")).await;
    s.gone(&row).await;
    s.wait_text("[data-testid=attachments]", "添付ファイルはありません")
        .await;

    s.click("[data-tab=history]").await;
    let history = s.wait_text("[data-testid=history]", "添付削除").await;
    for want in ["同根障害", "S-0002", "再発防止策", "添付追加", &name] {
        assert!(history.contains(want), "{want} missing: {history}");
    }
    assert!(s
        .c()
        .find(Locator::Css("[data-testid=error]"))
        .await
        .is_err());
    s.shot("history").await;
    s.finish().await;
    let _ = std::fs::remove_file(&file);
}

/// 定例会: 種別 fixed but the policy left open (「方針は検討中」), decided at
/// the next meeting with 「方針決定」, which stamps 方針決定日.
#[tokio::test(flavor = "multi_thread")]
async fn triage_leaves_the_policy_open_then_decides_it() {
    let _turn = ONE_AT_A_TIME.lock().await;
    let Some(s) = start_with("policy", &[], |db| {
        let mut d = daicho_core::Daicho::open_or_create(db).unwrap();
        use daicho_core::domain::master::Master;
        d.add_master(Master::Organization, "石巻ガス").unwrap();
        d.add_master(Master::Person, "梅澤").unwrap();
        d.add_master(Master::Person, "吉岡").unwrap();
        let kv = |k: &str, v: &str| (k.to_string(), v.to_string());
        d.create(
            daicho_core::Ledger::Incident,
            &[
                kv("起票日", "2022/9/22"),
                kv("起票者", "吉岡"),
                kv("発生元組織", "石巻ガス"),
                kv("タイトル", "社員基本の項目位置変更"),
                kv("概要", "年齢→血液型の順序"),
            ],
        )
        .unwrap();
    })
    .await
    else {
        return;
    };
    s.click("[data-nav=triage]").await;
    let row = "[data-testid=triage] tr[data-no='I-0001']";
    s.set(&format!("{row} [data-triage=kind]"), "障害").await;
    s.set(&format!("{row} [data-triage=assignee]"), "梅澤")
        .await;
    s.click(&format!("{row} [data-triage=undecided]")).await;
    s.click(&format!("{row} [data-triage=apply]")).await;
    s.wait_text("[data-testid=triage-summary]", "方針は検討中")
        .await;
    // Still waiting for a decision: listed again with 「方針決定」.
    s.click("[data-nav=home]").await;
    s.click("[data-nav=triage]").await;
    s.click(&format!("{row} [data-triage=decide]")).await;
    s.wait_text("[data-testid=triage-summary]", "方針決定")
        .await;
    s.shot("decided").await;
    s.click("[data-testid=triage-summary] a").await;
    s.wait_text("[data-testid=record-no]", "I-0001").await;
    s.wait_text("[data-testid=record-view] .toolbar .chip", "方針検討済")
        .await;
    s.click("[data-tab=history]").await;
    let h = s.wait_text("[data-testid=history]", "方針決定日").await;
    assert!(h.contains("方針検討中") && h.contains("方針決定"), "{h}");
    s.finish().await;
}
