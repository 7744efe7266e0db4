//! 発生 / クローズ / 月末残 (backlog) of a ledger in a month.

use chrono::NaiveDateTime;
use daicho_core::domain::ledger::Ledger;
use serde::Serialize;

use super::{cutoff, existed};
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
    let cut = cutoff(month, now);
    let mut f = Flow::default();
    if month.start() > now {
        return f;
    }
    for r in data.records(ledger) {
        let Some(raised) = raised_on(r) else { continue };
        if month.contains(raised) {
            f.raised += 1;
        }
        let Some(tl) = data.timeline(&r.no) else {
            continue;
        };
        if !tl.closures_between(month.start(), cut).is_empty() {
            f.closed += 1;
        }
        if existed(r, cut) && !tl.closed_at(cut) {
            f.backlog += 1;
        }
    }
    f
}
