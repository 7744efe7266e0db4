//! The 12-month trend and the comparison with the same month a year ago.

use daicho_core::domain::ledger::Ledger;
use serde::Serialize;

use super::flow::Flow;
use super::look_back::LookBack;
use super::round1;
use crate::period::YearMonth;

#[derive(Debug, Clone, Serialize)]
pub struct TrendPoint {
    pub month: YearMonth,
    pub label: String,
    pub incidents: Flow,
    pub failures_raised: usize,
    pub changes_raised: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct YoyRow {
    pub name: &'static str,
    pub this_month: f64,
    pub last_year: f64,
    pub diff: f64,
}

/// The 12 months ending with `month`, oldest first.
pub(super) fn trend(back: &LookBack, month: YearMonth) -> Vec<TrendPoint> {
    let months: Vec<YearMonth> = (0..12).rev().map(|i| month.plus_months(-i)).collect();
    let incidents = back.twelve(Ledger::Incident);
    let failures = back.twelve(Ledger::Failure);
    let changes = back.twelve(Ledger::Change);
    months
        .iter()
        .enumerate()
        .map(|(i, m)| TrendPoint {
            month: *m,
            label: m.short_label(),
            incidents: incidents[i],
            failures_raised: failures[i].raised,
            changes_raised: changes[i].raised,
        })
        .collect()
}

/// The month's figures next to the same month a year earlier.
pub(super) struct YearOnYear<'a> {
    pub incidents: &'a Flow,
    pub failures: &'a Flow,
    pub changes: &'a Flow,
    pub mttr_hours: Option<f64>,
}

pub(super) fn yoy(this: YearOnYear<'_>, last: YearOnYear<'_>) -> Vec<YoyRow> {
    type Figure = fn(&YearOnYear<'_>) -> f64;
    let figures: [(&'static str, Figure); 7] = [
        ("インシデント発生件数", |y| {
            y.incidents.raised as f64
        }),
        ("インシデントクローズ件数", |y| {
            y.incidents.closed as f64
        }),
        ("インシデント月末残件数", |y| {
            y.incidents.backlog as f64
        }),
        ("障害発生件数", |y| y.failures.raised as f64),
        ("障害月末残件数", |y| y.failures.backlog as f64),
        ("変更発生件数", |y| y.changes.raised as f64),
        ("MTTR（時間）", |y| y.mttr_hours.unwrap_or(0.0)),
    ];
    figures
        .into_iter()
        .map(|(name, figure)| {
            let (a, b) = (figure(&this), figure(&last));
            YoyRow {
                name,
                this_month: a,
                last_year: b,
                diff: round1(a - b),
            }
        })
        .collect()
}
