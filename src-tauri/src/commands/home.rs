//! ホーム figures and the global search (Ctrl+K).

use tauri::State;

use crate::dto::*;
use crate::state::Db;

/// ホーム's figures; each list its first 50 rows unless `all`.
#[tauri::command]
pub async fn get_home(db: State<'_, Db>, all: Option<bool>) -> AppResult<HomeDto> {
    let all = all.unwrap_or(false);
    let (h, esc) = db
        .run(move |d| {
            let esc = daicho_reports::escalation::escalations(d)?;
            let h = if all { d.home_all()? } else { d.home()? };
            Ok((h, esc))
        })
        .await?;
    let recs = |v: Vec<daicho_core::Record>| v.into_iter().map(RecordDto::from).collect();
    Ok(HomeDto {
        open_counts: h
            .open_counts
            .into_iter()
            .map(|(ledger, c)| LedgerCounts {
                ledger,
                counts: c
                    .into_iter()
                    .map(|(status, n)| StatusCount {
                        status,
                        count: n as i32,
                    })
                    .collect(),
            })
            .collect(),
        untriaged: recs(h.untriaged),
        overdue: recs(h.overdue),
        upcoming_releases: recs(h.upcoming_releases),
        recent_changes: h.recent_changes.into_iter().map(HistoryDto::from).collect(),
        preventions: h.preventions.into_iter().map(PreventionDto::from).collect(),
        attention: esc.attention.into_iter().map(EscalationDto::from).collect(),
        breached: esc.breached.into_iter().map(EscalationDto::from).collect(),
        notices: esc.notices.into_iter().map(NoticeDto::from).collect(),
        untriaged_total: h.totals.untriaged,
        overdue_total: h.totals.overdue,
        preventions_total: h.totals.preventions,
        preventions_overdue: h.totals.preventions_overdue,
    })
}

/// Today as the core sees it (ISO): what the window needs at start, without
/// ホーム's figures.
#[tauri::command]
pub async fn get_today(db: State<'_, Db>) -> AppResult<String> {
    db.run(|d| Ok(d.today().format("%Y-%m-%d").to_string()))
        .await
}

#[tauri::command]
pub async fn search_all(db: State<'_, Db>, query: String) -> AppResult<Vec<SearchHitDto>> {
    let hits = db.run(move |d| d.search(&query, None, 30)).await?;
    Ok(hits
        .into_iter()
        .map(|h| SearchHitDto {
            ledger: h.ledger.key().into(),
            no: h.no,
            title: h.title,
            status: h.status,
        })
        .collect())
}
