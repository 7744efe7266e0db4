//! 定例会: 切り分け of one incident (creates the S-/C- record).

use daicho_core::service::TriageDecision;
use tauri::State;

use crate::dto::*;
use crate::state::{opt_date, Db};

#[tauri::command]
pub async fn triage_incident(db: State<'_, Db>, req: TriageRequest) -> AppResult<TriageResultDto> {
    let out = db
        .run(move |d| {
            let decision = TriageDecision {
                kind: req.kind,
                priority: req.priority.filter(|s| !s.is_empty()),
                assignee: req.assignee.filter(|s| !s.is_empty()),
                meeting_date: opt_date(req.meeting_date)?,
                raised_by: None,
            };
            if req.undecided {
                d.triage_undecided(&req.no, &decision)
            } else {
                d.triage(&req.no, &decision)
            }
        })
        .await?;
    Ok(TriageResultDto {
        incident: out.incident.into(),
        created: out.created.map(RecordDto::from),
    })
}
