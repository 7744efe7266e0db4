//! 変更: estimate totals and 開発見送り by reason.

use chrono::NaiveDateTime;
use daicho_core::domain::ledger::{Ledger, DROP_REASONS};
use daicho_core::Record;
use serde::Serialize;

use super::{cutoff, existed, number, CountRow, UNSET};
use crate::data::{raised_on, Data};
use crate::period::YearMonth;

#[derive(Debug, Clone, Serialize)]
pub struct EstimateRow {
    pub scope: &'static str,
    pub count: usize,
    pub rough_effort: f64,
    pub rough_amount: f64,
    pub formal_effort: f64,
    pub formal_amount: f64,
}

pub(super) fn estimates(data: &Data, month: YearMonth, as_of: NaiveDateTime) -> Vec<EstimateRow> {
    let sum = |scope: &'static str, recs: Vec<&Record>| EstimateRow {
        scope,
        count: recs.len(),
        rough_effort: recs.iter().filter_map(|r| number(r, "rough_effort")).sum(),
        rough_amount: recs.iter().filter_map(|r| number(r, "rough_amount")).sum(),
        formal_effort: recs.iter().filter_map(|r| number(r, "formal_effort")).sum(),
        formal_amount: recs.iter().filter_map(|r| number(r, "formal_amount")).sum(),
    };
    let raised: Vec<&Record> = data
        .changes
        .iter()
        .filter(|r| raised_on(r).is_some_and(|d| month.contains(d)))
        .collect();
    let open: Vec<&Record> = data
        .with_timelines(Ledger::Change)
        .filter(|(r, t)| existed(r, as_of) && !t.closed_at(as_of))
        .map(|(r, _)| r)
        .collect();
    vec![sum("当月起票", raised), sum("月末時点で未完了", open)]
}

/// 開発見送り per 見送り理由, the month and 12 months, from loaded records
/// (the tests' reference for [`Dropped`]).
#[cfg(test)]
pub(super) fn dropped(data: &Data, month: YearMonth, now: NaiveDateTime) -> Vec<CountRow> {
    let mut count = Dropped::new(month, now);
    for (r, tl) in data.with_timelines(Ledger::Change) {
        let (from, to) = count.window();
        let drops = tl
            .closures_between(from, to)
            .into_iter()
            .filter(|e| &*e.to == daicho_core::domain::workflow::status::DROPPED)
            .map(|e| e.when);
        count.add(r.text("drop_reason"), drops);
    }
    count.rows
}

/// Counts [`dropped`] one record at a time.
pub(crate) struct Dropped {
    month: YearMonth,
    to: NaiveDateTime,
    pub rows: Vec<CountRow>,
}

impl Dropped {
    pub(crate) fn new(month: YearMonth, now: NaiveDateTime) -> Dropped {
        Dropped {
            month,
            to: cutoff(month, now),
            rows: DROP_REASONS
                .iter()
                .map(|r| CountRow {
                    name: r.to_string(),
                    month: 0,
                    twelve_months: 0,
                })
                .collect(),
        }
    }

    /// The 12 months' instants: closures into 開発見送り in it count.
    pub(crate) fn window(&self) -> (NaiveDateTime, NaiveDateTime) {
        (self.month.plus_months(-11).start(), self.to)
    }

    /// A change with 見送り理由 `reason`, dropped at `drops` (in the window).
    pub(crate) fn add(&mut self, reason: &str, drops: impl Iterator<Item = NaiveDateTime>) {
        for when in drops {
            let idx = match self.rows.iter().position(|x| x.name == reason) {
                Some(i) => i,
                None => {
                    self.rows.push(CountRow {
                        name: if reason.is_empty() {
                            UNSET.into()
                        } else {
                            reason.to_string()
                        },
                        month: 0,
                        twelve_months: 0,
                    });
                    self.rows.len() - 1
                }
            };
            self.rows[idx].twelve_months += 1;
            if when >= self.month.start() {
                self.rows[idx].month += 1;
            }
        }
    }
}
