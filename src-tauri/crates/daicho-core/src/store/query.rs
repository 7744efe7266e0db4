//! The ledger screens' query as SQL: filters, sort, paging.

use rusqlite::{params_from_iter, Connection};

use super::records::{row_to_record, select_list, table};
use super::{search, search_check};
use crate::domain::ledger::Ledger;
use crate::domain::query::{GroupCount, ListQuery, Page};
use crate::domain::text::TextQuery;
use crate::domain::value::FieldKind;
use crate::domain::workflow;
use crate::error::{Error, Result};

fn in_list(col: &str, values: &[String], args: &mut Vec<String>) -> String {
    let mut ph = Vec::new();
    for v in values {
        args.push(v.clone());
        ph.push(format!("?{}", args.len()));
    }
    format!("{col} IN ({})", ph.join(", "))
}

fn need_field(ledger: Ledger, key: &str) -> Result<&'static crate::domain::ledger::FieldDef> {
    ledger
        .field(key)
        .ok_or_else(|| Error::invalid(format!("{} に項目「{key}」はありません。", ledger.label())))
}

/// Above this many quick-filter hits a page walks the ledger in its order
/// instead of looking up each hit.
const DENSE_HITS: i64 = 2000;

/// Runs a ledger query. `text_match` is the quick filter's query, if any.
pub fn list(
    conn: &Connection,
    ledger: Ledger,
    q: &ListQuery,
    today: &str,
    text_match: Option<&TextQuery>,
) -> Result<Page> {
    let mut conds: Vec<String> = Vec::new();
    let mut args: Vec<String> = Vec::new();
    if !q.include_deleted {
        conds.push("deleted_at IS NULL".into());
    }
    let simple: [(&str, &str, &Vec<String>); 5] = [
        ("status", "ステータス", &q.statuses),
        ("kind", "種別", &q.kinds),
        ("priority", "優先度", &q.priorities),
        ("assignee", "担当者", &q.assignees),
        ("origin_org", "発生元組織", &q.orgs),
    ];
    for (key, label, values) in simple {
        if !values.is_empty() {
            need_field(ledger, key).map_err(|_| {
                Error::invalid(format!(
                    "{} に項目「{label}」はありません。",
                    ledger.label()
                ))
            })?;
            conds.push(in_list(key, values, &mut args));
        }
    }
    if let Some(df) = &q.date_field {
        let f = need_field(ledger, df)?;
        if !matches!(f.kind, FieldKind::Date | FieldKind::DateTime) {
            return Err(Error::invalid(format!(
                "「{}」は日付項目ではありません。",
                f.label
            )));
        }
        if let Some(from) = &q.date_from {
            args.push(from.clone());
            conds.push(format!("{} >= ?{}", f.key, args.len()));
        }
        if let Some(to) = &q.date_to {
            // Date-times compare below the next day, so the whole day counts.
            args.push(format!("{to}\u{ffff}"));
            conds.push(format!("{} <= ?{}", f.key, args.len()));
        }
    }
    let closed: Vec<String> = workflow::statuses(ledger)
        .into_iter()
        .filter(|s| workflow::is_closed(ledger, s))
        .map(String::from)
        .collect();
    if q.open_only || q.overdue {
        let mut ph = Vec::new();
        for s in &closed {
            args.push(s.clone());
            ph.push(format!("?{}", args.len()));
        }
        conds.push(format!("status NOT IN ({})", ph.join(", ")));
    }
    if q.overdue {
        let due = ledger.due_field().ok_or_else(|| {
            Error::invalid(format!("{} には期限の項目がありません。", ledger.label()))
        })?;
        args.push(today.to_string());
        conds.push(format!("{due} IS NOT NULL AND {due} < ?{}", args.len()));
    }
    for cf in &q.column_filters {
        let f = need_field(ledger, &cf.field)?;
        let col = if f.key == "no" { "seq" } else { f.key };
        match f.kind {
            FieldKind::Choice(_) | FieldKind::Status | FieldKind::Priority | FieldKind::System => {
                args.push(cf.value.clone());
                conds.push(format!("{col} = ?{}", args.len()));
            }
            FieldKind::RecordNo if f.key == "no" => {
                let digits: String = cf.value.chars().filter(|c| c.is_ascii_digit()).collect();
                args.push(format!("%{digits}%"));
                conds.push(format!("printf('%04d', seq) LIKE ?{}", args.len()));
            }
            _ => {
                let escaped = cf
                    .value
                    .replace('\\', "\\\\")
                    .replace('%', "\\%")
                    .replace('_', "\\_");
                args.push(format!("%{escaped}%"));
                conds.push(format!("{col} LIKE ?{} ESCAPE '\\'", args.len()));
            }
        }
    }
    // The number of hits when the quick filter is the only condition: the
    // index holds live records only, so that is the count.
    let mut hit_count = None;
    if let Some(expr) = text_match {
        // The hits stay inside SQLite (a temporary table filled once from
        // the index for the count and the page), so any number of them
        // works: no bound variable per hit.
        let key = quick_hits(conn, ledger, expr)?;
        let hits: i64 = conn.query_row("SELECT COUNT(*) FROM temp.quick_hits", [], |r| r.get(0))?;
        let others = conds.len() - usize::from(!q.include_deleted);
        if others == 0 {
            hit_count = Some(hits);
        }
        // Many hits: walk the ledger in the page's order and stop at the
        // page (`+` keeps SQLite from looking up every hit and sorting).
        let plus = if hits > DENSE_HITS { "+" } else { "" };
        conds.push(format!("{plus}{key} IN temp.quick_hits"));
    }
    let where_sql = if conds.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conds.join(" AND "))
    };

    let mut order = Vec::new();
    for s in &q.sort {
        let f = need_field(ledger, &s.field)?;
        let col = if f.key == "no" { "seq" } else { f.key };
        let dir = if s.desc { "DESC" } else { "ASC" };
        if f.required || f.key == "no" || f.key == "status" {
            order.push(format!("{col} {dir}"));
        } else {
            // Empty cells last whatever the direction, as in Excel.
            order.push(format!("{col} IS NULL, {col} {dir}"));
        }
    }
    // Ties break on the number, in the direction of the last key, so an
    // index on (column, seq) serves the sort either way.
    let tie = if q.sort.last().is_some_and(|s| !s.desc) {
        "ASC"
    } else {
        "DESC"
    };
    order.push(format!("seq {tie}"));

    let total: i64 = match hit_count {
        Some(n) => n,
        None => {
            let count_sql = format!("SELECT COUNT(*) FROM {} {where_sql}", table(ledger));
            conn.query_row(&count_sql, params_from_iter(args.iter()), |r| r.get(0))?
        }
    };

    let groups = match &q.group_by {
        Some(field) => group_counts(conn, ledger, field, &where_sql, &args)?,
        None => Vec::new(),
    };

    let limit = q.limit.unwrap_or(100).clamp(0, 10_000);
    let sql = format!(
        "SELECT {} FROM {} {where_sql} ORDER BY {} LIMIT {limit} OFFSET {}",
        select_list(ledger),
        table(ledger),
        order.join(", "),
        q.offset.max(0)
    );
    let mut st = conn.prepare(&sql)?;
    let rows = st.query_map(params_from_iter(args.iter()), |r| row_to_record(ledger, r))?;
    Ok(Page {
        total,
        offset: q.offset.max(0),
        records: rows.collect::<std::result::Result<_, _>>()?,
        groups,
    })
}

/// Counts of each value of `field` over the records `where_sql` selects.
fn group_counts(
    conn: &Connection,
    ledger: Ledger,
    field: &str,
    where_sql: &str,
    args: &[String],
) -> Result<Vec<GroupCount>> {
    let f = need_field(ledger, field)?;
    if !matches!(
        f.kind,
        FieldKind::Choice(_)
            | FieldKind::Status
            | FieldKind::Person
            | FieldKind::Org
            | FieldKind::Priority
            | FieldKind::System
    ) {
        return Err(Error::invalid(format!(
            "「{}」ではグループ化できません。選択肢かマスタの項目 (対象システム、ステータス、担当者など) を指定してください。",
            f.label
        )));
    }
    let sql = format!(
        "SELECT COALESCE({col}, ''), COUNT(*) FROM {} {where_sql} GROUP BY 1 ORDER BY 2 DESC, 1",
        table(ledger),
        col = f.key
    );
    let mut st = conn.prepare(&sql)?;
    let rows = st.query_map(params_from_iter(args.iter()), |r| {
        Ok(GroupCount {
            value: r.get(0)?,
            count: r.get(1)?,
        })
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// Fills `temp.quick_hits` with the keys (number or version) of the records
/// of `ledger` matching `q`; returns the key column.
fn quick_hits(conn: &Connection, ledger: Ledger, q: &TextQuery) -> Result<&'static str> {
    let (key, hit) = if ledger == Ledger::Release {
        ("version", "d.record_no")
    } else {
        // `I-0001` → 1: the number after the prefix and the dash.
        ("seq", "CAST(substr(d.record_no, 3) AS INTEGER)")
    };
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS quick_hits (key PRIMARY KEY) WITHOUT ROWID;
         DELETE FROM temp.quick_hits;",
    )?;
    if !q.needs_check() {
        conn.prepare_cached(&format!(
            "INSERT OR IGNORE INTO temp.quick_hits (key)
             SELECT {hit} FROM search_index JOIN history_subjects d ON d.id = search_index.rowid
             WHERE search_index MATCH ?1 AND d.ledger = ?2"
        ))?
        .execute([q.any_expr.as_str(), ledger.key()])?;
        return Ok(key);
    }
    // The index gives candidates; each is checked on its text.
    if ledger != Ledger::Release {
        // One insert of all hits (one statement each would be a write
        // transaction each).
        let mut hits = Vec::new();
        search_check::for_each_hit(conn, q, ledger, |seq| {
            hits.push(seq);
            Ok(())
        })?;
        conn.prepare_cached(
            "INSERT OR IGNORE INTO temp.quick_hits (key) SELECT value FROM json_each(?1)",
        )?
        .execute([serde_json::to_string(&hits).expect("numbers")])?;
        return Ok(key);
    }
    let mut st = conn.prepare_cached(&format!(
        "SELECT d.record_no, {hit} FROM search_index JOIN history_subjects d ON d.id = search_index.rowid
         WHERE search_index MATCH ?1 AND d.ledger = ?2"
    ))?;
    let mut rows = st.query([q.any_expr.as_str(), ledger.key()])?;
    let mut insert =
        conn.prepare_cached("INSERT OR IGNORE INTO temp.quick_hits (key) VALUES (?1)")?;
    while let Some(r) = rows.next()? {
        let no: String = r.get(0)?;
        if search::is_hit(conn, q, ledger, &no, false)? {
            insert.execute([r.get::<_, rusqlite::types::Value>(1)?])?;
        }
    }
    Ok(key)
}
