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

    /// The window's start, the month's start and the window's end.
    pub(crate) fn instants(&self) -> (NaiveDateTime, NaiveDateTime, NaiveDateTime) {
        let (from, to) = self.window();
        (from, self.month.start(), to)
    }

    /// A change with 見送り理由 `reason`, dropped at `drops` (in the window).
    #[cfg(test)]
    pub(crate) fn add(&mut self, reason: &str, drops: impl Iterator<Item = NaiveDateTime>) {
        let start = self.month.start();
        let (mut window, mut month) = (0, 0);
        for when in drops {
            window += 1;
            month += u32::from(when >= start);
        }
        self.add_counts(reason, window, month);
    }

    /// A change with 見送り理由 `reason`, dropped `window` times in the window
    /// and `month` times in the month. An empty reason counts as 「(未設定)」.
    pub(crate) fn add_counts(&mut self, reason: &str, window: u32, month: u32) {
        if window == 0 {
            return;
        }
        let name = if reason.is_empty() { UNSET } else { reason };
        let idx = match self.rows.iter().position(|x| x.name == name) {
            Some(i) => i,
            None => {
                self.rows.push(CountRow {
                    name: name.to_string(),
                    month: 0,
                    twelve_months: 0,
                });
                self.rows.len() - 1
            }
        };
        self.rows[idx].twelve_months += window as usize;
        self.rows[idx].month += month as usize;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_dropped_without_a_reason_count_in_one_unset_row() {
        let month = YearMonth::parse("2026-10").unwrap();
        let now = month.end() + chrono::Duration::days(3);
        let mut d = Dropped::new(month, now);
        let (_, start, _) = d.instants();
        let before = start - chrono::Duration::days(40);
        d.add("", [before, start].into_iter());
        d.add("", [start].into_iter());
        d.add(DROP_REASONS[0], [before].into_iter());
        let unset: Vec<_> = d.rows.iter().filter(|r| r.name == UNSET).collect();
        assert_eq!(unset.len(), 1, "{:?}", d.rows);
        assert_eq!((unset[0].twelve_months, unset[0].month), (3, 2));
        assert_eq!((d.rows[0].twelve_months, d.rows[0].month), (1, 0));
        assert_eq!(d.rows.len(), DROP_REASONS.len() + 1);
    }
}
