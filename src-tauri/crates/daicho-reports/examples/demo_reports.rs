//! Writes the 月次報告書 and the 定例会 pack of the demo data into a folder,
//! for looking at the layout: `cargo run -p daicho-reports --example
//! demo_reports -- OUT_DIR [2026-10] [2026-11-23]`.

use chrono::NaiveDate;
use daicho_core::Daicho;
use daicho_export::{Destination, DocFormat};
use daicho_reports::{settings, write_monthly, write_weekly, YearMonth};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let out = std::path::PathBuf::from(args.first().map(String::as_str).unwrap_or("."));
    let month = YearMonth::parse(args.get(1).map(String::as_str).unwrap_or("2026-10"))?;
    let meeting = NaiveDate::parse_from_str(
        args.get(2).map(String::as_str).unwrap_or("2026-11-23"),
        "%Y-%m-%d",
    )?;
    let now = NaiveDate::from_ymd_opt(2026, 11, 25)
        .and_then(|d| d.and_hms_opt(10, 0, 0))
        .expect("valid");
    let mut d = Daicho::open_in_memory()?;
    d.set_now(Some(now));
    daicho_core::demo::fill(&mut d, 300, 7)?;
    d.set_now(Some(now));
    settings::set_findings(
        &mut d,
        month,
        "問い合わせの起票から切り分けまでに時間がかかっています。定例会前日までに一次回答の案を用意し、初動のSLA達成率を上げます。\n給与明細の障害が続いたため、根本原因分類「設計」の再発防止策の効果確認を11月中に行います。",
    )?;
    let formats = [DocFormat::Pdf, DocFormat::Xlsx];
    let (_, w) = write_monthly(&d, month, &formats, &Destination::Folder(out.clone()))?;
    let (_, w2) = write_weekly(&d, meeting, &formats, &Destination::Folder(out))?;
    for x in w.iter().chain(&w2) {
        println!(
            "{} ({} pages, missing {:?})",
            x.path.display(),
            x.pages,
            x.missing_glyphs
        );
    }
    Ok(())
}
