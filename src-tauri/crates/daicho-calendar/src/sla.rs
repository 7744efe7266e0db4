//! SLA targets and their evaluation: when a ticket is due, how much of its
//! allowance has been used, and whether it was met, breached, is at risk or
//! is still running. The team's rules ([`SlaPolicy`]) are in `policy.rs`.
//!
//! Everything here is a pure function of (target, calendar, instants):
//! nothing is cached, so after a team edits a rule or its calendar,
//! evaluating again gives the new answer.

use chrono::{Duration, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::calendar::BusinessCalendar;

/// The share of the allowance after which a running target is [`SlaStatus::AtRisk`].
pub const DEFAULT_AT_RISK_RATIO: f64 = 0.75;

/// The unit of a target's amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Minutes,
    Hours,
    /// Under [`Clock::BusinessTime`], one business day is one full business
    /// day of working time ([`BusinessCalendar::business_day_length`], 8h45m
    /// by default): from 10:00 it is due at 10:00 on the next business day.
    /// Under [`Clock::Calendar24h`], it is the same clock time on the n-th
    /// business day after the start.
    BusinessDays,
}

/// Which clock a target runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Clock {
    /// Only business hours of business days count.
    BusinessTime,
    /// Wall-clock time, day and night, every day.
    #[serde(rename = "calendar_24h")]
    Calendar24h,
}

/// One time limit, e.g. "4 hours of business time".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Target {
    pub amount: u32,
    pub unit: Unit,
    pub clock: Clock,
}

impl Target {
    /// `amount` minutes of business time.
    pub fn minutes(amount: u32) -> Self {
        Self {
            amount,
            unit: Unit::Minutes,
            clock: Clock::BusinessTime,
        }
    }

    /// `amount` hours of business time.
    pub fn hours(amount: u32) -> Self {
        Self {
            amount,
            unit: Unit::Hours,
            clock: Clock::BusinessTime,
        }
    }

    /// `amount` business days of business time.
    pub fn business_days(amount: u32) -> Self {
        Self {
            amount,
            unit: Unit::BusinessDays,
            clock: Clock::BusinessTime,
        }
    }

    /// The same target on another clock.
    pub fn with_clock(self, clock: Clock) -> Self {
        Self { clock, ..self }
    }

    /// The instant the target falls due for something that started at `start`.
    pub fn due(&self, calendar: &BusinessCalendar, start: NaiveDateTime) -> NaiveDateTime {
        let amount = i64::from(self.amount);
        match (self.clock, self.unit) {
            (Clock::BusinessTime, _) => {
                calendar.add_business_duration(start, self.business_allowance(calendar))
            }
            (Clock::Calendar24h, Unit::Minutes) => start + Duration::minutes(amount),
            (Clock::Calendar24h, Unit::Hours) => start + Duration::hours(amount),
            (Clock::Calendar24h, Unit::BusinessDays) => calendar
                .add_business_days(start.date(), amount)
                .and_time(start.time()),
        }
    }

    /// The allowance measured on the target's own clock.
    pub fn allowance(&self, calendar: &BusinessCalendar, start: NaiveDateTime) -> Duration {
        match self.clock {
            Clock::BusinessTime => self.business_allowance(calendar),
            Clock::Calendar24h => self.due(calendar, start) - start,
        }
    }

    /// The time used between `start` and `until` on the target's own clock
    /// (zero if `until` is not after `start`).
    pub fn elapsed(
        &self,
        calendar: &BusinessCalendar,
        start: NaiveDateTime,
        until: NaiveDateTime,
    ) -> Duration {
        match self.clock {
            Clock::BusinessTime => calendar.business_duration_between(start, until),
            Clock::Calendar24h => (until - start).max(Duration::zero()),
        }
    }

    fn business_allowance(&self, calendar: &BusinessCalendar) -> Duration {
        let amount = i64::from(self.amount);
        match self.unit {
            Unit::Minutes => Duration::minutes(amount),
            Unit::Hours => Duration::hours(amount),
            Unit::BusinessDays => {
                Duration::milliseconds(calendar.business_day_length().num_milliseconds() * amount)
            }
        }
    }
}

/// Where a target stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SlaStatus {
    /// Done by the due time.
    Met,
    /// Done after the due time, or still open past it.
    Breached,
    /// Open, not yet due, and at least the at-risk share of the allowance used.
    AtRisk,
    /// Open with time to spare.
    Running,
}

/// The result of evaluating one target. Durations are on the target's clock
/// and serialize as whole seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaState {
    pub due: NaiveDateTime,
    #[serde(with = "seconds")]
    pub allowance: Duration,
    /// Used from the start until `done`, or until `now` while open.
    #[serde(with = "seconds")]
    pub elapsed: Duration,
    /// `allowance - elapsed`; negative once overrun.
    #[serde(with = "seconds")]
    pub remaining: Duration,
    pub status: SlaStatus,
}

/// [`evaluate_with_ratio`] with the default at-risk ratio of 75%.
pub fn evaluate(
    target: &Target,
    calendar: &BusinessCalendar,
    start: NaiveDateTime,
    done: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> SlaState {
    evaluate_with_ratio(target, calendar, start, done, now, DEFAULT_AT_RISK_RATIO)
}

/// Evaluates `target` for something that started at `start` and was done at
/// `done` (`None` while open), as seen at `now`.
///
/// Met and breached compare wall-clock instants with the due time, so a
/// target due at 17:45 on Friday and done on Saturday is breached even though
/// no business time passed in between: it was not done by the due time.
pub fn evaluate_with_ratio(
    target: &Target,
    calendar: &BusinessCalendar,
    start: NaiveDateTime,
    done: Option<NaiveDateTime>,
    now: NaiveDateTime,
    at_risk_ratio: f64,
) -> SlaState {
    let due = target.due(calendar, start);
    let allowance = target.allowance(calendar, start);
    let elapsed = target.elapsed(calendar, start, done.unwrap_or(now));
    state(due, allowance, elapsed, done, now, at_risk_ratio)
}

/// Evaluates a limit given as a fixed instant `due` (e.g. "by the next
/// 定例会") on `clock`: the allowance is the time from `start` to `due` on
/// that clock.
pub fn evaluate_until(
    due: NaiveDateTime,
    clock: Clock,
    calendar: &BusinessCalendar,
    start: NaiveDateTime,
    done: Option<NaiveDateTime>,
    now: NaiveDateTime,
    at_risk_ratio: f64,
) -> SlaState {
    let on_clock = |until: NaiveDateTime| match clock {
        Clock::BusinessTime => calendar.business_duration_between(start, until),
        Clock::Calendar24h => (until - start).max(Duration::zero()),
    };
    let allowance = on_clock(due);
    let elapsed = on_clock(done.unwrap_or(now));
    state(due, allowance, elapsed, done, now, at_risk_ratio)
}

fn state(
    due: NaiveDateTime,
    allowance: Duration,
    elapsed: Duration,
    done: Option<NaiveDateTime>,
    now: NaiveDateTime,
    at_risk_ratio: f64,
) -> SlaState {
    let status = match done {
        Some(done) if done <= due => SlaStatus::Met,
        Some(_) => SlaStatus::Breached,
        None if now > due => SlaStatus::Breached,
        None => {
            let ratio = if at_risk_ratio.is_nan() {
                DEFAULT_AT_RISK_RATIO
            } else {
                at_risk_ratio.clamp(0.0, 1.0)
            };
            let threshold = allowance.num_milliseconds() as f64 * ratio;
            if elapsed.num_milliseconds() as f64 >= threshold {
                SlaStatus::AtRisk
            } else {
                SlaStatus::Running
            }
        }
    };
    SlaState {
        due,
        allowance,
        elapsed,
        remaining: allowance - elapsed,
        status,
    }
}

/// Serde for `Duration` as whole seconds.
mod seconds {
    use chrono::Duration;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(d.num_seconds())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
        Ok(Duration::seconds(i64::deserialize(d)?))
    }
}
