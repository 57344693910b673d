//! Stage 4: Hexo tag plugins (`{% name args %}`) in a body, expanded before Markdown.
//!
//! Takes the body text and the line it starts on; returns the text with known tags replaced and
//! a warning for each unknown one (which stays visible as text). Known tags: `codeblock`/`code`,
//! `blockquote`/`quote`, `img`/`image`, `link`, `youtube`, `note`, `raw`. Arguments are split
//! the way Hexo splits them: on spaces, with `"…"`/`'…'` quoting. Output is plain HTML with every
//! argument escaped; the sanitizer still sees all of it. Fenced code blocks are left alone.

use super::error::{Kind, Pos, Problem};
use super::markdown;
use super::text::escape_markup as escape;

/// Expands the tags in `body`; `body_line` is the file line on which `body` starts.
pub fn expand(body: &str, body_line: usize) -> (String, Vec<Problem>) {
    if !body.contains("{%") {
        return (body.to_string(), Vec::new());
    }
    let mut out = String::with_capacity(body.len());
    let mut warnings = Vec::new();
    let mut rest = body;
    let mut consumed = 0;
    while let Some(start) = next_tag(rest) {
        out.push_str(&rest[..start]);
        let tag_text = &rest[start..];
        let Some(end) = tag_text.find("%}") else {
            out.push_str(tag_text);
            rest = "";
            break;
        };
        let inner = tag_text[2..end].trim();
        let after = &tag_text[end + 2..];
        let (name, args) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
        let args = split_args(args);
        let pos = || Pos::of_offset(body, consumed + start).below(body_line - 1);
        let block_end = |closing: &str| find_end(after, closing);
        let (html, used) = match name {
            "codeblock" | "code" => match block_end(&format!("end{name}")) {
                Some((content, used)) => (codeblock(&args, content), used),
                None => (String::new(), usize::MAX),
            },
            "blockquote" | "quote" => match block_end(&format!("end{name}")) {
                Some((content, used)) => (blockquote(&args, content), used),
                None => (String::new(), usize::MAX),
            },
            "note" => match block_end("endnote") {
                Some((content, used)) => (note(&args, content), used),
                None => (String::new(), usize::MAX),
            },
            "raw" => match block_end("endraw") {
                Some((content, used)) => (content.to_string(), used),
                None => (String::new(), usize::MAX),
            },
            "img" | "image" => (img(&args), 0),
            "link" => (link(&args), 0),
            "youtube" => (youtube(&args), 0),
            _ => (String::new(), usize::MAX),
        };
        if used == usize::MAX {
            warnings.push(Problem::at(pos(), Kind::UnknownTag(name.to_string())));
            out.push_str(&tag_text[..end + 2]);
            consumed += start + end + 2;
            rest = after;
        } else {
            out.push_str(&html);
            consumed += start + end + 2 + used;
            rest = &after[used..];
        }
    }
    out.push_str(rest);
    (out, warnings)
}

/// Offset of the next `{%` that is not inside a fenced code block.
fn next_tag(text: &str) -> Option<usize> {
    let mut in_fence = false;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_fence = !in_fence;
        } else if !in_fence {
            if let Some(i) = line.find("{%") {
                return Some(offset + i);
            }
        }
        offset += line.len();
    }
    None
}

/// The content up to `{% closing %}` and how many bytes of `after` that used.
fn find_end<'a>(after: &'a str, closing: &str) -> Option<(&'a str, usize)> {
    let mut from = 0;
    while let Some(i) = after[from..].find("{%") {
        let at = from + i;
        let close = after[at..].find("%}")? + at;
        if after[at + 2..close].trim() == closing {
            let content = after[..at].strip_prefix('\n').unwrap_or(&after[..at]);
            return Some((content.strip_suffix('\n').unwrap_or(content), close + 2));
        }
        from = close + 2;
    }
    None
}

/// Splits tag arguments on whitespace, honouring `"…"` and `'…'`.
fn split_args(args: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut quote: Option<char> = None;
    let mut any = false;
    for c in args.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => current.push(c),
            None if c == '"' || c == '\'' => {
                quote = Some(c);
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
    if any || !current.is_empty() {
        out.push(current);
    }
    out
}

fn is_url(s: &str) -> bool {
    s.starts_with("http://")
        || s.starts_with("https://")
        || s.starts_with('/')
        || s.starts_with("./")
}

/// `{% codeblock [title] [lang:x] [url] [link text] %}`.
fn codeblock(args: &[String], code: &str) -> String {
    let lang = args.iter().find_map(|a| a.strip_prefix("lang:"));
    let title: Vec<&str> = args
        .iter()
        .filter(|a| !a.starts_with("lang:") && !a.contains(':') && !is_url(a))
        .map(String::as_str)
        .collect();
    let mut html = String::from("\n<figure>");
    if !title.is_empty() {
        html.push_str(&format!(
            "<figcaption>{}</figcaption>",
            escape(&title.join(" "))
        ));
    }
    let class = lang
        .map(|l| format!(" class=\"language-{}\"", escape(l)))
        .unwrap_or_default();
    html.push_str(&format!(
        "<pre><code{class}>{}</code></pre></figure>\n",
        escape(code)
    ));
    html
}

/// `{% blockquote [author[, source]] [link] [source_link_title] %}`.
fn blockquote(args: &[String], content: &str) -> String {
    let link = args.iter().find(|a| is_url(a));
    let cite: Vec<&str> = args
        .iter()
        .filter(|a| !is_url(a))
        .map(String::as_str)
        .collect();
    let mut html = format!("\n<blockquote>{}", markdown::render(content).trim_end());
    if !cite.is_empty() || link.is_some() {
        let who = escape(&cite.join(" "));
        let footer = match link {
            Some(url) => format!(
                "— <a href=\"{}\">{}</a>",
                escape(url),
                if who.is_empty() { escape(url) } else { who }
            ),
            None => format!("— {who}"),
        };
        html.push_str(&format!("<footer>{footer}</footer>"));
    }
    html.push_str("</blockquote>\n");
    html
}

/// `{% note [class] %}…{% endnote %}` (NexT and other themes).
fn note(_args: &[String], content: &str) -> String {
    format!(
        "\n<aside>{}</aside>\n",
        markdown::render(content).trim_end()
    )
}

/// `{% img [class] src [width] [height] ["title" ["alt"]] %}`.
fn img(args: &[String]) -> String {
    let Some(src_at) = args.iter().position(|a| is_url(a)) else {
        return String::new();
    };
    let src = &args[src_at];
    let mut rest = args[src_at + 1..].iter();
    let mut html = format!("<img src=\"{}\"", escape(src));
    let mut texts = Vec::new();
    for a in rest.by_ref() {
        if a.chars().all(|c| c.is_ascii_digit()) && !a.is_empty() {
            let attr = if html.contains(" width=") {
                "height"
            } else {
                "width"
            };
            html.push_str(&format!(" {attr}=\"{a}\""));
        } else {
            texts.push(a.as_str());
        }
    }
    if let Some(title) = texts.first() {
        html.push_str(&format!(" title=\"{}\"", escape(title)));
        html.push_str(&format!(
            " alt=\"{}\"",
            escape(texts.get(1).unwrap_or(title))
        ));
    }
    html.push('>');
    html
}

/// `{% link text url [external] [title] %}`.
fn link(args: &[String]) -> String {
    let Some(url_at) = args.iter().position(|a| is_url(a)) else {
        return escape(&args.join(" "));
    };
    let text = args[..url_at].join(" ");
    let url = &args[url_at];
    let title = args[url_at + 1..]
        .iter()
        .find(|a| *a != "true" && *a != "false");
    let title = title
        .map(|t| format!(" title=\"{}\"", escape(t)))
        .unwrap_or_default();
    let text = if text.is_empty() { url.clone() } else { text };
    format!("<a href=\"{}\"{title}>{}</a>", escape(url), escape(&text))
}

/// `{% youtube video_id %}`: a privacy-enhanced embed (the sanitizer sandboxes it).
fn youtube(args: &[String]) -> String {
    let Some(id) = args.first().filter(|id| {
        !id.is_empty()
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    }) else {
        return String::new();
    };
    format!("\n<iframe src=\"https://www.youtube-nocookie.com/embed/{id}\" width=\"560\" height=\"315\" allowfullscreen title=\"YouTube video\"></iframe>\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(body: &str) -> String {
        let (text, warnings) = expand(body, 1);
        assert!(warnings.is_empty(), "{warnings:?}");
        text
    }

    #[test]
    fn codeblock_escapes_and_keeps_language() {
        let out =
            html("a\n{% codeblock Demo lang:rust %}\nfn x() -> Vec<u8> { }\n{% endcodeblock %}\nb");
        assert!(out.contains("<figcaption>Demo</figcaption>"), "{out}");
        assert!(
            out.contains("<code class=\"language-rust\">fn x() -&gt; Vec&lt;u8&gt; { }</code>"),
            "{out}"
        );
        assert!(out.starts_with("a\n") && out.ends_with("\nb"), "{out}");
    }

    #[test]
    fn blockquote_with_author_and_link() {
        let out = html("{% blockquote Ada Lovelace https://example.com/ada %}\nThe *engine*.\n{% endblockquote %}");
        assert!(
            out.contains("<blockquote><p>The <em>engine</em>.</p>"),
            "{out}"
        );
        assert!(
            out.contains("— <a href=\"https://example.com/ada\">Ada Lovelace</a>"),
            "{out}"
        );
    }

    #[test]
    fn inline_tags() {
        assert_eq!(
            html("{% img left https://x/y.png 200 100 \"A title\" \"Alt\" %}"),
            "<img src=\"https://x/y.png\" width=\"200\" height=\"100\" title=\"A title\" alt=\"Alt\">"
        );
        assert_eq!(
            html("{% link Rust https://rust-lang.org true Home %}"),
            "<a href=\"https://rust-lang.org\" title=\"Home\">Rust</a>"
        );
        assert!(
            html("{% youtube dQw4w9WgXcQ %}").contains("youtube-nocookie.com/embed/dQw4w9WgXcQ")
        );
        assert!(!html("{% youtube \"><script> %}").contains("script"));
    }

    #[test]
    fn arguments_are_escaped() {
        let out = html("{% link \"<b>x</b>\" https://a/\"onmouseover=alert(1) %}");
        assert!(
            !out.contains("<b>") && !out.contains("\"onmouseover"),
            "{out}"
        );
    }

    #[test]
    fn unknown_tags_stay_as_text_with_a_warning_on_their_line() {
        let (out, warnings) = expand("line one\n\nsee {% fancybox a.png %} here", 7);
        assert_eq!(out, "line one\n\nsee {% fancybox a.png %} here");
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].kind, Kind::UnknownTag("fancybox".into()));
        assert_eq!(warnings[0].pos, Pos::new(9, 5));
    }

    #[test]
    fn unclosed_block_tag_is_reported_not_lost() {
        let (out, warnings) = expand("{% codeblock %}\ncode", 1);
        assert_eq!(out, "{% codeblock %}\ncode");
        assert_eq!(warnings.len(), 1);
    }

    #[test]
    fn fenced_code_is_left_alone() {
        let body = "```\n{% raw %}\n```\n";
        assert_eq!(html(body), body);
    }

    #[test]
    fn raw_passes_through() {
        assert_eq!(html("{% raw %}\n{{ x }}\n{% endraw %}"), "{{ x }}");
    }
}
