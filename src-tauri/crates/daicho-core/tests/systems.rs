//! 対象システム: a master with a service level, on every ledger, carried
//! from the incident at 切り分け, and a grid filter.

mod common;

use common::*;
use daicho_core::domain::ledger::Ledger;
use daicho_core::domain::master::Master;
use daicho_core::domain::query::{ColumnFilter, ListQuery};
use daicho_core::service::TriageDecision;

#[test]
fn systems_have_a_service_level_and_fill_every_ledger() {
    let mut d = db();
    d.add_master(Master::System, "人事給与システム").unwrap();
    d.add_master(Master::System, "勤怠管理システム").unwrap();
    assert!(d.set_service_level("人事給与システム", Some("ａ")).unwrap());
    assert!(!d.set_service_level("人事給与システム", Some("A")).unwrap());
    let err = d
        .set_service_level("人事給与システム", Some("S"))
        .unwrap_err();
    assert!(err.message.contains("A / B / C"), "{}", err.message);
    let err = d
        .set_service_level("未登録システム", Some("B"))
        .unwrap_err();
    assert!(err.message.contains("先に追加"), "{}", err.message);
    let list = d.masters(Master::System, false).unwrap();
    assert_eq!(list[0].service_level.as_deref(), Some("A"));
    assert_eq!(list[1].service_level, None);

    // Only master values are accepted; 全角 input is folded.
    let mut i = incident(&mut d, "給与明細が表示されない");
    let err = d
        .edit(&i.no, &kv(&[("対象システム", "会計システム")]))
        .unwrap_err();
    assert!(
        err.message.contains("対象システムマスタ"),
        "{}",
        err.message
    );
    i = d
        .edit(&i.no, &kv(&[("対象システム", "人事給与システム")]))
        .unwrap();
    assert_eq!(i.text("target_system"), "人事給与システム");
    let other = incident(&mut d, "打刻漏れ");
    d.edit(&other.no, &kv(&[("対象システム", "勤怠管理システム")]))
        .unwrap();

    // 切り分け carries it to the S- record.
    let s = d
        .triage(
            &i.no,
            &TriageDecision {
                kind: "障害".into(),
                priority: Some("高".into()),
                assignee: Some("梅澤".into()),
                meeting_date: Some(date(2022, 9, 26)),
                raised_by: None,
            },
        )
        .unwrap()
        .created
        .unwrap();
    assert_eq!(s.text("target_system"), "人事給与システム");
    for ledger in [
        Ledger::Incident,
        Ledger::Failure,
        Ledger::Change,
        Ledger::Release,
    ] {
        assert!(ledger.field("対象システム").is_some(), "{ledger:?}");
    }

    // The grid filters by it (exact value).
    let q = ListQuery {
        column_filters: vec![ColumnFilter {
            field: "target_system".into(),
            value: "勤怠管理システム".into(),
        }],
        ..Default::default()
    };
    let page = d.list(Ledger::Incident, &q).unwrap();
    let nos: Vec<&str> = page.records.iter().map(|r| r.no.as_str()).collect();
    assert_eq!(nos, [other.no.as_str()]);
}

/// The grid's グループ: counts per value over every matching record (not
/// just the page), empty values counted under "", with the filters applied.
#[test]
fn a_ledger_groups_its_matching_records_by_system() {
    let mut d = db();
    d.set_now(Some(
        chrono::NaiveDate::from_ymd_opt(2026, 11, 30)
            .unwrap()
            .and_hms_opt(10, 0, 0)
            .unwrap(),
    ));
    daicho_core::demo::fill(&mut d, 300, 11).unwrap();
    let all = d.all_records(Ledger::Incident).unwrap();
    let expect = |keep: &dyn Fn(&daicho_core::Record) -> bool| {
        let mut counts = std::collections::BTreeMap::<String, i64>::new();
        for r in all.iter().filter(|r| keep(r)) {
            *counts
                .entry(r.text("target_system").to_string())
                .or_default() += 1;
        }
        counts
    };
    let got = |q: &ListQuery| -> std::collections::BTreeMap<String, i64> {
        let page = d.list(Ledger::Incident, q).unwrap();
        let sum: i64 = page.groups.iter().map(|g| g.count).sum();
        assert_eq!(sum, page.total, "groups cover every matching record");
        assert!(page.groups.windows(2).all(|w| w[0].count >= w[1].count));
        page.groups
            .into_iter()
            .map(|g| (g.value, g.count))
            .collect()
    };
    let q = ListQuery {
        group_by: Some("対象システム".into()),
        limit: Some(5),
        ..Default::default()
    };
    let whole = got(&q);
    assert!(whole.len() >= 2, "{whole:?}");
    assert_eq!(whole, expect(&|_| true));
    let filtered = ListQuery {
        statuses: vec!["対応済".into()],
        ..q.clone()
    };
    assert_eq!(got(&filtered), expect(&|r| r.status() == "対応済"));
    let err = d
        .list(
            Ledger::Incident,
            &ListQuery {
                group_by: Some("タイトル".into()),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert!(
        err.message.contains("グループ化できません"),
        "{}",
        err.message
    );
}
