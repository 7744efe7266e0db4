//! An .xls (BIFF8 inside a compound file) is parsed whole by the spreadsheet
//! library when it opens, which reserves memory for each sheet's declared
//! `DIMENSIONS` and for the rectangle spanned by its cells. A crafted
//! DIMENSIONS record (4 billion rows) aborts the process. Before that, the
//! workbook stream's records are walked once and a sheet whose declared or
//! filled area exceeds the limits is refused.

use std::io::{Cursor, Read};

use daicho_core::Result;

use super::limits::{too_big_sheet, MAX_CELLS, MAX_FILE_BYTES};
use super::unreadable;

/// BIFF8's own sheet limits.
const XLS_ROWS: u64 = 65_536;
const XLS_COLUMNS: u64 = 256;

fn u16_at(d: &[u8], i: usize) -> Option<u64> {
    Some(u16::from_le_bytes(d.get(i..i + 2)?.try_into().ok()?) as u64)
}

fn u32_at(d: &[u8], i: usize) -> Option<u64> {
    Some(u32::from_le_bytes(d.get(i..i + 4)?.try_into().ok()?) as u64)
}

/// The rows and columns a sheet's cells span (exclusive ends).
#[derive(Default)]
struct Extent {
    rows: u64,
    cols: u64,
    first_row: u64,
    first_col: u64,
    any: bool,
}

impl Extent {
    fn add(&mut self, row: u64, first_col: u64, last_col: u64) {
        if !self.any {
            (self.first_row, self.first_col, self.any) = (row, first_col, true);
        }
        self.first_row = self.first_row.min(row);
        self.first_col = self.first_col.min(first_col);
        self.rows = self.rows.max(row + 1);
        self.cols = self.cols.max(last_col + 1);
    }

    fn area(&self) -> u64 {
        if !self.any {
            return 0;
        }
        (self.rows - self.first_row).saturating_mul(self.cols - self.first_col)
    }
}

/// Ok when every sheet's declared and filled area is within the limits.
pub fn check_xls(file_name: &str, bytes: &[u8]) -> Result<()> {
    let broken = |e: &dyn std::fmt::Display| unreadable(file_name, &e.to_string());
    let mut cfb = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| broken(&e))?;
    let name = if cfb.is_stream("/Workbook") {
        "/Workbook"
    } else {
        "/Book"
    };
    let mut stream = Vec::new();
    cfb.open_stream(name)
        .map_err(|e| broken(&e))?
        .take(MAX_FILE_BYTES)
        .read_to_end(&mut stream)
        .map_err(|e| broken(&e))?;
    let (mut at, mut sheet, mut total) = (0usize, 0usize, 0u64);
    let mut extent = Extent::default();
    let mut names: Vec<String> = Vec::new();
    // Substream 1 is the workbook globals; sheet n is substream n + 1.
    let refuse = |names: &[String], sheet: usize, what: String| {
        let label = match sheet.checked_sub(2).and_then(|i| names.get(i)) {
            Some(n) => n.clone(),
            None => format!("{}枚目", sheet.saturating_sub(1)),
        };
        Err(too_big_sheet(&label, &what))
    };
    while let (Some(typ), Some(len)) = (u16_at(&stream, at), u16_at(&stream, at + 2)) {
        let data = stream.get(at + 4..at + 4 + len as usize).unwrap_or(&[]);
        at += 4 + len as usize;
        let cell = |d: &[u8]| Some((u16_at(d, 0)?, u16_at(d, 2)?));
        match typ {
            // BOF: a new substream (the globals, then each sheet).
            0x0809 => {
                total = total.saturating_add(extent.area());
                extent = Extent::default();
                sheet += 1;
            }
            // BoundSheet8: a sheet's name (8-bit or UTF-16 characters).
            0x0085 if data.len() >= 8 => {
                let (n, wide) = (data[6] as usize, data[7] & 1 == 1);
                let name = if wide {
                    let units: Vec<u16> = data[8..]
                        .chunks_exact(2)
                        .take(n)
                        .map(|c| u16::from_le_bytes([c[0], c[1]]))
                        .collect();
                    String::from_utf16_lossy(&units)
                } else {
                    data[8..].iter().take(n).map(|&b| b as char).collect()
                };
                names.push(name);
            }
            // DIMENSIONS (BIFF8: u32 rows, u16 columns).
            0x0200 if data.len() >= 12 => {
                let (rf, rl) = (u32_at(data, 0).unwrap_or(0), u32_at(data, 4).unwrap_or(0));
                let (cf, cl) = (u16_at(data, 8).unwrap_or(0), u16_at(data, 10).unwrap_or(0));
                let area = rl.saturating_sub(rf).saturating_mul(cl.saturating_sub(cf));
                if rl > XLS_ROWS || cl > XLS_COLUMNS || area > MAX_CELLS as u64 {
                    return refuse(
                        &names,
                        sheet,
                        format!("宣言された範囲が {rl} 行 × {cl} 列です"),
                    );
                }
            }
            // Cells: Formula, LabelSst, Number, Label, RString, BoolErr, Rk.
            0x0006 | 0x00FD | 0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E => {
                if let Some((r, c)) = cell(data) {
                    extent.add(r, c, c);
                }
            }
            // MulRk: a row of cells from one column to another.
            0x00BD => {
                if let (Some((r, c)), Some(last)) =
                    (cell(data), u16_at(data, data.len().saturating_sub(2)))
                {
                    extent.add(r, c, last.max(c));
                }
            }
            _ => {}
        }
        if total.saturating_add(extent.area()) > MAX_CELLS as u64 {
            return refuse(
                &names,
                sheet,
                format!("値のある範囲が {} 行 × {} 列です", extent.rows, extent.cols),
            );
        }
    }
    Ok(())
}
