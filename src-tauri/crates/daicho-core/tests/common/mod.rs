//! Shared fixtures: an in-memory database with masters and a fixed clock.
#![allow(dead_code)]

use chrono::{NaiveDate, NaiveTime};
use daicho_core::domain::ledger::Ledger;
use daicho_core::domain::master::Master;
use daicho_core::domain::workflow;
use daicho_core::{Daicho, ErrorKind, Record};

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

pub fn kv(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

pub fn db() -> Daicho {
    let mut d = Daicho::open_in_memory().unwrap();
    d.set_actor("吉岡");
    d.set_now(Some(
        date(2022, 9, 22).and_time(NaiveTime::from_hms_opt(9, 0, 0).unwrap()),
    ));
    d.add_master(Master::Organization, "石巻ガス").unwrap();
    for p in ["吉岡", "梅澤", "高橋"] {
        d.add_master(Master::Person, p).unwrap();
    }
    d
}

/// The numbers a search finds, in order.
pub fn nos(d: &Daicho, q: &str) -> Vec<String> {
    d.search(q, None, 20)
        .unwrap()
        .into_iter()
        .map(|h| h.no)
        .collect()
}

pub fn incident(d: &mut Daicho, title: &str) -> Record {
    d.create(
        Ledger::Incident,
        &kv(&[
            ("起票日", "2022/9/22"),
            ("起票者", "吉岡"),
            ("発生元組織", "石巻ガス"),
            ("発生元ユーザ", "佐藤様"),
            ("タイトル", title),
            ("概要", "年齢→血液型の順序なのを血液型→年齢にしてほしい"),
        ]),
    )
    .unwrap()
}

/// Every action not allowed from the record's status is refused with a
/// Japanese message naming the status, and changes nothing.
pub fn assert_others_refused(d: &mut Daicho, no: &str) {
    let before = d.get(no).unwrap();
    let status = before.status().to_string();
    let allowed: Vec<&str> = workflow::allowed_from(before.ledger, &status)
        .iter()
        .map(|a| a.key)
        .collect();
    for a in workflow::actions(before.ledger) {
        if allowed.contains(&a.key) {
            continue;
        }
        let err = d.run_action(no, a.name, None, &[]).unwrap_err();
        assert_eq!(
            err.kind,
            ErrorKind::IllegalAction,
            "{no} {status} {}: {}",
            a.name,
            err.message
        );
        assert!(err.message.contains(&status), "{}", err.message);
        assert!(err.message.contains(a.name), "{}", err.message);
    }
    let after = d.get(no).unwrap();
    assert_eq!(before.fields, after.fields, "a refused action changed {no}");
}

pub fn history_actions(d: &Daicho, no: &str) -> Vec<String> {
    d.history(no)
        .unwrap()
        .into_iter()
        .map(|h| h.action)
        .collect()
}
