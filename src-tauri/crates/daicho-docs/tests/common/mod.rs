//! Sample data shared by the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

use chrono::NaiveDate;
use daicho_docs::{DocData, DocValue};

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

pub const LONG_IMPACT: &str = "人事給与システムの月次バッチ（給与計算）が夜間に異常終了し、翌朝の給与明細の公開が約3時間遅延した。影響を受けたのは本社および関西支社の全従業員（約1,200名）で、「明細が見られない」という問い合わせがヘルプデスクに47件寄せられた。勤怠データの取り込みは完了していたため、データの欠損・不整合は発生していない。なお、OutOfMemoryError の発生箇所はレポート出力モジュール（PayslipReportWriter）であり、ほかの帳票出力にも同様の潜在リスクがある。";

/// An S- record with a long timeline (continues over pages).
pub fn failure_report(timeline_rows: usize) -> DocData {
    let mut data = DocData::new()
        .with("no", "S-0042")
        .with("title", "月次給与バッチの異常終了による明細公開遅延")
        .with("target_system", "人事給与システム")
        .with("raised_on", d(2022, 9, 22))
        .with("assignee", "山田 太郎")
        .with("priority", "高")
        .with("severity", "High")
        .with("occurred_at", d(2022, 9, 21).and_hms_opt(23, 5, 0).unwrap())
        .with("detected_at", d(2022, 9, 22).and_hms_opt(6, 30, 0).unwrap())
        .with("recovered_at", d(2022, 9, 22).and_hms_opt(9, 45, 0).unwrap())
        .with("phenomenon", "勤怠画面を開くと明細が表示されない")
        .with("impact_scope", "本社・関西支社 全従業員（約1,200名）")
        .with("business_impact", LONG_IMPACT)
        .with("reproducibility", "条件により発生")
        .with("direct_cause", "ヒープ上限（-Xmx2g）に対し、9月分は賞与データが加わり帳票生成時のメモリー使用量が上限を超えた。")
        .with("interim_action", "ヒープ上限を4GBに引き上げてバッチを再実行し、9:45に明細を公開した。")
        .with("root_cause", "帳票出力が全件をメモリー上に保持する設計で、データ量の増加に対する性能試験が行われていなかった。")
        .with("root_cause_category", "設計不備")
        .with("permanent_fix", "帳票出力を1,000件単位のストリーミング処理に改修する（リリース 1.4.2）。")
        .with("completed_on", d(2022, 10, 14))
        .with("verified_on", d(2022, 10, 17))
        .with("verifier", "鈴木 花子")
        .with("release_ver", "1.4.2")
        .with("created_on", d(2022, 9, 26))
        .with("author", "佐藤 次郎");
    for i in 0..timeline_rows {
        let content = if i % 7 == 3 {
            format!(
                "対応{:02}: {}",
                i + 1,
                &LONG_IMPACT[..LONG_IMPACT.char_indices().nth(90).unwrap().0]
            )
        } else {
            format!(
                "対応{:02}: ログを確認し、バッチサーバーの状態を報告した。",
                i + 1
            )
        };
        data.push_row(
            "timeline",
            [
                ("date", DocValue::Date(d(2022, 9, 22))),
                (
                    "time",
                    DocValue::Text(format!("{}:{:02}", 6 + i / 12, (i * 5) % 60)),
                ),
                ("content", DocValue::Text(content)),
            ],
        );
    }
    data.push_row(
        "findings",
        [
            ("date", DocValue::Date(d(2022, 9, 23))),
            (
                "content",
                "GC ログより、帳票生成中にヒープ使用率が100%に達していたことを確認。".into(),
            ),
        ],
    );
    data.push_row(
        "preventions",
        [
            (
                "content",
                DocValue::from("帳票出力の大量データ性能試験を標準手順に追加"),
            ),
            ("owner", "山田 太郎".into()),
            ("due_on", d(2022, 10, 31).into()),
            ("done_on", d(2022, 10, 28).into()),
            ("verified_on", DocValue::Empty),
        ],
    );
    data
}

pub fn out_dir() -> PathBuf {
    let p = std::env::temp_dir().join("daicho-docs-tests");
    std::fs::create_dir_all(&p).unwrap();
    p
}

// The one helper for external tools in the output crates' tests (the
// export and reports tests reach it through the `testing` feature).
#[path = "../../src/testing.rs"]
mod testing;
#[allow(unused_imports)]
pub use testing::{pdf_text, tool, under_ci};
