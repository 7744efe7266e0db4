//! What the ledger commands print: a record with its child tables and links,
//! a page of a list, actions, home, fields, search hits, masters, members.

use daicho_core::domain::ledger::Ledger;
use daicho_core::domain::master::{Master, MasterEntry};
use daicho_core::domain::query::Page;
use daicho_core::domain::record::{Attachment, RecordDetail};
use daicho_core::domain::workflow::{self, ActionDef};
use daicho_core::service::{HomeSummary, SearchHit};
use daicho_core::Record;

use super::tables::{children, record, records, table};

fn relation_label(relation: &str) -> &'static str {
    match relation {
        "incident" => "インシデント",
        "transfer" => "転記先",
        "same_root" => "同根障害",
        "member" => "対象案件",
        _ => "リリース",
    }
}

/// `daicho show`: fields, child tables, links, evidence, allowed actions.
pub fn detail(detail: &RecordDetail) -> String {
    let mut s = record(&detail.record).to_string();
    for c in detail.record.ledger.children() {
        let rows = &detail.children[c.key];
        if !rows.is_empty() {
            s.push_str(&format!("\n■ {}\n{}", c.label, children(c, rows)));
        }
    }
    if !detail.links.is_empty() {
        let mut t = table();
        t.set_header(["関連", "No.", "タイトル", "ステータス"]);
        for l in &detail.links {
            t.add_row([relation_label(l.relation), &l.no, &l.title, &l.status]);
        }
        s.push_str(&format!("\n■ 関連\n{t}"));
    }
    if !detail.attachments.is_empty() {
        s.push_str(&format!(
            "\n■ 添付ファイル\n{}",
            attachments(&detail.attachments)
        ));
    }
    let actions: Vec<&str> = detail.actions.iter().map(|a| a.name).collect();
    if !actions.is_empty() {
        s.push_str(&format!("\n実行できる操作: {}", actions.join(" / ")));
    }
    s
}

/// `daicho attach list` (and `show`): ID, name, size, SHA-256, who and when.
pub fn attachments(list: &[Attachment]) -> String {
    let mut t = table();
    t.set_header([
        "ID",
        "ファイル名",
        "サイズ",
        "SHA-256",
        "登録日時",
        "登録者",
    ]);
    for a in list {
        t.add_row([
            a.id.to_string(),
            a.name.clone(),
            format!("{} バイト", a.size),
            a.sha256.clone(),
            a.added_at.replace('T', " "),
            a.added_by.clone(),
        ]);
    }
    t.to_string()
}

/// `daicho list`: the table and `N 件中 a–b 件`.
pub fn page(ledger: Ledger, page: &Page, all_columns: bool) -> String {
    let mut groups = String::new();
    if !page.groups.is_empty() {
        let mut t = table();
        t.set_header(["値", "件数"]);
        for g in &page.groups {
            let value = if g.value.is_empty() {
                "(未設定)"
            } else {
                &g.value
            };
            t.add_row([value.to_string(), g.count.to_string()]);
        }
        groups = format!("\n{t}");
    }
    format!(
        "{}\n{} 件中 {}–{} 件{groups}",
        records(ledger, &page.records, all_columns),
        page.total,
        if page.records.is_empty() {
            0
        } else {
            page.offset + 1
        },
        page.offset + page.records.len() as i64
    )
}

/// `daicho actions`: what can be done now, what it needs and stamps.
pub fn actions(rec: &Record, acts: &[ActionDef]) -> String {
    let mut t = table();
    t.set_header(["操作", "キー", "移行先", "必須項目", "記録される日付"]);
    let label = |k: &&str| {
        rec.ledger
            .field(k)
            .map(|f| f.label)
            .unwrap_or(k)
            .to_string()
    };
    for a in acts {
        t.add_row([
            a.name.to_string(),
            a.key.to_string(),
            a.to.to_string(),
            a.requires.iter().map(label).collect::<Vec<_>>().join("、"),
            a.stamps.iter().map(label).collect::<Vec<_>>().join("、"),
        ]);
    }
    format!("{} (現在: {})\n{t}", rec.no, rec.status())
}

/// `daicho home`: open counts, untriaged, overdue, upcoming releases.
pub fn home(h: &HomeSummary) -> String {
    let mut s = String::from("■ 未完了件数\n");
    for l in Ledger::ALL {
        let parts: Vec<String> = h.open_counts[l.key()]
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|(st, n)| format!("{st} {n}"))
            .collect();
        let counts = if parts.is_empty() {
            "なし".into()
        } else {
            parts.join(" / ")
        };
        s.push_str(&format!("{}: {counts}\n", l.label()));
    }
    s.push_str(&format!(
        "\n■ 切り分け待ち ({} 件)\n{}\n{}",
        h.totals.untriaged,
        records(Ledger::Incident, &h.untriaged, false),
        more(h.untriaged.len(), h.totals.untriaged)
    ));
    s.push_str(&format!("\n■ 期限超過 ({} 件)\n", h.totals.overdue));
    for r in &h.overdue {
        let due = r
            .ledger
            .due_field()
            .map(|f| r.get(f).display())
            .unwrap_or_default();
        s.push_str(&format!(
            "  {} {} (期限 {due}, {})\n",
            r.no,
            r.text("title"),
            r.status()
        ));
    }
    s.push_str(&more(h.overdue.len(), h.totals.overdue));
    s.push_str(&format!(
        "\n■ 再発防止策 未完了 ({} 件{})\n",
        h.totals.preventions,
        match h.totals.preventions_overdue {
            0 => String::new(),
            n => format!(", うち期限超過 {n} 件"),
        }
    ));
    for p in &h.preventions {
        let due = p.due_on.map(|d| d.format("%Y/%-m/%-d").to_string());
        s.push_str(&format!(
            "  {} {} (担当 {}, 期限 {}{})\n",
            p.no,
            p.content,
            p.owner,
            due.unwrap_or_default(),
            if p.overdue { ", 期限超過" } else { "" }
        ));
    }
    s.push_str(&more(h.preventions.len(), h.totals.preventions));
    s.push_str(&format!(
        "\n■ 予定リリース\n{}",
        records(Ledger::Release, &h.upcoming_releases, false)
    ));
    s
}

/// The line under a cut ホーム list: how many rows it leaves out.
fn more(shown: usize, total: i64) -> String {
    match total - shown as i64 {
        n if n > 0 => format!("  …他 {n} 件（すべて表示: daicho home --all）\n"),
        _ => String::new(),
    }
}

/// `daicho fields`: keys, labels, required / automatic, the status flow.
pub fn fields(l: Ledger) -> String {
    let mut t = table();
    t.set_header(["キー", "項目", "必須", "自動設定"]);
    let mark = |b: bool| if b { "○" } else { "" };
    for f in l.fields() {
        t.add_row([f.key, f.label, mark(f.required), mark(f.system)]);
    }
    format!(
        "{}\n{t}\nステータス: {}",
        l.label(),
        workflow::statuses(l).join(" → ")
    )
}

pub fn search_hits(hits: &[SearchHit]) -> String {
    let mut t = table();
    t.set_header(["台帳", "No.", "タイトル", "ステータス"]);
    for h in hits {
        t.add_row([h.ledger.label(), &h.no, &h.title, &h.status]);
    }
    format!("{t}\n{} 件", hits.len())
}

pub fn masters(m: Master, list: &[MasterEntry]) -> String {
    let mut t = table();
    if m == Master::System {
        t.set_header([m.label(), "サービスレベル", "有効"]);
    } else {
        t.set_header([m.label(), "有効"]);
    }
    for e in list {
        let active = if e.active { "○" } else { "" };
        if m == Master::System {
            let level = e.service_level.as_deref().unwrap_or("");
            t.add_row([e.name.as_str(), level, active]);
        } else {
            t.add_row([e.name.as_str(), active]);
        }
    }
    t.to_string()
}

/// A release's members, failures first.
pub fn release_members(members: &[Record]) -> String {
    let mut s = String::new();
    for (l, title) in [(Ledger::Failure, "障害"), (Ledger::Change, "変更")] {
        let of: Vec<Record> = members.iter().filter(|r| r.ledger == l).cloned().collect();
        if !of.is_empty() {
            s.push_str(&format!("■ {title}\n{}\n", records(l, &of, false)));
        }
    }
    if s.is_empty() {
        "案件はありません。".into()
    } else {
        s
    }
}
