//! The history as migrations 6 to 10 stored it (texts and a 32-byte hash on
//! every row) and its conversion to the compact form of migration 11
//! ([`convert`]): migration 6 writes its rows with [`append`]; migration 11
//! checks their chain and rewrites them with the same entry numbers and the
//! same chain values, kept per block ([`super::chain`]), so the head does
//! not change.

use rusqlite::{Connection, OptionalExtension};

use super::chain::{self, Action, Tail};
use super::history::{self, ChangeRef};
use super::history_codes::Interner;
use crate::error::{Error, ErrorKind, Result};

/// Marker in migration 11 where the rows of `history_v6` are converted.
pub const CONVERT_MARKER: &str = "-- @compact history v6";

/// The tail of a history in the format of migration 6.
pub fn tail(conn: &Connection) -> Result<Tail> {
    let ends = "CASE WHEN json_valid(changes) THEN json_array_length(changes) ELSE 0 END";
    Ok(conn
        .prepare_cached(&format!(
            "SELECT id + {ends}, hash FROM history ORDER BY id DESC LIMIT 1"
        ))?
        .query_row([], |r| {
            let mut t = Tail::empty();
            t.next = r.get(0)?;
            t.prev = r.get::<_, Option<Vec<u8>>>(1)?.unwrap_or_default();
            Ok(t)
        })
        .optional()?
        .unwrap_or_else(Tail::empty))
}

/// Appends one row in the format of migration 6 (its conversion).
pub fn append(
    conn: &Connection,
    tail: &mut Tail,
    key: &[&str; 5],
    changes: &[ChangeRef<'_>],
) -> Result<()> {
    let [ledger, record_no, actor, at, action] = *key;
    let text = serde_json::to_string(changes).expect("strings serialise");
    let row = Action::new(tail.next, key, &text);
    let hash = chain::hash(&tail.prev, &row);
    conn.prepare_cached(
        "INSERT INTO history (id, ledger, record_no, actor, at, action, changes, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(rusqlite::params![
        row.id,
        ledger,
        record_no,
        actor,
        at,
        action,
        text,
        &hash[..]
    ])?;
    tail.next += changes.len() as i64;
    tail.prev = hash.to_vec();
    Ok(())
}

fn tampered(id: i64) -> Error {
    Error::new(
        ErrorKind::Storage,
        format!(
            "変更履歴の #{id} が記録時と一致しないため (改ざんの可能性)、新しい形式に移行できません。`daicho backup list` で改ざん前のバックアップを探し、`daicho restore` で復元してください。"
        ),
    )
}

/// Migration 11: writes the rows of `history_v6` into the compact tables in
/// id order, checking that each one's recomputed chain value is the one it
/// stored (a broken chain stops the migration, naming the row).
pub fn convert(conn: &Connection) -> Result<()> {
    let mut st = conn.prepare(
        "SELECT id, ledger, record_no, actor, at, action, changes, hash
         FROM history_v6 ORDER BY id",
    )?;
    let mut rows = st.query([])?;
    let mut tail = Tail::empty();
    let mut names = Interner::default();
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let key: [String; 5] = [r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?];
        let text: String = r.get(6)?;
        let stored: Option<Vec<u8>> = r.get(7)?;
        type Stored = (String, Option<String>, Option<String>);
        let changes: Vec<Stored> = serde_json::from_str(&text).map_err(|_| tampered(id))?;
        if id != tail.next || changes.is_empty() {
            return Err(tampered(id.min(tail.next)));
        }
        let refs: Vec<ChangeRef<'_>> = changes
            .iter()
            .map(|(f, o, n)| (f.as_str(), o.as_deref(), n.as_deref()))
            .collect();
        history::append(
            conn,
            &mut names,
            &mut tail,
            &key.each_ref().map(String::as_str),
            &refs,
            false,
        )?;
        // The same content under the same chain gives the stored value.
        if stored.as_deref() != Some(&tail.prev[..]) {
            return Err(tampered(id));
        }
    }
    tail.save(conn)
}

#[cfg(test)]
mod tests {
    use super::super::{chain, chain_v1, latest_version, migrate_at, schema_version};
    use rusqlite::Connection;

    type Entry = (
        i64,
        String,
        String,
        String,
        Option<String>,
        Option<String>,
        String,
        String,
        String,
    );

    /// A database at schema 9 (history in the format of migration 6).
    fn at_v9(dir: &std::path::Path) -> Connection {
        let src = dir.join("src.db");
        let mut d = crate::Daicho::open_or_create(&src).unwrap();
        crate::demo::fill(&mut d, 30, 3).unwrap();
        drop(d);
        let old = dir.join("old.db");
        chain_v1::write_v5_copy(&src, &old).unwrap();
        let mut conn = Connection::open(old).unwrap();
        migrate_at(&mut conn, 9, "2026-12-01T09:00:00").unwrap();
        conn
    }

    fn entries(conn: &Connection) -> Vec<Entry> {
        let mut st = conn
            .prepare(
                "SELECT id, ledger, record_no, field, old_value, new_value, actor, at, action
                 FROM history_entries ORDER BY id",
            )
            .unwrap();
        st.query_map([], |r| Entry::try_from(r))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    #[test]
    fn migration_11_keeps_every_entry_and_the_head() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = at_v9(dir.path());
        let before = entries(&conn);
        assert!(before.len() > 500, "{}", before.len());
        let head: Vec<u8> = conn
            .query_row(
                "SELECT hash FROM history ORDER BY id DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .unwrap();
        migrate_at(&mut conn, latest_version(), "2026-12-01T09:00:00").unwrap();
        // The view reads the compact rows as the old one read the texts.
        assert_eq!(entries(&conn), before);
        let (count, new_head, found) = chain::verify(&conn).unwrap();
        assert_eq!((count, found), (before.len() as i64, None));
        assert_eq!(new_head, chain::hex(&head), "the head is unchanged");
        let blocks: i64 = conn
            .query_row("SELECT COUNT(*) FROM history_blocks", [], |r| r.get(0))
            .unwrap();
        assert!(blocks > 1, "{blocks}");
    }

    #[test]
    fn a_broken_chain_stops_migration_11_and_loses_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = at_v9(dir.path());
        let id: i64 = conn
            .query_row(
                "SELECT id FROM history ORDER BY id LIMIT 1 OFFSET 40",
                [],
                |r| r.get(0),
            )
            .unwrap();
        conn.execute_batch(&format!(
            "DROP TRIGGER history_no_update;
             UPDATE history SET actor = '誰か' WHERE id = {id};"
        ))
        .unwrap();
        let err = migrate_at(&mut conn, latest_version(), "2026-12-01T09:00:00").unwrap_err();
        assert!(err.message.contains(&format!("#{id} ")), "{}", err.message);
        assert!(err.message.contains("daicho restore"), "{}", err.message);
        // Each migration is its own transaction: 10 went through, 11 did not.
        assert_eq!(schema_version(&conn).unwrap(), 10);
        let actor: String = conn
            .query_row("SELECT actor FROM history WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(actor, "誰か", "the old rows are still there");
    }
}
