//! PDF output checked with poppler (`pdftotext`, `pdffonts`, `pdftoppm`).

mod common;

use common::*;
use daicho_docs::{load_template, render_pdf, DocData, RenderOptions};

fn opts() -> RenderOptions {
    RenderOptions {
        issuer: "株式会社サンプル 運用保守チーム".into(),
    }
}

/// Asserts that each needle occurs in `hay`, in this order.
fn assert_in_order(hay: &str, needles: &[String]) {
    let mut pos = 0;
    for n in needles {
        match hay[pos..].find(n.as_str()) {
            Some(i) => pos += i + n.len(),
            None => panic!("{n:?} not found after byte {pos} in:\n{hay}"),
        }
    }
}

/// pdftotext output with line breaks and spaces removed, so wrapped values compare.
fn flat_text(path: &std::path::Path) -> Option<String> {
    let t = tool("pdftotext", ["-layout", path.to_str().unwrap(), "-"])?;
    Some(t.chars().filter(|c| !c.is_whitespace()).collect())
}

/// Renders `pdf` to `<name>-N.png` at 60 dpi for a look; the number of pages
/// written (None without pdftoppm).
fn pngs(pdf: &std::path::Path, name: &str) -> Option<usize> {
    let prefix = out_dir().join(name);
    tool(
        "pdftoppm",
        [
            "-png",
            "-r",
            "60",
            pdf.to_str().unwrap(),
            prefix.to_str().unwrap(),
        ],
    )?;
    let count = std::fs::read_dir(out_dir())
        .unwrap()
        .filter(|e| {
            let n = e.as_ref().unwrap().file_name().into_string().unwrap();
            n.starts_with(&format!("{name}-")) && n.ends_with(".png")
        })
        .count();
    Some(count)
}

fn flat(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn failure_report_gives_back_every_value_in_order() {
    let t = load_template("failure_report", None).unwrap();
    let data = failure_report(60);
    let (bytes, report) = render_pdf(&t, &data, &opts());
    assert!(
        report.missing_glyphs.is_empty(),
        "{:?}",
        report.missing_glyphs
    );
    assert_eq!(report.pages, 4, "60 timeline rows continue over pages");
    let path = out_dir().join("failure_report.pdf");
    std::fs::write(&path, &bytes).unwrap();

    let Some(text) = flat_text(&path) else {
        return;
    };
    let mut expected = vec![
        flat("障害対応報告書"),
        flat("株式会社サンプル 運用保守チーム"),
    ];
    for s in &t.sections {
        for f in &s.fields {
            expected.push(flat(&f.label));
            expected.push(flat(&data.field(&f.key).display(false)));
        }
        if let Some(tab) = &s.table {
            for row in data.tables.get(&tab.key).into_iter().flatten() {
                for col in &tab.columns {
                    if let Some(v) = row.get(&col.key) {
                        expected.push(flat(&v.display(false)));
                    }
                }
            }
        }
    }
    assert_in_order(&text, &expected);
    assert!(text.contains(&format!("page1/{}", report.pages)));
    assert!(text.contains(&format!("page{0}/{0}", report.pages)));
    // The header row is repeated on every page the timeline continues on.
    let raw = tool("pdftotext", ["-layout", path.to_str().unwrap(), "-"]).unwrap();
    let pages: Vec<&str> = raw.split('\u{c}').collect();
    assert!(pages[1].contains("タイムライン（続き）") && pages[1].contains("対応内容"));

    let fonts = tool("pdffonts", [path.to_str().unwrap()]).unwrap();
    let font_lines: Vec<&str> = fonts.lines().skip(2).collect();
    assert_eq!(font_lines.len(), 2, "regular and bold: {fonts}");
    for l in font_lines {
        let cols: Vec<&str> = l.split_whitespace().collect();
        assert!(l.contains("NotoSansJP"), "{l}");
        assert!(
            cols[0].len() > 7 && cols[0].as_bytes()[6] == b'+',
            "subset tag: {l}"
        );
        assert_eq!(cols[cols.len() - 5], "yes", "embedded: {l}");
        assert_eq!(cols[cols.len() - 4], "yes", "subset: {l}");
    }
    assert!(
        bytes.len() < 400_000,
        "subset PDF is small: {}",
        bytes.len()
    );

    let pngs = pngs(&path, "failure_report");
    if let Some(pngs) = pngs {
        assert_eq!(pngs, report.pages);
    }
}

#[test]
fn every_builtin_renders_blank_and_filled() {
    for kind in daicho_docs::template::builtin_kinds() {
        let t = load_template(kind, None).unwrap();
        let (bytes, report) = render_pdf(&t, &DocData::new(), &opts());
        // Blank forms keep room for hand-filling: three of them take 2 pages.
        let pages = match kind {
            "failure_report" | "verification_procedure" | "test_spec" => 2,
            _ => 1,
        };
        assert_eq!(report.pages, pages, "{kind}");
        let path = out_dir().join(format!("{kind}_blank.pdf"));
        std::fs::write(&path, &bytes).unwrap();
        if let Some(text) = flat_text(&path) {
            assert!(text.contains(&flat(&t.title)), "{kind}");
            for s in &t.sections {
                for f in &s.fields {
                    assert!(text.contains(&flat(&f.label)), "{kind}: {}", f.label);
                }
            }
        }
    }
}

#[test]
fn missing_glyphs_are_reported() {
    let t = load_template("incident_sheet", None).unwrap();
    // U+2A6D6 (CJK ext. B) and an emoji are not in Noto Sans JP.
    let data = DocData::new().with("summary", "絵文字😀と\u{2A6D6}を含む。𠮷野家は表示できる。");
    let (_bytes, report) = render_pdf(&t, &data, &opts());
    assert!(
        report.missing_glyphs.contains(&'😀'),
        "{:?}",
        report.missing_glyphs
    );
    assert!(
        report.missing_glyphs.contains(&'\u{2A6D6}'),
        "{:?}",
        report.missing_glyphs
    );
    assert!(!report.missing_glyphs.contains(&'𠮷'));
    assert!(!report.missing_glyphs.contains(&'絵'));
}

#[test]
fn long_paragraph_splits_over_pages_and_keeps_kinsoku() {
    let t = load_template("incident_sheet", None).unwrap();
    let sentence = "利用者から「月次の勤怠集計（残業時間）が合わない」との問い合わせがあった。確認したところ、ちょっとした設定の違いで、シフト勤務者の深夜帯（22:00〜5:00）が二重に計上されていた。";
    let summary = sentence.repeat(40);
    let data = DocData::new()
        .with("no", "I-0100")
        .with("title", "勤怠集計の不一致")
        .with("summary", summary.as_str())
        .with(
            "closure_condition",
            "集計結果が給与システムと一致すること。",
        );
    let (bytes, report) = render_pdf(&t, &data, &opts());
    assert_eq!(report.pages, 2);
    let path = out_dir().join("long_paragraph.pdf");
    std::fs::write(&path, &bytes).unwrap();
    let Some(raw) = tool("pdftotext", ["-raw", path.to_str().unwrap(), "-"]) else {
        return;
    };
    // The whole summary comes back, and the closure condition after it.
    // Remove what the page break inserts: the footer and the repeated heading.
    let text = flat(&raw)
        .replace(&format!("page1/{}", report.pages), "")
        .replace("内容（続き）概要", "");
    assert_in_order(
        &text,
        &[
            flat(&summary),
            flat("集計結果が給与システムと一致すること。"),
        ],
    );
    for line in raw.lines() {
        let first = line.chars().next().unwrap_or(' ');
        assert!(
            !"、。，．）」』】ー・ぁぃぅぇぉっゃゅょァィゥェォッャュョ".contains(first),
            "line starts with {first}: {line}"
        );
        let last = line.chars().last().unwrap_or(' ');
        assert!(!"（「『【".contains(last), "line ends with {last}: {line}");
    }
    pngs(&path, "long_paragraph");
}
