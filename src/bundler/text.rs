//! Plain-text helpers several stages share: whitespace folding, counting, reading time,
//! excerpts, slugs and markup escaping.
//!
//! Pure functions on strings. Han characters and Latin words are counted separately, since a
//! Chinese reader reads characters and an English reader words.

/// The shortest prefix of `first` that sorts after `before`: a key that tells a sorted run
/// starting at `first` from the one ending at `before` (lookup shards, search shards).
pub fn separator(before: &str, first: &str) -> String {
    first
        .char_indices()
        .map(|(i, c)| &first[..i + c.len_utf8()])
        .find(|k| *k > before)
        .unwrap_or(first)
        .to_string()
}

/// Han characters a reader reads per minute.
const HAN_PER_MINUTE: u32 = 400;
/// Latin words a reader reads per minute.
const WORDS_PER_MINUTE: u32 = 220;
/// Target length of a generated excerpt, in characters.
pub const EXCERPT_CHARS: usize = 120;
/// Longest slug, in characters.
pub const SLUG_MAX_CHARS: usize = 80;

pub use crate::search::token::{is_cjk, is_han};

/// Escapes text for HTML and XML (content and quoted attribute values).
pub fn escape_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Folds runs of whitespace (including newlines) to single spaces, trimming both ends.
pub fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Han characters and other words in `text`.
pub fn count(text: &str) -> (u32, u32) {
    let mut han = 0u32;
    let mut words = 0u32;
    let mut in_word = false;
    for c in text.chars() {
        if is_cjk(c) {
            han += u32::from(is_han(c));
            in_word = false;
        } else if c.is_alphanumeric() {
            if !in_word {
                words += 1;
            }
            in_word = true;
        } else if !(in_word && (c == '\'' || c == '’' || c == '-')) {
            in_word = false;
        }
    }
    (han, words)
}

/// Reading time in whole minutes, at least 1.
pub fn minutes(han: u32, words: u32) -> u32 {
    let seconds = (u64::from(han) * 60).div_ceil(u64::from(HAN_PER_MINUTE))
        + (u64::from(words) * 60).div_ceil(u64::from(WORDS_PER_MINUTE));
    (seconds.div_ceil(60) as u32).max(1)
}

/// The first ~[`EXCERPT_CHARS`] characters of `text`, cut at a word boundary for Latin text
/// (CJK text can be cut anywhere), with an ellipsis when cut.
pub fn excerpt(text: &str) -> String {
    let flat = collapse_whitespace(text);
    if flat.chars().count() <= EXCERPT_CHARS {
        return flat;
    }
    let cut = flat
        .char_indices()
        .nth(EXCERPT_CHARS)
        .map_or(flat.len(), |(i, _)| i);
    let head = &flat[..cut];
    let next = flat[cut..].chars().next();
    let last = head.chars().last();
    let mid_word = matches!((last, next), (Some(a), Some(b)) if a.is_alphanumeric() && !is_cjk(a) && b.is_alphanumeric() && !is_cjk(b));
    let head = if mid_word {
        match head.rfind(' ') {
            Some(space) if space > cut / 2 => &head[..space],
            _ => head,
        }
    } else {
        head
    };
    format!(
        "{}…",
        head.trim_end_matches([' ', ',', '，', '、', ';', '；', ':', '：'])
    )
}

/// A URL-safe slug: letters and digits (any script, lowercased) joined by single `-`.
/// Non-Latin letters are kept, so a Chinese title keeps a readable slug; browsers show it as it
/// is and percent-encode it on the wire.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut chars = 0;
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if dash && !slug.is_empty() {
                slug.push('-');
                chars += 1;
            }
            dash = false;
            for lower in c.to_lowercase() {
                slug.push(lower);
                chars += 1;
            }
        } else {
            dash = true;
        }
        if chars >= SLUG_MAX_CHARS {
            break;
        }
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_folds_to_single_spaces() {
        let cases = [
            ("", ""),
            ("  a  ", "a"),
            ("a \n\t b", "a b"),
            ("共享\u{3000}芬芳", "共享 芬芳"),
        ];
        for (text, expected) in cases {
            assert_eq!(collapse_whitespace(text), expected, "{text:?}");
        }
    }

    #[test]
    fn counts_han_and_words_apart() {
        let cases = [
            ("", (0, 0)),
            ("hello world", (0, 2)),
            ("don't stop-me now", (0, 3)),
            ("快手与中国", (5, 0)),
            ("微软 Exchange 服务器出现 2022 年日期 Bug", (10, 3)),
            ("日本語のかな", (3, 0)),
        ];
        for (text, expected) in cases {
            assert_eq!(count(text), expected, "{text}");
        }
    }

    #[test]
    fn reading_time() {
        assert_eq!(minutes(0, 0), 1);
        assert_eq!(minutes(400, 0), 1);
        assert_eq!(minutes(401, 0), 2);
        assert_eq!(minutes(0, 2200), 10);
        assert_eq!(minutes(800, 440), 4);
    }

    #[test]
    fn excerpts() {
        assert_eq!(excerpt("short  text\nhere"), "short text here");
        let zh = "中".repeat(200);
        assert_eq!(excerpt(&zh).chars().count(), EXCERPT_CHARS + 1);
        let en = "word ".repeat(60);
        let e = excerpt(&en);
        assert!(e.ends_with("word…"), "{e}");
        assert!(e.chars().count() <= EXCERPT_CHARS + 1);
    }

    #[test]
    fn slugs() {
        let cases = [
            ("Hello, World!", "hello-world"),
            (
                "新媒体/IT 之家/分类资讯/微软 Exchange",
                "新媒体-it-之家-分类资讯-微软-exchange",
            ),
            ("  --Weird__name%20#1 ", "weird-name-20-1"),
            ("(守望先锋》2代", "守望先锋-2代"),
            ("｜｜", ""),
        ];
        for (text, expected) in cases {
            assert_eq!(slugify(text), expected, "{text}");
        }
        assert_eq!(slugify(&"a".repeat(500)).len(), SLUG_MAX_CHARS);
    }
}
