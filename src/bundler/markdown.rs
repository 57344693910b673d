//! Stage 5: the article body to (unsanitized) HTML.
//!
//! Takes the [`Expanded`] body from the tag stage and returns [`Rendered`] HTML with warnings.
//! Markdown goes through pulldown-cmark with the options listed in [`parser_options`] (one
//! place builds the parser), then through rewrites, each an iterator adapter over its events:
//! formulas to MathML ([`super::math`]), code blocks to highlighted HTML
//! ([`super::highlight`]), bare URLs to links, the tag stage's placeholders to their HTML,
//! footnotes gathered at the end with links back, and an id on every heading. Raw HTML passes
//! through. A body that is a single HTML element (the `<div>…</div>` that RSS-to-Hexo
//! generators write) is taken as HTML as it is, the way a browser would read it, so that
//! indentation inside it is never mistaken for a Markdown code block. The `<!-- more -->`
//! marker survives as a comment for the article stage to split on.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{
    html, CodeBlockKind, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd, TextMergeStream,
};

use super::error::{Kind, Problem};
use super::highlight::{self, Block};
use super::links;
use super::math::{self, Display};
use super::tags::{self, Expanded, Source};
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
    options.insert(Options::ENABLE_MATH);
    options
}

/// A rendered body.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rendered {
    pub html: String,
    /// Formulas that did not parse.
    pub problems: Vec<Problem>,
}

/// Renders Markdown with no tags in it.
#[cfg(test)]
pub fn render_plain(body: &str) -> String {
    let source = Source {
        path: "",
        body,
        body_line: 1,
    };
    let options = tags::Options::default();
    let expanded = tags::expand(&source, &options);
    render(&expanded, &source, &options).html
}

/// Renders an expanded body of `source` to HTML.
pub fn render(body: &Expanded, source: &Source, options: &tags::Options) -> Rendered {
    let code = &options.highlight;
    let mut problems = Vec::new();
    // A URL the article wrote, as the site has it: what to write instead, and a warning at
    // `at` (a byte of the expanded text) when it leads nowhere.
    let reference = |url: &str, at: usize, problems: &mut Vec<Problem>| -> Option<String> {
        let (new, problem) = options.site.reference(source.path, url).outcome(url);
        if let Some(kind) = problem {
            problems.push(Problem::at(source.pos(body.body_offset(at)), kind));
        }
        new
    };
    if is_html_document(&body.text) {
        return Rendered {
            html: body.fill(&body.text).into_owned(),
            problems,
        };
    }
    let text = body.text.as_str();
    let parsed = Parser::new_ext(text, parser_options()).into_offset_iter();
    let with_math = parsed.map(|(event, range)| match event {
        Event::InlineMath(tex) if math::closes_before_digit(text, range.end) => {
            Event::Text(CowStr::from(format!("${tex}$")))
        }
        Event::InlineMath(_) | Event::DisplayMath(_) => {
            let (tex, display, fence) = match event {
                Event::InlineMath(tex) => (tex, Display::Inline, "$"),
                Event::DisplayMath(tex) => (tex, Display::Block, "$$"),
                _ => unreachable!("matched above"),
            };
            match math::render(&tex, display) {
                Ok(mathml) => Event::InlineHtml(CowStr::from(mathml)),
                Err(message) => {
                    let at = source.pos(body.body_offset(range.start));
                    problems.push(Problem::at(at, Kind::Math { message }));
                    Event::Text(CowStr::from(format!("{fence}{tex}{fence}")))
                }
            }
        }
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: reference(&dest_url, range.start, &mut problems)
                .map_or(dest_url, CowStr::from),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: reference(&dest_url, range.start, &mut problems)
                .map_or(dest_url, CowStr::from),
            title,
            id,
        }),
        Event::Html(ref h) | Event::InlineHtml(ref h) if h.contains('<') => {
            // Raw HTML stands in the text as written, so a value's offset is exact.
            let exact = text[range.start..].starts_with(&**h);
            let rewritten = links::rewrite_html_urls(h, |url, at| {
                let at = if exact { range.start + at } else { range.start };
                reference(url, at, &mut problems)
            })
            .into_owned();
            match event {
                Event::Html(_) => Event::Html(CowStr::from(rewritten)),
                _ => Event::InlineHtml(CowStr::from(rewritten)),
            }
        }
        other => other,
    });
    let events = TextMergeStream::new(with_math);
    let events = CodeBlocks {
        inner: events,
        options: code,
    };
    let events = Autolinks::new(events);
    let events = events.map(|event| match event {
        Event::Html(h) => Event::Html(CowStr::from(body.fill(&h).into_owned())),
        Event::InlineHtml(h) => Event::InlineHtml(CowStr::from(body.fill(&h).into_owned())),
        other => other,
    });
    let events = with_heading_ids(with_footnotes(events.collect()));
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    html::push_html(&mut out, events.into_iter());
    Rendered {
        html: with_align_attributes(out),
        problems,
    }
}

/// Table columns keep their alignment: pulldown-cmark writes it as a `style` attribute, which
/// the sanitizer drops (no article styles under the viewer's CSP); `align`, as Hexo writes it,
/// is inert and kept.
fn with_align_attributes(html: String) -> String {
    if !html.contains("<table>") {
        return html;
    }
    let mut html = html;
    for cell in ["td", "th"] {
        for side in ["left", "center", "right"] {
            let style = format!("<{cell} style=\"text-align: {side}\">");
            if html.contains(&style) {
                html = html.replace(&style, &format!("<{cell} align=\"{side}\">"));
            }
        }
    }
    html
}

/// Code blocks to highlighted HTML ([`highlight::render`]). A fence's info string reads as
/// Hexo reads it: the language, then an optional caption, URL and link text, and options
/// (`mark:1,3`, `line_number:true`…).
struct CodeBlocks<'o, I> {
    inner: I,
    options: &'o highlight::Options,
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for CodeBlocks<'_, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        let event = self.inner.next()?;
        let Event::Start(Tag::CodeBlock(kind)) = event else {
            return Some(event);
        };
        let mut code = String::new();
        for event in self.inner.by_ref() {
            match event {
                Event::Text(t) => code.push_str(&t),
                Event::End(TagEnd::CodeBlock) => break,
                _ => {}
            }
        }
        let mut block = Block {
            first_line: 1,
            ..Block::default()
        };
        if let CodeBlockKind::Fenced(info) = kind {
            let words = tags::split_args(&info);
            let mut rest = highlight::take_options(&words, &mut block).into_iter();
            if block.lang.is_none() {
                block.lang = rest.next();
            }
            block.caption = highlight::caption(&rest.collect::<Vec<_>>());
        }
        let code = code.strip_suffix('\n').unwrap_or(&code);
        let html = highlight::render(code, &block, self.options);
        Some(Event::Html(CowStr::from(html + "\n")))
    }
}

/// Bare URLs in text to links, as GitHub (and hexo-renderer-marked) link them: `https://…`,
/// `http://…` and `www.…`, without trailing punctuation or an unbalanced `)`. Not inside
/// links, code or HTML.
struct Autolinks<'a, I> {
    inner: I,
    /// Events split out of one text event, waiting to be returned (in reverse).
    pending: Vec<Event<'a>>,
    in_link: usize,
}

impl<'a, I> Autolinks<'a, I> {
    fn new(inner: I) -> Self {
        Self {
            inner,
            pending: Vec::new(),
            in_link: 0,
        }
    }
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for Autolinks<'a, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        if let Some(event) = self.pending.pop() {
            return Some(event);
        }
        let event = self.inner.next()?;
        match &event {
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => self.in_link += 1,
            Event::End(TagEnd::Link | TagEnd::Image) => {
                self.in_link = self.in_link.saturating_sub(1)
            }
            Event::Text(text) if self.in_link == 0 => {
                let found = bare_urls(text);
                if found.is_empty() {
                    return Some(event);
                }
                let mut out = Vec::new();
                let mut at = 0;
                for range in found {
                    if range.start > at {
                        out.push(Event::Text(CowStr::from(text[at..range.start].to_string())));
                    }
                    let shown = &text[range.clone()];
                    let href = if shown.starts_with("www.") {
                        format!("http://{shown}")
                    } else {
                        shown.to_string()
                    };
                    out.push(Event::Start(Tag::Link {
                        link_type: LinkType::Autolink,
                        dest_url: CowStr::from(href),
                        title: CowStr::Borrowed(""),
                        id: CowStr::Borrowed(""),
                    }));
                    out.push(Event::Text(CowStr::from(shown.to_string())));
                    out.push(Event::End(TagEnd::Link));
                    at = range.end;
                }
                if at < text.len() {
                    out.push(Event::Text(CowStr::from(text[at..].to_string())));
                }
                out.reverse();
                self.pending = out;
                return self.pending.pop();
            }
            _ => {}
        }
        Some(event)
    }
}

/// Byte ranges of the bare URLs in `text` (GitHub's extended autolinks, without e-mail).
pub fn bare_urls(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let rest = &text[i..];
        let scheme = ["https://", "http://", "www."].into_iter().find(|s| {
            rest.get(..s.len())
                .is_some_and(|h| h.eq_ignore_ascii_case(s))
        });
        // At the start of a word only (not inside `xhttp://` or `a.www.b`).
        let word_start = i == 0
            || text[..i]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_whitespace() || "*_~(\"'“‘（「《".contains(c));
        let Some(scheme) = scheme.filter(|_| word_start) else {
            i += rest.chars().next().map_or(1, char::len_utf8);
            continue;
        };
        let len = rest
            .char_indices()
            .find(|&(_, c)| {
                c.is_whitespace()
                    || c == '<'
                    || !c.is_ascii() && !c.is_alphanumeric()
                    || is_cjk_punct(c)
            })
            .map_or(rest.len(), |(j, _)| j);
        let mut end = len;
        // Trailing punctuation is not part of the link; nor is a `)` without its `(`.
        loop {
            let candidate = &rest[..end];
            let Some(last) = candidate.chars().next_back() else {
                break;
            };
            let unbalanced =
                last == ')' && candidate.matches(')').count() > candidate.matches('(').count();
            if "?!.,:*_~'\";".contains(last) || unbalanced {
                end -= 1;
            } else {
                break;
            }
        }
        if end <= scheme.len() {
            i += scheme.len();
            continue;
        }
        let host = rest[scheme.len()..end]
            .split(['/', '?', '#'])
            .next()
            .unwrap_or("");
        let valid = !host.is_empty()
            && !host.starts_with(['.', '-'])
            && host
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '.' | '_' | ':'));
        if valid && end > scheme.len() {
            out.push(i..i + end);
            i += end;
        } else {
            i += scheme.len();
        }
    }
    out
}

/// Full-width punctuation that ends a URL written in Chinese text.
fn is_cjk_punct(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}')
}

/// Footnotes as GitHub shows them: a numbered superscript link at each reference (numbered in
/// the order first referenced), the notes in a list at the end, each with a link back to its
/// first reference. Ids are numbers (`fn-1`, `fnref-1`) whatever the labels, so that the app
/// can follow them.
fn with_footnotes(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    if !events
        .iter()
        .any(|e| matches!(e, Event::FootnoteReference(_)))
    {
        return events
            .into_iter()
            .scan(0usize, |depth, e| {
                let keep = *depth == 0 && !matches!(e, Event::Start(Tag::FootnoteDefinition(_)));
                match e {
                    Event::Start(Tag::FootnoteDefinition(_)) => *depth += 1,
                    Event::End(TagEnd::FootnoteDefinition) => *depth -= 1,
                    _ => {}
                }
                Some(keep.then_some(e))
            })
            .flatten()
            .collect();
    }
    let mut body = Vec::with_capacity(events.len());
    let mut notes: HashMap<String, Vec<Event<'_>>> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    let mut refs: HashMap<String, usize> = HashMap::new();
    let mut current: Option<(String, Vec<Event<'_>>)> = None;
    for event in events {
        match (event, &mut current) {
            (Event::Start(Tag::FootnoteDefinition(label)), None) => {
                current = Some((label.to_string(), Vec::new()));
            }
            (Event::End(TagEnd::FootnoteDefinition), Some(_)) => {
                let (label, inner) = current.take().expect("open");
                notes.entry(label).or_insert(inner);
            }
            (Event::FootnoteReference(label), current) => {
                let label = label.to_string();
                let n = match order.iter().position(|l| *l == label) {
                    Some(i) => i + 1,
                    None => {
                        order.push(label.clone());
                        order.len()
                    }
                };
                let seen = refs.entry(label).or_default();
                *seen += 1;
                let id = if *seen == 1 {
                    format!("fnref-{n}")
                } else {
                    format!("fnref-{n}-{seen}")
                };
                let html = format!(
                    "<sup class=\"footnote-reference\"><a href=\"#fn-{n}\" id=\"{id}\">{n}</a></sup>"
                );
                let event = Event::InlineHtml(CowStr::from(html));
                match current {
                    Some((_, inner)) => inner.push(event),
                    None => body.push(event),
                }
            }
            (event, Some((_, inner))) => inner.push(event),
            (event, None) => body.push(event),
        }
    }
    let listed: Vec<(usize, Vec<Event<'_>>)> = order
        .iter()
        .enumerate()
        .filter_map(|(i, label)| notes.remove(label).map(|n| (i + 1, n)))
        .collect();
    if listed.is_empty() {
        return body;
    }
    body.push(Event::Html(CowStr::Borrowed(
        "<div class=\"footnotes\"><ol>\n",
    )));
    for (n, mut note) in listed {
        body.push(Event::Html(CowStr::from(format!("<li id=\"fn-{n}\">"))));
        let back = Event::InlineHtml(CowStr::from(format!(
            " <a href=\"#fnref-{n}\" class=\"footnote-backref\">↩</a>"
        )));
        // Inside the note's last paragraph, as GitHub puts it.
        match note.last() {
            Some(Event::End(TagEnd::Paragraph)) => {
                let at = note.len() - 1;
                note.insert(at, back);
            }
            _ => note.push(back),
        }
        body.extend(note);
        body.push(Event::Html(CowStr::Borrowed("</li>\n")));
    }
    body.push(Event::Html(CowStr::Borrowed("</ol></div>\n")));
    body
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
        let html = render_plain("# Title\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ and [x][^1]\n\n- [x] done\n\n[^1]: note\n");
        for needle in [
            "<h1 id=\"title\">Title</h1>",
            "<table>",
            "<del>old</del>",
            "type=\"checkbox\"",
            "<sup class=\"footnote-reference\"><a href=\"#fn-1\" id=\"fnref-1\">1</a></sup>",
            "<div class=\"footnotes\"><ol>\n<li id=\"fn-1\">\n<p>note <a href=\"#fnref-1\" class=\"footnote-backref\">↩</a></p>\n</li>",
        ] {
            assert!(html.contains(needle), "{needle} missing in {html}");
        }
    }

    #[test]
    fn headings_get_unique_ids_unless_given_one() {
        let html = render_plain("## Intro\n\n## Intro\n\n## 安装 `cargo`\n\n## Own {#mine}\n");
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
    fn table_alignment_survives_as_attributes() {
        let html = render_plain("| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n");
        for needle in [
            "<th align=\"left\">a",
            "<td align=\"center\">2",
            "<td align=\"right\">3",
        ] {
            assert!(html.contains(needle), "{needle} missing in {html}");
        }
        assert!(!html.contains("style"), "{html}");
    }

    #[test]
    fn bare_urls_are_linked_without_trailing_punctuation() {
        let cases = [
            ("see https://a.org/x.", Some("<a href=\"https://a.org/x\">https://a.org/x</a>.")),
            ("(www.a.org/b_(c))", Some("(<a href=\"http://www.a.org/b_(c)\">www.a.org/b_(c)</a>)")),
            ("看 https://a.org/路径，好", Some("<a href=\"https://a.org/%E8%B7%AF%E5%BE%84\">https://a.org/路径</a>，好")),
            ("xhttps://a.org and www. alone", None),
            ("`https://in.code`", None),
            ("[text](https://a.org) <https://b.org>", Some("<a href=\"https://a.org\">text</a> <a href=\"https://b.org\">https://b.org</a>")),
        ];
        for (text, expected) in cases {
            let html = render_plain(text);
            match expected {
                Some(needle) => assert!(html.contains(needle), "{text}: {html}"),
                None => assert!(!html.contains("<a "), "{text}: {html}"),
            }
        }
    }

    #[test]
    fn math_follows_pandoc() {
        let html = render_plain(
            "$a_1 * b$ and $$x$$\n\nnot $5 and $6\n\nnot \\$7\\$\n\nnot `$x$`\n\nnot $x$1\n\nnot $ x$",
        );
        assert_eq!(html.matches("<math").count(), 2, "{html}");
        assert!(html.contains("<math display=\"block\">"), "{html}");
        for needle in [
            "not $5 and $6",
            "not $7$",
            "not <code>$x$</code>",
            "not $x$1",
            "not $ x$",
        ] {
            assert!(html.contains(needle), "{needle} missing in {html}");
        }
    }

    #[test]
    fn a_rule_in_a_body_stays_a_rule() {
        assert!(render_plain("one\n\n---\n\ntwo").contains("<hr />"));
    }

    #[test]
    fn html_documents_pass_through() {
        let body = "\n<div>   \n<p>a</p>\n\n    <p>indented</p>\n</div>";
        assert!(is_html_document(body));
        assert_eq!(render_plain(body), body);
        assert!(!is_html_document("<b>bold</b> and *md*"));
        assert!(!is_html_document("text <div></div>"));
        assert!(!is_html_document("<div>open"));
        // Found by fuzzing: a multi-byte character across the cut.
        assert!(!is_html_document("<div>大/div>"));
    }

    #[test]
    fn raw_html_inside_markdown_survives_for_the_sanitizer() {
        assert!(render_plain("Hello <span>x</span>").contains("<span>x</span>"));
    }

    #[test]
    fn more_marker_positions() {
        assert_eq!(more_marker("<p>a</p><!-- more --><p>b</p>"), Some(8));
        assert_eq!(more_marker("<p>a</p><!--more--><p>b</p>"), Some(8));
        assert_eq!(more_marker("<!-- x --><p>a</p>"), None);
        assert_eq!(more_marker("<!-- unterminated"), None);
    }
}
