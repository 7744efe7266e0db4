//! Business-day and business-time arithmetic on hand-computed cases: nights,
//! weekends, national holidays, 年末年始 and month ends, with the default
//! config (Sat/Sun, national holidays, 12/29–1/3, 9:00–17:45) unless a test
//! says otherwise.

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use daicho_calendar::{
    AnnualClosure, BusinessCalendar, BusinessHours, CalendarConfig, CalendarError, CompanyHoliday,
    MonthDay, RecurringHoliday, TimeSpan,
};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn t(y: i32, m: u32, day: u32, h: u32, min: u32) -> NaiveDateTime {
    d(y, m, day).and_hms_opt(h, min, 0).unwrap()
}

fn hm(h: i64, m: i64) -> Duration {
    Duration::hours(h) + Duration::minutes(m)
}

fn time(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

#[test]
fn year_end_closure_and_holidays_are_not_business_days() {
    let cal = BusinessCalendar::default();
    assert!(cal.is_business_day(d(2023, 12, 28)));
    assert!(!cal.is_business_day(d(2023, 12, 29)));
    assert!(!cal.is_business_day(d(2024, 1, 2)));
    assert!(!cal.is_business_day(d(2024, 1, 3)));
    assert!(cal.is_business_day(d(2024, 1, 4)));
    assert_eq!(cal.holiday_name(d(2023, 12, 29)), Some("年末年始休業"));
    assert_eq!(cal.holiday_name(d(2024, 1, 1)), Some("元日"));
    assert_eq!(cal.holiday_name(d(2019, 5, 6)), Some("振替休日"));
    assert_eq!(cal.holiday_name(d(2019, 4, 30)), Some("国民の休日"));
    // Weekends are closed but have no holiday name.
    assert!(!cal.is_business_day(d(2024, 3, 9)));
    assert_eq!(cal.holiday_name(d(2024, 3, 9)), None);
    assert_eq!(cal.next_business_day(d(2023, 12, 28)), d(2024, 1, 4));
    assert_eq!(cal.previous_business_day(d(2024, 1, 4)), d(2023, 12, 28));
}

#[test]
fn business_days_skip_golden_week_and_count_half_open() {
    let cal = BusinessCalendar::default();
    // 2019: 4/27 Sat to 5/6 (振替休日) is ten days off.
    assert_eq!(cal.add_business_days(d(2019, 4, 26), 1), d(2019, 5, 7));
    assert_eq!(cal.add_business_days(d(2019, 5, 7), -1), d(2019, 4, 26));
    assert_eq!(cal.add_business_days(d(2024, 3, 9), 0), d(2024, 3, 9));
    // From a Saturday, one business day later is Monday.
    assert_eq!(cal.add_business_days(d(2024, 3, 9), 1), d(2024, 3, 11));
    // February 2024: 21 weekdays minus 2/12 (振替休日) and 2/23 (天皇誕生日).
    assert_eq!(
        cal.business_days_between(d(2024, 1, 31), d(2024, 2, 29)),
        19
    );
    assert_eq!(
        cal.business_days_between(d(2024, 2, 29), d(2024, 1, 31)),
        -19
    );
    assert_eq!(cal.business_days_between(d(2024, 2, 29), d(2024, 2, 29)), 0);
    for n in [1, 5, 20, 250] {
        let end = cal.add_business_days(d(2023, 12, 1), n);
        assert_eq!(cal.business_days_between(d(2023, 12, 1), end), n);
    }
}

#[test]
fn business_duration_counts_only_working_hours() {
    let cal = BusinessCalendar::default();
    assert_eq!(cal.business_day_length(), hm(8, 45));
    // Overnight: 16:00–17:45 and 9:00–10:00.
    let overnight = cal.business_duration_between(t(2024, 3, 4, 16, 0), t(2024, 3, 5, 10, 0));
    assert_eq!(overnight, hm(2, 45));
    // Weekend: Friday 17:00 to Monday 9:30.
    let weekend = cal.business_duration_between(t(2024, 3, 8, 17, 0), t(2024, 3, 11, 9, 30));
    assert_eq!(weekend, hm(1, 15));
    // Holiday: 2024-03-20 is 春分の日.
    let holiday = cal.business_duration_between(t(2024, 3, 19, 17, 0), t(2024, 3, 21, 10, 0));
    assert_eq!(holiday, hm(1, 45));
    // Month end into Golden Week: 4/30 2h45m, 5/1 and 5/2 full, 5/3–5/6 off, 5/7 1h.
    let month_end = cal.business_duration_between(t(2024, 4, 30, 15, 0), t(2024, 5, 7, 10, 0));
    assert_eq!(month_end, hm(21, 15));
    // Year end: 12/28 17:00 to 1/4 9:15.
    let year_end = cal.business_duration_between(t(2023, 12, 28, 17, 0), t(2024, 1, 4, 9, 15));
    assert_eq!(year_end, hm(1, 0));
    // Starting on a Saturday counts from Monday morning.
    let from_saturday = cal.business_duration_between(t(2024, 3, 9, 10, 0), t(2024, 3, 11, 10, 0));
    assert_eq!(from_saturday, hm(1, 0));
    // Before the start of the day and after its end count nothing.
    let outside = cal.business_duration_between(t(2024, 3, 4, 18, 0), t(2024, 3, 5, 8, 0));
    assert_eq!(outside, Duration::zero());
    assert_eq!(
        cal.business_duration_between(t(2024, 3, 5, 10, 0), t(2024, 3, 4, 10, 0)),
        Duration::zero()
    );
}

#[test]
fn four_business_hours_from_friday_1700_end_monday_1215() {
    let cal = BusinessCalendar::default();
    let due = cal.add_business_duration(t(2024, 3, 8, 17, 0), Duration::hours(4));
    assert_eq!(due, t(2024, 3, 11, 12, 15));
    // Unless Monday is a holiday: 2024-01-08 is 成人の日.
    let due = cal.add_business_duration(t(2024, 1, 5, 17, 0), Duration::hours(4));
    assert_eq!(due, t(2024, 1, 9, 12, 15));
}

#[test]
fn add_business_duration_edges() {
    let cal = BusinessCalendar::default();
    // A full day from the opening ends at the close, not the next morning.
    let full = cal.add_business_duration(t(2024, 3, 4, 9, 0), hm(8, 45));
    assert_eq!(full, t(2024, 3, 4, 17, 45));
    // "1 business day" from 10:00 is 10:00 of the next business day.
    let one_day = cal.add_business_duration(t(2024, 3, 5, 10, 0), cal.business_day_length());
    assert_eq!(one_day, t(2024, 3, 6, 10, 0));
    // Across the year-end closure.
    let year_end = cal.add_business_duration(t(2023, 12, 28, 17, 0), Duration::hours(1));
    assert_eq!(year_end, t(2024, 1, 4, 9, 15));
    // Outside hours, counting starts at the next opening.
    let night = cal.add_business_duration(t(2024, 3, 4, 20, 0), Duration::minutes(30));
    assert_eq!(night, t(2024, 3, 5, 9, 30));
    assert_eq!(
        cal.add_business_duration(t(2024, 3, 9, 12, 0), Duration::zero()),
        t(2024, 3, 9, 12, 0)
    );
}

#[test]
fn adding_then_measuring_gives_back_the_duration() {
    let cal = BusinessCalendar::default();
    let starts = [
        t(2024, 3, 8, 17, 0),
        t(2019, 4, 26, 9, 0),
        t(2023, 12, 28, 12, 34),
        t(2024, 2, 29, 23, 0),
        t(2024, 3, 9, 10, 0),
    ];
    for start in starts {
        for minutes in [1, 45, 60, 240, 525, 526, 5000, 20000] {
            let dur = Duration::minutes(minutes);
            let end = cal.add_business_duration(start, dur);
            assert_eq!(
                cal.business_duration_between(start, end),
                dur,
                "{start} + {minutes}min = {end}"
            );
        }
    }
}

#[test]
fn lunch_break_is_excluded() {
    let config = CalendarConfig {
        business_hours: BusinessHours {
            start: time(9, 0),
            end: time(17, 45),
            lunch_break: Some(TimeSpan {
                start: time(12, 0),
                end: time(13, 0),
            }),
        },
        ..CalendarConfig::default()
    };
    let cal = BusinessCalendar::new(config).unwrap();
    assert_eq!(cal.business_day_length(), hm(7, 45));
    assert_eq!(
        cal.add_business_duration(t(2024, 3, 4, 9, 0), Duration::hours(4)),
        t(2024, 3, 4, 14, 0)
    );
    // Ending inside the break counts up to 12:00 only.
    assert_eq!(
        cal.business_duration_between(t(2024, 3, 4, 11, 0), t(2024, 3, 4, 12, 30)),
        hm(1, 0)
    );
    // Exactly the morning's time ends at 12:00, not 13:00.
    assert_eq!(
        cal.add_business_duration(t(2024, 3, 4, 9, 0), Duration::hours(3)),
        t(2024, 3, 4, 12, 0)
    );
}

#[test]
fn company_holidays_and_custom_closures() {
    let config = CalendarConfig {
        national_holidays: false,
        year_end_closure: Some(AnnualClosure {
            from: "12-28".parse().unwrap(),
            to: "01-04".parse().unwrap(),
            name: "冬季休業".to_string(),
        }),
        company_holidays: vec![CompanyHoliday {
            date: d(2024, 8, 14),
            name: "夏季休業".to_string(),
        }],
        recurring_holidays: vec![RecurringHoliday {
            month_day: MonthDay::new(6, 1).unwrap(),
            name: "創立記念日".to_string(),
        }],
        ..CalendarConfig::default()
    };
    let cal = BusinessCalendar::new(config).unwrap();
    // National holidays off: 2024-03-20 (春分の日) is worked.
    assert!(cal.is_business_day(d(2024, 3, 20)));
    assert_eq!(cal.holiday_name(d(2024, 3, 20)), None);
    assert_eq!(cal.holiday_name(d(2024, 8, 14)), Some("夏季休業"));
    assert_eq!(cal.holiday_name(d(2023, 6, 1)), Some("創立記念日"));
    assert_eq!(cal.holiday_name(d(2025, 6, 1)), Some("創立記念日"));
    assert_eq!(cal.holiday_name(d(2024, 12, 28)), Some("冬季休業"));
    assert!(!cal.is_business_day(d(2025, 1, 4)));
    assert!(cal.is_business_day(d(2024, 12, 27)));

    let no_closure = BusinessCalendar::new(CalendarConfig {
        year_end_closure: None,
        ..CalendarConfig::default()
    })
    .unwrap();
    assert!(no_closure.is_business_day(d(2024, 12, 30)));
    assert!(!no_closure.is_business_day(d(2025, 1, 1)));

    let six_day_week = BusinessCalendar::new(CalendarConfig {
        weekend: vec![Weekday::Sun],
        ..CalendarConfig::default()
    })
    .unwrap();
    assert!(six_day_week.is_business_day(d(2024, 3, 9)));
}

#[test]
fn config_round_trips_through_json_with_defaults() {
    let empty: CalendarConfig = serde_json::from_str("{}").unwrap();
    assert_eq!(empty, CalendarConfig::default());

    let json = r#"{
        "weekend": ["Sat", "Sun"],
        "year_end_closure": { "from": "12-29", "to": "01-03", "name": "年末年始休業" },
        "recurring_holidays": [{ "month_day": "06-01", "name": "創立記念日" }],
        "business_hours": { "start": "09:00", "end": "18:00:00",
                            "lunch_break": { "start": "12:00:00", "end": "13:00:00" } }
    }"#;
    let config: CalendarConfig = serde_json::from_str(json).unwrap();
    assert!(config.national_holidays);
    assert_eq!(
        config.recurring_holidays[0].month_day,
        MonthDay::new(6, 1).unwrap()
    );
    let again: CalendarConfig =
        serde_json::from_str(&serde_json::to_string(&config).unwrap()).unwrap();
    assert_eq!(again, config);
    assert_eq!(
        BusinessCalendar::new(config).unwrap().business_day_length(),
        hm(8, 0)
    );

    assert!(serde_json::from_str::<CalendarConfig>(
        r#"{"recurring_holidays":[{"month_day":"02-30","name":"x"}]}"#
    )
    .is_err());
}

#[test]
fn invalid_configs_are_refused() {
    let hours = |start, end, lunch_break| CalendarConfig {
        business_hours: BusinessHours {
            start,
            end,
            lunch_break,
        },
        ..CalendarConfig::default()
    };
    assert_eq!(
        BusinessCalendar::new(hours(time(18, 0), time(9, 0), None)).unwrap_err(),
        CalendarError::EmptyBusinessHours
    );
    let late_lunch = Some(TimeSpan {
        start: time(17, 0),
        end: time(18, 0),
    });
    assert_eq!(
        BusinessCalendar::new(hours(time(9, 0), time(17, 45), late_lunch)).unwrap_err(),
        CalendarError::LunchBreakOutsideHours
    );
    let all_week = CalendarConfig {
        weekend: vec![
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
            Weekday::Sat,
            Weekday::Sun,
        ],
        ..CalendarConfig::default()
    };
    assert_eq!(
        BusinessCalendar::new(all_week).unwrap_err(),
        CalendarError::NoWorkingWeekday
    );
    let all_year = CalendarConfig {
        year_end_closure: Some(AnnualClosure {
            from: MonthDay::new(1, 2).unwrap(),
            to: MonthDay::new(1, 1).unwrap(),
            name: "休業".to_string(),
        }),
        ..CalendarConfig::default()
    };
    assert_eq!(
        BusinessCalendar::new(all_year).unwrap_err(),
        CalendarError::NoWorkingDayInYear
    );
    // Only 1/1 left open, and it is always 元日.
    let only_new_year = CalendarConfig {
        year_end_closure: Some(AnnualClosure {
            from: MonthDay::new(1, 2).unwrap(),
            to: MonthDay::new(12, 31).unwrap(),
            name: "休業".to_string(),
        }),
        ..CalendarConfig::default()
    };
    assert_eq!(
        BusinessCalendar::new(only_new_year).unwrap_err(),
        CalendarError::NoWorkingDayInYear
    );
    assert!("13-01".parse::<MonthDay>().is_err());
    assert_eq!(
        "2/29".parse::<MonthDay>().unwrap(),
        MonthDay::new(2, 29).unwrap()
    );
}
