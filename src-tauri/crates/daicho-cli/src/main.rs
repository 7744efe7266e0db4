//! `daicho`: every ledger operation from the command line, for scripts and
//! headless tests. Reads print a table with Japanese headers, or JSON with
//! `--json`. Errors go to stderr with a non-zero exit; every write is one
//! transaction in the core, so a failed command leaves nothing half-written.

mod args;
mod import_cmd;
mod output;
mod report_cmd;

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::Parser;
use daicho_core::domain::ledger::{ChildDef, Ledger};
use daicho_core::domain::value::parse_date;
use daicho_core::domain::workflow;
use daicho_core::service::{canonical_no, default_db_path, ledger_of, TriageDecision, DB_ENV};
use daicho_core::store::masters::Master;
use daicho_core::store::query::{ColumnFilter, ListQuery, SortKey};
use daicho_core::{Daicho, Error, Result};
use serde::Serialize;

use daicho_export::{Destination, DocFormat, DocKind, ExportSettings, MailKind};

use args::{ChildCmd, Cli, Command, MasterCmd, ReleaseCmd};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let json = cli.json;
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if json {
                eprintln!(
                    "{}",
                    serde_json::json!({ "error": { "kind": e.kind, "message": e.message } })
                );
            } else {
                eprintln!("エラー: {}", e.message);
            }
            ExitCode::FAILURE
        }
    }
}

fn db_path(cli: &Cli) -> PathBuf {
    cli.db
        .clone()
        .or_else(|| std::env::var_os(DB_ENV).map(PathBuf::from))
        .unwrap_or_else(default_db_path)
}

/// `key=value` (also `key＝value`) pairs.
fn pairs(items: &[String]) -> Result<Vec<(String, String)>> {
    items
        .iter()
        .map(|s| {
            let s = s.replacen('＝', "=", 1);
            s.split_once('=')
                .map(|(k, v)| (k.trim().to_string(), v.to_string()))
                .ok_or_else(|| Error::invalid(format!("「{s}」は 項目=値 の形式ではありません。")))
        })
        .collect()
}

fn date(s: &Option<String>) -> Result<Option<NaiveDate>> {
    s.as_deref().map(parse_date).transpose()
}

fn ledger(s: &str) -> Result<Ledger> {
    Ledger::from_key(s.trim()).ok_or_else(|| {
        Error::invalid(format!(
            "台帳「{s}」はありません。incident / failure / change / release (インシデント / 障害 / 変更 / リリース) を指定してください。"
        ))
    })
}

fn master(s: &str) -> Result<Master> {
    Master::from_key(s.trim()).ok_or_else(|| {
        Error::invalid(format!(
            "マスタ「{s}」はありません。org (発生元組織) / person (担当者) / priority (優先度)"
        ))
    })
}

struct Out {
    json: bool,
}

impl Out {
    fn show<T: Serialize>(&self, value: &T, human: impl FnOnce() -> String) {
        if self.json {
            println!(
                "{}",
                serde_json::to_string_pretty(value).expect("serializable")
            );
        } else {
            println!("{}", human());
        }
    }
}

fn run(cli: Cli) -> Result<()> {
    let out = Out { json: cli.json };
    let path = db_path(&cli);
    let mut d = Daicho::open(&path)?;
    if let Some(u) = &cli.user {
        d.set_actor(u);
    }
    match cli.command {
        Command::Init => out.show(
            &serde_json::json!({ "db": path, "schema_version": daicho_core::store::latest_version() }),
            || format!("データベース: {}", path.display()),
        ),
        Command::Demo { count, seed } => {
            let summary = daicho_core::demo::fill(&mut d, count, seed)?;
            out.show(&summary, || {
                format!(
                    "デモデータを作成しました: インシデント {} 件、障害 {} 件、変更 {} 件、リリース {} 件",
                    summary.incidents, summary.failures, summary.changes, summary.releases
                )
            })
        }
        Command::Add { ledger: l, fields } => {
            let l = ledger(&l)?;
            let inputs = pairs(&fields)?;
            let rec = if l == Ledger::Release {
                let ver = inputs
                    .iter()
                    .find(|(k, _)| k == "version" || k == "リリースVer.")
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default();
                let rest: Vec<_> = inputs
                    .into_iter()
                    .filter(|(k, _)| k != "version" && k != "リリースVer.")
                    .collect();
                d.create_release(&ver, &rest)?
            } else {
                d.create(l, &inputs)?
            };
            out.show(&rec, || format!("{} を起票しました。\n{}", rec.no, output::record(&rec)))
        }
        Command::Edit { no, fields } => {
            let rec = d.edit(&no, &pairs(&fields)?)?;
            out.show(&rec, || format!("{} を更新しました。\n{}", rec.no, output::record(&rec)))
        }
        Command::Show { no } => {
            let detail = d.detail(&no)?;
            out.show(&detail, || {
                let mut s = output::record(&detail.record).to_string();
                for c in detail.record.ledger.children() {
                    let rows = &detail.children[c.key];
                    if !rows.is_empty() {
                        s.push_str(&format!("\n■ {}\n{}", c.label, output::children(c, rows)));
                    }
                }
                if !detail.links.is_empty() {
                    let mut t = output::table();
                    t.set_header(["関連", "No.", "タイトル", "ステータス"]);
                    for l in &detail.links {
                        let rel = match l.relation {
                            "incident" => "インシデント",
                            "transfer" => "転記先",
                            "same_root" => "同根障害",
                            "member" => "対象案件",
                            _ => "リリース",
                        };
                        t.add_row([rel, &l.no, &l.title, &l.status]);
                    }
                    s.push_str(&format!("\n■ 関連\n{t}"));
                }
                if !detail.attachments.is_empty() {
                    let mut t = output::table();
                    t.set_header(["ID", "ファイル名", "サイズ", "登録日時", "登録者"]);
                    for a in &detail.attachments {
                        t.add_row([a.id.to_string(), a.name.clone(), a.size.to_string(), a.added_at.replace('T', " "), a.added_by.clone()]);
                    }
                    s.push_str(&format!("\n■ エビデンス\n{t}"));
                }
                let actions: Vec<&str> = workflow::allowed_from(detail.record.ledger, detail.record.status())
                    .iter()
                    .map(|a| a.name)
                    .collect();
                if !actions.is_empty() {
                    s.push_str(&format!("\n実行できる操作: {}", actions.join(" / ")));
                }
                s
            })
        }
        Command::List(a) => {
            let l = ledger(&a.ledger)?;
            let q = ListQuery {
                statuses: a.status.clone(),
                kinds: a.kind.clone(),
                priorities: a.priority.clone(),
                assignees: a.assignee.clone(),
                orgs: a.org.clone(),
                date_field: a.date_field.clone(),
                date_from: date(&a.from)?.map(|d| d.format("%Y-%m-%d").to_string()),
                date_to: date(&a.to)?.map(|d| d.format("%Y-%m-%d").to_string()),
                overdue: a.overdue,
                open_only: a.open,
                column_filters: pairs(&a.filters)?
                    .into_iter()
                    .map(|(field, value)| ColumnFilter { field, value })
                    .collect(),
                text: a.q.clone(),
                sort: a
                    .sort
                    .iter()
                    .map(|s| match s.rsplit_once(':') {
                        Some((f, dir)) => SortKey { field: f.into(), desc: dir.eq_ignore_ascii_case("desc") },
                        None => SortKey { field: s.clone(), desc: false },
                    })
                    .collect(),
                offset: a.offset,
                limit: Some(a.limit),
                include_deleted: a.deleted,
            };
            if (a.from.is_some() || a.to.is_some()) && q.date_field.is_none() {
                return Err(Error::invalid("--from / --to には --date-field (例: 起票日) を指定してください。"));
            }
            let page = d.list(l, &q)?;
            out.show(&page, || {
                format!(
                    "{}\n{} 件中 {}–{} 件",
                    output::records(l, &page.records, a.all_columns),
                    page.total,
                    if page.records.is_empty() { 0 } else { page.offset + 1 },
                    page.offset + page.records.len() as i64
                )
            })
        }
        Command::Delete { no } => {
            d.delete(&no)?;
            let no = canonical_no(&no);
            out.show(&serde_json::json!({ "deleted": no }), || format!("{no} を削除しました (番号は再利用されません)。"))
        }
        Command::Action { no, action, fields, date: dt } => {
            let rec = d.run_action(&no, &action, date(&dt)?, &pairs(&fields)?)?;
            out.show(&rec, || format!("{}: ステータスは「{}」になりました。", rec.no, rec.status()))
        }
        Command::Actions { no } => {
            let rec = d.get(&no)?;
            let acts: Vec<_> = workflow::allowed_from(rec.ledger, rec.status())
                .into_iter()
                .cloned()
                .collect();
            out.show(&acts, || {
                let mut t = output::table();
                t.set_header(["操作", "キー", "移行先", "必須項目", "記録される日付"]);
                for a in &acts {
                    let label = |k: &&str| rec.ledger.field(k).map(|f| f.label).unwrap_or(k).to_string();
                    t.add_row([
                        a.name.to_string(),
                        a.key.to_string(),
                        a.to.to_string(),
                        a.requires.iter().map(label).collect::<Vec<_>>().join("、"),
                        a.stamps.iter().map(label).collect::<Vec<_>>().join("、"),
                    ]);
                }
                format!("{} (現在: {})\n{t}", rec.no, rec.status())
            })
        }
        Command::Triage { no, kind, priority, assignee, date: dt, raised_by } => {
            let o = d.triage(
                &no,
                &TriageDecision { kind, priority, assignee, meeting_date: date(&dt)?, raised_by },
            )?;
            out.show(&o, || match &o.created {
                Some(c) => format!("{} を「{}」に切り分け、{} を起票しました。", o.incident.no, o.incident.text("kind"), c.no),
                None => format!("{} を「{}」に切り分けました。", o.incident.no, o.incident.text("kind")),
            })
        }
        Command::Release(r) => release(&mut d, &out, r)?,
        Command::Child(c) => child(&mut d, &out, c)?,
        Command::Link { a, b, remove } => {
            d.link_same_root(&a, &b, !remove)?;
            let (a, b) = (canonical_no(&a), canonical_no(&b));
            out.show(&serde_json::json!({ "a": a, "b": b, "linked": !remove }), || {
                if remove { format!("{a} と {b} の同根障害を解除しました。") } else { format!("{a} と {b} を同根障害として関連付けました。") }
            })
        }
        Command::Master(m) => match m {
            MasterCmd::List { kind, all } => {
                let m = master(&kind)?;
                let list = d.masters(m, all)?;
                out.show(&list, || {
                    let mut t = output::table();
                    t.set_header([m.label(), "有効"]);
                    for e in &list {
                        t.add_row([e.name.as_str(), if e.active { "○" } else { "" }]);
                    }
                    t.to_string()
                })
            }
            MasterCmd::Add { kind, names } => {
                let m = master(&kind)?;
                for n in &names {
                    d.add_master(m, n)?;
                }
                out.show(&names, || format!("{}マスタに追加しました: {}", m.label(), names.join(", ")))
            }
            MasterCmd::Remove { kind, name } => {
                let m = master(&kind)?;
                d.deactivate_master(m, &name)?;
                out.show(&name, || format!("{}マスタの「{name}」を無効にしました (既存の記録はそのままです)。", m.label()))
            }
        },
        Command::History { no, day } => {
            let entries = match (no, day) {
                (Some(no), None) => d.history(&no)?,
                (None, Some(day)) => d.history_of_day(parse_date(&day)?)?,
                _ => return Err(Error::invalid("No. か --day (例: 2022/9/26) のどちらかを指定してください。")),
            };
            out.show(&entries, || format!("{}\n{} 件", output::history(&entries), entries.len()))
        }
        Command::Search { query, ledger: l, limit } => {
            let l = l.as_deref().map(ledger).transpose()?;
            let hits = d.search(&query, l, limit)?;
            out.show(&hits, || {
                let mut t = output::table();
                t.set_header(["台帳", "No.", "タイトル", "ステータス"]);
                for h in &hits {
                    t.add_row([h.ledger.label(), &h.no, &h.title, &h.status]);
                }
                format!("{t}\n{} 件", hits.len())
            })
        }
        Command::Home => {
            let h = d.home()?;
            out.show(&h, || {
                let mut s = String::from("■ 未完了件数\n");
                for l in Ledger::ALL {
                    let counts = &h.open_counts[l.key()];
                    let parts: Vec<String> = counts.iter().filter(|(_, n)| *n > 0).map(|(st, n)| format!("{st} {n}")).collect();
                    s.push_str(&format!("{}: {}\n", l.label(), if parts.is_empty() { "なし".into() } else { parts.join(" / ") }));
                }
                s.push_str(&format!("\n■ 切り分け待ち ({} 件)\n{}\n", h.untriaged.len(), output::records(Ledger::Incident, &h.untriaged, false)));
                s.push_str(&format!("\n■ 期限超過 ({} 件)\n", h.overdue.len()));
                for r in &h.overdue {
                    let due = r.ledger.due_field().map(|f| r.get(f).display()).unwrap_or_default();
                    s.push_str(&format!("  {} {} (期限 {due}, {})\n", r.no, r.text("title"), r.status()));
                }
                s.push_str(&format!("\n■ 予定リリース\n{}", output::records(Ledger::Release, &h.upcoming_releases, false)));
                s
            })
        }
        Command::Fields { ledger: l } => {
            let l = ledger(&l)?;
            let fields: Vec<_> = l.fields().to_vec();
            out.show(&serde_json::json!({
                "fields": fields,
                "statuses": workflow::statuses(l),
                "actions": workflow::actions(l),
                "children": l.children().collect::<Vec<_>>(),
            }), || {
                let mut t = output::table();
                t.set_header(["キー", "項目", "必須", "自動設定"]);
                for f in &fields {
                    t.add_row([f.key, f.label, if f.required { "○" } else { "" }, if f.system { "○" } else { "" }]);
                }
                format!("{}\n{t}\nステータス: {}", l.label(), workflow::statuses(l).join(" → "))
            })
        }
        Command::Doc { no, kind, format, out: dir, blank } => {
            let kind = match (&kind, &no) {
                (Some(k), _) => DocKind::from_key(k).ok_or_else(|| {
                    let names: Vec<String> = DocKind::ALL.iter().map(|k| format!("{} ({})", k.template(), k.label())).collect();
                    Error::invalid(format!("文書「{k}」はありません。文書: {}", names.join(", ")))
                })?,
                (None, Some(n)) => daicho_export::doc_kind_for(n),
                (None, None) => return Err(Error::invalid("No. か --blank --kind を指定してください。")),
            };
            if blank == no.is_some() {
                return Err(Error::invalid("No. を指定するか、--blank で空の様式を出力してください (両方は指定できません)。"));
            }
            let formats = match format.as_str() {
                "pdf" | "PDF" => vec![DocFormat::Pdf],
                "xlsx" | "excel" | "Excel" => vec![DocFormat::Xlsx],
                "both" => vec![DocFormat::Pdf, DocFormat::Xlsx],
                other => return Err(Error::invalid(format!("--format は pdf / xlsx / both です: {other}"))),
            };
            let settings = ExportSettings::from_daicho(&d)?;
            let written = daicho_export::write_document(&d, kind, no.as_deref(), &formats, &destination(dir), &settings)?;
            out.show(&written, || written_lines(&written))
        }
        Command::Import(a) => import_cmd::run(&mut d, &out, a)?,
        Command::Report(r) => report_cmd::run(&mut d, out.json, r)?,
        Command::Export { out: dir } => {
            let settings = ExportSettings::from_daicho(&d)?;
            let written = daicho_export::export_ledgers(&d, &destination(dir), &settings)?;
            out.show(&written, || written_lines(&written))
        }
        Command::Mail { kind, no, out: dir, shared } => {
            let k = MailKind::from_key(&kind).ok_or_else(|| {
                Error::invalid(format!("メール「{kind}」はありません。リリース予定案内 / リリース案内 / 初報 / 定時報 / 完了報"))
            })?;
            let settings = ExportSettings::from_daicho(&d)?;
            let drafts = daicho_export::mail_drafts(&d, k, &no, &settings)?;
            let written = if shared || dir.is_some() {
                let dest = if shared { Destination::Shared } else { destination(dir) };
                daicho_export::write_mail_drafts(&d, k, &no, &dest, &settings)?
            } else {
                Vec::new()
            };
            out.show(&serde_json::json!({ "drafts": drafts, "written": written }), || {
                let mut s = String::new();
                for m in &drafts {
                    s.push_str(&format!("──── {} 宛\n{}\n", m.recipient, m.text.replace("\r\n", "\n")));
                }
                if !written.is_empty() {
                    s.push_str(&written_lines(&written));
                }
                s
            })
        }
        Command::Config { key, value } => match value {
            Some(v) => {
                if key == "user_name" {
                    d.save_user_name(&v)?;
                } else {
                    d.set_setting(&key, Some(&v))?;
                }
                out.show(&serde_json::json!({ key.clone(): v }), || format!("{key} = {v}"))
            }
            None => {
                let v = if key == "user_name" { Some(d.actor().to_string()) } else { d.setting(&key)? };
                out.show(&serde_json::json!({ key.clone(): v }), || format!("{key} = {}", v.clone().unwrap_or_default()))
            }
        },
    }
    Ok(())
}

fn destination(dir: Option<PathBuf>) -> Destination {
    match dir {
        Some(d) => Destination::Folder(d),
        None => Destination::Shared,
    }
}

fn written_lines(written: &[daicho_export::Written]) -> String {
    written
        .iter()
        .map(|w| {
            let mut s = format!("出力しました: {}", w.path.display());
            if !w.missing_glyphs.is_empty() {
                s.push_str(&format!(
                    "\n  注意: フォントにない文字があります (空白で印字): {}",
                    w.missing_glyphs.join(" ")
                ));
            }
            s
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn release(d: &mut Daicho, out: &Out, cmd: ReleaseCmd) -> Result<()> {
    let done = |rec: &daicho_core::Record, msg: String| {
        out.show(rec, || {
            format!("{msg}\nリリース {}: {}", rec.no, rec.status())
        })
    };
    match cmd {
        ReleaseCmd::Create { version, fields } => {
            let rec = d.create_release(&version, &pairs(&fields)?)?;
            done(&rec, format!("リリース {} を作成しました。", rec.no));
        }
        ReleaseCmd::Add { version, nos } => {
            let mut rec = None;
            for no in &nos {
                rec = Some(d.add_member(&version, no)?);
            }
            let rec =
                rec.ok_or_else(|| Error::invalid("追加する S-/C- の番号を指定してください。"))?;
            done(
                &rec,
                format!(
                    "{} を追加しました。",
                    nos.iter()
                        .map(|n| canonical_no(n))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
        }
        ReleaseCmd::Remove { version, no } => {
            let rec = d.remove_member(&version, &no)?;
            done(
                &rec,
                format!("{} を外しました (作業中に戻ります)。", canonical_no(&no)),
            );
        }
        ReleaseCmd::Advance {
            version,
            action,
            date: dt,
            note,
        } => {
            let rec = d.release_action(&version, &action, date(&dt)?, note.as_deref())?;
            done(&rec, format!("「{action}」を実行しました。"));
        }
        ReleaseCmd::Judge {
            version,
            result,
            date: dt,
            note,
        } => {
            let ok = match result.trim().to_uppercase().as_str() {
                "OK" | "ＯＫ" => true,
                "NG" | "ＮＧ" => false,
                _ => {
                    return Err(Error::invalid(format!(
                        "判定は OK か NG で指定してください: {result}"
                    )))
                }
            };
            let rec = d.judge_release(&version, ok, date(&dt)?, note.as_deref())?;
            done(
                &rec,
                format!("判定 {} を記録しました。", if ok { "OK" } else { "NG" }),
            );
        }
        ReleaseCmd::Complete { version, date: dt } => {
            let rec = d.complete_release(&version, date(&dt)?)?;
            done(&rec, "完了報告を記録しました。対象案件は対応済、関連インシデントは本番リリース済になりました。".into());
        }
        ReleaseCmd::Members { version } => {
            let members = d.release_members(&version)?;
            let mut fs: Vec<_> = members
                .iter()
                .filter(|r| r.ledger == Ledger::Failure)
                .cloned()
                .collect();
            let cs: Vec<_> = members
                .iter()
                .filter(|r| r.ledger == Ledger::Change)
                .cloned()
                .collect();
            out.show(&members, || {
                let mut s = String::new();
                if !fs.is_empty() {
                    s.push_str(&format!(
                        "■ 障害\n{}\n",
                        output::records(Ledger::Failure, &fs, false)
                    ));
                }
                if !cs.is_empty() {
                    s.push_str(&format!(
                        "■ 変更\n{}\n",
                        output::records(Ledger::Change, &cs, false)
                    ));
                }
                fs.clear();
                if s.is_empty() {
                    "案件はありません。".into()
                } else {
                    s
                }
            });
        }
        ReleaseCmd::Attach { version, file } => {
            let data = std::fs::read(&file)
                .map_err(|e| Error::invalid(format!("{} を読めません: {e}", file.display())))?;
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let a = d.attach(&version, &name, &data)?;
            out.show(&a, || {
                format!(
                    "エビデンス {} ({} bytes) を登録しました (ID {})。",
                    a.name, a.size, a.id
                )
            });
        }
        ReleaseCmd::Extract {
            version,
            id,
            out: path,
        } => {
            let (name, data) = d.attachment(&version, id)?;
            std::fs::write(&path, &data)
                .map_err(|e| Error::invalid(format!("{} に書けません: {e}", path.display())))?;
            out.show(&serde_json::json!({ "name": name, "out": path }), || {
                format!("{name} を {} に書き出しました。", path.display())
            });
        }
        ReleaseCmd::Detach { version, id } => {
            d.detach(&version, id)?;
            out.show(&serde_json::json!({ "detached": id }), || {
                format!("エビデンス {id} を削除しました。")
            });
        }
    }
    Ok(())
}

fn child_def(no: &str, table: &str) -> Result<&'static ChildDef> {
    let l = ledger_of(no);
    ChildDef::find(l, table).ok_or_else(|| {
        let names: Vec<String> = l
            .children()
            .map(|c| format!("{} ({})", c.key, c.label))
            .collect();
        Error::invalid(format!(
            "{} に子表「{table}」はありません。子表: {}",
            l.label(),
            names.join(", ")
        ))
    })
}

fn child(d: &mut Daicho, out: &Out, cmd: ChildCmd) -> Result<()> {
    match cmd {
        ChildCmd::Add { no, table, fields } => {
            let def = child_def(&no, &table)?;
            let row = d.add_child(&no, def.key, &pairs(&fields)?)?;
            out.show(&row, || {
                format!("{}に追加しました (ID {})。", def.label, row.id)
            });
        }
        ChildCmd::Edit {
            no,
            table,
            id,
            fields,
        } => {
            let def = child_def(&no, &table)?;
            let row = d.edit_child(&no, def.key, id, &pairs(&fields)?)?;
            out.show(&row, || {
                format!("{} ID {} を更新しました。", def.label, row.id)
            });
        }
        ChildCmd::Remove { no, table, id } => {
            let def = child_def(&no, &table)?;
            d.remove_child(&no, def.key, id)?;
            out.show(&serde_json::json!({ "removed": id }), || {
                format!("{} ID {id} を削除しました。", def.label)
            });
        }
        ChildCmd::List { no, table } => {
            let def = child_def(&no, &table)?;
            let rows = d.children(&no, def.key)?;
            out.show(&rows, || output::children(def, &rows).to_string());
        }
    }
    Ok(())
}
