//! 発生 / クローズ / 月末残 (backlog) of a ledger in a month.

use chrono::NaiveDateTime;
use daicho_core::domain::ledger::Ledger;
use serde::Serialize;

use super::cutoff;
use crate::data::{raised_on, Data};
use crate::period::YearMonth;

/// 発生 / クローズ / 月末残 of one ledger in one month.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Flow {
    pub raised: usize,
    pub closed: usize,
    pub backlog: usize,
}

/// 発生 / クローズ / 月末残 of `ledger` in `month`, cut at `now`.
pub(crate) fn flow(data: &Data, ledger: Ledger, month: YearMonth, now: NaiveDateTime) -> Flow {
    flows(data, ledger, &[month], now)[0]
}

/// [`flow`] of each of `months`, in one pass over the ledger.
pub(crate) fn flows(
    data: &Data,
    ledger: Ledger,
    months: &[YearMonth],
    now: NaiveDateTime,
) -> Vec<Flow> {
    let mut out = vec![Flow::default(); months.len()];
    // Months starting after `now` stay empty.
    let live: Vec<(usize, YearMonth, NaiveDateTime)> = months
        .iter()
        .enumerate()
        .filter(|(_, m)| m.start() <= now)
        .map(|(i, m)| (i, *m, cutoff(*m, now)))
        .collect();
    let start_of = |day: chrono::NaiveDate| day.and_hms_opt(0, 0, 0).expect("valid");
    for (r, tl) in data.with_timelines(ledger) {
        let Some(raised) = raised_on(r) else { continue };
        for &(i, month, cut) in &live {
            let f = &mut out[i];
            if month.contains(raised) {
                f.raised += 1;
            }
            if tl.closed_between(month.start(), cut) {
                f.closed += 1;
            }
            if start_of(raised) < cut && !tl.closed_at(cut) {
                f.backlog += 1;
            }
        }
    }
    out
}
