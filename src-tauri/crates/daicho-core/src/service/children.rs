//! Child rows (タイムライン, 調査結果, 再発防止策, 検討経緯, 不具合管理表)
//! and 同根障害 links, each change recorded in the parent's history.

use super::{child_def, ledger_of, parse_fields, reindex, Daicho};
use crate::domain::ledger::{format_no, ChildDef, Ledger};
use crate::domain::record::ChildRow;
use crate::error::{Error, Result};
use crate::store::Conn;
use crate::store::{children, history, records as rec_store};

/// One line summary of a child row for the history ("2022/9/26 10:00 連絡受領").
pub(super) fn summary(def: &ChildDef, row: &ChildRow) -> String {
    def.columns
        .iter()
        .filter_map(|c| row.fields.get(c.key).map(|v| v.display()))
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every column of a child row with its label, for the history of a
/// deletion ("行 3: 日付=2022/09/22 / 時刻=10:00 / 対応内容=連絡受領").
fn full_content(def: &ChildDef, row: &ChildRow) -> String {
    let cols: Vec<String> = def
        .columns
        .iter()
        .map(|c| {
            let v = row
                .fields
                .get(c.key)
                .map(|v| v.display())
                .unwrap_or_default();
            format!("{}={v}", c.label)
        })
        .collect();
    format!("行 {}: {}", row.id, cols.join(" / "))
}

/// Records a child-row change in the parent's history, bumps the parent's
/// 更新日時 and refreshes its search text.
#[allow(clippy::too_many_arguments)]
pub(super) fn record_child_change(
    tx: &Conn,
    ctx: &super::Ctx,
    ledger: Ledger,
    seq: i64,
    parent_no: &str,
    def: &ChildDef,
    old: Option<String>,
    new: Option<String>,
    verb: &str,
) -> Result<()> {
    history::record(
        tx,
        &history::Change {
            ledger,
            no: parent_no,
            field: def.key,
            old,
            new,
        },
        &ctx.actor,
        &ctx.now,
        &format!("{}{verb}", def.label),
    )?;
    rec_store::update(tx, ledger, seq, &Default::default(), &ctx.now)?;
    reindex(tx, ledger, seq)
}

impl Daicho {
    pub fn add_child(
        &mut self,
        no: &str,
        child: &str,
        inputs: &[(String, String)],
    ) -> Result<ChildRow> {
        let ledger = ledger_of(no);
        let def = child_def(ledger, child)?;
        self.write(|tx, ctx| {
            let (seq, rec) = rec_store::load_live(tx, ledger, no)?;
            let fields = parse_fields(tx, def.columns, def.label, inputs, true)?;
            let missing: Vec<&str> = def
                .columns
                .iter()
                .filter(|c| c.required && fields.get(c.key).is_none_or(|v| v.is_null()))
                .map(|c| c.label)
                .collect();
            if !missing.is_empty() {
                return Err(Error::invalid(format!(
                    "{}には {} が必要です。",
                    def.label,
                    missing.join("、")
                )));
            }
            let id = children::insert(tx, def, seq, &fields)?;
            let row = children::get(tx, def, seq, id)?.expect("inserted");
            let new = Some(summary(def, &row));
            record_child_change(tx, ctx, ledger, seq, &rec.no, def, None, new, "追加")?;
            Ok(row)
        })
    }

    pub fn edit_child(
        &mut self,
        no: &str,
        child: &str,
        id: i64,
        inputs: &[(String, String)],
    ) -> Result<ChildRow> {
        let ledger = ledger_of(no);
        let def = child_def(ledger, child)?;
        self.write(|tx, ctx| {
            let (seq, rec) = rec_store::load_live(tx, ledger, no)?;
            let before = children::get(tx, def, seq, id)?.ok_or_else(|| {
                Error::not_found(format!("{} の{} {id} はありません。", rec.no, def.label))
            })?;
            let fields = parse_fields(tx, def.columns, def.label, inputs, true)?;
            for c in def.columns.iter().filter(|c| c.required) {
                if fields.get(c.key).is_some_and(|v| v.is_null()) {
                    return Err(Error::invalid(format!("{} は空にできません。", c.label)));
                }
            }
            children::update(tx, def, id, &fields)?;
            let after = children::get(tx, def, seq, id)?.expect("exists");
            let (old, new) = (summary(def, &before), summary(def, &after));
            if old != new {
                record_child_change(
                    tx,
                    ctx,
                    ledger,
                    seq,
                    &rec.no,
                    def,
                    Some(old),
                    Some(new),
                    "編集",
                )?;
            }
            Ok(after)
        })
    }

    pub fn remove_child(&mut self, no: &str, child: &str, id: i64) -> Result<()> {
        let ledger = ledger_of(no);
        let def = child_def(ledger, child)?;
        self.write(|tx, ctx| {
            let (seq, rec) = rec_store::load_live(tx, ledger, no)?;
            let before = children::get(tx, def, seq, id)?.ok_or_else(|| {
                Error::not_found(format!("{} の{} {id} はありません。", rec.no, def.label))
            })?;
            children::delete(tx, def, id)?;
            let old = Some(full_content(def, &before));
            record_child_change(tx, ctx, ledger, seq, &rec.no, def, old, None, "削除")
        })
    }

    pub fn children(&self, no: &str, child: &str) -> Result<Vec<ChildRow>> {
        let rec = self.get(no)?;
        let def = child_def(rec.ledger, child)?;
        let seq = rec_store::seq_of(&self.conn(), rec.ledger, &rec.no)?.expect("loaded");
        children::list(&self.conn(), def, seq)
    }

    /// Links two failures as 同根障害 (same root cause); recorded on both.
    pub fn link_same_root(&mut self, a: &str, b: &str, link: bool) -> Result<()> {
        for n in [a, b] {
            if ledger_of(n) != Ledger::Failure {
                return Err(Error::invalid(format!(
                    "同根障害は障害 (S-) 同士で設定します: {n}"
                )));
            }
        }
        self.write(|tx, ctx| {
            let (sa, ra) = rec_store::load_live(tx, Ledger::Failure, a)?;
            let (sb, rb) = rec_store::load_live(tx, Ledger::Failure, b)?;
            if sa == sb {
                return Err(Error::invalid("同じ障害どうしは関連付けできません。"));
            }
            set_same_root(tx, ctx, (sa, &ra), (sb, &rb), link).map(|_| ())
        })
    }
}

/// Links (or unlinks) two failures as 同根障害 inside a transaction, recorded
/// on both; false when nothing changed.
pub(super) fn set_same_root(
    tx: &Conn,
    ctx: &super::Ctx,
    (sa, ra): (i64, &crate::Record),
    (sb, rb): (i64, &crate::Record),
    link: bool,
) -> Result<bool> {
    let changed = if link {
        children::link_same_root(tx, sa, sb)?
    } else {
        children::unlink_same_root(tx, sa, sb)?
    };
    if !changed {
        return Ok(false);
    }
    for (me, other) in [(ra, sb), (rb, sa)] {
        let other_no = format_no(Ledger::Failure, other);
        history::record(
            tx,
            &history::Change {
                ledger: Ledger::Failure,
                no: &me.no,
                field: "same_root",
                old: (!link).then(|| other_no.clone()),
                new: link.then(|| other_no.clone()),
            },
            &ctx.actor,
            &ctx.now,
            if link {
                "同根障害設定"
            } else {
                "同根障害解除"
            },
        )?;
    }
    Ok(true)
}
