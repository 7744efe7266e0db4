//! Workflow actions and the 定例会's 切り分け (triage).

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
    let acts: Vec<_> = d.available_actions(&rec)?.into_iter().cloned().collect();
    out.show(&acts, || output::actions(&rec, &acts));
    Ok(())
}

pub fn triage(
    d: &mut Daicho,
    out: &Out,
    no: &str,
    decision: &TriageDecision,
    undecided: bool,
) -> Result<()> {
    let o = if undecided {
        d.triage_undecided(no, decision)?
    } else {
        d.triage(no, decision)?
    };
    out.show(&o, || {
        let (inc, kind) = (&o.incident.no, o.incident.text("kind"));
        let mut s = match &o.created {
            Some(c) => format!("{inc} を「{kind}」に切り分け、{} を起票しました。", c.no),
            None => format!("{inc} を「{kind}」に切り分けました。"),
        };
        if undecided {
            s.push_str("方針は検討中です (決まったら `daicho action ");
            s.push_str(inc);
            s.push_str(" 方針決定`)。");
        }
        s
    });
    Ok(())
}
