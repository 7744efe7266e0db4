//! Property tests: the reader, the table finder and the value parser never
//! panic, whatever the input. A short run is the default (64 cases each);
//! `PROPTEST_CASES=5000 cargo test -p daicho-import --test no_panic` runs a
//! longer one.

use daicho_core::domain::ledger::Ledger;
use daicho_import::read::Cell;
use daicho_import::values::{parse_cell, text_date, text_datetime, ValueMap};
use daicho_import::{inspect, read_bytes, CsvEncoding, ImportSettings};
use proptest::prelude::*;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(64),
        ..ProptestConfig::default()
    }
}

/// Strings that look like ledger cells: digits, separators, era letters,
/// 全角 forms, kanji of dates and times, and anything else.
fn cell_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9０-９/／年月日時分:：.．\\-RHSrhs令和平成昭和元 ()（）木曜T]{0,24}",
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_bytes_as_csv_read_and_inspect_without_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        for enc in [CsvEncoding::Auto, CsvEncoding::Utf8, CsvEncoding::ShiftJis] {
            if let Ok(wb) = read_bytes("x.csv", &bytes, enc) {
                let _ = inspect(&wb, &ImportSettings::default());
            }
        }
    }

    #[test]
    fn csv_shaped_text_reads_without_panic(lines in proptest::collection::vec(proptest::collection::vec(cell_text(), 0..8), 0..12)) {
        let mut text = String::from("No.,起票日,起票者,発生元組織,タイトル,概要,ステータス\n");
        for l in &lines {
            text.push_str(&l.join(","));
            text.push('\n');
        }
        let mut d = daicho_core::Daicho::open_in_memory().unwrap();
        if let Ok(wb) = read_bytes("x.csv", text.as_bytes(), CsvEncoding::Auto) {
            let _ = daicho_import::import(&mut d, &wb, &ImportSettings::default(), true);
        }
    }

    #[test]
    fn any_bytes_as_a_workbook_are_an_error_not_a_panic(bytes in proptest::collection::vec(any::<u8>(), 0..1024)) {
        for name in ["x.xlsx", "x.xls", "x.ods"] {
            let _ = read_bytes(name, &bytes, CsvEncoding::Auto);
        }
    }

    #[test]
    fn any_cell_string_parses_for_every_field_without_panic(s in cell_text(), n in any::<f64>()) {
        let _ = text_date(&s);
        let _ = text_datetime(&s);
        let map = ValueMap::new([("保留", "方針検討中")]);
        for ledger in Ledger::ALL {
            for f in ledger.fields() {
                let _ = parse_cell(f, &Cell::Text(s.clone()), &map);
                let _ = parse_cell(f, &Cell::Number(n), &map);
            }
        }
    }
}
