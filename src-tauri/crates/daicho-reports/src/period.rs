//! Report periods: a calendar month (`2026-10`).

use std::fmt;

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use daicho_core::{Error, Result};
use serde::{Serialize, Serializer};

/// A calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    pub year: i32,
    pub month: u32,
}

impl YearMonth {
    /// Years 1900–2999 (the dates Daicho accepts) and months 1–12.
    pub fn new(year: i32, month: u32) -> Option<YearMonth> {
        ((1..=12).contains(&month) && (1900..=2999).contains(&year))
            .then_some(YearMonth { year, month })
    }

    pub fn of(date: NaiveDate) -> YearMonth {
        YearMonth {
            year: date.year(),
            month: date.month(),
        }
    }

    /// `2026-10`, `2026/10`, `2026年10月`, 全角 digits.
    pub fn parse(s: &str) -> Result<YearMonth> {
        let folded: String = s
            .trim()
            .chars()
            .map(|c| match c {
                '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
                '年' | '/' | '／' | '.' => '-',
                '月' => ' ',
                _ => c,
            })
            .collect();
        let bad = || {
            Error::invalid(format!(
                "月「{s}」は 2026-10 の形式 (1900〜2999年) で指定してください。"
            ))
        };
        let (y, m) = folded.trim().split_once('-').ok_or_else(bad)?;
        let year: i32 = y.trim().parse().map_err(|_| bad())?;
        let month: u32 = m.trim().parse().map_err(|_| bad())?;
        YearMonth::new(year, month).ok_or_else(bad)
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).expect("valid month")
    }

    pub fn last_day(self) -> NaiveDate {
        self.next().first_day().pred_opt().expect("valid")
    }

    pub fn next(self) -> YearMonth {
        self.plus_months(1)
    }

    /// `n` months later (negative: earlier).
    pub fn plus_months(self, n: i32) -> YearMonth {
        let idx = self.year * 12 + self.month as i32 - 1 + n;
        YearMonth {
            year: idx.div_euclid(12),
            month: (idx.rem_euclid(12) + 1) as u32,
        }
    }

    /// 0:00 of the first day.
    pub fn start(self) -> NaiveDateTime {
        self.first_day().and_hms_opt(0, 0, 0).expect("valid")
    }

    /// 0:00 of the next month's first day (exclusive end).
    pub fn end(self) -> NaiveDateTime {
        self.next().start()
    }

    pub fn contains(self, date: NaiveDate) -> bool {
        YearMonth::of(date) == self
    }

    /// `2026年10月`
    pub fn label(self) -> String {
        format!("{}年{}月", self.year, self.month)
    }

    /// `26/10` for chart axes.
    pub fn short_label(self) -> String {
        format!("{}/{}", self.year % 100, self.month)
    }

    pub fn hours(self) -> f64 {
        (self.end() - self.start()).num_minutes() as f64 / 60.0
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl Serialize for YearMonth {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_outside_1900_2999_are_refused_not_a_panic() {
        for s in [
            "300000-01",
            "-5-01",
            "1899-12",
            "3000-01",
            "2026-13",
            "2147483647-12",
        ] {
            let e = YearMonth::parse(s).unwrap_err();
            assert!(e.message.contains("1900〜2999年"), "{s}: {}", e.message);
        }
        let m = YearMonth::parse("２９９９年１２月").unwrap();
        assert_eq!(m.last_day(), NaiveDate::from_ymd_opt(2999, 12, 31).unwrap());
        assert_eq!(YearMonth::parse("1900/1").unwrap().label(), "1900年1月");
    }
}
