//! PDF rendering of a [`Template`]: a form drawn with lines and text at fixed
//! positions (printpdf's HTML layout is not used: it cannot repeat table
//! headers or keep a form grid). Fonts are the bundled Noto Sans JP, subset.
//!
//! Layout works top-down in millimetres; `Canvas` converts to PDF's
//! bottom-left origin. Rows that do not fit move to the next page; a row
//! taller than a page is split between lines. Table headers and section
//! headings are repeated (with 「（続き）」) on continuation pages.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use printpdf::{
    Color, FontId, Greyscale, LinePoint, Mm, Op, PaintMode, ParsedFont, PdfDocument, PdfFontHandle,
    PdfPage, PdfSaveOptions, Point, Polygon, PolygonRing, Pt, TextItem, WindingOrder,
};

use crate::template::{FieldSpec, Section, TableSpec, Template, ValueFormat};
use crate::wrap::wrap_text;
use crate::{DocData, DocValue, RenderOptions, RenderReport};

/// The bundled Noto Sans JP faces (SIL OFL 1.1, `fonts/OFL.txt`), shared with
/// every crate that draws PDFs so the binary carries them once.
pub static REGULAR_TTF: &[u8] = include_bytes!("../fonts/NotoSansJP_400Regular.ttf");
pub static BOLD_TTF: &[u8] = include_bytes!("../fonts/NotoSansJP_700Bold.ttf");

struct Fonts {
    regular: ParsedFont,
    bold: ParsedFont,
}

/// Parsing a 5 MB font takes noticeable time: do it once per process.
fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| {
        let mut w = Vec::new();
        Fonts {
            regular: ParsedFont::from_bytes(REGULAR_TTF, 0, &mut w).expect("bundled font parses"),
            bold: ParsedFont::from_bytes(BOLD_TTF, 0, &mut w).expect("bundled font parses"),
        }
    })
}

const PT_TO_MM: f32 = 25.4 / 72.0;
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

/// Advance of `c` in millimetres at `size` points.
fn advance(font: &ParsedFont, c: char, size: f32) -> f32 {
    let upem = f32::from(font.pdf_font_metrics.units_per_em.max(1));
    let gid = font.lookup_glyph_index(c as u32).unwrap_or(0);
    f32::from(font.get_horizontal_advance(gid)) / upem * size * PT_TO_MM
}

/// Advance function used by the xlsx renderer to estimate row heights.
pub(crate) fn measure(bold: bool) -> impl Fn(char, f32) -> f32 {
    let f = fonts();
    let font = if bold { &f.bold } else { &f.regular };
    move |c, size| advance(font, c, size)
}

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

struct Canvas {
    page_w: f32,
    page_h: f32,
    pages: Vec<Vec<Op>>,
    ops: Vec<Op>,
    y: f32,
    regular: FontId,
    bold: FontId,
    missing: BTreeSet<char>,
    /// Heading and table header repeated on a continuation page.
    heading: Option<String>,
    table_header: Option<Vec<Cell>>,
}

impl Canvas {
    fn bottom(&self) -> f32 {
        self.page_h - MARGIN - 4.0
    }

    fn content_w(&self) -> f32 {
        self.page_w - 2.0 * MARGIN
    }

    fn check_glyphs(&mut self, s: &str) {
        let f = fonts();
        for c in s.chars() {
            if c.is_whitespace() || c.is_control() {
                continue;
            }
            if f.regular.lookup_glyph_index(c as u32).unwrap_or(0) == 0 {
                self.missing.insert(c);
            }
        }
    }

    fn text(&mut self, x: f32, baseline: f32, s: &str, size: f32, bold: bool) {
        if s.is_empty() {
            return;
        }
        self.check_glyphs(s);
        let font = if bold { &self.bold } else { &self.regular };
        self.ops.extend([
            Op::StartTextSection,
            Op::SetFillColor {
                col: Color::Greyscale(Greyscale::new(0.0, None)),
            },
            Op::SetFont {
                font: PdfFontHandle::External(font.clone()),
                size: Pt(size),
            },
            Op::SetTextCursor {
                pos: Point::new(Mm(x), Mm(self.page_h - baseline)),
            },
            Op::ShowText {
                items: vec![TextItem::Text(s.to_owned())],
            },
            Op::EndTextSection,
        ]);
    }

    fn text_width(s: &str, size: f32, bold: bool) -> f32 {
        let f = fonts();
        let font = if bold { &f.bold } else { &f.regular };
        s.chars().map(|c| advance(font, c, size)).sum()
    }

    /// Rectangle with a 0.2 mm border, optionally filled with grey.
    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, fill: Option<f32>) {
        let (x0, x1) = (x, x + w);
        let (y0, y1) = (self.page_h - y - h, self.page_h - y);
        let ring = PolygonRing {
            points: [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
                .iter()
                .map(|&(px, py)| LinePoint {
                    p: Point::new(Mm(px), Mm(py)),
                    bezier: false,
                })
                .collect(),
        };
        if let Some(g) = fill {
            self.ops.push(Op::SetFillColor {
                col: Color::Greyscale(Greyscale::new(g, None)),
            });
        }
        self.ops.extend([
            Op::SetOutlineColor {
                col: Color::Greyscale(Greyscale::new(0.0, None)),
            },
            Op::SetOutlineThickness { pt: Pt(0.6) },
            Op::DrawPolygon {
                polygon: Polygon {
                    rings: vec![ring],
                    mode: if fill.is_some() {
                        PaintMode::FillStroke
                    } else {
                        PaintMode::Stroke
                    },
                    winding_order: WindingOrder::NonZero,
                },
            },
        ]);
    }

    fn new_page(&mut self) {
        let ops = std::mem::take(&mut self.ops);
        self.pages.push(ops);
        self.y = MARGIN;
        if let Some(h) = self.heading.clone() {
            self.draw_heading(&format!("{h}（続き）"));
        }
        if let Some(header) = self.table_header.clone() {
            self.draw_cells(&header, 0, row_lines(&header), 0);
        }
    }

    fn draw_heading(&mut self, text: &str) {
        let w = self.content_w();
        let y = self.y + 1.5;
        self.rect(MARGIN, y, w, HEADING_H, Some(0.75));
        self.text(MARGIN + PAD_X, y + HEADING_H - 1.9, text, 10.0, true);
        self.y = y + HEADING_H;
    }

    /// Draws lines `from..to` of each cell as one band; `min` is the minimum
    /// number of lines of the band (blank space reserved for hand-filling).
    fn draw_cells(&mut self, cells: &[Cell], from: usize, to: usize, min: usize) {
        let n = (to - from).max(min).max(1);
        let h = n as f32 * LINE_H + 2.0 * PAD_Y;
        for c in cells {
            self.rect(c.x, self.y, c.w, h, c.fill);
            // Labels (filled cells) are repeated in full on the continued part
            // of a split row, so the reader knows what the text belongs to.
            let from = if c.fill.is_some() { 0 } else { from };
            let end = (from + n).min(c.lines.len());
            for (i, line) in c.lines.iter().enumerate().take(end).skip(from) {
                let baseline = self.y + PAD_Y + (i - from) as f32 * LINE_H + LINE_H * 0.76;
                self.text(c.x + PAD_X, baseline, line, c.size, c.bold);
            }
        }
        self.y += h;
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
            let avail = self.bottom() - self.y;
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
    let f = fonts();
    let font = if bold { &f.bold } else { &f.regular };
    wrap_text(text, width - 2.0 * PAD_X, &|c| advance(font, c, size))
}

/// Renders `template` filled with `data` to PDF bytes.
pub fn render_pdf(
    template: &Template,
    data: &DocData,
    options: &RenderOptions,
) -> (Vec<u8>, RenderReport) {
    let f = fonts();
    let mut doc = PdfDocument::new(&template.title);
    let regular = doc.add_font(&f.regular);
    let bold = doc.add_font(&f.bold);
    let (page_w, page_h) = template.paper.size_mm();
    let mut c = Canvas {
        page_w,
        page_h,
        pages: Vec::new(),
        ops: Vec::new(),
        y: MARGIN,
        regular,
        bold,
        missing: BTreeSet::new(),
        heading: None,
        table_header: None,
    };

    draw_title_block(&mut c, template, options);
    for s in &template.sections {
        draw_section(&mut c, s, data);
    }
    let last = std::mem::take(&mut c.ops);
    c.pages.push(last);

    let total = c.pages.len();
    let mut pages = Vec::with_capacity(total);
    for (i, ops) in std::mem::take(&mut c.pages).into_iter().enumerate() {
        c.ops = ops;
        draw_footer(&mut c, template, i + 1, total);
        let ops = std::mem::take(&mut c.ops);
        pages.push(PdfPage::new(Mm(page_w), Mm(page_h), ops));
    }
    let mut warnings = Vec::new();
    let bytes = doc.with_pages(pages).save(
        &PdfSaveOptions {
            subset_fonts: true,
            ..Default::default()
        },
        &mut warnings,
    );
    let report = RenderReport {
        missing_glyphs: c.missing.into_iter().collect(),
        pages: total,
    };
    (bytes, report)
}

fn draw_title_block(c: &mut Canvas, t: &Template, options: &RenderOptions) {
    let top = c.y;
    // Stamp boxes top-right: label row, then the space for the seal.
    let box_w = 20.0;
    let n = t.stamps.len() as f32;
    let x0 = c.page_w - MARGIN - n * box_w;
    for (i, label) in t.stamps.clone().iter().enumerate() {
        let x = x0 + i as f32 * box_w;
        c.rect(x, top, box_w, 5.0, Some(LABEL_GREY));
        let tw = Canvas::text_width(label, LABEL_PT, false);
        c.text(x + (box_w - tw) / 2.0, top + 3.7, label, LABEL_PT, false);
        c.rect(x, top + 5.0, box_w, 17.0, None);
    }
    let title_w = c.content_w() - if n > 0.0 { n * box_w + 4.0 } else { 0.0 };
    let size = 18.0;
    let tw = Canvas::text_width(&t.title, size, true);
    let tx = MARGIN + ((title_w - tw) / 2.0).max(0.0);
    c.text(tx, top + 9.0, &t.title, size, true);
    if let Some(issuer) = &t.issuer {
        let line = issuer.replace("{issuer}", &options.issuer);
        let lw = Canvas::text_width(&line, BODY_PT, false);
        c.text(
            MARGIN + (title_w - lw).max(0.0),
            top + 18.0,
            &line,
            BODY_PT,
            false,
        );
    }
    let block = if n > 0.0 { 22.0 } else { 19.0 };
    c.y = top + block + 3.0;
}

fn draw_section(c: &mut Canvas, s: &Section, data: &DocData) {
    c.heading = None;
    c.table_header = None;
    if let Some(h) = &s.heading {
        // Keep a heading with at least a few lines of what follows.
        // (Three padded rows: more than a table needs below its header, so a
        // table never leaves its heading alone at the bottom of a page.)
        if c.y + HEADING_H + 1.5 + 3.0 * (LINE_H + 2.0 * PAD_Y) > c.bottom() {
            c.new_page();
        }
        c.draw_heading(h);
        c.heading = Some(h.clone());
    }
    let cols = s.columns.max(1);
    let cell_w = c.content_w() / f32::from(cols);
    let label_w = cell_w * f32::from(s.label_percent) / 100.0;
    for row in s.field_rows() {
        let mut cells = Vec::new();
        let mut x = MARGIN;
        let mut min_lines = 1;
        let right = MARGIN + c.content_w();
        for (i, f) in row.iter().enumerate() {
            // The last field of a row not filling the grid is widened so the
            // right edge of the form stays straight.
            let span_w = if i + 1 == row.len() {
                right - x
            } else {
                cell_w * f32::from(f.span_in(cols))
            };
            cells.push(Cell {
                x,
                w: label_w,
                lines: wrap_for(&f.label, label_w, LABEL_PT, true),
                fill: Some(LABEL_GREY),
                bold: true,
                size: LABEL_PT,
            });
            let vw = span_w - label_w;
            cells.push(Cell {
                x: x + label_w,
                w: vw,
                lines: wrap_for(&field_text(f, data), vw, BODY_PT, false),
                fill: None,
                bold: false,
                size: BODY_PT,
            });
            min_lines = min_lines.max(f.min_lines());
            x += span_w;
        }
        c.row(&cells, min_lines);
    }
    if let Some(t) = &s.table {
        draw_table(c, t, data);
    }
    c.y += 2.0;
}

fn field_text(f: &FieldSpec, data: &DocData) -> String {
    value_text(data.field(&f.key), f.format, f.suffix.as_deref())
}

fn draw_table(c: &mut Canvas, t: &TableSpec, data: &DocData) {
    let total_w: f32 = t.columns.iter().map(|col| col.width).sum();
    let mut xs = Vec::new();
    let mut x = MARGIN;
    for col in &t.columns {
        let w = c.content_w() * col.width / total_w;
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
    if c.y + 2.0 * (LINE_H + 2.0 * PAD_Y) + row_lines(&header) as f32 * LINE_H > c.bottom() {
        c.new_page();
    }
    c.row(&header, 1);
    c.table_header = Some(header);
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
        c.row(&cells, min);
    }
    c.table_header = None;
}

fn draw_footer(c: &mut Canvas, t: &Template, page: usize, pages: usize) {
    let y = c.page_h - FOOTER_Y;
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
        let w = Canvas::text_width(&s, size, false);
        c.text((c.page_w - w) / 2.0, y, &s, size, false);
    }
    if let Some(r) = &t.footer.right {
        let s = fill(r);
        let w = Canvas::text_width(&s, size, false);
        c.text(c.page_w - MARGIN - w, y, &s, size, false);
    }
}
