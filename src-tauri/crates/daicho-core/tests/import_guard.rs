//! An import cannot regress data: status regressions and updates to deleted
//! records need `update_existing`, masters go in with the rows or not at all,
//! and numbers are bounded.

mod common;

use common::*;
use daicho_core::domain::ledger::Ledger;
use daicho_core::domain::master::Master;
use daicho_core::domain::workflow;
use daicho_core::service::{ImportOptions, ImportRow};
use daicho_core::Value;

fn row(src: &str, no: &str, status: &str, org: &str) -> ImportRow {
    let t = |s: &str| Value::Text(s.into());
    let mut fields: std::collections::BTreeMap<String, Value> = [
        ("raised_on", Value::Date(date(2022, 9, 22))),
        ("raised_by", t("吉岡")),
        ("origin_org", t(org)),
        ("title", t("帳票の文字化け")),
        ("summary", t("概要")),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    if !status.is_empty() {
        fields.insert("status".into(), t(status));
    }
    ImportRow {
        source: src.into(),
        no: Some(no.into()),
        fields,
    }
}

fn opts(dry_run: bool, update_existing: bool) -> ImportOptions {
    ImportOptions {
        dry_run,
        update_existing,
        ..Default::default()
    }
}

#[test]
fn a_status_regression_needs_update_existing() {
    let mut d = db();
    let initial = workflow::initial_status(Ledger::Incident);
    let later = "方針検討済";
    assert!(
        d.import_rows(
            Ledger::Incident,
            &[row("台帳!2", "I-0001", later, "石巻ガス")],
            false
        )
        .unwrap()
        .committed
    );
    let old = [row("台帳!2", "I-0001", initial, "石巻ガス")];
    let r = d
        .import_rows_with(Ledger::Incident, &old, &opts(true, false))
        .unwrap();
    assert!(!r.committed);
    let p = &r.problems[0];
    assert!(
        p.reason
            .contains(&format!("「{later}」から「{initial}」に戻ります")),
        "{}",
        p.reason
    );
    assert!(p.reason.contains("--update-existing"), "{}", p.reason);
    let r = d
        .import_rows_with(Ledger::Incident, &old, &opts(false, false))
        .unwrap();
    assert!(!r.committed);
    assert_eq!(d.get("I-0001").unwrap().status(), later);
    // Allowed: listed as an override and applied.
    let r = d
        .import_rows_with(Ledger::Incident, &old, &opts(false, true))
        .unwrap();
    assert!(r.committed, "{:?}", r.problems);
    assert_eq!(r.overrides.len(), 1);
    assert_eq!(d.get("I-0001").unwrap().status(), initial);
    // Forward is not a regression.
    let fwd = [row("台帳!2", "I-0001", later, "石巻ガス")];
    assert!(
        d.import_rows(Ledger::Incident, &fwd, false)
            .unwrap()
            .committed
    );
}

#[test]
fn updating_a_deleted_record_needs_update_existing() {
    let mut d = db();
    let first = [row("台帳!2", "I-0001", "", "石巻ガス")];
    assert!(
        d.import_rows(Ledger::Incident, &first, false)
            .unwrap()
            .committed
    );
    d.delete("I-0001").unwrap();
    let mut edit = first.clone();
    edit[0]
        .fields
        .insert("title".into(), Value::Text("変更".into()));
    let r = d.import_rows(Ledger::Incident, &edit, false).unwrap();
    assert!(!r.committed);
    assert!(
        r.problems[0].reason.contains("I-0001 は削除済み"),
        "{:?}",
        r.problems
    );
    let r = d
        .import_rows_with(Ledger::Incident, &edit, &opts(false, true))
        .unwrap();
    assert!(r.committed, "{:?}", r.problems);
    assert_eq!(r.overrides.len(), 1);
}

#[test]
fn masters_are_created_with_the_rows_or_not_at_all() {
    let mut d = db();
    let masters = vec![(Master::Organization, "新しい会社".to_string())];
    let good = row("台帳!2", "I-0001", "", "新しい会社");
    let mut bad = row("台帳!3", "I-0002", "", "新しい会社");
    bad.fields.remove("title");
    let with = |dry_run| ImportOptions {
        dry_run,
        update_existing: false,
        masters: masters.clone(),
        ..Default::default()
    };
    let names = |d: &daicho_core::Daicho| -> Vec<String> {
        d.masters(Master::Organization, true)
            .unwrap()
            .into_iter()
            .map(|m| m.name)
            .collect()
    };
    let r = d
        .import_rows_with(Ledger::Incident, &[good.clone(), bad], &with(false))
        .unwrap();
    assert!(!r.committed && !r.problems.is_empty());
    assert!(
        !names(&d).contains(&"新しい会社".to_string()),
        "a failed import adds no master"
    );
    let r = d
        .import_rows_with(Ledger::Incident, std::slice::from_ref(&good), &with(true))
        .unwrap();
    assert!(
        r.problems.is_empty(),
        "the dry run sees the masters: {:?}",
        r.problems
    );
    assert!(!names(&d).contains(&"新しい会社".to_string()));
    let before = d.verify_history().unwrap().rows;
    let r = d
        .import_rows_with(Ledger::Incident, std::slice::from_ref(&good), &with(false))
        .unwrap();
    assert!(r.committed);
    assert!(names(&d).contains(&"新しい会社".to_string()));
    let imported = d.verify_history().unwrap().rows - before;

    // The master is in the history like one added by hand: the same import
    // into a database that already has the master writes one row fewer.
    let mut e = db();
    e.add_master(Master::Organization, "新しい会社").unwrap();
    let before = e.verify_history().unwrap().rows;
    let plain = ImportOptions {
        masters: Vec::new(),
        ..with(false)
    };
    assert!(
        e.import_rows_with(Ledger::Incident, &[good], &plain)
            .unwrap()
            .committed
    );
    assert_eq!(imported, e.verify_history().unwrap().rows - before + 1);
}

#[test]
fn huge_numbers_are_refused_and_numbering_continues() {
    let mut d = db();
    for no in [
        "I-9223372036854775807",
        "I-10000000",
        "I-99999999999999999999999",
    ] {
        let r = d
            .import_rows(
                Ledger::Incident,
                &[row("台帳!2", no, "", "石巻ガス")],
                false,
            )
            .unwrap();
        assert!(!r.committed, "{no}");
        assert!(
            r.problems[0].reason.contains("9999999"),
            "{no}: {:?}",
            r.problems
        );
    }
    let r = d
        .import_rows(
            Ledger::Incident,
            &[row("台帳!2", "I-9999999", "", "石巻ガス")],
            false,
        )
        .unwrap();
    assert!(r.committed, "{:?}", r.problems);
    assert_eq!(incident(&mut d, "次").no, "I-10000000");
}
