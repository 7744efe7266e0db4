//! Child rows (タイムライン, 調査結果, 再発防止策, 検討経緯, 不具合管理表) and
//! 同根障害 links.

use daicho_core::domain::ledger::ChildDef;
use daicho_core::service::{self, canonical_no, ledger_of};
use daicho_core::{Daicho, Result};

use super::pairs;
use crate::args::ChildCmd;
use crate::output::{self, Out};

fn child_def(no: &str, table: &str) -> Result<&'static ChildDef> {
    service::child_def(ledger_of(no), table)
}

pub fn run(d: &mut Daicho, out: &Out, cmd: ChildCmd) -> Result<()> {
    match cmd {
        ChildCmd::Add { no, table, fields } => {
            let def = child_def(&no, &table)?;
            let row = d.add_child(&no, def.key, &pairs(&fields)?)?;
            out.show(&row, || {
                format!("{}に追加しました (ID {})。", def.label, row.id)
            });
        }
        ChildCmd::Edit {
            no,
            table,
            id,
            fields,
        } => {
            let def = child_def(&no, &table)?;
            let row = d.edit_child(&no, def.key, id, &pairs(&fields)?)?;
            out.show(&row, || {
                format!("{} ID {} を更新しました。", def.label, row.id)
            });
        }
        ChildCmd::Remove { no, table, id } => {
            let def = child_def(&no, &table)?;
            d.remove_child(&no, def.key, id)?;
            out.show(&serde_json::json!({ "removed": id }), || {
                format!("{} ID {id} を削除しました。", def.label)
            });
        }
        ChildCmd::List { no, table } => {
            let def = child_def(&no, &table)?;
            let rows = d.children(&no, def.key)?;
            out.show(&rows, || output::children(def, &rows).to_string());
        }
    }
    Ok(())
}

/// Links (or unlinks) two failures as 同根障害.
pub fn link(d: &mut Daicho, out: &Out, a: &str, b: &str, remove: bool) -> Result<()> {
    d.link_same_root(a, b, !remove)?;
    let (a, b) = (canonical_no(a), canonical_no(b));
    out.show(
        &serde_json::json!({ "a": a, "b": b, "linked": !remove }),
        || {
            if remove {
                format!("{a} と {b} の同根障害を解除しました。")
            } else {
                format!("{a} と {b} を同根障害として関連付けました。")
            }
        },
    );
    Ok(())
}
