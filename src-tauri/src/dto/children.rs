//! Child tables (タイムライン, 調査結果, …).

use std::collections::BTreeMap;

use daicho_core::domain::record::ChildRow;
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, TS)]
pub struct ChildRowDto {
    pub id: i32,
    pub fields: BTreeMap<String, String>,
}

impl From<ChildRow> for ChildRowDto {
    fn from(r: ChildRow) -> Self {
        ChildRowDto {
            id: r.id as i32,
            fields: r
                .fields
                .into_iter()
                .filter_map(|(k, v)| v.storage_text().map(|s| (k.into_owned(), s)))
                .collect(),
        }
    }
}
