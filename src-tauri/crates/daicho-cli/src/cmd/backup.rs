//! `daicho backup`, `daicho backup list`, `daicho restore FILE`,
//! `daicho verify`, `daicho optimize`: the safety and size of the database
//! file itself.

use std::path::Path;

use clap::Subcommand;
use daicho_core::{Daicho, Result};
use daicho_export::backup_mirror as mirror;

use crate::output::Out;

#[derive(Subcommand, Debug)]
pub enum BackupCmd {
    /// The backups kept, newest first.
    List,
}

/// The automatic backup at start (once a day); a failure is a warning on
/// stderr, not an error of the command.
pub fn daily(d: &mut Daicho) {
    if let Some(w) = daicho_export::daily_backup(d) {
        eprintln!("{w}");
    }
}

pub fn run(d: &mut Daicho, out: &Out, cmd: Option<BackupCmd>) -> Result<()> {
    match cmd {
        None => {
            let m = mirror(d)?;
            let o = d.backup_now(m.as_deref())?;
            out.show(&o, || {
                let mut s = format!(
                    "バックアップしました: {} ({} バイト、検証済み)",
                    o.backup.path.display(),
                    o.backup.bytes
                );
                if let Some(p) = &o.mirror {
                    s.push_str(&format!(
                        "\n共有ドライブに写しを置きました: {}",
                        p.display()
                    ));
                }
                if let Some(w) = &o.mirror_error {
                    s.push_str(&format!("\n警告: {w}"));
                }
                if !o.pruned.is_empty() {
                    s.push_str(&format!(
                        "\n古い世代を削除しました: {}",
                        o.pruned.join(", ")
                    ));
                }
                s
            });
        }
        Some(BackupCmd::List) => {
            let list = d.backups()?;
            let dir = d.backup_dir()?;
            out.show(&list, || {
                if list.is_empty() {
                    return format!(
                        "バックアップはまだありません ({})。`daicho backup` で作成できます。",
                        dir.display()
                    );
                }
                let mut s = format!("バックアップ ({}), 新しい順:", dir.display());
                for b in &list {
                    s.push_str(&format!(
                        "\n{}  {}  {} バイト",
                        b.taken_at.replace('T', " "),
                        b.name,
                        b.bytes
                    ));
                }
                s
            });
        }
    }
    Ok(())
}

pub fn restore(d: &mut Daicho, out: &Out, file: &Path) -> Result<()> {
    let m = mirror(d)?;
    let o = d.restore(file, m.as_deref())?;
    out.show(&o, || {
        format!(
            "{} から復元しました。復元前のデータベースは {} に保存してあります。",
            o.restored_from.display(),
            o.safety_backup.path.display()
        )
    });
    Ok(())
}

pub fn verify(d: &Daicho, out: &Out) -> Result<()> {
    d.check_integrity()?;
    let r = d.verify_history()?;
    out.show(&r, || match &r.problem {
        None => format!(
            "データベースは正常です。変更履歴は改ざんされていません ({} 件)。\n先頭ハッシュ: {}",
            r.rows, r.head
        ),
        Some(p) => format!("{p}\n先頭ハッシュ (記録値): {}", r.head),
    });
    if let Some(p) = r.problem {
        return Err(daicho_core::Error::new(daicho_core::ErrorKind::Storage, p));
    }
    Ok(())
}

pub fn optimize(d: &mut Daicho, out: &Out) -> Result<()> {
    let o = d.compact()?;
    let mb = |b: i64| b as f64 / 1_000_000.0;
    out.show(&o, || {
        format!(
            "データベースを最適化しました: {:.1} MB → {:.1} MB",
            mb(o.before_bytes),
            mb(o.after_bytes)
        )
    });
    Ok(())
}
