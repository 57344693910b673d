//! What the reader sees of a match: the text around it, with the matched words marked.
//!
//! [`html_text`] reads the text out of a body's (sanitized) HTML; [`marks`] finds where a
//! query's terms occur; [`snippet`] cuts a window around the first match; [`segments`] splits
//! text into plain and marked parts, which the app renders as text nodes and `<mark>`s (never
//! as HTML).

use std::ops::Range;

use super::terms::Query;
use super::token::joins;

/// Characters of context before the first match.
const BEFORE: usize = 30;
/// Characters a snippet holds at most.
const WIDTH: usize = 140;

/// The text of an HTML fragment: tags dropped (block boundaries become spaces), character
/// references decoded, whitespace folded.
pub fn html_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        push_decoded(&mut out, &rest[..lt]);
        // Skip the tag, minding quoted attribute values that may hold `>`.
        let mut quote = None;
        let mut end = rest.len();
        for (i, c) in rest[lt + 1..].char_indices() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '>') => {
                    end = lt + 1 + i + 1;
                    break;
                }
                _ => {}
            }
        }
        out.push(' ');
        rest = &rest[end..];
    }
    push_decoded(&mut out, rest);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Appends `text` with its character references decoded.
fn push_decoded(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let end = after.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let name = &after[..e];
            let c = match name {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                "nbsp" => ' ',
                _ => {
                    let n = name.strip_prefix('#')?;
                    let code = match n.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => n.parse().ok()?,
                    };
                    char::from_u32(code)?
                }
            };
            Some((c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
}

/// Byte ranges of `text` where the query's required terms occur, sorted, not overlapping.
pub fn marks(text: &str, query: &Query) -> Vec<Range<usize>> {
    union(query.required().flat_map(|t| t.find(text)))
}

/// The union of non-empty byte ranges, sorted: ranges that overlap become one, ranges that only
/// touch stay apart. The starts and the ends are sorted as plain numbers, each on its own, and
/// swept: in the WASM this is the sort of numbers the list already links, where sorting the
/// ranges themselves would add an instance of the sort for them (2 KB).
fn union(ranges: impl Iterator<Item = Range<usize>>) -> Vec<Range<usize>> {
    // Offsets of one article's text: below 4 GiB.
    let (mut starts, mut ends): (Vec<u32>, Vec<u32>) =
        ranges.map(|r| (r.start as u32, r.end as u32)).unzip();
    starts.sort_unstable();
    ends.sort_unstable();
    let mut out = Vec::new();
    let (mut open, mut from) = (0usize, 0u32);
    let mut ends = ends.into_iter().peekable();
    for start in starts {
        // Ends come before a start at the same offset: touching ranges stay apart. Every range
        // ending here began before `start` (ranges are not empty), so `open` never underflows.
        while let Some(end) = ends.next_if(|&end| end <= start) {
            open -= 1;
            if open == 0 {
                out.push(from as usize..end as usize);
            }
        }
        if open == 0 {
            from = start;
        }
        open += 1;
    }
    // The ranges still open all end after the last start: the last of them ends the union.
    if let Some(end) = ends.last() {
        out.push(from as usize..end as usize);
    }
    out
}

/// `text` split into (part, marked) at `marks`.
pub fn segments(text: &str, marks: &[Range<usize>]) -> Vec<(String, bool)> {
    let mut out = Vec::with_capacity(marks.len() * 2 + 1);
    let mut at = 0;
    for r in marks {
        if r.start > at {
            out.push((text[at..r.start].to_string(), false));
        }
        out.push((text[r.clone()].to_string(), true));
        at = r.end;
    }
    if at < text.len() {
        out.push((text[at..].to_string(), false));
    }
    out
}

/// A window of `text` around the first match of `query`, split into segments, with `…` where
/// it was cut; `None` when no required term occurs in `text`.
pub fn snippet(text: &str, query: &Query) -> Option<Vec<(String, bool)>> {
    let all = marks(text, query);
    let first = all.first()?;
    let mut start = back_chars(text, first.start, BEFORE);
    let mut end = text[start..]
        .char_indices()
        .nth(WIDTH)
        .map_or(text.len(), |(i, _)| start + i);
    // Not in the middle of a word (CJK text can be cut anywhere; a change of script ends a
    // word, as the tokenizer reads it).
    let inside_word = |i: usize| {
        let before = text[..i].chars().next_back();
        let at = text[i..].chars().next();
        matches!((before, at), (Some(b), Some(a)) if joins(b, a))
    };
    while start > 0 && start < first.start && inside_word(start) {
        start += text[start..].chars().next().map_or(1, char::len_utf8);
    }
    while end < text.len() && end > first.end && inside_word(end) {
        end -= text[..end].chars().next_back().map_or(1, char::len_utf8);
    }
    let window = &text[start..end];
    let inside: Vec<Range<usize>> = all
        .iter()
        .filter(|r| r.start >= start && r.end <= end)
        .map(|r| r.start - start..r.end - start)
        .collect();
    let mut parts = segments(window, &inside);
    if start > 0 {
        parts.insert(0, ("…".to_string(), false));
    }
    if end < text.len() {
        parts.push(("…".to_string(), false));
    }
    Some(parts)
}

/// The byte offset `n` characters before `at` (or 0).
fn back_chars(text: &str, at: usize, n: usize) -> usize {
    text[..at]
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_of_html() {
        assert_eq!(
            html_text(
                r#"<p>One &amp; two</p><p>three<img alt="a > b" src="x">four &#x4E2D;&#25991; &bogus; &nbsp;</p>"#
            ),
            "One & two three four 中文 &bogus;"
        );
    }

    #[test]
    fn marks_merge_and_split() {
        let q = Query::parse("服务 exchange 服务器");
        let text = "微软 Exchange 服务器出现问题，服务中断";
        let parts = segments(text, &marks(text, &q));
        let marked: Vec<&str> = parts.iter().filter(|p| p.1).map(|p| p.0.as_str()).collect();
        assert_eq!(marked, ["Exchange", "服务器", "服务"]);
        assert_eq!(parts.iter().map(|p| p.0.as_str()).collect::<String>(), text);
        assert!(
            marks(text, &Query::parse("-服务")).is_empty(),
            "exclusions are not marked"
        );
    }

    #[test]
    #[allow(clippy::single_range_in_vec_init)] // lists of ranges, some of one
    fn the_union_of_ranges_merges_overlaps_and_keeps_touching_ranges_apart() {
        type Ranges = &'static [Range<usize>];
        let cases: [(Ranges, Ranges); 6] = [
            (&[], &[]),
            (&[3..5], &[3..5]),
            (&[6..9, 0..2, 3..5], &[0..2, 3..5, 6..9]),
            (&[0..4, 2..6, 5..7], &[0..7]),
            (&[0..10, 2..3, 4..12, 4..5], &[0..12]),
            (&[4..6, 2..4, 2..3, 6..8], &[2..4, 4..6, 6..8]),
        ];
        for (ranges, want) in cases {
            assert_eq!(union(ranges.iter().cloned()), want, "{ranges:?}");
        }
    }

    #[test]
    fn snippets_centre_on_the_first_match() {
        let text = format!("{} 残疾人 {}", "前".repeat(100), "后".repeat(300));
        let parts = snippet(&text, &Query::parse("残疾")).expect("found");
        assert_eq!(parts.first().unwrap().0, "…");
        assert_eq!(parts.last().unwrap().0, "…");
        let marked: Vec<&str> = parts.iter().filter(|p| p.1).map(|p| p.0.as_str()).collect();
        assert_eq!(marked, ["残疾"]);
        let len: usize = parts.iter().map(|p| p.0.chars().count()).sum();
        assert!(len <= WIDTH + 2, "{len}");
        assert!(snippet("nothing here", &Query::parse("残疾")).is_none());
        // Cut between words, not inside one.
        let long = format!("{} rust {}", "word ".repeat(20), "tail ".repeat(40));
        let parts = snippet(&long, &Query::parse("rust")).unwrap();
        let shown: String = parts.iter().map(|p| p.0.as_str()).collect();
        assert!(shown.starts_with("… word"), "{shown}");
        assert!(
            shown.ends_with("tail…") || shown.ends_with("tail …"),
            "{shown}"
        );
        let short = snippet("a rust b", &Query::parse("rust")).unwrap();
        assert_eq!(
            short,
            [
                ("a ".into(), false),
                ("rust".into(), true),
                (" b".into(), false)
            ]
        );
    }
}
