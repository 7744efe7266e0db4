//! `daicho import` through the binary: a CP932 CSV and a workbook with a
//! title row, the Japanese mapping and problem tables, `--json`, dry runs
//! that write nothing, `--map` / `--create-masters`, re-imports, and a
//! damaged file (Japanese error, non-zero exit, nothing written).

use std::process::{Command, Output};

use serde_json::Value;

struct Cli {
    dir: tempfile::TempDir,
}

impl Cli {
    fn new() -> Cli {
        let cli = Cli {
            dir: tempfile::tempdir().unwrap(),
        };
        cli.ok(&["init"]);
        cli
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_daicho"))
            .arg("--db")
            .arg(self.dir.path().join("daicho.db"))
            .args(["--user", "吉岡"])
            .args(args)
            .env_remove("DAICHO_DB")
            .env_remove("DAICHO_USER")
            .output()
            .unwrap()
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "daicho {args:?} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn file(&self, name: &str, bytes: &[u8]) -> String {
        let p = self.dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p.to_string_lossy().into_owned()
    }

    fn count(&self, ledger: &str) -> u64 {
        let v: Value = serde_json::from_str(&self.ok(&["list", ledger, "--json"])).unwrap();
        v["total"].as_u64().unwrap()
    }
}

const CSV: &str = "インシデント台帳 (2022年度)\r\n\
No.,受付日,起票者,部署,件名,内容,状態\r\n\
I-0001,令和4年9月22日,吉岡,石巻ガス,社員基本の項目位置変更,年齢と血液型の順序,未着手\r\n\
I-0005,2022/9/26,梅澤,新しい会社,夜間バッチ遅延,朝までに終わらない,保留\r\n";

fn cp932(s: &str) -> Vec<u8> {
    encoding_rs::SHIFT_JIS.encode(s).0.into_owned()
}

#[test]
fn import_cp932_csv_dry_run_then_fix_and_import_twice() {
    let cli = Cli::new();
    cli.ok(&["master", "add", "org", "石巻ガス"]);
    cli.ok(&["master", "add", "person", "吉岡", "梅澤"]);
    let file = cli.file("台帳.csv", &cp932(CSV));

    // Problems: a Japanese table with sheet, row, column, value, reason; non-zero exit.
    let out = cli.run(&["import", &file, "--dry-run"]);
    assert!(!out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    for h in [
        "列",
        "見出し",
        "取り込む項目",
        "シート",
        "行",
        "値",
        "理由",
        "保留",
        "新しい会社",
        "発生元組織",
    ] {
        assert!(stdout.contains(h), "{h} missing in\n{stdout}");
    }
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("何も書き込んでいません"));
    assert_eq!(cli.count("incident"), 0);

    // --json carries the same report.
    let out = cli.run(&["import", &file, "--dry-run", "--json"]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let problem = v["problems"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["value"] == "保留")
        .unwrap();
    assert_eq!(problem["row"], 4);
    assert_eq!(problem["column"], "G");
    assert_eq!(v["ledger"], "incident");

    // Fixed with --map and --create-masters; the dry run passes and writes nothing.
    let fix = ["--map", "保留=方針検討中", "--create-masters"];
    let mut args = vec!["import", file.as_str(), "--dry-run"];
    args.extend(fix);
    let text = cli.ok(&args);
    assert!(text.contains("新規 2 件"), "{text}");
    assert_eq!(cli.count("incident"), 0);

    let mut args = vec!["import", file.as_str(), "--json"];
    args.extend(fix);
    let v: Value = serde_json::from_str(&cli.ok(&args)).unwrap();
    assert_eq!(v["committed"], true);
    assert_eq!(v["created"], serde_json::json!(["I-0001", "I-0005"]));
    let shown: Value = serde_json::from_str(&cli.ok(&["show", "I-0005", "--json"])).unwrap();
    assert_eq!(shown["record"]["fields"]["status"], "方針検討中");
    assert_eq!(shown["record"]["fields"]["raised_on"], "2022-09-26");

    // Importing again: same records, no history written.
    let history = cli.ok(&["history", "I-0001", "--json"]);
    let mut args = vec!["import", file.as_str()];
    args.extend(fix);
    let text = cli.ok(&args);
    assert!(
        text.contains("新規 0 件、更新 0 件、変更なし 2 件"),
        "{text}"
    );
    assert_eq!(cli.count("incident"), 2);
    assert_eq!(cli.ok(&["history", "I-0001", "--json"]), history);
    let v: Value = serde_json::from_str(&cli.ok(&[
        "add",
        "incident",
        "起票日=2022/10/1",
        "起票者=吉岡",
        "発生元組織=石巻ガス",
        "タイトル=次",
        "概要=次",
        "--json",
    ]))
    .unwrap();
    assert_eq!(v["no"], "I-0006");
}

#[test]
fn damaged_file_is_a_japanese_error_and_writes_nothing() {
    let cli = Cli::new();
    let file = cli.file("台帳.xlsx", b"PK\x03\x04truncated");
    let out = cli.run(&["import", &file]);
    assert!(!out.status.success());
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("エラー") && err.contains("読み取れません"),
        "{err}"
    );
    assert_eq!(cli.count("incident"), 0);

    let out = cli.run(&["import", "/nonexistent/台帳.csv"]);
    assert!(!out.status.success());
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("開けません"));
    let out = cli.run(&["import", &file, "--encoding", "euc"]);
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("文字コード"));
}

#[test]
fn an_older_copy_needs_update_existing_and_huge_numbers_are_refused() {
    let cli = Cli::new();
    cli.ok(&["master", "add", "org", "石巻ガス"]);
    cli.ok(&["master", "add", "person", "吉岡"]);
    let head = "No.,起票日,起票者,発生元組織,タイトル,概要,ステータス\n";
    let csv = |status: &str| format!("{head}I-0001,2022/9/22,吉岡,石巻ガス,件名,概要,{status}\n");
    let now = cli.file("今.csv", csv("方針検討済").as_bytes());
    cli.ok(&["import", &now]);
    let old = cli.file("古い.csv", csv("未着手").as_bytes());
    for args in [vec!["import", &old], vec!["import", &old, "--dry-run"]] {
        let out = cli.run(&args);
        assert!(!out.status.success());
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("「方針検討済」から「未着手」に戻ります"),
            "{text}"
        );
        assert!(text.contains("--update-existing"), "{text}");
    }
    let text = cli.ok(&["import", &old, "--update-existing"]);
    assert!(text.contains("上書きする行"), "{text}");
    let shown: Value = serde_json::from_str(&cli.ok(&["show", "I-0001", "--json"])).unwrap();
    assert_eq!(shown["record"]["fields"]["status"], "未着手");

    let huge = format!("{head}I-9223372036854775807,2022/9/22,吉岡,石巻ガス,件名,概要,未着手\n");
    let out = cli.run(&["import", &cli.file("大.csv", huge.as_bytes())]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("9999999"));
    assert_eq!(cli.count("incident"), 1);
}
