//! A plain table (title, columns, typed cells): the common shape the PDF and
//! xlsx writers render, so both outputs show the same figures.

use chrono::NaiveDate;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Cell {
    Empty,
    Int(i64),
    /// A number shown with `decimals` places.
    Num {
        value: f64,
        decimals: usize,
    },
    Date(NaiveDate),
    Text(String),
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    pub fn num(v: Option<f64>, decimals: usize) -> Cell {
        match v {
            Some(value) if value.is_finite() => Cell::Num { value, decimals },
            _ => Cell::Empty,
        }
    }

    pub fn count(n: usize) -> Cell {
        Cell::Int(n as i64)
    }

    pub fn date(d: Option<NaiveDate>) -> Cell {
        d.map(Cell::Date).unwrap_or(Cell::Empty)
    }

    /// As printed: `2026/10/5`, `1,234`, `12.5`, `—` for empty numbers.
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Int(i) => group(&i.to_string()),
            Cell::Num { value, decimals } => {
                let s = format!("{value:.decimals$}");
                match s.split_once('.') {
                    Some((i, f)) => format!("{}.{f}", group(i)),
                    None => group(&s),
                }
            }
            Cell::Date(d) => d.format("%Y/%-m/%-d").to_string(),
            Cell::Text(s) => s.clone(),
        }
    }

    pub fn is_numeric(&self) -> bool {
        matches!(self, Cell::Int(_) | Cell::Num { .. })
    }
}

/// `1234567` → `1,234,567` (keeps a leading minus).
fn group(digits: &str) -> String {
    let (sign, d) = match digits.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", digits),
    };
    let mut out = String::new();
    for (i, c) in d.chars().enumerate() {
        if i > 0 && (d.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{sign}{out}")
}

/// A titled table with relative column widths.
#[derive(Debug, Clone, Serialize)]
pub struct Table {
    pub title: String,
    pub columns: Vec<String>,
    /// Relative widths (PDF) / character widths (xlsx), one per column.
    pub widths: Vec<f32>,
    pub rows: Vec<Vec<Cell>>,
    /// Shown when there are no rows.
    pub empty_note: String,
    /// The PDF prints at most this many rows (the first ones, so order the
    /// rows by urgency) and a 「他 N 件」 line; the xlsx has them all.
    pub pdf_limit: Option<usize>,
}

impl Table {
    pub fn new(title: &str, columns: &[(&str, f32)]) -> Table {
        Table {
            title: title.to_string(),
            columns: columns.iter().map(|(c, _)| c.to_string()).collect(),
            widths: columns.iter().map(|(_, w)| *w).collect(),
            rows: Vec::new(),
            empty_note: "該当なし".to_string(),
            pdf_limit: None,
        }
    }

    /// Limits the PDF to the first `n` rows (see [`Table::pdf_limit`]).
    pub fn pdf_limit(mut self, n: usize) -> Table {
        self.pdf_limit = Some(n);
        self
    }

    /// The rows the PDF prints, and how many it leaves out.
    pub fn pdf_rows(&self) -> (&[Vec<Cell>], usize) {
        let n = self.pdf_limit.unwrap_or(usize::MAX).min(self.rows.len());
        (&self.rows[..n], self.rows.len() - n)
    }

    /// A table with its rows.
    pub fn with_rows(
        title: &str,
        columns: &[(&str, f32)],
        rows: impl IntoIterator<Item = Vec<Cell>>,
    ) -> Table {
        let mut t = Table::new(title, columns);
        for r in rows {
            t.row(r);
        }
        t
    }

    pub fn row(&mut self, cells: Vec<Cell>) {
        debug_assert_eq!(cells.len(), self.columns.len(), "{}", self.title);
        self.rows.push(cells);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_grouped() {
        assert_eq!(Cell::Int(1234567).display(), "1,234,567");
        assert_eq!(Cell::Int(-1000).display(), "-1,000");
        assert_eq!(Cell::num(Some(1234.5), 1).display(), "1,234.5");
        assert_eq!(Cell::num(None, 1).display(), "");
    }
}

#[cfg(test)]
mod limit_tests {
    use super::*;

    #[test]
    fn the_pdf_keeps_the_first_rows_and_counts_the_rest() {
        let t = Table::with_rows("t", &[("n", 1.0)], (0..45).map(|i| vec![Cell::Int(i)]));
        assert_eq!(t.pdf_rows().0.len(), 45);
        let t = t.pdf_limit(40);
        let (rows, rest) = t.pdf_rows();
        assert_eq!((rows.len(), rest), (40, 5));
        assert_eq!(rows[39][0], Cell::Int(39));
        assert_eq!(t.rows.len(), 45, "the xlsx keeps every row");
    }
}
