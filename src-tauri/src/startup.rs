//! What the user must see before the window exists: a release build on
//! Windows has no console, so start-up failures and notices go to a native
//! message box there (stderr elsewhere). `DAICHO_NO_DIALOG=1` sends them to
//! stderr on Windows too, for the installer checks under Wine, which cannot
//! click a box away.

/// The title of every box.
const TITLE: &str = "運用台帳 Daicho";

/// Environment variable: print messages instead of showing a box.
const NO_DIALOG_ENV: &str = "DAICHO_NO_DIALOG";

/// Tells the user why Daicho cannot start, then exits with status 1.
pub fn fail(message: &str) -> ! {
    show(message, true);
    std::process::exit(1);
}

/// Tells the user something they should know before the window opens.
pub fn notice(message: &str) {
    show(message, false);
}

/// Checks that the system's web view is there (Windows: the Microsoft Edge
/// WebView2 Runtime, which `WebView2Loader.dll` beside the exe looks up);
/// without it the window cannot open, so Daicho says what to install.
pub fn require_webview() {
    if cfg!(windows) {
        if let Err(e) = tauri::webview_version() {
            fail(&format!(
                "Microsoft Edge WebView2 ランタイムが見つからないため、画面を表示できません。\n\n\
                 Microsoft の「WebView2 ランタイム」(Evergreen ブートストラッパー) を\n\
                 https://go.microsoft.com/fwlink/p/?LinkId=2124703 から入手してインストールし、\n\
                 もう一度 Daicho を起動してください。社内 PC の場合は情報システム担当者にご依頼ください。\n\n\
                 (詳細: {e})"
            ));
        }
    }
}

fn show(message: &str, error: bool) {
    let to_stderr =
        !cfg!(windows) || std::env::var_os(NO_DIALOG_ENV).is_some_and(|v| !v.is_empty());
    if to_stderr {
        eprintln!("{message}");
    } else {
        message_box(message, error);
    }
}

#[cfg(windows)]
fn message_box(message: &str, error: bool) {
    use windows_sys::Win32::UI::WindowsAndMessaging::{
        MessageBoxW, MB_ICONERROR, MB_ICONINFORMATION, MB_OK, MB_SETFOREGROUND,
    };
    let wide = |s: &str| s.encode_utf16().chain([0]).collect::<Vec<u16>>();
    let (text, title) = (wide(message), wide(TITLE));
    let icon = if error {
        MB_ICONERROR
    } else {
        MB_ICONINFORMATION
    };
    // SAFETY: both strings are NUL-terminated UTF-16 that outlive the call;
    // a null owner window is allowed.
    unsafe {
        MessageBoxW(
            std::ptr::null_mut(),
            text.as_ptr(),
            title.as_ptr(),
            MB_OK | icon | MB_SETFOREGROUND,
        );
    }
}

#[cfg(not(windows))]
fn message_box(message: &str, _error: bool) {
    eprintln!("{TITLE}: {message}");
}
