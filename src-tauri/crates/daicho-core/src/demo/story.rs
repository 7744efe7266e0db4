//! The seed's scripted example: I-0001 社員基本の項目位置変更 → S-0001 →
//! release 1.0.1, and I-0002 → C-0001 CSVデータ出力機能追加.

use chrono::NaiveDate;

use super::{kv, Clock};
use crate::domain::ledger::Ledger;
use crate::error::Result;
use crate::service::TriageDecision;

/// The seed's own example, as the slide deck shows it.
pub(super) fn seed_story(c: &mut Clock) -> Result<()> {
    let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("date");
    c.at(date(2022, 9, 22));
    c.d.set_actor("吉岡");
    c.d.create(
        Ledger::Incident,
        &kv(&[
            ("起票日", "2022/9/22".into()),
            ("起票者", "吉岡".into()),
            ("発生元組織", "石巻ガス".into()),
            ("発生元ユーザ", "佐藤様".into()),
            ("対象システム", "人事給与システム".into()),
            ("タイトル", "社員基本の項目位置変更".into()),
            (
                "概要",
                "年齢→血液型の順序なのを血液型→年齢にしてほしい".into(),
            ),
            (
                "完了条件",
                "本番環境で項目順が血液型→年齢になっていること".into(),
            ),
            ("対応期限", "2022/10/31".into()),
        ]),
    )?;
    c.d.create(
        Ledger::Incident,
        &kv(&[
            ("起票日", "2022/9/22".into()),
            ("起票者", "吉岡".into()),
            ("発生元組織", "石巻ガス".into()),
            ("発生元ユーザ", "佐藤様".into()),
            ("対象システム", "人事給与システム".into()),
            ("タイトル", "CSVデータ出力機能追加".into()),
            (
                "概要",
                "社員一覧をCSVで出力して給与システムへ連携したい".into(),
            ),
        ]),
    )?;
    c.at(date(2022, 9, 26));
    c.d.triage(
        "I-0001",
        &TriageDecision {
            kind: "障害".into(),
            priority: Some("低".into()),
            assignee: Some("梅澤".into()),
            meeting_date: Some(date(2022, 9, 26)),
            raised_by: Some("吉岡".into()),
        },
    )?;
    c.d.triage(
        "I-0002",
        &TriageDecision {
            kind: "仕様変更".into(),
            priority: Some("高".into()),
            assignee: Some("梅澤".into()),
            meeting_date: Some(date(2022, 9, 26)),
            raised_by: Some("吉岡".into()),
        },
    )?;
    c.d.set_actor("梅澤");
    c.d.edit(
        "S-0001",
        &kv(&[
            (
                "直接原因",
                "年齢→血液型の順序なのを血液型→年齢にしてほしい".into(),
            ),
            (
                "暫定対応",
                "年齢→血液型の順序なのを血液型→年齢にしてほしい".into(),
            ),
            ("根本原因", "直接原因と同一".into()),
            ("恒久対応", "暫定対応と同一".into()),
            (
                "リリースノート",
                "社員基本画面の項目を「血液型→年齢」の順に並べ替えました。".into(),
            ),
        ]),
    )?;
    c.d.add_child(
        "S-0001",
        "timeline",
        &kv(&[
            ("date", "2022/9/22".into()),
            ("time", "10:00".into()),
            (
                "content",
                "石巻ガス 佐藤様より項目位置の変更依頼を受領".into(),
            ),
        ]),
    )?;
    c.at(date(2022, 9, 27));
    c.d.run_action("S-0001", "調査開始", None, &[])?;
    c.d.add_child(
        "C-0001",
        "notes",
        &kv(&[
            ("date", "2022/9/27".into()),
            ("content", "出力項目の確定待ち(石巻ガス 佐藤様)".into()),
        ]),
    )?;
    c.at(date(2022, 9, 29));
    c.d.run_action("S-0001", "作業可", None, &[])?;
    c.at(date(2022, 9, 30));
    c.d.run_action("S-0001", "作業開始", None, &[])?;
    c.d.set_actor("吉岡");
    c.d.run_action(
        "I-0001",
        "着手報告",
        None,
        &kv(&[("開発対応完了予定日", "2022/10/14".into())]),
    )?;
    c.d.set_actor("梅澤");
    c.d.create_release(
        "1.0.1",
        &kv(&[
            ("概要", "社員基本 項目位置変更".into()),
            ("対象システム", "人事給与システム".into()),
            ("本番環境リリース予定日", "2022/10/20".into()),
        ]),
    )?;
    c.d.add_member("1.0.1", "S-0001")?;
    for (day, action) in [
        (11, "QA環境リリース"),
        (13, "QA環境動作確認"),
        (14, "judge_ok"),
        (17, "ステージング環境リリース"),
        (18, "ステージング環境動作確認"),
        (20, "本番環境リリース"),
        (20, "本番動作確認"),
        (21, "final_ok"),
        (21, "complete"),
    ] {
        c.at(date(2022, 10, day));
        c.d.release_action("1.0.1", action, None, None)?;
    }
    c.at(date(2022, 10, 24));
    c.d.set_actor("吉岡");
    c.d.run_action("I-0001", "クローズ", None, &[])?;
    c.d.set_actor("梅澤");
    c.d.run_action("C-0001", "概算見積もり依頼", None, &[])?;
    Ok(())
}
