//! .xlsx / .xls / .ods through calamine. An xlsx sheet is streamed cell by
//! cell (calamine's cell reader), never materialised as its declared used
//! range; a zip is checked before it is opened ([`super::zipcheck`]).

use std::io::Cursor;

use calamine::{Data, Ods, Reader, Sheets, Xls, Xlsx};
use chrono::{NaiveDate, NaiveDateTime};
use daicho_core::Result;

use super::limits::{Grid, MAX_MERGES};
use super::{unreadable, Cell, FileFormat, Merge, Sheet};

/// Reads every sheet of a spreadsheet file under the limits.
pub fn read_spreadsheet(file_name: &str, bytes: &[u8], format: FileFormat) -> Result<Vec<Sheet>> {
    let broken = |e: &dyn std::fmt::Display| unreadable(file_name, &e.to_string());
    if matches!(format, FileFormat::Xlsx | FileFormat::Ods) {
        super::zipcheck::check_zip(file_name, bytes)?;
    }
    match format {
        FileFormat::Ods => super::odscheck::check_ods(file_name, bytes)?,
        FileFormat::Xls => super::xlscheck::check_xls(file_name, bytes)?,
        _ => {}
    }
    let cursor = Cursor::new(bytes);
    let mut used = 0;
    let mut sheets = Vec::new();
    if format == FileFormat::Xlsx {
        let mut book = Xlsx::new(cursor).map_err(|e| broken(&e))?;
        for name in book.sheet_names() {
            let mut grid = Grid::new(&name, used);
            let mut reader = book.worksheet_cells_reader(&name).map_err(|e| broken(&e))?;
            while let Some(c) = reader.next_cell().map_err(|e| broken(&e))? {
                let (r, col) = c.get_position();
                grid.put(
                    r as usize,
                    col as usize,
                    cell_of(&Data::from(c.get_value().clone())),
                )?;
            }
            drop(reader);
            used = grid.used();
            let dims = book.merge_cells_by_sheet_name(&name).unwrap_or_default();
            sheets.push(sheet(name, grid, merges(&dims)));
        }
        return Ok(sheets);
    }
    let mut book: Sheets<Cursor<&[u8]>> = match format {
        FileFormat::Xls => Sheets::Xls(Xls::new(cursor).map_err(|e| broken(&e))?),
        _ => Sheets::Ods(Ods::new(cursor).map_err(|e| broken(&e))?),
    };
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).map_err(|e| broken(&e))?;
        let mut grid = Grid::new(&name, used);
        for (r, c, d) in range.used_cells() {
            let (r0, c0) = range.start().unwrap_or_default();
            grid.put(r + r0 as usize, c + c0 as usize, cell_of(d))?;
        }
        drop(range);
        used = grid.used();
        // ODS cannot list its merged areas; the header heuristics in `table`
        // cover it.
        let dims = match &mut book {
            Sheets::Xls(x) => x.merge_cells_by_sheet_name(&name).unwrap_or_default(),
            _ => Vec::new(),
        };
        sheets.push(sheet(name, grid, merges(&dims)));
    }
    Ok(sheets)
}

fn sheet(name: String, grid: Grid, merges: Vec<Merge>) -> Sheet {
    Sheet::new(name, grid.finish(), merges)
}

fn merges(dims: &[calamine::Dimensions]) -> Vec<Merge> {
    dims.iter()
        .take(MAX_MERGES)
        .map(|d| Merge {
            first_row: d.start.0,
            first_col: d.start.1,
            last_row: d.end.0.max(d.start.0),
            last_col: d.end.1.max(d.start.1),
        })
        .collect()
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
