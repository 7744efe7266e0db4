//! Tables shared by the reports: lead times, SLA items, and the detail
//! lists of records.

use chrono::NaiveDateTime;

use crate::monthly::{LeadTime, MonthRecord};
use crate::sla::SlaItem;
use crate::table::{Cell, Table};

/// 件数, mean, median and p90 days per group.
pub(super) fn lead_table(title: &str, first: &str, rows: &[LeadTime]) -> Table {
    let mut t = Table::new(
        title,
        &[
            (first, 3.0),
            ("件数", 1.0),
            ("平均(日)", 1.2),
            ("中央値(日)", 1.2),
            ("p90(日)", 1.2),
        ],
    );
    for l in rows {
        t.row(vec![
            Cell::text(&l.group),
            Cell::count(l.count),
            Cell::num(l.mean_days, 1),
            Cell::num(l.median_days, 1),
            Cell::num(l.p90_days, 1),
        ]);
    }
    t
}

/// SLA items with start, due, elapsed hours and state.
pub(super) fn sla_table(title: &str, items: &[&SlaItem]) -> Table {
    let mut t = Table::new(
        title,
        &[
            ("No.", 1.0),
            ("対象", 1.6),
            ("ルール", 0.9),
            ("開始", 1.5),
            ("期限", 1.5),
            ("経過(h)", 0.9),
            ("状態", 0.9),
            ("タイトル", 3.0),
        ],
    );
    for i in items {
        t.row(vec![
            Cell::text(&i.no),
            Cell::text(i.measure_label),
            Cell::text(&i.rule),
            Cell::text(i.start.format("%Y/%-m/%-d %H:%M").to_string()),
            Cell::text(i.due.format("%Y/%-m/%-d %H:%M").to_string()),
            Cell::num(Some(i.elapsed_hours), 1),
            Cell::text(i.status_label),
            Cell::text(&i.title),
        ]);
    }
    t
}

#[derive(Clone, Copy)]
/// Which ledger's columns a detail list shows.
pub(super) enum RecordCols {
    Incident,
    Failure,
    Change,
}

pub(super) fn records_table(title: &str, recs: &[MonthRecord], cols: RecordCols) -> Table {
    let dt = |t: Option<NaiveDateTime>| {
        Cell::text(
            t.map(|x| x.format("%Y/%-m/%-d %H:%M").to_string())
                .unwrap_or_default(),
        )
    };
    let mut t = match cols {
        RecordCols::Incident => Table::new(
            title,
            &[
                ("No.", 0.9),
                ("起票日", 1.15),
                ("発生元組織", 1.3),
                ("種別", 0.9),
                ("優先度", 0.75),
                ("ステータス", 1.3),
                ("クローズ日", 1.15),
                ("日数", 0.6),
                ("タイトル", 2.9),
            ],
        ),
        RecordCols::Failure => Table::new(
            title,
            &[
                ("No.", 0.9),
                ("起票日", 1.15),
                ("優先度", 0.75),
                ("Severity", 0.9),
                ("ステータス", 1.4),
                ("検知日時", 1.75),
                ("復旧日時", 1.75),
                ("根本原因分類", 1.3),
                ("タイトル", 2.1),
            ],
        ),
        RecordCols::Change => Table::new(
            title,
            &[
                ("No.", 0.9),
                ("起票日", 1.15),
                ("優先度", 0.75),
                ("ステータス", 2.0),
                ("クローズ日", 1.15),
                ("概算金額", 1.1),
                ("正式金額", 1.1),
                ("見送り理由", 0.9),
                ("タイトル", 2.6),
            ],
        ),
    };
    for r in recs {
        let row = match cols {
            RecordCols::Incident => vec![
                Cell::text(&r.no),
                Cell::date(r.raised_on),
                Cell::text(&r.org),
                Cell::text(&r.kind),
                Cell::text(&r.priority),
                Cell::text(&r.status),
                Cell::date(r.closed_on),
                r.lead_days.map(Cell::Int).unwrap_or(Cell::Empty),
                Cell::text(&r.title),
            ],
            RecordCols::Failure => vec![
                Cell::text(&r.no),
                Cell::date(r.raised_on),
                Cell::text(&r.priority),
                Cell::text(&r.kind),
                Cell::text(&r.status),
                dt(r.detected_at),
                dt(r.recovered_at),
                Cell::text(&r.root_cause_category),
                Cell::text(&r.title),
            ],
            RecordCols::Change => vec![
                Cell::text(&r.no),
                Cell::date(r.raised_on),
                Cell::text(&r.priority),
                Cell::text(&r.status),
                Cell::date(r.closed_on),
                Cell::num(r.rough_amount, 0),
                Cell::num(r.formal_amount, 0),
                Cell::text(&r.kind),
                Cell::text(&r.title),
            ],
        };
        t.row(row);
    }
    t
}
