//! Whole ledgers as filterable workbooks, streamed: [`LedgerWriter`] takes
//! one row at a time into rust_xlsxwriter's constant-memory worksheet, so a
//! 100k-row ledger never sits in memory (column widths come from the first
//! [`WIDTH_SAMPLE`] rows, held until then).

use std::collections::BTreeMap;
use std::path::Path;

use rust_xlsxwriter::{DataValidation, Format, FormatAlign, FormatBorder, Workbook, Worksheet};

use crate::xlsx::{base, new_workbook, safe_sheet_name, write_value};
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

/// Cell formats of a ledger sheet.
struct Formats {
    date: Format,
    datetime: Format,
    int: Format,
    text: Format,
}

/// A ledger workbook written row by row: [`LedgerWriter::push`] each row,
/// then [`LedgerWriter::finish`].
pub struct LedgerWriter {
    wb: Workbook,
    columns: Vec<LedgerColumn>,
    formats: Formats,
    /// The first rows, until the column widths are set.
    sample: Option<Vec<BTreeMap<String, DocValue>>>,
    rows: u32,
}

impl LedgerWriter {
    pub fn new(sheet_name: &str, columns: &[LedgerColumn]) -> Result<LedgerWriter, DocError> {
        if columns.is_empty() {
            return Err(DocError::Aborted("ledger without columns".into()));
        }
        let mut wb = new_workbook()?;
        // The constant-memory temp files go next to the system temp dir; the
        // finished workbook is then written through the atomic writer.
        let ws = wb.add_worksheet_with_constant_memory()?;
        ws.set_name(safe_sheet_name(sheet_name))?;
        Ok(LedgerWriter {
            wb,
            columns: columns.to_vec(),
            formats: Formats {
                date: base().set_num_format("yyyy/m/d"),
                datetime: base().set_num_format("yyyy/m/d h:mm"),
                int: base().set_num_format("#,##0"),
                text: base(),
            },
            sample: Some(Vec::new()),
            rows: 0,
        })
    }

    fn sheet(&mut self) -> Result<&mut Worksheet, DocError> {
        Ok(self.wb.worksheet_from_index(0)?)
    }

    /// Adds one row (values by column key; missing keys stay empty).
    pub fn push(&mut self, row: &BTreeMap<String, DocValue>) -> Result<(), DocError> {
        if let Some(sample) = &mut self.sample {
            sample.push(row.clone());
            if sample.len() >= WIDTH_SAMPLE {
                self.start()?;
            }
            return Ok(());
        }
        self.write_row(row)
    }

    /// Sets the widths from the sample, writes the header and the sample.
    fn start(&mut self) -> Result<(), DocError> {
        let Some(sample) = self.sample.take() else {
            return Ok(());
        };
        let widths: Vec<f64> = self
            .columns
            .iter()
            .map(|c| ledger_width(c, &sample))
            .collect();
        let labels: Vec<String> = self.columns.iter().map(|c| c.label.clone()).collect();
        write_header(self.sheet()?, &labels, widths)?;
        for r in &sample {
            self.write_row(r)?;
        }
        Ok(())
    }

    fn write_row(&mut self, row: &BTreeMap<String, DocValue>) -> Result<(), DocError> {
        self.rows += 1;
        let r = self.rows;
        let ws = self.wb.worksheet_from_index(0)?;
        write_cells(ws, &self.formats, &self.columns, r, row)
    }

    /// Adds a plain table sheet after the ledger sheet (a child table keyed
    /// by No.): header, typed cells, autofilter, frozen header. Call it after
    /// the last [`LedgerWriter::push`].
    pub fn add_sheet(
        &mut self,
        name: &str,
        columns: &[LedgerColumn],
        rows: &[BTreeMap<String, DocValue>],
    ) -> Result<(), DocError> {
        self.start()?;
        let widths: Vec<f64> = columns.iter().map(|c| ledger_width(c, rows)).collect();
        let labels: Vec<String> = columns.iter().map(|c| c.label.clone()).collect();
        let ws = self.wb.add_worksheet();
        ws.set_name(safe_sheet_name(name))?;
        write_header(ws, &labels, widths)?;
        for (i, row) in rows.iter().enumerate() {
            write_cells(ws, &self.formats, columns, i as u32 + 1, row)?;
        }
        ws.autofilter(0, 0, (rows.len() as u32).max(1), columns.len() as u16 - 1)?;
        ws.set_freeze_panes(1, 0)?;
        Ok(())
    }

    /// Autofilter, frozen header, status dropdowns, print setup; then the
    /// workbook is written to `path` atomically.
    pub fn finish(mut self, path: &Path) -> Result<(), DocError> {
        self.start()?;
        let last = self.rows;
        let ncols = self.columns.len() as u16;
        let statuses: Vec<(u16, Vec<String>)> = self
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
        let ws = self.sheet()?;
        ws.autofilter(0, 0, last.max(1), ncols - 1)?;
        ws.set_freeze_panes(1, 0)?;
        for (i, values) in statuses {
            let dv = DataValidation::new().allow_list_strings(&values)?;
            ws.add_data_validation(1, i, last.max(1000), i, &dv)?;
        }
        ws.set_paper_size(9);
        ws.set_landscape();
        ws.set_print_fit_to_pages(1, 0);
        ws.set_repeat_rows(0, 0)?;
        let mut wb = self.wb;
        atomic_write(path, |file| {
            wb.save_to_writer(file)?;
            Ok(())
        })
    }
}

/// The bold header row with the column widths.
fn write_header(ws: &mut Worksheet, labels: &[String], widths: Vec<f64>) -> Result<(), DocError> {
    let head = base()
        .set_bold()
        .set_background_color(0xD9E1F2)
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    for (i, w) in widths.into_iter().enumerate() {
        ws.set_column_width(i as u16, w)?;
    }
    ws.set_row_height(0, 30)?;
    for (i, l) in labels.iter().enumerate() {
        ws.write_string_with_format(0, i as u16, l, &head)?;
    }
    Ok(())
}

/// One data row's typed cells (row `r`, 0-based, header at 0).
fn write_cells(
    ws: &mut Worksheet,
    formats: &Formats,
    columns: &[LedgerColumn],
    r: u32,
    row: &BTreeMap<String, DocValue>,
) -> Result<(), DocError> {
    for (i, c) in columns.iter().enumerate() {
        let Some(v) = row.get(&c.key) else { continue };
        let fmt = match v {
            DocValue::Date(_) => &formats.date,
            DocValue::DateTime(_) => &formats.datetime,
            DocValue::Int(_) => &formats.int,
            _ => &formats.text,
        };
        match v {
            DocValue::Empty => {}
            DocValue::Text(s) if s.is_empty() => {}
            _ => write_value(ws, r, i as u16, v, fmt)?,
        }
    }
    Ok(())
}

/// Column width in characters: header or content (sampled), within bounds.
fn ledger_width(c: &LedgerColumn, rows: &[BTreeMap<String, DocValue>]) -> f64 {
    // East Asian characters count double in Excel's character units.
    let units = |s: &str| -> usize { s.chars().map(|ch| if ch.is_ascii() { 1 } else { 2 }).sum() };
    let header = units(&c.label) + 3; // room for the filter button
    let content = match c.kind {
        LedgerKind::Date => 10,
        LedgerKind::DateTime => 15,
        _ => rows
            .iter()
            .take(500)
            .filter_map(|r| r.get(&c.key))
            .map(|v| units(&v.display(true)))
            .max()
            .unwrap_or(0),
    };
    (header.max(content) as f64 + 1.0).clamp(6.0, 60.0)
}
