//! End to end through the `daicho` binary on a temporary database: the seed's
//! whole story, from I-0001 raised to closed, with every step's history.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

struct Cli {
    dir: tempfile::TempDir,
    db: std::path::PathBuf,
}

impl Cli {
    fn new() -> Cli {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("運用台帳.db");
        Cli { dir, db }
    }

    fn cmd(&self, user: &str, args: &[&str]) -> std::process::Output {
        Command::new(env!("CARGO_BIN_EXE_daicho"))
            .arg("--db")
            .arg(&self.db)
            .args(["--user", user])
            .args(args)
            .env_remove("DAICHO_DB")
            .env_remove("DAICHO_USER")
            .output()
            .unwrap()
    }

    /// Runs a command that must succeed.
    fn ok(&self, user: &str, args: &[&str]) -> String {
        let out = self.cmd(user, args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "daicho {args:?} failed: {stderr}");
        String::from_utf8(out.stdout).unwrap()
    }

    fn json(&self, args: &[&str]) -> Value {
        let mut a = args.to_vec();
        a.push("--json");
        serde_json::from_str(&self.ok("吉岡", &a)).unwrap()
    }

    /// Runs a command that must fail; returns stderr.
    fn fails(&self, args: &[&str]) -> String {
        let out = self.cmd("吉岡", args);
        assert!(!out.status.success(), "daicho {args:?} should fail");
        assert!(out.stdout.is_empty(), "a failure prints nothing on stdout");
        String::from_utf8(out.stderr).unwrap()
    }

    fn field(&self, no: &str, key: &str) -> String {
        let v = self.json(&["show", no]);
        match &v["record"]["fields"][key] {
            Value::String(s) => s.clone(),
            Value::Null => String::new(),
            other => other.to_string(),
        }
    }
}

fn exists(p: &Path) -> bool {
    p.exists()
}

#[test]
fn seed_story_from_intake_to_close() {
    let c = Cli::new();
    c.ok("吉岡", &["init"]);
    assert!(exists(&c.db));
    c.ok("吉岡", &["master", "add", "org", "石巻ガス"]);
    c.ok("吉岡", &["master", "add", "person", "吉岡", "梅澤", "高橋"]);

    // ③ 起票
    let out = c.ok(
        "吉岡",
        &[
            "add",
            "インシデント",
            "起票日=2022/9/22",
            "起票者=吉岡",
            "発生元組織=石巻ガス",
            "発生元ユーザ=佐藤様",
            "タイトル=社員基本の項目位置変更",
            "概要=年齢→血液型の順序なのを血液型→年齢にしてほしい",
        ],
    );
    assert!(out.contains("I-0001 を起票しました"), "{out}");
    assert!(out.contains("未着手"));

    // ④ 定例会で切り分け
    let t = c.json(&[
        "triage",
        "I-0001",
        "--kind",
        "障害",
        "--priority",
        "低",
        "--assignee",
        "梅澤",
        "--date",
        "2022/9/26",
    ]);
    assert_eq!(t["created"]["no"], "S-0001");
    assert_eq!(c.field("I-0001", "status"), "方針検討済");
    assert_eq!(c.field("I-0001", "triaged_on"), "2022-09-26");
    assert_eq!(c.field("I-0001", "transfer_no"), "S-0001");

    // 障害: 調査 → 障害対応検討会議 → 作業
    c.ok(
        "梅澤",
        &["action", "S-0001", "調査開始", "--date", "2022/9/27"],
    );
    c.ok(
        "梅澤",
        &[
            "child",
            "add",
            "S-0001",
            "タイムライン",
            "日付=2022/9/22",
            "時刻=10:00",
            "対応内容=佐藤様より依頼を受領",
        ],
    );
    c.ok(
        "梅澤",
        &[
            "child",
            "add",
            "S-0001",
            "調査結果",
            "日付=2022/9/27",
            "調査結果=画面定義の項目順が逆",
        ],
    );
    c.ok(
        "梅澤",
        &[
            "edit",
            "S-0001",
            "直接原因=画面定義の項目順",
            "暫定対応=なし",
            "根本原因=直接原因と同一",
            "恒久対応=画面定義の修正",
        ],
    );
    c.ok(
        "梅澤",
        &["action", "S-0001", "作業可", "--date", "2022/9/29"],
    );
    c.ok(
        "梅澤",
        &["action", "S-0001", "作業開始", "--date", "2022/9/30"],
    );
    c.ok(
        "吉岡",
        &[
            "action",
            "I-0001",
            "着手報告",
            "--date",
            "2022/9/30",
            "開発対応完了予定日=2022/10/14",
        ],
    );
    assert_eq!(c.field("I-0001", "status"), "改修着手済");

    // リリース 1.0.1: QA → 判定 → ステージング → 本番 → 完了判定 → 完了報告
    c.ok(
        "梅澤",
        &[
            "release",
            "create",
            "1.0.1",
            "本番環境リリース予定日=2022/10/20",
        ],
    );
    c.ok("梅澤", &["release", "add", "1.0.1", "S-0001"]);
    c.ok(
        "梅澤",
        &[
            "release",
            "advance",
            "1.0.1",
            "QA環境リリース",
            "--date",
            "2022/10/11",
        ],
    );
    assert_eq!(c.field("S-0001", "status"), "QA環境動作確認中");
    c.ok(
        "高橋",
        &[
            "release",
            "advance",
            "1.0.1",
            "QA環境動作確認",
            "--date",
            "2022/10/13",
        ],
    );
    c.ok(
        "吉岡",
        &["release", "judge", "1.0.1", "OK", "--date", "2022/10/14"],
    );
    for (a, d) in [
        ("ステージング環境リリース", "2022/10/17"),
        ("ステージング環境動作確認", "2022/10/18"),
        ("本番環境リリース", "2022/10/20"),
        ("本番動作確認", "2022/10/20"),
    ] {
        c.ok("梅澤", &["release", "advance", "1.0.1", a, "--date", d]);
    }
    assert_eq!(c.field("S-0001", "status"), "リリース完了判定中");
    c.ok(
        "吉岡",
        &["release", "judge", "1.0.1", "OK", "--date", "2022/10/21"],
    );
    c.ok(
        "吉岡",
        &["release", "complete", "1.0.1", "--date", "2022/10/21"],
    );

    assert_eq!(c.field("S-0001", "status"), "対応済");
    assert_eq!(c.field("S-0001", "completed_on"), "2022-10-21");
    assert_eq!(c.field("I-0001", "status"), "本番リリース済");
    assert_eq!(c.field("I-0001", "completed_on"), "2022-10-21");
    assert_eq!(c.field("I-0001", "release_ver"), "1.0.1");

    // ⑬ クローズ
    c.ok(
        "吉岡",
        &["action", "I-0001", "クローズ", "--date", "2022/10/24"],
    );
    assert_eq!(c.field("I-0001", "status"), "対応済");
    assert_eq!(c.field("I-0001", "closed_on"), "2022-10-24");

    // Every step is in the history, with who did it.
    let hist = c.json(&["history", "I-0001"]);
    let actions: Vec<&str> = hist
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["action"].as_str().unwrap())
        .collect();
    for a in ["起票", "切り分け", "着手報告", "完了報告", "クローズ"] {
        assert!(actions.contains(&a), "{a} missing from {actions:?}");
    }
    let s_hist = c.json(&["history", "S-0001"]);
    let s_actions: Vec<&str> = s_hist
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["action"].as_str().unwrap())
        .collect();
    for a in [
        "切り分け",
        "調査開始",
        "タイムライン追加",
        "調査結果追加",
        "編集",
        "作業可",
        "作業開始",
        "リリース追加",
        "QA環境リリース",
        "リリース判定OK",
        "本番環境リリース",
        "クローズ/完了報告",
    ] {
        assert!(s_actions.contains(&a), "{a} missing from {s_actions:?}");
    }
    assert!(s_hist
        .as_array()
        .unwrap()
        .iter()
        .any(|h| h["action"] == "QA環境動作確認" && h["actor"] == "高橋"));
    let r_hist = c.ok("吉岡", &["history", "1.0.1"]);
    assert!(r_hist.contains("リリース判定会議 OK"), "{r_hist}");
    let day = c.ok("吉岡", &["history", "--day", "2022/10/21"]);
    assert!(day.contains("日時"), "table header in Japanese");

    // Readable tables with Japanese headers.
    let list = c.ok("吉岡", &["list", "incident"]);
    assert!(
        list.contains("No.") && list.contains("ステータス") && list.contains("対応済"),
        "{list}"
    );
    assert!(list.contains("1 件中 1–1 件"));
    let found = c.json(&["search", "血液型"]);
    assert!(found
        .as_array()
        .unwrap()
        .iter()
        .any(|h| h["no"] == "I-0001"));
}

#[test]
fn bad_input_is_refused_in_japanese_and_writes_nothing() {
    let c = Cli::new();
    c.ok("吉岡", &["init"]);
    c.ok("吉岡", &["master", "add", "org", "石巻ガス"]);
    c.ok("吉岡", &["master", "add", "person", "吉岡"]);
    let err = c.fails(&["add", "incident", "タイトル=件名だけ"]);
    assert!(err.contains("エラー:") && err.contains("概要"), "{err}");
    let err = c.fails(&[
        "add",
        "incident",
        "起票日=あした",
        "起票者=吉岡",
        "発生元組織=石巻ガス",
        "タイトル=t",
        "概要=s",
    ]);
    assert!(
        err.contains("起票日") && err.contains("読み取れません"),
        "{err}"
    );
    assert_eq!(c.json(&["list", "incident"])["total"], 0);
    c.ok(
        "吉岡",
        &[
            "add",
            "incident",
            "起票日=2022/9/22",
            "起票者=吉岡",
            "発生元組織=石巻ガス",
            "タイトル=t",
            "概要=s",
        ],
    );
    let err = c.fails(&["action", "I-0001", "クローズ"]);
    assert!(
        err.contains("「未着手」") && err.contains("切り分け"),
        "{err}"
    );
    let err = c.fails(&["triage", "I-0001", "--kind", "障害"]);
    assert!(err.contains("担当者"), "{err}");
    // No S- number was consumed by the refused triage.
    c.ok("吉岡", &["master", "add", "person", "梅澤"]);
    let t = c.json(&["triage", "I-0001", "--kind", "障害", "--assignee", "梅澤"]);
    assert_eq!(t["created"]["no"], "S-0001");
    let err = c.fails(&["show", "I-0099"]);
    assert!(err.contains("I-0099"), "{err}");
    let out = c.cmd("吉岡", &["show", "I-0099", "--json"]);
    let e: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(e["error"]["kind"], "not_found");
}

#[test]
fn demo_fills_an_empty_database_once() {
    let c = Cli::new();
    let s = c.json(&["demo", "--count", "120"]);
    assert!(s["incidents"].as_u64().unwrap() > 100, "{s}");
    let home = c.ok("吉岡", &["home"]);
    assert!(
        home.contains("未完了件数") && home.contains("インシデント台帳"),
        "{home}"
    );
    let err = c.fails(&["demo"]);
    assert!(err.contains("空のデータベース"), "{err}");
}

#[test]
fn documents_ledgers_and_mails_land_on_the_shared_drive() {
    let c = Cli::new();
    c.json(&["demo", "--count", "40"]);
    let err = c.fails(&["doc", "S-0001"]);
    assert!(err.contains("共有フォルダが設定されていません"), "{err}");
    let share = c.dir.path().join("fileserver").join("運用");
    std::fs::create_dir_all(&share).unwrap();
    c.ok("吉岡", &["config", "shared_root", share.to_str().unwrap()]);
    c.ok(
        "吉岡",
        &["config", "team_name", "株式会社サンプル 運用保守チーム"],
    );
    let out = c.ok("吉岡", &["doc", "S-0001"]);
    let ops = share.join("10-運用・保守");
    assert!(
        ops.join("障害管理/障害対応報告書/S-0001_障害対応報告書.pdf")
            .is_file(),
        "{out}"
    );
    assert!(ops
        .join("障害管理/障害対応報告書/S-0001_障害対応報告書.xlsx")
        .is_file());
    c.ok("吉岡", &["doc", "C-0001", "--format", "pdf"]);
    assert!(ops
        .join("変更管理/仕様変更指示書/C-0001_仕様変更指示書.pdf")
        .is_file());
    c.ok("吉岡", &["export"]);
    for f in [
        "インシデント管理/インシデント台帳.xlsx",
        "障害管理/障害管理台帳.xlsx",
        "変更管理/変更管理台帳.xlsx",
    ] {
        assert!(ops.join(f).is_file(), "{f}");
    }
    let mail = c.ok("吉岡", &["mail", "リリース案内", "1.0.1", "--shared"]);
    assert!(
        mail.contains("佐藤様") && mail.contains("株式会社サンプル 運用保守チーム"),
        "{mail}"
    );
    let txt =
        std::fs::read(ops.join("インシデント管理/リリース案内/リリース案内_1.0.1.txt")).unwrap();
    assert!(
        String::from_utf8(txt).unwrap().contains("\r\n"),
        "CRLF for Windows"
    );
    let blank_dir = c.dir.path().join("様式");
    std::fs::create_dir(&blank_dir).unwrap();
    c.ok(
        "吉岡",
        &[
            "doc",
            "--blank",
            "--kind",
            "インシデント起票用シート",
            "--format",
            "xlsx",
            "--out",
            blank_dir.to_str().unwrap(),
        ],
    );
    assert!(blank_dir.join("インシデント起票用シート.xlsx").is_file());
    let err = c.fails(&["doc", "S-0001", "--kind", "仕様変更指示書"]);
    assert!(err.contains("変更管理台帳から作成します"), "{err}");
}

/// `daicho list … | head`: a reader that stops early ends the command
/// quietly (exit 0, no panic message), as other command-line tools do.
#[test]
fn output_to_a_closed_pipe_ends_quietly() {
    let cli = Cli::new();
    cli.ok("吉岡", &["demo", "--count", "40"]);
    let mut child = Command::new(env!("CARGO_BIN_EXE_daicho"))
        .arg("--db")
        .arg(&cli.db)
        .args(["list", "incident", "--limit", "500"])
        .env_remove("DAICHO_DB")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{:?}: {stderr}", out.status);
    assert!(!stderr.contains("panicked"), "{stderr}");
}
