//! Line breaking for Japanese forms: fills a line by glyph advances, keeps
//! ASCII words together and applies kinsoku (禁則処理) by pushing characters
//! to the next line (追い出し). Shared by the PDF renderer (to draw) and the
//! xlsx renderer (to size rows, since Excel does not grow merged rows).

/// Characters that must not start a line (行頭禁則).
const NO_START: &str = "、。，．,.)）]］｝〕〉》」』】〙〗’”ー‐〜～・：；:;!?！？ゝゞヽヾ々〻ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ";
/// Characters that must not end a line (行末禁則).
const NO_END: &str = "(（[［｛〔〈《「『【〘〖‘“";

fn is_no_start(c: char) -> bool {
    NO_START.contains(c)
}

fn is_no_end(c: char) -> bool {
    NO_END.contains(c)
}

/// Splits a paragraph into unbreakable tokens: ASCII words (letters, digits,
/// punctuation without spaces), single spaces, and single other characters.
fn tokenize(para: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in para.char_indices() {
        if c.is_ascii_graphic() {
            if start.is_none() {
                start = Some(i);
            }
            continue;
        }
        if let Some(s) = start.take() {
            out.push(&para[s..i]);
        }
        out.push(&para[i..i + c.len_utf8()]);
    }
    if let Some(s) = start {
        out.push(&para[s..]);
    }
    out
}

/// Wraps `text` into lines no wider than `width` (same unit as `advance`).
/// Explicit line breaks (`\n`, `\r\n`) are kept; an empty text gives no lines.
pub fn wrap_text(text: &str, width: f32, advance: &dyn Fn(char) -> f32) -> Vec<String> {
    let mut lines = Vec::new();
    if text.is_empty() {
        return lines;
    }
    let text = text.replace("\r\n", "\n").replace(['\r', '\t'], " ");
    let tok_w = |t: &str| t.chars().map(advance).sum::<f32>();
    for para in text.split('\n') {
        // Split words wider than a whole line into characters.
        let mut tokens: Vec<&str> = Vec::new();
        for t in tokenize(para) {
            if t.len() > 1 && tok_w(t) > width {
                tokens.extend(t.char_indices().map(|(i, c)| &t[i..i + c.len_utf8()]));
            } else {
                tokens.push(t);
            }
        }
        let mut line: Vec<&str> = Vec::new();
        let mut w = 0.0f32;
        for tok in tokens {
            let tw = tok_w(tok);
            if line.is_empty() || w + tw <= width + 1e-3 {
                line.push(tok);
                w += tw;
                continue;
            }
            if tok == " " {
                // Break at the space and drop it.
                lines.push(finish(&line));
                line.clear();
                w = 0.0;
                continue;
            }
            let mut carry: Vec<&str> = Vec::new();
            // 行頭禁則: pull the previous token(s) down with this one.
            if tok.chars().next().is_some_and(is_no_start) {
                while line.len() > 1 {
                    let last = line.pop().expect("len > 1");
                    carry.insert(0, last);
                    if !last.chars().next().is_some_and(is_no_start) {
                        break;
                    }
                }
            }
            // 行末禁則: an opening bracket moves down too.
            while line.len() > 1
                && line
                    .last()
                    .and_then(|t| t.chars().last())
                    .is_some_and(is_no_end)
            {
                carry.insert(0, line.pop().expect("len > 1"));
            }
            lines.push(finish(&line));
            line = carry;
            while line.first() == Some(&" ") {
                line.remove(0);
            }
            line.push(tok);
            w = line.iter().map(|t| tok_w(t)).sum();
        }
        lines.push(finish(&line));
    }
    lines
}

fn finish(tokens: &[&str]) -> String {
    tokens.concat().trim_end().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Full-width characters 1.0, ASCII 0.5.
    fn adv(c: char) -> f32 {
        if c.is_ascii() {
            0.5
        } else {
            1.0
        }
    }

    fn check_kinsoku(lines: &[String]) {
        for (i, l) in lines.iter().enumerate() {
            if i > 0 {
                let first = l.chars().next().unwrap();
                assert!(!is_no_start(first), "line starts with {first}: {lines:?}");
            }
            if i + 1 < lines.len() {
                let last = l.chars().last().unwrap();
                assert!(!is_no_end(last), "line ends with {last}: {lines:?}");
            }
        }
    }

    #[test]
    fn plain_japanese_fills_lines() {
        let l = wrap_text("あいうえおかきくけこ", 4.0, &adv);
        assert_eq!(l, vec!["あいうえ", "おかきく", "けこ"]);
    }

    #[test]
    fn punctuation_and_small_kana_never_start_a_line() {
        let l = wrap_text("あいうえ。かきくけこ", 4.0, &adv);
        assert_eq!(l, vec!["あいう", "え。かき", "くけこ"]);
        let l = wrap_text("あいうえっ", 4.0, &adv);
        assert_eq!(l, vec!["あいう", "えっ"]);
        let l = wrap_text(
            "サーバーのメモリー不足により、バッチ処理が停止しました。",
            5.0,
            &adv,
        );
        check_kinsoku(&l);
        assert_eq!(
            l.concat(),
            "サーバーのメモリー不足により、バッチ処理が停止しました。"
        );
    }

    #[test]
    fn opening_brackets_never_end_a_line() {
        let l = wrap_text("あいう「えお」です", 4.0, &adv);
        check_kinsoku(&l);
        assert_eq!(l[0], "あいう");
    }

    #[test]
    fn ascii_words_stay_together() {
        let l = wrap_text("エラー OutOfMemory が発生", 7.0, &adv);
        assert!(l.iter().any(|x| x.contains("OutOfMemory")), "{l:?}");
        let l = wrap_text("the quick brown fox", 5.0, &adv);
        assert_eq!(l, vec!["the quick", "brown fox"]);
    }

    #[test]
    fn too_long_words_are_cut_and_newlines_kept() {
        let l = wrap_text("abcdefghij", 2.0, &adv);
        assert_eq!(l, vec!["abcd", "efgh", "ij"]);
        let l = wrap_text("一行目\r\n\n三行目", 10.0, &adv);
        assert_eq!(l, vec!["一行目", "", "三行目"]);
    }
}
