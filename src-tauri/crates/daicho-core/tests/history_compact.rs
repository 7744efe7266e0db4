//! Migration 6: a database whose history was written one row per change
//! (schema 5) reads the same after its conversion to one row per action,
//! its chain verifies, the old chain's head is recorded, and tampering
//! afterwards is still found.

use chrono::NaiveDate;
use daicho_core::domain::ledger::Ledger;
use daicho_core::store::testing;
use daicho_core::Daicho;

/// Everything a user can read of the history of `d`, as JSON text.
fn readable_history(d: &Daicho) -> Vec<String> {
    let mut out = Vec::new();
    for ledger in Ledger::ALL {
        for rec in d.all_records(ledger).unwrap() {
            let h = d.history(&rec.no).unwrap();
            assert!(!h.is_empty(), "{}", rec.no);
            out.push(serde_json::to_string(&h).unwrap());
        }
        for field in ["status", "closed_on", "completed_on", "triaged_on", "title"] {
            let from = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap();
            let to = NaiveDate::from_ymd_opt(2100, 1, 1).unwrap();
            let c = d.field_changes(ledger, field, from, to).unwrap();
            out.push(serde_json::to_string(&c).unwrap());
        }
    }
    for day in [(2026, 11, 2), (2026, 10, 15), (2025, 12, 1)] {
        let day = NaiveDate::from_ymd_opt(day.0, day.1, day.2).unwrap();
        out.push(serde_json::to_string(&d.history_of_day(day).unwrap()).unwrap());
    }
    out.push(serde_json::to_string(&d.home().unwrap().recent_changes).unwrap());
    out
}

#[test]
fn an_old_history_reads_the_same_after_migration_and_stays_tamper_evident() {
    let dir = tempfile::tempdir().unwrap();
    let (src, old) = (dir.path().join("a/src.db"), dir.path().join("b/old.db"));
    let mut d = Daicho::open_or_create(&src).unwrap();
    d.set_now(Some(
        NaiveDate::from_ymd_opt(2026, 11, 30)
            .unwrap()
            .and_hms_opt(10, 0, 0)
            .unwrap(),
    ));
    daicho_core::demo::fill(&mut d, 120, 5).unwrap();
    let want = readable_history(&d);
    let src_chain = d.verify_history().unwrap();
    assert!(src_chain.ok && src_chain.rows > 2000, "{src_chain:?}");
    drop(d);

    std::fs::create_dir_all(old.parent().unwrap()).unwrap();
    testing::write_v5_copy(&src, &old).unwrap();
    let mut m = Daicho::open(&old).unwrap();
    assert_eq!(m.backups().unwrap().len(), 1, "backed up before migrating");
    let got = readable_history(&m);
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(&want) {
        assert_eq!(g, w);
    }
    // The conversion is itself in the chain: two entries naming the old
    // chain's row count and head.
    let chain = m.verify_history().unwrap();
    assert!(chain.ok, "{chain:?}");
    assert_eq!(chain.rows, src_chain.rows + 2);
    let head = m.history_head().unwrap();
    assert_eq!(head.0, chain.rows);
    assert_eq!(head.1, chain.head);

    // Tampering after the migration is found.
    testing::allow_history_tampering(&mut m);
    testing::raw_sql(
        &mut m,
        "UPDATE history SET changes = changes || '!!!'
         WHERE id = (SELECT MAX(h.id) FROM history h JOIN history_subjects s
                     ON s.id = h.subject WHERE s.ledger = 'incident')",
    );
    let r = m.verify_history().unwrap();
    assert!(!r.ok);
    assert!(r.problem.unwrap().contains("内容または順序"));
}
