//! The installation settings a user may set (設定 screen, `daicho config`).
//! Other crates keep their own keys (e.g. the reports' `report.calendar`)
//! behind their own commands; only the keys listed here are set by name.

use crate::error::{Error, Result};

/// The name written into the history as "who".
pub const USER_NAME: &str = "user_name";
/// Root of the shared drive (`10-運用・保守` inside).
pub const SHARED_ROOT: &str = "shared_root";
/// Folder of user template overrides for documents and mails.
pub const TEMPLATE_DIR: &str = "template_dir";
/// Company / team name for documents' issuer line and mail signatures.
pub const TEAM_NAME: &str = "team_name";
/// Folder for database backups.
pub const BACKUP_DIR: &str = "backup_dir";
/// The window's language: `ja` or `en`.
pub const LANGUAGE: &str = "language";
/// The team's folder below the shared root (the seeds spell it
/// `10-運用・保守` and `10-運用保守`).
pub const OPS_FOLDER: &str = "ops_folder";
/// [`OPS_FOLDER`] when not set.
pub const DEFAULT_OPS_FOLDER: &str = "10-運用・保守";
/// Ledgers whose closing goes 仮クローズ → クローズ承認 → 対応済 (e.g.
/// `failure,change`; empty = off).
pub const CLOSE_APPROVAL: &str = "close_approval";

/// Every key a user may set, in the order `daicho config` lists them.
pub const USER_KEYS: &[&str] = &[
    USER_NAME,
    SHARED_ROOT,
    TEMPLATE_DIR,
    TEAM_NAME,
    BACKUP_DIR,
    LANGUAGE,
    OPS_FOLDER,
    CLOSE_APPROVAL,
];

/// A folder name for [`OPS_FOLDER`]: one name, no path.
pub fn check_ops_folder(name: &str) -> Result<()> {
    let name = name.trim();
    if name.is_empty()
        || name == "."
        || name == ".."
        || name.contains(['/', '\\', ':', '*', '?', '"', '<', '>', '|'])
    {
        return Err(Error::invalid(format!(
            "運用フォルダ名「{name}」は使えません。フォルダ名を 1 つだけ指定してください (例: {DEFAULT_OPS_FOLDER} / 10-運用保守)。"
        )));
    }
    Ok(())
}

/// Checks a `close_approval` value and returns it as ledger keys
/// (`failure,change`); an unknown ledger is refused with the accepted names.
pub fn parse_close_approval(value: &str) -> Result<String> {
    let mut keys: Vec<&str> = Vec::new();
    for part in value
        .split([',', ' ', '、', '，'])
        .filter(|p| !p.trim().is_empty())
    {
        match super::ledger::Ledger::from_key(part) {
            Some(l) if l != super::ledger::Ledger::Release => {
                if !keys.contains(&l.key()) {
                    keys.push(l.key());
                }
            }
            _ => {
                return Err(Error::invalid(format!(
                    "close_approval: 「{part}」は指定できません。incident / failure / change (インシデント / 障害 / 変更) をカンマ区切りで指定してください (空で解除)。"
                )))
            }
        }
    }
    Ok(keys.join(","))
}

/// Whether `ledger` closes through 仮クローズ, from the `close_approval`
/// setting (ledger keys or Japanese names, separated by commas or spaces).
pub fn close_approval_for(setting: Option<&str>, ledger: super::ledger::Ledger) -> bool {
    setting
        .unwrap_or_default()
        .split([',', ' ', '、', '，'])
        .filter_map(super::ledger::Ledger::from_key)
        .any(|l| l == ledger)
}

/// The key as stored, or a Japanese error listing the keys.
pub fn user_key(key: &str) -> Result<&'static str> {
    let key = key.trim();
    USER_KEYS
        .iter()
        .copied()
        .find(|k| *k == key)
        .ok_or_else(|| {
            Error::invalid(format!(
                "設定「{key}」はありません。設定: {}",
                USER_KEYS.join(" / ")
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_approval_names_ledgers() {
        use crate::domain::ledger::Ledger;
        assert_eq!(
            parse_close_approval("障害、 change,failure").unwrap(),
            "failure,change"
        );
        assert_eq!(parse_close_approval(" ").unwrap(), "");
        let e = parse_close_approval("failure,リリース").unwrap_err();
        assert!(e.message.contains("「リリース」"), "{}", e.message);
        assert!(close_approval_for(Some("failure,change"), Ledger::Change));
        assert!(!close_approval_for(Some("failure"), Ledger::Incident));
        assert!(!close_approval_for(None, Ledger::Failure));
    }

    #[test]
    fn only_listed_keys_are_accepted() {
        assert_eq!(user_key(" shared_root ").unwrap(), SHARED_ROOT);
        assert!(check_ops_folder("10-運用保守").is_ok());
        for bad in ["", "a/b", "..", "x\\y"] {
            assert!(check_ops_folder(bad)
                .unwrap_err()
                .message
                .contains("運用フォルダ名"));
        }
        let e = user_key("badkey").unwrap_err();
        assert_eq!(
            e.message,
            "設定「badkey」はありません。設定: user_name / shared_root / template_dir / team_name / backup_dir / language / ops_folder / close_approval"
        );
    }
}
