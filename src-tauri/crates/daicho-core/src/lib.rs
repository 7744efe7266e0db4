//! Daicho's core: the four operations ledgers (インシデント台帳, 障害管理台帳,
//! 変更管理台帳, リリース管理), their workflows and the local store.
//!
//! Layers, outermost first:
//! - [`service`]: use cases (create, edit, run an action, triage, release
//!   stages). Every call is one transaction and writes its history.
//! - [`domain`]: plain types and the rules that keep them valid — field
//!   schemas, status flows, value parsing. Knows nothing of SQL.
//! - [`store`]: the SQLite connection, migrations and every SQL string.
//!
//! Nothing here depends on Tauri, a window or a display.

pub mod demo;
pub mod domain;
pub mod error;
pub mod service;
pub mod store;

pub use domain::ledger::Ledger;
pub use domain::record::Record;
pub use domain::value::Value;
pub use error::{Error, ErrorKind, Result};
pub use service::Daicho;
