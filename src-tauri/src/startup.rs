//! What the app does before the window opens: demo data on an empty database
//! (`--demo-if-empty`) and generated bulk rows for the 100k-row grid check.

use daicho_core::domain::ledger::Ledger;
use daicho_core::store::masters::Master;
use daicho_core::store::query::ListQuery;
use daicho_core::Daicho;

/// True when no ledger holds a record, deleted ones included.
pub fn is_empty(d: &Daicho) -> daicho_core::Result<bool> {
    for l in Ledger::ALL {
        let q = ListQuery {
            limit: Some(0),
            include_deleted: true,
            ..Default::default()
        };
        if d.list(l, &q)?.total > 0 {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Adds `n` generated incidents in batches (each batch one transaction).
pub fn bulk_incidents(d: &mut Daicho, n: usize) -> daicho_core::Result<()> {
    const ORGS: &[&str] = &["石巻ガス", "本社人事部", "経理部", "仙台支店"];
    const PEOPLE: &[&str] = &["吉岡", "梅澤", "佐々木", "高橋"];
    const WORDS: &[&str] = &[
        "画面",
        "帳票",
        "CSV",
        "ログイン",
        "バッチ",
        "検索",
        "印刷",
        "権限",
    ];
    for o in ORGS {
        d.add_master(Master::Organization, o)?;
    }
    for p in PEOPLE {
        d.add_master(Master::Person, p)?;
    }
    let mut done = 0;
    while done < n {
        let batch: Vec<Vec<(String, String)>> = (done..(done + 5000).min(n))
            .map(|i| {
                let day = 1 + (i * 7919) % 28;
                let month = 1 + (i * 31) % 12;
                vec![
                    ("raised_on".into(), format!("2023/{month}/{day}")),
                    ("raised_by".into(), PEOPLE[i % PEOPLE.len()].into()),
                    ("origin_org".into(), ORGS[(i / 3) % ORGS.len()].into()),
                    (
                        "title".into(),
                        format!("{}の不具合 {i}", WORDS[(i * 13) % WORDS.len()]),
                    ),
                    ("summary".into(), format!("一括生成した確認用データ {i}")),
                    ("priority".into(), ["高", "中", "低"][i % 3].into()),
                ]
            })
            .collect();
        done += batch.len();
        d.create_many(Ledger::Incident, &batch)?;
    }
    Ok(())
}
