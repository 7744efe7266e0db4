//! Stored columns back into domain values.

use chrono::{NaiveDate, NaiveDateTime};

use crate::domain::value::{FieldKind, Value};

/// Reads a stored column back into a value of `kind`.
pub(crate) fn from_storage(kind: FieldKind, raw: rusqlite::types::ValueRef<'_>) -> Value {
    use rusqlite::types::ValueRef;
    match raw {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => match kind {
            FieldKind::Decimal => Value::Decimal(i as f64),
            _ => Value::Int(i),
        },
        ValueRef::Real(f) => Value::Decimal(f),
        ValueRef::Text(t) => {
            // The store's own formats, read without parsing machinery; any
            // other text goes through chrono below (same result).
            match kind {
                FieldKind::Date => {
                    if let Some(d) = iso_date(t) {
                        return Value::Date(d);
                    }
                }
                FieldKind::DateTime => {
                    if let Some(dt) = iso_datetime(t) {
                        return Value::DateTime(dt);
                    }
                }
                _ => {}
            }
            let s = String::from_utf8_lossy(t).into_owned();
            match kind {
                FieldKind::Date => NaiveDate::parse_from_str(&s, "%Y-%m-%d")
                    .map(Value::Date)
                    .unwrap_or(Value::Text(s)),
                FieldKind::DateTime => NaiveDateTime::parse_from_str(&s, "%Y-%m-%dT%H:%M")
                    .or_else(|_| NaiveDateTime::parse_from_str(&s, "%Y-%m-%dT%H:%M:%S"))
                    .map(Value::DateTime)
                    .unwrap_or(Value::Text(s)),
                _ => Value::Text(s),
            }
        }
        ValueRef::Blob(_) => Value::Null,
    }
}

/// Digits `b[r]` as a number, if all are digits.
fn digits(b: &[u8], r: std::ops::Range<usize>) -> Option<u32> {
    b.get(r)?.iter().try_fold(0u32, |acc, c| {
        c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
    })
}

/// `YYYY-MM-DD` exactly.
fn iso_date(b: &[u8]) -> Option<NaiveDate> {
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    NaiveDate::from_ymd_opt(digits(b, 0..4)? as i32, digits(b, 5..7)?, digits(b, 8..10)?)
}

/// `YYYY-MM-DDTHH:MM` or `YYYY-MM-DDTHH:MM:SS` exactly.
fn iso_datetime(b: &[u8]) -> Option<NaiveDateTime> {
    let date = iso_date(b.get(..10)?)?;
    if b.get(10) != Some(&b'T') || b.get(13) != Some(&b':') {
        return None;
    }
    let sec = match b.len() {
        16 => 0,
        19 if b[16] == b':' => digits(b, 17..19)?,
        _ => return None,
    };
    date.and_hms_opt(digits(b, 11..13)?, digits(b, 14..16)?, sec)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::types::ValueRef;

    /// The hand-read formats give what chrono gives, and anything else is
    /// left to chrono.
    #[test]
    fn stored_dates_read_as_chrono_reads_them() {
        let chrono_date = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        let chrono_dt = |s: &str| {
            NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M")
                .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S"))
                .ok()
        };
        for s in [
            "2026-11-03",
            "1900-01-01",
            "2026-02-30",
            "2026-13-01",
            "2026-1-05",
            "20261103xx",
            "2026/11/03",
            "",
        ] {
            let got = from_storage(FieldKind::Date, ValueRef::Text(s.as_bytes()));
            let want = chrono_date(s)
                .map(Value::Date)
                .unwrap_or(Value::Text(s.into()));
            assert_eq!(got, want, "{s}");
        }
        for s in [
            "2026-11-03T10:00",
            "2026-11-03T10:00:59",
            "2026-11-03T24:00",
            "2026-11-03T10:60",
            "2026-11-03 10:00",
            "2026-11-03T10:00:5",
            "2026-11-03",
            "2026-11-03T9:00",
        ] {
            let got = from_storage(FieldKind::DateTime, ValueRef::Text(s.as_bytes()));
            let want = chrono_dt(s)
                .map(Value::DateTime)
                .unwrap_or(Value::Text(s.into()));
            assert_eq!(got, want, "{s}");
        }
        assert!(
            iso_date(b"2026-11-03").is_some() && iso_datetime(b"2026-11-03T10:00:59").is_some()
        );
    }
}
