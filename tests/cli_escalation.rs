//! `daicho escalation`, `daicho mail … --sent-to` and `daicho home` through
//! the binary, the clock moved forward with `DAICHO_NOW`: a failure becomes
//! 要注意 then 超過, its notices' 次報予定 follow the 連絡履歴, and open
//! 再発防止策 show on Home.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

fn run(db: &Path, now: &str, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_daicho"))
        .arg("--db")
        .arg(db)
        .args(["--user", "吉岡"])
        .args(args)
        .env("DAICHO_NOW", now)
        .env_remove("DAICHO_DB")
        .env_remove("DAICHO_USER")
        .output()
        .unwrap();
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
    serde_json::from_str(&run(db, now, &a)).unwrap()
}

fn titles(v: &Value, list: &str) -> Vec<String> {
    v[list]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            format!(
                "{} {}",
                e["no"].as_str().unwrap(),
                e["measure_label"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn escalation_and_notices_follow_the_clock_and_the_contact_log() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("daicho.db");
    let t0 = "2026-11-04T10:00";
    run(&db, t0, &["init"]);
    run(&db, t0, &["master", "add", "person", "吉岡", "梅澤"]);
    run(
        &db,
        t0,
        &[
            "add",
            "障害",
            "起票日=2026/11/4",
            "起票者=吉岡",
            "担当者=梅澤",
            "タイトル=夜間バッチの停止",
            "Severity=Critical",
            "発生日時=2026/11/4 10:00",
            "対応期限=2026/11/6",
        ],
    );
    // 10:10: 初報 (due 10:05) is late; 10 of 60 minutes used.
    let v = json(&db, "2026-11-04T10:10", &["escalation"]);
    assert_eq!(v["notices"][0]["kind"], "初報");
    assert_eq!(v["notices"][0]["overdue"], true);
    assert!(titles(&v, "attention").is_empty() && titles(&v, "breached").is_empty());
    run(
        &db,
        "2026-11-04T10:12",
        &["mail", "初報", "S-0001", "--sent-to", "統括責任者"],
    );
    // 10:50: 50 of 60 minutes → 要注意; next 定時報 an hour after the 初報.
    let v = json(&db, "2026-11-04T10:50", &["escalation"]);
    assert_eq!(titles(&v, "attention"), ["S-0001 障害 復旧"]);
    assert_eq!(v["notices"][0]["kind"], "定時報");
    assert_eq!(v["notices"][0]["due"], "2026-11-04T11:12:00");
    // 11:01: breached, escalate to L3 and the client.
    let v = json(&db, "2026-11-04T11:01", &["escalation"]);
    assert_eq!(titles(&v, "breached"), ["S-0001 障害 復旧"]);
    assert_eq!(v["breached"][0]["escalate_to"], "L3 サポート・クライアント");
    assert_eq!(v["breached"][0]["owner"], "梅澤");
    let text = run(&db, "2026-11-04T11:01", &["escalation"]);
    assert!(
        text.contains("■ 超過 (1 件)") && text.contains("エスカレーション先"),
        "{text}"
    );

    // 再発防止策 need 担当者 and 期限; the open one shows on Home, overdue later.
    let out = Command::new(env!("CARGO_BIN_EXE_daicho"))
        .arg("--db")
        .arg(&db)
        .args(["child", "add", "S-0001", "再発防止策", "内容=監視の追加"])
        .env("DAICHO_NOW", "2026-11-05T10:00")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("担当者、期限"));
    run(
        &db,
        "2026-11-05T10:00",
        &[
            "child",
            "add",
            "S-0001",
            "再発防止策",
            "内容=監視の追加",
            "担当者=梅澤",
            "期限=2026/11/20",
        ],
    );
    let h = json(&db, "2026-11-25T10:00", &["home"]);
    assert_eq!(h["preventions"][0]["content"], "監視の追加");
    assert_eq!(h["preventions"][0]["overdue"], true);
    let overdue: Vec<&str> = h["overdue"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["no"].as_str().unwrap())
        .collect();
    assert!(
        overdue.contains(&"S-0001"),
        "対応期限 11/6 passed: {overdue:?}"
    );
    let text = run(&db, "2026-11-25T10:00", &["home"]);
    assert!(
        text.contains("監視の追加 (担当 梅澤, 期限 2026/11/20, 期限超過)"),
        "{text}"
    );
}
