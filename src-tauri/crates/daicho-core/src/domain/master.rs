//! Master lists: 発生元組織, 担当者 (people) and 優先度. Fields of kind
//! `Org`, `Person` and `Priority` take only active values of their master.

use std::str::FromStr;

use serde::Serialize;

use crate::error::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Master {
    Organization,
    Person,
    Priority,
}

impl Master {
    pub const ALL: [Master; 3] = [Master::Organization, Master::Person, Master::Priority];

    pub fn label(self) -> &'static str {
        match self {
            Master::Organization => "発生元組織",
            Master::Person => "担当者",
            Master::Priority => "優先度",
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
                "マスタ「{s}」はありません。org (発生元組織) / person (担当者) / priority (優先度)"
            ))
        })
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct MasterEntry {
    pub name: String,
    pub active: bool,
    pub sort_order: i64,
}
