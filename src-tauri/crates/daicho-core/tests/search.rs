//! The full-text index keeps no positions: a word of three or more
//! characters is a hit only where its characters stand together.

mod common;

use common::*;
use daicho_core::domain::ledger::Ledger;
use daicho_core::domain::master::Master;
use daicho_core::domain::query::ListQuery;
use daicho_core::store::testing;
use daicho_core::Daicho;

fn quick(d: &Daicho, q: &str) -> (i64, Vec<String>) {
    let q = ListQuery {
        text: Some(q.into()),
        ..Default::default()
    };
    let page = d.list(Ledger::Incident, &q).unwrap();
    (page.total, page.records.into_iter().map(|r| r.no).collect())
}

/// I-0001 has every bigram of 項目位置 (項目, 目位, 位置) apart, in its title
/// and its summary; I-0002 has the word in its summary, I-0003 in its title.
fn scattered() -> Daicho {
    let mut d = db();
    let apart = incident(&mut d, "位置と項目、目位");
    d.edit(&apart.no, &kv(&[("概要", "項目の位置、目位")]))
        .unwrap();
    let body = incident(&mut d, "画面の並び");
    d.edit(&body.no, &kv(&[("概要", "社員基本の項目位置を変えたい")]))
        .unwrap();
    incident(&mut d, "項目 位置の変更");
    d
}

#[test]
fn bigrams_that_occur_apart_are_not_a_hit() {
    let d = scattered();
    assert_eq!(nos(&d, "項目位置"), ["I-0003", "I-0002"], "title hit first");
    assert_eq!(
        quick(&d, "項目位置"),
        (2, vec!["I-0003".into(), "I-0002".into()])
    );
    assert!(nos(&d, "目位置と").is_empty());
    assert_eq!(quick(&d, "目位置と").0, 0);
    // Each word on its own is checked; short words need no check.
    assert_eq!(nos(&d, "項目位置 変え"), ["I-0002"]);
    assert_eq!(nos(&d, "目位"), ["I-0003", "I-0001", "I-0002"]);
    assert_eq!(quick(&d, "位置").0, 3);
}

#[test]
fn the_quick_filter_reads_a_word_as_folded_text_shows_it() {
    let mut d = db();
    // さかき + a combining dakuten reads さかぎ: not a hit of さかき, though
    // the raw text holds さかき and the index every bigram of it (かき later).
    incident(&mut d, "さかき\u{3099}の件、かきの件");
    // A word split by a space, and one in a field after a long text.
    let split = incident(&mut d, "人事 異動画面の件");
    d.edit(
        &split.no,
        &kv(&[("概要", "長い説明。".repeat(40).as_str())]),
    )
    .unwrap();
    incident(&mut d, "人事異動画面の件");
    assert_eq!(quick(&d, "さかき"), (0, vec![]));
    assert_eq!(quick(&d, "さかぎ").0, 1);
    assert_eq!(
        quick(&d, "人事異動画面"),
        (2, vec!["I-0003".into(), "I-0002".into()])
    );
}

#[test]
fn a_real_hit_is_found_in_the_title_body_and_child_rows() {
    let mut d = scattered();
    assert_eq!(nos(&d, "社員基本の項目位置"), ["I-0002"]);
    assert_eq!(nos(&d, "ｼｬｲﾝ基本"), Vec::<String>::new());
    d.edit("I-0001", &kv(&[("概要", "シャイン基本")])).unwrap();
    assert_eq!(nos(&d, "ｼｬｲﾝ基本"), ["I-0001"], "全角/半角 folded");
    assert_eq!(quick(&d, "ｼｬｲﾝ基本").0, 1);
    assert!(
        nos(&d, "項目の位置").is_empty(),
        "the edit replaced the old text"
    );
}

#[test]
fn migration_12_rebuilds_the_index_from_the_records() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("daicho.db");
    {
        let mut d = Daicho::open_or_create(&path).unwrap();
        d.set_actor("吉岡");
        d.add_master(Master::Person, "吉岡").unwrap();
        d.add_master(Master::Organization, "石巻ガス").unwrap();
        incident(&mut d, "社員基本の項目位置変更");
        incident(&mut d, "位置と項目、目位");
        // The index as schema 11 had it (positions kept), left empty: only
        // the rebuild can fill it; its records numbered in search_docs.
        testing::raw_sql(
            &mut d,
            "DROP TABLE search_index;
             CREATE VIRTUAL TABLE search_index USING fts5 (title, body,
                 content = '', contentless_delete = 1, tokenize = 'ascii');
             CREATE TABLE search_docs (id INTEGER PRIMARY KEY, ledger TEXT NOT NULL,
                 record_no TEXT NOT NULL, UNIQUE (ledger, record_no));
             INSERT INTO search_docs SELECT id, ledger, record_no FROM history_subjects
                 WHERE ledger <> 'system';
             PRAGMA user_version = 11;",
        );
    }
    let d = Daicho::open(&path).unwrap();
    assert_eq!(nos(&d, "項目位置"), ["I-0001"]);
    assert_eq!(
        nos(&d, "年齢"),
        ["I-0002", "I-0001"],
        "newest first, as before"
    );
    assert_eq!(quick(&d, "位置").0, 2);
}
