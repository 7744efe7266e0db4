//! 障害・変更 by 優先度 × ステータス at the cut-off.

use chrono::NaiveDateTime;
use daicho_core::domain::ledger::{Ledger, DEFAULT_PRIORITIES};
use daicho_core::domain::workflow;
use daicho_core::Daicho;
use serde::Serialize;

use super::{existed, short};
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
    for r in data.failures.iter().chain(&data.changes) {
        let p = r.text("priority");
        if !p.is_empty() && !out.iter().any(|x| x == p) {
            out.push(p.to_string());
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
        for status in workflow::statuses(ledger) {
            let mut counts = vec![0usize; prio_cols.len()];
            for r in data.records(ledger) {
                if !existed(r, as_of) {
                    continue;
                }
                let Some(tl) = data.timeline(&r.no) else {
                    continue;
                };
                if tl.status_at(as_of) != status {
                    continue;
                }
                let p = or_unset(r, "priority");
                let idx = prio_cols
                    .iter()
                    .position(|x| *x == p)
                    .unwrap_or(prio_cols.len() - 1);
                counts[idx] += 1;
            }
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
