//! Child tables (タイムライン, 調査結果, 再発防止策, 検討経緯, 不具合管理表).

use tauri::State;

use crate::dto::*;
use crate::state::Db;

#[tauri::command]
pub async fn add_child(
    db: State<'_, Db>,
    no: String,
    child: String,
    inputs: Inputs,
) -> AppResult<ChildRowDto> {
    Ok(db
        .run(move |d| d.add_child(&no, &child, &pairs(inputs)))
        .await?
        .into())
}

#[tauri::command]
pub async fn edit_child(
    db: State<'_, Db>,
    no: String,
    child: String,
    id: i32,
    inputs: Inputs,
) -> AppResult<ChildRowDto> {
    Ok(db
        .run(move |d| d.edit_child(&no, &child, id as i64, &pairs(inputs)))
        .await?
        .into())
}

/// Links (`link`) or unlinks two failures as 同根障害.
#[tauri::command]
pub async fn link_same_root(db: State<'_, Db>, a: String, b: String, link: bool) -> AppResult<()> {
    db.run(move |d| d.link_same_root(&a, &b, link)).await
}

#[tauri::command]
pub async fn remove_child(db: State<'_, Db>, no: String, child: String, id: i32) -> AppResult<()> {
    db.run(move |d| d.remove_child(&no, &child, id as i64))
        .await
}
