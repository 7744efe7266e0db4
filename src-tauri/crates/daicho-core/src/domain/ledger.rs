//! The four ledgers and their columns, in the order the seed's Excel ledgers
//! use. Labels are the users' labels; keys are the English identifiers used
//! in code, storage and IPC. Every screen, export and import iterates these
//! lists, so a column is added here once.
//!
//! (Long by design: the column lists are data, one block per ledger.)

use serde::{Deserialize, Serialize};

use super::value::FieldKind::{self, *};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ledger {
    Incident,
    Failure,
    Change,
    Release,
}

pub const KINDS: &[&str] = &["障害", "仕様変更", "問い合わせ"];
pub const REPRODUCIBILITY: &[&str] = &["必ず発生", "条件により発生", "発生条件不明", "再現せず"];
pub const SEVERITIES: &[&str] = &["Critical", "High", "Medium", "Low"];
pub const DROP_REASONS: &[&str] = &["費用", "納期", "その他"];
pub const JUDGEMENT_RESULTS: &[&str] = &["OK", "NG"];
pub const DEFECT_STATUSES: &[&str] = &["未対応", "対応中", "対応済", "確認済"];
/// The stamp boxes of 障害対応報告書 and 仕様変更指示書, in print order.
pub const APPROVAL_ROLES: &[&str] = &["作成", "確認", "承認"];
/// The notices of a failure (002: 第一報, 継続報, 完了報; 復旧作業の連絡).
pub const CONTACT_KINDS: &[&str] = &["初報", "定時報", "完了報", "復旧作業開始", "復旧作業完了"];
/// Default 優先度 master, highest first.
pub const DEFAULT_PRIORITIES: &[&str] = &["高", "中", "低"];

/// One column of a ledger or child table.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct FieldDef {
    pub key: &'static str,
    pub label: &'static str,
    pub kind: FieldKind,
    /// Must be filled when the record is created.
    pub required: bool,
    /// Set only by workflows and the system, never by a plain edit.
    pub system: bool,
}

const fn f(key: &'static str, label: &'static str, kind: FieldKind) -> FieldDef {
    FieldDef {
        key,
        label,
        kind,
        required: false,
        system: false,
    }
}
const fn req(key: &'static str, label: &'static str, kind: FieldKind) -> FieldDef {
    FieldDef {
        key,
        label,
        kind,
        required: true,
        system: false,
    }
}
const fn sys(key: &'static str, label: &'static str, kind: FieldKind) -> FieldDef {
    FieldDef {
        key,
        label,
        kind,
        required: false,
        system: true,
    }
}

const INCIDENT_FIELDS: &[FieldDef] = &[
    sys("no", "No.", RecordNo),
    req("raised_on", "起票日", Date),
    req("raised_by", "起票者", Person),
    req("origin_org", "発生元組織", Org),
    f("origin_user", "発生元ユーザ", Text),
    f("target_system", "対象システム", System),
    sys("status", "ステータス", Status),
    f("kind", "種別", Choice(KINDS)),
    req("title", "タイトル", Text),
    req("summary", "概要", LongText),
    f("occurred_at", "発生日時", DateTime),
    f("reproducibility", "再現性", Choice(REPRODUCIBILITY)),
    f("repro_steps", "再現手順", LongText),
    f("priority", "優先度", Priority),
    f("owner", "担当者", Person),
    f("due_on", "対応期限", Date),
    f("closure_condition", "完了条件", LongText),
    f("answer", "回答", LongText),
    f("triaged_on", "切り分け完了日", Date),
    sys("transfer_no", "転記先No.", RecordNo),
    f("decided_on", "方針決定日", Date),
    f("dev_started_on", "開発着手日", Date),
    f("dev_due_on", "開発対応完了予定日", Date),
    f("completed_on", "対応完了日", Date),
    f("release_ver", "リリースVer.", Text),
    f("closed_on", "クローズ日", Date),
    sys("updated_at", "更新日時", DateTime),
];

const FAILURE_FIELDS: &[FieldDef] = &[
    sys("no", "No.", RecordNo),
    req("raised_on", "起票日", Date),
    req("raised_by", "起票者", Person),
    f("assignee", "担当者", Person),
    sys("status", "ステータス", Status),
    f("priority", "優先度", Priority),
    f("target_system", "対象システム", System),
    f("due_on", "対応期限", Date),
    req("title", "タイトル", Text),
    f("phenomenon", "現象", LongText),
    f("direct_cause", "直接原因", LongText),
    f("interim_action", "暫定対応", LongText),
    f("root_cause", "根本原因", LongText),
    f("permanent_fix", "恒久対応", LongText),
    f("completed_on", "対応完了日", Date),
    f("verified_on", "確認完了日", Date),
    f("verifier", "確認者", Person),
    f("release_ver", "リリースVer.", Text),
    f("release_note", "リリースノート", LongText),
    f("severity", "Severity", Choice(SEVERITIES)),
    f("occurred_at", "発生日時", DateTime),
    f("detected_at", "検知日時", DateTime),
    f("recovered_at", "復旧日時", DateTime),
    f("impact_scope", "影響範囲", LongText),
    f("business_impact", "業務影響", LongText),
    f("reproducibility", "再現性", Choice(REPRODUCIBILITY)),
    f("root_cause_category", "根本原因分類", Text),
    sys("incident_no", "インシデントNo.", RecordNo),
    sys("updated_at", "更新日時", DateTime),
];

const CHANGE_FIELDS: &[FieldDef] = &[
    sys("no", "No.", RecordNo),
    req("raised_on", "起票日", Date),
    req("raised_by", "起票者", Person),
    f("assignee", "担当者", Person),
    sys("status", "ステータス", Status),
    f("priority", "優先度", Priority),
    f("target_system", "対象システム", System),
    req("title", "タイトル", Text),
    f("completed_on", "対応完了日", Date),
    f("verified_on", "確認完了日", Date),
    f("verifier", "確認者", Person),
    f("rough_effort", "概算見積 工数", Decimal),
    f("rough_amount", "概算見積 金額", Int),
    f("formal_effort", "正式見積 工数", Decimal),
    f("formal_amount", "正式見積 金額", Int),
    f("desired_due", "希望納期", Date),
    f("ordered_on", "発注日", Date),
    f("drop_reason", "開発見送り理由", Choice(DROP_REASONS)),
    f("release_ver", "リリースVer.", Text),
    f("release_note", "リリースノート", LongText),
    f("req_value", "誰にとって何の価値があるのか", LongText),
    f("req_scenes", "ユーザごとの利用シーン", LongText),
    f("req_considerations", "機能の考慮", LongText),
    f("spec_layout", "レイアウト", LongText),
    f("spec_items", "項目仕様", LongText),
    f("spec_behaviour", "ボタン押下など処理内容", LongText),
    sys("incident_no", "インシデントNo.", RecordNo),
    sys("updated_at", "更新日時", DateTime),
];

const RELEASE_FIELDS: &[FieldDef] = &[
    req("version", "リリースVer.", Text),
    f("title", "概要", Text),
    f("target_system", "対象システム", System),
    sys("status", "ステータス", Status),
    f("qa_planned_on", "QA環境リリース予定日", Date),
    f("qa_done_on", "QA環境リリース日", Date),
    f("staging_planned_on", "ステージング環境リリース予定日", Date),
    f("staging_done_on", "ステージング環境リリース日", Date),
    f("prod_planned_on", "本番環境リリース予定日", Date),
    f("prod_done_on", "本番環境リリース日", Date),
    f("completed_on", "完了報告日", Date),
    sys("updated_at", "更新日時", DateTime),
];

/// A table of rows owned by one record (タイムライン, 調査結果, …).
#[derive(Debug, Clone, Copy, Serialize)]
pub struct ChildDef {
    pub key: &'static str,
    pub label: &'static str,
    pub parent: Ledger,
    /// Rows are kept in the order of these columns (e.g. date, time).
    pub order_by: &'static [&'static str],
    pub columns: &'static [FieldDef],
}

/// 作成 / 確認 / 承認 with name and date (printed into the stamp boxes).
const APPROVAL_COLUMNS: &[FieldDef] = &[
    req("role", "区分", Choice(APPROVAL_ROLES)),
    req("name", "氏名", Text),
    req("date", "日付", Date),
    f("note", "備考", LongText),
];

pub const CHILDREN: &[ChildDef] = &[
    ChildDef {
        key: "timeline",
        label: "タイムライン",
        parent: Ledger::Failure,
        order_by: &["date", "time"],
        columns: &[
            req("date", "日付", Date),
            f("time", "時刻", Time),
            req("content", "対応内容", LongText),
        ],
    },
    ChildDef {
        key: "findings",
        label: "調査結果",
        parent: Ledger::Failure,
        order_by: &["date"],
        columns: &[
            req("date", "日付", Date),
            req("content", "調査結果", LongText),
        ],
    },
    ChildDef {
        key: "preventions",
        label: "再発防止策",
        parent: Ledger::Failure,
        order_by: &[],
        columns: &[
            req("content", "内容", LongText),
            req("owner", "担当者", Person),
            req("due_on", "期限", Date),
            f("done_on", "完了日", Date),
            f("verified_on", "効果確認日", Date),
            f("approved_by", "承認者", Text),
            f("approved_on", "承認日", Date),
        ],
    },
    ChildDef {
        key: "contacts",
        label: "連絡履歴",
        parent: Ledger::Failure,
        order_by: &["sent_at"],
        columns: &[
            req("sent_at", "日時", DateTime),
            req("kind", "種別", Choice(CONTACT_KINDS)),
            req("recipient", "宛先", Text),
            f("sender", "連絡者", Person),
            f("note", "備考", LongText),
        ],
    },
    ChildDef {
        key: "failure_approvals",
        label: "承認",
        parent: Ledger::Failure,
        order_by: &["date"],
        columns: APPROVAL_COLUMNS,
    },
    ChildDef {
        key: "notes",
        label: "検討経緯",
        parent: Ledger::Change,
        order_by: &["date"],
        columns: &[req("date", "日付", Date), req("content", "内容", LongText)],
    },
    ChildDef {
        key: "change_approvals",
        label: "承認",
        parent: Ledger::Change,
        order_by: &["date"],
        columns: APPROVAL_COLUMNS,
    },
    ChildDef {
        key: "defects",
        label: "不具合管理表",
        parent: Ledger::Release,
        order_by: &[],
        columns: &[
            req("found_on", "発見日", Date),
            f("found_by", "発見者", Person),
            req("content", "内容", LongText),
            f("action", "対応", LongText),
            f("status", "ステータス", Choice(DEFECT_STATUSES)),
            f("confirmed_on", "完了確認日", Date),
        ],
    },
    ChildDef {
        key: "judgements",
        label: "判定",
        parent: Ledger::Release,
        order_by: &["date"],
        columns: &[
            req("meeting", "会議", Text),
            req("result", "判定結果", Choice(JUDGEMENT_RESULTS)),
            req("date", "判定日", Date),
            f("note", "備考", LongText),
        ],
    },
];

impl Ledger {
    pub const ALL: [Ledger; 4] = [
        Ledger::Incident,
        Ledger::Failure,
        Ledger::Change,
        Ledger::Release,
    ];

    /// Labels of the required fields that `fields` leaves empty.
    pub fn missing_required(
        self,
        fields: &std::collections::BTreeMap<String, super::value::Value>,
    ) -> Vec<&'static str> {
        self.fields()
            .iter()
            .filter(|f| f.required && fields.get(f.key).is_none_or(|v| v.is_null()))
            .map(|f| f.label)
            .collect()
    }

    /// Number prefix (`I-0001`); releases are keyed by version instead.
    pub fn prefix(self) -> Option<&'static str> {
        match self {
            Ledger::Incident => Some("I"),
            Ledger::Failure => Some("S"),
            Ledger::Change => Some("C"),
            Ledger::Release => None,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Ledger::Incident => "incident",
            Ledger::Failure => "failure",
            Ledger::Change => "change",
            Ledger::Release => "release",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Ledger::Incident => "インシデント台帳",
            Ledger::Failure => "障害管理台帳",
            Ledger::Change => "変更管理台帳",
            Ledger::Release => "リリース管理",
        }
    }

    /// The key (`incident`), a short form (`i`) or a Japanese name (`インシデント`).
    pub fn from_key(s: &str) -> Option<Ledger> {
        match s.trim() {
            "incident" | "incidents" | "i" | "I" | "インシデント" | "インシデント台帳" => {
                Some(Ledger::Incident)
            }
            "failure" | "failures" | "s" | "S" | "障害" | "障害管理台帳" => {
                Some(Ledger::Failure)
            }
            "change" | "changes" | "c" | "C" | "変更" | "仕様変更" | "変更管理台帳" => {
                Some(Ledger::Change)
            }
            "release" | "releases" | "リリース" | "リリース管理" => Some(Ledger::Release),
            _ => None,
        }
    }

    pub fn fields(self) -> &'static [FieldDef] {
        match self {
            Ledger::Incident => INCIDENT_FIELDS,
            Ledger::Failure => FAILURE_FIELDS,
            Ledger::Change => CHANGE_FIELDS,
            Ledger::Release => RELEASE_FIELDS,
        }
    }

    /// The field for a key or a user-facing label (`priority` or `優先度`).
    pub fn field(self, name: &str) -> Option<&'static FieldDef> {
        // Keys are ASCII, so a key as given needs no folding (the common
        // case: imports and the app pass keys).
        if let Some(f) = self.fields().iter().find(|f| f.key == name) {
            return Some(f);
        }
        let folded = super::value::nfkc(name.trim());
        self.fields()
            .iter()
            .find(|f| f.key == folded || super::value::nfkc(f.label) == folded)
    }

    pub fn children(self) -> impl Iterator<Item = &'static ChildDef> {
        CHILDREN.iter().filter(move |c| c.parent == self)
    }

    /// The date that makes an open record overdue, where the ledger has one.
    pub fn due_field(self) -> Option<&'static str> {
        match self {
            Ledger::Incident => Some("due_on"),
            Ledger::Change => Some("desired_due"),
            Ledger::Release => Some("prod_planned_on"),
            Ledger::Failure => Some("due_on"),
        }
    }
}

impl ChildDef {
    pub fn find(ledger: Ledger, name: &str) -> Option<&'static ChildDef> {
        let folded = super::value::nfkc(name.trim());
        ledger
            .children()
            .find(|c| c.key == folded || c.label == folded)
    }
    pub fn column(&self, name: &str) -> Option<&'static FieldDef> {
        let folded = super::value::nfkc(name.trim());
        self.columns
            .iter()
            .find(|f| f.key == folded || super::value::nfkc(f.label) == folded)
    }
}

/// Formats a sequence number as the ledger shows it (`I-0001`).
pub fn format_no(ledger: Ledger, seq: i64) -> String {
    if seq < 0 {
        return format!("{}-{:04}", ledger.prefix().unwrap_or("?"), seq);
    }
    // By hand: reads of every record at 100k ask this per record, where the
    // formatting machinery shows.
    let mut no = String::with_capacity(8);
    no.push_str(ledger.prefix().unwrap_or("?"));
    no.push('-');
    push_padded(&mut no, seq, 4);
    no
}

/// Appends `n` (not negative) in decimal, zero-padded to `width` digits.
pub(crate) fn push_padded(out: &mut String, n: i64, width: usize) {
    let mut digits = [0u8; 20];
    let mut len = 0;
    let mut rest = n.max(0);
    loop {
        digits[len] = b'0' + (rest % 10) as u8;
        len += 1;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    for _ in len..width {
        out.push('0');
    }
    for &b in digits[..len].iter().rev() {
        out.push(b as char);
    }
}

/// Parses `I-0001`, `i-1`, `Ｉ－０００１` into ledger and sequence.
pub fn parse_no(no: &str) -> Option<(Ledger, i64)> {
    let s = super::value::nfkc(no.trim())
        .to_uppercase()
        .replace(['−', 'ー', '‐'], "-");
    let (prefix, digits) = s.split_once('-')?;
    let ledger = match prefix {
        "I" => Ledger::Incident,
        "S" => Ledger::Failure,
        "C" => Ledger::Change,
        _ => return None,
    };
    let seq = digits.parse::<i64>().ok().filter(|n| *n > 0)?;
    Some((ledger, seq))
}

impl std::str::FromStr for Ledger {
    type Err = crate::error::Error;

    /// [`Ledger::from_key`] with a Japanese error naming the ledgers.
    fn from_str(s: &str) -> crate::error::Result<Ledger> {
        Ledger::from_key(s).ok_or_else(|| {
            crate::error::Error::invalid(format!(
                "台帳「{s}」はありません。incident / failure / change / release (インシデント / 障害 / 変更 / リリース) を指定してください。"
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_trip_and_fold_width() {
        assert_eq!(format_no(Ledger::Incident, 1), "I-0001");
        assert_eq!(format_no(Ledger::Failure, 12345), "S-12345");
        for seq in [-12, -1, 0, 7, 999, 1000, 99_999, i64::MAX] {
            for l in [Ledger::Incident, Ledger::Release] {
                let prefix = l.prefix().unwrap_or("?");
                assert_eq!(format_no(l, seq), format!("{prefix}-{seq:04}"));
            }
        }
        assert_eq!(parse_no("Ｉ－０００１"), Some((Ledger::Incident, 1)));
        assert_eq!(parse_no("c-12"), Some((Ledger::Change, 12)));
        assert_eq!(parse_no("X-1"), None);
        assert_eq!(parse_no("S-0000"), None);
    }

    #[test]
    fn every_key_and_label_is_unique_per_ledger() {
        for l in Ledger::ALL {
            let fields = l.fields();
            for (i, a) in fields.iter().enumerate() {
                for b in &fields[i + 1..] {
                    assert_ne!(a.key, b.key, "{l:?}");
                    assert_ne!(a.label, b.label, "{l:?}");
                }
            }
        }
    }

    #[test]
    fn fields_are_found_by_key_or_label() {
        assert_eq!(Ledger::Incident.field("優先度").unwrap().key, "priority");
        assert_eq!(
            Ledger::Incident.field("転記先Ｎｏ．").unwrap().key,
            "transfer_no"
        );
        assert_eq!(
            Ledger::Change.field("drop_reason").unwrap().label,
            "開発見送り理由"
        );
    }
}
