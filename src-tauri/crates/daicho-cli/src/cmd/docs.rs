//! Documents (PDF / Excel), the ledger workbooks and mail drafts.

use std::path::PathBuf;

use daicho_core::{Daicho, Error, Result};
use daicho_export::{parse_formats, parse_mail_kind, Destination, DocKind, ExportSettings};

use crate::output::{self, Out};

pub fn doc(
    d: &Daicho,
    out: &Out,
    no: Option<String>,
    kind: Option<String>,
    format: &str,
    dir: Option<PathBuf>,
    blank: bool,
) -> Result<()> {
    let kind: DocKind = match (&kind, &no) {
        (Some(k), _) => k.parse()?,
        (None, Some(n)) => daicho_export::doc_kind_for(n),
        (None, None) => return Err(Error::invalid("No. か --blank --kind を指定してください。")),
    };
    if blank == no.is_some() {
        return Err(Error::invalid(
            "No. を指定するか、--blank で空の様式を出力してください (両方は指定できません)。",
        ));
    }
    let formats = parse_formats(&[format])?;
    let settings = ExportSettings::from_daicho(d)?;
    let dest = Destination::from_folder(dir);
    let written =
        daicho_export::write_document(d, kind, no.as_deref(), &formats, &dest, &settings)?;
    out.show(&written, || output::written_files(&written));
    Ok(())
}

pub fn export(d: &Daicho, out: &Out, dir: Option<PathBuf>) -> Result<()> {
    let settings = ExportSettings::from_daicho(d)?;
    let written = daicho_export::export_ledgers(d, &Destination::from_folder(dir), &settings)?;
    out.show(&written, || output::written_files(&written));
    Ok(())
}

/// What `daicho mail` was asked to do besides printing the drafts.
pub struct MailOptions {
    pub dir: Option<PathBuf>,
    pub shared: bool,
    pub inputs: daicho_export::NoticeInputs,
    /// Log the notice as sent to this recipient (連絡履歴).
    pub sent_to: Option<String>,
}

/// Prints the drafts; with `--out` or `--shared` also saves them as `.txt`;
/// with `--sent-to` logs the notice in the failure's 連絡履歴.
pub fn mail(d: &mut Daicho, out: &Out, kind: &str, no: &str, o: MailOptions) -> Result<()> {
    let k = parse_mail_kind(kind)?;
    let settings = ExportSettings::from_daicho(d)?;
    let drafts = daicho_export::mail_drafts_with(d, k, no, &settings, &o.inputs)?;
    let written = if o.shared || o.dir.is_some() {
        let dest = if o.shared {
            Destination::Shared
        } else {
            Destination::from_folder(o.dir)
        };
        daicho_export::write_mail_drafts_with(d, k, no, &dest, &settings, &o.inputs)?
    } else {
        Vec::new()
    };
    if let Some(to) = &o.sent_to {
        daicho_export::log_notice(d, k, no, to)?;
    }
    out.show(
        &serde_json::json!({ "drafts": drafts, "written": written }),
        || output::mail(&drafts, &written),
    );
    Ok(())
}
