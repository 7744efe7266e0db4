//! インポート: read a ledger file, show what was found, dry-run and import.

use tauri::State;

use crate::dto::*;
use crate::state::{blocking, Db};

// NOTE: the file is read and parsed before the database is locked: a large
// or hostile file never holds up (or takes down) the other commands.

/// Reads the file and finds the sheet, ledger, header row and column mapping.
#[tauri::command]
pub async fn inspect_import(req: ImportRequest) -> AppResult<InspectionDto> {
    let (path, encoding, settings) = req.parts()?;
    let found = blocking(move || {
        let wb = daicho_import::read_file(&path, encoding)?;
        Ok(daicho_import::inspect(&wb, &settings)?)
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
    let wb = blocking(move || Ok(daicho_import::read_file(&path, encoding)?)).await?;
    let outcome = db
        .run(move |d| daicho_import::import(d, &wb, &settings, dry_run))
        .await?;
    Ok(outcome.into())
}
