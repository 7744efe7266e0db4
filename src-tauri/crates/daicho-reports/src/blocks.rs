//! What a report shows, in order: headings, tables, charts, text. Both the
//! PDF and the xlsx writer render these blocks, so the two files always carry
//! the same figures and labels (Japanese labels live here and in
//! `definitions.rs`).

use chrono::NaiveDate;
use serde::Serialize;

use crate::definitions::DEFINITIONS;
use crate::monthly::{LeadTime, MonthRecord, MonthlyFigures};
use crate::sla::SlaItem;
use crate::table::{Cell, Table};
use crate::weekly::{GanttBar, PackItem, WeeklyPack};

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

fn lead_table(title: &str, first: &str, rows: &[LeadTime]) -> Table {
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

fn pct(v: Option<f64>) -> String {
    v.map(|x| format!("{x:.1}%")).unwrap_or_else(|| "—".into())
}

fn hours_text(v: Option<f64>) -> String {
    v.map(|x| format!("{x:.1} 時間"))
        .unwrap_or_else(|| "—".into())
}

/// The 月次報告書 as blocks.
pub fn monthly_blocks(f: &MonthlyFigures, issuer: &str) -> Vec<Block> {
    let mut b = Vec::new();
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
    let mut kpi = Table::new("主要指標", &[("指標", 3.0), ("値", 3.0), ("備考", 2.2)]);
    let first_response = f
        .sla
        .iter()
        .find(|s| s.measure == crate::sla::SlaMeasure::IncidentFirstResponse);
    let recovery = f
        .sla
        .iter()
        .find(|s| s.measure == crate::sla::SlaMeasure::FailureRecovery);
    let rows: Vec<(&str, Cell, String)> = vec![
        ("集計基準", Cell::text(&basis), String::new()),
        (
            "インシデント発生件数",
            Cell::count(f.incidents.raised),
            format!("前月 {}", f.previous_month.raised),
        ),
        (
            "インシデントクローズ件数",
            Cell::count(f.incidents.closed),
            format!("前月 {}", f.previous_month.closed),
        ),
        (
            "インシデント月末残件数",
            Cell::count(f.incidents.backlog),
            format!("前月 {}", f.previous_month.backlog),
        ),
        (
            "障害 発生 / クローズ / 月末残",
            Cell::text(format!(
                "{} / {} / {}",
                f.failures.raised, f.failures.closed, f.failures.backlog
            )),
            String::new(),
        ),
        (
            "変更 発生 / クローズ / 月末残",
            Cell::text(format!(
                "{} / {} / {}",
                f.changes.raised, f.changes.closed, f.changes.backlog
            )),
            String::new(),
        ),
        (
            "SLA達成率（インシデント初動）",
            Cell::text(pct(first_response.and_then(|s| s.achievement_pct))),
            first_response
                .map(|s| format!("達成 {} / 超過 {}", s.met, s.breached))
                .unwrap_or_default(),
        ),
        (
            "SLA達成率（障害復旧）",
            Cell::text(pct(recovery.and_then(|s| s.achievement_pct))),
            recovery
                .map(|s| format!("達成 {} / 超過 {}", s.met, s.breached))
                .unwrap_or_default(),
        ),
        (
            "MTTR（検知→復旧）",
            Cell::text(hours_text(f.failure.mttr_hours)),
            format!("復旧 {} 件", f.failure.recovered),
        ),
        (
            "MTBF",
            Cell::text(hours_text(f.failure.mtbf_hours)),
            format!("発生 {} 件", f.failure.occurred),
        ),
        (
            "再発防止策 未完了 / 期限超過",
            Cell::text(format!(
                "{} / {}",
                f.preventions.open, f.preventions.overdue
            )),
            format!("効果確認済 {}", f.preventions.verified),
        ),
    ];
    for (k, v, n) in rows {
        kpi.row(vec![Cell::text(k), v, Cell::text(n)]);
    }
    b.push(Block::Table(kpi));
    b.push(Block::Chart(Chart {
        title: "インシデント件数の12か月推移".into(),
        kind: ChartKind::Columns,
        categories: f.trend.iter().map(|t| t.label.clone()).collect(),
        series: vec![
            Series {
                name: "発生件数".into(),
                values: f.trend.iter().map(|t| t.incidents.raised as f64).collect(),
                line: false,
            },
            Series {
                name: "クローズ件数".into(),
                values: f.trend.iter().map(|t| t.incidents.closed as f64).collect(),
                line: false,
            },
            Series {
                name: "月末残件数".into(),
                values: f.trend.iter().map(|t| t.incidents.backlog as f64).collect(),
                line: true,
            },
        ],
    }));
    let mut yoy = Table::new(
        "前年同月比",
        &[("指標", 3.0), ("当月", 1.2), ("前年同月", 1.2), ("差", 1.2)],
    );
    for y in &f.yoy {
        yoy.row(vec![
            Cell::text(y.name),
            Cell::num(
                Some(y.this_month),
                if y.name.contains("時間") { 1 } else { 0 },
            ),
            Cell::num(
                Some(y.last_year),
                if y.name.contains("時間") { 1 } else { 0 },
            ),
            Cell::num(Some(y.diff), if y.name.contains("時間") { 1 } else { 0 }),
        ]);
    }
    b.push(Block::Table(yoy));

    b.push(heading("2. 起票→クローズ日数", Some("日数")));
    b.push(Block::Table(lead_table(
        "インシデント 種別別",
        "種別",
        &f.lead_by_kind,
    )));
    b.push(Block::Table(lead_table(
        "インシデント 発生元組織別",
        "発生元組織",
        &f.lead_by_org,
    )));
    b.push(Block::Table(lead_table(
        "障害・変更 優先度別",
        "台帳・優先度",
        &f.lead_sc_by_priority,
    )));

    b.push(heading("3. 障害・変更 優先度×ステータス（基準時点）", None));
    let mut cols: Vec<(&str, f32)> = vec![("台帳", 1.0), ("ステータス", 3.0)];
    for p in &f.priorities {
        cols.push((p.as_str(), 0.9));
    }
    cols.push(("計", 0.9));
    let mut sp = Table::new("優先度×ステータス", &cols);
    for r in &f.sc_status_priority {
        let mut row = vec![Cell::text(r.ledger), Cell::text(&r.status)];
        row.extend(r.counts.iter().map(|c| Cell::count(*c)));
        row.push(Cell::count(r.total));
        sp.row(row);
    }
    b.push(Block::Table(sp));

    b.push(heading("4. SLA", Some("SLA")));
    let mut sla = Table::new(
        "SLA達成状況（開始が当月のもの）",
        &[
            ("対象", 2.4),
            ("達成", 1.0),
            ("超過", 1.0),
            ("要注意", 1.0),
            ("進行中", 1.0),
            ("達成率", 1.2),
        ],
    );
    for s in &f.sla {
        sla.row(vec![
            Cell::text(s.label),
            Cell::count(s.met),
            Cell::count(s.breached),
            Cell::count(s.at_risk),
            Cell::count(s.running),
            Cell::text(pct(s.achievement_pct)),
        ]);
    }
    b.push(Block::Table(sla));
    let breached: Vec<&SlaItem> = f
        .sla_items
        .iter()
        .filter(|i| i.status != daicho_calendar::SlaStatus::Met)
        .collect();
    b.push(Block::Table(sla_table("SLA 超過・未完了の明細", &breached)));

    b.push(heading("5. 障害（MTTR・MTBF・根本原因）", Some("障害")));
    let mut ft = Table::new("障害の指標", &[("指標", 3.0), ("値", 1.5)]);
    ft.row(vec![
        Cell::text("MTTR（検知→復旧の平均, 時間）"),
        Cell::num(f.failure.mttr_hours, 1),
    ]);
    ft.row(vec![
        Cell::text("当月に復旧した障害"),
        Cell::count(f.failure.recovered),
    ]);
    ft.row(vec![
        Cell::text("MTBF（時間）"),
        Cell::num(f.failure.mtbf_hours, 1),
    ]);
    ft.row(vec![
        Cell::text("当月に発生した障害"),
        Cell::count(f.failure.occurred),
    ]);
    ft.row(vec![
        Cell::text("停止時間の合計（時間）"),
        Cell::num(Some(f.failure.downtime_hours), 1),
    ]);
    ft.row(vec![
        Cell::text("再発（同根障害あり）"),
        Cell::count(f.failure.recurrences),
    ]);
    b.push(Block::Table(ft));
    let mut rc = Table::new(
        "根本原因分類別件数",
        &[("根本原因分類", 3.0), ("当月", 1.0), ("12か月", 1.0)],
    );
    for r in &f.root_causes {
        rc.row(vec![
            Cell::text(&r.name),
            Cell::count(r.month),
            Cell::count(r.twelve_months),
        ]);
    }
    b.push(Block::Table(rc));
    if !f.root_causes.is_empty() {
        b.push(Block::Chart(Chart {
            title: "根本原因分類別件数（直近12か月）".into(),
            kind: ChartKind::Bars,
            categories: f.root_causes.iter().map(|r| r.name.clone()).collect(),
            series: vec![Series {
                name: "12か月".into(),
                values: f
                    .root_causes
                    .iter()
                    .map(|r| r.twelve_months as f64)
                    .collect(),
                line: false,
            }],
        }));
    }
    let mut pv = Table::new("再発防止策（基準時点）", &[("区分", 2.0), ("件数", 1.0)]);
    for (k, v) in [
        ("全体", f.preventions.total),
        ("未完了", f.preventions.open),
        ("うち期限超過", f.preventions.overdue),
        ("完了", f.preventions.done),
        ("効果確認済", f.preventions.verified),
    ] {
        pv.row(vec![Cell::text(k), Cell::count(v)]);
    }
    b.push(Block::Table(pv));

    b.push(heading("6. 変更（見積・開発見送り）", Some("変更")));
    let mut est = Table::new(
        "見積合計",
        &[
            ("対象", 2.2),
            ("件数", 0.8),
            ("概算工数(人日)", 1.3),
            ("概算金額(円)", 1.6),
            ("正式工数(人日)", 1.3),
            ("正式金額(円)", 1.6),
        ],
    );
    for e in &f.change_estimates {
        est.row(vec![
            Cell::text(e.scope),
            Cell::count(e.count),
            Cell::num(Some(e.rough_effort), 1),
            Cell::num(Some(e.rough_amount), 0),
            Cell::num(Some(e.formal_effort), 1),
            Cell::num(Some(e.formal_amount), 0),
        ]);
    }
    b.push(Block::Table(est));
    let mut dr = Table::new(
        "開発見送り（理由別）",
        &[("理由", 2.0), ("当月", 1.0), ("12か月", 1.0)],
    );
    for r in &f.dropped_by_reason {
        dr.row(vec![
            Cell::text(&r.name),
            Cell::count(r.month),
            Cell::count(r.twelve_months),
        ]);
    }
    b.push(Block::Table(dr));

    b.push(heading("7. 12か月推移", Some("推移")));
    let mut tr = Table::new(
        "月別件数",
        &[
            ("月", 1.2),
            ("インシデント発生", 1.3),
            ("クローズ", 1.0),
            ("月末残", 1.0),
            ("障害発生", 1.0),
            ("変更発生", 1.0),
        ],
    );
    for t in &f.trend {
        tr.row(vec![
            Cell::text(t.month.label()),
            Cell::count(t.incidents.raised),
            Cell::count(t.incidents.closed),
            Cell::count(t.incidents.backlog),
            Cell::count(t.failures_raised),
            Cell::count(t.changes_raised),
        ]);
    }
    b.push(Block::Table(tr));
    b.push(Block::Chart(Chart {
        title: "障害・変更の発生件数の12か月推移".into(),
        kind: ChartKind::Columns,
        categories: f.trend.iter().map(|t| t.label.clone()).collect(),
        series: vec![
            Series {
                name: "障害発生".into(),
                values: f.trend.iter().map(|t| t.failures_raised as f64).collect(),
                line: false,
            },
            Series {
                name: "変更発生".into(),
                values: f.trend.iter().map(|t| t.changes_raised as f64).collect(),
                line: false,
            },
        ],
    }));

    b.push(heading("8. 所見・改善提案", Some("所見")));
    b.push(Block::Text {
        title: String::new(),
        body: if f.findings.trim().is_empty() {
            "（未記入）".to_string()
        } else {
            f.findings.clone()
        },
    });
    if !issuer.is_empty() {
        b.push(Block::Text {
            title: String::new(),
            body: format!("作成: {issuer}"),
        });
    }

    b.push(Block::PageBreak);
    b.push(heading("付録 指標の定義", Some("定義")));
    b.push(Block::Table(definitions_table()));

    b.push(Block::PageBreak);
    b.push(heading(
        "明細 インシデント（当月起票または当月クローズ）",
        Some("インシデント明細"),
    ));
    b.push(Block::Table(records_table(
        "インシデント",
        &f.incident_records,
        RecordCols::Incident,
    )));
    b.push(heading(
        "明細 障害（当月起票または当月クローズ）",
        Some("障害明細"),
    ));
    b.push(Block::Table(records_table(
        "障害",
        &f.failure_records,
        RecordCols::Failure,
    )));
    b.push(heading(
        "明細 変更（当月起票または当月クローズ）",
        Some("変更明細"),
    ));
    b.push(Block::Table(records_table(
        "変更",
        &f.change_records,
        RecordCols::Change,
    )));
    b
}

pub fn definitions_table() -> Table {
    let mut t = Table::new("指標の定義", &[("指標", 1.6), ("定義", 6.0)]);
    for d in DEFINITIONS {
        t.row(vec![Cell::text(d.name), Cell::text(d.text)]);
    }
    t
}

fn sla_table(title: &str, items: &[&SlaItem]) -> Table {
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
enum RecordCols {
    Incident,
    Failure,
    Change,
}

fn records_table(title: &str, recs: &[MonthRecord], cols: RecordCols) -> Table {
    let dt = |t: Option<chrono::NaiveDateTime>| {
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

fn pack_table(title: &str, items: &[PackItem], inquiry: bool) -> Table {
    let mut t = Table::new(
        title,
        &[
            ("No.", 0.8),
            ("起票日", 0.9),
            ("発生元組織", 1.2),
            ("発生元ユーザ", 1.0),
            ("ステータス", 1.1),
            (if inquiry { "優先度" } else { "種別" }, 0.8),
            ("対応期限", 0.9),
            ("タイトル", 4.0),
        ],
    );
    for i in items {
        t.row(vec![
            Cell::text(&i.no),
            Cell::date(i.raised_on),
            Cell::text(&i.org),
            Cell::text(&i.user),
            Cell::text(&i.status),
            Cell::text(if inquiry { &i.priority } else { &i.kind }),
            Cell::date(i.due_on),
            Cell::text(&i.title),
        ]);
    }
    t
}

/// The 定例会 pack as blocks.
pub fn weekly_blocks(p: &WeeklyPack) -> Vec<Block> {
    let mut b = Vec::new();
    b.push(heading(
        "① 切り分け（未着手・方針検討中のインシデント）",
        Some("切り分け"),
    ));
    b.push(Block::Table(pack_table("切り分け待ち", &p.triage, false)));
    b.push(heading(
        "② 回答待ちの問い合わせ（方針検討済）",
        Some("問い合わせ"),
    ));
    b.push(Block::Table(pack_table("回答待ち", &p.inquiries, true)));
    b.push(heading(
        &format!(
            "③ 前回からの進捗（{}〜{}）",
            p.since.format("%-m/%-d"),
            (p.meeting - chrono::Duration::days(1)).format("%-m/%-d")
        ),
        Some("進捗"),
    ));
    let mut pr = Table::new(
        "ステータス変更",
        &[
            ("日時", 1.2),
            ("No.", 0.8),
            ("台帳", 0.9),
            ("変更前", 1.4),
            ("変更後", 1.4),
            ("操作", 1.0),
            ("担当", 0.8),
            ("タイトル", 3.0),
        ],
    );
    for i in &p.progress {
        pr.row(vec![
            Cell::text(i.when.format("%-m/%-d %H:%M").to_string()),
            Cell::text(&i.no),
            Cell::text(i.ledger),
            Cell::text(&i.from),
            Cell::text(&i.to),
            Cell::text(&i.action),
            Cell::text(&i.actor),
            Cell::text(&i.title),
        ]);
    }
    b.push(Block::Table(pr));
    b.push(heading("④ 期限超過・SLA要注意", Some("期限超過・SLA")));
    let mut od = Table::new(
        "期限超過",
        &[
            ("No.", 0.8),
            ("期限の種類", 1.4),
            ("期限", 0.9),
            ("超過日数", 0.8),
            ("ステータス", 1.4),
            ("タイトル", 4.0),
        ],
    );
    for i in &p.overdue {
        od.row(vec![
            Cell::text(&i.no),
            Cell::text(i.what),
            Cell::date(Some(i.due)),
            Cell::Int(i.days_over),
            Cell::text(&i.status),
            Cell::text(&i.title),
        ]);
    }
    b.push(Block::Table(od));
    let items: Vec<&SlaItem> = p.sla_attention.iter().collect();
    b.push(Block::Table(sla_table(
        "SLA 超過・要注意（未完了）",
        &items,
    )));
    b.push(Block::PageBreak);
    b.push(heading(
        "⑤ 対応中の障害・変更（ガントチャート）",
        Some("ガント"),
    ));
    b.push(Block::Gantt(Gantt {
        title: "起票日 → 予定日".into(),
        today: p.today,
        bars: p.gantt.clone(),
    }));
    b.push(Block::PageBreak);
    b.push(heading("付録 指標の定義", Some("定義")));
    let mut t = Table::new("指標の定義", &[("指標", 1.6), ("定義", 6.0)]);
    for d in DEFINITIONS.iter().filter(|d| {
        d.key.starts_with("weekly") || d.key.starts_with("sla") || d.key == "status_as_of"
    }) {
        t.row(vec![Cell::text(d.name), Cell::text(d.text)]);
    }
    b.push(Block::Table(t));
    b
}
