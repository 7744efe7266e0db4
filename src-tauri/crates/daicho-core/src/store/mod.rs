//! The SQLite store: connection, migrations and every SQL string of the
//! product. The rest of the core calls the functions of the sub-modules with
//! a [`Conn`] (the connection or an open transaction); it never writes SQL
//! itself and never sees a SQLite type.
//!
//! Every write goes through [`Store::write`]: one `BEGIN IMMEDIATE`
//! transaction, so a multi-step action (triage, release completion) either
//! lands whole or not at all, and two writers queue on SQLite's lock instead
//! of interleaving.

pub(crate) mod children;
mod decode;
pub(crate) mod history;
pub(crate) mod masters;
pub(crate) mod query;
pub(crate) mod records;
pub(crate) mod releases;
pub(crate) mod search;

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use crate::error::{Error, Result};

/// Numbered migrations, embedded in the binary. Each runs in its own
/// transaction and bumps `PRAGMA user_version` to its number.
pub const MIGRATIONS: &[(u32, &str)] = &[
    (1, include_str!("migrations/001_ledgers.sql")),
    (2, include_str!("migrations/002_list_indexes.sql")),
    (3, include_str!("migrations/003_history_by_field.sql")),
];

pub fn latest_version() -> u32 {
    MIGRATIONS.last().map(|m| m.0).unwrap_or(0)
}

/// The connection, or the open transaction of a write, as the layers above
/// the store hold it: they pass it to the store's functions and cannot run
/// SQL themselves.
#[derive(Clone, Copy)]
pub(crate) struct Conn<'a>(&'a Connection);

impl std::ops::Deref for Conn<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        self.0
    }
}

pub(crate) struct Store {
    conn: Connection,
}

impl Store {
    /// Opens (creating if needed) the database at `path` and migrates it.
    pub fn open(path: &Path) -> Result<Store> {
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
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| {
            Error::new(
                crate::ErrorKind::Storage,
                format!("データベース {} を開けません: {e}", path.display()),
            )
        })?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        Self::configure(conn)
    }

    pub fn open_in_memory() -> Result<Store> {
        Self::configure(Connection::open_in_memory()?)
    }

    fn configure(mut conn: Connection) -> Result<Store> {
        conn.busy_timeout(Duration::from_secs(10))?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        migrate(&mut conn, latest_version())?;
        Ok(Store { conn })
    }

    /// Runs `f` inside one immediate transaction; commits only on `Ok`.
    pub fn write<T>(&mut self, f: impl FnOnce(&Conn) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&Conn(&tx))?;
        tx.commit()?;
        Ok(out)
    }

    /// Like [`Store::write`], but `f` decides: `(value, true)` commits,
    /// `(value, false)` rolls back (dry runs, validation that found problems).
    pub fn write_or_rollback<T>(
        &mut self,
        f: impl FnOnce(&Conn) -> Result<(T, bool)>,
    ) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (out, commit) = f(&Conn(&tx))?;
        if commit {
            tx.commit()?;
        } else {
            tx.rollback()?;
        }
        Ok(out)
    }

    pub fn read(&self) -> Conn<'_> {
        Conn(&self.conn)
    }
}

pub(crate) fn schema_version(conn: &Connection) -> Result<u32> {
    Ok(conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
}

/// Migrates `conn` up to `target`, one transaction per migration.
pub(crate) fn migrate(conn: &mut Connection, target: u32) -> Result<()> {
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
        tx.execute_batch(sql).map_err(|e| {
            Error::new(
                crate::ErrorKind::Storage,
                format!("スキーマ移行 {version} に失敗しました: {e}"),
            )
        })?;
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

        for start in 0..latest_version() {
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
}
