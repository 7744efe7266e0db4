//! Tables: a caption, a shaded header repeated with 「（続き）」 on every page
//! the table continues on, striped rows, numbers right-aligned.

use daicho_docs::pdf::canvas::{text_width, Canvas, Paint, Stroke};

use super::{bottom, ensure, wrap, BODY_PT, BORDER, HEADER_FILL, LINE_H, MARGIN, PAD, STRIPE_FILL};
use crate::table::{Cell, Table};

fn border(pt: f32) -> Option<Stroke> {
    Some(Stroke { paint: BORDER, pt })
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

/// The caption line and the header row.
fn draw_header(c: &mut Canvas, t: &Table, caption: &str, cols: &[(f32, f32)]) {
    c.text(MARGIN, c.y + 3.4, caption, 8.5, true);
    c.y += 4.8;
    let lines: Vec<Vec<String>> = t
        .columns
        .iter()
        .zip(cols)
        .map(|(h, (_, w))| wrap(h, w - 2.0 * PAD, BODY_PT, true))
        .collect();
    let n = lines.iter().map(Vec::len).max().unwrap_or(1).max(1);
    let hh = n as f32 * LINE_H + 2.0 * PAD;
    for ((x, w), ls) in cols.iter().zip(&lines) {
        c.rect(*x, c.y, *w, hh, Some(HEADER_FILL), border(0.4));
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

/// The lines of each cell of a row, and whether it is right-aligned.
fn row_lines(row: &[Cell], cols: &[(f32, f32)]) -> Vec<(Vec<String>, bool)> {
    row.iter()
        .zip(cols)
        .map(|(cell, (_, w))| {
            let s = cell.display();
            if cell.is_numeric() {
                (vec![s], true)
            } else if matches!(cell, Cell::Date(_)) {
                (vec![s], false)
            } else {
                (wrap(&s, w - 2.0 * PAD, BODY_PT, false), false)
            }
        })
        .collect()
}

/// The room a table wants at its start: short tables stay on one page;
/// long ones need room for a few rows.
pub(super) fn keep_height(t: &Table) -> f32 {
    let (rows, _) = t.pdf_rows();
    let rows_h = rows.len().max(1) as f32 * (LINE_H + 2.0 * PAD);
    if rows.len() <= 15 {
        5.0 + 2.0 * (LINE_H + 2.0 * PAD) + rows_h
    } else {
        5.0 + 4.0 * (LINE_H + 2.0 * PAD)
    }
}

pub(super) fn table(c: &mut Canvas, t: &Table) {
    let cols = columns(c, t);
    let (rows, left_out) = t.pdf_rows();
    ensure(c, keep_height(t));
    draw_header(c, t, &t.title, &cols);
    if t.rows.is_empty() {
        let h = LINE_H + 2.0 * PAD;
        c.rect(MARGIN, c.y, c.content_w(), h, None, border(0.4));
        c.text(
            MARGIN + PAD,
            c.y + PAD + LINE_H * 0.78,
            &t.empty_note,
            BODY_PT,
            false,
        );
        c.y += h;
    }
    for (ri, row) in rows.iter().enumerate() {
        let cells = row_lines(row, &cols);
        let n = cells.iter().map(|x| x.0.len()).max().unwrap_or(1).max(1);
        let rh = n as f32 * LINE_H + 2.0 * PAD;
        if c.y + rh > bottom(c) {
            c.new_page();
            draw_header(c, t, &format!("{}（続き）", t.title), &cols);
        }
        let fill: Option<Paint> = (ri % 2 == 1).then_some(STRIPE_FILL);
        for ((x, w), (lines, numeric)) in cols.iter().zip(&cells) {
            c.rect(*x, c.y, *w, rh, fill, border(0.3));
            for (i, l) in lines.iter().enumerate() {
                let baseline = c.y + PAD + i as f32 * LINE_H + LINE_H * 0.78;
                if *numeric {
                    let tw = text_width(l, BODY_PT, false);
                    c.text(x + w - PAD - tw, baseline, l, BODY_PT, false);
                } else {
                    c.text(x + PAD, baseline, l, BODY_PT, false);
                }
            }
        }
        c.y += rh;
    }
    if left_out > 0 {
        let h = LINE_H + 2.0 * PAD;
        if c.y + h > bottom(c) {
            c.new_page();
        }
        let note = format!(
            "他 {} 件（全 {} 件は Excel 版に記載）",
            crate::table::Cell::count(left_out).display(),
            crate::table::Cell::count(t.rows.len()).display()
        );
        c.text(
            MARGIN + PAD,
            c.y + PAD + LINE_H * 0.78,
            &note,
            BODY_PT,
            true,
        );
        c.y += h;
    }
    c.y += 4.0;
}
