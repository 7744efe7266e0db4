//! 発生件数 by a grouping (種別, 発生元組織, 根本原因分類): the month and the
//! 12 months ending with it.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use daicho_core::Record;

use super::CountRow;
use crate::data::raised_on;
use crate::period::YearMonth;

/// Records raised (起票日) in the month and in the 12 months ending with it,
/// counted per `group` (an empty group is `empty`), most frequent first.
pub(super) fn raised_by(
    records: &[Record],
    month: YearMonth,
    now: NaiveDateTime,
    empty: &str,
    group: impl Fn(&Record) -> String,
) -> Vec<CountRow> {
    let first = month.plus_months(-11).first_day();
    let mut map: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for r in records {
        let Some(day) = raised_on(r) else { continue };
        if day < first || day > month.last_day() || day > now.date() {
            continue;
        }
        let g = group(r);
        let g = if g.trim().is_empty() { empty } else { g.trim() };
        let e = map.entry(g.to_string()).or_default();
        e.1 += 1;
        if month.contains(day) {
            e.0 += 1;
        }
    }
    let mut rows: Vec<CountRow> = map
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
