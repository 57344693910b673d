//! The tokenizer: one function that cuts text into the units the search index stores, used by
//! the bundler on articles and by the app on queries, so the two always agree.
//!
//! Text is read as a sequence of *units*, each at its own position: a Latin (or any other
//! space-separated script's) word, lowercased; or one character of a script written without
//! spaces between words (Han, Kana, Hangul, Thai, Lao, Khmer, Myanmar: "CJK" below).
//! Everything else (spaces, punctuation, symbols) separates units and takes no position, and a
//! change of script ends a word ([`joins`]: `Hexoの` and `issueได้` hold the word `hexo`,
//! `issue`; `Rustчтобы` two words). A run of CJK characters with nothing between them is
//! indexed as every single character and every overlapping pair (*bigram*), each at the
//! position of its first character, so that any Chinese or Thai string can be found as a chain
//! of bigrams at consecutive positions. The script tables are a few code-point ranges: this
//! file is compiled into the app.

use std::borrow::Cow;

/// Whether `c` is a CJK ideograph (the Han script).
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2A6DF | 0x2A700..=0x2EBEF | 0x30000..=0x3134F)
}

/// Whether `c` belongs to a script indexed character by character: Han, Kana and Hangul, and
/// the scripts of South-East Asia written without spaces between words (Thai, Lao, Khmer,
/// Myanmar, their signs and digits included, their punctuation not).
pub fn is_cjk(c: char) -> bool {
    is_han(c)
        || matches!(c as u32,
            0x3040..=0x30FF | 0x31F0..=0x31FF | 0xAC00..=0xD7AF | 0x1100..=0x11FF
            // Thai (without ฿ and the paiyannoi, fongman, angkhankhu and khomut marks).
            | 0x0E01..=0x0E2E | 0x0E30..=0x0E3A | 0x0E40..=0x0E4E | 0x0E50..=0x0E59
            // Lao.
            | 0x0E81..=0x0EDF
            // Myanmar (without its two section marks) and Myanmar Extended-A/B.
            | 0x1000..=0x1049 | 0x104C..=0x109F | 0xA9E0..=0xA9FF | 0xAA60..=0xAA7F
            // Khmer (without its punctuation) and Khmer symbols.
            | 0x1780..=0x17D3 | 0x17D7 | 0x17DC..=0x17DD | 0x17E0..=0x17E9 | 0x19E0..=0x19FF)
}

/// Whether `c` belongs to a word (and is not CJK, which forms no words).
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c)
}

/// The script of a word character, as far as [`joins`] needs it: Latin, Greek and Cyrillic by
/// their blocks, any other by its 128-code-point block (which follows scripts closely in the
/// Basic Multilingual Plane); `None` for ASCII digits, which join any script (`Win11`, `3D`).
fn script(c: char) -> Option<u32> {
    let u = c as u32;
    if c.is_ascii_digit() {
        return None;
    }
    Some(match u {
        0x0000..=0x024F
        | 0x1E00..=0x1EFF
        | 0x2C60..=0x2C7F
        | 0xA720..=0xA7FF
        | 0xAB30..=0xAB6F
        | 0xFF21..=0xFF5A => 0,
        0x0370..=0x03FF | 0x1F00..=0x1FFF => 1,
        0x0400..=0x052F | 0x1C80..=0x1C8F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F => 2,
        _ => 16 + (u >> 7),
    })
}

/// Whether `a` followed by `b` is within one word: both word characters of one script (a
/// digit joins any). The scan and the marks read word boundaries with this too.
pub fn joins(a: char, b: char) -> bool {
    is_word_char(a)
        && is_word_char(b)
        && match (script(a), script(b)) {
            (Some(x), Some(y)) => x == y,
            _ => true,
        }
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
                let mut prev = c;
                let end = chars
                    .find(|&(_, next)| {
                        let split = !joins(prev, next);
                        prev = next;
                        split
                    })
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
    fn scripts_without_spaces_are_units_and_a_change_of_script_ends_a_word() {
        let words = |text: &str| -> Vec<String> {
            units(text)
                .map(|(_, u)| match u {
                    Unit::Word(w) => w.into_owned(),
                    Unit::Cjk { ch, .. } => format!("[{ch}]"),
                })
                .collect()
        };
        let cases: &[(&str, &[&str])] = &[
            ("Hexoの", &["hexo", "[の]"]),
            ("issueได้", &["issue", "[ไ]", "[ด]", "[\u{0E49}]"]),
            ("ພາສາ", &["[ພ]", "[າ]", "[ສ]", "[າ]"]),
            ("ខ្មែរ", &["[ខ]", "[\u{17D2}]", "[ម]", "[ែ]", "[រ]"]),
            ("မြန်", &["[မ]", "[\u{103C}]", "[န]", "[\u{103A}]"]),
            ("ไทย。ไทย", &["[ไ]", "[ท]", "[ย]", "[ไ]", "[ท]", "[ย]"]),
            (
                "Rustчтобы Win11 3D αβγabc",
                &["rust", "чтобы", "win11", "3d", "αβγ", "abc"],
            ),
            ("café naïve", &["café", "naïve"]),
        ];
        for (text, expected) in cases {
            assert_eq!(words(text), *expected, "{text}");
        }
        // A Thai run joins like a Chinese one: pairs at consecutive positions.
        let t = all("ไทย");
        assert!(
            t.contains(&("ไท".into(), 0)) && t.contains(&("ทย".into(), 1)),
            "{t:?}"
        );
        // Punctuation of these scripts separates.
        assert!(!is_cjk('๚') && !is_cjk('။') && !is_cjk('។') && !is_cjk('฿'));
    }

    #[test]
    fn nothing_to_index() {
        assert!(all("").is_empty());
        assert!(all(" ,.!? —— 。").is_empty());
    }
}
