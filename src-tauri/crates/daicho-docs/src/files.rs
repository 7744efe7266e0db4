//! Files on the shared drive: safe Windows file names, the folder layout of
//! the team's shared drive, and the one atomic writer every export goes
//! through (an existing file is never lost, a failed export leaves nothing).
//!
//! Paths are built with `std::path` only and never canonicalized: on Windows
//! `canonicalize` turns `\\server\share\…` into `\\?\UNC\server\share\…`,
//! which some tools and users cannot read back.

use std::path::PathBuf;

pub use crate::replace::{atomic_write, write_file};

/// Makes `name` a valid file name on Windows (and everywhere else):
/// `\ / : * ? " < > |` become their full-width forms, control characters `_`;
/// invisible format characters (Unicode Cf: bidi controls such as U+202E
/// that make `exe.pdf` read as `fdp.exe`, zero-width spaces, BOM) are
/// removed; reserved device names (CON, PRN, AUX, NUL, CONIN$, CONOUT$,
/// COM0–9, LPT0–9 and COM¹²³ / LPT¹²³, with or without extension, any case)
/// get a leading `_`; trailing dots and spaces are removed; the length is
/// capped at 255 UTF-8 bytes keeping the extension — which is also within
/// NTFS's 255 UTF-16 units (ext4 counts bytes, NTFS units). Japanese text is
/// kept as is.
pub fn safe_file_name(name: &str) -> String {
    use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};
    let mut s: String = name
        .chars()
        .filter(|c| c.general_category() != GeneralCategory::Format)
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
    cap_bytes(&s, MAX_NAME_BYTES)
}

/// A file name's budget: ext4 allows 255 bytes, NTFS 255 UTF-16 units; UTF-8
/// never takes fewer bytes than UTF-16 takes units, so bytes bound both.
pub const MAX_NAME_BYTES: usize = 255;

fn is_reserved(stem: &str) -> bool {
    let u = stem.to_uppercase();
    let numbered = |prefix: &str| {
        u.strip_prefix(prefix).is_some_and(|n| {
            let mut c = n.chars();
            matches!(
                (c.next(), c.next()),
                (Some('0'..='9' | '¹' | '²' | '³'), None)
            )
        })
    };
    matches!(
        u.as_str(),
        "CON" | "PRN" | "AUX" | "NUL" | "CONIN$" | "CONOUT$"
    ) || numbered("COM")
        || numbered("LPT")
}

fn cap_bytes(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_owned();
    }
    let (stem, ext) = match s.rfind('.') {
        Some(i) if i > 0 && s.len() - i <= 16 => (&s[..i], &s[i..]),
        _ => (s, ""),
    };
    let budget = max - ext.len();
    let mut end = 0;
    for (i, c) in stem.char_indices() {
        if i + c.len_utf8() > budget {
            break;
        }
        end = i + c.len_utf8();
    }
    let out = stem[..end].trim_end_matches(['.', ' ']);
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
    /// The team's folder name (the seeds spell it `10-運用・保守` or `10-運用保守`).
    pub ops_folder: String,
}

impl SharedLayout {
    /// The team's folder name when none is set.
    pub const DEFAULT_OPS_FOLDER: &'static str = "10-運用・保守";

    /// Layout below `root`, with `10-運用・保守`.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self {
            root: root.into(),
            ops_folder: Self::DEFAULT_OPS_FOLDER.to_owned(),
        }
    }

    /// The same layout with another spelling of the team's folder.
    pub fn with_ops_folder(mut self, name: &str) -> Self {
        let name = name.trim();
        if !name.is_empty() {
            self.ops_folder = safe_file_name(name);
        }
        self
    }

    /// `10-運用・保守/` (or the folder name set)
    pub fn ops_dir(&self) -> PathBuf {
        self.root.join(&self.ops_folder)
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
    /// `リリース管理/テンプレート/<name>`: the blank forms, named as the seed
    /// names them (`不具合管理表.テンプレート.xlsx`, `動作確認手順書テンプレート.xlsx`).
    pub fn release_template(&self, name: &str) -> PathBuf {
        self.release_dir()
            .join("テンプレート")
            .join(safe_file_name(name))
    }
    /// `リリース管理/<I-No>_<タイトル>/`
    pub fn release_item_dir(&self, i_no: &str, title: &str) -> PathBuf {
        self.release_dir()
            .join(safe_file_name(&format!("{i_no}_{title}")))
    }
    /// `リリース管理/<I-No>_<タイトル>/<I-No>_<タイトル>_<document>.xlsx`, for
    /// `動作確認手順書`, `テスト仕様書`, `ステージング環境テスト仕様書`, ….
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
        for n in [
            "COM0",
            "lpt0.txt",
            "COM¹",
            "lpt².xlsx",
            "Com³",
            "CONIN$",
            "conout$.log",
        ] {
            let s = safe_file_name(n);
            assert!(s.starts_with('_'), "{n} -> {s}");
        }
        for n in ["CONSOLE", "COM10", "LPT10", "con_1.txt", "コン", "COM⁴"] {
            assert_eq!(safe_file_name(n), n);
        }
    }

    #[test]
    fn format_characters_are_removed() {
        // U+202E would show `報告書_gpj.exe` as `報告書_exe.jpg`.
        assert_eq!(safe_file_name("報告書_\u{202E}gpj.exe"), "報告書_gpj.exe");
        let hidden = "\u{200B}\u{200E}\u{200F}\u{202A}\u{202B}\u{202C}\u{202D}\u{2066}\u{2067}\u{2068}\u{2069}\u{FEFF}\u{00AD}";
        assert_eq!(safe_file_name(&format!("S-0001{hidden}.pdf")), "S-0001.pdf");
        // A name that was only format characters plus a device name.
        assert_eq!(safe_file_name("\u{FEFF}CON.txt"), "_CON.txt");
        assert_eq!(safe_file_name("\u{202E}"), "_");
    }

    #[test]
    fn trailing_dots_and_spaces_are_stripped() {
        assert_eq!(safe_file_name("報告書. . "), "報告書");
        assert_eq!(safe_file_name("..."), "_");
        assert_eq!(safe_file_name(""), "_");
    }

    #[test]
    fn long_names_are_capped_in_bytes_keeping_the_extension() {
        // 3 bytes a character: 85 characters (255 bytes) would be too many
        // with the extension, so 83 + `.xlsx`.
        let long = format!("{}.xlsx", "障".repeat(300));
        let s = safe_file_name(&long);
        assert!(s.len() <= MAX_NAME_BYTES, "{}", s.len());
        assert_eq!(s, format!("{}.xlsx", "障".repeat(83)));
        assert!(s.encode_utf16().count() <= 255);
        // Four-byte characters (surrogate pairs in UTF-16) are never split.
        let long = format!("{}.pdf", "𠮷".repeat(200));
        let s = safe_file_name(&long);
        assert_eq!(s, format!("{}.pdf", "𠮷".repeat(62)));
        // ASCII: 255 bytes exactly.
        let s = safe_file_name(&"a".repeat(300));
        assert_eq!(s.len(), 255);
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
        assert_eq!(
            l.release_template("不具合管理表.テンプレート.xlsx"),
            PathBuf::from(
                "/mnt/share/10-運用・保守/リリース管理/テンプレート/不具合管理表.テンプレート.xlsx"
            )
        );
        // The other spelling of the team's folder, as a setting.
        let l = SharedLayout::new("/mnt/share").with_ops_folder(" 10-運用保守 ");
        assert_eq!(
            l.change_ledger(),
            PathBuf::from("/mnt/share/10-運用保守/変更管理/変更管理台帳.xlsx")
        );
        assert_eq!(
            SharedLayout::new("/r").with_ops_folder("").ops_folder,
            "10-運用・保守"
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
