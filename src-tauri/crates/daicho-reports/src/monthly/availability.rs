//! 稼働率 per 対象システム: 1 − downtime (発生→復旧) ÷ service time, the
//! service time by the system's service level (A: 24 hours every day; B, C:
//! the business calendar's working hours).

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDateTime};
use daicho_core::domain::master::Master;
use daicho_core::{Daicho, Result};
use serde::Serialize;

use crate::data::{datetime, Data};
use crate::period::YearMonth;
use crate::settings::ReportSettings;
use crate::sla::failure_clock_start;

#[derive(Debug, Clone, Serialize)]
pub struct AvailabilityRow {
    pub system: String,
    /// A / B / C, or empty when not set (then 24 hours).
    pub service_level: String,
    pub service_hours: f64,
    pub downtime_hours: f64,
    /// Failures of the system whose outage overlaps the month.
    pub failures: usize,
    /// 稼働率 in percent, two decimals.
    pub availability_pct: Option<f64>,
}

fn hours(d: Duration) -> f64 {
    d.num_minutes() as f64 / 60.0
}

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

pub(super) fn availability(
    d: &Daicho,
    data: &Data,
    settings: &ReportSettings,
    month: YearMonth,
    as_of: NaiveDateTime,
) -> Result<Vec<AvailabilityRow>> {
    let field = settings.sla.system_field.as_str();
    let mut levels: BTreeMap<String, String> = BTreeMap::new();
    for m in d.masters(Master::System, false)? {
        if let Some(level) = m.service_level.filter(|l| !l.trim().is_empty()) {
            levels.insert(m.name, level);
        }
    }
    // Outages per system, clipped to [month start, cut-off).
    let mut outages: BTreeMap<String, Vec<(NaiveDateTime, NaiveDateTime)>> =
        levels.keys().map(|k| (k.clone(), Vec::new())).collect();
    for r in &data.failures {
        let system = r.get(field).display();
        let system = system.trim();
        let Some(start) = failure_clock_start(r) else {
            continue;
        };
        if system.is_empty() {
            continue;
        }
        let end = datetime(r, "recovered_at").unwrap_or(as_of);
        let (a, b) = (start.max(month.start()), end.min(as_of));
        if b > a {
            outages.entry(system.to_string()).or_default().push((a, b));
        }
    }
    let cal = &settings.calendar;
    let mut rows = Vec::new();
    for (system, spans) in outages {
        let level = levels
            .get(&system)
            .cloned()
            .or_else(|| settings.sla.system_level(&system).map(String::from))
            .unwrap_or_default();
        let on_clock = !matches!(level.trim(), "B" | "C");
        let length = |a: NaiveDateTime, b: NaiveDateTime| {
            if on_clock {
                hours(b - a)
            } else {
                hours(cal.business_duration_between(a, b))
            }
        };
        let failures = spans.len();
        let down: f64 = super::failures::merge(spans)
            .into_iter()
            .map(|(a, b)| length(a, b))
            .fold(0.0, |x, y| x + y);
        let service = length(month.start(), as_of.max(month.start()));
        rows.push(AvailabilityRow {
            system,
            service_level: level,
            service_hours: round2(service),
            downtime_hours: round2(down),
            failures,
            availability_pct: (service > 0.0)
                .then(|| round2((1.0 - down / service).max(0.0) * 100.0)),
        });
    }
    Ok(rows)
}
