//! How much of a file the importer reads, and the grid that enforces it.
//!
//! A hostile or broken file must never take the process down: a 5 KB xlsx
//! can declare a used range of `A1:XFD1048576`, a zip can expand a
//! thousandfold. Sheets are therefore built cell by cell into rows that are
//! only as long as their last filled cell, and every limit below is checked
//! before memory is taken, so the memory used follows the cells actually in
//! the file, never what the file claims.

use daicho_core::{Error, Result};

use super::Cell;

/// The largest file read at all (bytes).
pub const MAX_FILE_BYTES: u64 = 100 * 1024 * 1024;
/// Excel's own sheet limits: rows and columns.
pub const MAX_ROWS: usize = 1_048_576;
pub const MAX_COLUMNS: usize = 16_384;
/// Cells held for one file (the sum of every row's length up to its last
/// filled cell): about 130 MB at most, far more than any ledger.
pub const MAX_CELLS: usize = 4_000_000;
/// Merged areas kept per sheet (they only matter for headers).
pub const MAX_MERGES: usize = 100_000;
/// A zip (xlsx / ods) may expand to this much in total …
pub const MAX_UNCOMPRESSED_BYTES: u64 = 200 * 1024 * 1024;
/// … and no part of it more than this many times its compressed size
/// (beyond a small allowance: tiny parts compress oddly).
pub const MAX_ZIP_RATIO: u64 = 100;
pub const ZIP_RATIO_ALLOWANCE: u64 = 1024 * 1024;
/// Parts (files) inside one zip.
pub const MAX_ZIP_ENTRIES: usize = 10_000;

/// The refusal for a file over [`MAX_FILE_BYTES`].
pub fn too_big_file(file_name: &str, len: u64) -> Error {
    Error::invalid(format!(
        "「{file_name}」は大きすぎるため読み取りません ({} MB)。取り込めるのは {} MB までです。不要なシートや行を削除するか、ファイルを分けてから取り込んでください。何も書き込んでいません。",
        len.div_ceil(1024 * 1024),
        MAX_FILE_BYTES / (1024 * 1024)
    ))
}

/// The refusal for a sheet over the row, column or cell limits.
pub fn too_big_sheet(sheet: &str, what: &str) -> Error {
    Error::invalid(format!(
        "シート「{sheet}」が大きすぎるため読み取りません ({what})。取り込めるのは {MAX_ROWS} 行・{MAX_COLUMNS} 列・合計 {MAX_CELLS} セルまでです。不要な行や列を削除するか、ファイルを分けてから取り込んでください。何も書き込んでいません。"
    ))
}

/// The rows of one file's sheets, built under the limits. One budget of
/// cells is shared by all the sheets of a file.
#[derive(Debug)]
pub struct Grid {
    sheet: String,
    rows: Vec<Vec<Cell>>,
    cells: usize,
}

impl Grid {
    /// A grid for `sheet`; `used` cells are already taken by earlier sheets.
    pub fn new(sheet: &str, used: usize) -> Grid {
        Grid {
            sheet: sheet.to_string(),
            rows: Vec::new(),
            cells: used,
        }
    }

    /// Cells used so far (this sheet and those before it).
    pub fn used(&self) -> usize {
        self.cells
    }

    fn check_position(&self, row: usize, col: usize) -> Result<()> {
        if row >= MAX_ROWS {
            return Err(too_big_sheet(
                &self.sheet,
                &format!("{} 行目に値があります", row + 1),
            ));
        }
        if col >= MAX_COLUMNS {
            return Err(too_big_sheet(
                &self.sheet,
                &format!("{} 列目に値があります", col + 1),
            ));
        }
        Ok(())
    }

    fn take_cells(&mut self, n: usize) -> Result<()> {
        self.cells = self.cells.saturating_add(n);
        if self.cells > MAX_CELLS {
            return Err(too_big_sheet(
                &self.sheet,
                &format!("{MAX_CELLS} セルを超えています"),
            ));
        }
        Ok(())
    }

    /// Puts one cell (0-based position, any order); empty cells take no room.
    pub fn put(&mut self, row: usize, col: usize, cell: Cell) -> Result<()> {
        if cell.is_empty() {
            return Ok(());
        }
        self.check_position(row, col)?;
        if self.rows.len() <= row {
            self.rows.resize_with(row + 1, Vec::new);
        }
        let len = self.rows[row].len();
        if len <= col {
            self.take_cells(col + 1 - len)?;
            self.rows[row].resize(col + 1, Cell::Empty);
        }
        self.rows[row][col] = cell;
        Ok(())
    }

    /// Appends a whole row (CSV), trailing empty cells dropped.
    pub fn push_row(&mut self, mut row: Vec<Cell>) -> Result<()> {
        while row.last().is_some_and(Cell::is_empty) {
            row.pop();
        }
        self.check_position(self.rows.len(), row.len().saturating_sub(1))?;
        self.take_cells(row.len())?;
        self.rows.push(row);
        Ok(())
    }

    /// Appends `n` blank rows (CSV lines Excel shows as rows).
    pub fn push_blank_rows(&mut self, n: usize) -> Result<()> {
        let target = self.rows.len().saturating_add(n);
        self.check_position(target.saturating_sub(1), 0)?;
        self.rows.resize_with(target, Vec::new);
        Ok(())
    }

    /// The rows, trailing blank rows dropped.
    pub fn finish(mut self) -> Vec<Vec<Cell>> {
        while self.rows.last().is_some_and(|r| r.is_empty()) {
            self.rows.pop();
        }
        self.rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_far_cell_costs_its_row_only() {
        let mut g = Grid::new("S", 0);
        g.put(MAX_ROWS - 1, 3, Cell::Text("x".into())).unwrap();
        assert_eq!(g.used(), 4);
        g.put(0, 0, Cell::Empty).unwrap();
        let rows = g.finish();
        assert_eq!(rows.len(), MAX_ROWS);
        assert!(rows[0].is_empty());
    }

    #[test]
    fn limits_give_a_japanese_refusal() {
        let mut g = Grid::new("台帳", 0);
        let e = g.put(MAX_ROWS, 0, Cell::Number(1.0)).unwrap_err();
        assert!(
            e.message.contains("シート「台帳」が大きすぎる"),
            "{}",
            e.message
        );
        let e = g.put(0, MAX_COLUMNS, Cell::Number(1.0)).unwrap_err();
        assert!(e.message.contains("16385 列目"), "{}", e.message);
        let mut g = Grid::new("台帳", MAX_CELLS - 2);
        let e = g.put(0, 5, Cell::Number(1.0)).unwrap_err();
        assert!(e.message.contains("セルを超えています"), "{}", e.message);
    }
}
