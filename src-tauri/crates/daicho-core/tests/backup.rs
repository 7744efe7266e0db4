//! Backups, generations, restore, and the checks on open.

use std::path::Path;

use chrono::{Duration, NaiveDate, NaiveDateTime};
use daicho_core::domain::ledger::Ledger;
use daicho_core::domain::settings;
use daicho_core::store::testing;
use daicho_core::Daicho;

fn at(y: i32, m: u32, d: u32, h: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .unwrap()
        .and_hms_opt(h, 15, 0)
        .unwrap()
}

fn fresh(dir: &Path) -> Daicho {
    let mut d = Daicho::open_or_create(&dir.join("daicho.db")).unwrap();
    d.set_actor("吉岡");
    d.set_now(Some(at(2026, 11, 30, 10)));
    d
}

/// Everything a restore must bring back, as one comparable value.
fn snapshot(d: &Daicho) -> serde_json::Value {
    let mut out = serde_json::Map::new();
    for l in Ledger::ALL {
        let recs = d.all_records(l).unwrap();
        let mut details = Vec::new();
        for r in &recs {
            details.push(serde_json::json!({
                "detail": d.detail(&r.no).unwrap(),
                "history": d.history(&r.no).unwrap(),
            }));
        }
        out.insert(l.key().into(), serde_json::Value::Array(details));
    }
    for key in settings::USER_KEYS {
        out.insert(
            format!("setting.{key}"),
            serde_json::json!(d.setting(key).unwrap()),
        );
    }
    let chain = d.verify_history().unwrap();
    assert!(chain.ok, "{:?}", chain.problem);
    out.insert("chain".into(), serde_json::json!([chain.rows, chain.head]));
    serde_json::Value::Object(out)
}

#[test]
fn backup_and_restore_round_trip_the_demo_data() {
    let dir = tempfile::tempdir().unwrap();
    let mut d = fresh(dir.path());
    daicho_core::demo::fill(&mut d, 40, 7).unwrap();
    d.set_now(Some(at(2026, 11, 30, 10)));
    let version = d.all_records(Ledger::Release).unwrap()[0].no.clone();
    d.attach(
        &version,
        "画面.png",
        &[0x89, b'P', b'N', b'G', 0, 1, 2, 255],
    )
    .unwrap();
    d.save_user_setting("team_name", "運用保守チーム").unwrap();
    let before = snapshot(&d);

    let taken = d.backup_now(None).unwrap();
    assert_eq!(taken.backup.name, "daicho_2026-11-30_101500.db");
    assert_eq!(
        taken.backup.path,
        dir.path().join("backups").join(&taken.backup.name)
    );
    assert_eq!(d.backups().unwrap(), vec![taken.backup.clone()]);

    // Changes after the backup: a record, a setting, the attachment removed.
    common_incident(&mut d);
    d.save_user_setting("team_name", "別チーム").unwrap();
    let att = d.detail(&version).unwrap().attachments[0].id;
    d.detach(&version, att).unwrap();
    assert_ne!(snapshot(&d), before);

    d.set_now(Some(at(2026, 11, 30, 11)));
    let restored = d.restore(&taken.backup.path, None).unwrap();
    assert_eq!(snapshot(&d), before);
    assert_eq!(d.detail(&version).unwrap().attachments.len(), 1);
    let (name, data) = d.attachment(&version, att).unwrap();
    assert_eq!(
        (name.as_str(), data),
        ("画面.png", vec![0x89, b'P', b'N', b'G', 0, 1, 2, 255])
    );
    // The database as it was before the restore was backed up first.
    assert_eq!(restored.safety_backup.name, "daicho_2026-11-30_111500.db");
    let mut safety = Daicho::open(&restored.safety_backup.path).unwrap();
    assert_eq!(
        safety.setting("team_name").unwrap().as_deref(),
        Some("別チーム")
    );
    safety.set_now(None);
    // Writing after the restore works and lands in the restored file.
    common_incident(&mut d);
    drop(d);
    let d = Daicho::open(&dir.path().join("daicho.db")).unwrap();
    assert_eq!(
        d.setting("team_name").unwrap().as_deref(),
        Some("運用保守チーム")
    );
    assert!(!dir.path().join("daicho.db.restore.tmp").exists());
}

fn common_incident(d: &mut Daicho) {
    let org = d
        .masters(daicho_core::domain::master::Master::Organization, false)
        .unwrap()[0]
        .name
        .clone();
    let who = d
        .masters(daicho_core::domain::master::Master::Person, false)
        .unwrap()[0]
        .name
        .clone();
    let kv = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    d.create(
        Ledger::Incident,
        &kv(&[
            ("起票日", "2026/11/30"),
            ("起票者", &who),
            ("発生元組織", &org),
            ("タイトル", "バックアップ後の起票"),
            ("概要", "復元で消えること"),
        ]),
    )
    .unwrap();
}

#[test]
fn pruning_keeps_seven_daily_four_weekly_and_twelve_monthly() {
    let dir = tempfile::tempdir().unwrap();
    let mut d = fresh(dir.path());
    let mut day = at(2026, 8, 1, 10);
    while day <= at(2026, 11, 30, 10) {
        d.set_now(Some(day));
        d.backup_now(None).unwrap();
        day += Duration::days(1);
    }
    let names: Vec<String> = d.backups().unwrap().into_iter().map(|b| b.name).collect();
    let expected: Vec<String> = [
        "11-30", "11-29", "11-28", "11-27", "11-26", "11-25", "11-24", // daily
        "11-22", "11-15", // weekly (ISO weeks 47, 46; week 48 ends 11-29)
        "10-31", "09-30", "08-31", // monthly
    ]
    .iter()
    .map(|md| format!("daicho_2026-{md}_101500.db"))
    .collect();
    assert_eq!(names, expected);
    // A second backup within the same second gets its own name and is newest.
    let again = d.backup_now(None).unwrap();
    assert_eq!(again.backup.name, "daicho_2026-11-30_101500-2.db");
    assert_eq!(
        again.pruned,
        vec!["daicho_2026-11-30_101500.db".to_string()]
    );
    assert_eq!(d.backups().unwrap()[0].name, again.backup.name);
    // The daily automatic backup runs once a day only.
    assert!(d.backup_if_due(None).unwrap().is_none());
    d.set_now(Some(at(2026, 12, 1, 8)));
    let due = d.backup_if_due(None).unwrap().expect("a new day");
    assert_eq!(due.backup.name, "daicho_2026-12-01_081500.db");
    assert_eq!(due.pruned, vec!["daicho_2026-11-24_101500.db".to_string()]);
}

#[test]
fn a_corrupted_copy_is_detected_and_not_kept_as_the_newest() {
    let dir = tempfile::tempdir().unwrap();
    let mut d = fresh(dir.path());
    daicho_core::demo::fill(&mut d, 20, 3).unwrap();
    d.set_now(Some(at(2026, 11, 29, 10)));
    let good = d.backup_now(None).unwrap().backup;

    d.set_now(Some(at(2026, 11, 30, 10)));
    testing::corrupt_next_backup_in(&dir.path().join("backups"));
    let err = d.backup_now(None).unwrap_err();
    assert!(err.message.contains("検証に失敗"), "{}", err.message);
    assert_eq!(d.backups().unwrap(), vec![good.clone()]);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("backups"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "{leftovers:?}");

    // Restoring a damaged file is refused and changes nothing.
    let bad = dir.path().join("damaged.db");
    std::fs::copy(&good.path, &bad).unwrap();
    testing::damage_file(&bad);
    let before = d.all_records(Ledger::Incident).unwrap().len();
    let err = d.restore(&bad, None).unwrap_err();
    assert!(err.message.contains("壊れている"), "{}", err.message);
    assert_eq!(d.all_records(Ledger::Incident).unwrap().len(), before);
    assert_eq!(d.backups().unwrap(), vec![good]);
}

#[test]
fn a_damaged_database_is_refused_on_open_with_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("daicho.db");
    {
        let mut d = fresh(dir.path());
        daicho_core::demo::fill(&mut d, 20, 3).unwrap();
    }
    testing::damage_file(&path);
    let err = Daicho::open(&path).err().expect("damaged file refused");
    assert!(err.message.contains("daicho restore"), "{}", err.message);
    assert!(
        err.message.contains("daicho backup list"),
        "{}",
        err.message
    );
}

#[test]
fn a_migration_is_preceded_by_a_backup_and_chains_old_history() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("daicho.db");
    testing::create_at_version(
        &path,
        3,
        "INSERT INTO history (ledger, record_no, field, old_value, new_value, actor, at, action)
         VALUES ('incident', 'I-0001', 'record', NULL, '作成', '吉岡', '2026-01-05T10:00:00', '起票'),
                ('incident', 'I-0001', 'status', '未着手', '対応中', '梅澤', '2026-01-06T10:00:00', '着手');",
    );
    let d = Daicho::open(&path).unwrap();
    let backups = d.backups().unwrap();
    assert_eq!(backups.len(), 1, "backup before migrating");
    let chain = d.verify_history().unwrap();
    // Two old rows, then the conversion to one row per action (migration 6)
    // records the old chain's row count and head.
    assert!(chain.ok && chain.rows == 4, "{chain:?}");
    assert_eq!(chain.head.len(), 64);
}

#[test]
fn the_days_first_backup_compacts_a_file_much_larger_than_its_copy() {
    let dir = tempfile::tempdir().unwrap();
    let mut d = fresh(dir.path());
    daicho_core::demo::fill(&mut d, 20, 3).unwrap();
    let want = snapshot(&d);
    // 2.4 MB of the file left free, as deletions leave it.
    testing::raw_sql(
        &mut d,
        "CREATE TABLE junk (v BLOB);
         WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 600)
         INSERT INTO junk SELECT zeroblob(4000) FROM n;
         DROP TABLE junk;
         PRAGMA wal_checkpoint(TRUNCATE);",
    );
    let db = d.db_path().unwrap().to_path_buf();
    let before = std::fs::metadata(&db).unwrap().len();
    d.set_now(Some(at(2026, 12, 1, 8)));
    let due = d.backup_if_due(None).unwrap().expect("a new day");
    assert!(before > due.backup.bytes + 2_000_000, "{before} {due:?}");
    let after = std::fs::metadata(&db).unwrap().len();
    assert_eq!(after, due.backup.bytes, "compacted to its backup's size");
    assert_eq!(snapshot(&d), want);
    assert!(d.verify_history().unwrap().ok);
    // The next day's backup finds nothing to give back: the file stays.
    d.set_now(Some(at(2026, 12, 2, 8)));
    d.backup_if_due(None).unwrap().expect("a new day");
    assert_eq!(std::fs::metadata(&db).unwrap().len(), after);
}
