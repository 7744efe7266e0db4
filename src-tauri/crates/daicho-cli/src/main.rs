//! `daicho`: every ledger operation from the command line, for scripts and
//! headless tests. Reads print a table with Japanese headers, or JSON with
//! `--json`. Errors go to stderr with a non-zero exit; every write is one
//! transaction in the core, so a failed command leaves nothing half-written.
//!
//! `args` is the grammar, `cmd/` runs each command area through the core and
//! the output crates, `output/` renders the human tables and lines.

mod args;
mod cmd;
mod output;

use std::process::ExitCode;

use clap::Parser;

// Reports and imports at 100k records allocate millions of small values.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Freed memory goes back to the system after 1 ms (mimalloc waits 10 ms by
/// default). Soon, so that a report's peak, which frees its records before
/// rendering, stays low (the monthly PDF + xlsx at 100k records: about 160
/// MB; 190–210 MB with 10 ms). Not at once, so that memory freed and taken
/// again right away (a growing vector, a record read and dropped) is not
/// given back only to be faulted in again: at once, the monthly figures at
/// 100k records took twice the page faults and a twentieth more time.
fn release_memory_soon() {
    // `mi_option_purge_delay` in mimalloc v2's option list (the version is
    // pinned in the workspace's Cargo.toml).
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: setting an option is allowed at any time.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, 1) }
}

fn main() -> ExitCode {
    release_memory_soon();
    let cli = args::Cli::parse();
    let json = cli.json;
    match cmd::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if json {
                eprintln!(
                    "{}",
                    serde_json::json!({ "error": { "kind": e.kind, "message": e.message } })
                );
            } else {
                eprintln!("エラー: {}", e.message);
            }
            ExitCode::FAILURE
        }
    }
}
