//! Demo data: the seed's own example (I-0001 社員基本の項目位置変更 →
//! S-0001 → release 1.0.1, and C-0001 CSVデータ出力機能追加) plus a
//! generated two-year history of an operations team, moved through every
//! status by the same service calls a user makes, with the clock set to each
//! event's date so dates and history read true.
//!
//! - [`story`]: the seed's scripted records;
//! - [`generator`]: the generated history, [`releases`] its monthly releases;
//! - [`bulk`]: many plain records fast (benchmarks, the 100k-row grid check);
//! - [`vocabulary`]: the word lists they draw from.

mod bulk;
mod generator;
mod releases;
mod story;
pub mod vocabulary;

pub use bulk::{bulk_fill, bulk_rows};

use chrono::{Datelike, Duration, NaiveDate, NaiveTime, Weekday};
use serde::Serialize;

use crate::domain::master::Master;
use crate::error::{Error, Result};
use crate::Daicho;
use vocabulary::{ORGS, PEOPLE, SYSTEMS};

#[derive(Debug, Serialize)]
pub struct DemoSummary {
    pub incidents: usize,
    pub failures: usize,
    pub changes: usize,
    pub releases: usize,
}

fn kv(pairs: &[(&str, String)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

fn ymd(d: NaiveDate) -> String {
    d.format("%Y/%m/%d").to_string()
}

/// The next weekly 定例会 (Monday) on or after `d`.
fn next_meeting(d: NaiveDate) -> NaiveDate {
    let mut m = d + Duration::days(1);
    while m.weekday() != Weekday::Mon {
        m += Duration::days(1);
    }
    m
}

fn skip_weekend(mut d: NaiveDate) -> NaiveDate {
    while matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
        d += Duration::days(1);
    }
    d
}

/// Small deterministic generator (xorshift64*), so a seed gives the same data.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

struct Clock<'a> {
    d: &'a mut Daicho,
    today: NaiveDate,
}

impl Clock<'_> {
    /// Sets the clock to `date` 10:00; false when that is still in the future.
    fn at(&mut self, date: NaiveDate) -> bool {
        if date > self.today {
            return false;
        }
        self.d.set_now(Some(
            date.and_time(NaiveTime::from_hms_opt(10, 0, 0).expect("time")),
        ));
        true
    }
}

/// The most demo incidents `fill` generates (it keeps them in memory).
pub const MAX_DEMO_COUNT: usize = 100_000;

/// Fills an empty database. Refuses a database that already holds records.
pub fn fill(d: &mut Daicho, count: usize, seed: u64) -> Result<DemoSummary> {
    if count > MAX_DEMO_COUNT {
        return Err(Error::invalid(format!(
            "デモデータの件数 {count} は多すぎます。{MAX_DEMO_COUNT} 件以下を指定してください。"
        )));
    }
    if !d.is_empty()? {
        return Err(Error::invalid(
            "デモデータは空のデータベースにだけ作成できます。別の --db を指定してください。",
        ));
    }
    let summary = d.bulk(|d| fill_now(d, count, seed))?;
    // Records written and then moved through their flows leave pages
    // part-filled: the demo leaves its file compact, as a user's file is
    // after `daicho optimize` (about 2 s at 100k records).
    if d.db_path().is_some() {
        d.compact()?;
    }
    Ok(summary)
}

fn fill_now(d: &mut Daicho, count: usize, seed: u64) -> Result<DemoSummary> {
    let today = d.today();
    let saved_now = d.fixed_now();
    let saved_actor = d.actor().to_string();
    for o in ORGS {
        d.add_master(Master::Organization, o)?;
    }
    for p in PEOPLE {
        d.add_master(Master::Person, p)?;
    }
    for (name, level) in SYSTEMS {
        d.add_master(Master::System, name)?;
        d.set_service_level(name, Some(level))?;
    }
    let result = generator::generate(d, count, seed, today);
    d.set_now(saved_now);
    d.set_actor(&saved_actor);
    result
}
