//! Document templates as data (TOML): what a form shows and in which order.
//! One [`Template`] drives both the PDF and the xlsx renderer, so the two
//! outputs always agree. The format is documented in `TEMPLATES.md`.
//!
//! Built-in templates are embedded in the binary; a file
//! `<override_dir>/<kind>.toml` replaces the built-in one of the same kind.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::DocError;

/// Kinds that ship with the crate, with their embedded TOML.
const BUILTIN: &[(&str, &str)] = &[
    (
        "failure_report",
        include_str!("../templates/failure_report.toml"),
    ),
    ("change_spec", include_str!("../templates/change_spec.toml")),
    (
        "incident_sheet",
        include_str!("../templates/incident_sheet.toml"),
    ),
    ("defect_list", include_str!("../templates/defect_list.toml")),
    ("test_spec", include_str!("../templates/test_spec.toml")),
    (
        "verification_procedure",
        include_str!("../templates/verification_procedure.toml"),
    ),
    (
        "release_notes",
        include_str!("../templates/release_notes.toml"),
    ),
];

/// The kinds of the built-in templates.
pub fn builtin_kinds() -> Vec<&'static str> {
    BUILTIN.iter().map(|(k, _)| *k).collect()
}

/// Paper orientation (always A4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Paper {
    /// A4 portrait (default).
    #[default]
    Portrait,
    /// A4 landscape, for wide tables.
    Landscape,
}

impl Paper {
    /// Width and height in millimetres.
    pub fn size_mm(self) -> (f32, f32) {
        match self {
            Paper::Portrait => (210.0, 297.0),
            Paper::Landscape => (297.0, 210.0),
        }
    }
}

/// How a value is formatted for display.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueFormat {
    /// As is (dates as `2022/9/22`).
    #[default]
    Plain,
    /// Numbers with thousands separators (`1,234,000`).
    Money,
}

/// A document template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    /// Document title printed at the top (`障害対応報告書`).
    pub title: String,
    /// A4 orientation.
    #[serde(default)]
    pub paper: Paper,
    /// Issuer line under the title; `{issuer}` is replaced by the
    /// company/team name given at render time.
    #[serde(default)]
    pub issuer: Option<String>,
    /// Stamp boxes printed top-right, e.g. `["作成", "確認", "承認"]`.
    #[serde(default)]
    pub stamps: Vec<String>,
    /// Footer texts; `{page}` and `{pages}` are replaced.
    #[serde(default)]
    pub footer: Footer,
    /// Body sections, in order.
    #[serde(default)]
    pub sections: Vec<Section>,
}

/// Footer line of every page.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Footer {
    /// Left text, e.g. `社外秘`.
    #[serde(default)]
    pub left: Option<String>,
    /// Centre text, e.g. `page {page} / {pages}`.
    #[serde(default)]
    pub center: Option<String>,
    /// Right text.
    #[serde(default)]
    pub right: Option<String>,
}

/// A body section: an optional heading, a grid of labelled fields, and/or a table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Heading bar text (none = fields continue the previous grid).
    #[serde(default)]
    pub heading: Option<String>,
    /// How many label/value pairs share one row of the grid.
    #[serde(default = "one")]
    pub columns: u8,
    /// Width of a label cell as a share of one grid cell, in percent.
    #[serde(default = "default_label_percent")]
    pub label_percent: u8,
    /// Labelled fields, filled left to right, top to bottom.
    #[serde(default)]
    pub fields: Vec<FieldSpec>,
    /// A repeating table printed after the fields.
    #[serde(default)]
    pub table: Option<TableSpec>,
}

/// One labelled field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldSpec {
    /// Label shown to the left of the value.
    pub label: String,
    /// Key in [`crate::DocData::fields`].
    pub key: String,
    /// Multi-line text: takes the whole row unless `span` says otherwise and
    /// reserves `lines` lines even when empty.
    #[serde(default)]
    pub multiline: bool,
    /// Grid cells this field spans (default 1; multi-line: the whole row).
    #[serde(default)]
    pub span: Option<u8>,
    /// Minimum number of text lines (default 1; multi-line: 3).
    #[serde(default)]
    pub lines: Option<u8>,
    /// Value format.
    #[serde(default)]
    pub format: ValueFormat,
    /// Unit printed after a non-empty value (`円`, `人日`).
    #[serde(default)]
    pub suffix: Option<String>,
}

/// A repeating table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableSpec {
    /// Key in [`crate::DocData::tables`].
    pub key: String,
    /// Columns, left to right.
    pub columns: Vec<ColumnSpec>,
    /// Rows printed at least (blank rows for hand-filling).
    #[serde(default)]
    pub min_rows: u16,
}

/// A table column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnSpec {
    /// Header text.
    pub label: String,
    /// Key in each row.
    pub key: String,
    /// Relative width (the widths of a table share its full width).
    #[serde(default = "default_width")]
    pub width: f32,
    /// Value format.
    #[serde(default)]
    pub format: ValueFormat,
}

fn one() -> u8 {
    1
}
fn default_label_percent() -> u8 {
    30
}
fn default_width() -> f32 {
    10.0
}

impl FieldSpec {
    /// Grid cells used in a section with `columns` cells per row.
    pub fn span_in(&self, columns: u8) -> u8 {
        let default = if self.multiline { columns } else { 1 };
        self.span.unwrap_or(default).clamp(1, columns.max(1))
    }

    /// Minimum text lines.
    pub fn min_lines(&self) -> usize {
        usize::from(
            self.lines
                .unwrap_or(if self.multiline { 3 } else { 1 })
                .max(1),
        )
    }
}

impl Section {
    /// Fields grouped into grid rows (a field never straddles two rows).
    pub fn field_rows(&self) -> Vec<Vec<&FieldSpec>> {
        let cols = self.columns.max(1);
        let mut rows: Vec<Vec<&FieldSpec>> = Vec::new();
        let mut used = cols;
        for f in &self.fields {
            let span = f.span_in(cols);
            if used + span > cols {
                rows.push(Vec::new());
                used = 0;
            }
            rows.last_mut().expect("row pushed").push(f);
            used += span;
        }
        rows
    }
}

impl Template {
    /// Parses and checks a template. `source` names it in error messages.
    pub fn parse(text: &str, source: &str) -> Result<Template, DocError> {
        let t: Template = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| line_of(text, s.start));
            DocError::Template {
                source_name: source.to_owned(),
                line,
                message: e.message().trim().to_owned(),
            }
        })?;
        t.validate(text, source)?;
        Ok(t)
    }

    fn validate(&self, text: &str, source: &str) -> Result<(), DocError> {
        // Semantic errors have no span from toml: point at the first line that
        // mentions the offending key, which is what a person editing needs.
        let err = |needle: &str, message: String| DocError::Template {
            source_name: source.to_owned(),
            line: text.find(needle).map(|i| line_of(text, i)),
            message,
        };
        if self.title.trim().is_empty() {
            return Err(err("title", "title is empty".into()));
        }
        for (i, s) in self.sections.iter().enumerate() {
            let name = s.heading.clone().unwrap_or_else(|| format!("#{}", i + 1));
            if s.fields.is_empty() && s.table.is_none() {
                return Err(err(
                    s.heading.as_deref().unwrap_or("[[sections]]"),
                    format!("section {name}: has neither fields nor table"),
                ));
            }
            if s.columns == 0 || s.columns > 6 {
                return Err(err(
                    "columns",
                    format!("section {name}: columns must be 1..=6"),
                ));
            }
            if !(10..=90).contains(&s.label_percent) {
                return Err(err(
                    "label_percent",
                    format!("section {name}: label_percent must be 10..=90"),
                ));
            }
            for f in &s.fields {
                if f.key.trim().is_empty() {
                    return Err(err(&f.label, format!("field {}: key is empty", f.label)));
                }
            }
            if let Some(t) = &s.table {
                if t.columns.is_empty() || t.columns.len() > 24 {
                    return Err(err(
                        &t.key,
                        format!("table {}: needs 1..=24 columns", t.key),
                    ));
                }
                for c in &t.columns {
                    if c.width.is_nan() || c.width <= 0.0 || c.width.is_infinite() {
                        return Err(err(
                            &c.key,
                            format!("table {} column {}: width must be > 0", t.key, c.key),
                        ));
                    }
                }
            }
        }
        crate::template_limits::check_limits(self)
            .map_err(|(needle, message)| err(&needle, message))
    }

    /// The built-in template of `kind`, if there is one.
    pub fn builtin(kind: &str) -> Option<Template> {
        BUILTIN.iter().find(|(k, _)| *k == kind).map(|(k, text)| {
            Template::parse(text, &format!("{k}.toml")).expect("built-in template is valid")
        })
    }
}

/// Loads the template of `kind`: `<override_dir>/<kind>.toml` when that file
/// exists, else the built-in one.
pub fn load_template(kind: &str, override_dir: Option<&Path>) -> Result<Template, DocError> {
    if let Some(dir) = override_dir {
        let path = dir.join(format!("{kind}.toml"));
        if path.is_file() {
            let text = std::fs::read_to_string(&path).map_err(|e| DocError::io(&path, e))?;
            return Template::parse(&text, &path.display().to_string());
        }
    }
    Template::builtin(kind).ok_or_else(|| DocError::UnknownKind(kind.to_owned()))
}

/// 1-based line number of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtins_parse() {
        for k in builtin_kinds() {
            let t = Template::builtin(k).unwrap();
            assert!(!t.sections.is_empty(), "{k}");
        }
    }

    #[test]
    fn unknown_key_names_the_line() {
        let text =
            "title = \"x\"\n\n[[sections]]\nfields = [\n  { label = \"a\", kye = \"b\" },\n]\n";
        let e = Template::parse(text, "t.toml").unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains("t.toml"), "{msg}");
        assert!(msg.contains("5"), "{msg}");
        assert!(msg.contains("kye"), "{msg}");
    }

    #[test]
    fn grid_rows_never_split_a_field() {
        let text = r#"title = "x"
[[sections]]
columns = 2
fields = [
  { label = "a", key = "a" },
  { label = "b", key = "b", multiline = true },
  { label = "c", key = "c" },
  { label = "d", key = "d" },
  { label = "e", key = "e" },
]"#;
        let t = Template::parse(text, "t").unwrap();
        let rows: Vec<Vec<&str>> = t.sections[0]
            .field_rows()
            .iter()
            .map(|r| r.iter().map(|f| f.key.as_str()).collect())
            .collect();
        assert_eq!(rows, vec![vec!["a"], vec!["b"], vec!["c", "d"], vec!["e"]]);
    }
}
