//! The 定例会 pack as blocks: ① triage, ② inquiries, ③ progress, ④ overdue
//! and SLA, ⑤ the Gantt chart, and the definitions it relies on.

use chrono::Duration;

use super::records::sla_table;
use super::{definitions_table, heading, Block, Gantt};
use crate::sla::SlaItem;
use crate::table::{Cell, Table};
use crate::weekly::{PackItem, WeeklyPack};

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
    b.push(Block::Table(od.pdf_limit(PDF_ROWS)));
    let items: Vec<&SlaItem> = p.sla_attention.iter().collect();
    b.push(Block::Table(
        sla_table("SLA 超過・要注意（未完了）", &items).pdf_limit(PDF_ROWS),
    ));
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
    b.push(Block::Table(definitions_table(|d| {
        d.key.starts_with("weekly") || d.key.starts_with("sla") || d.key == "status_as_of"
    })));
    b
}
