//! Where the database may live: a local disk only. SQLite's WAL mode keeps
//! its index in shared memory next to the file, which network file systems
//! (SMB/CIFS, NFS) do not provide reliably; a database there gets corrupted.

use std::path::{Path, PathBuf};

use crate::error::{Error, ErrorKind, Result};

/// Refuses a database whose folder is on a network share.
pub fn check_local(db: &Path) -> Result<()> {
    let text = db.to_string_lossy();
    if is_unc(&text) {
        return Err(refusal(db));
    }
    let Some(dir) = existing_ancestor(db) else {
        return Ok(());
    };
    if is_unc(&dir.to_string_lossy()) || on_network_drive(&dir) {
        return Err(refusal(db));
    }
    Ok(())
}

fn refusal(db: &Path) -> Error {
    Error::new(
        ErrorKind::Storage,
        format!(
            "データベース {} はネットワーク上のフォルダにあります。Daicho のデータベースは書き込みの安全のため (WAL 方式) ローカルディスクにしか置けません。ネットワーク上に置くと壊れることがあります。ローカルディスクのパスを --db で指定してください (共有ドライブには書類とバックアップの写しを置けます: daicho config shared_root)。",
            db.display()
        ),
    )
}

/// `\\server\share\…`, `//server/share/…` and `\\?\UNC\…`.
pub fn is_unc(path: &str) -> bool {
    let p = path.replace('/', "\\");
    if let Some(rest) = p
        .strip_prefix("\\\\?\\")
        .or_else(|| p.strip_prefix("\\\\.\\"))
    {
        return rest.len() >= 4 && rest[..4].eq_ignore_ascii_case("UNC\\");
    }
    p.starts_with("\\\\") && p.len() > 2
}

/// The folder of `db`, or its nearest existing ancestor, made absolute.
fn existing_ancestor(db: &Path) -> Option<PathBuf> {
    let abs = std::path::absolute(db).ok()?;
    let mut dir = abs.parent()?;
    loop {
        if dir.exists() {
            return dir.canonicalize().ok().or_else(|| Some(dir.to_path_buf()));
        }
        dir = dir.parent()?;
    }
}

/// Linux `statfs` magic numbers of network file systems.
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
pub fn is_network_fs_magic(magic: i64) -> bool {
    const NFS: i64 = 0x6969;
    const SMB: i64 = 0x517B;
    const CIFS: i64 = 0xFF53_4D42;
    const SMB2: i64 = 0xFE53_4D42;
    const AFS: i64 = 0x5346_414F;
    const CEPH: i64 = 0x00C3_6400;
    // f_type is signed on some targets: compare the low 32 bits.
    let m = magic & 0xFFFF_FFFF;
    [NFS, SMB, CIFS, SMB2, AFS, CEPH].contains(&m)
}

#[cfg(target_os = "linux")]
fn on_network_drive(dir: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let Ok(c) = std::ffi::CString::new(dir.as_os_str().as_bytes()) else {
        return false;
    };
    let mut st: libc::statfs = unsafe { std::mem::zeroed() };
    // SAFETY: `c` is a valid NUL-terminated path and `st` a writable statfs.
    if unsafe { libc::statfs(c.as_ptr(), &mut st) } != 0 {
        return false;
    }
    #[allow(clippy::unnecessary_cast)]
    is_network_fs_magic(st.f_type as i64)
}

#[cfg(windows)]
fn on_network_drive(dir: &Path) -> bool {
    use std::os::windows::ffi::OsStrExt;
    use std::path::{Component, Prefix};
    let letter = match dir.components().next() {
        Some(Component::Prefix(p)) => match p.kind() {
            Prefix::UNC(..) | Prefix::VerbatimUNC(..) => return true,
            Prefix::Disk(l) | Prefix::VerbatimDisk(l) => l,
            _ => return false,
        },
        _ => return false,
    };
    let root: Vec<u16> = std::ffi::OsStr::new(&format!("{}:\\", letter as char))
        .encode_wide()
        .chain(Some(0))
        .collect();
    // SAFETY: `root` is a NUL-terminated UTF-16 string.
    let kind = unsafe { windows_sys::Win32::Storage::FileSystem::GetDriveTypeW(root.as_ptr()) };
    kind == windows_sys::Win32::System::WindowsProgramming::DRIVE_REMOTE
}

#[cfg(not(any(target_os = "linux", windows)))]
fn on_network_drive(_dir: &Path) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unc_paths_are_network_paths() {
        assert!(is_unc(r"\\fileserver\運用\daicho.db"));
        assert!(is_unc("//fileserver/share/daicho.db"));
        assert!(is_unc(r"\\?\UNC\fileserver\share\daicho.db"));
        assert!(!is_unc(r"\\?\C:\Users\a\daicho.db"));
        assert!(!is_unc(r"C:\Users\a\daicho.db"));
        assert!(!is_unc("/home/a/daicho.db"));
        let e = check_local(Path::new(r"\\fileserver\share\daicho.db")).unwrap_err();
        assert!(e.message.contains("ローカルディスク"), "{}", e.message);
    }

    #[test]
    fn network_file_systems_are_recognised_by_magic() {
        assert!(is_network_fs_magic(0xFF53_4D42)); // CIFS
        assert!(is_network_fs_magic(0xFE53_4D42)); // SMB2
        assert!(is_network_fs_magic(0x6969)); // NFS
        assert!(is_network_fs_magic(0xFFFF_FFFF_FF53_4D42_u64 as i64)); // sign-extended
        assert!(!is_network_fs_magic(0xEF53)); // ext4
        assert!(!is_network_fs_magic(0x0102_1994)); // tmpfs
    }

    #[test]
    fn a_local_folder_is_accepted() {
        let dir = tempfile::tempdir().unwrap();
        check_local(&dir.path().join("new/sub/daicho.db")).unwrap();
    }
}
