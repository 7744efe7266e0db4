//! `daicho init` and `daicho demo`.

use std::path::Path;

use daicho_core::{Daicho, Result};

use crate::output::Out;

pub fn init(out: &Out, path: &Path) {
    out.show(
        &serde_json::json!({ "db": path, "schema_version": daicho_core::store::latest_version() }),
        || format!("データベース: {}", path.display()),
    )
}

pub fn demo(d: &mut Daicho, out: &Out, count: usize, seed: u64) -> Result<()> {
    let summary = daicho_core::demo::fill(d, count, seed)?;
    out.show(&summary, || {
        format!(
            "デモデータを作成しました: インシデント {} 件、障害 {} 件、変更 {} 件、リリース {} 件",
            summary.incidents, summary.failures, summary.changes, summary.releases
        )
    });
    Ok(())
}
