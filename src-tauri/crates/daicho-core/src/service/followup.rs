//! Follow-up of failures (004: 「チケット化し、期限と責任者を明確化」): the
//! 再発防止策 still open, which of them are overdue, and who owns them.

use chrono::NaiveDate;
use serde::Serialize;

use super::Daicho;
use crate::domain::ledger::{format_no, Ledger};
use crate::error::Result;
use crate::store::children;

/// One open 再発防止策 (no 完了日 yet).
#[derive(Debug, Clone, Serialize)]
pub struct OpenPrevention {
    /// The failure it belongs to (`S-0001`) and its title.
    pub no: String,
    pub title: String,
    /// The row's id in the failure's 再発防止策 table.
    pub id: i64,
    pub content: String,
    /// 担当者.
    pub owner: String,
    /// 期限.
    pub due_on: Option<NaiveDate>,
    /// 期限 is before today.
    pub overdue: bool,
    /// 承認者, when approved.
    pub approved_by: Option<String>,
}

impl Daicho {
    /// Every open 再発防止策 of the live failures, earliest 期限 first.
    pub fn open_preventions(&self) -> Result<Vec<OpenPrevention>> {
        self.open_preventions_first(None)
    }

    /// [`Daicho::open_preventions`], only the first `limit` when given.
    pub fn open_preventions_first(&self, limit: Option<usize>) -> Result<Vec<OpenPrevention>> {
        let today = self.today();
        let rows = children::open_preventions(&self.conn(), limit)?;
        Ok(rows
            .into_iter()
            .map(|(seq, title, row)| {
                let text = |k: &str| row.fields.get(k).map(|v| v.display()).unwrap_or_default();
                let due_on = row.fields.get("due_on").and_then(|v| v.as_date());
                let approved_by = Some(text("approved_by")).filter(|s| !s.is_empty());
                OpenPrevention {
                    no: format_no(Ledger::Failure, seq),
                    title,
                    id: row.id,
                    content: text("content"),
                    owner: text("owner"),
                    due_on,
                    overdue: due_on.is_some_and(|d| d < today),
                    approved_by,
                }
            })
            .collect())
    }
}
