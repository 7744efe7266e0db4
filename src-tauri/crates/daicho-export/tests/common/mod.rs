//! Shared fixtures of the attachment and release-document tests.
#![allow(dead_code)]

use daicho_core::domain::ledger::Ledger;
use daicho_core::domain::master::Master;
use daicho_core::service::TriageDecision;
use daicho_core::Daicho;

pub fn kv(p: &[(&str, &str)]) -> Vec<(String, String)> {
    p.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// One incident per (title, 種別), triaged: I-0001 → S-0001, I-0002 → C-0001.
pub fn triaged(items: &[(&str, &str)]) -> Daicho {
    let mut d = Daicho::open_in_memory().unwrap();
    d.set_actor("吉岡");
    d.add_master(Master::Organization, "石巻ガス").unwrap();
    for p in ["吉岡", "梅澤"] {
        d.add_master(Master::Person, p).unwrap();
    }
    for (title, kind) in items {
        let i = d
            .create(
                Ledger::Incident,
                &kv(&[
                    ("起票日", "2022/9/22"),
                    ("起票者", "吉岡"),
                    ("発生元組織", "石巻ガス"),
                    ("タイトル", title),
                    ("概要", "概要"),
                ]),
            )
            .unwrap();
        d.triage(
            &i.no,
            &TriageDecision {
                kind: kind.to_string(),
                priority: Some("高".into()),
                assignee: Some("梅澤".into()),
                ..Default::default()
            },
        )
        .unwrap();
    }
    d
}
