//! xlsx output: a [`Template`] as a printable Excel form (the same sections,
//! labels and order as the PDF), and whole ledgers as filterable workbooks.
//!
//! The form sits on a grid of [`GRID`] equal columns; fields and table columns
//! are merged ranges of that grid. Excel does not grow the height of merged
//! rows by itself, so row heights are computed here with the PDF's line
//! breaker and the bundled font's metrics (close to ＭＳ Ｐゴシック's).
//!
//! (Long by design: the form grid and the ledger workbook share the cell
//! formats and the row-height measuring set up here.)

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use rust_xlsxwriter::{
    ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

use crate::pdf::canvas::measure;
use crate::pdf::value_text;
use crate::template::{Paper, TableSpec, Template, ValueFormat};
use crate::wrap::wrap_text;
use crate::{DocData, DocError, DocValue, RenderOptions, RenderReport};

/// Number of grid columns of a form sheet.
const GRID: u16 = 24;
const FONT: &str = "ＭＳ Ｐゴシック";
const FONT_PT: f64 = 11.0;
const LINE_PT: f64 = 14.0;
const PX_PER_MM: f64 = 96.0 / 25.4;

/// Workbook with the Japanese default font. NOTE: must be called before the
/// first `add_worksheet`, or Excel keeps Calibri metrics for column widths.
pub(crate) fn new_workbook() -> Result<Workbook, XlsxError> {
    workbook_with_default(&base().set_align(FormatAlign::VerticalCenter))
}

/// [`new_workbook`] with `default` as the format of cells written without
/// one (a ledger's text cells: [`base`]).
pub(crate) fn workbook_with_default(default: &Format) -> Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    wb.set_default_format(default, 18, 72)?;
    Ok(wb)
}

pub(crate) fn base() -> Format {
    Format::new()
        .set_font_name(FONT)
        .set_font_size(FONT_PT)
        .set_font_charset(128)
}

fn cell_fmt() -> Format {
    base()
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_align(FormatAlign::Left)
}

fn label_fmt() -> Format {
    cell_fmt()
        .set_bold()
        .set_background_color(0xE6E6E6)
        .set_align(FormatAlign::VerticalCenter)
}

/// Number format for a value: real Excel dates as `yyyy/m/d`.
fn value_fmt(v: &DocValue, format: ValueFormat, suffix: Option<&str>) -> Format {
    let unit = suffix
        .map(|s| format!("\"{}\"", s.replace('"', "")))
        .unwrap_or_default();
    match v {
        DocValue::Date(_) => cell_fmt().set_num_format("yyyy/m/d"),
        DocValue::DateTime(_) => cell_fmt().set_num_format("yyyy/m/d h:mm"),
        DocValue::Int(_) | DocValue::Number(_) => {
            let n = if format == ValueFormat::Money {
                format!("#,##0{unit}")
            } else {
                format!("General{unit}")
            };
            cell_fmt().set_num_format(n).set_align(FormatAlign::Right)
        }
        _ => cell_fmt(),
    }
}

fn excel_date(d: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
}

fn excel_datetime(dt: NaiveDateTime) -> Result<ExcelDateTime, XlsxError> {
    excel_date(dt.date())?.and_hms(dt.hour() as u16, dt.minute() as u8, dt.second())
}

/// Excel's limit for the text of one cell (characters).
pub const MAX_CELL_CHARS: usize = 32_767;
/// What ends a text cut to fit a cell.
pub const CUT_MARKER: &str = "…（以下省略）";

/// `s` as it fits one Excel cell: longer text is cut, visibly, rather than
/// failing the whole workbook.
pub fn cell_text(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().count() <= MAX_CELL_CHARS {
        return std::borrow::Cow::Borrowed(s);
    }
    let keep = MAX_CELL_CHARS - CUT_MARKER.chars().count();
    let mut out: String = s.chars().take(keep).collect();
    out.push_str(CUT_MARKER);
    std::borrow::Cow::Owned(out)
}

/// Writes a typed value into one cell.
pub(crate) fn write_value(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    v: &DocValue,
    fmt: &Format,
) -> Result<(), XlsxError> {
    match v {
        DocValue::Empty => ws.write_blank(row, col, fmt)?,
        DocValue::Text(s) => ws.write_string_with_format(row, col, cell_text(s), fmt)?,
        DocValue::Date(d) => ws.write_datetime_with_format(row, col, excel_date(*d)?, fmt)?,
        DocValue::DateTime(d) => {
            ws.write_datetime_with_format(row, col, excel_datetime(*d)?, fmt)?
        }
        DocValue::Int(i) => ws.write_number_with_format(row, col, *i as f64, fmt)?,
        DocValue::Number(n) => ws.write_number_with_format(row, col, *n, fmt)?,
    };
    Ok(())
}

/// Writes `v` over the range, merging when it spans more than one cell
/// (`merge_range` refuses a single cell).
fn put(
    ws: &mut Worksheet,
    (r1, c1, r2, c2): (u32, u16, u32, u16),
    v: &DocValue,
    fmt: &Format,
) -> Result<(), XlsxError> {
    if r1 != r2 || c1 != c2 {
        ws.merge_range(r1, c1, r2, c2, "", fmt)?;
    }
    write_value(ws, r1, c1, v, fmt)
}

struct Sheet<'a> {
    ws: &'a mut Worksheet,
    row: u32,
    col_mm: f64,
}

impl Sheet<'_> {
    /// Lines `text` needs in `cols` grid columns.
    fn lines(&self, text: &str, cols: u16, bold: bool) -> usize {
        // Use 90% of the width: Excel's own padding and font differences.
        let width = (self.col_mm * f64::from(cols) - 2.0) * 0.9;
        let m = measure(bold);
        wrap_text(text, width as f32, &|c| m(c, FONT_PT as f32))
            .len()
            .max(1)
    }

    fn set_height(&mut self, lines: usize) -> Result<(), XlsxError> {
        self.ws
            .set_row_height(self.row, lines as f64 * LINE_PT + 4.0)?;
        Ok(())
    }
}

/// Grid column boundaries for shares `weights` of the full width; every part
/// gets at least one column.
fn boundaries(weights: &[f32]) -> Vec<u16> {
    let total: f32 = weights.iter().sum();
    let mut b = vec![0u16];
    let mut acc = 0.0;
    let n = weights.len() as u16;
    for (i, w) in weights.iter().enumerate() {
        acc += w;
        let i = i as u16;
        let min = b[i as usize] + 1;
        let max = GRID - (n - i - 1);
        let v = ((acc / total * f32::from(GRID)).round() as u16).clamp(min, max);
        b.push(v);
    }
    *b.last_mut().expect("non-empty") = GRID;
    b
}

/// Renders `template` filled with `data` as an xlsx form (bytes).
/// `missing_glyphs` is always empty: Excel substitutes fonts by itself.
pub fn render_xlsx(
    template: &Template,
    data: &DocData,
    options: &RenderOptions,
) -> Result<(Vec<u8>, RenderReport), DocError> {
    let mut wb = new_workbook()?;
    let ws = wb.add_worksheet();
    ws.set_name(safe_sheet_name(&template.title))?;
    // Printable width: A4 minus 10 mm margins each side.
    let (pw, _) = template.paper.size_mm();
    let col_mm = (f64::from(pw) - 20.0) / f64::from(GRID);
    let col_px = (col_mm * PX_PER_MM).round() as u32;
    for c in 0..GRID {
        ws.set_column_width_pixels(c, col_px)?;
    }
    let mut s = Sheet { ws, row: 0, col_mm };
    let mut repeat: Option<u32> = None; // header row of the closing table

    // Title block: title left, stamp boxes right (3 grid columns each).
    let stamps = template.stamps.len() as u16;
    let title_end = GRID - 1 - stamps * 3;
    let title_fmt = base()
        .set_bold()
        .set_font_size(16)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    put(
        s.ws,
        (0, 0, 1, title_end),
        &DocValue::Text(template.title.clone()),
        &title_fmt,
    )?;
    if let Some(issuer) = &template.issuer {
        let fmt = base().set_align(FormatAlign::Right);
        let text = issuer.replace("{issuer}", &options.issuer);
        put(s.ws, (2, 0, 2, title_end), &DocValue::Text(text), &fmt)?;
    }
    for (i, label) in template.stamps.iter().enumerate() {
        let c = title_end + 1 + i as u16 * 3;
        let head = label_fmt().set_align(FormatAlign::Center);
        put(
            s.ws,
            (0, c, 0, c + 2),
            &DocValue::Text(label.clone()),
            &head,
        )?;
        let who = DocValue::Text(data.stamp(label).join("\n"));
        let fmt = cell_fmt().set_align(FormatAlign::Center);
        put(s.ws, (1, c, 3, c + 2), &who, &fmt)?;
    }
    s.ws.set_row_height(1, 24)?;
    s.ws.set_row_height(3, 24)?;
    s.row = 5;

    let last_section = template.sections.len().saturating_sub(1);
    for (si, sec) in template.sections.iter().enumerate() {
        if let Some(h) = &sec.heading {
            let fmt = base()
                .set_bold()
                .set_border(FormatBorder::Thin)
                .set_background_color(0xBFBFBF);
            put(
                s.ws,
                (s.row, 0, s.row, GRID - 1),
                &DocValue::Text(h.clone()),
                &fmt,
            )?;
            s.row += 1;
        }
        let cols = sec.columns.max(1);
        for row in sec.field_rows() {
            let mut c0 = 0u16;
            let mut lines = 1usize;
            let mut used = 0u16;
            for (i, f) in row.iter().enumerate() {
                used += u16::from(f.span_in(cols));
                let c_end = if i + 1 == row.len() {
                    GRID
                } else {
                    (f32::from(used) / f32::from(cols) * f32::from(GRID)).round() as u16
                };
                let cell_cols = f32::from(GRID) / f32::from(cols);
                let label_cols =
                    ((cell_cols * f32::from(sec.label_percent) / 100.0).round() as u16).max(1);
                let lc_end = (c0 + label_cols).min(c_end - 1);
                put(
                    s.ws,
                    (s.row, c0, s.row, lc_end - 1),
                    &DocValue::Text(f.label.clone()),
                    &label_fmt(),
                )?;
                let v = data.field(&f.key);
                let fmt = value_fmt(v, f.format, f.suffix.as_deref());
                put(s.ws, (s.row, lc_end, s.row, c_end - 1), v, &fmt)?;
                let text = value_text(v, f.format, f.suffix.as_deref());
                lines = lines
                    .max(s.lines(&text, c_end - lc_end, false))
                    .max(s.lines(&f.label, lc_end - c0, true))
                    .max(f.min_lines());
                c0 = c_end;
            }
            s.set_height(lines)?;
            s.row += 1;
        }
        if let Some(t) = &sec.table {
            let n = write_table(&mut s, t, data)?;
            // NOTE: Excel repeats print rows on every following page, whatever
            // follows the table. Only a table that ends the form may repeat its
            // header, or other sections would print under a stray table header.
            if si == last_section {
                repeat = Some(s.row - n as u32 - 1);
            }
        }
        s.row += 1;
    }

    let ws = s.ws;
    let last_row = s.row.saturating_sub(1);
    ws.set_paper_size(9);
    if template.paper == Paper::Landscape {
        ws.set_landscape();
    }
    ws.set_margins(0.4, 0.4, 0.5, 0.6, 0.2, 0.3);
    ws.set_print_area(0, 0, last_row, GRID - 1)?;
    ws.set_print_fit_to_pages(1, 0);
    if let Some(header_row) = repeat {
        ws.set_repeat_rows(header_row, header_row)?;
    }
    let footer = footer_code(template);
    if !footer.is_empty() {
        ws.set_footer(footer);
    }
    let bytes = wb.save_to_buffer()?;
    Ok((
        bytes,
        RenderReport {
            missing_glyphs: Vec::new(),
            pages: 1,
        },
    ))
}

/// Writes a table (header + rows); returns the number of rows written.
fn write_table(s: &mut Sheet<'_>, t: &TableSpec, data: &DocData) -> Result<usize, DocError> {
    let weights: Vec<f32> = t.columns.iter().map(|c| c.width).collect();
    let b = boundaries(&weights);
    let head = label_fmt().set_background_color(0xD0D0D0);
    let mut lines = 1;
    for (i, col) in t.columns.iter().enumerate() {
        put(
            s.ws,
            (s.row, b[i], s.row, b[i + 1] - 1),
            &DocValue::Text(col.label.clone()),
            &head,
        )?;
        lines = lines.max(s.lines(&col.label, b[i + 1] - b[i], true));
    }
    s.set_height(lines)?;
    s.row += 1;
    let rows = data.tables.get(&t.key).map(Vec::as_slice).unwrap_or(&[]);
    let n = rows.len().max(usize::from(t.min_rows));
    for r in 0..n {
        let mut lines = if r >= rows.len() { 2 } else { 1 };
        for (i, col) in t.columns.iter().enumerate() {
            let v = rows
                .get(r)
                .and_then(|row| row.get(&col.key))
                .unwrap_or(&DocValue::Empty);
            let fmt = value_fmt(v, col.format, None);
            put(s.ws, (s.row, b[i], s.row, b[i + 1] - 1), v, &fmt)?;
            lines = lines.max(s.lines(&value_text(v, col.format, None), b[i + 1] - b[i], false));
        }
        s.set_height(lines)?;
        s.row += 1;
    }
    Ok(n)
}

/// Excel header/footer codes: `&L`, `&C`, `&R` sections, `&P` page, `&N` pages.
fn footer_code(t: &Template) -> String {
    let conv = |s: &str| {
        s.replace('&', "&&")
            .replace("{page}", "&P")
            .replace("{pages}", "&N")
    };
    let mut out = String::new();
    for (code, part) in [
        ("&L", &t.footer.left),
        ("&C", &t.footer.center),
        ("&R", &t.footer.right),
    ] {
        if let Some(p) = part {
            out.push_str(code);
            out.push_str(&conv(p));
        }
    }
    out
}

/// Excel sheet names: at most 31 characters, none of `[]:*?/\`.
pub(crate) fn safe_sheet_name(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .take(31)
        .collect();
    let s = s.trim_matches('\'').to_owned();
    if s.is_empty() {
        "Sheet1".into()
    } else {
        s
    }
}
