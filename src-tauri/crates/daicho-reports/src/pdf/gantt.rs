//! The Gantt chart of open 障害・変更: one row per record from 起票日 to its
//! planned end, a week grid, today's line, continued over pages with the
//! axis repeated.

use chrono::{Duration, NaiveDate};
use daicho_docs::pdf::canvas::{clipped, text_width, Canvas, Paint, Stroke};

use super::{bottom, BODY_PT, BORDER, HEADER_FILL, MARGIN, PAD, PALETTE, STRIPE_FILL};
use crate::blocks::Gantt;

const LATE: Paint = Paint::Rgb(0.85, 0.25, 0.2);
const UNDATED: Paint = Paint::Rgb(0.45, 0.45, 0.45);
const TODAY: Paint = Paint::Rgb(0.85, 0.1, 0.1);

/// Bars the PDF draws (the earliest planned ends, late ones first); the
/// xlsx has every bar.
const PDF_BARS: usize = 60;

pub(super) fn gantt(c: &mut Canvas, g: &Gantt) {
    let row_h = 5.2;
    let label_w = 95.0;
    let left = MARGIN + label_w;
    let right = MARGIN + c.content_w();
    let (from, to) = g.weeks();
    let days = (to - from).num_days().max(1) as f32;
    let xd = |d: NaiveDate| left + ((d - from).num_days() as f32 / days) * (right - left);

    let draw_axis = |c: &mut Canvas| {
        let top = c.y;
        c.rect(
            MARGIN,
            top,
            c.content_w(),
            6.0,
            Some(HEADER_FILL),
            Some(Stroke {
                paint: BORDER,
                pt: 0.4,
            }),
        );
        c.text(MARGIN + PAD, top + 4.2, "No.", BODY_PT, true);
        c.text(MARGIN + 16.0, top + 4.2, "タイトル", BODY_PT, true);
        c.text(MARGIN + 62.0, top + 4.2, "ステータス", BODY_PT, true);
        let mut d = from;
        while d < to {
            let x = xd(d);
            c.line(
                &[(x, top), (x, top + 6.0)],
                0.3,
                Paint::Rgb(0.6, 0.6, 0.6),
                false,
            );
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
            c.line(
                &[(x, top), (x, bottom)],
                0.2,
                Paint::Rgb(0.85, 0.85, 0.85),
                false,
            );
            d += Duration::weeks(1);
        }
        let x = xd(g.today);
        c.line(&[(x, top - 6.0), (x, bottom)], 1.2, TODAY, false);
        c.text_in(
            x + 0.8,
            bottom + 3.2,
            &format!("今日 {}", g.today.format("%-m/%-d")),
            7.0,
            true,
            TODAY,
        );
    };
    for (i, b) in g.bars.iter().take(PDF_BARS).enumerate() {
        if c.y + row_h > bottom(c) - 6.0 {
            finish(c, page_top);
            c.new_page();
            draw_axis(c);
            page_top = c.y;
        }
        let y = c.y;
        if i % 2 == 1 {
            c.rect(MARGIN, y, c.content_w(), row_h, Some(STRIPE_FILL), None);
        }
        c.text(MARGIN + PAD, y + 3.7, &b.no, BODY_PT, false);
        let title = clipped(&b.title, 44.0, BODY_PT, false);
        c.text(MARGIN + 16.0, y + 3.7, &title, BODY_PT, false);
        let status = clipped(&b.status, label_w - 63.0, 6.5, false);
        c.text(MARGIN + 62.0, y + 3.7, &status, 6.5, false);
        let s = b.start.max(from);
        let (e, known) = match b.end {
            Some(e) => (e.min(to), true),
            None => (g.today.min(to), false),
        };
        let (x0, x1) = (xd(s), xd(e + Duration::days(1)).max(xd(s) + 0.8));
        let col = if b.late { LATE } else { PALETTE[0] };
        if known && e >= from {
            c.rect(x0, y + 1.1, x1 - x0, row_h - 2.2, Some(col), None);
            if b.start < from {
                c.text(x0 + 0.5, y + 3.7, "◀", 6.0, false);
            }
        } else {
            c.line(
                &[(x0, y + row_h / 2.0), (x1, y + row_h / 2.0)],
                1.2,
                UNDATED,
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
    if g.bars.len() > PDF_BARS {
        let note = format!(
            "他 {} 件（予定日の早い順に {PDF_BARS} 件を表示。全 {} 件は Excel 版に記載）",
            g.bars.len() - PDF_BARS,
            g.bars.len()
        );
        c.text(MARGIN, c.y + 3.0, &note, 7.5, true);
        c.y += 6.0;
    }
    let mut x = MARGIN;
    for (label, col, dashed) in [
        ("予定どおり（起票日〜予定日）", PALETTE[0], false),
        ("予定日超過", LATE, false),
        ("予定日未定（起票日〜今日）", UNDATED, true),
        ("今日", TODAY, false),
    ] {
        if dashed {
            c.line(&[(x, c.y + 2.0), (x + 5.0, c.y + 2.0)], 1.2, col, true);
        } else if label == "今日" {
            c.line(&[(x + 2.5, c.y), (x + 2.5, c.y + 3.5)], 1.2, col, false);
        } else {
            c.rect(x, c.y + 0.5, 5.0, 3.0, Some(col), None);
        }
        c.text(x + 6.5, c.y + 3.0, label, 7.0, false);
        x += 12.0 + text_width(label, 7.0, false);
    }
    c.y += 6.0;
}
