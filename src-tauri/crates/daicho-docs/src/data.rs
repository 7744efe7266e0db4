//! Plain input data for documents: values keyed by field key, and repeating
//! tables. Owns the one place where values are turned into display text, so the
//! PDF, the xlsx and the mail drafts show a date the same way (`2022/9/22`).

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use serde::{Deserialize, Serialize};

/// One value of a document field or table cell.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum DocValue {
    /// Nothing entered yet (prints as an empty cell).
    #[default]
    Empty,
    /// Free text; may contain line breaks.
    Text(String),
    /// A calendar date, shown as `2022/9/22`.
    Date(NaiveDate),
    /// A date and time, shown as `2022/9/22 14:05`.
    DateTime(NaiveDateTime),
    /// A decimal number (estimates, person-days).
    Number(f64),
    /// A whole number (amounts in yen, counts).
    Int(i64),
}

impl DocValue {
    /// True for [`DocValue::Empty`] and for empty text.
    pub fn is_empty(&self) -> bool {
        match self {
            DocValue::Empty => true,
            DocValue::Text(s) => s.is_empty(),
            _ => false,
        }
    }

    /// Display text. `grouped` adds thousands separators to numbers (money).
    pub fn display(&self, grouped: bool) -> String {
        match self {
            DocValue::Empty => String::new(),
            DocValue::Text(s) => s.clone(),
            DocValue::Date(d) => format_date(*d),
            DocValue::DateTime(dt) => format_datetime(*dt),
            DocValue::Int(i) => {
                if grouped {
                    group_thousands(&i.to_string())
                } else {
                    i.to_string()
                }
            }
            DocValue::Number(f) => {
                // NOTE: `{}` on f64 prints the shortest exact form (1.5, 20),
                // which is what people typed; no fixed decimals are imposed.
                let s = if f.fract() == 0.0 && f.abs() < 1e15 {
                    format!("{}", *f as i64)
                } else {
                    format!("{f}")
                };
                if grouped {
                    group_thousands(&s)
                } else {
                    s
                }
            }
        }
    }
}

impl From<&str> for DocValue {
    fn from(s: &str) -> Self {
        DocValue::Text(s.to_owned())
    }
}
impl From<String> for DocValue {
    fn from(s: String) -> Self {
        DocValue::Text(s)
    }
}
impl From<NaiveDate> for DocValue {
    fn from(d: NaiveDate) -> Self {
        DocValue::Date(d)
    }
}
impl From<NaiveDateTime> for DocValue {
    fn from(d: NaiveDateTime) -> Self {
        DocValue::DateTime(d)
    }
}
impl From<i64> for DocValue {
    fn from(i: i64) -> Self {
        DocValue::Int(i)
    }
}
impl From<f64> for DocValue {
    fn from(f: f64) -> Self {
        DocValue::Number(f)
    }
}
impl<T: Into<DocValue>> From<Option<T>> for DocValue {
    fn from(o: Option<T>) -> Self {
        o.map(Into::into).unwrap_or(DocValue::Empty)
    }
}

/// One table row: cell values keyed by column key.
pub type DocRow = BTreeMap<String, DocValue>;

/// Everything a document template is filled with.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DocData {
    /// Single fields keyed by field key (`title`, `occurred_at`, …).
    pub fields: BTreeMap<String, DocValue>,
    /// Repeating tables keyed by table key (`timeline`, `findings`, …).
    pub tables: BTreeMap<String, Vec<DocRow>>,
}

impl DocData {
    /// Empty data (renders a blank form).
    pub fn new() -> Self {
        Self::default()
    }

    /// Builder-style setter for a field.
    pub fn with(mut self, key: &str, value: impl Into<DocValue>) -> Self {
        self.fields.insert(key.to_owned(), value.into());
        self
    }

    /// The key of a stamp box's content (`stamp.承認`): who and when, printed
    /// inside the box labelled `label`.
    pub fn stamp_key(label: &str) -> String {
        format!("stamp.{label}")
    }

    /// The lines printed in the stamp box `label` (name, date), if any.
    pub fn stamp(&self, label: &str) -> Vec<String> {
        self.fields
            .get(&Self::stamp_key(label))
            .map(|v| v.display(false))
            .unwrap_or_default()
            .lines()
            .map(str::to_string)
            .filter(|l| !l.trim().is_empty())
            .collect()
    }

    /// Sets a field.
    pub fn set(&mut self, key: &str, value: impl Into<DocValue>) {
        self.fields.insert(key.to_owned(), value.into());
    }

    /// Appends a row to a table.
    pub fn push_row<K: Into<String>, V: Into<DocValue>>(
        &mut self,
        table: &str,
        cells: impl IntoIterator<Item = (K, V)>,
    ) {
        let row = cells
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .collect();
        self.tables.entry(table.to_owned()).or_default().push(row);
    }

    /// The field's value, `Empty` when absent.
    pub fn field(&self, key: &str) -> &DocValue {
        self.fields.get(key).unwrap_or(&DocValue::Empty)
    }
}

/// `2022/9/22`: the date form used in every ledger and document.
pub fn format_date(d: NaiveDate) -> String {
    format!("{}/{}/{}", d.year(), d.month(), d.day())
}

/// `2022/9/22 14:05`.
pub fn format_datetime(dt: NaiveDateTime) -> String {
    format!(
        "{} {}:{:02}",
        format_date(dt.date()),
        dt.hour(),
        dt.minute()
    )
}

fn group_thousands(s: &str) -> String {
    let (sign, rest) = match s.strip_prefix('-') {
        Some(r) => ("-", r),
        None => ("", s),
    };
    let (int, frac) = match rest.find('.') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{sign}{out}{frac}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_not_zero_padded() {
        let d = NaiveDate::from_ymd_opt(2022, 9, 2).unwrap();
        assert_eq!(DocValue::Date(d).display(false), "2022/9/2");
        let dt = d.and_hms_opt(4, 5, 0).unwrap();
        assert_eq!(DocValue::DateTime(dt).display(false), "2022/9/2 4:05");
    }

    #[test]
    fn money_gets_thousands_separators_only_when_asked() {
        assert_eq!(DocValue::Int(1234567).display(true), "1,234,567");
        assert_eq!(DocValue::Int(-1000).display(true), "-1,000");
        assert_eq!(DocValue::Int(1234567).display(false), "1234567");
        assert_eq!(DocValue::Number(12345.5).display(true), "12,345.5");
        assert_eq!(DocValue::Number(3.0).display(true), "3");
        assert_eq!(DocValue::Int(999).display(true), "999");
    }
}
