//! 障害・変更 by 優先度 × ステータス at the cut-off.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use daicho_core::domain::ledger::{Ledger, DEFAULT_PRIORITIES};
use daicho_core::domain::workflow;
use daicho_core::Daicho;
use serde::Serialize;

use super::{existed, raised_before, short};
use crate::data::{or_unset, Data};

/// Counts of one status per 優先度 (障害・変更).
#[derive(Debug, Clone, Serialize)]
pub struct StatusPriorityRow {
    pub ledger: &'static str,
    pub status: String,
    /// In the order of [`MonthlyFigures::priorities`].
    pub counts: Vec<usize>,
    pub total: usize,
}

/// The 優先度 master in its order, plus any other value found in the data.
pub(super) fn priorities(d: &Daicho, data: &Data) -> Vec<String> {
    let mut out: Vec<String> = d
        .masters(daicho_core::domain::master::Master::Priority, true)
        .map(|v| v.into_iter().map(|m| m.name).collect())
        .unwrap_or_default();
    if out.is_empty() {
        out = DEFAULT_PRIORITIES.iter().map(|s| s.to_string()).collect();
    }
    for p in data.seen_priorities() {
        if !out.contains(p) {
            out.push(p.clone());
        }
    }
    out
}

/// One row per status with any record; the columns are `prio_cols` (the
/// last one, `(未設定)`, also takes values not among them).
pub(super) fn status_priority(
    data: &Data,
    as_of: NaiveDateTime,
    prio_cols: &[String],
) -> Vec<StatusPriorityRow> {
    let mut rows = Vec::new();
    for ledger in [Ledger::Failure, Ledger::Change] {
        // Status at the cut-off → counts per 優先度 column.
        let mut by_status: HashMap<&str, Vec<usize>> = HashMap::new();
        for (r, tl) in data.with_timelines(ledger) {
            if !existed(r, as_of) {
                continue;
            }
            let p = or_unset(r, "priority");
            let idx = prio_cols
                .iter()
                .position(|x| *x == p)
                .unwrap_or(prio_cols.len() - 1);
            by_status
                .entry(tl.status_at(as_of))
                .or_insert_with(|| vec![0usize; prio_cols.len()])[idx] += 1;
        }
        // Those left out of the reading kept their status since before it.
        for l in data.left_out(ledger) {
            if !raised_before(l.raised, as_of) {
                continue;
            }
            let idx = prio_cols
                .iter()
                .position(|x| **x == *l.priority)
                .unwrap_or(prio_cols.len() - 1);
            by_status
                .entry(&l.status)
                .or_insert_with(|| vec![0usize; prio_cols.len()])[idx] += 1;
        }
        for status in workflow::statuses(ledger) {
            let Some(counts) = by_status.remove(status) else {
                continue;
            };
            let total = counts.iter().sum();
            if total > 0 {
                rows.push(StatusPriorityRow {
                    ledger: short(ledger),
                    status: status.to_string(),
                    counts,
                    total,
                });
            }
        }
    }
    rows
}
