//! Documents, ledger workbooks and mail drafts from real records.
//! (Long by design: each test builds its records in a few lines and reads the
//! file back; they share the fixtures at the top.)

use std::path::Path;

use calamine::{open_workbook_auto, Data, Reader};
use chrono::{NaiveDate, NaiveTime};
use daicho_core::domain::ledger::Ledger;
use daicho_core::domain::master::Master;
use daicho_core::service::TriageDecision;
use daicho_core::Daicho;
use daicho_docs::testing::pdf_text;
use daicho_export::{
    export_ledgers, mail_drafts, write_document, write_mail_drafts, Destination, DocFormat,
    DocKind, ExportSettings, MailKind,
};

fn kv(p: &[(&str, &str)]) -> Vec<(String, String)> {
    p.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// The seed's story up to a completed release, with a rich S- record.
fn story() -> Daicho {
    let mut d = Daicho::open_in_memory().unwrap();
    d.set_actor("吉岡");
    d.set_now(Some(
        NaiveDate::from_ymd_opt(2022, 10, 24)
            .unwrap()
            .and_time(NaiveTime::from_hms_opt(10, 0, 0).unwrap()),
    ));
    d.add_master(Master::Organization, "石巻ガス").unwrap();
    d.add_master(Master::Organization, "本社人事部").unwrap();
    for p in ["吉岡", "梅澤"] {
        d.add_master(Master::Person, p).unwrap();
    }
    for (title, org, user) in [
        ("社員基本の項目位置変更", "石巻ガス", "佐藤様"),
        ("社員基本の表示崩れ", "本社人事部", "鈴木様"),
    ] {
        let i = d
            .create(
                Ledger::Incident,
                &kv(&[
                    ("起票日", "2022/9/22"),
                    ("起票者", "吉岡"),
                    ("発生元組織", org),
                    ("発生元ユーザ", user),
                    ("タイトル", title),
                    ("概要", "年齢→血液型の順序なのを血液型→年齢にしてほしい"),
                ]),
            )
            .unwrap();
        let s = d
            .triage(
                &i.no,
                &TriageDecision {
                    kind: "障害".into(),
                    priority: Some("低".into()),
                    assignee: Some("梅澤".into()),
                    meeting_date: NaiveDate::from_ymd_opt(2022, 9, 26),
                    raised_by: None,
                },
            )
            .unwrap()
            .created
            .unwrap()
            .no;
        d.edit(
            &s,
            &kv(&[
                ("直接原因", "画面定義の項目順が逆"),
                ("暫定対応", "運用で読み替え"),
                ("根本原因", "レビュー観点の不足"),
                ("恒久対応", "画面定義の修正"),
                ("発生日時", "2022/9/21 23:05"),
                ("Severity", "Medium"),
            ]),
        )
        .unwrap();
        d.add_child(
            &s,
            "タイムライン",
            &kv(&[
                ("日付", "2022/9/22"),
                ("時刻", "10:00"),
                ("対応内容", "佐藤様より依頼を受領"),
            ]),
        )
        .unwrap();
        d.add_child(
            &s,
            "調査結果",
            &kv(&[
                ("日付", "2022/9/27"),
                ("調査結果", "画面定義ファイルの並び順誤り"),
            ]),
        )
        .unwrap();
        d.add_child(
            &s,
            "再発防止策",
            &kv(&[
                ("内容", "レビュー観点に項目順を追加"),
                ("担当者", "梅澤"),
                ("期限", "2022/11/30"),
            ]),
        )
        .unwrap();
        d.run_action(&s, "作業可", None, &[]).unwrap();
        d.run_action(&s, "作業開始", None, &[]).unwrap();
    }
    d.create_release("1.0.1", &kv(&[("本番環境リリース予定日", "2022/10/20")]))
        .unwrap();
    d.add_member("1.0.1", "S-0001").unwrap();
    d.add_member("1.0.1", "S-0002").unwrap();
    d.add_child(
        "1.0.1",
        "不具合管理表",
        &kv(&[
            ("発見日", "2022/10/12"),
            ("発見者", "梅澤"),
            ("内容", "確認画面の見出しが旧名称"),
            ("ステータス", "対応済"),
        ]),
    )
    .unwrap();
    for a in [
        "QA環境リリース",
        "QA環境動作確認",
        "judge_ok",
        "ステージング環境リリース",
        "ステージング環境動作確認",
        "本番環境リリース",
        "本番動作確認",
        "final_ok",
        "complete",
    ] {
        d.release_action("1.0.1", a, NaiveDate::from_ymd_opt(2022, 10, 20), None)
            .unwrap();
    }
    d
}

fn settings() -> ExportSettings {
    ExportSettings {
        issuer: "株式会社サンプル 運用保守チーム".into(),
        ..Default::default()
    }
}

#[test]
fn failure_report_pdf_gives_back_every_value_in_order() {
    let d = story();
    let dir = tempfile::tempdir().unwrap();
    let written = write_document(
        &d,
        DocKind::FailureReport,
        Some("S-0001"),
        &[DocFormat::Pdf, DocFormat::Xlsx],
        &Destination::Folder(dir.path().into()),
        &settings(),
    )
    .unwrap();
    assert_eq!(
        written[0].path,
        dir.path().join("S-0001_障害対応報告書.pdf")
    );
    assert_eq!(
        written[1].path,
        dir.path().join("S-0001_障害対応報告書.xlsx")
    );
    assert!(written[0].missing_glyphs.is_empty());
    let Some(text) = pdf_text(&written[0].path) else {
        return;
    };
    let expected = [
        "障害対応報告書",
        "株式会社サンプル 運用保守チーム",
        "S-0001",
        "2022/10/24",
        "社員基本の項目位置変更",
        "2022/9/26",
        "吉岡",
        "梅澤",
        "低",
        "Medium",
        "2022/9/21 23:05",
        "1.0.1",
        "佐藤様より依頼を受領",
        "起こった現象と業務影響",
        "年齢→血液型の順序なのを血液型→年齢にしてほしい",
        "画面定義の項目順が逆",
        "運用で読み替え",
        "レビュー観点の不足",
        "画面定義の修正",
        "レビュー観点に項目順を追加",
        "2022/11/30",
        "画面定義ファイルの並び順誤り",
    ];
    let mut at = 0;
    for e in expected {
        let pos = text[at..]
            .find(e)
            .unwrap_or_else(|| panic!("{e} not found after byte {at} in:\n{text}"));
        at += pos;
    }
}

#[test]
fn failure_report_xlsx_holds_values_and_real_dates() {
    let d = story();
    let dir = tempfile::tempdir().unwrap();
    let w = write_document(
        &d,
        DocKind::FailureReport,
        Some("S-0001"),
        &[DocFormat::Xlsx],
        &Destination::Folder(dir.path().into()),
        &settings(),
    )
    .unwrap();
    let mut wb = open_workbook_auto(&w[0].path).unwrap();
    let sheet = wb.sheet_names()[0].clone();
    let range = wb.worksheet_range(&sheet).unwrap();
    let cells: Vec<&Data> = range.used_cells().map(|(_, _, c)| c).collect();
    let texts: Vec<String> = cells.iter().map(|c| c.to_string()).collect();
    for v in [
        "S-0001",
        "社員基本の項目位置変更",
        "画面定義の項目順が逆",
        "佐藤様より依頼を受領",
    ] {
        assert!(texts.iter().any(|t| t == v), "{v} missing");
    }
    let has_date = cells.iter().any(|c| matches!(c, Data::DateTime(dt) if dt.as_datetime().map(|x| x.date()) == NaiveDate::from_ymd_opt(2022, 9, 26)));
    assert!(has_date, "起票日 is a real Excel date");
}

#[test]
fn ledger_workbooks_have_seed_headers_and_dates() {
    let d = story();
    let dir = tempfile::tempdir().unwrap();
    let written = export_ledgers(&d, &Destination::Folder(dir.path().into()), &settings()).unwrap();
    let names: Vec<String> = written
        .iter()
        .map(|w| w.path.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        [
            "インシデント台帳.xlsx",
            "障害管理台帳.xlsx",
            "変更管理台帳.xlsx",
            "リリース管理台帳.xlsx"
        ]
    );
    let mut wb = open_workbook_auto(&written[0].path).unwrap();
    let range = wb.worksheet_range("インシデント台帳").unwrap();
    let header: Vec<String> = range
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let labels: Vec<&str> = Ledger::Incident.fields().iter().map(|f| f.label).collect();
    assert_eq!(header, labels);
    let row1: Vec<&Data> = range.rows().nth(1).unwrap().iter().collect();
    assert_eq!(row1[0].to_string(), "I-0001");
    assert!(
        matches!(row1[1], Data::DateTime(_)),
        "起票日 as a date: {:?}",
        row1[1]
    );
    let col = |label: &str| header.iter().position(|h| h == label).unwrap();
    assert_eq!(row1[col("ステータス")].to_string(), "本番リリース済");
    assert_eq!(
        row1[col("担当者")].to_string(),
        "梅澤",
        "owner from 切り分け"
    );
    assert_eq!(range.rows().count(), 3);
}

#[test]
fn shared_drive_layout_is_created_below_an_existing_root_only() {
    let d = story();
    let root = tempfile::tempdir().unwrap();
    let mut s = settings();
    let err = write_document(
        &d,
        DocKind::FailureReport,
        Some("S-0001"),
        &[DocFormat::Pdf],
        &Destination::Shared,
        &s,
    )
    .unwrap_err();
    assert!(
        err.message.contains("共有フォルダが設定されていません"),
        "{}",
        err.message
    );
    s.shared_root = Some(root.path().join("未接続ドライブ"));
    let err = write_document(
        &d,
        DocKind::FailureReport,
        Some("S-0001"),
        &[DocFormat::Pdf],
        &Destination::Shared,
        &s,
    )
    .unwrap_err();
    assert!(err.message.contains("見つかりません"), "{}", err.message);
    assert!(
        !root.path().join("未接続ドライブ").exists(),
        "nothing created for a missing root"
    );
    s.shared_root = Some(root.path().into());
    let w = write_document(
        &d,
        DocKind::FailureReport,
        Some("S-0001"),
        &[DocFormat::Pdf],
        &Destination::Shared,
        &s,
    )
    .unwrap();
    assert_eq!(
        w[0].path,
        root.path()
            .join("10-運用・保守/障害管理/障害対応報告書/S-0001_障害対応報告書.pdf")
    );
    // Writing again keeps the previous version instead of losing it.
    write_document(
        &d,
        DocKind::FailureReport,
        Some("S-0001"),
        &[DocFormat::Pdf],
        &Destination::Shared,
        &s,
    )
    .unwrap();
    let dir = w[0].path.parent().unwrap();
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["S-0001_障害対応報告書.pdf", "S-0001_障害対応報告書.pdf.bak"],
        "previous version kept"
    );
    let err = write_document(
        &d,
        DocKind::FailureReport,
        Some("S-0001"),
        &[DocFormat::Pdf],
        &Destination::Folder(root.path().join("ない")),
        &s,
    )
    .unwrap_err();
    assert_eq!(
        err.message,
        format!(
            "保存先フォルダが見つかりません: {}",
            root.path().join("ない").display()
        )
    );
}

#[test]
fn wrong_record_for_a_document_is_refused() {
    let d = story();
    let dir = tempfile::tempdir().unwrap();
    let err = write_document(
        &d,
        DocKind::ChangeSpec,
        Some("S-0001"),
        &[DocFormat::Pdf],
        &Destination::Folder(dir.path().into()),
        &settings(),
    )
    .unwrap_err();
    assert!(
        err.message
            .contains("仕様変更指示書は変更管理台帳から作成します"),
        "{}",
        err.message
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn release_documents_list_members_and_defects() {
    let d = story();
    let dir = tempfile::tempdir().unwrap();
    let w = write_document(
        &d,
        DocKind::DefectList,
        Some("1.0.1"),
        &[DocFormat::Pdf],
        &Destination::Folder(dir.path().into()),
        &settings(),
    )
    .unwrap();
    assert_eq!(w[0].path.file_name().unwrap(), "1.0.1_不具合管理表.pdf");
    if let Some(text) = pdf_text(&w[0].path) {
        assert!(
            text.contains("確認画面の見出しが旧名称") && text.contains("2022/10/12"),
            "{text}"
        );
    }
    let w = write_document(
        &d,
        DocKind::VerificationProcedure,
        Some("1.0.1"),
        &[DocFormat::Pdf],
        &Destination::Folder(dir.path().into()),
        &settings(),
    )
    .unwrap();
    if let Some(text) = pdf_text(&w[0].path) {
        assert!(
            text.contains("S-0001") && text.contains("S-0002") && text.contains("2022/10/20"),
            "{text}"
        );
    }
    let blank = write_document(
        &d,
        DocKind::IncidentSheet,
        None,
        &[DocFormat::Xlsx],
        &Destination::Folder(dir.path().into()),
        &settings(),
    )
    .unwrap();
    assert_eq!(
        blank[0].path.file_name().unwrap(),
        "インシデント起票用シート.xlsx"
    );
}

#[test]
fn release_mail_goes_to_each_originating_user_with_crlf() {
    let d = story();
    let drafts = mail_drafts(&d, MailKind::ReleaseDone, "1.0.1", &settings()).unwrap();
    assert_eq!(drafts.len(), 2);
    assert_eq!(drafts[0].recipient, "石巻ガス 佐藤様");
    assert!(drafts[0].text.contains("I-0001") && !drafts[0].text.contains("I-0002"));
    assert!(drafts[0].text.contains("2022/10/20"));
    assert!(drafts[0].text.contains("\r\n") && !drafts[0].text.replace("\r\n", "").contains('\n'));
    let dir = tempfile::tempdir().unwrap();
    let w = write_mail_drafts(
        &d,
        MailKind::ReleaseDone,
        "1.0.1",
        &Destination::Folder(dir.path().into()),
        &settings(),
    )
    .unwrap();
    let names: Vec<String> = w
        .iter()
        .map(|w| w.path.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        [
            "リリース案内_1.0.1_石巻ガス_佐藤様.txt",
            "リリース案内_1.0.1_本社人事部_鈴木様.txt"
        ]
    );
    let notice = mail_drafts(&d, MailKind::FailureFinal, "S-0001", &settings())
        .unwrap()
        .remove(0);
    assert!(
        notice.text.contains("レビュー観点の不足")
            && notice.text.contains("レビュー観点に項目順を追加"),
        "{}",
        notice.text
    );
    assert_eq!(
        notice.file,
        Path::new("10-運用・保守/障害管理/障害連絡/S-0001_障害連絡_完了報.txt")
    );
    let err = mail_drafts(&d, MailKind::FailureInitial, "1.0.1", &settings()).unwrap_err();
    assert!(err.message.contains("S-"));
}

#[test]
fn notices_carry_their_inputs_and_sending_one_is_logged() {
    let mut d = story();
    let prevention_id = d.children("S-0001", "preventions").unwrap()[0].id;
    let final_notice = mail_drafts(&d, MailKind::FailureFinal, "S-0001", &settings())
        .unwrap()
        .remove(0);
    let ticket = format!("・[S-0001-{prevention_id}] レビュー観点に項目順を追加");
    assert!(final_notice.text.contains(&ticket), "{}", final_notice.text);
    let inputs = daicho_export::NoticeInputs {
        additional_impact: Some("給与明細の再発行が必要".into()),
        expected_recovery: Some("本日 15:00".into()),
        probable_cause: None,
    };
    let update = daicho_export::mail_drafts_with(
        &d,
        MailKind::FailureUpdate,
        "S-0001",
        &settings(),
        &inputs,
    )
    .unwrap()
    .remove(0);
    for s in [
        "・追加の影響：給与明細の再発行が必要",
        "・復旧予定時間：本日 15:00",
        "・想定される原因：画面定義の項目順が逆",
    ] {
        assert!(update.text.contains(s), "{s} in {}", update.text);
    }
    daicho_export::log_notice(&mut d, MailKind::FailureUpdate, "S-0001", "統括責任者").unwrap();
    let rows = d.children("S-0001", "contacts").unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].fields["kind"].display(), "定時報");
    assert_eq!(rows[0].fields["recipient"].display(), "統括責任者");
    let err =
        daicho_export::log_notice(&mut d, MailKind::FailureInitial, "S-0001", " ").unwrap_err();
    assert!(err.message.contains("宛先"), "{}", err.message);
    assert!(daicho_export::log_notice(&mut d, MailKind::ReleaseDone, "1.0.1", "x").is_err());
}

#[test]
fn a_template_override_changes_the_document() {
    let d = story();
    let dir = tempfile::tempdir().unwrap();
    let tdir = dir.path().join("templates");
    std::fs::create_dir(&tdir).unwrap();
    let builtin = include_str!("../../daicho-docs/templates/failure_report.toml");
    std::fs::write(
        tdir.join("failure_report.toml"),
        builtin.replace("\"直接原因\"", "\"直接の原因\""),
    )
    .unwrap();
    let s = ExportSettings {
        template_dir: Some(tdir.clone()),
        ..settings()
    };
    let w = write_document(
        &d,
        DocKind::FailureReport,
        Some("S-0001"),
        &[DocFormat::Pdf],
        &Destination::Folder(dir.path().into()),
        &s,
    )
    .unwrap();
    if let Some(text) = pdf_text(&w[0].path) {
        assert!(text.contains("直接の原因"), "{text}");
    }
    std::fs::write(tdir.join("failure_report.toml"), "title = \n").unwrap();
    let err = write_document(
        &d,
        DocKind::FailureReport,
        Some("S-0001"),
        &[DocFormat::Pdf],
        &Destination::Folder(dir.path().into()),
        &s,
    )
    .unwrap_err();
    // The TOML parser's own words follow; the file and line are ours.
    let ours = format!(
        "テンプレート {} の 1 行目に誤りがあります: ",
        tdir.join("failure_report.toml").display()
    );
    assert!(err.message.starts_with(&ours), "{}", err.message);
}

#[test]
fn failure_initial_mail_states_the_phenomenon_taken_over_at_triage_and_edited() {
    let mut d = story();
    let draft = |d: &Daicho| {
        mail_drafts(d, MailKind::FailureInitial, "S-0001", &settings())
            .unwrap()
            .remove(0)
            .text
    };
    assert!(
        draft(&d).contains("・現象：年齢→血液型の順序なのを血液型→年齢にしてほしい"),
        "{}",
        draft(&d)
    );
    d.edit(
        "S-0001",
        &kv(&[("現象", "社員基本画面で血液型と年齢の並びが逆")]),
    )
    .unwrap();
    assert!(draft(&d).contains("・現象：社員基本画面で血液型と年齢の並びが逆\r\n"));
}

#[test]
fn failure_ledger_carries_its_child_tables_as_summary_columns_and_sheets() {
    let mut d = story();
    d.link_same_root("S-0001", "S-0002", true).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let written = export_ledgers(&d, &Destination::Folder(dir.path().into()), &settings()).unwrap();
    let mut wb = open_workbook_auto(&written[1].path).unwrap();
    assert_eq!(
        wb.sheet_names(),
        [
            "障害管理台帳",
            "タイムライン",
            "調査結果",
            "再発防止策",
            "連絡履歴",
            "承認",
            "同根障害"
        ]
    );
    let range = wb.worksheet_range("障害管理台帳").unwrap();
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    let col = |label: &str| rows[0].iter().position(|h| h == label).unwrap();
    assert_eq!(
        rows[1][col("タイムライン")],
        "2022/9/22 10:00 佐藤様より依頼を受領"
    );
    assert_eq!(
        rows[1][col("調査結果")],
        "2022/9/27 画面定義ファイルの並び順誤り"
    );
    assert_eq!(
        rows[1][col("再発防止策")],
        "レビュー観点に項目順を追加（担当者: 梅澤 / 期限: 2022/11/30）"
    );
    assert_eq!(rows[1][col("同根障害")], "S-0002");
    assert_eq!(rows[2][col("同根障害")], "S-0001");
    let range = wb.worksheet_range("再発防止策").unwrap();
    let sheet: Vec<Vec<&Data>> = range.rows().map(|r| r.iter().collect()).collect();
    let head: Vec<String> = sheet[0].iter().map(|c| c.to_string()).collect();
    assert_eq!(
        head,
        [
            "No.",
            "内容",
            "担当者",
            "期限",
            "完了日",
            "効果確認日",
            "承認者",
            "承認日"
        ]
    );
    assert_eq!(
        sheet.len(),
        3,
        "one row per 再発防止策 of S-0001 and S-0002"
    );
    assert_eq!(sheet[1][0].to_string(), "S-0001");
    assert!(matches!(sheet[1][3], Data::DateTime(_)), "期限 is a date");
}

#[test]
fn release_notes_reach_the_release_mail_and_their_own_document() {
    let mut d = story();
    d.edit(
        "S-0001",
        &kv(&[(
            "リリースノート",
            "社員基本画面の項目を血液型→年齢の順に並べ替えました。\n既存データへの影響はありません。",
        )]),
    )
    .unwrap();
    let drafts = mail_drafts(&d, MailKind::ReleaseDone, "1.0.1", &settings()).unwrap();
    let sato = &drafts[0].text;
    assert!(
        sato.contains("　　社員基本画面の項目を血液型→年齢の順に並べ替えました。\r\n　　既存データへの影響はありません。"),
        "{sato}"
    );
    assert!(
        !sato.contains("年齢→血液型の順序なのを"),
        "the request gives way to the note: {sato}"
    );
    // Without a note the mail still says what was asked (S-0002 has none).
    assert!(
        drafts[1].text.contains("年齢→血液型の順序なのを"),
        "{}",
        drafts[1].text
    );
    // リリース予定案内 keeps the user's request.
    let schedule = mail_drafts(&d, MailKind::ReleaseSchedule, "1.0.1", &settings()).unwrap();
    assert!(schedule[0].text.contains("年齢→血液型の順序なのを"));

    let dir = tempfile::tempdir().unwrap();
    let shared = ExportSettings {
        shared_root: Some(dir.path().into()),
        ..settings()
    };
    let w = write_document(
        &d,
        "リリースノート".parse().unwrap(),
        Some("1.0.1"),
        &[DocFormat::Pdf, DocFormat::Xlsx],
        &Destination::Shared,
        &shared,
    )
    .unwrap();
    assert_eq!(
        w[0].path,
        dir.path()
            .join("10-運用・保守/リリース管理/リリース_1.0.1/1.0.1_リリースノート.pdf")
    );
    assert!(w[1].path.exists());
    if let Some(text) = pdf_text(&w[0].path) {
        for s in [
            "リリースノート",
            "1.0.1",
            "S-0001",
            "並べ替えました",
            "S-0002",
        ] {
            assert!(text.contains(s), "{s} in {text}");
        }
    }
}
