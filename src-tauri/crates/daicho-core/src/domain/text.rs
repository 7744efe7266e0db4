//! Text folding and the n-gram keys of the full-text index.
//!
//! Japanese has no spaces, so word tokenizers find nothing. We fold text with
//! NFKC (全角/半角, half-width katakana) and lower case, then index every
//! overlapping character pair (bigram) plus the last character: `t` + the
//! gram for the title, `a` + the gram for the title and the rest. Each gram is spelled
//! as ASCII (base-36 code points) so SQLite's tokenizer keeps it whole
//! whatever the characters are.
//!
//! The index keeps which records hold a key, not where (`detail=none`: a
//! fraction of the size). A one-character query word is a prefix match and a
//! two-character one its bigram: both exact. A longer word is a candidate
//! where all its bigrams occur (in the title, for the title's hits);
//! [`TextQuery::matches`] then checks the record's text for the word itself,
//! which keeps the hits exact.

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
    String::from_utf8(code_bytes(c).to_vec()).expect("ascii")
}

/// [`code`] as bytes, without allocating (the index keys of every record).
fn code_bytes(c: char) -> [u8; 4] {
    // Base 36, 4 digits: covers every code point (36^4 > 0x10FFFF).
    let mut n = c as u32;
    let mut buf = [b'0'; 4];
    for slot in buf.iter_mut().rev() {
        let d = (n % 36) as u8;
        *slot = if d < 10 { b'0' + d } else { b'a' + d - 10 };
        n /= 36;
    }
    buf
}

/// The folded text without its spaces: what the index and a query word see.
fn squeezed(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            if !c.is_ascii_whitespace() {
                out.push(c.to_ascii_lowercase());
            }
        } else if already_folded(c) {
            out.push(c);
        } else {
            // Anything else (full width, half-width kana, combining marks,
            // Σ whose lower case depends on its neighbours): fold it all.
            return fold(text).chars().filter(|c| *c != ' ').collect();
        }
    }
    out
}

/// Characters that NFKC and lower case leave alone and that never combine
/// with their neighbours: kana, the common kanji, 、。・ー.
fn already_folded(c: char) -> bool {
    matches!(c, '\u{3001}'..='\u{3002}' | '\u{3041}'..='\u{3096}' | '\u{30a1}'..='\u{30fc}' | '\u{4e00}'..='\u{9fff}')
}

/// The index keys of a record's title and body (each key once, in byte
/// order). Built as fixed-size byte keys, not strings: this runs for every
/// record an import or a bulk run writes.
pub fn index_terms(title: &str, body: &str) -> String {
    // A key: its tag, then one or two 4-byte character codes; `len` bytes.
    type Key = ([u8; 9], usize);
    let mut keys: Vec<Key> = Vec::new();
    for (tags, text) in [(&[b't', b'a'][..], title), (&[b'a'][..], body)] {
        let chars: Vec<char> = squeezed(text).chars().collect();
        let grams = chars
            .windows(2)
            .map(|w| (code_bytes(w[0]), Some(code_bytes(w[1]))));
        for (first, second) in grams.chain(chars.last().map(|c| (code_bytes(*c), None))) {
            for &tag in tags {
                let mut key = [0u8; 9];
                key[0] = tag;
                key[1..5].copy_from_slice(&first);
                let len = match second {
                    Some(b) => {
                        key[5..9].copy_from_slice(&b);
                        9
                    }
                    None => 5,
                };
                keys.push((key, len));
            }
        }
    }
    keys.sort_unstable_by(|a, b| a.0[..a.1].cmp(&b.0[..b.1]));
    keys.dedup();
    let mut out = String::with_capacity(keys.len() * 10);
    for (i, (key, len)) in keys.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(std::str::from_utf8(&key[..*len]).expect("ascii"));
    }
    out
}

/// A user query: the FTS5 MATCH expressions of its candidates in the title
/// and anywhere, and its words for the check.
#[derive(Debug, Clone)]
pub struct TextQuery {
    pub title_expr: String,
    pub any_expr: String,
    words: Vec<String>,
}

impl TextQuery {
    /// True when the index alone cannot tell a hit: a word of three or more
    /// characters, whose bigrams may occur apart.
    pub fn needs_check(&self) -> bool {
        self.words.iter().any(|w| w.chars().count() > 2)
    }

    /// Whether a record with these texts is a hit: every word occurs in the
    /// title or (unless `title_only`) in the body.
    pub fn matches(&self, title: &str, body: &str, title_only: bool) -> bool {
        let title = squeezed(title);
        let mut rest = self.words.iter().filter(|w| !title.contains(w.as_str()));
        let Some(first) = rest.next() else {
            return true;
        };
        if title_only {
            return false;
        }
        let body = squeezed(body);
        body.contains(first.as_str()) && rest.all(|w| body.contains(w.as_str()))
    }
}

impl TextQuery {
    /// True when every word occurs, as written, in one of `texts` (a
    /// record's title and body fields) where folding cannot change it: a word
    /// of kana and kanji only, which NFKC and lower case leave alone, not
    /// followed by a combining mark, which would compose with its last
    /// character. Such a record is a hit of [`TextQuery::matches`]; false
    /// means unsure (the caller then builds the texts and asks `matches`).
    pub fn surely_in<'t>(&self, texts: impl IntoIterator<Item = &'t str>) -> bool {
        if !self.words.iter().all(|w| w.chars().all(already_folded)) {
            return false;
        }
        // The words not yet found; the texts are read only until all are.
        let mut left: Vec<&str> = self.words.iter().map(String::as_str).collect();
        for text in texts {
            left.retain(|w| !occurs_unchanged(text, w));
            if left.is_empty() {
                return true;
            }
        }
        false
    }
}

/// `word` occurs in `text` not followed by a combining mark.
fn occurs_unchanged(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(i, _)| {
        !text[i + word.len()..]
            .chars()
            .next()
            .is_some_and(unicode_normalization::char::is_combining_mark)
    })
}

/// The keys a word needs in the column tagged `tag`, ANDed.
fn word_expr(tag: char, chars: &[char]) -> String {
    if chars.len() == 1 {
        return format!("{tag}{}*", code(chars[0]));
    }
    let grams: Vec<String> = chars
        .windows(2)
        .map(|w| format!("{tag}{}{}", code(w[0]), code(w[1])))
        .collect();
    format!("({})", grams.join(" AND "))
}

/// The query for what a user typed, or None when it has no searchable
/// characters. Space-separated words must all match (AND), each in the
/// title or in the body.
pub fn match_query(query: &str) -> Option<TextQuery> {
    let words: Vec<String> = fold(query)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(String::from)
        .collect();
    if words.is_empty() {
        return None;
    }
    let (mut title, mut any) = (Vec::new(), Vec::new());
    for word in &words {
        let chars: Vec<char> = word.chars().collect();
        title.push(word_expr('t', &chars));
        any.push(word_expr('a', &chars));
    }
    Some(TextQuery {
        title_expr: title.join(" AND "),
        any_expr: any.join(" AND "),
        words,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_surely_in_the_raw_text_is_a_hit_and_unsure_cases_say_so() {
        let q = |s: &str| match_query(s).unwrap();
        // Found as written: a hit, also where the text needs folding
        // (全角 parentheses, an ideographic space).
        for (query, text) in [
            ("システム", "人事給与システム"),
            ("人事異動画面", "（人事異動画面）で　エラー"),
            ("給与 明細", "給与システムの明細"),
        ] {
            assert!(q(query).surely_in([text]), "{query} in {text}");
            assert!(q(query).matches("", text, false), "{query} in {text}");
        }
        // Unsure: the word's last character composes with a combining mark
        // (き + ゙ = ぎ), or the word needs folding (ASCII, 全角 letters), or
        // a word is missing.
        for (query, text) in [
            ("かき", "かき\u{3099}"),
            ("abc", "xabcx"),
            ("ＡＢＣ", "abc"),
            ("システム 画面", "システム"),
        ] {
            assert!(!q(query).surely_in([text]), "{query} in {text}");
        }
        assert!(!q("かき").matches("", "かき\u{3099}", false));
        assert!(q("abc").matches("", "xabcx", false));
    }

    #[test]
    fn index_terms_are_each_key_once_in_string_order() {
        // The keys as a set of strings, the way they read.
        fn by_strings(title: &str, body: &str) -> String {
            let mut keys = std::collections::BTreeSet::new();
            for (tags, text) in [(&['t', 'a'][..], title), (&['a'][..], body)] {
                let chars: Vec<char> = squeezed(text).chars().collect();
                let grams = chars
                    .windows(2)
                    .map(|w| format!("{}{}", code(w[0]), code(w[1])));
                for gram in grams.chain(chars.last().map(|c| code(*c))) {
                    for tag in tags {
                        keys.insert(format!("{tag}{gram}"));
                    }
                }
            }
            keys.into_iter().collect::<Vec<_>>().join(" ")
        }
        for (title, body) in [
            ("給与明細の出力", "ＣＳＶ出力でエラー。給与明細が出ない"),
            ("", ""),
            ("a", "ab ab ab"),
            ("人事 異動", "ｴﾗｰ 𠮷野家 Σ"),
        ] {
            assert_eq!(index_terms(title, body), by_strings(title, body));
        }
    }

    #[test]
    fn folding_joins_width_variants() {
        assert_eq!(fold("ＣＳＶデータ"), "csvデータ");
        assert_eq!(fold("ｼｬｲﾝ"), "シャイン");
        assert_eq!(fold("  社員　基本  "), "社員 基本");
    }

    #[test]
    fn a_query_needs_all_its_bigrams_and_checks_long_words() {
        let q = match_query("社員基本").unwrap();
        assert_eq!(q.title_expr.matches(" AND ").count(), 2);
        assert_eq!(q.any_expr.matches(" AND ").count(), 2);
        assert!(q.needs_check());
        assert!(!match_query("社員 基").unwrap().needs_check());
        assert!(match_query("   ").is_none());
        let one = match_query("社").unwrap();
        assert!(one.title_expr.starts_with('t') && one.title_expr.ends_with('*'));
        assert!(one.any_expr.starts_with('a') && one.any_expr.ends_with('*'));
    }

    #[test]
    fn a_word_matches_only_where_its_characters_are_adjacent() {
        let q = match_query("項目位置").unwrap();
        assert!(
            q.matches("社員基本の項目 位置変更", "", true),
            "spaces are ignored"
        );
        assert!(q.matches("", "社員基本の項目位置変更", false));
        assert!(!q.matches("", "社員基本の項目位置変更", true), "title only");
        // Every bigram of the word occurs, but not in a row.
        assert!(!q.matches("位置と項目、目位", "", false));
        let two = match_query("ＣＳＶ 遅い").unwrap();
        assert!(two.matches("csvが遅い", "", true));
        assert!(two.matches("csv", "遅い", false));
        assert!(!two.matches("csv", "遅い", true));
    }

    #[test]
    fn squeezing_is_folding_without_spaces() {
        for t in [
            "ＣＳＶデータ ｼｬｲﾝ\n一覧　ABC",
            "社員基本の項目位置変更",
            "ΟΔΟΣ Σ x",
            "İstanbul ＩＤ ﾃﾞｰﾀ",
            "か\u{3099}",
            "人事異動画面、テストケース漏れ。ヴー abc-01",
            "ㇰ ｶ ヿ ゟ 豈 〜",
        ] {
            let want: String = fold(t).chars().filter(|c| *c != ' ').collect();
            assert_eq!(squeezed(t), want, "{t}");
        }
    }

    #[test]
    fn index_terms_contain_every_query_gram_of_their_column() {
        let terms = index_terms("社員基本の項目位置変更", "給与明細");
        let keys: Vec<&str> = terms.split(' ').collect();
        let q = match_query("項目位置").unwrap();
        for g in q.title_expr.trim_matches(['(', ')']).split(" AND ") {
            assert!(keys.contains(&g), "{g}");
            assert!(keys.contains(&format!("a{}", &g[1..]).as_str()));
        }
        let t = match_query("明細").unwrap();
        assert!(keys.contains(&&t.any_expr[1..t.any_expr.len() - 1]));
        assert!(!keys.contains(&&t.title_expr[1..t.title_expr.len() - 1]));
        // No gram across the end of the title and the start of the body.
        let across = match_query("更給").unwrap().any_expr;
        assert!(!keys.contains(&&across[1..across.len() - 1]));
    }
}
