//! 発生件数 by a grouping (種別, 発生元組織, 根本原因分類): the month and the
//! 12 months ending with it.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};

use super::CountRow;
use crate::period::YearMonth;

/// Records raised (起票日) in the month and in the 12 months ending with it,
/// counted per `group` (an empty group is `empty`), most frequent first
/// (from loaded records: the tests' reference).
#[cfg(test)]
pub(super) fn raised_by(
    records: &[daicho_core::Record],
    month: YearMonth,
    now: NaiveDateTime,
    empty: &str,
    group: impl Fn(&daicho_core::Record) -> String,
) -> Vec<CountRow> {
    let mut count = RaisedBy::new(month, now, empty);
    for r in records {
        count.add(crate::data::raised_on(r), || group(r));
    }
    count.rows()
}

/// Counts [`raised_by`] one record at a time.
pub(crate) struct RaisedBy {
    first: NaiveDate,
    month: YearMonth,
    now: NaiveDateTime,
    empty: String,
    map: BTreeMap<String, (usize, usize)>,
}

impl RaisedBy {
    pub(crate) fn new(month: YearMonth, now: NaiveDateTime, empty: &str) -> RaisedBy {
        RaisedBy {
            first: month.plus_months(-11).first_day(),
            month,
            now,
            empty: empty.to_string(),
            map: BTreeMap::new(),
        }
    }

    /// A record raised on `raised`, in the group `group` gives (asked only
    /// for a record in the 12 months).
    pub(crate) fn add(&mut self, raised: Option<NaiveDate>, group: impl FnOnce() -> String) {
        let Some(day) = raised else { return };
        if day < self.first || day > self.month.last_day() || day > self.now.date() {
            return;
        }
        let g = group();
        let g = if g.trim().is_empty() {
            self.empty.as_str()
        } else {
            g.trim()
        };
        let e = match self.map.get_mut(g) {
            Some(e) => e,
            None => self.map.entry(g.to_string()).or_default(),
        };
        e.1 += 1;
        if self.month.contains(day) {
            e.0 += 1;
        }
    }

    pub(crate) fn rows(self) -> Vec<CountRow> {
        let mut rows: Vec<CountRow> = self
            .map
            .into_iter()
            .map(|(name, (m, t))| CountRow {
                name,
                month: m,
                twelve_months: t,
            })
            .collect();
        rows.sort_by(|a, b| {
            b.twelve_months
                .cmp(&a.twelve_months)
                .then(a.name.cmp(&b.name))
        });
        rows
    }
}
