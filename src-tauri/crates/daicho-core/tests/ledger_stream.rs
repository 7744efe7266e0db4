//! The ledger streamed with its child rows (the ledger workbooks) gives, for
//! every live record in number order, the same values and child rows as
//! reading each record on its own — also through a second, read-only handle.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use daicho_core::domain::ledger::Ledger;
use daicho_core::domain::record::FieldKey;
use daicho_core::domain::value::Value;
use daicho_core::service::{child_tables, SAME_ROOT};
use daicho_core::Daicho;

/// (no, field values, child tables' rows) of every record, one at a time.
type Streamed = Vec<(String, Vec<Value>, Vec<Vec<BTreeMap<FieldKey, Value>>>)>;

fn streamed(d: &Daicho, ledger: Ledger) -> Streamed {
    let mut out = Vec::new();
    d.for_each_record_with_children(ledger, |no, values, tables| {
        let rows = tables
            .iter()
            .map(|t| t.iter().map(|r| r.fields.clone()).collect())
            .collect();
        out.push((no.to_string(), values.to_vec(), rows));
        Ok(())
    })
    .unwrap();
    out
}

fn one_by_one(d: &Daicho, ledger: Ledger) -> Streamed {
    let mut out = Vec::new();
    d.for_each_record(ledger, |r| {
        let detail = d.detail(&r.no)?;
        let values = ledger
            .fields()
            .iter()
            .map(|f| r.get(f.key).clone())
            .collect();
        let rows = child_tables(ledger)
            .iter()
            .map(|t| match t.key {
                SAME_ROOT => detail
                    .links
                    .iter()
                    .filter(|l| l.relation == "same_root")
                    // The workbook lists live failures only.
                    .filter(|l| d.get(&l.no).is_ok_and(|r| r.deleted_at.is_none()))
                    .map(|l| BTreeMap::from([("no".into(), Value::Text(l.no.clone()))]))
                    .collect(),
                key => detail
                    .children
                    .get(key)
                    .into_iter()
                    .flatten()
                    .map(|c| c.fields.clone())
                    .collect(),
            })
            .collect();
        out.push((r.no.clone(), values, rows));
        Ok(())
    })
    .unwrap();
    out
}

/// Equal, or the first record that differs.
fn same(got: &Streamed, want: &Streamed) {
    for (g, w) in got.iter().zip(want) {
        assert_eq!(g, w);
    }
    assert_eq!(got.len(), want.len());
}

#[test]
fn streamed_ledger_matches_each_record_read_alone() {
    let dir = tempfile::tempdir().unwrap();
    let mut d = Daicho::open_or_create(&dir.path().join("daicho.db")).unwrap();
    d.set_actor("吉岡");
    d.set_now(NaiveDate::from_ymd_opt(2026, 11, 30).and_then(|x| x.and_hms_opt(9, 0, 0)));
    daicho_core::demo::fill(&mut d, 60, 7).unwrap();
    d.link_same_root("S-0003", "S-0001", true).unwrap();
    d.link_same_root("S-0002", "S-0003", true).unwrap();
    d.delete("S-0002").unwrap();
    let reader = d.reader().unwrap().expect("a file has a reader");
    for ledger in Ledger::ALL {
        let alone = one_by_one(&d, ledger);
        assert!(alone.len() > 1, "{ledger:?}");
        same(&streamed(&d, ledger), &alone);
        same(&streamed(&reader, ledger), &alone);
    }
    let failures = streamed(&d, Ledger::Failure);
    let s3 = failures.iter().find(|(no, ..)| no == "S-0003").unwrap();
    assert_eq!(
        s3.2.last().unwrap().len(),
        1,
        "S-0002 is deleted: only S-0001"
    );
    assert!(
        failures.iter().any(|(_, _, t)| !t[0].is_empty()),
        "timeline rows"
    );
    assert!(Daicho::open_in_memory()
        .unwrap()
        .reader()
        .unwrap()
        .is_none());
}
