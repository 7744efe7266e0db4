//! Shared-drive writes: atomic replacement, backups, failures leave nothing behind.

use std::io::Write;

use daicho_docs::files::write_file;
use daicho_docs::{atomic_write, DocError};

fn listing(dir: &std::path::Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    v.sort();
    v
}

#[test]
fn replacing_keeps_the_previous_version_as_bak() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("S-0001_障害対応報告書.pdf");
    write_file(&p, b"v1").unwrap();
    assert_eq!(listing(dir.path()), ["S-0001_障害対応報告書.pdf"]);
    write_file(&p, b"v2").unwrap();
    assert_eq!(std::fs::read(&p).unwrap(), b"v2");
    assert_eq!(
        std::fs::read(dir.path().join("S-0001_障害対応報告書.pdf.bak")).unwrap(),
        b"v1"
    );
    write_file(&p, b"v3").unwrap();
    assert_eq!(
        std::fs::read(dir.path().join("S-0001_障害対応報告書.pdf.bak")).unwrap(),
        b"v2"
    );
    assert_eq!(listing(dir.path()).len(), 2);
}

#[test]
fn failing_midway_leaves_target_untouched_and_no_temp() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("台帳.xlsx");
    write_file(&p, b"original").unwrap();
    let err = atomic_write(&p, |f| {
        f.write_all(b"half of the new cont").unwrap();
        Err(DocError::Aborted("disk went away".into()))
    })
    .unwrap_err();
    assert!(matches!(err, DocError::Aborted(_)));
    assert!(err
        .message_ja()
        .contains("既存のファイルは変更されていません"));
    assert_eq!(std::fs::read(&p).unwrap(), b"original");
    assert_eq!(
        listing(dir.path()),
        ["台帳.xlsx"],
        "no temp file, no backup"
    );
}

#[test]
fn panicking_writer_leaves_no_temp() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("x.txt");
    let r = std::panic::catch_unwind(|| {
        let _ = atomic_write(&p, |f| {
            f.write_all(b"abc").unwrap();
            panic!("boom");
        });
    });
    assert!(r.is_err());
    assert!(listing(dir.path()).is_empty());
}

#[test]
fn missing_folder_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("存在しない").join("a.pdf");
    let err = write_file(&p, b"x").unwrap_err();
    assert!(matches!(err, DocError::FolderMissing(_)), "{err:?}");
    assert!(
        err.message_ja().contains("保存先フォルダが見つかりません"),
        "{}",
        err.message_ja()
    );
}

#[test]
fn a_file_in_place_of_the_folder_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("障害管理");
    std::fs::write(&blocker, b"not a folder").unwrap();
    let err = write_file(&blocker.join("a.pdf"), b"x").unwrap_err();
    assert!(matches!(err, DocError::Io { .. }), "{err:?}");
    assert_eq!(listing(dir.path()), ["障害管理"]);
}

/// Set in the child run of [`read_only_folder_is_a_clear_error`]: the folder
/// to check, prepared by the parent.
#[cfg(unix)]
const RO_DIR_ENV: &str = "DAICHO_TEST_RO_DIR";

/// A folder the user may not write to: the write fails with a message about
/// permissions and the old file stays. Root ignores directory permissions, so
/// as root the check runs in a copy of this test binary started as `nobody`.
#[cfg(unix)]
#[test]
fn read_only_folder_is_a_clear_error() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let mode = |p: &std::path::Path, m: u32| {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap()
    };
    if let Some(ro) = std::env::var_os(RO_DIR_ENV) {
        return check_read_only_folder(std::path::Path::new(&ro));
    }
    let dir = tempfile::tempdir().unwrap();
    let ro = dir.path().join("ro");
    std::fs::create_dir(&ro).unwrap();
    std::fs::write(ro.join("a.pdf"), b"old").unwrap();
    mode(&ro, 0o555);
    // SAFETY: geteuid has no preconditions.
    let root = unsafe { geteuid() } == 0;
    if !root {
        check_read_only_folder(&ro);
    } else {
        mode(dir.path(), 0o755);
        let exe = dir.path().join("files-test");
        std::fs::copy(std::env::current_exe().unwrap(), &exe).unwrap();
        mode(&exe, 0o755);
        let out = std::process::Command::new(&exe)
            .args([
                "read_only_folder_is_a_clear_error",
                "--exact",
                "--nocapture",
            ])
            .env(RO_DIR_ENV, &ro)
            .uid(65534)
            .gid(65534)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout).to_string()
            + &String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "as nobody: {text}");
        assert!(text.contains("1 passed"), "the check did not run: {text}");
    }
    mode(&ro, 0o755);
}

#[cfg(unix)]
extern "C" {
    fn geteuid() -> u32;
}

#[cfg(unix)]
fn check_read_only_folder(ro: &std::path::Path) {
    assert!(
        std::fs::write(ro.join(".probe"), b"").is_err(),
        "the folder is writable: the check would prove nothing"
    );
    let err = write_file(&ro.join("a.pdf"), b"new").unwrap_err();
    assert!(
        err.message_ja().contains("権限がありません"),
        "{}",
        err.message_ja()
    );
    assert_eq!(std::fs::read(ro.join("a.pdf")).unwrap(), b"old");
    assert_eq!(listing(ro), ["a.pdf"]);
}
