//! Daicho's reports (`daicho-reports`): the team's KPI figures, the 月次報告書
//! and the weekly 定例会 pack.
//!
//! - figures as serde structs for the app's レポート screen and `--json`:
//!   [`monthly_figures`] → [`MonthlyFigures`], [`weekly_pack`] → [`WeeklyPack`];
//! - files: [`write_monthly`] / [`write_weekly`] render PDF (A4, charts as
//!   vector graphics) and xlsx (native Excel charts) from the same
//!   [`blocks`] and file them in the shared drive's report folder
//!   (`SharedLayout::reports_dir`, `10-運用・保守/報告/`) or in a chosen
//!   folder, through daicho-docs' atomic writer;
//! - settings: [`settings`] (business calendar, SLA rules, 所見・改善提案 per
//!   month), stored as JSON in the database's settings;
//! - [`definitions::DEFINITIONS`]: the written definition of every figure,
//!   printed in each report's appendix.
//!
//! Invariant: figures are computed from record dates and the history only,
//! cut at the month end (or "now" for the running month), so re-running a
//! closed month gives the same numbers.

pub mod blocks;
mod by_key;
mod data;
mod data_recent;
pub mod definitions;
pub mod escalation;
pub mod monthly;
mod pdf;
pub mod period;
pub mod settings;
pub mod sla;
pub mod table;
pub mod targets;
pub mod timeline;
mod timeline_light;
mod timeline_rows;
pub mod weekly;
mod xlsx;

use std::path::Path;

use chrono::NaiveDate;
use daicho_core::{Daicho, Error, ErrorKind, Result};
use daicho_docs::{safe_file_name, write_file, DocFormat};
use daicho_export::{report_dir, Destination, ExportSettings};

pub use daicho_docs::Written;
pub use definitions::{Definition, DEFINITIONS};
pub use monthly::{monthly_figures, MonthlyFigures};
pub use period::YearMonth;
pub use settings::ReportSettings;
pub use weekly::{weekly_pack, WeeklyPack};

/// Rendered bytes of one report.
pub struct Rendered {
    pub pdf: Vec<u8>,
    pub pdf_pages: usize,
    pub missing_glyphs: Vec<char>,
    pub xlsx: Vec<u8>,
}

fn xlsx_err(e: rust_xlsxwriter::XlsxError) -> Error {
    Error::new(
        ErrorKind::Storage,
        format!("Excel ファイルを作成できませんでした: {e}"),
    )
}

/// `月次報告書_2026年10月`
pub fn monthly_file_stem(month: YearMonth) -> String {
    format!("月次報告書_{}", month.label())
}

/// `定例会資料_2026年11月23日`
pub fn weekly_file_stem(meeting: NaiveDate) -> String {
    format!("定例会資料_{}", meeting.format("%Y年%-m月%-d日"))
}

/// Who the report is from: the team name, or 運用台帳 when none is set.
fn author(issuer: &str) -> &str {
    if issuer.is_empty() {
        "運用台帳"
    } else {
        issuer
    }
}

/// Both files of a report from the same blocks.
fn render(
    title: &str,
    subtitle: &str,
    blocks: &[blocks::Block],
    landscape: bool,
) -> Result<Rendered> {
    // The two documents are independent: the workbook is built on a second
    // thread while this one lays out the PDF.
    let (pdf, xlsx) = std::thread::scope(|s| {
        let xlsx = s.spawn(|| xlsx::render(title, subtitle, blocks));
        let pdf = pdf::render(title, subtitle, blocks, landscape);
        let xlsx = xlsx
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (pdf, xlsx)
    });
    let xlsx = xlsx.map_err(xlsx_err)?;
    Ok(Rendered {
        pdf: pdf.bytes,
        pdf_pages: pdf.pages,
        missing_glyphs: pdf.missing_glyphs,
        xlsx,
    })
}

/// The 月次報告書 in memory (PDF and xlsx).
pub fn render_monthly(f: &MonthlyFigures, issuer: &str) -> Result<Rendered> {
    let title = format!("月次報告書 {}", f.label);
    let subtitle = format!(
        "{}　集計期間 {}〜{}　基準時点 {}",
        author(issuer),
        f.month.first_day().format("%Y/%-m/%-d"),
        f.month.last_day().format("%Y/%-m/%-d"),
        if f.closed_month {
            "月末（締め）".to_string()
        } else {
            f.as_of.format("%Y/%-m/%-d %H:%M（集計途中）").to_string()
        }
    );
    render(&title, &subtitle, &blocks::monthly_blocks(f, issuer), false)
}

/// The 定例会 pack in memory (PDF on A4 landscape, and xlsx).
pub fn render_weekly(p: &WeeklyPack, issuer: &str) -> Result<Rendered> {
    let title = format!("定例会資料 {}", p.label);
    let subtitle = format!(
        "{}　基準時点 {}　前回 {} 以降の進捗",
        author(issuer),
        p.as_of.format("%Y/%-m/%-d %H:%M"),
        p.since.format("%Y/%-m/%-d"),
    );
    render(&title, &subtitle, &blocks::weekly_blocks(p), true)
}

fn write_rendered(
    r: &Rendered,
    dir: &Path,
    stem: &str,
    formats: &[DocFormat],
) -> Result<Vec<Written>> {
    let mut out = Vec::new();
    for f in formats {
        let (ext, bytes, pages, missing) = match f {
            DocFormat::Pdf => ("pdf", &r.pdf, r.pdf_pages, r.missing_glyphs.as_slice()),
            DocFormat::Xlsx => ("xlsx", &r.xlsx, 1, &[][..]),
        };
        let path = dir.join(safe_file_name(&format!("{stem}.{ext}")));
        write_file(&path, bytes).map_err(|e| Error::new(ErrorKind::Storage, e.message_ja()))?;
        out.push(Written::new(path, pages, missing));
    }
    Ok(out)
}

/// Computes `figures` and renders them with `render` into `dest` (the
/// shared drive's report folder or a chosen one), as `<stem>.pdf/.xlsx`.
fn write_report<F>(
    d: &Daicho,
    formats: &[DocFormat],
    dest: &Destination,
    stem: &str,
    figures: impl FnOnce(&Daicho) -> Result<F>,
    render: impl FnOnce(&F, &str) -> Result<Rendered>,
) -> Result<(F, Vec<Written>)> {
    let settings = ExportSettings::from_daicho(d)?;
    let dir = report_dir(dest, &settings)?;
    let f = figures(d)?;
    let r = render(&f, &settings.issuer)?;
    let written = write_rendered(&r, &dir, stem, formats)?;
    Ok((f, written))
}

/// Computes, renders and writes the 月次報告書 of `month`.
pub fn write_monthly(
    d: &Daicho,
    month: YearMonth,
    formats: &[DocFormat],
    dest: &Destination,
) -> Result<(MonthlyFigures, Vec<Written>)> {
    let stem = monthly_file_stem(month);
    write_report(
        d,
        formats,
        dest,
        &stem,
        |d| monthly::monthly_figures_to_render(d, month),
        render_monthly,
    )
}

/// Computes, renders and writes the 定例会 pack for the meeting on `meeting`.
pub fn write_weekly(
    d: &Daicho,
    meeting: NaiveDate,
    formats: &[DocFormat],
    dest: &Destination,
) -> Result<(WeeklyPack, Vec<Written>)> {
    let stem = weekly_file_stem(meeting);
    write_report(
        d,
        formats,
        dest,
        &stem,
        |d| weekly::weekly_pack_to_render(d, meeting),
        render_weekly,
    )
}
#[cfg(test)]
mod reference_tests;
