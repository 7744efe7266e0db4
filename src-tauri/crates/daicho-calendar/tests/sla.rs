//! SLA evaluation on hand-computed cases with the default calendar
//! (Sat/Sun, national holidays, 12/29–1/3, 9:00–17:45).

use chrono::{Duration, NaiveDate, NaiveDateTime};
use daicho_calendar::{
    evaluate, evaluate_with_ratio, BusinessCalendar, Clock, Measure, SlaPolicy, SlaStatus, Target,
    Unit,
};

fn t(y: i32, m: u32, day: u32, h: u32, min: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, day)
        .unwrap()
        .and_hms_opt(h, min, 0)
        .unwrap()
}

/// Friday 2024-03-08 17:00; 4 business hours later is Monday 12:15.
fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn friday_five() -> NaiveDateTime {
    t(2024, 3, 8, 17, 0)
}

#[test]
fn high_target_from_friday_evening_runs_into_monday() {
    let cal = BusinessCalendar::default();
    let high = Target::hours(4);

    // Monday 11:00: 45m + 2h = 2h45m of 4h (69%).
    let state = evaluate(&high, &cal, friday_five(), None, t(2024, 3, 11, 11, 0));
    assert_eq!(state.due, t(2024, 3, 11, 12, 15));
    assert_eq!(state.allowance, Duration::hours(4));
    assert_eq!(state.elapsed, Duration::minutes(165));
    assert_eq!(state.remaining, Duration::minutes(75));
    assert_eq!(state.status, SlaStatus::Running);

    // Monday 11:15: exactly 3h = 75%, at risk.
    let state = evaluate(&high, &cal, friday_five(), None, t(2024, 3, 11, 11, 15));
    assert_eq!(state.status, SlaStatus::AtRisk);

    // Saturday: no business time passes over the weekend.
    let state = evaluate(&high, &cal, friday_five(), None, t(2024, 3, 9, 15, 0));
    assert_eq!(state.elapsed, Duration::minutes(45));
    assert_eq!(state.status, SlaStatus::Running);

    // Still open at 13:00: breached while running.
    let state = evaluate(&high, &cal, friday_five(), None, t(2024, 3, 11, 13, 0));
    assert_eq!(state.status, SlaStatus::Breached);
    assert_eq!(state.remaining, Duration::minutes(-45));
}

#[test]
fn done_on_time_is_met_and_late_is_breached_whatever_now_is() {
    let cal = BusinessCalendar::default();
    let high = Target::hours(4);
    let later = t(2024, 4, 1, 9, 0);

    let met = evaluate(
        &high,
        &cal,
        friday_five(),
        Some(t(2024, 3, 11, 12, 15)),
        later,
    );
    assert_eq!(met.status, SlaStatus::Met);
    assert_eq!(met.elapsed, Duration::hours(4));

    let breached = evaluate(
        &high,
        &cal,
        friday_five(),
        Some(t(2024, 3, 11, 12, 16)),
        later,
    );
    assert_eq!(breached.status, SlaStatus::Breached);
    assert_eq!(breached.elapsed, Duration::minutes(241));

    // Done over the weekend: well within the allowance.
    let weekend = evaluate(
        &high,
        &cal,
        friday_five(),
        Some(t(2024, 3, 9, 10, 0)),
        later,
    );
    assert_eq!(weekend.status, SlaStatus::Met);
    assert_eq!(weekend.elapsed, Duration::minutes(45));
}

#[test]
fn due_at_closing_time_and_done_after_hours_is_breached() {
    let cal = BusinessCalendar::default();
    // Friday 13:45 + 4h ends at 17:45 exactly.
    let start = t(2024, 3, 8, 13, 45);
    let late = evaluate(
        &Target::hours(4),
        &cal,
        start,
        Some(t(2024, 3, 9, 10, 0)),
        t(2024, 3, 9, 10, 0),
    );
    assert_eq!(late.due, t(2024, 3, 8, 17, 45));
    assert_eq!(late.elapsed, Duration::hours(4));
    assert_eq!(late.status, SlaStatus::Breached);
}

#[test]
fn medium_is_one_business_day_of_working_time() {
    let cal = BusinessCalendar::default();
    let medium = Target::business_days(1);
    // Tuesday 10:00 → Wednesday 10:00.
    let state = evaluate(
        &medium,
        &cal,
        t(2024, 3, 5, 10, 0),
        None,
        t(2024, 3, 5, 11, 0),
    );
    assert_eq!(state.due, t(2024, 3, 6, 10, 0));
    assert_eq!(state.allowance, Duration::minutes(525));
    // Across 春分の日 (Wednesday 2024-03-20): Tuesday 10:00 → Thursday 10:00.
    let state = evaluate(
        &medium,
        &cal,
        t(2024, 3, 19, 10, 0),
        None,
        t(2024, 3, 19, 11, 0),
    );
    assert_eq!(state.due, t(2024, 3, 21, 10, 0));
    // Into the year-end closure: 12/28 10:00 → 1/4 10:00.
    let state = evaluate(
        &medium,
        &cal,
        t(2023, 12, 28, 10, 0),
        None,
        t(2024, 1, 4, 9, 0),
    );
    assert_eq!(state.due, t(2024, 1, 4, 10, 0));
    assert_eq!(state.elapsed, hm(7, 45));
    assert_eq!(state.status, SlaStatus::AtRisk);
}

fn hm(h: i64, m: i64) -> Duration {
    Duration::hours(h) + Duration::minutes(m)
}

#[test]
fn calendar_24h_targets_ignore_the_business_calendar() {
    let cal = BusinessCalendar::default();
    let critical = Target::hours(1).with_clock(Clock::Calendar24h);
    let saturday = t(2024, 3, 9, 10, 0);
    let state = evaluate(&critical, &cal, saturday, None, t(2024, 3, 9, 10, 50));
    assert_eq!(state.due, t(2024, 3, 9, 11, 0));
    assert_eq!(state.elapsed, Duration::minutes(50));
    assert_eq!(state.status, SlaStatus::AtRisk);
    let state = evaluate(
        &critical,
        &cal,
        saturday,
        Some(t(2024, 3, 9, 11, 1)),
        t(2024, 3, 10, 0, 0),
    );
    assert_eq!(state.status, SlaStatus::Breached);

    // Business days on a 24h clock: same time on the next business day.
    let next_day = Target {
        amount: 1,
        unit: Unit::BusinessDays,
        clock: Clock::Calendar24h,
    };
    let state = evaluate(
        &next_day,
        &cal,
        t(2024, 3, 8, 20, 0),
        None,
        t(2024, 3, 9, 8, 0),
    );
    assert_eq!(state.due, t(2024, 3, 11, 20, 0));
    assert_eq!(state.allowance, Duration::hours(72));
    assert_eq!(state.elapsed, Duration::hours(12));
    assert_eq!(state.status, SlaStatus::Running);
}

#[test]
fn at_risk_ratio_is_configurable() {
    let cal = BusinessCalendar::default();
    let start = t(2024, 3, 4, 9, 0);
    let now = t(2024, 3, 4, 11, 0); // 2h of 4h
    let high = Target::hours(4);
    assert_eq!(
        evaluate(&high, &cal, start, None, now).status,
        SlaStatus::Running
    );
    assert_eq!(
        evaluate_with_ratio(&high, &cal, start, None, now, 0.5).status,
        SlaStatus::AtRisk
    );
    let policy = SlaPolicy {
        at_risk_ratio: 0.4,
        ..SlaPolicy::default()
    };
    let state = policy
        .evaluate(
            "B",
            Measure::Recovery,
            &BusinessCalendar::default(),
            start,
            None,
            now,
        )
        .unwrap();
    assert_eq!(state.status, SlaStatus::AtRisk);
}

#[test]
fn default_policy_maps_severities_priorities_and_service_levels() {
    let policy = SlaPolicy::default();
    let rec = |key: &str| {
        policy
            .rule(key)
            .and_then(|r| r.target(Measure::Recovery).copied())
    };
    let clock = |t: Target| t.with_clock(Clock::Calendar24h);
    assert_eq!(rec("Critical"), Some(clock(Target::hours(1))));
    assert_eq!(rec("critical"), Some(clock(Target::hours(1))));
    assert_eq!(rec("High"), Some(clock(Target::hours(4))));
    assert_eq!(rec("Medium"), Some(Target::business_days(1)));
    assert_eq!(rec("高"), Some(clock(Target::hours(1))));
    assert_eq!(rec(" 中 "), Some(clock(Target::hours(4))));
    assert_eq!(rec("低"), Some(Target::business_days(1)));
    assert_eq!(rec("A"), Some(clock(Target::minutes(60))));
    assert_eq!(rec("C"), Some(Target::business_days(1)));
    assert!(policy.rule("Low").is_none());
    assert!(policy.rule("高").unwrap().resolution.is_none());
    // Low has no rule: the next candidate, else the default rule (Medium).
    assert_eq!(policy.pick(&["Low", "高"], Measure::Recovery), Some("高"));
    assert_eq!(policy.pick(&["Low", ""], Measure::Recovery), Some("Medium"));
    assert_eq!(policy.pick(&["高"], Measure::Resolution), None);

    let cal = BusinessCalendar::default();
    let now = t(2024, 3, 11, 10, 0);
    assert!(policy
        .evaluate("高", Measure::Resolution, &cal, friday_five(), None, now)
        .is_none());
    assert!(policy
        .evaluate("Unknown", Measure::Recovery, &cal, friday_five(), None, now)
        .is_none());
    // Critical runs on the clock: Friday 17:00 + 1h = 18:00 the same evening.
    let s = policy
        .evaluate(
            "Critical",
            Measure::Recovery,
            &cal,
            friday_five(),
            None,
            now,
        )
        .unwrap();
    assert_eq!(
        (s.due, s.status),
        (t(2024, 3, 8, 18, 0), SlaStatus::Breached)
    );
    // Medium runs on business time: 45m Friday + 8h Monday → Monday 17:00.
    let s = policy
        .evaluate("Medium", Measure::Recovery, &cal, friday_five(), None, now)
        .unwrap();
    assert_eq!(
        (s.due, s.status),
        (t(2024, 3, 11, 17, 0), SlaStatus::Running)
    );
}

#[test]
fn systems_map_to_service_levels() {
    let mut policy = SlaPolicy::default();
    policy.systems.insert("基幹システム".into(), "A".into());
    assert_eq!(policy.system_level("基幹システム"), Some("A"));
    assert_eq!(
        policy.system_level("B"),
        Some("B"),
        "a level given directly"
    );
    assert_eq!(policy.system_level("経理システム"), None);
    assert_eq!(policy.system_level(""), None);
}

#[test]
fn triage_is_due_at_the_next_meeting_skipping_holidays() {
    let cal = BusinessCalendar::default();
    let policy = SlaPolicy::default();
    // Raised Friday 2026/10/9: Monday 10/12 is スポーツの日 → Tuesday 10/13 17:45.
    let start = t(2026, 10, 9, 10, 0);
    let s = policy
        .evaluate_triage(
            &cal,
            start,
            Some(t(2026, 10, 13, 17, 45)),
            t(2026, 10, 20, 0, 0),
        )
        .unwrap();
    assert_eq!((s.due, s.status), (t(2026, 10, 13, 17, 45), SlaStatus::Met));
    // 7h45 Friday + 8h45 Tuesday on business time.
    assert_eq!(s.allowance, Duration::minutes(16 * 60 + 30));
    // Raised on the meeting day itself: the next week's meeting.
    let monday = t(2026, 10, 19, 11, 0);
    assert_eq!(
        policy.next_meeting(&cal, monday.date()),
        Some(d(2026, 10, 26))
    );
    // Year end: raised Mon 12/28 → Mon 1/4 (12/29–1/3 closed).
    assert_eq!(
        policy.next_meeting(&cal, d(2026, 12, 28)),
        Some(d(2027, 1, 4))
    );
    let off = SlaPolicy {
        meeting_weekday: None,
        ..SlaPolicy::default()
    };
    assert!(off.evaluate_triage(&cal, start, None, start).is_none());
}

#[test]
fn rules_stored_before_recovery_existed_keep_their_meaning() {
    let old = r#"{"at_risk_ratio":0.75,"rules":[{"key":"高","first_response":{"amount":2,"unit":"hours","clock":"business_time"},"resolution":null}]}"#;
    let p: SlaPolicy = serde_json::from_str(old).unwrap();
    let r = p.rule("高").unwrap();
    assert_eq!(r.target(Measure::Recovery), Some(&Target::hours(2)));
    assert_eq!(r.target(Measure::FirstResponse), Some(&Target::hours(2)));
    assert_eq!(p.default_rule, "Medium");
    assert_eq!(p.meeting_weekday, Some(chrono::Weekday::Mon));
}

#[test]
fn changing_a_rule_changes_the_next_evaluation() {
    let cal = BusinessCalendar::default();
    let mut policy = SlaPolicy::default();
    let now = t(2024, 3, 11, 10, 0);
    let rule = policy.rules.iter_mut().find(|r| r.key == "中").unwrap();
    rule.recovery = Some(Target::hours(4));
    let before = policy
        .evaluate("中", Measure::Recovery, &cal, friday_five(), None, now)
        .unwrap();
    assert_eq!(before.due, t(2024, 3, 11, 12, 15));

    let rule = policy.rules.iter_mut().find(|r| r.key == "中").unwrap();
    rule.recovery = Some(Target::hours(2));
    rule.resolution = Some(Target::business_days(3));
    let after = policy
        .evaluate("中", Measure::Recovery, &cal, friday_five(), None, now)
        .unwrap();
    assert_eq!(after.due, t(2024, 3, 11, 10, 15));
    assert_eq!(after.status, SlaStatus::AtRisk);
    let resolution = policy
        .evaluate("中", Measure::Resolution, &cal, friday_five(), None, now)
        .unwrap();
    // 45m Friday, then 3 × 8h45m − 45m = 25h30m: Mon, Tue full (17h30m), Wed 8h → 17:00.
    assert_eq!(resolution.due, t(2024, 3, 13, 17, 0));
}

#[test]
fn policy_and_state_serialize_for_storage_and_ipc() {
    let policy = SlaPolicy::default();
    let json = serde_json::to_value(&policy).unwrap();
    assert_eq!(json["at_risk_ratio"], 0.75);
    assert_eq!(json["rules"][0]["key"], "Critical");
    assert_eq!(
        json["rules"][0]["recovery"],
        serde_json::json!({ "amount": 1, "unit": "hours", "clock": "calendar_24h" })
    );
    assert_eq!(json["meeting_weekday"], "Mon");
    let back: SlaPolicy = serde_json::from_value(json).unwrap();
    assert_eq!(back, policy);

    let target: Target =
        serde_json::from_str(r#"{ "amount": 30, "unit": "minutes", "clock": "calendar_24h" }"#)
            .unwrap();
    assert_eq!(target, Target::minutes(30).with_clock(Clock::Calendar24h));

    let cal = BusinessCalendar::default();
    let state = evaluate(
        &Target::hours(4),
        &cal,
        friday_five(),
        None,
        t(2024, 3, 11, 11, 0),
    );
    let json = serde_json::to_value(state).unwrap();
    assert_eq!(json["due"], "2024-03-11T12:15:00");
    assert_eq!(json["elapsed"], 165 * 60);
    assert_eq!(json["status"], "running");
}
