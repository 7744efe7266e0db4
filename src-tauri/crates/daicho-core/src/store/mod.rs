//! The SQLite store: connection, migrations and every SQL string of the
//! product. The rest of the core calls the functions of the sub-modules with
//! a [`Conn`] (the connection or an open transaction); it never writes SQL
//! itself and never sees a SQLite type.
//!
//! Every write goes through [`Store::write`]: one `BEGIN IMMEDIATE`
//! transaction, so a multi-step action (triage, release completion) either
//! lands whole or not at all, and two writers queue on SQLite's lock instead
//! of interleaving.

pub(crate) mod attachments;
pub(crate) mod backup;
pub(crate) mod bulk;
pub(crate) mod chain;
pub(crate) mod chain_v1;
pub(crate) mod children;
pub(crate) mod compact;
mod decode;
pub(crate) mod history;
pub(crate) mod history_codes;
pub(crate) mod history_read;
pub(crate) mod history_v6;
pub(crate) mod ledger_stream;
pub mod location;
pub(crate) mod masters;
pub(crate) mod query;
pub(crate) mod records;
pub(crate) mod releases;
pub(crate) mod report_recent;
pub(crate) mod report_rows;
pub(crate) mod search;
mod search_check;
mod status_codes;
pub(crate) mod status_scan;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use crate::error::{Error, Result};

/// Numbered migrations, embedded in the binary. Each runs in its own
/// transaction and bumps `PRAGMA user_version` to its number.
pub const MIGRATIONS: &[(u32, &str)] = &[
    (1, include_str!("migrations/001_ledgers.sql")),
    (2, include_str!("migrations/002_list_indexes.sql")),
    (3, include_str!("migrations/003_history_by_field.sql")),
    (4, include_str!("migrations/004_history_chain.sql")),
    (5, include_str!("migrations/005_status_changes.sql")),
    (6, include_str!("migrations/006_compact_history.sql")),
    (7, include_str!("migrations/007_issue11_fields.sql")),
    (8, include_str!("migrations/008_attachments.sql")),
    (9, include_str!("migrations/009_accountability.sql")),
    (10, include_str!("migrations/010_status_codes.sql")),
    (11, include_str!("migrations/011_compact_history_codes.sql")),
    (12, include_str!("migrations/012_search_index_keys.sql")),
    (13, include_str!("migrations/013_one_record_number.sql")),
];

/// The page size of a new file, and of an older one when it is compacted
/// ([`Store::compact`]): rows of Japanese text fill 8 KiB pages with less
/// left over than SQLite's default 4 KiB (issue 13, database size).
pub(crate) const PAGE_SIZE: i64 = 8192;

pub fn latest_version() -> u32 {
    MIGRATIONS.last().map(|m| m.0).unwrap_or(0)
}

/// The connection, or the open transaction of a write, as the layers above
/// the store hold it: they pass it to the store's functions and cannot run
/// SQL themselves.
#[derive(Clone, Copy)]
pub(crate) struct Conn<'a> {
    conn: &'a Connection,
    /// In a bulk run: search-index updates are queued.
    defer: bool,
    /// In a write: the history changes appended when it commits.
    pending: Option<&'a history::Pending>,
}

impl<'a> Conn<'a> {
    fn new(conn: &'a Connection, defer: bool, pending: Option<&'a history::Pending>) -> Self {
        Conn {
            conn,
            defer,
            pending,
        }
    }

    /// In a bulk run: search-index updates are queued
    /// ([`search::defer`]) and made once per record at its end.
    pub fn defers_index(&self) -> bool {
        self.defer
    }

    /// The same connection with search-index updates queued (`defer`) or
    /// made directly (`!defer`).
    pub fn with_deferred_index(&self, defer: bool) -> Conn<'a> {
        Conn { defer, ..*self }
    }

    pub(super) fn pending(&self) -> Option<&'a history::Pending> {
        self.pending
    }
}

impl std::ops::Deref for Conn<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        self.conn
    }
}

pub(crate) struct Store {
    conn: Connection,
    /// The database file; `None` in memory.
    path: Option<PathBuf>,
    /// The bulk run going on ([`Store::begin_bulk`]).
    bulk: Option<bulk::Bulk>,
}

impl Store {
    /// Opens the database at `path` and checks it (see [`Store::configure`]);
    /// migrations are the caller's next step ([`Store::migrate`]). A missing
    /// file is refused unless `create`: a mistyped path must not silently
    /// start an empty ledger.
    pub fn open(path: &Path, create: bool) -> Result<Store> {
        location::check_local(path)?;
        if !create && !path.exists() {
            return Err(Error::not_found(format!(
                "データベース {} がありません。パスを確認してください。新しく作る場合は `daicho init` (--db で同じパス) を実行してください。",
                path.display()
            )));
        }
        if let Some(parent) = path.parent() {
            if !parent.as_os_str().is_empty() && !parent.exists() {
                std::fs::create_dir_all(parent).map_err(|e| {
                    Error::new(
                        crate::ErrorKind::Storage,
                        format!(
                            "データベースのフォルダ {} を作れません: {e}",
                            parent.display()
                        ),
                    )
                })?;
            }
        }
        let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        if create {
            flags |= OpenFlags::SQLITE_OPEN_CREATE;
        }
        let conn = Connection::open_with_flags(path, flags).map_err(|e| {
            Error::new(
                crate::ErrorKind::Storage,
                format!(
                    "データベース {} を開けません。ファイルの場所と権限を確認してください。",
                    path.display()
                ),
            )
            .with_detail(e.to_string())
        })?;
        let store = Self::configure(conn, true)?;
        Ok(Store {
            path: Some(path.to_path_buf()),
            ..store
        })
    }

    /// A read-only second connection to this store's file (`None` in
    /// memory), for reading on another thread; no checks or migrations
    /// (this store did them).
    pub fn reader(&self) -> Result<Option<Store>> {
        let Some(path) = &self.path else {
            return Ok(None);
        };
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags)?;
        conn.busy_timeout(Duration::from_secs(10))?;
        Ok(Some(Store {
            conn,
            path: Some(path.clone()),
            bulk: None,
        }))
    }

    pub fn open_in_memory() -> Result<Store> {
        let mut store = Self::configure(Connection::open_in_memory()?, false)?;
        store.migrate(&chrono::Local::now().format("%Y-%m-%dT%H:%M:%S").to_string())?;
        Ok(store)
    }

    /// `busy_timeout` first (any later statement may meet another writer's
    /// lock), then WAL, full sync and foreign keys, each checked. The file's
    /// `quick_check` is the caller's ([`Store::quick_check`]).
    fn configure(conn: Connection, file: bool) -> Result<Store> {
        conn.busy_timeout(Duration::from_secs(10))?;
        // Updates and inserts name their columns, so their texts vary.
        conn.set_prepared_statement_cache_capacity(256);
        // Only an empty (new) file takes it; an existing one keeps its own
        // until it is compacted.
        conn.pragma_update(None, "page_size", PAGE_SIZE)?;
        if file {
            let mode: String =
                conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
            if !mode.eq_ignore_ascii_case("wal") {
                return Err(Error::new(
                    crate::ErrorKind::Storage,
                    format!("データベースを安全な書き込み方式 (WAL) にできません (現在: {mode})。ローカルディスク上の、書き込みできるフォルダに置いてください。"),
                ));
            }
        }
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let sync: i64 = conn.pragma_query_value(None, "synchronous", |r| r.get(0))?;
        let fk: i64 = conn.pragma_query_value(None, "foreign_keys", |r| r.get(0))?;
        if sync != 2 || fk != 1 {
            return Err(Error::new(
                crate::ErrorKind::Storage,
                "データベースの安全設定 (synchronous=FULL, foreign_keys) を有効にできません。",
            ));
        }
        Ok(Store {
            conn,
            path: None,
            bulk: None,
        })
    }

    /// SQLite's `quick_check`: a damaged file is an error that says how to
    /// restore a backup. Reads the whole file (seconds at 100k records).
    pub fn quick_check(&self) -> Result<()> {
        backup::check(&self.conn, false)
    }

    /// The database file (`None` in memory).
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// True when the schema is older than this build's.
    pub fn needs_migration(&self) -> Result<bool> {
        Ok(schema_version(&self.conn)? < latest_version())
    }

    pub fn schema_version(&self) -> Result<u32> {
        schema_version(&self.conn)
    }

    /// Migrates to this build's schema; `now` stamps what a migration
    /// records in the history.
    pub fn migrate(&mut self, now: &str) -> Result<()> {
        let from = schema_version(&self.conn)?;
        migrate_at(&mut self.conn, latest_version(), now)?;
        // Migrations 6 and 11 rewrote the history, 12 the search index and
        // 13 the indexes into a fraction of their pages: give the freed
        // pages back to the disk, once.
        if (1..13).contains(&from) && self.path.is_some() {
            self.compact()?;
        }
        Ok(())
    }

    /// Closes the connection (checkpointing the WAL into the file).
    pub fn close(self) -> Result<()> {
        self.conn.close().map_err(|(_, e)| Error::from(e))
    }

    /// Runs `f` inside one immediate transaction; commits only on `Ok`.
    pub fn write<T>(&mut self, f: impl FnOnce(&Conn) -> Result<T>) -> Result<T> {
        if self.bulk.is_some() {
            return self.bulk_write(false, |c| f(c).map(|v| (v, true)));
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let pending = history::Pending::default();
        let out = f(&Conn::new(&tx, false, Some(&pending)))?;
        history::flush(&tx, &pending)?;
        tx.commit()?;
        Ok(out)
    }

    /// Like [`Store::write`], but `f` decides: `(value, true)` commits,
    /// `(value, false)` rolls back (dry runs, validation that found problems).
    pub fn write_or_rollback<T>(
        &mut self,
        f: impl FnOnce(&Conn) -> Result<(T, bool)>,
    ) -> Result<T> {
        if self.bulk.is_some() {
            return self.bulk_write(true, f);
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let pending = history::Pending::default();
        let (out, commit) = f(&Conn::new(&tx, false, Some(&pending)))?;
        if commit {
            history::flush(&tx, &pending)?;
            tx.commit()?;
        } else {
            tx.rollback()?;
        }
        Ok(out)
    }

    pub fn read(&self) -> Conn<'_> {
        Conn::new(&self.conn, false, None)
    }
}

pub(crate) fn schema_version(conn: &Connection) -> Result<u32> {
    Ok(conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
}

/// A step in Rust between the two halves of a migration (backfills).
type MigrationStep = fn(&Connection) -> Result<()>;

/// Migrates `conn` up to `target`, one transaction per migration.
#[cfg(any(test, feature = "testing"))]
pub(crate) fn migrate(conn: &mut Connection, target: u32) -> Result<()> {
    let now = chrono::Local::now().format("%Y-%m-%dT%H:%M:%S").to_string();
    migrate_at(conn, target, &now)
}

/// [`migrate`] with the time the migrations' history rows carry.
fn migrate_at(conn: &mut Connection, target: u32, now: &str) -> Result<()> {
    let current = schema_version(conn)?;
    if current > latest_version() {
        return Err(Error::new(
            crate::ErrorKind::Storage,
            format!(
                "このデータベースは新しい版の Daicho で作られています (スキーマ {current})。アプリを更新してください。"
            ),
        ));
    }
    for (version, sql) in MIGRATIONS {
        if *version <= current || *version > target {
            continue;
        }
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let failed = |e: Error| {
            Error::new(
                crate::ErrorKind::Storage,
                format!("スキーマ移行 {version} に失敗しました。バックアップから復元するか、管理者に連絡してください。"),
            )
            .with_detail(e.detail.unwrap_or(e.message))
        };
        // A migration may ask for a step in Rust between two SQL halves.
        let steps: [(&str, MigrationStep); 4] = [
            (chain_v1::BACKFILL_MARKER, chain_v1::backfill),
            (attachments::BACKFILL_MARKER, attachments::backfill),
            (history_v6::CONVERT_MARKER, history_v6::convert),
            (search::REBUILD_MARKER, search::rebuild),
        ];
        let backfill = steps
            .iter()
            .find_map(|(marker, step)| sql.split_once(marker).map(|halves| (halves, step)));
        let convert = sql.split_once(chain_v1::CONVERT_MARKER);
        match (backfill, convert) {
            (Some(((before, after), step)), _) => {
                tx.execute_batch(before).map_err(|e| failed(e.into()))?;
                // An error written for the user (a broken history chain:
                // what to restore) keeps its own message.
                step(&tx).map_err(|e| if e.detail.is_none() { e } else { failed(e) })?;
                tx.execute_batch(after).map_err(|e| failed(e.into()))?;
            }
            (None, Some((before, after))) => {
                tx.execute_batch(before).map_err(|e| failed(e.into()))?;
                // A broken old chain stops the migration with its own message.
                chain_v1::convert(&tx, now)?;
                tx.execute_batch(after).map_err(|e| failed(e.into()))?;
            }
            (None, None) => tx.execute_batch(sql).map_err(|e| failed(e.into()))?,
        }
        tx.pragma_update(None, "user_version", version)?;
        tx.commit()?;
    }
    Ok(())
}

/// Settings kept in the database (user name, shared-drive folder, …).
pub(crate) fn get_setting(conn: &Connection, key: &str) -> Result<Option<String>> {
    use rusqlite::OptionalExtension;
    Ok(conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?)
}

pub(crate) fn set_setting(conn: &Connection, key: &str, value: Option<&str>) -> Result<()> {
    match value {
        Some(v) => conn.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, v],
        )?,
        None => conn.execute("DELETE FROM settings WHERE key = ?1", [key])?,
    };
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tables(conn: &Connection) -> Vec<String> {
        let mut st = conn
            .prepare("SELECT name FROM sqlite_master WHERE type IN ('table','index') ORDER BY name")
            .unwrap();
        st.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<std::result::Result<_, _>>()
            .unwrap()
    }

    #[test]
    fn migrates_from_empty_and_from_every_earlier_version() {
        let mut fresh = Connection::open_in_memory().unwrap();
        migrate(&mut fresh, latest_version()).unwrap();
        assert_eq!(schema_version(&fresh).unwrap(), latest_version());
        let expected = tables(&fresh);
        assert!(expected.contains(&"incidents".to_string()));

        // Every version a database can be at (numbers may have gaps).
        let versions = MIGRATIONS
            .iter()
            .map(|m| m.0)
            .filter(|v| *v < latest_version());
        for start in std::iter::once(0).chain(versions) {
            let mut conn = Connection::open_in_memory().unwrap();
            migrate(&mut conn, start).unwrap();
            assert_eq!(schema_version(&conn).unwrap(), start);
            migrate(&mut conn, latest_version()).unwrap();
            assert_eq!(tables(&conn), expected, "from version {start}");
        }
    }

    #[test]
    fn a_newer_database_is_refused_not_damaged() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", latest_version() + 1)
            .unwrap();
        let err = migrate(&mut conn, latest_version()).unwrap_err();
        assert!(err.message.contains("新しい版"));
    }

    #[test]
    fn a_failed_write_leaves_nothing_behind() {
        let mut store = Store::open_in_memory().unwrap();
        let r: Result<()> = store.write(|tx| {
            set_setting(tx, "user_name", Some("吉岡"))?;
            Err(Error::invalid("boom"))
        });
        assert!(r.is_err());
        assert_eq!(get_setting(&store.read(), "user_name").unwrap(), None);
    }
}

/// Fault injection for tests of all-or-nothing writes (feature `testing`).
#[cfg(feature = "testing")]
pub mod testing {
    /// Makes every UPDATE of row `seq` in `table` fail, like a disk error would.
    pub fn fail_updates_of(d: &mut crate::Daicho, table: &str, seq: i64) {
        let sql = format!(
            "CREATE TRIGGER fail_{table}_{seq} BEFORE UPDATE ON {table} WHEN old.seq = {seq}
             BEGIN SELECT RAISE(ABORT, 'injected failure'); END;"
        );
        d.conn().execute_batch(&sql).expect("trigger");
    }

    /// Drops the history's append-only triggers so a test can tamper
    /// with rows the way someone editing the file directly could.
    pub fn allow_history_tampering(d: &mut crate::Daicho) {
        d.conn()
            .execute_batch(
                "DROP TRIGGER history_no_update; DROP TRIGGER history_no_delete;
                 DROP TRIGGER history_strings_no_update; DROP TRIGGER history_strings_no_delete;
                 DROP TRIGGER history_blocks_no_update; DROP TRIGGER history_blocks_no_delete;",
            )
            .expect("drop triggers");
    }

    /// Runs raw SQL, errors mapped as the store maps them.
    pub fn try_raw_sql(d: &mut crate::Daicho, sql: &str) -> crate::Result<()> {
        Ok(d.conn().execute_batch(sql)?)
    }

    /// Runs raw SQL on the database (tampering in tests).
    pub fn raw_sql(d: &mut crate::Daicho, sql: &str) {
        d.conn().execute_batch(sql).expect("raw sql");
    }

    /// Creates a database file at schema `version` (an older build's) and
    /// runs `sql` on it: for tests of the migrations of real files.
    pub fn create_at_version(path: &std::path::Path, version: u32, sql: &str) {
        let mut conn = rusqlite::Connection::open(path).expect("create");
        super::migrate(&mut conn, version).expect("migrate");
        conn.execute_batch(sql).expect("sql");
    }

    pub use super::chain_v1::write_v5_copy;

    /// The backup folder whose next copy is damaged (tests run in parallel
    /// threads, so the hook is armed for one folder, not for the process).
    static CORRUPT_NEXT_BACKUP_IN: std::sync::Mutex<Option<std::path::PathBuf>> =
        std::sync::Mutex::new(None);

    /// Makes the next backup copy written into `dir` damaged on disk before
    /// it is verified.
    pub fn corrupt_next_backup_in(dir: &std::path::Path) {
        *CORRUPT_NEXT_BACKUP_IN.lock().unwrap() = Some(dir.to_path_buf());
    }

    pub(crate) fn corrupt_if_armed(path: &std::path::Path) {
        let mut armed = CORRUPT_NEXT_BACKUP_IN.lock().unwrap();
        if armed.as_deref().is_some_and(|d| Some(d) == path.parent()) {
            *armed = None;
            crate::store::testing::damage_file(path);
        }
    }

    /// Overwrites the file's pages after the first with garbage.
    pub fn damage_file(path: &std::path::Path) {
        use std::io::{Seek, SeekFrom, Write};
        let mut f = std::fs::OpenOptions::new().write(true).open(path).unwrap();
        let len = f.metadata().unwrap().len();
        assert!(len > 8192, "file too small to damage: {len}");
        f.seek(SeekFrom::Start(4096)).unwrap();
        f.write_all(&vec![0xA5; (len - 4096).min(65536) as usize])
            .unwrap();
    }
}

/// Lives here because only store/ may hold SQL text.
#[cfg(test)]
mod error_tests {
    use crate::error::Error;

    #[test]
    fn sqlite_errors_never_show_sql_to_the_user() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let e: Error = conn
            .execute("SELECT secret_column FROM no_such_table", [])
            .unwrap_err()
            .into();
        assert!(!e.message.contains("no_such_table"), "{}", e.message);
        assert!(e.message.contains("データベース"));
        assert!(format!("{e:?}").contains("no_such_table"));
        assert!(!serde_json::to_string(&e).unwrap().contains("no_such_table"));
    }
}
