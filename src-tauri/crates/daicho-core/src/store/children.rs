//! Child rows (タイムライン, 調査結果, 再発防止策, 検討経緯, 不具合管理表, 判定)
//! and 同根障害 links. Child tables are named `child_<key>`.

use std::collections::BTreeMap;

use rusqlite::{params_from_iter, Connection, OptionalExtension};

use super::decode::from_storage;
use crate::domain::ledger::ChildDef;
use crate::domain::record::ChildRow;
use crate::domain::value::Value;
use crate::error::Result;

pub(super) fn table(def: &ChildDef) -> String {
    format!("child_{}", def.key)
}

pub(super) fn select_list(def: &ChildDef) -> String {
    let mut cols = vec!["id".to_string()];
    cols.extend(def.columns.iter().map(|c| c.key.to_string()));
    cols.join(", ")
}

fn to_row(def: &ChildDef, r: &rusqlite::Row<'_>) -> rusqlite::Result<ChildRow> {
    to_row_at(def, r, 0)
}

/// A child row whose `select_list` columns start at column `at`.
pub(super) fn to_row_at(
    def: &ChildDef,
    r: &rusqlite::Row<'_>,
    at: usize,
) -> rusqlite::Result<ChildRow> {
    let mut fields = BTreeMap::new();
    for (i, c) in def.columns.iter().enumerate() {
        let v = from_storage(c.kind, r.get_ref(at + i + 1)?);
        if !v.is_null() {
            fields.insert(c.key.into(), v);
        }
    }
    Ok(ChildRow {
        id: r.get(at)?,
        fields,
    })
}

pub fn insert(
    conn: &Connection,
    def: &ChildDef,
    parent_seq: i64,
    fields: &BTreeMap<String, Value>,
) -> Result<i64> {
    let mut names = vec!["parent_seq".to_string()];
    let mut values = vec![Some(parent_seq.to_string())];
    for c in def.columns {
        if let Some(v) = fields.get(c.key) {
            names.push(c.key.into());
            values.push(v.storage_text());
        }
    }
    let ph: Vec<String> = (1..=names.len()).map(|i| format!("?{i}")).collect();
    let sql = format!(
        "INSERT INTO {} ({}) VALUES ({})",
        table(def),
        names.join(", "),
        ph.join(", ")
    );
    conn.prepare_cached(&sql)?
        .execute(params_from_iter(values.iter()))?;
    Ok(conn.last_insert_rowid())
}

pub fn get(
    conn: &Connection,
    def: &ChildDef,
    parent_seq: i64,
    id: i64,
) -> Result<Option<ChildRow>> {
    let sql = format!(
        "SELECT {} FROM {} WHERE id = ?1 AND parent_seq = ?2",
        select_list(def),
        table(def)
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id, parent_seq], |r| to_row(def, r))
        .optional()?)
}

pub fn update(
    conn: &Connection,
    def: &ChildDef,
    id: i64,
    fields: &BTreeMap<String, Value>,
) -> Result<()> {
    let mut sets = Vec::new();
    let mut values = Vec::new();
    for c in def.columns {
        if let Some(v) = fields.get(c.key) {
            values.push(v.storage_text());
            sets.push(format!("{} = ?{}", c.key, values.len()));
        }
    }
    if sets.is_empty() {
        return Ok(());
    }
    values.push(Some(id.to_string()));
    let sql = format!(
        "UPDATE {} SET {} WHERE id = ?{}",
        table(def),
        sets.join(", "),
        values.len()
    );
    conn.prepare_cached(&sql)?
        .execute(params_from_iter(values.iter()))?;
    Ok(())
}

pub fn delete(conn: &Connection, def: &ChildDef, id: i64) -> Result<()> {
    conn.prepare_cached(&format!("DELETE FROM {} WHERE id = ?1", table(def)))?
        .execute([id])?;
    Ok(())
}

pub fn list(conn: &Connection, def: &ChildDef, parent_seq: i64) -> Result<Vec<ChildRow>> {
    let mut order: Vec<String> = def
        .order_by
        .iter()
        .map(|k| format!("{k} IS NULL, {k}"))
        .collect();
    order.push("id".into());
    let sql = format!(
        "SELECT {} FROM {} WHERE parent_seq = ?1 ORDER BY {}",
        select_list(def),
        table(def),
        order.join(", ")
    );
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st.query_map([parent_seq], |r| to_row(def, r))?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

pub fn link_same_root(conn: &Connection, a: i64, b: i64) -> Result<bool> {
    let (a, b) = if a < b { (a, b) } else { (b, a) };
    let n = conn
        .prepare_cached("INSERT OR IGNORE INTO failure_links (a_seq, b_seq) VALUES (?1, ?2)")?
        .execute([a, b])?;
    Ok(n > 0)
}

pub fn unlink_same_root(conn: &Connection, a: i64, b: i64) -> Result<bool> {
    let (a, b) = if a < b { (a, b) } else { (b, a) };
    let n = conn
        .prepare_cached("DELETE FROM failure_links WHERE a_seq = ?1 AND b_seq = ?2")?
        .execute([a, b])?;
    Ok(n > 0)
}

pub fn same_root_of(conn: &Connection, seq: i64) -> Result<Vec<i64>> {
    let mut st = conn.prepare_cached(
        "SELECT b_seq FROM failure_links WHERE a_seq = ?1
         UNION SELECT a_seq FROM failure_links WHERE b_seq = ?1 ORDER BY 1",
    )?;
    let rows = st.query_map([seq], |r| r.get(0))?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// Every row of a child table whose parent record is live, as (parent seq,
/// row), in parent order and then the record view's order (ledger export).
pub fn list_all(conn: &Connection, def: &ChildDef) -> Result<Vec<(i64, ChildRow)>> {
    let mut order: Vec<String> = vec!["c.parent_seq".into()];
    order.extend(def.order_by.iter().map(|k| format!("c.{k} IS NULL, c.{k}")));
    order.push("c.id".into());
    let cols: Vec<String> = select_list(def)
        .split(", ")
        .map(|c| format!("c.{c}"))
        .collect();
    let sql = format!(
        "SELECT {}, c.parent_seq FROM {} c JOIN {} p ON p.seq = c.parent_seq
         WHERE p.deleted_at IS NULL ORDER BY {}",
        cols.join(", "),
        table(def),
        super::records::table(def.parent),
        order.join(", ")
    );
    let n = def.columns.len() + 1;
    let mut st = conn.prepare(&sql)?;
    let rows = st.query_map([], |r| Ok((r.get(n)?, to_row(def, r)?)))?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// Every 同根障害 pair between live failures (a < b), in order.
pub fn all_same_root(conn: &Connection) -> Result<Vec<(i64, i64)>> {
    let mut st = conn.prepare(
        "SELECT l.a_seq, l.b_seq FROM failure_links l
         JOIN failures a ON a.seq = l.a_seq JOIN failures b ON b.seq = l.b_seq
         WHERE a.deleted_at IS NULL AND b.deleted_at IS NULL ORDER BY 1, 2",
    )?;
    let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// Every 再発防止策 not yet done (no 完了日) of a live failure, earliest
/// 期限 first: (failure seq, failure title, row); only the first `limit`
/// when given.
pub fn open_preventions(
    conn: &Connection,
    limit: Option<usize>,
) -> Result<Vec<(i64, String, ChildRow)>> {
    let def =
        ChildDef::find(crate::domain::ledger::Ledger::Failure, "preventions").expect("defined");
    let cols: Vec<String> = std::iter::once("p.id".to_string())
        .chain(def.columns.iter().map(|c| format!("p.{}", c.key)))
        .collect();
    let sql = format!(
        "SELECT {}, f.seq, f.title FROM child_preventions p JOIN failures f ON f.seq = p.parent_seq \
         WHERE f.deleted_at IS NULL AND (p.done_on IS NULL OR p.done_on = '') \
         ORDER BY p.due_on IS NULL, p.due_on, f.seq, p.id LIMIT {}",
        cols.join(", "),
        limit.map_or(-1, |n| n as i64)
    );
    let n = def.columns.len();
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st.query_map([], |r| Ok((r.get(n + 1)?, r.get(n + 2)?, to_row(def, r)?)))?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// How many 再発防止策 [`open_preventions`] lists, and how many of them have
/// a 期限 before `today` (ISO).
pub fn count_open_preventions(conn: &Connection, today: &str) -> Result<(i64, i64)> {
    Ok(conn.query_row(
        "SELECT COUNT(*), COALESCE(SUM(p.due_on IS NOT NULL AND p.due_on <> '' AND p.due_on < ?1), 0) \
         FROM child_preventions p JOIN failures f ON f.seq = p.parent_seq \
         WHERE f.deleted_at IS NULL AND (p.done_on IS NULL OR p.done_on = '')",
        [today],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}
