//! Master lists (発生元組織, 担当者, 優先度).

use super::{Ctx, Daicho};
use crate::domain::ledger::FieldDef;
use crate::domain::master::{Master, MasterEntry, SERVICE_LEVELS};
use crate::domain::value::{nfkc, FieldKind, Value};
use crate::error::{Error, Result};
use crate::store::{masters, Conn};

/// The active values of each master, by their width-folded spelling, read
/// from the database once per master: an import checks every master cell of
/// every row against the same lists.
#[derive(Default)]
pub(crate) struct MasterNames {
    /// (master, [(folded, spelling)] in the master's order).
    loaded: Vec<(Master, Vec<(String, String)>)>,
}

impl MasterNames {
    /// A master-backed field's value, in the master's spelling; an error
    /// listing the registered values when it is not an active one.
    pub(crate) fn check(&mut self, conn: &Conn, def: &FieldDef, v: &Value) -> Result<Value> {
        let master = match def.kind {
            FieldKind::Org => Master::Organization,
            FieldKind::Person => Master::Person,
            FieldKind::Priority => Master::Priority,
            FieldKind::System => Master::System,
            _ => return Ok(v.clone()),
        };
        let Some(name) = v.as_text() else {
            return Ok(v.clone());
        };
        let known = self.names(conn, master)?;
        let folded = nfkc(name.trim());
        if let Some((_, spelling)) = known.iter().find(|(f, _)| *f == folded) {
            return Ok(Value::Text(spelling.clone()));
        }
        let names: Vec<&str> = known.iter().map(|(_, s)| s.as_str()).collect();
        Err(Error::invalid(format!(
            "{}: 「{name}」は{}マスタにありません。登録済み: {}",
            def.label,
            master.label(),
            if names.is_empty() {
                "(なし)".to_string()
            } else {
                names.join(", ")
            }
        )))
    }

    fn names(&mut self, conn: &Conn, m: Master) -> Result<&[(String, String)]> {
        let at = match self.loaded.iter().position(|(k, _)| *k == m) {
            Some(i) => i,
            None => {
                let names = masters::list(conn, m, false)?
                    .into_iter()
                    .map(|e| (nfkc(&e.name), e.name))
                    .collect();
                self.loaded.push((m, names));
                self.loaded.len() - 1
            }
        };
        Ok(&self.loaded[at].1)
    }
}

/// Adds (or reactivates) a master value inside a transaction and records it
/// in the history; false when it was already active. Import uses it too, so
/// masters it creates are audited like any other.
pub(crate) fn add_in(tx: &Conn, ctx: &Ctx, m: Master, name: &str) -> Result<bool> {
    let was_known = masters::list(tx, m, true)?.iter().any(|e| e.name == name);
    let changed = masters::add(tx, m, name)?;
    if changed {
        let action = if was_known { "再有効化" } else { "追加" };
        super::audit::master_change(tx, ctx, m, name, action)?;
    }
    Ok(changed)
}

impl Daicho {
    pub fn masters(&self, m: Master, include_inactive: bool) -> Result<Vec<MasterEntry>> {
        masters::list(&self.conn(), m, include_inactive)
    }

    /// Adds a value; an inactive one is reactivated. Returns false if it was active.
    pub fn add_master(&mut self, m: Master, name: &str) -> Result<bool> {
        let name = crate::domain::value::nfkc(name.trim());
        if name.is_empty() {
            return Err(Error::invalid(format!(
                "{}の名前を入力してください。",
                m.label()
            )));
        }
        self.write(|tx, ctx| add_in(tx, ctx, m, &name))
    }

    /// Sets the service level (A/B/C, or none) of a 対象システム; recorded
    /// in the history. False when it already had that level.
    pub fn set_service_level(&mut self, name: &str, level: Option<&str>) -> Result<bool> {
        let level = level.map(|l| crate::domain::value::nfkc(l.trim()).to_uppercase());
        let level = level.filter(|l| !l.is_empty());
        if let Some(l) = &level {
            if !SERVICE_LEVELS.iter().any(|(k, ..)| k == l) {
                return Err(Error::invalid(format!(
                    "サービスレベル「{l}」はありません。A / B / C のいずれかを指定してください。"
                )));
            }
        }
        let name = crate::domain::value::nfkc(name.trim());
        self.write(|tx, ctx| {
            if !masters::list(tx, Master::System, true)?
                .iter()
                .any(|e| e.name == name)
            {
                return Err(Error::not_found(format!(
                    "対象システムマスタに「{name}」はありません。先に追加してください。"
                )));
            }
            let changed = masters::set_service_level(tx, &name, level.as_deref())?;
            if changed {
                let what = format!("サービスレベル {}", level.as_deref().unwrap_or("なし"));
                super::audit::master_change(tx, ctx, Master::System, &name, &what)?;
            }
            Ok(changed)
        })
    }

    /// Hides a value from new input; existing records keep it.
    pub fn deactivate_master(&mut self, m: Master, name: &str) -> Result<()> {
        let name = name.trim().to_string();
        let changed = self.write(|tx, ctx| {
            let changed = masters::deactivate(tx, m, &name)?;
            if changed {
                super::audit::master_change(tx, ctx, m, &name, "無効化")?;
            }
            Ok(changed)
        })?;
        if !changed {
            return Err(Error::not_found(format!(
                "{}マスタに「{name}」はありません。",
                m.label()
            )));
        }
        Ok(())
    }
}
