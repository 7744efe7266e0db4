//! The SQL side of backups: a consistent copy of a live database
//! (`VACUUM INTO`, which reads one snapshot and so includes what is still in
//! the `-wal` file), integrity checks, and the checkpoint before a restore.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use super::{latest_version, schema_version};
use crate::error::{Error, ErrorKind, Result, CORRUPT_ADVICE};

/// The rows of `quick_check` (`full` = `integrity_check`); `["ok"]` when sound.
fn check_rows(conn: &Connection, full: bool) -> Result<Vec<String>> {
    let pragma = if full {
        "PRAGMA integrity_check"
    } else {
        "PRAGMA quick_check"
    };
    let mut st = conn.prepare(pragma)?;
    let rows = st.query_map([], |r| r.get::<_, String>(0))?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// Refuses a damaged database with the advice to restore a backup.
pub fn check(conn: &Connection, full: bool) -> Result<()> {
    let rows = check_rows(conn, full)?;
    if rows.len() == 1 && rows[0] == "ok" {
        return Ok(());
    }
    Err(Error::new(ErrorKind::Storage, CORRUPT_ADVICE).with_detail(rows.join("\n")))
}

/// Writes a compact, consistent copy of the open database to `dest` (which
/// must not exist).
pub fn copy_to(conn: &Connection, dest: &Path) -> Result<()> {
    conn.execute("VACUUM INTO ?1", [dest.to_string_lossy()])?;
    Ok(())
}

/// Opens a copy, makes it a stand-alone file (rollback journal, no `-wal`),
/// runs `integrity_check` and checks it is a Daicho database this build can
/// read. Returns its schema version. `what` names it in the error.
pub fn verify_copy(path: &Path, what: &str) -> Result<u32> {
    let bad = |detail: String| {
        Error::new(
            ErrorKind::Storage,
            format!("{what} {} は壊れているか、Daicho のデータベースではありません。別のバックアップを選んでください。", path.display()),
        )
        .with_detail(detail)
    };
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| bad(e.to_string()))?;
    let inner = || -> Result<u32> {
        conn.pragma_update(None, "journal_mode", "DELETE")?;
        let rows = check_rows(&conn, true)?;
        if rows.len() != 1 || rows[0] != "ok" {
            return Err(Error::invalid(rows.join("\n")));
        }
        let has_settings: i64 = conn.query_row(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'settings'",
            [],
            |r| r.get(0),
        )?;
        let version = schema_version(&conn)?;
        if has_settings != 1 || version == 0 {
            return Err(Error::invalid("no Daicho schema"));
        }
        Ok(version)
    };
    let version = inner().map_err(|e| bad(e.detail.unwrap_or(e.message)))?;
    conn.close().map_err(|(_, e)| bad(e.to_string()))?;
    if version > latest_version() {
        return Err(Error::new(
            ErrorKind::Storage,
            format!("{what} {} は新しい版の Daicho で作られています (スキーマ {version})。アプリを更新してから復元してください。", path.display()),
        ));
    }
    Ok(version)
}

/// Moves everything in the `-wal` file into the database and empties it.
/// False when another connection still reads or writes (not everything
/// could be moved).
pub fn checkpoint(conn: &Connection) -> Result<bool> {
    let busy: i64 = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
    Ok(busy == 0)
}
