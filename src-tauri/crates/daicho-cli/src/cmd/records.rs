//! Records: add, edit, show, list, delete, history, search, home, fields.

use daicho_core::domain::ledger::Ledger;
use daicho_core::domain::query::{ColumnFilter, ListQuery, SortKey};
use daicho_core::domain::value::parse_date;
use daicho_core::domain::workflow;
use daicho_core::service::canonical_no;
use daicho_core::{Daicho, Error, Result};

use super::{date, pairs};
use crate::args::ListArgs;
use crate::output::{self, Out};

/// `daicho add <ledger> key=value …`; a release takes its version from
/// `version=` / `リリースVer.=`.
pub fn add(d: &mut Daicho, out: &Out, ledger: &str, fields: &[String]) -> Result<()> {
    let rec = d.create(ledger.parse()?, &pairs(fields)?)?;
    out.show(&rec, || {
        format!("{} を起票しました。\n{}", rec.no, output::record(&rec))
    });
    Ok(())
}

pub fn edit(d: &mut Daicho, out: &Out, no: &str, fields: &[String]) -> Result<()> {
    let rec = d.edit(no, &pairs(fields)?)?;
    out.show(&rec, || {
        format!("{} を更新しました。\n{}", rec.no, output::record(&rec))
    });
    Ok(())
}

pub fn show(d: &Daicho, out: &Out, no: &str) -> Result<()> {
    let detail = d.detail(no)?;
    out.show(&detail, || output::detail(&detail));
    Ok(())
}

/// `field` or `field:desc`.
fn sort_key(s: &str) -> SortKey {
    match s.rsplit_once(':') {
        Some((f, dir)) => SortKey {
            field: f.into(),
            desc: dir.eq_ignore_ascii_case("desc"),
        },
        None => SortKey {
            field: s.into(),
            desc: false,
        },
    }
}

fn iso(s: &Option<String>) -> Result<Option<String>> {
    Ok(date(s)?.map(|d| d.format("%Y-%m-%d").to_string()))
}

pub fn list(d: &Daicho, out: &Out, a: ListArgs) -> Result<()> {
    let l: Ledger = a.ledger.parse()?;
    let (date_from, date_to) = (iso(&a.from)?, iso(&a.to)?);
    if (date_from.is_some() || date_to.is_some()) && a.date_field.is_none() {
        return Err(Error::invalid(
            "--from / --to には --date-field (例: 起票日) を指定してください。",
        ));
    }
    let q = ListQuery {
        statuses: a.status,
        kinds: a.kind,
        priorities: a.priority,
        assignees: a.assignee,
        orgs: a.org,
        date_field: a.date_field,
        date_from,
        date_to,
        overdue: a.overdue,
        open_only: a.open,
        column_filters: pairs(&a.filters)?
            .into_iter()
            .map(|(field, value)| ColumnFilter { field, value })
            .collect(),
        text: a.q,
        sort: a.sort.iter().map(|s| sort_key(s)).collect(),
        offset: a.offset,
        limit: Some(a.limit),
        include_deleted: a.deleted,
        group_by: a.group_by,
    };
    let page = d.list(l, &q)?;
    out.show(&page, || output::page(l, &page, a.all_columns));
    Ok(())
}

pub fn delete(d: &mut Daicho, out: &Out, no: &str) -> Result<()> {
    d.delete(no)?;
    let no = canonical_no(no);
    out.show(&serde_json::json!({ "deleted": no }), || {
        format!("{no} を削除しました (番号は再利用されません)。")
    });
    Ok(())
}

pub fn history(d: &Daicho, out: &Out, no: Option<String>, day: Option<String>) -> Result<()> {
    let entries = match (no, day) {
        (Some(no), None) => d.history(&no)?,
        (None, Some(day)) => d.history_of_day(parse_date(&day)?)?,
        _ => {
            return Err(Error::invalid(
                "No. か --day (例: 2022/9/26) のどちらかを指定してください。",
            ))
        }
    };
    out.show(&entries, || {
        format!("{}\n{} 件", output::history(&entries), entries.len())
    });
    Ok(())
}

pub fn search(d: &Daicho, out: &Out, query: &str, ledger: Option<&str>, limit: i64) -> Result<()> {
    let l = ledger.map(str::parse::<Ledger>).transpose()?;
    let hits = d.search(query, l, limit)?;
    out.show(&hits, || output::search_hits(&hits));
    Ok(())
}

pub fn home(d: &Daicho, out: &Out, all: bool) -> Result<()> {
    let h = if all { d.home_all()? } else { d.home()? };
    out.show(&h, || output::home(&h));
    Ok(())
}

pub fn fields(out: &Out, ledger: &str) -> Result<()> {
    let l: Ledger = ledger.parse()?;
    out.show(
        &serde_json::json!({
            "fields": l.fields(),
            "statuses": workflow::statuses(l),
            "actions": workflow::actions(l),
            "children": l.children().collect::<Vec<_>>(),
        }),
        || output::fields(l),
    );
    Ok(())
}
