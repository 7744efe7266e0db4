//! SLA achievement per measure of the items starting in the month.

use daicho_calendar::SlaStatus;
use serde::Serialize;

use super::round1;
use crate::sla::{SlaItem, SlaMeasure};

#[derive(Debug, Clone, Serialize)]
pub struct SlaSummary {
    pub measure: SlaMeasure,
    pub label: &'static str,
    pub met: usize,
    pub breached: usize,
    pub at_risk: usize,
    pub running: usize,
    /// met ÷ (met + breached), percent; None when nothing was decided.
    pub achievement_pct: Option<f64>,
}

/// One summary per measure of `items` (the month's SLA items).
pub(super) fn sla_summary(items: &[SlaItem]) -> Vec<SlaSummary> {
    SlaMeasure::ALL
        .iter()
        .map(|&m| {
            let items: Vec<&SlaItem> = items.iter().filter(|i| i.measure == m).collect();
            let n = |s: SlaStatus| items.iter().filter(|i| i.status == s).count();
            let (met, breached) = (n(SlaStatus::Met), n(SlaStatus::Breached));
            SlaSummary {
                measure: m,
                label: m.label(),
                met,
                breached,
                at_risk: n(SlaStatus::AtRisk),
                running: n(SlaStatus::Running),
                achievement_pct: (met + breached > 0)
                    .then(|| round1(met as f64 * 100.0 / (met + breached) as f64)),
            }
        })
        .collect()
}
