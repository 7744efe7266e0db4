//! 目標と実績: each SLA/KPI target (defaults below, changed with the
//! `report.targets` setting) against the month's actual, and the 原因分析
//! the owner writes for a 未達 row (stored per month and target, like the
//! 所見・改善提案).

use std::collections::BTreeMap;

use daicho_core::{Daicho, Error, Result};
use serde::Serialize;

use crate::monthly::MonthlyFigures;
use crate::period::YearMonth;
use crate::sla::SlaMeasure;

pub const TARGETS_KEY: &str = "report.targets";
const CAUSE_PREFIX: &str = "report.cause.";

/// Target keys, their names, units, default values and direction (true:
/// the actual must be at least the target; false: at most).
const KNOWN: &[(&str, &str, &str, f64, bool)] = &[
    (
        "sla_incident_first_response",
        "SLA達成率（インシデント 受付）",
        "%",
        95.0,
        true,
    ),
    (
        "sla_incident_triage",
        "SLA達成率（インシデント 切り分け）",
        "%",
        90.0,
        true,
    ),
    (
        "sla_incident_resolution",
        "SLA達成率（インシデント 解決）",
        "%",
        f64::NAN,
        true,
    ),
    (
        "sla_failure_recovery",
        "SLA達成率（障害 復旧）",
        "%",
        90.0,
        true,
    ),
    (
        "sla_failure_resolution",
        "SLA達成率（障害 解決）",
        "%",
        f64::NAN,
        true,
    ),
    ("mttr", "MTTR（検知→復旧）", "時間", 4.0, false),
    (
        "due_compliance",
        "納期遵守率（障害・変更）",
        "%",
        90.0,
        true,
    ),
    ("release_on_time", "リリース予定どおり率", "%", 90.0, true),
    (
        "availability_A",
        "稼働率（サービスレベル A）",
        "%",
        99.9,
        true,
    ),
    (
        "availability_B",
        "稼働率（サービスレベル B）",
        "%",
        99.5,
        true,
    ),
    (
        "availability_C",
        "稼働率（サービスレベル C）",
        "%",
        99.0,
        true,
    ),
];

/// One row of 目標と実績.
#[derive(Debug, Clone, Serialize)]
pub struct TargetRow {
    /// The key `daicho report cause` takes (`availability:<対象システム>`
    /// for a system's 稼働率).
    pub key: String,
    pub name: String,
    pub unit: &'static str,
    pub target: f64,
    /// True when the actual must be at least the target.
    pub at_least: bool,
    pub actual: Option<f64>,
    /// None when there is no actual this month.
    pub met: Option<bool>,
    /// The owner's 原因分析 (for 未達 rows; empty when not written).
    pub cause: String,
}

/// The targets in effect: the defaults with the stored overrides (a
/// default without a value, like SLA 解決, is used only when set).
pub fn targets(d: &Daicho) -> Result<BTreeMap<String, f64>> {
    let mut map: BTreeMap<String, f64> = KNOWN
        .iter()
        .filter(|k| k.3.is_finite())
        .map(|k| (k.0.to_string(), k.3))
        .collect();
    if let Some(s) = d.setting(TARGETS_KEY)? {
        map.extend(parse(&s)?);
    }
    Ok(map)
}

fn parse(json: &str) -> Result<BTreeMap<String, f64>> {
    let map: BTreeMap<String, f64> = serde_json::from_str(json).map_err(|e| {
        Error::invalid(format!(
            "目標値の設定 (JSON) が不正です: {e}。例: {{\"sla_failure_recovery\": 95}}"
        ))
    })?;
    for (k, v) in &map {
        if !KNOWN.iter().any(|x| x.0 == k) || !v.is_finite() {
            return Err(Error::invalid(format!(
                "目標値「{k}」は設定できません。使える目標: {}",
                KNOWN.iter().map(|x| x.0).collect::<Vec<_>>().join(", ")
            )));
        }
    }
    Ok(map)
}

/// Stores target overrides (JSON `{"key": value}`); they replace the stored
/// ones as a whole.
pub fn set_targets(d: &mut Daicho, json: &str) -> Result<BTreeMap<String, f64>> {
    parse(json)?;
    d.set_setting(TARGETS_KEY, Some(json.trim()))?;
    targets(d)
}

fn cause_key(month: YearMonth, key: &str) -> String {
    format!("{CAUSE_PREFIX}{month}.{key}")
}

/// Whether `key` names a target (`availability:<system>` included).
fn known_key(key: &str) -> bool {
    KNOWN.iter().any(|x| x.0 == key)
        || key
            .strip_prefix("availability:")
            .is_some_and(|s| !s.trim().is_empty())
}

/// The 原因分析 written for `key` in `month` (empty when none).
pub fn cause(d: &Daicho, month: YearMonth, key: &str) -> Result<String> {
    Ok(d.setting(&cause_key(month, key))?.unwrap_or_default())
}

/// Stores the 原因分析 of a target in `month`; empty text removes it.
pub fn set_cause(d: &mut Daicho, month: YearMonth, key: &str, text: &str) -> Result<()> {
    if !known_key(key) {
        return Err(Error::invalid(format!(
            "目標「{key}」はありません。daicho report monthly {month} --no-files --json の targets の key を指定してください。"
        )));
    }
    let t = text.trim();
    d.set_setting(&cause_key(month, key), (!t.is_empty()).then_some(t))
}

fn measure_key(m: SlaMeasure) -> &'static str {
    match m {
        SlaMeasure::IncidentFirstResponse => "sla_incident_first_response",
        SlaMeasure::IncidentTriage => "sla_incident_triage",
        SlaMeasure::IncidentResolution => "sla_incident_resolution",
        SlaMeasure::FailureRecovery => "sla_failure_recovery",
        SlaMeasure::FailureResolution => "sla_failure_resolution",
    }
}

/// The rows of 目標と実績 for the figures `f`.
pub(crate) fn target_rows(d: &Daicho, f: &MonthlyFigures) -> Result<Vec<TargetRow>> {
    let targets = targets(d)?;
    let mut rows = Vec::new();
    let mut push = |key: String, known: &str, name: String, actual: Option<f64>| -> Result<()> {
        let Some(k) = KNOWN.iter().find(|x| x.0 == known) else {
            return Ok(());
        };
        let Some(&target) = targets.get(known) else {
            return Ok(());
        };
        let met = actual.map(|a| if k.4 { a >= target } else { a <= target });
        let cause = cause(d, f.month, &key)?;
        rows.push(TargetRow {
            key,
            name,
            unit: k.2,
            target,
            at_least: k.4,
            actual,
            met,
            cause,
        });
        Ok(())
    };
    let name = |key: &str| {
        KNOWN
            .iter()
            .find(|x| x.0 == key)
            .map_or("", |x| x.1)
            .to_string()
    };
    for s in &f.sla {
        let key = measure_key(s.measure);
        push(key.into(), key, name(key), s.achievement_pct)?;
    }
    push("mttr".into(), "mttr", name("mttr"), f.failure.mttr_hours)?;
    push(
        "due_compliance".into(),
        "due_compliance",
        name("due_compliance"),
        f.due_compliance.pct,
    )?;
    push(
        "release_on_time".into(),
        "release_on_time",
        name("release_on_time"),
        f.releases.on_time_pct,
    )?;
    for a in &f.availability {
        let level = format!("availability_{}", a.service_level.trim());
        push(
            format!("availability:{}", a.system),
            &level,
            format!("稼働率（{}・{}）", a.system, a.service_level.trim()),
            a.availability_pct,
        )?;
    }
    Ok(rows)
}
