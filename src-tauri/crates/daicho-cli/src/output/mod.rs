//! Human output: tables with the ledgers' Japanese headers and the lines
//! each command prints. With `--json` the same values print as JSON instead.

mod escalation;
mod files;
mod ledger;
mod tables;

pub use escalation::escalations;
pub use files::{definitions, import_outcome, mail, monthly, weekly, written_files};
pub use ledger::{
    actions, attachments, detail, fields, home, masters, page, release_members, search_hits,
};
pub use tables::{children, history, record};

use serde::Serialize;

/// Where a command's result goes: JSON, or the human rendering.
pub struct Out {
    pub json: bool,
}

impl Out {
    pub fn show<T: Serialize>(&self, value: &T, human: impl FnOnce() -> String) {
        if self.json {
            println!(
                "{}",
                serde_json::to_string_pretty(value).expect("serializable")
            );
        } else {
            println!("{}", human());
        }
    }
}
