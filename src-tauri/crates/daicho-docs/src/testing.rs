//! Helpers for the tests of the output crates (docs, export, reports), behind
//! the `testing` feature: external tools (poppler's `pdftotext`, `pdffonts`,
//! `pdftoppm`; `unzip`) that check the files we write.
//!
//! Locally a missing tool skips that check (with a note on stderr); under CI
//! (`CI` set to anything but empty, `false` or `0`), where the setup
//! installs the tools, a missing tool fails the test.

use std::ffi::OsStr;
use std::process::Command;

/// True when running under CI.
pub fn under_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !matches!(v.trim(), "" | "false" | "0"))
}

/// Runs `name` with `args` and returns its stdout; None when the tool is not
/// installed (locally only: under CI that panics). A failing run panics.
pub fn tool<I, S>(name: &str, args: I) -> Option<String>
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let out = match Command::new(name).args(args).output() {
        Ok(out) => out,
        Err(e) if under_ci() => panic!("{name} is required in CI: {e}"),
        Err(e) => {
            eprintln!("SKIP: {name} is not installed ({e}); its checks are left out");
            return None;
        }
    };
    assert!(
        out.status.success(),
        "{name} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// `pdftotext -layout <pdf> -`: the text of a PDF with its layout.
pub fn pdf_text(pdf: &std::path::Path) -> Option<String> {
    tool(
        "pdftotext",
        [OsStr::new("-layout"), pdf.as_os_str(), OsStr::new("-")],
    )
}
