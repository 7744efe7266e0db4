//! Workflow actions and the 定例会's 切り分け (triage).

use daicho_core::domain::workflow;
use daicho_core::service::TriageDecision;
use daicho_core::{Daicho, Result};

use super::{date, pairs};
use crate::output::{self, Out};

pub fn action(
    d: &mut Daicho,
    out: &Out,
    no: &str,
    action: &str,
    fields: &[String],
    day: &Option<String>,
) -> Result<()> {
    let rec = d.run_action(no, action, date(day)?, &pairs(fields)?)?;
    out.show(&rec, || {
        format!("{}: ステータスは「{}」になりました。", rec.no, rec.status())
    });
    Ok(())
}

pub fn actions(d: &Daicho, out: &Out, no: &str) -> Result<()> {
    let rec = d.get(no)?;
    let acts: Vec<_> = workflow::allowed_from(rec.ledger, rec.status())
        .into_iter()
        .cloned()
        .collect();
    out.show(&acts, || output::actions(&rec, &acts));
    Ok(())
}

pub fn triage(d: &mut Daicho, out: &Out, no: &str, decision: &TriageDecision) -> Result<()> {
    let o = d.triage(no, decision)?;
    out.show(&o, || {
        let (inc, kind) = (&o.incident.no, o.incident.text("kind"));
        match &o.created {
            Some(c) => format!("{inc} を「{kind}」に切り分け、{} を起票しました。", c.no),
            None => format!("{inc} を「{kind}」に切り分けました。"),
        }
    });
    Ok(())
}
