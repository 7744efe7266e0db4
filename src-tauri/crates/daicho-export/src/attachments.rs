//! Attachments in the export: each record's files beside its ledger
//! workbook (`<台帳のフォルダ>/添付ファイル/<No>/<ファイル名>`), with a list per
//! ledger naming every file with its SHA-256, so a copy can be checked.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use daicho_core::domain::ledger::Ledger;
use daicho_core::service::attachment_sha256;
use daicho_core::{Daicho, Error, ErrorKind, Result};
use daicho_docs::files::{safe_file_name, write_file};
use daicho_docs::Written;
use serde::Serialize;

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
    let mut list = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(b"\xef\xbb\xbf".to_vec());
    list.write_record(HEADER).map_err(csv_err)?;
    let mut taken: BTreeSet<PathBuf> = BTreeSet::new();
    for (no, a) in &files {
        let dir = root.join(safe_file_name(no));
        std::fs::create_dir_all(&dir).map_err(|e| {
            Error::new(
                ErrorKind::Storage,
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
        list.write_record([
            no.as_str(),
            &a.name,
            &rel.to_string_lossy().replace('\\', "/"),
            &a.sha256,
            &a.size.to_string(),
            &a.added_at.replace('T', " "),
            &a.added_by,
        ])
        .map_err(csv_err)?;
    }
    let path = root.join(format!("{}{LIST_SUFFIX}", ledger.label()));
    let bytes = list
        .into_inner()
        .map_err(|e| csv_err(e.into_error().into()))?;
    write_file(&path, &bytes).map_err(doc_err)?;
    Ok(Some(Written::new(path, 1, &[])))
}

const HEADER: [&str; 7] = [
    "No.",
    "ファイル名",
    "保存先",
    "SHA-256",
    "サイズ(バイト)",
    "登録日時",
    "登録者",
];
const LIST_SUFFIX: &str = "_添付ファイル一覧.csv";

fn csv_err(e: csv::Error) -> Error {
    Error::new(
        ErrorKind::Storage,
        format!("添付ファイル一覧を扱えません: {e}"),
    )
}

/// What [`import_attachments`] found and did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AttachmentImport {
    /// (No., file name) attached now.
    pub added: Vec<(String, String)>,
    /// (No., file name) the record already had (same name and SHA-256).
    pub present: Vec<(String, String)>,
}

/// Attaches the files of an export (every `*_添付ファイル一覧.csv` below
/// `folder`) to the records of the same No. Every file is checked first —
/// present, the listed SHA-256, its record there — and nothing is added
/// when one fails; a file the record already has is skipped.
pub fn import_attachments(d: &mut Daicho, folder: &Path) -> Result<AttachmentImport> {
    let mut lists = Vec::new();
    find_lists(folder, &mut lists)?;
    if lists.is_empty() {
        return Err(Error::invalid(format!(
            "{} に添付ファイル一覧 (*{LIST_SUFFIX}) がありません。`daicho export` で書き出したフォルダを指定してください。",
            folder.display()
        )));
    }
    import_lists(d, folder, lists)
}

/// The attachment list `daicho export` wrote beside a ledger workbook
/// (`障害管理台帳.xlsx` → `添付ファイル/障害管理台帳_添付ファイル一覧.csv`;
/// `リリース管理台帳.xlsx` → `…/リリース管理_…`), when there is one: importing
/// the workbook brings its records' files back too.
pub fn attachment_list_beside(workbook: &Path) -> Option<PathBuf> {
    let stem = workbook.file_stem()?.to_str()?;
    let dir = workbook.parent()?.join(ATTACHMENT_DIR);
    [stem, stem.trim_end_matches("台帳")]
        .iter()
        .map(|name| dir.join(format!("{name}{LIST_SUFFIX}")))
        .find(|list| list.is_file())
}

/// [`import_attachments`] for one list (see [`attachment_list_beside`]).
pub fn import_attachment_list(d: &mut Daicho, list: &Path) -> Result<AttachmentImport> {
    let folder = list.parent().unwrap_or(Path::new("."));
    import_lists(d, folder, vec![list.to_path_buf()])
}

fn import_lists(d: &mut Daicho, folder: &Path, lists: Vec<PathBuf>) -> Result<AttachmentImport> {
    let mut todo = Vec::new();
    let mut out = AttachmentImport::default();
    for list in lists {
        let base = list.parent().unwrap_or(folder).to_path_buf();
        let text = std::fs::read(&list)
            .map_err(|e| Error::invalid(format!("{} を読めません: {e}", list.display())))?;
        let text = text.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&text);
        let mut r = csv::Reader::from_reader(text);
        for row in r.records() {
            let row = row.map_err(csv_err)?;
            let cell = |i: usize| row.get(i).unwrap_or_default().to_string();
            let (no, name, rel, sha) = (cell(0), cell(1), cell(2), cell(3));
            let path = base.join(&rel);
            let data = std::fs::read(&path)
                .map_err(|e| Error::invalid(format!("{} を読めません: {e}", path.display())))?;
            if attachment_sha256(&data) != sha {
                return Err(Error::invalid(format!(
                    "{} の内容が一覧の SHA-256 と一致しません (書き出し後に変更されています)。何も取り込んでいません。",
                    path.display()
                )));
            }
            let have = d.attachments(&no)?;
            if have.iter().any(|a| a.sha256 == sha && a.name == name) {
                out.present.push((no, name));
            } else {
                todo.push((no, name, data));
            }
        }
    }
    for (no, name, data) in todo {
        d.add_attachment(&no, &name, &data)?;
        out.added.push((no, name));
    }
    Ok(out)
}

fn find_lists(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| Error::invalid(format!("{} を読めません: {e}", dir.display())))?;
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            find_lists(&p, out)?;
        } else if p.to_string_lossy().ends_with(LIST_SUFFIX) {
            out.push(p);
        }
    }
    Ok(())
}
