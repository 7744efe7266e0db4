//! 高優先度案件の進捗: インシデント・障害・変更 with 優先度 高 or Severity
//! Critical / High that are open at the cut-off.

use chrono::{NaiveDate, NaiveDateTime};
use daicho_core::domain::ledger::Ledger;
use serde::Serialize;

use super::{existed, short};
use crate::data::{raised_on, Data};
use crate::monthly::releases::due_of;

#[derive(Debug, Clone, Serialize)]
pub struct HighPriorityItem {
    pub ledger: &'static str,
    pub no: String,
    pub title: String,
    /// 優先度 / Severity as recorded (`高`, `Critical`, `高 / High`).
    pub priority: String,
    /// The status at the cut-off.
    pub status: String,
    /// Calendar days from 起票日 to the cut-off day.
    pub age_days: i64,
    pub due: Option<NaiveDate>,
    /// The due date is before the cut-off day.
    pub overdue: bool,
}

/// The open high-priority items at `as_of`, oldest first.
pub(super) fn high_priority(data: &Data, as_of: NaiveDateTime) -> Vec<HighPriorityItem> {
    // The cut-off day: the month's last day for a closed month.
    let day = (as_of - chrono::Duration::seconds(1)).date();
    let mut out = Vec::new();
    for ledger in [Ledger::Incident, Ledger::Failure, Ledger::Change] {
        for (r, tl) in data.with_timelines(ledger) {
            let (p, s) = (r.text("priority").trim(), r.text("severity").trim());
            let high = p == "高" || matches!(s, "Critical" | "High");
            if !high || !existed(r, as_of) || tl.closed_at(as_of) {
                continue;
            }
            let Some(raised) = raised_on(r) else { continue };
            let due = if ledger == Ledger::Incident {
                r.get("due_on").as_date()
            } else {
                due_of(data, r)
            };
            out.push(HighPriorityItem {
                ledger: short(ledger),
                no: r.no.clone(),
                title: r.text("title").to_string(),
                priority: [p, s]
                    .into_iter()
                    .filter(|x| !x.is_empty())
                    .collect::<Vec<_>>()
                    .join(" / "),
                status: data.status_at(r, as_of),
                age_days: (day - raised).num_days().max(0),
                due,
                overdue: due.is_some_and(|d| d < day),
            });
        }
    }
    out.sort_by(|a, b| b.age_days.cmp(&a.age_days).then(a.no.cmp(&b.no)));
    out
}
