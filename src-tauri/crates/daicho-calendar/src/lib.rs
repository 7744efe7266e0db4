//! Japanese business calendar and SLA evaluation for Daicho (運用台帳).
//!
//! - [`holidays`]: Japanese national holidays from the rules of the
//!   国民の祝日に関する法律 (no data files, no network);
//! - [`calendar`]: [`BusinessCalendar`], built from a serde-serializable
//!   [`CalendarConfig`] (weekends, national holidays, 年末年始, company
//!   holidays, business hours), with business-day and business-time
//!   arithmetic;
//! - [`sla`]: SLA targets and their pure evaluation (due, elapsed, Met /
//!   Breached / AtRisk / Running); [`policy`]: a team's rules per
//!   優先度/Severity/service level, incident 受付 and 定例会 triage;
//! - [`wareki`](mod@wareki): Japanese era dates (令和4年9月22日, R4.9.22) both ways.
//!
//! Invariants: this crate knows nothing of storage, IPC or the UI; every
//! function is pure over naive local (JST) times, so a changed rule or config
//! takes effect on the next call.
//!
//! ```
//! use chrono::{Duration, NaiveDate};
//! use daicho_calendar::{evaluate, BusinessCalendar, SlaPolicy, SlaStatus, Target};
//!
//! let cal = BusinessCalendar::default(); // 土日・祝日・12/29–1/3 休み, 9:00–17:45
//! let friday = NaiveDate::from_ymd_opt(2024, 3, 8).unwrap().and_hms_opt(17, 0, 0).unwrap();
//! let due = cal.add_business_duration(friday, Duration::hours(4));
//! assert_eq!(due.to_string(), "2024-03-11 12:15:00");
//!
//! let medium = SlaPolicy::default().rule("Medium").unwrap().recovery.unwrap();
//! assert_eq!(medium, Target::business_days(1));
//! let high = Target::hours(4);
//! let state = evaluate(&high, &cal, friday, Some(due), due);
//! assert_eq!(state.status, SlaStatus::Met);
//!
//! assert_eq!(daicho_calendar::wareki(due.date()), "令和6年3月11日");
//! ```

pub mod calendar;
pub mod holidays;
pub mod policy;
pub mod sla;
pub mod wareki;

pub use calendar::{
    AnnualClosure, BusinessCalendar, BusinessHours, CalendarConfig, CalendarError, CompanyHoliday,
    MonthDay, RecurringHoliday, TimeSpan,
};
pub use holidays::{holidays_in_year, Holiday};
pub use policy::{Measure, SlaPolicy, SlaRule};
pub use sla::{
    evaluate, evaluate_until, evaluate_with_ratio, Clock, SlaState, SlaStatus, Target, Unit,
};
pub use wareki::{parse_wareki, to_wareki, wareki, Era, WarekiDate, WarekiError};
