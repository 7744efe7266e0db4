//! What the file-writing commands print: written files, mail drafts, the
//! import's outcome and the reports' figures.

use std::path::Path;

use daicho_export::MailDraft;
use daicho_import::ImportOutcome;
use daicho_reports::{MonthlyFigures, WeeklyPack, DEFINITIONS};

use super::tables::table;

/// One line per written file, with a note on characters printed as blanks.
fn file_lines<'a>(written: impl Iterator<Item = (&'a Path, &'a [String])>) -> String {
    written
        .map(|(path, missing)| {
            let mut s = format!("出力しました: {}", path.display());
            if !missing.is_empty() {
                s.push_str(&format!(
                    "\n  注意: フォントにない文字があります (空白で印字): {}",
                    missing.join(" ")
                ));
            }
            s
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The documents, workbooks or mails written.
pub fn written_files(written: &[daicho_export::Written]) -> String {
    file_lines(
        written
            .iter()
            .map(|w| (w.path.as_path(), &w.missing_glyphs[..])),
    )
}

/// `text` and, when reports were written, their lines below it.
fn with_reports(mut text: String, written: &[daicho_reports::Written]) -> String {
    if !written.is_empty() {
        text.push('\n');
        text.push_str(&file_lines(
            written
                .iter()
                .map(|w| (w.path.as_path(), &w.missing_glyphs[..])),
        ));
    }
    text
}

/// `daicho mail`: each draft under its recipient, then any saved files.
pub fn mail(drafts: &[MailDraft], written: &[daicho_export::Written]) -> String {
    let mut s = String::new();
    for m in drafts {
        s.push_str(&format!(
            "──── {} 宛\n{}\n",
            m.recipient,
            m.text.replace("\r\n", "\n")
        ));
    }
    if !written.is_empty() {
        s.push_str(&written_files(written));
    }
    s
}

fn pct(v: Option<f64>) -> String {
    v.map(|x| format!("{x:.1}%")).unwrap_or_else(|| "—".into())
}

fn hours(v: Option<f64>) -> String {
    v.map(|x| x.to_string()).unwrap_or_else(|| "—".into())
}

/// `daicho report monthly`: the month's main figures.
pub fn monthly(f: &MonthlyFigures, written: &[daicho_reports::Written]) -> String {
    let sla: Vec<String> = f
        .sla
        .iter()
        .map(|s| format!("{} {}", s.label, pct(s.achievement_pct)))
        .collect();
    let flow = |name: &str, x: &daicho_reports::monthly::Flow| {
        format!(
            "{name} 発生 {} / クローズ {} / 月末残 {}",
            x.raised, x.closed, x.backlog
        )
    };
    let text = [
        format!(
            "{} {}",
            f.label,
            if f.closed_month {
                "（締め）"
            } else {
                "（集計途中）"
            }
        ),
        flow("インシデント", &f.incidents),
        flow("障害", &f.failures),
        flow("変更", &f.changes),
        format!("SLA達成率: {}", sla.join("、")),
        format!(
            "MTTR {} 時間 / MTBF {} 時間",
            hours(f.failure.mttr_hours),
            hours(f.failure.mtbf_hours)
        ),
    ]
    .join("\n");
    with_reports(text, written)
}

/// `daicho report weekly`: the pack's section counts.
pub fn weekly(p: &WeeklyPack, written: &[daicho_reports::Written]) -> String {
    let text = format!(
        "定例会 {}\n切り分け待ち {} 件 / 回答待ち {} 件 / 回答済 {} 件 / 進捗 {} 件 / 期限超過 {} 件 / SLA超過 {} 件 / SLA要注意 {} 件 / 再発防止策 未完了 {} 件（期限超過 {} 件） / 対応中 {} 件",
        p.label,
        p.triage.len(),
        p.inquiries.len(),
        p.answered.len(),
        p.progress.len(),
        p.overdue.len(),
        p.breached.len(),
        p.attention.len(),
        p.preventions.len(),
        p.preventions.iter().filter(|i| i.overdue()).count(),
        p.gantt.len()
    );
    with_reports(text, written)
}

/// `daicho report definitions`.
pub fn definitions() -> String {
    DEFINITIONS
        .iter()
        .map(|x| format!("■ {}\n{}", x.name, x.text))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// `daicho import`: the table and mapping found, skipped rows, unknown
/// values, problems and what was (or would be) created and updated.
pub fn import_outcome(o: &ImportOutcome) -> String {
    let t = &o.table;
    let mut s = format!(
        "ファイル: {}  シート: {}  台帳: {}  見出し行: {}{}  データ行: {} 行\n",
        o.file_name,
        o.sheet,
        o.ledger.label(),
        t.header_row,
        if t.header_rows > 1 {
            format!("-{}", t.header_row + t.header_rows - 1)
        } else {
            String::new()
        },
        o.rows
    );
    let mut map = table();
    map.set_header(["列", "見出し", "取り込む項目"]);
    for c in &t.columns {
        if c.header.is_empty() && c.field.is_none() {
            continue;
        }
        map.add_row([
            c.column.clone(),
            c.header.clone(),
            c.label.clone().unwrap_or_else(|| "(取り込まない)".into()),
        ]);
    }
    s.push_str(&map.to_string());
    s.push('\n');
    if !o.skipped.is_empty() {
        let rows: Vec<String> = o.skipped.iter().map(u32::to_string).collect();
        s.push_str(&format!(
            "読み飛ばした行 (注記・見出しの繰り返し): {}\n",
            rows.join(", ")
        ));
    }
    if !o.unknown.is_empty() {
        let mut u = table();
        u.set_header(["項目", "値", "行数", "対処"]);
        for v in &o.unknown {
            u.add_row([
                v.field.clone(),
                v.value.clone(),
                v.rows.len().to_string(),
                daicho_import::remedy(v),
            ]);
        }
        s.push_str("Daicho にない値:\n");
        s.push_str(&u.to_string());
        s.push('\n');
    }
    if !o.overrides.is_empty() {
        s.push_str(&format!(
            "上書きする行 (ステータスの後戻り・削除済みの記録、--update-existing) {} 件:\n{}\n",
            o.overrides.len(),
            problem_table(&o.overrides)
        ));
    }
    if !o.problems.is_empty() {
        s.push_str(&format!(
            "問題 {} 件:\n{}\n",
            o.problems.len(),
            problem_table(&o.problems)
        ));
    }
    let masters: Vec<String> = o
        .masters_created
        .iter()
        .map(|(m, n)| format!("{} {n}", m.label()))
        .collect();
    let verb = if o.committed {
        "取り込みました"
    } else if o.dry_run && o.problems.is_empty() {
        "取り込めます (試行のため何も書き込んでいません)"
    } else {
        "取り込んでいません"
    };
    s.push_str(&format!(
        "{verb}: 新規 {} 件、更新 {} 件、変更なし {} 件",
        o.created.len(),
        o.updated.len(),
        o.unchanged
    ));
    if !masters.is_empty() {
        s.push_str(&format!(
            "\nマスタに{}: {}",
            if o.committed {
                "追加しました"
            } else {
                "追加します"
            },
            masters.join("、")
        ));
    }
    s
}

/// シート / 行 / 列 / 値 / 理由 of import problems.
fn problem_table(list: &[daicho_import::Problem]) -> comfy_table::Table {
    let mut p = table();
    p.set_header(["シート", "行", "列", "値", "理由"]);
    for x in list {
        let col = match (&x.column, &x.header) {
            (Some(c), Some(h)) => format!("{c} ({h})"),
            (Some(c), None) => c.clone(),
            (None, Some(h)) => h.clone(),
            (None, None) => String::new(),
        };
        p.add_row([
            x.sheet.clone(),
            x.row.map(|r| r.to_string()).unwrap_or_default(),
            col,
            x.value.clone(),
            x.reason.clone(),
        ]);
    }
    p
}
