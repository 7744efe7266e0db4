//! インポート: the wizard's request, what it found, and the outcome.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::AppResult;

/// A column letter and the field it goes to (None: 取り込まない).
#[derive(Debug, Clone, Deserialize, TS)]
pub struct ColumnChoice {
    pub column: String,
    pub field: Option<String>,
}

/// The file and what the user chose or corrected in the インポート wizard.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(default)]
pub struct ImportRequest {
    pub path: String,
    /// `auto`, `utf8` or `shift_jis` (CSV only).
    pub encoding: String,
    pub sheet: Option<String>,
    /// Ledger key (`incident`, …); None: detected.
    pub ledger: Option<String>,
    pub header_row: Option<u32>,
    pub columns: Vec<ColumnChoice>,
    pub create_masters: bool,
    /// 「後戻り・削除済みの記録も更新する」: rows that move a status back or
    /// update a deleted record go in (otherwise they are problems).
    pub update_existing: bool,
}

impl ImportRequest {
    /// The file path, CSV encoding and the import library's settings.
    pub fn parts(
        self,
    ) -> AppResult<(
        std::path::PathBuf,
        daicho_import::CsvEncoding,
        daicho_import::ImportSettings,
    )> {
        let encoding = self.encoding.parse()?;
        let mut settings = daicho_import::ImportSettings::default()
            .with_sheet(self.sheet)
            .with_ledger(self.ledger.as_deref())?
            .with_header_row(self.header_row)
            .with_create_masters(self.create_masters)
            .with_update_existing(self.update_existing);
        for c in self.columns {
            settings = settings.with_column(c.column, c.field);
        }
        Ok((self.path.into(), encoding, settings))
    }
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct SheetDto {
    pub name: String,
    pub rows: i32,
    pub columns: i32,
    pub ledger: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ColumnMappingDto {
    /// Column letter (`F`).
    pub column: String,
    pub header: String,
    pub field: Option<String>,
    pub label: Option<String>,
}

/// What the wizard shows after reading the file.
#[derive(Debug, Clone, Serialize, TS)]
pub struct InspectionDto {
    pub file_name: String,
    /// `xlsx`, `csv`, … as the library names it.
    pub format: String,
    pub encoding: Option<String>,
    pub sheets: Vec<SheetDto>,
    pub sheet: String,
    pub ledger: String,
    pub header_row: u32,
    pub first_data_row: u32,
    pub last_row: u32,
    pub columns: Vec<ColumnMappingDto>,
}

impl From<daicho_import::Inspection> for InspectionDto {
    fn from(i: daicho_import::Inspection) -> Self {
        let t = i.table;
        InspectionDto {
            file_name: i.file_name,
            format: serde_json::to_value(i.format)
                .ok()
                .and_then(|v| v.as_str().map(String::from))
                .unwrap_or_default(),
            encoding: i.encoding,
            sheets: i
                .sheets
                .into_iter()
                .map(|s| SheetDto {
                    name: s.name,
                    rows: s.rows as i32,
                    columns: s.columns as i32,
                    ledger: s.ledger.map(|l| l.key().to_string()),
                })
                .collect(),
            sheet: t.sheet,
            ledger: t.ledger.key().into(),
            header_row: t.header_row,
            first_data_row: t.first_data_row,
            last_row: t.last_row,
            columns: t
                .columns
                .into_iter()
                .map(|c| ColumnMappingDto {
                    column: c.column,
                    header: c.header,
                    field: c.field,
                    label: c.label,
                })
                .collect(),
        }
    }
}

/// One problem of a row (シート/行/列/値/理由).
#[derive(Debug, Clone, Serialize, TS)]
pub struct ImportProblemDto {
    pub sheet: String,
    pub row: Option<u32>,
    pub column: Option<String>,
    pub value: String,
    pub reason: String,
}

impl From<daicho_import::Problem> for ImportProblemDto {
    fn from(p: daicho_import::Problem) -> Self {
        ImportProblemDto {
            sheet: p.sheet,
            row: p.row,
            column: p.column,
            value: p.value,
            reason: p.reason,
        }
    }
}

/// A status or master value Daicho does not know yet.
#[derive(Debug, Clone, Serialize, TS)]
pub struct UnknownValueDto {
    pub field: String,
    pub value: String,
    pub rows: Vec<u32>,
    /// What to do about it, in Japanese.
    pub remedy: String,
    /// True when 「マスタに追加して取り込む」 resolves it.
    pub master: bool,
}

/// The result of a dry run or an import.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ImportOutcomeDto {
    pub ledger: String,
    pub rows: i32,
    pub created: Vec<String>,
    pub updated: Vec<String>,
    pub unchanged: i32,
    pub skipped: Vec<u32>,
    pub problems: Vec<ImportProblemDto>,
    /// Status regressions and updates to deleted records let through by
    /// `update_existing`.
    pub overrides: Vec<ImportProblemDto>,
    pub unknown: Vec<UnknownValueDto>,
    pub masters_created: Vec<String>,
    pub dry_run: bool,
    pub committed: bool,
}

impl From<daicho_import::ImportOutcome> for ImportOutcomeDto {
    fn from(o: daicho_import::ImportOutcome) -> Self {
        ImportOutcomeDto {
            ledger: o.ledger.key().into(),
            rows: o.rows as i32,
            created: o.created,
            updated: o.updated,
            unchanged: o.unchanged as i32,
            skipped: o.skipped,
            problems: o.problems.into_iter().map(ImportProblemDto::from).collect(),
            overrides: o
                .overrides
                .into_iter()
                .map(ImportProblemDto::from)
                .collect(),
            unknown: o
                .unknown
                .iter()
                .map(|u| UnknownValueDto {
                    field: u.field.clone(),
                    value: u.value.clone(),
                    rows: u.rows.clone(),
                    remedy: daicho_import::remedy(u),
                    master: matches!(u.kind, daicho_import::UnknownKind::Master(_)),
                })
                .collect(),
            masters_created: o
                .masters_created
                .into_iter()
                .map(|(m, name)| format!("{}: {name}", m.label()))
                .collect(),
            dry_run: o.dry_run,
            committed: o.committed,
        }
    }
}
