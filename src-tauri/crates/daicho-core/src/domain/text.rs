//! Text folding and the n-gram keys of the full-text index.
//!
//! Japanese has no spaces, so word tokenizers find nothing. We fold text with
//! NFKC (全角/半角, half-width katakana) and lower case, then index every
//! overlapping character pair (bigram) plus the last character. A query of
//! n ≥ 2 characters becomes a phrase of its n−1 bigrams — an exact substring
//! match through the index — and a one-character query a prefix match. Each
//! gram is spelled as ASCII (base-36 code points) so SQLite's tokenizer keeps
//! it whole whatever the characters are.

use super::value::nfkc;

/// Folds for search: NFKC, lower case, whitespace runs to one space.
pub fn fold(s: &str) -> String {
    let n = nfkc(s).to_lowercase();
    let mut out = String::with_capacity(n.len());
    let mut space = false;
    for c in n.chars() {
        if c.is_whitespace() {
            if !space && !out.is_empty() {
                out.push(' ');
            }
            space = true;
        } else {
            out.push(c);
            space = false;
        }
    }
    out.trim_end().to_string()
}

fn code(c: char) -> String {
    // Base 36, 4 digits: covers every code point (36^4 > 0x10FFFF).
    let mut n = c as u32;
    let mut buf = [b'0'; 4];
    for slot in buf.iter_mut().rev() {
        let d = (n % 36) as u8;
        *slot = if d < 10 { b'0' + d } else { b'a' + d - 10 };
        n /= 36;
    }
    String::from_utf8(buf.to_vec()).expect("ascii")
}

/// The index keys of a text: `g` + bigram codes, and the last character alone.
pub fn index_terms(text: &str) -> String {
    let chars: Vec<char> = fold(text).chars().filter(|c| *c != ' ').collect();
    let mut out = String::new();
    for w in chars.windows(2) {
        out.push('g');
        out.push_str(&code(w[0]));
        out.push_str(&code(w[1]));
        out.push(' ');
    }
    if let Some(last) = chars.last() {
        out.push('g');
        out.push_str(&code(*last));
    }
    out
}

/// The FTS5 MATCH expression for a user query, or None when it has no
/// searchable characters. Space-separated words must all match (AND).
pub fn match_query(query: &str) -> Option<String> {
    let folded = fold(query);
    let mut parts = Vec::new();
    for word in folded.split(' ').filter(|w| !w.is_empty()) {
        let chars: Vec<char> = word.chars().collect();
        if chars.len() == 1 {
            parts.push(format!("g{}*", code(chars[0])));
        } else {
            let grams: Vec<String> = chars
                .windows(2)
                .map(|w| format!("g{}{}", code(w[0]), code(w[1])))
                .collect();
            parts.push(format!("\"{}\"", grams.join(" ")));
        }
    }
    if parts.is_empty() {
        None
    } else {
        Some(parts.join(" AND "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_joins_width_variants() {
        assert_eq!(fold("ＣＳＶデータ"), "csvデータ");
        assert_eq!(fold("ｼｬｲﾝ"), "シャイン");
        assert_eq!(fold("  社員　基本  "), "社員 基本");
    }

    #[test]
    fn a_query_is_the_phrase_of_its_bigrams() {
        let q = match_query("社員基本").unwrap();
        assert_eq!(q.trim_matches('"').split(' ').count(), 3);
        assert!(q.starts_with('"'));
        assert!(match_query("   ").is_none());
        assert!(match_query("社").unwrap().ends_with('*'));
    }

    #[test]
    fn index_terms_contain_every_query_gram() {
        let terms = index_terms("社員基本の項目位置変更");
        for g in match_query("項目位置")
            .unwrap()
            .trim_matches('"')
            .split(' ')
        {
            assert!(terms.contains(g));
        }
    }
}
