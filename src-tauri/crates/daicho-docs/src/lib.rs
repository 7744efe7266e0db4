//! Daicho document engine (`daicho-docs`).
//!
//! Turns plain data ([`DocData`]) into the team's documents, independent of the
//! ledger model (the core converts its records into `DocData`):
//!
//! - [`template`]: form templates as TOML data (built-in + override folder);
//! - [`render_pdf`] / [`render_xlsx`]: one template, two agreeing outputs;
//! - [`pdf::canvas`]: the PDF drawing surface (bundled fonts parsed once per
//!   process), also used by the reports;
//! - [`LedgerWriter`] / [`write_ledger_xlsx`]: whole ledgers as filterable
//!   workbooks, streamed row by row;
//! - [`mail`]: plain-text mail drafts (release notices, failure notices);
//! - [`files`]: safe file names, the shared-drive layout, atomic writes,
//!   and [`Written`], what callers report back for each file.
//!
//! Invariant: every file this crate writes goes through [`files::atomic_write`].

pub mod data;
pub mod files;
mod ledger_xlsx;
pub mod mail;
pub mod pdf;
mod replace;
pub mod template;
mod template_limits;
#[cfg(feature = "testing")]
pub mod testing;
mod wrap;
mod xlsx;
pub use files::{atomic_write, safe_file_name, write_file, DocFormat, SharedLayout, Written};
pub use ledger_xlsx::{
    write_ledger_xlsx, LedgerColumn, LedgerKind, LedgerWriter, LEDGER_SHEET, MAX_SHEET_ROWS,
};
pub use mail::{render_mail, FailureNotice, MailKind, ReleaseMail, ReleaseMailItem};
pub use xlsx::{cell_text, render_xlsx, CUT_MARKER, MAX_CELL_CHARS};

use std::path::{Path, PathBuf};

pub use data::{format_date, format_datetime, DocData, DocRow, DocValue};

pub use pdf::render_pdf;

/// The bundled Japanese fonts (Regular, Bold) as TTF bytes.
pub mod fonts {
    pub use crate::pdf::canvas::{BOLD_TTF, REGULAR_TTF};
}
pub use template::{load_template, Template};
pub use wrap::wrap_text;

/// Settings that are not part of the record but of the installation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RenderOptions {
    /// Company / team name printed in the issuer line (`{issuer}`).
    pub issuer: String,
}

/// What a render produced besides the bytes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RenderReport {
    /// Characters the bundled font cannot show (printed as a blank box);
    /// the caller should warn the user. Sorted, without duplicates.
    pub missing_glyphs: Vec<char>,
    /// Number of pages (PDF) or 1 (xlsx sheet).
    pub pages: usize,
}

/// Errors of this crate. [`DocError::message_ja`] gives the text for users.
#[derive(Debug, thiserror::Error)]
pub enum DocError {
    /// A template file is malformed.
    #[error("template {source_name}{}: {message}", line.map(|l| format!(" line {l}")).unwrap_or_default())]
    Template {
        /// File name or kind.
        source_name: String,
        /// 1-based line, when known.
        line: Option<usize>,
        /// What is wrong (from the TOML parser or the checks).
        message: String,
    },
    /// No built-in template or mail template of that kind, and no override.
    #[error("unknown template kind: {0}")]
    UnknownKind(String),
    /// A mail template failed to parse or render.
    #[error("mail template {name}: {message}")]
    Mail {
        /// Template name.
        name: String,
        /// Details, with the line when minijinja knows it.
        message: String,
    },
    /// The target folder does not exist.
    #[error("folder not found: {}", .0.display())]
    FolderMissing(PathBuf),
    /// File-system error at a path (permission denied, disk full, …).
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder concerned.
        path: PathBuf,
        /// Underlying error.
        source: std::io::Error,
    },
    /// The xlsx writer failed.
    #[error("xlsx: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    /// The target is open in another program (Excel) and could not be
    /// replaced after a short retry; the target and its `.bak` are untouched.
    #[error("{}: the file is open in another program", .0.display())]
    InUse(PathBuf),
    /// The caller's writer closure failed; the target was left untouched.
    #[error("write aborted: {0}")]
    Aborted(String),
}

impl DocError {
    pub(crate) fn io(path: &Path, source: std::io::Error) -> Self {
        DocError::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    /// A message for the user, in Japanese.
    pub fn message_ja(&self) -> String {
        match self {
            DocError::Template {
                source_name,
                line,
                message,
            } => match line {
                Some(l) => {
                    format!("テンプレート {source_name} の {l} 行目に誤りがあります: {message}")
                }
                None => format!("テンプレート {source_name} に誤りがあります: {message}"),
            },
            DocError::UnknownKind(k) => format!("テンプレート「{k}」が見つかりません。"),
            DocError::Mail { name, message } => {
                format!("メールテンプレート {name} に誤りがあります: {message}")
            }
            DocError::FolderMissing(p) => {
                format!("保存先フォルダが見つかりません: {}", p.display())
            }
            DocError::Io { path, source } => match source.kind() {
                std::io::ErrorKind::PermissionDenied => format!(
                    "保存先に書き込む権限がありません（読み取り専用の可能性があります）: {}",
                    path.display()
                ),
                std::io::ErrorKind::NotFound => {
                    format!("ファイルまたはフォルダが見つかりません: {}", path.display())
                }
                _ => format!(
                    "ファイルを保存できませんでした: {} ({source})",
                    path.display()
                ),
            },
            DocError::InUse(p) => format!(
                "{} はExcelで開かれています。閉じてから再度出力してください（既存のファイルは変更されていません）。",
                p.display()
            ),
            DocError::Xlsx(e) => format!("Excel ファイルを作成できませんでした: {e}"),
            DocError::Aborted(m) => {
                format!("出力を中止しました（既存のファイルは変更されていません）: {m}")
            }
        }
    }
}
