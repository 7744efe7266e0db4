//! `daicho escalation`: 要注意 / 超過 with who must act, and 次報予定.

use daicho_reports::escalation::{Escalation, EscalationList};

fn line(e: &Escalation) -> String {
    format!(
        "  {} {} [{}] {}（期限 {}、{}% 経過、ルール {}）担当: {}{}\n",
        e.no,
        e.measure_label,
        e.status_label,
        e.title,
        e.due.format("%Y/%m/%d %H:%M"),
        e.used_pct,
        e.rule,
        e.owner,
        if e.status_label == "超過" {
            format!(" → エスカレーション先: {}", e.escalate_to)
        } else {
            String::new()
        }
    )
}

pub fn escalations(l: &EscalationList) -> String {
    let mut s = format!(
        "{} 時点\n■ 超過 ({} 件)\n",
        l.now.format("%Y/%m/%d %H:%M"),
        l.breached.len()
    );
    l.breached.iter().for_each(|e| s.push_str(&line(e)));
    s.push_str(&format!("\n■ 要注意 ({} 件)\n", l.attention.len()));
    l.attention.iter().for_each(|e| s.push_str(&line(e)));
    s.push_str(&format!(
        "\n■ 障害連絡の次報予定 ({} 件)\n",
        l.notices.len()
    ));
    for n in &l.notices {
        s.push_str(&format!(
            "  {} {} {}（次報予定 {}{}）担当: {}\n",
            n.no,
            n.kind,
            n.title,
            n.due.format("%Y/%m/%d %H:%M"),
            if n.overdue { "、期限超過" } else { "" },
            n.owner
        ));
    }
    s
}
