//! The live records a report over a recent period needs: those that may
//! differ, at or after the period's start, from the closed state they have
//! kept since. Records closed before the period, unchanged since and with
//! every date before it read the same at every instant of the period, so
//! a figure of the period counts them nowhere (the reports crate's tests
//! compare every figure with the whole load).

use rusqlite::Connection;

use super::records::columns;
use super::report_rows::for_each_live_where;
use super::status_codes::{code_of, seconds};
use super::status_scan::StatusTexts;
use crate::domain::ledger::{parse_no, Ledger};
use crate::domain::record::Record;
use crate::domain::workflow;
use crate::error::Result;

/// Which records a period starting at `at` needs.
pub struct Recent<'a> {
    /// `YYYY-MM-DDTHH:MM:SS`: records with a status change at or after it.
    pub at: &'a str,
    /// `YYYY-MM-DD`: records with any of `dates` on or after it.
    pub day: &'a str,
    /// Date and date-time fields (those the ledger lacks are skipped).
    pub dates: &'a [&'a str],
    /// Numbers kept whatever their state (e.g. back-dated actions).
    pub keep: &'a [String],
    /// 障害: also those with a 再発防止策 not done before this day.
    pub preventions_open_on: Option<&'a str>,
}

/// Calls `f` with each live record of `ledger` (not releases) that is open,
/// changed status at or after `recent.at`, has a date on or after
/// `recent.day`, is in `recent.keep`, or (障害) has an outage without a
/// 復旧日時 or a 再発防止策 open on `preventions_open_on`; in number order,
/// holding only the fields in `keys`.
pub fn for_each_recent(
    conn: &Connection,
    ledger: Ledger,
    keys: &[&str],
    recent: &Recent<'_>,
    f: impl FnMut(Record) -> Result<()>,
) -> Result<()> {
    let mut seqs: Vec<i64> = Vec::new();
    if let (Some(l), Some(status)) = (code_of(conn, ledger.key())?, code_of(conn, "status")?) {
        let texts = StatusTexts::load(conn)?;
        let mut st = conn.prepare_cached(
            "SELECT DISTINCT record FROM status_changes
             WHERE ledger = ?1 AND field = ?2 AND at >= ?3",
        )?;
        let mut rows = st.query([l, status, seconds(recent.at)?])?;
        while let Some(row) = rows.next()? {
            match row.get(0)? {
                seq if seq > 0 => seqs.push(seq),
                code => seqs.extend(
                    parse_no(texts.text(-code))
                        .filter(|(l, _)| *l == ledger)
                        .map(|x| x.1),
                ),
            }
        }
    }
    seqs.extend(
        recent
            .keep
            .iter()
            .filter_map(|no| parse_no(no).filter(|(l, _)| *l == ledger).map(|x| x.1)),
    );
    let closed: Vec<&str> = workflow::statuses(ledger)
        .into_iter()
        .filter(|s| workflow::is_closed(ledger, s))
        .collect();
    let closed = serde_json::to_string(&closed).expect("json");
    let seqs = serde_json::to_string(&seqs).expect("json");
    let mut conds = vec![
        "status NOT IN (SELECT value FROM json_each(?1))".to_string(),
        "seq IN (SELECT value FROM json_each(?2))".to_string(),
    ];
    conds.extend(
        columns(ledger)
            .filter(|c| recent.dates.contains(&c.key))
            .map(|c| format!("{} >= ?3", c.key)),
    );
    let day = recent.preventions_open_on.unwrap_or(recent.day);
    if ledger == Ledger::Failure {
        conds.push(
            "(recovered_at IS NULL AND (occurred_at IS NOT NULL OR detected_at IS NOT NULL))"
                .into(),
        );
        if recent.preventions_open_on.is_some() {
            conds.push(
                "seq IN (SELECT parent_seq FROM child_preventions
                         WHERE done_on IS NULL OR done_on >= ?4)"
                    .into(),
            );
        }
    }
    let filter = format!("AND ({})", conds.join(" OR "));
    let params: [&dyn rusqlite::ToSql; 4] = [&closed, &seqs, &recent.day, &day];
    let n = if filter.contains("?4") { 4 } else { 3 };
    for_each_live_where(conn, ledger, keys, &filter, &params[..n], f)
}

/// The 障害 (seq) linked as 同根障害 to any other 障害 (as the record view
/// lists them: partners deleted or not).
pub fn with_same_root(conn: &Connection) -> Result<Vec<i64>> {
    let mut st = conn.prepare_cached(
        "SELECT a_seq FROM failure_links WHERE b_seq IN (SELECT seq FROM failures)
         UNION SELECT b_seq FROM failure_links WHERE a_seq IN (SELECT seq FROM failures)",
    )?;
    let rows = st.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}
