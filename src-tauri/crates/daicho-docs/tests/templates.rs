//! Template overrides: a changed label and an added field reach both outputs;
//! a broken template is reported with its line.

mod common;

use calamine::{open_workbook, Reader, Xlsx};
use common::*;
use daicho_docs::{load_template, render_pdf, render_xlsx, DocError, RenderOptions};

const BUILTIN: &str = include_str!("../templates/failure_report.toml");

#[test]
fn override_changes_label_and_adds_field_in_pdf_and_xlsx() {
    let dir = tempfile::tempdir().unwrap();
    let text = BUILTIN
        .replace("{ label = \"タイトル\", key = \"title\", span = 2 },", "{ label = \"件名\", key = \"title\", span = 2 },\n  { label = \"社内管理番号\", key = \"internal_no\", span = 2 },");
    assert_ne!(text, BUILTIN);
    std::fs::write(dir.path().join("failure_report.toml"), text).unwrap();
    let t = load_template("failure_report", Some(dir.path())).unwrap();
    let mut data = failure_report(2);
    data.set("internal_no", "KAN-2022-0815");
    let opts = RenderOptions::default();

    let (pdf, _) = render_pdf(&t, &data, &opts);
    let pdf_path = out_dir().join("override.pdf");
    std::fs::write(&pdf_path, pdf).unwrap();
    if let Some(txt) = tool("pdftotext", [pdf_path.to_str().unwrap(), "-"]) {
        assert!(txt.contains("件名"), "{txt}");
        assert!(
            txt.contains("社内管理番号") && txt.contains("KAN-2022-0815"),
            "{txt}"
        );
        assert!(!txt.contains("タイトル"));
    }

    let (xlsx, _) = render_xlsx(&t, &data, &opts).unwrap();
    let xlsx_path = out_dir().join("override.xlsx");
    std::fs::write(&xlsx_path, xlsx).unwrap();
    let mut wb: Xlsx<_> = open_workbook(&xlsx_path).unwrap();
    let range = wb.worksheet_range("障害対応報告書").unwrap();
    let cells: Vec<String> = range.cells().map(|(_, _, c)| c.to_string()).collect();
    assert!(cells.iter().any(|c| c == "件名"));
    assert!(cells.iter().any(|c| c == "社内管理番号"));
    assert!(cells.iter().any(|c| c == "KAN-2022-0815"));
    assert!(!cells.iter().any(|c| c == "タイトル"));
}

#[test]
fn builtin_is_used_without_override_file() {
    let dir = tempfile::tempdir().unwrap();
    let t = load_template("change_spec", Some(dir.path())).unwrap();
    assert_eq!(t.title, "仕様変更指示書");
    assert!(matches!(
        load_template("nope", None),
        Err(DocError::UnknownKind(_))
    ));
}

#[test]
fn broken_templates_name_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("failure_report.toml");
    // Line 17: a misspelled key (unknown keys are rejected).
    let lines: Vec<String> = BUILTIN
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i == 16 {
                l.replace("key =", "kye =")
            } else {
                l.to_owned()
            }
        })
        .collect();
    assert!(lines[16].contains("kye"), "{}", lines[16]);
    std::fs::write(&path, lines.join("\n")).unwrap();
    let err = load_template("failure_report", Some(dir.path())).unwrap_err();
    let (en, ja) = (err.to_string(), err.message_ja());
    assert!(
        en.contains("failure_report.toml") && en.contains("line 17") && en.contains("kye"),
        "{en}"
    );
    assert!(ja.contains("17 行目"), "{ja}");

    // A syntax error.
    std::fs::write(&path, "title = \"x\"\npaper = portrait\n").unwrap();
    let err = load_template("failure_report", Some(dir.path())).unwrap_err();
    assert!(err.to_string().contains("line 2"), "{err}");

    // A bad value.
    std::fs::write(&path, "title = \"x\"\npaper = \"a3\"\n").unwrap();
    let err = load_template("failure_report", Some(dir.path())).unwrap_err();
    assert!(err.to_string().contains("line 2"), "{err}");

    // A semantic error without a span still points at a line.
    std::fs::write(&path, "title = \"x\"\n\n[[sections]]\nheading = \"空\"\n").unwrap();
    let err = load_template("failure_report", Some(dir.path())).unwrap_err();
    assert!(err.to_string().contains("line 4"), "{err}");
}

/// Overrides a user might save by mistake: each is refused with its line,
/// and the largest allowed stamp row still renders in both formats.
#[test]
fn hostile_overrides_are_refused_not_a_panic() {
    let stamps = |n: usize| {
        let labels: Vec<String> = (0..n).map(|i| format!("\"印{i}\"")).collect();
        format!("title = \"x\"\nstamps = [{}]\n", labels.join(", "))
    };
    let table = |extra: &str| {
        format!("title = \"x\"\n[[sections]]\n[sections.table]\nkey = \"t\"\n{extra}\ncolumns = [{{ label = \"a\", key = \"a\", width = 10.0 }}]\n")
    };
    let cases = [
        (stamps(12), "stamps"),
        ("title = \"x\"\nstamps = [\"\"]\n".to_string(), "stamps"),
        ("title = \"x\"\nstamps = [\"とても長い押印欄\"]\n".to_string(), "stamps"),
        (format!("title = \"{}\"\n", "長".repeat(200)), "title"),
        (table("min_rows = 60000"), "min_rows"),
        (table("").replace("10.0", "1e30"), "width"),
        (table("").replace("10.0", "-5.0"), "width"),
        ("title = \"x\"\n[[sections]]\nfields = [{ label = \"a\", key = \"a\", lines = 250 }]\n".to_string(), "lines"),
        ("title = \"x\"\n[[sections]]\nfields = [{ label = \"a\", key = \"a\", span = 0 }]\n".to_string(), "span"),
        ("title = \"x\"\n[[sections]]\nfields = [{ label = \"a\", key = \"a\", lines = -1 }]\n".to_string(), "line"),
        ("title = \"x\"\n[[sections]]\ncolumns = 300\nfields = [{ label = \"a\", key = \"a\" }]\n".to_string(), "line"),
    ];
    for (text, expect) in &cases {
        let e = daicho_docs::Template::parse(text, "t.toml").expect_err(text);
        assert!(e.to_string().contains(expect), "{text}: {e}");
        assert!(e.message_ja().contains("行目"), "{}", e.message_ja());
    }
    let mut t = load_template("failure_report", None).unwrap();
    t.stamps = (0..5).map(|i| format!("承認{i}")).collect();
    let data = failure_report(1);
    let opts = RenderOptions::default();
    let (pdf, report) = render_pdf(&t, &data, &opts);
    assert!(pdf.starts_with(b"%PDF") && report.pages >= 1);
    assert!(render_xlsx(&t, &data, &opts).is_ok());
}
