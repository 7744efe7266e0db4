//! The drawing surface of every PDF Daicho writes (document forms here,
//! reports in daicho-reports): the bundled Noto Sans JP faces parsed once per
//! process, text with glyph checks, boxes and lines, pages, and saving with
//! subset fonts.
//!
//! Layout works top-down in millimetres from the top-left corner; the canvas
//! converts to PDF's bottom-left origin. Line breaking is [`wrap_text`]
//! (kinsoku) with the bundled fonts' advances.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use printpdf::{
    Color, FontId, Greyscale, Line, LineDashPattern, LinePoint, Mm, Op, PaintMode, ParsedFont,
    PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Polygon, PolygonRing, Pt, Rgb,
    TextItem, WindingOrder,
};

use crate::wrap::wrap_text;

/// The bundled Noto Sans JP faces (SIL OFL 1.1, `fonts/OFL.txt`), shared with
/// every crate that draws PDFs so the binary carries them once.
pub static REGULAR_TTF: &[u8] = include_bytes!("../../fonts/NotoSansJP_400Regular.ttf");
pub static BOLD_TTF: &[u8] = include_bytes!("../../fonts/NotoSansJP_700Bold.ttf");

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

fn face(bold: bool) -> &'static ParsedFont {
    let f = fonts();
    if bold {
        &f.bold
    } else {
        &f.regular
    }
}

const PT_TO_MM: f32 = 25.4 / 72.0;

/// Advance of `c` in millimetres at `size` points.
fn advance(font: &ParsedFont, c: char, size: f32) -> f32 {
    let upem = f32::from(font.pdf_font_metrics.units_per_em.max(1));
    let gid = font.lookup_glyph_index(c as u32).unwrap_or(0);
    f32::from(font.get_horizontal_advance(gid)) / upem * size * PT_TO_MM
}

/// The advance function (character, size in points → millimetres) of the
/// regular or bold face; the xlsx renderer sizes rows with it.
pub fn measure(bold: bool) -> impl Fn(char, f32) -> f32 {
    let font = face(bold);
    move |c, size| advance(font, c, size)
}

/// Width of `s` in millimetres at `size` points.
pub fn text_width(s: &str, size: f32, bold: bool) -> f32 {
    let font = face(bold);
    s.chars().map(|c| advance(font, c, size)).sum()
}

/// `s` broken into lines no wider than `width` mm (kinsoku applied).
pub fn wrap(s: &str, width: f32, size: f32, bold: bool) -> Vec<String> {
    let font = face(bold);
    wrap_text(s, width, &|c| advance(font, c, size))
}

/// `s` cut to `max_w` mm with an ellipsis when it is wider.
pub fn clipped(s: &str, max_w: f32, size: f32, bold: bool) -> String {
    if text_width(s, size, bold) <= max_w {
        return s.to_string();
    }
    let mut out = String::new();
    for c in s.chars() {
        let mut t = out.clone();
        t.push(c);
        t.push('…');
        if text_width(&t, size, bold) > max_w {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// A fill or line colour.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Paint {
    /// 0.0 black … 1.0 white.
    Grey(f32),
    /// Red, green, blue in 0.0 … 1.0.
    Rgb(f32, f32, f32),
}

impl Paint {
    pub const BLACK: Paint = Paint::Grey(0.0);

    fn color(self) -> Color {
        match self {
            Paint::Grey(g) => Color::Greyscale(Greyscale::new(g, None)),
            Paint::Rgb(r, g, b) => Color::Rgb(Rgb::new(r, g, b, None)),
        }
    }
}

/// The outline of a box: colour and thickness in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stroke {
    pub paint: Paint,
    pub pt: f32,
}

/// A PDF produced by [`Canvas::finish`].
#[derive(Debug, Clone)]
pub struct Drawn {
    pub bytes: Vec<u8>,
    pub pages: usize,
    /// Characters the bundled font cannot show (drawn as blank boxes),
    /// sorted, without duplicates.
    pub missing_glyphs: Vec<char>,
}

/// Pages being drawn, with a cursor `y` (mm from the top) that layout code
/// moves down as it draws.
pub struct Canvas {
    /// Page width and height in mm.
    pub width: f32,
    pub height: f32,
    /// Left, right and top margin in mm; a new page starts at `y = margin`.
    pub margin: f32,
    /// Cursor: mm from the top edge of the current page.
    pub y: f32,
    doc: PdfDocument,
    regular: FontId,
    bold: FontId,
    pages: Vec<Vec<Op>>,
    ops: Vec<Op>,
    missing: BTreeSet<char>,
}

impl Canvas {
    /// A document titled `title` with pages of `width` × `height` mm.
    pub fn new(title: &str, width: f32, height: f32, margin: f32) -> Canvas {
        let f = fonts();
        let mut doc = PdfDocument::new(title);
        let regular = doc.add_font(&f.regular);
        let bold = doc.add_font(&f.bold);
        Canvas {
            width,
            height,
            margin,
            y: margin,
            doc,
            regular,
            bold,
            pages: Vec::new(),
            ops: Vec::new(),
            missing: BTreeSet::new(),
        }
    }

    /// Width between the left and right margins.
    pub fn content_w(&self) -> f32 {
        self.width - 2.0 * self.margin
    }

    /// True until the first page break.
    pub fn on_first_page(&self) -> bool {
        self.pages.is_empty()
    }

    /// Closes the current page and moves the cursor to the top of a new one.
    pub fn new_page(&mut self) {
        let ops = std::mem::take(&mut self.ops);
        self.pages.push(ops);
        self.y = self.margin;
    }

    /// Text in black with its baseline `baseline` mm from the top.
    pub fn text(&mut self, x: f32, baseline: f32, s: &str, size: f32, bold: bool) {
        self.text_in(x, baseline, s, size, bold, Paint::BLACK);
    }

    /// Text in a colour.
    pub fn text_in(&mut self, x: f32, baseline: f32, s: &str, size: f32, bold: bool, paint: Paint) {
        if s.is_empty() {
            return;
        }
        let regular = face(false);
        for c in s.chars() {
            if !c.is_whitespace()
                && !c.is_control()
                && regular.lookup_glyph_index(c as u32).unwrap_or(0) == 0
            {
                self.missing.insert(c);
            }
        }
        let font = if bold { &self.bold } else { &self.regular };
        self.ops.extend([
            Op::StartTextSection,
            Op::SetFillColor { col: paint.color() },
            Op::SetFont {
                font: PdfFontHandle::External(font.clone()),
                size: Pt(size),
            },
            Op::SetTextCursor {
                pos: Point::new(Mm(x), Mm(self.height - baseline)),
            },
            Op::ShowText {
                items: vec![TextItem::Text(s.to_owned())],
            },
            Op::EndTextSection,
        ]);
    }

    fn point(&self, x: f32, y: f32) -> LinePoint {
        LinePoint {
            p: Point::new(Mm(x), Mm(self.height - y)),
            bezier: false,
        }
    }

    /// A box with its top-left corner at (`x`, `y`), filled and/or outlined.
    pub fn rect(
        &mut self,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<Paint>,
        stroke: Option<Stroke>,
    ) {
        let ring = PolygonRing {
            points: vec![
                self.point(x, y + h),
                self.point(x + w, y + h),
                self.point(x + w, y),
                self.point(x, y),
            ],
        };
        if let Some(p) = fill {
            self.ops.push(Op::SetFillColor { col: p.color() });
        }
        if let Some(s) = stroke {
            self.ops.extend([
                Op::SetOutlineColor {
                    col: s.paint.color(),
                },
                Op::SetOutlineThickness { pt: Pt(s.pt) },
            ]);
        }
        let mode = match (fill.is_some(), stroke.is_some()) {
            (true, true) => PaintMode::FillStroke,
            (true, false) => PaintMode::Fill,
            _ => PaintMode::Stroke,
        };
        self.ops.push(Op::DrawPolygon {
            polygon: Polygon {
                rings: vec![ring],
                mode,
                winding_order: WindingOrder::NonZero,
            },
        });
    }

    /// A polyline through `pts`, `thickness` points wide.
    pub fn line(&mut self, pts: &[(f32, f32)], thickness: f32, paint: Paint, dashed: bool) {
        if dashed {
            self.ops.push(Op::SetLineDashPattern {
                dash: LineDashPattern::new(0.0, &[2.0, 1.5]),
            });
        }
        self.ops.extend([
            Op::SetOutlineColor { col: paint.color() },
            Op::SetOutlineThickness { pt: Pt(thickness) },
            Op::DrawLine {
                line: Line {
                    points: pts.iter().map(|&(x, y)| self.point(x, y)).collect(),
                    is_closed: false,
                },
            },
        ]);
        if dashed {
            self.ops.push(Op::SetLineDashPattern {
                dash: LineDashPattern::solid(),
            });
        }
    }

    /// Closes the last page, lets `footer(canvas, page, pages)` draw on each
    /// page (1-based, now that the count is known) and saves the PDF with
    /// the fonts subset.
    pub fn finish(mut self, mut footer: impl FnMut(&mut Canvas, usize, usize)) -> Drawn {
        let last = std::mem::take(&mut self.ops);
        self.pages.push(last);
        let total = self.pages.len();
        let mut pages = Vec::with_capacity(total);
        for (i, ops) in std::mem::take(&mut self.pages).into_iter().enumerate() {
            self.ops = ops;
            footer(&mut self, i + 1, total);
            let ops = std::mem::take(&mut self.ops);
            pages.push(PdfPage::new(Mm(self.width), Mm(self.height), ops));
        }
        let mut warnings = Vec::new();
        let bytes = self.doc.with_pages(pages).save(
            &PdfSaveOptions {
                subset_fonts: true,
                ..Default::default()
            },
            &mut warnings,
        );
        Drawn {
            bytes,
            pages: total,
            missing_glyphs: self.missing.into_iter().collect(),
        }
    }
}
