//! Reading a file into plain sheets of cells: .xlsx / .xls / .ods through
//! calamine, .csv (and Excel's tab-separated "Unicode text") through the csv
//! crate after decoding UTF-8 (with or without BOM), CP932 / Shift_JIS or
//! UTF-16. Nothing here knows about ledgers; a sheet is a grid whose row and
//! column indexes are the file's own (row 0 = Excel row 1), so messages can
//! point at the cell the user sees.

mod csv;
pub mod limits;
mod odscheck;
mod spreadsheet;
mod xlscheck;
mod zipcheck;

use std::io::Read;
use std::path::Path;

use chrono::{Duration, NaiveDate, NaiveDateTime};
use daicho_core::{Error, Result};
use serde::{Deserialize, Serialize};

pub use self::csv::{decode, read_csv};
use limits::{too_big_file, MAX_FILE_BYTES};

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
    pub fn new(name: String, rows: Vec<Vec<Cell>>, merges: Vec<Merge>) -> Sheet {
        Sheet { name, rows, merges }
    }

    pub fn cell(&self, row: usize, col: usize) -> &Cell {
        static EMPTY: Cell = Cell::Empty;
        self.rows
            .get(row)
            .and_then(|r| r.get(col))
            .unwrap_or(&EMPTY)
    }

    /// Columns `0..width` of one row as the user sees them: a cell inside a
    /// merged area shows the value of the area's top-left cell (a merged
    /// header). The merges are looked at once per row, not once per cell.
    pub fn merged_row(&self, row: usize, width: usize) -> Vec<&Cell> {
        let mut out: Vec<&Cell> = (0..width).map(|c| self.cell(row, c)).collect();
        for m in &self.merges {
            if !(m.first_row as usize..=m.last_row as usize).contains(&row) {
                continue;
            }
            let top_left = self.cell(m.first_row as usize, m.first_col as usize);
            let cols = (m.first_col as usize).min(width)..(m.last_col as usize + 1).min(width);
            for slot in &mut out[cols] {
                *slot = top_left;
            }
        }
        out
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
/// Files over [`limits::MAX_FILE_BYTES`] are refused before reading.
pub fn read_file(path: &Path, encoding: CsvEncoding) -> Result<Workbook> {
    let cannot_open = |e: std::io::Error| {
        Error::invalid(format!("ファイル「{}」を開けません: {e}", path.display()))
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let file = std::fs::File::open(path).map_err(cannot_open)?;
    let len = file.metadata().map_err(cannot_open)?.len();
    if len > MAX_FILE_BYTES {
        return Err(too_big_file(&name, len));
    }
    // The file may grow while it is read: never more than the limit.
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot_open)?;
    read_bytes(&name, &bytes, encoding)
}

/// Reads a file's bytes (the app passes what the user dropped in).
pub fn read_bytes(file_name: &str, bytes: &[u8], encoding: CsvEncoding) -> Result<Workbook> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big_file(file_name, bytes.len() as u64));
    }
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
    let result =
        std::panic::catch_unwind(|| spreadsheet::read_spreadsheet(file_name, bytes, format));
    match result {
        Ok(sheets) => Ok(Workbook {
            file_name: file_name.to_string(),
            format,
            encoding: None,
            sheets: crate::intake::tabulate(sheets?),
        }),
        Err(_) => Err(unreadable(file_name, "読み取り中に異常が発生しました")),
    }
}

pub(crate) fn unreadable(file_name: &str, detail: &str) -> Error {
    Error::invalid(format!(
        "「{file_name}」を表計算ファイルとして読み取れません。ファイルが壊れているか、途中で切れている可能性があります ({detail})。何も書き込んでいません。"
    ))
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
}
