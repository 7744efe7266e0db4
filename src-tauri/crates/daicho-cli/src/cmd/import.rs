//! `daicho import FILE`: the import wizard in one command. Prints the
//! detected table and mapping, then what was (or, with `--dry-run`, would be)
//! created and updated, and every problem (シート / 行 / 列 / 値 / 理由).
//! With any problem nothing is written and the exit code is non-zero, on a
//! dry run too, so scripts can check a file before importing it.

use std::path::PathBuf;

use clap::Args;
use daicho_core::{Daicho, Error, Result};
use daicho_import::{CsvEncoding, ImportSettings};

use super::split_pair;
use crate::output::{self, Out};

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
    /// Add unknown 発生元組織 / 担当者 / 優先度 / 対象システム values to the masters.
    #[arg(long)]
    pub create_masters: bool,
    /// Also import rows that move a status back in its flow or update a
    /// deleted record (an older copy of the ledger); listed on a dry run.
    #[arg(long)]
    pub update_existing: bool,
}

fn settings(a: &ImportArgs) -> Result<ImportSettings> {
    let mut s = ImportSettings::default()
        .with_sheet(a.sheet.clone())
        .with_ledger(a.ledger.as_deref())?
        .with_header_row(a.header_row)
        .with_create_masters(a.create_masters)
        .with_update_existing(a.update_existing);
    for c in &a.columns {
        let (column, field) = split_pair(c, "列=項目")?;
        s = s.with_column(column, Some(field.trim().to_string()));
    }
    for m in &a.maps {
        let (from, to) = split_pair(m, "旧=新")?;
        s = s.with_value(from, to.trim());
    }
    Ok(s)
}

pub fn run(d: &mut Daicho, out: &Out, a: ImportArgs) -> Result<()> {
    let encoding: CsvEncoding = a.encoding.parse()?;
    let s = settings(&a)?;
    let wb = daicho_import::read_file(&a.file, encoding)?;
    let outcome = daicho_import::import(d, &wb, &s, a.dry_run)?;
    // The files `daicho export` wrote beside the workbook come back with it.
    let list = daicho_export::attachment_list_beside(&a.file);
    let attached = match &list {
        Some(list) if !a.dry_run && outcome.problems.is_empty() => {
            Some(daicho_export::import_attachment_list(d, list)?)
        }
        _ => None,
    };
    let mut json = serde_json::to_value(&outcome).map_err(|e| Error::invalid(e.to_string()))?;
    if let Some(done) = &attached {
        json["attachments"] =
            serde_json::to_value(done).map_err(|e| Error::invalid(e.to_string()))?;
    }
    out.show(&json, || {
        let mut text = output::import_outcome(&outcome);
        match (&attached, &list) {
            (Some(done), _) => text.push_str(&format!(
                "\n添付ファイル: {} 件を添付しました ({} 件は既にありました)。",
                done.added.len(),
                done.present.len()
            )),
            (None, Some(list)) if a.dry_run => text.push_str(&format!(
                "\n添付ファイル一覧 {} の添付ファイルは取り込み時に添付します。",
                list.display()
            )),
            _ => {}
        }
        text
    });
    if outcome.problems.is_empty() {
        Ok(())
    } else {
        Err(Error::invalid(format!(
            "取り込めない値が {} 件あります。上の表を確認してください。何も書き込んでいません。",
            outcome.problems.len()
        )))
    }
}
