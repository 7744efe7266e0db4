//! Child rows read back with a ledger: Daicho's own sheets (one per child
//! table, keyed by No.) or, where a file has no such sheet, a summary column
//! of the ledger sheet headed with the table's name — the seed's single
//! 検討経緯 column. A summary cell is split into dated entries where its
//! lines start with a date (lines without one continue the entry above);
//! text before the first date (or a cell without any date) is one entry
//! dated with the record's 起票日.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, NaiveDate};
use daicho_core::domain::ledger::{FieldDef, Ledger};
use daicho_core::domain::value::{nfkc, parse_input, FieldKind};
use daicho_core::service::{child_tables, ChildImport, ChildTable, SAME_ROOT};
use daicho_core::Value;

use crate::read::{column_letter, Cell, Sheet, Workbook};
use crate::{canonical_key, values, Prepared, Problem, ValueMap};

/// The child rows of the file's records, and the problems found reading them.
pub(crate) fn read(
    wb: &Workbook,
    prepared: &Prepared,
    map: &ValueMap,
) -> (Vec<ChildImport>, Vec<Problem>) {
    let table = &prepared.inspection.table;
    let ledger = table.ledger;
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for t in child_tables(ledger) {
        let own: Vec<&Sheet> = wb
            .sheets
            .iter()
            .filter(|s| s.name != table.sheet && is_table_sheet(&s.name, t.label))
            .collect();
        if !own.is_empty() {
            from_sheet(ledger, &t, &own, prepared, map, &mut out, &mut problems);
            continue;
        }
        let column = table
            .columns
            .iter()
            .find(|c| c.field.is_none() && nfkc(c.header.trim()) == t.label);
        let ledger_sheet = wb.sheets.iter().find(|s| s.name == table.sheet);
        if let (Some(col), Some(sheet)) = (column, ledger_sheet) {
            for key in &prepared.keys {
                let row_no = &key.row;
                let cell = sheet.cell(*row_no as usize - 1, col.index);
                let Some(no) = key.no.clone().filter(|_| !cell.is_empty()) else {
                    continue;
                };
                match from_summary(&t, &raw_text(cell), key.raised_on) {
                    Ok(rows) => out.push(ChildImport {
                        source: format!("{}!{}{}", sheet.name, col.column, row_no),
                        no,
                        table: t.key.to_string(),
                        rows,
                    }),
                    Err(reason) => problems.push(Problem {
                        sheet: sheet.name.clone(),
                        row: Some(*row_no),
                        column: Some(col.column.clone()),
                        header: Some(col.header.clone()),
                        value: cell.text(),
                        reason,
                    }),
                }
            }
        }
    }
    (out, problems)
}

/// A cell's text with its line breaks (for a summary cell).
fn raw_text(cell: &Cell) -> String {
    match cell {
        Cell::Text(s) => s.replace("\r\n", "\n"),
        other => other.text(),
    }
}

/// A sheet of table `label`: its own name, or a continuation sheet
/// `label (2)`, `label (3)`, … (a table longer than one Excel sheet).
fn is_table_sheet(name: &str, label: &str) -> bool {
    let name = nfkc(name.trim());
    match name.strip_prefix(label) {
        Some("") => true,
        Some(rest) => rest
            .trim_start()
            .strip_prefix('(')
            .and_then(|r| r.strip_suffix(')'))
            .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit())),
        None => false,
    }
}

/// Reads a child table's sheets (the sheet and its continuation sheets, in
/// workbook order): each header row names `No.` (or リリースVer.) and the
/// table's columns; every record of the import gets exactly the sheets' rows.
fn from_sheet(
    ledger: Ledger,
    t: &ChildTable,
    sheets: &[&Sheet],
    prepared: &Prepared,
    map: &ValueMap,
    out: &mut Vec<ChildImport>,
    problems: &mut Vec<Problem>,
) {
    let mut grouped: Vec<ChildImport> = Vec::new();
    // Position in `grouped` by number (a sheet may hold 100k rows).
    let mut at: HashMap<String, usize> = HashMap::new();
    for sheet in sheets {
        read_sheet(ledger, t, sheet, map, &mut grouped, &mut at, problems);
    }
    // The file's records without rows in the sheet have none.
    for key in &prepared.keys {
        if let Some(no) = &key.no {
            if !at.contains_key(no) {
                at.insert(no.clone(), grouped.len());
                grouped.push(ChildImport {
                    source: sheets[0].name.clone(),
                    no: no.clone(),
                    table: t.key.to_string(),
                    rows: Vec::new(),
                });
            }
        }
    }
    out.extend(grouped);
}

/// One sheet of [`from_sheet`]: its rows appended to `grouped` by number.
fn read_sheet(
    ledger: Ledger,
    t: &ChildTable,
    sheet: &Sheet,
    map: &ValueMap,
    grouped: &mut Vec<ChildImport>,
    at: &mut HashMap<String, usize>,
    problems: &mut Vec<Problem>,
) {
    let key_label = ledger.fields()[0].label;
    let Some(header_at) = sheet
        .rows
        .iter()
        .position(|r| r.iter().any(|c| !c.is_empty()))
    else {
        return;
    };
    let header: Vec<String> = sheet.rows[header_at]
        .iter()
        .map(|c| nfkc(c.text().trim()))
        .collect();
    let key_col = header.iter().position(|h| h == &nfkc(key_label));
    let cols: Vec<(usize, &FieldDef)> = header
        .iter()
        .enumerate()
        .filter_map(|(i, h)| {
            let def = t
                .columns
                .iter()
                .find(|c| nfkc(c.label) == *h || c.key == h)?;
            Some((i, def))
        })
        .collect();
    let Some(key_col) = key_col else {
        problems.push(Problem {
            sheet: sheet.name.clone(),
            row: Some(header_at as u32 + 1),
            column: None,
            header: None,
            value: String::new(),
            reason: format!("1行目に「{key_label}」の見出しがありません。{}の行をどの記録に付けるか分かりません。", t.label),
        });
        return;
    };
    for (r, cells) in sheet.rows.iter().enumerate().skip(header_at + 1) {
        if cells.iter().all(Cell::is_empty) {
            continue;
        }
        let row_no = r as u32 + 1;
        let key = sheet.cell(r, key_col).text();
        if key.is_empty() {
            problems.push(Problem {
                sheet: sheet.name.clone(),
                row: Some(row_no),
                column: Some(column_letter(key_col)),
                header: Some(key_label.to_string()),
                value: String::new(),
                reason: format!("{key_label} が空です。どの記録の行か入力してください。"),
            });
            continue;
        }
        let no = canonical_key(ledger, &key);
        let mut fields = BTreeMap::new();
        for (i, def) in &cols {
            let cell = sheet.cell(r, *i);
            match values::parse_cell(def, cell, map) {
                Ok(v) if v.is_null() => {}
                Ok(v) => {
                    let v = match (def.key, v) {
                        (k, Value::Text(s)) if k == "no" && t.key == SAME_ROOT => {
                            Value::Text(canonical_key(Ledger::Failure, &s))
                        }
                        (_, v) => v,
                    };
                    fields.insert(def.key.to_string(), v);
                }
                Err(reason) => problems.push(Problem {
                    sheet: sheet.name.clone(),
                    row: Some(row_no),
                    column: Some(column_letter(*i)),
                    header: Some(def.label.to_string()),
                    value: cell.text(),
                    reason,
                }),
            }
        }
        match at.get(&no) {
            Some(i) => grouped[*i].rows.push(fields),
            None => {
                at.insert(no.clone(), grouped.len());
                grouped.push(ChildImport {
                    source: format!("{}!{row_no}", sheet.name),
                    no,
                    table: t.key.to_string(),
                    rows: vec![fields],
                });
            }
        }
    }
}

/// The date a summary line starts with (`2022/9/27`, `9/27` in the year of
/// `raised`, `2022年9月27日`, 全角), and the rest of the line.
fn leading_date(line: &str, raised: Option<NaiveDate>) -> Option<(NaiveDate, String)> {
    let folded = nfkc(line.trim_start());
    let end = folded
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || "/-.年月日".contains(*c)))
        .map_or(folded.len(), |(i, _)| i);
    let head = folded[..end].trim_end_matches(['.', '-']);
    if head.is_empty() || !head.chars().next()?.is_ascii_digit() {
        return None;
    }
    let rest = folded[head.len()..]
        .trim_start_matches([' ', '\t', ':', '：', ')', '）', '　'])
        .to_string();
    let parse = |s: &str| match parse_input(FieldKind::Date, "日付", s) {
        Ok(Value::Date(d)) => Some(d),
        _ => None,
    };
    if let Some(d) = parse(head) {
        return Some((d, rest));
    }
    // Month and day only: the year of 起票日 (the next year if earlier).
    let base = raised?;
    let (m, d) = head.trim_end_matches('日').split_once(['/', '月'])?;
    let (m, d) = (m.parse::<u32>().ok()?, d.parse::<u32>().ok()?);
    let date = NaiveDate::from_ymd_opt(base.year(), m, d)?;
    let date = if date < base {
        NaiveDate::from_ymd_opt(base.year() + 1, m, d)?
    } else {
        date
    };
    Some((date, rest))
}

/// Splits a summary cell into the table's rows.
fn from_summary(
    t: &ChildTable,
    text: &str,
    raised: Option<NaiveDate>,
) -> Result<Vec<BTreeMap<String, Value>>, String> {
    if t.key == SAME_ROOT {
        return Ok(text
            .split([',', '、', '\n', ' ', '　'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| {
                BTreeMap::from([(
                    "no".to_string(),
                    Value::Text(canonical_key(Ledger::Failure, s)),
                )])
            })
            .collect());
    }
    let date_col = t.columns.first().filter(|c| c.kind == FieldKind::Date);
    let time_col = t.columns.iter().find(|c| c.kind == FieldKind::Time);
    let content_col = t
        .columns
        .iter()
        .find(|c| c.kind == FieldKind::LongText)
        .ok_or_else(|| format!("{}は列ごとのシートで取り込みます。", t.label))?;
    let mut rows: Vec<BTreeMap<String, Value>> = Vec::new();
    let mut open_undated = false;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let dated = date_col.and_then(|_| leading_date(line, raised));
        let Some((date, rest)) = dated else {
            match rows.last_mut() {
                Some(last) => append(last, content_col.key, line.trim()),
                None => {
                    let mut row = BTreeMap::new();
                    row.insert(
                        content_col.key.to_string(),
                        Value::Text(line.trim().to_string()),
                    );
                    rows.push(row);
                    open_undated = true;
                }
            }
            continue;
        };
        let mut row = BTreeMap::new();
        let mut rest = rest;
        if let Some(tc) = time_col {
            if let Some((time, after)) = rest.split_once(' ').filter(|(h, _)| is_time(h)) {
                row.insert(tc.key.to_string(), Value::Text(time.to_string()));
                rest = after.trim_start().to_string();
            } else if is_time(&rest) {
                row.insert(tc.key.to_string(), Value::Text(rest.clone()));
                rest.clear();
            }
        }
        let content = if rest.trim().is_empty() {
            line.trim()
        } else {
            rest.trim()
        };
        row.insert(
            content_col.key.to_string(),
            Value::Text(content.to_string()),
        );
        row.insert(date_col.expect("dated").key.to_string(), Value::Date(date));
        rows.push(row);
    }
    if open_undated {
        if let Some(dc) = date_col {
            let d = raised.ok_or_else(|| {
                format!("日付で始まらない{}には記録の起票日を使います。起票日を入力するか、行頭に日付 (2022/9/27 …) を書いてください。", t.label)
            })?;
            rows[0].insert(dc.key.to_string(), Value::Date(d));
        }
    }
    Ok(rows)
}

fn is_time(s: &str) -> bool {
    let Some((h, m)) = s.split_once(':') else {
        return false;
    };
    (1..=2).contains(&h.len())
        && m.len() == 2
        && h.chars().chain(m.chars()).all(|c| c.is_ascii_digit())
}

fn append(row: &mut BTreeMap<String, Value>, key: &str, line: &str) {
    let text = match row.get(key) {
        Some(v) if !v.is_null() => format!("{}\n{line}", v.display()),
        _ => line.to_string(),
    };
    row.insert(key.to_string(), Value::Text(text));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notes() -> ChildTable {
        child_tables(Ledger::Change)
            .into_iter()
            .find(|t| t.key == "notes")
            .unwrap()
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_seed_cell_splits_at_dated_lines_and_keeps_every_line() {
        let text = "前提の確認\n2022/9/27 出力項目の確定待ち(佐藤様)\n  項目一覧を送付済み\n10/3：概算見積もり依頼\n２０２２年１０月１１日 見積回答";
        let rows = from_summary(&notes(), text, Some(d(2022, 9, 26))).unwrap();
        let got: Vec<(String, String)> = rows
            .iter()
            .map(|r| (r["date"].display(), r["content"].display()))
            .collect();
        assert_eq!(
            got,
            [
                ("2022/9/26".to_string(), "前提の確認".to_string()),
                (
                    "2022/9/27".into(),
                    "出力項目の確定待ち(佐藤様)\n項目一覧を送付済み".into()
                ),
                ("2022/10/3".into(), "概算見積もり依頼".into()),
                ("2022/10/11".into(), "見積回答".into()),
            ]
        );
    }

    #[test]
    fn an_undated_cell_is_one_entry_of_the_raised_date() {
        let rows = from_summary(
            &notes(),
            "顧客の社内稟議待ち\n来月再確認",
            Some(d(2022, 9, 26)),
        )
        .unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(
            rows[0]["content"].display(),
            "顧客の社内稟議待ち\n来月再確認"
        );
        assert_eq!(rows[0]["date"], Value::Date(d(2022, 9, 26)));
        let err = from_summary(&notes(), "日付なし", None).unwrap_err();
        assert!(err.contains("起票日"), "{err}");
    }

    #[test]
    fn timeline_lines_keep_their_time() {
        let t = child_tables(Ledger::Failure)
            .into_iter()
            .find(|t| t.key == "timeline")
            .unwrap();
        let rows = from_summary(&t, "2022/9/22 10:00 連絡受領\n2022/9/22 暫定対応", None).unwrap();
        assert_eq!(rows[0]["time"].display(), "10:00");
        assert_eq!(rows[0]["content"].display(), "連絡受領");
        assert!(!rows[1].contains_key("time"));
    }
}
