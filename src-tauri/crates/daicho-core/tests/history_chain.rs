//! The tamper-evident history, the audit of settings, masters and child
//! deletions, and the quick filter at any hit count.

mod common;

use common::*;
use daicho_core::domain::ledger::Ledger;
use daicho_core::domain::master::Master;
use daicho_core::domain::query::ListQuery;
use daicho_core::store::testing;
use daicho_core::{Daicho, ErrorKind};

fn with_history() -> Daicho {
    let mut d = db();
    for t in ["一件目", "二件目", "三件目"] {
        incident(&mut d, t);
    }
    d.edit("I-0002", &kv(&[("タイトル", "二件目 (修正)")]))
        .unwrap();
    let report = d.verify_history().unwrap();
    assert!(report.ok, "{report:?}");
    assert!(report.rows >= 6, "{report:?}");
    d
}

#[test]
fn the_history_refuses_updates_and_deletes() {
    let mut d = with_history();
    let err = d.set_setting_raw_for_test("UPDATE history SET actor = '誰か'");
    assert_eq!(err.kind, ErrorKind::IllegalAction);
    assert_eq!(err.message, "変更履歴は書き換え・削除できません。");
    let err = d.set_setting_raw_for_test("DELETE FROM history");
    assert_eq!(err.message, "変更履歴は書き換え・削除できません。");
    // Its texts, records and closed blocks of the chain as well.
    for sql in [
        "UPDATE history_strings SET text = '誰か'",
        "DELETE FROM history_strings",
        "UPDATE history_subjects SET record_no = 'I-9999'",
        "DELETE FROM history_subjects",
        "DELETE FROM history_blocks",
    ] {
        let err = d.set_setting_raw_for_test(sql);
        assert_eq!(err.message, "変更履歴は書き換え・削除できません。", "{sql}");
    }
    assert!(d.verify_history().unwrap().ok);
}

/// Runs SQL through the store's error mapping (a write that fails).
trait RawSql {
    fn set_setting_raw_for_test(&mut self, sql: &str) -> daicho_core::Error;
}
impl RawSql for Daicho {
    fn set_setting_raw_for_test(&mut self, sql: &str) -> daicho_core::Error {
        testing::try_raw_sql(self, sql).unwrap_err()
    }
}

/// The number of the first history entry of `no` (its creation).
fn first_entry(d: &Daicho, no: &str) -> i64 {
    d.history(no).unwrap()[0].id
}

/// The entries `(first, last)` of the block a verify problem names.
fn named_block(problem: &str) -> (i64, i64) {
    let (_, rest) = problem.split_once("履歴 #").expect(problem);
    let (first, rest) = rest.split_once("〜#").expect(problem);
    let last = rest.split_once(' ').expect(problem).0;
    (first.parse().unwrap(), last.parse().unwrap())
}

/// A history of several blocks (64 rows each) of the chain.
fn long_history() -> Daicho {
    let mut d = db();
    for i in 0..150 {
        incident(&mut d, &format!("件名 {i}"));
    }
    let report = d.verify_history().unwrap();
    assert!(report.ok, "{report:?}");
    d
}

#[test]
fn verify_detects_an_edited_row() {
    let mut d = with_history();
    let head = d.verify_history().unwrap().head;
    let id = first_entry(&d, "I-0002");
    testing::allow_history_tampering(&mut d);
    testing::raw_sql(
        &mut d,
        &format!(
            "UPDATE history SET changes = changes || '!!!'
             WHERE id = {id}"
        ),
    );
    let r = d.verify_history().unwrap();
    assert!(!r.ok);
    let (first, last) = named_block(&r.problem.unwrap());
    assert!(first <= id && id <= last, "{first}..{last} {id}");
    assert_eq!(
        r.head, head,
        "the head is the stored one; the break is found"
    );
}

#[test]
fn verify_names_the_block_of_an_edited_row_in_a_long_history() {
    let mut d = long_history();
    let id = first_entry(&d, "I-0100");
    let text = |d: &Daicho| serde_json::to_string(&d.history("I-0100").unwrap()).unwrap();
    let before = text(&d);
    testing::allow_history_tampering(&mut d);
    // The texts are stored once and shared: rewrite the row's own title.
    testing::raw_sql(
        &mut d,
        "UPDATE history_strings SET text = '改ざん' WHERE text = '件名 99'",
    );
    assert_ne!(text(&d), before);
    let r = d.verify_history().unwrap();
    assert!(!r.ok);
    let (first, last) = named_block(&r.problem.unwrap());
    assert!(first <= id && id <= last, "{first}..{last} {id}");
    assert!(first > 1, "not the first block: {first}");
    let i1 = first_entry(&d, "I-0001");
    assert!(!(first..=last).contains(&i1));
}

#[test]
fn verify_detects_rows_added_or_cut_off_the_end() {
    let mut d = long_history();
    let head = d.verify_history().unwrap();
    testing::allow_history_tampering(&mut d);
    // The last row removed: its block no longer gives its stored value.
    testing::raw_sql(
        &mut d,
        "DELETE FROM history WHERE id = (SELECT MAX(id) FROM history)",
    );
    let r = d.verify_history().unwrap();
    assert!(!r.ok, "{r:?}");
    assert!(r.problem.unwrap().contains("一致しません"));

    // A row added behind the chain's back is found as well.
    let mut d = long_history();
    testing::allow_history_tampering(&mut d);
    testing::raw_sql(
        &mut d,
        "INSERT INTO history (id, subject, actor, at, action, changes)
         SELECT id + 1000, subject, actor, at, action, changes FROM history
         WHERE id = (SELECT MAX(id) FROM history)",
    );
    let r = d.verify_history().unwrap();
    assert!(!r.ok, "{r:?}");
    assert_eq!(r.head, head.head, "the stored head");
    // A block's stored value changed is found too.
    let mut d = long_history();
    testing::allow_history_tampering(&mut d);
    testing::raw_sql(
        &mut d,
        "UPDATE history_blocks SET hash = zeroblob(32) WHERE first = 1",
    );
    let r = d.verify_history().unwrap();
    assert!(!r.ok, "{r:?}");
    assert_eq!(named_block(&r.problem.unwrap()).0, 1);
}

#[test]
fn verify_detects_a_deleted_row() {
    let mut d = with_history();
    let id = first_entry(&d, "I-0002");
    testing::allow_history_tampering(&mut d);
    testing::raw_sql(&mut d, &format!("DELETE FROM history WHERE id = {id}"));
    let r = d.verify_history().unwrap();
    assert!(!r.ok);
    let want = format!("履歴 #{id} (#{} の次) が削除", id - 1);
    assert!(r.problem.unwrap().contains(&want));
}

#[test]
fn verify_detects_reordered_rows() {
    let mut d = with_history();
    // Two creations of the same size: swapping them keeps the numbering.
    let (a, b) = (first_entry(&d, "I-0002"), first_entry(&d, "I-0003"));
    testing::allow_history_tampering(&mut d);
    // Swap the contents (and hashes) of the two rows.
    testing::raw_sql(
        &mut d,
        &format!(
            "UPDATE history SET id = -1 WHERE id = {a};
             UPDATE history SET id = {a} WHERE id = {b};
             UPDATE history SET id = {b} WHERE id = -1;"
        ),
    );
    let r = d.verify_history().unwrap();
    assert!(!r.ok);
    let (first, last) = named_block(&r.problem.unwrap());
    assert!(first <= a && a <= last, "{first}..{last} {a}");
}

#[test]
fn settings_masters_and_deleted_child_rows_are_audited_in_full() {
    let mut d = db();
    let rows = d.verify_history().unwrap().rows;
    d.save_user_setting("team_name", "運用保守チーム").unwrap();
    d.save_user_setting("team_name", "運用保守チーム").unwrap(); // unchanged: no row
    d.add_master(Master::Organization, "ABC商事").unwrap();
    d.deactivate_master(Master::Organization, "ABC商事")
        .unwrap();
    d.add_master(Master::Organization, "ABC商事").unwrap();
    assert_eq!(d.verify_history().unwrap().rows, rows + 4);

    incident(&mut d, "親");
    d.triage(
        "I-0001",
        &daicho_core::service::TriageDecision {
            kind: "障害".into(),
            priority: Some("高".into()),
            assignee: Some("梅澤".into()),
            meeting_date: None,
            raised_by: None,
        },
    )
    .unwrap();
    let row = d
        .add_child(
            "S-0001",
            "タイムライン",
            &kv(&[
                ("日付", "2022/9/22"),
                ("時刻", "10:00"),
                ("対応内容", "連絡受領"),
            ]),
        )
        .unwrap();
    d.remove_child("S-0001", "タイムライン", row.id).unwrap();
    let h = d.history("S-0001").unwrap();
    let del = h.last().unwrap();
    assert_eq!(del.new, None);
    let old = del.old.clone().unwrap();
    for part in [
        "行 1: ",
        "日付=2022/9/22",
        "時刻=10:00",
        "対応内容=連絡受領",
    ] {
        assert!(old.contains(part), "{old}");
    }
    assert!(d.verify_history().unwrap().ok);
}

#[test]
fn the_quick_filter_counts_fifty_thousand_hits() {
    let mut d = Daicho::open_in_memory().unwrap();
    daicho_core::demo::bulk_fill(&mut d, Ledger::Incident, 50_000).unwrap();
    let q = ListQuery {
        text: Some("画面".into()),
        limit: Some(10),
        ..Default::default()
    };
    let page = d.list(Ledger::Incident, &q).unwrap();
    assert_eq!(page.total, 50_000);
    assert_eq!(page.records.len(), 10);
    assert_eq!(page.records[0].no, "I-50000");
    // A rarer word still narrows correctly.
    let q = ListQuery {
        text: Some("I-12345".into()),
        ..Default::default()
    };
    let page = d.list(Ledger::Incident, &q).unwrap();
    assert_eq!(
        page.total,
        1,
        "{:?}",
        page.records.iter().map(|r| &r.no).collect::<Vec<_>>()
    );
}

#[test]
fn the_quick_filter_counts_and_pages_alike_with_many_or_few_hits() {
    let mut d = Daicho::open_in_memory().unwrap();
    daicho_core::demo::bulk_fill(&mut d, Ledger::Incident, 3_000).unwrap();
    d.delete("I-2999").unwrap();
    let statuses: Vec<String> = d
        .all_records(Ledger::Incident)
        .unwrap()
        .iter()
        .map(|r| r.text("status").to_string())
        .collect();
    // Many hits (a page walks the ledger), a few hits (a lookup per hit).
    for text in ["画", "画面", "I-1234"] {
        for include_deleted in [false, true] {
            let q = ListQuery {
                text: Some(text.into()),
                limit: Some(25),
                offset: 5,
                include_deleted,
                ..Default::default()
            };
            let got = d.list(Ledger::Incident, &q).unwrap();
            // Another condition that keeps every record: counted by SQL.
            let all = ListQuery {
                statuses: statuses.clone(),
                ..q.clone()
            };
            let want = d.list(Ledger::Incident, &all).unwrap();
            let nos = |p: &daicho_core::domain::query::Page| {
                p.records.iter().map(|r| r.no.clone()).collect::<Vec<_>>()
            };
            assert_eq!(got.total, want.total, "{text}");
            assert_eq!(nos(&got), nos(&want), "{text}");
            assert!(!nos(&got).contains(&"I-2999".to_string()), "deleted");
            if text != "I-1234" {
                assert!(got.total > 2_000, "{text}: {}", got.total);
            } else {
                assert_eq!(got.total, 1);
            }
        }
    }
}

#[test]
fn the_quick_filter_finds_releases_by_version() {
    let mut d = Daicho::open_in_memory().unwrap();
    daicho_core::demo::fill(&mut d, 40, 3).unwrap();
    let all = d.all_records(Ledger::Release).unwrap();
    let version = all.last().unwrap().no.clone();
    let q = ListQuery {
        text: Some(version.clone()),
        ..Default::default()
    };
    let page = d.list(Ledger::Release, &q).unwrap();
    assert!(page.records.iter().any(|r| r.no == version), "{version}");
    assert!(page.total >= 1 && (page.total as usize) < all.len());
}
