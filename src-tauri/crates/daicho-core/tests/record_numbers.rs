//! Migration 13: the full-text index and the history number a record once
//! (history_subjects) instead of each on its own. A file of schema 12, its
//! two numberings apart, reads the same after the migration: every
//! record's history, the search results in their order, the quick filter
//! and the history's chain head.

mod common;

use common::*;
use daicho_core::domain::ledger::Ledger;
use daicho_core::domain::query::ListQuery;
use daicho_core::store::testing;
use daicho_core::Daicho;

/// What a user can read that the numbering could change, as JSON text.
fn readable(d: &Daicho) -> Vec<String> {
    let mut out = Vec::new();
    for ledger in Ledger::ALL {
        for rec in d.all_records(ledger).unwrap() {
            out.push(serde_json::to_string(&d.history(&rec.no).unwrap()).unwrap());
        }
    }
    for word in [
        "社員基本",
        "エラー",
        "ログ調査を開始",
        "項目位置",
        "1.0.1",
        "S-0002",
    ] {
        let hits = d.search(word, None, 500).unwrap();
        out.push(serde_json::to_string(&hits).unwrap());
        let hits = d.search(word, Some(Ledger::Failure), 5).unwrap();
        out.push(serde_json::to_string(&hits).unwrap());
    }
    for word in ["エラー", "画面"] {
        let q = ListQuery {
            text: Some(word.into()),
            ..Default::default()
        };
        let page = d.list(Ledger::Incident, &q).unwrap();
        let nos: Vec<_> = page.records.iter().map(|r| r.no.clone()).collect();
        out.push(format!("{} {nos:?}", page.total));
    }
    out.push(format!("{:?}", d.history_head().unwrap()));
    out
}

/// Schema 12 as its build wrote it: search_docs beside history_subjects,
/// the history's numbers in another order than the index's.
const BACK_TO_12: &str = "
    DROP TRIGGER history_no_update;
    DROP TRIGGER history_subjects_no_update;
    CREATE TABLE search_docs (id INTEGER PRIMARY KEY, ledger TEXT NOT NULL,
        record_no TEXT NOT NULL, UNIQUE (ledger, record_no));
    INSERT INTO search_docs SELECT id, ledger, record_no FROM history_subjects
        WHERE id IN (SELECT id FROM search_index_docsize);
    UPDATE history_subjects SET id = -id;
    UPDATE history_subjects SET id = 1000000 + id;
    UPDATE history SET subject = 1000000 - subject;
    CREATE TRIGGER history_no_update BEFORE UPDATE ON history
    BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
    CREATE TRIGGER history_subjects_no_update BEFORE UPDATE ON history_subjects
    BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
    PRAGMA user_version = 12;";

#[test]
fn a_schema_12_file_reads_the_same_after_migration_13() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("daicho.db");
    let mut d = Daicho::open_or_create(&path).unwrap();
    d.set_now(Some(date(2026, 11, 30).and_hms_opt(10, 0, 0).unwrap()));
    daicho_core::demo::fill(&mut d, 120, 5).unwrap();
    // A deleted record: out of the index, its history kept.
    d.delete("I-0003").unwrap();
    let want = readable(&d);
    assert!(want.iter().any(|w| w.contains("S-0002")), "{want:?}");
    testing::raw_sql(&mut d, BACK_TO_12);
    drop(d);

    let mut m = Daicho::open(&path).unwrap();
    assert_eq!(m.backups().unwrap().len(), 1, "backed up before migrating");
    let got = readable(&m);
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(&want) {
        assert_eq!(g, w);
    }
    let chain = m.verify_history().unwrap();
    assert!(chain.ok, "{chain:?}");
    assert!(testing::try_raw_sql(&mut m, "SELECT 1 FROM search_docs").is_err());

    // New records are numbered once, after all others: found, newest first.
    m.set_actor("吉岡");
    let a = m
        .create(
            Ledger::Incident,
            &kv(&[
                ("起票日", "2026/11/30"),
                ("起票者", "吉岡"),
                ("発生元組織", "経理部"),
                ("タイトル", "社員基本の移行後確認"),
                ("概要", "採番の確認"),
            ]),
        )
        .unwrap();
    let hits = m.search("社員基本", None, 3).unwrap();
    assert_eq!(hits[0].no, a.no, "{hits:?}");
    assert!(!m.history(&a.no).unwrap().is_empty());
    m.delete(&a.no).unwrap();
    assert!(m.search("移行後確認", None, 3).unwrap().is_empty());
    assert!(m.verify_history().unwrap().ok);
}
