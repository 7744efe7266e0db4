//! Master lists: 発生元組織, 担当者 (people) and 優先度.

use rusqlite::Connection;
use serde::Serialize;

use crate::error::Result;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Master {
    Organization,
    Person,
    Priority,
}

impl Master {
    fn table(self) -> &'static str {
        match self {
            Master::Organization => "organizations",
            Master::Person => "people",
            Master::Priority => "priorities",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Master::Organization => "発生元組織",
            Master::Person => "担当者",
            Master::Priority => "優先度",
        }
    }
    pub fn from_key(s: &str) -> Option<Master> {
        match s {
            "org" | "orgs" | "organization" | "organizations" | "組織" | "発生元組織" => {
                Some(Master::Organization)
            }
            "person" | "people" | "担当者" | "人" => Some(Master::Person),
            "priority" | "priorities" | "優先度" => Some(Master::Priority),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct MasterEntry {
    pub name: String,
    pub active: bool,
    pub sort_order: i64,
}

pub fn list(conn: &Connection, m: Master, include_inactive: bool) -> Result<Vec<MasterEntry>> {
    let sql = format!(
        "SELECT name, active, sort_order FROM {} {} ORDER BY sort_order, name",
        m.table(),
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
        t = m.table()
    );
    Ok(conn.execute(&sql, [name])? > 0)
}

/// Hides a value from new input; records keep it.
pub fn deactivate(conn: &Connection, m: Master, name: &str) -> Result<bool> {
    let sql = format!(
        "UPDATE {} SET active = 0 WHERE name = ?1 AND active = 1",
        m.table()
    );
    Ok(conn.execute(&sql, [name])? > 0)
}

pub fn is_active(conn: &Connection, m: Master, name: &str) -> Result<bool> {
    let sql = format!(
        "SELECT COUNT(*) FROM {} WHERE name = ?1 AND active = 1",
        m.table()
    );
    Ok(conn.query_row(&sql, [name], |r| r.get::<_, i64>(0))? > 0)
}
