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

#[cfg(unix)]
#[test]
fn read_only_folder_is_a_clear_error() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let ro = dir.path().join("ro");
    std::fs::create_dir(&ro).unwrap();
    std::fs::write(ro.join("a.pdf"), b"old").unwrap();
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
    // Root ignores directory permissions: detect that and skip.
    let probe = ro.join(".probe");
    if std::fs::write(&probe, b"").is_ok() {
        let _ = std::fs::remove_file(&probe);
        std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o755)).unwrap();
        eprintln!("SKIP read_only_folder_is_a_clear_error: running as root, read-only folders are writable");
        return;
    }
    let err = write_file(&ro.join("a.pdf"), b"new").unwrap_err();
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert!(err.message_ja().contains("権限"), "{}", err.message_ja());
    assert_eq!(std::fs::read(ro.join("a.pdf")).unwrap(), b"old");
    assert_eq!(listing(&ro), ["a.pdf"]);
}
