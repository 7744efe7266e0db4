//! Running workflow actions, and triage (切り分け), which also creates the
//! S-/C- record in the same transaction.

use std::collections::BTreeMap;

use crate::store::Conn;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::records::create_in;
use super::{check_master, ledger_of, parse_fields, reindex, write_changes, Ctx, Daicho};
use crate::domain::ledger::{format_no, Ledger};
use crate::domain::record::Record;
use crate::domain::value::{parse_input, Value};
use crate::domain::workflow::{self, ActionDef};
use crate::error::{Error, Result};
use crate::store::{records as rec_store, releases};

/// What the 定例会 decided for one incident.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct TriageDecision {
    /// 障害 / 仕様変更 / 問い合わせ.
    pub kind: String,
    pub priority: Option<String>,
    /// 担当者 of the new S-/C- record.
    pub assignee: Option<String>,
    /// The meeting date: 切り分け完了日 and the new record's 起票日.
    pub meeting_date: Option<NaiveDate>,
    /// 起票者 of the new record (default: the current user).
    pub raised_by: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TriageOutcome {
    pub incident: Record,
    /// The S-/C- record created, unless the matter is a 問い合わせ.
    pub created: Option<Record>,
}

impl Daicho {
    /// Runs an action (by key or seed name) on an incident, failure or change.
    /// `date` is the action's date for its stamps (default today); `inputs`
    /// are fields set along with it (e.g. 開発見送り理由=費用).
    pub fn run_action(
        &mut self,
        no: &str,
        action: &str,
        date: Option<NaiveDate>,
        inputs: &[(String, String)],
    ) -> Result<Record> {
        let ledger = ledger_of(no);
        if ledger == Ledger::Release {
            return self.release_action(no, action, date, None);
        }
        let def = find(ledger, action)?;
        if def.key == workflow::TRIAGE {
            let fields: BTreeMap<String, String> = inputs.iter().cloned().collect();
            let pick = |k: &str, label: &str| {
                fields
                    .get(k)
                    .or_else(|| fields.get(label))
                    .cloned()
                    .filter(|s| !s.trim().is_empty())
            };
            let decision = TriageDecision {
                kind: pick("kind", "種別").unwrap_or_default(),
                priority: pick("priority", "優先度"),
                assignee: pick("assignee", "担当者"),
                meeting_date: date,
                raised_by: None,
            };
            return self.triage(no, &decision).map(|o| o.incident);
        }
        self.write(|tx, ctx| {
            let (seq, rec) = rec_store::load_live(tx, ledger, no)?;
            refuse_release_member(tx, seq, &rec, def)?;
            let inputs = parse_fields(tx, ledger.fields(), ledger.label(), inputs, false)?;
            apply(tx, ctx, seq, &rec, def, date.unwrap_or(ctx.today), inputs)
        })
    }

    /// 切り分け at the 定例会: sets 種別, 切り分け完了日 and 方針検討済 on the
    /// incident and, for 障害 / 仕様変更, creates the S-/C- record and links it.
    pub fn triage(&mut self, no: &str, d: &TriageDecision) -> Result<TriageOutcome> {
        if ledger_of(no) != Ledger::Incident {
            return Err(Error::invalid(format!(
                "切り分けはインシデント (I-) に対して行います: {no}"
            )));
        }
        self.write(|tx, ctx| triage_in(tx, ctx, no, d, true))
    }

    /// 切り分け when the meeting fixes 種別 (and creates the S-/C- record) but
    /// not yet the policy: the incident stays 方針検討中 without 方針決定日,
    /// until 方針決定 stamps it.
    pub fn triage_undecided(&mut self, no: &str, d: &TriageDecision) -> Result<TriageOutcome> {
        if ledger_of(no) != Ledger::Incident {
            return Err(Error::invalid(format!(
                "切り分けはインシデント (I-) に対して行います: {no}"
            )));
        }
        self.write(|tx, ctx| triage_in(tx, ctx, no, d, false))
    }

    /// The actions a record offers now: [`workflow::available`], and none for
    /// an S-/C- record in an open release (the release moves it).
    pub fn available_actions(&self, rec: &Record) -> Result<Vec<&'static ActionDef>> {
        if matches!(rec.ledger, Ledger::Failure | Ledger::Change) {
            let conn = self.conn();
            if let Some(seq) = rec_store::seq_of(&conn, rec.ledger, &rec.no)? {
                if releases::open_release_of(&conn, rec.ledger, seq)?.is_some() {
                    return Ok(Vec::new());
                }
            }
        }
        Ok(workflow::available(rec))
    }
}

/// While an S-/C- record belongs to an open release its status moves only
/// with the release (or by leaving it).
fn refuse_release_member(tx: &Conn, seq: i64, rec: &Record, def: &ActionDef) -> Result<()> {
    if !matches!(rec.ledger, Ledger::Failure | Ledger::Change) {
        return Ok(());
    }
    match releases::open_release_of(tx, rec.ledger, seq)? {
        Some(v) => Err(Error::illegal(format!(
            "{} はリリース {v} に含まれている (「{}」) ため「{}」はできません。\
             ステータスはリリース {v} の操作で進みます。個別に進めるには、先にリリースから外してください。",
            rec.no,
            rec.status(),
            def.name
        ))),
        None => Ok(()),
    }
}

fn find(ledger: Ledger, action: &str) -> Result<&'static ActionDef> {
    workflow::find_action(ledger, action).ok_or_else(|| {
        let names: Vec<&str> = workflow::actions(ledger).iter().map(|a| a.name).collect();
        Error::invalid(format!(
            "{}に操作「{action}」はありません。操作: {}",
            ledger.label(),
            names.join(" / ")
        ))
    })
}

/// The refusal message: current status and what is allowed from it.
pub(crate) fn refusal(rec: &Record, def: &ActionDef, conn: &Conn) -> Error {
    let st = rec.status();
    let allowed: Vec<&str> = workflow::allowed_from(rec.ledger, st)
        .into_iter()
        .filter(|a| a.key != workflow::COMPLETE_RELEASE || rec.ledger == Ledger::Release)
        .map(|a| a.name)
        .collect();
    let mut msg = format!("{} は「{st}」のため「{}」はできません。", rec.no, def.name);
    if rec.ledger != Ledger::Release && workflow::is_release_stage(st) {
        let ver = rec_store::seq_of(conn, rec.ledger, &rec.no)
            .ok()
            .flatten()
            .and_then(|s| {
                releases::open_release_of(conn, rec.ledger, s)
                    .ok()
                    .flatten()
            });
        msg.push_str(&format!(
            "リリース{}の操作で進めてください。",
            ver.map(|v| format!(" {v} ")).unwrap_or_default()
        ));
    } else if allowed.is_empty() {
        msg.push_str("この状態から実行できる操作はありません。");
    } else {
        msg.push_str(&format!("実行できる操作: {}", allowed.join(" / ")));
    }
    Error::illegal(msg)
}

/// Checks and applies one action to a loaded record, writing history.
pub(crate) fn apply(
    tx: &Conn,
    ctx: &Ctx,
    seq: i64,
    rec: &Record,
    def: &ActionDef,
    date: NaiveDate,
    inputs: BTreeMap<String, Value>,
) -> Result<Record> {
    if !def.from.contains(&rec.status()) {
        return Err(refusal(rec, def, tx));
    }
    if let Some(f) = def.only_unset.filter(|f| !rec.get(f).is_null()) {
        let label = rec.ledger.field(f).map(|x| x.label).unwrap_or(f);
        return Err(Error::illegal(format!(
            "{} は{label}が入っている (切り分け済み) ため「{}」はできません。実行できる操作: {}",
            rec.no,
            def.name,
            workflow::available(rec)
                .iter()
                .map(|a| a.name)
                .collect::<Vec<_>>()
                .join(" / ")
        )));
    }
    let mut changes = inputs;
    if let Some((field, values)) = def.only_when {
        let current = changes
            .get(field)
            .cloned()
            .unwrap_or_else(|| rec.get(field).clone());
        let current = current.display();
        if !values.contains(&current.as_str()) {
            let label = rec.ledger.field(field).map(|f| f.label).unwrap_or(field);
            return Err(Error::illegal(format!(
                "「{}」は{label}が {} のときだけ実行できます (現在: {})。",
                def.name,
                values.join(" / "),
                if current.is_empty() {
                    "未設定"
                } else {
                    &current
                }
            )));
        }
    }
    for f in def.stamps {
        changes.entry(f.to_string()).or_insert(Value::Date(date));
    }
    for f in def.clears {
        changes.insert(f.to_string(), Value::Null);
    }
    let missing: Vec<&str> = def
        .requires
        .iter()
        .filter(|k| changes.get(**k).unwrap_or_else(|| rec.get(k)).is_null())
        .map(|k| rec.ledger.field(k).map(|f| f.label).unwrap_or(k))
        .collect();
    if !missing.is_empty() {
        return Err(Error::invalid(format!(
            "「{}」には {} の入力が必要です。",
            def.name,
            missing.join("、")
        )));
    }
    let setting = crate::store::get_setting(tx, crate::domain::settings::CLOSE_APPROVAL)?;
    let to = if workflow::needs_close_approval(def, rec.status())
        && crate::domain::settings::close_approval_for(setting.as_deref(), rec.ledger)
    {
        workflow::status::PROVISIONAL
    } else {
        def.to
    };
    changes.insert("status".into(), Value::Text(to.into()));
    write_changes(tx, ctx, rec, seq, &changes, def.name)?;
    reindex(tx, rec.ledger, seq)?;
    Ok(rec_store::load(tx, rec.ledger, seq)?.expect("exists"))
}

fn triage_in(
    tx: &Conn,
    ctx: &Ctx,
    no: &str,
    d: &TriageDecision,
    decided: bool,
) -> Result<TriageOutcome> {
    let (seq, inc) = rec_store::load_live(tx, Ledger::Incident, no)?;
    let def = find(Ledger::Incident, workflow::TRIAGE)?;
    if !def.from.contains(&inc.status()) {
        return Err(refusal(&inc, def, tx));
    }
    if !inc.get("triaged_on").is_null() {
        return Err(Error::illegal(format!(
            "{} は切り分け済みです (切り分け完了日 {})。方針が決まったら「方針決定」を実行してください。",
            inc.no,
            inc.get("triaged_on").display()
        )));
    }
    let fields = Ledger::Incident.fields();
    let field = |k: &str| fields.iter().find(|f| f.key == k).expect("schema field");
    let kind = parse_input(field("kind").kind, "種別", &d.kind)?;
    let Some(kind_text) = kind.as_text().map(str::to_string) else {
        return Err(Error::invalid(
            "「切り分け」には 種別 (障害 / 仕様変更 / 問い合わせ) の入力が必要です。",
        ));
    };
    let priority = match &d.priority {
        Some(p) => {
            let v = parse_input(field("priority").kind, "優先度", p)?;
            check_master(tx, field("priority"), &v)?
        }
        None => inc.get("priority").clone(),
    };
    let date = d.meeting_date.unwrap_or(ctx.today);
    let mut inc_changes = BTreeMap::new();
    inc_changes.insert("kind".to_string(), kind.clone());
    if !priority.is_null() {
        inc_changes.insert("priority".into(), priority.clone());
    }

    let created = if kind_text == "問い合わせ" {
        None
    } else {
        let target = if kind_text == "障害" {
            Ledger::Failure
        } else {
            Ledger::Change
        };
        let person_def = target.field("assignee").expect("assignee");
        let assignee = match &d.assignee {
            Some(a) if !a.trim().is_empty() => {
                let v = parse_input(person_def.kind, "担当者", a)?;
                check_master(tx, person_def, &v)?
            }
            _ => {
                return Err(Error::invalid(format!(
                "{kind_text}への切り分けには 担当者 の入力が必要です (定例会で割り当てた担当者)。"
            )))
            }
        };
        if target == Ledger::Change && priority.is_null() {
            return Err(Error::invalid(
                "仕様変更への切り分けには 優先度 の入力が必要です (定例会で確定させます)。",
            ));
        }
        let raised_by = d
            .raised_by
            .clone()
            .filter(|s| !s.trim().is_empty())
            .unwrap_or_else(|| ctx.actor.clone());
        let mut f = BTreeMap::new();
        f.insert("raised_on".to_string(), Value::Date(date));
        f.insert("raised_by".into(), Value::Text(raised_by));
        f.insert("assignee".into(), assignee);
        if !priority.is_null() {
            f.insert("priority".into(), priority.clone());
        }
        f.insert("title".into(), inc.get("title").clone());
        f.extend(carried_over(&inc, target));
        f.insert("incident_no".into(), Value::Text(inc.no.clone()));
        f.insert(
            "status".into(),
            Value::Text(workflow::initial_status(target).into()),
        );
        let rec = create_in(tx, ctx, target, f, "切り分け")?;
        inc_changes.insert("transfer_no".into(), Value::Text(rec.no.clone()));
        Some(rec)
    };
    // The meeting's assignee becomes the incident's 担当者 (accountable
    // owner) unless one was named before.
    if let Some(a) = d.assignee.as_deref().filter(|a| !a.trim().is_empty()) {
        if inc.get("owner").is_null() {
            let owner = field("owner");
            let v = parse_input(owner.kind, owner.label, a)?;
            inc_changes.insert("owner".into(), check_master(tx, owner, &v)?);
        }
    }
    let incident = if decided {
        inc_changes.insert("decided_on".into(), Value::Date(date));
        apply(tx, ctx, seq, &inc, def, date, inc_changes)?
    } else {
        // The meeting fixed 種別 (and the S-/C- record) but not the policy.
        for f in def.stamps {
            inc_changes.insert(f.to_string(), Value::Date(date));
        }
        inc_changes.insert(
            "status".into(),
            Value::Text(workflow::status::UNDER_REVIEW.into()),
        );
        write_changes(tx, ctx, &inc, seq, &inc_changes, def.name)?;
        reindex(tx, Ledger::Incident, seq)?;
        rec_store::load(tx, Ledger::Incident, seq)?.expect("exists")
    };
    Ok(TriageOutcome { incident, created })
}

/// What the new S-/C- record takes over from the incident at 切り分け
/// (editable afterwards): 対象システム; a 障害's 現象 is the incident's 概要,
/// and it keeps the intake's 発生日時 and 再現性.
fn carried_over(inc: &Record, target: Ledger) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    out.insert(
        "target_system".to_string(),
        inc.get("target_system").clone(),
    );
    if target == Ledger::Failure {
        out.insert("phenomenon".to_string(), inc.get("summary").clone());
        for key in ["occurred_at", "reproducibility"] {
            out.insert(key.to_string(), inc.get(key).clone());
        }
    }
    out.retain(|_, v| !v.is_null());
    out
}

/// Moves the incidents linked to a released S/C record to 本番リリース済.
pub(crate) fn report_release_to_incidents(
    tx: &Conn,
    ctx: &Ctx,
    member_no: &str,
    version: &str,
    date: NaiveDate,
) -> Result<Vec<String>> {
    let def = find(Ledger::Incident, workflow::RELEASE_REPORT)?;
    let mut touched = Vec::new();
    for iseq in rec_store::incidents_transferred_to(tx, member_no)? {
        let inc = rec_store::load(tx, Ledger::Incident, iseq)?.expect("listed");
        if !def.from.contains(&inc.status()) {
            continue; // already reported or closed
        }
        let mut ch = BTreeMap::new();
        ch.insert("release_ver".to_string(), Value::Text(version.into()));
        ch.insert("completed_on".into(), Value::Date(date));
        apply(tx, ctx, iseq, &inc, def, date, ch)?;
        touched.push(format_no(Ledger::Incident, iseq));
    }
    Ok(touched)
}
