//! Bounds of a template override, so an edited `<kind>.toml` (many stamp
//! boxes, a huge or negative size) is refused with a message naming the
//! key, never a panic or a page that cannot be laid out.

use crate::template::Template;

/// Stamp boxes that fit beside the title (PDF and xlsx).
pub const MAX_STAMPS: usize = 5;
/// Characters of a stamp box label.
pub const MAX_STAMP_LABEL: usize = 6;
/// Characters of the title.
pub const MAX_TITLE: usize = 60;
/// Minimum text lines of a field (more would not fit on a page).
pub const MAX_LINES: u8 = 30;
/// Blank rows printed at least in a table.
pub const MAX_MIN_ROWS: u16 = 200;
/// Relative column widths.
pub const WIDTH_RANGE: std::ops::RangeInclusive<f32> = 0.1..=1000.0;
/// Sections, and fields of one section.
pub const MAX_SECTIONS: usize = 60;
pub const MAX_FIELDS: usize = 200;

/// (text to find the line by, message) of the first bound broken.
pub fn check_limits(t: &Template) -> Result<(), (String, String)> {
    let fail = |needle: &str, message: String| Err((needle.to_owned(), message));
    if t.title.chars().count() > MAX_TITLE {
        return fail(
            "title",
            format!("title is longer than {MAX_TITLE} characters"),
        );
    }
    if t.stamps.len() > MAX_STAMPS {
        return fail(
            "stamps",
            format!(
                "stamps: at most {MAX_STAMPS} boxes (found {})",
                t.stamps.len()
            ),
        );
    }
    for s in &t.stamps {
        let n = s.trim().chars().count();
        if n == 0 || n > MAX_STAMP_LABEL {
            return fail(
                "stamps",
                format!("stamps: each label needs 1..={MAX_STAMP_LABEL} characters (\"{s}\")"),
            );
        }
    }
    if t.sections.len() > MAX_SECTIONS {
        return fail("[[sections]]", format!("at most {MAX_SECTIONS} sections"));
    }
    for s in &t.sections {
        if s.fields.len() > MAX_FIELDS {
            return fail(
                "fields",
                format!("at most {MAX_FIELDS} fields in a section"),
            );
        }
        for f in &s.fields {
            if f.lines.is_some_and(|l| l == 0 || l > MAX_LINES) {
                return fail(
                    &f.label,
                    format!("field {}: lines must be 1..={MAX_LINES}", f.label),
                );
            }
            if f.span == Some(0) {
                return fail(
                    &f.label,
                    format!("field {}: span must be 1 or more", f.label),
                );
            }
        }
        if let Some(table) = &s.table {
            if table.min_rows > MAX_MIN_ROWS {
                return fail(
                    "min_rows",
                    format!("table {}: min_rows must be 0..={MAX_MIN_ROWS}", table.key),
                );
            }
            for c in &table.columns {
                if !WIDTH_RANGE.contains(&c.width) {
                    return fail(
                        &c.key,
                        format!(
                            "table {} column {}: width must be {}..={}",
                            table.key,
                            c.key,
                            WIDTH_RANGE.start(),
                            WIDTH_RANGE.end()
                        ),
                    );
                }
            }
        }
    }
    Ok(())
}
