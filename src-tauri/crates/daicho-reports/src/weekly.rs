//! The weekly 定例会 pack's figures for a meeting date: ① triage list,
//! ② 問い合わせ awaiting answers, ③ progress since the last meeting, overdue
//! and SLA-at-risk items, open 再発防止策 and the escalation lists, and the
//! Gantt rows of open S/C work.

mod followup;

pub use followup::{PreventionItem, SystemRow};

use chrono::{Duration, NaiveDate, NaiveDateTime};
use daicho_calendar::SlaStatus;
use daicho_core::domain::ledger::Ledger;
use daicho_core::domain::workflow;
use daicho_core::{Daicho, Record, Result};
use serde::Serialize;

use crate::data::{raised_on, Data};
use crate::data_recent::For;
use crate::definitions::{Definition, DEFINITIONS};
use crate::escalation::{responsible, Escalation};
use crate::monthly::{existed, short};
use crate::settings::ReportSettings;
use crate::sla::{evaluate_records, SlaItem};

/// One record in a list of the pack.
#[derive(Debug, Clone, Serialize)]
pub struct PackItem {
    pub no: String,
    pub raised_on: Option<NaiveDate>,
    pub org: String,
    pub user: String,
    pub title: String,
    /// Status at the pack's cut-off.
    pub status: String,
    pub kind: String,
    pub priority: String,
    /// 担当者 (who is accountable).
    pub owner: String,
    /// 回答 (回答骨子 for 問い合わせ).
    pub answer: String,
    pub due_on: Option<NaiveDate>,
}

/// One status change since the previous meeting.
#[derive(Debug, Clone, Serialize)]
pub struct ProgressItem {
    pub no: String,
    pub ledger: &'static str,
    pub title: String,
    pub from: String,
    pub to: String,
    pub when: NaiveDateTime,
    pub actor: String,
    pub action: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct OverdueItem {
    pub no: String,
    pub title: String,
    pub status: String,
    /// Which date is past: 対応期限, 開発対応完了予定日, 希望納期.
    pub what: &'static str,
    pub due: NaiveDate,
    pub days_over: i64,
    /// 担当者 (else 起票者).
    pub owner: String,
}

/// One bar of the Gantt chart.
#[derive(Debug, Clone, Serialize)]
pub struct GanttBar {
    pub no: String,
    pub title: String,
    pub status: String,
    pub assignee: String,
    pub start: NaiveDate,
    /// The planned end, when known.
    pub end: Option<NaiveDate>,
    /// Where `end` comes from (開発対応完了予定日, 本番環境リリース予定日, 希望納期).
    pub end_source: &'static str,
    /// Planned end before the cut-off date.
    pub late: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct WeeklyPack {
    pub meeting: NaiveDate,
    /// `2026年11月23日`
    pub label: String,
    pub as_of: NaiveDateTime,
    /// The day marked on the Gantt chart.
    pub today: NaiveDate,
    pub since: NaiveDate,
    pub triage: Vec<PackItem>,
    pub inquiries: Vec<PackItem>,
    /// 問い合わせ answered since the last meeting, with their 回答.
    pub answered: Vec<PackItem>,
    pub progress: Vec<ProgressItem>,
    pub overdue: Vec<OverdueItem>,
    /// Open SLA measures that are breached or at risk.
    pub sla_attention: Vec<SlaItem>,
    /// The same as Home's escalation lists: 超過 and 要注意, earliest due
    /// first, with who must act and whom to escalate to.
    pub breached: Vec<Escalation>,
    pub attention: Vec<Escalation>,
    /// The 要注意 threshold, percent of the limit used.
    pub at_risk_pct: u32,
    /// 再発防止策 not done by the cut-off, overdue first.
    pub preventions: Vec<PreventionItem>,
    /// Open, overdue, SLA and 再発防止策 counts per 対象システム.
    pub by_system: Vec<SystemRow>,
    pub gantt: Vec<GanttBar>,
    pub definitions: &'static [Definition],
}

/// Computes the pack for the meeting on `meeting`.
pub fn weekly_pack(d: &Daicho, meeting: NaiveDate) -> Result<WeeklyPack> {
    pack_then_free(d, meeting, crate::data::drop_later)
}

/// [`weekly_pack`] with the records freed before it returns: the PDF and
/// the workbook rendered next then do not add to their peak.
pub(crate) fn weekly_pack_to_render(d: &Daicho, meeting: NaiveDate) -> Result<WeeklyPack> {
    pack_then_free(d, meeting, drop)
}

fn pack_then_free(d: &Daicho, meeting: NaiveDate, free: fn(Data)) -> Result<WeeklyPack> {
    let settings = ReportSettings::load(d)?;
    let (from, as_of) = period(meeting, d.now());
    let data = Data::load_since(
        d,
        &settings,
        from,
        For::Week {
            cut_day: as_of.date(),
        },
    )?;
    let pack = compute(d, &data, &settings, meeting, d.now());
    free(data);
    pack
}

fn item(r: &Record, status: &str) -> PackItem {
    PackItem {
        no: r.no.clone(),
        raised_on: raised_on(r),
        org: r.get("origin_org").display(),
        user: r.get("origin_user").display(),
        title: r.text("title").to_string(),
        status: status.to_string(),
        kind: r.get("kind").display(),
        priority: r.get("priority").display(),
        owner: r.get("owner").display(),
        answer: r.text("answer").to_string(),
        due_on: r.get("due_on").as_date(),
    }
}

/// The first instant the pack for `meeting` looks at (the previous
/// meeting's day) and its cut-off.
pub(crate) fn period(meeting: NaiveDate, now: NaiveDateTime) -> (NaiveDateTime, NaiveDateTime) {
    let meeting_start = meeting.and_hms_opt(0, 0, 0).expect("valid");
    let as_of = if meeting >= now.date() {
        now
    } else {
        meeting_start
    };
    let since = (meeting - Duration::days(7))
        .and_hms_opt(0, 0, 0)
        .expect("valid");
    (since.min(as_of), as_of)
}

pub(crate) fn compute(
    d: &Daicho,
    data: &Data,
    settings: &ReportSettings,
    meeting: NaiveDate,
    now: NaiveDateTime,
) -> Result<WeeklyPack> {
    let meeting_start = meeting.and_hms_opt(0, 0, 0).expect("valid");
    let as_of = period(meeting, now).1;
    let since = meeting - Duration::days(7);
    let status_of = |r: &Record| data.status_at(r, as_of);
    let open = |r: &Record| existed(r, as_of) && !workflow::is_closed(r.ledger, &status_of(r));
    // Records raised by the cut-off with their status then, each read once.
    let at_cut = |ledger| {
        data.with_timelines(ledger)
            .filter(|(r, _)| existed(r, as_of))
            .map(|(r, tl)| (r, tl.status_at(as_of)))
    };
    let open_at_cut = |ledger| at_cut(ledger).filter(move |(_, s)| !workflow::is_closed(ledger, s));

    let mut triage = Vec::new();
    let mut inquiries = Vec::new();
    for (r, s) in at_cut(Ledger::Incident) {
        if s == workflow::status::NOT_STARTED || s == workflow::status::UNDER_REVIEW {
            triage.push(item(r, s));
        } else if s == workflow::status::DECIDED && r.text("kind") == "問い合わせ" {
            inquiries.push(item(r, s));
        }
    }

    // Most urgent first: the earliest 対応期限 (none last), then the oldest.
    for list in [&mut triage, &mut inquiries] {
        list.sort_by(|a, b| {
            (a.due_on.is_none(), a.due_on, a.raised_on, &a.no).cmp(&(
                b.due_on.is_none(),
                b.due_on,
                b.raised_on,
                &b.no,
            ))
        });
    }

    let window_end = meeting_start.min(as_of);
    let in_window =
        |t: NaiveDateTime| t >= since.and_hms_opt(0, 0, 0).expect("valid") && t < window_end;
    let answered = data
        .with_timelines(Ledger::Incident)
        .filter(|(r, tl)| {
            existed(r, as_of)
                && r.text("kind") == "問い合わせ"
                && tl
                    .events
                    .iter()
                    .any(|e| &*e.action == "回答" && in_window(e.when))
        })
        .map(|(r, tl)| item(r, tl.status_at(as_of)))
        .collect();
    let mut progress = Vec::new();
    for ledger in [Ledger::Incident, Ledger::Failure, Ledger::Change] {
        for (r, tl) in data.with_timelines(ledger) {
            for e in &tl.events {
                let Some(from) = &e.from else { continue };
                if in_window(e.when) && from != &e.to {
                    progress.push(ProgressItem {
                        no: r.no.clone(),
                        ledger: short(ledger),
                        title: r.text("title").to_string(),
                        from: from.to_string(),
                        to: e.to.to_string(),
                        when: e.when,
                        actor: e.actor.to_string(),
                        action: e.action.to_string(),
                    });
                }
            }
        }
    }
    progress.sort_by(|a, b| a.when.cmp(&b.when).then(a.no.cmp(&b.no)));

    let mut overdue = Vec::new();
    let mut check = |r: &Record, status: &str, key: &str, what: &'static str| {
        if let Some(due) = r.get(key).as_date() {
            if due < meeting {
                overdue.push(OverdueItem {
                    no: r.no.clone(),
                    title: r.text("title").to_string(),
                    status: status.to_string(),
                    what,
                    due,
                    days_over: (meeting - due).num_days(),
                    owner: responsible(r),
                });
            }
        }
    };
    for (r, s) in open_at_cut(Ledger::Incident) {
        check(r, s, "due_on", "対応期限");
        if s == workflow::status::DEV_STARTED {
            check(r, s, "dev_due_on", "開発対応完了予定日");
        }
    }
    for (r, s) in open_at_cut(Ledger::Failure) {
        check(r, s, "due_on", "対応期限");
    }
    for (r, s) in open_at_cut(Ledger::Change) {
        check(r, s, "desired_due", "希望納期");
    }
    overdue.sort_by(|a, b| b.days_over.cmp(&a.days_over).then(a.no.cmp(&b.no)));

    // Only open records can need attention.
    let mut sla_attention: Vec<SlaItem> = evaluate_records(data, settings, as_of, &open)
        .into_iter()
        .filter(|i| i.done.is_none() && matches!(i.status, SlaStatus::Breached | SlaStatus::AtRisk))
        .collect();
    sla_attention.sort_by(|a, b| a.due.cmp(&b.due).then(a.no.cmp(&b.no)));
    let (breached, attention): (Vec<_>, Vec<_>) = sla_attention
        .iter()
        .map(|i| followup::escalation(data, i))
        .partition(|e| e.status == SlaStatus::Breached);
    let preventions = followup::open_preventions(d, data, as_of, meeting)?;
    let open_nos = [Ledger::Incident, Ledger::Failure, Ledger::Change]
        .into_iter()
        .flat_map(|l| open_at_cut(l).map(|(r, _)| r.no.as_str()))
        .collect();
    let by_system = followup::by_system(
        d,
        data,
        &settings.sla.system_field,
        followup::SystemCounts {
            open: open_nos,
            overdue: &overdue,
            breached: &breached,
            attention: &attention,
            preventions: &preventions,
        },
    )?;

    let mut gantt = Vec::new();
    for (r, status) in open_at_cut(Ledger::Failure).chain(open_at_cut(Ledger::Change)) {
        let Some(start) = raised_on(r) else { continue };
        let incident_due = data.incident_dev_due(&r.no);
        let release_due = if incident_due.is_none() {
            d.detail(&r.no)?
                .links
                .iter()
                .filter(|l| l.relation == "release")
                .filter_map(|l| data.find(&l.no))
                .filter_map(|rel| rel.get("prod_planned_on").as_date())
                .max()
        } else {
            None
        };
        let (end, end_source) = match (incident_due, release_due, r.get("desired_due").as_date()) {
            (Some(e), _, _) => (Some(e), "開発対応完了予定日"),
            (None, Some(e), _) => (Some(e), "本番環境リリース予定日"),
            (None, None, Some(e)) => (Some(e), "希望納期"),
            _ => (None, ""),
        };
        gantt.push(GanttBar {
            no: r.no.clone(),
            title: r.text("title").to_string(),
            status: status.to_string(),
            assignee: r.get("assignee").display(),
            start,
            end,
            end_source,
            late: end.is_some_and(|e| e < as_of.date()),
        });
    }
    gantt.sort_by(|a, b| {
        a.end
            .unwrap_or(NaiveDate::MAX)
            .cmp(&b.end.unwrap_or(NaiveDate::MAX))
            .then(a.no.cmp(&b.no))
    });

    Ok(WeeklyPack {
        meeting,
        label: meeting.format("%Y年%-m月%-d日").to_string(),
        as_of,
        today: as_of.date(),
        since,
        triage,
        inquiries,
        answered,
        progress,
        overdue,
        sla_attention,
        breached,
        attention,
        at_risk_pct: (settings.sla.at_risk_ratio * 100.0).round() as u32,
        preventions,
        by_system,
        gantt,
        definitions: DEFINITIONS,
    })
}
