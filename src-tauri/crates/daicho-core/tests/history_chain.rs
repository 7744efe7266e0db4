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

#[test]
fn verify_detects_an_edited_row() {
    let mut d = with_history();
    let head = d.verify_history().unwrap().head;
    let id = first_entry(&d, "I-0002");
    testing::allow_history_tampering(&mut d);
    testing::raw_sql(
        &mut d,
        &format!(
            "UPDATE history SET changes = replace(changes, '二件目', '改ざん') WHERE id = {id}"
        ),
    );
    let r = d.verify_history().unwrap();
    assert!(!r.ok);
    assert!(r.problem.unwrap().contains(&format!("履歴 #{id} ")));
    assert_eq!(
        r.head, head,
        "the head is the stored one; the break is found"
    );
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
    assert!(r.problem.unwrap().contains(&format!("履歴 #{a} ")));
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
