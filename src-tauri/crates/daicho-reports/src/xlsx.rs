//! Report blocks as an xlsx workbook: a sheet per top-level section, tables
//! with real numbers and dates (so they can be re-used in Excel), native
//! Excel charts (rust_xlsxwriter `Chart`) over a data range written next to
//! them, and the Gantt chart as shaded week cells.

use chrono::{Datelike, Duration, NaiveDate};
use rust_xlsxwriter::{
    Chart, ChartLegendPosition, ChartType, Color, ExcelDateTime, Format, FormatAlign, FormatBorder,
    Table as ExcelTable, TableColumn, TableStyle, Workbook, Worksheet, XlsxError,
};

use crate::blocks::{Block, Chart as ChartSpec, ChartKind, Gantt};
use crate::table::{Cell, Table};

const FONT: &str = "游ゴシック";
const SERIES_COLORS: &[u32] = &[0x3B6BB0, 0xED872E, 0x737373, 0x4D9E54];

fn base() -> Format {
    Format::new()
        .set_font_name(FONT)
        .set_font_size(10)
        .set_font_charset(128)
}

struct Formats {
    title: Format,
    heading: Format,
    caption: Format,
    header: Format,
    text: Format,
    int: Format,
    num1: Format,
    date: Format,
    wrap: Format,
}

impl Formats {
    fn new() -> Formats {
        let cell = base()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::Top);
        Formats {
            title: base().set_bold().set_font_size(16),
            heading: base().set_bold().set_font_size(12),
            caption: base().set_bold(),
            header: cell
                .clone()
                .set_bold()
                .set_background_color(Color::RGB(0xDCE6F1))
                .set_text_wrap(),
            text: cell.clone().set_text_wrap(),
            int: cell.clone().set_num_format("#,##0"),
            num1: cell.clone().set_num_format("#,##0.0"),
            date: cell.set_num_format("yyyy/m/d"),
            wrap: base().set_text_wrap().set_align(FormatAlign::Top),
        }
    }
}

fn excel_date(d: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
}

/// Display width of a string in Excel character units (wide characters count two).
fn text_width(s: &str) -> f64 {
    s.lines()
        .map(|l| {
            l.chars()
                .map(|c| if c.is_ascii() { 1.1 } else { 2.1 })
                .sum::<f64>()
        })
        .fold(0.0, f64::max)
}

struct Sheet {
    ws: Worksheet,
    name: String,
    row: u32,
    widths: Vec<f64>,
}

impl Sheet {
    fn new(name: &str) -> Result<Sheet, XlsxError> {
        let mut ws = Worksheet::new();
        ws.set_name(name)?;
        ws.set_paper_size(9);
        ws.set_print_fit_to_pages(1, 0);
        Ok(Sheet {
            ws,
            name: name.to_string(),
            row: 0,
            widths: Vec::new(),
        })
    }

    fn widen(&mut self, col: usize, w: f64) {
        if self.widths.len() <= col {
            self.widths.resize(col + 1, 8.0);
        }
        self.widths[col] = self.widths[col].max(w.min(60.0));
    }

    fn finish(mut self) -> Worksheet {
        for (i, w) in self.widths.iter().enumerate() {
            let _ = self.ws.set_column_width(i as u16, *w + 1.0);
        }
        self.ws
    }
}

/// Renders `blocks` to xlsx bytes. The first sheet starts with the title.
pub fn render(title: &str, subtitle: &str, blocks: &[Block]) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let default = base().set_align(FormatAlign::VerticalCenter);
    wb.set_default_format(&default, 18, 72)?;
    let f = Formats::new();
    let mut sheets: Vec<Sheet> = Vec::new();
    let mut current: Option<Sheet> = None;
    for b in blocks {
        if let Block::Heading {
            sheet: Some(name), ..
        } = b
        {
            if let Some(s) = current.take() {
                sheets.push(s);
            }
            let mut s = Sheet::new(name)?;
            if sheets.is_empty() {
                s.ws.write_string_with_format(0, 0, title, &f.title)?;
                s.ws.write_string(1, 0, subtitle)?;
                s.row = 3;
            }
            current = Some(s);
        }
        let s = match current.as_mut() {
            Some(s) => s,
            None => {
                let mut s = Sheet::new("レポート")?;
                s.ws.write_string_with_format(0, 0, title, &f.title)?;
                s.ws.write_string(1, 0, subtitle)?;
                s.row = 3;
                current.insert(s)
            }
        };
        match b {
            Block::Heading { text, .. } => {
                s.ws.write_string_with_format(s.row, 0, text, &f.heading)?;
                s.row += 2;
            }
            Block::Table(t) => write_table(s, t, &f, 0)?,
            Block::Chart(c) => write_chart(s, c, &f)?,
            Block::Text { title, body } => {
                if !title.is_empty() {
                    s.ws.write_string_with_format(s.row, 0, title, &f.caption)?;
                    s.row += 1;
                }
                s.ws.merge_range(s.row, 0, s.row, 7, &daicho_docs::cell_text(body), &f.wrap)?;
                let lines = body
                    .lines()
                    .map(|l| 1 + (text_width(l) / 110.0) as usize)
                    .sum::<usize>()
                    .max(1);
                s.ws.set_row_height(s.row, 15.0 * lines as f64 + 4.0)?;
                s.widen(0, 12.0);
                s.row += 2;
            }
            Block::Gantt(g) => write_gantt(s, g, &f)?,
            Block::PageBreak => {}
        }
    }
    if let Some(s) = current.take() {
        sheets.push(s);
    }
    for s in sheets {
        wb.push_worksheet(s.finish());
    }
    wb.save_to_buffer()
}

fn write_cell(s: &mut Sheet, row: u32, col: u16, c: &Cell, f: &Formats) -> Result<(), XlsxError> {
    match c {
        Cell::Empty => {
            s.ws.write_blank(row, col, &f.text)?;
        }
        Cell::Int(i) => {
            s.ws.write_number_with_format(row, col, *i as f64, &f.int)?;
        }
        Cell::Num { value, decimals } => {
            let fmt = if *decimals == 0 { &f.int } else { &f.num1 };
            s.ws.write_number_with_format(row, col, *value, fmt)?;
        }
        Cell::Date(d) => {
            s.ws.write_datetime_with_format(row, col, excel_date(*d)?, &f.date)?;
        }
        Cell::Text(t) => {
            s.ws.write_string_with_format(row, col, daicho_docs::cell_text(t), &f.text)?;
        }
    }
    let w = match c {
        Cell::Date(_) => 10.0,
        other => text_width(&other.display()),
    };
    s.widen(col as usize, w);
    Ok(())
}

fn write_table(s: &mut Sheet, t: &Table, f: &Formats, col0: u16) -> Result<(), XlsxError> {
    s.ws.write_string_with_format(s.row, col0, &t.title, &f.caption)?;
    s.row += 1;
    let header_row = s.row;
    for (i, h) in t.columns.iter().enumerate() {
        let col = col0 + i as u16;
        s.ws.write_string_with_format(s.row, col, h, &f.header)?;
        s.widen(col as usize, text_width(h));
    }
    s.row += 1;
    if t.rows.is_empty() {
        s.ws.write_string(s.row, col0, &t.empty_note)?;
        s.row += 1;
    }
    for r in &t.rows {
        for (i, c) in r.iter().enumerate() {
            write_cell(s, s.row, col0 + i as u16, c, f)?;
        }
        s.row += 1;
    }
    // A native Excel table (テーブル) over the rows: filter buttons, and a
    // name other sheets and pivot tables can refer to.
    if !t.rows.is_empty() && !t.columns.is_empty() {
        let columns: Vec<TableColumn> = table_headers(&t.columns)
            .into_iter()
            .map(|h| {
                TableColumn::new()
                    .set_header(h)
                    .set_header_format(&f.header)
            })
            .collect();
        let table = ExcelTable::new()
            .set_columns(&columns)
            .set_style(TableStyle::Light1);
        let last_col = col0 + t.columns.len() as u16 - 1;
        s.ws.add_table(header_row, col0, s.row - 1, last_col, &table)?;
    }
    s.row += 1;
    Ok(())
}

/// Column names an Excel table accepts: none empty, none repeated (a
/// repeated name gets its position appended).
fn table_headers(columns: &[String]) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    columns
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let h = if h.trim().is_empty() {
                format!("列{}", i + 1)
            } else {
                h.clone()
            };
            if seen.insert(h.to_lowercase()) {
                h
            } else {
                let unique = format!("{h} ({})", i + 1);
                seen.insert(unique.to_lowercase());
                unique
            }
        })
        .collect()
}

fn write_chart(s: &mut Sheet, c: &ChartSpec, f: &Formats) -> Result<(), XlsxError> {
    // The chart's data range, written as a small table it refers to.
    let mut t = Table::new(
        &format!("{}（グラフのデータ）", c.title),
        &std::iter::once(("項目", 1.0))
            .chain(c.series.iter().map(|x| (x.name.as_str(), 1.0)))
            .collect::<Vec<_>>(),
    );
    for (i, cat) in c.categories.iter().enumerate() {
        let mut row = vec![Cell::text(cat)];
        row.extend(
            c.series
                .iter()
                .map(|x| Cell::num(x.values.get(i).copied(), 0)),
        );
        t.row(row);
    }
    let first = s.row + 2; // title + header rows
    let last = first + c.categories.len().max(1) as u32 - 1;
    let top = s.row;
    write_table(s, &t, f, 0)?;
    let ncols = c.series.len() as u16 + 1;

    let kind = match c.kind {
        ChartKind::Columns => ChartType::Column,
        ChartKind::Bars => ChartType::Bar,
    };
    let mut chart = Chart::new(kind);
    let mut line = Chart::new(ChartType::Line);
    let mut has_line = false;
    for (i, series) in c.series.iter().enumerate() {
        let col = 1 + i as u16;
        let target = if series.line {
            has_line = true;
            &mut line
        } else {
            &mut chart
        };
        let color = SERIES_COLORS[i % SERIES_COLORS.len()];
        let sr = target
            .add_series()
            .set_name((s.name.as_str(), top + 1, col))
            .set_categories((s.name.as_str(), first, 0, last, 0))
            .set_values((s.name.as_str(), first, col, last, col));
        if series.line {
            sr.set_format(
                rust_xlsxwriter::ChartFormat::new().set_line(
                    rust_xlsxwriter::ChartLine::new()
                        .set_color(Color::RGB(color))
                        .set_width(2.25),
                ),
            );
        } else {
            sr.set_format(rust_xlsxwriter::ChartFormat::new().set_solid_fill(
                rust_xlsxwriter::ChartSolidFill::new().set_color(Color::RGB(color)),
            ));
        }
    }
    if has_line {
        chart.combine(&line);
    }
    chart.title().set_name(&c.title);
    chart.legend().set_position(ChartLegendPosition::Bottom);
    if c.kind == ChartKind::Bars {
        chart.legend().set_hidden();
    }
    chart.set_width(640).set_height(300);
    s.ws.insert_chart(top, ncols + 1, &chart)?;
    // Leave room for the chart (300 px ≈ 16 rows of 18 px).
    s.row = s.row.max(top + 18);
    Ok(())
}

fn write_gantt(s: &mut Sheet, g: &Gantt, f: &Formats) -> Result<(), XlsxError> {
    s.ws.write_string_with_format(s.row, 0, &g.title, &f.caption)?;
    s.row += 1;
    let heads = [
        "No.",
        "タイトル",
        "ステータス",
        "担当者",
        "起票日",
        "予定日",
        "予定日の根拠",
    ];
    for (i, h) in heads.iter().enumerate() {
        s.ws.write_string_with_format(s.row, i as u16, *h, &f.header)?;
        s.widen(i, text_width(h));
    }
    let (from, to) = g.weeks();
    let weeks = ((to - from).num_days() / 7) as u16;
    let col0 = heads.len() as u16;
    let today_week = ((g.today - from).num_days() / 7) as u16;
    let week_head = f.header.clone().set_num_format("m/d");
    let today_head = week_head
        .clone()
        .set_background_color(Color::RGB(0xF4B6B0))
        .set_font_color(Color::RGB(0xC00000));
    for w in 0..weeks {
        let d = from + Duration::weeks(w as i64);
        let fmt = if w == today_week {
            &today_head
        } else {
            &week_head
        };
        s.ws.write_datetime_with_format(s.row, col0 + w, excel_date(d)?, fmt)?;
        s.ws.set_column_width(col0 + w, 5.5)?;
    }
    s.row += 1;
    let bar = Format::new()
        .set_background_color(Color::RGB(0x3B6BB0))
        .set_border(FormatBorder::Hair);
    let late = Format::new()
        .set_background_color(Color::RGB(0xD9402F))
        .set_border(FormatBorder::Hair);
    let open_end = Format::new()
        .set_background_color(Color::RGB(0xBFBFBF))
        .set_border(FormatBorder::Hair);
    let empty = Format::new().set_border(FormatBorder::Hair);
    let today_col = Format::new()
        .set_border(FormatBorder::Hair)
        .set_background_color(Color::RGB(0xFCE4E1));
    if g.bars.is_empty() {
        s.ws.write_string(s.row, 0, "対応中の障害・変更はありません。")?;
        s.row += 1;
    }
    for b in &g.bars {
        let cells = [
            Cell::text(&b.no),
            Cell::text(&b.title),
            Cell::text(&b.status),
            Cell::text(&b.assignee),
            Cell::Date(b.start),
            Cell::date(b.end),
            Cell::text(b.end_source),
        ];
        for (i, c) in cells.iter().enumerate() {
            write_cell(s, s.row, i as u16, c, f)?;
        }
        let end = b.end.unwrap_or(g.today);
        for w in 0..weeks {
            let ws = from + Duration::weeks(w as i64);
            let we = ws + Duration::days(6);
            let covered = b.start <= we && end >= ws;
            let fmt = match (covered, b.end.is_some(), b.late) {
                (true, false, _) => &open_end,
                (true, true, true) => &late,
                (true, true, false) => &bar,
                _ if w == today_week => &today_col,
                _ => &empty,
            };
            s.ws.write_blank(s.row, col0 + w, fmt)?;
        }
        s.row += 1;
    }
    s.widen(1, 30.0);
    s.row += 1;
    s.ws.write_string(
        s.row,
        0,
        format!(
            "青: 起票日〜予定日　赤: 予定日超過　灰: 予定日未定（起票日〜今日）　桃色の列: 今日（{}）を含む週",
            g.today.format("%Y/%-m/%-d")
        ),
    )?;
    s.row += 2;
    Ok(())
}
