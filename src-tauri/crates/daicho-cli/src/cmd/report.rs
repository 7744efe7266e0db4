//! `daicho report …`: the 月次報告書, the weekly 定例会 pack, the 所見・改善提案
//! of a month, the business calendar and SLA rules, and the figures'
//! definitions. Files go to the shared drive (`10-運用・保守/報告/`) or `--out`.

use std::path::PathBuf;

use clap::Subcommand;
use daicho_core::domain::value::parse_date;
use daicho_core::{Daicho, Result};
use daicho_export::{parse_formats, Destination};
use daicho_reports::{settings, YearMonth, DEFINITIONS};

use crate::output::{self, Out};

#[derive(Subcommand, Debug)]
pub enum ReportCmd {
    /// 月次報告書 (PDF + xlsx) of a month, e.g. `2026-10`.
    Monthly {
        month: String,
        /// Write into this folder instead of the shared drive's 10-運用・保守/報告/.
        #[arg(long)]
        out: Option<PathBuf>,
        /// pdf | xlsx | both
        #[arg(long, default_value = "both")]
        format: String,
        /// Only print the figures; write no file.
        #[arg(long)]
        no_files: bool,
    },
    /// 定例会資料 (PDF A4 landscape + xlsx) for a meeting date, e.g. `2026-11-23`.
    Weekly {
        date: String,
        #[arg(long)]
        out: Option<PathBuf>,
        #[arg(long, default_value = "both")]
        format: String,
        #[arg(long)]
        no_files: bool,
    },
    /// Show, or store, the 所見・改善提案 of a month (printed in its report).
    Findings { month: String, text: Option<String> },
    /// Show, or set (JSON), the business calendar: holidays, 12/29–1/3, hours.
    Calendar { value: Option<String> },
    /// Show, or set (JSON), the SLA rules per 優先度 / Severity.
    Sla { value: Option<String> },
    /// The written definition of every figure.
    Definitions,
}

pub fn run(d: &mut Daicho, out: &Out, cmd: ReportCmd) -> Result<()> {
    match cmd {
        ReportCmd::Monthly {
            month,
            out: dir,
            format,
            no_files,
        } => {
            let month = YearMonth::parse(&month)?;
            let (f, written) = if no_files {
                (daicho_reports::monthly_figures(d, month)?, Vec::new())
            } else {
                let formats = parse_formats(&[format])?;
                daicho_reports::write_monthly(d, month, &formats, &Destination::from_folder(dir))?
            };
            out.show(
                &serde_json::json!({ "figures": f, "written": written }),
                || output::monthly(&f, &written),
            );
        }
        ReportCmd::Weekly {
            date,
            out: dir,
            format,
            no_files,
        } => {
            let date = parse_date(&date)?;
            let (p, written) = if no_files {
                (daicho_reports::weekly_pack(d, date)?, Vec::new())
            } else {
                let formats = parse_formats(&[format])?;
                daicho_reports::write_weekly(d, date, &formats, &Destination::from_folder(dir))?
            };
            out.show(
                &serde_json::json!({ "pack": p, "written": written }),
                || output::weekly(&p, &written),
            );
        }
        ReportCmd::Findings { month, text } => {
            let month = YearMonth::parse(&month)?;
            if let Some(t) = text {
                settings::set_findings(d, month, &t)?;
            }
            let t = settings::findings(d, month)?;
            out.show(
                &serde_json::json!({ "month": month, "findings": t }),
                || format!("{} 所見・改善提案:\n{t}", month.label()),
            );
        }
        ReportCmd::Calendar { value } => {
            let cfg = match value {
                Some(v) => settings::set_calendar_config(d, &v)?,
                None => settings::calendar_config(d)?,
            };
            out.show(&cfg, || pretty(&cfg));
        }
        ReportCmd::Sla { value } => {
            let p = match value {
                Some(v) => settings::set_sla_policy(d, &v)?,
                None => settings::sla_policy(d)?,
            };
            out.show(&p, || pretty(&p));
        }
        ReportCmd::Definitions => out.show(&DEFINITIONS, output::definitions),
    }
    Ok(())
}

fn pretty<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value).expect("serializable")
}
