//! 設定: masters (組織, 担当者), user name, folders and language.

use daicho_core::domain::master::Master;
use daicho_core::domain::settings;
use tauri::State;

use crate::dto::*;
use crate::state::Db;

#[tauri::command]
pub async fn list_masters(db: State<'_, Db>, master_key: String) -> AppResult<Vec<MasterDto>> {
    let m: Master = master_key.parse()?;
    let list = db.run(move |d| d.masters(m, true)).await?;
    Ok(list
        .into_iter()
        .map(|e| MasterDto {
            name: e.name,
            active: e.active,
            service_level: e.service_level,
        })
        .collect())
}

#[tauri::command]
pub async fn add_master(
    db: State<'_, Db>,
    master_key: String,
    name: String,
    service_level: Option<String>,
) -> AppResult<bool> {
    let m: Master = master_key.parse()?;
    db.run(move |d| {
        let added = d.add_master(m, &name)?;
        // A 対象システム's service level is set (or changed) with it.
        let level = service_level.filter(|_| m == Master::System);
        let changed = match level {
            Some(l) => d.set_service_level(&name, Some(&l))?,
            None => false,
        };
        Ok(added || changed)
    })
    .await
}

#[tauri::command]
pub async fn deactivate_master(
    db: State<'_, Db>,
    master_key: String,
    name: String,
) -> AppResult<()> {
    let m: Master = master_key.parse()?;
    db.run(move |d| d.deactivate_master(m, &name)).await
}

#[tauri::command]
pub async fn get_settings(db: State<'_, Db>) -> AppResult<SettingsDto> {
    let db_path = db.path.display().to_string();
    db.run(move |d| {
        let get = |k: &str| d.setting(k).map(Option::unwrap_or_default);
        Ok(SettingsDto {
            user_name: d.actor().to_string(),
            db_path,
            shared_dir: get("shared_root")?,
            backup_dir: get("backup_dir")?,
            language: d.setting("language")?.unwrap_or_else(|| "ja".into()),
            ops_folder: d
                .setting(settings::OPS_FOLDER)?
                .unwrap_or_else(|| settings::DEFAULT_OPS_FOLDER.into()),
            close_approval: get("close_approval")?,
        })
    })
    .await
}

#[tauri::command]
pub async fn save_user_name(db: State<'_, Db>, name: String) -> AppResult<()> {
    db.run(move |d| d.save_user_name(&name)).await
}

/// Stores one of the core's user settings (`shared_root`, `backup_dir`,
/// `language`, …, as `daicho config`); empty clears it.
#[tauri::command]
pub async fn save_setting(db: State<'_, Db>, key: String, value: String) -> AppResult<()> {
    db.run(move |d| d.save_user_setting(&key, &value)).await
}
