//! Reading only what the figures of a recent period need: a record closed
//! before the period, with no status change or date in it, reads the same
//! at every instant of the period, so no figure of the period counts it.
//! The counts and dates figures take from every record (release members,
//! 再発防止策 of all 障害, linked incidents' due dates) come from narrow
//! reads of all records ([`Lookups`]). The tests compare every figure with
//! the whole load.

// Fx hashing: probed once per record of a ledger.
use rustc_hash::FxHashSet as HashSet;
use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use daicho_core::domain::ledger::Ledger;
use daicho_core::domain::workflow;
use daicho_core::service::{Recent, StatusTexts};
use daicho_core::{Daicho, Record, Result};

use crate::data::{or_unset, raised_on, report_fields, Data, LeftOut, Lookups};
use crate::monthly::look_back::{Counter, LookBackAt, Part};
use crate::settings::ReportSettings;
use crate::timeline::Timeline;
use crate::timeline_light::LightTimelines;
use crate::timeline_rows::{load_timelines_with, stamped, Codes, Interner, LastStatus};

/// The date and date-time fields of the records: one on or after the
/// period's first day keeps a record.
const DATES: &[&str] = &[
    "closed_on",
    "completed_on",
    "desired_due",
    "detected_at",
    "dev_due_on",
    "due_on",
    "occurred_at",
    "prod_done_on",
    "prod_planned_on",
    "raised_on",
    "recovered_at",
    "triaged_on",
];

/// Fields only the weekly pack reads (who to ask, the 回答).
const WEEKLY_ONLY: &[&str] = &["answer", "assignee", "origin_user", "owner", "raised_by"];

/// Which report reads.
#[derive(Clone, Copy)]
pub enum For {
    /// The 月次報告書: every figure, without the weekly-only fields.
    Month,
    /// The 定例会 pack, whose cut-off day is `cut_day`: also the 障害 with a
    /// 再発防止策 not done before it; of the lookups only the due dates.
    Week { cut_day: NaiveDate },
}

fn iso(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

impl Data {
    /// The records the figures of `report` need that look at no instant
    /// before the day of `from` (with their timelines), and the lookups over
    /// all records.
    pub fn load_since(
        d: &Daicho,
        settings: &ReportSettings,
        from: NaiveDateTime,
        report: For,
    ) -> Result<Data> {
        Ok(Data::load_since_with(d, settings, from, report, None)?.0)
    }

    /// [`Data::load_since`], with `look_back` also the parts of that
    /// look-back (インシデント, 障害, 変更), counted in the same reads.
    pub(crate) fn load_since_with(
        d: &Daicho,
        settings: &ReportSettings,
        from: NaiveDateTime,
        report: For,
        look_back: Option<&LookBackAt<'_>>,
    ) -> Result<(Data, Option<[Part; 3]>)> {
        let hours = &settings.calendar.config().business_hours;
        let (opening, closing) = (hours.start, hours.end);
        let mut fields = report_fields(settings);
        let prevention_day = match report {
            For::Month => {
                fields.retain(|f| !WEEKLY_ONLY.contains(f));
                None
            }
            For::Week { cut_day } => Some(iso(cut_day)),
        };
        let day = iso(from.date());
        let read = |d: &Daicho, ledger: Ledger| {
            let read = Read {
                fields: &fields,
                day: &day,
                prevention_day: prevention_day.as_deref(),
                closing,
                look_back,
                all_lookups: matches!(report, For::Month),
            };
            read_ledger(d, ledger, &read)
        };
        let releases = |d: &Daicho| -> Result<Vec<Record>> {
            let mut releases = Vec::new();
            d.for_each_record_with(Ledger::Release, &fields, |r| {
                releases.push(r);
                Ok(())
            })?;
            Ok(releases)
        };
        let first = |d: &Daicho| -> Result<(LedgerRead, Vec<Record>)> {
            Ok((read(d, Ledger::Incident)?, releases(d)?))
        };
        // インシデント and the releases on a second connection while this one
        // reads 障害 and 変更 (the two halves take about as long; the machine
        // has cores). The second connection is only a speed-up: when it
        // cannot be opened or fails, this connection reads them too.
        let (first, rest) = match d.reader().ok().flatten() {
            Some(second) => std::thread::scope(|s| {
                let other = s.spawn(move || first(&second));
                let rest = [Ledger::Failure, Ledger::Change].map(|l| read(d, l));
                let first = match other.join() {
                    Ok(Ok(read)) => Ok(read),
                    _ => first(d),
                };
                (first, rest)
            }),
            None => (
                first(d),
                [Ledger::Failure, Ledger::Change].map(|l| read(d, l)),
            ),
        };
        let (incidents, releases) = first?;
        let mut parts: Vec<Vec<Record>> = Vec::new();
        let mut timelines = Vec::new();
        let mut parts_back = Vec::new();
        let mut lookups = Lookups::default();
        for read in std::iter::once(Ok(incidents)).chain(rest) {
            let read = read?;
            parts.push(read.records);
            timelines.push(read.timelines);
            parts_back.extend(read.look_back);
            lookups.join(read.lookups);
        }
        let [incidents, failures, changes]: [Vec<Record>; 3] =
            parts.try_into().expect("three ledgers");
        let [ti, tf, tc]: [_; 3] = timelines.try_into().expect("three ledgers");
        let data = Data::from_parts(
            [incidents, failures, changes, releases],
            [ti, tf, tc],
            opening,
            closing,
            Some(Arc::new(lookups)),
        );
        Ok((data, parts_back.try_into().ok()))
    }
}

/// What [`read_ledger`] reads.
struct Read<'a> {
    fields: &'a [&'a str],
    /// The period's first day (`YYYY-MM-DD`).
    day: &'a str,
    prevention_day: Option<&'a str>,
    closing: NaiveTime,
    /// Also count this look-back's part.
    look_back: Option<&'a LookBackAt<'a>>,
    /// Every lookup (the monthly report), not only the due dates.
    all_lookups: bool,
}

/// What [`read_ledger`] read of one ledger.
struct LedgerRead {
    records: Vec<Record>,
    timelines: Vec<Timeline>,
    /// The look-back's part, when asked for.
    look_back: Option<Part>,
    /// This ledger's part of the lookups over every live record.
    lookups: Lookups,
}

/// One ledger's records the period needs, their timelines, its part of the
/// lookups and (with `read.look_back`) its part of the look-back.
fn read_ledger(d: &Daicho, ledger: Ledger, read: &Read<'_>) -> Result<LedgerRead> {
    let texts = d.status_texts()?;
    let stamped = stamped(d, ledger, &texts)?;
    // Back-dated (or forward-dated) actions: their records are kept.
    let mut keep: Vec<String> = stamped
        .keys()
        .map(|k| texts.record_no(ledger, k.0))
        .collect();
    loop {
        keep.sort();
        keep.dedup();
        let recent = Recent {
            at: read.day,
            day: read.day,
            dates: DATES,
            keep: &keep,
            preventions_open_on: read.prevention_day,
        };
        let mut records = Vec::new();
        d.for_each_recent_record(ledger, read.fields, &recent, |r| {
            records.push(r);
            Ok(())
        })?;
        let mut light = read.look_back.map(|at| LightTimelines::new(at.marks()));
        let codes = Codes {
            texts: &texts,
            stamped: &stamped,
            closing: read.closing,
        };
        let (tls, others) = load_timelines_with(d, ledger, &records, &codes, true, light.as_mut())?;
        // A record left out whose history ends open (its status disagrees
        // with its history): read again with it kept.
        let missing: Vec<String> = others
            .iter()
            .filter(|(_, s)| !workflow::is_closed(ledger, s))
            .map(|(key, _)| texts.record_no(ledger, key))
            .filter(|no| keep.binary_search(no).is_err())
            .collect();
        if missing.is_empty() {
            let mut counter = read
                .look_back
                .zip(light.as_ref())
                .map(|(at, light)| at.counter(ledger, light, &texts, read.closing));
            let lookups = lookups(
                d,
                ledger,
                &records,
                &others,
                &texts,
                read.all_lookups,
                counter.as_mut(),
            )?;
            return Ok(LedgerRead {
                records,
                timelines: tls,
                look_back: counter.map(Counter::finish),
                lookups,
            });
        }
        keep.extend(missing);
    }
}

/// One ledger's part of the lookups over every live record, from a narrow
/// read: インシデント's due dates; with `all`, 障害's and 変更's counts,
/// 優先度 and the records not in `records` (`last`: their last status).
/// The same read feeds `counter` (a look-back's part) when given.
fn lookups(
    d: &Daicho,
    ledger: Ledger,
    records: &[Record],
    last: &LastStatus,
    codes: &StatusTexts,
    all: bool,
    mut counter: Option<&mut Counter<'_>>,
) -> Result<Lookups> {
    let mut l = Lookups::default();
    let mut texts = Interner::default();
    let all = all && matches!(ledger, Ledger::Failure | Ledger::Change);
    let mut keys: Vec<&str> = Vec::new();
    if ledger == Ledger::Incident {
        keys.extend(["dev_due_on", "transfer_no"]);
    }
    if all {
        keys.extend(["raised_on", "release_ver", "priority", "status"]);
    }
    if let Some(c) = counter.as_deref() {
        keys.extend(c.fields());
    }
    if keys.is_empty() {
        return Ok(l);
    }
    keys.sort_unstable();
    keys.dedup();
    let loaded: HashSet<&str> = records.iter().map(|r| r.no.as_str()).collect();
    d.for_each_record_with(ledger, &keys, |r| {
        if let Some(c) = counter.as_deref_mut() {
            c.add(&r);
        }
        if ledger == Ledger::Incident {
            if let Some(due) = r.get("dev_due_on").as_date() {
                let to = r.text("transfer_no").to_string();
                l.dev_due.push((r.no.clone(), to, due));
            }
        }
        if !all {
            return Ok(());
        }
        *l.release_members
            .entry(r.text("release_ver").to_string())
            .or_default() += 1;
        l.see_priority(&r);
        if !loaded.contains(r.no.as_str()) {
            // No history: the status it has always had.
            let status = codes
                .record_key(ledger, &r.no)
                .and_then(|key| last.get(key))
                .cloned()
                .unwrap_or_else(|| texts.get(r.status()));
            l.left_out.push(LeftOut {
                ledger,
                raised: raised_on(&r),
                status,
                priority: texts.get(&or_unset(&r, "priority")),
            });
        }
        Ok(())
    })?;
    Ok(l)
}
