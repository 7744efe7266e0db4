//! Masters (発生元組織, 担当者, 優先度, 対象システム) and `daicho config`.

use daicho_core::domain::master::Master;
use daicho_core::{Daicho, Result};

use crate::args::MasterCmd;
use crate::output::{self, Out};

pub fn run(d: &mut Daicho, out: &Out, cmd: MasterCmd) -> Result<()> {
    match cmd {
        MasterCmd::List { kind, all } => {
            let m: Master = kind.parse()?;
            let list = d.masters(m, all)?;
            out.show(&list, || output::masters(m, &list));
        }
        MasterCmd::Add { kind, names, level } => {
            let m: Master = kind.parse()?;
            if level.is_some() && m != Master::System {
                return Err(daicho_core::Error::invalid(
                    "--level (サービスレベル) は対象システムマスタ (system) にだけ指定できます。",
                ));
            }
            for n in &names {
                d.add_master(m, n)?;
                if let Some(l) = &level {
                    d.set_service_level(n, Some(l))?;
                }
            }
            out.show(&names, || {
                format!("{}マスタに追加しました: {}", m.label(), names.join(", "))
            });
        }
        MasterCmd::Remove { kind, name } => {
            let m: Master = kind.parse()?;
            d.deactivate_master(m, &name)?;
            out.show(&name, || {
                format!(
                    "{}マスタの「{name}」を無効にしました (既存の記録はそのままです)。",
                    m.label()
                )
            });
        }
    }
    Ok(())
}

/// Shows, or stores, one of the settings a user may set (the core's list).
pub fn config(d: &mut Daicho, out: &Out, key: &str, value: Option<String>) -> Result<()> {
    if let Some(v) = value {
        d.save_user_setting(key, &v)?;
    }
    let v = d.user_setting(key)?;
    out.show(&serde_json::json!({ key: v }), || {
        format!("{key} = {}", v.clone().unwrap_or_default())
    });
    Ok(())
}
