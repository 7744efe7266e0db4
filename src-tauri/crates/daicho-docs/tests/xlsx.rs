//! xlsx output read back with calamine: values in the expected cells, dates as dates.

mod common;

use std::collections::BTreeMap;

use calamine::{open_workbook, Data, DataType, Reader, Xlsx};
use common::*;
use daicho_docs::{
    load_template, render_xlsx, write_ledger_xlsx, DocData, DocValue, LedgerColumn, LedgerKind,
    RenderOptions,
};

fn opts() -> RenderOptions {
    RenderOptions {
        issuer: "株式会社サンプル 運用保守チーム".into(),
    }
}

/// Non-empty cells of each row, left to right.
fn rows_of(path: &std::path::Path, sheet: &str) -> Vec<Vec<Data>> {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    let range = wb.worksheet_range(sheet).unwrap();
    range
        .rows()
        .map(|r| r.iter().filter(|c| !c.is_empty()).cloned().collect())
        .collect()
}

fn as_text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The cell after the label `label` (labels and values alternate in a form row).
fn value_after<'a>(rows: &'a [Vec<Data>], label: &str) -> Option<&'a Data> {
    rows.iter().find_map(|r| {
        let i = r.iter().position(|c| as_text(c) == label)?;
        r.get(i + 1)
    })
}

#[test]
fn failure_report_xlsx_has_values_in_their_cells_and_real_dates() {
    let t = load_template("failure_report", None).unwrap();
    let data = failure_report(60);
    let (bytes, _) = render_xlsx(&t, &data, &opts()).unwrap();
    let path = out_dir().join("failure_report.xlsx");
    std::fs::write(&path, bytes).unwrap();
    let rows = rows_of(&path, "障害対応報告書");

    assert_eq!(as_text(&rows[0][0]), "障害対応報告書");
    assert!(rows
        .iter()
        .flatten()
        .any(|c| as_text(c) == "株式会社サンプル 運用保守チーム"));
    for s in &t.sections {
        for f in &s.fields {
            let expected = data.field(&f.key);
            let got = value_after(&rows, &f.label).unwrap_or_else(|| panic!("{}", f.label));
            match expected {
                DocValue::Date(d) => {
                    assert!(got.is_datetime(), "{}: {got:?}", f.label);
                    assert_eq!(got.as_datetime().unwrap().date(), *d, "{}", f.label);
                }
                DocValue::DateTime(dt) => {
                    assert!(got.is_datetime(), "{}: {got:?}", f.label);
                    assert_eq!(got.as_datetime().unwrap(), *dt, "{}", f.label);
                }
                DocValue::Text(s) => assert_eq!(&as_text(got), s, "{}", f.label),
                other => panic!("unexpected {other:?}"),
            }
        }
    }
    // All 60 timeline rows, in order, with the date as a real date.
    let header = rows
        .iter()
        .position(|r| r.len() == 3 && as_text(&r[2]) == "対応内容")
        .unwrap();
    for i in 0..60 {
        let r = &rows[header + 1 + i];
        assert!(r[0].is_datetime(), "{r:?}");
        assert!(
            as_text(&r[2]).starts_with(&format!("対応{:02}", i + 1)),
            "{r:?}"
        );
    }
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    let merges = wb.merge_cells_by_sheet_name("障害対応報告書").unwrap();
    assert!(
        merges.len() > 100,
        "form cells are merged ranges: {}",
        merges.len()
    );
}

#[test]
fn change_spec_money_is_a_number_with_separators_format() {
    let t = load_template("change_spec", None).unwrap();
    let data = DocData::new()
        .with("no", "C-0007")
        .with("rough_effort", 12.5)
        .with("rough_amount", 1_250_000i64)
        .with("desired_due", d(2023, 3, 31));
    let (bytes, _) = render_xlsx(&t, &data, &opts()).unwrap();
    let path = out_dir().join("change_spec.xlsx");
    std::fs::write(&path, bytes).unwrap();
    let rows = rows_of(&path, "仕様変更指示書");
    assert_eq!(
        value_after(&rows, "概算見積 金額"),
        Some(&Data::Float(1_250_000.0))
    );
    assert_eq!(
        value_after(&rows, "概算見積 工数"),
        Some(&Data::Float(12.5))
    );
    let due = value_after(&rows, "希望納期").unwrap();
    assert_eq!(due.as_datetime().unwrap().date(), d(2023, 3, 31));
}

#[test]
fn every_builtin_renders_as_xlsx() {
    for kind in daicho_docs::template::builtin_kinds() {
        let t = load_template(kind, None).unwrap();
        let (bytes, _) = render_xlsx(&t, &DocData::new(), &opts()).unwrap();
        let path = out_dir().join(format!("{kind}_blank.xlsx"));
        std::fs::write(&path, bytes).unwrap();
        let rows = rows_of(&path, &t.title);
        for s in &t.sections {
            for f in &s.fields {
                assert!(
                    rows.iter().flatten().any(|c| as_text(c) == f.label),
                    "{kind} {}",
                    f.label
                );
            }
        }
    }
}

#[test]
fn ledger_of_100k_rows_has_header_typed_cells_and_dropdown() {
    let statuses: Vec<String> = [
        "未着手",
        "方針検討中",
        "方針検討済",
        "改修着手済",
        "本番リリース済",
        "対応済",
    ]
    .map(String::from)
    .to_vec();
    let columns = vec![
        LedgerColumn::new("No.", "no", LedgerKind::Text),
        LedgerColumn::new("起票日", "raised_on", LedgerKind::Date),
        LedgerColumn::new("ステータス", "status", LedgerKind::Status(statuses.clone())),
        LedgerColumn::new("タイトル", "title", LedgerKind::Text),
        LedgerColumn::new("更新日時", "updated_at", LedgerKind::DateTime),
        LedgerColumn::new("工数", "effort", LedgerKind::Number),
    ];
    let n = 100_000;
    let rows: Vec<BTreeMap<String, DocValue>> = (0..n)
        .map(|i| {
            let mut r = BTreeMap::new();
            r.insert("no".into(), DocValue::Text(format!("I-{:04}", i + 1)));
            r.insert(
                "raised_on".into(),
                DocValue::Date(d(2022, 1, 1) + chrono::Days::new(i % 700)),
            );
            r.insert(
                "status".into(),
                DocValue::Text(statuses[(i % 6) as usize].clone()),
            );
            r.insert("title".into(), DocValue::Text(format!("問い合わせ {i}")));
            r.insert(
                "updated_at".into(),
                DocValue::DateTime(d(2022, 9, 22).and_hms_opt(14, 5, 0).unwrap()),
            );
            if i % 2 == 0 {
                r.insert("effort".into(), DocValue::Number(1.5));
            }
            r
        })
        .collect();
    let path = out_dir().join("インシデント台帳.xlsx");
    let _ = std::fs::remove_file(&path);
    let started = std::time::Instant::now();
    write_ledger_xlsx(&path, "インシデント台帳", &columns, &rows).unwrap();
    eprintln!("100k-row ledger written in {:?}", started.elapsed());

    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    let range = wb.worksheet_range("インシデント台帳").unwrap();
    assert_eq!(range.height(), n as usize + 1);
    let header: Vec<String> = range.rows().next().unwrap().iter().map(as_text).collect();
    assert_eq!(
        header,
        [
            "No.",
            "起票日",
            "ステータス",
            "タイトル",
            "更新日時",
            "工数"
        ]
    );
    let r1 = &range.rows().nth(1).unwrap().to_vec();
    assert_eq!(as_text(&r1[0]), "I-0001");
    assert!(r1[1].is_datetime());
    assert_eq!(r1[1].as_datetime().unwrap().date(), d(2022, 1, 1));
    assert_eq!(
        r1[4].as_datetime().unwrap(),
        d(2022, 9, 22).and_hms_opt(14, 5, 0).unwrap()
    );
    assert_eq!(r1[5], Data::Float(1.5));
    let last = range.rows().next_back().unwrap();
    assert_eq!(as_text(&last[0]), format!("I-{n:04}"));
    assert!(last[5].is_empty());

    // Autofilter, frozen header and the status dropdown live in the sheet XML.
    if let Some(xml) = tool(
        "unzip",
        ["-p", path.to_str().unwrap(), "xl/worksheets/sheet1.xml"],
    ) {
        assert!(xml.contains("<autoFilter ref=\"A1:F100001\""), "autofilter");
        assert!(xml.contains("state=\"frozen\""), "frozen pane");
        assert!(xml.contains("<dataValidation type=\"list\""), "dropdown");
        assert!(xml.contains("未着手,方針検討中"), "dropdown values");
    }
}

/// A 40,000-character 概要 does not fail the ledger: the cell is cut to
/// Excel's 32,767 characters with a visible marker, the other cells intact.
#[test]
fn over_long_cells_are_cut_with_a_marker() {
    let columns = vec![
        LedgerColumn::new("No.", "no", LedgerKind::Text),
        LedgerColumn::new("概要", "summary", LedgerKind::Text),
    ];
    let long = "長".repeat(40_000);
    let rows: Vec<BTreeMap<String, DocValue>> = [("I-0001", long.as_str()), ("I-0002", "短い")]
        .iter()
        .map(|(no, s)| {
            BTreeMap::from([
                ("no".to_string(), DocValue::Text(no.to_string())),
                ("summary".to_string(), DocValue::Text(s.to_string())),
            ])
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("台帳.xlsx");
    write_ledger_xlsx(&path, "台帳", &columns, &rows).unwrap();
    let rows = rows_of(&path, "台帳");
    let cut = as_text(&rows[1][1]);
    assert_eq!(cut.chars().count(), daicho_docs::MAX_CELL_CHARS);
    assert!(
        cut.ends_with(daicho_docs::CUT_MARKER),
        "{}",
        &cut[cut.len() - 40..]
    );
    assert!(cut.starts_with("長長長"));
    assert_eq!(as_text(&rows[2][1]), "短い");
    assert_eq!(daicho_docs::cell_text("短い"), "短い");
}
