//! Report blocks drawn on A4 with printpdf: tables, charts as vector
//! graphics (polygons and lines, no images), the Gantt chart, wrapped text.
//! Layout runs top-down in millimetres; `text`/`rect`/`line` convert to
//! PDF's bottom-left origin. Line breaking is daicho-docs' `wrap_text`
//! (kinsoku); the fonts are the Noto Sans JP files daicho-docs ships.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use chrono::{Datelike, Duration, NaiveDate};
use daicho_docs::wrap_text;
use printpdf::{
    Color, FontId, Line, LineDashPattern, LinePoint, Mm, Op, PaintMode, ParsedFont, PdfDocument,
    PdfFontHandle, PdfPage, PdfSaveOptions, Point, Polygon, PolygonRing, Pt, Rgb, TextItem,
    WindingOrder,
};

use crate::blocks::{Block, Chart, ChartKind, Gantt};
use crate::table::{Cell, Table};

// The font bytes come from daicho-docs so the binary carries them once.
use daicho_docs::fonts::{BOLD_TTF, REGULAR_TTF};

struct Fonts {
    regular: ParsedFont,
    bold: ParsedFont,
}

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
const BODY_PT: f32 = 7.5;
const LINE_H: f32 = 3.6;
const PAD: f32 = 1.2;

/// Series colours (blue, orange, grey, green), print-friendly.
const PALETTE: &[(f32, f32, f32)] = &[
    (0.23, 0.42, 0.69),
    (0.93, 0.53, 0.18),
    (0.45, 0.45, 0.45),
    (0.30, 0.62, 0.33),
];

fn rgb(c: (f32, f32, f32)) -> Color {
    Color::Rgb(Rgb::new(c.0, c.1, c.2, None))
}

fn advance(font: &ParsedFont, c: char, size: f32) -> f32 {
    let upem = f32::from(font.pdf_font_metrics.units_per_em.max(1));
    let gid = font.lookup_glyph_index(c as u32).unwrap_or(0);
    f32::from(font.get_horizontal_advance(gid)) / upem * size * PT_TO_MM
}

/// Page setup and what was produced.
pub struct PdfOut {
    pub bytes: Vec<u8>,
    pub pages: usize,
    pub missing_glyphs: Vec<char>,
}

struct Canvas {
    w: f32,
    h: f32,
    pages: Vec<Vec<Op>>,
    ops: Vec<Op>,
    y: f32,
    regular: FontId,
    bold: FontId,
    missing: BTreeSet<char>,
}

impl Canvas {
    fn content_w(&self) -> f32 {
        self.w - 2.0 * MARGIN
    }

    fn bottom(&self) -> f32 {
        self.h - MARGIN - 3.0
    }

    fn new_page(&mut self) {
        let ops = std::mem::take(&mut self.ops);
        self.pages.push(ops);
        self.y = MARGIN;
    }

    /// Starts a new page unless `need` mm fit below the cursor.
    fn ensure(&mut self, need: f32) {
        if self.y + need > self.bottom() && self.y > MARGIN + 0.1 {
            self.new_page();
        }
    }

    fn width(s: &str, size: f32, bold: bool) -> f32 {
        let f = fonts();
        let font = if bold { &f.bold } else { &f.regular };
        s.chars().map(|c| advance(font, c, size)).sum()
    }

    fn text(&mut self, x: f32, baseline: f32, s: &str, size: f32, bold: bool) {
        self.text_color(x, baseline, s, size, bold, (0.0, 0.0, 0.0));
    }

    fn text_color(
        &mut self,
        x: f32,
        baseline: f32,
        s: &str,
        size: f32,
        bold: bool,
        col: (f32, f32, f32),
    ) {
        if s.is_empty() {
            return;
        }
        let f = fonts();
        for c in s.chars() {
            if !c.is_whitespace() && f.regular.lookup_glyph_index(c as u32).unwrap_or(0) == 0 {
                self.missing.insert(c);
            }
        }
        let font = if bold { &self.bold } else { &self.regular };
        self.ops.extend([
            Op::StartTextSection,
            Op::SetFillColor { col: rgb(col) },
            Op::SetFont {
                font: PdfFontHandle::External(font.clone()),
                size: Pt(size),
            },
            Op::SetTextCursor {
                pos: Point::new(Mm(x), Mm(self.h - baseline)),
            },
            Op::ShowText {
                items: vec![TextItem::Text(s.to_owned())],
            },
            Op::EndTextSection,
        ]);
    }

    /// Text cut to `max_w` with an ellipsis.
    fn clipped(s: &str, max_w: f32, size: f32, bold: bool) -> String {
        if Self::width(s, size, bold) <= max_w {
            return s.to_string();
        }
        let mut out = String::new();
        for c in s.chars() {
            let mut t = out.clone();
            t.push(c);
            t.push('…');
            if Self::width(&t, size, bold) > max_w {
                break;
            }
            out.push(c);
        }
        out.push('…');
        out
    }

    fn point(&self, x: f32, y: f32) -> LinePoint {
        LinePoint {
            p: Point::new(Mm(x), Mm(self.h - y)),
            bezier: false,
        }
    }

    fn rect(
        &mut self,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<(f32, f32, f32)>,
        stroke: Option<f32>,
    ) {
        let ring = PolygonRing {
            points: vec![
                self.point(x, y),
                self.point(x + w, y),
                self.point(x + w, y + h),
                self.point(x, y + h),
            ],
        };
        if let Some(c) = fill {
            self.ops.push(Op::SetFillColor { col: rgb(c) });
        }
        if let Some(t) = stroke {
            self.ops.extend([
                Op::SetOutlineColor {
                    col: rgb((0.35, 0.35, 0.35)),
                },
                Op::SetOutlineThickness { pt: Pt(t) },
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

    fn line(&mut self, pts: &[(f32, f32)], thickness: f32, col: (f32, f32, f32), dashed: bool) {
        if dashed {
            self.ops.push(Op::SetLineDashPattern {
                dash: LineDashPattern::new(0.0, &[2.0, 1.5]),
            });
        }
        self.ops.extend([
            Op::SetOutlineColor { col: rgb(col) },
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

    fn wrap(s: &str, width: f32, size: f32, bold: bool) -> Vec<String> {
        let f = fonts();
        let font = if bold { &f.bold } else { &f.regular };
        let mut out = Vec::new();
        for para in s.split('\n') {
            let lines = wrap_text(para, width, &|c| advance(font, c, size));
            if lines.is_empty() {
                out.push(String::new());
            } else {
                out.extend(lines);
            }
        }
        out
    }
}

/// Renders `blocks` under a title line to PDF bytes.
pub fn render(title: &str, subtitle: &str, blocks: &[Block], landscape: bool) -> PdfOut {
    let f = fonts();
    let mut doc = PdfDocument::new(title);
    let regular = doc.add_font(&f.regular);
    let bold = doc.add_font(&f.bold);
    let (w, h) = if landscape {
        (297.0, 210.0)
    } else {
        (210.0, 297.0)
    };
    let mut c = Canvas {
        w,
        h,
        pages: Vec::new(),
        ops: Vec::new(),
        y: MARGIN,
        regular,
        bold,
        missing: BTreeSet::new(),
    };
    c.text(MARGIN, c.y + 7.0, title, 16.0, true);
    c.y += 10.0;
    c.text(MARGIN, c.y + 3.5, subtitle, 8.5, false);
    c.y += 5.0;
    c.line(
        &[(MARGIN, c.y), (w - MARGIN, c.y)],
        1.0,
        (0.2, 0.2, 0.2),
        false,
    );
    c.y += 3.0;
    for b in blocks {
        match b {
            Block::Heading { text, .. } => heading(&mut c, text),
            Block::Table(t) => table(&mut c, t),
            Block::Chart(ch) => chart(&mut c, ch),
            Block::Text { title, body } => paragraph(&mut c, title, body),
            Block::Gantt(g) => gantt(&mut c, g),
            Block::PageBreak => {
                if c.y > MARGIN + 25.0 || !c.pages.is_empty() {
                    c.new_page();
                }
            }
        }
    }
    let last = std::mem::take(&mut c.ops);
    c.pages.push(last);
    let total = c.pages.len();
    let mut pages = Vec::with_capacity(total);
    for (i, ops) in std::mem::take(&mut c.pages).into_iter().enumerate() {
        c.ops = ops;
        let footer = format!("{title}　{} / {total}", i + 1);
        let fw = Canvas::width(&footer, 7.0, false);
        c.text((w - fw) / 2.0, h - 6.0, &footer, 7.0, false);
        pages.push(PdfPage::new(Mm(w), Mm(h), std::mem::take(&mut c.ops)));
    }
    let mut warnings = Vec::new();
    let bytes = doc.with_pages(pages).save(
        &PdfSaveOptions {
            subset_fonts: true,
            ..Default::default()
        },
        &mut warnings,
    );
    PdfOut {
        bytes,
        pages: total,
        missing_glyphs: c.missing.into_iter().collect(),
    }
}

fn heading(c: &mut Canvas, text: &str) {
    // Keep a heading with the start of what follows it.
    c.ensure(40.0);
    c.y += 2.5;
    let w = c.content_w();
    c.rect(MARGIN, c.y, 1.2, 6.0, Some(PALETTE[0]), None);
    c.text(MARGIN + 3.0, c.y + 4.6, text, 11.0, true);
    c.y += 7.0;
    c.line(
        &[(MARGIN, c.y), (MARGIN + w, c.y)],
        0.5,
        (0.6, 0.6, 0.6),
        false,
    );
    c.y += 2.5;
}

fn paragraph(c: &mut Canvas, title: &str, body: &str) {
    if !title.is_empty() {
        c.ensure(8.0);
        c.text(MARGIN, c.y + 3.5, title, 9.0, true);
        c.y += 5.0;
    }
    let lh = 4.8;
    for line in Canvas::wrap(body, c.content_w() - 4.0, 9.5, false) {
        c.ensure(lh);
        c.text(MARGIN + 2.0, c.y + 3.6, &line, 9.5, false);
        c.y += lh;
    }
    c.y += 2.0;
}

/// Column x positions and widths scaled to the content width.
fn columns(c: &Canvas, t: &Table) -> Vec<(f32, f32)> {
    let total: f32 = t.widths.iter().sum::<f32>().max(0.1);
    let mut x = MARGIN;
    t.widths
        .iter()
        .map(|w| {
            let cw = w / total * c.content_w();
            let r = (x, cw);
            x += cw;
            r
        })
        .collect()
}

fn draw_header(c: &mut Canvas, t: &Table, cols: &[(f32, f32)]) {
    let lines: Vec<Vec<String>> = t
        .columns
        .iter()
        .zip(cols)
        .map(|(h, (_, w))| Canvas::wrap(h, w - 2.0 * PAD, BODY_PT, true))
        .collect();
    let n = lines.iter().map(Vec::len).max().unwrap_or(1).max(1);
    let hh = n as f32 * LINE_H + 2.0 * PAD;
    for ((x, w), ls) in cols.iter().zip(&lines) {
        c.rect(*x, c.y, *w, hh, Some((0.85, 0.89, 0.95)), Some(0.4));
        for (i, l) in ls.iter().enumerate() {
            c.text(
                x + PAD,
                c.y + PAD + i as f32 * LINE_H + LINE_H * 0.78,
                l,
                BODY_PT,
                true,
            );
        }
    }
    c.y += hh;
}

fn table(c: &mut Canvas, t: &Table) {
    let cols = columns(c, t);
    // Short tables stay on one page; long ones need room for a few rows.
    let rows_h = t.rows.len().max(1) as f32 * (LINE_H + 2.0 * PAD);
    let whole = 5.0 + 2.0 * (LINE_H + 2.0 * PAD) + rows_h;
    if t.rows.len() <= 15 {
        c.ensure(whole);
    } else {
        c.ensure(5.0 + 4.0 * (LINE_H + 2.0 * PAD));
    }
    c.text(MARGIN, c.y + 3.4, &t.title, 8.5, true);
    c.y += 4.8;
    draw_header(c, t, &cols);
    if t.rows.is_empty() {
        let h = LINE_H + 2.0 * PAD;
        c.rect(MARGIN, c.y, c.content_w(), h, None, Some(0.4));
        c.text(
            MARGIN + PAD,
            c.y + PAD + LINE_H * 0.78,
            &t.empty_note,
            BODY_PT,
            false,
        );
        c.y += h;
    }
    for (ri, row) in t.rows.iter().enumerate() {
        let cells: Vec<(Vec<String>, bool)> = row
            .iter()
            .zip(&cols)
            .map(|(cell, (_, w))| {
                let s = cell.display();
                if cell.is_numeric() {
                    (vec![s], true)
                } else if matches!(cell, Cell::Date(_)) {
                    (vec![s], false)
                } else {
                    (Canvas::wrap(&s, w - 2.0 * PAD, BODY_PT, false), false)
                }
            })
            .collect();
        let n = cells.iter().map(|x| x.0.len()).max().unwrap_or(1).max(1);
        let rh = n as f32 * LINE_H + 2.0 * PAD;
        if c.y + rh > c.bottom() {
            c.new_page();
            c.text(
                MARGIN,
                c.y + 3.4,
                &format!("{}（続き）", t.title),
                8.5,
                true,
            );
            c.y += 4.8;
            draw_header(c, t, &cols);
        }
        let fill = (ri % 2 == 1).then_some((0.965, 0.965, 0.965));
        for ((x, w), (lines, numeric)) in cols.iter().zip(&cells) {
            c.rect(*x, c.y, *w, rh, fill, Some(0.3));
            for (i, l) in lines.iter().enumerate() {
                let baseline = c.y + PAD + i as f32 * LINE_H + LINE_H * 0.78;
                if *numeric {
                    let tw = Canvas::width(l, BODY_PT, false);
                    c.text(x + w - PAD - tw, baseline, l, BODY_PT, false);
                } else {
                    c.text(x + PAD, baseline, l, BODY_PT, false);
                }
            }
        }
        c.y += rh;
    }
    c.y += 4.0;
}

/// A "nice" axis maximum and step for `max`.
fn nice_axis(max: f64) -> (f64, f64) {
    if max <= 0.0 {
        return (5.0, 1.0);
    }
    let raw = max / 5.0;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let step = if step < 1.0 { 1.0 } else { step };
    ((max / step).ceil() * step, step)
}

fn fmt_num(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i64)
    } else {
        format!("{v:.1}")
    }
}

fn legend(c: &mut Canvas, ch: &Chart, y: f32) {
    let mut x = MARGIN + 2.0;
    for (i, s) in ch.series.iter().enumerate() {
        let col = PALETTE[i % PALETTE.len()];
        if s.line {
            c.line(&[(x, y - 1.2), (x + 5.0, y - 1.2)], 1.5, col, false);
        } else {
            c.rect(x, y - 2.8, 4.0, 3.0, Some(col), None);
        }
        c.text(x + 6.0, y, &s.name, 7.5, false);
        x += 10.0 + Canvas::width(&s.name, 7.5, false);
    }
}

fn chart(c: &mut Canvas, ch: &Chart) {
    match ch.kind {
        ChartKind::Columns => column_chart(c, ch),
        ChartKind::Bars => bar_chart(c, ch),
    }
}

fn column_chart(c: &mut Canvas, ch: &Chart) {
    let height = 62.0;
    c.ensure(height + 14.0);
    c.text(MARGIN, c.y + 3.5, &ch.title, 9.0, true);
    legend(c, ch, c.y + 8.5);
    let top = c.y + 12.0;
    let plot_h = height - 12.0;
    let left = MARGIN + 10.0;
    let right = MARGIN + c.content_w() - 2.0;
    let bottom = top + plot_h;
    let max = ch
        .series
        .iter()
        .flat_map(|s| s.values.iter().copied())
        .fold(0.0, f64::max);
    let (axis_max, step) = nice_axis(max);
    // Grid and y labels.
    let mut v = 0.0;
    while v <= axis_max + 1e-9 {
        let y = bottom - (v / axis_max) as f32 * plot_h;
        c.line(&[(left, y), (right, y)], 0.3, (0.82, 0.82, 0.82), false);
        let label = fmt_num(v);
        let tw = Canvas::width(&label, 6.5, false);
        c.text(left - 1.5 - tw, y + 1.0, &label, 6.5, false);
        v += step;
    }
    c.line(
        &[(left, bottom), (right, bottom)],
        0.6,
        (0.3, 0.3, 0.3),
        false,
    );
    let n = ch.categories.len().max(1);
    let slot = (right - left) / n as f32;
    let bars: Vec<usize> = (0..ch.series.len())
        .filter(|i| !ch.series[*i].line)
        .collect();
    let bw = (slot * 0.75) / bars.len().max(1) as f32;
    for (ci, cat) in ch.categories.iter().enumerate() {
        let x0 = left + ci as f32 * slot + slot * 0.125;
        for (bi, si) in bars.iter().enumerate() {
            let val = ch.series[*si].values.get(ci).copied().unwrap_or(0.0);
            let bh = (val / axis_max) as f32 * plot_h;
            if bh > 0.0 {
                c.rect(
                    x0 + bi as f32 * bw,
                    bottom - bh,
                    bw * 0.92,
                    bh,
                    Some(PALETTE[*si % PALETTE.len()]),
                    None,
                );
            }
        }
        let label = Canvas::clipped(cat, slot - 0.5, 6.5, false);
        let tw = Canvas::width(&label, 6.5, false);
        c.text(
            left + ci as f32 * slot + (slot - tw) / 2.0,
            bottom + 3.5,
            &label,
            6.5,
            false,
        );
    }
    for (si, s) in ch.series.iter().enumerate().filter(|(_, s)| s.line) {
        let col = PALETTE[si % PALETTE.len()];
        let pts: Vec<(f32, f32)> = s
            .values
            .iter()
            .enumerate()
            .map(|(i, v)| {
                (
                    left + (i as f32 + 0.5) * slot,
                    bottom - (*v / axis_max) as f32 * plot_h,
                )
            })
            .collect();
        if pts.len() > 1 {
            c.line(&pts, 1.6, col, false);
        }
        for &(x, y) in &pts {
            c.rect(x - 0.8, y - 0.8, 1.6, 1.6, Some(col), None);
        }
        if let (Some(&(x, y)), Some(v)) = (pts.last(), s.values.last()) {
            c.text_color(x + 1.2, y - 1.2, &fmt_num(*v), 6.5, true, col);
        }
    }
    c.y = bottom + 8.0;
}

fn bar_chart(c: &mut Canvas, ch: &Chart) {
    let rows = ch.categories.len();
    let row_h = 5.0;
    let height = 10.0 + rows as f32 * row_h;
    c.ensure(height + 6.0);
    c.text(MARGIN, c.y + 3.5, &ch.title, 9.0, true);
    c.y += 6.0;
    let label_w = 45.0;
    let left = MARGIN + label_w;
    let right = MARGIN + c.content_w() - 12.0;
    let values = &ch.series[0].values;
    let max = values.iter().copied().fold(0.0, f64::max);
    let (axis_max, _) = nice_axis(max);
    for (i, cat) in ch.categories.iter().enumerate() {
        let y = c.y + i as f32 * row_h;
        let label = Canvas::clipped(cat, label_w - 3.0, 7.5, false);
        c.text(MARGIN, y + 3.6, &label, 7.5, false);
        let v = values.get(i).copied().unwrap_or(0.0);
        let w = (v / axis_max) as f32 * (right - left);
        if w > 0.0 {
            c.rect(left, y + 0.8, w, row_h - 1.6, Some(PALETTE[0]), None);
        }
        c.text(left + w + 1.5, y + 3.6, &fmt_num(v), 7.5, false);
    }
    c.line(
        &[(left, c.y), (left, c.y + rows as f32 * row_h)],
        0.6,
        (0.3, 0.3, 0.3),
        false,
    );
    c.y += rows as f32 * row_h + 6.0;
}

fn gantt(c: &mut Canvas, g: &Gantt) {
    let row_h = 5.2;
    let label_w = 95.0;
    let left = MARGIN + label_w;
    let right = MARGIN + c.content_w();
    // Time window: from the earliest start (at most 8 weeks back) to the
    // latest end (at most 12 weeks ahead), at least 4 weeks ahead.
    let earliest = g
        .bars
        .iter()
        .map(|b| b.start)
        .min()
        .unwrap_or(g.today)
        .max(g.today - Duration::weeks(8));
    let latest = g
        .bars
        .iter()
        .filter_map(|b| b.end)
        .max()
        .unwrap_or(g.today)
        .min(g.today + Duration::weeks(12))
        .max(g.today + Duration::weeks(4));
    let from = earliest - Duration::days(earliest.weekday().num_days_from_monday() as i64);
    let to = latest + Duration::days(7 - latest.weekday().num_days_from_monday() as i64);
    let days = (to - from).num_days().max(1) as f32;
    let xd = |d: NaiveDate| left + ((d - from).num_days() as f32 / days) * (right - left);

    let draw_axis = |c: &mut Canvas| {
        let top = c.y;
        c.rect(
            MARGIN,
            top,
            c.content_w(),
            6.0,
            Some((0.85, 0.89, 0.95)),
            Some(0.4),
        );
        c.text(MARGIN + PAD, top + 4.2, "No.", BODY_PT, true);
        c.text(MARGIN + 16.0, top + 4.2, "タイトル", BODY_PT, true);
        c.text(MARGIN + 62.0, top + 4.2, "ステータス", BODY_PT, true);
        let mut d = from;
        while d < to {
            let x = xd(d);
            c.line(&[(x, top), (x, top + 6.0)], 0.3, (0.6, 0.6, 0.6), false);
            c.text(
                x + 0.6,
                top + 4.2,
                &d.format("%-m/%-d").to_string(),
                6.0,
                false,
            );
            d += Duration::weeks(1);
        }
        c.y += 6.0;
    };
    c.text(MARGIN, c.y + 3.5, &g.title, 9.0, true);
    c.y += 5.0;
    if g.bars.is_empty() {
        c.text(
            MARGIN,
            c.y + 3.5,
            "対応中の障害・変更はありません。",
            9.0,
            false,
        );
        c.y += 6.0;
        return;
    }
    draw_axis(c);
    let mut page_top = c.y;
    let finish = |c: &mut Canvas, top: f32| {
        // Week grid and today's line over the rows of this page.
        let bottom = c.y;
        let mut d = from;
        while d < to {
            let x = xd(d);
            c.line(&[(x, top), (x, bottom)], 0.2, (0.85, 0.85, 0.85), false);
            d += Duration::weeks(1);
        }
        let x = xd(g.today);
        c.line(&[(x, top - 6.0), (x, bottom)], 1.2, (0.85, 0.1, 0.1), false);
        c.text_color(
            x + 0.8,
            bottom + 3.2,
            &format!("今日 {}", g.today.format("%-m/%-d")),
            7.0,
            true,
            (0.85, 0.1, 0.1),
        );
    };
    for (i, b) in g.bars.iter().enumerate() {
        if c.y + row_h > c.bottom() - 6.0 {
            finish(c, page_top);
            c.new_page();
            draw_axis(c);
            page_top = c.y;
        }
        let y = c.y;
        if i % 2 == 1 {
            c.rect(
                MARGIN,
                y,
                c.content_w(),
                row_h,
                Some((0.965, 0.965, 0.965)),
                None,
            );
        }
        c.text(MARGIN + PAD, y + 3.7, &b.no, BODY_PT, false);
        let title = Canvas::clipped(&b.title, 44.0, BODY_PT, false);
        c.text(MARGIN + 16.0, y + 3.7, &title, BODY_PT, false);
        let status = Canvas::clipped(&b.status, label_w - 63.0, 6.5, false);
        c.text(MARGIN + 62.0, y + 3.7, &status, 6.5, false);
        let s = b.start.max(from);
        let (e, known) = match b.end {
            Some(e) => (e.min(to), true),
            None => (g.today.min(to), false),
        };
        let (x0, x1) = (xd(s), xd(e + Duration::days(1)).max(xd(s) + 0.8));
        let col = if b.late {
            (0.85, 0.25, 0.2)
        } else {
            PALETTE[0]
        };
        if known && e >= from {
            c.rect(x0, y + 1.1, x1 - x0, row_h - 2.2, Some(col), None);
            if b.start < from {
                c.text(x0 + 0.5, y + 3.7, "◀", 6.0, false);
            }
        } else {
            c.line(
                &[(x0, y + row_h / 2.0), (x1, y + row_h / 2.0)],
                1.2,
                (0.45, 0.45, 0.45),
                true,
            );
            if !known {
                c.text(x1 + 0.8, y + 3.7, "予定日未定", 6.0, false);
            }
        }
        c.y += row_h;
    }
    finish(c, page_top);
    c.y += 6.0;
    let mut x = MARGIN;
    for (label, col, dashed) in [
        ("予定どおり（起票日〜予定日）", PALETTE[0], false),
        ("予定日超過", (0.85, 0.25, 0.2), false),
        ("予定日未定（起票日〜今日）", (0.45, 0.45, 0.45), true),
        ("今日", (0.85, 0.1, 0.1), false),
    ] {
        if dashed {
            c.line(&[(x, c.y + 2.0), (x + 5.0, c.y + 2.0)], 1.2, col, true);
        } else if label == "今日" {
            c.line(&[(x + 2.5, c.y), (x + 2.5, c.y + 3.5)], 1.2, col, false);
        } else {
            c.rect(x, c.y + 0.5, 5.0, 3.0, Some(col), None);
        }
        c.text(x + 6.5, c.y + 3.0, label, 7.0, false);
        x += 12.0 + Canvas::width(label, 7.0, false);
    }
    c.y += 6.0;
}
