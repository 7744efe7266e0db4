//! The one atomic writer every export goes through: a temp file in the same
//! folder, flushed, then put in place of the target in one step that never
//! loses the previous generation (kept as `<name>.bak`). On Windows the swap
//! is `ReplaceFileW` (target → `.bak`, temp → target, atomically), because a
//! rename cannot replace a file another program holds open; a target open
//! in Excel is retried briefly and then reported as such.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use crate::DocError;

/// How often, and how far apart, a locked target is tried again.
const LOCK_RETRIES: u32 = 3;
const LOCK_WAIT: Duration = Duration::from_millis(300);

static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// Removes the temp file unless the write completed (also on panic).
struct TempGuard {
    path: PathBuf,
    armed: bool,
}

impl Drop for TempGuard {
    fn drop(&mut self) {
        if self.armed {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Writes `path` atomically: `write` fills a temp file in the same folder,
/// which is flushed to disk and then put in place of the target. If the
/// target exists, its previous content is kept as `<name>.bak` (replacing an
/// older `.bak`). When `write` fails (or panics), the folder is missing or
/// not writable, or the target is open in another program, the target and
/// its `.bak` are untouched and no temp file is left.
pub fn atomic_write<F>(path: &Path, write: F) -> Result<(), DocError>
where
    F: FnOnce(&mut File) -> Result<(), DocError>,
{
    let name = path
        .file_name()
        .ok_or_else(|| DocError::io(path, std::io::ErrorKind::InvalidInput.into()))?;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        if dir.exists() {
            // A file where the folder should be: report it as a folder error.
            return Err(DocError::io(
                &dir,
                std::io::Error::new(std::io::ErrorKind::NotADirectory, "not a folder"),
            ));
        }
        return Err(DocError::FolderMissing(dir));
    }
    let tmp = dir.join(format!(
        ".{}.{}-{}.tmp",
        name.to_string_lossy(),
        std::process::id(),
        TEMP_COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    // The guard is declared before the file so the file is closed first when
    // both are dropped (Windows cannot delete an open file).
    let mut guard = TempGuard {
        path: tmp.clone(),
        armed: false,
    };
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)
        .map_err(|e| DocError::io(&dir, e))?;
    guard.armed = true;
    write(&mut file)?;
    file.flush().map_err(|e| DocError::io(&tmp, e))?;
    file.sync_all().map_err(|e| DocError::io(&tmp, e))?;
    drop(file);

    let mut bak = name.to_os_string();
    bak.push(".bak");
    let bak = dir.join(bak);
    retry_while_locked(path, || swap(&tmp, path, &bak), |e| locked(path, e))?;
    guard.armed = false;
    #[cfg(unix)]
    if let Ok(d) = File::open(&dir) {
        // Persist the rename itself; best effort (not all file systems allow it).
        let _ = d.sync_all();
    }
    Ok(())
}

/// Writes bytes to `path` through [`atomic_write`].
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), DocError> {
    atomic_write(path, |f| {
        f.write_all(bytes).map_err(|e| DocError::io(path, e))
    })
}

/// Runs `step` until it succeeds, fails for another reason, or the target
/// stayed locked for [`LOCK_RETRIES`] more tries: then [`DocError::InUse`].
fn retry_while_locked(
    path: &Path,
    mut step: impl FnMut() -> std::io::Result<()>,
    is_locked: impl Fn(&std::io::Error) -> bool,
) -> Result<(), DocError> {
    let mut tries = 0;
    loop {
        match step() {
            Ok(()) => return Ok(()),
            Err(e) if is_locked(&e) => {
                if tries == LOCK_RETRIES {
                    return Err(DocError::InUse(path.to_path_buf()));
                }
                tries += 1;
                std::thread::sleep(LOCK_WAIT);
            }
            Err(e) => return Err(DocError::io(path, e)),
        }
    }
}

/// Puts `tmp` in place of `target`; the old target becomes `bak`. The new
/// `.bak` is prepared beside it and only renamed over the old one once the
/// target has been replaced, so a failure keeps both generations.
#[cfg(not(windows))]
fn swap(tmp: &Path, target: &Path, bak: &Path) -> std::io::Result<()> {
    if !target.exists() {
        return std::fs::rename(tmp, target);
    }
    let mut next = bak.as_os_str().to_os_string();
    next.push(".new");
    let next = PathBuf::from(next);
    let _ = std::fs::remove_file(&next);
    // A hard link keeps the previous generation without copying; where the
    // file system has none, a copy.
    if std::fs::hard_link(target, &next).is_err() {
        std::fs::copy(target, &next)?;
    }
    if let Err(e) = std::fs::rename(tmp, target) {
        let _ = std::fs::remove_file(&next);
        return Err(e);
    }
    std::fs::rename(&next, bak)
}

#[cfg(windows)]
fn swap(tmp: &Path, target: &Path, bak: &Path) -> std::io::Result<()> {
    use std::os::windows::ffi::OsStrExt;
    use windows_sys::Win32::Storage::FileSystem::{
        MoveFileExW, ReplaceFileW, MOVEFILE_WRITE_THROUGH, REPLACEFILE_IGNORE_MERGE_ERRORS,
    };
    let wide = |p: &Path| -> Vec<u16> { p.as_os_str().encode_wide().chain(Some(0)).collect() };
    let (t, r, b) = (wide(target), wide(tmp), wide(bak));
    if !target.exists() {
        // SAFETY: both are NUL-terminated wide strings that outlive the call.
        let ok = unsafe { MoveFileExW(r.as_ptr(), t.as_ptr(), MOVEFILE_WRITE_THROUGH) };
        return if ok != 0 {
            Ok(())
        } else {
            Err(std::io::Error::last_os_error())
        };
    }
    // SAFETY: NUL-terminated wide strings that outlive the call; the two
    // reserved pointers must be null.
    let ok = unsafe {
        ReplaceFileW(
            t.as_ptr(),
            r.as_ptr(),
            b.as_ptr(),
            REPLACEFILE_IGNORE_MERGE_ERRORS,
            std::ptr::null(),
            std::ptr::null(),
        )
    };
    if ok != 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

/// True when `e` means another program holds `target` open (Excel): a
/// sharing or lock violation, or access denied on a file that is writable
/// once no one holds it.
#[cfg(windows)]
fn locked(target: &Path, e: &std::io::Error) -> bool {
    const SHARING_VIOLATION: i32 = 32;
    const LOCK_VIOLATION: i32 = 33;
    const ACCESS_DENIED: i32 = 5;
    let held = |code: Option<i32>| matches!(code, Some(SHARING_VIOLATION | LOCK_VIOLATION));
    match e.raw_os_error() {
        code if held(code) => true,
        Some(ACCESS_DENIED) => {
            let readonly = std::fs::metadata(target)
                .map(|m| m.permissions().readonly())
                .unwrap_or(true);
            !readonly
                && OpenOptions::new()
                    .write(true)
                    .open(target)
                    .is_err_and(|e| held(e.raw_os_error()))
        }
        _ => false,
    }
}

/// Elsewhere a rename replaces a file others hold open: nothing is locked.
#[cfg(not(windows))]
fn locked(_target: &Path, _e: &std::io::Error) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_locked_target_is_retried_then_reported_as_open_in_excel() {
        let path = Path::new("台帳.xlsx");
        let mut tries = 0;
        let e = retry_while_locked(
            path,
            || {
                tries += 1;
                Err(std::io::Error::other("locked"))
            },
            |_| true,
        )
        .unwrap_err();
        assert_eq!(tries, 1 + LOCK_RETRIES);
        assert!(matches!(e, DocError::InUse(_)));
        let ja = e.message_ja();
        assert!(
            ja.contains("Excelで開かれています。閉じてから再度出力してください"),
            "{ja}"
        );
        // Released after one retry: written.
        let mut tries = 0;
        let ok = retry_while_locked(
            path,
            || {
                tries += 1;
                if tries < 2 {
                    Err(std::io::Error::other("locked"))
                } else {
                    Ok(())
                }
            },
            |_| true,
        );
        assert!(ok.is_ok() && tries == 2);
        // Any other error is reported at once.
        let mut tries = 0;
        let e = retry_while_locked(
            path,
            || {
                tries += 1;
                Err(std::io::ErrorKind::PermissionDenied.into())
            },
            |_| false,
        )
        .unwrap_err();
        assert_eq!(tries, 1);
        assert!(e.message_ja().contains("権限がありません"));
    }

    #[test]
    fn each_write_keeps_the_previous_generation_as_bak() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("台帳.xlsx");
        let bak = dir.path().join("台帳.xlsx.bak");
        write_file(&path, b"one").unwrap();
        assert!(!bak.exists());
        write_file(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&bak).unwrap(), b"one");
        write_file(&path, b"three").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"three");
        assert_eq!(std::fs::read(&bak).unwrap(), b"two");
        // A failed write leaves both generations as they were.
        let e = atomic_write(&path, |_| Err(DocError::Aborted("x".into())));
        assert!(e.is_err());
        assert_eq!(std::fs::read(&path).unwrap(), b"three");
        assert_eq!(std::fs::read(&bak).unwrap(), b"two");
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 2, "no temp file left");
    }
}
