//! A filled インシデント起票用シート raises the incident: Daicho's own sheet
//! (as `daicho doc` writes it) and a customer's copy laid out by hand.

mod common;

use common::{date, db};
use daicho_core::domain::ledger::Ledger;
use daicho_core::domain::master::Master;
use daicho_core::service::TriageDecision;
use daicho_export::{write_document, Destination, DocFormat, DocKind, ExportSettings};
use daicho_import::{import, read_file, CsvEncoding, ImportSettings};
use rust_xlsxwriter::{Format, Workbook};

/// The fixture database with the 対象システム the sheet names.
fn db_with_system() -> daicho_core::Daicho {
    let mut d = db();
    d.add_master(Master::System, "人事給与システム").unwrap();
    d
}

fn kv(p: &[(&str, &str)]) -> Vec<(String, String)> {
    p.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

const FIELDS: &[(&str, &str)] = &[
    ("起票日", "2022/9/22"),
    ("起票者", "吉岡"),
    ("発生元組織", "石巻ガス"),
    ("発生元ユーザ", "佐藤様"),
    ("対象システム", "人事給与システム"),
    ("タイトル", "給与明細が表示されない"),
    ("概要", "給与明細画面を開くと真っ白になる\n全社員で発生"),
    ("発生日時", "2022/9/21 23:05"),
    ("再現性", "必ず発生"),
    ("再現手順", "1. ログイン\n2. 給与明細を開く"),
    ("対応期限", "2022/10/31"),
];

#[test]
fn daichos_own_sheet_filled_in_raises_the_same_incident() {
    let mut a = db_with_system();
    let i = a.create(Ledger::Incident, &kv(FIELDS)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let w = write_document(
        &a,
        DocKind::IncidentSheet,
        Some(&i.no),
        &[DocFormat::Xlsx],
        &Destination::Folder(dir.path().into()),
        &ExportSettings::default(),
    )
    .unwrap();
    let mut b = db_with_system();
    let wb = read_file(&w[0].path, CsvEncoding::Auto).unwrap();
    let outcome = import(&mut b, &wb, &ImportSettings::default(), false).unwrap();
    assert!(outcome.problems.is_empty(), "{:?}", outcome.problems);
    assert_eq!(outcome.created, vec![i.no.clone()]);
    let got = b.get(&i.no).unwrap();
    for (label, _) in FIELDS {
        let key = Ledger::Incident.field(label).unwrap().key;
        assert_eq!(got.get(key), i.get(key), "{label}");
    }
    // 切り分け as 障害 keeps the intake's 発生日時 and 再現性.
    let s = b
        .triage(
            &i.no,
            &TriageDecision {
                kind: "障害".into(),
                assignee: Some("梅澤".into()),
                meeting_date: Some(date(2022, 9, 26)),
                ..Default::default()
            },
        )
        .unwrap()
        .created
        .unwrap();
    assert_eq!(s.get("occurred_at"), i.get("occurred_at"));
    assert_eq!(s.text("reproducibility"), "必ず発生");
}

#[test]
fn the_blank_sheet_imports_nothing_and_a_customers_copy_gets_a_new_number() {
    let mut d = db_with_system();
    d.create(Ledger::Incident, &kv(FIELDS)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let blank = write_document(
        &d,
        DocKind::IncidentSheet,
        None,
        &[DocFormat::Xlsx],
        &Destination::Folder(dir.path().into()),
        &ExportSettings::default(),
    )
    .unwrap();
    let wb = read_file(&blank[0].path, CsvEncoding::Auto).unwrap();
    let outcome = import(&mut d, &wb, &ImportSettings::default(), false).unwrap();
    assert_eq!(outcome.rows, 0, "{outcome:?}");
    assert!(outcome.created.is_empty());

    // A customer's copy: the title, then labels (merged over two cells)
    // with the values right of them; No. left empty.
    let path = dir.path().join("起票シート_記入済.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("起票").unwrap();
    ws.write_string(0, 0, "インシデント起票用シート").unwrap();
    let fmt = Format::new();
    ws.merge_range(2, 0, 2, 1, "インシデント台帳No.", &fmt)
        .unwrap();
    for (r, (label, value)) in FIELDS.iter().enumerate() {
        let r = r as u32 + 3;
        ws.merge_range(r, 0, r, 1, label, &fmt).unwrap();
        ws.write_string(r, 2, *value).unwrap();
    }
    ws.write_string(3, 2, "2022年9月22日").unwrap();
    wb.save(&path).unwrap();
    d.add_master(Master::Person, "吉岡").unwrap();
    let wb = read_file(&path, CsvEncoding::Auto).unwrap();
    let outcome = import(&mut d, &wb, &ImportSettings::default(), false).unwrap();
    assert!(outcome.problems.is_empty(), "{:?}", outcome.problems);
    assert_eq!(outcome.created, ["I-0002"]);
    let r = d.get("I-0002").unwrap();
    assert_eq!(r.text("repro_steps"), "1. ログイン\n2. 給与明細を開く");
    assert_eq!(r.get("raised_on").display(), "2022/9/22");
    assert_eq!(r.get("occurred_at").display(), "2022/9/21 23:05");
    assert_eq!(r.text("target_system"), "人事給与システム");
    assert_eq!(r.status(), "未着手");
}
