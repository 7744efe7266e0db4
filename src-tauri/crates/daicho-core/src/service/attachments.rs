//! Files attached to a record of any ledger: 障害の証跡 (screenshots, logs),
//! 変更の見積書・請書, リリースのエビデンス. Added, listed, read back (hash
//! checked) and removed; each change is a history row of the record.

use std::path::{Path, PathBuf};

use crate::domain::ledger::{format_no, Ledger};
use crate::domain::record::Attachment;
use crate::error::{Error, ErrorKind, Result};
use crate::store::{attachments as store, history, records as rec_store};

use super::{ledger_of, Ctx, Daicho};
use crate::store::Conn;

/// The largest file one attachment may be (25 MB): the database, its
/// backups and the exports all carry it.
pub const MAX_ATTACHMENT_BYTES: usize = 25 * 1024 * 1024;

fn mb(bytes: u64) -> String {
    format!("{:.1}", bytes as f64 / (1024.0 * 1024.0))
}

/// The name a file is kept under: its last path part, trimmed.
fn clean_name(name: &str) -> Result<String> {
    let base = name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or_default()
        .trim()
        .to_string();
    if base.is_empty() || base == "." || base == ".." {
        return Err(Error::invalid(
            "ファイル名がありません。名前のあるファイルを選んでください。",
        ));
    }
    Ok(base)
}

/// The SHA-256 (lower-case hex) a file is stored under.
pub fn attachment_sha256(data: &[u8]) -> String {
    store::sha256_hex(data)
}

/// Refuses a file above [`MAX_ATTACHMENT_BYTES`] or empty, before it is
/// read (the CLI and the window check a file's size on disk first).
pub fn check_attachment_size(name: &str, len: u64) -> Result<()> {
    if len > MAX_ATTACHMENT_BYTES as u64 {
        return Err(Error::invalid(format!(
            "「{name}」は {} MB あり、添付できる上限 {} MB を超えています。圧縮するか分けてから添付してください。",
            mb(len),
            mb(MAX_ATTACHMENT_BYTES as u64)
        )));
    }
    if len == 0 {
        return Err(Error::invalid(format!(
            "「{name}」は空のファイル (0 バイト) です。中身のあるファイルを選んでください。"
        )));
    }
    Ok(())
}

impl Daicho {
    /// Attaches a file to a record (No. or release version). Refused above
    /// [`MAX_ATTACHMENT_BYTES`] or when empty; recorded in the history.
    pub fn add_attachment(&mut self, no: &str, name: &str, data: &[u8]) -> Result<Attachment> {
        let file = (clean_name(name)?, data.to_vec());
        check_attachment_size(&file.0, data.len() as u64)?;
        Ok(self.store_files(no, vec![file])?.remove(0))
    }

    /// Attaches files from disk (file picker, drag and drop, the CLI): each
    /// is checked (a file, readable, within the limit) before any is stored,
    /// then all are stored in one transaction.
    pub fn add_attachment_files(&mut self, no: &str, paths: &[PathBuf]) -> Result<Vec<Attachment>> {
        if paths.is_empty() {
            return Err(Error::invalid("添付するファイルを選んでください。"));
        }
        let mut files = Vec::new();
        for p in paths {
            let unreadable =
                |e: std::io::Error| Error::invalid(format!("{} を読めません: {e}", p.display()));
            let meta = std::fs::metadata(p).map_err(unreadable)?;
            if !meta.is_file() {
                return Err(Error::invalid(format!(
                    "{} はファイルではありません。添付するファイルを選んでください。",
                    p.display()
                )));
            }
            let name = clean_name(&p.file_name().unwrap_or_default().to_string_lossy())?;
            check_attachment_size(&name, meta.len())?;
            files.push((name, std::fs::read(p).map_err(unreadable)?));
        }
        self.store_files(no, files)
    }

    fn store_files(&mut self, no: &str, files: Vec<(String, Vec<u8>)>) -> Result<Vec<Attachment>> {
        let ledger = ledger_of(no);
        self.write(|tx, ctx| {
            let (seq, rec) = rec_store::load_live(tx, ledger, no)?;
            let mut out = Vec::new();
            for (name, data) in &files {
                let id = store::add(tx, ledger, seq, name, data, &ctx.now, &ctx.actor)?;
                let a = store::list(tx, ledger, seq)?
                    .into_iter()
                    .find(|a| a.id == id)
                    .expect("just added");
                record(tx, ctx, &rec.no, None, Some(&a))?;
                out.push(a);
            }
            Ok(out)
        })
    }

    /// Writes a file out: into `to` under its own name when `to` is a
    /// folder, else to `to` itself. Returns the path written.
    pub fn save_attachment(&self, no: &str, id: i64, to: &Path) -> Result<(Attachment, PathBuf)> {
        let (a, data) = self.attachment_data(no, id)?;
        let path = if to.is_dir() {
            to.join(&a.name)
        } else {
            to.to_path_buf()
        };
        std::fs::write(&path, &data)
            .map_err(|e| Error::invalid(format!("{} に書けません: {e}", path.display())))?;
        Ok((a, path))
    }

    /// A copy of a file in a folder of its own under the temp folder, to
    /// open with the OS's default application.
    pub fn attachment_temp_copy(&self, no: &str, id: i64) -> Result<PathBuf> {
        let a = self
            .attachments(no)?
            .into_iter()
            .find(|a| a.id == id)
            .ok_or_else(|| Error::not_found(format!("{no} に添付ファイル {id} はありません。")))?;
        let dir = std::env::temp_dir()
            .join("daicho-attachments")
            .join(&a.sha256[..16]);
        std::fs::create_dir_all(&dir)
            .map_err(|e| Error::invalid(format!("{} を作れません: {e}", dir.display())))?;
        Ok(self.save_attachment(no, id, &dir)?.1)
    }

    /// The record's files, in the order they were added.
    pub fn attachments(&self, no: &str) -> Result<Vec<Attachment>> {
        let (ledger, seq) = self.record_seq(no)?;
        store::list(&self.conn(), ledger, seq)
    }

    /// A file's bytes; refused when they no longer match their SHA-256.
    pub fn attachment_data(&self, no: &str, id: i64) -> Result<(Attachment, Vec<u8>)> {
        let (ledger, seq) = self.record_seq(no)?;
        let (a, data) = store::data(&self.conn(), ledger, seq, id)?.ok_or_else(|| {
            Error::not_found(format!(
                "{no} に添付ファイル {id} はありません (`daicho attach list {no}` で番号を確かめてください)。"
            ))
        })?;
        if store::sha256_hex(&data) != a.sha256 {
            return Err(Error::new(
                ErrorKind::Storage,
                format!(
                    "添付ファイル「{}」の内容が記録されたハッシュと一致しません。バックアップから復元してください。",
                    a.name
                ),
            ));
        }
        Ok((a, data))
    }

    /// Removes a file from the record (recorded; the bytes stay in the
    /// database, so the history's older state can still be shown).
    pub fn remove_attachment(&mut self, no: &str, id: i64) -> Result<Attachment> {
        let ledger = ledger_of(no);
        self.write(|tx, ctx| {
            let (seq, rec) = rec_store::load_live(tx, ledger, no)?;
            let a = store::delete(tx, ledger, seq, id, &ctx.now)?.ok_or_else(|| {
                Error::not_found(format!("{} に添付ファイル {id} はありません。", rec.no))
            })?;
            record(tx, ctx, &rec.no, Some(&a), None)?;
            Ok(a)
        })
    }

    /// Every live file of a ledger with its record's No. (exports).
    pub fn ledger_attachments(&self, ledger: Ledger) -> Result<Vec<(String, Attachment)>> {
        let conn = self.conn();
        store::list_ledger(&conn, ledger)?
            .into_iter()
            .map(|(seq, a)| {
                let no = match ledger {
                    Ledger::Release => rec_store::load(&conn, ledger, seq)?
                        .map(|r| r.no)
                        .unwrap_or_default(),
                    _ => format_no(ledger, seq),
                };
                Ok((no, a))
            })
            .collect()
    }

    /// Older name of [`Daicho::add_attachment`] for a release's evidence.
    pub fn attach(&mut self, version: &str, name: &str, data: &[u8]) -> Result<Attachment> {
        self.add_attachment(version, name, data)
    }

    /// Older name of [`Daicho::attachment_data`]: (file name, bytes).
    pub fn attachment(&self, version: &str, id: i64) -> Result<(String, Vec<u8>)> {
        self.attachment_data(version, id).map(|(a, d)| (a.name, d))
    }

    /// Older name of [`Daicho::remove_attachment`].
    pub fn detach(&mut self, version: &str, id: i64) -> Result<()> {
        self.remove_attachment(version, id).map(|_| ())
    }

    fn record_seq(&self, no: &str) -> Result<(Ledger, i64)> {
        let ledger = ledger_of(no);
        let seq = rec_store::seq_of(&self.conn(), ledger, no)?.ok_or_else(|| {
            Error::not_found(format!(
                "{} に {} はありません。",
                ledger.label(),
                no.trim()
            ))
        })?;
        Ok((ledger, seq))
    }
}

/// The history row of a file added (`new`) or removed (`old`).
fn record(
    tx: &Conn,
    ctx: &Ctx,
    no: &str,
    old: Option<&Attachment>,
    new: Option<&Attachment>,
) -> Result<()> {
    history::record(
        tx,
        &history::Change {
            ledger: ledger_of(no),
            no,
            field: "attachments",
            old: old.map(describe),
            new: new.map(describe),
        },
        &ctx.actor,
        &ctx.now,
        if new.is_some() {
            "添付追加"
        } else {
            "添付削除"
        },
    )
}

/// How a file reads in the history: name, size and the start of its hash.
fn describe(a: &Attachment) -> String {
    format!(
        "{} ({} バイト, SHA-256 {})",
        a.name,
        a.size,
        &a.sha256[..12]
    )
}
