//! The figures that look back a year from the report month: 発生 / クローズ
//! / 月末残 of the 13 months ending with it (the trend, the previous month,
//! the same month a year ago), the 12-month counts (種別, 発生元組織, 対象
//! システム, 根本原因分類, 見送り理由) and the MTTR a year ago.
//!
//! The report computes them in one pass over every live record, read narrow
//! and not kept, with its compact timeline ([`crate::timeline_light`]), so it
//! loads whole records only for its own two months. [`LookBack::of_data`]
//! computes the same from loaded records (the tests compare the two).

use chrono::{NaiveDateTime, NaiveTime};
use daicho_core::domain::ledger::Ledger;
use daicho_core::{Daicho, Result};

use super::breakdown::RaisedBy;
use super::changes::Dropped;
use super::failures::{mean, repair_hours};
use super::flow::{Flow, FlowCount};
use super::{cutoff, CountRow};
use crate::data::{raised_on, UNSET};
use crate::period::YearMonth;
use crate::settings::ReportSettings;
use crate::timeline_light::{LightTimeline, LightTimelines};

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

    /// From one narrow pass over every live record of the three ledgers,
    /// with `light`, their compact timelines (records without one get the
    /// timeline their status and dates give).
    pub(crate) fn pass(
        d: &Daicho,
        settings: &ReportSettings,
        light: &[LightTimelines; 3],
        month: YearMonth,
        now: NaiveDateTime,
        closing: NaiveTime,
    ) -> Result<LookBack> {
        let ms = months(month);
        let texts = d.status_texts()?;
        let system = settings.sla.system_field.as_str();
        let ly = month.plus_months(-12);
        let ly_cut = cutoff(ly, now);
        let mut kind = RaisedBy::new(month, now, UNSET);
        let mut org = RaisedBy::new(month, now, UNSET);
        let mut inc_system = RaisedBy::new(month, now, UNSET);
        let mut fail_system = RaisedBy::new(month, now, UNSET);
        let mut causes = RaisedBy::new(month, now, "未分類");
        let mut drops = Dropped::new(month, now);
        let mut repair = Vec::new();
        let mut flows: Vec<Vec<Flow>> = Vec::new();
        for (slot, ledger) in LEDGERS.into_iter().enumerate() {
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
            let mut count = FlowCount::new(&ms, now);
            d.for_each_record_with(ledger, &keys, |r| {
                let synthetic;
                let tl = match texts
                    .record_key(ledger, &r.no)
                    .and_then(|k| light[slot].0.get(&k))
                {
                    Some(tl) => tl,
                    None => {
                        synthetic = LightTimeline::synthetic(ledger, &r, closing);
                        &synthetic
                    }
                };
                let raised = raised_on(&r);
                count.add(raised, |a, b| tl.closed_between(a, b), |t| tl.closed_at(t));
                match ledger {
                    Ledger::Incident => {
                        kind.add(raised, || r.text("kind").to_string());
                        org.add(raised, || r.text("origin_org").to_string());
                        inc_system.add(raised, || r.get(system).display());
                    }
                    Ledger::Failure => {
                        fail_system.add(raised, || r.get(system).display());
                        causes.add(raised, || r.text("root_cause_category").to_string());
                        repair.extend(repair_hours(&r, ly, ly_cut));
                    }
                    _ => {
                        let (from, to) = drops.window();
                        let when = tl
                            .closures_between(from, to)
                            .filter(|e| e.to_dropped)
                            .map(|e| e.when);
                        drops.add(r.text("drop_reason"), when);
                    }
                }
                Ok(())
            })?;
            flows.push(count.flows);
        }
        Ok(LookBack {
            month,
            flows: flows.try_into().expect("three ledgers"),
            raised_by_kind: kind.rows(),
            raised_by_org: org.rows(),
            incidents_by_system: inc_system.rows(),
            failures_by_system: fail_system.rows(),
            root_causes: causes.rows(),
            dropped: drops.rows,
            mttr_year_ago: mean(&repair),
        })
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
        /// count must be loaded): the tests' reference for [`LookBack::pass`].
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
