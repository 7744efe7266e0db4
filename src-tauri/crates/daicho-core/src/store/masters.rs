//! Master lists' tables: 発生元組織, 担当者 (people), 優先度, 対象システム.

use rusqlite::Connection;

use crate::domain::master::{Master, MasterEntry};
use crate::error::Result;

fn table(m: Master) -> &'static str {
    match m {
        Master::Organization => "organizations",
        Master::Person => "people",
        Master::Priority => "priorities",
        Master::System => "systems",
    }
}

/// Sets a 対象システム's service level; false when it was already that.
pub fn set_service_level(conn: &Connection, name: &str, level: Option<&str>) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "UPDATE systems SET service_level = ?2 WHERE name = ?1 AND service_level IS NOT ?2",
        )?
        .execute(rusqlite::params![name, level])?
        > 0)
}

pub fn list(conn: &Connection, m: Master, include_inactive: bool) -> Result<Vec<MasterEntry>> {
    let sql = format!(
        "SELECT name, active, sort_order, {} FROM {} {} ORDER BY sort_order, name",
        if m == Master::System {
            "service_level"
        } else {
            "NULL"
        },
        table(m),
        if include_inactive {
            ""
        } else {
            "WHERE active = 1"
        }
    );
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st.query_map([], |r| {
        Ok(MasterEntry {
            name: r.get(0)?,
            active: r.get::<_, i64>(1)? != 0,
            sort_order: r.get(2)?,
            service_level: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// Adds (or reactivates) a value. Returns false when it was already active.
pub fn add(conn: &Connection, m: Master, name: &str) -> Result<bool> {
    let sql = format!(
        "INSERT INTO {t} (name, active, sort_order)
         VALUES (?1, 1, (SELECT COALESCE(MAX(sort_order), 0) + 1 FROM {t}))
         ON CONFLICT (name) DO UPDATE SET active = 1 WHERE active = 0",
        t = table(m)
    );
    Ok(conn.prepare_cached(&sql)?.execute([name])? > 0)
}

/// Hides a value from new input; records keep it.
pub fn deactivate(conn: &Connection, m: Master, name: &str) -> Result<bool> {
    let sql = format!(
        "UPDATE {} SET active = 0 WHERE name = ?1 AND active = 1",
        table(m)
    );
    Ok(conn.prepare_cached(&sql)?.execute([name])? > 0)
}
