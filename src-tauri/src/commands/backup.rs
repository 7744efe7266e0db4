//! 設定 → バックアップ: list, back up now, restore (the core reopens the
//! database; the UI reloads everything afterwards).

use std::path::PathBuf;

use daicho_core::Daicho;
use daicho_export::ExportSettings;
use tauri::State;

use crate::dto::*;
use crate::state::Db;

/// The shared drive's backup folder, when a shared root is set.
fn mirror(d: &Daicho) -> daicho_core::Result<Option<PathBuf>> {
    Ok(ExportSettings::from_daicho(d)?.backup_mirror())
}

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
    let outcome = mirror(d).and_then(|m| d.backup_if_due(m.as_deref()));
    match outcome {
        Ok(Some(o)) => {
            if let Some(w) = o.mirror_error {
                eprintln!("警告: {w}");
            }
        }
        Ok(None) => {}
        Err(e) => eprintln!("警告: 自動バックアップに失敗しました: {}", e.message),
    }
}
