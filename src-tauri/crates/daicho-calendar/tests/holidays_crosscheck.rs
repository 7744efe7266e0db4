//! Cross-checks the rule-based holidays against an independent implementation:
//! fixtures generated from the PyPI package `holidays` (see
//! `tests/fixtures/generate.py` for how). Dates must match exactly, both ways;
//! names must match too, except for a few known wording differences listed
//! in `SAME_HOLIDAY`.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use daicho_calendar::holidays::{holiday_name, holidays_in_year};

/// Names python-holidays words differently for the same holiday (theirs, ours).
const SAME_HOLIDAY: [(&str, &str); 4] = [
    ("結婚の儀", "皇太子明仁親王の結婚の儀"),
    ("結婚の儀", "皇太子徳仁親王の結婚の儀"),
    ("大喪の礼", "昭和天皇の大喪の礼"),
    ("即位礼正殿の儀が行われる日", "即位礼正殿の儀の行われる日"),
];

fn load(csv: &str) -> BTreeMap<NaiveDate, String> {
    csv.lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty() && *l != "date,name")
        .map(|l| {
            let (date, name) = l.split_once(',').expect("date,name");
            (date.parse().expect("ISO date"), name.to_string())
        })
        .collect()
}

fn same_name(theirs: &str, ours: &str) -> bool {
    theirs == ours || SAME_HOLIDAY.contains(&(theirs, ours))
}

fn compare(expected: &BTreeMap<NaiveDate, String>, years: impl Iterator<Item = i32>) -> usize {
    let mut problems = Vec::new();
    let mut checked = 0;
    for year in years {
        let ours = holidays_in_year(year);
        // Ours → theirs.
        for h in &ours {
            match expected.get(&h.date) {
                Some(name) if same_name(name, h.name) => {}
                Some(name) => {
                    problems.push(format!("{}: ours {} / theirs {}", h.date, h.name, name))
                }
                None => problems.push(format!("{}: ours {} / theirs none", h.date, h.name)),
            }
        }
        // Theirs → ours, through the single-date lookup.
        for (date, name) in expected.iter().filter(|(d, _)| d.year() == year) {
            checked += 1;
            if holiday_name(*date).is_none() {
                problems.push(format!("{date}: ours none / theirs {name}"));
            }
        }
        assert_eq!(
            ours.len(),
            expected.keys().filter(|d| d.year() == year).count(),
            "holiday count in {year}"
        );
    }
    assert!(problems.is_empty(), "mismatches:\n{}", problems.join("\n"));
    checked
}

#[test]
fn holidays_1970_to_2030_match_python_holidays_exactly() {
    let expected = load(include_str!("fixtures/holidays_1970_2030.csv"));
    let checked = compare(&expected, 1970..=2030);
    assert_eq!(checked, expected.len());
    assert!(checked > 900, "fixture looks truncated: {checked}");
}

#[test]
fn holidays_1955_to_1969_and_2031_to_2050_match_python_holidays_exactly() {
    let expected = load(include_str!("fixtures/holidays_extended.csv"));
    let checked = compare(&expected, (1955..=1969).chain(2031..=2050));
    assert_eq!(checked, expected.len());
}
