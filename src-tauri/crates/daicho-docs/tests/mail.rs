//! Mail drafts: wording from the reference templates, CRLF, overrides.

use chrono::NaiveDate;
use daicho_docs::mail::{FailureNotice, ReleaseMail, ReleaseMailItem};
use daicho_docs::{render_mail, DocError, MailKind};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn release() -> ReleaseMail {
    ReleaseMail {
        version: "1.4.2".into(),
        planned_on: Some(d(2022, 10, 7)),
        released_on: Some(d(2022, 10, 14)),
        recipient_org: "人事部".into(),
        recipient_user: "佐藤様".into(),
        sender: "運用保守チーム".into(),
        incidents: vec![
            ReleaseMailItem {
                no: "I-0012".into(),
                title: "給与明細の公開遅延".into(),
                raised_on: Some(d(2022, 9, 22)),
                summary: "帳票出力を分割処理に改修しました。".into(),
                ..Default::default()
            },
            ReleaseMailItem {
                no: "I-0015".into(),
                title: "CSV出力に部署コードを追加".into(),
                raised_on: None,
                summary: String::new(),
                ..Default::default()
            },
        ],
    }
}

#[test]
fn release_notices_list_the_users_incidents_with_crlf() {
    let t = render_mail(MailKind::ReleaseSchedule, &release(), None).unwrap();
    assert!(
        t.starts_with("件名: 【リリース予定のご案内】Ver.1.4.2（2022/10/7 本番リリース予定）\r\n"),
        "{t}"
    );
    assert!(t.contains("佐藤様\r\n"));
    assert!(
        t.contains("I-0012　給与明細の公開遅延（2022/9/22 ご依頼分）"),
        "{t}"
    );
    assert!(t.contains("I-0015　CSV出力に部署コードを追加\r\n"), "{t}");
    assert!(
        !t.replace("\r\n", "").contains('\n'),
        "only CRLF line endings"
    );
    let t = render_mail(MailKind::ReleaseDone, &release(), None).unwrap();
    assert!(
        t.contains("2022/10/14 に本番環境へのリリースが完了しました"),
        "{t}"
    );
    assert!(t.contains("帳票出力を分割処理に改修しました。"));
    std::fs::write(std::env::temp_dir().join("リリース案内_1.4.2.txt"), &t).unwrap();
}

#[test]
fn failure_notices_carry_the_fields_of_each_stage() {
    let n = FailureNotice {
        no: "S-0042".into(),
        title: "給与バッチ異常終了".into(),
        reported_at: Some(d(2022, 9, 22).and_hms_opt(7, 0, 0).unwrap()),
        occurred_at: Some(d(2022, 9, 21).and_hms_opt(23, 5, 0).unwrap()),
        impact_scope: "全従業員の給与明細".into(),
        phenomenon: "明細が表示されない".into(),
        severity: "High".into(),
        status: "暫定復旧中".into(),
        next_report_at: Some(d(2022, 9, 22).and_hms_opt(8, 0, 0).unwrap()),
        changes: "バッチ再実行を開始".into(),
        additional_impact: "無".into(),
        expected_recovery: "9/22 10:00".into(),
        probable_cause: "メモリー不足の疑い".into(),
        work: "ヒープ拡張と再実行".into(),
        recovered_at: Some(d(2022, 9, 22).and_hms_opt(9, 45, 0).unwrap()),
        cause: "メモリー不足".into(),
        action: "暫定: ヒープ拡張 / 恒久: 分割処理".into(),
        prevention: "有（S-0042）".into(),
        sender: "運用保守チーム".into(),
    };
    let t = render_mail(MailKind::FailureInitial, &n, None).unwrap();
    for s in [
        "【初報】",
        "・発生日時：2022/9/21 23:05",
        "・影響範囲：全従業員の給与明細",
        "・現象：明細が表示されない",
        "・暫定Severity：High",
        "・対応状況：暫定復旧中",
        "・次報予定：2022/9/22 8:00",
    ] {
        assert!(t.contains(s), "{s} in {t}");
    }
    let t = render_mail(MailKind::FailureUpdate, &n, None).unwrap();
    for s in [
        "【定時報】",
        "・前回からの変化：バッチ再実行を開始",
        "・現在のSeverity：High",
        "・追加の影響：無",
        "・想定される原因：メモリー不足の疑い",
        "・復旧予定時間：9/22 10:00",
        "・次報予定：2022/9/22 8:00",
    ] {
        assert!(t.contains(s), "{s} in {t}");
    }
    let t = render_mail(MailKind::RecoveryStart, &n, None).unwrap();
    for s in [
        "件名: 【障害連絡・復旧作業開始】給与バッチ異常終了（S-0042）",
        "・作業内容：ヒープ拡張と再実行",
        "・復旧予定時間：9/22 10:00",
    ] {
        assert!(t.contains(s), "{s} in {t}");
    }
    let t = render_mail(MailKind::RecoveryDone, &n, None).unwrap();
    for s in [
        "【復旧作業完了】",
        "・復旧時刻：2022/9/22 9:45",
        "・作業内容：ヒープ拡張と再実行",
    ] {
        assert!(t.contains(s), "{s} in {t}");
    }
    assert_eq!(
        MailKind::from_key("復旧作業開始連絡"),
        Some(MailKind::RecoveryStart)
    );
    let t = render_mail(MailKind::FailureFinal, &n, None).unwrap();
    for s in [
        "【完了報】",
        "・復旧時刻：2022/9/22 9:45",
        "・原因：メモリー不足",
        "・対応：暫定: ヒープ拡張 / 恒久: 分割処理",
        "・再発防止：有（S-0042）",
    ] {
        assert!(t.contains(s), "{s} in {t}");
    }
}

#[test]
fn override_templates_replace_builtins_and_errors_name_the_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("release_done.txt"),
        "件名: Ver.{{ version }} リリース\n{% for i in incidents %}{{ i.no }}\n{% endfor %}",
    )
    .unwrap();
    let t = render_mail(MailKind::ReleaseDone, &release(), Some(dir.path())).unwrap();
    assert_eq!(t, "件名: Ver.1.4.2 リリース\r\nI-0012\r\nI-0015\r\n");
    std::fs::write(
        dir.path().join("release_schedule.txt"),
        "一行目\n二行目 {% for %}\n",
    )
    .unwrap();
    let err = render_mail(MailKind::ReleaseSchedule, &release(), Some(dir.path())).unwrap_err();
    assert!(matches!(err, DocError::Mail { .. }));
    assert!(err.to_string().contains("line 2"), "{err}");
}
