//! The history before migration 6 (one row per changed field, hex hashes)
//! and its conversion to one row per action ([`convert`]): migration 4
//! gives the old rows their hashes ([`backfill`]); migration 6 checks that
//! chain, rewrites the rows as actions with the same entry numbers under a
//! new chain, and records the old chain's head in it.

use rusqlite::Connection;
use sha2::{Digest, Sha256};

use super::chain;
use super::history::{self, ChangeRef};
use super::history_v6;
use crate::error::{Error, ErrorKind, Result};

/// Marker in migration 4 where the existing rows get their hashes.
pub const BACKFILL_MARKER: &str = "-- @backfill history hashes";
/// Marker in migration 6 where the old rows (`history_v1`) are converted.
pub const CONVERT_MARKER: &str = "-- @convert history";

/// The content of one old history row, in column order.
pub struct Row<'a> {
    pub id: i64,
    pub ledger: &'a str,
    pub record_no: &'a str,
    pub field: &'a str,
    pub old: Option<&'a str>,
    pub new: Option<&'a str>,
    pub actor: &'a str,
    pub at: &'a str,
    pub action: &'a str,
}

/// `sha256(prev || "\n" || content)` in hex, content as a JSON array.
pub fn hash(prev: &str, r: &Row<'_>) -> String {
    // A tuple serialises exactly as `json!([..])` does.
    let content = (
        r.id,
        r.ledger,
        r.record_no,
        r.field,
        r.old,
        r.new,
        r.actor,
        r.at,
        r.action,
    );
    let mut h = Sha256::new();
    h.update(prev.as_bytes());
    h.update(b"\n");
    h.update(serde_json::to_vec(&content).expect("strings serialise"));
    chain::hex(&h.finalize())
}

/// Walks the old rows of `table` in id order, calling `f(stored hash, row)`.
fn walk(
    conn: &Connection,
    table: &str,
    mut f: impl FnMut(Option<String>, &Row<'_>) -> Result<()>,
) -> Result<()> {
    let mut st = conn.prepare(&format!(
        "SELECT id, ledger, record_no, field, old_value, new_value, actor, at, action, hash
         FROM {table} ORDER BY id"
    ))?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let (ledger, no, field): (String, String, String) = (r.get(1)?, r.get(2)?, r.get(3)?);
        let (old, new): (Option<String>, Option<String>) = (r.get(4)?, r.get(5)?);
        let (actor, at, action): (String, String, String) = (r.get(6)?, r.get(7)?, r.get(8)?);
        let row = Row {
            id: r.get(0)?,
            ledger: &ledger,
            record_no: &no,
            field: &field,
            old: old.as_deref(),
            new: new.as_deref(),
            actor: &actor,
            at: &at,
            action: &action,
        };
        f(r.get(9)?, &row)?;
    }
    Ok(())
}

/// Gives every row written before the chain existed its hash (migration 4).
pub fn backfill(conn: &Connection) -> Result<()> {
    let mut prev = String::new();
    let mut hashes = Vec::new();
    walk(conn, "history", |_, row| {
        prev = hash(&prev, row);
        hashes.push((row.id, prev.clone()));
        Ok(())
    })?;
    let mut st = conn.prepare("UPDATE history SET hash = ?2 WHERE id = ?1")?;
    for (id, h) in hashes {
        st.execute(rusqlite::params![id, h])?;
    }
    Ok(())
}

/// Checks the old chain of `table`: (rows, head, first break).
pub fn verify(conn: &Connection, table: &str) -> Result<(i64, String, Option<chain::Break>)> {
    let (mut prev, mut last_id, mut count) = (String::new(), 0_i64, 0_i64);
    let mut found = None;
    walk(conn, table, |stored, row| {
        count += 1;
        if found.is_none() {
            if row.id != last_id + 1 {
                found = Some(chain::Break::Missing {
                    id: last_id + 1,
                    after: last_id,
                });
            } else if stored.as_deref() != Some(hash(&prev, row).as_str()) {
                found = Some(chain::Break::Mismatch {
                    id: row.id,
                    last: row.id,
                });
            }
        }
        prev = stored.unwrap_or_default();
        last_id = row.id;
        Ok(())
    })?;
    Ok((count, prev, found))
}

/// Who the conversion's own history row names.
const CONVERTER: &str = "Daicho";
/// The action of the conversion's history row.
pub const CONVERT_ACTION: &str = "履歴形式の変換";

/// Migration 6: checks the chain of `history_v1`, writes its rows into the
/// new `history` as actions (consecutive rows of one record, actor, time and
/// action) keeping every entry's number, then one system row holding the old
/// chain's row count and head, chained like any other.
pub fn convert(conn: &Connection, now: &str) -> Result<()> {
    let (rows, head, found) = verify(conn, "history_v1")?;
    if let Some(b) = found {
        let id = match b {
            chain::Break::Missing { id, .. } | chain::Break::Mismatch { id, .. } => id,
        };
        return Err(Error::new(
            ErrorKind::Storage,
            format!(
                "変更履歴の #{id} が記録時と一致しないため (改ざんの可能性)、新しい形式に移行できません。`daicho backup list` で改ざん前のバックアップを探し、`daicho restore` で復元してください。"
            ),
        ));
    }
    if rows == 0 {
        return Ok(());
    }
    let mut tail = history_v6::tail(conn)?;
    // The rows of the action being gathered (owned: the walk lends each row).
    type Owned = (String, Option<String>, Option<String>);
    let mut key: Option<[String; 5]> = None;
    let mut group: Vec<Owned> = Vec::new();
    let mut flush = |key: &[String; 5], group: &mut Vec<Owned>| -> Result<()> {
        let refs: Vec<ChangeRef<'_>> = group
            .iter()
            .map(|(f, o, n)| (f.as_str(), o.as_deref(), n.as_deref()))
            .collect();
        history_v6::append(conn, &mut tail, &key.each_ref().map(String::as_str), &refs)?;
        group.clear();
        Ok(())
    };
    walk(conn, "history_v1", |_, r| {
        let k = [
            r.ledger.to_string(),
            r.record_no.to_string(),
            r.actor.to_string(),
            r.at.to_string(),
            r.action.to_string(),
        ];
        if key.as_ref().is_some_and(|old| *old != k) {
            flush(key.as_ref().expect("checked"), &mut group)?;
        }
        key = Some(k);
        group.push((
            r.field.to_string(),
            r.old.map(str::to_string),
            r.new.map(str::to_string),
        ));
        Ok(())
    })?;
    if let Some(k) = &key {
        flush(k, &mut group)?;
    }
    let count = rows.to_string();
    history_v6::append(
        conn,
        &mut tail,
        &[history::SYSTEM, "history", CONVERTER, now, CONVERT_ACTION],
        &[
            ("chain_v1_rows", None, Some(&count)),
            ("chain_v1_head", None, Some(&head)),
        ],
    )
}

/// Writes at `path` a database of schema 5 (before the compact history)
/// holding the tables of the database at `src` and its history in the old
/// one-row-per-change format with its old chain: for tests of migration 6.
#[cfg(any(test, feature = "testing"))]
pub fn write_v5_copy(src: &std::path::Path, path: &std::path::Path) -> Result<()> {
    let mut conn = Connection::open(path)?;
    super::migrate(&mut conn, 5)?;
    conn.execute("ATTACH DATABASE ?1 AS src", [src.to_string_lossy()])?;
    let tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM main.sqlite_master WHERE type = 'table'
             AND name NOT IN ('history', 'status_changes') AND name NOT LIKE 'search%' AND name NOT LIKE 'sqlite%'
             AND name IN (SELECT name FROM src.sqlite_master WHERE type = 'table')",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<std::result::Result<_, _>>()?;
    let tx = conn.transaction()?;
    for t in tables {
        let cols: Vec<String> = tx
            .prepare(&format!("SELECT name FROM pragma_table_info('{t}')"))?
            .query_map([], |r| r.get(0))?
            .collect::<std::result::Result<_, _>>()?;
        let cols = cols.join(", ");
        tx.execute_batch(&format!(
            "INSERT OR REPLACE INTO main.{t} ({cols}) SELECT {cols} FROM src.{t}"
        ))?;
    }
    let mut prev = String::new();
    {
        let mut read = tx.prepare(
            "SELECT id, ledger, record_no, field, old_value, new_value, actor, at, action
             FROM src.history_entries ORDER BY id",
        )?;
        let mut write = tx.prepare(
            "INSERT INTO main.history (id, ledger, record_no, field, old_value, new_value, actor, at, action, hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?;
        let mut rows = read.query([])?;
        while let Some(r) = rows.next()? {
            let t: [String; 6] = [
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
            ];
            let (old, new): (Option<String>, Option<String>) = (r.get(4)?, r.get(5)?);
            let row = Row {
                id: r.get(0)?,
                ledger: &t[0],
                record_no: &t[1],
                field: &t[2],
                old: old.as_deref(),
                new: new.as_deref(),
                actor: &t[3],
                at: &t[4],
                action: &t[5],
            };
            prev = hash(&prev, &row);
            write.execute(rusqlite::params![
                row.id,
                row.ledger,
                row.record_no,
                row.field,
                row.old,
                row.new,
                row.actor,
                row.at,
                row.action,
                prev
            ])?;
        }
    }
    // status_changes as migration 5 made it (the narrow form is migration 10).
    tx.execute_batch(
        "INSERT INTO main.status_changes
         SELECT ledger, field, id, record_no, old_value, new_value, actor, at, action
         FROM main.history
         WHERE field IN ('status', 'closed_on', 'completed_on', 'triaged_on') AND ledger <> 'system'",
    )?;
    tx.commit()?;
    conn.execute_batch("DETACH DATABASE src")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A schema-5 database with `d`'s history in the old format.
    fn old_copy(dir: &std::path::Path) -> Connection {
        let src = dir.join("src.db");
        let mut d = crate::Daicho::open_or_create(&src).unwrap();
        crate::demo::fill(&mut d, 20, 3).unwrap();
        drop(d);
        let old = dir.join("old.db");
        write_v5_copy(&src, &old).unwrap();
        Connection::open(old).unwrap()
    }

    #[test]
    fn the_conversion_records_the_old_head_in_the_new_chain() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = old_copy(dir.path());
        let (rows, head, found) = verify(&conn, "history").unwrap();
        assert!(found.is_none() && rows > 100);
        let latest = super::super::latest_version();
        super::super::migrate_at(&mut conn, latest, "2026-12-01T09:00:00").unwrap();
        let (entries, _, found) = chain::verify(&conn).unwrap();
        assert!(found.is_none());
        assert_eq!(entries, rows + 2);
        let mut last = None;
        super::super::history_read::walk_all(&conn, |r| {
            last = Some((
                r.actor.clone(),
                r.at.clone(),
                r.action.clone(),
                r.changes.clone(),
            ));
            Ok(())
        })
        .unwrap();
        let (actor, at, action, changes) = last.unwrap();
        assert_eq!(
            (actor.as_str(), at.as_str()),
            (CONVERTER, "2026-12-01T09:00:00")
        );
        assert_eq!(action, CONVERT_ACTION);
        let want = vec![
            ("chain_v1_rows".to_string(), None, Some(rows.to_string())),
            ("chain_v1_head".to_string(), None, Some(head)),
        ];
        assert_eq!(changes, want);
    }

    #[test]
    fn a_broken_old_chain_stops_the_migration_and_loses_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = old_copy(dir.path());
        conn.execute_batch(
            "DROP TRIGGER history_no_update;
             UPDATE history SET new_value = '改ざん' WHERE id = 5;",
        )
        .unwrap();
        let err = super::super::migrate_at(&mut conn, 6, "2026-12-01T09:00:00").unwrap_err();
        assert!(err.message.contains("#5"), "{}", err.message);
        assert!(err.message.contains("daicho restore"), "{}", err.message);
        assert_eq!(super::super::schema_version(&conn).unwrap(), 5);
        let n: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM history WHERE field IS NOT NULL",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(n > 100);
    }
}
