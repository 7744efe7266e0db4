//! Importing messy ledgers end to end: finding the table, every date form,
//! CP932 CSV, unknown values, duplicates, damaged files, re-imports and the
//! round trip through Daicho's own exported workbooks (issue 6).

mod common;

use common::*;
use daicho_core::domain::ledger::Ledger;
use daicho_core::domain::master::Master;
use daicho_core::Value;
use daicho_import::{import, inspect, read_bytes, CsvEncoding, ImportSettings, UnknownKind};

fn settings_ok() -> ImportSettings {
    ImportSettings {
        value_map: vec![("保留".into(), "方針検討中".into())],
        create_masters: true,
        ..Default::default()
    }
}

#[test]
fn messy_workbook_table_is_found_below_title_rows_on_the_ledger_sheet() {
    let wb = read_bytes("台帳.xlsx", &messy_incident_xlsx(), CsvEncoding::Auto).unwrap();
    let found = inspect(&wb, &ImportSettings::default()).unwrap();
    let t = &found.table;
    assert_eq!(
        t.sheet, "インシデント台帳",
        "the cover sheet is passed over"
    );
    assert_eq!(t.ledger, Ledger::Incident);
    assert_eq!((t.header_row, t.header_rows), (4, 1));
    let mapped: Vec<(&str, Option<&str>)> = t
        .columns
        .iter()
        .map(|c| (c.header.as_str(), c.field.as_deref()))
        .collect();
    assert_eq!(
        mapped,
        [
            ("No", Some("no")),
            ("受付日", Some("raised_on")),
            ("起票者", Some("raised_by")),
            ("部署", Some("origin_org")),
            ("発生元ユーザー", Some("origin_user")),
            ("状態", Some("status")),
            ("件名", Some("title")),
            ("内容", Some("summary")),
            ("優先度", Some("priority")),
            ("対応期限", Some("due_on")),
            ("備考", None),
        ]
    );
}

#[test]
fn dry_run_reports_unknown_values_with_sheet_row_column_and_writes_nothing() {
    let mut d = db();
    let wb = read_bytes("台帳.xlsx", &messy_incident_xlsx(), CsvEncoding::Auto).unwrap();
    let o = import(&mut d, &wb, &ImportSettings::default(), true).unwrap();
    assert!(!o.committed);
    assert_eq!(o.rows, 7, "blank and notes rows are not data");
    assert_eq!(o.skipped, [9], "the notes row is reported as skipped");
    let status = o
        .problems
        .iter()
        .find(|p| p.value == "保留")
        .expect("status problem");
    assert_eq!(
        (status.sheet.as_str(), status.row, status.column.as_deref()),
        ("インシデント台帳", Some(11), Some("F"))
    );
    assert!(status.reason.contains("ステータス"), "{}", status.reason);
    let org = o
        .problems
        .iter()
        .find(|p| p.value == "新しい会社")
        .expect("master problem");
    assert_eq!((org.row, org.column.as_deref()), (Some(12), Some("D")));
    let kinds: Vec<(&str, UnknownKind)> = o
        .unknown
        .iter()
        .map(|u| (u.value.as_str(), u.kind))
        .collect();
    assert!(kinds.contains(&("保留", UnknownKind::Status)), "{kinds:?}");
    assert!(kinds.contains(&("新しい会社", UnknownKind::Master(Master::Organization))));
    assert_eq!(
        d.list(Ledger::Incident, &Default::default()).unwrap().total,
        0
    );
    assert_eq!(d.masters(Master::Organization, true).unwrap().len(), 1);

    // A dry run with the fixes shows the import would go through, still writing nothing.
    let o = import(&mut d, &wb, &settings_ok(), true).unwrap();
    assert!(o.problems.is_empty(), "{:?}", o.problems);
    assert_eq!(o.created.len(), 7);
    assert_eq!(
        o.masters_created,
        [(Master::Organization, "新しい会社".to_string())]
    );
    assert!(!o.committed);
    assert_eq!(
        d.list(Ledger::Incident, &Default::default()).unwrap().total,
        0
    );
    assert_eq!(d.masters(Master::Organization, true).unwrap().len(), 1);
}

#[test]
fn every_date_form_imports_and_numbers_are_kept_then_continued() {
    let mut d = db();
    let wb = read_bytes("台帳.xlsx", &messy_incident_xlsx(), CsvEncoding::Auto).unwrap();
    let o = import(&mut d, &wb, &settings_ok(), false).unwrap();
    assert!(o.committed, "{:?}", o.problems);
    assert_eq!(
        o.created,
        ["I-0001", "I-0002", "I-0003", "I-0004", "I-0005", "I-0006", "I-0007"]
    );
    let day = |no: &str, key: &str| d.get(no).unwrap().get(key).clone();
    assert_eq!(day("I-0001", "raised_on"), Value::Date(date(2022, 9, 22)));
    assert_eq!(day("I-0001", "due_on"), Value::Date(date(2022, 10, 7)));
    assert_eq!(day("I-0002", "raised_on"), Value::Date(date(2022, 9, 23)));
    assert_eq!(day("I-0003", "raised_on"), Value::Date(date(2022, 9, 24)));
    assert_eq!(day("I-0004", "raised_on"), Value::Date(date(2022, 9, 25)));
    assert_eq!(day("I-0004", "due_on"), Value::Date(date(2022, 10, 3)));
    assert_eq!(day("I-0005", "raised_on"), Value::Date(date(2022, 9, 26)));
    assert_eq!(day("I-0006", "raised_on"), Value::Date(date(2022, 9, 27)));
    assert_eq!(day("I-0007", "raised_on"), Value::Date(date(2019, 4, 30)));
    assert_eq!(
        d.get("I-0005").unwrap().status(),
        "方針検討中",
        "mapped status"
    );
    assert_eq!(d.get("I-0006").unwrap().text("origin_org"), "新しい会社");
    let next = d
        .create(
            Ledger::Incident,
            &[
                ("起票日".into(), "2022/10/1".into()),
                ("起票者".into(), "吉岡".into()),
                ("発生元組織".into(), "石巻ガス".into()),
                ("タイトル".into(), "次".into()),
                ("概要".into(), "次".into()),
            ],
        )
        .unwrap();
    assert_eq!(next.no, "I-0008", "numbering continues after the highest");
}

#[test]
fn reimporting_the_same_file_changes_nothing_and_an_edit_is_in_the_history() {
    let mut d = db();
    let wb = read_bytes("台帳.xlsx", &messy_incident_xlsx(), CsvEncoding::Auto).unwrap();
    assert!(
        import(&mut d, &wb, &settings_ok(), false)
            .unwrap()
            .committed
    );
    let history: Vec<usize> = (1..=7)
        .map(|n| d.history(&format!("I-{n:04}")).unwrap().len())
        .collect();
    let again = import(&mut d, &wb, &settings_ok(), false).unwrap();
    assert!(again.committed);
    assert_eq!(
        (again.created.len(), again.updated.len(), again.unchanged),
        (0, 0, 7)
    );
    assert_eq!(
        d.list(Ledger::Incident, &Default::default()).unwrap().total,
        7
    );
    let after: Vec<usize> = (1..=7)
        .map(|n| d.history(&format!("I-{n:04}")).unwrap().len())
        .collect();
    assert_eq!(history, after, "an unchanged re-import writes no history");

    // The same ledger with one title edited, as CSV this time.
    let csv = "No.,起票日,起票者,発生元組織,タイトル,概要\nI-0002,2022/9/23,梅澤,石巻ガス,CSV出力の文字化け (Excel),Excelで開くと化ける\n";
    let wb = read_bytes("台帳.csv", csv.as_bytes(), CsvEncoding::Auto).unwrap();
    let o = import(&mut d, &wb, &ImportSettings::default(), false).unwrap();
    assert_eq!(o.updated, ["I-0002"], "{:?}", o.problems);
    let h = d.history("I-0002").unwrap();
    assert!(h.iter().any(|e| e.action == "インポート"
        && e.old.as_deref() == Some("CSV出力の文字化け")
        && e.new.as_deref() == Some("CSV出力の文字化け (Excel)")));
}

#[test]
fn merged_two_row_header_maps_group_columns() {
    let mut d = db();
    let wb = read_bytes("変更.xlsx", &merged_header_change_xlsx(), CsvEncoding::Auto).unwrap();
    let t = inspect(&wb, &ImportSettings::default()).unwrap().table;
    assert_eq!(
        (t.ledger, t.header_row, t.header_rows),
        (Ledger::Change, 2, 2)
    );
    assert_eq!(t.column_of("rough_effort").unwrap().column, "G");
    assert_eq!(t.column_of("rough_amount").unwrap().column, "H");
    assert_eq!(t.column_of("no").unwrap().column, "A");
    let o = import(&mut d, &wb, &ImportSettings::default(), false).unwrap();
    assert!(o.committed, "{:?}", o.problems);
    let c = d.get("C-0003").unwrap();
    assert_eq!(c.get("rough_effort"), &Value::Decimal(2.5));
    assert_eq!(c.get("rough_amount"), &Value::Int(1_200_000));
    assert_eq!(
        d.get("C-0010").unwrap().get("raised_on"),
        &Value::Date(date(2022, 9, 30))
    );
}

#[test]
fn cp932_csv_with_datetimes_is_detected_or_chosen() {
    let bytes = cp932(&failure_csv(false));
    for enc in [CsvEncoding::Auto, CsvEncoding::ShiftJis] {
        let mut d = db();
        let wb = read_bytes("障害.csv", &bytes, enc).unwrap();
        assert_eq!(wb.encoding.as_deref(), Some("Shift_JIS"));
        let o = import(&mut d, &wb, &ImportSettings::default(), false).unwrap();
        assert!(o.committed, "{:?}", o.problems);
        assert_eq!(o.ledger, Ledger::Failure);
        let s = d.get("S-0001").unwrap();
        let at = |h, m| Value::DateTime(date(2022, 9, 22).and_hms_opt(h, m, 0).unwrap());
        assert_eq!(s.get("occurred_at"), &at(10, 5));
        assert_eq!(s.get("recovered_at"), &at(12, 30));
        assert_eq!(s.text("direct_cause"), "ディスク満杯\nログ肥大");
        assert_eq!(s.text("assignee"), "梅澤");
        assert_eq!(
            d.get("S-0002").unwrap().get("occurred_at"),
            &Value::DateTime(date(2022, 9, 23).and_hms_opt(8, 0, 0).unwrap())
        );
    }
    // UTF-8 with a BOM reads the same.
    let bom = [b"\xEF\xBB\xBF".as_slice(), failure_csv(false).as_bytes()].concat();
    let wb = read_bytes("障害.csv", &bom, CsvEncoding::Auto).unwrap();
    assert_eq!(wb.encoding.as_deref(), Some("UTF-8"));
    assert_eq!(
        inspect(&wb, &ImportSettings::default())
            .unwrap()
            .table
            .ledger,
        Ledger::Failure
    );
    // Chosen wrongly: a clear error, not mojibake.
    let err = read_bytes("障害.csv", &bytes, CsvEncoding::Utf8).unwrap_err();
    assert!(err.message.contains("文字コード"), "{}", err.message);
}

#[test]
fn duplicate_numbers_are_refused_and_nothing_is_written() {
    let mut d = db();
    let wb = read_bytes("障害.csv", failure_csv(true).as_bytes(), CsvEncoding::Auto).unwrap();
    let o = import(&mut d, &wb, &ImportSettings::default(), false).unwrap();
    assert!(!o.committed);
    let dup = o
        .problems
        .iter()
        .find(|p| p.reason.contains("重複"))
        .expect("duplicate");
    assert_eq!(
        (dup.row, dup.column.as_deref(), dup.value.as_str()),
        (Some(5), Some("A"), "S-0001")
    );
    assert_eq!(
        d.list(Ledger::Failure, &Default::default()).unwrap().total,
        0
    );
}

#[test]
fn bad_values_are_reported_per_cell() {
    let mut d = db();
    let csv = "No.,起票日,起票者,発生元組織,タイトル,概要,種別,対応期限\n\
               I-0001,あした,吉岡,石巻ガス,件名,概要,障害,H31.5.1\n\
               I-0002,2022/9/22,吉岡,石巻ガス,,概要,苦情,\n";
    let wb = read_bytes("x.csv", csv.as_bytes(), CsvEncoding::Auto).unwrap();
    let o = import(&mut d, &wb, &ImportSettings::default(), false).unwrap();
    assert!(!o.committed);
    let at = |row: u32, col: &str| {
        o.problems
            .iter()
            .find(|p| p.row == Some(row) && p.column.as_deref() == Some(col))
            .unwrap_or_else(|| panic!("no problem at {row}{col}: {:?}", o.problems))
    };
    assert!(at(2, "B").reason.contains("日付"));
    assert!(at(2, "H").reason.contains("期間外"));
    assert!(at(3, "G").reason.contains("選択肢"));
    assert!(o.problems.iter().any(|p| p.row == Some(3)
        && p.reason.contains("必須項目")
        && p.reason.contains("タイトル")));
    assert_eq!(
        d.list(Ledger::Incident, &Default::default()).unwrap().total,
        0
    );
}

#[test]
fn user_corrections_choose_sheet_header_row_and_columns() {
    let wb = read_bytes("台帳.xlsx", &messy_incident_xlsx(), CsvEncoding::Auto).unwrap();
    let s = ImportSettings {
        sheet: Some("インシデント台帳".into()),
        ledger: Some(Ledger::Incident),
        header_row: Some(4),
        columns: vec![("K".into(), Some("完了条件".into())), ("E".into(), None)],
        ..Default::default()
    };
    let t = inspect(&wb, &s).unwrap().table;
    assert_eq!(t.column_of("closure_condition").unwrap().column, "K");
    assert!(t.column_of("origin_user").is_none());
    let err = inspect(
        &wb,
        &ImportSettings {
            sheet: Some("ない".into()),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert!(err.message.contains("インシデント台帳"), "{}", err.message);
    let err = inspect(
        &wb,
        &ImportSettings {
            columns: vec![("K".into(), Some("血液型".into()))],
            ..Default::default()
        },
    )
    .unwrap_err();
    assert!(err.message.contains("血液型"));
}

#[test]
fn truncated_or_foreign_files_are_a_clear_error() {
    let full = messy_incident_xlsx();
    for cut in [10, full.len() / 3, full.len() / 2, full.len() - 30] {
        let err = read_bytes("台帳.xlsx", &full[..cut], CsvEncoding::Auto).unwrap_err();
        assert!(err.message.contains("読み取れません"), "{}", err.message);
    }
    let err = read_bytes("台帳.xls", b"not a workbook", CsvEncoding::Auto).unwrap_err();
    assert!(err.message.contains("読み取れません"));
    let wb = read_bytes(
        "memo.csv",
        "買い物メモ\n牛乳\n".as_bytes(),
        CsvEncoding::Auto,
    )
    .unwrap();
    let err = inspect(&wb, &ImportSettings::default()).unwrap_err();
    assert!(err.message.contains("見出し行"), "{}", err.message);
}

#[test]
fn exported_ledger_workbooks_import_back_into_a_fresh_database() {
    let mut source = db();
    daicho_core::demo::fill(&mut source, 40, 7).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let written = daicho_export::export_ledgers(
        &source,
        &daicho_export::Destination::Folder(dir.path().to_path_buf()),
        &daicho_export::ExportSettings::default(),
    )
    .unwrap();
    let mut fresh = daicho_core::Daicho::open_in_memory().unwrap();
    let s = ImportSettings {
        create_masters: true,
        ..Default::default()
    };
    for w in &written {
        let wb = daicho_import::read_file(&w.path, CsvEncoding::Auto).unwrap();
        let o = import(&mut fresh, &wb, &s, false).unwrap();
        assert!(
            o.committed,
            "{}: {:?}",
            w.path.display(),
            &o.problems[..o.problems.len().min(5)]
        );
    }
    for ledger in Ledger::ALL {
        let a = source.all_records(ledger).unwrap();
        let b = fresh.all_records(ledger).unwrap();
        assert_eq!(a.len(), b.len(), "{ledger:?}");
        assert!(!a.is_empty(), "{ledger:?}");
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x.no, y.no);
            for f in ledger.fields() {
                if f.key == "updated_at" {
                    continue;
                }
                assert_eq!(
                    x.get(f.key).storage_text(),
                    y.get(f.key).storage_text(),
                    "{} {}",
                    x.no,
                    f.label
                );
            }
        }
    }
}

#[test]
fn a_new_name_in_two_person_columns_is_one_new_master_value() {
    let mut d = db();
    let csv = "No.,起票日,起票者,発生元組織,タイトル,概要,担当者\n\
               I-0001,2022/10/01,新人 太郎,経理部,画面が開かない,ログイン後に白い画面,新人 太郎\n\
               I-0002,2022/10/02,新人 太郎,経理部,帳票が出ない,月次帳票が空,新人 太郎\n";
    let wb = read_bytes("台帳.csv", csv.as_bytes(), CsvEncoding::Auto).unwrap();
    let o = import(&mut d, &wb, &settings_ok(), false).unwrap();
    assert!(o.problems.is_empty(), "{:?}", o.problems);
    assert!(o.committed);
    let people: Vec<&(Master, String)> = o
        .masters_created
        .iter()
        .filter(|(m, _)| *m == Master::Person)
        .collect();
    assert_eq!(people, [&(Master::Person, "新人 太郎".to_string())]);
    let names: Vec<String> = d
        .masters(Master::Person, true)
        .unwrap()
        .into_iter()
        .map(|e| e.name)
        .filter(|n| n == "新人 太郎")
        .collect();
    assert_eq!(names.len(), 1);
    assert_eq!(o.created.len(), 2);
}
