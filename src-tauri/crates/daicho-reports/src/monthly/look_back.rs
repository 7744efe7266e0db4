//! The figures that look back a year from the report month: 発生 / クローズ
//! / 月末残 of the 13 months ending with it (the trend, the previous month,
//! the same month a year ago), the 12-month counts (種別, 発生元組織, 対象
//! システム, 根本原因分類, 見送り理由) and the MTTR a year ago.
//!
//! The report counts them record by record ([`Counter`]) in the narrow read
//! of every live record it makes anyway (`data_recent.rs`), each with its
//! compact timeline ([`crate::timeline_light`]), so it loads whole records
//! only for its own two months. [`LookBack::of_data`] computes the same
//! from loaded records (the tests compare the two).

use chrono::{NaiveDateTime, NaiveTime};
use daicho_core::domain::ledger::Ledger;
use daicho_core::service::StatusTexts;
use daicho_core::Record;

use super::breakdown::RaisedBy;
use super::changes::Dropped;
use super::failures::{mean, repair_hours};
use super::flow::{Flow, FlowCount};
use super::{cutoff, CountRow};
use crate::data::{raised_on, UNSET};
use crate::period::YearMonth;
use crate::settings::ReportSettings;
use crate::timeline_light::{LightTimeline, LightTimelines, Marks};

/// Look-back figures of one report month.
pub(crate) struct LookBack {
    month: YearMonth,
    /// インシデント, 障害, 変更: the 13 months ending with the report month
    /// (index 0: a year before it).
    flows: [Vec<Flow>; 3],
    pub raised_by_kind: Vec<CountRow>,
    pub raised_by_org: Vec<CountRow>,
    pub incidents_by_system: Vec<CountRow>,
    pub failures_by_system: Vec<CountRow>,
    pub root_causes: Vec<CountRow>,
    pub dropped: Vec<CountRow>,
    /// MTTR (検知→復旧, hours) of the same month a year earlier.
    pub mttr_year_ago: Option<f64>,
}

/// The months a look-back counts flows of, oldest first.
fn months(month: YearMonth) -> Vec<YearMonth> {
    (0..=12).rev().map(|i| month.plus_months(-i)).collect()
}

const LEDGERS: [Ledger; 3] = [Ledger::Incident, Ledger::Failure, Ledger::Change];

impl LookBack {
    /// 発生 / クローズ / 月末残 of `ledger` in `m`, one of the 13 months.
    pub(crate) fn flow(&self, ledger: Ledger, m: YearMonth) -> Flow {
        let slot = LEDGERS.iter().position(|l| *l == ledger).expect("ledger");
        let i = months(self.month)
            .iter()
            .position(|x| *x == m)
            .expect("a month of the look-back");
        self.flows[slot][i]
    }

    /// The flows of `ledger` over the 12 months ending with the report
    /// month, oldest first.
    pub(crate) fn twelve(&self, ledger: Ledger) -> &[Flow] {
        let slot = LEDGERS.iter().position(|l| *l == ledger).expect("ledger");
        &self.flows[slot][1..]
    }

    /// From the three ledgers' parts (インシデント, 障害, 変更), each counted
    /// by a [`Counter`].
    pub(crate) fn from_parts(month: YearMonth, parts: [Part; 3]) -> LookBack {
        let [incidents, failures, changes] = parts;
        let [kind, org, inc_system]: [RaisedBy; 3] =
            incidents.counts.try_into().ok().expect("three counts");
        let [fail_system, causes]: [RaisedBy; 2] =
            failures.counts.try_into().ok().expect("two counts");
        LookBack {
            month,
            flows: [incidents.flows, failures.flows, changes.flows],
            raised_by_kind: kind.rows(),
            raised_by_org: org.rows(),
            incidents_by_system: inc_system.rows(),
            failures_by_system: fail_system.rows(),
            root_causes: causes.rows(),
            dropped: changes.drops.rows,
            mttr_year_ago: mean(&failures.repair),
        }
    }
}

/// Which look-back to count: the report month seen at `now`.
pub(crate) struct LookBackAt<'a> {
    pub settings: &'a ReportSettings,
    pub month: YearMonth,
    pub now: NaiveDateTime,
}

impl LookBackAt<'_> {
    /// The instants the look-back reads each record's timeline at.
    pub(crate) fn marks(&self) -> Marks {
        let count = FlowCount::new(&months(self.month), self.now);
        let drops = Dropped::new(self.month, self.now);
        Marks::new(&count.instants(), drops.instants())
    }

    /// The fields a [`Counter`] of `ledger` reads of each record.
    pub(crate) fn fields(&self, ledger: Ledger) -> Vec<&str> {
        let system = self.settings.sla.system_field.as_str();
        let mut keys = vec!["raised_on", "status", "closed_on", "completed_on"];
        keys.extend(match ledger {
            Ledger::Incident => vec!["kind", "origin_org", system],
            Ledger::Failure => vec![
                system,
                "root_cause_category",
                "detected_at",
                "occurred_at",
                "recovered_at",
            ],
            _ => vec!["drop_reason"],
        });
        keys
    }

    /// Counts `ledger`'s part, record by record, with `light` (the compact
    /// timelines of its records with a status history, read at
    /// [`LookBackAt::marks`]; the others get the timeline their status and
    /// dates give).
    pub(crate) fn counter<'a>(
        &'a self,
        ledger: Ledger,
        light: &'a LightTimelines,
        texts: &'a StatusTexts,
        closing: NaiveTime,
    ) -> Counter<'a> {
        let (month, now) = (self.month, self.now);
        let empty = |e: &str| RaisedBy::new(month, now, e);
        let ly = month.plus_months(-12);
        Counter {
            at: self,
            ledger,
            system: self.settings.sla.system_field.as_str(),
            light,
            texts,
            closing,
            ly,
            ly_cut: cutoff(ly, now),
            count: FlowCount::new(&months(month), now),
            part: Part {
                flows: Vec::new(),
                counts: match ledger {
                    Ledger::Incident => vec![empty(UNSET), empty(UNSET), empty(UNSET)],
                    Ledger::Failure => vec![empty(UNSET), empty("未分類")],
                    _ => Vec::new(),
                },
                drops: Dropped::new(month, now),
                repair: Vec::new(),
            },
        }
    }
}

/// One ledger's part of a [`LookBack`]: its flows, its 12-month counts
/// (インシデント: 種別, 発生元組織, 対象システム; 障害: 対象システム,
/// 根本原因分類), its 見送り counts (変更) and MTTR values (障害).
pub(crate) struct Part {
    flows: Vec<Flow>,
    counts: Vec<RaisedBy>,
    drops: Dropped,
    repair: Vec<f64>,
}

/// Counts one ledger's [`Part`] from its live records, read narrow (the
/// fields [`LookBackAt::fields`] names) and not kept.
pub(crate) struct Counter<'a> {
    at: &'a LookBackAt<'a>,
    ledger: Ledger,
    system: &'a str,
    light: &'a LightTimelines,
    texts: &'a StatusTexts,
    closing: NaiveTime,
    /// The same month a year earlier, and its cut-off.
    ly: YearMonth,
    ly_cut: NaiveDateTime,
    count: FlowCount,
    part: Part,
}

impl<'a> Counter<'a> {
    /// The fields [`Counter::add`] reads.
    pub(crate) fn fields(&self) -> Vec<&'a str> {
        self.at.fields(self.ledger)
    }

    pub(crate) fn add(&mut self, r: &Record) {
        let ledger = self.ledger;
        let marks = &self.light.marks;
        let tl = self
            .texts
            .record_key(ledger, &r.no)
            .and_then(|k| self.light.get(k).copied())
            .unwrap_or_else(|| LightTimeline::synthetic(ledger, r, self.closing, marks));
        let raised = raised_on(r);
        self.count
            .add_read(raised, tl.closures(), tl.closed_at_cuts(marks));
        let text = |key: &str| r.text(key).to_string();
        let system = self.system;
        match (ledger, self.part.counts.as_mut_slice()) {
            (Ledger::Incident, [kind, org, sys]) => {
                kind.add(raised, || text("kind"));
                org.add(raised, || text("origin_org"));
                sys.add(raised, || r.get(system).display());
            }
            (Ledger::Failure, [sys, causes]) => {
                sys.add(raised, || r.get(system).display());
                causes.add(raised, || text("root_cause_category"));
                self.part
                    .repair
                    .extend(repair_hours(r, self.ly, self.ly_cut));
            }
            _ => {
                let (window, month) = tl.drops();
                self.part
                    .drops
                    .add_counts(r.text("drop_reason"), window, month);
            }
        }
    }

    pub(crate) fn finish(self) -> Part {
        Part {
            flows: self.count.flows,
            ..self.part
        }
    }
}

#[cfg(test)]
mod reference {
    use chrono::NaiveDateTime;
    use daicho_core::{Daicho, Record, Result};

    use super::{months, LookBack, LEDGERS};
    use crate::data::{Data, UNSET};
    use crate::monthly::breakdown::raised_by;
    use crate::monthly::changes::dropped;
    use crate::monthly::cutoff;
    use crate::monthly::failures::{failure_figures, root_causes};
    use crate::monthly::flow::flows;
    use crate::period::YearMonth;
    use crate::settings::ReportSettings;

    impl LookBack {
        /// From loaded records and their timelines (every record the figures
        /// count must be loaded): the tests' reference for the counted look-back.
        pub(crate) fn of_data(
            d: &Daicho,
            data: &Data,
            settings: &ReportSettings,
            month: YearMonth,
            now: NaiveDateTime,
        ) -> Result<LookBack> {
            let ms = months(month);
            let system = |r: &Record| r.get(&settings.sla.system_field).display();
            let ly = month.plus_months(-12);
            Ok(LookBack {
                month,
                flows: LEDGERS.map(|l| flows(data, l, &ms, now)),
                raised_by_kind: raised_by(&data.incidents, month, now, UNSET, |r| {
                    r.text("kind").to_string()
                }),
                raised_by_org: raised_by(&data.incidents, month, now, UNSET, |r| {
                    r.text("origin_org").to_string()
                }),
                incidents_by_system: raised_by(&data.incidents, month, now, UNSET, system),
                failures_by_system: raised_by(&data.failures, month, now, UNSET, system),
                root_causes: root_causes(data, month, now),
                dropped: dropped(data, month, now),
                mttr_year_ago: failure_figures(d, data, ly, cutoff(ly, now))?.mttr_hours,
            })
        }
    }
}
