//! A team's SLA rules ([`SlaPolicy`]): targets per 優先度 / Severity /
//! service level, the incident rules (受付 within a set time, 切り分け by the
//! next 定例会) and the rule for records without any of them.
//!
//! The default policy follows the references:
//! - the managed-service SOP's escalation limits are recovery/resolution
//!   limits: Critical not recovered within 1 hour, High not resolved within
//!   4 hours (both on the clock, 24 hours a day: a failure does not wait for
//!   office hours), Medium not resolved within 1 business day (business time);
//! - the platform document's system service levels: A 60 minutes and B 4
//!   hours on the clock (24時間365日), C by the next business day;
//! - incidents are triaged at the weekly 定例会 (Monday by default), so their
//!   first response is the acknowledgement (受付: the request entered in the
//!   incident ledger) within 1 business day, and triage by the next meeting.
//!
//! 優先度 高/中/低 maps rank for rank onto Critical/High/Medium. This is data a
//! team edits (`daicho report sla --set`), not a rule of the code.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Weekday};
use serde::{Deserialize, Serialize};

use crate::calendar::BusinessCalendar;
use crate::sla::{
    evaluate_until, evaluate_with_ratio, Clock, SlaState, Target, DEFAULT_AT_RISK_RATIO,
};

/// The targets for one priority, severity or service-level value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaRule {
    /// The value the rule applies to, e.g. `高`, `Critical` or `A`.
    pub key: String,
    /// Incidents: the acknowledgement (受付) target for this 優先度, instead
    /// of the policy's `incident_acknowledge`. Failures: the recovery target
    /// when `recovery` is unset (how rules stored before `recovery` existed
    /// keep their meaning).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_response: Option<Target>,
    /// Failures: 発生 → 復旧.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovery: Option<Target>,
    /// 起票/発生 → 対応済 (クローズ).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution: Option<Target>,
}

impl SlaRule {
    pub fn target(&self, measure: Measure) -> Option<&Target> {
        match measure {
            Measure::FirstResponse => self.first_response.as_ref(),
            Measure::Recovery => self.recovery.as_ref().or(self.first_response.as_ref()),
            Measure::Resolution => self.resolution.as_ref(),
        }
    }
}

/// Which of a rule's targets is meant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    FirstResponse,
    Recovery,
    Resolution,
}

/// A team's rules plus the at-risk threshold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SlaPolicy {
    /// Share of the allowance (0.0–1.0, clamped) after which a running target
    /// is at risk.
    pub at_risk_ratio: f64,
    pub rules: Vec<SlaRule>,
    /// The rule for a record without 優先度 / Severity / service level (or
    /// whose value has no rule).
    pub default_rule: String,
    /// インシデント 受付: from 起票日 until the request is entered in the
    /// ledger. `None` turns the measure off.
    pub incident_acknowledge: Option<Target>,
    /// インシデント 切り分け: by the next 定例会 on this weekday (`Mon` …);
    /// a meeting day that is not a business day moves to the next one.
    /// `None` turns the measure off.
    pub meeting_weekday: Option<Weekday>,
    /// The field whose value names the system (対象システム), looked up in
    /// `systems`; a value that is itself a rule key (`A`) applies directly.
    pub system_field: String,
    /// 対象システム → service-level rule key (`"基幹システム": "A"`).
    pub systems: BTreeMap<String, String>,
}

impl Default for SlaPolicy {
    /// The reference targets; see the module docs for where they come from.
    fn default() -> Self {
        let clock = |key: &str, target: Target| SlaRule {
            key: key.to_string(),
            first_response: None,
            recovery: Some(target.with_clock(Clock::Calendar24h)),
            resolution: None,
        };
        let business = |key: &str, target: Target| SlaRule {
            recovery: Some(target),
            ..clock(key, target)
        };
        Self {
            at_risk_ratio: DEFAULT_AT_RISK_RATIO,
            rules: vec![
                clock("Critical", Target::hours(1)),
                clock("High", Target::hours(4)),
                business("Medium", Target::business_days(1)),
                clock("高", Target::hours(1)),
                clock("中", Target::hours(4)),
                business("低", Target::business_days(1)),
                clock("A", Target::minutes(60)),
                clock("B", Target::hours(4)),
                business("C", Target::business_days(1)),
            ],
            default_rule: "Medium".to_string(),
            incident_acknowledge: Some(Target::business_days(1)),
            meeting_weekday: Some(Weekday::Mon),
            system_field: "target_system".to_string(),
            systems: BTreeMap::new(),
        }
    }
}

impl SlaPolicy {
    /// The rule for `key`, ignoring surrounding spaces and ASCII case.
    pub fn rule(&self, key: &str) -> Option<&SlaRule> {
        let key = key.trim();
        if key.is_empty() {
            return None;
        }
        self.rules
            .iter()
            .find(|r| r.key.trim().eq_ignore_ascii_case(key))
    }

    /// The key of the rule of the first of `candidates` (in order: service
    /// level, Severity, 優先度 …) that has a target for `measure`, else the
    /// default rule's key when it has one.
    pub fn pick<S: AsRef<str>>(&self, candidates: &[S], measure: Measure) -> Option<&str> {
        candidates
            .iter()
            .map(|c| c.as_ref())
            .chain([self.default_rule.as_str()])
            .filter_map(|k| self.rule(k))
            .find(|r| r.target(measure).is_some())
            .map(|r| r.key.as_str())
    }

    /// The service-level rule key of a 対象システム value, if any.
    pub fn system_level(&self, system: &str) -> Option<&str> {
        let system = system.trim();
        if system.is_empty() {
            return None;
        }
        let level = self
            .systems
            .iter()
            .find(|(k, _)| k.trim() == system)
            .map_or(system, |(_, v)| v.as_str());
        self.rule(level).map(|r| r.key.as_str())
    }

    /// Evaluates `measure` of the rule for `key`; `None` when there is no such
    /// rule or it has no target for `measure`.
    pub fn evaluate(
        &self,
        key: &str,
        measure: Measure,
        calendar: &BusinessCalendar,
        start: NaiveDateTime,
        done: Option<NaiveDateTime>,
        now: NaiveDateTime,
    ) -> Option<SlaState> {
        let target = self.rule(key)?.target(measure)?;
        Some(evaluate_with_ratio(
            target,
            calendar,
            start,
            done,
            now,
            self.at_risk_ratio,
        ))
    }

    /// The day of the next 定例会 after `raised` (strictly after it), moved
    /// to the next business day when it is not one.
    pub fn next_meeting(
        &self,
        calendar: &BusinessCalendar,
        raised: NaiveDate,
    ) -> Option<NaiveDate> {
        let weekday = self.meeting_weekday?;
        let mut day = raised + Duration::days(1);
        while day.weekday() != weekday {
            day += Duration::days(1);
        }
        if !calendar.is_business_day(day) {
            day = calendar.next_business_day(day);
        }
        Some(day)
    }

    /// インシデント 切り分け by the next 定例会 (its business closing time),
    /// on business time.
    pub fn evaluate_triage(
        &self,
        calendar: &BusinessCalendar,
        start: NaiveDateTime,
        done: Option<NaiveDateTime>,
        now: NaiveDateTime,
    ) -> Option<SlaState> {
        let meeting = self.next_meeting(calendar, start.date())?;
        let due = meeting.and_time(calendar.config().business_hours.end);
        Some(evaluate_until(
            due,
            Clock::BusinessTime,
            calendar,
            start,
            done,
            now,
            self.at_risk_ratio,
        ))
    }
}
