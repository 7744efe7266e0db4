//! Charts as vector graphics: columns per category with line series drawn
//! over them (trends), and horizontal bars (counts per category).

use daicho_docs::pdf::canvas::{clipped, text_width, Canvas, Paint};

use super::{ensure, MARGIN, PALETTE};
use crate::blocks::{Chart, ChartKind};

/// Axis line and grid colours.
const AXIS: Paint = Paint::Rgb(0.3, 0.3, 0.3);
const GRID: Paint = Paint::Rgb(0.82, 0.82, 0.82);

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
        x += 10.0 + text_width(&s.name, 7.5, false);
    }
}

pub(super) fn chart(c: &mut Canvas, ch: &Chart) {
    match ch.kind {
        ChartKind::Columns => column_chart(c, ch),
        ChartKind::Bars => bar_chart(c, ch),
    }
}

fn column_chart(c: &mut Canvas, ch: &Chart) {
    let height = 62.0;
    ensure(c, height + 14.0);
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
        c.line(&[(left, y), (right, y)], 0.3, GRID, false);
        let label = fmt_num(v);
        let tw = text_width(&label, 6.5, false);
        c.text(left - 1.5 - tw, y + 1.0, &label, 6.5, false);
        v += step;
    }
    c.line(&[(left, bottom), (right, bottom)], 0.6, AXIS, false);
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
        let label = clipped(cat, slot - 0.5, 6.5, false);
        let tw = text_width(&label, 6.5, false);
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
            c.text_in(x + 1.2, y - 1.2, &fmt_num(*v), 6.5, true, col);
        }
    }
    c.y = bottom + 8.0;
}

fn bar_chart(c: &mut Canvas, ch: &Chart) {
    let rows = ch.categories.len();
    let row_h = 5.0;
    let height = 10.0 + rows as f32 * row_h;
    ensure(c, height + 6.0);
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
        let label = clipped(cat, label_w - 3.0, 7.5, false);
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
        AXIS,
        false,
    );
    c.y += rows as f32 * row_h + 6.0;
}
