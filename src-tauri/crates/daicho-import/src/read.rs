//! Reading a file into plain sheets of cells: .xlsx / .xls / .ods through
//! calamine, .csv (and Excel's tab-separated "Unicode text") through the csv
//! crate after decoding UTF-8 (with or without BOM), CP932 / Shift_JIS or
//! UTF-16. Nothing here knows about ledgers; a sheet is a grid whose row and
//! column indexes are the file's own (row 0 = Excel row 1), so messages can
//! point at the cell the user sees.

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Ods, Reader, Sheets, Xls, Xlsx};
use chrono::{Duration, NaiveDate, NaiveDateTime};
use daicho_core::{Error, Result};
use serde::{Deserialize, Serialize};

/// One cell as read from the file.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Cell {
    #[default]
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    /// A cell Excel / LibreOffice formatted as a date or date-time.
    DateTime(NaiveDateTime),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as the user would read it (for headers and messages).
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.trim().to_string(),
            Cell::Number(n) => format_number(*n),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Cell::DateTime(dt) => {
                if dt.time() == chrono::NaiveTime::MIN {
                    dt.format("%Y/%-m/%-d").to_string()
                } else {
                    dt.format("%Y/%-m/%-d %H:%M").to_string()
                }
            }
        }
    }
}

/// `3` rather than `3.0`; `1.25` as is.
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{n:.0}")
    } else {
        n.to_string()
    }
}

/// A rectangle of merged cells, 0-based and inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Merge {
    pub first_row: u32,
    pub first_col: u32,
    pub last_row: u32,
    pub last_col: u32,
}

#[derive(Debug, Clone, Default)]
pub struct Sheet {
    pub name: String,
    /// rows[r][c]; rows may be shorter than the widest row.
    pub rows: Vec<Vec<Cell>>,
    pub merges: Vec<Merge>,
}

impl Sheet {
    pub fn cell(&self, row: usize, col: usize) -> &Cell {
        static EMPTY: Cell = Cell::Empty;
        self.rows
            .get(row)
            .and_then(|r| r.get(col))
            .unwrap_or(&EMPTY)
    }

    /// The cell's value, or for a cell inside a merged area the value of the
    /// area's top-left cell (what the user sees in a merged header).
    pub fn merged_cell(&self, row: usize, col: usize) -> &Cell {
        for m in &self.merges {
            if (m.first_row as usize..=m.last_row as usize).contains(&row)
                && (m.first_col as usize..=m.last_col as usize).contains(&col)
            {
                return self.cell(m.first_row as usize, m.first_col as usize);
            }
        }
        self.cell(row, col)
    }

    pub fn width(&self) -> usize {
        self.rows.iter().map(Vec::len).max().unwrap_or(0)
    }
}

/// The file's kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileFormat {
    Xlsx,
    Xls,
    Ods,
    Csv,
}

/// How to decode a CSV file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CsvEncoding {
    /// UTF-8 (with or without BOM) when the bytes are valid UTF-8, UTF-16
    /// with a BOM, otherwise CP932 (Shift_JIS).
    #[default]
    Auto,
    Utf8,
    ShiftJis,
}

impl CsvEncoding {
    pub fn from_key(s: &str) -> Option<CsvEncoding> {
        match s
            .trim()
            .to_ascii_lowercase()
            .replace(['-', '_'], "")
            .as_str()
        {
            "auto" | "自動" => Some(CsvEncoding::Auto),
            "utf8" | "utf8bom" => Some(CsvEncoding::Utf8),
            "sjis" | "shiftjis" | "cp932" | "windows31j" | "ms932" => Some(CsvEncoding::ShiftJis),
            _ => None,
        }
    }
}

impl std::str::FromStr for CsvEncoding {
    type Err = Error;

    /// [`CsvEncoding::from_key`]; empty means `auto`. Japanese error otherwise.
    fn from_str(s: &str) -> Result<CsvEncoding> {
        if s.trim().is_empty() {
            return Ok(CsvEncoding::Auto);
        }
        CsvEncoding::from_key(s).ok_or_else(|| {
            Error::invalid(format!(
                "文字コード「{s}」は指定できません。auto / utf8 / sjis"
            ))
        })
    }
}

/// A file read into sheets.
#[derive(Debug, Clone)]
pub struct Workbook {
    pub file_name: String,
    pub format: FileFormat,
    /// The encoding a CSV was decoded with (`UTF-8`, `Shift_JIS`, …).
    pub encoding: Option<String>,
    pub sheets: Vec<Sheet>,
}

/// Reads a file; the format comes from the extension, else from the bytes.
pub fn read_file(path: &Path, encoding: CsvEncoding) -> Result<Workbook> {
    let bytes = std::fs::read(path)
        .map_err(|e| Error::invalid(format!("ファイル「{}」を開けません: {e}", path.display())))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    read_bytes(&name, &bytes, encoding)
}

/// Reads a file's bytes (the app passes what the user dropped in).
pub fn read_bytes(file_name: &str, bytes: &[u8], encoding: CsvEncoding) -> Result<Workbook> {
    let ext = Path::new(file_name)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let format = match ext.as_str() {
        "xlsx" | "xlsm" => FileFormat::Xlsx,
        "xls" => FileFormat::Xls,
        "ods" => FileFormat::Ods,
        "csv" | "txt" | "tsv" => FileFormat::Csv,
        _ if bytes.starts_with(b"PK\x03\x04") => FileFormat::Xlsx,
        _ if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) => FileFormat::Xls,
        _ => FileFormat::Csv,
    };
    if format == FileFormat::Csv {
        let (text, used) = decode(bytes, encoding)?;
        let sheet_name = Path::new(file_name)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "CSV".into());
        return Ok(Workbook {
            file_name: file_name.to_string(),
            format,
            encoding: Some(used.to_string()),
            sheets: vec![read_csv(&sheet_name, &text)?],
        });
    }
    // NOTE: a spreadsheet library meeting a damaged file should return an
    // error, but the importer promises "no panic on any input", so a panic
    // inside calamine is caught here and reported like any unreadable file.
    let result = std::panic::catch_unwind(|| read_spreadsheet(bytes, format));
    match result {
        Ok(Ok(sheets)) => Ok(Workbook {
            file_name: file_name.to_string(),
            format,
            encoding: None,
            sheets,
        }),
        Ok(Err(detail)) => Err(unreadable(file_name, &detail)),
        Err(_) => Err(unreadable(file_name, "読み取り中に異常が発生しました")),
    }
}

fn unreadable(file_name: &str, detail: &str) -> Error {
    Error::invalid(format!(
        "「{file_name}」を表計算ファイルとして読み取れません。ファイルが壊れているか、途中で切れている可能性があります ({detail})。何も書き込んでいません。"
    ))
}

fn read_spreadsheet(bytes: &[u8], format: FileFormat) -> std::result::Result<Vec<Sheet>, String> {
    let cursor = Cursor::new(bytes);
    let mut book: Sheets<Cursor<&[u8]>> = match format {
        FileFormat::Xlsx => Sheets::Xlsx(Xlsx::new(cursor).map_err(|e| e.to_string())?),
        FileFormat::Xls => Sheets::Xls(Xls::new(cursor).map_err(|e| e.to_string())?),
        FileFormat::Ods => Sheets::Ods(Ods::new(cursor).map_err(|e| e.to_string())?),
        FileFormat::Csv => unreachable!("CSV is read by read_csv"),
    };
    let mut sheets = Vec::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).map_err(|e| e.to_string())?;
        let mut rows: Vec<Vec<Cell>> = Vec::new();
        if let Some((r0, c0)) = range.start() {
            rows.resize(r0 as usize, Vec::new());
            for r in range.rows() {
                let mut row = vec![Cell::Empty; c0 as usize];
                row.extend(r.iter().map(cell_of));
                while row.last().is_some_and(Cell::is_empty) {
                    row.pop();
                }
                rows.push(row);
            }
        }
        while rows.last().is_some_and(|r| r.is_empty()) {
            rows.pop();
        }
        // Merged areas matter only for headers; a reader that cannot list
        // them (ODS) falls back to the header heuristics in `table`.
        let dims = match &mut book {
            Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(&name).unwrap_or_default(),
            Sheets::Xls(x) => x.merge_cells_by_sheet_name(&name).unwrap_or_default(),
            _ => Vec::new(),
        };
        let merges = dims
            .iter()
            .map(|d| Merge {
                first_row: d.start.0,
                first_col: d.start.1,
                last_row: d.end.0,
                last_col: d.end.1,
            })
            .collect();
        sheets.push(Sheet { name, rows, merges });
    }
    Ok(sheets)
}

fn cell_of(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) if dt.is_datetime() => {
            // Our own conversion rounds to the minute: a serial such as
            // 44826.416666 is 10:00, not 09:59:59.
            match dt.as_datetime() {
                Some(v) => Cell::DateTime(round_to_minute(v)),
                None => Cell::Number(dt.as_f64()),
            }
        }
        Data::DateTime(dt) => Cell::Number(dt.as_f64()),
        Data::DateTimeIso(s) => iso_datetime(s)
            .map(Cell::DateTime)
            .unwrap_or_else(|| Cell::Text(s.clone())),
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Text(format!("#{e:?}")),
    }
}

fn iso_datetime(s: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f"))
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M"))
        .ok()
        .or_else(|| {
            NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .ok()
                .map(|d| d.and_time(chrono::NaiveTime::MIN))
        })
}

fn round_to_minute(dt: NaiveDateTime) -> NaiveDateTime {
    let secs = dt.and_utc().timestamp_millis();
    let rounded = (secs as f64 / 60_000.0).round() as i64 * 60;
    chrono::DateTime::from_timestamp(rounded, 0)
        .map(|t| t.naive_utc())
        .unwrap_or(dt)
}

/// An Excel serial (days since 1899-12-30, or 1904-01-01) as a date-time
/// rounded to the minute; None outside 1900–9999.
pub fn serial_to_datetime(serial: f64, is_1904: bool) -> Option<NaiveDateTime> {
    if !serial.is_finite() || !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let epoch = if is_1904 {
        NaiveDate::from_ymd_opt(1904, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(1899, 12, 30)?
    };
    let minutes = (serial * 1440.0).round() as i64;
    epoch
        .and_time(chrono::NaiveTime::MIN)
        .checked_add_signed(Duration::minutes(minutes))
}

/// Decodes CSV bytes; returns the text and the encoding's name.
pub fn decode(bytes: &[u8], encoding: CsvEncoding) -> Result<(String, &'static str)> {
    let undecodable = |name: &str| {
        Error::invalid(format!(
            "CSV を {name} として読み取れません。文字コード (UTF-8 / Shift_JIS) を確認してください。何も書き込んでいません。"
        ))
    };
    match encoding {
        CsvEncoding::Utf8 => {
            let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            std::str::from_utf8(body)
                .map(|s| (s.to_string(), "UTF-8"))
                .map_err(|_| undecodable("UTF-8"))
        }
        CsvEncoding::ShiftJis => {
            let (text, had_errors) = encoding_rs::SHIFT_JIS.decode_without_bom_handling(bytes);
            if had_errors {
                return Err(undecodable("Shift_JIS (CP932)"));
            }
            Ok((text.into_owned(), "Shift_JIS"))
        }
        CsvEncoding::Auto => {
            if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
                let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
                if had_errors {
                    return Err(undecodable(enc.name()));
                }
                return Ok((text.into_owned(), enc.name()));
            }
            if let Ok(s) = std::str::from_utf8(bytes) {
                return Ok((s.to_string(), "UTF-8"));
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
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    // The csv crate skips blank lines; Excel shows them as rows, so they are
    // put back to keep row numbers the ones the user sees. A quoted field
    // with line breaks is one row (as in Excel) but several lines.
    let mut next_line = 1u64;
    for record in reader.records() {
        let record = record.map_err(|e| {
            Error::invalid(format!(
                "CSV を読み取れません ({}行目付近): {e}。何も書き込んでいません。",
                rows.len() + 1
            ))
        })?;
        if let Some(pos) = record.position() {
            let blank = pos.line().saturating_sub(next_line).min(1_000_000);
            rows.extend((0..blank).map(|_| Vec::new()));
            let breaks: usize = record.iter().map(|f| f.matches('\n').count()).sum();
            next_line = pos.line() + breaks as u64 + 1;
        }
        let mut row: Vec<Cell> = record
            .iter()
            .map(|s| {
                if s.trim().is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text(s.to_string())
                }
            })
            .collect();
        while row.last().is_some_and(Cell::is_empty) {
            row.pop();
        }
        rows.push(row);
    }
    while rows.last().is_some_and(|r| r.is_empty()) {
        rows.pop();
    }
    Ok(Sheet {
        name: name.to_string(),
        rows,
        merges: Vec::new(),
    })
}

/// `A`, `B`, … `Z`, `AA` for a 0-based column index.
pub fn column_letter(col: usize) -> String {
    let mut n = col + 1;
    let mut s = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        s.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// The 0-based index of a column letter (`F` → 5), also 全角 and lower case.
pub fn column_index(letter: &str) -> Option<usize> {
    let s = daicho_core::domain::value::nfkc(letter.trim()).to_ascii_uppercase();
    if s.is_empty() || s.len() > 3 || !s.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    let n = s
        .bytes()
        .fold(0usize, |acc, b| acc * 26 + (b - b'A' + 1) as usize);
    Some(n - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_round_trip() {
        for (i, l) in [(0, "A"), (25, "Z"), (26, "AA"), (701, "ZZ"), (702, "AAA")] {
            assert_eq!(column_letter(i), l);
            assert_eq!(column_index(l), Some(i));
        }
        assert_eq!(column_index("ｆ"), Some(5));
        assert_eq!(column_index("1"), None);
    }

    #[test]
    fn serials_round_to_the_minute() {
        let dt = serial_to_datetime(44826.416666, false).unwrap();
        assert_eq!(dt.format("%Y-%m-%d %H:%M").to_string(), "2022-09-22 10:00");
        assert!(serial_to_datetime(f64::NAN, false).is_none());
        assert!(serial_to_datetime(-3.0, false).is_none());
    }

    #[test]
    fn csv_encodings_are_detected() {
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("No.,タイトル\nI-0001,件名\n");
        let (text, enc) = decode(&sjis, CsvEncoding::Auto).unwrap();
        assert_eq!(enc, "Shift_JIS");
        assert!(text.contains("タイトル"));
        let bom = [b"\xEF\xBB\xBF".as_slice(), "No.,件名".as_bytes()].concat();
        let (text, enc) = decode(&bom, CsvEncoding::Auto).unwrap();
        assert_eq!((text.as_str(), enc), ("No.,件名", "UTF-8"));
        assert!(decode(&sjis, CsvEncoding::Utf8).is_err());
    }
}
