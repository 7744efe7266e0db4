//! Whole ledgers as filterable workbooks, streamed: [`LedgerWriter`] takes
//! one row at a time into rust_xlsxwriter's constant-memory worksheets (the
//! ledger sheet and its child-table sheets), so a 100k-row ledger never sits
//! in memory (column widths come from the first [`WIDTH_SAMPLE`] rows of
//! each sheet, held until then).

use std::collections::BTreeMap;
use std::path::Path;

use rust_xlsxwriter::{DataValidation, Format, FormatAlign, FormatBorder, Workbook, Worksheet};

use crate::xlsx::{base, cell_text, safe_sheet_name, workbook_with_default, write_value};
use crate::{atomic_write, DocError, DocValue};

/// Rows sampled for the column widths.
const WIDTH_SAMPLE: usize = 500;

/// How a ledger column is typed.
#[derive(Debug, Clone, PartialEq)]
pub enum LedgerKind {
    /// Free text.
    Text,
    /// Date, `yyyy/m/d`.
    Date,
    /// Date and time, `yyyy/m/d h:mm`.
    DateTime,
    /// Number (`#,##0` for integers).
    Number,
    /// Status: text with a dropdown of the allowed values.
    Status(Vec<String>),
}

/// A ledger column: header label (the users' Excel label), row key, type.
#[derive(Debug, Clone, PartialEq)]
pub struct LedgerColumn {
    /// Header text, e.g. `起票日`.
    pub label: String,
    /// Key in each row.
    pub key: String,
    /// Type of the column.
    pub kind: LedgerKind,
}

impl LedgerColumn {
    /// Shorthand constructor.
    pub fn new(label: &str, key: &str, kind: LedgerKind) -> Self {
        Self {
            label: label.to_owned(),
            key: key.to_owned(),
            kind,
        }
    }
}

/// Writes a ledger workbook to `path` (atomically): one sheet, header row,
/// autofilter, frozen header, typed cells, status dropdowns. See
/// [`LedgerWriter`] to stream the rows instead.
pub fn write_ledger_xlsx(
    path: &Path,
    sheet_name: &str,
    columns: &[LedgerColumn],
    rows: &[BTreeMap<String, DocValue>],
) -> Result<(), DocError> {
    let mut w = LedgerWriter::new(sheet_name, columns)?;
    for r in rows {
        w.push(r)?;
    }
    w.finish(path)
}

/// Data rows of one sheet: Excel's 1,048,576 rows less the header. A table
/// sheet with more continues on `名前 (2)`, `名前 (3)`, … (placed after it).
pub const MAX_SHEET_ROWS: u32 = 1_048_575;

/// Cell formats of a ledger sheet.
struct Formats {
    date: Format,
    datetime: Format,
    int: Format,
}

/// One sheet of the workbook being written (the ledger sheet first) and
/// its continuation sheets.
struct Table {
    name: String,
    columns: Vec<LedgerColumn>,
    /// (worksheet index, data rows) of each part; rows go to the last.
    parts: Vec<(usize, u32)>,
    widths: Vec<f64>,
    /// The first rows, until the column widths are set.
    sample: Option<Vec<Vec<DocValue>>>,
}

/// A ledger workbook written row by row into rust_xlsxwriter's
/// constant-memory sheets: [`LedgerWriter::push`] (or
/// [`LedgerWriter::push_values`]) each row of the ledger sheet and of the
/// table sheets added with [`LedgerWriter::add_table`], in any interleaving,
/// then [`LedgerWriter::finish`].
pub struct LedgerWriter {
    wb: Workbook,
    formats: Formats,
    tables: Vec<Table>,
    row_limit: u32,
}

/// The ledger sheet's id for [`LedgerWriter::push_values`].
pub const LEDGER_SHEET: usize = 0;

impl LedgerWriter {
    pub fn new(sheet_name: &str, columns: &[LedgerColumn]) -> Result<LedgerWriter, DocError> {
        // Text cells are written without a format (the workbook's default
        // is their format): rust_xlsxwriter hashes the format of every cell.
        let mut wb = workbook_with_default(&base())?;
        // Deflate level 3 (Excel's own): a third less time than the default
        // 6 for files about a sixth larger.
        wb.set_zip_compression_level(3);
        let mut w = LedgerWriter {
            wb,
            formats: Formats {
                date: base().set_num_format("yyyy/m/d"),
                datetime: base().set_num_format("yyyy/m/d h:mm"),
                int: base().set_num_format("#,##0"),
            },
            tables: Vec::new(),
            row_limit: MAX_SHEET_ROWS,
        };
        w.add_table(sheet_name, columns)?;
        Ok(w)
    }

    /// Data rows per table sheet before it continues on the next sheet
    /// (default [`MAX_SHEET_ROWS`]; lower to test the continuation). The
    /// ledger sheet itself never continues: past Excel's limit it is an
    /// error.
    pub fn set_row_limit(&mut self, rows: u32) {
        self.row_limit = rows.clamp(1, MAX_SHEET_ROWS);
    }

    /// Adds a plain table sheet after the sheets so far (a child table keyed
    /// by No.): header, typed cells, autofilter, frozen header. Returns its
    /// id for [`LedgerWriter::push_values`].
    pub fn add_table(&mut self, name: &str, columns: &[LedgerColumn]) -> Result<usize, DocError> {
        if columns.is_empty() {
            return Err(DocError::Aborted("ledger without columns".into()));
        }
        let ws = self.add_worksheet(name)?;
        self.tables.push(Table {
            name: name.to_owned(),
            columns: columns.to_vec(),
            parts: vec![(ws, 0)],
            widths: Vec::new(),
            sample: Some(Vec::new()),
        });
        Ok(self.tables.len() - 1)
    }

    /// A new constant-memory worksheet (its temp file goes to the system
    /// temp dir; the finished workbook is written through the atomic writer).
    fn add_worksheet(&mut self, name: &str) -> Result<usize, DocError> {
        let ws = self.wb.add_worksheet_with_constant_memory()?;
        ws.set_name(safe_sheet_name(name))?;
        Ok(self.wb.worksheets_mut().len() - 1)
    }

    /// Adds one row of the ledger sheet (values by column key; missing keys
    /// stay empty).
    pub fn push(&mut self, row: &BTreeMap<String, DocValue>) -> Result<(), DocError> {
        let values: Vec<DocValue> = self.tables[LEDGER_SHEET]
            .columns
            .iter()
            .map(|c| row.get(&c.key).cloned().unwrap_or(DocValue::Empty))
            .collect();
        self.push_values(LEDGER_SHEET, &values)
    }

    /// Adds one row to sheet `table`: its values in column order.
    pub fn push_values(&mut self, table: usize, row: &[DocValue]) -> Result<(), DocError> {
        if let Some(sample) = &mut self.tables[table].sample {
            sample.push(row.to_vec());
            if sample.len() >= WIDTH_SAMPLE {
                self.start(table)?;
            }
            return Ok(());
        }
        self.write_row(table, row)
    }

    /// Sets the widths from the sample, writes the header and the sample.
    fn start(&mut self, table: usize) -> Result<(), DocError> {
        let Some(sample) = self.tables[table].sample.take() else {
            return Ok(());
        };
        let t = &mut self.tables[table];
        t.widths = t
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| ledger_width(c, i, &sample))
            .collect();
        let ws = t.parts[0].0;
        write_header(self.wb.worksheet_from_index(ws)?, &t.columns, &t.widths)?;
        for r in &sample {
            self.write_row(table, r)?;
        }
        Ok(())
    }

    fn write_row(&mut self, table: usize, row: &[DocValue]) -> Result<(), DocError> {
        let (_, rows) = *self.tables[table].parts.last().expect("one part");
        let limit = if table == LEDGER_SHEET {
            MAX_SHEET_ROWS
        } else {
            self.row_limit
        };
        if rows >= limit {
            self.continue_table(table)?;
        }
        let t = &mut self.tables[table];
        let part = t.parts.last_mut().expect("one part");
        part.1 += 1;
        let ws = self.wb.worksheet_from_index(part.0)?;
        write_cells(ws, &self.formats, part.1, row)
    }

    /// The table's next sheet, `名前 (n)`, with the same header and widths.
    fn continue_table(&mut self, table: usize) -> Result<(), DocError> {
        let t = &self.tables[table];
        if table == LEDGER_SHEET {
            return Err(DocError::Aborted(format!(
                "{}が Excel の 1 シートの上限 (1,048,575 行) を超えるため書き出せません。不要な記録を削除してから、もう一度出力してください。",
                t.name
            )));
        }
        let name = format!("{} ({})", t.name, t.parts.len() + 1);
        let (columns, widths) = (t.columns.clone(), t.widths.clone());
        let ws = self.add_worksheet(&name)?;
        write_header(self.wb.worksheet_from_index(ws)?, &columns, &widths)?;
        self.tables[table].parts.push((ws, 0));
        Ok(())
    }

    /// Autofilter, frozen header, status dropdowns, print setup; then the
    /// workbook is written to `path` atomically.
    pub fn finish(mut self, path: &Path) -> Result<(), DocError> {
        for i in 0..self.tables.len() {
            self.start(i)?;
        }
        for t in &self.tables {
            let ncols = t.columns.len() as u16;
            for &(ws, rows) in &t.parts {
                let ws = self.wb.worksheet_from_index(ws)?;
                ws.autofilter(0, 0, rows.max(1), ncols - 1)?;
                ws.set_freeze_panes(1, 0)?;
            }
        }
        let ledger = &self.tables[LEDGER_SHEET];
        let last = ledger.parts[0].1;
        let statuses: Vec<(u16, Vec<String>)> = ledger
            .columns
            .iter()
            .enumerate()
            .filter_map(|(i, c)| match &c.kind {
                LedgerKind::Status(values) if !values.is_empty() => {
                    Some((i as u16, values.clone()))
                }
                _ => None,
            })
            .collect();
        let ws = self.wb.worksheet_from_index(ledger.parts[0].0)?;
        for (i, values) in statuses {
            let dv = DataValidation::new().allow_list_strings(&values)?;
            ws.add_data_validation(1, i, last.max(1000), i, &dv)?;
        }
        ws.set_paper_size(9);
        ws.set_landscape();
        ws.set_print_fit_to_pages(1, 0);
        ws.set_repeat_rows(0, 0)?;
        // Each table's continuation sheets right after it.
        let order: Vec<usize> = self
            .tables
            .iter()
            .flat_map(|t| t.parts.iter().map(|p| p.0))
            .collect();
        let sheets = self.wb.worksheets_mut();
        let mut slots: Vec<Option<Worksheet>> = sheets.drain(..).map(Some).collect();
        sheets.extend(order.iter().filter_map(|&i| slots[i].take()));
        let mut wb = self.wb;
        atomic_write(path, |file| {
            wb.save_to_writer(file)?;
            Ok(())
        })
    }
}

/// The bold header row with the column widths.
fn write_header(
    ws: &mut Worksheet,
    columns: &[LedgerColumn],
    widths: &[f64],
) -> Result<(), DocError> {
    let head = base()
        .set_bold()
        .set_background_color(0xD9E1F2)
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    for (i, w) in widths.iter().enumerate() {
        ws.set_column_width(i as u16, *w)?;
    }
    ws.set_row_height(0, 30)?;
    for (i, c) in columns.iter().enumerate() {
        ws.write_string_with_format(0, i as u16, &c.label, &head)?;
    }
    Ok(())
}

/// One data row's typed cells (row `r`, 0-based, header at 0), in column
/// order.
fn write_cells(
    ws: &mut Worksheet,
    formats: &Formats,
    r: u32,
    row: &[DocValue],
) -> Result<(), DocError> {
    for (i, v) in row.iter().enumerate() {
        let col = i as u16;
        let fmt = match v {
            DocValue::Empty => continue,
            DocValue::Text(s) if s.is_empty() => continue,
            DocValue::Text(s) => {
                ws.write_string(r, col, cell_text(s))?;
                continue;
            }
            DocValue::Number(n) => {
                ws.write_number(r, col, *n)?;
                continue;
            }
            DocValue::Date(_) => &formats.date,
            DocValue::DateTime(_) => &formats.datetime,
            DocValue::Int(_) => &formats.int,
        };
        write_value(ws, r, col, v, fmt)?;
    }
    Ok(())
}

/// Column width in characters: header or content (sampled), within bounds.
fn ledger_width(c: &LedgerColumn, at: usize, rows: &[Vec<DocValue>]) -> f64 {
    // East Asian characters count double in Excel's character units.
    let units = |s: &str| -> usize { s.chars().map(|ch| if ch.is_ascii() { 1 } else { 2 }).sum() };
    let header = units(&c.label) + 3; // room for the filter button
    let content = match c.kind {
        LedgerKind::Date => 10,
        LedgerKind::DateTime => 15,
        _ => rows
            .iter()
            .take(WIDTH_SAMPLE)
            .filter_map(|r| r.get(at))
            .filter(|v| !matches!(v, DocValue::Empty))
            .map(|v| units(&v.display(true)))
            .max()
            .unwrap_or(0),
    };
    (header.max(content) as f64 + 1.0).clamp(6.0, 60.0)
}
