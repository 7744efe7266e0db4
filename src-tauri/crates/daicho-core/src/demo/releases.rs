//! The generated history's monthly releases: whatever work had started by
//! each month's cut-off goes out through QA, 判定, staging and production,
//! with the occasional NG and re-release.

use chrono::{Datelike, Duration, NaiveDate};

use super::{kv, skip_weekend, ymd, Clock, Rng};
use crate::error::Result;

/// Releases the `ready` records (number, day work started) month by month
/// from `start` up to `today`.
pub(super) fn monthly_releases(
    c: &mut Clock,
    rng: &mut Rng,
    mut ready: Vec<(String, NaiveDate)>,
    start: NaiveDate,
    today: NaiveDate,
) -> Result<()> {
    c.d.set_actor("梅澤");
    ready.sort_by_key(|(_, d)| *d);
    let mut month = start.with_day(1).expect("day 1");
    let mut minor = 1;
    while !ready.is_empty() {
        month = month
            .checked_add_months(chrono::Months::new(1))
            .expect("month");
        let cutoff = month;
        let batch: Vec<String> = ready
            .iter()
            .filter(|(_, d)| *d < cutoff)
            .map(|(n, _)| n.clone())
            .collect();
        ready.retain(|(_, d)| *d >= cutoff);
        if batch.is_empty() {
            if month > today {
                break;
            }
            continue;
        }
        let mut qa = skip_weekend(cutoff + Duration::days(2));
        if qa > today {
            // This month's release is being prepared: create it now, QA later.
            c.at(today);
            qa = skip_weekend(today + Duration::days(3));
        }
        let version = format!("1.{minor}.0");
        minor += 1;
        let prod_plan = skip_weekend(qa + Duration::days(14));
        c.d.create_release(
            &version,
            &kv(&[
                (
                    "title",
                    format!("{}年{}月定期リリース", cutoff.year(), cutoff.month()),
                ),
                ("qa_planned_on", ymd(qa)),
                ("staging_planned_on", ymd(qa + Duration::days(7))),
                ("prod_planned_on", ymd(prod_plan)),
            ]),
        )?;
        for no in &batch {
            c.d.add_member(&version, no)?;
        }
        if !c.at(qa) {
            break;
        }
        let steps: [(&str, i64); 9] = [
            ("QA環境リリース", 0),
            ("QA環境動作確認", 3),
            ("judge_ok", 1),
            ("ステージング環境リリース", 2),
            ("ステージング環境動作確認", 2),
            ("本番環境リリース", 4),
            ("本番動作確認", 1),
            ("final_ok", 1),
            ("complete", 1),
        ];
        let mut day = qa;
        for (i, (action, gap)) in steps.iter().enumerate() {
            day = skip_weekend(day + Duration::days(*gap));
            if !c.at(day) {
                break;
            }
            if i == 2 && rng.chance(20) {
                c.d.add_child(
                    &version,
                    "defects",
                    &kv(&[
                        ("found_on", ymd(day)),
                        ("found_by", "高橋".into()),
                        ("content", "確認画面で項目名が旧名称のまま".into()),
                        ("action", "文言修正".into()),
                        ("status", "対応済".into()),
                    ]),
                )?;
                c.d.release_action(
                    &version,
                    "judge_ng",
                    Some(day),
                    Some("不具合管理表の指摘を修正して再リリース"),
                )?;
                day = skip_weekend(day + Duration::days(2));
                if !c.at(day) {
                    break;
                }
                c.d.release_action(&version, "QA環境リリース", Some(day), None)?;
                day = skip_weekend(day + Duration::days(2));
                if !c.at(day) {
                    break;
                }
                c.d.release_action(&version, "QA環境動作確認", Some(day), None)?;
            }
            c.d.release_action(&version, action, Some(day), None)?;
        }
        // The release notice goes out and the incidents close a few days later.
        let close_day = skip_weekend(day + Duration::days(3));
        if c.d.get(&version)?.status() == crate::domain::workflow::status::RELEASE_DONE
            && c.at(close_day)
        {
            c.d.set_actor("吉岡");
            for no in &batch {
                let rec = c.d.get(no)?;
                if let Some(ino) = rec.fields.get("incident_no").map(|v| v.display()) {
                    if c.d.get(&ino)?.status() == crate::domain::workflow::status::RELEASED {
                        c.d.run_action(&ino, "クローズ", Some(close_day), &[])?;
                    }
                }
            }
            c.d.set_actor("梅澤");
        }
    }
    Ok(())
}
