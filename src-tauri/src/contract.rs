//! Tests that keep the window's halves in step where the compiler cannot:
//! the IPC command list (written in `build.rs`, `capabilities/main.json`,
//! `generate_handler!` in `main.rs` and `ui/src/api.ts`) and the date
//! grammar the UI validates with (cases in `ui/src/date-cases.json`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn file(rel: &str) -> String {
    let p: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// The text between `start` and the first `end` after it.
fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text
        .find(start)
        .unwrap_or_else(|| panic!("«{start}» not found"))
        + start.len();
    let len = text[from..]
        .find(end)
        .unwrap_or_else(|| panic!("«{end}» not found"));
    &text[from..from + len]
}

/// `"a", "b"` → {a, b}.
fn quoted(text: &str) -> BTreeSet<String> {
    text.split('"')
        .skip(1)
        .step_by(2)
        .map(String::from)
        .collect()
}

fn build_rs() -> BTreeSet<String> {
    quoted(between(
        &file("build.rs"),
        "const COMMANDS: &[&str] = &[",
        "];",
    ))
}

fn capabilities() -> BTreeSet<String> {
    let json: serde_json::Value = serde_json::from_str(&file("capabilities/main.json")).unwrap();
    json["permissions"]
        .as_array()
        .expect("permissions")
        .iter()
        .filter_map(|p| p.as_str()?.strip_prefix("allow-"))
        .map(|p| p.replace('-', "_"))
        .collect()
}

fn generate_handler() -> BTreeSet<String> {
    between(&file("src/main.rs"), "generate_handler![", "]")
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| p.rsplit("::").next().unwrap().to_string())
        .collect()
}

/// Every `call<T>("name", …)` in the UI's IPC module.
fn api_ts() -> BTreeSet<String> {
    let text = file("../ui/src/api.ts");
    let mut out = BTreeSet::new();
    for (at, _) in text.match_indices("call<") {
        let rest = &text[at..];
        let Some(open) = rest.find(">(") else {
            continue;
        };
        if let Some(name) = rest[open + 2..].strip_prefix('"') {
            out.insert(name[..name.find('"').unwrap()].to_string());
        }
    }
    out
}

#[test]
fn the_ipc_command_list_is_the_same_in_all_four_places() {
    let build = build_rs();
    assert!(build.len() > 30, "build.rs COMMANDS: {build:?}");
    for (name, other) in [
        ("capabilities/main.json", capabilities()),
        ("generate_handler! in src/main.rs", generate_handler()),
        ("ui/src/api.ts", api_ts()),
    ] {
        let missing: Vec<_> = build.difference(&other).collect();
        let extra: Vec<_> = other.difference(&build).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{name} differs from build.rs COMMANDS: missing {missing:?}, not in build.rs {extra:?}"
        );
    }
}

#[test]
fn the_ui_date_cases_are_what_the_core_reads() {
    use daicho_core::domain::value::{parse_date, parse_datetime};
    let cases: serde_json::Value =
        serde_json::from_str(&file("../ui/src/date-cases.json")).unwrap();
    let list = |key: &str| -> Vec<(String, Option<String>)> {
        serde_json::from_value(cases[key].clone()).unwrap_or_else(|e| panic!("{key}: {e}"))
    };
    let dates = list("dates");
    assert!(dates.len() > 10);
    for (input, want) in dates {
        let got = parse_date(&input)
            .ok()
            .map(|d| d.format("%Y-%m-%d").to_string());
        assert_eq!(got, want, "date «{input}»");
    }
    for (input, want) in list("date_times") {
        let got = parse_datetime(&input)
            .ok()
            .map(|d| d.format("%Y-%m-%dT%H:%M").to_string());
        assert_eq!(got, want, "date-time «{input}»");
    }
}
