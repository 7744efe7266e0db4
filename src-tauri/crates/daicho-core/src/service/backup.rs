//! Backups and restore of the database file.
//!
//! A backup is a consistent copy of the live database (including what is
//! still in its `-wal` file) named `daicho_2026-11-30_101500.db`, written
//! as `.part`, verified with `integrity_check`, synced, then renamed. Only
//! then are older generations pruned (7 daily, 4 weekly, 12 monthly), so a
//! bad copy never replaces good ones. A restore verifies the chosen file,
//! backs up the current database, then swaps the file atomically.

use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDateTime};
use serde::Serialize;

use super::Daicho;
use crate::domain::settings;
use crate::error::{Error, ErrorKind, Result};
use crate::store::{self, Store};

/// Space left part-filled or free (by edits, imports, deletions) that the
/// day's first backup gives back by compacting the file, when it is also a
/// tenth of the file or more.
const COMPACT_SLACK: i64 = 1 << 20;

/// Generations kept: the newest backup of each of the last 7 days, 4 ISO
/// weeks and 12 months that have one.
pub const KEEP_DAILY: usize = 7;
pub const KEEP_WEEKLY: usize = 4;
pub const KEEP_MONTHLY: usize = 12;

const PREFIX: &str = "daicho_";
const STAMP: &str = "%Y-%m-%d_%H%M%S";

/// One backup file.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct BackupInfo {
    pub name: String,
    pub path: PathBuf,
    /// When it was taken (`2026-11-30T10:15:00`), from its name.
    pub taken_at: String,
    pub bytes: u64,
}

/// What one backup did.
#[derive(Debug, Clone, Serialize)]
pub struct BackupOutcome {
    pub backup: BackupInfo,
    /// Older generations removed after the new copy was verified.
    pub pruned: Vec<String>,
    /// The copy on the shared drive, when mirrored.
    pub mirror: Option<PathBuf>,
    /// Why mirroring failed (the local backup is still good).
    pub mirror_error: Option<String>,
}

/// What a restore did.
#[derive(Debug, Clone, Serialize)]
pub struct RestoreOutcome {
    pub restored_from: PathBuf,
    /// The backup of the database as it was before the restore.
    pub safety_backup: BackupInfo,
}

fn taken_at(name: &str) -> Option<NaiveDateTime> {
    order_key(name).map(|k| k.0)
}

/// (time, n) of `daicho_<time>.db` (n = 1) or `daicho_<time>-<n>.db`
/// (a second backup within the same second).
fn order_key(name: &str) -> Option<(NaiveDateTime, u32)> {
    let stem = name.strip_prefix(PREFIX)?.strip_suffix(".db")?;
    let t = NaiveDateTime::parse_from_str(stem.get(..17)?, STAMP).ok()?;
    let n = match stem.get(17..)? {
        "" => 1,
        rest => rest.strip_prefix('-')?.parse().ok()?,
    };
    Some((t, n))
}

/// The backups in `dir`, newest first (a missing folder has none).
pub fn list_dir(dir: &Path) -> Result<Vec<BackupInfo>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(folder_error(dir, e)),
    };
    let mut out = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        if let Some(key) = order_key(&name) {
            let t = key.0;
            out.push((
                key,
                BackupInfo {
                    bytes: entry.metadata().map(|m| m.len()).unwrap_or(0),
                    path: entry.path(),
                    taken_at: t.format("%Y-%m-%dT%H:%M:%S").to_string(),
                    name,
                },
            ));
        }
    }
    out.sort_by_key(|b| std::cmp::Reverse(b.0));
    Ok(out.into_iter().map(|(_, b)| b).collect())
}

/// A period a backup falls in (a day, an ISO week, a month).
type Period = fn(&NaiveDateTime) -> (i32, u32);

/// Which of `times` (newest first) the generations keep.
pub fn kept(times: &[NaiveDateTime]) -> Vec<bool> {
    let mut keep = vec![false; times.len()];
    if let Some(k) = keep.first_mut() {
        *k = true;
    }
    let buckets: [(Period, usize); 3] = [
        (|t| (t.year(), t.ordinal()), KEEP_DAILY),
        (|t| (t.iso_week().year(), t.iso_week().week()), KEEP_WEEKLY),
        (|t| (t.year(), t.month()), KEEP_MONTHLY),
    ];
    for (key, count) in buckets {
        let mut seen: Vec<(i32, u32)> = Vec::new();
        for (i, t) in times.iter().enumerate() {
            let k = key(t);
            if seen.contains(&k) {
                continue;
            }
            if seen.len() == count {
                break;
            }
            seen.push(k);
            keep[i] = true;
        }
    }
    keep
}

/// Removes the generations [`kept`] does not keep; returns their names.
fn prune(dir: &Path) -> Result<Vec<String>> {
    let all = list_dir(dir)?;
    let times: Vec<NaiveDateTime> = all.iter().filter_map(|b| taken_at(&b.name)).collect();
    let mut pruned = Vec::new();
    for (b, keep) in all.iter().zip(kept(&times)) {
        if !keep {
            std::fs::remove_file(&b.path)?;
            pruned.push(b.name.clone());
        }
    }
    Ok(pruned)
}

fn folder_error(dir: &Path, e: std::io::Error) -> Error {
    Error::new(
        ErrorKind::Storage,
        format!(
            "バックアップフォルダ {} を使えません: {e}。設定の backup_dir を確認してください。",
            dir.display()
        ),
    )
}

fn sync_file(path: &Path) -> Result<()> {
    std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(path)?
        .sync_all()?;
    Ok(())
}

/// Makes a rename durable (directories cannot be synced on Windows).
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(f) = std::fs::File::open(dir) {
        let _ = f.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// Copies `src` to `dir/name` through a synced `.part` and a rename.
fn copy_atomically(src: &Path, dir: &Path, name: &str) -> Result<PathBuf> {
    std::fs::create_dir_all(dir).map_err(|e| folder_error(dir, e))?;
    let part = dir.join(format!("{name}.part"));
    std::fs::copy(src, &part)?;
    sync_file(&part)?;
    let dest = dir.join(name);
    std::fs::rename(&part, &dest)?;
    sync_dir(dir);
    Ok(dest)
}

impl Daicho {
    /// The database file (`None` in memory).
    pub fn db_path(&self) -> Option<&Path> {
        self.store.path()
    }

    /// The backup folder: the `backup_dir` setting (relative to the
    /// database's folder), else `backups` beside the database.
    pub fn backup_dir(&self) -> Result<PathBuf> {
        let db = self
            .db_path()
            .ok_or_else(|| Error::invalid("メモリ上のデータベースはバックアップできません。"))?;
        let base = db.parent().unwrap_or(Path::new("."));
        Ok(match self.setting(settings::BACKUP_DIR)? {
            Some(dir) => base.join(dir),
            None => base.join("backups"),
        })
    }

    /// The backups, newest first.
    pub fn backups(&self) -> Result<Vec<BackupInfo>> {
        list_dir(&self.backup_dir()?)
    }

    /// Backs up now into [`Daicho::backup_dir`], and copies the verified file
    /// into `mirror` (the shared drive's backup folder) when given.
    pub fn backup_now(&mut self, mirror: Option<&Path>) -> Result<BackupOutcome> {
        let dir = self.backup_dir()?;
        std::fs::create_dir_all(&dir).map_err(|e| folder_error(&dir, e))?;
        for stale in std::fs::read_dir(&dir)?.flatten() {
            if stale.file_name().to_string_lossy().ends_with(".db.part") {
                let _ = std::fs::remove_file(stale.path());
            }
        }
        let stamp = self.now().format(STAMP).to_string();
        // Within the same second, later backups count up (`-2`, `-3`, …) so
        // the newest always sorts first, even after older ones were pruned.
        let same_second = list_dir(&dir)?
            .iter()
            .filter_map(|b| order_key(&b.name))
            .filter(|k| k.0.format(STAMP).to_string() == stamp)
            .map(|k| k.1)
            .max();
        let name = match same_second {
            None => format!("{PREFIX}{stamp}.db"),
            Some(n) => format!("{PREFIX}{stamp}-{}.db", n + 1),
        };
        let part = dir.join(format!("{name}.part"));
        store::backup::copy_to(&self.conn(), &part)?;
        #[cfg(feature = "testing")]
        store::testing::corrupt_if_armed(&part);
        if let Err(e) = store::backup::verify_copy(&part, "作成したバックアップ") {
            let _ = std::fs::remove_file(&part);
            return Err(Error::new(
                ErrorKind::Storage,
                format!("バックアップの検証に失敗したため、このコピーは保存しませんでした。以前のバックアップはそのまま残しています。データベースが壊れていないか `daicho verify` で確認してください。({})", e.message),
            ).with_detail(e.detail.unwrap_or_default()));
        }
        sync_file(&part)?;
        let path = dir.join(&name);
        std::fs::rename(&part, &path)?;
        sync_dir(&dir);
        let pruned = prune(&dir)?;
        let backup = list_dir(&dir)?
            .into_iter()
            .find(|b| b.name == name)
            .ok_or_else(|| {
                Error::new(ErrorKind::Storage, "作成したバックアップが見つかりません。")
            })?;
        let (mut mirror_path, mut mirror_error) = (None, None);
        if let Some(m) = mirror {
            match copy_atomically(&path, m, &name).and_then(|p| prune(m).map(|_| p)) {
                Ok(p) => mirror_path = Some(p),
                Err(e) => {
                    mirror_error = Some(format!(
                        "共有ドライブ ({}) へのバックアップの写しに失敗しました: {}",
                        m.display(),
                        e.message
                    ))
                }
            }
        }
        Ok(BackupOutcome {
            backup,
            pruned,
            mirror: mirror_path,
            mirror_error,
        })
    }

    /// True when a backup of today exists (it was verified when taken).
    /// False when that cannot be told (no file, no folder, unreadable).
    pub(crate) fn backed_up_today(&self) -> bool {
        let today = self.today();
        self.backups().is_ok_and(|b| {
            b.into_iter()
                .find_map(|b| taken_at(&b.name))
                .is_some_and(|t| t.date() >= today)
        })
    }

    /// The automatic backup at start: only when the newest is from before
    /// today. A file much larger than its backup (which is written compact)
    /// is then compacted ([`Daicho::compact`]); best effort: a failure
    /// leaves the file as it was.
    pub fn backup_if_due(&mut self, mirror: Option<&Path>) -> Result<Option<BackupOutcome>> {
        if self.backed_up_today() {
            return Ok(None);
        }
        let o = self.backup_now(mirror)?;
        let slack = self
            .store
            .bytes()
            .map_or(0, |b| b.saturating_sub(o.backup.bytes as i64));
        if slack >= COMPACT_SLACK && slack * 10 >= o.backup.bytes as i64 {
            let _ = self.compact();
        }
        Ok(Some(o))
    }

    /// Replaces the database with the backup `file`: verifies a copy of it,
    /// backs up the current database, then swaps the file in with a rename
    /// and reopens. The current database is untouched if anything fails
    /// before the rename.
    pub fn restore(&mut self, file: &Path, mirror: Option<&Path>) -> Result<RestoreOutcome> {
        let db = self
            .db_path()
            .ok_or_else(|| Error::invalid("メモリ上のデータベースには復元できません。"))?
            .to_path_buf();
        if !file.is_file() {
            return Err(Error::not_found(format!(
                "バックアップ {} がありません。`daicho backup list` で一覧を確認してください。",
                file.display()
            )));
        }
        let mut tmp = db.as_os_str().to_owned();
        tmp.push(".restore.tmp");
        let tmp = PathBuf::from(tmp);
        let _ = std::fs::remove_file(&tmp);
        std::fs::copy(file, &tmp)?;
        let checked = store::backup::verify_copy(&tmp, "バックアップ")
            .and_then(|_| sync_file(&tmp))
            .and_then(|_| self.backup_now(mirror));
        let safety = match checked {
            Ok(s) => s.backup,
            Err(e) => {
                let _ = std::fs::remove_file(&tmp);
                return Err(e);
            }
        };
        if !store::backup::checkpoint(&self.conn())? {
            let _ = std::fs::remove_file(&tmp);
            return Err(Error::new(
                ErrorKind::Conflict,
                "ほかの Daicho (ウィンドウやコマンド) がこのデータベースを使用中のため復元できません。すべて閉じてから再実行してください。",
            ));
        }
        let old = std::mem::replace(&mut self.store, Store::open_in_memory()?);
        let swapped = old.close().and_then(|_| swap_in(&tmp, &db));
        // Reopen in every case: the restored file, or the untouched original.
        let reopened = Daicho::open(&db);
        swapped?;
        self.store = reopened?.store;
        Ok(RestoreOutcome {
            restored_from: file.to_path_buf(),
            safety_backup: safety,
        })
    }
}

/// Renames the verified copy over the closed database. The `-wal` file was
/// emptied by the checkpoint; a leftover one would be replayed onto the new
/// file, so a non-empty one stops the swap.
fn swap_in(tmp: &Path, db: &Path) -> Result<()> {
    let side = |ext: &str| {
        let mut p = db.as_os_str().to_owned();
        p.push(ext);
        PathBuf::from(p)
    };
    let wal = side("-wal");
    if wal.metadata().map(|m| m.len() > 0).unwrap_or(false) {
        let _ = std::fs::remove_file(tmp);
        return Err(Error::new(
            ErrorKind::Conflict,
            "データベースの書き込み中のデータ (-wal) を反映できなかったため復元を中止しました。Daicho をすべて閉じてから再実行してください。",
        ));
    }
    std::fs::rename(tmp, db)?;
    sync_dir(db.parent().unwrap_or(Path::new(".")));
    let _ = std::fs::remove_file(wal);
    let _ = std::fs::remove_file(side("-shm"));
    Ok(())
}
