//! 障害: MTTR, MTBF and downtime, root causes over 12 months, and the
//! 再発防止策 at the cut-off.

use chrono::NaiveDateTime;
use daicho_core::domain::ledger::Ledger;
use daicho_core::{Daicho, Result, Value};
use serde::Serialize;

use super::{raised_before, round1};
use crate::data::{datetime, raised_on, Data};
use crate::period::YearMonth;
use crate::sla::failure_start;

#[derive(Debug, Clone, Serialize)]
pub struct FailureFigures {
    /// Failures recovered in the month.
    pub recovered: usize,
    pub mttr_hours: Option<f64>,
    /// Failures that occurred in the month.
    pub occurred: usize,
    pub downtime_hours: f64,
    pub mtbf_hours: Option<f64>,
    /// Failures raised in the month with a 同根障害 link.
    pub recurrences: usize,
    /// Mean 発生→検知 of the failures detected in the month (both set).
    pub mttd_hours: Option<f64>,
    /// Failures detected in the month with 発生日時 and 検知日時.
    pub detected: usize,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct PreventionFigures {
    pub total: usize,
    pub open: usize,
    pub overdue: usize,
    pub done: usize,
    pub verified: usize,
}

pub(super) fn failure_figures(
    d: &Daicho,
    data: &Data,
    month: YearMonth,
    as_of: NaiveDateTime,
) -> Result<FailureFigures> {
    let mut repair = Vec::new();
    let mut detect = Vec::new();
    let mut occurred = 0usize;
    // Recorded outages (検知→復旧), clipped to the month, merged where they overlap.
    let mut outages: Vec<(NaiveDateTime, NaiveDateTime)> = Vec::new();
    let mut recurrences = 0usize;
    let same_root: std::collections::HashSet<String> =
        d.failures_with_same_root()?.into_iter().collect();
    for r in &data.failures {
        let start = failure_start(r);
        let recovered = datetime(r, "recovered_at");
        repair.extend(repair_hours(r, month, as_of));
        if let (Some(o), Some(t)) = (datetime(r, "occurred_at"), datetime(r, "detected_at")) {
            if t >= month.start() && t < as_of {
                detect.push((t - o).num_minutes().max(0) as f64 / 60.0);
            }
        }
        let occ = datetime(r, "occurred_at")
            .or(start)
            .or_else(|| raised_on(r).and_then(|d| d.and_hms_opt(0, 0, 0)));
        if occ.is_some_and(|t| t >= month.start() && t < as_of) {
            occurred += 1;
        }
        if let (Some(s), Some(e)) = (start, recovered) {
            let (a, b) = (s.max(month.start()), e.min(as_of));
            if b > a {
                outages.push((a, b));
            }
        }
        if raised_on(r).is_some_and(|day| month.contains(day)) && same_root.contains(&r.no) {
            recurrences += 1;
        }
    }
    let downtime: f64 = merge(outages)
        .into_iter()
        .map(|(a, b)| (b - a).num_minutes() as f64 / 60.0)
        // From +0.0: an empty f64 sum is −0.0, printed "-0.0".
        .fold(0.0, |x, y| x + y);
    let period = (as_of - month.start()).num_minutes().max(0) as f64 / 60.0;
    Ok(FailureFigures {
        recovered: repair.len(),
        mttr_hours: mean(&repair),
        occurred,
        downtime_hours: round1(downtime),
        mtbf_hours: (occurred > 0).then(|| round1((period - downtime).max(0.0) / occurred as f64)),
        recurrences,
        mttd_hours: mean(&detect),
        detected: detect.len(),
    })
}

/// The 検知→復旧 hours of a failure recovered in `month` before `as_of`
/// (MTTR's values).
pub(crate) fn repair_hours(
    r: &daicho_core::Record,
    month: YearMonth,
    as_of: NaiveDateTime,
) -> Option<f64> {
    let (s, e) = (failure_start(r)?, datetime(r, "recovered_at")?);
    (e >= month.start() && e < as_of).then(|| (e - s).num_minutes().max(0) as f64 / 60.0)
}

/// Time spans with the overlapping ones joined, in order.
pub(super) fn merge(
    mut spans: Vec<(NaiveDateTime, NaiveDateTime)>,
) -> Vec<(NaiveDateTime, NaiveDateTime)> {
    spans.sort();
    let mut out: Vec<(NaiveDateTime, NaiveDateTime)> = Vec::new();
    for (a, b) in spans {
        match out.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

/// The mean to one decimal, none for no values.
pub(crate) fn mean(v: &[f64]) -> Option<f64> {
    (!v.is_empty()).then(|| round1(v.iter().sum::<f64>() / v.len() as f64))
}

/// 根本原因分類 counts from loaded records (the tests' reference).
#[cfg(test)]
pub(super) fn root_causes(
    data: &Data,
    month: YearMonth,
    now: NaiveDateTime,
) -> Vec<super::CountRow> {
    super::breakdown::raised_by(&data.failures, month, now, "未分類", |r| {
        r.text("root_cause_category").to_string()
    })
}

pub(super) fn preventions(d: &Daicho, as_of: NaiveDateTime) -> Result<PreventionFigures> {
    let day = as_of.date();
    let mut p = PreventionFigures::default();
    let def = Ledger::Failure
        .children()
        .find(|c| c.key == "preventions")
        .expect("障害 has 再発防止策");
    // Each row's dates with its 障害's 起票日.
    let keys = ["done_on", "due_on", "verified_on"];
    d.for_each_child_with(def, &keys, &["raised_on"], |v| {
        let [done_on, due_on, verified_on, raised_on] = v else {
            unreachable!("four values asked for");
        };
        if !raised_before(raised_on.as_date(), as_of) {
            return Ok(());
        }
        let before_day = |v: &Value| v.as_date().is_some_and(|x| x < day);
        p.total += 1;
        if before_day(done_on) {
            p.done += 1;
        } else {
            p.open += 1;
            if before_day(due_on) {
                p.overdue += 1;
            }
        }
        if before_day(verified_on) {
            p.verified += 1;
        }
        Ok(())
    })?;
    Ok(p)
}
