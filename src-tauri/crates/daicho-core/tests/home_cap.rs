//! ホーム shows what a person reads: each list holds its first
//! [`HOME_ROWS`] rows in its usual order, with the true totals beside it;
//! `home_all` holds every row.

mod common;

use chrono::NaiveTime;
use common::*;
use daicho_core::domain::ledger::Ledger;
use daicho_core::service::HOME_ROWS;

#[test]
fn home_lists_hold_the_first_rows_and_the_true_totals() {
    let mut d = db();
    d.set_now(Some(
        date(2022, 9, 22).and_time(NaiveTime::from_hms_opt(10, 0, 0).unwrap()),
    ));
    let s = d
        .create(
            Ledger::Failure,
            &kv(&[
                ("起票日", "2022/9/22"),
                ("起票者", "吉岡"),
                ("タイトル", "夜間バッチ停止"),
                ("対応期限", "2022/12/31"),
            ]),
        )
        .unwrap()
        .no;
    let n = HOME_ROWS + 7;
    // 期限 from 2022/9/1 on, one a day; the last one has no 完了日 either.
    for i in 0..n {
        let due = date(2022, 9, 1) + chrono::Days::new(i as u64);
        d.add_child(
            &s,
            "preventions",
            &kv(&[
                ("content", &format!("対策{i}")),
                ("owner", "梅澤"),
                ("due_on", &due.format("%Y/%m/%d").to_string()),
            ]),
        )
        .unwrap();
    }
    for i in 0..n {
        d.create(
            Ledger::Incident,
            &kv(&[
                ("起票日", &format!("2022/8/{}", 1 + i % 28)),
                ("起票者", "吉岡"),
                ("発生元組織", "石巻ガス"),
                ("タイトル", &format!("問合せ{i}")),
                ("概要", "画面が開かない"),
            ]),
        )
        .unwrap();
    }
    let home = d.home().unwrap();
    assert_eq!(home.preventions.len(), HOME_ROWS);
    assert_eq!(home.totals.preventions, n as i64);
    // 9/1 … 9/21 are before today (9/22).
    assert_eq!(home.totals.preventions_overdue, 21);
    assert_eq!(home.preventions[0].content, "対策0");
    assert_eq!(home.untriaged.len(), HOME_ROWS);
    assert_eq!(home.totals.untriaged, n as i64);
    assert_eq!(home.totals.overdue, home.overdue.len() as i64);
    // The first rows are the full list's first rows.
    let all = d.home_all().unwrap();
    assert_eq!(all.preventions.len(), n);
    assert_eq!(all.untriaged.len(), n);
    assert_eq!(all.totals, home.totals);
    let nos = |v: &[daicho_core::Record]| v.iter().map(|r| r.no.clone()).collect::<Vec<_>>();
    assert_eq!(nos(&home.untriaged), nos(&all.untriaged[..HOME_ROWS]));
    let ids =
        |v: &[daicho_core::service::OpenPrevention]| v.iter().map(|p| p.id).collect::<Vec<_>>();
    assert_eq!(ids(&home.preventions), ids(&all.preventions[..HOME_ROWS]));
    // Counts per status: every open incident is 未着手.
    let inc = &home.open_counts["incident"];
    assert_eq!(inc.iter().map(|(_, c)| c).sum::<i64>(), n as i64, "{inc:?}");
}
