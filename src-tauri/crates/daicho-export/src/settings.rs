//! Where files go: the configured shared-drive root (the layout of
//! daicho-docs' `SharedLayout`) or a folder the user chose, and the
//! installation settings documents need.

use std::path::{Path, PathBuf};

use daicho_core::domain::ledger::Ledger;
use daicho_core::{Daicho, Error, Result};
use daicho_docs::{files::safe_file_name, DocFormat, SharedLayout};

use crate::mapping::DocKind;

/// Settings keys kept in the database (設定 screen, `daicho config`).
pub use daicho_core::domain::settings::{OPS_FOLDER, SHARED_ROOT, TEAM_NAME, TEMPLATE_DIR};

#[derive(Debug, Clone, Default)]
pub struct ExportSettings {
    /// Root of the shared drive, e.g. `\\fileserver\運用` (10-運用・保守 inside).
    pub shared_root: Option<PathBuf>,
    /// Folder of user template overrides (`<kind>.toml`, `<mail>.txt`).
    pub template_dir: Option<PathBuf>,
    /// Company / team name for the issuer line and mail signatures.
    pub issuer: String,
    /// The team's folder below the root (default `10-運用・保守`).
    pub ops_folder: Option<String>,
}

impl ExportSettings {
    pub fn from_daicho(d: &Daicho) -> Result<ExportSettings> {
        let path = |k: &str| -> Result<Option<PathBuf>> {
            Ok(d.setting(k)?
                .filter(|s| !s.trim().is_empty())
                .map(PathBuf::from))
        };
        Ok(ExportSettings {
            shared_root: path(SHARED_ROOT)?,
            template_dir: path(TEMPLATE_DIR)?,
            issuer: d
                .setting(TEAM_NAME)?
                .unwrap_or_else(|| "運用保守チーム".to_string()),
            ops_folder: d.setting(OPS_FOLDER)?,
        })
    }

    /// The shared drive's backup folder (`10-運用・保守/バックアップ/`), where
    /// database backups are mirrored when a shared root is set.
    pub fn backup_mirror(&self) -> Option<PathBuf> {
        self.shared_root
            .as_ref()
            .map(|root| self.layout_at(root).ops_dir().join("バックアップ"))
    }

    fn layout_at(&self, root: &Path) -> SharedLayout {
        SharedLayout::new(root).with_ops_folder(self.ops_folder.as_deref().unwrap_or_default())
    }

    pub(crate) fn layout(&self) -> Result<SharedLayout> {
        match &self.shared_root {
            Some(root) => Ok(self.layout_at(root)),
            None => Err(Error::invalid(
                "共有フォルダが設定されていません。設定画面か `daicho config shared_root <フォルダ>` で指定してください (例: \\\\fileserver\\運用)。",
            )),
        }
    }
}

/// The shared drive's backup folder of `d`'s settings, when a root is set.
pub fn backup_mirror(d: &Daicho) -> Result<Option<PathBuf>> {
    Ok(ExportSettings::from_daicho(d)?.backup_mirror())
}

/// The automatic backup at start (once a day), mirrored to the shared
/// drive. It never stops the caller: what went wrong comes back as a
/// Japanese warning to show.
pub fn daily_backup(d: &mut Daicho) -> Option<String> {
    match backup_mirror(d).and_then(|m| d.backup_if_due(m.as_deref())) {
        Ok(Some(o)) => o.mirror_error.map(|w| format!("警告: {w}")),
        Ok(None) => None,
        Err(e) => Some(format!(
            "警告: 自動バックアップに失敗しました: {}",
            e.message
        )),
    }
}

/// Where a file is written.
#[derive(Debug, Clone)]
pub enum Destination {
    /// The shared-drive layout below the configured root.
    Shared,
    /// A folder the user chose; the file keeps its layout name.
    Folder(PathBuf),
}

impl Destination {
    /// The folder the user gave (`--out`, the window's folder field), or the
    /// shared drive when none or an empty one was given.
    pub fn from_folder(folder: Option<impl Into<PathBuf>>) -> Destination {
        let Some(path) = folder.map(Into::into) else {
            return Destination::Shared;
        };
        match path.to_str().map(str::trim) {
            Some("") => Destination::Shared,
            Some(trimmed) => Destination::Folder(PathBuf::from(trimmed)),
            // Not UTF-8: as given.
            None => Destination::Folder(path),
        }
    }
}

/// The document formats asked for: each key is `pdf`, `xlsx` (`excel`) or
/// `both`, and may list several with commas (`pdf,xlsx`). Japanese error
/// for anything else.
pub fn parse_formats<S: AsRef<str>>(keys: &[S]) -> Result<Vec<DocFormat>> {
    let mut out = Vec::new();
    for key in keys.iter().flat_map(|k| k.as_ref().split([',', '、'])) {
        let found: &[DocFormat] = match key.trim().to_ascii_lowercase().as_str() {
            "pdf" => &[DocFormat::Pdf],
            "xlsx" | "excel" => &[DocFormat::Xlsx],
            "both" => &[DocFormat::Pdf, DocFormat::Xlsx],
            _ => {
                return Err(Error::invalid(format!(
                    "出力形式「{}」はありません。pdf / xlsx / both を指定してください。",
                    key.trim()
                )))
            }
        };
        for f in found {
            if !out.contains(f) {
                out.push(*f);
            }
        }
    }
    Ok(out)
}

/// The layout path for the shared drive; for a chosen folder, the same file
/// name inside that folder.
pub(crate) fn place(dest: &Destination, layout_path: PathBuf) -> PathBuf {
    match dest {
        Destination::Shared => layout_path,
        Destination::Folder(dir) => dir.join(
            layout_path
                .file_name()
                .expect("layout paths end in a file name"),
        ),
    }
}

/// The configured layout, or a rootless one whose names serve a chosen folder.
pub(crate) fn layout_for(dest: &Destination, settings: &ExportSettings) -> Result<SharedLayout> {
    match dest {
        Destination::Shared => settings.layout(),
        Destination::Folder(_) => Ok(SharedLayout::new(Path::new(""))),
    }
}

fn ext(format: DocFormat) -> &'static str {
    match format {
        DocFormat::Pdf => "pdf",
        DocFormat::Xlsx => "xlsx",
    }
}

pub(crate) fn document_path(
    d: &Daicho,
    kind: DocKind,
    no: Option<&str>,
    format: DocFormat,
    dest: &Destination,
    settings: &ExportSettings,
) -> Result<PathBuf> {
    let layout = layout_for(dest, settings)?;
    let no = no.map(|n| d.get(n).map(|r| r.no)).transpose()?;
    let path = match (kind, no.as_deref()) {
        (DocKind::FailureReport, Some(n)) => layout.failure_report(n, format),
        (DocKind::ChangeSpec, Some(n)) => layout.change_spec(n, format),
        (DocKind::IncidentSheet, Some(n)) => layout.incident_sheet(n).with_extension(ext(format)),
        (
            DocKind::DefectList | DocKind::VerificationProcedure | DocKind::ReleaseNotes,
            Some(ver),
        ) => layout
            .release_dir()
            .join(safe_file_name(&format!("リリース_{ver}")))
            .join(safe_file_name(&format!(
                "{ver}_{}.{}",
                kind.label(),
                ext(format)
            ))),
        // The release forms are named as the seed names them.
        (DocKind::DefectList, None) => {
            layout.release_template(&format!("不具合管理表.テンプレート.{}", ext(format)))
        }
        (DocKind::VerificationProcedure, None) => {
            layout.release_template(&format!("動作確認手順書テンプレート.{}", ext(format)))
        }
        // Blank forms go to the テンプレート folder of their area.
        (_, None) => {
            let area = match kind.ledger() {
                Ledger::Incident => layout.incident_dir(),
                Ledger::Failure => layout.failure_dir(),
                Ledger::Change => layout.change_dir(),
                Ledger::Release => layout.release_dir(),
            };
            area.join("テンプレート").join(safe_file_name(&format!(
                "{}.{}",
                kind.label(),
                ext(format)
            )))
        }
    };
    Ok(place(dest, path))
}

pub(crate) fn ledger_path(
    ledger: Ledger,
    dest: &Destination,
    settings: &ExportSettings,
) -> Result<PathBuf> {
    let layout = layout_for(dest, settings)?;
    let path = match ledger {
        Ledger::Incident => layout.incident_ledger(),
        Ledger::Failure => layout.failure_ledger(),
        Ledger::Change => layout.change_ledger(),
        Ledger::Release => layout.release_dir().join("リリース管理台帳.xlsx"),
    };
    Ok(place(dest, path))
}

/// Creates the layout's sub-folders below an existing shared root. The root
/// itself must exist (a missing root is usually an unmounted drive: better an
/// error than files in the wrong place); a chosen folder must exist too.
pub(crate) fn prepare(dest: &Destination, settings: &ExportSettings, path: &Path) -> Result<()> {
    match path.parent() {
        Some(parent) => prepare_folder(dest, settings, parent),
        None => Ok(()),
    }
}

fn prepare_folder(dest: &Destination, settings: &ExportSettings, dir: &Path) -> Result<()> {
    let Destination::Shared = dest else {
        return Ok(());
    };
    let root = settings.layout()?.root;
    if !root.is_dir() {
        return Err(Error::invalid(format!(
            "共有フォルダ {} が見つかりません。ネットワークドライブの接続と設定を確認してください。",
            root.display()
        )));
    }
    std::fs::create_dir_all(dir).map_err(|e| {
        Error::new(
            daicho_core::ErrorKind::Storage,
            format!("フォルダ {} を作成できません: {e}", dir.display()),
        )
    })
}

/// The folder of the reports (月次報告書, 定例会資料): `10-運用・保守/報告/`
/// below the shared root, created when missing, or the chosen folder, which
/// must exist.
pub fn report_dir(dest: &Destination, settings: &ExportSettings) -> Result<PathBuf> {
    match dest {
        Destination::Folder(dir) if !dir.is_dir() => Err(Error::invalid(format!(
            "保存先フォルダが見つかりません: {}",
            dir.display()
        ))),
        Destination::Folder(dir) => Ok(dir.clone()),
        Destination::Shared => {
            let dir = settings.layout()?.reports_dir();
            prepare_folder(dest, settings, &dir)?;
            Ok(dir)
        }
    }
}

/// Places a mail draft: the layout path on the shared drive, else the folder.
pub(crate) fn mail_path(dest: &Destination, layout_path: PathBuf) -> PathBuf {
    place(dest, layout_path)
}

/// `障害管理/障害連絡/<S-No>_障害連絡_<初報|定時報|完了報>.txt`
pub(crate) fn failure_notice_path(layout: &SharedLayout, no: &str, kind_label: &str) -> PathBuf {
    layout
        .failure_dir()
        .join("障害連絡")
        .join(safe_file_name(&format!("{no}_障害連絡_{kind_label}.txt")))
}

#[cfg(test)]
mod parse_tests {
    use super::*;

    #[test]
    fn format_lists_and_their_errors() {
        let both = vec![DocFormat::Pdf, DocFormat::Xlsx];
        assert_eq!(parse_formats(&["both"]).unwrap(), both);
        assert_eq!(parse_formats(&["pdf,xlsx"]).unwrap(), both);
        assert_eq!(parse_formats(&["pdf", "xlsx", "pdf"]).unwrap(), both);
        assert_eq!(parse_formats(&["Excel"]).unwrap(), vec![DocFormat::Xlsx]);
        assert_eq!(
            parse_formats(&["docx"]).unwrap_err().message,
            "出力形式「docx」はありません。pdf / xlsx / both を指定してください。"
        );
    }

    #[test]
    fn an_empty_folder_means_the_shared_drive() {
        assert!(matches!(
            Destination::from_folder(None::<PathBuf>),
            Destination::Shared
        ));
        assert!(matches!(
            Destination::from_folder(Some("  ")),
            Destination::Shared
        ));
        match Destination::from_folder(Some(" /tmp/out ")) {
            Destination::Folder(p) => assert_eq!(p, PathBuf::from("/tmp/out")),
            Destination::Shared => panic!("a folder was given"),
        }
    }
}
