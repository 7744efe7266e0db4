//! The 月次報告書 as blocks, one function per numbered section.
//! (Just over 400 lines: one short function per section of the report.)

use daicho_calendar::SlaStatus;

use super::monthly_more as more;
use super::records::{lead_table, records_table, sla_table, RecordCols};
use super::{definitions_table, heading, Block, Chart, ChartKind, Series};
use crate::monthly::MonthlyFigures;
use crate::sla::{SlaItem, SlaMeasure};
use crate::table::{Cell, Table};

/// The 月次報告書 as blocks.
pub fn monthly_blocks(f: &MonthlyFigures, issuer: &str) -> Vec<Block> {
    let mut b = Vec::new();
    summary(&mut b, f);
    lead_times(&mut b, f);
    status_priority(&mut b, f);
    sla(&mut b, f);
    failures(&mut b, f);
    changes(&mut b, f);
    trend(&mut b, f);
    more::occurrences(&mut b, f);
    more::releases(&mut b, f);
    more::availability(&mut b, f);
    more::targets(&mut b, f);
    more::high_priority(&mut b, f);
    more::findings(&mut b, f, issuer);
    b.push(Block::PageBreak);
    b.push(heading("付録 指標の定義", Some("定義")));
    b.push(Block::Table(definitions_table(|_| true)));
    b.push(Block::PageBreak);
    details(&mut b, f);
    b
}

fn pct(v: Option<f64>) -> String {
    v.map(|x| format!("{x:.1}%")).unwrap_or_else(|| "—".into())
}

fn hours_text(v: Option<f64>) -> String {
    v.map(|x| format!("{x:.1} 時間"))
        .unwrap_or_else(|| "—".into())
}

/// `12 / 3 / 4`
fn slashed(values: &[usize]) -> Cell {
    Cell::text(
        values
            .iter()
            .map(usize::to_string)
            .collect::<Vec<_>>()
            .join(" / "),
    )
}

pub(super) fn series(name: &str, values: impl Iterator<Item = usize>, line: bool) -> Series {
    Series {
        name: name.into(),
        values: values.map(|v| v as f64).collect(),
        line,
    }
}

/// 1. サマリー: the main figures, the incident trend chart, year on year.
fn summary(b: &mut Vec<Block>, f: &MonthlyFigures) {
    let basis = if f.closed_month {
        format!(
            "{} 締め（{}まで）",
            f.label,
            f.month.last_day().format("%Y/%-m/%-d")
        )
    } else {
        format!(
            "{} 途中（{} 時点）",
            f.label,
            f.as_of.format("%Y/%-m/%-d %H:%M")
        )
    };
    b.push(heading("1. サマリー", Some("サマリー")));
    let sla_of = |m: SlaMeasure| f.sla.iter().find(|s| s.measure == m);
    let sla_row = |name: &'static str, m: SlaMeasure| {
        let s = sla_of(m);
        (
            name,
            Cell::text(pct(s.and_then(|s| s.achievement_pct))),
            s.map(|s| format!("達成 {} / 超過 {}", s.met, s.breached))
                .unwrap_or_default(),
        )
    };
    let (inc, prev, fail, chg) = (&f.incidents, &f.previous_month, &f.failures, &f.changes);
    let rows: Vec<(&str, Cell, String)> = vec![
        ("集計基準", Cell::text(&basis), String::new()),
        (
            "インシデント発生件数",
            Cell::count(inc.raised),
            format!("前月 {}", prev.raised),
        ),
        (
            "インシデントクローズ件数",
            Cell::count(inc.closed),
            format!("前月 {}", prev.closed),
        ),
        (
            "インシデント月末残件数",
            Cell::count(inc.backlog),
            format!("前月 {}", prev.backlog),
        ),
        (
            "障害 発生 / クローズ / 月末残",
            slashed(&[fail.raised, fail.closed, fail.backlog]),
            String::new(),
        ),
        (
            "変更 発生 / クローズ / 月末残",
            slashed(&[chg.raised, chg.closed, chg.backlog]),
            String::new(),
        ),
        sla_row(
            "SLA達成率（インシデント初動）",
            SlaMeasure::IncidentFirstResponse,
        ),
        sla_row("SLA達成率（障害復旧）", SlaMeasure::FailureRecovery),
        (
            "MTTR（検知→復旧）",
            Cell::text(hours_text(f.failure.mttr_hours)),
            format!("復旧 {} 件", f.failure.recovered),
        ),
        (
            "MTTD（発生→検知）",
            Cell::text(hours_text(f.failure.mttd_hours)),
            format!("検知 {} 件", f.failure.detected),
        ),
        (
            "MTBF",
            Cell::text(hours_text(f.failure.mtbf_hours)),
            format!("発生 {} 件", f.failure.occurred),
        ),
        (
            "再発防止策 未完了 / 期限超過",
            slashed(&[f.preventions.open, f.preventions.overdue]),
            format!("効果確認済 {}", f.preventions.verified),
        ),
    ];
    b.push(Block::Table(Table::with_rows(
        "主要指標",
        &[("指標", 3.0), ("値", 3.0), ("備考", 2.2)],
        rows.into_iter()
            .map(|(k, v, n)| vec![Cell::text(k), v, Cell::text(n)]),
    )));
    b.push(Block::Chart(Chart {
        title: "インシデント件数の12か月推移".into(),
        kind: ChartKind::Columns,
        categories: f.trend.iter().map(|t| t.label.clone()).collect(),
        series: vec![
            series(
                "発生件数",
                f.trend.iter().map(|t| t.incidents.raised),
                false,
            ),
            series(
                "クローズ件数",
                f.trend.iter().map(|t| t.incidents.closed),
                false,
            ),
            series(
                "月末残件数",
                f.trend.iter().map(|t| t.incidents.backlog),
                true,
            ),
        ],
    }));
    b.push(Block::Table(Table::with_rows(
        "前年同月比",
        &[("指標", 3.0), ("当月", 1.2), ("前年同月", 1.2), ("差", 1.2)],
        f.yoy.iter().map(|y| {
            let decimals = if y.name.contains("時間") { 1 } else { 0 };
            vec![
                Cell::text(y.name),
                Cell::num(Some(y.this_month), decimals),
                Cell::num(Some(y.last_year), decimals),
                Cell::num(Some(y.diff), decimals),
            ]
        }),
    )));
}

/// 2. 起票→クローズ日数.
fn lead_times(b: &mut Vec<Block>, f: &MonthlyFigures) {
    b.push(heading("2. 起票→クローズ日数", Some("日数")));
    for (title, first, rows) in [
        ("インシデント 種別別", "種別", &f.lead_by_kind),
        ("インシデント 発生元組織別", "発生元組織", &f.lead_by_org),
        (
            "障害・変更 優先度別",
            "台帳・優先度",
            &f.lead_sc_by_priority,
        ),
    ] {
        b.push(Block::Table(lead_table(title, first, rows)));
    }
}

/// 3. 障害・変更 優先度×ステータス.
fn status_priority(b: &mut Vec<Block>, f: &MonthlyFigures) {
    b.push(heading("3. 障害・変更 優先度×ステータス（基準時点）", None));
    let mut cols: Vec<(&str, f32)> = vec![("台帳", 1.0), ("ステータス", 3.0)];
    cols.extend(f.priorities.iter().map(|p| (p.as_str(), 0.9)));
    cols.push(("計", 0.9));
    b.push(Block::Table(Table::with_rows(
        "優先度×ステータス",
        &cols,
        f.sc_status_priority.iter().map(|r| {
            let mut row = vec![Cell::text(r.ledger), Cell::text(&r.status)];
            row.extend(r.counts.iter().map(|c| Cell::count(*c)));
            row.push(Cell::count(r.total));
            row
        }),
    )));
}

/// 4. SLA: achievement per measure and the items not met.
fn sla(b: &mut Vec<Block>, f: &MonthlyFigures) {
    b.push(heading("4. SLA", Some("SLA")));
    b.push(Block::Table(Table::with_rows(
        "SLA達成状況（開始が当月のもの）",
        &[
            ("対象", 2.4),
            ("達成", 1.0),
            ("超過", 1.0),
            ("要注意", 1.0),
            ("進行中", 1.0),
            ("達成率", 1.2),
        ],
        f.sla.iter().map(|s| {
            vec![
                Cell::text(s.label),
                Cell::count(s.met),
                Cell::count(s.breached),
                Cell::count(s.at_risk),
                Cell::count(s.running),
                Cell::text(pct(s.achievement_pct)),
            ]
        }),
    )));
    let not_met: Vec<&SlaItem> = f
        .sla_items
        .iter()
        .filter(|i| i.status != SlaStatus::Met)
        .collect();
    b.push(Block::Table(
        sla_table("SLA 超過・未完了の明細", &not_met).pdf_limit(PDF_ROWS),
    ));
}

/// 5. 障害: MTTR, MTBF, root causes, 再発防止策.
fn failures(b: &mut Vec<Block>, f: &MonthlyFigures) {
    b.push(heading("5. 障害（MTTR・MTBF・根本原因）", Some("障害")));
    let ff = &f.failure;
    b.push(Block::Table(Table::with_rows(
        "障害の指標",
        &[("指標", 3.0), ("値", 1.5)],
        [
            ("MTTR（検知→復旧の平均, 時間）", Cell::num(ff.mttr_hours, 1)),
            ("当月に復旧した障害", Cell::count(ff.recovered)),
            ("MTTD（発生→検知の平均, 時間）", Cell::num(ff.mttd_hours, 1)),
            ("当月に検知した障害", Cell::count(ff.detected)),
            ("MTBF（時間）", Cell::num(ff.mtbf_hours, 1)),
            ("当月に発生した障害", Cell::count(ff.occurred)),
            (
                "停止時間の合計（時間）",
                Cell::num(Some(ff.downtime_hours), 1),
            ),
            ("再発（同根障害あり）", Cell::count(ff.recurrences)),
        ]
        .into_iter()
        .map(|(k, v)| vec![Cell::text(k), v]),
    )));
    b.push(Block::Table(Table::with_rows(
        "根本原因分類別件数",
        &[("根本原因分類", 3.0), ("当月", 1.0), ("12か月", 1.0)],
        f.root_causes.iter().map(|r| {
            vec![
                Cell::text(&r.name),
                Cell::count(r.month),
                Cell::count(r.twelve_months),
            ]
        }),
    )));
    if !f.root_causes.is_empty() {
        b.push(Block::Chart(Chart {
            title: "根本原因分類別件数（直近12か月）".into(),
            kind: ChartKind::Bars,
            categories: f.root_causes.iter().map(|r| r.name.clone()).collect(),
            series: vec![series(
                "12か月",
                f.root_causes.iter().map(|r| r.twelve_months),
                false,
            )],
        }));
    }
    let pv = &f.preventions;
    b.push(Block::Table(Table::with_rows(
        "再発防止策（基準時点）",
        &[("区分", 2.0), ("件数", 1.0)],
        [
            ("全体", pv.total),
            ("未完了", pv.open),
            ("うち期限超過", pv.overdue),
            ("完了", pv.done),
            ("効果確認済", pv.verified),
        ]
        .into_iter()
        .map(|(k, v)| vec![Cell::text(k), Cell::count(v)]),
    )));
}

/// 6. 変更: estimates and 開発見送り.
fn changes(b: &mut Vec<Block>, f: &MonthlyFigures) {
    b.push(heading("6. 変更（見積・開発見送り）", Some("変更")));
    b.push(Block::Table(Table::with_rows(
        "見積合計",
        &[
            ("対象", 2.2),
            ("件数", 0.8),
            ("概算工数(人日)", 1.3),
            ("概算金額(円)", 1.6),
            ("正式工数(人日)", 1.3),
            ("正式金額(円)", 1.6),
        ],
        f.change_estimates.iter().map(|e| {
            vec![
                Cell::text(e.scope),
                Cell::count(e.count),
                Cell::num(Some(e.rough_effort), 1),
                Cell::num(Some(e.rough_amount), 0),
                Cell::num(Some(e.formal_effort), 1),
                Cell::num(Some(e.formal_amount), 0),
            ]
        }),
    )));
    b.push(Block::Table(Table::with_rows(
        "開発見送り（理由別）",
        &[("理由", 2.0), ("当月", 1.0), ("12か月", 1.0)],
        f.dropped_by_reason.iter().map(|r| {
            vec![
                Cell::text(&r.name),
                Cell::count(r.month),
                Cell::count(r.twelve_months),
            ]
        }),
    )));
}

/// 7. 12か月推移.
fn trend(b: &mut Vec<Block>, f: &MonthlyFigures) {
    b.push(heading("7. 12か月推移", Some("推移")));
    b.push(Block::Table(Table::with_rows(
        "月別件数",
        &[
            ("月", 1.2),
            ("インシデント発生", 1.3),
            ("クローズ", 1.0),
            ("月末残", 1.0),
            ("障害発生", 1.0),
            ("変更発生", 1.0),
        ],
        f.trend.iter().map(|t| {
            vec![
                Cell::text(t.month.label()),
                Cell::count(t.incidents.raised),
                Cell::count(t.incidents.closed),
                Cell::count(t.incidents.backlog),
                Cell::count(t.failures_raised),
                Cell::count(t.changes_raised),
            ]
        }),
    )));
    b.push(Block::Chart(Chart {
        title: "障害・変更の発生件数の12か月推移".into(),
        kind: ChartKind::Columns,
        categories: f.trend.iter().map(|t| t.label.clone()).collect(),
        series: vec![
            series("障害発生", f.trend.iter().map(|t| t.failures_raised), false),
            series("変更発生", f.trend.iter().map(|t| t.changes_raised), false),
        ],
    }));
}

/// The PDF prints at most this many rows of a list of records (with a
/// 「他 N 件」 line); the xlsx has them all. At a busy team's size the full
/// lists run to hundreds of pages.
pub(super) const PDF_ROWS: usize = 100;

/// 明細: the month's records of each ledger.
fn details(b: &mut Vec<Block>, f: &MonthlyFigures) {
    for (name, sheet, recs, cols) in [
        (
            "インシデント",
            "インシデント明細",
            &f.incident_records,
            RecordCols::Incident,
        ),
        ("障害", "障害明細", &f.failure_records, RecordCols::Failure),
        ("変更", "変更明細", &f.change_records, RecordCols::Change),
    ] {
        b.push(heading(
            &format!("明細 {name}（当月起票または当月クローズ）"),
            Some(sheet),
        ));
        b.push(Block::Table(
            records_table(name, recs, cols).pdf_limit(PDF_ROWS),
        ));
    }
}
