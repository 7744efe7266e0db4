//! The pack's follow-up lists: the 再発防止策 still open at the cut-off
//! (004: 「チケット化し、期限と責任者を明確化」), overdue ones first, and the
//! escalation lists Home shows (超過 / 要注意 with who must act).

use chrono::{NaiveDate, NaiveDateTime};
use daicho_core::domain::ledger::Ledger;
use daicho_core::{Daicho, Result};
use serde::Serialize;

use crate::data::{or_unset, Data, UNSET};
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

/// The pack's SLA and follow-up counts of one 対象システム.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SystemRow {
    /// The system, or (未設定).
    pub system: String,
    /// Its service level (A/B/C) from the master, when set.
    pub level: String,
    /// Open インシデント・障害・変更 at the cut-off.
    pub open: usize,
    /// Rows of the 期限超過 list.
    pub overdue: usize,
    pub breached: usize,
    pub attention: usize,
    /// Overdue 再発防止策 of its failures.
    pub preventions_overdue: usize,
}

/// What [`by_system`] counts.
pub(super) struct SystemCounts<'a> {
    pub open: Vec<&'a str>,
    pub overdue: &'a [super::OverdueItem],
    pub breached: &'a [Escalation],
    pub attention: &'a [Escalation],
    pub preventions: &'a [PreventionItem],
}

/// The counts grouped by the records' 対象システム (the SLA policy's system
/// field), systems in the master's order, (未設定) last; only systems with
/// something to count.
pub(super) fn by_system(
    d: &Daicho,
    data: &Data,
    field: &str,
    c: SystemCounts,
) -> Result<Vec<SystemRow>> {
    let masters = d.masters(daicho_core::domain::master::Master::System, true)?;
    let mut rows: Vec<SystemRow> = masters
        .iter()
        .map(|m| SystemRow {
            system: m.name.clone(),
            level: m.service_level.clone().unwrap_or_default(),
            ..Default::default()
        })
        .collect();
    rows.push(SystemRow {
        system: UNSET.to_string(),
        ..Default::default()
    });
    let system = |no: &str| {
        data.find(no)
            .map_or(UNSET.to_string(), |r| or_unset(r, field))
    };
    let mut count = |no: &str, what: fn(&mut SystemRow) -> &mut usize| {
        let name = system(no);
        let i = match rows.iter().position(|x| x.system == name) {
            Some(i) => i,
            None => {
                // A value not in the master: its own row, before (未設定).
                let at = rows.len() - 1;
                rows.insert(
                    at,
                    SystemRow {
                        system: name,
                        ..Default::default()
                    },
                );
                at
            }
        };
        *what(&mut rows[i]) += 1;
    };
    for no in c.open {
        count(no, |r| &mut r.open);
    }
    for o in c.overdue {
        count(&o.no, |r| &mut r.overdue);
    }
    for e in c.breached {
        count(&e.no, |r| &mut r.breached);
    }
    for e in c.attention {
        count(&e.no, |r| &mut r.attention);
    }
    for p in c.preventions.iter().filter(|p| p.overdue()) {
        count(&p.no, |r| &mut r.preventions_overdue);
    }
    rows.retain(|r| r.open + r.overdue + r.breached + r.attention + r.preventions_overdue > 0);
    Ok(rows)
}
