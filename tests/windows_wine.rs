//! The Windows installer on Windows APIs (Wine): `dist/Daicho_<version>_x64-setup.exe`
//! from `bash .ci/package` is installed silently into a fresh 64-bit Wine
//! prefix, the installed `daicho.exe` replays the seed's story (documents into
//! a folder with Japanese and spaces and one past MAX_PATH, the shared root,
//! reports, a CP932 CSV import, search, history, a CRLF mail draft), the
//! window exe is started to see that it reports the missing WebView2 runtime
//! instead of crashing, the installer refuses while the window runs, an
//! upgrade over the installation keeps the data, a silent uninstall
//! removes the program and keeps the data, and the portable zip's CLI finds
//! the same database.
//!
//! Needs wine64, mingw's gcc (for the test-only `bcryptprimitives.dll`, see
//! [`Wine::add_prng_shim`]) and the installer: locally a missing one skips
//! the test with a note; under CI it fails.

#[path = "windows_wine/wine.rs"]
mod wine;

use std::path::Path;
use std::process::Output;

use daicho_docs::testing::under_ci;
use wine::{find_tool, text, Wine};

const VERSION: &str = env!("CARGO_PKG_VERSION");
const START_MENU: &str = "AppData/Roaming/Microsoft/Windows/Start Menu/Programs";

/// Something the test needs is missing: a failure under CI, else a skip note.
fn missing(what: &str) {
    assert!(
        !under_ci(),
        "{what}: required in CI (bash .ci/setup; bash .ci/package)"
    );
    eprintln!("SKIP windows_wine: {what}");
}

/// The installed CLI under Wine.
struct Daicho<'a> {
    wine: &'a Wine,
    exe: String,
}

impl Daicho<'_> {
    fn run(&self, args: &[&str]) -> Output {
        let mut c = self.wine.command(&self.exe);
        c.args(["--user", "吉岡"]).args(args);
        c.output().unwrap()
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(out.status.success(), "daicho.exe {args:?}: {}", text(&out));
        String::from_utf8(out.stdout).expect("UTF-8 output")
    }
}

fn assert_files(dir: &Path, names: &[&str]) {
    for n in names {
        let p = dir.join(n);
        let len = std::fs::metadata(&p).map(|m| m.len()).unwrap_or(0);
        assert!(len > 0, "{} is missing or empty", p.display());
    }
}

const PROGRAM_FILES: [&str; 5] = [
    "daicho-app.exe",
    "daicho.exe",
    "WebView2Loader.dll",
    "Uninstall.exe",
    "licenses/NotoSansJP-OFL.txt",
];

#[test]
fn installer_story_upgrade_and_uninstall_under_wine() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../..");
    let setup = root.join(format!("dist/Daicho_{VERSION}_x64-setup.exe"));
    let wine = find_tool(&["/usr/lib/wine/wine64", "wine64"]);
    let wineserver = find_tool(&["/usr/lib/wine/wineserver", "wineserver64", "wineserver"]);
    let gcc = find_tool(&["x86_64-w64-mingw32-gcc"]);
    let (Some(wine), Some(wineserver), Some(gcc)) = (wine, wineserver, gcc) else {
        missing("wine64, wineserver or x86_64-w64-mingw32-gcc is not installed");
        return;
    };
    if !setup.is_file() {
        missing(&format!(
            "{} is not built (bash .ci/package)",
            setup.display()
        ));
        return;
    }
    let w = Wine::new(wine, wineserver);
    w.add_prng_shim(&gcc);

    // Silent per-user install: program files, Start-menu shortcut, uninstall entry.
    install(&w, &setup);
    let program = w.host("AppData/Local/Programs/Daicho");
    assert_files(&program, &PROGRAM_FILES);
    assert!(w.host(START_MENU).join("運用台帳 Daicho.lnk").is_file());
    let key = w
        .uninstall_key()
        .expect("the uninstall entry is registered");
    let install_dir = w.win(r"AppData\Local\Programs\Daicho");
    for line in [
        "\"DisplayName\"=\"運用台帳 Daicho\"".to_string(),
        format!("\"DisplayVersion\"=\"{VERSION}\""),
        format!(
            "\"InstallLocation\"=\"{}\"",
            install_dir.replace('\\', "\\\\")
        ),
        format!(
            "\"QuietUninstallString\"=\"\\\"{}\\\\Uninstall.exe\\\" /S\"",
            install_dir.replace('\\', "\\\\")
        ),
        "\"NoModify\"=dword:00000001".to_string(),
    ] {
        assert!(key.contains(&line), "{line} not in\n{key}");
    }
    assert!(key.contains("\"EstimatedSize\"=dword:"), "{key}");

    let cli = Daicho {
        wine: &w,
        exe: format!(r"{install_dir}\daicho.exe"),
    };
    seed_story(&w, &cli);
    window_reports_missing_webview2(&w, &install_dir);

    // While the window runs (its single-instance mutex exists) the installer
    // refuses, exit code 2; then an upgrade over the installation keeps the data.
    let before = cli.ok(&["list", "incident", "--json"]);
    let mut running = w.hold_app_mutex(&gcc);
    let refused = w.run(setup.to_str().unwrap(), &["/S"]);
    running.kill().unwrap();
    running.wait().unwrap();
    w.wait();
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused));
    install(&w, &setup);
    assert_eq!(cli.ok(&["list", "incident", "--json"]), before);

    // Silent uninstall: the program, shortcut and entry go; the data stays.
    let out = w.run(&format!(r"{install_dir}\Uninstall.exe"), &["/S"]);
    assert!(out.status.success(), "uninstall: {}", text(&out));
    w.wait();
    assert!(
        !program.exists(),
        "{} is left after uninstalling",
        program.display()
    );
    assert!(!w.host(START_MENU).join("運用台帳 Daicho.lnk").exists());
    assert_eq!(w.uninstall_key(), None, "the uninstall entry is left");
    assert_files(&w.host("AppData/Local/Daicho"), &["daicho.db"]);
    assert!(backups(&w) > 0, "the backups are removed");
    assert_files(&w.host("出力 フォルダ"), &["S-0001_障害対応報告書.pdf"]);

    // The portable zip, unpacked anywhere, uses the same per-user database.
    let zip = root.join(format!("dist/Daicho_{VERSION}_x64-portable.zip"));
    let usb = w.host("USB メモリ");
    let unzip = std::process::Command::new("unzip")
        .args(["-q", "-o"])
        .arg(&zip)
        .arg("-d")
        .arg(&usb)
        .output()
        .expect("unzip (installed by .ci/setup)");
    assert!(unzip.status.success(), "unzip: {}", text(&unzip));
    assert_files(
        &usb.join("Daicho"),
        &["daicho-app.exe", "WebView2Loader.dll", "README.txt"],
    );
    let portable = Daicho {
        wine: &w,
        exe: w.win(r"USB メモリ\Daicho\daicho.exe"),
    };
    assert_eq!(portable.ok(&["list", "incident", "--json"]), before);

    // Passed: the prefix (hundreds of MB) is not kept.
    let _ = std::fs::remove_dir_all(&w.prefix);
}

/// The number of files in `%LOCALAPPDATA%\Daicho\backups`.
fn backups(w: &Wine) -> usize {
    std::fs::read_dir(w.host("AppData/Local/Daicho/backups")).map_or(0, |d| d.count())
}

fn install(w: &Wine, setup: &Path) {
    let out = w.run(setup.to_str().unwrap(), &["/S"]);
    assert!(out.status.success(), "installer /S: {}", text(&out));
    w.wait();
}

/// The seed's story through the installed `daicho.exe`, on Windows paths.
fn seed_story(w: &Wine, cli: &Daicho) {
    // An older version's database in Roaming moves once to %LOCALAPPDATA%\Daicho.
    cli.ok(&["--db", &w.win(r"AppData\Roaming\Daicho\daicho.db"), "init"]);
    let out = cli.run(&["demo"]);
    assert!(out.status.success(), "demo: {}", text(&out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("移動しました"), "no move message: {stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("デモデータを作成しました"));
    assert_files(&w.host("AppData/Local/Daicho"), &["daicho.db"]);
    assert!(
        !w.host("AppData/Roaming/Daicho").exists(),
        "the old folder is left"
    );
    assert!(backups(w) > 0, "the daily backup moved along");
    let again = cli.run(&["home"]);
    assert!(
        again.status.success() && again.stderr.is_empty(),
        "{}",
        text(&again)
    );

    // Documents into a folder whose path has Japanese and spaces.
    let docs = "出力 フォルダ";
    std::fs::create_dir_all(w.host(docs)).unwrap();
    cli.ok(&["doc", "S-0001", "--out", &w.win(docs)]);
    cli.ok(&["doc", "C-0001", "--out", &w.win(docs)]);
    assert_files(
        &w.host(docs),
        &[
            "S-0001_障害対応報告書.pdf",
            "S-0001_障害対応報告書.xlsx",
            "C-0001_仕様変更指示書.pdf",
            "C-0001_仕様変更指示書.xlsx",
        ],
    );

    // A folder path longer than MAX_PATH (260): Rust's std prefixes \\?\ itself.
    let long = format!(
        "{docs}/{}",
        ["長いフォルダ名を重ねた出力先の階層"; 15].join("/")
    );
    assert!(w.win(&long).chars().count() > 260);
    std::fs::create_dir_all(w.host(&long)).unwrap();
    cli.ok(&["doc", "S-0001", "--format", "pdf", "--out", &w.win(&long)]);
    assert_files(&w.host(&long), &["S-0001_障害対応報告書.pdf"]);

    // A CRLF mail draft.
    cli.ok(&["mail", "初報", "S-0001", "--out", &w.win(docs)]);
    let mail = std::fs::read_to_string(w.host(docs).join("S-0001_障害連絡_初報.txt")).unwrap();
    assert!(
        mail.contains("\r\n") && !mail.replace("\r\n", "").contains('\n'),
        "not CRLF"
    );

    // The shared root, the ledger workbooks and both reports.
    let shared = "共有 ドライブ";
    std::fs::create_dir_all(w.host(shared)).unwrap();
    cli.ok(&["config", "shared_root", &w.win(shared)]);
    cli.ok(&["export"]);
    cli.ok(&["report", "monthly", "2026-10"]);
    cli.ok(&["report", "weekly", "2026-11-23"]);
    let ops = w.host(shared).join("10-運用・保守");
    assert_files(
        &ops,
        &[
            "インシデント管理/インシデント台帳.xlsx",
            "障害管理/障害管理台帳.xlsx",
            "変更管理/変更管理台帳.xlsx",
            "リリース管理/リリース管理台帳.xlsx",
            "報告/月次報告書_2026年10月.pdf",
            "報告/月次報告書_2026年10月.xlsx",
            "報告/定例会資料_2026年11月23日.pdf",
            "報告/定例会資料_2026年11月23日.xlsx",
        ],
    );

    // A CP932 CSV as Excel writes it, then search and history.
    let csv = "No.,受付日,起票者,部署,件名,内容,状態\r\n\
               I-9001,令和8年11月2日,吉岡,石巻ガス,給与明細の文字化け,丸数字①が崩れる,未着手\r\n";
    std::fs::write(w.host("旧台帳.csv"), encoding_rs::SHIFT_JIS.encode(csv).0).unwrap();
    cli.ok(&["import", &w.win("旧台帳.csv"), "--create-masters"]);
    assert!(cli.ok(&["search", "文字化け"]).contains("I-9001"));
    let hits = cli.ok(&["search", "血液型"]);
    assert!(hits.contains("I-0001") && hits.contains("S-0001"), "{hits}");
    assert!(cli.ok(&["show", "I-9001"]).contains("丸数字①が崩れる"));
    let history = cli.ok(&["history", "I-0001"]);
    assert!(
        history.contains("起票") && history.contains("吉岡"),
        "{history}"
    );
}

/// Wine has no WebView2 runtime: the window must say what to install and exit
/// non-zero, not crash. `DAICHO_NO_DIALOG` prints the message box's text.
fn window_reports_missing_webview2(w: &Wine, install_dir: &str) {
    let out = w
        .command(&format!(r"{install_dir}\daicho-app.exe"))
        .env("DAICHO_NO_DIALOG", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(stderr.contains("WebView2 ランタイム"), "{stderr}");
    assert!(stderr.contains("インストール"), "{stderr}");
}
