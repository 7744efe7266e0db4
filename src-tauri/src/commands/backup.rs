//! 設定 → バックアップ: list, back up now, restore (the core reopens the
//! database; the UI reloads everything afterwards).

use daicho_core::Daicho;
use daicho_export::backup_mirror as mirror;
use tauri::State;

use crate::dto::*;
use crate::state::Db;

#[tauri::command]
pub async fn list_backups(db: State<'_, Db>) -> AppResult<BackupsDto> {
    db.run(|d| {
        Ok(BackupsDto {
            dir: d.backup_dir()?.display().to_string(),
            backups: d.backups()?.into_iter().map(BackupDto::from).collect(),
        })
    })
    .await
}

#[tauri::command]
pub async fn backup_now(db: State<'_, Db>) -> AppResult<BackupDoneDto> {
    db.run(|d| {
        let m = mirror(d)?;
        let o = d.backup_now(m.as_deref())?;
        Ok(BackupDoneDto {
            backup: o.backup.into(),
            mirror: o.mirror.map(|p| p.display().to_string()),
            mirror_error: o.mirror_error,
        })
    })
    .await
}

#[tauri::command]
pub async fn restore_backup(db: State<'_, Db>, path: String) -> AppResult<RestoreDto> {
    db.run(move |d| {
        let m = mirror(d)?;
        let o = d.restore(std::path::Path::new(&path), m.as_deref())?;
        Ok(RestoreDto {
            restored_from: o.restored_from.display().to_string(),
            safety_backup: o.safety_backup.into(),
        })
    })
    .await
}

/// The automatic backup at start (once a day); a failure is only logged.
pub fn daily(d: &mut Daicho) {
    if let Some(w) = daicho_export::daily_backup(d) {
        eprintln!("{w}");
    }
}
