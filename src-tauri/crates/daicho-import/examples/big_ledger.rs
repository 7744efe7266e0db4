//! Writes a 10,000-row incident ledger (title row, dates in mixed forms)
//! for timing the import: `cargo run --release -p daicho-import --example
//! big_ledger -- OUT.xlsx [ROWS]`, then `/usr/bin/time -v daicho import OUT.xlsx`.

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

fn main() {
    let mut args = std::env::args().skip(1);
    let out = args.next().unwrap_or_else(|| "big_ledger.xlsx".into());
    let rows: u32 = args.next().and_then(|n| n.parse().ok()).unwrap_or(10_000);
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("インシデント台帳").unwrap();
    ws.write_string(0, 0, "インシデント台帳").unwrap();
    let headers = [
        "No.",
        "起票日",
        "起票者",
        "発生元組織",
        "ステータス",
        "タイトル",
        "概要",
        "優先度",
        "対応期限",
    ];
    for (i, h) in headers.iter().enumerate() {
        ws.write_string(2, i as u16, *h).unwrap();
    }
    let date = Format::new().set_num_format("yyyy/m/d");
    let people = ["吉岡", "梅澤", "高橋"];
    let statuses = ["未着手", "方針検討済", "対応済"];
    for n in 0..rows {
        let r = n + 3;
        let day = 1 + n % 28;
        ws.write_string(r, 0, format!("I-{:04}", n + 1)).unwrap();
        if n % 2 == 0 {
            let d = ExcelDateTime::from_ymd(2022, 1 + (n % 12) as u8, day as u8).unwrap();
            ws.write_datetime_with_format(r, 1, d, &date).unwrap();
        } else {
            ws.write_string(r, 1, format!("令和4年{}月{}日", 1 + n % 12, day))
                .unwrap();
        }
        ws.write_string(r, 2, people[n as usize % 3]).unwrap();
        ws.write_string(r, 3, format!("組織{}", n % 20)).unwrap();
        ws.write_string(r, 4, statuses[n as usize % 3]).unwrap();
        ws.write_string(r, 5, format!("件名 {n} 帳票の出力項目を変更したい"))
            .unwrap();
        ws.write_string(
            r,
            6,
            "年齢→血液型の順序なのを血液型→年齢にしてほしい。画面と帳票の両方。",
        )
        .unwrap();
        ws.write_string(r, 7, ["高", "中", "低"][n as usize % 3])
            .unwrap();
        ws.write_string(r, 8, format!("2022/{}/{}", 1 + (n + 1) % 12, day))
            .unwrap();
    }
    wb.save(&out).unwrap();
    println!("{out}: {rows} rows");
}
