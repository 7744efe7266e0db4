//! Attachments on every ledger: stored once by SHA-256, listed, read back
//! (hash checked), removed with a history row, size-limited; the release
//! evidence of older databases moves over in migration 8.

mod common;

use common::*;
use daicho_core::service::{TriageDecision, MAX_ATTACHMENT_BYTES};
use daicho_core::store::testing;
use daicho_core::{Daicho, ErrorKind};

const SHA_ABC: &str = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

fn failure_and_change(d: &mut Daicho) {
    for (t, kind) in [("帳票崩れ", "障害"), ("CSV出力追加", "仕様変更")] {
        let i = incident(d, t);
        d.triage(
            &i.no,
            &TriageDecision {
                kind: kind.into(),
                priority: Some("高".into()),
                assignee: Some("梅澤".into()),
                ..Default::default()
            },
        )
        .unwrap();
    }
}

#[test]
fn every_ledger_keeps_files_with_their_hash_and_history() {
    let mut d = db();
    failure_and_change(&mut d);
    d.create_release("1.0.1", &[]).unwrap();
    let files: [(&str, &str, &[u8]); 4] = [
        ("S-0001", "エラー画面.png", b"abc"),
        ("s-1", "C:\\logs\\app.log", b"2022-09-22 ERROR x\n"),
        ("C-0001", "見積書_CSV出力.pdf", b"%PDF-1.7 estimate"),
        ("1.0.1", "QA画面.png", b"abc"),
    ];
    for (no, name, data) in files {
        d.add_attachment(no, name, data).unwrap();
    }
    d.add_attachment("I-0001", "問い合わせメール.txt", b"mail")
        .unwrap();
    let s = d.attachments("S-0001").unwrap();
    let names: Vec<&str> = s.iter().map(|a| a.name.as_str()).collect();
    // The path is dropped: only the file's own name is kept.
    assert_eq!(names, ["エラー画面.png", "app.log"]);
    assert_eq!(s[0].sha256, SHA_ABC);
    assert_eq!(s[0].size, 3);
    assert_eq!(s[0].added_by, "吉岡");
    assert_eq!(
        d.detail("C-0001").unwrap().attachments[0].name,
        "見積書_CSV出力.pdf"
    );
    // The same bytes on two records: both read back in full.
    let (a, bytes) = d
        .attachment_data("1.0.1", d.attachments("1.0.1").unwrap()[0].id)
        .unwrap();
    assert_eq!(
        (a.sha256.as_str(), bytes.as_slice()),
        (SHA_ABC, &b"abc"[..])
    );

    let removed = d.remove_attachment("S-0001", s[0].id).unwrap();
    assert_eq!(removed.name, "エラー画面.png");
    assert_eq!(d.attachments("S-0001").unwrap().len(), 1);
    let err = d.attachment_data("S-0001", s[0].id).unwrap_err();
    assert_eq!(err.kind, ErrorKind::NotFound);
    // The other record's copy of the same bytes is untouched.
    assert_eq!(d.attachment("1.0.1", a.id).unwrap().1, b"abc");
    let h: Vec<(String, Option<String>, Option<String>)> = d
        .history("S-0001")
        .unwrap()
        .into_iter()
        .filter(|h| h.field == "attachments")
        .map(|h| (h.action, h.old, h.new))
        .collect();
    assert_eq!(h.len(), 3, "{h:?}");
    assert_eq!(h[0].0, "添付追加");
    assert!(
        h[0].2
            .as_deref()
            .unwrap()
            .contains("エラー画面.png (3 バイト, SHA-256 ba7816bf8f01)"),
        "{h:?}"
    );
    assert_eq!(h[2].0, "添付削除");
    assert!(
        h[2].1.as_deref().unwrap().starts_with("エラー画面.png"),
        "{h:?}"
    );
    assert!(d.verify_history().unwrap().ok);
    // Every ledger's files for the export, with their record's No.
    let all = d.ledger_attachments(daicho_core::Ledger::Failure).unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(
        (all[0].0.as_str(), all[0].1.name.as_str()),
        ("S-0001", "app.log")
    );
    assert_eq!(
        d.ledger_attachments(daicho_core::Ledger::Release).unwrap()[0].0,
        "1.0.1"
    );
}

#[test]
fn too_large_empty_or_nameless_files_are_refused_in_japanese() {
    let mut d = db();
    failure_and_change(&mut d);
    let big = vec![0u8; MAX_ATTACHMENT_BYTES + 1];
    let err = d.add_attachment("S-0001", "full.log", &big).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Invalid);
    assert!(
        err.message.contains("「full.log」は 25.0 MB"),
        "{}",
        err.message
    );
    assert!(err.message.contains("上限 25.0 MB"), "{}", err.message);
    let err = d.add_attachment("S-0001", "empty.txt", b"").unwrap_err();
    assert!(err.message.contains("空のファイル"), "{}", err.message);
    let err = d.add_attachment("S-0001", "  ", b"x").unwrap_err();
    assert!(err.message.contains("ファイル名"), "{}", err.message);
    let err = d.add_attachment("S-0099", "a.txt", b"x").unwrap_err();
    assert_eq!(err.kind, ErrorKind::NotFound);
    assert!(d.attachments("S-0001").unwrap().is_empty());
    // Exactly at the limit is accepted.
    let ok = vec![7u8; MAX_ATTACHMENT_BYTES];
    assert_eq!(
        d.add_attachment("S-0001", "ok.bin", &ok).unwrap().size,
        MAX_ATTACHMENT_BYTES as i64
    );
}

#[test]
fn altered_bytes_are_reported_not_returned() {
    let mut d = db();
    failure_and_change(&mut d);
    let a = d.add_attachment("S-0001", "ログ.txt", b"original").unwrap();
    testing::raw_sql(&mut d, "UPDATE attachment_blobs SET data = X'00'");
    let err = d.attachment_data("S-0001", a.id).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Storage);
    assert!(
        err.message.contains("ハッシュと一致しません"),
        "{}",
        err.message
    );
}

#[test]
fn release_evidence_of_an_older_database_moves_over_with_its_hash() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("daicho.db");
    testing::create_at_version(
        &path,
        5,
        "INSERT INTO releases (seq, version, status, created_at, updated_at)
           VALUES (1, '1.0.1', 'QAリリース中', '2022-10-01T10:00:00', '2022-10-01T10:00:00');
         INSERT INTO attachments (id, release_seq, name, data, added_at, added_by, deleted_at)
           VALUES (4, 1, 'QA画面.png', X'616263', '2022-10-11T10:00:00', '高橋', NULL),
                  (5, 1, '古い.png', X'00', '2022-10-11T10:00:00', '高橋', '2022-10-12T10:00:00');",
    );
    let d = Daicho::open(&path).unwrap();
    let list = d.attachments("1.0.1").unwrap();
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!(
        (list[0].id, list[0].name.as_str(), list[0].sha256.as_str()),
        (4, "QA画面.png", SHA_ABC)
    );
    assert_eq!(d.attachment_data("1.0.1", 4).unwrap().1, b"abc");
    assert!(
        d.attachment_data("1.0.1", 5).is_err(),
        "removed stays removed"
    );
}
