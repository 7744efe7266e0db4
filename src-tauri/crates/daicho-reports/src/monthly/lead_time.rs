//! 起票→クローズ日数: lead times of the records closed in the month, per
//! 種別 and 発生元組織 (incidents) and per 優先度 (障害・変更).

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use daicho_core::domain::ledger::{Ledger, KINDS};
use daicho_core::Record;
use serde::Serialize;

use super::{round1, short, UNSET};
use crate::data::{or_unset, raised_on, Data};
use crate::period::YearMonth;

/// 起票→クローズ日数 of one group.
#[derive(Debug, Clone, Serialize)]
pub struct LeadTime {
    pub group: String,
    pub count: usize,
    pub mean_days: Option<f64>,
    pub median_days: Option<f64>,
    pub p90_days: Option<f64>,
}

/// The lead-time tables of the month.
pub(super) struct LeadTimes {
    pub by_kind: Vec<LeadTime>,
    pub by_org: Vec<LeadTime>,
    pub sc_by_priority: Vec<LeadTime>,
}

/// Records of `ledger` closed in the month (last closure), with the closing
/// day and the calendar days since 起票日.
fn closures(
    data: &Data,
    ledger: Ledger,
    month: YearMonth,
    as_of: NaiveDateTime,
) -> Vec<(&Record, NaiveDate, i64)> {
    data.with_timelines(ledger)
        .filter_map(|(r, tl)| {
            let e = tl
                .closures_between(month.start(), as_of)
                .into_iter()
                .last()?;
            let day = e.when.date();
            let raised = raised_on(r)?;
            Some((r, day, (day - raised).num_days().max(0)))
        })
        .collect()
}

pub(super) fn lead_times(
    data: &Data,
    month: YearMonth,
    as_of: NaiveDateTime,
    priorities: &[String],
) -> LeadTimes {
    let inc_closed = closures(data, Ledger::Incident, month, as_of);
    let mut by_kind: BTreeMap<String, Vec<i64>> =
        KINDS.iter().map(|k| (k.to_string(), Vec::new())).collect();
    let mut by_org: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    for (r, _, days) in &inc_closed {
        by_kind.entry(or_unset(r, "kind")).or_default().push(*days);
        by_org
            .entry(or_unset(r, "origin_org"))
            .or_default()
            .push(*days);
    }
    let ordered_kinds: Vec<String> = {
        let mut v: Vec<String> = KINDS.iter().map(|s| s.to_string()).collect();
        v.extend(
            by_kind
                .keys()
                .filter(|k| !KINDS.contains(&k.as_str()))
                .cloned(),
        );
        v
    };
    let mut lead_by_kind: Vec<LeadTime> =
        ordered_kinds.iter().map(|k| lead(k, &by_kind[k])).collect();
    lead_by_kind.push(lead(
        "全体",
        &inc_closed.iter().map(|x| x.2).collect::<Vec<_>>(),
    ));
    let lead_by_org: Vec<LeadTime> = by_org.iter().map(|(k, v)| lead(k, v)).collect();

    let mut sc_by_priority = Vec::new();
    for ledger in [Ledger::Failure, Ledger::Change] {
        let closed = closures(data, ledger, month, as_of);
        for p in priorities.iter().map(String::as_str).chain([UNSET]) {
            let v: Vec<i64> = closed
                .iter()
                .filter(|(r, _, _)| or_unset(r, "priority") == p)
                .map(|x| x.2)
                .collect();
            if p == UNSET && v.is_empty() {
                continue;
            }
            sc_by_priority.push(lead(&format!("{} {p}", short(ledger)), &v));
        }
    }
    LeadTimes {
        by_kind: lead_by_kind,
        by_org: lead_by_org,
        sc_by_priority,
    }
}

/// Mean, median and p90 (nearest rank) of day counts.
pub fn lead(group: &str, days: &[i64]) -> LeadTime {
    let mut v = days.to_vec();
    v.sort_unstable();
    let n = v.len();
    let (mean, median, p90) = if n == 0 {
        (None, None, None)
    } else {
        let mean = v.iter().sum::<i64>() as f64 / n as f64;
        let median = if n % 2 == 1 {
            v[n / 2] as f64
        } else {
            (v[n / 2 - 1] + v[n / 2]) as f64 / 2.0
        };
        let rank = ((0.9 * n as f64).ceil() as usize).clamp(1, n);
        (Some(round1(mean)), Some(median), Some(v[rank - 1] as f64))
    };
    LeadTime {
        group: group.to_string(),
        count: n,
        mean_days: mean,
        median_days: median,
        p90_days: p90,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lead_time_statistics_use_nearest_rank_p90() {
        let l = lead("x", &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        assert_eq!(l.mean_days, Some(5.5));
        assert_eq!(l.median_days, Some(5.5));
        assert_eq!(l.p90_days, Some(9.0));
        let l = lead("x", &[4, 1, 3]);
        assert_eq!(l.median_days, Some(3.0));
        assert_eq!(l.p90_days, Some(4.0));
        assert_eq!(lead("x", &[]).mean_days, None);
    }
}
