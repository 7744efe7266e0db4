//! Many plain records fast: new records (no workflow steps) with varied
//! titles, dates and people, written a batch per transaction. Used by the
//! benchmark and the window's `--bulk-incidents` grid check.
//!
//! Record `k` (0-based) is the same on every run; record 0 has the earliest
//! 起票日, and only record `k`'s title contains ` {k}` followed by the end.
//! Like the story's records they carry 対象システム, an incident its 担当者
//! (and a 回答 on every third), a failure its 現象, and every other failure
//! or change a リリースノート — all from fixed text, so a row costs no
//! formatting beyond its title and 概要.

use super::vocabulary::{FAILURES, ORGS, PEOPLE, SCREENS, SYSTEMS};
use crate::domain::ledger::Ledger;
use crate::domain::master::Master;
use crate::error::Result;
use crate::Daicho;

/// Rows per transaction in [`bulk_fill`].
const BATCH: usize = 5000;

/// The リリースノート of a fix for each problem of [`FAILURES`] (same order).
const FIX_NOTES: &[&str] = &[
    "保存時にエラーとなる場合がある問題を修正しました。",
    "金額の端数処理を仕様どおりに修正しました。",
    "画面の表示を速くしました。",
    "CSV出力をExcelで開いたときの文字化けを修正しました。",
    "退職者が検索結果に表示される問題を修正しました。",
    "PDF出力がタイムアウトする問題を修正しました。",
];

const _: () = assert!(FIX_NOTES.len() == FAILURES.len());

/// The 回答 (骨子) of a generated incident.
const ANSWER: &str = "操作手順をご案内し、解決を確認する";

/// Fields a generated row has at most (so its list never grows).
const MAX_FIELDS: usize = 10;

/// The inputs of generated records `from..from + n` of `ledger` (not a
/// release). Their 発生元組織 / 担当者 come from the demo's masters.
pub fn bulk_rows(ledger: Ledger, from: usize, n: usize) -> Vec<Vec<(String, String)>> {
    (from..from + n)
        .map(|k| {
            let screen = SCREENS[k % SCREENS.len()];
            let (what, summary) = FAILURES[(k / 7) % FAILURES.len()];
            let title = format!("{screen}{what} {k}");
            let system = SYSTEMS[(k % SCREENS.len()) % SYSTEMS.len()].0;
            let mut row = Vec::with_capacity(MAX_FIELDS);
            row.extend([
                (
                    "raised_on".to_string(),
                    format!("{}-{:02}-{:02}", 2020 + k % 6, 1 + k % 12, 1 + k % 28),
                ),
                ("raised_by".into(), PEOPLE[k % PEOPLE.len()].into()),
                ("priority".into(), ["高", "中", "低"][k % 3].into()),
                ("target_system".into(), system.into()),
            ]);
            let person = PEOPLE[(k + 1) % PEOPLE.len()];
            if ledger == Ledger::Incident {
                row.push(("origin_org".into(), ORGS[(k / 3) % ORGS.len()].into()));
                row.push(("summary".into(), format!("{screen}画面: {summary}")));
                row.push((
                    "due_on".into(),
                    format!("{}-{:02}-15", 2020 + k % 7, 1 + k % 12),
                ));
                row.push(("owner".into(), person.into()));
                if k % 3 == 2 {
                    row.push(("answer".into(), ANSWER.into()));
                }
            } else {
                row.push(("assignee".into(), person.into()));
                if ledger == Ledger::Failure {
                    row.push(("phenomenon".into(), summary.into()));
                }
                if k % 2 == 0 {
                    let note = FIX_NOTES[(k / 7) % FAILURES.len()];
                    row.push(("release_note".into(), note.into()));
                }
            }
            row.push(("title".into(), title));
            row
        })
        .collect()
}

/// Adds `n` generated records to `ledger` (and the masters they use), in
/// batches of 5,000, each batch one transaction.
pub fn bulk_fill(d: &mut Daicho, ledger: Ledger, n: usize) -> Result<()> {
    d.bulk(|d| fill_now(d, ledger, n))
}

fn fill_now(d: &mut Daicho, ledger: Ledger, n: usize) -> Result<()> {
    for o in ORGS {
        d.add_master(Master::Organization, o)?;
    }
    for p in PEOPLE {
        d.add_master(Master::Person, p)?;
    }
    for (name, _) in SYSTEMS {
        d.add_master(Master::System, name)?;
    }
    let mut done = 0;
    while done < n {
        let rows = bulk_rows(ledger, done, BATCH.min(n - done));
        done += rows.len();
        d.create_many(ledger, &rows)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bulk_records_are_valid_and_numbered_in_order() {
        let mut d = Daicho::open_in_memory().unwrap();
        for l in [Ledger::Incident, Ledger::Failure, Ledger::Change] {
            bulk_fill(&mut d, l, 12).unwrap();
        }
        let i = d.get("I-0001").unwrap();
        assert_eq!(i.text("title"), "社員基本でエラーが表示される 0");
        assert_eq!(
            d.get("S-0012").unwrap().text("title"),
            "住民税の金額が不正 11"
        );
        assert!(d.get("C-0012").is_ok());
        assert!(d.get("I-0013").is_err());
        // The fields of issue 11, as the story fills them.
        let i3 = d.get("I-0003").unwrap();
        assert_eq!(i3.text("owner"), "高橋");
        assert_eq!(i3.text("answer"), ANSWER);
        assert_eq!(i3.text("target_system"), "人事評価システム");
        assert_eq!(i.text("answer"), "");
        let s9 = d.get("S-0009").unwrap();
        assert_eq!(s9.text("phenomenon"), FAILURES[1].1);
        assert_eq!(s9.text("release_note"), FIX_NOTES[1]);
        assert_eq!(s9.text("target_system"), "人事評価システム");
        assert_eq!(d.get("S-0008").unwrap().text("release_note"), "");
        assert_eq!(d.get("C-0001").unwrap().text("release_note"), FIX_NOTES[0]);
        for l in [Ledger::Incident, Ledger::Failure, Ledger::Change] {
            for row in bulk_rows(l, 0, 30) {
                assert!(row.len() <= MAX_FIELDS && row.capacity() == MAX_FIELDS);
            }
        }
    }

    fn history_indexes(d: &Daicho) -> i64 {
        crate::store::bulk::history_index_count(&d.conn())
    }

    #[test]
    fn a_failed_write_ends_the_bulk_run_and_rolls_it_back() {
        let mut d = Daicho::open_in_memory().unwrap();
        bulk_fill(&mut d, Ledger::Incident, 3).unwrap();
        let before = d.history("I-0003").unwrap().len();
        let rows = bulk_rows(Ledger::Incident, 3, 1);
        let err = d
            .bulk(|d| {
                d.create(Ledger::Incident, &rows[0])?;
                let bad = d.create(Ledger::Incident, &[("title".into(), "".into())]);
                assert!(bad.is_err());
                let refused = d.create(Ledger::Incident, &rows[0]).unwrap_err();
                assert!(refused.message.contains("一括書き込み"), "{refused:?}");
                Err::<(), _>(refused)
            })
            .unwrap_err();
        assert!(err.message.contains("一括書き込み"));
        assert!(d.get("I-0004").is_err(), "the run's writes are rolled back");
        assert!(d.get("I-0003").is_ok(), "earlier runs are kept");
        assert_eq!(d.history("I-0003").unwrap().len(), before);
        assert_eq!(history_indexes(&d), 1, "the history's index is back");
        assert!(d.verify_history().unwrap().ok);
    }

    #[test]
    fn a_bulk_run_indexes_every_record_and_keeps_the_chain() {
        let mut d = Daicho::open_in_memory().unwrap();
        super::super::fill(&mut d, 60, 7).unwrap();
        assert!(d.verify_history().unwrap().ok);
        assert_eq!(history_indexes(&d), 1);
        let hits = d.search("社員基本の項目位置変更", None, 5).unwrap();
        assert!(hits.iter().any(|h| h.no == "I-0001"), "{hits:?}");
        // Edited after creation inside the run: indexed with its final text.
        let hits = d
            .search("ログ調査を開始", Some(Ledger::Failure), 500)
            .unwrap();
        assert!(hits.len() > 1, "{hits:?}");
    }
}
