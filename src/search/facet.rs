//! Facet tokens: an article's author, tags, categories, month and day as tokens of the search index,
//! so that a facet filter is answered by the same posting lists as the text. Takes a facet
//! value's name (or a month), returns its token.
//!
//! Every facet token starts with U+0001, which no token of text can hold (the tokenizer keeps
//! only letters, digits and CJK characters), so the two never meet; they sort before every text
//! token. They have no positions: a facet filter never asks where.

/// The first character of every facet token.
pub const FACET_MARK: char = '\u{1}';

/// Which facet a value belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FacetKind {
    Author,
    Tag,
    /// A category node; an article carries the token of each category it is filed under and of
    /// every ancestor of those.
    Category,
}

/// The token of a facet value: `"\u{1}aIT 之家"` (an author), `"\u{1}trust"` (a tag),
/// `"\u{1}c新媒体\u{1f}IT 之家"` (a category: its path from the root, the names joined by
/// [`crate::model::PATH_SEPARATOR`], as the lookup's keys spell it). The name as the bundle's
/// tables hold it, not its id: an id is a place in a table, and a value that appears or goes
/// away moves the ids after it, which would change the token in every segment that holds one
/// of them; a name's token changes only with the name. The bundler and the app's queries both
/// call this.
pub fn facet_token(kind: FacetKind, name: &str) -> String {
    let letter = match kind {
        FacetKind::Author => 'a',
        FacetKind::Tag => 't',
        FacetKind::Category => 'c',
    };
    format!("{FACET_MARK}{letter}{name}")
}

/// The token of a month in the site's time zone: `"\u{1}m202407"` (month 1–12).
pub fn month_token(year: i32, month: u32) -> String {
    format!("{FACET_MARK}m{year:04}{month:02}")
}

/// The token of an article's kind in a bundle that has pages: `"\u{1}kpage"` for a page of a
/// Hexo site, `"\u{1}kpost"` for a post. A bundle without pages has neither, so the index of an
/// archive of posts alone pays nothing for the kind facet.
pub fn kind_token(page: bool) -> String {
    let kind = if page { "page" } else { "post" };
    format!("{FACET_MARK}k{kind}")
}

/// The token of a day in the site's time zone (an article's columns day): `"\u{1}d20240719"`.
/// Together with the months, a date range to the day is a clause of a few tokens.
pub fn day_token(year: i32, month: u32, day: u32) -> String {
    format!("{FACET_MARK}d{year:04}{month:02}{day:02}")
}

/// Whether `token` is a facet token rather than a token of text.
pub fn is_facet(token: &str) -> bool {
    token.starts_with(FACET_MARK)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::token::tokens;

    #[test]
    fn facet_tokens_are_spelled_as_the_format_says() {
        assert_eq!(facet_token(FacetKind::Author, "IT 之家"), "\u{1}aIT 之家");
        assert_eq!(facet_token(FacetKind::Tag, "rust"), "\u{1}trust");
        assert_eq!(
            facet_token(FacetKind::Category, "新媒体\u{1f}IT 之家"),
            "\u{1}c新媒体\u{1f}IT 之家"
        );
        assert_eq!(month_token(2024, 7), "\u{1}m202407");
        assert_eq!(month_token(2024, 12), "\u{1}m202412");
        assert_eq!(kind_token(true), "\u{1}kpage");
        assert_eq!(kind_token(false), "\u{1}kpost");
        assert_eq!(day_token(2024, 7, 9), "\u{1}d20240709");
        assert!(is_facet(&month_token(1999, 1)) && !is_facet("a17"));
    }

    #[test]
    fn text_never_holds_a_facet_token() {
        let text = format!(
            "{} a17 {FACET_MARK}t3 m202407",
            facet_token(FacetKind::Author, "a17")
        );
        tokens(&text, |t, _| assert!(!is_facet(&t), "{t:?}"));
    }
}
