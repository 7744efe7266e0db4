//! `daicho report …`: the 月次報告書, the weekly 定例会 pack, the 所見・改善提案
//! of a month, the business calendar and SLA rules, and the figures'
//! definitions. Files go to the shared drive (`10-運用・保守/報告/`) or `--out`.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use daicho_core::domain::value::parse_date;
use daicho_core::{Daicho, Result};
use daicho_export::{parse_formats, Destination, DocFormat};
use daicho_reports::{settings, Written, YearMonth, DEFINITIONS};

use crate::output::{self, Out};

#[derive(Subcommand, Debug)]
pub enum ReportCmd {
    /// 月次報告書 (PDF + xlsx) of a month, e.g. `2026-10`.
    Monthly {
        month: String,
        #[command(flatten)]
        files: ReportFiles,
    },
    /// 定例会資料 (PDF A4 landscape + xlsx) for a meeting date, e.g. `2026-11-23`.
    Weekly {
        date: String,
        #[command(flatten)]
        files: ReportFiles,
    },
    /// Show, or store, the 所見・改善提案 of a month (printed in its report).
    Findings { month: String, text: Option<String> },
    /// Show, or store, the 原因分析 of a 未達 target of a month, e.g.
    /// `daicho report cause 2026-10 sla_failure_recovery "…"` (no key: all).
    Cause {
        month: String,
        key: Option<String>,
        text: Option<String>,
    },
    /// Show, or set (JSON `{"sla_failure_recovery": 95}`), the 目標値.
    Targets { value: Option<String> },
    /// Show, or set (JSON), the business calendar: holidays, 12/29–1/3, hours.
    Calendar { value: Option<String> },
    /// Show, or set (JSON), the SLA rules per 優先度 / Severity.
    Sla { value: Option<String> },
    /// Show, or set (JSON), the failure-notice timing: 初報 / 定時報 / 完了報 minutes.
    Notices { value: Option<String> },
    /// The written definition of every figure.
    Definitions,
}

/// Which report files to write, and where.
#[derive(Args, Debug)]
pub struct ReportFiles {
    /// Write into this folder instead of the shared drive's 10-運用・保守/報告/.
    #[arg(long)]
    out: Option<PathBuf>,
    /// pdf | xlsx | both
    #[arg(long, default_value = "both")]
    format: String,
    /// Only print the figures; write no file.
    #[arg(long)]
    no_files: bool,
}

/// The figures only (`--no-files`), or the files written with their figures.
fn figures_or_files<T>(
    files: ReportFiles,
    figures: impl FnOnce() -> Result<T>,
    write: impl FnOnce(&[DocFormat], &Destination) -> Result<(T, Vec<Written>)>,
) -> Result<(T, Vec<Written>)> {
    if files.no_files {
        return Ok((figures()?, Vec::new()));
    }
    write(
        &parse_formats(&[files.format])?,
        &Destination::from_folder(files.out),
    )
}

/// A report's `--json` output: `{ "<name>": value, "written": [...] }`.
struct Made<'a, T> {
    name: &'static str,
    value: &'a T,
    written: &'a [Written],
}

impl<T: serde::Serialize> serde::Serialize for Made<'_, T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(2))?;
        map.serialize_entry(self.name, self.value)?;
        map.serialize_entry("written", self.written)?;
        map.end()
    }
}

pub fn run(d: &mut Daicho, out: &Out, cmd: ReportCmd) -> Result<()> {
    match cmd {
        ReportCmd::Monthly { month, files } => {
            let month = YearMonth::parse(&month)?;
            let (f, written) = figures_or_files(
                files,
                || daicho_reports::monthly_figures(d, month),
                |formats, dest| daicho_reports::write_monthly(d, month, formats, dest),
            )?;
            let made = Made {
                name: "figures",
                value: &f,
                written: &written,
            };
            out.show_streamed(&made, || output::monthly(&f, &written));
        }
        ReportCmd::Weekly { date, files } => {
            let date = parse_date(&date)?;
            let (p, written) = figures_or_files(
                files,
                || daicho_reports::weekly_pack(d, date),
                |formats, dest| daicho_reports::write_weekly(d, date, formats, dest),
            )?;
            let made = Made {
                name: "pack",
                value: &p,
                written: &written,
            };
            out.show_streamed(&made, || output::weekly(&p, &written));
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
        ReportCmd::Cause { month, key, text } => {
            let month = YearMonth::parse(&month)?;
            if let (Some(k), Some(t)) = (&key, &text) {
                daicho_reports::targets::set_cause(d, month, k, t)?;
            }
            let rows: Vec<_> = daicho_reports::monthly_figures(d, month)?
                .targets
                .into_iter()
                .filter(|r| key.as_ref().is_none_or(|k| &r.key == k))
                .collect();
            out.show(&rows, || {
                rows.iter()
                    .map(|r| {
                        let verdict = match r.met {
                            Some(true) => "達成",
                            Some(false) => "未達",
                            None => "—",
                        };
                        format!("{} [{}] {verdict} {}", r.name, r.key, r.cause)
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        ReportCmd::Targets { value } => {
            let t = match value {
                Some(v) => daicho_reports::targets::set_targets(d, &v)?,
                None => daicho_reports::targets::targets(d)?,
            };
            out.show(&t, || pretty(&t));
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
        ReportCmd::Notices { value } => {
            let r = match value {
                Some(v) => daicho_reports::escalation::set_notice_rules(d, &v)?,
                None => daicho_reports::escalation::notice_rules(d)?,
            };
            out.show(&r, || pretty(&r));
        }
        ReportCmd::Definitions => out.show(&DEFINITIONS, output::definitions),
    }
    Ok(())
}

fn pretty<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value).expect("serializable")
}
