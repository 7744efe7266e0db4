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

fn pct(v: Option<f64>) -> String {
    v.map(|x| format!("{x:.1}%")).unwrap_or_else(|| "—".into())
}

/// 9. リリース（予定と実績）and 納期遵守率.
pub(super) fn releases(b: &mut Vec<Block>, f: &MonthlyFigures) {
    b.push(heading(
        "9. リリース（予定と実績）・納期遵守率",
        Some("リリース"),
    ));
    let r = &f.releases;
    b.push(Block::Table(Table::with_rows(
        "当月のリリース",
        &[
            ("リリースVer.", 1.3),
            ("概要", 2.6),
            ("本番予定日", 1.2),
            ("本番実績日", 1.2),
            ("対象案件", 0.9),
            ("判定", 1.4),
            ("遅延日数", 0.9),
        ],
        r.rows.iter().map(|x| {
            vec![
                Cell::text(&x.version),
                Cell::text(&x.title),
                Cell::date(x.planned),
                Cell::date(x.actual),
                Cell::count(x.members),
                Cell::text(x.verdict),
                Cell::num(x.late_days.map(|d| d as f64), 0),
            ]
        }),
    )));
    let c = &f.due_compliance;
    b.push(Block::Table(Table::with_rows(
        "予定どおり率・納期遵守率",
        &[("指標", 3.0), ("値", 1.5), ("備考", 3.0)],
        [
            (
                "リリース予定どおり率",
                pct(r.on_time_pct),
                format!("予定どおり {} / 遅延 {}", r.on_time, r.late),
            ),
            (
                "納期遵守率（障害・変更）",
                pct(c.pct),
                format!(
                    "期限内 {} / 期限後 {} / 期限なし {}",
                    c.on_time, c.late, c.without_due
                ),
            ),
        ]
        .into_iter()
        .map(|(k, v, n)| vec![Cell::text(k), Cell::text(v), Cell::text(n)]),
    )));
}

/// 10. 稼働率 per 対象システム.
pub(super) fn availability(b: &mut Vec<Block>, f: &MonthlyFigures) {
    b.push(heading("10. 稼働率（対象システム別）", Some("稼働率")));
    b.push(Block::Table(Table::with_rows(
        "対象システム別 稼働率",
        &[
            ("対象システム", 2.6),
            ("サービスレベル", 1.2),
            ("サービス時間(時間)", 1.4),
            ("停止時間(時間)", 1.3),
            ("障害件数", 1.0),
            ("稼働率(%)", 1.1),
        ],
        f.availability.iter().map(|a| {
            vec![
                Cell::text(&a.system),
                Cell::text(if a.service_level.is_empty() {
                    "(未設定)"
                } else {
                    a.service_level.as_str()
                }),
                Cell::num(Some(a.service_hours), 2),
                Cell::num(Some(a.downtime_hours), 2),
                Cell::count(a.failures),
                Cell::num(a.availability_pct, 2),
            ]
        }),
    )));
}

/// 11. 目標と実績, with the 原因分析 of 未達 rows.
pub(super) fn targets(b: &mut Vec<Block>, f: &MonthlyFigures) {
    b.push(heading("11. 目標と実績", Some("目標と実績")));
    b.push(Block::Table(Table::with_rows(
        "目標と実績",
        &[
            ("指標", 2.6),
            ("目標", 1.1),
            ("実績", 1.0),
            ("判定", 0.8),
            ("原因分析（未達）", 3.2),
        ],
        f.targets.iter().map(|t| {
            let target = format!(
                "{}{} {}",
                t.target,
                t.unit,
                if t.at_least { "以上" } else { "以下" }
            );
            let (verdict, cause) = match t.met {
                Some(true) => ("達成", String::new()),
                Some(false) if t.cause.trim().is_empty() => ("未達", "（未記入）".to_string()),
                Some(false) => ("未達", t.cause.clone()),
                None => ("—", String::new()),
            };
            vec![
                Cell::text(&t.name),
                Cell::text(target),
                Cell::num(t.actual, if t.unit == "%" { 2 } else { 1 }),
                Cell::text(verdict),
                Cell::text(cause),
            ]
        }),
    )));
}

/// 12. 高優先度案件の進捗.
pub(super) fn high_priority(b: &mut Vec<Block>, f: &MonthlyFigures) {
    b.push(heading("12. 高優先度案件の進捗", Some("高優先度")));
    b.push(Block::Table(
        Table::with_rows(
            "未完了の高優先度案件（基準時点）",
            &[
                ("No.", 0.9),
                ("台帳", 1.3),
                ("タイトル", 2.9),
                ("優先度", 1.1),
                ("ステータス", 1.4),
                ("経過日数", 0.8),
                ("期限", 1.1),
                ("期限超過", 0.8),
            ],
            f.high_priority.iter().map(|h| {
                vec![
                    Cell::text(&h.no),
                    Cell::text(h.ledger),
                    Cell::text(&h.title),
                    Cell::text(&h.priority),
                    Cell::text(&h.status),
                    Cell::num(Some(h.age_days as f64), 0),
                    Cell::date(h.due),
                    Cell::text(if h.overdue { "超過" } else { "" }),
                ]
            }),
        )
        .pdf_limit(super::monthly::PDF_ROWS),
    ));
}

/// 8. 発生件数の内訳: incidents raised by 種別 and by 発生元組織.
pub(super) fn occurrences(b: &mut Vec<Block>, f: &MonthlyFigures) {
    b.push(heading(
        "8. 発生件数の内訳（種別・発生元組織・対象システム）",
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
    for (title, rows) in [
        (
            "インシデント発生件数 対象システム別",
            &f.incidents_by_system,
        ),
        ("障害発生件数 対象システム別", &f.failures_by_system),
    ] {
        b.push(Block::Table(count_table(title, "対象システム", rows)));
    }
}

/// 13. 所見・改善提案, signed by the team.
pub(super) fn findings(b: &mut Vec<Block>, f: &MonthlyFigures, issuer: &str) {
    b.push(heading("13. 所見・改善提案", Some("所見")));
    b.push(Block::Text {
        title: if f.findings_is_draft {
            "（数値から自動作成した下書き。所見を記入すると置き換わります）".to_string()
        } else {
            String::new()
        },
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
