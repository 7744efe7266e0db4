//! Issue 11 through the `daicho` binary: the seed's records with what the
//! team records (担当者, 回答, 現象, 対象システム, 検討経緯, タイムライン,
//! 再発防止策, リリースノート), then export → import into a fresh database
//! gives back the same records and child rows.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn run(db: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_daicho"))
        .arg("--db")
        .arg(db)
        .args(["--user", "吉岡"])
        .args(args)
        .env_remove("DAICHO_DB")
        .env_remove("DAICHO_USER")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "daicho {args:?} failed: {stderr}");
    String::from_utf8(out.stdout).unwrap()
}

fn show(db: &Path, no: &str) -> Value {
    let mut v: Value = serde_json::from_str(&run(db, &["show", no, "--json"])).unwrap();
    // Row ids and 更新日時 are the database's own.
    v["record"]["fields"]
        .as_object_mut()
        .unwrap()
        .remove("updated_at");
    for rows in v["children"].as_object_mut().unwrap().values_mut() {
        for r in rows.as_array_mut().unwrap() {
            r.as_object_mut().unwrap().remove("id");
        }
    }
    serde_json::json!({ "record": v["record"]["fields"], "children": v["children"] })
}

#[test]
fn the_teams_records_survive_export_and_import_into_a_fresh_database() {
    let dir = tempfile::tempdir().unwrap();
    let a: PathBuf = dir.path().join("a.db");
    run(&a, &["init"]);
    run(&a, &["master", "add", "org", "石巻ガス"]);
    run(&a, &["master", "add", "person", "吉岡", "梅澤"]);
    run(
        &a,
        &[
            "master",
            "add",
            "system",
            "人事給与システム",
            "--level",
            "A",
        ],
    );
    let systems: Value =
        serde_json::from_str(&run(&a, &["master", "list", "system", "--json"])).unwrap();
    assert_eq!(systems[0]["service_level"], "A");
    let base = [
        "起票日=2022/9/22",
        "起票者=吉岡",
        "発生元組織=石巻ガス",
        "発生元ユーザ=佐藤様",
        "対象システム=人事給与システム",
    ];
    for (title, summary) in [
        (
            "社員基本の項目位置変更",
            "年齢→血液型の順序なのを血液型→年齢にしてほしい",
        ),
        ("CSVデータ出力機能追加", "社員一覧をCSVで出力したい"),
        ("パスワード再設定の手順", "再設定の方法を知りたい"),
    ] {
        let mut args = vec!["add", "インシデント"];
        args.extend(base);
        let (t, s) = (format!("タイトル={title}"), format!("概要={summary}"));
        args.extend([
            t.as_str(),
            s.as_str(),
            "発生日時=2022/9/21 23:05",
            "再現性=必ず発生",
        ]);
        run(&a, &args);
    }
    for (no, kind) in [
        ("I-0001", "障害"),
        ("I-0002", "仕様変更"),
        ("I-0003", "問い合わせ"),
    ] {
        run(
            &a,
            &[
                "triage",
                no,
                "--kind",
                kind,
                "--priority",
                "高",
                "--assignee",
                "梅澤",
                "--date",
                "2022/9/26",
            ],
        );
    }
    run(
        &a,
        &["action", "I-0003", "回答", "回答=設定画面の手順書をご案内"],
    );
    let children: [(&str, &str, &[&str]); 5] = [
        (
            "S-0001",
            "タイムライン",
            &["日付=2022/9/22", "時刻=10:00", "対応内容=連絡受領"],
        ),
        (
            "S-0001",
            "再発防止策",
            &[
                "内容=レビュー観点に項目順を追加",
                "担当者=梅澤",
                "期限=2022/11/30",
            ],
        ),
        (
            "S-0001",
            "調査結果",
            &["日付=2022/9/27", "調査結果=画面定義の並び順誤り"],
        ),
        (
            "C-0001",
            "検討経緯",
            &["日付=2022/9/27", "内容=出力項目の確定待ち"],
        ),
        (
            "C-0001",
            "検討経緯",
            &["日付=2022/10/3", "内容=概算見積もり依頼\n2行目"],
        ),
    ];
    for (no, table, fields) in children {
        let mut args = vec!["child", "add", no, table];
        args.extend(fields);
        run(&a, &args);
    }
    run(
        &a,
        &[
            "edit",
            "S-0001",
            "リリースノート=社員基本画面の項目を並べ替えました。",
        ],
    );

    let s1 = show(&a, "S-0001");
    assert_eq!(
        s1["record"]["phenomenon"],
        "年齢→血液型の順序なのを血液型→年齢にしてほしい"
    );
    assert_eq!(s1["record"]["target_system"], "人事給与システム");
    assert_eq!(s1["record"]["reproducibility"], "必ず発生");
    let i3 = show(&a, "I-0003");
    assert_eq!(i3["record"]["owner"], "梅澤");
    assert_eq!(i3["record"]["answer"], "設定画面の手順書をご案内");

    let out = dir.path().join("出力");
    std::fs::create_dir(&out).unwrap();
    run(&a, &["export", "--out", out.to_str().unwrap()]);
    let b = dir.path().join("b.db");
    run(&b, &["init"]);
    for book in ["インシデント台帳", "障害管理台帳", "変更管理台帳"] {
        let file = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.file_stem().unwrap().to_string_lossy() == book)
            .unwrap_or_else(|| panic!("{book}.xlsx not written"));
        run(&b, &["import", file.to_str().unwrap(), "--create-masters"]);
    }
    for no in ["I-0001", "I-0002", "I-0003", "S-0001", "C-0001"] {
        assert_eq!(show(&b, no), show(&a, no), "{no}");
    }
}
