//! The generated two-year history: incidents triaged at the weekly 定例会,
//! failures and changes worked through their flows, monthly releases. A
//! seed gives the same data every time.

use chrono::{Datelike, Duration, NaiveDate};

use super::vocabulary::*;
use super::{kv, next_meeting, releases, skip_weekend, story, ymd, Clock, DemoSummary, Rng};
use crate::domain::ledger::Ledger;
use crate::domain::query::ListQuery;
use crate::error::Result;
use crate::service::TriageDecision;
use crate::Daicho;

pub(super) fn generate(
    d: &mut Daicho,
    count: usize,
    seed: u64,
    today: NaiveDate,
) -> Result<DemoSummary> {
    let mut c = Clock { d, today };
    story::seed_story(&mut c)?;

    let mut rng = Rng(seed.max(1) ^ 0x9E37_79B9_7F4A_7C15);
    let start = today - Duration::days(730);
    let mut days: Vec<NaiveDate> = (0..count)
        .map(|_| skip_weekend(start + Duration::days(rng.below(725) as i64)))
        .collect();
    days.sort();
    // S/C records ready for a release, with the date work started.
    let mut ready: Vec<(String, NaiveDate)> = Vec::new();
    // Lapses (a request entered days late, a triage postponed a week) come
    // from their own sequence, so the rest of the data stays as it was.
    let mut lapse = Rng(seed.max(1) ^ 0x5851_F42D_4C95_7F2D);
    // When 再発防止策 get done: a third sequence, for the same reason.
    let mut follow = Rng(seed.max(1) ^ 0x2545_F491_4F6C_DD1D);

    for raised in days {
        if !c.at(raised) {
            continue;
        }
        if lapse.chance(8) && !c.at(skip_weekend(raised + Duration::days(2))) {
            continue;
        }
        let recorder = *rng.pick(PEOPLE);
        c.d.set_actor(recorder);
        let roll = rng.below(100);
        let screen = *rng.pick(SCREENS);
        let (kind, (suffix, summary)) = if roll < 40 {
            ("障害", *rng.pick(FAILURES))
        } else if roll < 70 {
            ("仕様変更", *rng.pick(CHANGES))
        } else {
            ("問い合わせ", *rng.pick(QUESTIONS))
        };
        let due = raised + Duration::days(14 + rng.below(60) as i64);
        let inc = c.d.create(
            Ledger::Incident,
            &kv(&[
                ("raised_on", ymd(raised)),
                ("raised_by", recorder.to_string()),
                ("origin_org", rng.pick(ORGS).to_string()),
                ("origin_user", rng.pick(USERS).to_string()),
                ("target_system", system_of(screen).to_string()),
                ("title", format!("{screen}{suffix}")),
                ("summary", format!("{screen}画面: {summary}")),
                ("due_on", ymd(due)),
                (
                    "closure_condition",
                    "ユーザへ回答または本番リリース完了を報告".to_string(),
                ),
            ]),
        )?;
        let mut meeting = next_meeting(raised);
        if lapse.chance(10) {
            meeting += Duration::days(7);
        }
        if meeting >= today || !c.at(meeting) {
            continue; // waits for the next 定例会
        }
        if meeting + Duration::days(14) > today && rng.chance(30) {
            c.d.run_action(&inc.no, "方針検討", Some(meeting), &[])?;
            continue; // the meeting has not decided yet
        }
        let priority = *rng.pick(&["高", "中", "中", "低"]);
        let assignee = *rng.pick(&PEOPLE[1..]);
        c.d.set_actor("吉岡");
        let outcome = c.d.triage(
            &inc.no,
            &TriageDecision {
                kind: kind.into(),
                priority: Some(priority.into()),
                assignee: Some(assignee.into()),
                meeting_date: Some(meeting),
                raised_by: Some("吉岡".into()),
            },
        )?;
        let Some(created) = outcome.created else {
            let answered = skip_weekend(meeting + Duration::days(1 + rng.below(6) as i64));
            if c.at(answered) {
                let answer = format!("{screen}画面の操作手順をご案内し、解決を確認済み");
                c.d.run_action(&inc.no, "回答", Some(answered), &kv(&[("answer", answer)]))?;
            }
            continue;
        };
        c.d.set_actor(assignee);
        let mut day = meeting;
        let mut step =
            |c: &mut Clock, rng: &mut Rng, min: i64, spread: usize| -> Option<NaiveDate> {
                day = skip_weekend(day + Duration::days(min + rng.below(spread) as i64));
                c.at(day).then_some(day)
            };
        if created.ledger == Ledger::Failure {
            let Some(t) = step(&mut c, &mut rng, 1, 3) else {
                continue;
            };
            c.d.run_action(&created.no, "調査開始", Some(t), &[])?;
            let occurred = format!("{} 09:{:02}", ymd(raised), rng.below(60));
            c.d.edit(
                &created.no,
                &kv(&[
                    (
                        "severity",
                        rng.pick(&["High", "Medium", "Medium", "Low"]).to_string(),
                    ),
                    ("occurred_at", occurred.clone()),
                    (
                        "detected_at",
                        format!("{} 10:{:02}", ymd(raised), rng.below(60)),
                    ),
                    ("impact_scope", format!("{}の全利用者", rng.pick(ORGS))),
                    ("business_impact", summary.to_string()),
                    (
                        "reproducibility",
                        rng.pick(&["必ず発生", "条件により発生", "発生条件不明"])
                            .to_string(),
                    ),
                ]),
            )?;
            c.d.add_child(
                &created.no,
                "timeline",
                &kv(&[
                    ("date", ymd(raised)),
                    ("time", "10:15".into()),
                    ("content", "ユーザより連絡を受領、現象を確認".into()),
                ]),
            )?;
            c.d.add_child(
                &created.no,
                "timeline",
                &kv(&[
                    ("date", ymd(t)),
                    ("time", "13:30".into()),
                    ("content", "ログ調査を開始".into()),
                ]),
            )?;
            let Some(t) = step(&mut c, &mut rng, 2, 6) else {
                continue;
            };
            c.d.add_child(
                &created.no,
                "findings",
                &kv(&[
                    ("date", ymd(t)),
                    (
                        "content",
                        "アプリケーションログにて該当処理の例外を確認".into(),
                    ),
                ]),
            )?;
            c.d.edit(
                &created.no,
                &kv(&[
                    (
                        "direct_cause",
                        format!("{screen}の更新処理で条件分岐に誤り"),
                    ),
                    ("interim_action", "手動でデータを補正し運用で回避".into()),
                    (
                        "release_note",
                        format!("{screen}画面で保存時にエラーとなる場合がある問題を修正しました。"),
                    ),
                    (
                        "root_cause",
                        rng.pick(&[
                            "設計レビュー不足",
                            "テストケース漏れ",
                            "仕様の認識齟齬",
                            "環境設定の差異",
                        ])
                        .to_string(),
                    ),
                    (
                        "root_cause_category",
                        rng.pick(&["設計", "テスト", "要件", "環境"]).to_string(),
                    ),
                    ("permanent_fix", "プログラム修正と回帰テストの追加".into()),
                    // Service is usually restored the same day (暫定対応); a
                    // few outages run into the next business day.
                    ("recovered_at", {
                        let spread = if rng.chance(15) { 30 } else { 6 };
                        let hours = 1 + rng.below(spread) as i64;
                        let at =
                            raised.and_hms_opt(10, 30, 0).expect("time") + Duration::hours(hours);
                        at.format("%Y/%m/%d %H:%M").to_string()
                    }),
                ]),
            )?;
            c.d.run_action(&created.no, "作業可", Some(t), &[])?;
            let Some(t) = step(&mut c, &mut rng, 1, 4) else {
                continue;
            };
            c.d.run_action(&created.no, "作業開始", Some(t), &[])?;
            let prevention = c.d.add_child(
                &created.no,
                "preventions",
                &kv(&[
                    ("content", "同種処理のレビュー観点を追加".into()),
                    ("owner", assignee.into()),
                    ("due_on", ymd(t + Duration::days(30))),
                ]),
            )?;
            // Most measures are done by their due date; a few run late or stay open.
            let done = skip_weekend(t + Duration::days(10 + follow.below(30) as i64));
            if follow.chance(85) && c.at(done) {
                c.d.edit_child(
                    &created.no,
                    "preventions",
                    prevention.id,
                    &kv(&[("done_on", ymd(done))]),
                )?;
            }
            c.at(t);
            if rng.chance(25) {
                if let Some(t) = step(&mut c, &mut rng, 1, 5) {
                    // Fixed without a program change (運用回避・データ修正): no
                    // release, so the incident is closed once the user is told.
                    c.d.run_action(&created.no, "対応完了", Some(t), &[])?;
                    c.d.set_actor("吉岡");
                    if let Some(t) = step(&mut c, &mut rng, 2, 4) {
                        c.d.run_action(&inc.no, "クローズ", Some(t), &[])?;
                    }
                }
                continue;
            }
            ready.push((created.no.clone(), t));
        } else {
            let Some(t) = step(&mut c, &mut rng, 2, 5) else {
                continue;
            };
            c.d.edit(
                &created.no,
                &kv(&[
                    (
                        "req_value",
                        format!(
                            "{}の担当者が{screen}の作業を短時間で終えられる",
                            rng.pick(ORGS)
                        ),
                    ),
                    ("req_scenes", "月次締め処理の前後に担当者が利用する".into()),
                    ("spec_layout", "既存画面の右上にボタンを追加".into()),
                    (
                        "release_note",
                        format!("{screen}画面の右上に新しいボタンを追加しました。"),
                    ),
                ]),
            )?;
            c.d.add_child(
                &created.no,
                "notes",
                &kv(&[
                    ("date", ymd(t)),
                    ("content", "概算仕様を作成し開発へ見積もりを依頼".into()),
                ]),
            )?;
            c.d.run_action(&created.no, "概算見積もり依頼", Some(t), &[])?;
            let Some(t) = step(&mut c, &mut rng, 3, 8) else {
                continue;
            };
            let effort = 1 + rng.below(15);
            c.d.run_action(
                &created.no,
                "概算見積もり受領",
                Some(t),
                &kv(&[
                    ("rough_effort", effort.to_string()),
                    ("rough_amount", (effort * 60_000).to_string()),
                ]),
            )?;
            let Some(t) = step(&mut c, &mut rng, 2, 8) else {
                continue;
            };
            if rng.chance(18) {
                c.d.run_action(
                    &created.no,
                    "開発見送り",
                    Some(t),
                    &kv(&[(
                        "drop_reason",
                        rng.pick(&["費用", "納期", "その他"]).to_string(),
                    )]),
                )?;
                c.d.set_actor("吉岡");
                if let Some(t) = step(&mut c, &mut rng, 1, 4) {
                    c.d.run_action(&inc.no, "クローズ", Some(t), &[])?;
                }
                continue;
            }
            c.d.run_action(&created.no, "正式仕様検討", Some(t), &[])?;
            let Some(t) = step(&mut c, &mut rng, 2, 8) else {
                continue;
            };
            c.d.add_child(
                &created.no,
                "notes",
                &kv(&[
                    ("date", ymd(t)),
                    ("content", "ユーザ確認待ち(項目仕様)を解消".into()),
                ]),
            )?;
            c.d.run_action(
                &created.no,
                "正式見積もり依頼",
                Some(t),
                &kv(&[("desired_due", ymd(t + Duration::days(45)))]),
            )?;
            let Some(t) = step(&mut c, &mut rng, 3, 8) else {
                continue;
            };
            c.d.run_action(
                &created.no,
                "正式見積もり受領",
                Some(t),
                &kv(&[
                    ("formal_effort", effort.to_string()),
                    ("formal_amount", (effort * 55_000).to_string()),
                ]),
            )?;
            let Some(t) = step(&mut c, &mut rng, 2, 6) else {
                continue;
            };
            c.d.run_action(&created.no, "発注", Some(t), &[])?;
            let Some(t) = step(&mut c, &mut rng, 1, 4) else {
                continue;
            };
            c.d.run_action(&created.no, "作業開始", Some(t), &[])?;
            ready.push((created.no.clone(), t));
        }
        c.d.set_actor("吉岡");
        // The team promises the next monthly release (本番 about the 18th of
        // the following month, closed a few days later); one promise in five
        // is an optimistic three weeks, so some fixes come in late.
        let next_month = (day.with_day(1).expect("day 1") + Duration::days(32))
            .with_day(1)
            .expect("day 1");
        let dev_due = if day.ordinal().is_multiple_of(5) {
            day + Duration::days(20)
        } else {
            skip_weekend(next_month + Duration::days(24))
        };
        c.d.run_action(
            &inc.no,
            "着手報告",
            Some(day),
            &kv(&[("dev_due_on", ymd(dev_due))]),
        )?;
    }

    releases::monthly_releases(&mut c, &mut rng, ready, start, today)?;

    let count = |l: Ledger| -> Result<usize> {
        Ok(c.d
            .list(
                l,
                &ListQuery {
                    limit: Some(0),
                    ..Default::default()
                },
            )?
            .total as usize)
    };
    Ok(DemoSummary {
        incidents: count(Ledger::Incident)?,
        failures: count(Ledger::Failure)?,
        changes: count(Ledger::Change)?,
        releases: count(Ledger::Release)?,
    })
}
