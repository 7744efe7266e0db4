//! `daicho report …` through the binary: the demo data's 月次報告書 and
//! 定例会資料 written to a folder and to the shared drive, the 所見 stored
//! with its month, `--json` figures, and Japanese errors.

use std::process::Command;

use serde_json::Value;

fn daicho(db: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_daicho"))
        .arg("--db")
        .arg(db)
        .args(["--user", "吉岡"])
        .args(args)
        .env_remove("DAICHO_DB")
        .env_remove("DAICHO_USER")
        .output()
        .unwrap()
}

fn ok(db: &std::path::Path, args: &[&str]) -> String {
    let out = daicho(db, args);
    assert!(
        out.status.success(),
        "daicho {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn monthly_and_weekly_reports_from_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("daicho.db");
    ok(&db, &["demo", "--count", "120"]);

    ok(
        &db,
        &[
            "report",
            "findings",
            "2026-10",
            "初動の遅れを定例会で確認します。",
        ],
    );
    let f: Value =
        serde_json::from_str(&ok(&db, &["report", "findings", "2026年10月", "--json"])).unwrap();
    assert_eq!(f["findings"], "初動の遅れを定例会で確認します。");

    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let v: Value = serde_json::from_str(&ok(
        &db,
        &[
            "report",
            "monthly",
            "2026-10",
            "--out",
            out.to_str().unwrap(),
            "--json",
        ],
    ))
    .unwrap();
    assert_eq!(v["figures"]["month"], "2026-10");
    assert_eq!(v["figures"]["findings"], "初動の遅れを定例会で確認します。");
    assert!(v["figures"]["incidents"]["raised"].is_u64());
    assert!(v["figures"]["definitions"].as_array().unwrap().len() > 10);
    assert!(out.join("月次報告書_2026年10月.pdf").is_file());
    assert!(out.join("月次報告書_2026年10月.xlsx").is_file());

    // Same month again: same figures (the demo's clock is "now", so only
    // compare when the month is closed).
    let again: Value = serde_json::from_str(&ok(
        &db,
        &["report", "monthly", "2026-10", "--no-files", "--json"],
    ))
    .unwrap();
    if v["figures"]["closed_month"] == true {
        assert_eq!(v["figures"]["trend"], again["figures"]["trend"]);
    }

    // The shared drive: 10-運用・保守/報告/ below the configured root.
    let root = dir.path().join("共有");
    std::fs::create_dir(&root).unwrap();
    ok(&db, &["config", "shared_root", root.to_str().unwrap()]);
    let text = ok(&db, &["report", "weekly", "2026-11-23", "--format", "pdf"]);
    assert!(text.contains("切り分け待ち"), "{text}");
    assert!(root
        .join("10-運用・保守/報告/定例会資料_2026年11月23日.pdf")
        .is_file());

    let bad = daicho(&db, &["report", "monthly", "2026-13"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("2026-10 の形式"));

    let defs = ok(&db, &["report", "definitions"]);
    assert!(defs.contains("MTTR（平均復旧時間）"));
}
