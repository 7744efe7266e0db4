//! The 所見・改善提案 draft: sentences made by fixed rules from the figures
//! (前月比 / 前年同月比, 未達 targets, open high-priority items, overdue
//! 再発防止策), the starting text until the owner writes the findings.

use super::{Flow, MonthlyFigures};

/// `+12 件（+30.0%）`, `−3 件（−20.0%）`, `±0 件`; no percentage when the
/// base is 0.
fn change(now: f64, before: f64, unit: &str) -> String {
    let d = now - before;
    let sign = if d > 0.0 {
        "+"
    } else if d < 0.0 {
        "−"
    } else {
        "±"
    };
    let abs = fmt(d.abs());
    if before > 0.0 && d != 0.0 {
        format!(
            "{sign}{abs} {unit}（{sign}{:.1}%）",
            (d.abs() / before) * 100.0
        )
    } else {
        format!("{sign}{abs} {unit}")
    }
}

fn fmt(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

fn trend_word(now: f64, before: f64) -> &'static str {
    if now > before {
        "増加"
    } else if now < before {
        "減少"
    } else {
        "横ばい"
    }
}

fn last_year(f: &MonthlyFigures, name: &str) -> f64 {
    f.yoy
        .iter()
        .find(|y| y.name == name)
        .map_or(0.0, |y| y.last_year)
}

/// The draft for `f`; `prev_failures` is the previous month's 障害 flow.
pub(super) fn draft(f: &MonthlyFigures, prev_failures: &Flow) -> String {
    let mut lines = Vec::new();
    let (inc, prev) = (&f.incidents, &f.previous_month);
    let (n, p, ly) = (
        inc.raised as f64,
        prev.raised as f64,
        last_year(f, "インシデント発生件数"),
    );
    lines.push(format!(
        "インシデントの発生件数は {} 件で、前月比 {}、前年同月比 {}でした。",
        fmt(n),
        change(n, p, "件"),
        change(n, ly, "件")
    ));
    if let Some(top) = f
        .raised_by_kind
        .iter()
        .filter(|r| r.month > 0)
        .max_by_key(|r| r.month)
    {
        lines.push(format!(
            "種別では「{}」が {} 件で最も多くなっています。",
            top.name, top.month
        ));
    }
    let (b, pb) = (inc.backlog as f64, prev.backlog as f64);
    lines.push(format!(
        "月末残件数は {} 件で、前月末（{} 件）から{}しました。",
        fmt(b),
        fmt(pb),
        trend_word(b, pb)
    ));
    let (fr, pfr, lfr) = (
        f.failures.raised as f64,
        prev_failures.raised as f64,
        last_year(f, "障害発生件数"),
    );
    let mut failure = format!(
        "障害の発生件数は {} 件（前月比 {}、前年同月比 {}）",
        fmt(fr),
        change(fr, pfr, "件"),
        change(fr, lfr, "件")
    );
    if let Some(mttr) = f.failure.mttr_hours {
        failure.push_str(&format!("、MTTR は {mttr:.1} 時間"));
    }
    if let Some(mttd) = f.failure.mttd_hours {
        failure.push_str(&format!("、MTTD は {mttd:.1} 時間"));
    }
    lines.push(failure + "でした。");
    let unmet: Vec<_> = f.targets.iter().filter(|t| t.met == Some(false)).collect();
    if unmet.is_empty() {
        if f.targets.iter().any(|t| t.met == Some(true)) {
            lines.push("実績のある目標はすべて達成しました。".into());
        }
    } else {
        for t in unmet {
            lines.push(format!(
                "{}は {}{}（目標 {}{}）で未達です。原因と対策を検討します。",
                t.name,
                fmt(t.actual.unwrap_or_default()),
                t.unit,
                fmt(t.target),
                t.unit
            ));
        }
    }
    if !f.high_priority.is_empty() {
        let overdue = f.high_priority.iter().filter(|h| h.overdue).count();
        lines.push(format!(
            "未完了の高優先度案件が {} 件（うち期限超過 {} 件）あり、引き続き優先して対応します。",
            f.high_priority.len(),
            overdue
        ));
    }
    if f.preventions.overdue > 0 {
        lines.push(format!(
            "期限を過ぎた再発防止策が {} 件あります。担当者と期限を見直します。",
            f.preventions.overdue
        ));
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_read_as_signed_counts_and_percentages() {
        assert_eq!(change(52.0, 40.0, "件"), "+12 件（+30.0%）");
        assert_eq!(change(12.0, 15.0, "件"), "−3 件（−20.0%）");
        assert_eq!(change(4.0, 4.0, "件"), "±0 件");
        assert_eq!(change(3.0, 0.0, "件"), "+3 件");
    }
}
