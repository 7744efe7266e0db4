//! レポート: a month's figures, its 所見・改善提案, and the 月次報告書 /
//! 定例会資料 files.

use daicho_export::{Destination, DocFormat};
use daicho_reports::YearMonth;
use tauri::State;

use crate::dto::*;
use crate::state::{opt_date, Db};

const BOTH: &[DocFormat] = &[DocFormat::Pdf, DocFormat::Xlsx];

#[tauri::command]
pub async fn monthly_figures(db: State<'_, Db>, month: String) -> AppResult<MonthlyDto> {
    let figures = db
        .run(move |d| daicho_reports::monthly_figures(d, YearMonth::parse(&month)?))
        .await?;
    Ok(figures.into())
}

/// Stores the 所見・改善提案 of a month (empty removes it).
#[tauri::command]
pub async fn save_findings(db: State<'_, Db>, month: String, text: String) -> AppResult<()> {
    db.run(move |d| daicho_reports::settings::set_findings(d, YearMonth::parse(&month)?, &text))
        .await
}

/// Stores the 原因分析 of a 未達 target in a month (empty removes it).
#[tauri::command]
pub async fn save_target_cause(
    db: State<'_, Db>,
    month: String,
    key: String,
    text: String,
) -> AppResult<()> {
    db.run(move |d| daicho_reports::targets::set_cause(d, YearMonth::parse(&month)?, &key, &text))
        .await
}

/// 月次報告書_YYYY年M月.pdf / .xlsx.
#[tauri::command]
pub async fn write_monthly_report(
    db: State<'_, Db>,
    month: String,
    folder: Option<String>,
) -> AppResult<Vec<WrittenDto>> {
    let dest = Destination::from_folder(folder);
    let (_, written) = db
        .run(move |d| daicho_reports::write_monthly(d, YearMonth::parse(&month)?, BOTH, &dest))
        .await?;
    Ok(written.into_iter().map(Into::into).collect())
}

/// 定例会資料_YYYY年M月D日.pdf / .xlsx for the meeting on `date`.
#[tauri::command]
pub async fn write_weekly_pack(
    db: State<'_, Db>,
    date: String,
    folder: Option<String>,
) -> AppResult<Vec<WrittenDto>> {
    let dest = Destination::from_folder(folder);
    let (_, written) = db
        .run(move |d| {
            let date = opt_date(Some(date))?
                .ok_or_else(|| daicho_core::Error::invalid("定例会の日付を入力してください。"))?;
            daicho_reports::write_weekly(d, date, BOTH, &dest)
        })
        .await?;
    Ok(written.into_iter().map(Into::into).collect())
}
