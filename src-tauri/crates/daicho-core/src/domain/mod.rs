//! Plain domain types and the rules that keep them valid. No SQL here.

pub mod ledger;
pub mod master;
pub mod query;
pub mod record;
pub mod settings;
pub mod text;
pub mod value;
pub mod workflow;
