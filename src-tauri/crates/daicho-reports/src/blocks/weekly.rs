//! The 定例会 pack as blocks: ① triage, ② inquiries, ③ progress, ④ overdue
//! dates and 再発防止策, ⑤ escalation (SLA 超過・要注意), ⑥ the Gantt chart,
//! and the definitions it relies on.

use chrono::Duration;

use super::{definitions_table, heading, Block, Gantt};
use crate::escalation::Escalation;
use crate::table::{Cell, Table};
use crate::weekly::{PackItem, PreventionItem, WeeklyPack};

/// Which columns a list of incidents shows.
#[derive(Clone, Copy, PartialEq)]
enum PackCols {
    /// 切り分け待ち: 種別.
    Triage,
    /// 問い合わせ: 優先度 and 回答.
    Inquiry,
}

fn pack_table(title: &str, items: &[PackItem], cols: PackCols) -> Table {
    let inquiry = cols == PackCols::Inquiry;
    let mut columns = vec![
        ("No.", 0.8),
        ("起票日", 0.9),
        ("発生元組織", 1.2),
        ("発生元ユーザ", 1.0),
        ("ステータス", 1.1),
        (if inquiry { "優先度" } else { "種別" }, 0.7),
        ("担当者", 0.8),
        ("対応期限", 0.9),
        ("タイトル", if inquiry { 2.4 } else { 3.6 }),
    ];
    if inquiry {
        columns.push(("回答", 2.6));
    }
    let mut t = Table::new(title, &columns);
    for i in items {
        let mut row = vec![
            Cell::text(&i.no),
            Cell::date(i.raised_on),
            Cell::text(&i.org),
            Cell::text(&i.user),
            Cell::text(&i.status),
            Cell::text(if inquiry { &i.priority } else { &i.kind }),
            Cell::text(&i.owner),
            Cell::date(i.due_on),
            Cell::text(&i.title),
        ];
        if inquiry {
            row.push(Cell::text(&i.answer));
        }
        t.row(row);
    }
    t.pdf_limit(PDF_ROWS)
}

/// The 再発防止策 not done, overdue first.
fn preventions_table(items: &[PreventionItem]) -> Table {
    let mut t = Table::new(
        "再発防止策（未完了・期限超過を先頭に）",
        &[
            ("障害 No.", 0.8),
            ("対策", 3.2),
            ("担当者", 0.8),
            ("期限", 0.9),
            ("超過日数", 0.8),
            ("障害タイトル", 2.4),
        ],
    );
    for i in items {
        t.row(vec![
            Cell::text(&i.no),
            Cell::text(&i.content),
            Cell::text(&i.owner),
            Cell::date(i.due_on),
            if i.overdue() {
                Cell::Int(i.days_over)
            } else {
                Cell::Empty
            },
            Cell::text(&i.failure_title),
        ]);
    }
    t.pdf_limit(PDF_ROWS)
}

/// Home's escalation list: who must act, and whom to escalate to.
fn escalation_table(title: &str, items: &[Escalation]) -> Table {
    let mut t = Table::new(
        title,
        &[
            ("No.", 0.8),
            ("対象", 1.4),
            ("ルール", 0.9),
            ("期限", 1.3),
            ("経過率(%)", 0.8),
            ("担当者", 0.8),
            ("エスカレーション先", 1.6),
            ("タイトル", 2.6),
        ],
    );
    for e in items {
        t.row(vec![
            Cell::text(&e.no),
            Cell::text(e.measure_label),
            Cell::text(&e.rule),
            Cell::text(e.due.format("%Y/%-m/%-d %H:%M").to_string()),
            Cell::num(Some(e.used_pct), 1),
            Cell::text(&e.owner),
            Cell::text(e.escalate_to),
            Cell::text(&e.title),
        ]);
    }
    t.pdf_limit(PDF_ROWS)
}

/// Rows each list of the pack's PDF shows (the most urgent first, see
/// `weekly.rs`); the xlsx lists every row.
const PDF_ROWS: usize = 40;

/// The 定例会 pack as blocks.
pub fn weekly_blocks(p: &WeeklyPack) -> Vec<Block> {
    let mut b = Vec::new();
    b.push(heading(
        "① 切り分け（未着手・方針検討中のインシデント）",
        Some("切り分け"),
    ));
    b.push(Block::Table(pack_table(
        "切り分け待ち",
        &p.triage,
        PackCols::Triage,
    )));
    b.push(heading(
        "② 問い合わせ（回答待ち・前回以降の回答）",
        Some("問い合わせ"),
    ));
    b.push(Block::Table(pack_table(
        "回答待ち",
        &p.inquiries,
        PackCols::Inquiry,
    )));
    b.push(Block::Table(pack_table(
        "前回以降に回答した問い合わせ",
        &p.answered,
        PackCols::Inquiry,
    )));
    b.push(heading(
        &format!(
            "③ 前回からの進捗（{}〜{}）",
            p.since.format("%-m/%-d"),
            (p.meeting - Duration::days(1)).format("%-m/%-d")
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
    b.push(Block::Table(pr.pdf_limit(PDF_ROWS)));
    b.push(heading("④ 期限超過・再発防止策", Some("期限超過")));
    let mut od = Table::new(
        "期限超過",
        &[
            ("No.", 0.8),
            ("期限の種類", 1.4),
            ("期限", 0.9),
            ("超過日数", 0.8),
            ("ステータス", 1.4),
            ("担当者", 0.8),
            ("タイトル", 3.4),
        ],
    );
    for i in &p.overdue {
        od.row(vec![
            Cell::text(&i.no),
            Cell::text(i.what),
            Cell::date(Some(i.due)),
            Cell::Int(i.days_over),
            Cell::text(&i.status),
            Cell::text(&i.owner),
            Cell::text(&i.title),
        ]);
    }
    b.push(Block::Table(od.pdf_limit(PDF_ROWS)));
    b.push(Block::Table(preventions_table(&p.preventions)));
    b.push(heading(
        "⑤ エスカレーション（SLA 超過・要注意）",
        Some("エスカレーション"),
    ));
    b.push(Block::Table(escalation_table("SLA 超過", &p.breached)));
    b.push(Block::Table(escalation_table(
        &format!("SLA 要注意（期限の{}%経過）", p.at_risk_pct),
        &p.attention,
    )));
    b.push(Block::Table(Table::with_rows(
        "対象システム別（未完了・期限超過・SLA・再発防止策）",
        &[
            ("対象システム", 2.0),
            ("サービスレベル", 1.0),
            ("未完了", 0.8),
            ("期限超過", 0.8),
            ("SLA 超過", 0.8),
            ("SLA 要注意", 0.8),
            ("再発防止策 期限超過", 1.2),
        ],
        p.by_system.iter().map(|r| {
            vec![
                Cell::text(&r.system),
                Cell::text(&r.level),
                Cell::count(r.open),
                Cell::count(r.overdue),
                Cell::count(r.breached),
                Cell::count(r.attention),
                Cell::count(r.preventions_overdue),
            ]
        }),
    )));
    b.push(Block::PageBreak);
    b.push(heading(
        "⑥ 対応中の障害・変更（ガントチャート）",
        Some("ガント"),
    ));
    b.push(Block::Gantt(Gantt {
        title: "起票日 → 予定日".into(),
        today: p.today,
        bars: p.gantt.clone(),
    }));
    b.push(Block::PageBreak);
    b.push(heading("付録 指標の定義", Some("定義")));
    b.push(Block::Table(definitions_table(|d| {
        d.key.starts_with("weekly") || d.key.starts_with("sla") || d.key == "status_as_of"
    })));
    b
}
