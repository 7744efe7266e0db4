//! Crash safety: `daicho` processes killed with SIGKILL at random moments
//! (while opening, writing, backing up, restoring) never leave a damaged
//! database, never lose a write they reported as committed, and never
//! issue a number twice.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use daicho_core::domain::ledger::Ledger;
use daicho_core::Daicho;

/// A small deterministic generator for the kill delays (xorshift).
struct Rng(u64);
impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

fn command(db: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_daicho"));
    c.arg("--db")
        .arg(db)
        .args(["--user", "吉岡"])
        .args(args)
        .env_remove("DAICHO_DB")
        .env_remove("DAICHO_USER")
        .env("DAICHO_NOW", "2026-11-30T10:00")
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    c
}

/// Runs `args`, killing the process after `delay_ms`; returns its stdout
/// when it finished on its own.
fn run_or_kill(db: &Path, args: &[&str], delay_ms: u64) -> Option<String> {
    let mut child = command(db, args).spawn().unwrap();
    let deadline = std::time::Instant::now() + Duration::from_millis(delay_ms);
    let mut finished = false;
    while std::time::Instant::now() < deadline {
        if child.try_wait().unwrap().is_some() {
            finished = true;
            break;
        }
        std::thread::sleep(Duration::from_micros(200));
    }
    if !finished {
        child.kill().unwrap(); // SIGKILL
    }
    let out = child.wait_with_output().unwrap();
    (finished && out.status.success()).then(|| String::from_utf8(out.stdout).unwrap())
}

fn setup(db: &Path) {
    for args in [
        &["init"][..],
        &["master", "add", "org", "石巻ガス"],
        &["master", "add", "person", "吉岡"],
    ] {
        assert!(command(db, args).status().unwrap().success(), "{args:?}");
    }
}

fn check_sound(db: &Path) -> Daicho {
    let d = Daicho::open(db).expect("the database opens after a kill");
    d.check_integrity().expect("integrity_check ok");
    assert!(d.verify_history().unwrap().ok, "history chain intact");
    d
}

const ADD: &[&str] = &[
    "add",
    "incident",
    "起票日=2026/11/30",
    "起票者=吉岡",
    "発生元組織=石巻ガス",
    "タイトル=クラッシュ試験",
    "概要=書き込み中に強制終了",
    "--json",
];

#[test]
fn writers_killed_at_random_moments_lose_nothing_they_reported() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("daicho.db");
    setup(&db);
    // How long one add takes here, so the kills spread over its whole life.
    let start = std::time::Instant::now();
    assert!(run_or_kill(&db, ADD, 10_000).is_some());
    let span = (start.elapsed().as_millis() as u64).clamp(5, 200) + 5;

    let mut rng = Rng(0x5EED_1234_ABCD_0001);
    let mut reported: Vec<String> = Vec::new();
    let mut kills = 0;
    let mut runs = 0;
    while kills < 200 && runs < 2000 {
        runs += 1;
        match run_or_kill(&db, ADD, rng.below(span)) {
            Some(out) => {
                let v: serde_json::Value = serde_json::from_str(&out).unwrap();
                reported.push(v["no"].as_str().unwrap().to_string());
            }
            None => kills += 1,
        }
    }
    assert!(kills >= 200, "only {kills} kills in {runs} runs");

    let d = check_sound(&db);
    let stored: Vec<String> = d
        .all_records(Ledger::Incident)
        .unwrap()
        .into_iter()
        .map(|r| r.no)
        .collect();
    let unique: BTreeSet<&String> = stored.iter().collect();
    assert_eq!(unique.len(), stored.len(), "a number issued twice");
    let reported_set: BTreeSet<&String> = reported.iter().collect();
    assert_eq!(
        reported_set.len(),
        reported.len(),
        "a number reported twice"
    );
    for no in &reported {
        assert!(
            unique.contains(no),
            "{no} was reported committed but is missing"
        );
    }
    assert!(stored.len() > reported.len() / 2 && !reported.is_empty());
}

#[test]
fn kills_during_backup_and_restore_leave_a_valid_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("daicho.db");
    assert!(command(&db, &["demo", "--count", "150"])
        .status()
        .unwrap()
        .success());
    let start = std::time::Instant::now();
    let out = command(&db, &["backup", "--json"]).output().unwrap();
    assert!(out.status.success(), "backup failed");
    let out = String::from_utf8(out.stdout).unwrap();
    let span = (start.elapsed().as_millis() as u64).clamp(5, 2000) + 5;
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    // Kept outside the backup folder, which prunes to one per day here.
    let good = dir.path().join("good.db");
    std::fs::copy(v["backup"]["path"].as_str().unwrap(), &good).unwrap();
    let good = good.to_str().unwrap().to_string();
    let full = Daicho::open(&db)
        .unwrap()
        .all_records(Ledger::Incident)
        .unwrap()
        .len();
    // A state to restore from that differs: one incident fewer.
    assert!(command(&db, &["delete", "I-0001"])
        .status()
        .unwrap()
        .success());

    let mut rng = Rng(0xBAC0_0F00_D00D_0002);
    for _ in 0..25 {
        run_or_kill(&db, &["backup"], rng.below(span));
        let d = check_sound(&db);
        for b in d.backups().unwrap() {
            Daicho::open(&b.path)
                .and_then(|c| c.check_integrity())
                .unwrap_or_else(|e| panic!("listed backup {} is bad: {e:?}", b.name));
        }
    }
    // How long a whole restore takes, so kills spread over all its steps.
    let start = std::time::Instant::now();
    assert!(run_or_kill(&db, &["restore", &good], 60_000).is_some());
    let rspan = start.elapsed().as_millis() as u64 + 5;
    assert!(command(&db, &["delete", "I-0001"])
        .status()
        .unwrap()
        .success());
    let mut restored = 0;
    for _ in 0..25 {
        if run_or_kill(&db, &["restore", &good], rng.below(rspan * 2)).is_some() {
            restored += 1;
            // Undo, so later kills again hit a real swap.
            assert!(command(&db, &["delete", "I-0001"])
                .status()
                .unwrap()
                .success());
        }
        let d = check_sound(&db);
        let n = d.all_records(Ledger::Incident).unwrap().len();
        assert!(
            n == full || n == full - 1,
            "{n} incidents: neither before nor after"
        );
    }
    assert!(restored > 0, "no restore ran to completion");
}
