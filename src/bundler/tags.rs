//! Stage 4: Hexo tag plugins (`{% name args %}`) in a body, expanded before Markdown.
//!
//! Takes the body text, where it is ([`Source`]) and the [`Options`] (the [`Site`] that names
//! resolve against, how code looks); returns an [`Expanded`] body: the text with each known
//! tag replaced by a placeholder comment, the HTML of each tag, and a warning for each tag that
//! is unknown (it stays visible as text) or names something that cannot be found. The markdown
//! stage puts the HTML in place of the placeholders after rendering, as Hexo does, so Markdown
//! never reads into a tag's output (a blank line inside a code block, say).
//!
//! Tags are found the way Hexo finds them: fenced and indented code blocks first, then, in
//! order, inline code, HTML comments and tags; `{%` inside code or a comment is text and
//! raises no warning. Arguments are split on spaces with `"…"`/`'…'` quoting. Every tag in
//! Hexo's core is known ([`plugins`]), plus `note` (NexT, Butterfly) and `raw`; their output
//! escapes every argument, and the sanitizer still sees all of it.

mod plugins;
mod site;

use std::borrow::Cow;
use std::cell::RefCell;
use std::ops::Range;
use std::sync::Arc;

pub use plugins::note_kinds;
pub use site::{CodeFile, Post, Reference, Site, Unresolved};

use super::error::{Kind, Pos, Problem};
use super::highlight;

/// A block tag's placeholder: this, the fragment's number, `-->`. A comment at the start of a
/// line is an HTML block that may interrupt a paragraph, so the tag's output stands on its
/// own. U+FFFC (object replacement character) is what Hexo uses for the same purpose.
const BLOCK_PLACEHOLDER: &str = "<!--\u{FFFC}";
const BLOCK_PLACEHOLDER_END: &str = "-->";
/// An inline tag's placeholder: this, the number, `/>`: inline HTML inside a paragraph, and an
/// HTML block only when alone on its line.
const INLINE_PLACEHOLDER: &str = "<folio-tag-";
const INLINE_PLACEHOLDER_END: &str = "/>";

/// Settings for expanding tags in every article.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Options {
    /// What `post_link`, `asset_img`, `include_code`… resolve against; [`Unresolved`] by
    /// default.
    pub site: Arc<dyn Site>,
    /// How `{% codeblock %}` and `{% include_code %}` look (fenced code uses the same).
    pub highlight: highlight::Options,
}

impl Default for Options {
    fn default() -> Self {
        Self::new(Arc::new(Unresolved))
    }
}

impl Options {
    /// Options over `site`, with default code settings.
    pub fn new(site: Arc<dyn Site>) -> Self {
        Self {
            site,
            highlight: highlight::Options::default(),
        }
    }
}

/// Where a body is: the article's path, its whole body, and the file line the body starts on.
/// Positions inside the body become file positions through it.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    /// The article's path relative to the seeds folder (what the [`Site`] resolves from).
    pub path: &'a str,
    pub body: &'a str,
    /// The file line on which `body` starts (1-based).
    pub body_line: usize,
}

impl Source<'_> {
    /// The file position of byte `offset` of the body.
    pub fn pos(&self, offset: usize) -> Pos {
        Pos::of_offset(self.body, offset).below(self.body_line.saturating_sub(1))
    }
}

/// A body with its tags expanded.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Expanded {
    /// The text with each expanded tag replaced by a placeholder.
    pub text: String,
    /// The HTML of each expanded tag, by placeholder number.
    pub fragments: Vec<String>,
    /// Where stretches of `text` come from: (offset in `text`, offset in the body) at the
    /// start of each stretch copied from the body.
    origins: Vec<(usize, usize)>,
    /// Warnings about tags.
    pub problems: Vec<Problem>,
    /// Fragments already put in place by [`Expanded::fill`].
    used: RefCell<Vec<bool>>,
}

impl Expanded {
    /// The body offset that byte `offset` of [`Expanded::text`] came from (a placeholder maps
    /// to its tag's start).
    pub fn body_offset(&self, offset: usize) -> usize {
        let at = self.origins.partition_point(|&(t, _)| t <= offset);
        match at.checked_sub(1).map(|i| self.origins[i]) {
            Some((t, b)) => b + (offset - t),
            None => offset,
        }
    }

    /// Replaces the placeholders in a piece of rendered HTML by their fragments.
    pub fn fill<'h>(&self, html: &'h str) -> Cow<'h, str> {
        let mut html = Cow::Borrowed(html);
        for (start, end) in [
            (BLOCK_PLACEHOLDER, BLOCK_PLACEHOLDER_END),
            (INLINE_PLACEHOLDER, INLINE_PLACEHOLDER_END),
        ] {
            if html.contains(start) {
                html = Cow::Owned(self.fill_one(&html, start, end));
            }
        }
        html
    }

    fn fill_one(&self, html: &str, open: &str, close: &str) -> String {
        let mut out = String::with_capacity(html.len());
        let mut rest = html;
        while let Some(start) = rest.find(open) {
            out.push_str(&rest[..start]);
            let after = &rest[start + open.len()..];
            let digits = after.bytes().take_while(u8::is_ascii_digit).count();
            let fragment = after[..digits]
                .parse::<usize>()
                .ok()
                .filter(|_| after[digits..].starts_with(close))
                .and_then(|n| self.fragments.get(n).filter(|_| !self.filled(n)));
            match fragment {
                Some(html) => {
                    out.push_str(html);
                    rest = &after[digits + close.len()..];
                }
                None => {
                    // Not ours (an article wrote it) or already used: left for the sanitizer,
                    // which drops it.
                    out.push_str(&open[..1]);
                    rest = &rest[start + 1..];
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// Whether fragment `n` was put in place already (each goes in once), marking it if not.
    fn filled(&self, n: usize) -> bool {
        let mut used = self.used.borrow_mut();
        if used.len() <= n {
            used.resize(self.fragments.len().max(n + 1), false);
        }
        std::mem::replace(&mut used[n], true)
    }
}

/// Expands the tags in the whole body of `source`.
pub fn expand(source: &Source, options: &Options) -> Expanded {
    expand_at(source.body, 0, source, options)
}

/// Expands the tags in `text`, which starts at byte `base` of `source.body`.
fn expand_at(text: &str, base: usize, source: &Source, options: &Options) -> Expanded {
    let mut out = Expanded::default();
    if !text.contains("{%") {
        out.text = text.to_string();
        out.origins.push((0, base));
        return out;
    }
    let blocks = code_blocks(text);
    let mut copied = 0;
    let mut from = 0;
    // Unknown tags already reported, so that their `end…` tags are not reported again.
    let mut unknown: Vec<String> = Vec::new();
    while let Some(tag) = next_tag(text, from, &blocks) {
        // Computed only when reported: it counts lines from the start of the body.
        let call_pos = || source.pos(base + tag.range.start);
        let block_end = |name: &str| find_end(text, tag.range.end, name, &blocks);
        let mut call = plugins::Call {
            name: &tag.name,
            args: split_args(&tag.args),
            content: None,
            source,
            options,
            offset: base + tag.range.start,
            problems: Vec::new(),
        };
        let (html, end) = if plugins::is_block(&tag.name) {
            match block_end(&tag.name) {
                Some(end) => {
                    let (content, at) = strip_block_body(&text[tag.range.end..end.start]);
                    call.content = Some((content, base + tag.range.end + at));
                    (plugins::run(&mut call), end.end)
                }
                None => {
                    out.problems
                        .push(Problem::at(call_pos(), Kind::UnclosedTag(tag.name.clone())));
                    (None, tag.range.end)
                }
            }
        } else {
            (plugins::run(&mut call), tag.range.end)
        };
        out.problems.append(&mut call.problems);
        let html = html.map(|html| {
            if !plugins::writes_urls_as_given(&tag.name) {
                return html;
            }
            // `{% img /images/a.png %}`, `{% link text other.md %}`: the URLs resolve as the
            // article's own do, any warning at the tag.
            let from = source.path;
            super::links::rewrite_html_urls(&html, |url, _| {
                let (new, problem) = options.site.reference(from, url).outcome(url);
                if let Some(kind) = problem {
                    out.problems.push(Problem::at(call_pos(), kind));
                }
                new
            })
            .into_owned()
        });
        let Some(html) = html else {
            let opened = tag.name.strip_prefix("end").unwrap_or("");
            let known_end = plugins::is_block(opened) || unknown.iter().any(|u| u == opened);
            if !plugins::is_known(&tag.name) && !known_end {
                out.problems
                    .push(Problem::at(call_pos(), Kind::UnknownTag(tag.name.clone())));
                unknown.push(tag.name);
            }
            from = end;
            continue;
        };
        out.origins.push((out.text.len(), base + copied));
        out.text.push_str(&text[copied..tag.range.start]);
        out.origins.push((out.text.len(), base + tag.range.start));
        if plugins::gives_url(&tag.name) {
            out.text.push_str(&html);
            copied = end;
            from = end;
            continue;
        }
        let line_start = text[..tag.range.start].rfind('\n').map_or(0, |i| i + 1);
        let starts_line = text[line_start..tag.range.start].trim().is_empty();
        let (open, close) = if plugins::is_block(&tag.name) && starts_line {
            (BLOCK_PLACEHOLDER, BLOCK_PLACEHOLDER_END)
        } else {
            (INLINE_PLACEHOLDER, INLINE_PLACEHOLDER_END)
        };
        out.text
            .push_str(&format!("{open}{}{close}", out.fragments.len()));
        out.fragments.push(html);
        copied = end;
        from = end;
    }
    out.origins.push((out.text.len(), base + copied));
    out.text.push_str(&text[copied..]);
    out
}

/// A `{% … %}` found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct TagAt {
    /// From `{%` to just after `%}`.
    range: Range<usize>,
    name: String,
    /// Everything after the name, unsplit.
    args: String,
}

/// The next tag at or after byte `from` that is not inside code or an HTML comment.
fn next_tag(text: &str, from: usize, blocks: &[Range<usize>]) -> Option<TagAt> {
    let bytes = text.as_bytes();
    let mut i = from;
    while i < bytes.len() {
        if let Some(block) = block_at(blocks, i) {
            i = block.end;
            continue;
        }
        match bytes[i] {
            b'\\' if matches!(bytes.get(i + 1), Some(b'`' | b'{')) => i += 2,
            b'`' => {
                let n = bytes[i..].iter().take_while(|&&b| b == b'`').count();
                i = closing_backticks(text, i + n, n, blocks).unwrap_or(i + n);
            }
            b'<' if bytes[i..].starts_with(b"<!--") => {
                i = text[i + 4..]
                    .find("-->")
                    .map_or(bytes.len(), |e| i + 4 + e + 3);
            }
            b'{' if bytes.get(i + 1) == Some(&b'%') => match tag_at(text, i) {
                Some(tag) => return Some(tag),
                None => i += 2,
            },
            _ => i += 1,
        }
    }
    None
}

/// The code block that holds byte `i`, if any (`blocks` are in order and apart).
fn block_at(blocks: &[Range<usize>], i: usize) -> Option<&Range<usize>> {
    let after = blocks.partition_point(|b| b.start <= i);
    after
        .checked_sub(1)
        .map(|k| &blocks[k])
        .filter(|b| b.contains(&i))
}

/// The tag starting at `start` (`{%`), if its `%}` comes (outside quotes).
fn tag_at(text: &str, start: usize) -> Option<TagAt> {
    let inner_start = start + 2;
    let mut quote: Option<char> = None;
    let mut close = None;
    let mut chars = text[inner_start..].char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '%') if chars.peek().is_some_and(|&(_, n)| n == '}') => {
                close = Some(inner_start + i);
                break;
            }
            _ => {}
        }
    }
    // A quote that never closes (`Hexo's`) is a character: the first `%}` on the same line
    // ends the tag then.
    let close = close.or_else(|| {
        let line_end = text[inner_start..]
            .find('\n')
            .map_or(text.len(), |i| inner_start + i);
        text[inner_start..line_end]
            .find("%}")
            .map(|i| inner_start + i)
    })?;
    let inner = text[inner_start..close].trim();
    let (name, args) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
    Some(TagAt {
        range: start..close + 2,
        name: name.to_string(),
        args: args.trim().to_string(),
    })
}

/// Where a run of exactly `n` backticks closes the code span opened just before `from`; the
/// end of that run. A code span ends at its paragraph: not across a blank line or into a code
/// block.
fn closing_backticks(text: &str, from: usize, n: usize, blocks: &[Range<usize>]) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = from;
    let mut line_blank = false;
    while i < bytes.len() {
        if block_at(blocks, i).is_some() {
            return None;
        }
        match bytes[i] {
            b'`' => {
                let run = bytes[i..].iter().take_while(|&&b| b == b'`').count();
                if run == n {
                    return Some(i + run);
                }
                i += run;
                line_blank = false;
            }
            b'\n' if line_blank => return None,
            b'\n' => {
                line_blank = true;
                i += 1;
            }
            b' ' | b'\t' => i += 1,
            _ => {
                line_blank = false;
                i += 1;
            }
        }
    }
    None
}

/// The `{% end<name> %}` that closes a block tag whose opening ends at `from`: its range.
fn find_end(text: &str, from: usize, name: &str, blocks: &[Range<usize>]) -> Option<Range<usize>> {
    let closing = format!("end{name}");
    let mut at = from;
    while let Some(tag) = next_tag(text, at, blocks) {
        if tag.name == closing {
            return Some(tag.range);
        }
        at = tag.range.end;
    }
    None
}

/// A block tag's body as Hexo hands it to the plugin: common indentation removed, one line
/// break dropped at each end; and the byte offset (in `body`) where it starts.
fn strip_block_body(body: &str) -> (String, usize) {
    let indent = body
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches([' ', '\t']).len())
        .min()
        .unwrap_or(0);
    let dedented = body
        .split('\n')
        .map(|l| {
            l.get(indent..)
                .unwrap_or_else(|| l.trim_start_matches([' ', '\t']))
        })
        .collect::<Vec<_>>()
        .join("\n");
    let lead = usize::from(dedented.starts_with('\n'));
    let inner = &dedented[lead..];
    let inner = inner.strip_suffix('\n').unwrap_or(inner);
    (inner.to_string(), lead)
}

/// Splits tag arguments on whitespace, honouring `"…"` and `'…'` (a quoted part joins the
/// characters right next to it, as in Hexo: `title:"a b"` is one argument). A quote that is
/// never closed is a character like any other (`Hexo's site`).
pub fn split_args(args: &str) -> Vec<String> {
    let mut literal: Vec<usize> = Vec::new();
    loop {
        match split_args_with(args, &literal) {
            Ok(out) => return out,
            Err(open) => literal.push(open),
        }
    }
}

/// [`split_args`], with the quotes at the byte offsets in `literal` taken as characters; the
/// offset of a quote left open if any.
fn split_args_with(args: &str, literal: &[usize]) -> Result<Vec<String>, usize> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut quote: Option<(char, usize)> = None;
    let mut any = false;
    for (i, c) in args.char_indices() {
        match quote {
            Some((q, _)) if c == q => quote = None,
            Some(_) => current.push(c),
            None if (c == '"' || c == '\'') && !literal.contains(&i) => {
                quote = Some((c, i));
                any = true;
            }
            None if c.is_whitespace() => {
                if any || !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
                any = false;
            }
            None => {
                current.push(c);
                any = true;
            }
        }
    }
    if let Some((_, open)) = quote {
        return Err(open);
    }
    if any || !current.is_empty() {
        out.push(current);
    }
    Ok(out)
}

/// Byte ranges of the code blocks of a Markdown text: fenced (```` ``` ````/`~~~`, at any
/// indentation, after a list marker or `>`s) and indented (four spaces past the enclosing
/// list item's content, after a blank line). Each range covers whole lines.
fn code_blocks(text: &str) -> Vec<Range<usize>> {
    let mut blocks = Vec::new();
    // The open fence: its character, length and start.
    let mut fence: Option<(u8, usize, usize)> = None;
    let mut indented: Option<Range<usize>> = None;
    let mut prev_blank = true;
    // Content column of the list item the text is in, if any.
    let mut list: Option<usize> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let content = strip_quote_markers(line.trim_end_matches('\n'));
        if let Some((ch, len, open)) = fence {
            let t = content.trim_start();
            let run = t.bytes().take_while(|&b| b == ch).count();
            if run >= len && t[run..].trim().is_empty() {
                blocks.push(open..offset);
                fence = None;
            }
            continue;
        }
        let blank = content.trim().is_empty();
        let indent = indentation(content);
        let base = list.unwrap_or(0);
        if let Some(code) = &mut indented {
            if blank || indent >= base + 4 {
                code.end = offset;
                prev_blank = blank;
                continue;
            }
            // Trailing blank lines are not part of the block.
            let end = text[code.clone()].trim_end().len() + code.start;
            blocks.push(code.start..end);
            indented = None;
        }
        if blank {
            prev_blank = true;
            continue;
        }
        if prev_blank && indent >= base + 4 {
            indented = Some(start..offset);
            continue;
        }
        let trimmed = content.trim_start();
        let marker = list_marker(trimmed);
        let after_marker = marker.map_or(trimmed, |(width, _)| trimmed[width..].trim_start());
        let run_char = after_marker
            .bytes()
            .next()
            .filter(|b| matches!(b, b'`' | b'~'));
        if let Some(ch) = run_char {
            let run = after_marker.bytes().take_while(|&b| b == ch).count();
            let info = &after_marker[run..];
            if run >= 3 && !(ch == b'`' && info.contains('`')) {
                fence = Some((ch, run, start));
            }
        }
        match marker {
            Some((width, spaces)) => list = Some(indent + width + spaces),
            None if indent == 0 && prev_blank => list = None,
            None => {}
        }
        prev_blank = false;
    }
    if let Some((_, _, open)) = fence {
        blocks.push(open..text.len());
    }
    if let Some(code) = indented {
        let end = text[code.clone()].trim_end().len() + code.start;
        blocks.push(code.start..end);
    }
    blocks
}

/// `line` without leading block-quote markers (`> > `).
fn strip_quote_markers(line: &str) -> &str {
    let mut rest = line;
    loop {
        let t = rest.trim_start_matches([' ', '\t']);
        match t.strip_prefix('>') {
            Some(after) if rest.len() - t.len() < 4 => {
                rest = after.strip_prefix(' ').unwrap_or(after);
            }
            _ => return rest,
        }
    }
}

/// Columns of leading whitespace (a tab to the next multiple of four).
fn indentation(line: &str) -> usize {
    let mut col = 0;
    for c in line.chars() {
        match c {
            ' ' => col += 1,
            '\t' => col += 4 - col % 4,
            _ => break,
        }
    }
    col
}

/// A list item marker at the start of `text` (`-`, `*`, `+`, `1.`, `1)`): its width and the
/// spaces after it (1 when more than 4, where the rest is indented code).
fn list_marker(text: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let width = match bytes.first()? {
        b'-' | b'*' | b'+' => 1,
        b'0'..=b'9' => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            if digits > 9 || !matches!(bytes.get(digits), Some(b'.' | b')')) {
                return None;
            }
            digits + 1
        }
        _ => return None,
    };
    match bytes.get(width) {
        None => Some((width, 1)),
        Some(b' ' | b'\t') => {
            let spaces = bytes[width..].iter().take_while(|&&b| b == b' ').count();
            Some((width, if (1..=4).contains(&spaces) { spaces } else { 1 }))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests;
