//! Code blocks, highlighted at build time: the HTML for one block of code.
//!
//! Takes the code and a [`Block`] (what a fence's info string or a `{% codeblock %}` tag asked
//! for: language, caption, line numbers, marked lines) and returns `<pre><code>` HTML, inside a
//! `<figure>` when there is a caption. Tokens become `<span class="hl-…">` with a class from
//! [`CLASSES`], never an inline style: the viewer runs under `style-src 'self'`, and
//! `static/folio.css` colours the classes in both themes. Line numbers are a `data-line`
//! attribute that CSS shows, so they are neither copied nor indexed for search. A language
//! syntect does not know, or no language, gives the code as plain escaped text.
//!
//! The grammars are Sublime Text's, as bat ships them (the `two-face` crate), read by syntect
//! with its pure-Rust regex engine. Instead of a colour theme, a theme whose "colours" are
//! indexes into [`CLASSES`] lets syntect's own scope-selector matching choose each token's
//! class.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use syntect::easy::HighlightLines;
use syntect::highlighting::{Color, ScopeSelectors, StyleModifier, Theme, ThemeItem};
use syntect::parsing::{SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

use super::text::escape_markup as escape;

/// Site-wide settings for code blocks; each [`Block`] can override them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct Options {
    /// Number lines unless a block says otherwise (Hexo's `highlight.line_number`; off by
    /// default here, since most blocks in articles are short).
    pub line_numbers: bool,
}

/// What one block asked for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Block {
    /// The language as written (`rust`, `js`, `C++`…), if any.
    pub lang: Option<String>,
    /// Shown above the code.
    pub caption: Option<Caption>,
    /// `line_number:true|false`; `None` follows [`Options::line_numbers`].
    pub line_numbers: Option<bool>,
    /// Number of the first line (`first_line:`), 1 unless given.
    pub first_line: u32,
    /// Lines to mark, numbered from [`Block::first_line`]'s 1 (`mark:1,4-7`).
    pub marked: BTreeSet<u32>,
    /// `highlight:false` turns highlighting off for this block.
    pub plain: bool,
}

/// A code block's caption: text, and a link after it (`{% codeblock Title https://… More %}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caption {
    pub text: String,
    pub link: Option<CaptionLink>,
}

/// The link of a [`Caption`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaptionLink {
    pub url: String,
    pub text: String,
}

/// Token classes: the selector that picks each (Sublime scope selectors, most specific wins)
/// and the class suffix written out (`hl-k`). Short names keep highlighted code small: a class
/// is written on every token.
pub const CLASSES: &[(&str, &str)] = &[
    ("comment, punctuation.definition.comment", "c"),
    (
        "keyword, storage, keyword.control, variable.language.this",
        "k",
    ),
    ("keyword.operator, punctuation.accessor", ""),
    (
        "string, punctuation.definition.string, markup.raw.inline",
        "s",
    ),
    ("string.regexp", "r"),
    ("constant.character.escape", "e"),
    (
        "constant.numeric, constant.language, constant.other.symbol, support.constant",
        "n",
    ),
    (
        "entity.name.function, support.function, variable.function, meta.function-call.identifier",
        "f",
    ),
    (
        "entity.name.type, entity.name.class, entity.name.struct, entity.name.enum, \
         entity.name.trait, entity.name.interface, entity.other.inherited-class, \
         support.type, support.class, storage.type.primitive, storage.type.numeric",
        "t",
    ),
    ("entity.name.tag", "g"),
    (
        "entity.other.attribute-name, meta.attribute-with-value",
        "a",
    ),
    (
        "meta.annotation, meta.decorator, meta.preprocessor, entity.name.label, \
         keyword.other.directive",
        "m",
    ),
    ("markup.heading, entity.name.section", "h"),
    ("markup.inserted", "i"),
    ("markup.deleted", "d"),
    ("markup.bold, markup.italic", "b"),
    ("variable.parameter", "v"),
];

/// Every class highlighted code may carry, for the sanitizer's allow-list.
pub fn all_classes() -> impl Iterator<Item = String> {
    CLASSES
        .iter()
        .filter(|(_, c)| !c.is_empty())
        .map(|(_, c)| format!("hl-{c}"))
        .chain(["hl-line".to_string(), "hl-mark".to_string()])
}

/// The grammars, loaded once (about 30 ms).
static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(two_face::syntax::extra_newlines);

/// The class "theme": each selector's foreground colour is its index in [`CLASSES`] + 1.
static THEME: LazyLock<Theme> = LazyLock::new(|| Theme {
    scopes: CLASSES
        .iter()
        .enumerate()
        .map(|(i, (selector, _))| ThemeItem {
            scope: selector.parse::<ScopeSelectors>().expect("valid selector"),
            style: StyleModifier {
                foreground: Some(index_color(i + 1)),
                ..StyleModifier::default()
            },
        })
        .collect(),
    settings: syntect::highlighting::ThemeSettings {
        foreground: Some(index_color(0)),
        ..Default::default()
    },
    ..Theme::default()
});

fn index_color(i: usize) -> Color {
    Color {
        r: u8::try_from(i).expect("few classes"),
        g: 0,
        b: 0,
        a: 0xFF,
    }
}

/// The grammar for a language name or file extension, as Hexo's highlighters accept them.
fn syntax_for(lang: &str) -> Option<&'static SyntaxReference> {
    let set = &*SYNTAXES;
    let lower = lang.to_ascii_lowercase();
    let alias = match lower.as_str() {
        "sh" | "shell" | "zsh" | "console" | "shellsession" => "bash",
        "golang" => "go",
        "c++" | "cc" | "hpp" => "cpp",
        "c#" | "csharp" => "cs",
        "f#" | "fsharp" => "fs",
        "objective-c" | "objc" => "m",
        "javascript" | "node" => "js",
        "typescript" => "ts",
        "python3" | "py3" => "py",
        "rust" => "rs",
        "ruby" => "rb",
        "kotlin" => "kt",
        "yml" => "yaml",
        "dockerfile" | "docker" => "Dockerfile",
        "make" | "makefile" => "Makefile",
        "plaintext" | "text" | "txt" | "plain" => return None,
        other => other,
    };
    set.find_syntax_by_token(alias)
        .or_else(|| set.find_syntax_by_token(&lower))
        .or_else(|| set.find_syntax_by_name(lang))
        .filter(|s| s.name != "Plain Text")
}

/// Whether syntect knows `lang`.
#[cfg(test)]
pub fn knows(lang: &str) -> bool {
    syntax_for(lang).is_some()
}

/// The HTML for one block of code.
pub fn render(code: &str, block: &Block, options: &Options) -> String {
    let numbered = block.line_numbers.unwrap_or(options.line_numbers);
    let per_line = numbered || !block.marked.is_empty();
    let syntax = block
        .lang
        .as_deref()
        .filter(|_| !block.plain && !too_big(code))
        .and_then(syntax_for);
    let lines = match syntax {
        Some(syntax) => highlighted_lines(code, syntax).unwrap_or_else(|| plain_lines(code)),
        None => plain_lines(code),
    };
    let mut body = String::with_capacity(code.len() * 2);
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            body.push('\n');
        }
        if !per_line {
            body.push_str(line);
            continue;
        }
        let n = block.first_line.max(1) + i as u32;
        let mark = block.marked.contains(&(i as u32 + 1));
        body.push_str("<span class=\"hl-line");
        if mark {
            body.push_str(" hl-mark");
        }
        body.push('"');
        if numbered {
            body.push_str(&format!(" data-line=\"{n}\""));
        }
        body.push('>');
        body.push_str(line);
        body.push_str("</span>");
    }
    let class = block
        .lang
        .as_deref()
        .filter(|l| is_language_name(l))
        .map(|l| format!(" class=\"language-{}\"", l.to_ascii_lowercase()))
        .unwrap_or_default();
    let pre = format!("<pre><code{class}>{body}</code></pre>");
    match &block.caption {
        None => pre,
        Some(caption) => {
            let mut html = format!("<figure><figcaption><span>{}</span>", escape(&caption.text));
            if let Some(link) = &caption.link {
                html.push_str(&format!(
                    "<a href=\"{}\">{}</a>",
                    escape(&link.url),
                    escape(&link.text)
                ));
            }
            html.push_str("</figcaption>");
            html.push_str(&pre);
            html.push_str("</figure>");
            html
        }
    }
}

/// Code larger than this, or with a longer line (minified scripts), is shown plain: a
/// grammar's regular expressions can take very long on it, and nobody reads it coloured.
const MAX_CODE_BYTES: usize = 256 * 1024;
const MAX_LINE_BYTES: usize = 4096;

fn too_big(code: &str) -> bool {
    code.len() > MAX_CODE_BYTES || code.split('\n').any(|l| l.len() > MAX_LINE_BYTES)
}

/// A language name fit for a `language-…` class (the sanitizer keeps the same shape).
fn is_language_name(lang: &str) -> bool {
    !lang.is_empty()
        && lang.len() <= 32
        && lang
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+#-_".contains(c))
}

/// Each line of `code` as escaped HTML, without its line break.
fn plain_lines(code: &str) -> Vec<String> {
    code.split('\n').map(escape).collect()
}

/// Each line of `code` as highlighted HTML, without its line break; `None` if the grammar
/// fails on it (the caller shows it plain).
fn highlighted_lines(code: &str, syntax: &SyntaxReference) -> Option<Vec<String>> {
    let mut highlighter = HighlightLines::new(syntax, &THEME);
    let mut lines = Vec::new();
    for line in LinesWithEndings::from(code) {
        let pieces = highlighter.highlight_line(line, &SYNTAXES).ok()?;
        let mut html = String::with_capacity(line.len() * 2);
        // Adjacent pieces of one class share one span.
        let mut open: Option<&str> = None;
        for (style, text) in pieces {
            let text = text.strip_suffix('\n').unwrap_or(text);
            if text.is_empty() {
                continue;
            }
            let index = usize::from(style.foreground.r);
            let class = index
                .checked_sub(1)
                .and_then(|i| CLASSES.get(i))
                .map_or("", |(_, c)| *c);
            // Whitespace needs no colour: keep it in whatever span is open.
            let class = if text.trim().is_empty() {
                open.unwrap_or("")
            } else {
                class
            };
            if open != Some(class) {
                if open.is_some_and(|c| !c.is_empty()) {
                    html.push_str("</span>");
                }
                if !class.is_empty() {
                    html.push_str(&format!("<span class=\"hl-{class}\">"));
                }
                open = Some(class);
            }
            html.push_str(&escape(text));
        }
        if open.is_some_and(|c| !c.is_empty()) {
            html.push_str("</span>");
        }
        lines.push(html);
    }
    if code.ends_with('\n') || code.is_empty() {
        lines.push(String::new());
    }
    Some(lines)
}

/// Parses Hexo's `key:value` code options (`line_number:`, `first_line:`, `mark:`,
/// `highlight:`, `wrap:`, `line_threshold:`, `language_attr:`, `lang:`) out of `args` into
/// `block`; returns the arguments that are not options, in order.
pub fn take_options(args: &[String], block: &mut Block) -> Vec<String> {
    let mut rest = Vec::new();
    block.first_line = block.first_line.max(1);
    for arg in args {
        let Some((key, value)) = arg.split_once(':') else {
            rest.push(arg.clone());
            continue;
        };
        match key {
            "lang" => block.lang = Some(value.to_string()).filter(|v| !v.is_empty()),
            "line_number" => block.line_numbers = Some(value == "true"),
            "first_line" => {
                if let Ok(n) = value.parse() {
                    block.first_line = n;
                }
            }
            "mark" => block.marked.extend(line_set(value)),
            "highlight" => block.plain = value != "true",
            // Layout choices of Hexo's table markup; the lines look the same without them.
            "wrap" | "line_threshold" | "language_attr" => {}
            _ => rest.push(arg.clone()),
        }
    }
    rest
}

/// `1,4-7,10` as line numbers (a reversed range counts too, as in Hexo).
fn line_set(value: &str) -> Vec<u32> {
    let mut out = Vec::new();
    for part in value.split(',') {
        match part.split_once('-') {
            Some((a, b)) => {
                if let (Ok(a), Ok(b)) = (a.trim().parse::<u32>(), b.trim().parse::<u32>()) {
                    let (a, b) = (a.min(b), a.max(b));
                    // A typo like `1-99999999` must not allocate forever.
                    out.extend(a..=b.min(a.saturating_add(10_000)));
                }
            }
            None => out.extend(part.trim().parse::<u32>()),
        }
    }
    out
}

/// A caption from the words of a code block's header, as Hexo reads them: `Title`, `Title
/// https://url`, or `Title https://url link text` (the link text defaults to `link`).
pub fn caption(words: &[String]) -> Option<Caption> {
    let is_link = |w: &String| w.starts_with("http://") || w.starts_with("https://");
    // The last URL with a caption before it, preferring one with link text after it.
    let with_text = (1..words.len().saturating_sub(1))
        .rev()
        .find(|&i| is_link(&words[i]));
    let at_end = words
        .len()
        .checked_sub(1)
        .filter(|&i| i >= 1 && is_link(&words[i]));
    let (text, link) = match (with_text, at_end) {
        (Some(i), _) => (
            words[..i].join(" "),
            Some(CaptionLink {
                url: words[i].clone(),
                text: words[i + 1..].join(" "),
            }),
        ),
        (None, Some(i)) => (
            words[..i].join(" "),
            Some(CaptionLink {
                url: words[i].clone(),
                text: "link".to_string(),
            }),
        ),
        (None, None) => (words.join(" "), None),
    };
    (!text.trim().is_empty() || link.is_some()).then_some(Caption { text, link })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(code: &str, lang: &str) -> String {
        let block = Block {
            lang: Some(lang.to_string()),
            ..Block::default()
        };
        render(code, &block, &Options::default())
    }

    #[test]
    fn tokens_get_classes_not_styles() {
        let out = html("fn main() { let s = \"hi\"; } // done", "rust");
        assert!(
            out.starts_with("<pre><code class=\"language-rust\">"),
            "{out}"
        );
        for needle in [
            "<span class=\"hl-k\">fn </span>",
            "<span class=\"hl-f\">main</span>",
            "<span class=\"hl-s\">&quot;hi&quot;</span>",
            "<span class=\"hl-c\">// done</span>",
        ] {
            assert!(out.contains(needle), "{needle} missing in {out}");
        }
        assert!(!out.contains("style"), "{out}");
    }

    #[test]
    fn languages_by_name_alias_and_extension() {
        for lang in [
            "rust",
            "rs",
            "js",
            "javascript",
            "ts",
            "typescript",
            "python",
            "py",
            "sh",
            "bash",
            "shell",
            "go",
            "c",
            "cpp",
            "C++",
            "java",
            "json",
            "yaml",
            "yml",
            "toml",
            "html",
            "css",
            "sql",
            "diff",
            "ruby",
            "php",
            "Dockerfile",
            "kotlin",
            "swift",
            "lua",
            "xml",
            "markdown",
            "md",
            "nginx",
            "ini",
            "makefile",
            "vue",
            "scss",
        ] {
            assert!(knows(lang), "{lang}");
        }
        for lang in ["", "text", "plaintext", "no-such-lang"] {
            assert!(!knows(lang), "{lang}");
        }
    }

    #[test]
    fn unknown_languages_are_plain_and_escaped() {
        assert_eq!(
            html("a < b\n", "no-such-lang"),
            "<pre><code class=\"language-no-such-lang\">a &lt; b\n</code></pre>"
        );
        let out = render("<x>", &Block::default(), &Options::default());
        assert_eq!(out, "<pre><code>&lt;x&gt;</code></pre>");
    }

    #[test]
    fn the_text_is_unchanged_by_highlighting() {
        let code = "let a = 1; // <b>\n\n  x.y(\"q\\n\");\n";
        for lang in ["rust", "js", "python", "text"] {
            let out = html(code, lang);
            let mut text = String::new();
            let mut in_tag = false;
            for c in out.chars() {
                match c {
                    '<' => in_tag = true,
                    '>' if in_tag => in_tag = false,
                    c if !in_tag => text.push(c),
                    _ => {}
                }
            }
            assert_eq!(text, escape(code), "{lang}: {out}");
        }
    }

    #[test]
    fn huge_code_is_plain() {
        let minified = format!("var a={};", "x".repeat(MAX_LINE_BYTES));
        assert!(!html(&minified, "js").contains("hl-"));
        assert!(html("var a = 1;", "js").contains("hl-"));
    }

    #[test]
    fn options_line_numbers_and_marks() {
        let args: Vec<String> = [
            "Title",
            "lang:js",
            "line_number:true",
            "first_line:5",
            "mark:1,3-2",
            "wrap:false",
        ]
        .map(String::from)
        .to_vec();
        let mut block = Block::default();
        let rest = take_options(&args, &mut block);
        assert_eq!(rest, ["Title"]);
        assert_eq!(block.lang.as_deref(), Some("js"));
        assert_eq!(block.first_line, 5);
        assert_eq!(block.marked, BTreeSet::from([1, 2, 3]));
        let out = render("a\nb\nc\nd", &block, &Options::default());
        assert!(
            out.contains("<span class=\"hl-line hl-mark\" data-line=\"5\">"),
            "{out}"
        );
        assert!(
            out.contains("<span class=\"hl-line\" data-line=\"8\">"),
            "{out}"
        );
        // Off by default: no per-line markup at all.
        assert!(!html("a\nb", "js").contains("hl-line"));
    }

    #[test]
    fn captions_as_hexo_reads_them() {
        let words = |s: &str| s.split(' ').map(String::from).collect::<Vec<_>>();
        let c = caption(&words("Array.map")).unwrap();
        assert_eq!((c.text.as_str(), c.link), ("Array.map", None));
        let c = caption(&words(
            "_.compact http://lodash.com/docs#compact Underscore.js",
        ))
        .unwrap();
        assert_eq!(c.text, "_.compact");
        let link = c.link.unwrap();
        assert_eq!(
            (link.url.as_str(), link.text.as_str()),
            ("http://lodash.com/docs#compact", "Underscore.js")
        );
        let c = caption(&words("A title https://x.org")).unwrap();
        assert_eq!(c.link.unwrap().text, "link");
        assert_eq!(caption(&[]), None);
    }
}
