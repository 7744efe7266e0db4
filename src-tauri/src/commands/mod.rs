//! IPC commands, one file per area. Each pulls the database, calls one core
//! function and converts the result; anything longer belongs in the core.

pub mod attachments;
pub mod backup;
pub mod children;
pub mod documents;
pub mod home;
pub mod import;
pub mod records;
pub mod releases;
pub mod reports;
pub mod settings;
pub mod triage;
