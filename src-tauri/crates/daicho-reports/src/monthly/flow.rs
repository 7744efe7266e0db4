//! 発生 / クローズ / 月末残 (backlog) of a ledger in a month.

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use super::cutoff;
use crate::period::YearMonth;

/// 発生 / クローズ / 月末残 of one ledger in one month.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Flow {
    pub raised: usize,
    pub closed: usize,
    pub backlog: usize,
}

/// The flows of `ledger` in each of `months`, from loaded records (the
/// tests' reference for [`FlowCount`] over the look-back pass).
#[cfg(test)]
pub(crate) fn flows(
    data: &crate::data::Data,
    ledger: daicho_core::domain::ledger::Ledger,
    months: &[YearMonth],
    now: NaiveDateTime,
) -> Vec<Flow> {
    let mut count = FlowCount::new(months, now);
    for (r, tl) in data.with_timelines(ledger) {
        count.add(
            crate::data::raised_on(r),
            |a, b| tl.closed_between(a, b),
            |t| tl.closed_at(t),
        );
    }
    count.flows
}

/// Counts [`Flow`]s of `months` one record at a time.
pub(crate) struct FlowCount {
    /// Months starting after `now` stay empty.
    live: Vec<(usize, YearMonth, NaiveDateTime)>,
    pub flows: Vec<Flow>,
}

impl FlowCount {
    pub(crate) fn new(months: &[YearMonth], now: NaiveDateTime) -> FlowCount {
        FlowCount {
            live: months
                .iter()
                .enumerate()
                .filter(|(_, m)| m.start() <= now)
                .map(|(i, m)| (i, *m, cutoff(*m, now)))
                .collect(),
            flows: vec![Flow::default(); months.len()],
        }
    }

    /// The start and cut-off of each month counted (those not after `now`),
    /// oldest first: bit `i` of [`FlowCount::add_read`]'s masks is the
    /// `i`-th.
    pub(crate) fn instants(&self) -> Vec<(NaiveDateTime, NaiveDateTime)> {
        self.live
            .iter()
            .map(|(_, m, cut)| (m.start(), *cut))
            .collect()
    }

    /// Adds a record raised on `raised`, closed (a closure) in `[a, b)` and
    /// closed at `t` as its timeline says (the reference reading).
    #[cfg(test)]
    pub(crate) fn add(
        &mut self,
        raised: Option<NaiveDate>,
        closed_between: impl Fn(NaiveDateTime, NaiveDateTime) -> bool,
        closed_at: impl Fn(NaiveDateTime) -> bool,
    ) {
        let (mut closures, mut closed) = (0u16, 0u16);
        for (i, (start, cut)) in self.instants().into_iter().enumerate() {
            if closed_between(start, cut) {
                closures |= 1 << i;
            }
            if closed_at(cut) {
                closed |= 1 << i;
            }
        }
        self.add_read(raised, closures, closed);
    }

    /// Adds a record raised on `raised` whose timeline was read at the
    /// [`FlowCount::instants`]: bit `i` of `closures`, a closure in month
    /// `i`; of `closed`, closed at its cut-off.
    pub(crate) fn add_read(&mut self, raised: Option<NaiveDate>, closures: u16, closed: u16) {
        let Some(raised) = raised else { return };
        let start = raised.and_hms_opt(0, 0, 0).expect("valid");
        for (bit, &(i, month, cut)) in self.live.iter().enumerate() {
            let f = &mut self.flows[i];
            if month.contains(raised) {
                f.raised += 1;
            }
            if closures & (1 << bit) != 0 {
                f.closed += 1;
            }
            if start < cut && closed & (1 << bit) == 0 {
                f.backlog += 1;
            }
        }
    }
}
