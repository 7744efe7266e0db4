//! Report settings kept in the database's settings table as JSON strings:
//! the business calendar (`report.calendar`, a [`CalendarConfig`]), the SLA
//! rules (`report.sla`, an [`SlaPolicy`]) and the 所見・改善提案 text of each
//! month (`report.findings.2026-10`). Missing keys mean the defaults.

use daicho_calendar::{BusinessCalendar, CalendarConfig, SlaPolicy};
use daicho_core::{Daicho, Error, Result};

use crate::period::YearMonth;

pub const CALENDAR_KEY: &str = "report.calendar";
pub const SLA_KEY: &str = "report.sla";
const FINDINGS_PREFIX: &str = "report.findings.";

/// The calendar and SLA rules every figure is computed with.
#[derive(Debug, Clone)]
pub struct ReportSettings {
    pub calendar: BusinessCalendar,
    pub sla: SlaPolicy,
}

impl ReportSettings {
    /// The stored settings, or the defaults (土日・祝日・12/29–1/3 休み,
    /// 9:00–17:45; recovery 高/Critical 1h and 中/High 4h on the clock,
    /// 低/Medium 1 business day; 受付 1 business day, 切り分け by Monday's
    /// 定例会; see `daicho_calendar::policy`).
    pub fn load(d: &Daicho) -> Result<ReportSettings> {
        let mut sla = sla_policy(d)?;
        // A 対象システム's service level in the master (A/B/C) picks its SLA
        // rule unless the policy maps that system itself.
        for system in d.masters(daicho_core::domain::master::Master::System, true)? {
            if let Some(level) = system.service_level {
                sla.systems.entry(system.name).or_insert(level);
            }
        }
        Ok(ReportSettings {
            calendar: BusinessCalendar::new(calendar_config(d)?)
                .map_err(|e| Error::invalid(format!("営業日カレンダーの設定が不正です: {e}")))?,
            sla,
        })
    }
}

pub fn calendar_config(d: &Daicho) -> Result<CalendarConfig> {
    match d.setting(CALENDAR_KEY)? {
        Some(s) => serde_json::from_str(&s)
            .map_err(|e| Error::invalid(format!("営業日カレンダーの設定 (JSON) が不正です: {e}"))),
        None => Ok(CalendarConfig::default()),
    }
}

/// Validates and stores a calendar (JSON text of a [`CalendarConfig`]).
pub fn set_calendar_config(d: &mut Daicho, json: &str) -> Result<CalendarConfig> {
    let cfg: CalendarConfig = serde_json::from_str(json)
        .map_err(|e| Error::invalid(format!("営業日カレンダーの JSON が不正です: {e}")))?;
    BusinessCalendar::new(cfg.clone())
        .map_err(|e| Error::invalid(format!("営業日カレンダーの設定が不正です: {e}")))?;
    let text = serde_json::to_string(&cfg).expect("serializable");
    d.set_setting(CALENDAR_KEY, Some(&text))?;
    Ok(cfg)
}

pub fn sla_policy(d: &Daicho) -> Result<SlaPolicy> {
    match d.setting(SLA_KEY)? {
        Some(s) => serde_json::from_str(&s)
            .map_err(|e| Error::invalid(format!("SLA ルールの設定 (JSON) が不正です: {e}"))),
        None => Ok(SlaPolicy::default()),
    }
}

/// Validates and stores SLA rules (JSON text of an [`SlaPolicy`]). Figures
/// are computed from the rules at each call, so a change recomputes them.
pub fn set_sla_policy(d: &mut Daicho, json: &str) -> Result<SlaPolicy> {
    let p: SlaPolicy = serde_json::from_str(json)
        .map_err(|e| Error::invalid(format!("SLA ルールの JSON が不正です: {e}")))?;
    let text = serde_json::to_string(&p).expect("serializable");
    d.set_setting(SLA_KEY, Some(&text))?;
    Ok(p)
}

/// The 所見・改善提案 written for `month` (empty when none).
pub fn findings(d: &Daicho, month: YearMonth) -> Result<String> {
    Ok(d.setting(&format!("{FINDINGS_PREFIX}{month}"))?
        .unwrap_or_default())
}

/// Stores the 所見・改善提案 of `month`; empty text removes it.
pub fn set_findings(d: &mut Daicho, month: YearMonth, text: &str) -> Result<()> {
    let key = format!("{FINDINGS_PREFIX}{month}");
    let t = text.trim();
    d.set_setting(&key, (!t.is_empty()).then_some(t))
}
