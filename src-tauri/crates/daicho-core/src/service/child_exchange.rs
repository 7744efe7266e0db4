//! Child rows travelling with the ledger workbooks: every row of a child
//! table (and the 同根障害 links) for the export, and an import's child rows
//! applied in the import's transaction. An imported record's rows of a
//! table are replaced by the file's rows when they differ (one history row
//! per table), so export → import gives back the same children.

use std::collections::{BTreeMap, BTreeSet};

use super::children::{record_child_change, set_same_root, summary};
use super::import::{ImportProblem, ImportReport};
use super::{check_master, Ctx, Daicho};
use crate::domain::ledger::{format_no, parse_no, ChildDef, FieldDef, Ledger};
use crate::domain::record::{ChildRow, FieldKey};
use crate::domain::value::{FieldKind, Value};
use crate::error::Result;
use crate::store::{children, ledger_stream, records as rec_store, Conn};

/// The key of the 同根障害 links where a child table's key is expected; a
/// row holds the linked failure's number under `no`.
pub const SAME_ROOT: &str = "same_root";
/// Its label (sheet and summary column of 障害管理台帳).
pub const SAME_ROOT_LABEL: &str = "同根障害";

/// The column of the 同根障害 table: the linked failure's number.
pub const SAME_ROOT_COLUMN: FieldDef = FieldDef {
    key: "no",
    label: "同根障害No.",
    kind: FieldKind::RecordNo,
    required: true,
    system: false,
};

/// A table that travels with a ledger's workbook: a child table or the
/// 同根障害 links of 障害管理台帳.
#[derive(Debug, Clone, Copy)]
pub struct ChildTable {
    pub key: &'static str,
    pub label: &'static str,
    pub columns: &'static [FieldDef],
}

/// The child tables of a ledger's workbook, in the record view's order.
pub fn child_tables(ledger: Ledger) -> Vec<ChildTable> {
    let mut out: Vec<ChildTable> = ledger
        .children()
        .map(|c| ChildTable {
            key: c.key,
            label: c.label,
            columns: c.columns,
        })
        .collect();
    if ledger == Ledger::Failure {
        out.push(ChildTable {
            key: SAME_ROOT,
            label: SAME_ROOT_LABEL,
            columns: std::slice::from_ref(&SAME_ROOT_COLUMN),
        });
    }
    out
}

/// The rows of one child table (or [`SAME_ROOT`]) for one imported record.
#[derive(Debug, Clone, PartialEq)]
pub struct ChildImport {
    /// Where it came from, for messages (`タイムライン!3`).
    pub source: String,
    /// The record's number (or a release's version).
    pub no: String,
    /// Child table key (`timeline`) or [`SAME_ROOT`].
    pub table: String,
    /// Column key → value, in order; these replace the record's rows.
    pub rows: Vec<BTreeMap<String, Value>>,
}

impl Daicho {
    /// Every row of a child table of live records, as (record number, row).
    pub fn all_children(&self, def: &ChildDef) -> Result<Vec<(String, ChildRow)>> {
        let conn = self.conn();
        let rows = children::list_all(&conn, def)?;
        if def.parent != Ledger::Release {
            return Ok(rows
                .into_iter()
                .map(|(seq, r)| (format_no(def.parent, seq), r))
                .collect());
        }
        let mut versions = BTreeMap::new();
        let mut out = Vec::with_capacity(rows.len());
        for (seq, r) in rows {
            if let std::collections::btree_map::Entry::Vacant(e) = versions.entry(seq) {
                let rec = rec_store::load(&conn, Ledger::Release, seq)?;
                e.insert(rec.map(|r| r.no).unwrap_or_default());
            }
            out.push((versions[&seq].clone(), r));
        }
        Ok(out)
    }

    /// Calls `f` with each live record of `ledger` in number order (releases
    /// by version) as its number and its values of `ledger.fields()` (in
    /// that order, `Null` where empty), and the rows of each of its
    /// [`child_tables`], in that order (同根障害 as rows holding the linked
    /// failure's number under `no`): streamed, one record at a time (ledger
    /// workbooks).
    pub fn for_each_record_with_children(
        &self,
        ledger: Ledger,
        mut f: impl FnMut(&str, &mut [Value], &mut [Vec<ChildRow>]) -> Result<()>,
    ) -> Result<()> {
        let defs: Vec<&ChildDef> = ledger.children().collect();
        let same_root = ledger == Ledger::Failure;
        let mut tables: Vec<Vec<ChildRow>> =
            child_tables(ledger).iter().map(|_| Vec::new()).collect();
        ledger_stream::for_each_live_with_children(
            &self.conn(),
            ledger,
            &defs,
            same_root,
            |no, values, rows, links| {
                for (t, r) in tables.iter_mut().zip(rows.iter_mut()) {
                    std::mem::swap(t, r);
                }
                if same_root {
                    let last = tables.last_mut().expect("同根障害");
                    last.clear();
                    last.extend(links.iter().map(|s| ChildRow {
                        id: 0,
                        fields: BTreeMap::from([(
                            SAME_ROOT_COLUMN.key.into(),
                            Value::Text(format_no(Ledger::Failure, *s)),
                        )]),
                    }));
                }
                f(no, values, &mut tables)
            },
        )
    }

    /// Every 同根障害 pair of live failures, by number (each pair once).
    pub fn same_root_pairs(&self) -> Result<Vec<(String, String)>> {
        let f = |s| format_no(Ledger::Failure, s);
        Ok(children::all_same_root(&self.conn())?
            .into_iter()
            .map(|(a, b)| (f(a), f(b)))
            .collect())
    }
}

fn same_row(def: &ChildDef, a: &BTreeMap<FieldKey, Value>, b: &BTreeMap<String, Value>) -> bool {
    def.columns.iter().all(|c| {
        a.get(c.key).and_then(Value::storage_text) == b.get(c.key).and_then(Value::storage_text)
    })
}

fn lines(def: &ChildDef, rows: &[ChildRow]) -> Option<String> {
    let s: Vec<String> = rows.iter().map(|r| summary(def, r)).collect();
    (!s.is_empty()).then(|| s.join("\n"))
}

/// Applies an import's child rows (after its records, same transaction).
/// Problems go to the report; a record whose children changed counts as
/// updated.
pub(super) fn apply(
    tx: &Conn,
    ctx: &Ctx,
    ledger: Ledger,
    imports: &[ChildImport],
    report: &mut ImportReport,
) -> Result<()> {
    // Records the rows already created or updated (looked up per import).
    let mut counted: std::collections::HashSet<String> = report
        .created
        .iter()
        .chain(&report.updated)
        .cloned()
        .collect();
    for imp in imports {
        let label = ChildDef::find(ledger, &imp.table)
            .map(|d| d.label)
            .unwrap_or(SAME_ROOT_LABEL);
        let mut problems = Vec::new();
        let fail = |problems: &mut Vec<ImportProblem>, value: &str, reason: String| {
            problems.push(ImportProblem {
                source: imp.source.clone(),
                field: Some(label.to_string()),
                value: value.to_string(),
                reason,
            })
        };
        let Some(seq) = rec_store::seq_of(tx, ledger, &imp.no)? else {
            fail(
                &mut problems,
                &imp.no,
                format!(
                    "{} は{}にありません。{}の行は台帳にある番号に付けてください。",
                    imp.no,
                    ledger.label(),
                    label
                ),
            );
            report.problems.extend(problems);
            continue;
        };
        let rec = rec_store::load(tx, ledger, seq)?.expect("numbered");
        let changed = if imp.table == SAME_ROOT && ledger == Ledger::Failure {
            let mut want = BTreeSet::new();
            for row in &imp.rows {
                let text = row.get("no").map(Value::display).unwrap_or_default();
                let other = parse_no(&text)
                    .filter(|(l, _)| *l == Ledger::Failure)
                    .map(|(_, s)| s);
                match other {
                    Some(s) if s != seq && rec_store::load(tx, ledger, s)?.is_some() => {
                        want.insert(s);
                    }
                    _ => fail(
&mut problems,
                        &text,
                        format!("同根障害には台帳にある別の障害の番号 (S-0001 の形式) を指定してください: {}", imp.no),
                    ),
                }
            }
            let have: BTreeSet<i64> = children::same_root_of(tx, seq)?.into_iter().collect();
            let mut changed = false;
            if problems.is_empty() {
                for (s, link) in want
                    .difference(&have)
                    .map(|s| (*s, true))
                    .chain(have.difference(&want).map(|s| (*s, false)))
                    .collect::<Vec<_>>()
                {
                    let other = rec_store::load(tx, ledger, s)?.expect("checked");
                    changed |= set_same_root(tx, ctx, (seq, &rec), (s, &other), link)?;
                }
            }
            changed
        } else {
            let Some(def) = ChildDef::find(ledger, &imp.table) else {
                fail(
                    &mut problems,
                    &imp.table,
                    format!("{}に子表「{}」はありません。", ledger.label(), imp.table),
                );
                report.problems.extend(problems);
                continue;
            };
            let mut rows = Vec::with_capacity(imp.rows.len());
            for row in &imp.rows {
                let mut fields = BTreeMap::new();
                for c in def.columns {
                    let Some(v) = row.get(c.key).filter(|v| !v.is_null()) else {
                        if c.required {
                            fail(
                                &mut problems,
                                "",
                                format!("{}の{}が空です。", def.label, c.label),
                            );
                        }
                        continue;
                    };
                    match check_master(tx, c, v) {
                        Ok(v) => {
                            fields.insert(c.key.to_string(), v);
                        }
                        Err(e) => fail(&mut problems, &v.display(), e.message),
                    }
                }
                rows.push(fields);
            }
            let existing = children::list(tx, def, seq)?;
            let same = existing.len() == rows.len()
                && existing
                    .iter()
                    .zip(&rows)
                    .all(|(e, n)| same_row(def, &e.fields, n));
            if same || !problems.is_empty() {
                false
            } else {
                for e in &existing {
                    children::delete(tx, def, e.id)?;
                }
                for n in &rows {
                    children::insert(tx, def, seq, n)?;
                }
                let new = children::list(tx, def, seq)?;
                let (old, new) = (lines(def, &existing), lines(def, &new));
                record_child_change(tx, ctx, ledger, seq, &rec.no, def, old, new, "インポート")?;
                true
            }
        };
        report.problems.extend(problems);
        if changed && counted.insert(rec.no.clone()) {
            report.updated.push(rec.no.clone());
            report.unchanged = report.unchanged.saturating_sub(1);
        }
    }
    Ok(())
}
