//! インポート: read a ledger file, show what was found, dry-run and import.

use tauri::State;

use crate::dto::*;
use crate::state::Db;

/// Reads the file and finds the sheet, ledger, header row and column mapping.
#[tauri::command]
pub async fn inspect_import(db: State<'_, Db>, req: ImportRequest) -> AppResult<InspectionDto> {
    let (path, encoding, settings) = req.parts()?;
    let found = db
        .run(move |_| {
            daicho_import::inspect(&daicho_import::read_file(&path, encoding)?, &settings)
        })
        .await?;
    Ok(found.into())
}

/// A dry run (`dry_run`) or the import itself: all or nothing.
#[tauri::command]
pub async fn run_import(
    db: State<'_, Db>,
    req: ImportRequest,
    dry_run: bool,
) -> AppResult<ImportOutcomeDto> {
    let (path, encoding, settings) = req.parts()?;
    let outcome = db
        .run(move |d| {
            let wb = daicho_import::read_file(&path, encoding)?;
            daicho_import::import(d, &wb, &settings, dry_run)
        })
        .await?;
    Ok(outcome.into())
}
