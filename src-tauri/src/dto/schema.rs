//! Ledger schema: fields, workflow actions, child tables, ledgers (`get_schema`).

use daicho_core::domain::ledger::{ChildDef, FieldDef, Ledger};
use std::collections::BTreeMap;

use daicho_core::domain::value::FieldKind as CoreKind;
use daicho_core::domain::workflow::{self, ActionDef};
use serde::Serialize;
use ts_rs::TS;

/// What a field holds; the UI picks its input and display by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    Text,
    LongText,
    Date,
    DateTime,
    Time,
    Int,
    Decimal,
    Choice,
    Status,
    Person,
    Org,
    Priority,
    System,
    RecordNo,
}

/// A column of a ledger or child table.
#[derive(Debug, Clone, Serialize, TS)]
pub struct FieldDto {
    pub key: String,
    pub label: String,
    pub kind: FieldKind,
    /// The fixed choices of a `choice` field.
    pub options: Vec<String>,
    pub required: bool,
    pub system: bool,
}

impl From<&FieldDef> for FieldDto {
    fn from(f: &FieldDef) -> Self {
        let (kind, options) = match f.kind {
            CoreKind::Text => (FieldKind::Text, &[][..]),
            CoreKind::LongText => (FieldKind::LongText, &[][..]),
            CoreKind::Date => (FieldKind::Date, &[][..]),
            CoreKind::DateTime => (FieldKind::DateTime, &[][..]),
            CoreKind::Time => (FieldKind::Time, &[][..]),
            CoreKind::Int => (FieldKind::Int, &[][..]),
            CoreKind::Decimal => (FieldKind::Decimal, &[][..]),
            CoreKind::Choice(o) => (FieldKind::Choice, o),
            CoreKind::Status => (FieldKind::Status, &[][..]),
            CoreKind::Person => (FieldKind::Person, &[][..]),
            CoreKind::Org => (FieldKind::Org, &[][..]),
            CoreKind::Priority => (FieldKind::Priority, &[][..]),
            CoreKind::System => (FieldKind::System, &[][..]),
            CoreKind::RecordNo => (FieldKind::RecordNo, &[][..]),
        };
        FieldDto {
            key: f.key.into(),
            label: f.label.into(),
            kind,
            options: options.iter().map(|s| s.to_string()).collect(),
            required: f.required,
            system: f.system,
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct OnlyWhen {
    pub field: String,
    pub values: Vec<String>,
}

/// A workflow action (button), named as in the seed.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ActionDto {
    pub key: String,
    pub name: String,
    pub from: Vec<String>,
    pub to: String,
    pub requires: Vec<String>,
    pub only_when: Option<OnlyWhen>,
    pub stamps: Vec<String>,
}

impl From<&ActionDef> for ActionDto {
    fn from(a: &ActionDef) -> Self {
        let v = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        ActionDto {
            key: a.key.into(),
            name: a.name.into(),
            from: v(a.from),
            to: a.to.into(),
            requires: v(a.requires),
            only_when: a.only_when.map(|(f, vals)| OnlyWhen {
                field: f.into(),
                values: v(vals),
            }),
            stamps: v(a.stamps),
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ChildDto {
    pub key: String,
    pub label: String,
    pub columns: Vec<FieldDto>,
}

impl From<&ChildDef> for ChildDto {
    fn from(c: &ChildDef) -> Self {
        ChildDto {
            key: c.key.into(),
            label: c.label.into(),
            columns: c.columns.iter().map(FieldDto::from).collect(),
        }
    }
}

/// One ledger: its columns in seed order, statuses in flow order, actions.
#[derive(Debug, Clone, Serialize, TS)]
pub struct LedgerDto {
    /// `incident`, `failure`, `change`, `release`.
    pub key: String,
    pub label: String,
    pub fields: Vec<FieldDto>,
    pub statuses: Vec<String>,
    /// Where each status stands in the flow (the chip colour).
    pub phases: BTreeMap<String, StatusPhase>,
    /// The date that makes an open record overdue, where the ledger has one.
    pub due_field: Option<String>,
    pub actions: Vec<ActionDto>,
    pub children: Vec<ChildDto>,
}

impl From<Ledger> for LedgerDto {
    fn from(l: Ledger) -> Self {
        let statuses = workflow::statuses(l);
        LedgerDto {
            key: l.key().into(),
            label: l.label().into(),
            fields: l.fields().iter().map(FieldDto::from).collect(),
            phases: statuses
                .iter()
                .map(|s| (s.to_string(), workflow::phase(l, s).into()))
                .collect(),
            due_field: l.due_field().map(String::from),
            statuses: statuses.iter().map(|s| s.to_string()).collect(),
            actions: workflow::actions(l).iter().map(ActionDto::from).collect(),
            children: l.children().map(ChildDto::from).collect(),
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct SchemaDto {
    pub ledgers: Vec<LedgerDto>,
}

/// Where a status stands in its flow (see `workflow::phase`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum StatusPhase {
    New,
    Active,
    Release,
    Done,
    Dropped,
}

impl From<workflow::Phase> for StatusPhase {
    fn from(p: workflow::Phase) -> Self {
        use workflow::Phase as P;
        match p {
            P::New => StatusPhase::New,
            P::Active => StatusPhase::Active,
            P::Release => StatusPhase::Release,
            P::Done => StatusPhase::Done,
            P::Dropped => StatusPhase::Dropped,
        }
    }
}
