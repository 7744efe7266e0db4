//! Ledger screen and search latency on a generated dataset of 100k records
//! per ledger (I, S, C), made by `demo::bulk_fill`. Run: `cargo bench -p daicho-core` (release build).
//! Set DAICHO_BENCH_N for another size. Prints the median of repeated runs;
//! the targets (a ledger page and a search in the low milliseconds) are
//! judged from this output, not from timed tests.

use std::time::{Duration, Instant};

use daicho_core::domain::ledger::Ledger;
use daicho_core::domain::query::{ColumnFilter, ListQuery, SortKey};
use daicho_core::Daicho;

fn median(mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..15)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let n: usize = std::env::var("DAICHO_BENCH_N")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let dir = std::env::temp_dir().join(format!("daicho-bench-{n}"));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("bench.db");
    let fresh = !path.exists();
    let mut d = Daicho::open_or_create(&path).unwrap();
    d.set_actor("bench");
    if fresh {
        let t = Instant::now();
        for ledger in [Ledger::Incident, Ledger::Failure, Ledger::Change] {
            daicho_core::demo::bulk_fill(&mut d, ledger, n).unwrap();
        }
        println!("generated {n} records per ledger in {:.1?}", t.elapsed());
    }
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    println!("database: {} ({} MB)", path.display(), size / 1_000_000);

    let cases: Vec<(&str, Ledger, ListQuery)> = vec![
        (
            "first page, newest first",
            Ledger::Incident,
            ListQuery::default(),
        ),
        (
            "page 500, sorted by タイトル",
            Ledger::Incident,
            ListQuery {
                sort: vec![SortKey {
                    field: "title".into(),
                    desc: false,
                }],
                offset: 50_000.min(n as i64 / 2),
                ..Default::default()
            },
        ),
        (
            "filter 優先度=高 sorted by 起票日",
            Ledger::Incident,
            ListQuery {
                priorities: vec!["高".into()],
                sort: vec![SortKey {
                    field: "raised_on".into(),
                    desc: true,
                }],
                ..Default::default()
            },
        ),
        (
            "overdue",
            Ledger::Incident,
            ListQuery {
                overdue: true,
                ..Default::default()
            },
        ),
        (
            "column filter タイトル contains 給与",
            Ledger::Failure,
            ListQuery {
                column_filters: vec![ColumnFilter {
                    field: "title".into(),
                    value: "給与".into(),
                }],
                ..Default::default()
            },
        ),
        (
            "quick filter 項目位置 (index)",
            Ledger::Change,
            ListQuery {
                text: Some("項目位置".into()),
                ..Default::default()
            },
        ),
    ];
    for (name, ledger, q) in &cases {
        let mut total = 0;
        let t = median(|| total = d.list(*ledger, q).unwrap().total);
        println!("list {:<40} {:>9.2?}  ({total} rows match)", name, t);
    }
    for q in ["位置", "給与明細", "ｴﾗｰ", "CSVデータ出力", "12345"] {
        let mut hits = 0;
        let t = median(|| hits = d.search(q, None, 50).unwrap().len());
        println!("search {:<38} {:>9.2?}  ({hits} hits shown)", q, t);
    }
}
