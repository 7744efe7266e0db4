//! Header names → ledger fields. A header matches a field by its label or
//! key, or by one of the names teams commonly use for it (番号 / 管理番号,
//! 件名, 担当, 部署 …), compared after NFKC folding with spaces, dots and
//! marks such as ※ or (必須) removed, so `Ｎｏ．`, `No` and `No.` are one.

use std::collections::HashMap;
use std::sync::OnceLock;

use daicho_core::domain::ledger::{FieldDef, Ledger};
use daicho_core::domain::value::nfkc;

/// Common names for a field, by key (normalized with [`normalize`] at use).
/// Ledger-specific names come first in [`variants`].
const VARIANTS: &[(&str, &[&str])] = &[
    ("no", &["No", "番号", "管理番号", "#", "通番", "管理No"]),
    (
        "raised_on",
        &["登録日", "受付日", "起票日付", "作成日", "受付日付"],
    ),
    ("raised_by", &["登録者", "受付者", "作成者", "起票担当"]),
    (
        "origin_org",
        &[
            "組織",
            "部署",
            "発生元",
            "組織名",
            "部署名",
            "発生元部署",
            "依頼元",
            "依頼元組織",
            "会社名",
            "顧客名",
        ],
    ),
    (
        "origin_user",
        &[
            "発生元ユーザー",
            "ユーザ",
            "ユーザー",
            "ユーザ名",
            "依頼者",
            "発生元担当者",
        ],
    ),
    ("status", &["状態", "状況", "進捗", "進捗状況", "対応状況"]),
    ("kind", &["区分", "分類", "種類"]),
    ("title", &["件名", "表題", "題名", "タイトル名"]),
    (
        "summary",
        &["内容", "詳細", "問い合わせ内容", "依頼内容", "概要説明"],
    ),
    ("priority", &["重要度", "優先順位"]),
    ("due_on", &["期限", "回答期限", "期日"]),
    ("assignee", &["担当", "担当者名", "対応者"]),
    ("completed_on", &["完了日", "対応完了"]),
    ("closed_on", &["終了日", "クローズ"]),
    (
        "release_ver",
        &["リリースバージョン", "バージョン", "Ver", "リリース"],
    ),
    ("severity", &["重大度", "深刻度"]),
    ("occurred_at", &["発生日", "発生日付"]),
    ("detected_at", &["検知日", "検知日付"]),
    ("recovered_at", &["復旧日", "復旧日付"]),
    ("rough_effort", &["概算工数", "概算見積工数(人日)"]),
    ("rough_amount", &["概算金額", "概算見積金額(円)"]),
    ("formal_effort", &["正式工数", "正式見積工数(人日)"]),
    ("formal_amount", &["正式金額", "正式見積金額(円)"]),
    ("verifier", &["確認担当"]),
    ("transfer_no", &["転記先", "転記先番号"]),
];

/// Names that mean a field only in one ledger (the record's own number).
fn ledger_variants(ledger: Ledger) -> &'static [(&'static str, &'static [&'static str])] {
    match ledger {
        Ledger::Incident => &[("no", &["インシデントNo", "インシデント番号"])],
        Ledger::Failure => &[("no", &["障害No", "障害番号"])],
        Ledger::Change => &[("no", &["変更No", "変更番号", "変更管理No"])],
        Ledger::Release => &[
            (
                "version",
                &["バージョン", "Ver", "Version", "リリースバージョン"],
            ),
            ("title", &["タイトル", "件名", "リリース名"]),
        ],
    }
}

/// Folds a header for comparison: NFKC, lower case, no spaces, no dots, no
/// marks (※ * ◆), no "(必須)", ユーザー = ユーザ.
pub fn normalize(header: &str) -> String {
    let s = nfkc(header).to_lowercase();
    let s = s
        .replace("(必須)", "")
        .replace("【必須】", "")
        .replace("ユーザー", "ユーザ");
    s.chars()
        .filter(|c| {
            !c.is_whitespace()
                && !matches!(c, '.' | '・' | '※' | '*' | '◆' | '■' | '●' | ':' | '：')
        })
        .collect()
}

/// Without a trailing parenthesised unit: `金額(円)` → `金額`.
fn without_unit(s: &str) -> Option<String> {
    let open = s.rfind('(')?;
    (s.ends_with(')') && open > 0).then(|| s[..open].to_string())
}

/// The field a header names in `ledger`, if any.
pub fn match_header(ledger: Ledger, header: &str) -> Option<&'static FieldDef> {
    let n = normalize(header);
    if n.is_empty() {
        return None;
    }
    find(ledger, &n).or_else(|| without_unit(&n).and_then(|n| find(ledger, &n)))
}

/// Every name a field of `ledger` answers to, normalized, built once per
/// process: first each field's label and key (in field order), then the
/// common names (ledger-specific first); the first field to claim a name
/// keeps it.
fn names(ledger: Ledger) -> &'static HashMap<String, &'static FieldDef> {
    static NAMES: OnceLock<Vec<HashMap<String, &'static FieldDef>>> = OnceLock::new();
    let all = NAMES.get_or_init(|| {
        Ledger::ALL
            .iter()
            .map(|&l| {
                let mut m: HashMap<String, &'static FieldDef> = HashMap::new();
                for f in l.fields() {
                    m.entry(normalize(f.label)).or_insert(f);
                    m.entry(f.key.to_string()).or_insert(f);
                }
                for (key, variants) in ledger_variants(l).iter().chain(VARIANTS.iter()) {
                    if let Some(f) = l.fields().iter().find(|f| f.key == *key) {
                        for v in *variants {
                            m.entry(normalize(v)).or_insert(f);
                        }
                    }
                }
                m
            })
            .collect()
    });
    let i = Ledger::ALL.iter().position(|l| *l == ledger).unwrap_or(0);
    &all[i]
}

/// The longest cell text (bytes) that can still name a field of `ledger`:
/// folding full-width letters shrinks a name at most to a third, and a
/// header may carry marks and a unit that are dropped.
pub fn header_text_limit(ledger: Ledger) -> usize {
    let longest = names(ledger).keys().map(String::len).max().unwrap_or(0);
    longest * 3 + 32
}

fn find(ledger: Ledger, n: &str) -> Option<&'static FieldDef> {
    names(ledger).get(n).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(l: Ledger, h: &str) -> Option<&'static str> {
        match_header(l, h).map(|f| f.key)
    }

    #[test]
    fn common_header_variants_match() {
        let l = Ledger::Incident;
        for h in ["No", "No.", "Ｎｏ．", "番号", "管理番号", "№"] {
            assert_eq!(key(l, h), Some("no"), "{h}");
        }
        for (h, k) in [
            ("登録日", "raised_on"),
            ("受付日", "raised_on"),
            ("件名", "title"),
            ("内容", "summary"),
            ("組織", "origin_org"),
            ("部署", "origin_org"),
            ("発生元ユーザー", "origin_user"),
            ("※タイトル(必須)", "title"),
            ("ｽﾃｰﾀｽ", "status"),
            ("転記先Ｎｏ．", "transfer_no"),
        ] {
            assert_eq!(key(l, h), Some(k), "{h}");
        }
        assert_eq!(key(Ledger::Failure, "担当"), Some("assignee"));
        assert_eq!(key(Ledger::Failure, "インシデントNo."), Some("incident_no"));
        assert_eq!(key(Ledger::Change, "概算見積工数"), Some("rough_effort"));
        assert_eq!(
            key(Ledger::Change, "正式見積 金額(円)"),
            Some("formal_amount")
        );
        assert_eq!(key(l, "備考"), None);
    }
}
