//! Messy ledger fixtures built in the tests: workbooks with title rows,
//! merged headers, notes and blank rows and every date form
//! (rust_xlsxwriter), and CSV bytes written by hand (UTF-8 and CP932).
#![allow(dead_code)]

use chrono::{NaiveDate, NaiveTime};
use daicho_core::domain::master::Master;
use daicho_core::Daicho;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

pub fn db() -> Daicho {
    let mut d = Daicho::open_in_memory().unwrap();
    d.set_actor("吉岡");
    d.set_now(Some(
        NaiveDate::from_ymd_opt(2022, 10, 1)
            .unwrap()
            .and_time(NaiveTime::from_hms_opt(9, 0, 0).unwrap()),
    ));
    d.add_master(Master::Organization, "石巻ガス").unwrap();
    for p in ["吉岡", "梅澤", "高橋"] {
        d.add_master(Master::Person, p).unwrap();
    }
    d
}

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// An incident ledger the way teams keep it: a cover sheet first, then a
/// title, an update note and a blank row above the header, header names
/// that are not Daicho's labels, a notes row and a blank row among the
/// data, dates in every form, an unknown status and an unknown organisation.
pub fn messy_incident_xlsx() -> Vec<u8> {
    let mut wb = Workbook::new();
    let cover = wb.add_worksheet();
    cover.set_name("表紙").unwrap();
    cover.write_string(0, 0, "運用保守 台帳一式").unwrap();
    cover.write_string(2, 0, "作成: 運用チーム").unwrap();
    let ws = wb.add_worksheet();
    ws.set_name("インシデント台帳").unwrap();
    let title = Format::new().set_bold();
    ws.merge_range(0, 0, 0, 9, "インシデント台帳", &title)
        .unwrap();
    ws.write_string(1, 0, "最終更新: 2022/10/1 吉岡").unwrap();
    let headers = [
        "No",
        "受付日",
        "起票者",
        "部署",
        "発生元ユーザー",
        "状態",
        "件名",
        "内容",
        "優先度",
        "対応期限",
        "備考",
    ];
    for (i, h) in headers.iter().enumerate() {
        ws.write_string(3, i as u16, *h).unwrap();
    }
    let date_fmt = Format::new().set_num_format("yyyy/m/d");
    let row = |ws: &mut rust_xlsxwriter::Worksheet, r: u32, cells: &[&str]| {
        for (i, c) in cells.iter().enumerate() {
            if !c.is_empty() {
                ws.write_string(r, i as u16, *c).unwrap();
            }
        }
    };
    // Row 5: a real date cell.
    row(
        ws,
        4,
        &[
            "I-0001",
            "",
            "吉岡",
            "石巻ガス",
            "佐藤様",
            "未着手",
            "社員基本の項目位置変更",
            "年齢→血液型の順序を血液型→年齢に",
            "高",
            "",
        ],
    );
    ws.write_datetime_with_format(
        4,
        1,
        ExcelDateTime::from_ymd(2022, 9, 22).unwrap(),
        &date_fmt,
    )
    .unwrap();
    ws.write_datetime_with_format(
        4,
        9,
        ExcelDateTime::from_ymd(2022, 10, 7).unwrap(),
        &date_fmt,
    )
    .unwrap();
    row(
        ws,
        5,
        &[
            "I-0002",
            "2022-09-23",
            "梅澤",
            "石巻ガス",
            "",
            "方針検討済",
            "CSV出力の文字化け",
            "Excelで開くと化ける",
            "中",
            "2022/10/14",
        ],
    );
    // Row 7 blank.
    row(
        ws,
        7,
        &[
            "I-0003",
            "2022年9月24日",
            "吉岡",
            "石巻ガス",
            "鈴木様",
            "対応済",
            "パスワード再発行",
            "問い合わせ",
            "低",
            "",
        ],
    );
    row(ws, 8, &["※ 優先度は定例会で決めます。"]);
    row(
        ws,
        9,
        &[
            "Ｉ－０００４",
            "令和4年9月25日",
            "高橋",
            "石巻ガス",
            "",
            "未着手",
            "帳票の罫線",
            "印刷で罫線が欠ける",
            "",
            "Ｒ４．１０．３",
        ],
    );
    row(
        ws,
        10,
        &[
            "I-0005",
            "",
            "吉岡",
            "石巻ガス",
            "",
            "保留",
            "夜間バッチ遅延",
            "朝までに終わらない",
            "高",
            "",
        ],
    );
    ws.write_number(10, 1, 44830.0).unwrap(); // a bare serial: 2022/9/26
    row(
        ws,
        11,
        &[
            "I-0006",
            "２０２２／９／２７",
            "梅澤",
            "新しい会社",
            "田中様",
            "未着手",
            "ログイン画面",
            "ロゴ差し替え",
            "",
            "",
        ],
    );
    ws.write_number(12, 0, 7.0).unwrap(); // a bare number: I-0007
    row(
        ws,
        12,
        &[
            "",
            "H31.4.30",
            "吉岡",
            "石巻ガス",
            "",
            "対応済",
            "平成最後の問い合わせ",
            "古い記録",
            "",
            "",
        ],
    );
    wb.save_to_buffer().unwrap()
}

/// A change ledger with a two-row header: 概算見積 merged above 工数 / 金額,
/// and No. / 起票日 … merged down over both header rows.
pub fn merged_header_change_xlsx() -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("変更管理").unwrap();
    let f = Format::new();
    ws.merge_range(0, 0, 0, 7, "変更管理台帳 (2022年度)", &f)
        .unwrap();
    for (i, h) in [
        "No.",
        "起票日",
        "起票者",
        "担当者",
        "ステータス",
        "タイトル",
    ]
    .iter()
    .enumerate()
    {
        ws.merge_range(1, i as u16, 2, i as u16, h, &f).unwrap();
    }
    ws.merge_range(1, 6, 1, 7, "概算見積", &f).unwrap();
    ws.write_string(2, 6, "工数").unwrap();
    ws.write_string(2, 7, "金額").unwrap();
    let data: [(&str, &str, f64, f64); 2] = [
        ("C-0003", "2022/9/22", 2.5, 1_200_000.0),
        ("C-0010", "R4.9.30", 10.0, 4_000_000.0),
    ];
    for (i, (no, day, effort, amount)) in data.iter().enumerate() {
        let r = 3 + i as u32;
        ws.write_string(r, 0, *no).unwrap();
        ws.write_string(r, 1, *day).unwrap();
        ws.write_string(r, 2, "吉岡").unwrap();
        ws.write_string(r, 3, "梅澤").unwrap();
        ws.write_string(r, 4, "概算仕様検討中").unwrap();
        ws.write_string(r, 5, format!("帳票追加 {i}")).unwrap();
        ws.write_number(r, 6, *effort).unwrap();
        ws.write_number(r, 7, *amount).unwrap();
    }
    wb.save_to_buffer().unwrap()
}

/// A failure ledger as CSV text (date-times in several forms).
pub fn failure_csv(duplicate: bool) -> String {
    let mut s = String::from("障害管理台帳\r\n\r\n");
    s.push_str("No.,起票日,起票者,担当,ステータス,優先度,タイトル,発生日時,復旧日時,直接原因\r\n");
    s.push_str("S-0001,2022/9/22,吉岡,梅澤,調査中,高,夜間バッチ停止,2022/9/22 10:05,令和4年9月22日 12時30分,\"ディスク満杯\r\nログ肥大\"\r\n");
    s.push_str(&format!(
        "{},２０２２／９／２３,吉岡,高橋,未着手,中,帳票出力エラー,2022-09-23T08:00,,\r\n",
        if duplicate { "S-0001" } else { "S-0002" }
    ));
    s
}

pub fn cp932(s: &str) -> Vec<u8> {
    let (bytes, _, had_errors) = encoding_rs::SHIFT_JIS.encode(s);
    assert!(!had_errors);
    bytes.into_owned()
}
