//! Stage 6: untrusted HTML to safe HTML, plain text and the first image.
//!
//! Takes HTML from [`super::markdown`] and returns [`Clean`]. One ammonia [`Builder`], built in
//! [`builder`], holds the whole policy: no script or style element, no event handler, no
//! `javascript:`/`vbscript:`/`data:` URL (except `data:image/*` in `img`), no form, `base`, `meta`,
//! `object` or `embed`; iframes only from [`VIDEO_HOSTS`], sandboxed; no `style` attribute (so
//! no article can cover the page, and the viewer runs under `style-src 'self'`); links get
//! `rel="noopener noreferrer"`; images get `referrerpolicy="no-referrer"`, `loading="lazy"` and
//! `decoding="async"`, and keep `width`/`height`. Element ids are prefixed with [`ID_PREFIX`] (and
//! in-page links rewritten to match) so an article cannot clobber the viewer's own ids.
//! [`is_safe_image_url`] is the same policy for the image URLs the front matter names.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashSet;
use std::sync::LazyLock;

use ammonia::Builder;
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer};

use super::text::collapse_whitespace;

/// Hosts whose embedded players an article may show in a sandboxed iframe.
pub const VIDEO_HOSTS: &[&str] = &[
    "www.youtube.com",
    "www.youtube-nocookie.com",
    "youtube.com",
    "player.vimeo.com",
    "player.bilibili.com",
    "v.qq.com",
    "player.youku.com",
];

/// MathML Core elements (what [`super::math`] writes): layout only; no `maction`, no
/// `annotation-xml`, no links.
const MATHML: &[&str] = &[
    "math",
    "semantics",
    "annotation",
    "mrow",
    "mi",
    "mn",
    "mo",
    "ms",
    "mtext",
    "mspace",
    "msub",
    "msup",
    "msubsup",
    "munder",
    "mover",
    "munderover",
    "mmultiscripts",
    "mprescripts",
    "none",
    "mfrac",
    "msqrt",
    "mroot",
    "mtable",
    "mtr",
    "mtd",
    "mstyle",
    "mpadded",
    "mphantom",
    "merror",
];

/// Presentation attributes of MathML Core; every one is a keyword, a number or a length.
const MATHML_ATTRIBUTES: &[&str] = &[
    "display",
    "displaystyle",
    "scriptlevel",
    "mathvariant",
    "stretchy",
    "symmetric",
    "fence",
    "separator",
    "form",
    "lspace",
    "rspace",
    "minsize",
    "maxsize",
    "largeop",
    "movablelimits",
    "accent",
    "accentunder",
    "linethickness",
    "width",
    "height",
    "depth",
    "voffset",
    "columnspan",
    "rowspan",
    "columnalign",
    "rowalign",
    "encoding",
    "class",
];

/// Classes an article's HTML may keep, by element; any other class is dropped. Each is
/// something Folio's own stages write and `static/folio.css` styles.
fn allowed_classes(element: &str) -> &'static [&'static str] {
    static SPAN: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
        super::highlight::all_classes()
            .map(|c| &*Box::leak(c.into_boxed_str()))
            .collect()
    });
    static DIV: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
        let notes =
            super::tags::note_kinds().map(|k| &*Box::leak(format!("note-{k}").into_boxed_str()));
        [
            "footnote-definition",
            "footnotes",
            "note",
            "video-container",
        ]
        .into_iter()
        .chain(notes)
        .collect()
    });
    match element {
        "span" => &SPAN,
        "div" => &DIV,
        "sup" => &["footnote-reference", "footnote-definition-label"],
        "a" => &["footnote-backref"],
        "p" => &["embed-link"],
        "blockquote" => &["pullquote", "left", "right"],
        e if MATHML.contains(&e) => super::math::CLASSES,
        _ => &[],
    }
}

/// Prefix for ids inside article bodies.
pub const ID_PREFIX: &str = "a-";

/// Attributes every element of a kind gets, whatever the article wrote, in the order they are
/// written out.
const FORCED: &[(&str, &[(&str, &str)])] = &[
    (
        "img",
        &[
            ("loading", "lazy"),
            ("decoding", "async"),
            ("referrerpolicy", "no-referrer"),
        ],
    ),
    // Task-list checkboxes: whatever an article writes, an input is a disabled checkbox.
    ("input", &[("type", "checkbox"), ("disabled", "")]),
    (
        "iframe",
        &[
            (
                "sandbox",
                "allow-scripts allow-same-origin allow-presentation allow-popups",
            ),
            ("loading", "lazy"),
            ("referrerpolicy", "no-referrer"),
        ],
    ),
];

/// The result of sanitizing.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Clean {
    /// Safe HTML.
    pub html: String,
    /// The text content, blocks separated by newlines, whitespace folded.
    pub text: String,
    /// `src` of the first image, if any.
    pub first_image: Option<String>,
}

/// Sanitizes `html`.
pub fn sanitize(html: &str) -> Clean {
    let html = empty_iframes(canonical_forced_attributes(
        builder().clean(html).to_string(),
    ));
    let (text, first_image) = text_and_first_image(&html);
    Clean {
        html,
        text,
        first_image,
    }
}

/// Plain text of untrusted HTML (for excerpts).
pub fn text_of(html: &str) -> String {
    sanitize(html).text
}

/// Puts the [`FORCED`] attributes at the end of their tags in a fixed order. ammonia writes them
/// in hash-map order, which differs between runs, and where an attribute was dropped (a URL
/// refused) in that one's place; the same input must give the same bytes. Articles cannot forge
/// them: these attributes are not in the allow-list, so ammonia drops any the article wrote,
/// and in text `<` is escaped.
fn canonical_forced_attributes(html: String) -> String {
    let mut html = html;
    for (tag, attrs) in FORCED {
        let open = format!("<{tag} ");
        if !html.contains(&open) {
            continue;
        }
        let forced: Vec<String> = attrs.iter().map(|(k, v)| format!(" {k}=\"{v}\"")).collect();
        let mut out = String::with_capacity(html.len());
        let mut rest = html.as_str();
        while let Some(at) = rest.find(&open) {
            let start = at + open.len() - 1;
            out.push_str(&rest[..start]);
            // The serializer quotes every value with `"` and escapes `"` inside it, so the
            // first `>` outside quotes ends the tag.
            let mut quoted = false;
            let end = rest[start..]
                .char_indices()
                .find(|&(_, c)| {
                    if c == '"' {
                        quoted = !quoted;
                    }
                    c == '>' && !quoted
                })
                .map_or(rest.len(), |(i, _)| start + i);
            let mut attributes = rest[start..end].to_string();
            let mut present = Vec::new();
            for part in &forced {
                if let Some(i) = attributes.find(part.as_str()) {
                    attributes.replace_range(i..i + part.len(), "");
                    present.push(part.as_str());
                }
            }
            out.push_str(&attributes);
            out.push_str(&present.concat());
            rest = &rest[end..];
        }
        out.push_str(rest);
        html = out;
    }
    html
}

/// Drops whatever sits between `<iframe …>` and `</iframe>`. Browsers never show it, and an
/// iframe's content is raw text that ammonia writes back unescaped (found by fuzzing:
/// `<iframe><script>` text inside a player); no markup-looking text should reach the page.
fn empty_iframes(html: String) -> String {
    if !html.contains("<iframe") {
        return html;
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html.as_str();
    while let Some(start) = rest.find("<iframe") {
        let Some(open_end) = rest[start..].find('>').map(|i| start + i + 1) else {
            break;
        };
        out.push_str(&rest[..open_end]);
        rest = &rest[open_end..];
        let close = rest
            .match_indices("</iframe")
            .find(|(i, _)| rest[i + 8..].starts_with(['>', ' ', '\t', '\n', '\u{c}', '/']))
            .map(|(i, _)| i);
        match close {
            Some(i) => rest = &rest[i..],
            None => {
                rest = "";
                out.push_str("</iframe>");
            }
        }
    }
    out.push_str(rest);
    out
}

/// The one sanitizer policy.
pub fn builder() -> &'static Builder<'static> {
    static BUILDER: LazyLock<Builder<'static>> = LazyLock::new(|| {
        let mut b = Builder::default();
        b.add_tags([
            "iframe",
            "video",
            "audio",
            "source",
            "figure",
            "figcaption",
            "picture",
            "input",
        ])
        .add_tags(MATHML)
        .rm_tags(["map", "area"])
        .add_generic_attributes(["id", "dir"])
        .add_tag_attributes("img", ["srcset", "sizes"])
        .add_tag_attributes(
            "iframe",
            [
                "src",
                "width",
                "height",
                "allowfullscreen",
                "title",
                "frameborder",
            ],
        )
        .add_tag_attributes(
            "video",
            [
                "src", "poster", "width", "height", "controls", "loop", "muted", "preload",
            ],
        )
        .add_tag_attributes("audio", ["src", "controls", "loop", "preload"])
        .add_tag_attributes("source", ["src", "type", "srcset", "media"])
        .add_tag_attributes("input", ["checked"])
        .add_tag_attributes("span", ["class", "data-line"])
        .add_tag_attributes("div", ["class"])
        .add_tag_attributes("sup", ["class"])
        .add_tag_attributes("a", ["class"])
        .add_tag_attributes("p", ["class"])
        .add_tag_attributes("blockquote", ["class"])
        .add_tag_attributes("code", ["class"]);
        for element in MATHML {
            b.add_tag_attributes(element, MATHML_ATTRIBUTES);
        }
        b.set_tag_attribute_values(
            FORCED
                .iter()
                .map(|(tag, attrs)| (*tag, attrs.iter().copied().collect()))
                .collect(),
        )
        .url_schemes(HashSet::from(["http", "https", "mailto", "tel", "data"]))
        .id_prefix(Some(ID_PREFIX))
        .link_rel(Some("noopener noreferrer"))
        .attribute_filter(filter_attribute);
        b
    });
    &BUILDER
}

fn filter_attribute<'u>(element: &str, attribute: &str, value: &'u str) -> Option<Cow<'u, str>> {
    let lower = value.trim_start().to_ascii_lowercase();
    let is_url = matches!(
        attribute,
        "src" | "href" | "poster" | "cite" | "srcset" | "action" | "formaction"
    );
    if is_url {
        // Belt and braces: ammonia already refuses these schemes at the start of a URL; a value
        // that carries one anywhere (`\`javascript:…\``) is dropped too.
        let squeezed: String = lower
            .chars()
            .filter(|c| !c.is_whitespace() && !c.is_control())
            .collect();
        if squeezed.contains("javascript:") || squeezed.contains("vbscript:") {
            return None;
        }
    }
    if is_url && attribute != "srcset" && is_relative(value) && !is_bundle_url(value) {
        // A relative URL that the bundler did not rewrite names nothing the bundle has: it
        // would resolve against whatever page shows the article.
        return None;
    }
    if attribute == "srcset"
        && value.split(',').any(|c| {
            is_relative(c.trim()) && !is_bundle_url(c.split_whitespace().next().unwrap_or(""))
        })
    {
        return None;
    }
    if is_url && lower.starts_with("data:") {
        let image = matches!(element, "img" | "source") && matches!(attribute, "src" | "srcset");
        return (image && lower.starts_with("data:image/")).then_some(Cow::Borrowed(value));
    }
    match (element, attribute) {
        ("iframe", "src") => is_video_host(value).then_some(Cow::Borrowed(value)),
        ("span", "data-line") => value
            .chars()
            .all(|c| c.is_ascii_digit())
            .then_some(Cow::Borrowed(value))
            .filter(|v| !v.is_empty() && v.len() <= 9),
        (_, "class") if element != "code" => {
            let allowed = allowed_classes(element);
            let kept: Vec<&str> = value
                .split_whitespace()
                .filter(|c| allowed.contains(c))
                .collect();
            (!kept.is_empty()).then(|| Cow::Owned(kept.join(" ")))
        }
        ("code", "class") => {
            let lang = value.split_whitespace().find(|c| {
                c.strip_prefix("language-").is_some_and(|l| {
                    !l.is_empty()
                        && l.chars()
                            .all(|ch| ch.is_ascii_alphanumeric() || "+#-_".contains(ch))
                })
            });
            lang.map(|l| Cow::Owned(l.to_string()))
        }
        // An in-app link to another article (`#/a/<slug>#a-anchor`), as the bundler writes it.
        ("a", "href") if value.starts_with("#/") => Some(Cow::Borrowed(value)),
        ("a", "href") if value.starts_with('#') && value.len() > 1 => {
            Some(Cow::Owned(format!("#{ID_PREFIX}{}", &value[1..])))
        }
        _ => Some(Cow::Borrowed(value)),
    }
}

/// Whether `url` has no scheme and no host (`a.png`, `/images/a.png`, `../b/`), and is not an
/// in-page `#anchor`.
fn is_relative(url: &str) -> bool {
    let url = url.trim();
    if url.is_empty() || url.starts_with('#') || url.starts_with("//") {
        return false;
    }
    let head = url.split(['/', '?', '#']).next().unwrap_or("");
    !head.contains(':')
}

/// Whether `url` is one the bundler wrote for a file of the bundle (a post asset).
fn is_bundle_url(url: &str) -> bool {
    crate::model::is_asset_path(url)
}

/// An image URL is acceptable when it is http(s), protocol-relative, or relative. The front
/// matter's images and an article's first image (its thumbnail) pass this check.
pub fn is_safe_image_url(url: &str) -> bool {
    let url = url.trim();
    if url
        .chars()
        .any(|c| c.is_control() || c == '<' || c == '>' || c == '"')
    {
        return false;
    }
    let lower = url.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("//") {
        return true;
    }
    // Relative: no scheme before the first `/`, `?` or `#`.
    let head = lower.split(['/', '?', '#']).next().unwrap_or("");
    !head.contains(':')
}

pub fn is_video_host(src: &str) -> bool {
    let rest = src
        .strip_prefix("https://")
        .or_else(|| src.strip_prefix("//"));
    let Some(rest) = rest else { return false };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    VIDEO_HOSTS.iter().any(|h| host.eq_ignore_ascii_case(h))
}

/// Reads text and the first image `src` from sanitized HTML with html5ever's tokenizer.
fn text_and_first_image(html: &str) -> (String, Option<String>) {
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let tokenizer = Tokenizer::new(TextSink::default(), Default::default());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let sink = tokenizer.sink;
    let text = separate_code(&sink.text.into_inner());
    let text = text
        .lines()
        .map(collapse_whitespace)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    (text, sink.first_image.into_inner())
}

/// Marks where inline code starts or ends in the collected text, until [`separate_code`].
const CODE_EDGE: char = '\u{E000}';

/// Inline code is its own run of text: `fichero<code>package.json</code>` holds the words
/// `fichero` and `package`, not `ficheropackage`, so a space goes between letters or digits
/// that meet at the edge of code; elsewhere (`<code>stable</code>.`) nothing does.
fn separate_code(text: &str) -> String {
    if !text.contains(CODE_EDGE) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != CODE_EDGE {
            out.push(c);
            continue;
        }
        while chars.peek() == Some(&CODE_EDGE) {
            chars.next();
        }
        let before = out.chars().next_back().is_some_and(char::is_alphanumeric);
        let after = chars.peek().is_some_and(|c| c.is_alphanumeric());
        if before && after {
            out.push(' ');
        }
    }
    out
}

/// Collects character tokens, breaking lines at block elements, and the first image.
#[derive(Default)]
struct TextSink {
    text: RefCell<String>,
    first_image: RefCell<Option<String>>,
}

impl TokenSink for TextSink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        match token {
            Token::CharacterTokens(t) => self.text.borrow_mut().push_str(&t),
            Token::TagToken(tag) => {
                let name: &str = &tag.name;
                if name == "img"
                    && tag.kind == TagKind::StartTag
                    && self.first_image.borrow().is_none()
                {
                    *self.first_image.borrow_mut() = tag
                        .attrs
                        .iter()
                        .find(|a| &*a.name.local == "src")
                        .map(|a| a.value.to_string())
                        .filter(|src| is_safe_image_url(src));
                }
                if is_block(name) || matches!(name, "br" | "td" | "th") {
                    self.text.borrow_mut().push('\n');
                } else if matches!(name, "code" | "math" | "kbd" | "samp") {
                    self.text.borrow_mut().push(CODE_EDGE);
                }
            }
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

fn is_block(tag: &str) -> bool {
    matches!(
        tag,
        "p" | "div"
            | "li"
            | "ul"
            | "ol"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "pre"
            | "blockquote"
            | "table"
            | "tr"
            | "section"
            | "article"
            | "figure"
            | "figcaption"
            | "hr"
            | "dl"
            | "dt"
            | "dd"
            | "header"
            | "footer"
            | "aside"
            | "nav"
            | "details"
            | "summary"
    )
}

#[cfg(test)]
pub(crate) mod tests;
