//! The 月次報告書's sections the seeds list (002 §3.1.3.3): 発生件数の内訳,
//! MTTD, releases and 納期遵守率, 稼働率, targets vs actuals, high-priority
//! items, and the generated commentary — each on a small hand-computed
//! database, and each section's heading found in the PDF and the xlsx.
//! (Long by design: one hand-computed case per section.)

mod common;

use common::{at, kv};
use daicho_core::domain::ledger::Ledger;
use daicho_core::domain::master::Master;
use daicho_core::Daicho;
use daicho_docs::testing::pdf_text;
use daicho_reports::{monthly_figures, render_monthly, MonthlyFigures, YearMonth};

fn db() -> Daicho {
    let mut d = Daicho::open_in_memory().unwrap();
    d.set_actor("吉岡");
    d.set_now(Some(at(2026, 1, 5, 9, 0)));
    for o in ["石巻ガス", "経理部"] {
        d.add_master(Master::Organization, o).unwrap();
    }
    d.add_master(Master::Person, "吉岡").unwrap();
    d
}

fn incident(d: &mut Daicho, day: &str, org: &str, kind: Option<&str>) -> String {
    let mut f = vec![
        ("起票日", day),
        ("起票者", "吉岡"),
        ("発生元組織", org),
        ("タイトル", "帳票の出力項目について"),
        ("概要", "確認したい"),
    ];
    if let Some(k) = kind {
        f.push(("種別", k));
    }
    d.create(Ledger::Incident, &kv(&f)).unwrap().no
}

fn failure(d: &mut Daicho, fields: &[(&str, &str)]) -> String {
    let mut f = vec![("起票者", "吉岡"), ("タイトル", "夜間バッチの停止")];
    f.extend_from_slice(fields);
    d.create(Ledger::Failure, &kv(&f)).unwrap().no
}

fn month(d: &Daicho, y: i32, m: u32) -> MonthlyFigures {
    monthly_figures(d, YearMonth::new(y, m).unwrap()).unwrap()
}

/// The PDF's text (when pdftotext is there; under CI it must be), the
/// xlsx's sheet names, and the xlsx file.
fn rendered(f: &MonthlyFigures) -> (Option<String>, Vec<String>, Vec<u8>) {
    use calamine::{open_workbook, Reader, Xlsx};
    let r = render_monthly(f, "運用保守チーム").unwrap();
    assert!(r.missing_glyphs.is_empty(), "{:?}", r.missing_glyphs);
    let dir = tempfile::tempdir().unwrap();
    let (pdf, xlsx) = (dir.path().join("m.pdf"), dir.path().join("m.xlsx"));
    std::fs::write(&pdf, &r.pdf).unwrap();
    std::fs::write(&xlsx, &r.xlsx).unwrap();
    let wb: Xlsx<_> = open_workbook(&xlsx).unwrap();
    (pdf_text(&pdf), wb.sheet_names(), r.xlsx)
}

/// The cells of the row whose first cell is `label` on `sheet`.
fn xlsx_row(xlsx: &[u8], sheet: &str, label: &str) -> Vec<calamine::Data> {
    use calamine::{DataType, Reader, Xlsx};
    let mut wb = Xlsx::new(std::io::Cursor::new(xlsx.to_vec())).unwrap();
    let range = wb.worksheet_range(sheet).unwrap();
    range
        .rows()
        .find(|r| r.first().and_then(|c| c.as_string()).as_deref() == Some(label))
        .unwrap_or_else(|| panic!("{label} not on {sheet}"))
        .to_vec()
}

#[test]
fn raised_by_kind_and_org_and_mttd() {
    let mut d = db();
    d.set_now(Some(at(2026, 10, 20, 9, 0)));
    incident(&mut d, "2026/09/30", "経理部", Some("障害"));
    incident(&mut d, "2026/10/01", "経理部", Some("障害"));
    incident(&mut d, "2026/10/02", "石巻ガス", Some("問い合わせ"));
    incident(&mut d, "2026/10/03", "石巻ガス", None);
    // 発生→検知: 2 h (detected in October), 30 min (October), and one
    // detected in November (not October's).
    failure(
        &mut d,
        &[
            ("起票日", "2026/10/05"),
            ("発生日時", "2026/10/05 08:00"),
            ("検知日時", "2026/10/05 10:00"),
        ],
    );
    failure(
        &mut d,
        &[
            ("起票日", "2026/10/06"),
            ("発生日時", "2026/10/06 09:00"),
            ("検知日時", "2026/10/06 09:30"),
            ("復旧日時", "2026/10/06 11:30"),
        ],
    );
    failure(
        &mut d,
        &[("起票日", "2026/10/31"), ("検知日時", "2026/10/31 12:00")],
    );
    d.set_now(Some(at(2026, 11, 30, 10, 0)));
    failure(
        &mut d,
        &[
            ("起票日", "2026/11/02"),
            ("発生日時", "2026/10/31 23:00"),
            ("検知日時", "2026/11/01 01:00"),
        ],
    );
    let oct = month(&d, 2026, 10);
    let rows = |v: &[daicho_reports::monthly::CountRow]| -> Vec<(String, usize, usize)> {
        v.iter()
            .map(|r| (r.name.clone(), r.month, r.twelve_months))
            .collect()
    };
    assert_eq!(
        rows(&oct.raised_by_kind),
        vec![
            ("障害".into(), 1, 2),
            ("(未設定)".into(), 1, 1),
            ("問い合わせ".into(), 1, 1)
        ]
    );
    assert_eq!(
        rows(&oct.raised_by_org),
        vec![("石巻ガス".into(), 2, 2), ("経理部".into(), 1, 2)]
    );
    // No 対象システム was set on any record.
    assert_eq!(
        rows(&oct.incidents_by_system),
        vec![("(未設定)".into(), 3, 4)]
    );
    assert_eq!(
        rows(&oct.failures_by_system),
        vec![("(未設定)".into(), 3, 3)]
    );
    assert_eq!(oct.failure.detected, 2);
    assert_eq!(oct.failure.mttd_hours, Some(1.3), "(2 + 0.5) / 2 = 1.25");
    assert_eq!(oct.failure.mttr_hours, Some(2.0), "検知 09:30 → 復旧 11:30");
    let nov = month(&d, 2026, 11);
    assert!(month(&d, 2026, 8).failure.downtime_hours.is_sign_positive());
    assert_eq!(
        (nov.failure.detected, nov.failure.mttd_hours),
        (1, Some(2.0))
    );
    let json = serde_json::to_value(&oct).unwrap();
    assert_eq!(json["failure"]["mttd_hours"], 1.3);
    assert_eq!(json["raised_by_org"][1]["name"], "経理部");

    let (text, sheets, xlsx) = rendered(&oct);
    if let Some(text) = text {
        for needle in [
            "発生件数の内訳（種別・発生元組織・対象システム）",
            "障害発生件数 対象システム別",
            "インシデント発生件数 発生元組織別",
            "MTTD（発生→検知）",
            "MTTD（平均検知時間）",
        ] {
            assert!(text.contains(needle), "PDF lacks {needle}");
        }
    }
    assert!(sheets.iter().any(|s| s == "発生内訳"), "{sheets:?}");
    assert_eq!(
        xlsx_row(&xlsx, "発生内訳", "石巻ガス")[1],
        calamine::Data::Float(2.0)
    );
}

fn release(d: &mut Daicho, version: &str, fields: &[(&str, &str)]) {
    let mut f = vec![("title", "定期リリース")];
    f.extend_from_slice(fields);
    d.create_release(version, &kv(&f)).unwrap();
}

#[test]
fn releases_planned_vs_actual_and_due_compliance() {
    let mut d = db();
    d.set_now(Some(at(2026, 10, 1, 9, 0)));
    // 1.0.1 on time (planned 10/10, done 10/09); 1.0.2 late by 3 days
    // (10/15 → 10/18); 1.0.3 planned 10/20, not done by the cut-off
    // (11/1): 12 days late; 1.0.4 planned in November (not October's).
    release(
        &mut d,
        "1.0.1",
        &[
            ("prod_planned_on", "2026/10/10"),
            ("prod_done_on", "2026/10/09"),
        ],
    );
    release(
        &mut d,
        "1.0.2",
        &[
            ("prod_planned_on", "2026/10/15"),
            ("prod_done_on", "2026/10/18"),
        ],
    );
    release(&mut d, "1.0.3", &[("prod_planned_on", "2026/10/20")]);
    release(&mut d, "1.0.4", &[("prod_planned_on", "2026/11/10")]);
    // Members (リリースVer.) and 納期遵守率: completed in October with a due
    // date: S on time (10/08 ≤ 10/10), S late (10/12 > 10/11); C on time by
    // 希望納期; one without a due date; one completed in November.
    for (ver, due, done) in [
        ("1.0.1", Some("2026/10/10"), "2026/10/08"),
        ("1.0.1", Some("2026/10/11"), "2026/10/12"),
        ("1.0.2", None, "2026/10/13"),
        ("", Some("2026/10/31"), "2026/11/02"),
    ] {
        let mut f = vec![("起票日", "2026/10/01"), ("対応完了日", done)];
        if let Some(due) = due {
            f.push(("対応期限", due));
        }
        if !ver.is_empty() {
            f.push(("リリースVer.", ver));
        }
        failure(&mut d, &f);
    }
    d.create(
        Ledger::Change,
        &kv(&[
            ("起票日", "2026/10/01"),
            ("起票者", "吉岡"),
            ("タイトル", "帳票の追加"),
            ("希望納期", "2026/10/30"),
            ("対応完了日", "2026/10/30"),
            ("リリースVer.", "1.0.2"),
        ]),
    )
    .unwrap();
    d.set_now(Some(at(2026, 11, 30, 10, 0)));
    let oct = monthly_figures(&d, YearMonth::new(2026, 10).unwrap()).unwrap();
    let r = &oct.releases;
    let rows: Vec<(&str, usize, &str, Option<i64>)> = r
        .rows
        .iter()
        .map(|x| (x.version.as_str(), x.members, x.verdict, x.late_days))
        .collect();
    assert_eq!(
        rows,
        vec![
            ("1.0.1", 2, "予定どおり", None),
            ("1.0.2", 2, "遅延", Some(3)),
            ("1.0.3", 0, "未実施（遅延）", Some(12)),
        ]
    );
    assert_eq!((r.on_time, r.late, r.on_time_pct), (1, 2, Some(33.3)));
    let c = &oct.due_compliance;
    assert_eq!((c.on_time, c.late, c.without_due), (2, 1, 1));
    assert_eq!(c.pct, Some(66.7), "2 / 3");
    let json = serde_json::to_value(&oct).unwrap();
    assert_eq!(json["due_compliance"]["pct"], 66.7);

    let (text, sheets, xlsx) = rendered(&oct);
    if let Some(text) = text {
        for needle in [
            "リリース（予定と実績）・納期遵守率",
            "未実施（遅延）",
            "納期遵守率",
        ] {
            assert!(text.contains(needle), "PDF lacks {needle}");
        }
    }
    assert!(sheets.iter().any(|s| s == "リリース"), "{sheets:?}");
    assert_eq!(
        xlsx_row(&xlsx, "リリース", "1.0.2")[4],
        calamine::Data::Float(2.0)
    );
    // Each table of the section is a native Excel table (テーブル).
    use calamine::Reader;
    let mut wb = calamine::Xlsx::new(std::io::Cursor::new(xlsx)).unwrap();
    wb.load_tables().unwrap();
    let names: Vec<String> = wb
        .table_names_in_sheet("リリース")
        .into_iter()
        .cloned()
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    let table = wb.table_by_name(&names[0]).unwrap();
    assert_eq!(
        table.columns(),
        [
            "リリースVer.",
            "概要",
            "本番予定日",
            "本番実績日",
            "対象案件",
            "判定",
            "遅延日数"
        ]
    );
    assert_eq!(table.data().height(), oct.releases.rows.len());
}

#[test]
fn availability_per_system_by_service_level() {
    let mut d = db();
    for (name, level) in [
        ("基幹システム", Some("A")),
        ("会計システム", Some("C")),
        ("人事システム", Some("B")),
        ("旧システム", None),
    ] {
        d.add_master(Master::System, name).unwrap();
        d.set_service_level(name, level).unwrap();
    }
    d.set_now(Some(at(2026, 10, 10, 9, 0)));
    for (system, from, to) in [
        // A, on the clock: 08:00–10:00 and 09:00–11:00 overlap → 3 hours.
        ("基幹システム", "2026/10/05 08:00", "2026/10/05 11:00"),
        ("基幹システム", "2026/10/05 09:00", "2026/10/05 11:00"),
        // C, business hours: Tue 16:45–17:45 and Wed 9:00–10:00 → 2 hours.
        ("会計システム", "2026/10/06 16:45", "2026/10/07 10:00"),
        // No level (24 hours), from September: 10/1 0:00–01:00 → 1 hour.
        ("旧システム", "2026/09/30 23:00", "2026/10/01 01:00"),
    ] {
        failure(
            &mut d,
            &[
                ("起票日", "2026/10/01"),
                ("対象システム", system),
                ("発生日時", from),
                ("復旧日時", to),
            ],
        );
    }
    d.set_now(Some(at(2026, 11, 30, 10, 0)));
    let oct = month(&d, 2026, 10);
    type Row<'a> = (&'a str, &'a str, f64, f64, usize, Option<f64>);
    let rows: Vec<Row> = oct
        .availability
        .iter()
        .map(|a| {
            (
                a.system.as_str(),
                a.service_level.as_str(),
                a.service_hours,
                a.downtime_hours,
                a.failures,
                a.availability_pct,
            )
        })
        .collect();
    // October 2026: 744 hours; 21 business days (9 weekend days, スポーツの日
    // 10/12) × 8.75 hours = 183.75 hours.
    assert_eq!(
        rows,
        vec![
            ("人事システム", "B", 183.75, 0.0, 0, Some(100.0)),
            ("会計システム", "C", 183.75, 2.0, 1, Some(98.91)),
            ("基幹システム", "A", 744.0, 3.0, 2, Some(99.6)),
            ("旧システム", "", 744.0, 1.0, 1, Some(99.87)),
        ]
    );
    let by_system: Vec<(&str, usize)> = oct
        .failures_by_system
        .iter()
        .map(|r| (r.name.as_str(), r.month))
        .collect();
    assert_eq!(
        by_system,
        vec![("基幹システム", 2), ("会計システム", 1), ("旧システム", 1)]
    );
    // No outage prints 0.00, not -0.00.
    assert!(oct.availability[0].downtime_hours.is_sign_positive());
    let (text, sheets, xlsx) = rendered(&oct);
    if let Some(text) = text {
        assert!(!text.contains("-0.00"));
        for needle in ["稼働率（対象システム別）", "98.91"] {
            assert!(text.contains(needle), "PDF lacks {needle}");
        }
    }
    assert!(sheets.iter().any(|s| s == "稼働率"), "{sheets:?}");
    let row = xlsx_row(&xlsx, "稼働率", "会計システム");
    assert_eq!(row[3], calamine::Data::Float(2.0));
    assert_eq!(row[5], calamine::Data::Float(98.91));
}

#[test]
fn targets_vs_actuals_with_cause_analysis() {
    use daicho_reports::targets;
    let mut d = db();
    d.add_master(Master::System, "基幹システム").unwrap();
    d.set_service_level("基幹システム", Some("A")).unwrap();
    d.set_now(Some(at(2026, 10, 5, 12, 0)));
    // Critical: recovery due 1 hour after 発生 (09:00), recovered 10:00 →
    // 超過, SLA 障害 復旧 0 %. MTTR (検知→復旧) 1.5 hours. 稼働率 (A):
    // 1 − 2 / 744 = 99.73 %.
    failure(
        &mut d,
        &[
            ("起票日", "2026/10/05"),
            ("対象システム", "基幹システム"),
            ("Severity", "Critical"),
            ("発生日時", "2026/10/05 08:00"),
            ("検知日時", "2026/10/05 08:30"),
            ("復旧日時", "2026/10/05 10:00"),
        ],
    );
    d.set_now(Some(at(2026, 11, 30, 10, 0)));
    let oct_m = YearMonth::new(2026, 10).unwrap();
    targets::set_cause(
        &mut d,
        oct_m,
        "sla_failure_recovery",
        "夜間の検知が遅れた。",
    )
    .unwrap();
    let err = targets::set_cause(&mut d, oct_m, "mtbf", "x").unwrap_err();
    assert!(
        err.to_string().contains("目標「mtbf」はありません"),
        "{err}"
    );
    type Row = (String, f64, Option<f64>, Option<bool>, String);
    let rows = |f: &MonthlyFigures| -> Vec<Row> {
        f.targets
            .iter()
            .map(|t| (t.key.clone(), t.target, t.actual, t.met, t.cause.clone()))
            .collect()
    };
    let oct = month(&d, 2026, 10);
    assert_eq!(
        rows(&oct),
        vec![
            (
                "sla_incident_first_response".into(),
                95.0,
                None,
                None,
                String::new()
            ),
            (
                "sla_incident_triage".into(),
                90.0,
                None,
                None,
                String::new()
            ),
            (
                "sla_failure_recovery".into(),
                90.0,
                Some(0.0),
                Some(false),
                "夜間の検知が遅れた。".into()
            ),
            ("mttr".into(), 4.0, Some(1.5), Some(true), String::new()),
            ("due_compliance".into(), 90.0, None, None, String::new()),
            ("release_on_time".into(), 90.0, None, None, String::new()),
            (
                "availability:基幹システム".into(),
                99.9,
                Some(99.73),
                Some(false),
                String::new()
            ),
        ]
    );
    // A stricter MTTR target makes it 未達; a bad key is refused.
    targets::set_targets(&mut d, r#"{"mttr": 1}"#).unwrap();
    assert!(targets::set_targets(&mut d, r#"{"mtbf": 1}"#).is_err());
    let oct = month(&d, 2026, 10);
    let mttr = oct.targets.iter().find(|t| t.key == "mttr").unwrap();
    assert_eq!((mttr.target, mttr.met), (1.0, Some(false)));

    let (text, sheets, xlsx) = rendered(&oct);
    if let Some(text) = text {
        for needle in [
            "11. 目標と実績",
            "夜間の検知が遅れた。",
            "（未記入）",
            "未達",
        ] {
            assert!(text.contains(needle), "PDF lacks {needle}");
        }
    }
    assert!(sheets.iter().any(|s| s == "目標と実績"), "{sheets:?}");
    let row = xlsx_row(&xlsx, "目標と実績", "SLA達成率（障害 復旧）");
    assert_eq!(row[3], calamine::Data::String("未達".into()));
}

#[test]
fn high_priority_items_open_at_month_end() {
    let mut d = db();
    d.set_now(Some(at(2026, 9, 1, 9, 0)));
    // 優先度 高, raised 9/1, due 10/15, open: 60 days old at 10/31, overdue.
    let old = failure(
        &mut d,
        &[
            ("起票日", "2026/09/01"),
            ("優先度", "高"),
            ("対応期限", "2026/10/15"),
        ],
    );
    d.set_now(Some(at(2026, 10, 1, 9, 0)));
    // 優先度 高 but 対応済 on 10/3: not listed.
    let done = failure(
        &mut d,
        &[
            ("起票日", "2026/10/01"),
            ("優先度", "高"),
            ("直接原因", "設定誤り"),
            ("暫定対応", "設定を戻した"),
        ],
    );
    for (action, day) in [("ready", 2), ("start_work", 2), ("resolve", 3)] {
        d.set_now(Some(at(2026, 10, day, 10, 0)));
        d.run_action(&done, action, None, &[]).unwrap();
    }
    // Severity Critical, raised 10/20 (11 days), no due date; 優先度 中: not listed.
    d.set_now(Some(at(2026, 10, 20, 9, 0)));
    let critical = failure(
        &mut d,
        &[("起票日", "2026/10/20"), ("Severity", "Critical")],
    );
    failure(&mut d, &[("起票日", "2026/10/20"), ("優先度", "中")]);
    // Raised in November: not October's.
    d.set_now(Some(at(2026, 11, 2, 9, 0)));
    failure(&mut d, &[("起票日", "2026/11/02"), ("優先度", "高")]);
    d.set_now(Some(at(2026, 11, 30, 10, 0)));
    let oct = month(&d, 2026, 10);
    let rows: Vec<(&str, &str, i64, bool)> = oct
        .high_priority
        .iter()
        .map(|h| (h.no.as_str(), h.priority.as_str(), h.age_days, h.overdue))
        .collect();
    assert_eq!(
        rows,
        vec![
            (old.as_str(), "高", 60, true),
            (critical.as_str(), "Critical", 11, false)
        ]
    );
    assert_eq!(oct.high_priority[0].status, "未着手");
    let (text, sheets, xlsx) = rendered(&oct);
    if let Some(text) = text {
        for needle in ["12. 高優先度案件の進捗", old.as_str(), "超過"] {
            assert!(text.contains(needle), "PDF lacks {needle}");
        }
    }
    assert!(sheets.iter().any(|s| s == "高優先度"), "{sheets:?}");
    assert_eq!(
        xlsx_row(&xlsx, "高優先度", &old)[5],
        calamine::Data::Float(60.0)
    );
}

#[test]
fn findings_draft_from_month_and_year_comparisons() {
    let mut d = db();
    // Last October 1, this September 2, this October 3 (障害 ×2, 問い合わせ);
    // none closed: backlog 3 at September's end, 6 at October's.
    for (day, kind) in [
        ("2025/10/10", None),
        ("2026/09/10", None),
        ("2026/09/11", None),
        ("2026/10/05", Some("障害")),
        ("2026/10/06", Some("障害")),
        ("2026/10/07", Some("問い合わせ")),
    ] {
        let t = chrono::NaiveDate::parse_from_str(day, "%Y/%m/%d").unwrap();
        d.set_now(Some(t.and_hms_opt(10, 0, 0).unwrap()));
        incident(&mut d, day, "経理部", kind);
    }
    // One Critical failure: MTTR 1.5 h, MTTD 0.5 h, recovery SLA breached.
    failure(
        &mut d,
        &[
            ("起票日", "2026/10/05"),
            ("Severity", "Critical"),
            ("発生日時", "2026/10/05 08:00"),
            ("検知日時", "2026/10/05 08:30"),
            ("復旧日時", "2026/10/05 10:00"),
        ],
    );
    d.set_now(Some(at(2026, 11, 30, 10, 0)));
    let oct = month(&d, 2026, 10);
    assert!(oct.findings_is_draft);
    assert_eq!(oct.findings, oct.findings_draft);
    let lines: Vec<&str> = oct.findings.lines().collect();
    assert_eq!(
        lines[..4],
        [
            "インシデントの発生件数は 3 件で、前月比 +1 件（+50.0%）、前年同月比 +2 件（+200.0%）でした。",
            "種別では「障害」が 2 件で最も多くなっています。",
            "月末残件数は 6 件で、前月末（3 件）から増加しました。",
            "障害の発生件数は 1 件（前月比 +1 件、前年同月比 +1 件）、MTTR は 1.5 時間、MTTD は 0.5 時間でした。",
        ]
    );
    assert!(
        lines.contains(
            &"SLA達成率（障害 復旧）は 0%（目標 90%）で未達です。原因と対策を検討します。"
        ),
        "{lines:?}"
    );
    assert_eq!(
        lines.last(),
        Some(&"未完了の高優先度案件が 1 件（うち期限超過 0 件）あり、引き続き優先して対応します。")
    );
    let (text, _, _) = rendered(&oct);
    if let Some(text) = text {
        for needle in ["自動作成した下書き", "前月比 +1 件（+50.0%）"] {
            assert!(text.contains(needle), "PDF lacks {needle}");
        }
    }
    // Written findings replace the draft; the draft stays in the figures.
    let m = YearMonth::new(2026, 10).unwrap();
    daicho_reports::settings::set_findings(&mut d, m, "問い合わせの回答を早めます。").unwrap();
    let oct = month(&d, 2026, 10);
    assert!(!oct.findings_is_draft);
    assert_eq!(oct.findings, "問い合わせの回答を早めます。");
    assert!(oct
        .findings_draft
        .starts_with("インシデントの発生件数は 3 件"));
}

#[test]
fn long_record_lists_print_their_first_rows_and_the_xlsx_keeps_all() {
    use calamine::{Reader, Xlsx};
    let mut d = db();
    for day in 1..=21 {
        for _ in 0..5 {
            incident(&mut d, &format!("2025/12/{day}"), "経理部", None);
        }
    }
    let f = month(&d, 2025, 12);
    assert_eq!(f.incident_records.len(), 105);
    let (pdf, _, xlsx) = rendered(&f);
    if let Some(text) = pdf {
        assert!(
            text.contains("他 5 件（全 105 件は Excel 版に記載）"),
            "the PDF's list stops at 100 rows"
        );
    }
    let mut book = Xlsx::new(std::io::Cursor::new(xlsx)).unwrap();
    let sheet = book.worksheet_range("インシデント明細").unwrap();
    let numbered = sheet
        .rows()
        .filter(|r| r.first().is_some_and(|c| c.to_string().starts_with("I-")))
        .count();
    assert_eq!(numbered, 105, "the xlsx lists every record");
}

#[test]
fn preventions_at_the_cut_off_count_the_live_failures_raised_before_it() {
    let mut d = db();
    d.set_now(Some(at(2026, 9, 1, 9, 0)));
    let prevention = |d: &mut Daicho, no: &str, dates: &[(&str, &str)]| {
        let mut f = vec![("内容", "監視の追加"), ("担当者", "吉岡")];
        f.extend_from_slice(dates);
        d.add_child(no, "preventions", &kv(&f)).unwrap();
    };
    let sept = failure(&mut d, &[("起票日", "2026/09/01")]);
    // Done 10/20 (before the cut-off 11/1), effect checked 10/31.
    prevention(
        &mut d,
        &sept,
        &[
            ("期限", "2026/10/31"),
            ("完了日", "2026/10/20"),
            ("効果確認日", "2026/10/31"),
        ],
    );
    // Open and past its 期限.
    prevention(&mut d, &sept, &[("期限", "2026/10/15")]);
    // Open, 期限 on the cut-off day (not past it); done only on 11/1.
    prevention(
        &mut d,
        &sept,
        &[("期限", "2026/11/01"), ("完了日", "2026/11/01")],
    );
    // A failure raised after the month, and a deleted one: not counted.
    d.set_now(Some(at(2026, 11, 2, 9, 0)));
    let later = failure(&mut d, &[("起票日", "2026/11/02")]);
    prevention(&mut d, &later, &[("期限", "2026/10/01")]);
    let deleted = failure(&mut d, &[("起票日", "2026/09/02")]);
    prevention(&mut d, &deleted, &[("期限", "2026/10/01")]);
    d.delete(&deleted).unwrap();

    let p = month(&d, 2026, 10).preventions;
    assert_eq!(
        (p.total, p.done, p.open, p.overdue, p.verified),
        (3, 1, 2, 1, 1)
    );
}
