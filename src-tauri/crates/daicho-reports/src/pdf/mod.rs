//! Report blocks drawn on A4 on daicho-docs' PDF canvas (the bundled Noto
//! Sans JP, kinsoku line breaking): the title block, headings and paragraphs
//! here; tables in `tables.rs`, charts as vector graphics (polygons and
//! lines, no images) in `charts.rs`, the Gantt chart in `gantt.rs`.

mod charts;
mod gantt;
mod tables;

use daicho_docs::pdf::canvas::{self, text_width, Canvas, Drawn, Paint};

use crate::blocks::Block;

const MARGIN: f32 = 12.0;
const BODY_PT: f32 = 7.5;
const LINE_H: f32 = 3.6;
const PAD: f32 = 1.2;

/// Series colours (blue, orange, grey, green), print-friendly.
const PALETTE: &[Paint] = &[
    Paint::Rgb(0.23, 0.42, 0.69),
    Paint::Rgb(0.93, 0.53, 0.18),
    Paint::Rgb(0.45, 0.45, 0.45),
    Paint::Rgb(0.30, 0.62, 0.33),
];
/// Table header and Gantt axis background.
const HEADER_FILL: Paint = Paint::Rgb(0.85, 0.89, 0.95);
/// Every other table row.
const STRIPE_FILL: Paint = Paint::Rgb(0.965, 0.965, 0.965);
/// Table cell borders.
const BORDER: Paint = Paint::Rgb(0.35, 0.35, 0.35);

/// Lowest cursor position of content on a page (the footer sits below).
fn bottom(c: &Canvas) -> f32 {
    c.height - MARGIN - 3.0
}

/// Starts a new page unless `need` mm fit below the cursor.
fn ensure(c: &mut Canvas, need: f32) {
    if c.y + need > bottom(c) && c.y > MARGIN + 0.1 {
        c.new_page();
    }
}

/// `s` wrapped to `width`, paragraph by paragraph; an empty paragraph is an
/// empty line.
fn wrap(s: &str, width: f32, size: f32, bold: bool) -> Vec<String> {
    let mut out = Vec::new();
    for para in s.split('\n') {
        let lines = canvas::wrap(para, width, size, bold);
        if lines.is_empty() {
            out.push(String::new());
        } else {
            out.extend(lines);
        }
    }
    out
}

/// Renders `blocks` under a title line to PDF bytes.
pub fn render(title: &str, subtitle: &str, blocks: &[Block], landscape: bool) -> Drawn {
    let (w, h) = if landscape {
        (297.0, 210.0)
    } else {
        (210.0, 297.0)
    };
    let mut c = Canvas::new(title, w, h, MARGIN);
    c.text(MARGIN, c.y + 7.0, title, 16.0, true);
    c.y += 10.0;
    c.text(MARGIN, c.y + 3.5, subtitle, 8.5, false);
    c.y += 5.0;
    c.line(
        &[(MARGIN, c.y), (w - MARGIN, c.y)],
        1.0,
        Paint::Rgb(0.2, 0.2, 0.2),
        false,
    );
    c.y += 3.0;
    for (i, b) in blocks.iter().enumerate() {
        match b {
            Block::Heading { text, .. } => {
                // Keep a heading with the start of the table after it.
                let next = match blocks.get(i + 1) {
                    Some(Block::Table(t)) => tables::keep_height(t),
                    _ => 0.0,
                };
                heading(&mut c, text, next)
            }
            Block::Table(t) => tables::table(&mut c, t),
            Block::Chart(ch) => charts::chart(&mut c, ch),
            Block::Text { title, body } => paragraph(&mut c, title, body),
            Block::Gantt(g) => gantt::gantt(&mut c, g),
            Block::PageBreak => {
                if c.y > MARGIN + 25.0 || !c.on_first_page() {
                    c.new_page();
                }
            }
        }
    }
    c.finish(|c, page, pages| {
        let footer = format!("{title}　{page} / {pages}");
        let fw = text_width(&footer, 7.0, false);
        c.text((w - fw) / 2.0, h - 6.0, &footer, 7.0, false);
    })
}

fn heading(c: &mut Canvas, text: &str, next: f32) {
    // Keep a heading with the start of what follows it.
    ensure(c, (12.0 + next).clamp(40.0, bottom(c) - MARGIN));
    c.y += 2.5;
    let w = c.content_w();
    c.rect(MARGIN, c.y, 1.2, 6.0, Some(PALETTE[0]), None);
    c.text(MARGIN + 3.0, c.y + 4.6, text, 11.0, true);
    c.y += 7.0;
    c.line(
        &[(MARGIN, c.y), (MARGIN + w, c.y)],
        0.5,
        Paint::Rgb(0.6, 0.6, 0.6),
        false,
    );
    c.y += 2.5;
}

fn paragraph(c: &mut Canvas, title: &str, body: &str) {
    if !title.is_empty() {
        ensure(c, 8.0);
        c.text(MARGIN, c.y + 3.5, title, 9.0, true);
        c.y += 5.0;
    }
    let lh = 4.8;
    for line in wrap(body, c.content_w() - 4.0, 9.5, false) {
        ensure(c, lh);
        c.text(MARGIN + 2.0, c.y + 3.6, &line, 9.5, false);
        c.y += lh;
    }
    c.y += 2.0;
}
