//! Files on the shared drive: safe Windows file names, the folder layout of
//! the team's shared drive, and the one atomic writer every export goes
//! through (an existing file is never lost, a failed export leaves nothing).
//!
//! Paths are built with `std::path` only and never canonicalized: on Windows
//! `canonicalize` turns `\\server\share\…` into `\\?\UNC\server\share\…`,
//! which some tools and users cannot read back.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::DocError;

/// Makes `name` a valid file name on Windows (and everywhere else):
/// `\ / : * ? " < > |` become their full-width forms, control characters `_`;
/// reserved device names (CON, PRN, AUX, NUL, COM1–9, LPT1–9, with or without
/// extension, any case) get a leading `_`; trailing dots and spaces are
/// removed; the length is capped at 255 UTF-16 units keeping the extension.
/// Japanese text is kept as is.
pub fn safe_file_name(name: &str) -> String {
    let mut s: String = name
        .chars()
        .map(|c| match c {
            '\\' => '＼',
            '/' => '／',
            ':' => '：',
            '*' => '＊',
            '?' => '？',
            '"' => '”',
            '<' => '＜',
            '>' => '＞',
            '|' => '｜',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    s = s.trim_end_matches(['.', ' ']).to_owned();
    if s.is_empty() {
        return "_".to_owned();
    }
    let stem = s.split('.').next().unwrap_or("").trim_end_matches(' ');
    if is_reserved(stem) {
        s.insert(0, '_');
    }
    cap_utf16(&s, 255)
}

fn is_reserved(stem: &str) -> bool {
    let u = stem.to_ascii_uppercase();
    matches!(u.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((u.starts_with("COM") || u.starts_with("LPT"))
            && u.len() == 4
            && matches!(u.as_bytes()[3], b'1'..=b'9'))
}

fn cap_utf16(s: &str, max: usize) -> String {
    let len16 = |x: &str| x.encode_utf16().count();
    if len16(s) <= max {
        return s.to_owned();
    }
    let (stem, ext) = match s.rfind('.') {
        Some(i) if i > 0 && len16(&s[i..]) <= 16 => (&s[..i], &s[i..]),
        _ => (s, ""),
    };
    let budget = max - len16(ext);
    let mut out = String::new();
    let mut used = 0;
    for c in stem.chars() {
        if used + c.len_utf16() > budget {
            break;
        }
        used += c.len_utf16();
        out.push(c);
    }
    let out = out.trim_end_matches(['.', ' ']);
    format!("{out}{ext}")
}

/// File format of a generated document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocFormat {
    /// `.pdf`
    Pdf,
    /// `.xlsx`
    Xlsx,
}

impl DocFormat {
    fn ext(self) -> &'static str {
        match self {
            DocFormat::Pdf => "pdf",
            DocFormat::Xlsx => "xlsx",
        }
    }
}

/// The team's shared-drive layout (`10-運用・保守/` with one folder per
/// ledger, see the README's CLI section), below a configurable root such as
/// `\\fileserver\運用`. Every variable part goes through [`safe_file_name`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedLayout {
    /// Root folder; `10-運用・保守` lives inside it.
    pub root: PathBuf,
}

impl SharedLayout {
    /// Layout below `root`.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    /// `10-運用・保守/`
    pub fn ops_dir(&self) -> PathBuf {
        self.root.join("10-運用・保守")
    }
    /// `10-運用・保守/インシデント管理/`
    pub fn incident_dir(&self) -> PathBuf {
        self.ops_dir().join("インシデント管理")
    }
    /// `10-運用・保守/障害管理/`
    pub fn failure_dir(&self) -> PathBuf {
        self.ops_dir().join("障害管理")
    }
    /// `10-運用・保守/変更管理/`
    pub fn change_dir(&self) -> PathBuf {
        self.ops_dir().join("変更管理")
    }
    /// `10-運用・保守/リリース管理/`
    pub fn release_dir(&self) -> PathBuf {
        self.ops_dir().join("リリース管理")
    }
    /// `10-運用・保守/報告/`: the 月次報告書 and the 定例会資料.
    pub fn reports_dir(&self) -> PathBuf {
        self.ops_dir().join("報告")
    }

    /// `インシデント管理/インシデント台帳.xlsx`
    pub fn incident_ledger(&self) -> PathBuf {
        self.incident_dir().join("インシデント台帳.xlsx")
    }
    /// `障害管理/障害管理台帳.xlsx`
    pub fn failure_ledger(&self) -> PathBuf {
        self.failure_dir().join("障害管理台帳.xlsx")
    }
    /// `変更管理/変更管理台帳.xlsx`
    pub fn change_ledger(&self) -> PathBuf {
        self.change_dir().join("変更管理台帳.xlsx")
    }

    /// `インシデント管理/インシデント起票用シート/インシデント起票用シート_<I-No>.xlsx`
    pub fn incident_sheet(&self, i_no: &str) -> PathBuf {
        self.incident_dir()
            .join("インシデント起票用シート")
            .join(safe_file_name(&format!(
                "インシデント起票用シート_{i_no}.xlsx"
            )))
    }
    /// `インシデント管理/リリース予定案内/リリース予定案内_<Ver>.txt`
    pub fn release_schedule_notice(&self, version: &str) -> PathBuf {
        self.incident_dir()
            .join("リリース予定案内")
            .join(safe_file_name(&format!("リリース予定案内_{version}.txt")))
    }
    /// `インシデント管理/リリース案内/リリース案内_<Ver>.txt`
    pub fn release_notice(&self, version: &str) -> PathBuf {
        self.incident_dir()
            .join("リリース案内")
            .join(safe_file_name(&format!("リリース案内_{version}.txt")))
    }
    /// `障害管理/障害対応報告書/<S-No>_障害対応報告書.<pdf|xlsx>`
    pub fn failure_report(&self, s_no: &str, format: DocFormat) -> PathBuf {
        self.failure_dir()
            .join("障害対応報告書")
            .join(safe_file_name(&format!(
                "{s_no}_障害対応報告書.{}",
                format.ext()
            )))
    }
    /// `変更管理/仕様変更指示書/<C-No>_仕様変更指示書.<pdf|xlsx>`
    pub fn change_spec(&self, c_no: &str, format: DocFormat) -> PathBuf {
        self.change_dir()
            .join("仕様変更指示書")
            .join(safe_file_name(&format!(
                "{c_no}_仕様変更指示書.{}",
                format.ext()
            )))
    }
    /// `リリース管理/<I-No>_<タイトル>/`
    pub fn release_item_dir(&self, i_no: &str, title: &str) -> PathBuf {
        self.release_dir()
            .join(safe_file_name(&format!("{i_no}_{title}")))
    }
    /// `リリース管理/<I-No>_<タイトル>/<I-No>_<タイトル>_<document>.xlsx`, for
    /// `動作確認手順書`, `テスト仕様書`, `不具合管理表`.
    pub fn release_item_doc(&self, i_no: &str, title: &str, document: &str) -> PathBuf {
        self.release_item_dir(i_no, title)
            .join(safe_file_name(&format!("{i_no}_{title}_{document}.xlsx")))
    }
}

/// A file written, and what the user should be told about it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Written {
    pub path: PathBuf,
    pub pages: usize,
    /// Characters the bundled font cannot show (printed as blanks).
    pub missing_glyphs: Vec<String>,
}

impl Written {
    /// A file of `pages` pages; `missing_glyphs` as a render reported them.
    pub fn new(path: PathBuf, pages: usize, missing_glyphs: &[char]) -> Written {
        Written {
            path,
            pages,
            missing_glyphs: missing_glyphs.iter().map(char::to_string).collect(),
        }
    }
}

static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// Removes the temp file unless the write completed (also on panic).
struct TempGuard {
    path: PathBuf,
    armed: bool,
}

impl Drop for TempGuard {
    fn drop(&mut self) {
        if self.armed {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Writes `path` atomically: `write` fills a temp file in the same folder,
/// which is flushed to disk and then renamed over the target. If the target
/// exists, its previous content is first kept as `<name>.bak` (replacing an
/// older `.bak`). When `write` fails (or panics), or the folder is missing or
/// not writable, the target is untouched and no temp file is left.
pub fn atomic_write<F>(path: &Path, write: F) -> Result<(), DocError>
where
    F: FnOnce(&mut File) -> Result<(), DocError>,
{
    let name = path
        .file_name()
        .ok_or_else(|| DocError::io(path, std::io::ErrorKind::InvalidInput.into()))?;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        if dir.exists() {
            // A file where the folder should be: report it as a folder error.
            return Err(DocError::io(
                &dir,
                std::io::Error::new(std::io::ErrorKind::NotADirectory, "not a folder"),
            ));
        }
        return Err(DocError::FolderMissing(dir));
    }
    let tmp = dir.join(format!(
        ".{}.{}-{}.tmp",
        name.to_string_lossy(),
        std::process::id(),
        TEMP_COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    // The guard is declared before the file so the file is closed first when
    // both are dropped (Windows cannot delete an open file).
    let mut guard = TempGuard {
        path: tmp.clone(),
        armed: false,
    };
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)
        .map_err(|e| DocError::io(&dir, e))?;
    guard.armed = true;
    write(&mut file)?;
    file.flush().map_err(|e| DocError::io(&tmp, e))?;
    file.sync_all().map_err(|e| DocError::io(&tmp, e))?;
    drop(file);

    if path.exists() {
        let mut bak = name.to_os_string();
        bak.push(".bak");
        // Copy rather than rename, so the target exists at every moment.
        std::fs::copy(path, dir.join(bak)).map_err(|e| DocError::io(path, e))?;
    }
    std::fs::rename(&tmp, path).map_err(|e| DocError::io(path, e))?;
    guard.armed = false;
    #[cfg(unix)]
    if let Ok(d) = File::open(&dir) {
        // Persist the rename itself; best effort (not all file systems allow it).
        let _ = d.sync_all();
    }
    Ok(())
}

/// Writes bytes to `path` through [`atomic_write`].
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), DocError> {
    atomic_write(path, |f| {
        f.write_all(bytes).map_err(|e| DocError::io(path, e))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forbidden_characters_become_full_width() {
        assert_eq!(
            safe_file_name(r#"a\b/c:d*e?f"g<h>i|j"#),
            "a＼b／c：d＊e？f”g＜h＞i｜j"
        );
        assert_eq!(safe_file_name("改行\nタブ\t"), "改行_タブ_");
        assert_eq!(
            safe_file_name("S-0001_障害対応報告書.pdf"),
            "S-0001_障害対応報告書.pdf"
        );
    }

    #[test]
    fn reserved_device_names_are_avoided() {
        for n in [
            "CON",
            "con",
            "Prn.txt",
            "aux.tar.gz",
            "NUL",
            "COM1",
            "lpt9.xlsx",
        ] {
            let s = safe_file_name(n);
            assert!(s.starts_with('_'), "{n} -> {s}");
        }
        for n in ["CONSOLE", "COM0", "LPT10", "con_1.txt", "コン"] {
            assert_eq!(safe_file_name(n), n);
        }
    }

    #[test]
    fn trailing_dots_and_spaces_are_stripped() {
        assert_eq!(safe_file_name("報告書. . "), "報告書");
        assert_eq!(safe_file_name("..."), "_");
        assert_eq!(safe_file_name(""), "_");
    }

    #[test]
    fn long_names_are_capped_in_utf16_keeping_the_extension() {
        let long = format!("{}.xlsx", "障".repeat(300));
        let s = safe_file_name(&long);
        assert_eq!(s.encode_utf16().count(), 255);
        assert!(s.ends_with(".xlsx"));
        // Surrogate pairs are never split.
        let long = format!("{}.pdf", "𠮷".repeat(200));
        let s = safe_file_name(&long);
        assert!(s.encode_utf16().count() <= 255);
        assert!(s.ends_with("𠮷.pdf"));
    }

    #[test]
    fn layout_paths_follow_the_domain() {
        let l = SharedLayout::new("/mnt/share");
        assert_eq!(
            l.failure_report("S-0001", DocFormat::Pdf),
            PathBuf::from(
                "/mnt/share/10-運用・保守/障害管理/障害対応報告書/S-0001_障害対応報告書.pdf"
            )
        );
        assert_eq!(
            l.incident_ledger(),
            PathBuf::from("/mnt/share/10-運用・保守/インシデント管理/インシデント台帳.xlsx")
        );
        assert_eq!(
            l.release_item_doc("I-0003", "CSV出力: 改善?", "動作確認手順書"),
            PathBuf::from(
                "/mnt/share/10-運用・保守/リリース管理/I-0003_CSV出力： 改善？/I-0003_CSV出力： 改善？_動作確認手順書.xlsx"
            )
        );
    }

    #[cfg(windows)]
    #[test]
    fn unc_roots_stay_plain_unc() {
        let l = SharedLayout::new(r"\\fileserver\運用");
        let p = l.failure_report("S-0001", DocFormat::Xlsx);
        assert_eq!(
            p.to_str().unwrap(),
            r"\\fileserver\運用\10-運用・保守\障害管理\障害対応報告書\S-0001_障害対応報告書.xlsx"
        );
        assert!(!p.to_str().unwrap().starts_with(r"\\?\"));
        assert!(matches!(
            p.components().next(),
            Some(std::path::Component::Prefix(pr)) if matches!(pr.kind(), std::path::Prefix::UNC(..))
        ));
    }
}
