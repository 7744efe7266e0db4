//! 設定: masters and stored settings.

use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, TS)]
pub struct MasterDto {
    pub name: String,
    pub active: bool,
    /// A 対象システム's service level (A/B/C).
    pub service_level: Option<String>,
}

/// 設定: what the window shows and stores.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SettingsDto {
    pub user_name: String,
    pub db_path: String,
    pub shared_dir: String,
    pub backup_dir: String,
    /// `ja` or `en`.
    pub language: String,
    /// The team's folder below the shared root (`10-運用・保守` / `10-運用保守`).
    pub ops_folder: String,
    /// Ledgers whose closing waits for approval (仮クローズ), e.g. `failure,change`.
    pub close_approval: String,
}
