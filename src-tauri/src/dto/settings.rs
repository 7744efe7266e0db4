//! 設定: masters and stored settings.

use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, TS)]
pub struct MasterDto {
    pub name: String,
    pub active: bool,
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
    /// Ledgers whose closing waits for approval (仮クローズ), e.g. `failure,change`.
    pub close_approval: String,
}
