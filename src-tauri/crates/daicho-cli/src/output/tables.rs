//! The tables: records, one record, child rows, history.

use comfy_table::{presets::UTF8_FULL_CONDENSED, ContentArrangement, Table};
use daicho_core::domain::ledger::ChildDef;
use daicho_core::domain::ledger::Ledger;
use daicho_core::domain::record::{ChildRow, HistoryEntry, Record};

/// Summary columns per ledger for `list` (all columns with --all-columns).
fn summary_columns(ledger: Ledger) -> &'static [&'static str] {
    match ledger {
        Ledger::Incident => &[
            "no",
            "raised_on",
            "origin_org",
            "status",
            "kind",
            "priority",
            "title",
            "due_on",
            "transfer_no",
        ],
        Ledger::Failure => &[
            "no",
            "raised_on",
            "assignee",
            "status",
            "priority",
            "title",
            "release_ver",
        ],
        Ledger::Change => &[
            "no",
            "raised_on",
            "assignee",
            "status",
            "priority",
            "title",
            "desired_due",
            "release_ver",
        ],
        Ledger::Release => &[
            "version",
            "title",
            "status",
            "qa_planned_on",
            "prod_planned_on",
            "completed_on",
        ],
    }
}

pub fn table() -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    t
}

fn clip(s: &str, max: usize) -> String {
    let one_line = s.replace('\n', " ");
    if one_line.chars().count() > max {
        let mut c: String = one_line.chars().take(max).collect();
        c.push('…');
        c
    } else {
        one_line
    }
}

pub fn records(ledger: Ledger, recs: &[Record], all: bool) -> Table {
    let keys: Vec<&str> = if all {
        ledger.fields().iter().map(|f| f.key).collect()
    } else {
        summary_columns(ledger).to_vec()
    };
    let mut t = table();
    t.set_header(
        keys.iter()
            .map(|k| ledger.field(k).map(|f| f.label).unwrap_or(k)),
    );
    for r in recs {
        t.add_row(keys.iter().map(|k| clip(&r.get(k).display(), 40)));
    }
    t
}

pub fn record(r: &Record) -> Table {
    let mut t = table();
    t.set_header(["項目", "値"]);
    for f in r.ledger.fields() {
        let v = r.get(f.key);
        if !v.is_null() {
            t.add_row([f.label.to_string(), v.display()]);
        }
    }
    if let Some(d) = &r.deleted_at {
        t.add_row(["削除日時".to_string(), d.replace('T', " ")]);
    }
    t
}

pub fn children(def: &ChildDef, rows: &[ChildRow]) -> Table {
    let mut t = table();
    let mut header = vec!["ID".to_string()];
    header.extend(def.columns.iter().map(|c| c.label.to_string()));
    t.set_header(header);
    for r in rows {
        let mut row = vec![r.id.to_string()];
        row.extend(
            def.columns
                .iter()
                .map(|c| r.fields.get(c.key).map(|v| v.display()).unwrap_or_default()),
        );
        t.add_row(row);
    }
    t
}

pub fn history(entries: &[HistoryEntry]) -> Table {
    let mut t = table();
    t.set_header(["日時", "No.", "操作", "項目", "変更前", "変更後", "変更者"]);
    for e in entries {
        t.add_row([
            e.at.replace('T', " "),
            e.no.clone(),
            e.action.clone(),
            e.label.clone(),
            clip(e.old.as_deref().unwrap_or(""), 30),
            clip(e.new.as_deref().unwrap_or(""), 30),
            e.actor.clone(),
        ]);
    }
    t
}
