//! The audit trail beyond the ledgers (settings, masters), the check of
//! the history's hash chain (`daicho verify`) and the compaction of the
//! file (`daicho optimize`).

use serde::Serialize;

use super::{Ctx, Daicho};
use crate::domain::master::Master;
use crate::error::{Error, Result};
use crate::store::{self, chain, history, Conn};

/// The result of checking the history's hash chain.
#[derive(Debug, Clone, Serialize)]
pub struct ChainReport {
    /// History rows checked.
    pub rows: i64,
    /// The hash of the last row: print it, keep it, compare it later.
    pub head: String,
    pub ok: bool,
    /// Where the chain breaks (Japanese), when not ok.
    pub problem: Option<String>,
}

/// What a compaction did: the file's size before and after, in bytes.
#[derive(Debug, Clone, Serialize)]
pub struct CompactOutcome {
    pub before_bytes: i64,
    pub after_bytes: i64,
}

/// Stores a setting and records the change (old and new value) in the history.
pub(crate) fn set_setting(tx: &Conn, ctx: &Ctx, key: &str, value: Option<&str>) -> Result<()> {
    let old = store::get_setting(tx, key)?;
    if old.as_deref() == value {
        return Ok(());
    }
    store::set_setting(tx, key, value)?;
    history::record_in(
        tx,
        history::SYSTEM,
        "settings",
        key,
        old.as_deref(),
        value,
        &ctx.actor,
        &ctx.now,
        "設定変更",
    )
}

/// Records a master change (`追加`, `再有効化`, `無効化`).
pub(crate) fn master_change(
    tx: &Conn,
    ctx: &Ctx,
    m: Master,
    name: &str,
    action: &str,
) -> Result<()> {
    let (old, new) = match action {
        "無効化" => (Some(name), None),
        _ => (None, Some(name)),
    };
    history::record_in(
        tx,
        history::SYSTEM,
        &format!("master:{}", m.label()),
        name,
        old,
        new,
        &ctx.actor,
        &ctx.now,
        &format!("{}マスタ{action}", m.label()),
    )
}

impl Daicho {
    /// Runs SQLite's full `integrity_check`; a damaged file is an error that
    /// says how to restore a backup.
    pub fn check_integrity(&self) -> Result<()> {
        store::backup::check(&self.conn(), true)
    }

    /// The history's last row number and hash-chain head, without checking
    /// the chain (see [`Daicho::verify_history`] for that).
    pub fn history_head(&self) -> Result<(i64, String)> {
        chain::head(&self.conn())
    }

    /// Recomputes the history's hash chain from the first row.
    pub fn verify_history(&self) -> Result<ChainReport> {
        let (rows, head, found) = chain::verify(&self.conn())?;
        let problem = found.map(|b| match b {
            chain::Break::Missing { id, after } => format!(
                "変更履歴が改ざんされています: 履歴 #{id} (#{after} の次) が削除されています。"
            ),
            chain::Break::Mismatch { id, last } => format!(
                "変更履歴が改ざんされています: 履歴 #{id}〜#{last} のいずれかの内容または順序が記録時と一致しません (書き換え・並べ替え・追加・削除の可能性)。`daicho backup list` で改ざん前のバックアップを探し、`daicho restore` で復元してください。"
            ),
        });
        Ok(ChainReport {
            rows,
            head,
            ok: problem.is_none(),
            problem,
        })
    }

    /// Rewrites the database file into as few pages as its content needs
    /// (space left by deletions, imports and edits is given back). One
    /// transaction: an interruption leaves the file as it was.
    pub fn compact(&mut self) -> Result<CompactOutcome> {
        if self.store.path().is_none() {
            return Err(Error::invalid(
                "メモリ上のデータベースは最適化できません。--db でファイルを指定してください。",
            ));
        }
        let before_bytes = self.store.bytes()?;
        self.store.compact()?;
        Ok(CompactOutcome {
            before_bytes,
            after_bytes: self.store.bytes()?,
        })
    }
}
