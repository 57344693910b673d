//! The reference answer for recall tests and benchmarks: a plain scan of article text, written
//! independently of the tokenizer and the index.
//!
//! A query is whitespace-separated terms, all required. A term made of CJK characters (which
//! includes Thai, Lao, Khmer and Myanmar: see [`is_cjk`]) matches where the text contains it as
//! a substring; a term made of word characters matches where the text contains it,
//! case-insensitively, with no word character of the same script right before or after (a
//! change of script ends a word: `Hexoの`, `Rustчтобы`); with a `*` after it, with none right
//! before (a word that starts with it). Neither ever spans a newline, as a match in the index
//! never runs from one line into the next ([`crate::search::position`]).

use crate::search::token::{is_cjk, is_word_char, joins};

/// Whether `text` contains every term of `query` (see the module documentation). `None` for a
/// term that mixes scripts or holds punctuation, which the scan does not judge.
pub fn matches(text: &str, query: &str) -> Option<bool> {
    matches_lowercased(&text.to_lowercase(), query)
}

/// [`matches`] on text already lowercased (lowercasing leaves CJK characters as they are).
pub fn matches_lowercased(lower: &str, query: &str) -> Option<bool> {
    let mut all = true;
    for term in query.split_whitespace() {
        let (word, prefix) = match term.strip_suffix('*') {
            Some(w) if !w.is_empty() => (w, true),
            _ => (term, false),
        };
        let found = if !prefix && term.chars().all(is_cjk) {
            lower.contains(term)
        } else if word.chars().all(is_word_char) {
            contains_word(lower, &word.to_lowercase(), prefix)
        } else {
            return None;
        };
        all &= found;
    }
    Some(all)
}

/// Whether `word` occurs in `text` with no character of the same word before it, nor after it
/// unless `prefix`.
fn contains_word(text: &str, word: &str, prefix: bool) -> bool {
    let (Some(first), Some(last)) = (word.chars().next(), word.chars().next_back()) else {
        return false;
    };
    text.match_indices(word).any(|(at, w)| {
        let before = text[..at].chars().next_back();
        let after = text[at + w.len()..].chars().next();
        !before.is_some_and(|b| joins(b, first))
            && (prefix || !after.is_some_and(|a| joins(last, a)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scans() {
        let text = "微软 Exchange 服务器出现 2022 年日期 Bug";
        assert_eq!(matches(text, "exchange"), Some(true));
        assert_eq!(matches(text, "change"), Some(false));
        assert_eq!(matches(text, "服务器 bug"), Some(true));
        assert_eq!(matches(text, "服务器 java"), Some(false));
        assert_eq!(matches(text, "务器出现"), Some(true));
        assert_eq!(matches(text, "现2"), None);
        assert_eq!(matches(text, "exch*"), Some(true));
        assert_eq!(matches(text, "chan*"), Some(false));
        assert_eq!(matches(text, "exchange*"), Some(true));
        let text = "Hexoのテーマ, issueได้รับการแก้ไข, Rustчтобы, fichero package.json";
        for (query, found) in [
            ("hexo", true),
            ("issue", true),
            ("ได้รับ", true),
            ("rust", true),
            ("чтобы", true),
            ("package", true),
            ("ficheropackage", false),
            ("ssue", false),
        ] {
            assert_eq!(matches(text, query), Some(found), "{query}");
        }
    }
}
