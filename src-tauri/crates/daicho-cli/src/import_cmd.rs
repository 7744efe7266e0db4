//! `daicho import FILE`: the import wizard in one command. Prints the
//! detected table and mapping, then what was (or, with `--dry-run`, would be)
//! created and updated, and every problem (シート / 行 / 列 / 値 / 理由).
//! With any problem nothing is written and the exit code is non-zero, on a
//! dry run too, so scripts can check a file before importing it.

use std::path::PathBuf;

use clap::Args;
use daicho_core::domain::ledger::Ledger;
use daicho_core::{Daicho, Error, Result};
use daicho_import::{CsvEncoding, ImportOutcome, ImportSettings};

use super::Out;

#[derive(Args, Debug)]
pub struct ImportArgs {
    /// .xlsx / .xls / .ods / .csv file.
    pub file: PathBuf,
    /// incident | failure | change | release (default: detected).
    #[arg(long)]
    pub ledger: Option<String>,
    /// Check everything and report; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Sheet name (default: the one that looks like a ledger).
    #[arg(long)]
    pub sheet: Option<String>,
    /// CSV encoding: auto | utf8 | sjis (CP932).
    #[arg(long, default_value = "auto")]
    pub encoding: String,
    /// 1-based header row (default: detected).
    #[arg(long)]
    pub header_row: Option<u32>,
    /// Column correction: `F=タイトル`, or `F=` to leave column F out.
    #[arg(long = "column", value_name = "列=項目")]
    pub columns: Vec<String>,
    /// Value replacement: `保留=方針検討中` (statuses, choices, masters).
    #[arg(long = "map", value_name = "旧=新")]
    pub maps: Vec<String>,
    /// Add unknown 発生元組織 / 担当者 / 優先度 values to the masters.
    #[arg(long)]
    pub create_masters: bool,
}

fn split_pair(s: &str, what: &str) -> Result<(String, String)> {
    let s = s.replacen('＝', "=", 1);
    s.split_once('=')
        .map(|(a, b)| (a.trim().to_string(), b.trim().to_string()))
        .filter(|(a, _)| !a.is_empty())
        .ok_or_else(|| Error::invalid(format!("「{s}」は {what} の形式ではありません。")))
}

fn settings(a: &ImportArgs) -> Result<ImportSettings> {
    let ledger = match &a.ledger {
        Some(l) => Some(Ledger::from_key(l.trim()).ok_or_else(|| {
            Error::invalid(format!(
                "台帳「{l}」はありません。incident / failure / change / release を指定してください。"
            ))
        })?),
        None => None,
    };
    let columns = a
        .columns
        .iter()
        .map(|c| split_pair(c, "列=項目").map(|(col, f)| (col, Some(f).filter(|f| !f.is_empty()))))
        .collect::<Result<Vec<_>>>()?;
    let value_map = a
        .maps
        .iter()
        .map(|m| split_pair(m, "旧=新"))
        .collect::<Result<Vec<_>>>()?;
    Ok(ImportSettings {
        sheet: a.sheet.clone(),
        ledger,
        header_row: a.header_row,
        columns,
        value_map,
        create_masters: a.create_masters,
    })
}

pub fn run(d: &mut Daicho, out: &Out, a: ImportArgs) -> Result<()> {
    let encoding = CsvEncoding::from_key(&a.encoding).ok_or_else(|| {
        Error::invalid(format!(
            "文字コード「{}」は指定できません。auto / utf8 / sjis",
            a.encoding
        ))
    })?;
    let s = settings(&a)?;
    let wb = daicho_import::read_file(&a.file, encoding)?;
    let outcome = daicho_import::import(d, &wb, &s, a.dry_run)?;
    out.show(&outcome, || human(&outcome));
    if outcome.problems.is_empty() {
        Ok(())
    } else {
        Err(Error::invalid(format!(
            "取り込めない値が {} 件あります。上の表を確認してください。何も書き込んでいません。",
            outcome.problems.len()
        )))
    }
}

fn human(o: &ImportOutcome) -> String {
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
    let mut map = crate::output::table();
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
        let mut u = crate::output::table();
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
    if !o.problems.is_empty() {
        let mut p = crate::output::table();
        p.set_header(["シート", "行", "列", "値", "理由"]);
        for x in &o.problems {
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
        s.push_str(&format!("問題 {} 件:\n{p}\n", o.problems.len()));
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
