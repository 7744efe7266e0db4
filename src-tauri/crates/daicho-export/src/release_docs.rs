//! The seed's release documents per incident: for each record of a release,
//! `リリース管理/<インシデントNo>_<タイトル>/` with
//! `<No>_<タイトル>_動作確認手順書.xlsx`, `<No>_<タイトル>_テスト仕様書.xlsx`
//! (the 不具合管理表 form, as the seed files it) and the
//! ステージング環境 / 本番環境 テスト仕様書. They are working documents the team
//! fills in, so a file that already exists is kept, never overwritten.

use std::path::PathBuf;

use daicho_core::domain::ledger::Ledger;
use daicho_core::{Daicho, Error, Record, Result};
use daicho_docs::files::write_file;
use daicho_docs::{load_template, render_xlsx, DocData, DocValue, RenderOptions, Written};
use serde::Serialize;

use crate::mapping::{doc_value, push_child_rows};
use crate::settings::{layout_for, place, prepare};
use crate::{doc_err, Destination, ExportSettings};

/// What [`write_release_item_documents`] did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ReleaseItemDocs {
    /// Files written now.
    pub written: Vec<Written>,
    /// Files that were there already (kept as the team edited them).
    pub kept: Vec<Written>,
}

/// (document name in the file name, template, title, planned-date field)
const DOCUMENTS: &[(&str, &str, Option<&str>, Option<&str>)] = &[
    ("動作確認手順書", "verification_procedure", None, None),
    ("テスト仕様書", "defect_list", Some("テスト仕様書"), None),
    (
        "ステージング環境テスト仕様書",
        "test_spec",
        Some("ステージング環境テスト仕様書"),
        Some("staging_planned_on"),
    ),
    (
        "本番環境テスト仕様書",
        "test_spec",
        Some("本番環境テスト仕様書"),
        Some("prod_planned_on"),
    ),
];

/// Writes the documents of every record of release `version`, one folder
/// per incident (the record's own No. and title when it has no incident).
pub fn write_release_item_documents(
    d: &Daicho,
    version: &str,
    dest: &Destination,
    settings: &ExportSettings,
) -> Result<ReleaseItemDocs> {
    let rel = d.get(version)?;
    if rel.ledger != Ledger::Release {
        return Err(Error::invalid(format!(
            "リリースの文書はリリースVer. を指定して作成します ({} はリリースではありません)。",
            rel.no
        )));
    }
    let members = d.release_members(&rel.no)?;
    if members.is_empty() {
        return Err(Error::invalid(format!(
            "リリース {} に案件がありません。先に障害・変更の案件を追加してください。",
            rel.no
        )));
    }
    let layout = layout_for(dest, settings)?;
    let defects = d.children(&rel.no, "defects")?;
    let opts = RenderOptions {
        issuer: settings.issuer.clone(),
    };
    let mut out = ReleaseItemDocs::default();
    for m in &members {
        let (i_no, title) = incident_of(d, m)?;
        for (doc, template, title_override, planned) in DOCUMENTS {
            let path = place_item(dest, layout.release_item_doc(&i_no, &title, doc));
            if path.exists() {
                out.kept.push(Written::new(path, 1, &[]));
                continue;
            }
            let mut t =
                load_template(template, settings.template_dir.as_deref()).map_err(doc_err)?;
            if let Some(tt) = title_override {
                t.title = tt.to_string();
            }
            let mut data = DocData::new()
                .with("created_on", d.today())
                .with("author", d.actor());
            for f in Ledger::Release.fields() {
                data.set(f.key, doc_value(rel.get(f.key)));
            }
            data.set("title", DocValue::Text(title.clone()));
            data.set("incident_no", DocValue::Text(i_no.clone()));
            if let Some(p) = planned {
                data.set("planned_on", doc_value(rel.get(p)));
                data.set(
                    "environment",
                    DocValue::Text(doc.replace("テスト仕様書", "")),
                );
            }
            data.push_row(
                "members",
                [
                    ("no", DocValue::Text(m.no.clone())),
                    ("title", DocValue::Text(m.text("title").into())),
                    ("status", DocValue::Text(m.status().into())),
                ],
            );
            push_child_rows(&mut data, "defects", &defects);
            let (bytes, report) = render_xlsx(&t, &data, &opts).map_err(doc_err)?;
            prepare(dest, settings, &path)?;
            if let Destination::Folder(_) = dest {
                if let Some(dir) = path.parent() {
                    std::fs::create_dir_all(dir).map_err(|e| {
                        Error::invalid(format!("フォルダ {} を作成できません: {e}", dir.display()))
                    })?;
                }
            }
            write_file(&path, &bytes).map_err(doc_err)?;
            out.written
                .push(Written::new(path, report.pages, &report.missing_glyphs));
        }
    }
    Ok(out)
}

/// The incident a release member came from: (No., タイトル).
fn incident_of(d: &Daicho, m: &Record) -> Result<(String, String)> {
    let linked = d
        .detail(&m.no)?
        .links
        .into_iter()
        .find(|l| l.relation == "incident");
    Ok(match linked {
        Some(l) => (l.no, l.title),
        None => (m.no.clone(), m.text("title").to_string()),
    })
}

/// A chosen folder keeps the per-incident sub-folder (`<No>_<タイトル>/<file>`).
fn place_item(dest: &Destination, layout_path: PathBuf) -> PathBuf {
    match (dest, layout_path.parent().and_then(|p| p.file_name())) {
        (Destination::Folder(dir), Some(item)) => dir
            .join(item)
            .join(layout_path.file_name().expect("a file")),
        _ => place(dest, layout_path),
    }
}
