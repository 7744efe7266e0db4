//! Use cases: what the app and the CLI can do. Each public method is one
//! store transaction that also writes the audit history and the search index.

mod actions;
mod attachments;
pub mod audit;
pub mod backup;
mod child_exchange;
mod children;
mod data_dir;
mod followup;
mod import;
mod masters;
mod records;
mod releases;
mod report_rows;

pub use actions::{TriageDecision, TriageOutcome};
pub use attachments::{attachment_sha256, check_attachment_size, MAX_ATTACHMENT_BYTES};
pub use child_exchange::{
    child_tables, ChildImport, ChildTable, SAME_ROOT, SAME_ROOT_COLUMN, SAME_ROOT_LABEL,
};
pub use data_dir::move_roaming_data;
pub use followup::OpenPrevention;
pub use import::{ImportOptions, ImportProblem, ImportReport, ImportRow, MAX_IMPORT_SEQ};
pub use records::{HomeSummary, HomeTotals, SearchHit, HOME_ROWS};
pub use releases::split_release_version;
pub use report_rows::{Recent, StampRow, StatusCodeRow, StatusTexts};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::store::Conn;
use chrono::{Local, NaiveDate, NaiveDateTime};

use crate::domain::ledger::{format_no, parse_no, ChildDef, FieldDef, Ledger};
use crate::domain::record::Record;
use crate::domain::settings;
use crate::domain::value::{parse_input, Value};
use crate::error::{Error, Result};
use crate::store::{self, history, records as rec_store, Store};

/// Environment variable naming the database file (overridden by `--db`).
pub const DB_ENV: &str = "DAICHO_DB";
/// Environment variable naming the user recorded in the history.
pub const USER_ENV: &str = "DAICHO_USER";
/// Environment variable freezing the clock (`2026-11-30T10:00`, or a date for
/// its 10:00): reports and demo data reproducible from the command line.
pub const NOW_ENV: &str = "DAICHO_NOW";

/// The clock frozen by [`NOW_ENV`], if it is set to a date or date-time.
fn now_from_env() -> Result<Option<NaiveDateTime>> {
    let Some(raw) = std::env::var(NOW_ENV).ok().filter(|s| !s.trim().is_empty()) else {
        return Ok(None);
    };
    let s = raw.trim();
    for fmt in [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, fmt) {
            return Ok(Some(t));
        }
    }
    if let Ok(d) = crate::domain::value::parse_date(s) {
        return Ok(d.and_hms_opt(10, 0, 0));
    }
    Err(Error::invalid(format!(
        "{NOW_ENV}「{raw}」は日時として読めません。2026-11-30T10:00 の形式で指定してください。"
    )))
}

/// The default database: the OS's per-user local app-data folder
/// (`%LOCALAPPDATA%\Daicho\daicho.db` on Windows — not Roaming, which may sit
/// on a network share where SQLite's WAL is unsafe; see [`move_roaming_data`]
/// — and `~/.local/share/daicho/daicho.db` on Linux).
pub fn default_db_path() -> PathBuf {
    let base = if cfg!(windows) {
        std::env::var_os("LOCALAPPDATA")
            .filter(|p| !p.is_empty())
            .map(|p| PathBuf::from(p).join("Daicho"))
    } else if cfg!(target_os = "macos") {
        std::env::var_os("HOME")
            .map(|h| PathBuf::from(h).join("Library/Application Support/Daicho"))
    } else {
        std::env::var_os("XDG_DATA_HOME")
            .map(|p| PathBuf::from(p).join("daicho"))
            .or_else(|| {
                std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share/daicho"))
            })
    };
    base.unwrap_or_else(|| PathBuf::from(".")).join("daicho.db")
}

/// The database to open: `--db` when given, else `$DAICHO_DB` when set and
/// not empty, else [`default_db_path`]. The CLI and the window both use it.
pub fn resolve_db_path(arg: Option<&Path>) -> PathBuf {
    arg.map(Path::to_path_buf)
        .or_else(|| {
            std::env::var_os(DB_ENV)
                .filter(|p| !p.is_empty())
                .map(PathBuf::from)
        })
        .unwrap_or_else(default_db_path)
}

/// The OS user name, the default "who" of the history.
pub fn os_user_name() -> String {
    std::env::var("USERNAME")
        .or_else(|_| std::env::var("USER"))
        .ok()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "unknown".to_string())
}

/// The product's entry point: one open database and who is using it.
pub struct Daicho {
    store: Store,
    actor: String,
    /// Fixed clock for tests and reproducible demo data.
    fixed_now: Option<NaiveDateTime>,
}

/// Who and when, for one transaction.
pub(crate) struct Ctx {
    pub actor: String,
    pub now: String,
    pub today: NaiveDate,
}

impl Daicho {
    /// Opens an existing database (a missing file is refused: see
    /// [`Daicho::open_or_create`]), checks it and migrates it, backing it up first
    /// when a migration is due.
    pub fn open(path: &Path) -> Result<Daicho> {
        Self::open_file(path, false)
    }

    /// Like [`Daicho::open`], but creates the database when it is missing
    /// (`daicho init`, `daicho demo`, the window's default database).
    pub fn open_or_create(path: &Path) -> Result<Daicho> {
        Self::open_file(path, true)
    }

    fn open_file(path: &Path, create: bool) -> Result<Daicho> {
        let store = Store::open(path, create)?;
        let mut d = Daicho {
            store,
            actor: String::new(),
            fixed_now: now_from_env()?,
        };
        // The whole file is read once a day: the day's first open checks it,
        // and the day's backup (taken at start) verifies its copy with
        // `integrity_check`; later opens the same day skip the check, so a
        // command stays fast at any size.
        if !d.backed_up_today() {
            d.store.quick_check()?;
        }
        if d.store.schema_version()? > 0 && d.store.needs_migration()? {
            d.backup_now(None).map_err(|e| {
                Error::new(
                    e.kind,
                    format!(
                        "スキーマ移行の前のバックアップに失敗したため、移行を中止しました: {}",
                        e.message
                    ),
                )
            })?;
        }
        d.store.migrate(&d.ctx().now)?;
        d.load_actor()?;
        Ok(d)
    }

    /// A read-only second handle on the same database file, for reading on
    /// another thread (the ledger workbooks are written two at a time);
    /// `None` for a database in memory.
    pub fn reader(&self) -> Result<Option<Daicho>> {
        Ok(self.store.reader()?.map(|store| Daicho {
            store,
            actor: self.actor.clone(),
            fixed_now: self.fixed_now,
        }))
    }

    pub fn open_in_memory() -> Result<Daicho> {
        let mut d = Daicho {
            store: Store::open_in_memory()?,
            actor: String::new(),
            fixed_now: now_from_env()?,
        };
        d.load_actor()?;
        Ok(d)
    }

    fn load_actor(&mut self) -> Result<()> {
        let configured = store::get_setting(&self.store.read(), settings::USER_NAME)?;
        self.actor = std::env::var(USER_ENV)
            .ok()
            .filter(|s| !s.trim().is_empty())
            .or(configured)
            .unwrap_or_else(os_user_name);
        Ok(())
    }

    /// The name written into the history as "who".
    pub fn actor(&self) -> &str {
        &self.actor
    }

    pub fn set_actor(&mut self, name: &str) {
        self.actor = name.trim().to_string();
    }

    /// Stores the user's name for later sessions (設定).
    pub fn save_user_name(&mut self, name: &str) -> Result<()> {
        let name = name.trim().to_string();
        if name.is_empty() {
            return Err(Error::invalid("ユーザ名を入力してください。"));
        }
        self.write(|tx, ctx| audit::set_setting(tx, ctx, settings::USER_NAME, Some(&name)))?;
        self.actor = name;
        Ok(())
    }

    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        store::get_setting(&self.conn(), key)
    }

    /// Stores a setting; the change is recorded in the history.
    pub fn set_setting(&mut self, key: &str, value: Option<&str>) -> Result<()> {
        self.write(|tx, ctx| audit::set_setting(tx, ctx, key, value))
    }

    /// A setting a user may read by name ([`settings::USER_KEYS`]); the user
    /// name is the current actor. Unknown keys are refused in Japanese.
    pub fn user_setting(&self, key: &str) -> Result<Option<String>> {
        match settings::user_key(key)? {
            settings::USER_NAME => Ok(Some(self.actor.clone())),
            k => self.setting(k),
        }
    }

    /// Stores a setting a user may set by name (設定 screen, `daicho config`).
    /// The value is trimmed; empty clears it (the user name cannot be empty).
    pub fn save_user_setting(&mut self, key: &str, value: &str) -> Result<()> {
        match settings::user_key(key)? {
            settings::USER_NAME => self.save_user_name(value),
            settings::OPS_FOLDER if !value.trim().is_empty() => {
                settings::check_ops_folder(value)?;
                self.set_setting(settings::OPS_FOLDER, Some(value.trim()))
            }
            settings::CLOSE_APPROVAL => {
                let v = settings::parse_close_approval(value)?;
                self.set_setting(
                    settings::CLOSE_APPROVAL,
                    Some(v.as_str()).filter(|v| !v.is_empty()),
                )
            }
            k => self.set_setting(k, Some(value.trim()).filter(|v| !v.is_empty())),
        }
    }

    /// Freezes the clock (tests, demo data).
    pub fn set_now(&mut self, now: Option<NaiveDateTime>) {
        self.fixed_now = now;
    }

    /// The frozen clock, if any (restored after the demo moves it).
    pub fn fixed_now(&self) -> Option<NaiveDateTime> {
        self.fixed_now
    }

    pub fn now(&self) -> NaiveDateTime {
        self.fixed_now.unwrap_or_else(|| Local::now().naive_local())
    }

    pub fn today(&self) -> NaiveDate {
        self.now().date()
    }

    pub(crate) fn ctx(&self) -> Ctx {
        let now = self.now();
        Ctx {
            actor: self.actor.clone(),
            now: now.format("%Y-%m-%dT%H:%M:%S").to_string(),
            today: now.date(),
        }
    }

    /// The connection for reads (the store's functions take it).
    pub(crate) fn conn(&self) -> Conn<'_> {
        self.store.read()
    }

    /// Runs `f` as a bulk run (demo data, benchmarks): its writes form one
    /// transaction instead of one each, and the search index is brought up
    /// to date at the end (searches inside the run do not see its records).
    /// A failed write ends the run: nothing of it is kept.
    pub fn bulk<T>(&mut self, f: impl FnOnce(&mut Daicho) -> Result<T>) -> Result<T> {
        if !self.store.begin_bulk()? {
            return f(self);
        }
        let out = f(self);
        let ended = self.store.end_bulk(out.is_ok(), reindex_deferred);
        let out = out?;
        ended?;
        Ok(out)
    }

    pub(crate) fn write<T>(&mut self, f: impl FnOnce(&Conn, &Ctx) -> Result<T>) -> Result<T> {
        let ctx = self.ctx();
        self.store.write(|tx| f(tx, &ctx))
    }
}

/// Which ledger a number belongs to: `I-`/`S-`/`C-` prefixes, else a release version.
pub fn ledger_of(no: &str) -> Ledger {
    parse_no(no).map(|(l, _)| l).unwrap_or(Ledger::Release)
}

/// Canonical form of a number as typed (`i-1` → `I-0001`).
pub fn canonical_no(no: &str) -> String {
    match parse_no(no) {
        Some((l, s)) => format_no(l, s),
        None => no.trim().to_string(),
    }
}

/// Parses `key=value` style inputs against a set of field definitions.
pub(crate) fn parse_fields(
    conn: &Conn,
    defs: &[FieldDef],
    what: &str,
    inputs: &[(String, String)],
    allow_system: bool,
) -> Result<BTreeMap<String, Value>> {
    let mut out = BTreeMap::new();
    for (name, raw) in inputs {
        let folded = crate::domain::value::nfkc(name.trim());
        let def = defs
            .iter()
            .find(|f| f.key == folded || crate::domain::value::nfkc(f.label) == folded)
            .ok_or_else(|| {
                let labels: Vec<&str> =
                    defs.iter().filter(|f| !f.system).map(|f| f.label).collect();
                Error::invalid(format!(
                    "{what}に項目「{name}」はありません。項目: {}",
                    labels.join(", ")
                ))
            })?;
        if def.system && !allow_system {
            return Err(Error::invalid(format!(
                "「{}」は操作によって設定されるため直接は変更できません。",
                def.label
            )));
        }
        let v = parse_input(def.kind, def.label, raw)?;
        let v = check_master(conn, def, &v)?;
        out.insert(def.key.to_string(), v);
    }
    Ok(out)
}

/// Master-backed fields accept only active master values. Input is matched
/// after width folding (ＡＢＣ商事 = ABC商事) and replaced by the master's spelling.
pub(crate) fn check_master(conn: &Conn, def: &FieldDef, v: &Value) -> Result<Value> {
    masters::MasterNames::default().check(conn, def, v)
}

/// Writes the changed fields of a record with one history row per field.
pub(crate) fn write_changes(
    conn: &Conn,
    ctx: &Ctx,
    before: &Record,
    seq: i64,
    changes: &BTreeMap<String, Value>,
    action: &str,
) -> Result<BTreeMap<String, Value>> {
    let mut real = BTreeMap::new();
    for (k, v) in changes {
        let old = before.get(k);
        let same = match (old, v) {
            (a, b) if a.is_null() && b.is_null() => true,
            (a, b) => a.storage_text() == b.storage_text(),
        };
        if !same {
            real.insert(k.clone(), v.clone());
        }
    }
    if real.is_empty() {
        return Ok(real);
    }
    rec_store::update(conn, before.ledger, seq, &real, &ctx.now)?;
    for (k, v) in &real {
        let old = before.get(k);
        history::record(
            conn,
            &history::Change {
                ledger: before.ledger,
                no: &before.no,
                field: k,
                old: (!old.is_null()).then(|| old.display()),
                new: (!v.is_null()).then(|| v.display()),
            },
            &ctx.actor,
            &ctx.now,
            action,
        )?;
    }
    Ok(real)
}

/// Rebuilds the index entries a bulk run queued.
fn reindex_deferred(conn: &Conn) -> Result<()> {
    for (ledger, seq) in store::search::take_deferred(conn)? {
        reindex(conn, ledger, seq)?;
    }
    Ok(())
}

/// Rebuilds the search text of one record from its fields and child rows.
pub(crate) fn reindex(conn: &Conn, ledger: Ledger, seq: i64) -> Result<()> {
    if conn.defers_index() {
        return store::search::defer(conn, ledger, seq);
    }
    let Some(rec) = rec_store::load(conn, ledger, seq)? else {
        return Ok(());
    };
    if rec.deleted_at.is_some() {
        return store::search::remove(conn, ledger, &rec.no);
    }
    let (title, body) = store::search::record_text(conn, &rec, seq)?;
    store::search::reindex(conn, ledger, &rec.no, &title, &body)
}

/// The child table of `ledger` named `name` (key or label), or a Japanese
/// error listing its child tables.
pub fn child_def(ledger: Ledger, name: &str) -> Result<&'static ChildDef> {
    ChildDef::find(ledger, name).ok_or_else(|| {
        let names: Vec<String> = ledger
            .children()
            .map(|c| format!("{} ({})", c.key, c.label))
            .collect();
        Error::invalid(format!(
            "{} に子表「{name}」はありません。子表: {}",
            ledger.label(),
            if names.is_empty() {
                "(なし)".into()
            } else {
                names.join(", ")
            }
        ))
    })
}
