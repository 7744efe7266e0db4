//! Ledger grids and the record view: schema, list, detail, create, edit,
//! delete, workflow actions and history.

use daicho_core::domain::ledger::Ledger;
use daicho_core::domain::query::{ColumnFilter, ListQuery, SortKey};
use daicho_core::domain::workflow;
use tauri::State;

use crate::dto::*;
use crate::state::{opt_date, Db};

#[tauri::command]
pub fn get_schema() -> SchemaDto {
    SchemaDto {
        ledgers: Ledger::ALL.into_iter().map(LedgerDto::from).collect(),
    }
}

/// The statuses an incident waits for 切り分け in: those triage starts from.
fn untriaged_statuses() -> Vec<String> {
    workflow::find_action(Ledger::Incident, workflow::TRIAGE)
        .map(|a| a.from.iter().map(|s| s.to_string()).collect())
        .unwrap_or_default()
}

fn to_query(r: ListRequest) -> ListQuery {
    ListQuery {
        statuses: if r.untriaged {
            untriaged_statuses()
        } else {
            r.statuses
        },
        open_only: r.open_only,
        overdue: r.overdue,
        column_filters: r
            .column_filters
            .into_iter()
            .filter(|f| !f.value.trim().is_empty())
            .map(|f| ColumnFilter {
                field: f.field,
                value: f.value,
            })
            .collect(),
        text: r.text.filter(|t| !t.trim().is_empty()),
        sort: r
            .sort
            .into_iter()
            .map(|s| SortKey {
                field: s.field,
                desc: s.desc,
            })
            .collect(),
        offset: r.offset.max(0) as i64,
        limit: Some(if r.limit > 0 { r.limit as i64 } else { 100 }),
        group_by: r.group_by.filter(|g| !g.is_empty()),
        ..Default::default()
    }
}

#[tauri::command]
pub async fn list_records(db: State<'_, Db>, req: ListRequest) -> AppResult<PageDto> {
    let l: Ledger = req.ledger.parse()?;
    if req.untriaged && l != Ledger::Incident {
        return Err(AppError::invalid(
            "切り分け待ちはインシデント台帳だけにあります。",
        ));
    }
    let q = to_query(req);
    let page = db.run(move |d| d.list(l, &q)).await?;
    Ok(PageDto {
        total: page.total as i32,
        offset: page.offset as i32,
        records: page.records.into_iter().map(RecordDto::from).collect(),
        groups: page
            .groups
            .into_iter()
            .map(|g| GroupCountDto {
                value: g.value,
                count: g.count as i32,
            })
            .collect(),
    })
}

#[tauri::command]
pub async fn get_detail(db: State<'_, Db>, no: String) -> AppResult<DetailDto> {
    Ok(db.run(move |d| d.detail(&no)).await?.into())
}

#[tauri::command]
pub async fn create_record(
    db: State<'_, Db>,
    ledger_key: String,
    inputs: Inputs,
) -> AppResult<RecordDto> {
    let l: Ledger = ledger_key.parse()?;
    Ok(db.run(move |d| d.create(l, &pairs(inputs))).await?.into())
}

#[tauri::command]
pub async fn edit_record(db: State<'_, Db>, no: String, inputs: Inputs) -> AppResult<RecordDto> {
    Ok(db.run(move |d| d.edit(&no, &pairs(inputs))).await?.into())
}

#[tauri::command]
pub async fn delete_record(db: State<'_, Db>, no: String) -> AppResult<()> {
    db.run(move |d| d.delete(&no)).await
}

#[tauri::command]
pub async fn run_action(
    db: State<'_, Db>,
    no: String,
    action: String,
    date: Option<String>,
    inputs: Inputs,
) -> AppResult<RecordDto> {
    let rec = db
        .run(move |d| d.run_action(&no, &action, opt_date(date)?, &pairs(inputs)))
        .await?;
    Ok(rec.into())
}

#[tauri::command]
pub async fn record_history(db: State<'_, Db>, no: String) -> AppResult<Vec<HistoryDto>> {
    let h = db.run(move |d| d.history(&no)).await?;
    Ok(h.into_iter().map(HistoryDto::from).collect())
}
