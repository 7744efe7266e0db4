//! Declares the app's own IPC commands so the capability file can allow
//! exactly these and nothing else.

const COMMANDS: &[&str] = &[
    "get_schema",
    "list_records",
    "get_detail",
    "create_record",
    "edit_record",
    "delete_record",
    "run_action",
    "record_history",
    "get_home",
    "get_today",
    "search_all",
    "triage_incident",
    "add_release_member",
    "remove_release_member",
    "release_action",
    "judge_release",
    "complete_release",
    "add_child",
    "edit_child",
    "remove_child",
    "link_same_root",
    "pick_attachment_files",
    "add_attachments",
    "open_attachment",
    "remove_attachment",
    "list_masters",
    "add_master",
    "deactivate_master",
    "get_settings",
    "save_user_name",
    "save_setting",
    "list_backups",
    "backup_now",
    "restore_backup",
    "write_record_document",
    "export_ledgers",
    "mail_drafts",
    "save_mail_drafts",
    "pick_folder",
    "pick_import_file",
    "open_document",
    "write_release_item_documents",
    "inspect_import",
    "run_import",
    "monthly_figures",
    "save_findings",
    "save_target_cause",
    "write_monthly_report",
    "write_weekly_pack",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri build");
}
