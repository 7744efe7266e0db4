//! The write side of importing existing ledgers.

mod common;

use common::*;
use daicho_core::domain::ledger::Ledger;
use daicho_core::service::ImportRow;
use daicho_core::Value;

fn row(src: &str, no: Option<&str>, f: &[(&str, Value)]) -> ImportRow {
    ImportRow {
        source: src.into(),
        no: no.map(String::from),
        fields: f.iter().map(|(k, v)| (k.to_string(), v.clone())).collect(),
    }
}

fn t(s: &str) -> Value {
    Value::Text(s.into())
}

fn rows() -> Vec<ImportRow> {
    let base = |title: &str| {
        vec![
            ("raised_on", Value::Date(date(2022, 9, 22))),
            ("raised_by", t("吉岡")),
            ("origin_org", t("石巻ガス")),
            ("title", t(title)),
            ("summary", t("概要")),
        ]
    };
    let mut a = base("社員基本の項目位置変更");
    a.push(("status", t("方針検討済")));
    a.push(("kind", t("障害")));
    vec![
        row("台帳!5", Some("I-0001"), &a),
        row("台帳!6", Some("I-0007"), &base("CSV出力")),
    ]
}

#[test]
fn import_keeps_numbers_is_idempotent_and_numbering_continues() {
    let mut d = db();
    let r = d.import_rows(Ledger::Incident, rows(), false).unwrap();
    assert!(r.committed, "{:?}", r.problems);
    assert_eq!(r.created, ["I-0001", "I-0007"]);
    assert_eq!(d.get("I-0001").unwrap().status(), "方針検討済");
    let hist = d.history("I-0001").unwrap().len();
    let again = d.import_rows(Ledger::Incident, rows(), false).unwrap();
    assert_eq!(
        (again.created.len(), again.updated.len(), again.unchanged),
        (0, 0, 2)
    );
    assert_eq!(
        d.history("I-0001").unwrap().len(),
        hist,
        "no history for an unchanged re-import"
    );
    let mut changed = rows();
    changed[1]
        .fields
        .insert("title".into(), t("CSV出力機能追加"));
    let r = d.import_rows(Ledger::Incident, &changed, false).unwrap();
    assert_eq!(r.updated, ["I-0007"]);
    // Created and updated rows are in the search index with their new text.
    let found = |d: &daicho_core::Daicho, q: &str| -> Vec<String> {
        d.search(q, None, 10)
            .unwrap()
            .into_iter()
            .map(|h| h.no)
            .collect()
    };
    assert_eq!(found(&d, "項目位置変更"), ["I-0001"]);
    assert_eq!(found(&d, "出力機能追加"), ["I-0007"]);
    assert!(d
        .history("I-0007")
        .unwrap()
        .iter()
        .any(|h| h.action == "インポート" && h.new.as_deref() == Some("CSV出力機能追加")));
    assert_eq!(incident(&mut d, "次").no, "I-0008");
}

#[test]
fn dry_run_and_problems_write_nothing_and_name_the_row() {
    let mut d = db();
    let r = d.import_rows(Ledger::Incident, rows(), true).unwrap();
    assert_eq!(r.created.len(), 2);
    assert!(!r.committed);
    assert_eq!(
        d.list(Ledger::Incident, &Default::default()).unwrap().total,
        0
    );
    let mut bad = rows();
    bad[0].fields.insert("status".into(), t("保留"));
    bad[1].fields.insert("origin_org".into(), t("未知の会社"));
    bad.push(row("台帳!7", Some("I-0007"), &[]));
    bad.push(row("台帳!8", Some("S-0001"), &[]));
    let r = d.import_rows(Ledger::Incident, &bad, false).unwrap();
    assert!(!r.committed);
    let reasons: Vec<String> = r
        .problems
        .iter()
        .map(|p| format!("{} {:?} {} {}", p.source, p.field, p.value, p.reason))
        .collect();
    assert!(
        reasons
            .iter()
            .any(|p| p.starts_with("台帳!5") && p.contains("保留") && p.contains("ステータス")),
        "{reasons:?}"
    );
    assert!(
        reasons
            .iter()
            .any(|p| p.starts_with("台帳!6") && p.contains("未知の会社")),
        "{reasons:?}"
    );
    assert!(
        reasons
            .iter()
            .any(|p| p.starts_with("台帳!7") && p.contains("重複")),
        "{reasons:?}"
    );
    assert!(
        reasons
            .iter()
            .any(|p| p.starts_with("台帳!8") && p.contains("I-0001 の形式")),
        "{reasons:?}"
    );
    assert_eq!(
        d.list(Ledger::Incident, &Default::default()).unwrap().total,
        0
    );
    assert_eq!(incident(&mut d, "最初").no, "I-0001", "no number consumed");
}
