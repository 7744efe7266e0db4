//! The one-time move of an older version's data folder on Windows: Daicho
//! used to keep its database in `%APPDATA%\Daicho` (Roaming). Roaming
//! profiles and folder redirection put that folder on a network share, where
//! SQLite's write-ahead log is unsafe, so the data now lives in
//! `%LOCALAPPDATA%\Daicho` and an existing Roaming folder moves there once.

use std::path::{Path, PathBuf};

use crate::error::{Error, ErrorKind, Result};

use super::default_db_path;

/// The database file's name in the data folder.
const DB_FILE: &str = "daicho.db";

/// Moves the data of an older Daicho from `%APPDATA%\Daicho` to the folder of
/// `db` when `db` is the default database (`%LOCALAPPDATA%\Daicho\daicho.db`)
/// and does not exist yet. Returns the message to show the user when
/// something moved. Elsewhere than Windows, or with `--db` / `DAICHO_DB`,
/// nothing happens.
pub fn move_roaming_data(db: &Path) -> Result<Option<String>> {
    if !cfg!(windows) || db != default_db_path() {
        return Ok(None);
    }
    let (Some(old), Some(new)) = (roaming_dir(), db.parent()) else {
        return Ok(None);
    };
    move_data_dir(&old, new)
}

fn roaming_dir() -> Option<PathBuf> {
    std::env::var_os("APPDATA")
        .filter(|p| !p.is_empty())
        .map(|p| PathBuf::from(p).join("Daicho"))
}

/// Moves every entry of `old` (the database, its `-wal`/`-shm`, backups) into
/// `new`, the database last, when `old` holds a database and `new` does not.
/// An entry whose name already exists in `new` stays where it is.
fn move_data_dir(old: &Path, new: &Path) -> Result<Option<String>> {
    if old == new || !old.join(DB_FILE).is_file() || new.join(DB_FILE).exists() {
        return Ok(None);
    }
    let fail = |what: &Path, e: std::io::Error| {
        Error::new(
            ErrorKind::Storage,
            format!(
                "以前の保存場所 {} のデータを {} に移動できませんでした ({}: {e})。\
                 Daicho をすべて閉じてから、もう一度起動してください。",
                old.display(),
                new.display(),
                what.display()
            ),
        )
    };
    std::fs::create_dir_all(new).map_err(|e| fail(new, e))?;
    let mut entries: Vec<PathBuf> = std::fs::read_dir(old)
        .map_err(|e| fail(old, e))?
        .map(|e| e.map(|e| e.path()))
        .collect::<std::io::Result<_>>()
        .map_err(|e| fail(old, e))?;
    // The database goes last: an interrupted move is finished on the next start.
    entries.sort_by_key(|p| p.file_name().is_some_and(|n| n == DB_FILE));
    for from in entries {
        let Some(name) = from.file_name() else {
            continue;
        };
        let to = new.join(name);
        if !to.exists() {
            move_entry(&from, &to).map_err(|e| fail(&from, e))?;
        }
    }
    // Left in place when something could not move (a name already taken).
    let _ = std::fs::remove_dir(old);
    Ok(Some(format!(
        "以前のバージョンのデータ (データベース・バックアップ) を {} から {} に移動しました。\
         今後はこちらに保存されます。",
        old.display(),
        new.display()
    )))
}

/// Renames `from` to `to`; across volumes (a redirected Roaming folder on a
/// share) copies and then removes the original.
fn move_entry(from: &Path, to: &Path) -> std::io::Result<()> {
    if std::fs::rename(from, to).is_ok() {
        return Ok(());
    }
    copy_all(from, to)?;
    if from.is_dir() {
        std::fs::remove_dir_all(from)
    } else {
        std::fs::remove_file(from)
    }
}

fn copy_all(from: &Path, to: &Path) -> std::io::Result<()> {
    if from.is_dir() {
        std::fs::create_dir_all(to)?;
        for e in std::fs::read_dir(from)? {
            let e = e?;
            copy_all(&e.path(), &to.join(e.file_name()))?;
        }
        Ok(())
    } else {
        std::fs::copy(from, to).map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(p: &Path, s: &str) {
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, s).unwrap();
    }

    #[test]
    fn moves_database_and_backups_once() {
        let t = tempfile::tempdir().unwrap();
        let (old, new) = (
            t.path().join("Roaming/Daicho"),
            t.path().join("Local/Daicho"),
        );
        write(&old.join(DB_FILE), "db");
        write(&old.join("daicho.db-wal"), "wal");
        write(&old.join("backups/daicho-2026-11-30.db"), "backup");

        let msg = move_data_dir(&old, &new).unwrap().expect("a message");
        assert!(msg.contains("移動しました"), "{msg}");
        assert!(msg.contains(&new.display().to_string()), "{msg}");
        assert_eq!(std::fs::read_to_string(new.join(DB_FILE)).unwrap(), "db");
        assert_eq!(
            std::fs::read_to_string(new.join("daicho.db-wal")).unwrap(),
            "wal"
        );
        let backup = new.join("backups/daicho-2026-11-30.db");
        assert_eq!(std::fs::read_to_string(backup).unwrap(), "backup");
        assert!(!old.exists(), "the emptied old folder is removed");

        // Once: a second call finds nothing to move.
        assert_eq!(move_data_dir(&old, &new).unwrap(), None);
    }

    #[test]
    fn keeps_an_existing_new_database_and_the_old_one() {
        let t = tempfile::tempdir().unwrap();
        let (old, new) = (t.path().join("old"), t.path().join("new"));
        write(&old.join(DB_FILE), "old");
        write(&new.join(DB_FILE), "new");
        assert_eq!(move_data_dir(&old, &new).unwrap(), None);
        assert_eq!(std::fs::read_to_string(old.join(DB_FILE)).unwrap(), "old");
        assert_eq!(std::fs::read_to_string(new.join(DB_FILE)).unwrap(), "new");
    }

    #[test]
    fn nothing_to_move_without_an_old_database() {
        let t = tempfile::tempdir().unwrap();
        let (old, new) = (t.path().join("old"), t.path().join("new"));
        write(&old.join("notes.txt"), "x");
        assert_eq!(move_data_dir(&old, &new).unwrap(), None);
        assert!(!new.exists());
    }

    #[test]
    fn default_database_elsewhere_than_windows_never_moves() {
        if !cfg!(windows) {
            assert_eq!(move_roaming_data(&default_db_path()).unwrap(), None);
        }
        let t = tempfile::tempdir().unwrap();
        assert_eq!(move_roaming_data(&t.path().join(DB_FILE)).unwrap(), None);
    }
}
