//! Runs a parsed command: opens the database, then one module per command
//! area. Parsing of names (ledgers, masters, documents, formats) is the
//! crates' own `FromStr`; only the command line's `key=value` grammar is here.

mod actions;
mod attach;
pub mod backup;
mod children;
mod docs;
pub mod import;
mod masters;
mod records;
mod releases;
pub mod report;
mod setup;

use chrono::NaiveDate;
use daicho_core::domain::value::parse_date;
use daicho_core::service::{move_roaming_data, resolve_db_path, TriageDecision};
use daicho_core::{Daicho, Error, Result};

use crate::args::{Cli, Command};
use crate::output::Out;

pub fn run(cli: Cli) -> Result<()> {
    let out = Out { json: cli.json };
    let path = resolve_db_path(cli.db.as_deref());
    // Windows: an older version's database in Roaming moves to Local once.
    if let Some(moved) = move_roaming_data(&path)? {
        eprintln!("{moved}");
    }
    // Only `init` and `demo` create a database: a mistyped --db must not
    // start an empty ledger.
    let mut d = match cli.command {
        Command::Init | Command::Demo { .. } => Daicho::open_or_create(&path)?,
        _ => Daicho::open(&path)?,
    };
    if let Some(u) = &cli.user {
        d.set_actor(u);
    }
    if !matches!(
        cli.command,
        Command::Backup { .. } | Command::Restore { .. }
    ) {
        backup::daily(&mut d);
    }
    let d = &mut d;
    match cli.command {
        Command::Init => setup::init(&out, &path),
        Command::Demo { count, seed } => setup::demo(d, &out, count, seed)?,
        Command::Add { ledger, fields } => records::add(d, &out, &ledger, &fields)?,
        Command::Edit { no, fields } => records::edit(d, &out, &no, &fields)?,
        Command::Show { no } => records::show(d, &out, &no)?,
        Command::List(a) => records::list(d, &out, a)?,
        Command::Delete { no } => records::delete(d, &out, &no)?,
        Command::History { no, day } => records::history(d, &out, no, day)?,
        Command::Search {
            query,
            ledger,
            limit,
        } => records::search(d, &out, &query, ledger.as_deref(), limit)?,
        Command::Home { all } => records::home(d, &out, all)?,
        Command::Escalation => {
            let l = daicho_reports::escalation::escalations(d)?;
            out.show(&l, || crate::output::escalations(&l));
        }
        Command::Fields { ledger } => records::fields(&out, &ledger)?,
        Command::Action {
            no,
            action,
            fields,
            date,
        } => actions::action(d, &out, &no, &action, &fields, &date)?,
        Command::Actions { no } => actions::actions(d, &out, &no)?,
        Command::Triage {
            no,
            kind,
            priority,
            assignee,
            date: day,
            raised_by,
            undecided,
        } => {
            let decision = TriageDecision {
                kind,
                priority,
                assignee,
                meeting_date: date(&day)?,
                raised_by,
            };
            actions::triage(d, &out, &no, &decision, undecided)?
        }
        Command::Release(r) => releases::run(d, &out, r)?,
        Command::Attach(a) => attach::run(d, &out, a)?,
        Command::Child(c) => children::run(d, &out, c)?,
        Command::Link { a, b, remove } => children::link(d, &out, &a, &b, remove)?,
        Command::Master(m) => masters::run(d, &out, m)?,
        Command::Backup { cmd } => backup::run(d, &out, cmd)?,
        Command::Restore { file } => backup::restore(d, &out, &file)?,
        Command::Verify => backup::verify(d, &out)?,
        Command::Optimize => backup::optimize(d, &out)?,
        Command::Config { key, value } => masters::config(d, &out, &key, value)?,
        Command::Doc {
            no,
            kind,
            format,
            out: dir,
            blank,
        } => docs::doc(d, &out, no, kind, &format, dir, blank)?,
        Command::Export { out: dir } => docs::export(d, &out, dir)?,
        Command::Mail {
            kind,
            no,
            out: dir,
            shared,
            impact,
            eta,
            cause,
            sent_to,
        } => {
            let inputs = daicho_export::NoticeInputs {
                additional_impact: impact,
                expected_recovery: eta,
                probable_cause: cause,
            };
            let o = docs::MailOptions {
                dir,
                shared,
                inputs,
                sent_to,
            };
            docs::mail(d, &out, &kind, &no, o)?
        }
        Command::Import(a) => import::run(d, &out, a)?,
        Command::Report(r) => report::run(d, &out, r)?,
    }
    Ok(())
}

/// `left=right` (also `left＝right`), split at the first `=`; the left side
/// trimmed and not empty. `what` names the form in the error (`項目=値`).
pub fn split_pair(s: &str, what: &str) -> Result<(String, String)> {
    let s = s.replacen('＝', "=", 1);
    s.split_once('=')
        .map(|(k, v)| (k.trim().to_string(), v.to_string()))
        .filter(|(k, _)| !k.is_empty())
        .ok_or_else(|| Error::invalid(format!("「{s}」は {what} の形式ではありません。")))
}

/// Field inputs: `key=value` pairs (key or label, value as typed).
pub fn pairs(items: &[String]) -> Result<Vec<(String, String)>> {
    items.iter().map(|s| split_pair(s, "項目=値")).collect()
}

/// An optional date as typed (`2022/9/26`, `2022-09-26`, …).
pub fn date(s: &Option<String>) -> Result<Option<NaiveDate>> {
    s.as_deref().map(parse_date).transpose()
}
