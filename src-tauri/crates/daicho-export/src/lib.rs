//! Documents from the ledgers: 障害対応報告書, 仕様変更指示書, インシデント起票用シート,
//! 不具合管理表, 動作確認手順書 (PDF / xlsx), the ledger workbooks, and the
//! mail drafts (リリース予定案内, リリース案内, 障害連絡 初報/定時報/完了報).
//!
//! This crate is the glue between `daicho-core` (records) and `daicho-docs`
//! (the template engine): it maps records onto `DocData`, chooses file names
//! and folders of the shared-drive layout, and writes every file through the
//! docs crate's atomic writer. The app and the CLI both call it.

mod attachments;
mod children;
mod mail;
mod mapping;
mod release_docs;
mod settings;

pub use attachments::{
    attachment_list_beside, import_attachment_list, import_attachments, AttachmentImport,
    ATTACHMENT_DIR,
};
pub use daicho_docs::{DocFormat, MailKind, Written};
pub use mail::{
    log_notice, mail_drafts, mail_drafts_with, parse_mail_kind, write_mail_drafts,
    write_mail_drafts_with, MailDraft, NoticeInputs,
};
pub use mapping::{doc_kind_for, record_doc_data, DocKind};
pub use release_docs::{write_release_item_documents, ReleaseItemDocs};
pub use settings::{
    backup_mirror, daily_backup, parse_formats, report_dir, Destination, ExportSettings,
};

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use daicho_core::domain::ledger::Ledger;
use daicho_core::domain::value::{FieldKind, Value};
use daicho_core::domain::workflow;
use daicho_core::service::child_tables;
use daicho_core::{Daicho, Error, ErrorKind, Result};
use daicho_docs::{
    files::write_file, load_template, render_pdf, render_xlsx, DocValue, LedgerColumn, LedgerKind,
    LedgerWriter, LEDGER_SHEET, MAX_SHEET_ROWS,
};

/// Converts the docs crate's error into the core's `{kind, message}` error.
pub(crate) fn doc_err(e: daicho_docs::DocError) -> Error {
    Error::new(ErrorKind::Storage, e.message_ja())
}

/// Renders a document in memory: bytes, pages and missing glyphs.
pub fn render(
    d: &Daicho,
    kind: DocKind,
    no: Option<&str>,
    format: DocFormat,
    settings: &ExportSettings,
) -> Result<(Vec<u8>, daicho_docs::RenderReport)> {
    let data = match no {
        Some(no) => record_doc_data(d, kind, no)?,
        None => daicho_docs::DocData::new(),
    };
    let template =
        load_template(kind.template(), settings.template_dir.as_deref()).map_err(doc_err)?;
    let opts = daicho_docs::RenderOptions {
        issuer: settings.issuer.clone(),
    };
    match format {
        DocFormat::Pdf => Ok(render_pdf(&template, &data, &opts)),
        DocFormat::Xlsx => render_xlsx(&template, &data, &opts).map_err(doc_err),
    }
}

/// Renders and writes a document of a record (or a blank form when `no` is
/// None) into `dest`. Returns one entry per format written.
pub fn write_document(
    d: &Daicho,
    kind: DocKind,
    no: Option<&str>,
    formats: &[DocFormat],
    dest: &Destination,
    settings: &ExportSettings,
) -> Result<Vec<Written>> {
    let mut out = Vec::new();
    for &format in formats {
        let (bytes, report) = render(d, kind, no, format, settings)?;
        let path = settings::document_path(d, kind, no, format, dest, settings)?;
        settings::prepare(dest, settings, &path)?;
        write_file(&path, &bytes).map_err(doc_err)?;
        out.push(Written::new(path, report.pages, &report.missing_glyphs));
    }
    Ok(out)
}

/// How a ledger workbook types a column of this kind.
pub(crate) fn ledger_kind(ledger: Ledger, kind: FieldKind) -> LedgerKind {
    match kind {
        FieldKind::Date => LedgerKind::Date,
        FieldKind::DateTime => LedgerKind::DateTime,
        FieldKind::Int | FieldKind::Decimal => LedgerKind::Number,
        FieldKind::Status => LedgerKind::Status(
            workflow::statuses(ledger)
                .into_iter()
                .map(String::from)
                .collect(),
        ),
        _ => LedgerKind::Text,
    }
}

/// Writes インシデント台帳.xlsx, 障害管理台帳.xlsx and 変更管理台帳.xlsx (and
/// リリース管理.xlsx) with the seed columns, autofilter, frozen header,
/// yyyy/m/d dates and a status dropdown; each ledger's attachments go
/// beside its workbook (`添付ファイル/<No>/`, listed with their SHA-256).
pub fn export_ledgers(
    d: &Daicho,
    dest: &Destination,
    settings: &ExportSettings,
) -> Result<Vec<Written>> {
    let mut paths = Vec::new();
    for ledger in Ledger::ALL {
        let path = settings::ledger_path(ledger, dest, settings)?;
        settings::prepare(dest, settings, &path)?;
        // A missing folder fails now, not after the first workbook.
        match path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() && !dir.is_dir() => {
                return Err(doc_err(daicho_docs::DocError::FolderMissing(dir.into())));
            }
            _ => {}
        }
        paths.push((ledger, path));
    }
    write_workbooks(d, &paths)?;
    let mut out = Vec::new();
    for (ledger, path) in paths {
        let beside = path.parent().map(Path::to_path_buf).unwrap_or_default();
        out.push(Written::new(path, 1, &[]));
        out.extend(attachments::export_ledger(d, ledger, &beside)?);
    }
    Ok(out)
}

/// The workbooks, two at a time when the database is a file (a second
/// read-only connection writes every other one, whichever is free next).
fn write_workbooks(d: &Daicho, paths: &[(Ledger, PathBuf)]) -> Result<()> {
    let next = AtomicUsize::new(0);
    let work = |d: &Daicho| -> Result<()> {
        while let Some((ledger, path)) = paths.get(next.fetch_add(1, Ordering::Relaxed)) {
            write_ledger_workbook(d, *ledger, path, MAX_SHEET_ROWS)?;
        }
        Ok(())
    };
    // Only a speed-up: without a second connection, one writes them all.
    let Some(second) = d.reader().ok().flatten() else {
        return work(d);
    };
    std::thread::scope(|s| {
        let other = s.spawn(move || work(&second));
        let here = work(d);
        let there = other.join().unwrap_or_else(|_| {
            Err(Error::new(
                ErrorKind::Storage,
                "台帳の書き出し中に内部エラーが発生しました。もう一度実行してください。",
            ))
        });
        here.and(there)
    })
}

/// Writes one ledger's workbook to `path`: the ledger sheet (its fields,
/// then a summary column per child table) and a sheet per child table keyed
/// by No.; a table longer than `sheet_rows` continues on `名前 (2)`, ….
/// The ledger and its child rows are streamed, one record at a time.
pub fn write_ledger_workbook(
    d: &Daicho,
    ledger: Ledger,
    path: &Path,
    sheet_rows: u32,
) -> Result<()> {
    let tables = child_tables(ledger);
    let mut columns: Vec<LedgerColumn> = ledger
        .fields()
        .iter()
        .map(|f| LedgerColumn::new(f.label, f.key, ledger_kind(ledger, f.kind)))
        .collect();
    columns.extend(
        tables
            .iter()
            .map(|t| LedgerColumn::new(t.label, &children::summary_key(t), LedgerKind::Text)),
    );
    let mut w = LedgerWriter::new(ledger.label(), &columns).map_err(doc_err)?;
    w.set_row_limit(sheet_rows);
    let sheets = tables
        .iter()
        .map(|t| w.add_table(t.label, &children::sheet_columns(ledger, t)))
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(doc_err)?;
    let mut row: Vec<DocValue> = Vec::with_capacity(columns.len());
    let mut child: Vec<DocValue> = Vec::new();
    d.for_each_record_with_children(ledger, |no, values, rows| {
        row.clear();
        row.extend(
            values
                .iter_mut()
                .map(|v| mapping::into_doc_value(std::mem::replace(v, Value::Null))),
        );
        row.extend(
            tables
                .iter()
                .zip(rows.iter())
                .map(|(t, rs)| children::summary(t, rs)),
        );
        w.push_values(LEDGER_SHEET, &row).map_err(doc_err)?;
        for ((t, rs), &sheet) in tables.iter().zip(rows.iter_mut()).zip(&sheets) {
            for cr in rs.iter_mut() {
                children::sheet_row(&mut child, no, t, cr);
                w.push_values(sheet, &child).map_err(doc_err)?;
            }
        }
        Ok(())
    })?;
    w.finish(path).map_err(doc_err)
}
