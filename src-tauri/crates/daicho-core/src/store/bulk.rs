//! Bulk runs (demo data, benchmarks): many writes in one transaction.
//!
//! Until [`Store::end_bulk`], each [`Store::write`] joins one outer
//! transaction instead of committing its own (a commit per write is most of
//! the time of a 100k-record dataset), with a larger page cache. The
//! history's secondary indexes are dropped for the run and rebuilt at its
//! end in one sort (nothing reads them during a run), and the search index
//! is rebuilt once per touched record at the end. All of it is one
//! transaction: an interrupted or failed run leaves the database as it was.

use super::{search, Conn, Store};
use crate::error::{Error, Result};

/// The page cache of a large write, in KiB (grown only as pages are used).
const LARGE_WRITE_CACHE_KIB: i64 = 96 * 1024;

pub(super) struct Bulk {
    /// A write failed: the run is rolled back at its end.
    failed: bool,
    /// `CREATE INDEX` statements of the dropped history indexes.
    indexes: Vec<String>,
    /// The history texts numbered so far in the run (see `history::Pending`).
    names: super::history_codes::Interner,
}

impl Store {
    /// Starts a bulk run; false (and nothing done) when one is going on.
    pub fn begin_bulk(&mut self) -> Result<bool> {
        if self.bulk.is_some() {
            return Ok(false);
        }
        self.conn.pragma_update(None, "cache_size", -524_288)?; // 512 MiB
        self.conn.pragma_update(None, "temp_store", "MEMORY")?;
        search::create_deferred(&self.conn)?;
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        let dropped = (|| -> Result<Vec<String>> {
            let mut st = self.conn.prepare(
                "SELECT name, sql FROM sqlite_master
                 WHERE type = 'index' AND tbl_name = 'history' AND sql IS NOT NULL",
            )?;
            let found = st
                .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
                .collect::<std::result::Result<Vec<_>, _>>()?;
            let mut sqls = Vec::new();
            for (name, sql) in found {
                self.conn
                    .execute_batch(&format!("DROP INDEX \"{}\"", name.replace('"', "")))?;
                sqls.push(sql);
            }
            Ok(sqls)
        })();
        let indexes = match dropped {
            Ok(s) => s,
            Err(e) => {
                self.conn.execute_batch("ROLLBACK")?;
                return Err(e);
            }
        };
        self.bulk = Some(Bulk {
            failed: false,
            indexes,
            names: Default::default(),
        });
        Ok(true)
    }

    /// Ends a bulk run: when `ok` and no write failed, runs `finish` (with
    /// the search index written directly), rebuilds the history's indexes
    /// and commits; else rolls the whole run back.
    pub fn end_bulk(&mut self, ok: bool, finish: impl Fn(&Conn) -> Result<()>) -> Result<()> {
        let Some(bulk) = self.bulk.take() else {
            return Ok(());
        };
        let done = if ok && !bulk.failed {
            finish(&Conn::new(&self.conn, false, None)).and_then(|_| {
                for sql in &bulk.indexes {
                    self.conn.execute_batch(sql)?;
                }
                Ok(())
            })
        } else {
            Err(Error::invalid("rolled back"))
        };
        let ended = match &done {
            Ok(()) => self.conn.execute_batch("COMMIT"),
            Err(_) => self.conn.execute_batch("ROLLBACK"),
        };
        self.conn.pragma_update(None, "cache_size", -2000)?; // SQLite's default
        self.conn.pragma_update(None, "temp_store", "DEFAULT")?;
        search::drop_deferred(&self.conn)?;
        if ok && !bulk.failed {
            done?;
        }
        Ok(ended?)
    }

    /// A large all-or-nothing write (an import of thousands of rows) with a
    /// bigger page cache while it runs: the default 2 MiB would spill the
    /// ledger's index pages to the log and read them back for every row.
    pub fn write_large<T>(&mut self, f: impl FnOnce(&Conn) -> Result<(T, bool)>) -> Result<T> {
        if self.bulk.is_some() {
            return self.write_or_rollback(f);
        }
        self.conn
            .pragma_update(None, "cache_size", -LARGE_WRITE_CACHE_KIB)?;
        let out = self.write_or_rollback(f);
        self.conn.pragma_update(None, "cache_size", -2000)?; // SQLite's default
        out
    }

    /// A write inside a bulk run, without a savepoint of its own (a
    /// savepoint per write costs more than the write): an error marks the
    /// run failed, so nothing more is written and [`Store::end_bulk`] rolls
    /// it back. With `savepoint`, the write may decline (`Ok((v, false))`)
    /// and is then undone alone.
    pub(super) fn bulk_write<T>(
        &mut self,
        savepoint: bool,
        f: impl FnOnce(&Conn) -> Result<(T, bool)>,
    ) -> Result<T> {
        if self.bulk.as_ref().is_none_or(|b| b.failed) {
            return Err(Error::new(
                crate::ErrorKind::Storage,
                "一括書き込みの途中で失敗したため、続きを書き込めません。最初からやり直してください。",
            ));
        }
        if savepoint {
            self.conn.execute_batch("SAVEPOINT bulk_write")?;
        }
        let names = self
            .bulk
            .as_mut()
            .map(|b| std::mem::take(&mut b.names))
            .unwrap_or_default();
        let pending = super::history::Pending::with_names(names);
        let mut out = f(&Conn::new(&self.conn, true, Some(&pending)));
        if matches!(out, Ok((_, true))) {
            if let Err(e) = super::history::flush(&self.conn, &pending) {
                out = Err(e);
            }
        }
        let keep = matches!(out, Ok((_, true)));
        if let (true, Some(b)) = (keep, &mut self.bulk) {
            // An undone write takes its numbers with it: they are dropped.
            b.names = pending.into_names();
        }
        match (savepoint, keep) {
            (true, true) => self.conn.execute_batch("RELEASE bulk_write")?,
            (true, false) => self
                .conn
                .execute_batch("ROLLBACK TO bulk_write; RELEASE bulk_write")?,
            (false, false) => {
                if let Some(b) = &mut self.bulk {
                    b.failed = true;
                }
            }
            (false, true) => {}
        }
        Ok(out?.0)
    }
}

/// How many of the history's own indexes exist (a bulk run drops them and
/// must bring them back): for tests of the bulk path.
#[cfg(test)]
pub(crate) fn history_index_count(conn: &Conn) -> i64 {
    conn.query_row(
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'history' AND sql IS NOT NULL",
        [],
        |r| r.get(0),
    )
    .expect("sqlite_master")
}
