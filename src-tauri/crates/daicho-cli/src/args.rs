//! Command-line grammar. Field inputs are `key=value` pairs where the key is
//! a field key (`priority`) or the label users see (`優先度`).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

pub use crate::cmd::report::ReportCmd;

pub use crate::cmd::backup::BackupCmd;
pub use crate::cmd::import::ImportArgs;

#[derive(Parser, Debug)]
#[command(
    name = "daicho",
    version,
    about = "Daicho (運用台帳): インシデント台帳・障害管理台帳・変更管理台帳・リリース管理"
)]
pub struct Cli {
    /// Database file (default: $DAICHO_DB, else the per-user app-data folder).
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Name recorded in the history (default: $DAICHO_USER, the saved name, the OS user).
    #[arg(long, global = true)]
    pub user: Option<String>,
    /// Print machine-readable JSON instead of a table.
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Create (or migrate) the database and print where it is.
    Init,
    /// Fill an empty database (created if missing) with a realistic Japanese demo dataset.
    Demo {
        /// Generated incidents besides the seed's own examples.
        #[arg(long, default_value_t = 300)]
        count: usize,
        #[arg(long, default_value_t = 20221)]
        seed: u64,
    },
    /// Raise a record: `daicho add incident タイトル=… 概要=… 起票日=2022/9/22 …`.
    Add {
        /// incident | failure | change (or インシデント / 障害 / 変更).
        ledger: String,
        /// field=value pairs.
        fields: Vec<String>,
    },
    /// Change fields of a record: `daicho edit I-0001 優先度=高`.
    Edit { no: String, fields: Vec<String> },
    /// Show one record with its child tables and links.
    Show { no: String },
    /// List a ledger with filters, sort and paging.
    List(ListArgs),
    /// Delete a record (recorded; its number is never reused).
    Delete { no: String },
    /// Run a workflow action: `daicho action S-0001 調査開始`.
    Action {
        no: String,
        /// Action name (調査開始, 作業可, …) or key.
        action: String,
        /// field=value pairs set with the action (e.g. 開発見送り理由=費用).
        fields: Vec<String>,
        /// The action's date for its stamps (default: today).
        #[arg(long)]
        date: Option<String>,
    },
    /// List the actions allowed for a record now.
    Actions { no: String },
    /// 切り分け at the 定例会: sets 種別 and creates the S-/C- record.
    Triage {
        no: String,
        /// 障害 | 仕様変更 | 問い合わせ
        #[arg(long)]
        kind: String,
        #[arg(long)]
        priority: Option<String>,
        #[arg(long)]
        assignee: Option<String>,
        /// Meeting date (default: today).
        #[arg(long)]
        date: Option<String>,
        /// 起票者 of the new record (default: the current user).
        #[arg(long)]
        raised_by: Option<String>,
        /// The policy is not decided yet: the incident stays 方針検討中
        /// (方針決定日 is stamped later by 方針決定).
        #[arg(long)]
        undecided: bool,
    },
    /// Releases: create, members, stages, 判定, completion, evidence.
    #[command(subcommand)]
    Release(ReleaseCmd),
    /// Child rows: タイムライン, 調査結果, 再発防止策, 検討経緯, 不具合管理表.
    #[command(subcommand)]
    Child(ChildCmd),
    /// Attachments of any record: add, list, open, save, rm.
    #[command(subcommand)]
    Attach(AttachCmd),
    /// Link (or unlink) two failures as 同根障害.
    Link {
        a: String,
        b: String,
        #[arg(long)]
        remove: bool,
    },
    /// Masters: org (発生元組織), person (担当者), priority (優先度).
    #[command(subcommand)]
    Master(MasterCmd),
    /// Change history of a record, or of a whole day with --day.
    History {
        no: Option<String>,
        #[arg(long)]
        day: Option<String>,
    },
    /// Full-text search across all ledgers (Japanese-aware).
    Search {
        query: String,
        #[arg(long)]
        ledger: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: i64,
    },
    /// Home figures: open counts, untriaged, overdue, 再発防止策, upcoming releases
    /// (each list's first 50, with its total).
    Home {
        /// Every row of every list.
        #[arg(long)]
        all: bool,
    },
    /// What is about to breach (要注意) or has breached (超過) its SLA, with who
    /// must act, and the failure notices due (初報 / 定時報 / 完了報, 次報予定).
    Escalation,
    /// The columns of a ledger (keys, labels, kinds) and its actions.
    Fields { ledger: String },
    /// Documents: 障害対応報告書 (S-), 仕様変更指示書 (C-), インシデント起票用シート (I-),
    /// 動作確認手順書 / 不具合管理表 (release); PDF and Excel.
    Doc {
        /// Record number or release version (omit with --blank).
        no: Option<String>,
        /// failure_report | change_spec | incident_sheet | defect_list | verification_procedure | release_notes
        /// (or the Japanese name); default: the record's usual document.
        #[arg(long)]
        kind: Option<String>,
        /// pdf | xlsx | both
        #[arg(long, default_value = "both")]
        format: String,
        /// Write into this folder instead of the shared-drive layout.
        #[arg(long)]
        out: Option<PathBuf>,
        /// A blank form (e.g. the インシデント起票用シート intake form).
        #[arg(long)]
        blank: bool,
    },
    /// Ledger workbooks (インシデント台帳.xlsx, …) to the shared drive or a folder.
    Export {
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Mail drafts: release_schedule / release_done (per release and originating
    /// user), failure_initial / failure_update / failure_final / recovery_start /
    /// recovery_done (from an S- record).
    Mail {
        /// リリース予定案内 | リリース案内 | 初報 | 定時報 | 完了報 | 復旧作業開始 |
        /// 復旧作業完了 (or the English key)
        kind: String,
        no: String,
        /// Also save as .txt: into this folder …
        #[arg(long)]
        out: Option<PathBuf>,
        /// … or into the shared-drive layout.
        #[arg(long)]
        shared: bool,
        /// 追加の影響 (定時報; default なし).
        #[arg(long)]
        impact: Option<String>,
        /// 復旧予定時間 (定時報, 復旧作業開始; default 未定).
        #[arg(long)]
        eta: Option<String>,
        /// 想定される原因 (定時報; default 直接原因 / 根本原因).
        #[arg(long)]
        cause: Option<String>,
        /// Record the notice as sent to this recipient in the failure's 連絡履歴.
        #[arg(long)]
        sent_to: Option<String>,
    },
    /// Import an existing ledger (.xlsx / .xls / .ods / .csv), keeping its numbers.
    Import(ImportArgs),
    /// Reports: 月次報告書, 定例会資料, 所見・改善提案, calendar and SLA settings.
    #[command(subcommand)]
    Report(ReportCmd),
    /// Back up the database now (verified; old generations pruned), or `list` the backups.
    Backup {
        #[command(subcommand)]
        cmd: Option<BackupCmd>,
    },
    /// Replace the database with a backup (the current one is backed up first).
    Restore { file: PathBuf },
    /// Check the history's hash chain and print its head.
    Verify,
    /// Compact the database file: give back the space left by deletions,
    /// imports and edits (keeps everything; interrupted, it changes nothing).
    Optimize,
    /// Save settings such as the user name recorded in the history.
    Config {
        /// user_name | shared_root | template_dir | team_name | backup_dir | language |
        /// close_approval (ledgers closing via 仮クローズ → クローズ承認, e.g. failure,change)
        key: String,
        value: Option<String>,
    },
}

#[derive(Args, Debug)]
pub struct ListArgs {
    pub ledger: String,
    #[arg(long)]
    pub status: Vec<String>,
    #[arg(long)]
    pub kind: Vec<String>,
    #[arg(long)]
    pub priority: Vec<String>,
    #[arg(long)]
    pub assignee: Vec<String>,
    #[arg(long)]
    pub org: Vec<String>,
    /// Date field for --from/--to (e.g. 起票日).
    #[arg(long)]
    pub date_field: Option<String>,
    #[arg(long)]
    pub from: Option<String>,
    #[arg(long)]
    pub to: Option<String>,
    /// Open records past their due date.
    #[arg(long)]
    pub overdue: bool,
    /// Open records only.
    #[arg(long)]
    pub open: bool,
    /// Column filter field=value (substring for text).
    #[arg(long = "filter")]
    pub filters: Vec<String>,
    /// Quick filter through the full-text index.
    #[arg(long, short)]
    pub q: Option<String>,
    /// Sort by field, `field:desc` for descending; repeatable.
    #[arg(long)]
    pub sort: Vec<String>,
    /// Count the matching records per value of a choice/master field
    /// (e.g. 対象システム, ステータス, 担当者).
    #[arg(long)]
    pub group_by: Option<String>,
    #[arg(long, default_value_t = 0)]
    pub offset: i64,
    #[arg(long, default_value_t = 100)]
    pub limit: i64,
    /// Include deleted records.
    #[arg(long)]
    pub deleted: bool,
    /// Show every column instead of the summary columns.
    #[arg(long)]
    pub all_columns: bool,
}

#[derive(Subcommand, Debug)]
pub enum AttachCmd {
    /// Attach files to a record: `daicho attach add S-0001 画面.png app.log`.
    Add {
        no: String,
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// List a record's files (ID, name, size, SHA-256).
    List { no: String },
    /// Open a file with the OS's default application (a copy in the temp folder).
    Open { no: String, id: i64 },
    /// Write a file out into a folder (its own name) or to a path.
    Save {
        no: String,
        id: i64,
        #[arg(long)]
        out: PathBuf,
    },
    /// Remove a file from the record (recorded in the history).
    Rm { no: String, id: i64 },
    /// Attach the files of a `daicho export` folder to the records of the
    /// same No. (checked against the listed SHA-256; files already there are skipped).
    Import { folder: PathBuf },
}

#[derive(Subcommand, Debug)]
pub enum ReleaseCmd {
    /// Create a release: `daicho release create 1.0.1 本番環境リリース予定日=2022/10/20`.
    Create {
        version: String,
        fields: Vec<String>,
    },
    /// Add S-/C- records to a release.
    Add { version: String, nos: Vec<String> },
    /// Take a record out of a release (before the 判定).
    Remove { version: String, no: String },
    /// Move to the next stage: QA環境リリース, QA環境動作確認, ステージング環境リリース, …
    Advance {
        version: String,
        action: String,
        #[arg(long)]
        date: Option<String>,
        #[arg(long)]
        note: Option<String>,
    },
    /// 判定 OK or NG at the meeting the release is waiting for.
    Judge {
        version: String,
        result: String,
        #[arg(long)]
        date: Option<String>,
        #[arg(long)]
        note: Option<String>,
    },
    /// ⑩ クローズ/完了報告: members 対応済, incidents 本番リリース済.
    Complete {
        version: String,
        #[arg(long)]
        date: Option<String>,
    },
    /// Member records of a release.
    Members { version: String },
    /// The release documents per incident: `リリース管理/<No>_<タイトル>/`
    /// with 動作確認手順書, テスト仕様書 and the ステージング・本番 テスト仕様書
    /// (existing files are kept).
    Docs {
        version: String,
        /// A folder instead of the shared drive.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Store an evidence file (screenshot) with the release.
    Attach { version: String, file: PathBuf },
    /// Write a stored evidence file out.
    Extract {
        version: String,
        id: i64,
        #[arg(long)]
        out: PathBuf,
    },
    /// Remove an evidence file (recorded).
    Detach { version: String, id: i64 },
}

#[derive(Subcommand, Debug)]
pub enum ChildCmd {
    Add {
        no: String,
        /// timeline | findings | preventions | notes | defects (or タイムライン …)
        table: String,
        fields: Vec<String>,
    },
    Edit {
        no: String,
        table: String,
        id: i64,
        fields: Vec<String>,
    },
    Remove {
        no: String,
        table: String,
        id: i64,
    },
    List {
        no: String,
        table: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum MasterCmd {
    List {
        /// org | person | priority | system
        kind: String,
        #[arg(long)]
        all: bool,
    },
    /// `daicho master add system 基幹システム --level A` (A / B / C: DOMAIN.md).
    Add {
        kind: String,
        names: Vec<String>,
        /// A 対象システム's service level (A / B / C); also changes an existing one.
        #[arg(long)]
        level: Option<String>,
    },
    Remove {
        kind: String,
        name: String,
    },
}
