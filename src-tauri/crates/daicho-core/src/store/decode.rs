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
