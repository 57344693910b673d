//! Search queries: what the reader typed, as terms the index can answer.
//!
//! A query is whitespace-separated terms, all of which must match (AND). `"two words"` is one
//! term (a phrase); `-term` and `-"a phrase"` exclude the articles that contain it. A term is
//! cut into units by [`super::token`]; it matches where its units occur at consecutive
//! positions, so a Chinese term of any length matches as a substring, and `Win11更新` matches
//! `Win11 更新`. `word*` matches every word that starts with `word`; [`Query::parse_typing`]
//! reads the word being typed (the last, with nothing after it) that way, so results come as
//! the reader types. [`Term::cover`] picks the fewest index tokens that prove a match; and
//! [`Term::find`] finds the matches in a text, for titles, snippets and highlighting.
//!
//! A term may name a field: `title:word` (or `title:"a phrase"`) matches only in the title;
//! `author:`, `tag:`, `cat:` (a category's path, as the URL's `cat` writes it), `before:` and
//! `after:` (a year, a month or a day) are facet filters ([`FieldFilter`]), which the caller
//! resolves to facet tokens (`crate::query`); they are not terms of the text.

use std::ops::Range;

use super::token::{joins, units, Unit};

/// One unit of a term, owned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// A lowercased word.
    Word(String),
    /// A CJK character; `joined` when it follows the previous piece in the same CJK run.
    Cjk { ch: String, joined: bool },
}

/// One term of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The term as typed, without quotes or the leading `-`.
    pub text: String,
    /// Whether articles containing the term are left out.
    pub exclude: bool,
    /// The term's units, in order.
    pub pieces: Vec<Piece>,
    /// A single word that matches every word starting with it (`word*`).
    pub prefix: bool,
    /// The prefix was not asked for but read so while typing ([`Query::parse_typing`]): the
    /// engine may look it up as a whole word when the prefix is too short to pay.
    pub typing: bool,
    /// Only a match in the title counts (`title:`).
    pub title: bool,
}

/// A facet or date field of a query: `author:`, `tag:`, `cat:`, `before:`, `after:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Author,
    Tag,
    Category,
    Before,
    After,
}

impl Field {
    const NAMES: [(&str, Field); 5] = [
        ("author", Field::Author),
        ("tag", Field::Tag),
        ("cat", Field::Category),
        ("before", Field::Before),
        ("after", Field::After),
    ];

    /// The field a query word names (`author`, `tag`, `cat`, `before`, `after`; any case).
    fn named(name: &str) -> Option<Self> {
        Self::NAMES
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|&(_, f)| f)
    }

    /// The field's name in a query, lower case.
    fn name(self) -> &'static str {
        Self::NAMES
            .iter()
            .find(|&&(_, f)| f == self)
            .map_or("", |&(n, _)| n)
    }
}

/// One `field:value` of a query, the value as typed (without quotes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldFilter {
    pub field: Field,
    pub value: String,
}

/// Shortest word read as a prefix while it is being typed.
const TYPING_PREFIX_CHARS: usize = 2;

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    pub terms: Vec<Term>,
    /// The facet and date fields, in the order typed.
    pub fields: Vec<FieldFilter>,
}

impl Query {
    /// Parses what the reader typed. Terms without any word or CJK character (punctuation
    /// alone) are dropped, and so are repeated terms.
    pub fn parse(input: &str) -> Self {
        let mut terms: Vec<Term> = Vec::new();
        let mut fields: Vec<FieldFilter> = Vec::new();
        let mut rest = input;
        loop {
            rest = rest.trim_start();
            if rest.is_empty() {
                break;
            }
            let exclude = rest.len() > 1 && rest.starts_with('-');
            if exclude {
                rest = &rest[1..];
            }
            // `name:` then a value (a word or a quoted phrase); `-` only for `title:`.
            let named = rest
                .split_once(':')
                .filter(|(name, value)| {
                    !value.is_empty()
                        && !value.starts_with(char::is_whitespace)
                        && !name.contains(|c: char| c.is_whitespace() || c == '"')
                })
                .map(|(name, _)| name);
            let field = named.and_then(Field::named).filter(|_| !exclude);
            let title = named.is_some_and(|n| n.eq_ignore_ascii_case("title"));
            if let (Some(name), true) = (named, field.is_some() || title) {
                rest = &rest[name.len() + 1..];
            }
            let text;
            let mut quoted = true;
            if let Some(inside) = rest.strip_prefix('"') {
                let end = inside.find('"').unwrap_or(inside.len());
                text = &inside[..end];
                rest = inside.get(end + 1..).unwrap_or("");
            } else {
                let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
                text = &rest[..end];
                rest = &rest[end..];
                quoted = false;
            }
            let mut term = Term::new(text, exclude);
            if !quoted && text.len() > 1 && text.ends_with('*') {
                let word = Term::new(&text[..text.len() - 1], exclude);
                if matches!(word.pieces.as_slice(), [Piece::Word(_)]) {
                    term = Term {
                        prefix: true,
                        ..word
                    };
                }
            }
            if let Some(field) = field {
                let filter = FieldFilter {
                    field,
                    value: text.to_string(),
                };
                if !text.trim().is_empty() && !fields.contains(&filter) {
                    fields.push(filter);
                }
                continue;
            }
            term.title = title;
            if !term.pieces.is_empty() && !terms.contains(&term) {
                terms.push(term);
            }
        }
        Self { terms, fields }
    }

    /// Like [`Query::parse`], for text still being typed: when it ends inside a word (no space or
    /// quote after it), that last word of at least two characters also matches the longer
    /// words it starts, as if it ended with `*`.
    pub fn parse_typing(input: &str) -> Self {
        let mut query = Self::parse(input);
        let open = input
            .chars()
            .next_back()
            .is_some_and(|c| !c.is_whitespace() && c != '"');
        if let (true, Some(last)) = (open, query.terms.last_mut()) {
            let typed_last = input.trim_end_matches('*').ends_with(last.text.as_str());
            if let (true, false, [Piece::Word(w)]) =
                (typed_last, last.exclude, last.pieces.as_slice())
            {
                if w.chars().count() >= TYPING_PREFIX_CHARS && !last.prefix {
                    last.prefix = true;
                    last.typing = true;
                }
            }
        }
        query
    }

    /// A key that tells queries apart: the same for queries that always answer alike.
    pub fn key(&self) -> String {
        let mut key = String::new();
        for t in &self.terms {
            key.push(if t.exclude { '-' } else { '+' });
            if t.title {
                key.push_str("title:");
            }
            key.push_str(&t.text.to_lowercase());
            key.push(if t.prefix { '*' } else { '\u{1}' });
        }
        for f in &self.fields {
            // The field by its name, not `Debug`: that would link a formatter into the WASM.
            key.push_str(f.field.name());
            key.push(':');
            key.push_str(&f.value);
            key.push('\u{1}');
        }
        key
    }

    /// True when no term of the text was typed (fields aside).
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The terms an article must contain.
    pub fn required(&self) -> impl Iterator<Item = &Term> {
        self.terms.iter().filter(|t| !t.exclude)
    }
}

impl Term {
    /// The term for `text`.
    pub fn new(text: &str, exclude: bool) -> Self {
        let pieces = units(text)
            .map(|(_, unit)| match unit {
                Unit::Word(w) => Piece::Word(w.into_owned()),
                Unit::Cjk { ch, joined } => Piece::Cjk {
                    ch: ch.to_string(),
                    joined,
                },
            })
            .collect();
        Self {
            text: text.to_string(),
            exclude,
            pieces,
            prefix: false,
            typing: false,
            title: false,
        }
    }

    /// The index tokens that prove a match, with their offsets from the match's first
    /// position: each word; each lone CJK character; and for a CJK run of two or more
    /// characters, each of its bigrams. Every bigram is needed: the index has a bigram only
    /// where two characters stand side by side, so the pairs prove that the run is unbroken
    /// (every second pair would also match `残疾，人事` for `残疾人事`).
    pub fn cover(&self) -> Vec<(String, u32)> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < self.pieces.len() {
            match &self.pieces[i] {
                Piece::Word(w) => {
                    out.push((w.clone(), i as u32));
                    i += 1;
                }
                Piece::Cjk { .. } => {
                    let start = i;
                    i += 1;
                    while matches!(self.pieces.get(i), Some(Piece::Cjk { joined: true, .. })) {
                        i += 1;
                    }
                    let run: Vec<&str> = self.pieces[start..i]
                        .iter()
                        .map(|p| match p {
                            Piece::Cjk { ch, .. } => ch.as_str(),
                            Piece::Word(_) => unreachable!("a CJK run holds CJK pieces"),
                        })
                        .collect();
                    if run.len() == 1 {
                        out.push((run[0].to_string(), start as u32));
                        continue;
                    }
                    for (k, pair) in run.windows(2).enumerate() {
                        out.push((format!("{}{}", pair[0], pair[1]), (start + k) as u32));
                    }
                }
            }
        }
        out
    }

    /// Byte ranges of `text` where the term occurs (from its first unit to its last).
    pub fn find(&self, text: &str) -> Vec<Range<usize>> {
        let n = self.pieces.len();
        if n == 0 {
            return Vec::new();
        }
        // Fast paths, same answers: one CJK run is a plain substring; one word is a substring
        // of the lowercased text with no word character on either side (when lowercasing kept
        // every byte offset).
        let mut run = String::new();
        let one_run = self.pieces.iter().enumerate().all(|(k, p)| match p {
            Piece::Cjk { ch, joined } if k == 0 || *joined => {
                run.push_str(ch);
                true
            }
            _ => false,
        });
        if one_run {
            return text
                .match_indices(run.as_str())
                .map(|(i, m)| i..i + m.len())
                .collect();
        }
        if let [Piece::Word(word)] = self.pieces.as_slice() {
            let lower = text.to_lowercase();
            if lower.len() == text.len() {
                return lower
                    .match_indices(word.as_str())
                    .filter(|&(i, m)| {
                        let before = lower[..i].chars().next_back();
                        let after = lower[i + m.len()..].chars().next();
                        // A change of script ends a word (see `token::joins`).
                        let first = word.chars().next().unwrap_or(' ');
                        let last = word.chars().next_back().unwrap_or(' ');
                        !before.is_some_and(|b| joins(b, first))
                            && (self.prefix || !after.is_some_and(|a| joins(last, a)))
                            && text.is_char_boundary(i)
                            && text.is_char_boundary(i + m.len())
                    })
                    .map(|(i, m)| {
                        // A prefix marks the whole word it starts.
                        let rest = &lower[i + m.len()..];
                        let mut prev = word.chars().next_back().unwrap_or(' ');
                        let end = rest
                            .find(|c: char| {
                                let split = !joins(prev, c);
                                prev = c;
                                split
                            })
                            .unwrap_or(rest.len());
                        i..i + m.len() + end
                    })
                    .filter(|r| text.is_char_boundary(r.end))
                    .collect();
            }
        }
        self.find_by_units(text)
    }

    /// [`Term::find`] the long way: unit by unit.
    fn find_by_units(&self, text: &str) -> Vec<Range<usize>> {
        let n = self.pieces.len();
        let units: Vec<(Range<usize>, Unit<'_>)> = units(text).collect();
        let mut out = Vec::new();
        let mut i = 0;
        while i + n <= units.len() {
            let hit = self.pieces
                    .iter()
                    .enumerate()
                    .all(|(k, piece)| match (piece, &units[i + k].1) {
                        (Piece::Word(w), Unit::Word(u)) => {
                            w == u || (self.prefix && u.starts_with(w.as_str()))
                        }
                        (Piece::Cjk { ch, joined }, Unit::Cjk { ch: u, joined: uj }) => {
                            ch == u && (k == 0 || !*joined || *uj)
                        }
                        _ => false,
                    })
                    // As in the index, a phrase never runs from one line into the next.
                    && !text[units[i].0.start..units[i + n - 1].0.end].contains('\n');
            if hit {
                out.push(units[i].0.start..units[i + n - 1].0.end);
                i += n;
            } else {
                i += 1;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(q: &Query) -> Vec<(&str, bool)> {
        q.terms
            .iter()
            .map(|t| (t.text.as_str(), t.exclude))
            .collect()
    }

    #[test]
    fn a_phrase_is_found_within_a_line_never_across_two() {
        let term = |q: &str| Query::parse(q).terms.remove(0);
        let phrase = term("\"hello world\"");
        assert_eq!(
            phrase.find("say hello world"),
            vec![Range { start: 4, end: 15 }]
        );
        assert!(phrase.find("say hello\nworld").is_empty());
        assert_eq!(
            term("Win11更新").find("Win11\n更新 Win11 更新"),
            vec![Range { start: 13, end: 25 }]
        );
    }

    #[test]
    fn parses_terms_phrases_and_exclusions() {
        let q = Query::parse(r#"  rust "hello world" -java -"bad news" 中文  rust - "#);
        assert_eq!(
            texts(&q),
            [
                ("rust", false),
                ("hello world", false),
                ("java", true),
                ("bad news", true),
                ("中文", false),
            ]
        );
        assert!(Query::parse(" ,, ! ").is_empty());
        assert_eq!(
            texts(&Query::parse("\"open quote")),
            [("open quote", false)]
        );
    }

    #[test]
    fn parses_fields() {
        let q = Query::parse(
            r#"rust title:web -title:"bad news" author:"IT 之家" TAG:ai cat:新媒体/IT before:2024-07 after:2023 -tag:x http://a url:b"#,
        );
        let terms: Vec<(&str, bool, bool)> = q
            .terms
            .iter()
            .map(|t| (t.text.as_str(), t.exclude, t.title))
            .collect();
        assert_eq!(
            terms,
            [
                ("rust", false, false),
                ("web", false, true),
                ("bad news", true, true),
                ("tag:x", true, false),
                ("http://a", false, false),
                ("url:b", false, false),
            ]
        );
        let fields: Vec<(Field, &str)> = q
            .fields
            .iter()
            .map(|f| (f.field, f.value.as_str()))
            .collect();
        assert_eq!(
            fields,
            [
                (Field::Author, "IT 之家"),
                (Field::Tag, "ai"),
                (Field::Category, "新媒体/IT"),
                (Field::Before, "2024-07"),
                (Field::After, "2023"),
            ]
        );
        assert_ne!(Query::parse("title:web").key(), Query::parse("web").key());
        assert_ne!(Query::parse("tag:a").key(), Query::parse("tag:b").key());
        assert!(Query::parse("tag:a").is_empty());
        assert_eq!(
            texts(&Query::parse("author: x")),
            [("author:", false), ("x", false)]
        );
    }

    #[test]
    fn prefixes_by_star_or_while_typing() {
        fn prefixes(q: &Query) -> Vec<(&str, bool)> {
            q.terms
                .iter()
                .map(|t| (t.text.as_str(), t.prefix))
                .collect()
        }
        assert_eq!(
            prefixes(&Query::parse("rus* web")),
            [("rus", true), ("web", false)]
        );
        assert_eq!(
            prefixes(&Query::parse("中文* \"a*\" *")),
            [("中文*", false), ("a*", false)]
        );
        assert_eq!(
            prefixes(&Query::parse_typing("web rus")),
            [("web", false), ("rus", true)]
        );
        assert_eq!(
            prefixes(&Query::parse_typing("web rus ")),
            [("web", false), ("rus", false)]
        );
        assert_eq!(
            prefixes(&Query::parse_typing("rus r")),
            [("rus", false), ("r", false)]
        );
        assert_eq!(prefixes(&Query::parse_typing("-rus")), [("rus", false)]);
        assert_eq!(
            prefixes(&Query::parse_typing("\"web rus\"")),
            [("web rus", false)]
        );
        assert_eq!(prefixes(&Query::parse_typing("残疾")), [("残疾", false)]);
        assert_ne!(Query::parse("rust").key(), Query::parse("rust*").key());
        assert_eq!(
            Query::parse("Rust  web").key(),
            Query::parse("rust web").key()
        );
        let text = "Rust and rustaceans, trust";
        let found: Vec<&str> = Query::parse("rust*").terms[0]
            .find(text)
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(found, ["Rust", "rustaceans"]);
    }

    #[test]
    fn covers_prove_every_character_and_pair() {
        let cover = |s: &str| Term::new(s, false).cover();
        let c = |v: &[(&str, u32)]| -> Vec<(String, u32)> {
            v.iter().map(|&(s, o)| (s.to_string(), o)).collect()
        };
        assert_eq!(cover("残"), c(&[("残", 0)]));
        assert_eq!(cover("残疾"), c(&[("残疾", 0)]));
        assert_eq!(cover("残疾人"), c(&[("残疾", 0), ("疾人", 1)]));
        assert_eq!(
            cover("残疾人事"),
            c(&[("残疾", 0), ("疾人", 1), ("人事", 2)])
        );
        assert_eq!(
            cover("残疾人事业"),
            c(&[("残疾", 0), ("疾人", 1), ("人事", 2), ("事业", 3)])
        );
        assert_eq!(
            cover("Win11更新 of"),
            c(&[("win11", 0), ("更新", 1), ("of", 3)])
        );
        assert_eq!(cover("中 文"), c(&[("中", 0), ("文", 1)]));
    }

    #[test]
    fn fast_paths_agree_with_units() {
        let text = "Rust 和 rust、RUSTY trust 残疾人残疾 Ünï ünï 残疾";
        let seeds = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/seeds/000_65768461d97a4e44.md"
        ))
        .unwrap_or_default();
        for term in [
            "rust",
            "ünï",
            "残疾",
            "残疾人",
            "快手",
            "the",
            "it",
            "img",
            "中国残疾人",
        ] {
            let term = Term::new(term, false);
            for t in [text, seeds.as_str()] {
                assert_eq!(term.find(t), term.find_by_units(t), "{}", term.text);
            }
        }
        for (term, expected) in [
            ("rust", vec!["Rust", "rust"]),
            ("ünï", vec!["Ünï", "ünï"]),
            ("残疾", vec!["残疾", "残疾", "残疾"]),
            ("残疾人", vec!["残疾人"]),
        ] {
            let found: Vec<&str> = Term::new(term, false)
                .find(text)
                .into_iter()
                .map(|r| &text[r])
                .collect();
            assert_eq!(found, expected, "{term}");
        }
    }

    #[test]
    fn finds_terms_in_text() {
        let text = "微软 Exchange 服务器出现 2022 年日期 Bug，Exchanges 服务";
        let find = |s: &str| {
            Term::new(s, false)
                .find(text)
                .into_iter()
                .map(|r| &text[r])
                .collect::<Vec<_>>()
        };
        assert_eq!(find("exchange"), ["Exchange"]);
        assert_eq!(find("服务"), ["服务", "服务"]);
        assert_eq!(find("服务器出"), ["服务器出"]);
        assert_eq!(find("2022 年"), ["2022 年"]);
        assert_eq!(find("出现2022"), ["出现 2022"]);
        assert!(find("软服").is_empty(), "not across a space");
        assert!(find("change").is_empty(), "words match whole");
    }
}
