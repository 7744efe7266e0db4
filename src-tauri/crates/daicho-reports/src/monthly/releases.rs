//! リリース（予定と実績） and 納期遵守率: the month's releases with their
//! planned and actual 本番 dates, and the share of 障害・変更 completed in the
//! month by their due date.

use chrono::{NaiveDate, NaiveDateTime};
use daicho_core::Record;
use serde::Serialize;

use super::round1;
use crate::data::Data;
use crate::period::YearMonth;

/// One release planned or released in the month.
#[derive(Debug, Clone, Serialize)]
pub struct ReleaseRow {
    pub version: String,
    pub title: String,
    /// 本番環境リリース予定日.
    pub planned: Option<NaiveDate>,
    /// 本番環境リリース日, else 完了報告日.
    pub actual: Option<NaiveDate>,
    /// S-/C- records with this リリースVer.
    pub members: usize,
    /// 予定どおり / 遅延 / 未実施（遅延） / 未実施（予定内） / 予定日未設定.
    pub verdict: &'static str,
    /// Days late (actual, or the cut-off day when not yet released).
    pub late_days: Option<i64>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct ReleaseFigures {
    pub rows: Vec<ReleaseRow>,
    pub on_time: usize,
    pub late: usize,
    /// 予定どおり ÷ (予定どおり + 遅延 + 未実施（遅延）).
    pub on_time_pct: Option<f64>,
}

/// 納期遵守率 of the 障害・変更 completed in the month.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DueCompliance {
    pub on_time: usize,
    pub late: usize,
    /// Completed in the month without any due date (not in the rate).
    pub without_due: usize,
    pub pct: Option<f64>,
}

fn pct(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| round1(part as f64 * 100.0 / whole as f64))
}

fn date(r: &Record, key: &str) -> Option<NaiveDate> {
    r.get(key).as_date()
}

pub(super) fn releases(data: &Data, month: YearMonth, as_of: NaiveDateTime) -> ReleaseFigures {
    let cut = as_of.date();
    let in_month = |d: Option<NaiveDate>| d.is_some_and(|d| month.contains(d));
    let mut f = ReleaseFigures::default();
    for r in &data.releases {
        let planned = date(r, "prod_planned_on");
        let actual = date(r, "prod_done_on")
            .or_else(|| date(r, "completed_on"))
            .filter(|d| d.and_hms_opt(0, 0, 0).expect("valid") < as_of);
        if !in_month(planned) && !in_month(actual) {
            continue;
        }
        let (verdict, late_days) = match (planned, actual) {
            (None, _) => ("予定日未設定", None),
            (Some(p), Some(a)) if a <= p => ("予定どおり", None),
            (Some(p), Some(a)) => ("遅延", Some((a - p).num_days())),
            (Some(p), None) if p < cut => ("未実施（遅延）", Some((cut - p).num_days())),
            (Some(_), None) => ("未実施（予定内）", None),
        };
        match verdict {
            "予定どおり" => f.on_time += 1,
            "遅延" | "未実施（遅延）" => f.late += 1,
            _ => {}
        }
        let members = data.release_members(&r.no);
        f.rows.push(ReleaseRow {
            version: r.no.clone(),
            title: r.text("title").to_string(),
            planned,
            actual,
            members,
            verdict,
            late_days,
        });
    }
    f.rows.sort_by(|a, b| {
        (a.planned.or(a.actual), &a.version).cmp(&(b.planned.or(b.actual), &b.version))
    });
    f.on_time_pct = pct(f.on_time, f.on_time + f.late);
    f
}

/// The due date of a 障害 (対応期限) or 変更 (希望納期), else the linked
/// incident's 開発対応完了予定日.
pub(crate) fn due_of(data: &Data, r: &Record) -> Option<NaiveDate> {
    date(r, "due_on")
        .or_else(|| date(r, "desired_due"))
        .or_else(|| data.incident_dev_due(&r.no))
}

pub(super) fn due_compliance(data: &Data, month: YearMonth, as_of: NaiveDateTime) -> DueCompliance {
    let mut c = DueCompliance::default();
    for r in data.failures.iter().chain(&data.changes) {
        let Some(done) = date(r, "completed_on") else {
            continue;
        };
        if !month.contains(done) || done.and_hms_opt(0, 0, 0).expect("valid") >= as_of {
            continue;
        }
        match due_of(data, r) {
            None => c.without_due += 1,
            Some(due) if done <= due => c.on_time += 1,
            Some(_) => c.late += 1,
        }
    }
    c.pct = pct(c.on_time, c.on_time + c.late);
    c
}
