//! Field values, how users type them and how the ledgers show them.
//!
//! Dates show as `2022/9/22` (the Excel ledgers' form) and are stored as ISO
//! text so they sort. Input is folded with NFKC first, so 全角 digits and
//! `２０２２／９／２２` are accepted like their 半角 forms.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// What a field holds; decides parsing, storage and display.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    Text,
    /// Multi-line text.
    LongText,
    Date,
    DateTime,
    /// Time of day (HH:MM), for timeline rows.
    Time,
    Int,
    Decimal,
    /// One of a fixed list of values.
    Choice(&'static [&'static str]),
    /// The record's status; values come from the ledger's workflow.
    Status,
    /// A person from the 担当者 master.
    Person,
    /// An organisation from the 発生元組織 master.
    Org,
    /// A 優先度 from the priority master.
    Priority,
    /// A 対象システム from the system master.
    System,
    /// A record number such as S-0001 (system-maintained).
    RecordNo,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Value {
    Null,
    Int(i64),
    Decimal(f64),
    Date(NaiveDate),
    DateTime(NaiveDateTime),
    Text(String),
}

impl Value {
    pub fn is_null(&self) -> bool {
        match self {
            Value::Null => true,
            Value::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    pub fn as_text(&self) -> Option<&str> {
        match self {
            Value::Text(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_date(&self) -> Option<NaiveDate> {
        match self {
            Value::Date(d) => Some(*d),
            Value::DateTime(dt) => Some(dt.date()),
            _ => None,
        }
    }

    /// The form the ledgers show: `2022/9/22`, `2022/9/22 14:05`, `1,200,000`.
    pub fn display(&self) -> String {
        match self {
            Value::Null => String::new(),
            Value::Text(s) => s.clone(),
            Value::Int(i) => i.to_string(),
            Value::Decimal(f) => {
                if f.fract() == 0.0 {
                    format!("{f:.0}")
                } else {
                    let s = format!("{f:.2}");
                    s.trim_end_matches('0').to_string()
                }
            }
            Value::Date(d) => format_date(*d),
            Value::DateTime(dt) => format!("{} {}", format_date(dt.date()), dt.format("%H:%M")),
        }
    }

    /// Canonical text for storage and sorting (ISO dates).
    pub fn storage_text(&self) -> Option<String> {
        match self {
            Value::Null => None,
            Value::Text(s) if s.trim().is_empty() => None,
            Value::Text(s) => Some(s.clone()),
            Value::Int(i) => Some(i.to_string()),
            Value::Decimal(f) => Some(f.to_string()),
            Value::Date(d) => Some(d.format("%Y-%m-%d").to_string()),
            Value::DateTime(dt) => Some(dt.format("%Y-%m-%dT%H:%M").to_string()),
        }
    }
}

pub fn format_date(d: NaiveDate) -> String {
    d.format("%Y/%-m/%-d").to_string()
}

/// Folds width variants (全角英数 → 半角, 半角カナ → 全角) the way users expect.
pub fn nfkc(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfkc().collect()
}

/// Parses a date as users write it in these ledgers.
pub fn parse_date(input: &str) -> Result<NaiveDate> {
    let s = nfkc(input.trim());
    let s = s.trim();
    let cleaned: String = s
        .replace(['年', '月'], "/")
        .replace('日', "")
        .replace(['-', '.'], "/");
    let parts: Vec<&str> = cleaned.split('/').filter(|p| !p.is_empty()).collect();
    if parts.len() == 3 {
        if let (Ok(y), Ok(m), Ok(d)) = (
            parts[0].trim().parse::<i32>(),
            parts[1].trim().parse::<u32>(),
            parts[2].trim().parse::<u32>(),
        ) {
            if (1900..=2999).contains(&y) {
                if let Some(date) = NaiveDate::from_ymd_opt(y, m, d) {
                    return Ok(date);
                }
            }
        }
    }
    if s.len() == 8 && s.chars().all(|c| c.is_ascii_digit()) {
        if let Ok(d) = NaiveDate::parse_from_str(s, "%Y%m%d") {
            if (1900..=2999).contains(&d.year()) {
                return Ok(d);
            }
        }
    }
    Err(Error::invalid(format!(
        "日付「{input}」を読み取れません。2022/9/22 の形式で入力してください。"
    )))
}

pub fn parse_time(input: &str) -> Result<NaiveTime> {
    let s = nfkc(input.trim()).replace('時', ":").replace('分', "");
    let s = s.trim().trim_end_matches(':');
    let mut it = s.split(':');
    let h = it.next().and_then(|h| h.trim().parse::<u32>().ok());
    let m = it
        .next()
        .map(|m| m.trim().parse::<u32>().ok())
        .unwrap_or(Some(0));
    if let (Some(h), Some(m)) = (h, m) {
        if let Some(t) = NaiveTime::from_hms_opt(h, m, 0) {
            return Ok(t);
        }
    }
    Err(Error::invalid(format!(
        "時刻「{input}」を読み取れません。14:05 の形式で入力してください。"
    )))
}

pub fn parse_datetime(input: &str) -> Result<NaiveDateTime> {
    let s = nfkc(input.trim());
    let s = s.replace('T', " ");
    let (date_part, time_part) = match s.trim().split_once(' ') {
        Some((d, t)) => (d.to_string(), Some(t.to_string())),
        None => (s.trim().to_string(), None),
    };
    let date = parse_date(&date_part)?;
    let time = match time_part {
        Some(t) => parse_time(&t)?,
        None => NaiveTime::MIN,
    };
    Ok(NaiveDateTime::new(date, time))
}

/// The largest amount or count a number field takes (sums in reports stay
/// far from overflowing).
pub const MAX_NUMBER: i64 = 999_999_999_999;

fn too_large(label: &str, input: &str) -> Error {
    Error::invalid(format!(
        "{label}: 「{input}」は数値として大きすぎるか、数値ではありません。±999,999,999,999 の範囲で入力してください。"
    ))
}

/// Parses raw user input for a field of `kind`. Empty input is `Null`.
pub fn parse_input(kind: FieldKind, label: &str, input: &str) -> Result<Value> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Ok(Value::Null);
    }
    let labelled = |e: Error| Error::invalid(format!("{label}: {}", e.message));
    Ok(match kind {
        FieldKind::Date => Value::Date(parse_date(trimmed).map_err(labelled)?),
        FieldKind::DateTime => Value::DateTime(parse_datetime(trimmed).map_err(labelled)?),
        FieldKind::Time => Value::Text(
            parse_time(trimmed)
                .map_err(labelled)?
                .format("%H:%M")
                .to_string(),
        ),
        FieldKind::Int => {
            let s = nfkc(trimmed).replace([',', '円'], "");
            let n = s.trim().parse::<i64>().map_err(|_| {
                Error::invalid(format!("{label}: 「{input}」は整数ではありません。"))
            })?;
            if n.unsigned_abs() > MAX_NUMBER as u64 {
                return Err(too_large(label, input));
            }
            Value::Int(n)
        }
        FieldKind::Decimal => {
            let s = nfkc(trimmed).replace([',', '人', '日'], "");
            let n = s.trim().parse::<f64>().map_err(|_| {
                Error::invalid(format!("{label}: 「{input}」は数値ではありません。"))
            })?;
            // `inf` and `NaN` parse as f64 but are not numbers anyone typed.
            if !n.is_finite() || n.abs() > MAX_NUMBER as f64 {
                return Err(too_large(label, input));
            }
            Value::Decimal(n)
        }
        FieldKind::Choice(options) => {
            let folded = nfkc(trimmed);
            match options.iter().find(|o| nfkc(o) == folded) {
                Some(o) => Value::Text((*o).to_string()),
                None => {
                    return Err(Error::invalid(format!(
                        "{label}: 「{input}」は選べません。選択肢: {}",
                        options.join(" / ")
                    )))
                }
            }
        }
        FieldKind::Text
        | FieldKind::LongText
        | FieldKind::Status
        | FieldKind::Person
        | FieldKind::Org
        | FieldKind::Priority
        | FieldKind::System
        | FieldKind::RecordNo => {
            // Normalise line endings so a CRLF paste from Windows stores like LF.
            Value::Text(trimmed.replace("\r\n", "\n"))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_every_common_form() {
        let d = NaiveDate::from_ymd_opt(2022, 9, 22).unwrap();
        for s in [
            "2022/9/22",
            "2022-09-22",
            "2022年9月22日",
            "２０２２／９／２２",
            "2022.9.22",
            "20220922",
        ] {
            assert_eq!(parse_date(s).unwrap(), d, "{s}");
        }
        assert_eq!(format_date(d), "2022/9/22");
        assert!(parse_date("2022/2/30").is_err());
        for s in ["00010101", "30000101", "1899/12/31", "300000/1/1"] {
            assert!(parse_date(s).is_err(), "{s}");
        }
        for s in ["inf", "NaN", "1e300", "9223372036854775807"] {
            assert!(parse_input(FieldKind::Decimal, "工数", s).is_err(), "{s}");
            assert!(parse_input(FieldKind::Int, "金額", s).is_err(), "{s}");
        }
        assert_eq!(
            parse_input(FieldKind::Int, "金額", "999,999,999,999").unwrap(),
            Value::Int(MAX_NUMBER)
        );
        assert!(parse_date("あした").unwrap_err().message.contains("日付"));
    }

    #[test]
    fn numbers_accept_fullwidth_and_separators() {
        assert_eq!(
            parse_input(FieldKind::Int, "金額", "１,２００,０００円").unwrap(),
            Value::Int(1_200_000)
        );
        assert_eq!(
            parse_input(FieldKind::Decimal, "工数", "2.5人日").unwrap(),
            Value::Decimal(2.5)
        );
        assert!(parse_input(FieldKind::Int, "金額", "たくさん").is_err());
    }

    #[test]
    fn choices_are_matched_after_width_folding() {
        const C: &[&str] = &["Critical", "High"];
        assert_eq!(
            parse_input(FieldKind::Choice(C), "Severity", "Ｈｉｇｈ").unwrap(),
            Value::Text("High".into())
        );
        let err = parse_input(FieldKind::Choice(C), "Severity", "Low").unwrap_err();
        assert!(err.message.contains("Critical / High"));
    }
}
