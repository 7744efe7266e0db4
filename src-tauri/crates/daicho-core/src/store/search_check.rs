//! The quick filter's check of its index candidates, in one pass: a word of
//! three or more characters has bigrams the index may find apart, so each
//! candidate's text is read and matched (see `domain::text`). Reading the
//! candidates in one joined statement, rather than one query each, matters
//! when a common word has tens of thousands of them.

use std::collections::BTreeMap;

use rusqlite::Connection;

use super::decode::from_storage;
use super::records;
use super::search::{child_text, in_body, own_text};
use crate::domain::ledger::{FieldDef, Ledger};
use crate::domain::record::Record;
use crate::domain::text::TextQuery;
use crate::domain::value::FieldKind;
use crate::error::Result;

/// The columns the check reads: the title and the body's text fields.
pub(super) fn text_columns(ledger: Ledger) -> Vec<&'static FieldDef> {
    records::columns(ledger)
        .filter(|f| f.key == "title" || f.key == "version" || in_body(f))
        .collect()
}

/// The record of `ledger` numbered `seq` with the `cols` read from `row`,
/// starting at column `at`.
pub(super) fn record_from_row(
    ledger: Ledger,
    seq: i64,
    cols: &[&FieldDef],
    row: &rusqlite::Row<'_>,
    at: usize,
) -> rusqlite::Result<Record> {
    let mut fields = BTreeMap::new();
    for (i, f) in cols.iter().enumerate() {
        let v = from_storage(f.kind, row.get_ref(at + i)?);
        if !v.is_null() {
            fields.insert(f.key.into(), v);
        }
    }
    Ok(records::assemble(ledger, seq, fields, None))
}

/// Whether `rec` (numbered `seq`) is a hit of `q`.
pub(super) fn check(
    conn: &Connection,
    q: &TextQuery,
    rec: &Record,
    seq: i64,
    title_only: bool,
) -> Result<bool> {
    // The record's own text is the start of the body: a word found there is
    // a hit without reading the child rows.
    let (title, mut body) = own_text(rec);
    if q.matches(&title, &body.join("\n"), title_only) {
        return Ok(true);
    }
    if title_only || rec.ledger.children().next().is_none() {
        return Ok(false);
    }
    child_text(conn, rec.ledger, seq, &mut body)?;
    Ok(q.matches(&title, &body.join("\n"), false))
}

/// Calls `hit` with the number (`seq`) of each record of `ledger` (not
/// releases, numbered by version) that the index offers for `q` and whose
/// text matches it.
pub(crate) fn for_each_hit(
    conn: &Connection,
    q: &TextQuery,
    ledger: Ledger,
    mut hit: impl FnMut(i64) -> Result<()>,
) -> Result<()> {
    let cols = text_columns(ledger);
    // The title, then the short fields (組織, 担当者, …), long texts last.
    let mut order: Vec<usize> = (0..cols.len()).collect();
    order.sort_by_key(|&i| (cols[i].key != "title", cols[i].kind == FieldKind::LongText));
    let names: Vec<String> = cols.iter().map(|f| format!("t.{}", f.key)).collect();
    // `I-0001` → 1: the number after the prefix and the dash (checked
    // against the number's own reading below).
    let sql = format!(
        "SELECT d.record_no, t.seq, {} FROM search_index
         JOIN history_subjects d ON d.id = search_index.rowid
         JOIN {} t ON t.seq = CAST(substr(d.record_no, 3) AS INTEGER)
         WHERE search_index MATCH ?1 AND d.ledger = ?2",
        names.join(", "),
        records::table(ledger)
    );
    let mut st = conn.prepare_cached(&sql)?;
    let mut rows = st.query([q.any_expr.as_str(), ledger.key()])?;
    while let Some(r) = rows.next()? {
        let no: String = r.get(0)?;
        let seq: i64 = r.get(1)?;
        if records::seq_of(conn, ledger, &no)? != Some(seq) {
            continue;
        }
        // Most hits hold each word as written in a column: no record built,
        // and the columns read only until every word is found.
        let texts = order
            .iter()
            .filter_map(|&i| r.get_ref(2 + i).ok()?.as_str().ok());
        if q.surely_in(texts) {
            hit(seq)?;
            continue;
        }
        let rec = record_from_row(ledger, seq, &cols, r, 2)?;
        if check(conn, q, &rec, seq, false)? {
            hit(seq)?;
        }
    }
    Ok(())
}
