//! `daicho report …` through the binary: the demo data's 月次報告書 and
//! 定例会資料 written to a folder and to the shared drive, the 所見 stored
//! with its month, `--json` figures, and Japanese errors.
//!
//! The clock is frozen (`DAICHO_NOW`) so the demo data and every figure are
//! the same on every run; the headline figures are recomputed here from the
//! records the CLI lists, by the written definitions.

use std::process::Command;

use serde_json::Value;

/// The frozen clock: October 2026 is a closed month.
const NOW: &str = "2026-11-30T10:00";

fn daicho(db: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_daicho"))
        .arg("--db")
        .arg(db)
        .args(["--user", "吉岡"])
        .args(args)
        .env("DAICHO_NOW", NOW)
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
    let fig = &v["figures"];
    assert_eq!(fig["month"], "2026-10");
    assert_eq!(fig["closed_month"], true);
    assert_eq!(fig["findings"], "初動の遅れを定例会で確認します。");
    // Headline figures by their definitions, from the listed records.
    let incidents: Value = serde_json::from_str(&ok(
        &db,
        &["list", "incident", "--limit", "100000", "--json"],
    ))
    .unwrap();
    let (raised, closed, backlog) = month_flow(&incidents, "2026-10");
    assert!(
        raised > 0 && closed > 0 && backlog > 0,
        "{raised} {closed} {backlog}"
    );
    assert_eq!(fig["incidents"]["raised"], raised, "発生件数");
    assert_eq!(fig["incidents"]["closed"], closed, "クローズ件数");
    assert_eq!(fig["incidents"]["backlog"], backlog, "月末残件数");
    let defs = fig["definitions"].as_array().unwrap();
    for key in ["raised", "closed", "backlog", "lead_time"] {
        assert!(
            defs.iter().any(|d| d["key"] == key),
            "definition {key} missing"
        );
    }
    assert!(out.join("月次報告書_2026年10月.pdf").is_file());
    assert!(out.join("月次報告書_2026年10月.xlsx").is_file());

    // Same month again: the same figures, to the last one.
    let again: Value = serde_json::from_str(&ok(
        &db,
        &["report", "monthly", "2026-10", "--no-files", "--json"],
    ))
    .unwrap();
    assert_eq!(v["figures"], again["figures"]);
    // The report carries the history's hash-chain head, as `daicho verify` prints it.
    let verify: Value = serde_json::from_str(&ok(&db, &["verify", "--json"])).unwrap();
    let head = verify["head"].as_str().unwrap();
    assert_eq!(head.len(), 64);
    assert!(
        v["figures"]["history_head"]
            .as_str()
            .unwrap()
            .starts_with(head),
        "{}",
        v["figures"]["history_head"]
    );

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

/// 発生 (起票日 in the month), クローズ (クローズ日 in the month) and 月末残
/// (raised by the month end, not closed by then) of listed incidents. The
/// demo never reopens an incident, so クローズ日 is the one closure.
fn month_flow(list: &Value, month: &str) -> (u64, u64, u64) {
    let records = list["records"].as_array().expect("records");
    let in_month = |d: &str| d.starts_with(month);
    let month_end = format!("{month}-31");
    let (mut raised, mut closed, mut backlog) = (0, 0, 0);
    for r in records {
        let f = &r["fields"];
        let raised_on = f["raised_on"].as_str().unwrap_or("");
        let closed_on = f["closed_on"].as_str().unwrap_or("");
        if in_month(raised_on) {
            raised += 1;
        }
        if in_month(closed_on) {
            closed += 1;
        }
        if !raised_on.is_empty()
            && raised_on <= month_end.as_str()
            && (closed_on.is_empty() || closed_on > month_end.as_str())
        {
            backlog += 1;
        }
    }
    (raised, closed, backlog)
}

/// Months and counts typed out of range are a Japanese error (exit 1), not a
/// panic (exit 101).
#[test]
fn out_of_range_months_and_counts_are_errors_not_panics() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("daicho.db");
    ok(&db, &["init"]);
    for args in [
        vec!["report", "monthly", "300000-01", "--out", "."],
        vec!["report", "findings", "1899-12"],
        vec!["report", "weekly", "00010101", "--out", "."],
        vec!["demo", "--count", "18446744073709551615"],
    ] {
        let out = daicho(&db, &args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("指定してください") || err.contains("入力してください"),
            "{args:?}: {err}"
        );
    }
}
