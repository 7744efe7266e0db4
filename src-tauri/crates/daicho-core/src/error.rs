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

#[derive(Debug, Clone, thiserror::Error, Serialize)]
#[error("{message}")]
pub struct Error {
    pub kind: ErrorKind,
    pub message: String,
}

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            kind,
            message: message.into(),
        }
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

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        if let rusqlite::Error::SqliteFailure(f, _) = &e {
            match f.code {
                rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked => {
                    return Error::new(
                        ErrorKind::Conflict,
                        "データベースが他の処理で使用中です。しばらくしてから再実行してください。",
                    )
                }
                rusqlite::ErrorCode::ConstraintViolation => {
                    return Error::new(ErrorKind::Conflict, format!("一意制約に違反しました: {e}"))
                }
                _ => {}
            }
        }
        Error::new(ErrorKind::Storage, format!("データベースエラー: {e}"))
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::new(
            ErrorKind::Storage,
            format!("ファイル操作に失敗しました: {e}"),
        )
    }
}
