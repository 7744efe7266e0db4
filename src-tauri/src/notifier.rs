//! Desktop notifications while the window runs: once a minute, the SLA items
//! that reached 要注意 or 超過 and the failure notices past their 次報予定,
//! each raised once per threshold (`daicho_reports::escalation` remembers
//! which in the database, so a restart does not repeat them).

use std::time::Duration;

use tauri::{AppHandle, Manager};
use tauri_plugin_notification::NotificationExt;

use crate::state::Db;

/// Seconds between checks (`DAICHO_NOTIFY_SECS`, default 60).
fn interval() -> Duration {
    let secs = std::env::var("DAICHO_NOTIFY_SECS")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .filter(|s| *s > 0)
        .unwrap_or(60);
    Duration::from_secs(secs)
}

/// Starts the background check; it ends with the process.
pub fn start(app: AppHandle) {
    std::thread::spawn(move || {
        std::thread::sleep(Duration::from_secs(5));
        loop {
            check(&app);
            std::thread::sleep(interval());
        }
    });
}

fn check(app: &AppHandle) {
    let db = app.state::<Db>();
    let due = tauri::async_runtime::block_on(db.run(|d| {
        let list = daicho_reports::escalation::escalations(d)?;
        daicho_reports::escalation::take_notifications(d, &list)
    }));
    // A failed check (database busy, rules being edited) is retried next time.
    let Ok(due) = due else { return };
    for n in due {
        let _ = app
            .notification()
            .builder()
            .title(format!("運用台帳: {}", n.title))
            .body(n.body)
            .show();
    }
}
