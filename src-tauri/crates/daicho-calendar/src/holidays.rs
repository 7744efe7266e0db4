//! Japanese national holidays (国民の祝日 and the other 休日 of the
//! 国民の祝日に関する法律), computed from the rules rather than fetched, so
//! the app needs no network and no yearly data update.
//!
//! What is covered, from 1949 (the first full year of the 1948 law):
//! - every 国民の祝日 with the year it started, ended, moved or was renamed:
//!   建国記念の日 (1967), 敬老の日 and 体育の日 (1966), 天皇誕生日 (4/29 until
//!   1988, 12/23 1989–2018, none in 2019, 2/23 from 2020), みどりの日 (4/29
//!   1989–2006, 5/4 from 2007), 昭和の日 (2007), 海の日 (7/20 from 1996), the
//!   Happy Monday moves (成人の日 and 体育の日 2000, 海の日 and 敬老の日 2003),
//!   山の日 (2016), 体育の日 → スポーツの日 (2020) and the 2020/2021 Olympic
//!   moves of 海の日, スポーツの日 and 山の日;
//! - 春分の日 and 秋分の日 by the usual approximation formula (valid
//!   1900–2099; for years not yet announced by the National Astronomical
//!   Observatory the result is a prediction);
//! - 振替休日: from 1973-04-12 the Monday after a Sunday holiday, and from 2007
//!   the first day after a run of holidays that started on or contains a Sunday;
//! - 国民の休日 (from the amendment in force 1985-12-27): an ordinary day
//!   between two 国民の祝日 (first real one: 1988-05-04);
//! - one-off holidays set by special laws: 1959-04-10, 1989-02-24,
//!   1990-11-12, 1993-06-09, 2019-05-01 and 2019-10-22.
//!
//! The results are cross-checked in `tests/holidays_crosscheck.rs` against the
//! independent PyPI package `holidays` for 1955–2050.
//!
//! NOTE: a holiday is computed for one date at a time (a few comparisons, no
//! allocation), so callers may ask about every day of a long range cheaply.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::Serialize;

/// The first year this module knows holidays for. Earlier dates are never
/// holidays here.
pub const FIRST_YEAR: i32 = 1949;

/// One national holiday.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Holiday {
    pub date: NaiveDate,
    /// The Japanese name, e.g. `元日`, `振替休日`, `国民の休日`.
    pub name: &'static str,
}

/// Japanese holiday names, kept in one place because they are shown to users.
pub mod names {
    pub const NEW_YEAR: &str = "元日";
    pub const COMING_OF_AGE: &str = "成人の日";
    pub const FOUNDATION: &str = "建国記念の日";
    pub const EMPERORS_BIRTHDAY: &str = "天皇誕生日";
    pub const VERNAL_EQUINOX: &str = "春分の日";
    pub const SHOWA: &str = "昭和の日";
    pub const GREENERY: &str = "みどりの日";
    pub const CONSTITUTION: &str = "憲法記念日";
    pub const CHILDREN: &str = "こどもの日";
    pub const MARINE: &str = "海の日";
    pub const MOUNTAIN: &str = "山の日";
    pub const RESPECT_FOR_AGED: &str = "敬老の日";
    pub const AUTUMNAL_EQUINOX: &str = "秋分の日";
    pub const HEALTH_SPORTS: &str = "体育の日";
    pub const SPORTS: &str = "スポーツの日";
    pub const CULTURE: &str = "文化の日";
    pub const LABOR_THANKSGIVING: &str = "勤労感謝の日";
    pub const SUBSTITUTE: &str = "振替休日";
    pub const CITIZENS: &str = "国民の休日";
    pub const AKIHITO_WEDDING: &str = "皇太子明仁親王の結婚の儀";
    pub const SHOWA_FUNERAL: &str = "昭和天皇の大喪の礼";
    pub const ENTHRONEMENT_CEREMONY: &str = "即位礼正殿の儀";
    pub const NARUHITO_WEDDING: &str = "皇太子徳仁親王の結婚の儀";
    pub const ENTHRONEMENT_DAY: &str = "天皇の即位の日";
    pub const ENTHRONEMENT_CEREMONY_2019: &str = "即位礼正殿の儀の行われる日";
}

/// One-off holidays set by special laws (皇室の慶弔など).
const SPECIAL: [(i32, u32, u32, &str); 6] = [
    (1959, 4, 10, names::AKIHITO_WEDDING),
    (1989, 2, 24, names::SHOWA_FUNERAL),
    (1990, 11, 12, names::ENTHRONEMENT_CEREMONY),
    (1993, 6, 9, names::NARUHITO_WEDDING),
    (2019, 5, 1, names::ENTHRONEMENT_DAY),
    (2019, 10, 22, names::ENTHRONEMENT_CEREMONY_2019),
];

/// The day 振替休日 begins to exist (昭和48年法律第10号).
fn substitute_start() -> NaiveDate {
    ymd(1973, 4, 12)
}

/// The day the 2005 amendment (extended 振替休日, みどりの日 on 5/4) applies.
fn rules_2007() -> NaiveDate {
    ymd(2007, 1, 1)
}

/// The day 国民の休日 begins to exist (昭和60年法律第103号).
fn citizens_start() -> NaiveDate {
    ymd(1985, 12, 27)
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid constant date")
}

/// The Japanese name of the national holiday on `date`, if it is one.
pub fn holiday_name(date: NaiveDate) -> Option<&'static str> {
    if let Some(name) = statutory(date) {
        return Some(name);
    }
    if is_substitute(date) {
        return Some(names::SUBSTITUTE);
    }
    if is_citizens_holiday(date) {
        return Some(names::CITIZENS);
    }
    None
}

/// Whether `date` is a national holiday of any kind (祝日, 振替休日, 国民の休日).
pub fn is_holiday(date: NaiveDate) -> bool {
    holiday_name(date).is_some()
}

/// All national holidays of `year`, in date order.
pub fn holidays_in_year(year: i32) -> Vec<Holiday> {
    match (
        NaiveDate::from_ymd_opt(year, 1, 1),
        NaiveDate::from_ymd_opt(year, 12, 31),
    ) {
        (Some(from), Some(to)) => holidays_between(from, to),
        _ => Vec::new(),
    }
}

/// All national holidays from `from` to `to`, both inclusive, in date order.
pub fn holidays_between(from: NaiveDate, to: NaiveDate) -> Vec<Holiday> {
    from.iter_days()
        .take_while(|d| *d <= to)
        .filter_map(|date| holiday_name(date).map(|name| Holiday { date, name }))
        .collect()
}

/// The day of March of 春分の日 in `year`.
///
/// The standard approximation (used by 国立天文台's predictions) for 1900–2099,
/// extended with the published constants for 2100–2150.
pub fn vernal_equinox_day(year: i32) -> u32 {
    equinox_day(year, 20.8357, 20.8431, 21.8510)
}

/// The day of September of 秋分の日 in `year`; see [`vernal_equinox_day`].
pub fn autumnal_equinox_day(year: i32) -> u32 {
    equinox_day(year, 23.2588, 23.2488, 24.2488)
}

fn equinox_day(year: i32, before_1980: f64, until_2099: f64, after_2099: f64) -> u32 {
    let drift = 0.242194 * f64::from(year - 1980);
    let value = if year <= 1979 {
        // NOTE: the published formula truncates this quotient toward zero
        // (BASIC's INT on a negative number), which Rust's `/` does too.
        before_1980 + drift - f64::from((year - 1983) / 4)
    } else if year <= 2099 {
        until_2099 + drift - f64::from((year - 1980) / 4)
    } else {
        after_2099 + drift - f64::from((year - 1980) / 4)
    };
    value.floor() as u32
}

/// Whether `date` is the `n`-th Monday of its month (Happy Monday rule).
fn is_nth_monday(date: NaiveDate, n: u32) -> bool {
    date.weekday() == Weekday::Mon && (date.day() - 1) / 7 + 1 == n
}

/// The Olympic years moved 海の日, スポーツの日 and 山の日 by special law:
/// (海の日, スポーツの日, 山の日) as (month, day).
fn olympic_moves(year: i32) -> Option<[(u32, u32); 3]> {
    match year {
        2020 => Some([(7, 23), (7, 24), (8, 10)]),
        2021 => Some([(7, 22), (7, 23), (8, 8)]),
        _ => None,
    }
}

/// A 国民の祝日 proper (including the one-off special holidays), without
/// 振替休日 and 国民の休日.
fn statutory(date: NaiveDate) -> Option<&'static str> {
    let (y, m, d) = (date.year(), date.month(), date.day());
    if y < FIRST_YEAR {
        return None;
    }
    if let Some(&(_, _, _, name)) = SPECIAL
        .iter()
        .find(|(sy, sm, sd, _)| (*sy, *sm, *sd) == (y, m, d))
    {
        return Some(name);
    }
    let olympic = olympic_moves(y);
    let moved_to = |i: usize| olympic.map(|days| days[i]);
    let name = match m {
        1 if d == 1 => names::NEW_YEAR,
        1 if (y < 2000 && d == 15) || (y >= 2000 && is_nth_monday(date, 2)) => names::COMING_OF_AGE,
        2 if d == 11 && y >= 1967 => names::FOUNDATION,
        2 if d == 23 && y >= 2020 => names::EMPERORS_BIRTHDAY,
        3 if d == vernal_equinox_day(y) => names::VERNAL_EQUINOX,
        4 if d == 29 => match y {
            ..=1988 => names::EMPERORS_BIRTHDAY,
            1989..=2006 => names::GREENERY,
            _ => names::SHOWA,
        },
        5 if d == 3 => names::CONSTITUTION,
        5 if d == 4 && y >= 2007 => names::GREENERY,
        5 if d == 5 => names::CHILDREN,
        7 | 8 | 10 if moved_to(0) == Some((m, d)) => names::MARINE,
        7 | 8 | 10 if moved_to(1) == Some((m, d)) => names::SPORTS,
        7 | 8 | 10 if moved_to(2) == Some((m, d)) => names::MOUNTAIN,
        7 if olympic.is_none()
            && ((1996..=2002).contains(&y) && d == 20 || y >= 2003 && is_nth_monday(date, 3)) =>
        {
            names::MARINE
        }
        8 if olympic.is_none() && y >= 2016 && d == 11 => names::MOUNTAIN,
        9 if (1966..=2002).contains(&y) && d == 15 || y >= 2003 && is_nth_monday(date, 3) => {
            names::RESPECT_FOR_AGED
        }
        9 if d == autumnal_equinox_day(y) => names::AUTUMNAL_EQUINOX,
        10 if (1966..=1999).contains(&y) && d == 10
            || (2000..=2019).contains(&y) && is_nth_monday(date, 2) =>
        {
            names::HEALTH_SPORTS
        }
        10 if y >= 2022 && is_nth_monday(date, 2) => names::SPORTS,
        11 if d == 3 => names::CULTURE,
        11 if d == 23 => names::LABOR_THANKSGIVING,
        12 if d == 23 && (1989..=2018).contains(&y) => names::EMPERORS_BIRTHDAY,
        _ => return None,
    };
    Some(name)
}

/// 振替休日: before 2007 only the day right after a Sunday 祝日; from 2007 the
/// first non-祝日 after a run of 祝日 that includes a Sunday.
fn is_substitute(date: NaiveDate) -> bool {
    if statutory(date).is_some() {
        return false;
    }
    let mut day = date;
    // A run of consecutive 祝日 is at most three days long, so this ends fast.
    while let Some(prev) = day.pred_opt() {
        if statutory(prev).is_none() {
            return false;
        }
        if prev.weekday() == Weekday::Sun {
            if prev < substitute_start() {
                return false;
            }
            return prev >= rules_2007() || Some(prev) == date.pred_opt();
        }
        day = prev;
    }
    false
}

/// 国民の休日: a day that is not itself a 祝日, between two 国民の祝日.
/// Before 2007 the law also excluded Sundays and 振替休日.
fn is_citizens_holiday(date: NaiveDate) -> bool {
    if date < citizens_start() || statutory(date).is_some() {
        return false;
    }
    let (Some(prev), Some(next)) = (date.pred_opt(), date.checked_add_days(Days::new(1))) else {
        return false;
    };
    if statutory(prev).is_none() || statutory(next).is_none() {
        return false;
    }
    date >= rules_2007() || (date.weekday() != Weekday::Sun && !is_substitute(date))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(y: i32, m: u32, d: u32) -> Option<&'static str> {
        holiday_name(ymd(y, m, d))
    }

    #[test]
    fn substitute_holidays_follow_sunday_holidays() {
        assert_eq!(name(2019, 5, 6), Some(names::SUBSTITUTE));
        assert_eq!(name(2020, 2, 24), Some(names::SUBSTITUTE));
        assert_eq!(name(2023, 1, 2), Some(names::SUBSTITUTE));
        // The first 振替休日 ever; 1973-02-11 (Sunday) was too early for one.
        assert_eq!(name(1973, 4, 30), Some(names::SUBSTITUTE));
        assert_eq!(name(1973, 2, 12), None);
        // Since 2007 a Sunday 5/3 pushes the substitute past 5/4 and 5/5.
        assert_eq!(name(2015, 5, 6), Some(names::SUBSTITUTE));
        assert_eq!(name(2008, 5, 6), Some(names::SUBSTITUTE));
    }

    #[test]
    fn citizens_holidays_fill_single_gaps() {
        assert_eq!(name(2009, 9, 22), Some(names::CITIZENS));
        assert_eq!(name(2015, 9, 22), Some(names::CITIZENS));
        assert_eq!(name(2026, 9, 22), Some(names::CITIZENS));
        assert_eq!(name(2019, 4, 30), Some(names::CITIZENS));
        assert_eq!(name(2019, 5, 2), Some(names::CITIZENS));
        assert_eq!(name(1988, 5, 4), Some(names::CITIZENS));
        // Before the 1985 amendment 5/4 was an ordinary day.
        assert_eq!(name(1985, 5, 4), None);
    }

    #[test]
    fn emperors_birthday_moves_with_the_reign() {
        assert_eq!(name(1988, 4, 29), Some(names::EMPERORS_BIRTHDAY));
        assert_eq!(name(1989, 4, 29), Some(names::GREENERY));
        assert_eq!(name(1989, 12, 23), Some(names::EMPERORS_BIRTHDAY));
        assert_eq!(name(2018, 12, 23), Some(names::EMPERORS_BIRTHDAY));
        assert_eq!(name(2019, 12, 23), None);
        assert_eq!(name(2019, 2, 23), None);
        assert_eq!(name(2020, 2, 23), Some(names::EMPERORS_BIRTHDAY));
    }

    #[test]
    fn special_laws_and_olympic_moves() {
        assert_eq!(name(1959, 4, 10), Some(names::AKIHITO_WEDDING));
        assert_eq!(name(1989, 2, 24), Some(names::SHOWA_FUNERAL));
        assert_eq!(name(1990, 11, 12), Some(names::ENTHRONEMENT_CEREMONY));
        assert_eq!(name(1993, 6, 9), Some(names::NARUHITO_WEDDING));
        assert_eq!(name(2019, 5, 1), Some(names::ENTHRONEMENT_DAY));
        assert_eq!(name(2019, 10, 22), Some(names::ENTHRONEMENT_CEREMONY_2019));
        assert_eq!(name(2020, 7, 23), Some(names::MARINE));
        assert_eq!(name(2020, 7, 24), Some(names::SPORTS));
        assert_eq!(name(2020, 8, 10), Some(names::MOUNTAIN));
        assert_eq!(name(2020, 10, 12), None);
        assert_eq!(name(2021, 7, 22), Some(names::MARINE));
        assert_eq!(name(2021, 7, 23), Some(names::SPORTS));
        assert_eq!(name(2021, 8, 8), Some(names::MOUNTAIN));
        assert_eq!(name(2021, 8, 9), Some(names::SUBSTITUTE));
        assert_eq!(name(2021, 8, 11), None);
        assert_eq!(name(2022, 10, 10), Some(names::SPORTS));
    }

    #[test]
    fn equinoxes_match_the_almanac() {
        // 国立天文台 暦要項 values.
        assert_eq!(vernal_equinox_day(2023), 21);
        assert_eq!(vernal_equinox_day(2024), 20);
        assert_eq!(autumnal_equinox_day(2024), 22);
        assert_eq!(autumnal_equinox_day(2012), 22);
        assert_eq!(vernal_equinox_day(1970), 21);
        assert_eq!(autumnal_equinox_day(1979), 24);
    }

    #[test]
    fn no_holidays_before_the_law() {
        assert!(holidays_in_year(1948).is_empty());
        assert_eq!(holidays_in_year(2024).len(), 21);
    }
}
