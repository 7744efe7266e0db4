//! Cell → field value. Dates come in every form these ledgers hold: cells
//! formatted as dates, bare Excel serials, `2022/9/22`, `2022-09-22`,
//! `2022年9月22日`, `20220922`, 和暦 (`令和4年9月22日`, `R4.9.22`, `H31.4.30`),
//! 全角 digits and a trailing weekday (`2022/9/22(木)`); date-times add a time
//! (`10:05`, `10時5分`). Everything else goes through the core's own input
//! parsing, so an imported value is the value a user could have typed.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use daicho_calendar::WarekiError;
use daicho_core::domain::ledger::FieldDef;
use daicho_core::domain::value::{
    nfkc, parse_date, parse_input, parse_time, FieldKind, MAX_NUMBER,
};
use daicho_core::Value;

use crate::read::{format_number, serial_to_datetime, Cell};

/// Value replacements (`--map 旧=新`), compared after NFKC folding.
#[derive(Debug, Clone, Default)]
pub struct ValueMap(BTreeMap<String, String>);

impl ValueMap {
    pub fn new<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> ValueMap {
        ValueMap(
            pairs
                .into_iter()
                .map(|(from, to)| (nfkc(from.trim()), to.trim().to_string()))
                .collect(),
        )
    }

    fn apply(&self, s: &str) -> Option<&str> {
        self.0.get(&nfkc(s.trim())).map(String::as_str)
    }
}

/// Parses one cell for a field; the error is the Japanese reason.
pub fn parse_cell(def: &FieldDef, cell: &Cell, map: &ValueMap) -> Result<Value, String> {
    if cell.is_empty() {
        return Ok(Value::Null);
    }
    match def.kind {
        FieldKind::Date => match cell {
            Cell::DateTime(dt) => Ok(Value::Date(dt.date())),
            Cell::Number(n) => number_date(*n)
                .map(|dt| Value::Date(dt.date()))
                .ok_or_else(|| date_reason(&cell.text())),
            _ => text_date(&cell.text()).map(Value::Date),
        },
        FieldKind::DateTime => match cell {
            Cell::DateTime(dt) => Ok(Value::DateTime(*dt)),
            Cell::Number(n) => number_date(*n)
                .map(Value::DateTime)
                .ok_or_else(|| date_reason(&cell.text())),
            _ => text_datetime(&cell.text()).map(Value::DateTime),
        },
        FieldKind::Int => match cell {
            Cell::Number(n) if n.fract() == 0.0 && n.abs() <= MAX_NUMBER as f64 => {
                Ok(Value::Int(*n as i64))
            }
            Cell::Number(n) if n.fract() == 0.0 => core_parse(def, &format_number(*n)),
            Cell::Number(n) => Err(format!("「{}」は整数ではありません。", format_number(*n))),
            _ => core_parse(def, &cell.text()),
        },
        FieldKind::Decimal => match cell {
            Cell::Number(n) if n.is_finite() && n.abs() <= MAX_NUMBER as f64 => {
                Ok(Value::Decimal(*n))
            }
            _ => core_parse(def, &cell.text()),
        },
        FieldKind::Time => match cell {
            Cell::DateTime(dt) => Ok(Value::Text(dt.format("%H:%M").to_string())),
            _ => core_parse(def, &cell.text()),
        },
        FieldKind::Status
        | FieldKind::Choice(_)
        | FieldKind::Person
        | FieldKind::Org
        | FieldKind::Priority
        | FieldKind::System => {
            let text = cell.text();
            let text = map.apply(&text).unwrap_or(&text).to_string();
            // Statuses and master names are compared as users see them:
            // ﾐﾁｬｸｼｭ and 未着手 are one value.
            let folded = if matches!(def.kind, FieldKind::Status) {
                nfkc(text.trim())
            } else {
                text
            };
            core_parse(def, &folded)
        }
        FieldKind::Text | FieldKind::LongText | FieldKind::RecordNo => {
            core_parse(def, &cell.text())
        }
    }
}

fn core_parse(def: &FieldDef, text: &str) -> Result<Value, String> {
    parse_input(def.kind, def.label, text).map_err(|e| {
        // The core prefixes the label; the problem table has its own column.
        let prefix = format!("{}: ", def.label);
        e.message
            .strip_prefix(&prefix)
            .unwrap_or(&e.message)
            .to_string()
    })
}

fn date_reason(input: &str) -> String {
    format!("日付「{input}」を読み取れません。2022/9/22、令和4年9月22日 などの形式にしてください。")
}

/// A number in a date column: an Excel serial (1955–2100), or 20220922.
fn number_date(n: f64) -> Option<NaiveDateTime> {
    if n.fract() == 0.0 && (19_000_101.0..=29_991_231.0).contains(&n) {
        return parse_date(&format!("{n:.0}"))
            .ok()
            .map(|d| d.and_time(NaiveTime::MIN));
    }
    // 20090 = 1955-01-01, 73051 = 2100-01-01: anything else is not a
    // ledger date and more likely a typo than a serial.
    if (20_090.0..73_051.0).contains(&n) {
        return serial_to_datetime(n, false);
    }
    None
}

/// Removes a trailing weekday: `2022/9/22(木)`, `2022/9/22（木曜日）`.
fn strip_weekday(s: &str) -> &str {
    let t = s.trim_end();
    if let Some(open) = t.rfind('(') {
        let inner = &t[open + 1..];
        if let Some(inner) = inner.strip_suffix(')') {
            let inner = inner.trim_end_matches("曜日").trim_end_matches('曜');
            if inner.chars().count() == 1 && "月火水木金土日".contains(inner) {
                return t[..open].trim_end();
            }
        }
    }
    t
}

/// A date written as text, in any of the ledgers' forms.
pub fn text_date(input: &str) -> Result<NaiveDate, String> {
    let s = nfkc(input.trim());
    let s = strip_weekday(&s);
    if let Ok(d) = parse_date(s) {
        return Ok(d);
    }
    let wareki_reason = match daicho_calendar::parse_wareki(s) {
        Ok(d) => return Ok(d),
        Err(WarekiError::OutsideEra(_)) => Some(format!(
            "和暦の日付「{input}」はその元号の期間外です (例: 平成は 平成31年4月30日 まで)。"
        )),
        Err(WarekiError::InvalidDate(_)) => {
            Some(format!("和暦の日付「{input}」は存在しない日付です。"))
        }
        Err(_) => None,
    };
    // A date column written with a time ("2022/9/22 10:00") keeps the date.
    if let Some((date, _)) = split_time(s) {
        if let Ok(d) = text_date(date) {
            return Ok(d);
        }
    }
    // A serial that went through a CSV as text.
    if let Ok(n) = s.parse::<f64>() {
        if let Some(dt) = number_date(n) {
            return Ok(dt.date());
        }
    }
    Err(wareki_reason.unwrap_or_else(|| date_reason(input)))
}

/// A date-time written as text: a date as in [`text_date`], then an
/// optional time (`10:05`, `10:05:00`, `10時5分`); no time means 0:00.
pub fn text_datetime(input: &str) -> Result<NaiveDateTime, String> {
    let s = nfkc(input.trim());
    let s = strip_weekday(&s);
    match split_time(s) {
        Some((date, time)) => {
            let d = text_date(date)?;
            let t = parse_time(time).map_err(|_| {
                format!(
                    "時刻「{time}」を読み取れません。10:05 または 10時5分 の形式にしてください。"
                )
            })?;
            Ok(d.and_time(t))
        }
        None => {
            if let Ok(n) = s.parse::<f64>() {
                if let Some(dt) = number_date(n) {
                    return Ok(dt);
                }
            }
            Ok(text_date(s)?.and_time(NaiveTime::MIN))
        }
    }
}

/// Splits `2022/9/22 10:05` or `2022年9月22日10時5分` into date and time
/// at the hour's first digit before the first `:` or `時`.
fn split_time(s: &str) -> Option<(&str, &str)> {
    let mark = s.find([':', '時'])?;
    let before = &s[..mark];
    let digits = before
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_digit())
        .count();
    if digits == 0 || digits > 2 {
        return None;
    }
    let start = mark - digits;
    let date = s[..start].trim_end_matches(['T', ' ', '\u{3000}']).trim();
    if date.is_empty() {
        return None;
    }
    Some((date, s[start..].trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn dates_in_every_ledger_form() {
        for s in [
            "2022/9/22",
            "2022-09-22",
            "2022年9月22日",
            "２０２２／９／２２",
            "令和4年9月22日",
            "R4.9.22",
            "Ｒ４．９．２２",
            "2022/9/22(木)",
            "2022/9/22 10:00",
            "20220922",
            "44826",
        ] {
            assert_eq!(text_date(s), Ok(d(2022, 9, 22)), "{s}");
        }
        assert_eq!(text_date("H31.4.30"), Ok(d(2019, 4, 30)));
        assert_eq!(text_date("S64.1.7"), Ok(d(1989, 1, 7)));
        assert!(text_date("H31.5.1").unwrap_err().contains("期間外"));
        assert!(text_date("あした").unwrap_err().contains("あした"));
    }

    #[test]
    fn datetimes_with_and_without_time() {
        let at = |h, m| d(2022, 9, 22).and_hms_opt(h, m, 0).unwrap();
        for (s, want) in [
            ("2022/9/22 10:05", at(10, 5)),
            ("2022-09-22T10:05:00", at(10, 5)),
            ("2022年9月22日10時5分", at(10, 5)),
            ("令和4年9月22日 10:05", at(10, 5)),
            ("２０２２／９／２２　１０：０５", at(10, 5)),
            ("2022/9/22", at(0, 0)),
        ] {
            assert_eq!(text_datetime(s), Ok(want), "{s}");
        }
        assert!(text_datetime("2022/9/22 25:00").is_err());
    }

    #[test]
    fn numbers_in_date_columns_are_serials() {
        assert_eq!(
            number_date(44826.5).unwrap().to_string(),
            "2022-09-22 12:00:00"
        );
        assert!(number_date(3.0).is_none());
    }
}
