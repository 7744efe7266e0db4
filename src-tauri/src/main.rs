//! Daicho's desktop window: opens the database named by `DAICHO_DB` (or the
//! per-user default), registers the IPC commands and shows the UI built from
//! `ui/`. Everything a command does is a core call; see `commands/`.
//!
//! Start-up failures (WebView2 missing, database locked or refused) show a
//! native message box and exit non-zero (`startup.rs`); a second start focuses
//! the running window (single-instance plugin).
//!
//! Flags: `--demo-if-empty` fills an empty database with the demo dataset
//! (used by `.ci/app`); `--bulk-incidents N` adds N generated incidents, for
//! checking the grid with 100k rows.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
#[cfg(test)]
mod contract;
mod dto;
mod notifier;
mod startup;
mod state;

use clap::Parser;
use daicho_core::service::{move_roaming_data, resolve_db_path};

// As the CLI: reports and imports at 100k records allocate millions of
// small values; freed memory goes back to the system after 1 ms
// (`mi_option_purge_delay`, index 15 in mimalloc v2's option list, pinned in
// the workspace's Cargo.toml; see the CLI's main for why 1).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

use daicho_core::{Daicho, Ledger};
use tauri::Manager;

use crate::state::Db;

/// Daicho's desktop window.
#[derive(Debug, Parser)]
#[command(name = "daicho-app", version, about)]
struct Options {
    /// Fill an empty database with the demo dataset (used by `.ci/app`).
    #[arg(long)]
    demo_if_empty: bool,
    /// Add N generated incidents, for checking the grid with 100k rows.
    #[arg(long, value_name = "N", default_value_t = 0)]
    bulk_incidents: usize,
}

fn open(path: &std::path::Path, opts: &Options) -> daicho_core::Result<Daicho> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    // Only the default database (first start) or a demo run creates the
    // file; a mistyped DAICHO_DB is refused instead of starting empty.
    let create = opts.demo_if_empty || path == daicho_core::service::default_db_path();
    let mut d = if create {
        Daicho::open_or_create(path)?
    } else {
        Daicho::open(path)?
    };
    commands::backup::daily(&mut d);
    if opts.demo_if_empty && d.is_empty()? {
        daicho_core::demo::fill(&mut d, 300, 20220922)?;
    }
    if opts.bulk_incidents > 0 {
        daicho_core::demo::bulk_fill(&mut d, Ledger::Incident, opts.bulk_incidents)?;
    }
    Ok(d)
}

/// Holds an exclusive lock on `<db>.lock` for the life of the process.
///
/// NOTE: the single-instance plugin needs a D-Bus session on Linux (and a
/// named mutex on Windows); this file lock is the second guard that keeps one
/// writer per database where that is missing (e.g. a headless session).
fn lock_db(path: &std::path::Path) -> Result<std::fs::File, String> {
    let mut lock_path = path.as_os_str().to_owned();
    lock_path.push(".lock");
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        let _ = std::fs::create_dir_all(dir);
    }
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(|e| format!("ロックファイルを作成できません: {e}"))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => Err(format!(
            "Daicho は既にこのデータベース ({}) で起動しています。\n\
             起動中の Daicho のウィンドウを使ってください (タスクバーにあります)。",
            path.display()
        )),
        // A file system without locks: carry on rather than refuse to start.
        Err(std::fs::TryLockError::Error(_)) => Ok(file),
    }
}

/// Keeps the database lock alive in the app state.
struct DbLock(#[allow(dead_code)] std::fs::File);

fn main() {
    // SAFETY: setting an option is allowed at any time.
    unsafe { libmimalloc_sys::mi_option_set(15, 1) };
    let opts = Options::parse();
    let path = resolve_db_path(None);
    match move_roaming_data(&path) {
        Ok(Some(moved)) => startup::notice(&moved),
        Ok(None) => {}
        Err(e) => startup::fail(&e.message),
    }
    startup::require_webview();
    let built = tauri::Builder::default()
        // First plugin: a second launch focuses the running window and exits,
        // so one database never has two writers.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            if let Some(w) = app.get_webview_window("main") {
                let _ = w.unminimize();
                let _ = w.show();
                let _ = w.set_focus();
            }
        }))
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_notification::init())
        .setup(move |app| {
            // Reached when the single-instance plugin could not hand over to
            // the running window (no D-Bus session, another user's process).
            let lock = lock_db(&path).unwrap_or_else(|msg| startup::fail(&msg));
            let db = match open(&path, &opts) {
                Ok(d) => Db::new(d, path),
                Err(e) => startup::fail(&format!(
                    "データベース {} を開けませんでした: {}\n\n\
                     ほかのプログラムがこのファイルを使っていないか、ファイルが壊れていないかを確認してください。\
                     別のデータベースは環境変数 DAICHO_DB で指定できます。",
                    path.display(),
                    e.message
                )),
            };
            app.manage(DbLock(lock));
            app.manage(db);
            notifier::start(app.handle().clone());
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::records::get_schema,
            commands::records::list_records,
            commands::records::get_detail,
            commands::records::create_record,
            commands::records::edit_record,
            commands::records::delete_record,
            commands::records::run_action,
            commands::records::record_history,
            commands::home::get_home,
            commands::home::get_today,
            commands::home::search_all,
            commands::triage::triage_incident,
            commands::releases::add_release_member,
            commands::releases::remove_release_member,
            commands::releases::release_action,
            commands::releases::judge_release,
            commands::releases::complete_release,
            commands::children::add_child,
            commands::children::edit_child,
            commands::children::remove_child,
            commands::children::link_same_root,
            commands::attachments::pick_attachment_files,
            commands::attachments::add_attachments,
            commands::attachments::open_attachment,
            commands::attachments::remove_attachment,
            commands::settings::list_masters,
            commands::settings::add_master,
            commands::settings::deactivate_master,
            commands::settings::get_settings,
            commands::settings::save_user_name,
            commands::backup::list_backups,
            commands::backup::backup_now,
            commands::backup::restore_backup,
            commands::settings::save_setting,
            commands::documents::write_record_document,
            commands::documents::export_ledgers,
            commands::documents::mail_drafts,
            commands::documents::save_mail_drafts,
            commands::documents::pick_folder,
            commands::documents::pick_import_file,
            commands::documents::open_document,
            commands::documents::write_release_item_documents,
            commands::import::inspect_import,
            commands::import::run_import,
            commands::reports::monthly_figures,
            commands::reports::save_findings,
            commands::reports::save_target_cause,
            commands::reports::write_monthly_report,
            commands::reports::write_weekly_pack,
        ])
        .build(tauri::generate_context!());
    match built {
        Ok(app) => app.run(|_, _| {}),
        Err(e) => startup::fail(&format!("Daicho の画面を開けませんでした: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_parse_and_default_to_off() {
        let o = Options::try_parse_from(["daicho-app"]).unwrap();
        assert!(!o.demo_if_empty);
        assert_eq!(o.bulk_incidents, 0);
        let o = Options::try_parse_from([
            "daicho-app",
            "--demo-if-empty",
            "--bulk-incidents",
            "100000",
        ])
        .unwrap();
        assert!(o.demo_if_empty);
        assert_eq!(o.bulk_incidents, 100_000);
        assert!(Options::try_parse_from(["daicho-app", "--bulk-incidents", "many"]).is_err());
    }
}
