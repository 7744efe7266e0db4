//! Japanese era dates (和暦): formatting a date as `令和4年9月22日` and
//! reading the forms found in old ledgers and spreadsheets (`令和4年9月22日`,
//! `令和元年5月1日`, `R4.9.22`, `H31.4.30`, `S64.1.7`, full-width digits too).
//!
//! Parsing is strict about era boundaries because the importer relies on it:
//! `H31.5.1` does not exist (平成 ended on 2019-04-30) and is an error rather
//! than being silently read as 2019-05-01.
//!
//! NOTE: 明治 is supported only from 明治6年 (1873-01-01), when Japan adopted
//! the Gregorian calendar; earlier 明治 dates were lunisolar and cannot be
//! mapped by arithmetic.

use std::fmt;

use chrono::{Datelike, NaiveDate};

/// A Japanese era (元号) of the modern calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Era {
    Meiji,
    Taisho,
    Showa,
    Heisei,
    Reiwa,
}

const ERAS: [Era; 5] = [Era::Meiji, Era::Taisho, Era::Showa, Era::Heisei, Era::Reiwa];

impl Era {
    /// The era name, e.g. `令和`.
    pub fn name(self) -> &'static str {
        match self {
            Era::Meiji => "明治",
            Era::Taisho => "大正",
            Era::Showa => "昭和",
            Era::Heisei => "平成",
            Era::Reiwa => "令和",
        }
    }

    /// The one-letter abbreviation used in `R4.9.22`.
    pub fn letter(self) -> char {
        match self {
            Era::Meiji => 'M',
            Era::Taisho => 'T',
            Era::Showa => 'S',
            Era::Heisei => 'H',
            Era::Reiwa => 'R',
        }
    }

    /// The Western year of the era's year 1 (元年).
    fn gregorian_year_of_gannen(self) -> i32 {
        match self {
            Era::Meiji => 1868,
            Era::Taisho => 1912,
            Era::Showa => 1926,
            Era::Heisei => 1989,
            Era::Reiwa => 2019,
        }
    }

    /// The first day that belongs to this era (for 明治, the first Gregorian day).
    pub fn first_supported_day(self) -> NaiveDate {
        let (y, m, d) = match self {
            Era::Meiji => (1873, 1, 1),
            Era::Taisho => (1912, 7, 30),
            Era::Showa => (1926, 12, 25),
            Era::Heisei => (1989, 1, 8),
            Era::Reiwa => (2019, 5, 1),
        };
        NaiveDate::from_ymd_opt(y, m, d).expect("valid constant date")
    }

    /// The last day of the era, `None` for the current one.
    pub fn last_day(self) -> Option<NaiveDate> {
        let next = ERAS.iter().find(|e| **e > self)?;
        next.first_supported_day().pred_opt()
    }

    /// The era `date` falls in; `None` before 1873.
    pub fn of(date: NaiveDate) -> Option<Era> {
        ERAS.iter()
            .rev()
            .copied()
            .find(|e| e.first_supported_day() <= date)
    }

    fn from_name(s: &str) -> Option<Era> {
        ERAS.iter().copied().find(|e| {
            e.name() == s
                || e.name().chars().next().map(String::from).as_deref() == Some(s)
                || s.len() == 1 && s.eq_ignore_ascii_case(&e.letter().to_string())
        })
    }
}

/// A date written in the Japanese era system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct WarekiDate {
    pub era: Era,
    /// 1 is 元年.
    pub year: u32,
    pub month: u32,
    pub day: u32,
}

impl fmt::Display for WarekiDate {
    /// `令和4年9月22日`, with `元年` for year 1.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.era.name())?;
        if self.year == 1 {
            f.write_str("元")?;
        } else {
            write!(f, "{}", self.year)?;
        }
        write!(f, "年{}月{}日", self.month, self.day)
    }
}

/// `date` in the era system, `None` before 1873.
pub fn to_wareki(date: NaiveDate) -> Option<WarekiDate> {
    let era = Era::of(date)?;
    Some(WarekiDate {
        era,
        year: (date.year() - era.gregorian_year_of_gannen() + 1) as u32,
        month: date.month(),
        day: date.day(),
    })
}

/// `date` as `令和4年9月22日` (`令和元年5月1日` for year 1). Dates before 1873
/// have no era form here and fall back to `1872年12月31日`.
pub fn wareki(date: NaiveDate) -> String {
    match to_wareki(date) {
        Some(w) => w.to_string(),
        None => format!("{}年{}月{}日", date.year(), date.month(), date.day()),
    }
}

/// Why an era date was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WarekiError {
    /// Not shaped like an era date.
    Format(String),
    /// The era name or letter is not one of 明治/大正/昭和/平成/令和 (M/T/S/H/R).
    UnknownEra(String),
    /// The month or day does not exist (e.g. `R5.2.29`).
    InvalidDate(String),
    /// A real calendar day, but not within the named era (e.g. `H31.5.1`).
    OutsideEra(String),
}

impl fmt::Display for WarekiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Format(s) => write!(f, "not an era date: {s:?}"),
            Self::UnknownEra(s) => write!(f, "unknown era in {s:?}"),
            Self::InvalidDate(s) => write!(f, "no such date: {s:?}"),
            Self::OutsideEra(s) => write!(f, "date is outside its era: {s:?}"),
        }
    }
}

impl std::error::Error for WarekiError {}

/// Parses `令和4年9月22日`, `令和元年5月1日`, `R4.9.22`, `r4/9/22`, `H31.4.30`,
/// `S64.1.7`, `平成31.4.30`, `令4.9.22` and the same with full-width
/// characters. Rejects dates outside their era, such as `H31.5.1` or `S64.1.8`.
pub fn parse_wareki(input: &str) -> Result<NaiveDate, WarekiError> {
    let text: String = input
        .chars()
        .map(to_narrow)
        .filter(|c| !c.is_whitespace())
        .collect();
    let format_error = || WarekiError::Format(input.to_string());

    let split = text
        .find(|c: char| c.is_ascii_digit() || c == '元')
        .ok_or_else(format_error)?;
    let (era_text, rest) = text.split_at(split);
    if era_text.is_empty() {
        return Err(format_error());
    }
    let era = Era::from_name(era_text).ok_or_else(|| WarekiError::UnknownEra(input.to_string()))?;

    let parts: Vec<&str> = rest
        .split(['年', '月', '日', '.', '/', '-'])
        .filter(|p| !p.is_empty())
        .collect();
    let [year, month, day] = parts[..] else {
        return Err(format_error());
    };
    let number = |s: &str| -> Result<u32, WarekiError> {
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) || s.len() > 4 {
            return Err(format_error());
        }
        s.parse().map_err(|_| format_error())
    };
    let year = if year == "元" { 1 } else { number(year)? };
    let (month, day) = (number(month)?, number(day)?);
    if year == 0 {
        return Err(WarekiError::InvalidDate(input.to_string()));
    }

    let gregorian_year = era.gregorian_year_of_gannen() + year as i32 - 1;
    let date = NaiveDate::from_ymd_opt(gregorian_year, month, day)
        .ok_or_else(|| WarekiError::InvalidDate(input.to_string()))?;
    if Era::of(date) != Some(era) {
        return Err(WarekiError::OutsideEra(input.to_string()));
    }
    Ok(date)
}

/// Full-width ASCII (０-９, Ａ-Ｚ, ．／－) to its ASCII form; other characters as is.
fn to_narrow(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn formats_each_era_with_gannen() {
        assert_eq!(wareki(ymd(2022, 9, 22)), "令和4年9月22日");
        assert_eq!(wareki(ymd(2019, 5, 1)), "令和元年5月1日");
        assert_eq!(wareki(ymd(2019, 4, 30)), "平成31年4月30日");
        assert_eq!(wareki(ymd(1989, 1, 8)), "平成元年1月8日");
        assert_eq!(wareki(ymd(1989, 1, 7)), "昭和64年1月7日");
        assert_eq!(wareki(ymd(1926, 12, 25)), "昭和元年12月25日");
        assert_eq!(wareki(ymd(1926, 12, 24)), "大正15年12月24日");
        assert_eq!(wareki(ymd(1912, 7, 29)), "明治45年7月29日");
        assert_eq!(wareki(ymd(1873, 1, 1)), "明治6年1月1日");
        assert_eq!(wareki(ymd(1872, 12, 31)), "1872年12月31日");
    }

    #[test]
    fn parses_the_importer_forms() {
        assert_eq!(parse_wareki("令和4年9月22日"), Ok(ymd(2022, 9, 22)));
        assert_eq!(parse_wareki("R4.9.22"), Ok(ymd(2022, 9, 22)));
        assert_eq!(parse_wareki("H31.4.30"), Ok(ymd(2019, 4, 30)));
        assert_eq!(parse_wareki("S64.1.7"), Ok(ymd(1989, 1, 7)));
        assert_eq!(parse_wareki("令和元年5月1日"), Ok(ymd(2019, 5, 1)));
        assert_eq!(parse_wareki("r1/5/1"), Ok(ymd(2019, 5, 1)));
        assert_eq!(parse_wareki(" Ｒ０４．０９．２２ "), Ok(ymd(2022, 9, 22)));
        assert_eq!(parse_wareki("令和４年９月２２日"), Ok(ymd(2022, 9, 22)));
        assert_eq!(parse_wareki("平成31.4.30"), Ok(ymd(2019, 4, 30)));
        assert_eq!(parse_wareki("昭4.1.1"), Ok(ymd(1929, 1, 1)));
        assert_eq!(parse_wareki("T15.12.24"), Ok(ymd(1926, 12, 24)));
        assert_eq!(parse_wareki("M45.7.29"), Ok(ymd(1912, 7, 29)));
    }

    #[test]
    fn rejects_dates_outside_their_era() {
        for bad in [
            "H31.5.1",
            "S64.1.8",
            "H1.1.7",
            "R1.4.30",
            "T15.12.25",
            "M5.12.31",
        ] {
            assert_eq!(
                parse_wareki(bad),
                Err(WarekiError::OutsideEra(bad.to_string())),
                "{bad}"
            );
        }
    }

    #[test]
    fn rejects_malformed_input() {
        assert!(matches!(
            parse_wareki("R5.2.29"),
            Err(WarekiError::InvalidDate(_))
        ));
        assert!(matches!(
            parse_wareki("R0.1.1"),
            Err(WarekiError::InvalidDate(_))
        ));
        assert!(matches!(
            parse_wareki("X4.9.22"),
            Err(WarekiError::UnknownEra(_))
        ));
        assert!(matches!(
            parse_wareki("2022.9.22"),
            Err(WarekiError::Format(_))
        ));
        assert!(matches!(parse_wareki("R4.9"), Err(WarekiError::Format(_))));
        assert!(matches!(parse_wareki(""), Err(WarekiError::Format(_))));
        assert!(matches!(parse_wareki("令和"), Err(WarekiError::Format(_))));
        assert!(matches!(
            parse_wareki("R4.9.22.1"),
            Err(WarekiError::Format(_))
        ));
    }

    #[test]
    fn round_trips_every_day_since_1873() {
        let mut date = ymd(1873, 1, 1);
        while date.year() < 2100 {
            assert_eq!(parse_wareki(&wareki(date)), Ok(date));
            date = date.succ_opt().unwrap();
        }
    }
}
