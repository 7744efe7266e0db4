//! CSV (and Excel's tab-separated "Unicode text"): decoding UTF-8 (with or
//! without BOM), CP932 / Shift_JIS or UTF-16, then splitting into rows under
//! the limits of [`super::limits`].

use std::borrow::Cow;

use daicho_core::{Error, Result};

use super::limits::Grid;
use super::{Cell, CsvEncoding, Sheet};

/// Decodes CSV bytes; returns the text and the encoding's name. Valid UTF-8
/// is borrowed, not copied.
pub fn decode(bytes: &[u8], encoding: CsvEncoding) -> Result<(Cow<'_, str>, &'static str)> {
    let undecodable = |name: &str| {
        Error::invalid(format!(
            "CSV を {name} として読み取れません。文字コード (UTF-8 / Shift_JIS) を確認してください。何も書き込んでいません。"
        ))
    };
    match encoding {
        CsvEncoding::Utf8 => {
            let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            std::str::from_utf8(body)
                .map(|s| (Cow::Borrowed(s), "UTF-8"))
                .map_err(|_| undecodable("UTF-8"))
        }
        CsvEncoding::ShiftJis => {
            let (text, had_errors) = encoding_rs::SHIFT_JIS.decode_without_bom_handling(bytes);
            if had_errors {
                return Err(undecodable("Shift_JIS (CP932)"));
            }
            Ok((text, "Shift_JIS"))
        }
        CsvEncoding::Auto => {
            if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
                let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
                if had_errors {
                    return Err(undecodable(enc.name()));
                }
                return Ok((text, enc.name()));
            }
            if let Ok(s) = std::str::from_utf8(bytes) {
                return Ok((Cow::Borrowed(s), "UTF-8"));
            }
            decode(bytes, CsvEncoding::ShiftJis)
        }
    }
}

/// Splits CSV text into a sheet; tab-separated when the first line has more
/// tabs than commas (Excel's "Unicode text").
pub fn read_csv(name: &str, text: &str) -> Result<Sheet> {
    let first = text.lines().next().unwrap_or("");
    let delimiter = if first.matches('\t').count() > first.matches(',').count() {
        b'\t'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut grid = Grid::new(name, 0);
    let mut rows = 0usize;
    // The csv crate skips blank lines; Excel shows them as rows, so they are
    // put back to keep row numbers the ones the user sees. A quoted field
    // with line breaks is one row (as in Excel) but several lines.
    // NOTE: a record's position is where its read began, which includes the
    // line breaks before it (blank lines, or the `\n` of the previous
    // `\r\n`), so its first line is counted here from the text itself.
    let bytes = text.as_bytes();
    let (mut scanned, mut line) = (0usize, 1u64);
    let mut next_line = 1u64;
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                return Err(Error::invalid(format!(
                    "CSV を読み取れません ({}行目付近): {e}。何も書き込んでいません。",
                    rows + 1
                )))
            }
        }
        if let Some(pos) = record.position() {
            let mut start = usize::try_from(pos.byte())
                .unwrap_or(usize::MAX)
                .min(bytes.len());
            while bytes.get(start).is_some_and(|b| matches!(b, b'\r' | b'\n')) {
                start += 1;
            }
            for (i, b) in bytes.get(scanned..start).unwrap_or(&[]).iter().enumerate() {
                let next = bytes.get(scanned + i + 1);
                if *b == b'\n' || (*b == b'\r' && next != Some(&b'\n')) {
                    line += 1;
                }
            }
            scanned = scanned.max(start);
            let blank = usize::try_from(line.saturating_sub(next_line)).unwrap_or(usize::MAX);
            grid.push_blank_rows(blank)?;
            rows = rows.saturating_add(blank);
            let breaks: usize = record.iter().map(|f| f.matches('\n').count()).sum();
            next_line = line + breaks as u64 + 1;
        }
        let row: Vec<Cell> = record
            .iter()
            .map(|s| {
                if s.trim().is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text(s.to_string())
                }
            })
            .collect();
        grid.push_row(row)?;
        rows += 1;
    }
    Ok(Sheet::new(name.to_string(), grid.finish(), Vec::new()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_encodings_are_detected() {
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("No.,タイトル\nI-0001,件名\n");
        let (text, enc) = decode(&sjis, CsvEncoding::Auto).unwrap();
        assert_eq!(enc, "Shift_JIS");
        assert!(text.contains("タイトル"));
        let bom = [b"\xEF\xBB\xBF".as_slice(), "No.,件名".as_bytes()].concat();
        let (text, enc) = decode(&bom, CsvEncoding::Auto).unwrap();
        assert_eq!((&*text, enc), ("No.,件名", "UTF-8"));
        assert!(decode(&sjis, CsvEncoding::Utf8).is_err());
    }

    #[test]
    fn blank_lines_keep_the_row_numbers_excel_shows() {
        for text in ["a,b\n\n\nc,d\n", "a,b\r\n\r\n\r\nc,d\r\n", "a,b\r\r\rc,d"] {
            let s = read_csv("x", text).unwrap();
            assert_eq!(s.rows.len(), 4, "{text:?}");
            assert_eq!(s.cell(3, 1), &Cell::Text("d".into()), "{text:?}");
        }
        // A quoted field with a line break is one row; the blank line after
        // it is one more.
        let s = read_csv("x", "a,\"x\r\ny\"\r\n\r\nc\r\nd\r\n").unwrap();
        assert_eq!(s.cell(0, 1), &Cell::Text("x\r\ny".into()));
        assert_eq!(s.cell(2, 0), &Cell::Text("c".into()));
        assert_eq!(s.cell(3, 0), &Cell::Text("d".into()));
    }

    #[test]
    fn too_many_columns_are_refused() {
        let line = vec!["x"; 16_385].join(",");
        let e = read_csv("広い", &line).unwrap_err();
        assert!(
            e.message.contains("シート「広い」が大きすぎる"),
            "{}",
            e.message
        );
        assert!(e.message.contains("16385 列目"), "{}", e.message);
    }
}
