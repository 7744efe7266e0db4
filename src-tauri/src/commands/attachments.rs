//! 添付ファイル of any record: add from the file picker or a drop, list,
//! open with the OS's default application, remove (recorded).

use std::path::PathBuf;

use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;

use crate::dto::*;
use crate::state::Db;

/// The native file picker (several files); empty when cancelled.
#[tauri::command]
pub async fn pick_attachment_files(app: AppHandle) -> AppResult<Vec<String>> {
    let picked =
        tauri::async_runtime::spawn_blocking(move || app.dialog().file().blocking_pick_files())
            .await
            .map_err(|e| AppError::internal(format!("内部エラーが発生しました: {e}")))?;
    Ok(picked
        .unwrap_or_default()
        .into_iter()
        .map(|p| p.to_string())
        .collect())
}

/// Attaches files (paths from the picker or a drop): all or none.
#[tauri::command]
pub async fn add_attachments(
    db: State<'_, Db>,
    no: String,
    paths: Vec<String>,
) -> AppResult<Vec<AttachmentDto>> {
    let paths: Vec<PathBuf> = paths.into_iter().map(PathBuf::from).collect();
    let added = db.run(move |d| d.add_attachment_files(&no, &paths)).await?;
    Ok(added.into_iter().map(AttachmentDto::from).collect())
}

/// Opens a copy of the file (in the temp folder) with the OS's default app.
#[tauri::command]
pub async fn open_attachment(
    app: AppHandle,
    db: State<'_, Db>,
    no: String,
    id: i32,
) -> AppResult<()> {
    let path = db
        .run(move |d| d.attachment_temp_copy(&no, id as i64))
        .await?;
    app.opener()
        .open_path(path.to_string_lossy(), None::<&str>)
        .map_err(|e| AppError::internal(format!("ファイルを開けませんでした: {e}")))
}

/// Removes a file from the record (the history names it).
#[tauri::command]
pub async fn remove_attachment(db: State<'_, Db>, no: String, id: i32) -> AppResult<()> {
    db.run(move |d| d.remove_attachment(&no, id as i64).map(|_| ()))
        .await
}
