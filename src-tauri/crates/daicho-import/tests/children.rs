//! Child rows travel with the ledgers: Daicho's own workbooks give back
//! every child row (and 同根障害) in a fresh database, and the seed's single
//! 検討経緯 column keeps every line.

mod common;

use std::collections::BTreeMap;

use common::{date, db};
use daicho_core::domain::ledger::Ledger;
use daicho_core::domain::master::Master;
use daicho_core::Daicho;
use daicho_export::{export_ledgers, write_ledger_workbook, Destination, ExportSettings};
use daicho_import::{import, read_file, CsvEncoding, ImportSettings};
use rust_xlsxwriter::{Format, Workbook};

/// Every record's fields (but 更新日時) and child rows (without row ids).
fn snapshot(d: &Daicho) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for ledger in Ledger::ALL {
        d.for_each_record(ledger, |r| {
            let detail = d.detail(&r.no)?;
            let mut fields = r.fields.clone();
            fields.remove("updated_at");
            let children: BTreeMap<&String, Vec<_>> = detail
                .children
                .iter()
                .map(|(k, rows)| (k, rows.iter().map(|r| &r.fields).collect()))
                .collect();
            out.insert(r.no.clone(), format!("{fields:?}\n{children:?}"));
            Ok(())
        })
        .unwrap();
    }
    out.insert(
        "同根障害".into(),
        format!("{:?}", d.same_root_pairs().unwrap()),
    );
    out
}

#[test]
fn export_then_import_into_a_fresh_database_gives_back_every_child_row() {
    let mut d = Daicho::open_in_memory().unwrap();
    d.set_now(Some(date(2026, 11, 30).and_hms_opt(9, 0, 0).unwrap()));
    daicho_core::demo::fill(&mut d, 60, 7).unwrap();
    d.set_actor("梅澤");
    d.link_same_root("S-0001", "S-0002", true).unwrap();
    d.link_same_root("S-0003", "S-0002", true).unwrap();
    // A multi-line row, a row with a time, a row without one.
    let kv = |p: &[(&str, &str)]| -> Vec<(String, String)> {
        p.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    d.add_child(
        "C-0001",
        "検討経緯",
        &kv(&[("日付", "2022/10/3"), ("内容", "稟議待ち\n2行目も残る")]),
    )
    .unwrap();
    d.add_child(
        "S-0001",
        "タイムライン",
        &kv(&[("日付", "2022/9/23"), ("対応内容", "時刻なし")]),
    )
    .unwrap();
    let before = snapshot(&d);
    assert!(before.values().any(|v| v.contains("\"preventions\": [{")));
    assert!(before.values().any(|v| v.contains("\"findings\": [{")));

    let dir = tempfile::tempdir().unwrap();
    let written = export_ledgers(
        &d,
        &Destination::Folder(dir.path().into()),
        &ExportSettings::default(),
    )
    .unwrap();
    let mut fresh = Daicho::open_in_memory().unwrap();
    fresh.set_actor("吉岡");
    for w in &written {
        let wb = read_file(&w.path, CsvEncoding::Auto).unwrap();
        let settings = ImportSettings {
            create_masters: true,
            ..Default::default()
        };
        let outcome = import(&mut fresh, &wb, &settings, false).unwrap();
        assert!(
            outcome.problems.is_empty(),
            "{}: {:?}",
            w.path.display(),
            outcome.problems
        );
        assert!(outcome.committed);
    }
    assert_eq!(snapshot(&fresh), before);

    // The same files again change nothing; an edited child row is one update.
    for w in &written[1..3] {
        let wb = read_file(&w.path, CsvEncoding::Auto).unwrap();
        let outcome = import(&mut fresh, &wb, &ImportSettings::default(), true).unwrap();
        assert!(outcome.updated.is_empty(), "{:?}", outcome.updated);
    }
    let row = fresh.children("C-0001", "notes").unwrap().pop().unwrap();
    fresh.remove_child("C-0001", "notes", row.id).unwrap();
    let wb = read_file(&written[2].path, CsvEncoding::Auto).unwrap();
    let outcome = import(&mut fresh, &wb, &ImportSettings::default(), false).unwrap();
    assert_eq!(outcome.updated, ["C-0001"]);
    assert_eq!(snapshot(&fresh), before);
}

/// A child table longer than a sheet continues on `タイムライン (2)`, …
/// (right after it), and the import reads every part back.
#[test]
fn a_table_split_over_continuation_sheets_imports_whole() {
    let mut d = Daicho::open_in_memory().unwrap();
    d.set_now(Some(date(2026, 11, 30).and_hms_opt(9, 0, 0).unwrap()));
    daicho_core::demo::fill(&mut d, 60, 7).unwrap();
    let before = snapshot(&d);
    let dir = tempfile::tempdir().unwrap();
    let mut fresh = Daicho::open_in_memory().unwrap();
    for ledger in Ledger::ALL {
        let path = dir.path().join(format!("{}.xlsx", ledger.label()));
        write_ledger_workbook(&d, ledger, &path, 3).unwrap();
        let wb = read_file(&path, CsvEncoding::Auto).unwrap();
        if ledger == Ledger::Failure {
            let names: Vec<&str> = wb.sheets.iter().map(|s| s.name.as_str()).collect();
            assert_eq!(
                names[1..4],
                ["タイムライン", "タイムライン (2)", "タイムライン (3)"]
            );
            assert!(
                wb.sheets[1..].iter().all(|s| s.rows.len() <= 4),
                "{names:?}"
            );
        }
        let settings = ImportSettings {
            create_masters: true,
            ..Default::default()
        };
        let outcome = import(&mut fresh, &wb, &settings, false).unwrap();
        assert!(outcome.problems.is_empty(), "{:?}", outcome.problems);
    }
    assert_eq!(snapshot(&fresh), before);
}

/// The seed's 変更管理台帳: No. … タイトル 検討経緯 …, one cell per change.
fn seed_change_ledger(path: &std::path::Path) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("変更管理台帳").unwrap();
    let headers = [
        "No.",
        "起票日",
        "起票者",
        "担当者",
        "ステータス",
        "優先度",
        "タイトル",
        "検討経緯",
        "対応完了日",
        "確認完了日",
        "確認者",
    ];
    for (i, h) in headers.iter().enumerate() {
        ws.write_string(0, i as u16, *h).unwrap();
    }
    let wrap = Format::new().set_text_wrap();
    let rows = [
        ("C-0001", "2022/9/26", "CSVデータ出力機能追加", "2022/9/27 出力項目の確定待ち(石巻ガス 佐藤様)\n  項目一覧は送付済み\n2022/10/3 概算見積もり依頼\n10/11 見積回答、社内検討へ"),
        ("C-0002", "2022/9/26", "帳票レイアウト変更", "顧客の社内稟議待ち\n来月の定例で再確認"),
        ("C-0003", "2022/9/28", "権限設定の追加", ""),
    ];
    for (r, (no, raised, title, notes)) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, v) in [
            (0, *no),
            (1, *raised),
            (2, "吉岡"),
            (3, "梅澤"),
            (4, "概算仕様検討中"),
            (5, "高"),
            (6, *title),
        ] {
            ws.write_string(r, c, v).unwrap();
        }
        ws.write_string_with_format(r, 7, *notes, &wrap).unwrap();
    }
    wb.save(path).unwrap();
}

#[test]
fn a_seed_change_ledger_keeps_every_line_of_its_notes_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("変更管理台帳.xlsx");
    seed_change_ledger(&path);
    let mut d = db();
    d.add_master(Master::Priority, "高").unwrap();
    let wb = read_file(&path, CsvEncoding::Auto).unwrap();
    let outcome = import(&mut d, &wb, &ImportSettings::default(), false).unwrap();
    assert!(outcome.problems.is_empty(), "{:?}", outcome.problems);
    assert_eq!(outcome.created, ["C-0001", "C-0002", "C-0003"]);
    let notes = |no: &str| -> Vec<(String, String)> {
        d.children(no, "検討経緯")
            .unwrap()
            .iter()
            .map(|r| (r.fields["date"].display(), r.fields["content"].display()))
            .collect()
    };
    assert_eq!(
        notes("C-0001"),
        [
            (
                "2022/9/27".to_string(),
                "出力項目の確定待ち(石巻ガス 佐藤様)\n項目一覧は送付済み".to_string()
            ),
            ("2022/10/3".into(), "概算見積もり依頼".into()),
            ("2022/10/11".into(), "見積回答、社内検討へ".into()),
        ]
    );
    assert_eq!(
        notes("C-0002"),
        [(
            "2022/9/26".to_string(),
            "顧客の社内稟議待ち\n来月の定例で再確認".to_string()
        )]
    );
    assert!(notes("C-0003").is_empty());
    // The history says the notes came with the import.
    let h = d.history("C-0001").unwrap();
    assert!(h.iter().any(|e| e.action == "検討経緯インポート"), "{h:?}");
    let _ = date(2022, 9, 26);
}
