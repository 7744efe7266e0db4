//! What a report shows, in order: headings, tables, charts, text. Both the
//! PDF and the xlsx writer render these blocks, so the two files always carry
//! the same figures and labels (Japanese labels live here and in
//! `definitions.rs`): the 月次報告書 in `monthly.rs`, the 定例会 pack in
//! `weekly.rs`, tables both use in `records.rs`.

mod monthly;
mod monthly_more;
mod records;
mod weekly;

pub use monthly::monthly_blocks;
pub use weekly::weekly_blocks;

use chrono::{Datelike, Duration, NaiveDate};
use serde::Serialize;

use crate::definitions::{Definition, DEFINITIONS};
use crate::table::{Cell, Table};
use crate::weekly::GanttBar;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ChartKind {
    /// Vertical columns per category (line series drawn as lines).
    Columns,
    /// Horizontal bars per category.
    Bars,
}

#[derive(Debug, Clone, Serialize)]
pub struct Series {
    pub name: String,
    pub values: Vec<f64>,
    /// Drawn as a line over the columns.
    pub line: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Chart {
    pub title: String,
    pub kind: ChartKind,
    pub categories: Vec<String>,
    pub series: Vec<Series>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Gantt {
    pub title: String,
    pub today: NaiveDate,
    pub bars: Vec<GanttBar>,
}

impl Gantt {
    /// The weeks the chart shows, `[from, to)`, both Mondays: from the
    /// earliest start (at most 8 weeks back) to the latest planned end (at
    /// most 12 weeks ahead), at least 4 weeks ahead of today.
    pub fn weeks(&self) -> (NaiveDate, NaiveDate) {
        let today = self.today;
        let earliest = self
            .bars
            .iter()
            .map(|b| b.start)
            .min()
            .unwrap_or(today)
            .max(today - Duration::weeks(8));
        let latest = self
            .bars
            .iter()
            .filter_map(|b| b.end)
            .max()
            .unwrap_or(today)
            .min(today + Duration::weeks(12))
            .max(today + Duration::weeks(4));
        let from = earliest - Duration::days(earliest.weekday().num_days_from_monday() as i64);
        let to = latest + Duration::days(7 - latest.weekday().num_days_from_monday() as i64);
        (from, to)
    }
}

#[derive(Debug, Clone, Serialize)]
pub enum Block {
    /// A numbered section heading; the xlsx writer starts a sheet at each
    /// heading whose `sheet` is set.
    Heading {
        text: String,
        sheet: Option<String>,
    },
    Table(Table),
    Chart(Chart),
    /// A titled paragraph (所見・改善提案).
    Text {
        title: String,
        body: String,
    },
    Gantt(Gantt),
    /// Start a new PDF page.
    PageBreak,
}

fn heading(text: &str, sheet: Option<&str>) -> Block {
    Block::Heading {
        text: text.to_string(),
        sheet: sheet.map(String::from),
    }
}

/// The appendix: the definitions `keep` selects, in their order.
pub fn definitions_table(keep: impl Fn(&Definition) -> bool) -> Table {
    Table::with_rows(
        "指標の定義",
        &[("指標", 1.6), ("定義", 6.0)],
        DEFINITIONS
            .iter()
            .filter(|d| keep(d))
            .map(|d| vec![Cell::text(d.name), Cell::text(d.text)]),
    )
}
