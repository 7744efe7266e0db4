//! A ledger streamed with its child rows (the ledger workbooks): one query
//! for the records and one per child table, all in the ledger's order
//! (releases by version), merged row by row, so neither the ledger nor a
//! child table is ever held in memory.

use rusqlite::{Connection, Rows};

use super::children::{select_list as child_columns, table as child_table, to_row_at};
use super::decode::from_storage;
use super::records::{select_list, table};
use crate::domain::ledger::{format_no, ChildDef, Ledger};
use crate::domain::record::ChildRow;
use crate::domain::value::Value;
use crate::error::Result;

/// The parents' order (alias `p`), the same for records and child rows.
fn parent_order(ledger: Ledger) -> &'static str {
    match ledger {
        Ledger::Release => "p.version, p.seq",
        _ => "p.seq",
    }
}

fn child_sql(ledger: Ledger, def: &ChildDef) -> String {
    let cols: Vec<String> = child_columns(def)
        .split(", ")
        .map(|c| format!("c.{c}"))
        .collect();
    // For I/S/C the child's own parent_seq orders by its index.
    let mut order: Vec<String> = vec![match ledger {
        Ledger::Release => "p.version, c.parent_seq".into(),
        _ => "c.parent_seq".into(),
    }];
    order.extend(def.order_by.iter().map(|k| format!("c.{k} IS NULL, c.{k}")));
    order.push("c.id".into());
    format!(
        "SELECT {}, c.parent_seq FROM {} c JOIN {} p ON p.seq = c.parent_seq
         WHERE p.deleted_at IS NULL ORDER BY {}",
        cols.join(", "),
        child_table(def),
        table(ledger),
        order.join(", ")
    )
}

/// The next row of a child stream as (parent seq, row).
fn next_child(rows: &mut Rows<'_>, def: &ChildDef) -> Result<Option<(i64, ChildRow)>> {
    Ok(match rows.next()? {
        Some(r) => Some((r.get(def.columns.len() + 1)?, to_row_at(def, r, 0)?)),
        None => None,
    })
}

/// The next 同根障害 link as (failure seq, linked failure seq).
fn next_link(rows: &mut Rows<'_>) -> Result<Option<(i64, i64)>> {
    Ok(match rows.next()? {
        Some(r) => Some((r.get(0)?, r.get(1)?)),
        None => None,
    })
}

/// A record's number and its values of `ledger.fields()`, in that order,
/// into `values` (as [`super::records::row_to_record`] has them, without a
/// map per row).
fn decode(ledger: Ledger, r: &rusqlite::Row<'_>, values: &mut Vec<Value>) -> Result<String> {
    values.clear();
    let mut at = 1;
    let mut no_at = None;
    for f in ledger.fields() {
        if f.key == "no" {
            no_at = Some(values.len());
            values.push(Value::Null);
            continue;
        }
        values.push(from_storage(f.kind, r.get_ref(at)?));
        at += 1;
    }
    if ledger == Ledger::Release {
        let version = ledger.fields().iter().position(|f| f.key == "version");
        return Ok(version.map(|i| values[i].display()).unwrap_or_default());
    }
    let no = format_no(ledger, r.get(0)?);
    if let Some(i) = no_at {
        values[i] = Value::Text(no.clone());
    }
    Ok(no)
}

/// Calls `f` with each live record of `ledger` in number order (releases by
/// version) as its number and its values of `ledger.fields()` (in that
/// order), the rows of each table of `defs` (in the record view's order)
/// and, with `same_root`, the seqs of its live 同根障害 failures.
pub fn for_each_live_with_children(
    conn: &Connection,
    ledger: Ledger,
    defs: &[&ChildDef],
    same_root: bool,
    mut f: impl FnMut(&str, &mut [Value], &mut [Vec<ChildRow>], &[i64]) -> Result<()>,
) -> Result<()> {
    let mut stmts = defs
        .iter()
        .map(|d| conn.prepare(&child_sql(ledger, d)))
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut cursors = stmts
        .iter_mut()
        .map(|s| s.query([]))
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut pending = Vec::with_capacity(defs.len());
    for (c, d) in cursors.iter_mut().zip(defs) {
        pending.push(next_child(c, d)?);
    }
    let mut links_st = conn.prepare(
        "SELECT l.x, l.y FROM (SELECT a_seq x, b_seq y FROM failure_links
           UNION ALL SELECT b_seq, a_seq FROM failure_links) l
         JOIN failures a ON a.seq = l.x JOIN failures b ON b.seq = l.y
         WHERE ?1 AND a.deleted_at IS NULL AND b.deleted_at IS NULL ORDER BY 1, 2",
    )?;
    let mut links_rows = links_st.query([same_root])?;
    let mut link = next_link(&mut links_rows)?;

    let sql = format!(
        "SELECT {} FROM {} p WHERE p.deleted_at IS NULL ORDER BY {}",
        select_list(ledger),
        table(ledger),
        parent_order(ledger)
    );
    let mut st = conn.prepare(&sql)?;
    let mut recs = st.query([])?;
    let mut rows: Vec<Vec<ChildRow>> = defs.iter().map(|_| Vec::new()).collect();
    let mut links: Vec<i64> = Vec::new();
    let mut values: Vec<Value> = Vec::new();
    while let Some(r) = recs.next()? {
        let seq: i64 = r.get(0)?;
        let no = decode(ledger, r, &mut values)?;
        for (i, def) in defs.iter().enumerate() {
            rows[i].clear();
            while let Some((_, row)) = pending[i].take_if(|(p, _)| *p == seq) {
                rows[i].push(row);
                pending[i] = next_child(&mut cursors[i], def)?;
            }
        }
        links.clear();
        while let Some((_, other)) = link.take_if(|(x, _)| *x == seq) {
            links.push(other);
            link = next_link(&mut links_rows)?;
        }
        f(&no, &mut values, &mut rows, &links)?;
    }
    Ok(())
}
