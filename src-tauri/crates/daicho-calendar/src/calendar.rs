//! The business calendar: which days are business days (営業日) and which hours
//! of them count as business time, configured by a serde-serializable
//! [`CalendarConfig`] and turned into a validated [`BusinessCalendar`].
//!
//! Settings are read in two phases, as the rest of Daicho does: the raw
//! config (what a team edits and stores) and the derived calendar (validated,
//! with lookup tables), so a bad config is refused once, at construction,
//! instead of surprising a report later.
//!
//! All times are naive local times (JST in practice); the calendar knows no
//! time zones and no daylight saving, which Japan does not observe.
//! (Long by design: the config, its validation and the day/time arithmetic
//! share private lookup tables; splitting them would expose those tables.)

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Days, Duration, NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::holidays;

/// Name shown for the default year-end closure.
pub const YEAR_END_CLOSURE_NAME: &str = "年末年始休業";

/// A month and day without a year, written `MM-DD` in configs (`"12-29"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MonthDay {
    month: u32,
    day: u32,
}

impl MonthDay {
    /// `None` unless the day exists in a leap year (so 02-29 is accepted and
    /// simply never matches in common years).
    pub fn new(month: u32, day: u32) -> Option<Self> {
        NaiveDate::from_ymd_opt(2000, month, day).map(|_| Self { month, day })
    }

    pub fn of(date: NaiveDate) -> Self {
        Self {
            month: date.month(),
            day: date.day(),
        }
    }

    pub fn month(self) -> u32 {
        self.month
    }

    pub fn day(self) -> u32 {
        self.day
    }
}

impl fmt::Display for MonthDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}-{:02}", self.month, self.day)
    }
}

impl FromStr for MonthDay {
    type Err = CalendarError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || CalendarError::InvalidMonthDay(s.to_string());
        let (m, d) = s.trim().split_once(['-', '/']).ok_or_else(bad)?;
        let month = m.trim().parse().map_err(|_| bad())?;
        let day = d.trim().parse().map_err(|_| bad())?;
        Self::new(month, day).ok_or_else(bad)
    }
}

impl Serialize for MonthDay {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for MonthDay {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A closure that recurs every year over a range of month-days, both ends
/// inclusive; `from` after `to` wraps over the new year (12-29 → 01-03).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnualClosure {
    pub from: MonthDay,
    pub to: MonthDay,
    pub name: String,
}

impl AnnualClosure {
    pub fn contains(&self, date: NaiveDate) -> bool {
        let md = MonthDay::of(date);
        if self.from <= self.to {
            self.from <= md && md <= self.to
        } else {
            md >= self.from || md <= self.to
        }
    }
}

impl Default for AnnualClosure {
    /// 年末年始 12/29–1/3, as in the references' definition of 業務日.
    fn default() -> Self {
        Self {
            from: MonthDay { month: 12, day: 29 },
            to: MonthDay { month: 1, day: 3 },
            name: YEAR_END_CLOSURE_NAME.to_string(),
        }
    }
}

/// A one-off company holiday (e.g. 夏季休業 on a given date).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyHoliday {
    pub date: NaiveDate,
    pub name: String,
}

/// A company holiday on the same month-day every year (e.g. 創立記念日).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecurringHoliday {
    pub month_day: MonthDay,
    pub name: String,
}

/// A span of the day, `start` inclusive, `end` exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeSpan {
    pub start: NaiveTime,
    pub end: NaiveTime,
}

/// The working hours of every business day.
///
/// NOTE: `end` must be after `start` on the same day; overnight shifts are not
/// modelled (a 24h operation uses [`crate::sla::Clock::Calendar24h`] instead).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BusinessHours {
    pub start: NaiveTime,
    pub end: NaiveTime,
    /// Excluded from business time when set (e.g. 12:00–13:00).
    #[serde(default)]
    pub lunch_break: Option<TimeSpan>,
}

impl Default for BusinessHours {
    /// 9:00–17:45 without a lunch break.
    fn default() -> Self {
        Self {
            start: hm(9, 0),
            end: hm(17, 45),
            lunch_break: None,
        }
    }
}

fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).expect("valid constant time")
}

/// What a team configures; see [`BusinessCalendar::new`] for validation.
///
/// Every field has a default, so `{}` is a valid config: Saturday and
/// Sunday off, national holidays off, 12/29–1/3 off, 9:00–17:45.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CalendarConfig {
    /// Days of the week that are never business days.
    pub weekend: Vec<Weekday>,
    /// Whether national holidays (祝日, 振替休日, 国民の休日) are closed.
    pub national_holidays: bool,
    /// The year-end closure; `None` turns it off.
    pub year_end_closure: Option<AnnualClosure>,
    pub company_holidays: Vec<CompanyHoliday>,
    pub recurring_holidays: Vec<RecurringHoliday>,
    pub business_hours: BusinessHours,
}

impl Default for CalendarConfig {
    fn default() -> Self {
        Self {
            weekend: vec![Weekday::Sat, Weekday::Sun],
            national_holidays: true,
            year_end_closure: Some(AnnualClosure::default()),
            company_holidays: Vec::new(),
            recurring_holidays: Vec::new(),
            business_hours: BusinessHours::default(),
        }
    }
}

/// Why a config was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CalendarError {
    /// Business hours end at or before they start.
    EmptyBusinessHours,
    /// The lunch break is empty or not inside the business hours.
    LunchBreakOutsideHours,
    /// Every day of the week is a weekend day.
    NoWorkingWeekday,
    /// Recurring closures (with fixed-date national holidays) leave no day of
    /// the year open.
    NoWorkingDayInYear,
    /// A `MM-DD` value that is not a real day.
    InvalidMonthDay(String),
}

impl fmt::Display for CalendarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::EmptyBusinessHours => write!(f, "business hours must end after they start"),
            Self::LunchBreakOutsideHours => {
                write!(
                    f,
                    "the lunch break must be non-empty and inside business hours"
                )
            }
            Self::NoWorkingWeekday => write!(f, "every day of the week is a weekend day"),
            Self::NoWorkingDayInYear => {
                write!(f, "recurring holidays and closures cover the whole year")
            }
            Self::InvalidMonthDay(s) => write!(f, "not a valid month-day (MM-DD): {s:?}"),
        }
    }
}

impl std::error::Error for CalendarError {}

/// A validated business calendar. Cheap to query; build one per config.
#[derive(Debug, Clone)]
pub struct BusinessCalendar {
    config: CalendarConfig,
    weekend: [bool; 7],
    company: BTreeMap<NaiveDate, String>,
    recurring: HashMap<MonthDay, String>,
    /// Working intervals of a business day, ordered and disjoint.
    intervals: Vec<(NaiveTime, NaiveTime)>,
    day_length: Duration,
}

impl Default for BusinessCalendar {
    fn default() -> Self {
        Self::new(CalendarConfig::default()).expect("the default config is valid")
    }
}

impl BusinessCalendar {
    /// Validates `config` and derives the lookup tables.
    pub fn new(config: CalendarConfig) -> Result<Self, CalendarError> {
        let hours = &config.business_hours;
        if hours.end <= hours.start {
            return Err(CalendarError::EmptyBusinessHours);
        }
        let intervals = match hours.lunch_break {
            None => vec![(hours.start, hours.end)],
            Some(lunch) => {
                if lunch.end <= lunch.start || lunch.start < hours.start || lunch.end > hours.end {
                    return Err(CalendarError::LunchBreakOutsideHours);
                }
                [(hours.start, lunch.start), (lunch.end, hours.end)]
                    .into_iter()
                    .filter(|(s, e)| s < e)
                    .collect()
            }
        };
        let day_length = intervals
            .iter()
            .fold(Duration::zero(), |acc, (s, e)| acc + (*e - *s));
        if day_length.is_zero() {
            return Err(CalendarError::EmptyBusinessHours);
        }

        let mut weekend = [false; 7];
        for day in &config.weekend {
            weekend[day.num_days_from_monday() as usize] = true;
        }
        if weekend.iter().all(|w| *w) {
            return Err(CalendarError::NoWorkingWeekday);
        }

        let recurring: HashMap<MonthDay, String> = config
            .recurring_holidays
            .iter()
            .map(|r| (r.month_day, r.name.clone()))
            .collect();
        // With at least one working weekday and one month-day that no
        // recurring rule closes and that is not a fixed-date national
        // holiday, that month-day falls on a working weekday within a few
        // years of any date, so the forward searches below always end.
        let leap_year = NaiveDate::from_ymd_opt(2000, 1, 1).expect("valid constant date");
        let fixed_national = [
            "01-01", "02-11", "02-23", "04-29", "05-03", "05-04", "05-05",
        ]
        .into_iter()
        .chain(["08-11", "11-03", "11-23", "12-23"]);
        let fixed_national: Vec<MonthDay> = if config.national_holidays {
            fixed_national.filter_map(|s| s.parse().ok()).collect()
        } else {
            Vec::new()
        };
        let open_month_day = leap_year.iter_days().take(366).any(|d| {
            let md = MonthDay::of(d);
            !recurring.contains_key(&md)
                && !fixed_national.contains(&md)
                && !config
                    .year_end_closure
                    .as_ref()
                    .is_some_and(|c| c.contains(d))
        });
        if !open_month_day {
            return Err(CalendarError::NoWorkingDayInYear);
        }

        let company = config
            .company_holidays
            .iter()
            .map(|h| (h.date, h.name.clone()))
            .collect();
        Ok(Self {
            config,
            weekend,
            company,
            recurring,
            intervals,
            day_length,
        })
    }

    pub fn config(&self) -> &CalendarConfig {
        &self.config
    }

    /// The working time of one business day (8h45m by default). This is what
    /// "one business day" means for business-time durations.
    pub fn business_day_length(&self) -> Duration {
        self.day_length
    }

    /// The working intervals of a business day, ordered (two when a lunch
    /// break is set).
    pub fn working_intervals(&self) -> &[(NaiveTime, NaiveTime)] {
        &self.intervals
    }

    /// Whether `date` is a business day: not a weekend day, not a national
    /// holiday (when enabled), not in the year-end closure, not a company
    /// holiday.
    pub fn is_business_day(&self, date: NaiveDate) -> bool {
        !self.weekend[date.weekday().num_days_from_monday() as usize]
            && self.holiday_name(date).is_none()
    }

    /// The name of the holiday or closure on `date` (national holiday first,
    /// then company holidays, then the year-end closure). Weekends have no
    /// name and return `None`.
    pub fn holiday_name(&self, date: NaiveDate) -> Option<&str> {
        if self.config.national_holidays {
            if let Some(name) = holidays::holiday_name(date) {
                return Some(name);
            }
        }
        if let Some(name) = self.company.get(&date) {
            return Some(name);
        }
        if let Some(name) = self.recurring.get(&MonthDay::of(date)) {
            return Some(name);
        }
        self.config
            .year_end_closure
            .as_ref()
            .filter(|c| c.contains(date))
            .map(|c| c.name.as_str())
    }

    /// The first business day strictly after `date`.
    pub fn next_business_day(&self, date: NaiveDate) -> NaiveDate {
        let mut day = next_day(date);
        while !self.is_business_day(day) {
            day = next_day(day);
        }
        day
    }

    /// The last business day strictly before `date`.
    pub fn previous_business_day(&self, date: NaiveDate) -> NaiveDate {
        let mut day = prev_day(date);
        while !self.is_business_day(day) {
            day = prev_day(day);
        }
        day
    }

    /// The date `n` business days after `date` (before it when `n` is
    /// negative); `date` itself is not counted, so from a Friday `1` gives the
    /// next Monday (if it is a business day). `n == 0` returns `date`.
    pub fn add_business_days(&self, date: NaiveDate, n: i64) -> NaiveDate {
        let mut day = date;
        for _ in 0..n.unsigned_abs() {
            day = if n > 0 {
                self.next_business_day(day)
            } else {
                self.previous_business_day(day)
            };
        }
        day
    }

    /// How many business days later `end` is than `start`: the business days
    /// `d` with `start < d <= end`, negated when `end` is before `start`. So
    /// `business_days_between(d, add_business_days(d, n)) == n`.
    pub fn business_days_between(&self, start: NaiveDate, end: NaiveDate) -> i64 {
        let (from, to, sign) = if start <= end {
            (start, end, 1)
        } else {
            (end, start, -1)
        };
        let count = from
            .iter_days()
            .skip(1)
            .take_while(|d| *d <= to)
            .filter(|d| self.is_business_day(*d))
            .count() as i64;
        sign * count
    }

    /// The business time between two instants: the part of `[start, end)` that
    /// falls in working hours of business days. Zero when `end <= start`.
    pub fn business_duration_between(&self, start: NaiveDateTime, end: NaiveDateTime) -> Duration {
        if end <= start {
            return Duration::zero();
        }
        let mut total = Duration::zero();
        for date in start.date().iter_days().take_while(|d| *d <= end.date()) {
            if !self.is_business_day(date) {
                continue;
            }
            for (s, e) in &self.intervals {
                let from = date.and_time(*s).max(start);
                let to = date.and_time(*e).min(end);
                if to > from {
                    total += to - from;
                }
            }
        }
        total
    }

    /// The instant when `duration` of business time has passed after `start`.
    ///
    /// When the allowance runs out exactly at the end of a working interval
    /// the result is that end (e.g. 17:45), not the next morning. A start
    /// outside working hours begins counting at the next working instant.
    /// One business day of time ([`Self::business_day_length`]) from 10:00 on
    /// a business day gives 10:00 of the next business day. Zero or negative
    /// durations return `start` unchanged.
    pub fn add_business_duration(&self, start: NaiveDateTime, duration: Duration) -> NaiveDateTime {
        if duration <= Duration::zero() {
            return start;
        }
        let mut remaining = duration;
        let mut date = start.date();
        let mut from = start.time();
        loop {
            if self.is_business_day(date) {
                for (s, e) in &self.intervals {
                    if from >= *e {
                        continue;
                    }
                    let begin = from.max(*s);
                    let available = *e - begin;
                    if remaining <= available {
                        return date.and_time(begin) + remaining;
                    }
                    remaining -= available;
                }
            }
            date = next_day(date);
            from = NaiveTime::MIN;
        }
    }
}

fn next_day(date: NaiveDate) -> NaiveDate {
    date.checked_add_days(Days::new(1))
        .expect("date within chrono's range")
}

fn prev_day(date: NaiveDate) -> NaiveDate {
    date.checked_sub_days(Days::new(1))
        .expect("date within chrono's range")
}
