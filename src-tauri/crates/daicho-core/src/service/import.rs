//! Bulk import of rows from the team's existing ledgers (Excel/CSV).
//!
//! The importer (file reading, header matching, value parsing) lives in its
//! own crate; this is the write side: validate every row against the schema
//! and the masters, keep original numbers, update records that already exist
//! instead of duplicating them, and do it in one transaction — or, on a dry
//! run or when any row has a problem, write nothing and report every problem.
//!
//! NOTE: imported rows set ステータス directly: the ledger being imported is
//! history that happened outside Daicho's workflows. The value must still be
//! one of the ledger's statuses.
//!
//! An import cannot regress data by accident: a row that would move a
//! record's status back in its flow (an old copy of the spreadsheet) or edit
//! a deleted record is a problem unless the user asked for it
//! ([`ImportOptions::update_existing`]); numbers are bounded so a typo such
//! as `I-9223372036854775807` cannot break numbering. Master values created
//! for the import go in the same transaction as the rows.

use std::borrow::Borrow;
use std::collections::{BTreeMap, BTreeSet};

use crate::store::Conn;
use serde::Serialize;

use super::masters::MasterNames;
use super::records::create_in;
use super::{reindex, write_changes, Ctx, Daicho};
use crate::domain::ledger::{format_no, parse_no, Ledger};
use crate::domain::master::Master;
use crate::domain::value::nfkc;
use crate::domain::value::Value;
use crate::domain::workflow;
use crate::error::{Error, Result};
use crate::store::records as rec_store;

/// One row to import, already parsed into field values.
#[derive(Debug, Clone, Default)]
pub struct ImportRow {
    /// Where it came from, for messages (e.g. `インシデント台帳!12`).
    pub source: String,
    /// The row's original number (I-0001) or version; None gets a new number.
    pub no: Option<String>,
    /// Field key → value (status included).
    pub fields: BTreeMap<String, Value>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ImportProblem {
    pub source: String,
    /// The field's label, when the problem is about one field.
    pub field: Option<String>,
    pub value: String,
    pub reason: String,
}

/// The highest record number an import may bring in (`I-9999999`).
pub const MAX_IMPORT_SEQ: i64 = 9_999_999;

/// How an import goes.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Check and report only; write nothing.
    pub dry_run: bool,
    /// Allow rows that move a status back in its flow or update a deleted
    /// record (otherwise they are problems).
    pub update_existing: bool,
    /// Master values to add first, in the same transaction as the rows.
    pub masters: Vec<(Master, String)>,
    /// Child rows (and 同根障害) of the imported records, applied after them.
    pub children: Vec<super::child_exchange::ChildImport>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct ImportReport {
    pub created: Vec<String>,
    pub updated: Vec<String>,
    pub unchanged: usize,
    pub problems: Vec<ImportProblem>,
    /// Status regressions and updates to deleted records that
    /// `update_existing` lets through (listed on a dry run too).
    pub overrides: Vec<ImportProblem>,
    /// True when the rows were written (not a dry run, no problems).
    pub committed: bool,
}

impl Daicho {
    /// Imports rows into a ledger: all or nothing. With `dry_run`, or when
    /// any row has a problem, nothing is written and the report lists what
    /// would happen and every problem.
    pub fn import_rows<R: Borrow<ImportRow>>(
        &mut self,
        ledger: Ledger,
        rows: impl IntoIterator<Item = R>,
        dry_run: bool,
    ) -> Result<ImportReport> {
        let options = ImportOptions {
            dry_run,
            ..ImportOptions::default()
        };
        self.import_rows_with(ledger, rows, &options)
    }

    /// [`Daicho::import_rows`] with masters to create and regressions allowed.
    /// The rows are taken one at a time (an importer may parse each as it is
    /// taken, so a large file's rows are never all in memory).
    pub fn import_rows_with<R: Borrow<ImportRow>>(
        &mut self,
        ledger: Ledger,
        rows: impl IntoIterator<Item = R>,
        options: &ImportOptions,
    ) -> Result<ImportReport> {
        let ctx = self.ctx();
        self.store.write_large(|tx| {
            let mut report = ImportReport::default();
            for (m, name) in &options.masters {
                let name = nfkc(name.trim());
                if name.is_empty() {
                    continue;
                }
                super::masters::add_in(tx, &ctx, *m, &name)?;
            }
            // Index entries are made once per record after all rows (none
            // for a dry run), unless a bulk run already defers them.
            let own_queue = !tx.defers_index();
            if own_queue {
                crate::store::search::create_deferred(tx)?;
            }
            let rows_tx = tx.with_deferred_index(true);
            let mut seen = BTreeSet::new();
            // Read after the masters above are added.
            let mut masters = MasterNames::default();
            for row in rows {
                let mut r = RowImport {
                    tx: &rows_tx,
                    ctx: &ctx,
                    ledger,
                    update_existing: options.update_existing,
                    seen: &mut seen,
                    masters: &mut masters,
                    report: &mut report,
                };
                r.import_row(row.borrow())?;
            }
            super::child_exchange::apply(&rows_tx, &ctx, ledger, &options.children, &mut report)?;
            let commit = !options.dry_run && report.problems.is_empty();
            if own_queue {
                if commit {
                    super::reindex_deferred(&tx.with_deferred_index(false))?;
                }
                crate::store::search::drop_deferred(tx)?;
            }
            report.committed = commit;
            Ok((report, commit))
        })
    }
}

fn problem(
    report: &mut ImportReport,
    row: &ImportRow,
    field: Option<&str>,
    value: &str,
    reason: String,
) {
    report.problems.push(ImportProblem {
        source: row.source.clone(),
        field: field.map(String::from),
        value: value.to_string(),
        reason,
    });
}

/// Where one row goes and what it may do.
struct RowImport<'a, 'c> {
    tx: &'a Conn<'c>,
    ctx: &'a Ctx,
    ledger: Ledger,
    update_existing: bool,
    seen: &'a mut BTreeSet<String>,
    masters: &'a mut MasterNames,
    report: &'a mut ImportReport,
}

/// The canonical number (and sequence) of an imported row's key, or why it
/// cannot be one: another ledger's number, not a number, or over
/// [`MAX_IMPORT_SEQ`]. A release's key is its version.
fn record_key(ledger: Ledger, no: &str) -> std::result::Result<(String, Option<i64>), String> {
    let prefix = ledger.prefix().unwrap_or("");
    match (ledger, parse_no(no)) {
        (Ledger::Release, _) => Ok((no.to_string(), None)),
        (_, Some((l, seq))) if l == ledger && seq <= MAX_IMPORT_SEQ => {
            Ok((format_no(l, seq), Some(seq)))
        }
        (_, Some((l, _))) if l == ledger => Err(format!(
            "番号が大きすぎます。取り込める番号は {prefix}-{MAX_IMPORT_SEQ} までです。番号を確認してください。"
        )),
        _ => Err(format!(
            "{}の番号 ({prefix}-0001 の形式、{MAX_IMPORT_SEQ} まで) ではありません。",
            ledger.label()
        )),
    }
}

/// Moving from `from` back to `to` goes back in the flow (e.g. 対応済 → 調査中).
fn regresses(ledger: Ledger, from: &str, to: &str) -> bool {
    use workflow::Phase;
    let rank = |s: &str| match workflow::phase(ledger, s) {
        Phase::New => 0,
        Phase::Active => 1,
        Phase::Release => 2,
        Phase::Done | Phase::Dropped => 3,
    };
    let order = workflow::statuses(ledger);
    let index = |s: &str| order.iter().position(|o| *o == s);
    rank(to) < rank(from) || (rank(from) == 2 && rank(to) == 2 && index(to) < index(from))
}

impl RowImport<'_, '_> {
    /// A row that would regress data: a problem, or with `update_existing`
    /// an override that goes ahead (listed either way).
    fn guarded(&mut self, row: &ImportRow, value: &str, what: String) {
        let (list, reason) = if self.update_existing {
            (&mut self.report.overrides, what)
        } else {
            (
                &mut self.report.problems,
                format!("{what}。上書きする場合は --update-existing (インポート画面では「後戻り・削除済みの記録も更新する」) を指定してください。"),
            )
        };
        list.push(ImportProblem {
            source: row.source.clone(),
            field: None,
            value: value.to_string(),
            reason,
        });
    }

    fn import_row(&mut self, row: &ImportRow) -> Result<()> {
        let (tx, ctx, ledger) = (self.tx, self.ctx, self.ledger);
        let before = self.report.problems.len();
        let seen = &mut *self.seen;
        let report = &mut *self.report;
        // The number: keep the original, refuse duplicates and other ledgers' numbers.
        let mut key: Option<(String, Option<i64>)> = None;
        if let Some(no) = row.no.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
            match record_key(ledger, no) {
                Err(reason) => problem(report, row, Some("No."), no, reason),
                Ok((c, _)) if !seen.insert(c.clone()) => {
                    let reason = format!("{c} がファイル内で重複しています。");
                    problem(report, row, Some("No."), no, reason);
                }
                Ok(k) => key = Some(k),
            }
        }
        // Values: masters and statuses.
        let mut fields = BTreeMap::new();
        for (k, v) in &row.fields {
            let Some(def) = ledger.field(k) else {
                problem(
                    report,
                    row,
                    Some(k),
                    &v.display(),
                    format!("{}に項目「{k}」はありません。", ledger.label()),
                );
                continue;
            };
            if def.key == "no" || def.key == "updated_at" {
                continue;
            }
            if def.key == "status" && !v.is_null() {
                let s = v.display();
                if !workflow::statuses(ledger).contains(&s.as_str()) {
                    problem(
                        report,
                        row,
                        Some(def.label),
                        &s,
                        format!(
                            "{}のステータスではありません。使えるステータス: {}",
                            ledger.label(),
                            workflow::statuses(ledger).join(" / ")
                        ),
                    );
                    continue;
                }
            }
            match self.masters.check(tx, def, v) {
                Ok(v) => {
                    fields.insert(def.key.to_string(), v);
                }
                Err(e) => problem(report, row, Some(def.label), &v.display(), e.message),
            }
        }
        let existing = match &key {
            Some((no, _)) => match rec_store::seq_of(tx, ledger, no)? {
                Some(seq) => rec_store::load(tx, ledger, seq)?.map(|r| (seq, r)),
                None => None,
            },
            None => None,
        };
        if existing.is_none() {
            let missing = ledger.missing_required(&fields);
            if !missing.is_empty() {
                problem(
                    report,
                    row,
                    None,
                    "",
                    format!("必須項目が空です: {}", missing.join("、")),
                );
            }
        }
        if report.problems.len() > before {
            return Ok(());
        }
        if let Some((_, rec)) = &existing {
            if rec.deleted_at.is_some() {
                self.guarded(row, &rec.no, format!("{} は削除済みの記録です", rec.no));
            }
            let (from, to) = (
                rec.status().to_string(),
                fields.get("status").map(Value::display),
            );
            if let Some(to) = to.filter(|to| regresses(ledger, &from, to)) {
                self.guarded(
                    row,
                    &to,
                    format!("{} のステータスが「{from}」から「{to}」に戻ります", rec.no),
                );
            }
            if self.report.problems.len() > before {
                return Ok(());
            }
        }
        let report = &mut *self.report;
        match existing {
            Some((seq, rec)) => {
                let changed = write_changes(tx, ctx, &rec, seq, &fields, "インポート")?;
                if changed.is_empty() {
                    report.unchanged += 1;
                } else {
                    reindex(tx, ledger, seq)?;
                    report.updated.push(rec.no.clone());
                }
            }
            None => {
                fields
                    .entry("status".into())
                    .or_insert_with(|| Value::Text(workflow::initial_status(ledger).into()));
                let rec = match key {
                    Some((_, Some(seq))) => {
                        rec_store::raise_counter(tx, ledger, seq)?;
                        create_with_seq(tx, ctx, ledger, seq, fields)?
                    }
                    Some((version, None)) => {
                        fields.insert("version".into(), Value::Text(version));
                        create_in(tx, ctx, ledger, fields, "インポート")?
                    }
                    None => create_in(tx, ctx, ledger, fields, "インポート")?,
                };
                report.created.push(rec.no);
            }
        }
        Ok(())
    }
}

/// Inserts a record under a given number (import keeps original numbers).
fn create_with_seq(
    tx: &Conn,
    ctx: &Ctx,
    ledger: Ledger,
    seq: i64,
    fields: BTreeMap<String, Value>,
) -> Result<crate::Record> {
    if rec_store::load(tx, ledger, seq)?.is_some() {
        return Err(Error::invalid(format!(
            "{} は既にあります。",
            format_no(ledger, seq)
        )));
    }
    super::records::insert_logged(tx, ctx, ledger, seq, fields, "インポート")
}
