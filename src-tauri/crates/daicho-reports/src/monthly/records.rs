//! The month's records (raised or closed in the month) for the detail lists.

use chrono::{NaiveDate, NaiveDateTime};
use daicho_core::domain::ledger::Ledger;
use serde::Serialize;

use super::number;
use crate::data::{datetime, raised_on, Data};
use crate::period::YearMonth;
use crate::timeline::Timeline;

/// One record of the month, for the detail sheets.
#[derive(Debug, Clone, Serialize)]
pub struct MonthRecord {
    pub no: String,
    pub raised_on: Option<NaiveDate>,
    pub title: String,
    /// Status at the month's cut-off.
    pub status: String,
    pub priority: String,
    /// 種別 (incidents), Severity (failures), 開発見送り理由 (changes).
    pub kind: String,
    pub org: String,
    /// Closing date in the month, if it closed then.
    pub closed_on: Option<NaiveDate>,
    pub lead_days: Option<i64>,
    pub detected_at: Option<NaiveDateTime>,
    pub recovered_at: Option<NaiveDateTime>,
    pub root_cause_category: String,
    pub rough_amount: Option<f64>,
    pub formal_amount: Option<f64>,
}

/// Records of `ledger` raised in the month or closed in it by `as_of`.
pub(super) fn month_records(
    data: &Data,
    ledger: Ledger,
    month: YearMonth,
    as_of: NaiveDateTime,
) -> Vec<MonthRecord> {
    let closed_on = |tl: &Timeline| {
        tl.closures_between(month.start(), as_of)
            .into_iter()
            .last()
            .map(|e| e.when.date())
    };
    data.with_timelines(ledger)
        .filter(|(r, tl)| {
            raised_on(r).is_some_and(|d| month.contains(d)) || closed_on(tl).is_some()
        })
        .map(|(r, tl)| {
            let closed_on = closed_on(tl);
            MonthRecord {
                no: r.no.clone(),
                raised_on: raised_on(r),
                title: r.text("title").to_string(),
                status: data.status_at(r, as_of),
                priority: r.get("priority").display(),
                kind: match r.ledger {
                    Ledger::Incident => r.get("kind").display(),
                    Ledger::Failure => r.get("severity").display(),
                    _ => r.get("drop_reason").display(),
                },
                org: r.get("origin_org").display(),
                closed_on,
                lead_days: closed_on
                    .zip(raised_on(r))
                    .map(|(c, s)| (c - s).num_days().max(0)),
                detected_at: datetime(r, "detected_at"),
                recovered_at: datetime(r, "recovered_at"),
                root_cause_category: r.get("root_cause_category").display(),
                rough_amount: number(r, "rough_amount"),
                formal_amount: number(r, "formal_amount"),
            }
        })
        .collect()
}
