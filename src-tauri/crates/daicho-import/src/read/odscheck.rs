//! An ods declares repeated rows and cells (`table:number-rows-repeated`),
//! and the spreadsheet library expands them into a full rectangle when it
//! opens the file. Before that, the sheets' content is scanned as a stream
//! and a file whose filled area would exceed the cell limit is refused.

use std::io::{BufReader, Cursor};

use daicho_core::Result;
use quick_xml::events::{BytesStart, Event};

use super::limits::{too_big_sheet, MAX_CELLS, MAX_COLUMNS, MAX_ROWS};
use super::unreadable;

fn repeat(e: &BytesStart, attr: &str) -> u64 {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == attr)
        .and_then(|a| a.value.trim().parse().ok())
        .unwrap_or(1)
}

/// Ok when every sheet's filled area (rows × columns up to the last value)
/// stays within the limits.
pub fn check_ods(file_name: &str, bytes: &[u8]) -> Result<()> {
    let broken = |e: &dyn std::fmt::Display| unreadable(file_name, &e.to_string());
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| broken(&e))?;
    let content = zip.by_name("content.xml").map_err(|e| broken(&e))?;
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(content));
    let mut buf = Vec::new();
    let (mut sheet, mut total) = (String::new(), 0u64);
    let (mut row, mut rows_rep, mut col) = (0u64, 1u64, 0u64);
    let (mut last_row, mut last_col, mut row_has_value) = (0u64, 0u64, false);
    loop {
        buf.clear();
        let event = xml.read_event_into(&mut buf).map_err(|e| broken(&e))?;
        let (start, empty) = match &event {
            Event::Start(e) => (Some(e), false),
            Event::Empty(e) => (Some(e), true),
            _ => (None, false),
        };
        if let Some(e) = start {
            match e.name().as_ref() {
                "table:table" => {
                    total += last_row * last_col;
                    (row, last_row, last_col) = (0, 0, 0);
                    sheet = e
                        .attributes()
                        .flatten()
                        .find(|a| a.key.as_ref() == "table:name")
                        .map(|a| a.value.to_string())
                        .unwrap_or_default();
                }
                "table:table-row" => {
                    rows_rep = repeat(e, "table:number-rows-repeated");
                    (col, row_has_value) = (0, false);
                }
                "table:table-cell" | "table:covered-table-cell" => {
                    let n = repeat(e, "table:number-columns-repeated");
                    col = col.saturating_add(n);
                    // A cell with content (or a value type) is a value.
                    let valued = !empty
                        || e.attributes()
                            .flatten()
                            .any(|a| a.key.as_ref() == "office:value-type");
                    if valued {
                        last_col = last_col.max(col);
                        row_has_value = true;
                    }
                }
                _ => {}
            }
        }
        let row_ended = match &event {
            Event::End(e) => e.name().as_ref() == "table:table-row",
            Event::Empty(e) => e.name().as_ref() == "table:table-row",
            _ => false,
        };
        if row_ended {
            row = row.saturating_add(rows_rep);
            if row_has_value {
                last_row = row;
            }
            let area = total.saturating_add(last_row.saturating_mul(last_col));
            if last_row > MAX_ROWS as u64
                || last_col > MAX_COLUMNS as u64
                || area > MAX_CELLS as u64
            {
                return Err(too_big_sheet(
                    &sheet,
                    &format!("値のある範囲が {last_row} 行 × {last_col} 列です"),
                ));
            }
        }
        if matches!(event, Event::Eof) {
            return Ok(());
        }
    }
}
