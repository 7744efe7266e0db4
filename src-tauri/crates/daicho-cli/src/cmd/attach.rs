//! `daicho attach`: files attached to any record (証跡, 見積書・請書, エビデンス).

use std::path::{Path, PathBuf};

use daicho_core::{Daicho, Error, Result};

use crate::args::AttachCmd;
use crate::output::{self, Out};

pub fn run(d: &mut Daicho, out: &Out, cmd: AttachCmd) -> Result<()> {
    match cmd {
        AttachCmd::Add { no, files } => add(d, out, &no, &files),
        AttachCmd::List { no } => {
            let list = d.attachments(&no)?;
            out.show(&list, || {
                if list.is_empty() {
                    format!("{no} に添付ファイルはありません。")
                } else {
                    output::attachments(&list)
                }
            });
            Ok(())
        }
        AttachCmd::Open { no, id } => {
            let path = d.attachment_temp_copy(&no, id)?;
            open::that_detached(&path).map_err(|e| {
                Error::invalid(format!(
                    "{} を開けませんでした ({e})。`daicho attach save {no} {id} --out <フォルダ>` で保存してから開いてください。",
                    path.display()
                ))
            })?;
            out.show(&serde_json::json!({ "opened": path }), || {
                format!("{} を開きました。", path.display())
            });
            Ok(())
        }
        AttachCmd::Save { no, id, out: to } => save(d, out, &no, id, &to),
        AttachCmd::Rm { no, id } => rm(d, out, &no, id),
        AttachCmd::Import { folder } => {
            let done = daicho_export::import_attachments(d, &folder)?;
            out.show(&done, || {
                format!(
                    "{} 件を添付しました ({} 件は既にありました)。",
                    done.added.len(),
                    done.present.len()
                )
            });
            Ok(())
        }
    }
}

/// Attaches the files: all are checked before any is stored.
pub fn add(d: &mut Daicho, out: &Out, no: &str, files: &[PathBuf]) -> Result<()> {
    let added = d.add_attachment_files(no, files)?;
    out.show(&added, || {
        added
            .iter()
            .map(|a| {
                format!(
                    "{no} に {} ({} バイト) を添付しました (ID {})。",
                    a.name, a.size, a.id
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    });
    Ok(())
}

pub fn save(d: &Daicho, out: &Out, no: &str, id: i64, to: &Path) -> Result<()> {
    let (a, path) = d.save_attachment(no, id, to)?;
    out.show(
        &serde_json::json!({ "name": a.name, "sha256": a.sha256, "out": path }),
        || format!("{} を {} に書き出しました。", a.name, path.display()),
    );
    Ok(())
}

pub fn rm(d: &mut Daicho, out: &Out, no: &str, id: i64) -> Result<()> {
    let a = d.remove_attachment(no, id)?;
    out.show(&a, || {
        format!(
            "{no} から {} (ID {id}) を外しました。履歴に残ります。",
            a.name
        )
    });
    Ok(())
}
