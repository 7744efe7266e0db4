//! Releases: create, members, stages, 判定, completion, evidence files.

use daicho_core::service::canonical_no;
use daicho_core::{Daicho, Error, Record, Result};

use super::{attach, date, pairs};
use crate::args::ReleaseCmd;
use crate::output::{self, Out};

/// `OK` / `NG` (full-width too) as typed at the 判定.
fn judgement(result: &str) -> Result<bool> {
    match result.trim().to_uppercase().as_str() {
        "OK" | "ＯＫ" => Ok(true),
        "NG" | "ＮＧ" => Ok(false),
        _ => Err(Error::invalid(format!(
            "判定は OK か NG で指定してください: {result}"
        ))),
    }
}

pub fn run(d: &mut Daicho, out: &Out, cmd: ReleaseCmd) -> Result<()> {
    let done = |rec: &Record, msg: String| {
        out.show(rec, || {
            format!("{msg}\nリリース {}: {}", rec.no, rec.status())
        })
    };
    match cmd {
        ReleaseCmd::Create { version, fields } => {
            let rec = d.create_release(&version, &pairs(&fields)?)?;
            done(&rec, format!("リリース {} を作成しました。", rec.no));
        }
        ReleaseCmd::Add { version, nos } => {
            let mut rec = None;
            for no in &nos {
                rec = Some(d.add_member(&version, no)?);
            }
            let rec =
                rec.ok_or_else(|| Error::invalid("追加する S-/C- の番号を指定してください。"))?;
            let nos: Vec<String> = nos.iter().map(|n| canonical_no(n)).collect();
            done(&rec, format!("{} を追加しました。", nos.join(", ")));
        }
        ReleaseCmd::Remove { version, no } => {
            let rec = d.remove_member(&version, &no)?;
            done(
                &rec,
                format!("{} を外しました (作業中に戻ります)。", canonical_no(&no)),
            );
        }
        ReleaseCmd::Advance {
            version,
            action,
            date: day,
            note,
        } => {
            let rec = d.release_action(&version, &action, date(&day)?, note.as_deref())?;
            done(&rec, format!("「{action}」を実行しました。"));
        }
        ReleaseCmd::Judge {
            version,
            result,
            date: day,
            note,
        } => {
            let ok = judgement(&result)?;
            let rec = d.judge_release(&version, ok, date(&day)?, note.as_deref())?;
            done(
                &rec,
                format!("判定 {} を記録しました。", if ok { "OK" } else { "NG" }),
            );
        }
        ReleaseCmd::Complete { version, date: day } => {
            let rec = d.complete_release(&version, date(&day)?)?;
            done(&rec, "完了報告を記録しました。対象案件は対応済、関連インシデントは本番リリース済になりました。".into());
        }
        ReleaseCmd::Docs { version, out: dir } => {
            let settings = daicho_export::ExportSettings::from_daicho(d)?;
            let dest = daicho_export::Destination::from_folder(dir);
            let docs = daicho_export::write_release_item_documents(d, &version, &dest, &settings)?;
            out.show(&docs, || {
                let mut s = output::written_files(&docs.written);
                if !docs.kept.is_empty() {
                    s.push_str(&format!(
                        "\n既にあるため書き換えなかったファイル ({} 件):\n{}",
                        docs.kept.len(),
                        output::written_files(&docs.kept)
                    ));
                }
                s
            });
        }
        ReleaseCmd::Members { version } => {
            let members = d.release_members(&version)?;
            out.show(&members, || output::release_members(&members));
        }
        ReleaseCmd::Attach { version, file } => attach::add(d, out, &version, &[file])?,
        ReleaseCmd::Extract {
            version,
            id,
            out: path,
        } => attach::save(d, out, &version, id, &path)?,
        ReleaseCmd::Detach { version, id } => attach::rm(d, out, &version, id)?,
    }
    Ok(())
}
