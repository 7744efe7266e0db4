//! The written definition of every figure, in one place. The report
//! appendix (PDF and xlsx), `daicho report definitions` and the crate README
//! all show this list, so a reader always knows which "R" an MTTR is.
//!
//! NOTE: when a computation in `monthly/`, `sla.rs` or `weekly.rs` changes,
//! change its text here in the same commit; `definitions_are_complete` below
//! lists every figure's key, so a new figure needs its definition here.

use serde::Serialize;

/// One figure's name and how it is computed.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Definition {
    /// Stable key used in the JSON figures.
    pub key: &'static str,
    /// The name printed in the reports.
    pub name: &'static str,
    /// The definition, in Japanese, as printed in the appendix.
    pub text: &'static str,
}

const fn def(key: &'static str, name: &'static str, text: &'static str) -> Definition {
    Definition { key, name, text }
}

/// Every figure of the monthly report and the weekly pack.
pub const DEFINITIONS: &[Definition] = &[
    def(
        "period",
        "集計期間・基準時点",
        "対象月の1日0:00から翌月1日0:00まで。締めた月は月末時点の状態を、記録の日付と変更履歴だけから再構成するため、後日に再出力しても同じ数値になる。当月は出力時点までを集計する。削除済みの記録は含めない。",
    ),
    def(
        "status_as_of",
        "ある時点のステータス",
        "変更履歴のステータス変更を時刻順にたどって求める。操作で日付（クローズ日・対応完了日・切り分け完了日）を指定した場合は、その日付の業務終了時刻（既定17:45）に変更したものとみなす。履歴のない取込データは、クローズ日（障害・変更は対応完了日）に現在のステータスになったものとみなす。",
    ),
    def(
        "raised",
        "発生件数",
        "起票日が対象月内の記録の件数（インシデント台帳・障害管理台帳・変更管理台帳それぞれ）。",
    ),
    def(
        "raised_by_group",
        "発生件数（種別別・発生元組織別・対象システム別）",
        "起票日が対象月内のインシデントを種別・発生元組織・対象システムで、障害を対象システムで数えた件数（未設定は「(未設定)」）。直近12か月の合計も併記する。",
    ),
    def(
        "closed",
        "クローズ件数",
        "対象月内に完了ステータス（インシデント・障害: 対応済、変更: 対応済または開発見送り(クローズ)）へ変わった記録の件数。再オープン後に再びクローズした記録は、クローズした各月に1件ずつ数える（同じ月内の複数回は1件）。",
    ),
    def(
        "backlog",
        "月末残件数（バックログ）",
        "起票日が月末以前で、翌月1日0:00時点のステータスが完了でない記録の件数。",
    ),
    def(
        "lead_time",
        "起票→クローズ日数",
        "対象月にクローズした記録について、起票日からクローズ日（障害・変更は対応完了日、見送りは見送り日）までの暦日数。平均、中央値（偶数件は中央2値の平均）、p90（昇順に並べた ceil(0.9×件数) 番目の値、最近順位法）。インシデントは種別別・発生元組織別、障害・変更は優先度別に集計する。",
    ),
    def(
        "sc_status_priority",
        "障害・変更の優先度×ステータス",
        "起票日が月末以前の障害・変更の記録を、翌月1日0:00時点のステータスと優先度（未設定は「(未設定)」）で数えた件数。",
    ),
    def(
        "sla_incident_first_response",
        "SLA 受付（インシデント）",
        "起票日から受付まで。開始 = 起票日の業務開始時刻（既定9:00）。受付 = その依頼を台帳に起票した（登録した）時刻。目標は受付ルール（既定: 1営業日、業務時間）。優先度のルールに初動目標があれば、その優先度はそれを使う。起票の履歴がない取込データは評価しない。",
    ),
    def(
        "sla_incident_triage",
        "SLA 切り分け（インシデント）",
        "インシデントは定例会で切り分けるため、期限は起票日の翌日以降で最初の定例会の日（既定: 毎週月曜日。休業日なら翌営業日）の業務終了時刻。開始 = 起票日（起票操作の時刻が同じ日ならその時刻、それ以外は業務開始時刻）。完了 = 方針検討済になった時刻（切り分け完了日を指定した操作はその日の業務終了時刻）、履歴がなければ切り分け完了日の業務終了時刻。経過は業務時間で数える。",
    ),
    def(
        "sla_incident_resolution",
        "SLA 解決（インシデント）",
        "起票からクローズまで（開始は切り分けと同じ、完了はクローズした時刻）。優先度のルール（優先度が未設定またはルールがなければ既定ルール、既定: Medium）に解決目標があるときだけ評価する（既定では未設定）。",
    ),
    def(
        "sla_failure_recovery",
        "SLA 復旧（障害）",
        "発生日時から復旧日時まで（発生日時が不明なら検知日時から）。ルールは対象システムのサービスレベル（対象システムのマスタで設定したとき。SLA 設定のシステム対応が優先）、Severity、優先度、既定ルール（Medium）の順に、復旧目標のある最初のもの。既定の復旧目標: Critical・高 1時間、High・中 4時間（いずれも24時間の暦時間）、Medium・低 1営業日（業務時間）、サービスレベル A 60分・B 4時間（24時間）、C 1営業日（業務時間）。",
    ),
    def(
        "sla_failure_resolution",
        "SLA 解決（障害）",
        "発生日時（不明なら検知日時）から対応済になった時刻まで。ルールの選び方は復旧と同じで、解決目標があるときだけ評価する（既定では未設定）。",
    ),
    def(
        "sla_achievement",
        "SLA達成率",
        "達成 ÷（達成＋超過）。各項目は判定が確定した月に1回だけ数える: 達成は完了した時刻の月、超過は期限を過ぎた時刻（期限）の月。月末時点で期限前の未完了（進行中・要注意）はその月の表に示すが分母に入れず、完了または超過した月に判定する。業務時間 = 営業日の9:00–17:45（土日・祝日・振替休日・国民の休日・12/29–1/3・会社休日を除く）、24時間 = 暦時間。要注意 = 未完了で許容時間の75%以上を使ったもの。",
    ),
    def(
        "mttr",
        "MTTR（平均復旧時間）",
        "R は Recovery（復旧）。対象月内に復旧した障害の（復旧日時 − 検知日時）の平均、暦時間（24時間）の時間単位。検知日時がなければ発生日時を使う。",
    ),
    def(
        "mttd",
        "MTTD（平均検知時間）",
        "D は Detection（検知）。対象月内に検知した障害のうち発生日時と検知日時がともに記録されたものの（検知日時 − 発生日時）の平均、暦時間（24時間）の時間単位。該当0件の月は算出しない（—）。",
    ),
    def(
        "mtbf",
        "MTBF（平均故障間隔）",
        "（対象月の暦時間 − 対象月内の障害停止時間の合計）÷ 対象月内に発生した障害件数。発生 = 発生日時（なければ検知日時、さらになければ起票日）が対象月内。停止時間 = 検知日時と復旧日時が記録された障害の検知〜復旧の区間を月内に切り取り、重なりを除いて合計した時間。障害0件の月は算出しない（—）。",
    ),
    def(
        "root_cause",
        "根本原因分類別件数",
        "起票日が対象月内の障害を根本原因分類で数えた件数（未記入は「未分類」）。直近12か月の合計も併記する。",
    ),
    def(
        "recurrence",
        "再発（同根障害）",
        "起票日が対象月内の障害のうち、同根障害のリンクが1件以上あるものの件数。",
    ),
    def(
        "preventions",
        "再発防止策",
        "全障害の再発防止策の行を、行の日付で月末時点に判定する。完了 = 完了日が月末以前、効果確認済 = 効果確認日が月末以前、未完了 = 完了日がないか月末より後、期限超過 = 未完了のうち期限が基準日（締めた月は翌月1日）より前。",
    ),
    def(
        "change_estimates",
        "変更の見積合計",
        "起票日が対象月内の変更、および月末時点で未完了の変更について、概算・正式見積の工数（人日）と金額（円）の合計。",
    ),
    def(
        "change_dropped",
        "開発見送り（理由別）",
        "対象月内に開発見送り(クローズ)になった変更を開発見送り理由（費用・納期・その他）で数えた件数。",
    ),
    def(
        "releases",
        "リリース（予定と実績）",
        "本番環境リリース予定日または実績が対象月内のリリース。実績 = 本番環境リリース日（なければ完了報告日）。予定どおり = 実績が予定日以前、遅延 = 実績が予定日より後、未実施（遅延）= 基準日に未実施で予定日を過ぎたもの。対象案件数 = リリースVer. がそのリリースの障害・変更の件数。予定どおり率 = 予定どおり ÷（予定どおり＋遅延＋未実施（遅延））。",
    ),
    def(
        "due_compliance",
        "納期遵守率",
        "対応完了日が対象月内の障害・変更のうち期限のあるものについて、対応完了日が期限以前のものの割合。期限 = 障害は対応期限、変更は希望納期、これらがなければ連携インシデントの開発対応完了予定日。期限のないものは件数だけ示し、率には含めない。",
    ),
    def(
        "availability",
        "稼働率（対象システム別）",
        "1 −（停止時間 ÷ サービス時間）。停止時間 = 対象システムが設定された障害の発生日時（不明なら検知日時）から復旧日時（未復旧なら基準時点）までの区間を対象月内に切り取り、重なりを除いて合計した時間。サービス時間 = サービスレベル A（または未設定）は対象月の暦時間（24時間365日）、B・C は営業日の業務時間（既定 9:00–17:45）で、停止時間も同じ数え方で数える。対象システムのマスタでサービスレベルを設定したシステムと、当月に停止のあったシステムを示す。",
    ),
    def(
        "targets",
        "目標と実績",
        "各目標値（既定: SLA達成率 受付 95%・切り分け 90%・障害復旧 90%、MTTR 4時間以内、納期遵守率 90%、リリース予定どおり率 90%、稼働率 A 99.9%・B 99.5%・C 99.0%。daicho report targets で変更）と当月の実績。達成 = 実績が目標以上（MTTR は以下）、未達 = それ以外、実績のない月は「—」。未達の行には担当者が記入した原因分析（daicho report cause）を示す。",
    ),
    def(
        "high_priority",
        "高優先度案件の進捗",
        "優先度が高、または Severity が Critical・High のインシデント・障害・変更のうち、基準時点（締めた月は月末）で完了していないもの。経過日数 = 起票日から基準日（締めた月は月末日）までの暦日数。期限 = インシデントは対応期限、障害・変更は納期遵守率と同じ期限。期限超過 = 期限が基準日より前。",
    ),
    def(
        "findings_draft",
        "所見・改善提案（下書き）",
        "所見が未記入の月は、数値から決まった規則で作る下書きを示す: インシデント発生件数の前月比・前年同月比（件数と率。比較元が0件なら件数のみ）、最も多い種別、月末残件数の増減、障害の発生件数の前月比・前年同月比と MTTR・MTTD、未達の目標、未完了の高優先度案件、期限超過の再発防止策。daicho report findings で記入した所見があればそれを示す。",
    ),
    def(
        "trend",
        "12か月推移",
        "対象月を含む直近12か月の各月の発生件数・クローズ件数・月末残件数（インシデント）と障害発生件数。",
    ),
    def(
        "yoy",
        "前年同月比",
        "前年同月の同じ数値と、その差（当月 − 前年同月）。",
    ),
    def(
        "weekly_triage",
        "切り分け待ち（定例会）",
        "定例会の基準時点でステータスが未着手または方針検討中のインシデント。",
    ),
    def(
        "weekly_inquiries",
        "問い合わせ（回答待ち・前回以降の回答）",
        "回答待ち: 種別が問い合わせで、基準時点のステータスが方針検討済のインシデント。前回以降の回答: 定例会日の7日前0:00から定例会日0:00までに回答した問い合わせと、その回答。",
    ),
    def(
        "weekly_progress",
        "前回からの進捗",
        "定例会日の7日前0:00から定例会日0:00までのステータス変更（インシデント・障害・変更）。",
    ),
    def(
        "weekly_overdue",
        "期限超過・SLA要注意",
        "基準時点で未完了のうち、対応期限（インシデント・障害）・開発対応完了予定日・希望納期（変更）が定例会日より前のもの、および SLA が超過・要注意のもの。",
    ),
    def(
        "weekly_preventions",
        "再発防止策（未完了・期限超過）",
        "基準時点の前日までに完了日のない再発防止策。期限が定例会日より前のものを期限超過とし、先頭に並べる。",
    ),
    def(
        "weekly_escalation",
        "エスカレーション（SLA 超過・要注意）",
        "未完了の SLA 対象のうち、経過率が要注意の閾値（既定 75%）以上のもの（100% 以上は超過）。担当者は記録の担当者、なければ起票者。エスカレーション先はルールごとの連絡経路。",
    ),
    def(
        "weekly_by_system",
        "対象システム別",
        "未完了・期限超過・SLA 超過・SLA 要注意・期限超過の再発防止策の件数を、対象システム（SLA 方針のシステム項目）別に数えたもの。未設定は「(未設定)」。",
    ),
    def(
        "weekly_gantt",
        "ガントチャート",
        "未完了の障害・変更を、起票日から予定日まで描く。予定日 = 連携インシデントの開発対応完了予定日、なければ所属リリースの本番環境リリース予定日、なければ希望納期。予定日がないものは起票日から基準日までを点線で描く。縦線が基準日（今日）。",
    ),
    def(
        "weekly_as_of",
        "定例会資料の基準時点",
        "定例会日が今日以降なら出力時点、過去の日付なら定例会日の前日24:00（定例会開始前）時点の状態を履歴から再構成する。",
    ),
];

/// The definition of `key`, if there is one.
pub fn definition(key: &str) -> Option<&'static Definition> {
    DEFINITIONS.iter().find(|d| d.key == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn definitions_are_complete() {
        let mut keys: Vec<&str> = DEFINITIONS.iter().map(|d| d.key).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), DEFINITIONS.len(), "duplicate keys");
        for d in DEFINITIONS {
            assert!(
                !d.name.trim().is_empty() && d.text.ends_with('。'),
                "{}",
                d.key
            );
            assert_eq!(definition(d.key).map(|x| x.name), Some(d.name));
        }
        // Every figure of the two reports, in the appendix's order.
        let keys: Vec<&str> = DEFINITIONS.iter().map(|d| d.key).collect();
        assert_eq!(
            keys,
            [
                "period",
                "status_as_of",
                "raised",
                "raised_by_group",
                "closed",
                "backlog",
                "lead_time",
                "sc_status_priority",
                "sla_incident_first_response",
                "sla_incident_triage",
                "sla_incident_resolution",
                "sla_failure_recovery",
                "sla_failure_resolution",
                "sla_achievement",
                "mttr",
                "mttd",
                "mtbf",
                "root_cause",
                "recurrence",
                "preventions",
                "change_estimates",
                "change_dropped",
                "releases",
                "due_compliance",
                "availability",
                "targets",
                "high_priority",
                "findings_draft",
                "trend",
                "yoy",
                "weekly_triage",
                "weekly_inquiries",
                "weekly_progress",
                "weekly_overdue",
                "weekly_preventions",
                "weekly_escalation",
                "weekly_by_system",
                "weekly_gantt",
                "weekly_as_of",
            ]
        );
    }
}
