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
        let text = if self.json {
            serde_json::to_string_pretty(value).expect("serializable")
        } else {
            human()
        };
        print_line(&text);
    }

    /// [`Out::show`] with the JSON written straight to stdout, with no
    /// string or `serde_json::Value` in between: a report's figures at 100k
    /// records are megabytes. (Keys print in `T`'s field order.)
    pub fn show_streamed<T: Serialize>(&self, value: &T, human: impl FnOnce() -> String) {
        if !self.json {
            return print_line(&human());
        }
        use std::io::Write;
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        let written = serde_json::to_writer_pretty(&mut out, value)
            .map_err(std::io::Error::from)
            .and_then(|_| writeln!(out))
            .and_then(|_| out.flush());
        if let Err(e) = written {
            print_failed(e);
        }
    }
}

/// Prints `text` and a newline. A reader that stopped reading (`daicho list
/// | head`) ends the program quietly, as other command-line tools do; the
/// command's work is already done and committed by then.
fn print_line(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if let Err(e) = writeln!(out, "{text}").and_then(|_| out.flush()) {
        print_failed(e);
    }
}

/// Ends the program after printing failed.
fn print_failed(e: std::io::Error) -> ! {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    eprintln!("エラー: 出力できませんでした: {e}");
    std::process::exit(1);
}
