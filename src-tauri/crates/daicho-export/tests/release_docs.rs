//! The seed's release documents per incident under
//! `<運用フォルダ>/リリース管理/<No>_<タイトル>/`, the blank forms named as the
//! seed names them, and the team's folder name as a setting — read back.

mod common;

use calamine::{open_workbook_auto, Reader};
use common::{kv, triaged};
use daicho_core::Daicho;
use daicho_export::{
    write_document, write_release_item_documents, Destination, DocFormat, DocKind, ExportSettings,
};

/// I-0001 → S-0001 and I-0002 → C-0001 in release 1.0.1 with one defect.
fn release() -> Daicho {
    let mut d = triaged(&[
        ("社員基本の項目位置変更", "障害"),
        ("CSV出力: 改善?", "仕様変更"),
    ]);
    d.run_action("S-0001", "作業可", None, &[]).unwrap();
    for (a, inp) in [
        ("概算見積もり依頼", vec![]),
        (
            "概算見積もり受領",
            kv(&[("rough_effort", "1"), ("rough_amount", "1")]),
        ),
        ("正式仕様検討", vec![]),
        ("正式見積もり依頼", kv(&[("desired_due", "2022/12/1")])),
        (
            "正式見積もり受領",
            kv(&[("formal_effort", "1"), ("formal_amount", "1")]),
        ),
        ("発注", vec![]),
    ] {
        d.run_action("C-0001", a, None, &inp).unwrap();
    }
    d.create_release(
        "1.0.1",
        &kv(&[
            ("ステージング環境リリース予定日", "2022/10/17"),
            ("本番環境リリース予定日", "2022/10/20"),
        ]),
    )
    .unwrap();
    d.add_member("1.0.1", "S-0001").unwrap();
    d.add_member("1.0.1", "C-0001").unwrap();
    d.add_child(
        "1.0.1",
        "defects",
        &kv(&[("found_on", "2022/10/12"), ("content", "並び順が逆")]),
    )
    .unwrap();
    d
}

fn cells(path: &std::path::Path) -> Vec<String> {
    let mut wb = open_workbook_auto(path).unwrap();
    let sheet = wb.sheet_names()[0].clone();
    let range = wb.worksheet_range(&sheet).unwrap();
    range
        .rows()
        .flat_map(|r| r.iter().map(|c| c.to_string()).collect::<Vec<_>>())
        .filter(|s| !s.is_empty())
        .collect()
}

#[test]
fn each_incident_gets_its_folder_of_release_documents() {
    let d = release();
    let root = tempfile::tempdir().unwrap();
    let settings = ExportSettings {
        shared_root: Some(root.path().into()),
        ops_folder: Some("10-運用保守".into()),
        issuer: "運用保守チーム".into(),
        ..Default::default()
    };
    let out = write_release_item_documents(&d, "1.0.1", &Destination::Shared, &settings).unwrap();
    assert_eq!(out.written.len(), 8);
    assert!(out.kept.is_empty());
    let rel = root.path().join("10-運用保守").join("リリース管理");
    let s_dir = rel.join("I-0001_社員基本の項目位置変更");
    let mut names: Vec<String> = std::fs::read_dir(&s_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "I-0001_社員基本の項目位置変更_ステージング環境テスト仕様書.xlsx",
            "I-0001_社員基本の項目位置変更_テスト仕様書.xlsx",
            "I-0001_社員基本の項目位置変更_動作確認手順書.xlsx",
            "I-0001_社員基本の項目位置変更_本番環境テスト仕様書.xlsx",
        ]
    );
    // Unsafe characters of the title are made safe in the folder name.
    assert!(rel.join("I-0002_CSV出力： 改善？").is_dir());

    let v = cells(&s_dir.join("I-0001_社員基本の項目位置変更_動作確認手順書.xlsx"));
    for want in [
        "動作確認手順書",
        "1.0.1",
        "社員基本の項目位置変更",
        "S-0001",
        "作業可",
    ] {
        assert!(v.iter().any(|c| c == want), "{want}: {v:?}");
    }
    assert!(
        !v.iter().any(|c| c == "C-0001"),
        "one record per folder: {v:?}"
    );
    let stg = cells(&s_dir.join("I-0001_社員基本の項目位置変更_ステージング環境テスト仕様書.xlsx"));
    // 44851 is 2022/10/17 as an Excel date.
    for want in [
        "ステージング環境テスト仕様書",
        "I-0001",
        "ステージング環境",
        "44851",
        "テスト項目",
    ] {
        assert!(stg.iter().any(|c| c == want), "{want}: {stg:?}");
    }
    let prod = cells(&s_dir.join("I-0001_社員基本の項目位置変更_本番環境テスト仕様書.xlsx"));
    assert!(prod.iter().any(|c| c == "本番環境"), "{prod:?}");
    // Real Excel dates: 44854 is 2022/10/20.
    assert!(prod.iter().any(|c| c == "44854"), "{prod:?}");
    let spec = cells(&s_dir.join("I-0001_社員基本の項目位置変更_テスト仕様書.xlsx"));
    assert!(spec.iter().any(|c| c == "テスト仕様書"), "{spec:?}");
    assert!(spec.iter().any(|c| c == "並び順が逆"), "{spec:?}");

    // The team fills them in: a second run keeps every file as it is.
    std::fs::write(
        s_dir.join("I-0001_社員基本の項目位置変更_動作確認手順書.xlsx"),
        b"edited",
    )
    .unwrap();
    let again = write_release_item_documents(&d, "1.0.1", &Destination::Shared, &settings).unwrap();
    assert!(again.written.is_empty());
    assert_eq!(again.kept.len(), 8);
    assert_eq!(
        std::fs::read(s_dir.join("I-0001_社員基本の項目位置変更_動作確認手順書.xlsx")).unwrap(),
        b"edited"
    );
}

#[test]
fn blank_release_forms_are_named_as_the_seed_names_them() {
    let d = release();
    let root = tempfile::tempdir().unwrap();
    let settings = ExportSettings {
        shared_root: Some(root.path().into()),
        ..Default::default()
    };
    let tpl = root
        .path()
        .join("10-運用・保守")
        .join("リリース管理")
        .join("テンプレート");
    for (kind, name) in [
        (DocKind::DefectList, "不具合管理表.テンプレート.xlsx"),
        (
            DocKind::VerificationProcedure,
            "動作確認手順書テンプレート.xlsx",
        ),
    ] {
        let w = write_document(
            &d,
            kind,
            None,
            &[DocFormat::Xlsx],
            &Destination::Shared,
            &settings,
        )
        .unwrap();
        assert_eq!(w[0].path, tpl.join(name));
        assert!(cells(&w[0].path).iter().any(|c| c == kind.label()));
    }
    // A chosen folder keeps the per-incident folders.
    let dir = tempfile::tempdir().unwrap();
    write_release_item_documents(
        &d,
        "1.0.1",
        &Destination::Folder(dir.path().into()),
        &settings,
    )
    .unwrap();
    assert!(dir
        .path()
        .join("I-0001_社員基本の項目位置変更")
        .join("I-0001_社員基本の項目位置変更_動作確認手順書.xlsx")
        .is_file());
    let err =
        write_release_item_documents(&d, "S-0001", &Destination::Shared, &settings).unwrap_err();
    assert!(
        err.message.contains("リリースではありません"),
        "{}",
        err.message
    );
}
