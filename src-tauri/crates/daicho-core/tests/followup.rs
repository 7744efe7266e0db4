//! 再発防止策 followed to the end: owner and 期限 required, open and overdue
//! ones on Home; 障害 with 対応期限 can be overdue; 連絡履歴 and 承認 rows
//! recorded in the history.

mod common;

use chrono::NaiveTime;
use common::*;
use daicho_core::domain::ledger::Ledger;
use daicho_core::{Daicho, ErrorKind};

fn failure(d: &mut Daicho, title: &str, due: &str) -> String {
    d.create(
        Ledger::Failure,
        &kv(&[
            ("起票日", "2022/9/22"),
            ("起票者", "吉岡"),
            ("タイトル", title),
            ("対応期限", due),
        ]),
    )
    .unwrap()
    .no
}

fn at(d: &mut Daicho, y: i32, m: u32, day: u32) {
    d.set_now(Some(
        date(y, m, day).and_time(NaiveTime::from_hms_opt(10, 0, 0).unwrap()),
    ));
}

#[test]
fn every_prevention_has_an_owner_and_a_due_date() {
    let mut d = db();
    let s = failure(&mut d, "帳票の項目順誤り", "2022/10/31");
    let err = d
        .add_child(&s, "再発防止策", &kv(&[("内容", "レビュー観点追加")]))
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Invalid);
    assert_eq!(err.message, "再発防止策には 担当者、期限 が必要です。");
    let p = d
        .add_child(
            &s,
            "再発防止策",
            &kv(&[
                ("内容", "レビュー観点追加"),
                ("担当者", "梅澤"),
                ("期限", "2022/10/15"),
            ]),
        )
        .unwrap();
    let err = d
        .edit_child(&s, "preventions", p.id, &kv(&[("担当者", "")]))
        .unwrap_err();
    assert_eq!(err.message, "担当者 は空にできません。");
}

#[test]
fn home_lists_open_and_overdue_preventions_and_overdue_failures() {
    let mut d = db();
    let s1 = failure(&mut d, "帳票の項目順誤り", "2022/10/31");
    let s2 = failure(&mut d, "夜間バッチ停止", "2022/9/30");
    let add = |d: &mut Daicho, s: &str, what: &str, due: &str| {
        d.add_child(
            s,
            "preventions",
            &kv(&[("content", what), ("owner", "梅澤"), ("due_on", due)]),
        )
        .unwrap()
    };
    add(&mut d, &s1, "レビュー観点追加", "2022/10/15");
    let done = add(&mut d, &s1, "テスト項目追加", "2022/10/1");
    add(&mut d, &s2, "監視の追加", "2022/10/5");
    d.edit_child(&s1, "preventions", done.id, &kv(&[("完了日", "2022/9/30")]))
        .unwrap();
    at(&mut d, 2022, 10, 10);
    let home = d.home().unwrap();
    let open: Vec<(&str, &str, bool)> = home
        .preventions
        .iter()
        .map(|p| (p.no.as_str(), p.content.as_str(), p.overdue))
        .collect();
    assert_eq!(
        open,
        [
            (s2.as_str(), "監視の追加", true),
            (s1.as_str(), "レビュー観点追加", false)
        ]
    );
    assert_eq!(home.preventions[0].owner, "梅澤");
    assert_eq!(home.preventions[0].title, "夜間バッチ停止");
    // 対応期限 9/30 has passed for S-0002 while it is open.
    let overdue: Vec<&str> = home.overdue.iter().map(|r| r.no.as_str()).collect();
    assert!(overdue.contains(&s2.as_str()), "{overdue:?}");
    assert!(!overdue.contains(&s1.as_str()), "{overdue:?}");
    // A deleted failure's preventions leave the list.
    d.delete(&s2).unwrap();
    assert_eq!(d.open_preventions().unwrap().len(), 1);
}

#[test]
fn contacts_and_approvals_are_child_rows_in_the_history() {
    let mut d = db();
    let s = failure(&mut d, "夜間バッチ停止", "2022/9/30");
    d.add_child(
        &s,
        "連絡履歴",
        &kv(&[
            ("日時", "2022/9/22 10:05"),
            ("種別", "初報"),
            ("宛先", "統括責任者"),
        ]),
    )
    .unwrap();
    let err = d
        .add_child(
            &s,
            "承認",
            &kv(&[("区分", "決裁"), ("氏名", "吉岡"), ("日付", "2022/9/30")]),
        )
        .unwrap_err();
    assert!(err.message.contains("区分"), "{}", err.message);
    d.add_child(
        &s,
        "承認",
        &kv(&[
            ("区分", "承認"),
            ("氏名", "部長 山田"),
            ("日付", "2022/9/30"),
        ]),
    )
    .unwrap();
    let actions: Vec<String> = d
        .history(&s)
        .unwrap()
        .into_iter()
        .map(|h| h.action)
        .collect();
    assert!(actions.contains(&"連絡履歴追加".to_string()), "{actions:?}");
    assert!(actions.contains(&"承認追加".to_string()), "{actions:?}");
}

/// ホーム shows what a person reads: each list holds its first [`HOME_ROWS`]
/// rows in its usual order, with the true totals beside it; `home_all`
/// holds every row.
#[test]
fn home_lists_hold_the_first_rows_and_the_true_totals() {
    use daicho_core::service::HOME_ROWS;
    let mut d = db();
    at(&mut d, 2022, 9, 22);
    let s = failure(&mut d, "夜間バッチ停止", "2022/12/31");
    let n = HOME_ROWS + 7;
    // 期限 from 9/1 on, one a day: 9/1 … 9/21 are before today.
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
        incident(&mut d, &format!("問合せ{i}"));
    }
    let home = d.home().unwrap();
    assert_eq!(home.preventions.len(), HOME_ROWS);
    assert_eq!(home.totals.preventions, n as i64);
    assert_eq!(home.totals.preventions_overdue, 21);
    assert_eq!(home.preventions[0].content, "対策0");
    assert_eq!(home.untriaged.len(), HOME_ROWS);
    assert_eq!(home.totals.untriaged, n as i64);
    assert_eq!(home.totals.overdue, home.overdue.len() as i64);
    // The first rows are the full lists' first rows.
    let all = d.home_all().unwrap();
    assert_eq!(all.preventions.len(), n);
    assert_eq!(all.untriaged.len(), n);
    assert_eq!(all.totals, home.totals);
    let nos = |v: &[daicho_core::Record]| v.iter().map(|r| r.no.clone()).collect::<Vec<_>>();
    assert_eq!(nos(&home.untriaged), nos(&all.untriaged[..HOME_ROWS]));
    let ids =
        |v: &[daicho_core::service::OpenPrevention]| v.iter().map(|p| p.id).collect::<Vec<_>>();
    assert_eq!(ids(&home.preventions), ids(&all.preventions[..HOME_ROWS]));
    // Open counts per status: every incident is 未着手.
    let inc = &home.open_counts["incident"];
    assert_eq!(inc.iter().map(|(_, c)| c).sum::<i64>(), n as i64, "{inc:?}");
    assert_eq!(inc[0], ("未着手".to_string(), n as i64));
}
