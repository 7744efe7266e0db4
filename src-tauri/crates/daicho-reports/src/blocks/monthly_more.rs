//! The 月次報告書's later sections (発生件数の内訳, and the closing
//! 所見・改善提案), kept apart from `monthly.rs` to keep files short.

use super::{heading, Block};
use crate::monthly::{CountRow, MonthlyFigures};
use crate::table::{Cell, Table};

fn count_table(title: &str, first: &str, rows: &[CountRow]) -> Table {
    Table::with_rows(
        title,
        &[(first, 3.0), ("当月", 1.0), ("12か月", 1.0)],
        rows.iter().map(|r| {
            vec![
                Cell::text(&r.name),
                Cell::count(r.month),
                Cell::count(r.twelve_months),
            ]
        }),
    )
}

/// 8. 発生件数の内訳: incidents raised by 種別 and by 発生元組織.
pub(super) fn occurrences(b: &mut Vec<Block>, f: &MonthlyFigures) {
    b.push(heading(
        "8. 発生件数の内訳（種別・発生元組織）",
        Some("発生内訳"),
    ));
    b.push(Block::Table(count_table(
        "インシデント発生件数 種別別",
        "種別",
        &f.raised_by_kind,
    )));
    b.push(Block::Table(count_table(
        "インシデント発生件数 発生元組織別",
        "発生元組織",
        &f.raised_by_org,
    )));
}

/// 9. 所見・改善提案, signed by the team.
pub(super) fn findings(b: &mut Vec<Block>, f: &MonthlyFigures, issuer: &str) {
    b.push(heading("9. 所見・改善提案", Some("所見")));
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
    b.push(Block::Text {
        title: String::new(),
        body: format!("変更履歴の先頭ハッシュ: {}", f.history_head),
    });
}
