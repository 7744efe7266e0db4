//! The one error type of the core. Messages are Japanese because they reach
//! the user unchanged (CLI stderr, the window's error banner); `kind` lets a
//! caller react without parsing text.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// A record, master value or file that does not exist.
    NotFound,
    /// Bad input: a missing required field, an unparsable date, an unknown master value.
    Invalid,
    /// A workflow action not allowed in the record's current status.
    IllegalAction,
    /// Two writers collided or a unique value already exists.
    Conflict,
    /// The database or file system failed.
    Storage,
}

/// `message` is what the user sees; `detail` keeps the technical cause
/// (SQLite's message, which can quote SQL) for `Debug` and logs only.
#[derive(Debug, Clone, thiserror::Error, Serialize)]
#[error("{message}")]
pub struct Error {
    pub kind: ErrorKind,
    pub message: String,
    #[serde(skip)]
    pub detail: Option<String>,
}

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            kind,
            message: message.into(),
            detail: None,
        }
    }
    /// Keeps a technical cause for `Debug` and logs (never shown).
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Invalid, message)
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::NotFound, message)
    }
    pub fn illegal(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::IllegalAction, message)
    }
}

/// What to tell the user when the database file itself is damaged.
pub const CORRUPT_ADVICE: &str = "データベースが壊れています。`daicho backup list` で最新の正常なバックアップを確認し、`daicho restore ファイル` で復元してください (設定画面の「復元」でも同じです)。";

impl From<rusqlite::Error> for Error {
    /// Maps SQLite's errors to Japanese messages that say what to do; the
    /// SQLite text (which may quote SQL) stays in `detail`.
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode as C;
        let (kind, message) = match &e {
            rusqlite::Error::SqliteFailure(f, msg) => match f.code {
                C::DatabaseBusy | C::DatabaseLocked => (
                    ErrorKind::Conflict,
                    "データベースが他の処理で使用中です。しばらくしてから再実行してください。",
                ),
                // The history's append-only triggers (migration 004).
                C::ConstraintViolation
                    if msg.as_deref().is_some_and(|m| m.contains(HISTORY_APPEND_ONLY)) =>
                {
                    (
                    ErrorKind::IllegalAction,
                        "変更履歴は書き換え・削除できません。",
                    )
                }
                C::ConstraintViolation => (
                    ErrorKind::Conflict,
                    "同じ値が既に登録されているか、関連するデータと矛盾するため保存できませんでした。入力を確認してください。",
                ),
                C::DatabaseCorrupt | C::NotADatabase => (ErrorKind::Storage, CORRUPT_ADVICE),
                C::DiskFull => (
                    ErrorKind::Storage,
                    "ディスクの空き容量が足りません。空きを作ってから再実行してください。",
                ),
                C::ReadOnly | C::PermissionDenied | C::CannotOpen => (
                    ErrorKind::Storage,
                    "データベースファイルに書き込めません。ファイルの場所と権限を確認してください。",
                ),
                C::SystemIoFailure => (
                    ErrorKind::Storage,
                    "ディスクの読み書きに失敗しました。ディスクを確認してから再実行してください。",
                ),
                _ => (ErrorKind::Storage, INTERNAL),
            },
            _ => (ErrorKind::Storage, INTERNAL),
        };
        Error {
            kind,
            message: message.to_string(),
            detail: Some(e.to_string()),
        }
    }
}

/// The message of the history's append-only triggers.
const HISTORY_APPEND_ONLY: &str = "history is append-only";

const INTERNAL: &str =
    "データベースの処理に失敗しました。もう一度実行し、続く場合は管理者に連絡してください。";

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::new(
            ErrorKind::Storage,
            format!("ファイル操作に失敗しました: {e}"),
        )
    }
}
