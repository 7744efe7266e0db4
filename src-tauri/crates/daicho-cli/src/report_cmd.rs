//! `daicho report …`: the 月次報告書, the weekly 定例会 pack, the 所見・改善提案
//! of a month, the business calendar and SLA rules, and the figures'
//! definitions. Files go to the shared drive (`10-運用・保守/報告/`) or `--out`.

use std::path::PathBuf;

use clap::Subcommand;
use daicho_core::domain::value::parse_date;
use daicho_core::{Daicho, Error, Result};
use daicho_export::{Destination, DocFormat};
use daicho_reports::{settings, YearMonth, DEFINITIONS};

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

fn formats(s: &str) -> Result<Vec<DocFormat>> {
    match s {
        "pdf" | "PDF" => Ok(vec![DocFormat::Pdf]),
        "xlsx" | "excel" | "Excel" => Ok(vec![DocFormat::Xlsx]),
        "both" => Ok(vec![DocFormat::Pdf, DocFormat::Xlsx]),
        other => Err(Error::invalid(format!(
            "--format は pdf / xlsx / both です: {other}"
        ))),
    }
}

fn destination(out: Option<PathBuf>) -> Destination {
    out.map(Destination::Folder).unwrap_or(Destination::Shared)
}

fn print<T: serde::Serialize>(json: bool, value: &T, human: impl FnOnce() -> String) {
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(value).expect("serializable")
        );
    } else {
        println!("{}", human());
    }
}

fn written_lines(w: &[daicho_reports::Written]) -> String {
    w.iter()
        .map(|x| {
            let mut s = format!("出力: {}", x.path.display());
            if !x.missing_glyphs.is_empty() {
                s.push_str(&format!(
                    "（表示できない文字: {}）",
                    x.missing_glyphs.join("")
                ));
            }
            s
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn pct(v: Option<f64>) -> String {
    v.map(|x| format!("{x:.1}%")).unwrap_or_else(|| "—".into())
}

pub fn run(d: &mut Daicho, json: bool, cmd: ReportCmd) -> Result<()> {
    match cmd {
        ReportCmd::Monthly {
            month,
            out,
            format,
            no_files,
        } => {
            let month = YearMonth::parse(&month)?;
            let (f, written) = if no_files {
                (daicho_reports::monthly_figures(d, month)?, Vec::new())
            } else {
                daicho_reports::write_monthly(d, month, &formats(&format)?, &destination(out))?
            };
            print(
                json,
                &serde_json::json!({ "figures": f, "written": written }),
                || {
                    let sla: Vec<String> = f
                        .sla
                        .iter()
                        .map(|s| format!("{} {}", s.label, pct(s.achievement_pct)))
                        .collect();
                    let mut s = format!(
                        "{} {}\nインシデント 発生 {} / クローズ {} / 月末残 {}\n障害 発生 {} / クローズ {} / 月末残 {}\n変更 発生 {} / クローズ {} / 月末残 {}\nSLA達成率: {}\nMTTR {} 時間 / MTBF {} 時間",
                        f.label,
                        if f.closed_month { "（締め）" } else { "（集計途中）" },
                        f.incidents.raised, f.incidents.closed, f.incidents.backlog,
                        f.failures.raised, f.failures.closed, f.failures.backlog,
                        f.changes.raised, f.changes.closed, f.changes.backlog,
                        sla.join("、"),
                        f.failure.mttr_hours.map(|v| v.to_string()).unwrap_or_else(|| "—".into()),
                        f.failure.mtbf_hours.map(|v| v.to_string()).unwrap_or_else(|| "—".into()),
                    );
                    if !written.is_empty() {
                        s.push('\n');
                        s.push_str(&written_lines(&written));
                    }
                    s
                },
            );
        }
        ReportCmd::Weekly {
            date,
            out,
            format,
            no_files,
        } => {
            let date = parse_date(&date)?;
            let (p, written) = if no_files {
                (daicho_reports::weekly_pack(d, date)?, Vec::new())
            } else {
                daicho_reports::write_weekly(d, date, &formats(&format)?, &destination(out))?
            };
            print(
                json,
                &serde_json::json!({ "pack": p, "written": written }),
                || {
                    let mut s = format!(
                        "定例会 {}\n切り分け待ち {} 件 / 回答待ち {} 件 / 進捗 {} 件 / 期限超過 {} 件 / SLA要注意 {} 件 / 対応中 {} 件",
                        p.label,
                        p.triage.len(),
                        p.inquiries.len(),
                        p.progress.len(),
                        p.overdue.len(),
                        p.sla_attention.len(),
                        p.gantt.len()
                    );
                    if !written.is_empty() {
                        s.push('\n');
                        s.push_str(&written_lines(&written));
                    }
                    s
                },
            );
        }
        ReportCmd::Findings { month, text } => {
            let month = YearMonth::parse(&month)?;
            if let Some(t) = text {
                settings::set_findings(d, month, &t)?;
            }
            let t = settings::findings(d, month)?;
            print(
                json,
                &serde_json::json!({ "month": month, "findings": t }),
                || format!("{} 所見・改善提案:\n{t}", month.label()),
            );
        }
        ReportCmd::Calendar { value } => {
            let cfg = match value {
                Some(v) => settings::set_calendar_config(d, &v)?,
                None => settings::calendar_config(d)?,
            };
            let text = serde_json::to_string_pretty(&cfg).expect("serializable");
            print(json, &cfg, || text);
        }
        ReportCmd::Sla { value } => {
            let p = match value {
                Some(v) => settings::set_sla_policy(d, &v)?,
                None => settings::sla_policy(d)?,
            };
            let text = serde_json::to_string_pretty(&p).expect("serializable");
            print(json, &p, || text);
        }
        ReportCmd::Definitions => print(json, &DEFINITIONS, || {
            DEFINITIONS
                .iter()
                .map(|x| format!("■ {}\n{}", x.name, x.text))
                .collect::<Vec<_>>()
                .join("\n\n")
        }),
    }
    Ok(())
}
