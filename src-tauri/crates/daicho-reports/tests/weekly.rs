//! The 定例会 pack's content, read back from the files: the PDF through
//! pdftotext and the xlsx through calamine.

use chrono::{NaiveDate, NaiveDateTime};
use daicho_core::domain::ledger::Ledger;
use daicho_core::domain::master::Master;
use daicho_core::service::TriageDecision;
use daicho_core::Daicho;
use daicho_docs::testing::pdf_text;
use daicho_reports::{render_weekly, weekly_pack, WeeklyPack};

fn t(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn kv(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn db() -> Daicho {
    let mut d = Daicho::open_in_memory().unwrap();
    d.set_actor("吉岡");
    d.add_master(Master::Organization, "石巻ガス").unwrap();
    for p in ["吉岡", "梅澤", "佐々木"] {
        d.add_master(Master::Person, p).unwrap();
    }
    d
}

/// An inquiry raised at `when` with 担当者 `owner`, triaged the same day.
fn inquiry(d: &mut Daicho, when: &str, title: &str, owner: &str) -> String {
    d.set_now(Some(t(when)));
    let date = t(when).date().format("%Y/%m/%d").to_string();
    let no = d
        .create(
            Ledger::Incident,
            &kv(&[
                ("起票日", &date),
                ("起票者", "吉岡"),
                ("発生元組織", "石巻ガス"),
                ("担当者", owner),
                ("タイトル", title),
                ("概要", "確認したい"),
            ]),
        )
        .unwrap()
        .no;
    d.triage(
        &no,
        &TriageDecision {
            kind: "問い合わせ".into(),
            priority: None,
            assignee: None,
            meeting_date: Some(t(when).date()),
            raised_by: None,
        },
    )
    .unwrap();
    no
}

/// The pack's PDF text (None when pdftotext is missing outside CI) and its
/// xlsx sheets as rows of displayed strings.
struct Files {
    pdf: Option<String>,
    sheets: Vec<(String, Vec<Vec<String>>)>,
}

fn files(p: &WeeklyPack) -> Files {
    use calamine::{open_workbook, Reader, Xlsx};
    let r = render_weekly(p, "運用保守チーム").unwrap();
    assert!(r.missing_glyphs.is_empty(), "{:?}", r.missing_glyphs);
    let dir = tempfile::tempdir().unwrap();
    let (pdf, xlsx) = (dir.path().join("w.pdf"), dir.path().join("w.xlsx"));
    std::fs::write(&pdf, &r.pdf).unwrap();
    std::fs::write(&xlsx, &r.xlsx).unwrap();
    let mut wb: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let sheets = wb
        .sheet_names()
        .into_iter()
        .map(|name| {
            let range = wb.worksheet_range(&name).unwrap();
            let rows = range
                .rows()
                .map(|r| r.iter().map(|c| c.to_string()).collect())
                .collect();
            (name, rows)
        })
        .collect();
    Files {
        pdf: pdf_text(&pdf),
        sheets,
    }
}

impl Files {
    /// The rows of the table titled `title` in sheet `sheet`: header first.
    fn table(&self, sheet: &str, title: &str) -> Vec<Vec<String>> {
        let rows = &self
            .sheets
            .iter()
            .find(|(n, _)| n == sheet)
            .unwrap_or_else(|| panic!("no sheet {sheet}"))
            .1;
        let at = rows
            .iter()
            .position(|r| r.first().is_some_and(|c| c == title))
            .unwrap_or_else(|| panic!("no table {title} in {sheet}"));
        rows[at + 1..]
            .iter()
            .take_while(|r| r.iter().any(|c| !c.is_empty()))
            .map(|r| {
                // The sheet is as wide as its widest table.
                let n = r.iter().rposition(|c| !c.is_empty()).map_or(0, |i| i + 1);
                r[..n].to_vec()
            })
            .collect()
    }

    /// The value in column `column` of the row whose first cell is `no`.
    fn cell(&self, sheet: &str, title: &str, no: &str, column: &str) -> String {
        let t = self.table(sheet, title);
        let col = t[0]
            .iter()
            .position(|c| c == column)
            .unwrap_or_else(|| panic!("{title} has no column {column}: {:?}", t[0]));
        let row = t
            .iter()
            .find(|r| r[0] == no)
            .unwrap_or_else(|| panic!("{title} has no row {no}"));
        row[col].clone()
    }

    fn pdf_has(&self, needles: &[&str]) {
        let Some(text) = &self.pdf else { return };
        for n in needles {
            assert!(text.contains(n), "PDF lacks {n}");
        }
    }
}

#[test]
fn inquiries_show_their_owner_and_answer() {
    let mut d = db();
    // Answered before the meeting week, answered within it, still awaiting.
    let old = inquiry(&mut d, "2026-11-02 10:00", "古い問い合わせ", "梅澤");
    let done = inquiry(&mut d, "2026-11-16 10:00", "帳票の出力項目", "佐々木");
    let open = inquiry(&mut d, "2026-11-17 10:00", "権限の設定方法", "梅澤");
    d.set_now(Some(t("2026-11-05 10:00")));
    d.run_action(&old, "回答", None, &kv(&[("answer", "以前の回答")]))
        .unwrap();
    d.set_now(Some(t("2026-11-19 11:00")));
    let answer = "出力項目は帳票設定画面で変更できます";
    d.run_action(&done, "回答", None, &kv(&[("answer", answer)]))
        .unwrap();
    d.edit(&open, &kv(&[("回答", "権限画面で付与（骨子）")]))
        .unwrap();
    d.set_now(Some(t("2026-11-30 10:00")));

    let p = weekly_pack(&d, day("2026-11-25")).unwrap();
    assert_eq!(p.inquiries.len(), 1);
    assert_eq!(
        (p.inquiries[0].no.as_str(), p.inquiries[0].owner.as_str()),
        (open.as_str(), "梅澤")
    );
    let nos: Vec<&str> = p.answered.iter().map(|i| i.no.as_str()).collect();
    assert_eq!(nos, [done.as_str()], "only this week's answers");
    assert_eq!(p.answered[0].answer, answer);

    let f = files(&p);
    f.pdf_has(&[
        "前回以降に回答した問い合わせ",
        "担当者",
        "出力項目は帳票設定画面で変更で",
        "権限画面で付与（骨子）",
        "佐々木",
    ]);
    let sheet = "問い合わせ";
    assert_eq!(f.cell(sheet, "回答待ち", &open, "担当者"), "梅澤");
    assert_eq!(
        f.cell(sheet, "回答待ち", &open, "回答"),
        "権限画面で付与（骨子）"
    );
    let title = "前回以降に回答した問い合わせ";
    assert_eq!(f.cell(sheet, title, &done, "担当者"), "佐々木");
    assert_eq!(f.cell(sheet, title, &done, "回答"), answer);
}

fn failure(d: &mut Daicho, when: &str, title: &str, owner: &str, extra: &[(&str, &str)]) -> String {
    d.set_now(Some(t(when)));
    let date = t(when).date().format("%Y/%m/%d").to_string();
    let mut f = vec![
        ("起票日", date.as_str()),
        ("起票者", "吉岡"),
        ("担当者", owner),
        ("タイトル", title),
    ];
    f.extend_from_slice(extra);
    d.create(Ledger::Failure, &kv(&f)).unwrap().no
}

fn prevention(d: &mut Daicho, no: &str, fields: &[(&str, &str)]) {
    d.add_child(no, "再発防止策", &kv(fields)).unwrap();
}

#[test]
fn preventions_overdue_failures_and_escalations_are_listed() {
    let mut d = db();
    d.add_master(Master::System, "人事給与システム").unwrap();
    d.set_service_level("人事給与システム", Some("A")).unwrap();
    // A High failure (4 h on the clock) never recovered, 対応期限 11/20.
    let s = failure(
        &mut d,
        "2026-11-16 10:00",
        "夜間バッチの停止",
        "梅澤",
        &[
            ("Severity", "High"),
            ("発生日時", "2026/11/16 09:50"),
            ("検知日時", "2026/11/16 10:00"),
            ("対応期限", "2026/11/20"),
            ("対象システム", "人事給与システム"),
        ],
    );
    let c = [("内容", "監視の閾値を見直す"), ("担当者", "佐々木")];
    prevention(&mut d, &s, &[c[0], c[1], ("期限", "2026/11/20")]);
    let later = [("内容", "手順書を更新する"), ("担当者", "梅澤")];
    prevention(&mut d, &s, &[later[0], later[1], ("期限", "2026/12/10")]);
    prevention(
        &mut d,
        &s,
        &[
            ("内容", "ログ出力を追加"),
            ("担当者", "吉岡"),
            ("期限", "2026/11/10"),
            ("完了日", "2026/11/18"),
        ],
    );
    // A Medium failure (1 business day) detected the day before the meeting.
    let m = failure(
        &mut d,
        "2026-11-24 11:00",
        "帳票の表示が遅い",
        "佐々木",
        &[("Severity", "Medium"), ("検知日時", "2026/11/24 11:00")],
    );
    d.set_now(Some(t("2026-11-30 10:00")));

    let p = weekly_pack(&d, day("2026-11-25")).unwrap();
    let pv: Vec<(&str, &str, i64)> = p
        .preventions
        .iter()
        .map(|i| (i.content.as_str(), i.owner.as_str(), i.days_over))
        .collect();
    assert_eq!(
        pv,
        [
            ("監視の閾値を見直す", "佐々木", 5),
            ("手順書を更新する", "梅澤", 0)
        ],
        "open ones, overdue first; the done one is left out"
    );
    let od = p
        .overdue
        .iter()
        .find(|o| o.no == s)
        .expect("the failure's 対応期限 is overdue");
    assert_eq!(
        (od.what, od.days_over, od.owner.as_str()),
        ("対応期限", 5, "梅澤")
    );
    let b: Vec<(&str, &str, &str, &str)> = p
        .breached
        .iter()
        .map(|e| {
            (
                e.no.as_str(),
                e.measure_label,
                e.owner.as_str(),
                e.escalate_to,
            )
        })
        .collect();
    assert!(
        // The system's level A (60 minutes) rules, escalated as A is.
        b.contains(&(s.as_str(), "障害 復旧", "梅澤", "L3 サポート・クライアント")),
        "{b:?}"
    );
    let a = p.attention.iter().find(|e| e.no == m).expect("要注意");
    assert!((75.0..100.0).contains(&a.used_pct), "{}", a.used_pct);
    assert_eq!(a.owner, "佐々木");

    let f = files(&p);
    f.pdf_has(&[
        "④ 期限超過・再発防止策",
        "再発防止策（未完了・期限超過を先頭に）",
        "監視の閾値を見直す",
        "⑤ エスカレーション（SLA 超過・要注意）",
        "SLA 要注意（期限の75%経過）",
        "L3 サポート",
    ]);
    if let Some(text) = &f.pdf {
        assert!(!text.contains("ログ出力を追加"), "done ones are not listed");
    }
    let title = "再発防止策（未完了・期限超過を先頭に）";
    let rows = f.table("期限超過", title);
    assert_eq!(
        rows[0],
        [
            "障害 No.",
            "対策",
            "担当者",
            "期限",
            "超過日数",
            "障害タイトル"
        ]
    );
    assert_eq!(
        rows[1][..3],
        [s.clone(), "監視の閾値を見直す".into(), "佐々木".into()]
    );
    assert_eq!(rows[1][4], "5");
    assert_eq!(f.cell("期限超過", "期限超過", &s, "担当者"), "梅澤");
    let sheet = "エスカレーション";
    assert_eq!(
        f.cell(sheet, "SLA 超過", &s, "エスカレーション先"),
        "L3 サポート・クライアント"
    );
    assert_eq!(f.cell(sheet, "SLA 超過", &s, "担当者"), "梅澤");
    assert_eq!(
        f.cell(sheet, "SLA 要注意（期限の75%経過）", &m, "担当者"),
        "佐々木"
    );

    // Grouped by 対象システム: S (A, with its overdue 対応期限, recovery breach and
    // prevention) and M (none set).
    let rows: Vec<_> = p
        .by_system
        .iter()
        .map(|r| {
            let n = [r.open, r.overdue, r.breached, r.attention];
            (
                r.system.as_str(),
                r.level.as_str(),
                n,
                r.preventions_overdue,
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("人事給与システム", "A", [1, 1, 1, 0], 1),
            ("(未設定)", "", [1, 0, 0, 1], 0)
        ]
    );
    let title = "対象システム別（未完了・期限超過・SLA・再発防止策）";
    let t = f.table(sheet, title);
    assert_eq!(t[1], ["人事給与システム", "A", "1", "1", "1", "0", "1"]);
    f.pdf_has(&[title, "人事給与システム"]);
}
