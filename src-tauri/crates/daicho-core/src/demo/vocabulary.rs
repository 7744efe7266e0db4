//! Word lists of the demo data: organisations, people, screens and the
//! kinds of report an operations team receives.

pub const ORGS: &[&str] = &[
    "石巻ガス",
    "本社人事部",
    "経理部",
    "仙台支店",
    "東京営業所",
    "情報システム部",
];
pub const PEOPLE: &[&str] = &["吉岡", "梅澤", "佐々木", "高橋", "田中", "伊藤", "渡辺"];
pub const USERS: &[&str] = &[
    "佐藤様",
    "鈴木様",
    "高橋様",
    "田中様",
    "山本様",
    "中村様",
    "小林様",
    "加藤様",
];
pub const SCREENS: &[&str] = &[
    "社員基本",
    "給与明細",
    "勤怠一覧",
    "賞与計算",
    "年末調整",
    "人事異動",
    "組織図",
    "評価シート",
    "交通費精算",
    "扶養控除申告",
    "社会保険",
    "住民税",
];
/// 対象システム with their service level; a screen belongs to the system
/// at its index modulo this list ([`system_of`]).
pub const SYSTEMS: &[(&str, &str)] = &[
    ("人事給与システム", "A"),
    ("勤怠管理システム", "B"),
    ("人事評価システム", "C"),
];

/// The 対象システム a screen of [`SCREENS`] belongs to.
pub fn system_of(screen: &str) -> &'static str {
    let i = SCREENS.iter().position(|s| *s == screen).unwrap_or(0);
    SYSTEMS[i % SYSTEMS.len()].0
}

pub const FAILURES: &[(&str, &str)] = &[
    (
        "でエラーが表示される",
        "保存ボタン押下時にシステムエラー画面が表示され、入力内容が失われる",
    ),
    (
        "の金額が不正",
        "端数処理が仕様と異なり1円の差異が発生している",
    ),
    (
        "の表示が遅い",
        "画面表示に30秒以上かかり業務に支障が出ている",
    ),
    ("でCSV出力が文字化け", "Excelで開くと氏名が文字化けする"),
    ("の検索結果が不正", "退職者が検索結果に表示される"),
    ("が印刷できない", "PDF出力時にタイムアウトが発生する"),
];
pub const CHANGES: &[(&str, &str)] = &[
    (
        "の項目位置変更",
        "項目の並び順を業務の入力順に合わせてほしい",
    ),
    (
        "にCSVデータ出力機能追加",
        "一覧をCSVで出力して集計に使いたい",
    ),
    (
        "に承認ワークフロー追加",
        "上長承認を経てから確定できるようにしてほしい",
    ),
    ("の入力チェック追加", "必須項目の未入力を登録時に検知したい"),
    (
        "に一括更新機能追加",
        "複数社員を一度に更新できるようにしてほしい",
    ),
];
pub const QUESTIONS: &[(&str, &str)] = &[
    ("の操作方法について", "締め処理後の修正手順を教えてほしい"),
    ("の権限について", "部長職が閲覧できる範囲を確認したい"),
    ("の出力項目について", "帳票の項目の意味を確認したい"),
];
