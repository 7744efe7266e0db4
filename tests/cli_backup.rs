//! `daicho backup`, `backup list`, `restore`, `verify`, `optimize` through the binary,
//! and a mistyped `--db` that must not create an empty database.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

pub fn daicho(db: &Path, now: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_daicho"))
        .arg("--db")
        .arg(db)
        .args(["--user", "吉岡"])
        .args(args)
        .env_remove("DAICHO_DB")
        .env_remove("DAICHO_USER")
        .env("DAICHO_NOW", now)
        .output()
        .unwrap()
}

fn ok(db: &Path, now: &str, args: &[&str]) -> String {
    let out = daicho(db, now, args);
    assert!(
        out.status.success(),
        "daicho {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn json(db: &Path, now: &str, args: &[&str]) -> Value {
    let mut a = args.to_vec();
    a.push("--json");
    serde_json::from_str(&ok(db, now, &a)).unwrap()
}

#[test]
fn a_mistyped_db_is_refused_and_nothing_is_created() {
    let dir = tempfile::tempdir().unwrap();
    let typo = dir.path().join("daicyo.db");
    let out = daicho(&typo, "2026-11-30T10:00", &["list", "incident"]);
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("daicyo.db") && err.contains("daicho init"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "nothing created"
    );
    // `init` creates it; then the same command works.
    ok(&typo, "2026-11-30T10:00", &["init"]);
    ok(&typo, "2026-11-30T10:00", &["list", "incident"]);
}

#[test]
fn backup_list_restore_and_verify() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("daicho.db");
    let shared = dir.path().join("共有");
    let t1 = "2026-11-30T10:15:00";
    json(&db, t1, &["demo", "--count", "30"]);
    ok(
        &db,
        t1,
        &["config", "shared_root", shared.to_str().unwrap()],
    );
    // The start of the day's first command already took the daily backup.
    let list = json(&db, t1, &["backup", "list"]);
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
    assert_eq!(list[0]["name"], "daicho_2026-11-30_101500.db");

    let t2 = "2026-11-30T11:00:00";
    let made = json(&db, t2, &["backup"]);
    let name = "daicho_2026-11-30_110000.db";
    assert_eq!(made["backup"]["name"], name);
    let mirror = shared.join("10-運用・保守").join("バックアップ").join(name);
    assert!(mirror.is_file(), "mirrored to the shared drive");
    assert_eq!(PathBuf::from(made["mirror"].as_str().unwrap()), mirror);

    let head = json(&db, t2, &["verify"]);
    assert_eq!(head["ok"], true);
    assert_eq!(head["head"].as_str().unwrap().len(), 64);
    let human = ok(&db, t2, &["verify"]);
    assert!(human.contains(head["head"].as_str().unwrap()), "{human}");

    let before = json(&db, t2, &["list", "incident", "--limit", "1000"]);
    ok(&db, t2, &["delete", "I-0001"]);
    assert_ne!(
        json(&db, t2, &["list", "incident", "--limit", "1000"]),
        before
    );
    let backup = dir.path().join("backups").join(name);
    let restored = json(
        &db,
        "2026-11-30T12:00",
        &["restore", backup.to_str().unwrap()],
    );
    assert!(restored["safety_backup"]["name"]
        .as_str()
        .unwrap()
        .starts_with("daicho_2026-11-30_120000"));
    assert_eq!(
        json(&db, t2, &["list", "incident", "--limit", "1000"]),
        before
    );
    assert_eq!(json(&db, t2, &["verify"])["head"], head["head"]);

    let out = daicho(&db, t2, &["restore", "no-such-backup.db"]);
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("daicho backup list"), "{err}");
}

#[test]
fn optimize_compacts_the_file_and_keeps_everything() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("daicho.db");
    let t = "2026-11-30T10:00:00";
    json(&db, t, &["demo", "--count", "40"]);
    for no in ["I-0002", "I-0003", "I-0004"] {
        ok(&db, t, &["delete", no]);
    }
    let list = json(&db, t, &["list", "incident", "--limit", "1000"]);
    let search = json(&db, t, &["search", "エラー"]);
    let head = json(&db, t, &["verify"])["head"].clone();

    let o = json(&db, t, &["optimize"]);
    let (before, after) = (
        o["before_bytes"].as_i64().unwrap(),
        o["after_bytes"].as_i64().unwrap(),
    );
    assert!(after > 0 && after <= before, "{o}");
    let human = ok(&db, t, &["optimize"]);
    assert!(
        human.starts_with("データベースを最適化しました: "),
        "{human}"
    );
    assert!(human.contains(" MB → "), "{human}");

    assert_eq!(json(&db, t, &["list", "incident", "--limit", "1000"]), list);
    assert_eq!(json(&db, t, &["search", "エラー"]), search);
    assert_eq!(json(&db, t, &["verify"])["head"], head);
}
