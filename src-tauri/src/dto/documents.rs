//! 出力: written files and mail drafts.

use serde::Serialize;
use ts_rs::TS;

/// A file written to the shared drive or a chosen folder.
#[derive(Debug, Clone, Serialize, TS)]
pub struct WrittenDto {
    pub path: String,
    pub pages: i32,
    /// Characters the bundled font cannot show (printed as blanks).
    pub missing_glyphs: Vec<String>,
}

impl From<daicho_export::Written> for WrittenDto {
    fn from(w: daicho_export::Written) -> Self {
        WrittenDto {
            path: w.path.display().to_string(),
            pages: w.pages as i32,
            missing_glyphs: w.missing_glyphs,
        }
    }
}

/// One mail draft: who it is for and its text (first line `件名: …`).
#[derive(Debug, Clone, Serialize, TS)]
pub struct MailDraftDto {
    /// The Japanese label (初報, リリース案内, …).
    pub kind: String,
    pub recipient: String,
    pub file: String,
    pub text: String,
}

impl From<daicho_export::MailDraft> for MailDraftDto {
    fn from(m: daicho_export::MailDraft) -> Self {
        MailDraftDto {
            kind: m.kind.label().into(),
            recipient: m.recipient,
            file: m.file.display().to_string(),
            text: m.text,
        }
    }
}
