//! 作成 / 確認 / 承認 recorded on a 障害 or 変更 print into the stamp boxes
//! of its 障害対応報告書 / 仕様変更指示書 (PDF and xlsx), the latest row of
//! each 区分 winning; a 再発防止策's 承認者 prints in its table.

use calamine::{open_workbook_auto, Reader};
use chrono::NaiveDate;
use daicho_core::domain::ledger::Ledger;
use daicho_core::domain::master::Master;
use daicho_core::Daicho;
use daicho_docs::testing::pdf_text;
use daicho_export::{write_document, Destination, DocFormat, DocKind, ExportSettings};

fn kv(p: &[(&str, &str)]) -> Vec<(String, String)> {
    p.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn db() -> Daicho {
    let mut d = Daicho::open_in_memory().unwrap();
    d.set_actor("吉岡");
    d.set_now(
        NaiveDate::from_ymd_opt(2026, 11, 20)
            .unwrap()
            .and_hms_opt(10, 0, 0),
    );
    for p in ["吉岡", "梅澤"] {
        d.add_master(Master::Person, p).unwrap();
    }
    d
}

fn approve(d: &mut Daicho, no: &str, role: &str, name: &str, date: &str) {
    d.add_child(
        no,
        "承認",
        &kv(&[("区分", role), ("氏名", name), ("日付", date)]),
    )
    .unwrap();
}

#[test]
fn approvals_print_into_the_stamp_boxes() {
    let mut d = db();
    let s = d
        .create(
            Ledger::Failure,
            &kv(&[
                ("起票日", "2026/11/4"),
                ("起票者", "吉岡"),
                ("タイトル", "夜間バッチの停止"),
            ]),
        )
        .unwrap()
        .no;
    approve(&mut d, &s, "作成", "吉岡", "2026/11/10");
    approve(&mut d, &s, "確認", "梅澤", "2026/11/12");
    approve(&mut d, &s, "承認", "部長 田中", "2026/11/13");
    // A later 承認 replaces the earlier one in the box.
    approve(&mut d, &s, "承認", "部長 山田", "2026/11/18");
    d.add_child(
        &s,
        "再発防止策",
        &kv(&[
            ("内容", "監視の追加"),
            ("担当者", "梅澤"),
            ("期限", "2026/11/30"),
            ("承認者", "部長 山田"),
            ("承認日", "2026/11/18"),
        ]),
    )
    .unwrap();
    let c = d
        .create(
            Ledger::Change,
            &kv(&[
                ("起票日", "2026/11/4"),
                ("起票者", "吉岡"),
                ("タイトル", "帳票の項目追加"),
            ]),
        )
        .unwrap()
        .no;
    approve(&mut d, &c, "作成", "梅澤", "2026/11/16");

    let dir = tempfile::tempdir().unwrap();
    let settings = ExportSettings::default();
    let dest = Destination::Folder(dir.path().into());
    let both = [DocFormat::Pdf, DocFormat::Xlsx];
    let w = write_document(
        &d,
        DocKind::FailureReport,
        Some(&s),
        &both,
        &dest,
        &settings,
    )
    .unwrap();
    let wc = write_document(&d, DocKind::ChangeSpec, Some(&c), &both, &dest, &settings).unwrap();

    let mut wb = open_workbook_auto(&w[1].path).unwrap();
    let sheet = wb.worksheet_range_at(0).unwrap().unwrap();
    let cells: Vec<String> = sheet.rows().flatten().map(|c| c.to_string()).collect();
    for stamp in [
        "吉岡\n2026/11/10",
        "梅澤\n2026/11/12",
        "部長 山田\n2026/11/18",
    ] {
        assert!(cells.iter().any(|c| c == stamp), "{stamp:?} in {cells:?}");
    }
    assert!(
        !cells.iter().any(|c| c.contains("田中")),
        "the older 承認 is replaced"
    );

    let Some(text) = pdf_text(&w[0].path) else {
        return;
    };
    for s in [
        "2026/11/10",
        "2026/11/12",
        "2026/11/18",
        "部長 山田",
        "承認",
    ] {
        assert!(text.contains(s), "{s} in {text}");
    }
    assert!(!text.contains("田中"), "{text}");
    let text = pdf_text(&wc[0].path).unwrap();
    assert!(text.contains("2026/11/16"), "{text}");
}
