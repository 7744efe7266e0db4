//! Attachments travel with the export: beside each ledger workbook, byte
//! for byte, listed with their SHA-256.

use daicho_core::domain::ledger::Ledger;
use daicho_core::domain::master::Master;
use daicho_core::service::TriageDecision;
use daicho_core::Daicho;
use daicho_export::{export_ledgers, Destination, ExportSettings, ATTACHMENT_DIR};

fn kv(p: &[(&str, &str)]) -> Vec<(String, String)> {
    p.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn records_with_files() -> Daicho {
    let mut d = Daicho::open_in_memory().unwrap();
    d.set_actor("吉岡");
    d.add_master(Master::Organization, "石巻ガス").unwrap();
    for p in ["吉岡", "梅澤"] {
        d.add_master(Master::Person, p).unwrap();
    }
    for (title, kind) in [("帳票崩れ", "障害"), ("CSV出力追加", "仕様変更")] {
        let i = d
            .create(
                Ledger::Incident,
                &kv(&[
                    ("起票日", "2022/9/22"),
                    ("起票者", "吉岡"),
                    ("発生元組織", "石巻ガス"),
                    ("タイトル", title),
                    ("概要", "概要"),
                ]),
            )
            .unwrap();
        d.triage(
            &i.no,
            &TriageDecision {
                kind: kind.into(),
                priority: Some("高".into()),
                assignee: Some("梅澤".into()),
                ..Default::default()
            },
        )
        .unwrap();
    }
    d.create_release("1.0.1", &[]).unwrap();
    d.add_attachment("S-0001", "エラー画面.png", b"\x89PNG screen")
        .unwrap();
    d.add_attachment("S-0001", "エラー画面.png", b"\x89PNG second")
        .unwrap();
    d.add_attachment("C-0001", "見積書.pdf", b"%PDF estimate")
        .unwrap();
    let gone = d
        .add_attachment("C-0001", "古い見積書.pdf", b"%PDF old")
        .unwrap();
    d.remove_attachment("C-0001", gone.id).unwrap();
    d.add_attachment("1.0.1", "QA画面.png", b"\x89PNG qa")
        .unwrap();
    d
}

#[test]
fn files_go_beside_their_workbook_with_a_hashed_list() {
    let d = records_with_files();
    let root = tempfile::tempdir().unwrap();
    let settings = ExportSettings {
        shared_root: Some(root.path().into()),
        ..Default::default()
    };
    let written = export_ledgers(&d, &Destination::Shared, &settings).unwrap();
    let names: Vec<String> = written
        .iter()
        .map(|w| w.path.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        [
            "インシデント台帳.xlsx",
            "障害管理台帳.xlsx",
            "障害管理台帳_添付ファイル一覧.csv",
            "変更管理台帳.xlsx",
            "変更管理台帳_添付ファイル一覧.csv",
            "リリース管理台帳.xlsx",
            "リリース管理_添付ファイル一覧.csv",
        ]
    );
    let ops = root.path().join("10-運用・保守");
    let s_dir = ops.join("障害管理").join(ATTACHMENT_DIR).join("S-0001");
    assert_eq!(
        std::fs::read(s_dir.join("エラー画面.png")).unwrap(),
        b"\x89PNG screen"
    );
    // The second file of the same name keeps its ID in front.
    let second = d.attachments("S-0001").unwrap()[1].id;
    assert_eq!(
        std::fs::read(s_dir.join(format!("{second}_エラー画面.png"))).unwrap(),
        b"\x89PNG second"
    );
    let c_dir = ops.join("変更管理").join(ATTACHMENT_DIR).join("C-0001");
    assert_eq!(
        std::fs::read(c_dir.join("見積書.pdf")).unwrap(),
        b"%PDF estimate"
    );
    assert!(
        !c_dir.join("古い見積書.pdf").exists(),
        "a removed file is not exported"
    );
    let r_dir = ops.join("リリース管理").join(ATTACHMENT_DIR).join("1.0.1");
    assert_eq!(
        std::fs::read(r_dir.join("QA画面.png")).unwrap(),
        b"\x89PNG qa"
    );
    assert!(!ops.join("インシデント管理").join(ATTACHMENT_DIR).exists());

    let list = std::fs::read_to_string(&written[4].path).unwrap();
    let sha = d.attachments("C-0001").unwrap()[0].sha256.clone();
    assert_eq!(sha.len(), 64);
    let lines: Vec<&str> = list.lines().collect();
    assert_eq!(
        lines[0],
        "\u{feff}No.,ファイル,SHA-256,サイズ(バイト),登録日時,登録者"
    );
    assert!(
        lines[1].starts_with(&format!("C-0001,C-0001/見積書.pdf,{sha},13,")),
        "{list}"
    );
    assert!(lines[1].ends_with(",吉岡"), "{list}");
    assert_eq!(lines.len(), 2);
}

#[test]
fn a_chosen_folder_gets_one_attachment_folder() {
    let d = records_with_files();
    let dir = tempfile::tempdir().unwrap();
    export_ledgers(
        &d,
        &Destination::Folder(dir.path().into()),
        &ExportSettings::default(),
    )
    .unwrap();
    let files = dir.path().join(ATTACHMENT_DIR);
    assert_eq!(
        std::fs::read(files.join("S-0001").join("エラー画面.png")).unwrap(),
        b"\x89PNG screen"
    );
    assert_eq!(
        std::fs::read(files.join("1.0.1").join("QA画面.png")).unwrap(),
        b"\x89PNG qa"
    );
    assert!(files.join("変更管理台帳_添付ファイル一覧.csv").is_file());
}
