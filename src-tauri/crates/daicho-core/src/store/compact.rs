//! Compaction of the database file (issue 13, database size): `VACUUM`
//! rewrites the file into as few pages as its content needs. It is one
//! transaction, so an interruption leaves the file as it was.

use super::{Store, PAGE_SIZE};
use crate::error::{Error, ErrorKind, Result};

impl Store {
    /// Compacts the file, at [`PAGE_SIZE`] when it can leave WAL mode for it
    /// (no other connection has the file open); the write-ahead log is
    /// emptied afterwards.
    pub fn compact(&mut self) -> Result<()> {
        let page: i64 = self
            .conn
            .pragma_query_value(None, "page_size", |r| r.get(0))?;
        // The page size changes only outside WAL mode.
        let resize = page != PAGE_SIZE
            && self
                .conn
                .pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get::<_, String>(0))
                .is_ok_and(|m| m.eq_ignore_ascii_case("delete"));
        if !resize {
            self.conn.execute_batch("VACUUM")?;
            self.conn
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
            return Ok(());
        }
        let done = self
            .conn
            .pragma_update(None, "page_size", PAGE_SIZE)
            .and_then(|_| self.conn.execute_batch("VACUUM"));
        let mode: String = self
            .conn
            .pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
        done?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(Error::new(
                ErrorKind::Storage,
                format!("データベースを安全な書き込み方式 (WAL) に戻せません (現在: {mode})。Daicho を開き直してください。"),
            ));
        }
        Ok(())
    }

    /// The size of the database's pages, in bytes (the file's size once
    /// its write-ahead log is checkpointed).
    pub fn bytes(&self) -> Result<i64> {
        let get =
            |p: &str| -> Result<i64> { Ok(self.conn.pragma_query_value(None, p, |r| r.get(0))?) };
        Ok(get("page_count")? * get("page_size")?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value<T: rusqlite::types::FromSql>(store: &Store, sql: &str) -> T {
        store.read().query_row(sql, [], |r| r.get(0)).unwrap()
    }

    #[test]
    fn compaction_gives_space_back_at_the_larger_page_size_and_keeps_everything() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("daicho.db");
        // A file of an older build (4 KiB pages) with half its rows deleted.
        rusqlite::Connection::open(&path)
            .unwrap()
            .execute_batch(
                "PRAGMA page_size = 4096; PRAGMA journal_mode = WAL;
                 CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);
                 WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
                 INSERT INTO t (v) SELECT printf('%.500c', 'x') FROM n;
                 DELETE FROM t WHERE id % 2 = 0;",
            )
            .unwrap();
        let mut store = Store::open(&path, false).unwrap();
        assert_eq!(value::<i64>(&store, "PRAGMA page_size"), 4096);
        let before = store.bytes().unwrap();
        store.compact().unwrap();
        let after = store.bytes().unwrap();
        assert!(after * 3 < before * 2, "{before} → {after}");
        assert_eq!(value::<i64>(&store, "PRAGMA page_size"), PAGE_SIZE);
        assert_eq!(value::<String>(&store, "PRAGMA journal_mode"), "wal");
        let rows = "SELECT COUNT(*) || ' ' || SUM(length(v)) || ' ' || SUM(id % 2) FROM t";
        assert_eq!(value::<String>(&store, rows), "1000 500000 1000");
        // Again: nothing to give back, the same size and mode.
        store.compact().unwrap();
        assert_eq!(store.bytes().unwrap(), after);
        assert_eq!(value::<String>(&store, "PRAGMA journal_mode"), "wal");
    }

    #[test]
    fn a_new_file_starts_at_the_larger_page_size() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("new.db"), true).unwrap();
        store.migrate("2026-11-30T10:00:00").unwrap();
        assert_eq!(value::<i64>(&store, "PRAGMA page_size"), PAGE_SIZE);
        assert_eq!(value::<String>(&store, "PRAGMA journal_mode"), "wal");
    }
}
