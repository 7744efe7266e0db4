//! Attachments in the export: each record's files beside its ledger
//! workbook (`<台帳のフォルダ>/添付ファイル/<No>/<ファイル名>`), with a list per
//! ledger naming every file with its SHA-256, so a copy can be checked.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use daicho_core::domain::ledger::Ledger;
use daicho_core::{Daicho, Result};
use daicho_docs::files::{safe_file_name, write_file};
use daicho_docs::Written;

use crate::doc_err;

/// The folder name beside the workbooks.
pub const ATTACHMENT_DIR: &str = "添付ファイル";

/// Writes the files of `ledger` below `beside` (the workbook's folder) and
/// their list; nothing when the ledger has none.
pub(crate) fn export_ledger(d: &Daicho, ledger: Ledger, beside: &Path) -> Result<Option<Written>> {
    let files = d.ledger_attachments(ledger)?;
    if files.is_empty() {
        return Ok(None);
    }
    let root = beside.join(ATTACHMENT_DIR);
    let mut list = String::from("\u{feff}No.,ファイル,SHA-256,サイズ(バイト),登録日時,登録者\r\n");
    let mut taken: BTreeSet<PathBuf> = BTreeSet::new();
    for (no, a) in &files {
        let dir = root.join(safe_file_name(no));
        std::fs::create_dir_all(&dir).map_err(|e| {
            daicho_core::Error::new(
                daicho_core::ErrorKind::Storage,
                format!("フォルダ {} を作成できません: {e}", dir.display()),
            )
        })?;
        let (_, data) = d.attachment_data(no, a.id)?;
        // Two files of one record with the same name: the later one keeps its ID.
        let mut path = dir.join(safe_file_name(&a.name));
        if !taken.insert(path.clone()) {
            path = dir.join(safe_file_name(&format!("{}_{}", a.id, a.name)));
            taken.insert(path.clone());
        }
        write_file(&path, &data).map_err(doc_err)?;
        let rel = path.strip_prefix(&root).unwrap_or(&path);
        let cells = [
            no.clone(),
            rel.to_string_lossy().replace('\\', "/"),
            a.sha256.clone(),
            a.size.to_string(),
            a.added_at.replace('T', " "),
            a.added_by.clone(),
        ];
        let line: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
        list.push_str(&line.join(","));
        list.push_str("\r\n");
    }
    let path = root.join(format!("{}_添付ファイル一覧.csv", ledger.label()));
    write_file(&path, list.as_bytes()).map_err(doc_err)?;
    Ok(Some(Written::new(path, 1, &[])))
}

fn csv_cell(s: &str) -> String {
    if s.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}
