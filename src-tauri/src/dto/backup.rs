//! 設定 → バックアップ: the backups kept and what a backup or restore did.

use serde::Serialize;
use ts_rs::TS;

/// One backup file.
#[derive(Debug, Clone, Serialize, TS)]
pub struct BackupDto {
    pub name: String,
    pub path: String,
    /// `2026-11-30T10:15:00`.
    pub taken_at: String,
    pub bytes: f64,
}

impl From<daicho_core::service::backup::BackupInfo> for BackupDto {
    fn from(b: daicho_core::service::backup::BackupInfo) -> Self {
        BackupDto {
            name: b.name,
            path: b.path.display().to_string(),
            taken_at: b.taken_at,
            bytes: b.bytes as f64,
        }
    }
}

/// The backup folder and its backups, newest first.
#[derive(Debug, Clone, Serialize, TS)]
pub struct BackupsDto {
    pub dir: String,
    pub backups: Vec<BackupDto>,
}

/// What 「今すぐバックアップ」 did.
#[derive(Debug, Clone, Serialize, TS)]
pub struct BackupDoneDto {
    pub backup: BackupDto,
    /// The copy on the shared drive, when mirrored.
    pub mirror: Option<String>,
    /// Why mirroring failed (the local backup is still good).
    pub mirror_error: Option<String>,
}

/// What 「復元」 did.
#[derive(Debug, Clone, Serialize, TS)]
pub struct RestoreDto {
    pub restored_from: String,
    /// The database as it was before the restore.
    pub safety_backup: BackupDto,
}
