//! Releases: members, stages, 判定, completion.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::actions::{refusal, report_release_to_incidents};
use super::records::create_in;
use super::{canonical_no, ledger_of, parse_fields, reindex, write_changes, Daicho};
use crate::domain::ledger::{format_no, ChildDef, Ledger};
use crate::domain::record::Record;
use crate::domain::value::Value;
use crate::domain::workflow::{self, status};
use crate::error::{Error, Result};
use crate::store::Conn;
use crate::store::{children, history, records as rec_store, releases};

/// Release statuses in which members may still be added or removed.
const OPEN_FOR_MEMBERS: &[&str] = &[status::QA_RELEASING, status::QA_CHECK, status::JUDGING];

/// The status a new member takes in a release at `release_status`: none
/// before the release's own QA stage (the record stays 作業可 / 作業中 while
/// development goes on; QA環境リリース moves it), else the release's stage.
fn member_status_for(release_status: &str) -> Option<&'static str> {
    match release_status {
        status::QA_CHECK => Some(status::QA_CHECK),
        status::JUDGING => Some(status::JUDGING),
        _ => None,
    }
}

/// Takes the version (`version` or its label `リリースVer.`) out of a new
/// release's inputs: `(version, other inputs)`. Empty when not given, which
/// [`Daicho::create_release`] refuses.
pub fn split_release_version(inputs: &[(String, String)]) -> (String, Vec<(String, String)>) {
    let is_version = |k: &str| Ledger::Release.field(k).is_some_and(|f| f.key == "version");
    let version = inputs
        .iter()
        .find(|(k, _)| is_version(k))
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let rest = inputs
        .iter()
        .filter(|(k, _)| !is_version(k))
        .cloned()
        .collect();
    (version, rest)
}

impl Daicho {
    /// Creates a release (status QAリリース中) from `version` and optional fields.
    pub fn create_release(&mut self, version: &str, inputs: &[(String, String)]) -> Result<Record> {
        let version = crate::domain::value::nfkc(version.trim());
        if version.is_empty() {
            return Err(Error::invalid(
                "リリースVer. を入力してください (例: 1.0.1)。",
            ));
        }
        self.write(|tx, ctx| {
            let mut fields = parse_fields(tx, Ledger::Release.fields(), "リリース", inputs, false)?;
            fields.insert("version".into(), Value::Text(version.clone()));
            fields.insert(
                "status".into(),
                Value::Text(workflow::initial_status(Ledger::Release).into()),
            );
            create_in(tx, ctx, Ledger::Release, fields, "起票")
        })
    }

    /// Adds an S-/C- record to a release; it takes the release's stage.
    pub fn add_member(&mut self, version: &str, no: &str) -> Result<Record> {
        let ledger = ledger_of(no);
        if !matches!(ledger, Ledger::Failure | Ledger::Change) {
            return Err(Error::invalid(format!(
                "リリースに含められるのは障害 (S-) と変更 (C-) です: {no}"
            )));
        }
        self.write(|tx, ctx| {
            let (rseq, rel) = rec_store::load_live(tx, Ledger::Release, version)?;
            if !OPEN_FOR_MEMBERS.contains(&rel.status()) {
                return Err(Error::illegal(format!(
                    "リリース {} は「{}」のため案件を追加できません (追加できるのは {} の間です)。",
                    rel.no,
                    rel.status(),
                    OPEN_FOR_MEMBERS.join(" / ")
                )));
            }
            let (seq, rec) = rec_store::load_live(tx, ledger, no)?;
            if let Some(other) = releases::open_release_of(tx, ledger, seq)? {
                return Err(Error::illegal(format!(
                    "{} は既にリリース {other} に含まれています。",
                    rec.no
                )));
            }
            if !workflow::can_join_release(rec.status()) {
                return Err(Error::illegal(format!(
                    "{} は「{}」のためリリースに含められません (作業可・作業中の案件が対象です)。",
                    rec.no,
                    rec.status()
                )));
            }
            releases::add_member(tx, rseq, ledger, seq)?;
            let mut ch = BTreeMap::new();
            if let Some(to) = member_status_for(rel.status()) {
                ch.insert("status".to_string(), Value::Text(to.into()));
            }
            ch.insert("release_ver".into(), Value::Text(rel.no.clone()));
            write_changes(tx, ctx, &rec, seq, &ch, "リリース追加")?;
            member_history(tx, ctx, &rel.no, None, Some(rec.no.clone()), "リリース追加")?;
            reindex(tx, ledger, seq)?;
            Ok(rec_store::load(tx, Ledger::Release, rseq)?.expect("exists"))
        })
    }

    /// Takes a record out of a release before the 判定; one at a release stage
    /// returns to 作業中, one not yet in QA keeps its status.
    pub fn remove_member(&mut self, version: &str, no: &str) -> Result<Record> {
        let ledger = ledger_of(no);
        self.write(|tx, ctx| {
            let (rseq, rel) = rec_store::load_live(tx, Ledger::Release, version)?;
            let (seq, rec) = rec_store::load_live(tx, ledger, no)?;
            if !OPEN_FOR_MEMBERS.contains(&rel.status()) {
                return Err(Error::illegal(format!(
                    "リリース {} は「{}」のため案件を外せません。",
                    rel.no,
                    rel.status()
                )));
            }
            if !releases::remove_member(tx, rseq, ledger, seq)? {
                return Err(Error::not_found(format!(
                    "{} はリリース {} に含まれていません。",
                    rec.no, rel.no
                )));
            }
            let mut ch = BTreeMap::new();
            if workflow::is_release_stage(rec.status()) {
                ch.insert("status".to_string(), Value::Text(status::IN_WORK.into()));
            }
            ch.insert("release_ver".into(), Value::Null);
            write_changes(tx, ctx, &rec, seq, &ch, "リリース除外")?;
            member_history(tx, ctx, &rel.no, Some(rec.no.clone()), None, "リリース除外")?;
            reindex(tx, ledger, seq)?;
            Ok(rec_store::load(tx, Ledger::Release, rseq)?.expect("exists"))
        })
    }

    /// Moves a release one stage on (QA環境リリース, 本番環境リリース, …).
    /// Members move with it; 判定 actions record a 判定 row; completion
    /// (クローズ/完了報告) also reports to the linked incidents.
    pub fn release_action(
        &mut self,
        version: &str,
        action: &str,
        date: Option<NaiveDate>,
        note: Option<&str>,
    ) -> Result<Record> {
        let def = workflow::find_action(Ledger::Release, action).ok_or_else(|| {
            let names: Vec<&str> = workflow::actions(Ledger::Release)
                .iter()
                .map(|a| a.name)
                .collect();
            Error::invalid(format!(
                "リリースに操作「{action}」はありません。操作: {}",
                names.join(" / ")
            ))
        })?;
        self.write(|tx, ctx| {
            let date = date.unwrap_or(ctx.today);
            let (rseq, rel) = rec_store::load_live(tx, Ledger::Release, version)?;
            if !def.from.contains(&rel.status()) {
                return Err(refusal(&rel, def, tx));
            }
            let members = releases::members(tx, rseq)?;
            if members.is_empty() {
                return Err(Error::illegal(format!(
                    "リリース {} に案件がありません。先に障害・変更の案件を追加してください。",
                    rel.no
                )));
            }
            if let Some((meeting, result)) = def.judgement {
                let jdef = ChildDef::find(Ledger::Release, "judgements").expect("schema");
                let mut row = BTreeMap::new();
                row.insert("meeting".to_string(), Value::Text(meeting.into()));
                row.insert("result".into(), Value::Text(result.into()));
                row.insert("date".into(), Value::Date(date));
                if let Some(n) = note.filter(|n| !n.trim().is_empty()) {
                    row.insert("note".into(), Value::Text(n.trim().into()));
                }
                children::insert(tx, jdef, rseq, &row)?;
                history::record(
                    tx,
                    &history::Change {
                        ledger: Ledger::Release,
                        no: &rel.no,
                        field: "judgements",
                        old: None,
                        new: Some(format!(
                            "{meeting} {result} {}",
                            Value::Date(date).display()
                        )),
                    },
                    &ctx.actor,
                    &ctx.now,
                    def.name,
                )?;
            }
            if let Some(to) = def.members_to {
                // A ledger whose closing needs approval takes its members to
                // 仮クローズ, as its own completion would.
                let approval =
                    crate::store::get_setting(tx, crate::domain::settings::CLOSE_APPROVAL)?;
                for (l, s) in &members {
                    let rec = rec_store::load(tx, *l, *s)?.expect("member exists");
                    let mut ch = BTreeMap::new();
                    let to = if to == status::DONE
                        && crate::domain::settings::close_approval_for(approval.as_deref(), *l)
                    {
                        status::PROVISIONAL
                    } else {
                        to
                    };
                    ch.insert("status".to_string(), Value::Text(to.into()));
                    if def.key == workflow::COMPLETE_RELEASE {
                        ch.insert("completed_on".into(), Value::Date(date));
                        ch.insert("release_ver".into(), Value::Text(rel.no.clone()));
                    }
                    write_changes(tx, ctx, &rec, *s, &ch, def.name)?;
                    reindex(tx, *l, *s)?;
                }
            }
            if def.key == workflow::COMPLETE_RELEASE {
                for (l, s) in &members {
                    report_release_to_incidents(tx, ctx, &format_no(*l, *s), &rel.no, date)?;
                }
            }
            let mut ch = BTreeMap::new();
            for f in def.stamps {
                ch.insert(f.to_string(), Value::Date(date));
            }
            ch.insert("status".into(), Value::Text(def.to.into()));
            write_changes(tx, ctx, &rel, rseq, &ch, def.name)?;
            reindex(tx, Ledger::Release, rseq)?;
            Ok(rec_store::load(tx, Ledger::Release, rseq)?.expect("exists"))
        })
    }

    /// 判定 OK/NG at whichever meeting the release is waiting for.
    pub fn judge_release(
        &mut self,
        version: &str,
        ok: bool,
        date: Option<NaiveDate>,
        note: Option<&str>,
    ) -> Result<Record> {
        let rel = self.get(version)?;
        let key = match (rel.status(), ok) {
            (status::JUDGING, true) => "judge_ok",
            (status::JUDGING, false) => "judge_ng",
            (status::FINAL_JUDGING, true) => "final_ok",
            (status::FINAL_JUDGING, false) => "final_ng",
            (st, _) => {
                return Err(Error::illegal(format!(
                    "リリース {} は「{st}」のため判定できません。判定はリリース判定中・リリース完了判定中に行います。",
                    rel.no
                )))
            }
        };
        self.release_action(version, key, date, note)
    }

    /// ⑩ クローズ/完了報告.
    pub fn complete_release(&mut self, version: &str, date: Option<NaiveDate>) -> Result<Record> {
        self.release_action(version, workflow::COMPLETE_RELEASE, date, None)
    }

    /// Member records of a release, in order.
    pub fn release_members(&self, version: &str) -> Result<Vec<Record>> {
        let seq = rec_store::seq_of(&self.conn(), Ledger::Release, version)?
            .ok_or_else(|| Error::not_found(format!("リリース {version} はありません。")))?;
        releases::members(&self.conn(), seq)?
            .into_iter()
            .map(|(l, s)| self.get(&format_no(l, s)))
            .collect()
    }
}

fn member_history(
    tx: &Conn,
    ctx: &super::Ctx,
    version: &str,
    old: Option<String>,
    new: Option<String>,
    action: &str,
) -> Result<()> {
    history::record(
        tx,
        &history::Change {
            ledger: Ledger::Release,
            no: version,
            field: "members",
            old: old.map(|o| canonical_no(&o)),
            new: new.map(|n| canonical_no(&n)),
        },
        &ctx.actor,
        &ctx.now,
        action,
    )
}
