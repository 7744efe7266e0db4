//! 出力: a record's document (PDF / Excel), mail drafts, the ledger workbooks,
//! and the native folder/file pickers and "open with the OS viewer".

use daicho_export::{parse_formats, parse_mail_kind, Destination, DocKind, ExportSettings};
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;

use crate::dto::*;
use crate::state::Db;

/// Writes the record's usual document (or `kind`, e.g. 不具合管理表 of a release).
#[tauri::command]
pub async fn write_record_document(
    db: State<'_, Db>,
    no: String,
    kind: Option<String>,
    format: Vec<String>,
    folder: Option<String>,
) -> AppResult<Vec<WrittenDto>> {
    let kind = match kind {
        Some(k) => k.parse::<DocKind>()?,
        None => daicho_export::doc_kind_for(&no),
    };
    let (formats, dest) = (parse_formats(&format)?, Destination::from_folder(folder));
    let written = db
        .run(move |d| {
            let s = ExportSettings::from_daicho(d)?;
            daicho_export::write_document(d, kind, Some(&no), &formats, &dest, &s)
        })
        .await?;
    Ok(written.into_iter().map(Into::into).collect())
}

/// インシデント台帳.xlsx … into the shared drive or a folder.
#[tauri::command]
pub async fn export_ledgers(
    db: State<'_, Db>,
    folder: Option<String>,
) -> AppResult<Vec<WrittenDto>> {
    let dest = Destination::from_folder(folder);
    let written = db
        .run(move |d| daicho_export::export_ledgers(d, &dest, &ExportSettings::from_daicho(d)?))
        .await?;
    Ok(written.into_iter().map(Into::into).collect())
}

/// The mail drafts of a release or an S- record, to show and copy.
#[tauri::command]
pub async fn mail_drafts(
    db: State<'_, Db>,
    kind: String,
    no: String,
) -> AppResult<Vec<MailDraftDto>> {
    let kind = parse_mail_kind(&kind)?;
    let drafts = db
        .run(move |d| daicho_export::mail_drafts(d, kind, &no, &ExportSettings::from_daicho(d)?))
        .await?;
    Ok(drafts.into_iter().map(Into::into).collect())
}

/// Writes the mail drafts as `.txt` files.
#[tauri::command]
pub async fn save_mail_drafts(
    db: State<'_, Db>,
    kind: String,
    no: String,
    folder: Option<String>,
) -> AppResult<Vec<WrittenDto>> {
    let (kind, dest) = (parse_mail_kind(&kind)?, Destination::from_folder(folder));
    let written = db
        .run(move |d| {
            let s = ExportSettings::from_daicho(d)?;
            daicho_export::write_mail_drafts(d, kind, &no, &dest, &s)
        })
        .await?;
    Ok(written.into_iter().map(Into::into).collect())
}

/// The release documents per incident (written now, then those kept).
#[tauri::command]
pub async fn write_release_item_documents(
    db: State<'_, Db>,
    version: String,
    folder: Option<String>,
) -> AppResult<Vec<WrittenDto>> {
    let docs = db
        .run(move |d| {
            let settings = ExportSettings::from_daicho(d)?;
            daicho_export::write_release_item_documents(
                d,
                &version,
                &Destination::from_folder(folder),
                &settings,
            )
        })
        .await?;
    Ok(docs
        .written
        .into_iter()
        .chain(docs.kept)
        .map(Into::into)
        .collect())
}

/// The native folder picker; None when cancelled.
#[tauri::command]
pub async fn pick_folder(app: AppHandle) -> AppResult<Option<String>> {
    let picked =
        tauri::async_runtime::spawn_blocking(move || app.dialog().file().blocking_pick_folder())
            .await
            .map_err(|e| AppError::internal(format!("内部エラーが発生しました: {e}")))?;
    Ok(picked.map(|p| p.to_string()))
}

/// The native file picker for a ledger to import; None when cancelled.
#[tauri::command]
pub async fn pick_import_file(app: AppHandle) -> AppResult<Option<String>> {
    let picked = tauri::async_runtime::spawn_blocking(move || {
        app.dialog()
            .file()
            .add_filter("Excel / CSV", &["xlsx", "xlsm", "xls", "ods", "csv", "txt"])
            .blocking_pick_file()
    })
    .await
    .map_err(|e| AppError::internal(format!("内部エラーが発生しました: {e}")))?;
    Ok(picked.map(|p| p.to_string()))
}

/// Opens a written PDF / Excel file with the OS viewer.
///
/// NOTE: called from Rust rather than exposing the opener plugin's own
/// `open_path` to the page, so only document files can be opened.
#[tauri::command]
pub async fn open_document(app: AppHandle, path: String) -> AppResult<()> {
    let ext = std::path::Path::new(&path)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if !matches!(ext.as_deref(), Some("pdf" | "xlsx" | "txt")) {
        return Err(AppError::invalid(format!(
            "このファイルは開けません: {path}"
        )));
    }
    app.opener()
        .open_path(path, None::<&str>)
        .map_err(|e| AppError::internal(format!("ファイルを開けませんでした: {e}")))
}
