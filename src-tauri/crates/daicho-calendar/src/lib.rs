//! Japanese business calendar and SLA evaluation for Daicho (運用台帳).
//!
//! - [`holidays`]: Japanese national holidays from the rules of the
//!   国民の祝日に関する法律 (no data files, no network);
//! - [`calendar`]: [`BusinessCalendar`], built from a serde-serializable
//!   [`CalendarConfig`] (weekends, national holidays, 年末年始, company
//!   holidays, business hours), with business-day and business-time
//!   arithmetic;
//! - [`sla`]: SLA targets per 優先度/severity and their pure evaluation
//!   (due, elapsed, Met / Breached / AtRisk / Running);
//! - [`wareki`]: Japanese era dates (令和4年9月22日, R4.9.22) both ways.
//!
//! Invariants: this crate knows nothing of storage, IPC or the UI; every
//! function is pure over naive local (JST) times, so a changed rule or config
//! takes effect on the next call.

pub mod calendar;
pub mod holidays;
pub mod sla;
pub mod wareki;

pub use calendar::{
    AnnualClosure, BusinessCalendar, BusinessHours, CalendarConfig, CalendarError, CompanyHoliday,
    MonthDay, RecurringHoliday, TimeSpan,
};
pub use holidays::{holidays_in_year, Holiday};
pub use sla::{
    evaluate, evaluate_with_ratio, Clock, Measure, SlaPolicy, SlaRule, SlaState, SlaStatus, Target,
    Unit,
};
pub use wareki::{parse_wareki, to_wareki, wareki, Era, WarekiDate, WarekiError};
