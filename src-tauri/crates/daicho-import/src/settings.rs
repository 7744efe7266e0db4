//! What the user chose or corrected in the wizard or on the command line.

use daicho_core::domain::ledger::Ledger;
use daicho_core::Result;
use serde::{Deserialize, Serialize};

/// What the user chose or corrected in the wizard (all optional).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ImportSettings {
    /// The sheet by name (default: the one that looks most like a ledger).
    pub sheet: Option<String>,
    /// The ledger (default: detected from headers, numbers and sheet name).
    pub ledger: Option<Ledger>,
    /// 1-based header row (default: detected).
    pub header_row: Option<u32>,
    /// Column corrections: column letter (`F`) → field key or label, or
    /// None to leave the column out.
    pub columns: Vec<(String, Option<String>)>,
    /// Value replacements for statuses, choices and master values:
    /// (`保留`, `方針検討中`).
    pub value_map: Vec<(String, String)>,
    /// Add unknown 発生元組織 / 担当者 / 優先度 values to the masters
    /// (only when the import itself goes ahead, in its transaction).
    pub create_masters: bool,
    /// Let rows move a status back in its flow or update deleted records
    /// (otherwise those rows are problems).
    pub update_existing: bool,
}

/// Building settings from what the user typed or picked (the wizard, `daicho
/// import`): empty text means "detect" or "leave out".
impl ImportSettings {
    /// The sheet by name; empty: detected.
    pub fn with_sheet(mut self, sheet: Option<String>) -> Self {
        self.sheet = sheet.filter(|s| !s.trim().is_empty());
        self
    }

    /// The ledger by key or Japanese name; empty: detected.
    pub fn with_ledger(mut self, key: Option<&str>) -> Result<Self> {
        self.ledger = match key.filter(|k| !k.trim().is_empty()) {
            Some(k) => Some(k.parse()?),
            None => None,
        };
        Ok(self)
    }

    pub fn with_header_row(mut self, row: Option<u32>) -> Self {
        self.header_row = row;
        self
    }

    /// Column `column` (`F`) goes to `field` (key or label); empty or None
    /// leaves it out.
    pub fn with_column(mut self, column: impl Into<String>, field: Option<String>) -> Self {
        self.columns
            .push((column.into(), field.filter(|f| !f.trim().is_empty())));
        self
    }

    /// Imports the value `from` as `to` (statuses, choices, masters).
    pub fn with_value(mut self, from: impl Into<String>, to: impl Into<String>) -> Self {
        self.value_map.push((from.into(), to.into()));
        self
    }

    pub fn with_create_masters(mut self, create: bool) -> Self {
        self.create_masters = create;
        self
    }

    pub fn with_update_existing(mut self, update: bool) -> Self {
        self.update_existing = update;
        self
    }
}
