//! Narrow reads for the reports (`daicho-reports`): only the columns and
//! rows a figure needs, so a report at 100k records does not hold whole
//! ledgers and their history in memory.

use crate::domain::ledger::{ChildDef, Ledger};
use crate::domain::record::Record;
use crate::domain::value::Value;
use crate::error::Result;
pub use crate::store::report_recent::Recent;
pub use crate::store::status_scan::{StampRow, StatusCodeRow, StatusTexts};
use crate::store::{report_recent, report_rows, status_scan};

use super::Daicho;

impl Daicho {
    /// Calls `f` with each row of the child table `def` whose parent record
    /// is live: the values of its `keys`, then of the parent's
    /// `parent_keys` (e.g. each 再発防止策's dates with its 障害's 起票日).
    pub fn for_each_child_with(
        &self,
        def: &ChildDef,
        keys: &[&str],
        parent_keys: &[&str],
        f: impl FnMut(&[Value]) -> Result<()>,
    ) -> Result<()> {
        report_rows::for_each_child_with(&self.conn(), def, keys, parent_keys, f)
    }

    /// Calls `f` with each live record of `ledger` in number order (releases
    /// by version), holding only the fields in `keys` (and the number).
    pub fn for_each_record_with(
        &self,
        ledger: Ledger,
        keys: &[&str],
        f: impl FnMut(Record) -> Result<()>,
    ) -> Result<()> {
        report_rows::for_each_live_with(&self.conn(), ledger, keys, f)
    }

    /// [`Daicho::for_each_record_with`] over the records a report of a
    /// period needs (see [`Recent`]; not releases).
    pub fn for_each_recent_record(
        &self,
        ledger: Ledger,
        keys: &[&str],
        recent: &Recent<'_>,
        f: impl FnMut(Record) -> Result<()>,
    ) -> Result<()> {
        report_recent::for_each_recent(&self.conn(), ledger, keys, recent, f)
    }

    /// The numbers of the 障害 with a 同根障害 link (those whose record view
    /// lists one).
    pub fn failures_with_same_root(&self) -> Result<Vec<String>> {
        Ok(report_recent::with_same_root(&self.conn())?
            .into_iter()
            .map(|s| crate::domain::ledger::format_no(Ledger::Failure, s))
            .collect())
    }

    /// The texts the coded status rows refer to.
    pub fn status_texts(&self) -> Result<StatusTexts> {
        StatusTexts::load(&self.conn())
    }

    /// Calls `f` with each ステータス row of `ledger`, coded, oldest first.
    pub fn for_each_status_code(
        &self,
        ledger: Ledger,
        f: impl FnMut(&StatusCodeRow),
    ) -> Result<()> {
        status_scan::for_each_status_code(&self.conn(), ledger, f)
    }

    /// Calls `f` with each row of `ledger` stamping one of `fields` (e.g.
    /// クローズ日), coded, field by field, in history order within each.
    pub fn for_each_stamp_row(
        &self,
        ledger: Ledger,
        fields: &[&str],
        f: impl FnMut(&StampRow),
    ) -> Result<()> {
        status_scan::for_each_stamp_row(&self.conn(), ledger, fields, f)
    }
}
