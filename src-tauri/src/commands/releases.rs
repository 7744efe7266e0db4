//! リリース: versions, members, stage actions, 判定 and completion.

use tauri::State;

use crate::dto::*;
use crate::state::{opt_date, Db};

#[tauri::command]
pub async fn add_release_member(
    db: State<'_, Db>,
    version: String,
    no: String,
) -> AppResult<RecordDto> {
    Ok(db.run(move |d| d.add_member(&version, &no)).await?.into())
}

#[tauri::command]
pub async fn remove_release_member(
    db: State<'_, Db>,
    version: String,
    no: String,
) -> AppResult<RecordDto> {
    Ok(db
        .run(move |d| d.remove_member(&version, &no))
        .await?
        .into())
}

#[tauri::command]
pub async fn release_action(
    db: State<'_, Db>,
    version: String,
    action: String,
    date: Option<String>,
    note: Option<String>,
) -> AppResult<RecordDto> {
    let rec = db
        .run(move |d| d.release_action(&version, &action, opt_date(date)?, note.as_deref()))
        .await?;
    Ok(rec.into())
}

#[tauri::command]
pub async fn judge_release(
    db: State<'_, Db>,
    version: String,
    ok: bool,
    date: Option<String>,
    note: Option<String>,
) -> AppResult<RecordDto> {
    let rec = db
        .run(move |d| d.judge_release(&version, ok, opt_date(date)?, note.as_deref()))
        .await?;
    Ok(rec.into())
}

#[tauri::command]
pub async fn complete_release(
    db: State<'_, Db>,
    version: String,
    date: Option<String>,
) -> AppResult<RecordDto> {
    Ok(db
        .run(move |d| d.complete_release(&version, opt_date(date)?))
        .await?
        .into())
}
