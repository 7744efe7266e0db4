//! The one open database, shared by every command.
//!
//! NOTE: one `Mutex<Daicho>` rather than a pool: SQLite allows one writer, and
//! the single-instance plugin makes sure no second process opens the file.
//! Work runs on the blocking pool so the window never waits on the main thread.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

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
    /// A panic inside `f` fails this command only: its open transaction was
    /// dropped (rolled back) while unwinding, so the database stays usable.
    pub async fn run<T, F>(&self, f: F) -> AppResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Daicho) -> daicho_core::Result<T> + Send + 'static,
    {
        let inner = self.inner.clone()?;
        blocking(move || {
            // NOTE: a lock poisoned by an earlier panic is taken over: the
            // panic rolled its transaction back, so the Daicho is consistent.
            let mut d = inner.lock().unwrap_or_else(PoisonError::into_inner);
            isolated(|| f(&mut d).map_err(AppError::from))
        })
        .await
    }
}

/// Runs work that needs no database (reading a file to import) on the
/// blocking pool, a panic isolated like in [`Db::run`].
pub async fn blocking<T, F>(f: F) -> AppResult<T>
where
    T: Send + 'static,
    F: FnOnce() -> AppResult<T> + Send + 'static,
{
    tauri::async_runtime::spawn_blocking(move || isolated(f))
        .await
        .map_err(|e| AppError::internal(format!("内部エラーが発生しました: {e}")))?
}

/// `f`, or a Japanese error when it panics.
fn isolated<T>(f: impl FnOnce() -> AppResult<T>) -> AppResult<T> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|panic| {
        let detail = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(AppError::internal(format!(
            "内部エラーのためこの操作を中止しました。この操作の途中の変更は取り消されています。ほかの操作はそのまま続けられます。入力を見直してもう一度お試しください ({detail})。"
        )))
    })
}

/// Parses an optional date typed by the user (`2022/9/22`, ISO, 全角).
pub fn opt_date(s: Option<String>) -> daicho_core::Result<Option<chrono::NaiveDate>> {
    match s.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => daicho_core::domain::value::parse_date(s).map(Some),
        None => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db() -> Db {
        Db::new(Daicho::open_in_memory().unwrap(), PathBuf::from(":memory:"))
    }

    #[test]
    fn a_panic_fails_its_command_only() {
        let db = db();
        tauri::async_runtime::block_on(async {
            let e = db
                .run(|_| -> daicho_core::Result<()> { panic!("月が範囲外") })
                .await
                .unwrap_err();
            assert!(
                e.message.contains("この操作を中止しました"),
                "{}",
                e.message
            );
            assert!(e.message.contains("月が範囲外"), "{}", e.message);
            let n = db
                .run(|d| {
                    Ok(
                        d.masters(daicho_core::domain::master::Master::Person, false)?
                            .len(),
                    )
                })
                .await;
            assert!(n.is_ok(), "the next command works: {n:?}");
        });
    }

    #[test]
    fn a_poisoned_lock_is_recovered() {
        let db = db();
        let inner = db.inner.clone().unwrap();
        let _ = std::thread::spawn(move || {
            let _guard = inner.lock().unwrap();
            panic!("poison");
        })
        .join();
        assert!(db.inner.as_ref().unwrap().is_poisoned());
        let ok = tauri::async_runtime::block_on(db.run(|_| Ok(1)));
        assert_eq!(ok.unwrap(), 1);
    }
}
