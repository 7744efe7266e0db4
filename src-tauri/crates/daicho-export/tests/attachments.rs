//! Attachments travel with the export: beside each ledger workbook, byte
//! for byte, listed with their SHA-256.

mod common;

use common::triaged;
use daicho_core::Daicho;
use daicho_export::{
    export_ledgers, import_attachments, Destination, ExportSettings, ATTACHMENT_DIR,
};

fn records_with_files() -> Daicho {
    let mut d = triaged(&[("帳票崩れ", "障害"), ("CSV出力追加", "仕様変更")]);
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
        "\u{feff}No.,ファイル名,保存先,SHA-256,サイズ(バイト),登録日時,登録者"
    );
    assert!(
        lines[1].starts_with(&format!("C-0001,見積書.pdf,C-0001/見積書.pdf,{sha},13,")),
        "{list}"
    );
    assert!(lines[1].ends_with(",吉岡"), "{list}");
    assert_eq!(lines.len(), 2);
}

/// Exports every ledger into a new temporary folder.
fn export_to_folder(d: &Daicho) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    export_ledgers(
        d,
        &Destination::Folder(dir.path().into()),
        &ExportSettings::default(),
    )
    .unwrap();
    dir
}

#[test]
fn a_chosen_folder_gets_one_attachment_folder() {
    let d = records_with_files();
    let dir = export_to_folder(&d);
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

#[test]
fn an_export_brings_the_files_back_into_a_fresh_database() {
    let d = records_with_files();
    let dir = export_to_folder(&d);
    // The same records, without files (as an import of the workbooks makes them).
    let fresh = || {
        let mut e = triaged(&[("帳票崩れ", "障害"), ("CSV出力追加", "仕様変更")]);
        e.create_release("1.0.1", &[]).unwrap();
        e
    };
    let mut e = fresh();
    let done = import_attachments(&mut e, dir.path()).unwrap();
    assert_eq!(done.added.len(), 4, "{done:?}");
    let names_and_hashes = |d: &daicho_core::Daicho, no: &str| {
        d.attachments(no)
            .unwrap()
            .into_iter()
            .map(|a| (a.name, a.sha256, a.size))
            .collect::<Vec<_>>()
    };
    for no in ["S-0001", "C-0001", "1.0.1"] {
        assert_eq!(names_and_hashes(&e, no), names_and_hashes(&d, no), "{no}");
    }
    // Again: nothing twice.
    let again = import_attachments(&mut e, dir.path()).unwrap();
    assert!(again.added.is_empty());
    assert_eq!(again.present.len(), 4);
    // A file changed after the export: refused, nothing added.
    std::fs::write(
        dir.path()
            .join(ATTACHMENT_DIR)
            .join("C-0001")
            .join("見積書.pdf"),
        b"x",
    )
    .unwrap();
    let mut e = fresh();
    let err = import_attachments(&mut e, dir.path()).unwrap_err();
    assert!(
        err.message.contains("SHA-256 と一致しません"),
        "{}",
        err.message
    );
    assert!(e.attachments("S-0001").unwrap().is_empty());
    let err =
        import_attachments(&mut e, &dir.path().join(ATTACHMENT_DIR).join("S-0001")).unwrap_err();
    assert!(err.message.contains("添付ファイル一覧"), "{}", err.message);
}
