//! A corpus of hostile workbooks and CSVs: sparse huge ranges, zip bombs,
//! truncated zips, a million rows, 16k columns, giant cells and broken
//! encodings. Each is read through the importer under a counting allocator:
//! no panic, a clear Japanese error (or a correct read), the peak heap under
//! 300 MB, and nothing written to the database.

#[path = "../common/mod.rs"]
mod common;
mod fixtures;
mod peak;

use daicho_core::domain::ledger::Ledger;
use daicho_core::Result;
use daicho_import::read::limits::{MAX_COLUMNS, MAX_FILE_BYTES, MAX_ROWS};
use daicho_import::{read_bytes, read_file, CsvEncoding, ImportSettings, Workbook};
use fixtures::*;
use peak::{peak_during, Counting, LIMIT};
use proptest::prelude::*;

#[global_allocator]
static ALLOC: Counting = Counting;

/// Reads under measurement; asserts the memory bound.
fn read(name: &str, bytes: &[u8], enc: CsvEncoding) -> Result<Workbook> {
    let (out, peak) = peak_during(|| read_bytes(name, bytes, enc));
    assert!(peak < LIMIT, "{name}: peak {} MB", peak >> 20);
    out
}

fn refused(name: &str, bytes: &[u8], enc: CsvEncoding, expect: &str) {
    let e = read(name, bytes, enc).expect_err(name);
    assert!(e.message.contains(expect), "{name}: {}", e.message);
    assert!(
        e.message.contains("何も書き込んでいません"),
        "{}",
        e.message
    );
}

/// The whole import on a fresh database; returns the numbers of the
/// incidents afterwards.
fn import_all(wb: &Workbook) -> (Result<daicho_import::ImportOutcome>, Vec<String>) {
    let mut d = common::db();
    let out = daicho_import::import(&mut d, wb, &ImportSettings::default(), false);
    let nos = d
        .all_records(Ledger::Incident)
        .unwrap()
        .into_iter()
        .map(|r| r.no)
        .collect();
    (out, nos)
}

#[test]
fn a_sparse_declared_range_is_read_by_its_cells() {
    let xlsx = with_dimension(&ledger_xlsx(), "A1:XFD1048576");
    let wb = read("huge.xlsx", &xlsx, CsvEncoding::Auto).unwrap();
    assert_eq!(wb.sheets[0].rows.len(), 3);
    assert_eq!(wb.sheets[0].width(), 6);
    let (out, nos) = import_all(&wb);
    assert!(out.unwrap().committed);
    assert_eq!(nos, ["I-0001", "I-0002"]);
}

#[test]
fn a_cell_in_the_last_row_and_column_costs_one_row() {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "左上").unwrap();
    ws.write_string(1_048_575, 16_383, "右下").unwrap();
    let wb = read(
        "corner.xlsx",
        &wb.save_to_buffer().unwrap(),
        CsvEncoding::Auto,
    )
    .unwrap();
    let s = &wb.sheets[0];
    assert_eq!(s.rows.len(), MAX_ROWS);
    assert_eq!(s.cell(MAX_ROWS - 1, MAX_COLUMNS - 1).text(), "右下");
}

#[test]
fn many_far_cells_are_refused_by_the_cell_limit() {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for r in 0..300 {
        ws.write_number(r, 16_383, 1.0).unwrap();
    }
    refused(
        "wide.xlsx",
        &wb.save_to_buffer().unwrap(),
        CsvEncoding::Auto,
        "セルを超えています",
    );
}

#[test]
fn a_zip_bomb_is_refused_before_it_is_opened() {
    let bomb = zip_bomb(&ledger_xlsx(), 64);
    assert!(bomb.len() < 2 * 1024 * 1024, "{}", bomb.len());
    refused(
        "bomb.xlsx",
        &bomb,
        CsvEncoding::Auto,
        "圧縮率が 100 倍を超えています",
    );
}

#[test]
fn truncated_zips_are_unreadable_not_a_crash() {
    let xlsx = ledger_xlsx();
    for cut in [10, xlsx.len() / 2, xlsx.len() - 30] {
        refused(
            "cut.xlsx",
            &xlsx[..cut],
            CsvEncoding::Auto,
            "途中で切れている",
        );
    }
    let ods = ods(&format!(
        "<table:table-row>{}</table:table-row>",
        ods_text("x", 1)
    ));
    refused(
        "cut.ods",
        &ods[..ods.len() - 40],
        CsvEncoding::Auto,
        "途中で切れている",
    );
}

#[test]
fn ods_repeats_are_refused_beyond_the_limit_and_empty_ones_cost_nothing() {
    let bomb = ods(&format!(
        r#"<table:table-row table:number-rows-repeated="1000000">{}</table:table-row>"#,
        ods_text("x", 1000)
    ));
    refused(
        "repeat.ods",
        &bomb,
        CsvEncoding::Auto,
        "1000000 行 × 1000 列",
    );
    // As LibreOffice writes it: a filled corner, then repeated empty cells
    // and rows to the end of the sheet.
    let fine = ods(&format!(
        r#"<table:table-row>{}<table:table-cell table:number-columns-repeated="16382"/></table:table-row><table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>"#,
        ods_text("見出し", 2)
    ));
    let wb = read("fine.ods", &fine, CsvEncoding::Auto).unwrap();
    assert_eq!(
        wb.sheets[0].rows,
        vec![vec![
            daicho_import::Cell::Text("見出し".into()),
            daicho_import::Cell::Text("見出し".into())
        ]]
    );
}

#[test]
fn a_million_rows_csv_is_refused_by_the_row_limit() {
    let csv = long_csv(MAX_ROWS + 10);
    refused("long.csv", &csv, CsvEncoding::Auto, "1048577 行目");
    // Just under the limit is read.
    let csv = long_csv(200_000);
    assert_eq!(
        read("ok.csv", &csv, CsvEncoding::Auto).unwrap().sheets[0]
            .rows
            .len(),
        200_001
    );
}

#[test]
fn sixteen_thousand_columns_are_read_and_one_more_is_refused() {
    let line = |n: usize| (0..n).map(|i| i.to_string()).collect::<Vec<_>>().join(",");
    let wb = read("w.csv", line(MAX_COLUMNS).as_bytes(), CsvEncoding::Auto).unwrap();
    assert_eq!(wb.sheets[0].width(), MAX_COLUMNS);
    refused(
        "w.csv",
        line(MAX_COLUMNS + 1).as_bytes(),
        CsvEncoding::Auto,
        "16385 列目",
    );
}

#[test]
fn giant_cells_are_read_within_the_memory_bound() {
    let mut csv = b"No.,\"".to_vec();
    csv.extend(std::iter::repeat_n(b'a', 60 * 1024 * 1024));
    csv.extend(b"\"\n");
    let wb = read("giant.csv", &csv, CsvEncoding::Auto).unwrap();
    assert_eq!(wb.sheets[0].cell(0, 1).text().len(), 60 * 1024 * 1024);
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    let long = "長".repeat(32_767);
    for r in 0..200 {
        ws.write_string(r, 0, &long).unwrap();
    }
    let wb = read(
        "giant.xlsx",
        &wb.save_to_buffer().unwrap(),
        CsvEncoding::Auto,
    )
    .unwrap();
    assert_eq!(wb.sheets[0].cell(199, 0).text().chars().count(), 32_767);
}

#[test]
fn broken_encodings_give_a_clear_error() {
    refused(
        "b.csv",
        b"No.,\xff\xfe\x80\n",
        CsvEncoding::Utf8,
        "文字コード",
    );
    refused(
        "b.csv",
        b"No.,\x81\x20\n",
        CsvEncoding::ShiftJis,
        "文字コード",
    );
    // UTF-16 with a BOM and a lone surrogate.
    refused(
        "b.csv",
        b"\xff\xfeN\x00o\x00\x00\xd8,\x00",
        CsvEncoding::Auto,
        "文字コード",
    );
    refused(
        "b.csv",
        b"\xef\xbb\xbfNo.,\xc3\x28\n",
        CsvEncoding::Auto,
        "文字コード",
    );
}

#[test]
fn a_file_over_the_size_limit_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("巨大.xlsx");
    std::fs::File::create(&path)
        .unwrap()
        .set_len(MAX_FILE_BYTES + 1)
        .unwrap();
    let (out, peak) = peak_during(|| read_file(&path, CsvEncoding::Auto));
    let e = out.unwrap_err();
    assert!(
        e.message.contains("「巨大.xlsx」は大きすぎる"),
        "{}",
        e.message
    );
    assert!(e.message.contains("100 MB まで"), "{}", e.message);
    assert!(peak < 1024 * 1024, "read {peak} bytes");
}

#[test]
fn a_refused_file_writes_nothing() {
    let bomb = zip_bomb(&ledger_xlsx(), 8);
    let mut d = common::db();
    let before = d.all_records(Ledger::Incident).unwrap().len();
    assert!(read_bytes("bomb.xlsx", &bomb, CsvEncoding::Auto)
        .and_then(|wb| daicho_import::import(&mut d, &wb, &ImportSettings::default(), false))
        .is_err());
    assert_eq!(d.all_records(Ledger::Incident).unwrap().len(), before);
}

proptest! {
    // 32 cases by default; `PROPTEST_CASES=2000` for a longer run.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(32),
        ..ProptestConfig::default()
    })]

    /// Damaged workbooks (bytes overwritten, cut short) are an error or a
    /// read, never a panic, always within the memory bound.
    #[test]
    fn damaged_workbooks_never_crash(at in 0usize..4096, byte in any::<u8>(), cut in 0usize..4096) {
        let books = [
            ("d.xlsx", ledger_xlsx()),
            ("d.ods", ods(&ods_text("x", 3))),
            ("d.xls", xls((0, 2, 0, 2), &[(0, 0), (1, 1)])),
        ];
        for (name, mut bytes) in books {
            let at = at % bytes.len();
            bytes[at] = byte;
            let cut = bytes.len() - cut % bytes.len();
            let _ = read(name, &bytes[..cut], CsvEncoding::Auto);
        }
    }
}

#[test]
fn xls_declared_or_spanned_ranges_are_checked_before_opening() {
    let fine = xls((0, 2, 0, 2), &[(0, 0), (1, 1)]);
    let wb = read("ok.xls", &fine, CsvEncoding::Auto).unwrap();
    assert_eq!(wb.sheets[0].name, "台帳");
    assert_eq!(wb.sheets[0].cell(1, 1).text(), "42");
    // A DIMENSIONS record of 4 billion rows made the reader reserve
    // terabytes and abort the process.
    let huge = xls((0, u32::MAX, 0, 256), &[(0, 0)]);
    refused(
        "dim.xls",
        &huge,
        CsvEncoding::Auto,
        "4294967295 行 × 256 列",
    );
    // Two cells at opposite corners span 65536 × 256 cells.
    let corners = xls((0, 2, 0, 2), &[(0, 0), (65_535, 255)]);
    refused(
        "corners.xls",
        &corners,
        CsvEncoding::Auto,
        "シート「台帳」が大きすぎる",
    );
}
