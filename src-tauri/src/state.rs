//! The one open database, shared by every command.
//!
//! NOTE: one `Mutex<Daicho>` rather than a pool: SQLite allows one writer, and
//! the single-instance plugin makes sure no second process opens the file.
//! Work runs on the blocking pool so the window never waits on the main thread.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use daicho_core::Daicho;

use crate::dto::{AppError, AppResult};

pub struct Db {
    /// The open database, or why it could not be opened.
    inner: Result<Arc<Mutex<Daicho>>, AppError>,
    pub path: PathBuf,
}

impl Db {
    pub fn new(daicho: Daicho, path: PathBuf) -> Self {
        Db {
            inner: Ok(Arc::new(Mutex::new(daicho))),
            path,
        }
    }

    /// Runs `f` with the database on the blocking pool and converts its error.
    pub async fn run<T, F>(&self, f: F) -> AppResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Daicho) -> daicho_core::Result<T> + Send + 'static,
    {
        let inner = self.inner.clone()?;
        tauri::async_runtime::spawn_blocking(move || {
            let mut d = inner.lock().map_err(|_| {
                AppError::internal("内部エラーが発生しました。アプリを再起動してください。")
            })?;
            f(&mut d).map_err(AppError::from)
        })
        .await
        .map_err(|e| AppError::internal(format!("内部エラーが発生しました: {e}")))?
    }
}

/// Parses an optional date typed by the user (`2022/9/22`, ISO, 全角).
pub fn opt_date(s: Option<String>) -> daicho_core::Result<Option<chrono::NaiveDate>> {
    match s.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => daicho_core::domain::value::parse_date(s).map(Some),
        None => Ok(None),
    }
}
