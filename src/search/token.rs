//! The tokenizer: one function that cuts text into the units the search index stores, used by
//! the bundler on articles and by the app on queries, so the two always agree.
//!
//! Text is read as a sequence of *units*, each at its own position: a Latin (or any other
//! space-separated script's) word, lowercased; or one CJK character (Han, Kana, Hangul).
//! Everything else (spaces, punctuation, symbols) separates units and takes no position. A run
//! of CJK characters with nothing between them is indexed as every single character and every
//! overlapping pair (*bigram*), each at the position of its first character, so that any
//! Chinese string can be found as a chain of bigrams at consecutive positions.

use std::borrow::Cow;

/// Whether `c` is a CJK ideograph (the Han script).
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2A6DF | 0x2A700..=0x2EBEF | 0x30000..=0x3134F)
}

/// Whether `c` belongs to a script written without spaces (Han, Kana, Hangul).
pub fn is_cjk(c: char) -> bool {
    is_han(c)
        || matches!(c as u32, 0x3040..=0x30FF | 0x31F0..=0x31FF | 0xAC00..=0xD7AF | 0x1100..=0x11FF)
}

/// Whether `c` belongs to a word (and is not CJK, which forms no words).
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c)
}

/// One unit of text; see the module documentation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unit<'a> {
    /// A word, lowercased (borrowed when it already was).
    Word(Cow<'a, str>),
    /// One CJK character (as the slice of text that holds it); `joined` when the previous unit
    /// was a CJK character right before it, in the same run.
    Cjk { ch: &'a str, joined: bool },
}

/// The units of `text` with their byte ranges, in order; the n-th unit is at position n.
pub fn units(text: &str) -> Units<'_> {
    Units {
        text,
        at: 0,
        last_cjk_end: None,
    }
}

/// Iterator returned by [`units`].
#[derive(Debug, Clone)]
pub struct Units<'a> {
    text: &'a str,
    at: usize,
    /// Byte offset just after the last CJK unit, to tell whether the next one joins it.
    last_cjk_end: Option<usize>,
}

impl<'a> Iterator for Units<'a> {
    type Item = (std::ops::Range<usize>, Unit<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        let text = self.text;
        let mut chars = text[self.at..].char_indices();
        while let Some((i, c)) = chars.next() {
            let start = self.at + i;
            if is_cjk(c) {
                let end = start + c.len_utf8();
                let joined = self.last_cjk_end == Some(start);
                self.at = end;
                self.last_cjk_end = Some(end);
                let unit = Unit::Cjk {
                    ch: &text[start..end],
                    joined,
                };
                return Some((start..end, unit));
            }
            if is_word_char(c) {
                let end = chars
                    .find(|&(_, c)| !is_word_char(c))
                    .map_or(text.len(), |(j, _)| self.at + j);
                self.at = end;
                self.last_cjk_end = None;
                let word = &text[start..end];
                let lower = if word.chars().any(char::is_uppercase) {
                    Cow::Owned(word.to_lowercase())
                } else {
                    Cow::Borrowed(word)
                };
                return Some((start..end, Unit::Word(lower)));
            }
        }
        self.at = text.len();
        None
    }
}

/// Calls `emit(token, position)` for every token the index stores for `text`: each word, each
/// CJK character, and each pair of adjacent CJK characters (at the first one's position).
/// Returns the number of positions (units).
pub fn tokens<'a>(text: &'a str, mut emit: impl FnMut(Cow<'a, str>, u32)) -> u32 {
    let mut pos = 0u32;
    // Byte offset and position of the previous CJK unit.
    let mut prev: Option<(usize, u32)> = None;
    for (span, unit) in units(text) {
        match unit {
            Unit::Word(word) => {
                emit(word, pos);
                prev = None;
            }
            Unit::Cjk { ch, joined } => {
                if let (true, Some((prev_start, prev_pos))) = (joined, prev) {
                    emit(Cow::Borrowed(&text[prev_start..span.end]), prev_pos);
                }
                emit(Cow::Borrowed(ch), pos);
                prev = Some((span.start, pos));
            }
        }
        pos += 1;
    }
    pos
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Vec<(String, u32)> {
        let mut out = Vec::new();
        tokens(text, |t, p| out.push((t.into_owned(), p)));
        out
    }

    #[test]
    fn words_are_lowercased_and_split_on_anything_else() {
        assert_eq!(
            all("Hello, WORLD! don't-stop 2022"),
            [
                ("hello".into(), 0),
                ("world".into(), 1),
                ("don".into(), 2),
                ("t".into(), 3),
                ("stop".into(), 4),
                ("2022".into(), 5)
            ]
        );
        assert_eq!(
            all("Ünïcödé Straße"),
            [("ünïcödé".into(), 0), ("straße".into(), 1)]
        );
    }

    #[test]
    fn cjk_runs_give_characters_and_pairs() {
        let t = all("微软发布。中");
        let expect: Vec<(String, u32)> = [
            ("微", 0),
            ("微软", 0),
            ("软", 1),
            ("软发", 1),
            ("发", 2),
            ("发布", 2),
            ("布", 3),
            ("中", 4),
        ]
        .iter()
        .map(|&(s, p)| (s.to_string(), p))
        .collect();
        let mut sorted = t.clone();
        sorted.sort_by_key(|(s, p)| (*p, s.chars().count()));
        assert_eq!(sorted, expect);
    }

    #[test]
    fn mixed_scripts_take_consecutive_positions() {
        let t = all("Win11更新 of カナ");
        assert_eq!(t[0], ("win11".into(), 0));
        assert!(t.contains(&("更新".into(), 1)));
        assert!(t.contains(&("of".into(), 3)));
        assert!(t.contains(&("カナ".into(), 4)));
        assert_eq!(tokens("Win11更新 of カナ", |_, _| ()), 6);
    }

    #[test]
    fn units_know_where_cjk_runs_break() {
        let joined: Vec<bool> = units("中文 英文")
            .filter_map(|(_, u)| match u {
                Unit::Cjk { joined, .. } => Some(joined),
                Unit::Word(_) => None,
            })
            .collect();
        assert_eq!(joined, [false, true, false, true]);
    }

    #[test]
    fn nothing_to_index() {
        assert!(all("").is_empty());
        assert!(all(" ,.!? —— 。").is_empty());
    }
}
