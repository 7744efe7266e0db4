//! Every figure computed from the narrow reads ([`Data::load`]) equals the
//! one computed from the whole-load reading the reports used before
//! ([`Data::load_whole`]: every field of every record, timelines from the
//! history rows), on a generated dataset: monthly figures of every month
//! from the first records to the running one, and weekly packs; and so does
//! every figure computed from only the records of the period
//! ([`Data::load_since`], what the reports read).

use chrono::{Duration, NaiveDate};
use daicho_core::Daicho;

use crate::data::Data;
use crate::data_recent::For;
use crate::monthly::LookBack;
use crate::period::YearMonth;
use crate::settings::ReportSettings;
use crate::sla::evaluate_all;
use crate::{monthly, weekly};
use daicho_calendar::SlaStatus;

fn json<T: serde::Serialize>(v: &T) -> serde_json::Value {
    serde_json::to_value(v).expect("serializable")
}

#[test]
fn figures_from_the_narrow_reads_equal_the_whole_load() {
    let now = NaiveDate::from_ymd_opt(2026, 11, 30)
        .unwrap()
        .and_hms_opt(10, 0, 0)
        .unwrap();
    // A file, not memory: the reports read インシデント on a second
    // connection only when there is a file to open it on.
    let dir = tempfile::tempdir().unwrap();
    let mut d = Daicho::open_or_create(&dir.path().join("reference.db")).unwrap();
    assert!(
        d.reader().unwrap().is_some(),
        "the threaded reading is tested"
    );
    d.set_now(Some(now));
    daicho_core::demo::fill(&mut d, 1200, 5).unwrap();
    // Closures stamped a day other than the one they were entered (40 days
    // back, 2 days ahead): stamped dates move those events.
    let decided: Vec<_> = d
        .all_records(daicho_core::domain::ledger::Ledger::Incident)
        .unwrap()
        .into_iter()
        .filter(|r| r.status() == "方針検討済")
        .take(2)
        .collect();
    assert_eq!(decided.len(), 2);
    for (r, days) in decided.iter().zip([-40, 2]) {
        let action = if r.text("kind") == "問い合わせ" {
            "回答"
        } else {
            "クローズ"
        };
        d.run_action(&r.no, action, Some(now.date() + Duration::days(days)), &[])
            .unwrap();
    }
    // 同根障害 (再発件数): one pair among recent failures.
    let failures = d
        .all_records(daicho_core::domain::ledger::Ledger::Failure)
        .unwrap();
    let recent: Vec<_> = failures
        .iter()
        .rev()
        .take(2)
        .map(|r| r.no.clone())
        .collect();
    d.link_same_root(&recent[0], &recent[1], true).unwrap();
    let settings = ReportSettings::load(&d).unwrap();
    let hours = &settings.calendar.config().business_hours;
    let whole = Data::load_whole(&d, hours.start, hours.end).unwrap();
    let narrow = Data::load(&d, &settings).unwrap();
    for r in &decided {
        let tl = narrow.timeline(&r.no).unwrap();
        assert!(tl.events.iter().any(|e| e.when != e.at), "{}", r.no);
    }
    let first = whole
        .incidents
        .iter()
        .filter_map(crate::data::raised_on)
        .min()
        .expect("records");
    let mut month = YearMonth::of(first);
    let mut months = 0;
    let mut left_out = 0;
    let mut recurrences = 0;
    while month <= YearMonth::of(now.date()) {
        let back = |data: &Data| LookBack::of_data(&d, data, &settings, month, now).unwrap();
        let a = monthly::compute(&d, &whole, &back(&whole), &settings, month, now).unwrap();
        let b = monthly::compute(&d, &narrow, &back(&narrow), &settings, month, now).unwrap();
        assert_eq!(json(&a), json(&b), "{month}");
        // What the report reads: the records of its two months whole, and
        // the year's look-back from one narrow pass over every record.
        let (recent, pass) = monthly::load(&d, &settings, month, now).unwrap();
        let c = monthly::compute(&d, &recent, &pass, &settings, month, now).unwrap();
        assert_eq!(json(&a), json(&c), "{month} (recent)");
        left_out += whole.incidents.len() - recent.incidents.len();
        recurrences += c.failure.recurrences;
        // The month's SLA items are those of every record, evaluated whole.
        let all = crate::sla::month_items(&whole, &settings, month, a.as_of);
        assert_eq!(json(&all), json(&b.sla_items), "{month}");
        months += 1;
        month = month.next();
    }
    assert!(months >= 6, "{months}");
    assert!(left_out > 0, "the recent reads leave records out");
    assert!(recurrences > 0, "some month counts the 同根障害");
    let mut attention = 0;
    let mut meeting = now.date() - Duration::days(70);
    while meeting <= now.date() + Duration::days(7) {
        let a = weekly::compute(&d, &whole, &settings, meeting, now).unwrap();
        let b = weekly::compute(&d, &narrow, &settings, meeting, now).unwrap();
        assert_eq!(json(&a), json(&b), "{meeting}");
        let (from, as_of) = weekly::period(meeting, now);
        let recent = Data::load_since(
            &d,
            &settings,
            from,
            For::Week {
                cut_day: as_of.date(),
            },
        )
        .unwrap();
        let c = weekly::compute(&d, &recent, &settings, meeting, now).unwrap();
        assert_eq!(json(&a), json(&c), "{meeting} (recent)");
        assert!(
            recent.incidents.len() < whole.incidents.len() / 2,
            "{meeting}"
        );
        let mut all: Vec<_> = evaluate_all(&whole, &settings, a.as_of)
            .into_iter()
            .filter(|i| {
                i.done.is_none() && matches!(i.status, SlaStatus::Breached | SlaStatus::AtRisk)
            })
            .filter(|i| {
                whole.find(&i.no).is_some_and(|r| {
                    crate::monthly::existed(r, a.as_of)
                        && !daicho_core::domain::workflow::is_closed(
                            r.ledger,
                            &whole.status_at(r, a.as_of),
                        )
                })
            })
            .collect();
        all.sort_by_key(|i| i.due);
        assert_eq!(json(&all), json(&b.sla_attention), "{meeting}");
        attention += all.len();
        meeting += Duration::days(7);
    }
    assert!(attention > 0, "some SLA items need attention");
}
