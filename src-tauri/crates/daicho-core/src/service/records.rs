//! Creating, editing, deleting and reading records; lists, search, history.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::{ledger_of, parse_fields, reindex, split_release_version, write_changes, Daicho};
use crate::domain::ledger::{format_no, Ledger};
use crate::domain::query::{ListQuery, Page};
use crate::domain::record::{HistoryEntry, Link, Record, RecordDetail};
use crate::domain::text::match_query;
use crate::domain::value::Value;
use crate::domain::workflow;
use crate::error::{Error, Result};
use crate::store::Conn;
use crate::store::{children, history, records as rec_store, releases, search};

#[derive(Debug, Clone, Serialize)]
pub struct SearchHit {
    pub ledger: Ledger,
    pub no: String,
    pub title: String,
    pub status: String,
    /// 1 = best: title matches first, then other fields; newer first.
    pub rank: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct HomeSummary {
    /// Per ledger: (status, count) in flow order, open statuses only.
    pub open_counts: BTreeMap<String, Vec<(String, i64)>>,
    pub untriaged: Vec<Record>,
    pub overdue: Vec<Record>,
    pub upcoming_releases: Vec<Record>,
    pub recent_changes: Vec<HistoryEntry>,
    /// 再発防止策 not yet done, earliest 期限 first (overdue ones flagged).
    pub preventions: Vec<super::OpenPrevention>,
    /// How many records each list holds in all (the lists hold the first
    /// [`HOME_ROWS`] unless [`Daicho::home_all`]).
    pub totals: HomeTotals,
}

/// How many rows a ホーム list shows unless all are asked for: what a
/// person reads; the rest is a 「他 N 件」 line.
pub const HOME_ROWS: usize = 50;

/// The true sizes of ホーム's lists.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct HomeTotals {
    /// 未着手 / 方針検討中 incidents.
    pub untriaged: i64,
    /// Overdue incidents, failures and changes (the list holds the first
    /// [`HOME_ROWS`] of each ledger).
    pub overdue: i64,
    /// Open 再発防止策, and how many of them are past their 期限.
    pub preventions: i64,
    pub preventions_overdue: i64,
}

impl Daicho {
    /// Creates a record from `field=value` inputs (keys or labels).
    /// Required fields are checked; status starts at the flow's first status.
    /// A release takes its version from the inputs (`version` / `リリースVer.`).
    pub fn create(&mut self, ledger: Ledger, inputs: &[(String, String)]) -> Result<Record> {
        if ledger == Ledger::Release {
            let (version, rest) = split_release_version(inputs);
            return self.create_release(&version, &rest);
        }
        self.write(|tx, ctx| {
            let mut fields = parse_fields(tx, ledger.fields(), ledger.label(), inputs, false)?;
            let missing = ledger.missing_required(&fields);
            if !missing.is_empty() {
                return Err(Error::invalid(format!(
                    "{}の起票には {} が必要です。",
                    ledger.label(),
                    missing.join("、")
                )));
            }
            fields.insert(
                "status".into(),
                Value::Text(workflow::initial_status(ledger).into()),
            );
            create_in(tx, ctx, ledger, fields, "起票")
        })
    }

    /// Creates many records in one transaction (all or none), e.g. for bulk
    /// intake or benchmarks. Same validation as [`Daicho::create`].
    pub fn create_many(
        &mut self,
        ledger: Ledger,
        rows: &[Vec<(String, String)>],
    ) -> Result<Vec<String>> {
        self.write(|tx, ctx| {
            let mut nos = Vec::with_capacity(rows.len());
            for (i, inputs) in rows.iter().enumerate() {
                let mut fields = parse_fields(tx, ledger.fields(), ledger.label(), inputs, false)
                    .map_err(|e| {
                    Error::new(e.kind, format!("{} 件目: {}", i + 1, e.message))
                })?;
                if let Some(f) = ledger
                    .fields()
                    .iter()
                    .find(|f| f.required && fields.get(f.key).is_none_or(|v| v.is_null()))
                {
                    return Err(Error::invalid(format!(
                        "{} 件目: {} が必要です。",
                        i + 1,
                        f.label
                    )));
                }
                fields.insert(
                    "status".into(),
                    Value::Text(workflow::initial_status(ledger).into()),
                );
                nos.push(create_in(tx, ctx, ledger, fields, "起票")?.no);
            }
            Ok(nos)
        })
    }

    /// Changes fields of a record. Status and numbers change only through actions.
    pub fn edit(&mut self, no: &str, inputs: &[(String, String)]) -> Result<Record> {
        let ledger = ledger_of(no);
        self.write(|tx, ctx| {
            let (seq, before) = rec_store::load_live(tx, ledger, no)?;
            let changes = parse_fields(tx, ledger.fields(), ledger.label(), inputs, false)?;
            if ledger == Ledger::Release && changes.contains_key("version") {
                return Err(Error::invalid(
                    "リリースVer. は変更できません。新しいリリースを作成してください。",
                ));
            }
            for f in ledger.fields().iter().filter(|f| f.required) {
                if changes.get(f.key).is_some_and(|v| v.is_null()) {
                    return Err(Error::invalid(format!("{} は空にできません。", f.label)));
                }
            }
            write_changes(tx, ctx, &before, seq, &changes, "編集")?;
            reindex(tx, ledger, seq)?;
            Ok(rec_store::load(tx, ledger, seq)?.expect("just written"))
        })
    }

    /// Soft-deletes a record: it disappears from lists, its number stays used.
    pub fn delete(&mut self, no: &str) -> Result<()> {
        let ledger = ledger_of(no);
        self.write(|tx, ctx| {
            let (seq, rec) = rec_store::load_live(tx, ledger, no)?;
            if ledger != Ledger::Release {
                if let Some(ver) = releases::open_release_of(tx, ledger, seq)? {
                    return Err(Error::illegal(format!(
                        "{} はリリース {ver} に含まれているため削除できません。先にリリースから外してください。",
                        rec.no
                    )));
                }
            }
            rec_store::mark_deleted(tx, ledger, seq, &ctx.now)?;
            history::record(
                tx,
                &history::Change {
                    ledger,
                    no: &rec.no,
                    field: "record",
                    old: Some(rec.text("title").to_string()),
                    new: None,
                },
                &ctx.actor,
                &ctx.now,
                "削除",
            )?;
            search::remove(tx, ledger, &rec.no)
        })
    }

    /// A record (even a deleted one) by number or version.
    pub fn get(&self, no: &str) -> Result<Record> {
        let ledger = ledger_of(no);
        let missing = || {
            Error::not_found(format!(
                "{} に {} はありません。",
                ledger.label(),
                no.trim()
            ))
        };
        let seq = rec_store::seq_of(&self.conn(), ledger, no)?.ok_or_else(missing)?;
        rec_store::load(&self.conn(), ledger, seq)?.ok_or_else(missing)
    }

    /// A record with its child rows, links and attachments.
    pub fn detail(&self, no: &str) -> Result<RecordDetail> {
        let record = self.get(no)?;
        let ledger = record.ledger;
        let conn = &self.conn();
        let seq = rec_store::seq_of(conn, ledger, &record.no)?.expect("loaded");
        let mut kids = BTreeMap::new();
        for c in ledger.children() {
            kids.insert(c.key.to_string(), children::list(conn, c, seq)?);
        }
        let mut links = Vec::new();
        let mut push = |relation: &'static str, no: &str| -> Result<()> {
            if let Ok(r) = self.get(no) {
                links.push(Link {
                    relation,
                    no: r.no.clone(),
                    title: r.text("title").to_string(),
                    status: r.status().to_string(),
                });
            }
            Ok(())
        };
        match ledger {
            Ledger::Incident => {
                let t = record.text("transfer_no").to_string();
                if !t.is_empty() {
                    push("transfer", &t)?;
                }
                let ver = record.text("release_ver").to_string();
                if !ver.is_empty() {
                    push("release", &ver)?;
                }
            }
            Ledger::Failure | Ledger::Change => {
                let i = record.text("incident_no").to_string();
                if !i.is_empty() {
                    push("incident", &i)?;
                }
                for s in rec_store::incidents_transferred_to(conn, &record.no)? {
                    let ino = format_no(Ledger::Incident, s);
                    if ino != i {
                        push("incident", &ino)?;
                    }
                }
                if ledger == Ledger::Failure {
                    for s in children::same_root_of(conn, seq)? {
                        push("same_root", &format_no(Ledger::Failure, s))?;
                    }
                }
                let ver = releases::open_release_of(conn, ledger, seq)?.or_else(|| {
                    Some(record.text("release_ver").to_string()).filter(|v| !v.is_empty())
                });
                if let Some(v) = ver {
                    push("release", &v)?;
                }
            }
            Ledger::Release => {
                for (l, s) in releases::members(conn, seq)? {
                    push("member", &format_no(l, s))?;
                }
            }
        }
        let attachments = crate::store::attachments::list(conn, ledger, seq)?;
        let actions = self.available_actions(&record)?;
        Ok(RecordDetail {
            actions,
            record,
            children: kids,
            links,
            attachments,
        })
    }

    /// True when no ledger holds a record, deleted ones included (demo data
    /// is only made into an empty database).
    pub fn is_empty(&self) -> Result<bool> {
        let q = ListQuery {
            limit: Some(0),
            include_deleted: true,
            ..Default::default()
        };
        for l in Ledger::ALL {
            if self.list(l, &q)?.total > 0 {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Every live record of a ledger, in number order (releases by
    /// version): what exports and reports read.
    pub fn all_records(&self, ledger: Ledger) -> Result<Vec<Record>> {
        rec_store::all_live(&self.conn(), ledger)
    }

    /// Calls `f` with each live record of `ledger` in number order, one at a
    /// time (exports of whole ledgers).
    pub fn for_each_record(
        &self,
        ledger: Ledger,
        f: impl FnMut(Record) -> Result<()>,
    ) -> Result<()> {
        rec_store::for_each_live(&self.conn(), ledger, f)
    }

    pub fn list(&self, ledger: Ledger, q: &ListQuery) -> Result<Page> {
        let text_match = q.text.as_deref().and_then(match_query);
        let today = self.today().format("%Y-%m-%d").to_string();
        crate::store::query::list(&self.conn(), ledger, q, &today, text_match.as_ref())
    }

    /// Full-text search over every ledger, best matches first.
    pub fn search(
        &self,
        query: &str,
        ledger: Option<Ledger>,
        limit: i64,
    ) -> Result<Vec<SearchHit>> {
        let Some(text) = match_query(query) else {
            return Ok(Vec::new());
        };
        let mut hits = Vec::new();
        for (rank, (l, no)) in search::search(&self.conn(), &text, ledger, limit)?
            .into_iter()
            .enumerate()
        {
            if let Ok(r) = self.get(&no) {
                if r.ledger != l {
                    continue;
                }
                hits.push(SearchHit {
                    ledger: l,
                    title: r.text("title").to_string(),
                    status: r.status().to_string(),
                    no,
                    rank: rank as i64 + 1,
                });
            }
        }
        Ok(hits)
    }

    pub fn history(&self, no: &str) -> Result<Vec<HistoryEntry>> {
        let rec = self.get(no)?;
        history::for_record(&self.conn(), rec.ledger, &rec.no)
    }

    pub fn history_of_day(&self, day: NaiveDate) -> Result<Vec<HistoryEntry>> {
        let next = day.succ_opt().unwrap_or(day);
        history::for_day(
            &self.conn(),
            &day.format("%Y-%m-%d").to_string(),
            &next.format("%Y-%m-%d").to_string(),
        )
    }

    /// Every change of one field of a ledger (e.g. ステータス) with `at` in
    /// [from, to), oldest first: the raw material of trend reports.
    pub fn field_changes(
        &self,
        ledger: Ledger,
        field: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<HistoryEntry>> {
        history::field_changes_between(
            &self.conn(),
            ledger,
            field,
            &from.format("%Y-%m-%d").to_string(),
            &to.format("%Y-%m-%d").to_string(),
        )
    }

    /// The home screen's figures, each list cut to its first [`HOME_ROWS`].
    pub fn home(&self) -> Result<HomeSummary> {
        self.home_first(Some(HOME_ROWS))
    }

    /// [`Daicho::home`] with every row of every list (records: up to a list
    /// query's largest page, 10,000 per list).
    pub fn home_all(&self) -> Result<HomeSummary> {
        self.home_first(None)
    }

    fn home_first(&self, limit: Option<usize>) -> Result<HomeSummary> {
        let conn = &self.conn();
        let mut open_counts = BTreeMap::new();
        for l in Ledger::ALL {
            let open: Vec<&str> = workflow::statuses(l)
                .into_iter()
                .filter(|s| !workflow::is_closed(l, s))
                .collect();
            let counts: BTreeMap<String, i64> = rec_store::count_in_statuses(conn, l, &open)?
                .into_iter()
                .collect();
            let ordered = open
                .into_iter()
                .map(|s| (s.to_string(), counts.get(s).copied().unwrap_or(0)))
                .collect();
            open_counts.insert(l.key().to_string(), ordered);
        }
        // All = a list query's largest page.
        let limit64 = Some(limit.map_or(10_000, |n| n as i64));
        let sort = |field: &str| {
            vec![crate::domain::query::SortKey {
                field: field.into(),
                desc: false,
            }]
        };
        let untriaged = self.list(
            Ledger::Incident,
            &ListQuery {
                statuses: vec![
                    workflow::status::NOT_STARTED.into(),
                    workflow::status::UNDER_REVIEW.into(),
                ],
                sort: sort("raised_on"),
                limit: limit64,
                ..Default::default()
            },
        )?;
        let mut overdue = Vec::new();
        let mut overdue_total = 0;
        for l in [Ledger::Incident, Ledger::Failure, Ledger::Change] {
            let page = self.list(
                l,
                &ListQuery {
                    overdue: true,
                    sort: sort(l.due_field().unwrap_or("no")),
                    limit: limit64,
                    ..Default::default()
                },
            )?;
            overdue_total += page.total;
            overdue.extend(page.records);
        }
        let upcoming_releases = self
            .list(
                Ledger::Release,
                &ListQuery {
                    open_only: true,
                    sort: sort("prod_planned_on"),
                    limit: Some(20),
                    ..Default::default()
                },
            )?
            .records;
        let today = self.today().format("%Y-%m-%d").to_string();
        let (prev_total, prev_overdue) = children::count_open_preventions(conn, &today)?;
        Ok(HomeSummary {
            open_counts,
            totals: HomeTotals {
                untriaged: untriaged.total,
                overdue: overdue_total,
                preventions: prev_total,
                preventions_overdue: prev_overdue,
            },
            untriaged: untriaged.records,
            overdue,
            upcoming_releases,
            recent_changes: history::recent(conn, 30)?,
            preventions: self.open_preventions_first(limit)?,
        })
    }
}

/// Inserts a new record (numbering, history, index) inside a transaction.
pub(crate) fn create_in(
    tx: &Conn,
    ctx: &super::Ctx,
    ledger: Ledger,
    fields: BTreeMap<String, Value>,
    action: &str,
) -> Result<Record> {
    let seq = match ledger {
        Ledger::Release => {
            let ver = fields
                .get("version")
                .map(|v| v.display())
                .unwrap_or_default();
            if rec_store::seq_of(tx, Ledger::Release, &ver)?.is_some() {
                return Err(Error::new(
                    crate::ErrorKind::Conflict,
                    format!("リリース {ver} は既にあります。"),
                ));
            }
            if ver
                .chars()
                .any(|c| c.is_whitespace() || "\\/:*?\"<>|".contains(c))
            {
                return Err(Error::invalid(format!(
                    "リリースVer.「{ver}」に空白や \\ / : * ? \" < > | は使えません。"
                )));
            }
            if crate::domain::ledger::parse_no(&ver).is_some() {
                return Err(Error::invalid(
                    "リリースVer. に I-/S-/C- の番号形式は使えません。",
                ));
            }
            rec_store::next_release_seq(tx)?
        }
        _ => rec_store::next_seq(tx, ledger)?,
    };
    insert_logged(tx, ctx, ledger, seq, fields, action)
}

/// Inserts a record under `seq` with one history row per filled field.
pub(crate) fn insert_logged(
    tx: &Conn,
    ctx: &super::Ctx,
    ledger: Ledger,
    seq: i64,
    fields: BTreeMap<String, Value>,
    action: &str,
) -> Result<Record> {
    rec_store::insert(tx, ledger, seq, &fields, &ctx.now)?;
    let rec = rec_store::load(tx, ledger, seq)?.expect("just inserted");
    for f in ledger.fields() {
        let v = rec.get(f.key);
        if f.key == "updated_at" || v.is_null() {
            continue;
        }
        history::record(
            tx,
            &history::Change {
                ledger,
                no: &rec.no,
                field: f.key,
                old: None,
                new: Some(v.display()),
            },
            &ctx.actor,
            &ctx.now,
            action,
        )?;
    }
    reindex(tx, ledger, seq)?;
    Ok(rec)
}
