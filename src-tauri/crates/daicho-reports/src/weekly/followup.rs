//! The pack's follow-up lists: the 再発防止策 still open at the cut-off
//! (004: 「チケット化し、期限と責任者を明確化」), overdue ones first, and the
//! escalation lists Home shows (超過 / 要注意 with who must act).

use chrono::{NaiveDate, NaiveDateTime};
use daicho_core::domain::ledger::Ledger;
use daicho_core::{Daicho, Result};
use serde::Serialize;

use crate::data::Data;
use crate::escalation::{escalate_to, responsible, Escalation};
use crate::monthly::existed;
use crate::sla::SlaItem;

/// One 再発防止策 not done by the cut-off.
#[derive(Debug, Clone, Serialize)]
pub struct PreventionItem {
    /// The 障害 it belongs to, and its title.
    pub no: String,
    pub failure_title: String,
    /// 対策 (the row's 内容).
    pub content: String,
    /// 担当者.
    pub owner: String,
    /// 期限.
    pub due_on: Option<NaiveDate>,
    /// Days past 期限 at the meeting (0 when not overdue).
    pub days_over: i64,
}

impl PreventionItem {
    pub fn overdue(&self) -> bool {
        self.days_over > 0
    }
}

/// The 再発防止策 of live failures raised by `as_of` and not done before
/// its day (as the 月次報告書 counts them); overdue at `meeting` first (most
/// overdue first), then by 期限 (none last).
pub(super) fn open_preventions(
    d: &Daicho,
    data: &Data,
    as_of: NaiveDateTime,
    meeting: NaiveDate,
) -> Result<Vec<PreventionItem>> {
    let def = Ledger::Failure
        .children()
        .find(|c| c.key == "preventions")
        .expect("障害 has 再発防止策");
    let day = as_of.date();
    let mut out = Vec::new();
    for (no, row) in d.all_children(def)? {
        let Some(failure) = data.find(&no).filter(|r| existed(r, as_of)) else {
            continue;
        };
        let date = |k: &str| row.fields.get(k).and_then(|v| v.as_date());
        if date("done_on").is_some_and(|x| x < day) {
            continue;
        }
        let text = |k: &str| row.fields.get(k).map(|v| v.display()).unwrap_or_default();
        let due_on = date("due_on");
        out.push(PreventionItem {
            failure_title: failure.text("title").to_string(),
            no,
            content: text("content"),
            owner: text("owner"),
            due_on,
            days_over: due_on.map_or(0, |d| (meeting - d).num_days().max(0)),
        });
    }
    out.sort_by(|a, b| {
        (!a.overdue(), a.due_on.is_none(), a.due_on, &a.no).cmp(&(
            !b.overdue(),
            b.due_on.is_none(),
            b.due_on,
            &b.no,
        ))
    });
    Ok(out)
}

/// Home's escalation entry for an open SLA item at the cut-off.
pub(super) fn escalation(data: &Data, i: &SlaItem) -> Escalation {
    let used_pct = if i.allowance_hours > 0.0 {
        (i.elapsed_hours * 1000.0 / i.allowance_hours).round() / 10.0
    } else {
        100.0
    };
    Escalation {
        no: i.no.clone(),
        title: i.title.clone(),
        measure: i.measure,
        measure_label: i.measure_label,
        rule: i.rule.clone(),
        start: i.start,
        due: i.due,
        used_pct,
        status: i.status,
        status_label: i.status_label,
        owner: data.find(&i.no).map(responsible).unwrap_or_default(),
        escalate_to: escalate_to(&i.rule),
    }
}
