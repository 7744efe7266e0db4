//! PDF rendering of a [`Template`]: a form drawn with lines and text at fixed
//! positions (printpdf's HTML layout is not used: it cannot repeat table
//! headers or keep a form grid). Fonts are the bundled Noto Sans JP, subset.
//!
//! Layout works top-down in millimetres; `Canvas` converts to PDF's
//! bottom-left origin. Rows that do not fit move to the next page; a row
//! taller than a page is split between lines. Table headers and section
//! headings are repeated (with 「（続き）」) on continuation pages.

use crate::template::{FieldSpec, Section, TableSpec, Template, ValueFormat};
use crate::{DocData, DocValue, RenderOptions, RenderReport};

use super::canvas::{self, text_width, Canvas, Paint, Stroke};

const MARGIN: f32 = 12.0;
const FOOTER_Y: f32 = 8.0; // baseline distance from the bottom edge
const BODY_PT: f32 = 9.0;
const LABEL_PT: f32 = 8.5;
const LINE_H: f32 = 4.6;
const PAD_X: f32 = 1.5;
const PAD_Y: f32 = 1.3;
const HEADING_H: f32 = 6.5;
const LABEL_GREY: f32 = 0.90;
const HEADER_GREY: f32 = 0.82;
/// Every form line: black, 0.6 pt.
const GRID_LINE: Stroke = Stroke {
    paint: Paint::BLACK,
    pt: 0.6,
};

/// One cell of a row being laid out.
#[derive(Clone)]
struct Cell {
    x: f32,
    w: f32,
    lines: Vec<String>,
    fill: Option<f32>,
    bold: bool,
    size: f32,
}

/// The canvas with what a continuation page repeats.
struct Form {
    c: Canvas,
    /// Heading and table header repeated on a continuation page.
    heading: Option<String>,
    table_header: Option<Vec<Cell>>,
}

impl Form {
    fn bottom(&self) -> f32 {
        self.c.height - MARGIN - 4.0
    }

    /// Box with the form's black border, optionally filled with grey.
    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, fill: Option<f32>) {
        self.c
            .rect(x, y, w, h, fill.map(Paint::Grey), Some(GRID_LINE));
    }

    fn new_page(&mut self) {
        self.c.new_page();
        if let Some(h) = self.heading.clone() {
            self.draw_heading(&format!("{h}（続き）"));
        }
        if let Some(header) = self.table_header.clone() {
            self.draw_cells(&header, 0, row_lines(&header), 0);
        }
    }

    fn draw_heading(&mut self, text: &str) {
        let w = self.c.content_w();
        let y = self.c.y + 1.5;
        self.rect(MARGIN, y, w, HEADING_H, Some(0.75));
        self.c
            .text(MARGIN + PAD_X, y + HEADING_H - 1.9, text, 10.0, true);
        self.c.y = y + HEADING_H;
    }

    /// Draws lines `from..to` of each cell as one band; `min` is the minimum
    /// number of lines of the band (blank space reserved for hand-filling).
    fn draw_cells(&mut self, cells: &[Cell], from: usize, to: usize, min: usize) {
        let n = (to - from).max(min).max(1);
        let h = n as f32 * LINE_H + 2.0 * PAD_Y;
        for c in cells {
            self.rect(c.x, self.c.y, c.w, h, c.fill);
            // Labels (filled cells) are repeated in full on the continued part
            // of a split row, so the reader knows what the text belongs to.
            let from = if c.fill.is_some() { 0 } else { from };
            let end = (from + n).min(c.lines.len());
            for (i, line) in c.lines.iter().enumerate().take(end).skip(from) {
                let baseline = self.c.y + PAD_Y + (i - from) as f32 * LINE_H + LINE_H * 0.76;
                self.c.text(c.x + PAD_X, baseline, line, c.size, c.bold);
            }
        }
        self.c.y += h;
    }

    /// Lays out one row, moving it to the next page or splitting it by lines.
    fn row(&mut self, cells: &[Cell], min_lines: usize) {
        let total = row_lines(cells).max(min_lines).max(1);
        let header_h = self
            .table_header
            .as_ref()
            .map(|h| row_lines(h) as f32 * LINE_H + 2.0 * PAD_Y)
            .unwrap_or(0.0)
            + if self.heading.is_some() {
                HEADING_H + 1.5
            } else {
                0.0
            };
        let fresh = self.bottom() - MARGIN - header_h;
        let mut from = 0;
        // Set right after a page break: then the row is drawn or split here
        // whatever happens, so a degenerate template cannot loop forever.
        let mut just_paged = false;
        loop {
            let left = total - from;
            let need = left as f32 * LINE_H + 2.0 * PAD_Y;
            let avail = self.bottom() - self.c.y;
            if need <= avail + 1e-3 {
                self.draw_cells(cells, from, total, 0);
                return;
            }
            let fit = ((avail - 2.0 * PAD_Y) / LINE_H).floor().max(0.0) as usize;
            // Move the whole row when it fits on a fresh page, or when only a
            // sliver of it would stay here.
            if !just_paged && ((from == 0 && need <= fresh) || fit < 2) {
                self.new_page();
                just_paged = true;
                continue;
            }
            let fit = fit.clamp(1, left);
            self.draw_cells(cells, from, from + fit, 0);
            from += fit;
            if from >= total {
                return;
            }
            self.new_page();
            just_paged = true;
        }
    }
}

fn row_lines(cells: &[Cell]) -> usize {
    cells.iter().map(|c| c.lines.len()).max().unwrap_or(0)
}

/// Display text of a value, with format and unit applied.
pub(crate) fn value_text(v: &DocValue, format: ValueFormat, suffix: Option<&str>) -> String {
    let mut s = v.display(format == ValueFormat::Money);
    if let (false, Some(u)) = (s.is_empty(), suffix) {
        s.push_str(u);
    }
    s
}

fn wrap_for(text: &str, width: f32, size: f32, bold: bool) -> Vec<String> {
    canvas::wrap(text, width - 2.0 * PAD_X, size, bold)
}

/// Renders `template` filled with `data` to PDF bytes.
pub fn render_pdf(
    template: &Template,
    data: &DocData,
    options: &RenderOptions,
) -> (Vec<u8>, RenderReport) {
    let (page_w, page_h) = template.paper.size_mm();
    let mut f = Form {
        c: Canvas::new(&template.title, page_w, page_h, MARGIN),
        heading: None,
        table_header: None,
    };
    draw_title_block(&mut f, template, options, data);
    for s in &template.sections {
        draw_section(&mut f, s, data);
    }
    let drawn =
        f.c.finish(|c, page, pages| draw_footer(c, template, page, pages));
    let report = RenderReport {
        missing_glyphs: drawn.missing_glyphs,
        pages: drawn.pages,
    };
    (drawn.bytes, report)
}

fn draw_title_block(f: &mut Form, t: &Template, options: &RenderOptions, data: &DocData) {
    let top = f.c.y;
    // Stamp boxes top-right: label row, then the space for the seal.
    let box_w = 20.0;
    let n = t.stamps.len() as f32;
    let x0 = f.c.width - MARGIN - n * box_w;
    for (i, label) in t.stamps.clone().iter().enumerate() {
        let x = x0 + i as f32 * box_w;
        f.rect(x, top, box_w, 5.0, Some(LABEL_GREY));
        let tw = text_width(label, LABEL_PT, false);
        f.c.text(x + (box_w - tw) / 2.0, top + 3.7, label, LABEL_PT, false);
        f.rect(x, top + 5.0, box_w, 17.0, None);
        // Who and when (作成 / 確認 / 承認 recorded on the record).
        for (j, line) in data.stamp(label).iter().take(3).enumerate() {
            let lw = text_width(line, LABEL_PT, false).min(box_w - 1.0);
            let y = top + 11.0 + j as f32 * 4.5;
            f.c.text(x + (box_w - lw) / 2.0, y, line, LABEL_PT, false);
        }
    }
    let title_w = f.c.content_w() - if n > 0.0 { n * box_w + 4.0 } else { 0.0 };
    let size = 18.0;
    let tw = text_width(&t.title, size, true);
    let tx = MARGIN + ((title_w - tw) / 2.0).max(0.0);
    f.c.text(tx, top + 9.0, &t.title, size, true);
    if let Some(issuer) = &t.issuer {
        let line = issuer.replace("{issuer}", &options.issuer);
        let lw = text_width(&line, BODY_PT, false);
        f.c.text(
            MARGIN + (title_w - lw).max(0.0),
            top + 18.0,
            &line,
            BODY_PT,
            false,
        );
    }
    let block = if n > 0.0 { 22.0 } else { 19.0 };
    f.c.y = top + block + 3.0;
}

fn draw_section(f: &mut Form, s: &Section, data: &DocData) {
    f.heading = None;
    f.table_header = None;
    if let Some(h) = &s.heading {
        // Keep a heading with at least a few lines of what follows.
        // (Three padded rows: more than a table needs below its header, so a
        // table never leaves its heading alone at the bottom of a page.)
        if f.c.y + HEADING_H + 1.5 + 3.0 * (LINE_H + 2.0 * PAD_Y) > f.bottom() {
            f.new_page();
        }
        f.draw_heading(h);
        f.heading = Some(h.clone());
    }
    let cols = s.columns.max(1);
    let cell_w = f.c.content_w() / f32::from(cols);
    let label_w = cell_w * f32::from(s.label_percent) / 100.0;
    for row in s.field_rows() {
        let mut cells = Vec::new();
        let mut x = MARGIN;
        let mut min_lines = 1;
        let right = MARGIN + f.c.content_w();
        for (i, field) in row.iter().enumerate() {
            // The last field of a row not filling the grid is widened so the
            // right edge of the form stays straight.
            let span_w = if i + 1 == row.len() {
                right - x
            } else {
                cell_w * f32::from(field.span_in(cols))
            };
            cells.push(Cell {
                x,
                w: label_w,
                lines: wrap_for(&field.label, label_w, LABEL_PT, true),
                fill: Some(LABEL_GREY),
                bold: true,
                size: LABEL_PT,
            });
            let vw = span_w - label_w;
            cells.push(Cell {
                x: x + label_w,
                w: vw,
                lines: wrap_for(&field_text(field, data), vw, BODY_PT, false),
                fill: None,
                bold: false,
                size: BODY_PT,
            });
            min_lines = min_lines.max(field.min_lines());
            x += span_w;
        }
        f.row(&cells, min_lines);
    }
    if let Some(t) = &s.table {
        draw_table(f, t, data);
    }
    f.c.y += 2.0;
}

fn field_text(f: &FieldSpec, data: &DocData) -> String {
    value_text(data.field(&f.key), f.format, f.suffix.as_deref())
}

fn draw_table(f: &mut Form, t: &TableSpec, data: &DocData) {
    let total_w: f32 = t.columns.iter().map(|col| col.width).sum();
    let mut xs = Vec::new();
    let mut x = MARGIN;
    for col in &t.columns {
        let w = f.c.content_w() * col.width / total_w;
        xs.push((x, w));
        x += w;
    }
    let header: Vec<Cell> = t
        .columns
        .iter()
        .zip(&xs)
        .map(|(col, &(x, w))| Cell {
            x,
            w,
            lines: wrap_for(&col.label, w, LABEL_PT, true),
            fill: Some(HEADER_GREY),
            bold: true,
            size: LABEL_PT,
        })
        .collect();
    // The header must not be orphaned at the bottom of a page.
    if f.c.y + 2.0 * (LINE_H + 2.0 * PAD_Y) + row_lines(&header) as f32 * LINE_H > f.bottom() {
        f.new_page();
    }
    f.row(&header, 1);
    f.table_header = Some(header);
    let rows = data.tables.get(&t.key).map(Vec::as_slice).unwrap_or(&[]);
    let n = rows.len().max(usize::from(t.min_rows));
    for i in 0..n {
        let cells: Vec<Cell> = t
            .columns
            .iter()
            .zip(&xs)
            .map(|(col, &(x, w))| {
                let v = rows
                    .get(i)
                    .and_then(|r| r.get(&col.key))
                    .unwrap_or(&DocValue::Empty);
                Cell {
                    x,
                    w,
                    lines: wrap_for(&value_text(v, col.format, None), w, BODY_PT, false),
                    fill: None,
                    bold: false,
                    size: BODY_PT,
                }
            })
            .collect();
        // Blank rows are taller, for writing by hand.
        let min = if i >= rows.len() { 2 } else { 1 };
        f.row(&cells, min);
    }
    f.table_header = None;
}

fn draw_footer(c: &mut Canvas, t: &Template, page: usize, pages: usize) {
    let y = c.height - FOOTER_Y;
    let fill = |s: &str| {
        s.replace("{page}", &page.to_string())
            .replace("{pages}", &pages.to_string())
    };
    let size = 8.0;
    if let Some(l) = &t.footer.left {
        c.text(MARGIN, y, &fill(l), size, false);
    }
    if let Some(m) = &t.footer.center {
        let s = fill(m);
        let w = text_width(&s, size, false);
        c.text((c.width - w) / 2.0, y, &s, size, false);
    }
    if let Some(r) = &t.footer.right {
        let s = fill(r);
        let w = text_width(&s, size, false);
        c.text(c.width - MARGIN - w, y, &s, size, false);
    }
}
