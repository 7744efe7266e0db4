//! Escalation driven through time: an open failure and an untriaged incident
//! move from nothing to 要注意 to 超過 as the clock runs; each threshold's
//! notification is requested exactly once; failure notices (初報 / 定時報 /
//! 完了報) follow the 連絡履歴.

use chrono::NaiveDateTime;
use daicho_core::domain::ledger::Ledger;
use daicho_core::domain::master::Master;
use daicho_core::Daicho;
use daicho_reports::escalation::{escalations, set_notice_rules, take_notifications};

fn t(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

fn kv(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn setup() -> (Daicho, String, String) {
    let mut d = Daicho::open_in_memory().unwrap();
    d.set_actor("吉岡");
    d.add_master(Master::Organization, "石巻ガス").unwrap();
    for p in ["吉岡", "梅澤"] {
        d.add_master(Master::Person, p).unwrap();
    }
    // Wed 2026/11/4 10:00: a High failure (4 hours on the clock) and an incident.
    d.set_now(Some(t("2026-11-04 10:00")));
    let s = d
        .create(
            Ledger::Failure,
            &kv(&[
                ("起票日", "2026/11/4"),
                ("起票者", "吉岡"),
                ("担当者", "梅澤"),
                ("タイトル", "夜間バッチの停止"),
                ("Severity", "High"),
                ("発生日時", "2026/11/4 09:50"),
                ("検知日時", "2026/11/4 10:00"),
            ]),
        )
        .unwrap()
        .no;
    let i = d
        .create(
            Ledger::Incident,
            &kv(&[
                ("起票日", "2026/11/4"),
                ("起票者", "吉岡"),
                ("発生元組織", "石巻ガス"),
                ("タイトル", "帳票の出力項目について"),
                ("概要", "確認したい"),
            ]),
        )
        .unwrap()
        .no;
    (d, s, i)
}

/// (no, measure, status) of both lists.
fn lists(d: &Daicho) -> (Vec<String>, Vec<String>) {
    let l = escalations(d).unwrap();
    let f = |v: &[daicho_reports::escalation::Escalation]| {
        v.iter()
            .map(|e| format!("{} {} {}", e.no, e.measure_label, e.status_label))
            .collect()
    };
    (f(&l.attention), f(&l.breached))
}

fn notify(d: &mut Daicho) -> Vec<String> {
    let l = escalations(d).unwrap();
    take_notifications(d, &l)
        .unwrap()
        .into_iter()
        .map(|n| n.title)
        .collect()
}

#[test]
fn lists_and_notifications_appear_once_per_threshold_as_time_passes() {
    let (mut d, s, i) = setup();
    set_notice_rules(
        &mut d,
        r#"{"first_minutes":5,"update_minutes":60,"final_minutes":60}"#,
    )
    .unwrap();
    // 10:04: 14 of 240 minutes used; 初報 not yet due.
    d.set_now(Some(t("2026-11-04 10:04")));
    assert_eq!(lists(&d), (vec![], vec![]));
    let l = escalations(&d).unwrap();
    assert_eq!(l.notices.len(), 1);
    assert_eq!(
        (l.notices[0].kind, l.notices[0].due),
        ("初報", t("2026-11-04 10:05"))
    );
    assert!(!l.notices[0].overdue);
    assert!(notify(&mut d).is_empty());

    // 10:06: the 初報 is late → one notification, once.
    d.set_now(Some(t("2026-11-04 10:06")));
    assert_eq!(notify(&mut d), [format!("{s} 初報 の期限を過ぎています")]);
    assert!(notify(&mut d).is_empty());
    d.add_child(
        &s,
        "連絡履歴",
        &kv(&[
            ("日時", "2026/11/4 10:07"),
            ("種別", "初報"),
            ("宛先", "統括責任者"),
        ]),
    )
    .unwrap();
    let l = escalations(&d).unwrap();
    assert_eq!(
        (l.notices[0].kind, l.notices[0].due),
        ("定時報", t("2026-11-04 11:07"))
    );

    // 12:50: 3h of 4h = 75 % → 要注意, owner 梅澤.
    d.set_now(Some(t("2026-11-04 12:50")));
    d.add_child(
        &s,
        "連絡履歴",
        &kv(&[
            ("日時", "2026/11/4 12:00"),
            ("種別", "定時報"),
            ("宛先", "統括責任者"),
        ]),
    )
    .unwrap();
    assert_eq!(lists(&d), (vec![format!("{s} 障害 復旧 要注意")], vec![]));
    let l = escalations(&d).unwrap();
    assert_eq!(
        (l.attention[0].owner.as_str(), l.attention[0].used_pct),
        ("梅澤", 75.0)
    );
    assert_eq!(notify(&mut d), [format!("要注意 {s} 障害 復旧")]);
    assert!(notify(&mut d).is_empty());

    // 13:51: past the due 13:50 → 超過 (escalate to L3); 定時報 of 13:00 also late.
    d.set_now(Some(t("2026-11-04 13:51")));
    let (attention, breached) = lists(&d);
    assert!(attention.is_empty(), "{attention:?}");
    assert_eq!(breached, [format!("{s} 障害 復旧 超過")]);
    let l = escalations(&d).unwrap();
    assert_eq!(l.breached[0].escalate_to, "L3 サポート");
    let mut n = notify(&mut d);
    n.sort();
    assert_eq!(
        n,
        [
            format!("{s} 定時報 の期限を過ぎています"),
            format!("超過 {s} 障害 復旧"),
        ]
    );
    assert!(notify(&mut d).is_empty());

    // Recovered: the failure leaves the lists; 完了報 is due an hour later.
    d.edit(&s, &kv(&[("復旧日時", "2026/11/4 14:00")])).unwrap();
    d.set_now(Some(t("2026-11-04 14:30")));
    assert_eq!(lists(&d), (vec![], vec![]));
    let l = escalations(&d).unwrap();
    assert_eq!(
        (l.notices[0].kind, l.notices[0].due),
        ("完了報", t("2026-11-04 15:00"))
    );

    // The incident: triage due at Monday 11/9's 定例会 (17:45): 35h of
    // business time from 11/4 9:00; at Mon 15:00 32h15 are used (92 %) →
    // 要注意; after closing → 超過.
    d.set_now(Some(t("2026-11-09 15:00")));
    assert_eq!(lists(&d).0, [format!("{i} インシデント 切り分け 要注意")]);
    assert_eq!(
        notify(&mut d),
        [format!("要注意 {i} インシデント 切り分け")]
    );
    d.set_now(Some(t("2026-11-09 18:00")));
    assert_eq!(lists(&d).1, [format!("{i} インシデント 切り分け 超過")]);
    assert_eq!(notify(&mut d), [format!("超過 {i} インシデント 切り分け")]);
    assert!(notify(&mut d).is_empty());
}

#[test]
fn bad_notice_rules_are_refused_and_keep_the_old_ones() {
    let (mut d, _, _) = setup();
    let e = set_notice_rules(&mut d, r#"{"update_minutes":0}"#).unwrap_err();
    assert!(e.message.contains("1 以上"), "{}", e.message);
    assert!(set_notice_rules(&mut d, "not json").is_err());
    let r = daicho_reports::escalation::notice_rules(&d).unwrap();
    assert_eq!((r.first_minutes, r.update_minutes), (5, 60));
}

#[test]
fn an_incident_names_its_owner_else_who_raised_it() {
    let (mut d, _, i) = setup();
    // The next 定例会 has passed without triage: 超過, on the 起票者 (no 担当者).
    d.set_now(Some(t("2026-11-10 10:00")));
    let owner_of = |d: &Daicho| {
        let l = escalations(d).unwrap();
        let e = l.breached.iter().find(|e| e.no == i).expect("超過");
        e.owner.clone()
    };
    assert_eq!(owner_of(&d), "吉岡");
    d.edit(&i, &kv(&[("担当者", "梅澤")])).unwrap();
    assert_eq!(
        owner_of(&d),
        "梅澤",
        "the incident's 担当者 is who must act"
    );
}
