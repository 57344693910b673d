//! Stage 5: the article body to (unsanitized) HTML.
//!
//! Takes the body text and returns HTML. Markdown goes through pulldown-cmark with the options
//! listed in [`parser_options`] (one place builds the parser); raw HTML passes through. A body
//! that is a single HTML element (the `<div>…</div>` that RSS-to-Hexo generators write) is taken
//! as HTML as it is, the way a browser would read it, so that indentation inside it is never
//! mistaken for a Markdown code block. Hexo tag plugins are expanded before this stage by the
//! article stage. The `<!-- more -->` marker survives as a comment for the article stage to split on.

use std::collections::HashSet;

use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag, TagEnd};

use super::text::slugify;

/// Every pulldown-cmark option Folio uses, in one place. The metadata-block options stay off:
/// front matter is split by [`super::split`], and they would swallow a `---` rule in a body.
pub fn parser_options() -> Options {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_FOOTNOTES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_TASKLISTS);
    options.insert(Options::ENABLE_HEADING_ATTRIBUTES);
    options.insert(Options::ENABLE_GFM);
    options
}

/// Renders `body` to HTML.
pub fn render(body: &str) -> String {
    if is_html_document(body) {
        return body.to_string();
    }
    let events = with_heading_ids(Parser::new_ext(body, parser_options()).collect());
    let mut out = String::with_capacity(body.len() + body.len() / 4);
    html::push_html(&mut out, events.into_iter());
    out
}

/// Gives every heading without an explicit `{#id}` an id made from its text (unique within the
/// article), so headings can be linked to.
fn with_heading_ids(mut events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut used: HashSet<String> = HashSet::new();
    for i in 0..events.len() {
        let Event::Start(Tag::Heading { id, .. }) = &events[i] else {
            continue;
        };
        if let Some(id) = id {
            used.insert(id.to_string());
            continue;
        }
        let text: String = events[i + 1..]
            .iter()
            .take_while(|e| !matches!(e, Event::End(TagEnd::Heading(_))))
            .filter_map(|e| match e {
                Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                _ => None,
            })
            .collect();
        let base = match slugify(&text) {
            s if s.is_empty() => "section".to_string(),
            s => s,
        };
        let mut unique = base.clone();
        let mut n = 1;
        while !used.insert(unique.clone()) {
            unique = format!("{base}-{n}");
            n += 1;
        }
        if let Event::Start(Tag::Heading { id, .. }) = &mut events[i] {
            *id = Some(CowStr::from(unique));
        }
    }
    events
}

/// Whether `body` is one HTML block element from start to end (`<div>…</div>`).
pub fn is_html_document(body: &str) -> bool {
    let t = body.trim();
    let Some(rest) = t.strip_prefix('<') else {
        return false;
    };
    let name: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    const BLOCKS: &[&str] = &[
        "div",
        "p",
        "article",
        "section",
        "table",
        "figure",
        "blockquote",
        "ul",
        "ol",
        "pre",
        "html",
        "body",
        "main",
    ];
    if !BLOCKS.contains(&name.as_str()) {
        return false;
    }
    let closing = format!("</{name}>");
    t.len()
        .checked_sub(closing.len())
        .and_then(|start| t.get(start..))
        .is_some_and(|end| end.eq_ignore_ascii_case(&closing))
}

/// Where the `<!-- more -->` marker starts in rendered HTML, if anywhere.
pub fn more_marker(html: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = html[from..].find("<!--") {
        let start = from + i;
        let rest = &html[start + 4..];
        let end = rest.find("-->")?;
        if rest[..end].trim().eq_ignore_ascii_case("more") {
            return Some(start);
        }
        from = start + 4 + end + 3;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_features() {
        let html = render("# Title\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ and [x][^1]\n\n- [x] done\n\n[^1]: note\n");
        for needle in [
            "<h1 id=\"title\">Title</h1>",
            "<table>",
            "<del>old</del>",
            "type=\"checkbox\"",
            "footnote-definition",
        ] {
            assert!(html.contains(needle), "{needle} missing in {html}");
        }
    }

    #[test]
    fn headings_get_unique_ids_unless_given_one() {
        let html = render("## Intro\n\n## Intro\n\n## 安装 `cargo`\n\n## Own {#mine}\n");
        for needle in [
            "id=\"intro\"",
            "id=\"intro-1\"",
            "id=\"安装-cargo\"",
            "id=\"mine\"",
        ] {
            assert!(html.contains(needle), "{needle} missing in {html}");
        }
    }

    #[test]
    fn a_rule_in_a_body_stays_a_rule() {
        assert!(render("one\n\n---\n\ntwo").contains("<hr />"));
    }

    #[test]
    fn html_documents_pass_through() {
        let body = "\n<div>   \n<p>a</p>\n\n    <p>indented</p>\n</div>";
        assert!(is_html_document(body));
        assert_eq!(render(body), body);
        assert!(!is_html_document("<b>bold</b> and *md*"));
        assert!(!is_html_document("text <div></div>"));
        assert!(!is_html_document("<div>open"));
        // Found by fuzzing: a multi-byte character across the cut.
        assert!(!is_html_document("<div>大/div>"));
    }

    #[test]
    fn raw_html_inside_markdown_survives_for_the_sanitizer() {
        assert!(render("Hello <span>x</span>").contains("<span>x</span>"));
    }

    #[test]
    fn more_marker_positions() {
        assert_eq!(more_marker("<p>a</p><!-- more --><p>b</p>"), Some(8));
        assert_eq!(more_marker("<p>a</p><!--more--><p>b</p>"), Some(8));
        assert_eq!(more_marker("<!-- x --><p>a</p>"), None);
        assert_eq!(more_marker("<!-- unterminated"), None);
    }
}
