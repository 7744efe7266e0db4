//! Master lists: 発生元組織, 担当者 (people), 優先度 and 対象システム. Fields
//! of kind `Org`, `Person`, `Priority` and `System` take only active values
//! of their master.

use std::str::FromStr;

use serde::Serialize;

use crate::error::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Master {
    Organization,
    Person,
    Priority,
    /// 対象システム, each with its service level (A/B/C).
    System,
}

/// The service levels a 対象システム may have: level, service hours, how
/// long an outage may last (DOMAIN.md).
pub const SERVICE_LEVELS: &[(&str, &str, &str)] = &[
    ("A", "24時間365日", "60分以内"),
    ("B", "24時間365日", "4時間以内"),
    ("C", "平日 9:00〜17:45 (営業日)", "翌営業日まで"),
];

impl Master {
    pub const ALL: [Master; 4] = [
        Master::Organization,
        Master::Person,
        Master::Priority,
        Master::System,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Master::Organization => "発生元組織",
            Master::Person => "担当者",
            Master::Priority => "優先度",
            Master::System => "対象システム",
        }
    }

    /// The key as typed (`org`, `person`, …) or a Japanese name (`担当者`).
    pub fn from_key(s: &str) -> Option<Master> {
        match s.trim() {
            "org" | "orgs" | "organization" | "organizations" | "組織" | "発生元組織" => {
                Some(Master::Organization)
            }
            "person" | "people" | "担当者" | "人" => Some(Master::Person),
            "priority" | "priorities" | "優先度" => Some(Master::Priority),
            "system" | "systems" | "システム" | "対象システム" => Some(Master::System),
            _ => None,
        }
    }
}

impl FromStr for Master {
    type Err = Error;

    /// [`Master::from_key`] with a Japanese error naming the masters.
    fn from_str(s: &str) -> Result<Master, Error> {
        Master::from_key(s).ok_or_else(|| {
            Error::invalid(format!(
                "マスタ「{s}」はありません。org (発生元組織) / person (担当者) / priority (優先度) / system (対象システム)"
            ))
        })
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct MasterEntry {
    pub name: String,
    pub active: bool,
    pub sort_order: i64,
    /// A 対象システム's service level (A/B/C); None for other masters.
    pub service_level: Option<String>,
}
