//! The tag plugins: one function per tag, each from its arguments (and body) to HTML.
//!
//! Hexo's core tags (`hexo/lib/plugins/tag`: blockquote, codeblock, pullquote, iframe, img,
//! link, include_code, post_path, post_link, asset_path, asset_link, asset_img, url_for,
//! full_url_for), the embeds Hexo moved to `hexo-tag-embed` (youtube, vimeo, jsfiddle, gist),
//! Nunjucks' `raw`, the themes' `note`, and hexo-math's `katex`/`mathjax`. Arguments are read as Hexo reads them; the output
//! differs where Folio's policy does: embeds are iframes only from the sanitizer's video hosts,
//! and anything that would need a script (a gist, a fiddle, an iframe from elsewhere) becomes a
//! link to it.

use super::super::error::{Kind, Problem};
use super::super::highlight::{self, Block};
use super::super::markdown;
use super::super::math::{self, Display};
use super::super::sanitize::is_video_host;
use super::super::text::escape_markup as escape;
use super::{expand_at, Options, Source};

/// One tag to run.
pub(super) struct Call<'a> {
    pub name: &'a str,
    pub args: Vec<String>,
    /// A block tag's body, and the body offset it starts at.
    pub content: Option<(String, usize)>,
    pub source: &'a Source<'a>,
    pub options: &'a Options,
    /// The body offset of the tag, for warnings.
    pub offset: usize,
    pub problems: Vec<Problem>,
}

impl Call<'_> {
    fn warn(&mut self, kind: Kind) {
        let pos = self.source.pos(self.offset);
        self.problems.push(Problem::at(pos, kind));
    }

    fn unresolved(&mut self, what: &str) {
        let kind = Kind::Unresolved {
            tag: self.name.to_string(),
            target: what.to_string(),
        };
        self.warn(kind);
    }

    fn content(&self) -> &str {
        self.content.as_ref().map_or("", |(c, _)| c.as_str())
    }

    /// The body rendered as Markdown, its own tags expanded.
    fn markdown(&mut self) -> String {
        let Some((content, offset)) = &self.content else {
            return String::new();
        };
        let inner = expand_at(content, *offset, self.source, self.options);
        let rendered = markdown::render(&inner, self.source, self.options);
        self.problems.extend(inner.problems);
        self.problems.extend(rendered.problems);
        rendered.html
    }
}

/// Tags that have a body and an `end…` tag.
pub(super) fn is_block(name: &str) -> bool {
    matches!(
        name,
        "codeblock"
            | "code"
            | "blockquote"
            | "quote"
            | "pullquote"
            | "note"
            | "raw"
            | "katex"
            | "mathjax"
    )
}

/// Whether tag `name` writes URLs from its arguments as they are (`img`, `link`…): the tag
/// stage resolves them as the article's own links and images.
pub fn writes_urls_as_given(name: &str) -> bool {
    matches!(name, "img" | "image" | "link" | "a" | "url_for")
}

/// Tags whose output is a bare URL, written into the text as it is rather than as HTML, so
/// that it works where Markdown wants a URL: `[text]({% post_path slug %})`,
/// `![alt]({% asset_path a.png %})`.
pub(super) fn gives_url(name: &str) -> bool {
    matches!(name, "post_path" | "asset_path")
}

/// Every tag [`run`] knows.
pub(super) fn is_known(name: &str) -> bool {
    is_block(name)
        || matches!(
            name,
            "img"
                | "image"
                | "link"
                | "a"
                | "anchor"
                | "iframe"
                | "youtube"
                | "vimeo"
                | "jsfiddle"
                | "gist"
                | "include_code"
                | "include-code"
                | "post_path"
                | "post_link"
                | "asset_path"
                | "asset_link"
                | "asset_img"
                | "asset_image"
                | "url_for"
                | "full_url_for"
        )
}

/// The HTML of a tag, or `None` for a tag this stage does not know.
pub(super) fn run(call: &mut Call) -> Option<String> {
    let html = match call.name {
        "codeblock" | "code" => codeblock(call),
        "blockquote" | "quote" => blockquote(call),
        "pullquote" => pullquote(call),
        "note" => note(call),
        "raw" => call.content().to_string(),
        "katex" | "mathjax" => formula(call),
        "img" | "image" => img(&call.args, call.options),
        "link" | "a" | "anchor" => link(&call.args),
        "iframe" => iframe(&call.args),
        "youtube" => youtube(&call.args),
        "vimeo" => vimeo(&call.args),
        "jsfiddle" => jsfiddle(&call.args),
        "gist" => gist(&call.args),
        "include_code" | "include-code" => include_code(call),
        "post_path" | "post_link" => post(call),
        "asset_path" | "asset_link" | "asset_img" | "asset_image" => asset(call),
        "url_for" | "full_url_for" => url_for(call),
        _ => return None,
    };
    Some(html)
}

/// Whether Hexo's `img`/`link` tags take `word` for the URL: a scheme, `www.`, `user@host`,
/// or an absolute path; Folio also takes `./` and `../` paths.
fn is_url(word: &str) -> bool {
    let scheme = word.split_once(':').is_some_and(|(s, _)| {
        (3..=9).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphabetic())
    });
    scheme
        || word.starts_with("www.")
        || word.starts_with('/')
        || word.starts_with("./")
        || word.starts_with("../")
        || word
            .split_once('@')
            .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'))
}

/// `{% codeblock [title] [lang:x] [url] [link text] [line_number:] [first_line:] [mark:]
/// [highlight:] %}`.
fn codeblock(call: &mut Call) -> String {
    let mut block = Block::default();
    let rest = highlight::take_options(&call.args, &mut block);
    block.caption = highlight::caption(&rest);
    highlight::render(call.content(), &block, &call.options.highlight)
}

/// `{% blockquote [author[, source]] [link] [source_link_title] %}`: the body as Markdown,
/// then a footer with the author and the cited source.
fn blockquote(call: &mut Call) -> String {
    let footer = quote_footer(&call.args.join(" "));
    let body = call.markdown();
    let footer = if footer.is_empty() {
        footer
    } else {
        format!("<footer>{footer}</footer>")
    };
    format!("<blockquote>{}{footer}</blockquote>", body.trim_end())
}

/// Hexo's blockquote footer: `author url title`, `author url`, `author, title` or `author`.
fn quote_footer(args: &str) -> String {
    let words: Vec<&str> = args.split_whitespace().collect();
    if words.is_empty() {
        return String::new();
    }
    let is_http = |w: &&str| w.starts_with("http://") || w.starts_with("https://");
    let with_title = (1..words.len().saturating_sub(1))
        .rev()
        .find(|&i| is_http(&words[i]));
    let at_end = (words.len() >= 2 && is_http(&words[words.len() - 1])).then(|| words.len() - 1);
    let (author, source, title) = match (with_title, at_end) {
        (Some(i), _) => (
            words[..i].join(" "),
            Some(words[i]),
            words[i + 1..].join(" "),
        ),
        (None, Some(i)) => (words[..i].join(" "), Some(words[i]), String::new()),
        (None, None) => match args.split_once(',') {
            Some((a, t)) if !a.trim().is_empty() && !t.trim().is_empty() && !t.contains(',') => {
                (a.trim().to_string(), None, t.trim().to_string())
            }
            _ => (args.trim().to_string(), None, String::new()),
        },
    };
    let mut footer = String::new();
    if !author.is_empty() {
        footer.push_str(&format!("<strong>{}</strong>", escape(&author)));
    }
    match source {
        Some(url) => {
            let shown = if title.is_empty() {
                let bare = url
                    .trim_start_matches("https://")
                    .trim_start_matches("http://");
                let bare = bare
                    .strip_suffix("/index.html")
                    .or_else(|| bare.strip_suffix("/index.htm"))
                    .unwrap_or(bare);
                bare.strip_suffix('/').unwrap_or(bare).to_string()
            } else {
                title
            };
            footer.push_str(&format!(
                "<cite><a href=\"{}\">{}</a></cite>",
                escape(url),
                escape(&shown)
            ));
        }
        None if !title.is_empty() => footer.push_str(&format!("<cite>{}</cite>", escape(&title))),
        None => {}
    }
    footer
}

/// `{% pullquote [class] %}`: a quote set apart from the text.
fn pullquote(call: &mut Call) -> String {
    let side = call
        .args
        .iter()
        .find(|a| matches!(a.as_str(), "left" | "right"))
        .map(|s| format!(" {s}"))
        .unwrap_or_default();
    let body = call.markdown();
    format!(
        "<blockquote class=\"pullquote{side}\">{}</blockquote>",
        body.trim_end()
    )
}

/// Note styles the themes name, and the kind each shows as.
const NOTE_KINDS: &[(&str, &str)] = &[
    ("default", "default"),
    ("primary", "primary"),
    ("success", "success"),
    ("info", "info"),
    ("warning", "warning"),
    ("danger", "danger"),
    // Butterfly's colour names.
    ("blue", "info"),
    ("green", "success"),
    ("orange", "warning"),
    ("yellow", "warning"),
    ("red", "danger"),
    ("pink", "danger"),
    ("purple", "primary"),
];

/// The kinds a note box can have (for the sanitizer and the styles).
pub fn note_kinds() -> impl Iterator<Item = &'static str> {
    NOTE_KINDS.iter().map(|(_, kind)| *kind)
}

/// `{% note [class] [no-icon] [summary] %}…{% endnote %}` (NexT, Butterfly): a box.
fn note(call: &mut Call) -> String {
    let kind = call
        .args
        .iter()
        .find_map(|a| NOTE_KINDS.iter().find(|(name, _)| name == a))
        .map_or("default", |(_, kind)| *kind);
    let body = call.markdown();
    format!("<div class=\"note note-{kind}\">{}</div>", body.trim_end())
}

/// `{% katex %}…{% endkatex %}` and `{% mathjax %}…{% endmathjax %}` (hexo-math): a formula
/// on its own line, as MathML; one that does not parse stays as text, with a warning.
fn formula(call: &mut Call) -> String {
    let tex = call.content().trim().to_string();
    match math::render(&tex, Display::Block) {
        Ok(mathml) => mathml,
        Err(message) => {
            call.warn(Kind::Math { message });
            format!("<p>{}</p>", escape(&tex))
        }
    }
}

/// `{% img [class names] /path/to/image [width] [height] ['"title" "alt"'] %}`.
fn img(args: &[String], options: &Options) -> String {
    let Some(src_at) = args.iter().position(|a| is_url(a)) else {
        return String::new();
    };
    let src = options.site.url_for(&args[src_at]);
    let mut rest = &args[src_at + 1..];
    let number = |s: &String| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    let mut html = format!("<img src=\"{}\"", escape(&src));
    for attr in ["width", "height"] {
        if let Some((n, tail)) = rest.split_first().filter(|(n, _)| number(n)) {
            html.push_str(&format!(" {attr}=\"{n}\""));
            rest = tail;
        }
    }
    let (title, alt) = image_meta(&rest.join(" "));
    if let Some(title) = &title {
        html.push_str(&format!(" title=\"{}\"", escape(title)));
    }
    if let Some(alt) = alt.or(title) {
        html.push_str(&format!(" alt=\"{}\"", escape(&alt)));
    }
    html.push('>');
    html
}

/// Title and alt from what follows an image's size, as Hexo's regular expression reads it:
/// `"title" "alt"` (the whole written in single quotes so that the double ones survive), or a
/// title alone.
fn image_meta(meta: &str) -> (Option<String>, Option<String>) {
    let title_quote = if meta.starts_with('"') { '"' } else { '\'' };
    let alt_quote = if meta.ends_with('"') { '"' } else { '\'' };
    let mut rest = meta.strip_prefix(title_quote).unwrap_or(meta);
    let end = rest.find(title_quote).unwrap_or(rest.len());
    let title = &rest[..end];
    rest = rest[end..]
        .strip_prefix(title_quote)
        .unwrap_or(&rest[end..]);
    rest = rest.trim_start();
    rest = rest.strip_prefix(alt_quote).unwrap_or(rest);
    let alt = &rest[..rest.find(alt_quote).unwrap_or(rest.len())];
    let some = |s: &str| (!s.is_empty()).then(|| s.to_string());
    (some(title), some(alt))
}

/// `{% link text url [external] [title] %}` (also `a`, `anchor`).
fn link(args: &[String]) -> String {
    let Some(url_at) = args.iter().position(|a| is_url(a)) else {
        return escape(&args.join(" "));
    };
    let text = args[..url_at].join(" ");
    let url = &args[url_at];
    let mut rest = &args[url_at + 1..];
    if rest.first().is_some_and(|a| a == "true" || a == "false") {
        rest = &rest[1..];
    }
    let title = rest.join(" ");
    let title = if title.is_empty() {
        String::new()
    } else {
        format!(" title=\"{}\"", escape(&title))
    };
    format!("<a href=\"{}\"{title}>{}</a>", escape(url), escape(&text))
}

/// A link shown where Hexo would embed something Folio does not run.
fn link_instead(url: &str, text: &str) -> String {
    format!(
        "<p class=\"embed-link\"><a href=\"{}\">{}</a></p>",
        escape(url),
        escape(text)
    )
}

/// An iframe from one of the sanitizer's video hosts.
fn player(src: &str, title: &str) -> String {
    format!(
        "<div class=\"video-container\"><iframe src=\"{}\" title=\"{}\" allowfullscreen></iframe></div>",
        escape(src),
        escape(title)
    )
}

/// `{% iframe url [width] [height] %}`: a player from a known video host, else a link to the
/// page (an iframe from anywhere else would lose its source in the sanitizer).
fn iframe(args: &[String]) -> String {
    let Some(url) = args.first() else {
        return String::new();
    };
    if is_video_host(url) {
        player(url, "Embedded video")
    } else {
        link_instead(url, url)
    }
}

fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// `{% youtube video_id [type] [cookie] %}`: a video or (`playlist`) a playlist, always from
/// the privacy-enhanced host: whatever the `cookie` argument says, the player sets no cookie
/// before it is played.
fn youtube(args: &[String]) -> String {
    let Some(id) = args.first().filter(|id| is_id(id)) else {
        return String::new();
    };
    let playlist = args.get(1).is_some_and(|t| t == "playlist");
    let path = if playlist {
        format!("videoseries?list={id}")
    } else {
        id.clone()
    };
    player(
        &format!("https://www.youtube-nocookie.com/embed/{path}"),
        if playlist {
            "YouTube playlist"
        } else {
            "YouTube video"
        },
    )
}

/// `{% vimeo video_id %}`.
fn vimeo(args: &[String]) -> String {
    match args.first().filter(|id| is_id(id)) {
        Some(id) => player(
            &format!("https://player.vimeo.com/video/{id}"),
            "Vimeo video",
        ),
        None => String::new(),
    }
}

/// `{% jsfiddle id [tabs] [skin] [width] [height] %}`: a fiddle runs its own scripts, so it
/// becomes a link to the fiddle.
fn jsfiddle(args: &[String]) -> String {
    match args.first().filter(|id| id.split('/').all(is_id)) {
        Some(id) => link_instead(
            &format!("https://jsfiddle.net/{id}/"),
            &format!("JSFiddle: {id}"),
        ),
        None => String::new(),
    }
}

/// `{% gist id [filename] %}`: Hexo writes GitHub's `<script>` embed, which could never run
/// here; a link to the gist (at the file, when one is named) takes its place.
fn gist(args: &[String]) -> String {
    let Some(id) = args.first().filter(|id| id.split('/').all(is_id)) else {
        return String::new();
    };
    let (url, text) = match args.get(1) {
        // GitHub's anchor for a file: `file-` and the name with every non-alphanumeric as `-`.
        Some(file) => {
            let anchor: String = file
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() {
                        c.to_ascii_lowercase()
                    } else {
                        '-'
                    }
                })
                .collect();
            (
                format!("https://gist.github.com/{id}#file-{anchor}"),
                format!("Gist: {id} ({file})"),
            )
        }
        None => (
            format!("https://gist.github.com/{id}"),
            format!("Gist: {id}"),
        ),
    };
    link_instead(&url, &text)
}

/// `{% include_code [title] [lang:language] [from:line] [to:line] path/to/file %}`: a file
/// from the site's code folder, highlighted.
fn include_code(call: &mut Call) -> String {
    let mut words = Vec::new();
    let (mut lang, mut from, mut to) = (None, 1usize, usize::MAX);
    for arg in &call.args {
        if let Some(l) = arg.strip_prefix("lang:") {
            lang = Some(l.to_string());
        } else if let Some(n) = arg.strip_prefix("from:").and_then(|n| n.parse().ok()) {
            from = n;
        } else if let Some(n) = arg.strip_prefix("to:").and_then(|n| n.parse().ok()) {
            to = n;
        } else {
            words.push(arg.clone());
        }
    }
    let Some(path) = words.pop() else {
        call.unresolved("(no file named)");
        return String::new();
    };
    let Some(file) = call.options.site.code_file(&path) else {
        call.unresolved(&path);
        return String::new();
    };
    let name = path.rsplit('/').next().unwrap_or(&path);
    let lang = lang.or_else(|| name.rsplit_once('.').map(|(_, ext)| ext.to_string()));
    let lines: Vec<&str> = file.text.split('\n').collect();
    let code = lines
        .get(
            from.saturating_sub(1).min(lines.len())
                ..to.min(lines.len())
                    .max(from.saturating_sub(1).min(lines.len())),
        )
        .unwrap_or_default()
        .join("\n");
    let title = if words.is_empty() {
        name.to_string()
    } else {
        words.join(" ")
    };
    let block = Block {
        lang,
        caption: Some(highlight::Caption {
            text: title,
            link: file.url.map(|url| highlight::CaptionLink {
                url,
                text: "view raw".to_string(),
            }),
        }),
        first_line: 1,
        ..Block::default()
    };
    highlight::render(code.trim(), &block, &call.options.highlight)
}

/// `{% post_path slug %}` and `{% post_link slug [title] [escape] %}`: a link to another post
/// (by slug, title or file name), or the written title as text when the site has no such post.
fn post(call: &mut Call) -> String {
    let Some(name) = call.args.first().cloned() else {
        call.unresolved("(no post named)");
        return String::new();
    };
    let (slug, hash) = match name.split_once('#') {
        Some((s, h)) => (s.to_string(), format!("#{h}")),
        None => (name.clone(), String::new()),
    };
    let mut rest = call.args[1..].to_vec();
    if rest.last().is_some_and(|e| e == "true" || e == "false") {
        rest.pop();
    }
    let found = call.options.site.post(call.source.path, &slug);
    let Some(post) = found else {
        call.unresolved(&slug);
        return match call.name {
            "post_link" => escape(&if rest.is_empty() {
                slug
            } else {
                rest.join(" ")
            }),
            _ => String::new(),
        };
    };
    let url = format!("{}{hash}", post.url);
    match call.name {
        "post_path" => url,
        _ => {
            let text = if rest.is_empty() {
                post.title.clone()
            } else {
                rest.join(" ")
            };
            format!(
                "<a href=\"{}\" title=\"{}\">{}</a>",
                escape(&url),
                escape(&post.title),
                escape(&text)
            )
        }
    }
}

/// `{% asset_path name %}`, `{% asset_link name [title] [escape] %}` and `{% asset_img
/// [class] name [width] [height] [title [alt]] %}`: a file from the post's asset folder.
fn asset(call: &mut Call) -> String {
    let site = call.options.site.clone();
    let from = call.source.path;
    if matches!(call.name, "asset_img" | "asset_image") {
        // The first argument that names an asset is the image; the rest read as `img`'s.
        let found = call
            .args
            .iter()
            .enumerate()
            .find_map(|(i, a)| site.asset(from, a).map(|url| (i, url)));
        let Some((i, url)) = found else {
            let name = call.args.first().cloned().unwrap_or_default();
            call.unresolved(&name);
            return String::new();
        };
        let mut args = call.args.clone();
        if is_url(&url) {
            args[i] = url;
            return img(&args, call.options);
        }
        // Written as a path, so that `img` takes it as the source, then as the bundle's URL.
        args[i] = format!("./{url}");
        let html = img(&args, call.options);
        let (written, bundled) = (format!("src=\"./{}\"", escape(&url)), escape(&url));
        return html.replacen(&written, &format!("src=\"{bundled}\""), 1);
    }
    let Some(name) = call.args.first().cloned() else {
        call.unresolved("(no asset named)");
        return String::new();
    };
    let Some(url) = site.asset(from, &name) else {
        call.unresolved(&name);
        return String::new();
    };
    if call.name == "asset_path" {
        return url;
    }
    let mut rest = call.args[1..].to_vec();
    if rest.last().is_some_and(|e| e == "true" || e == "false") {
        rest.pop();
    }
    let title = if rest.is_empty() {
        name
    } else {
        rest.join(" ")
    };
    format!(
        "<a href=\"{}\" title=\"{}\">{}</a>",
        escape(&url),
        escape(&title),
        escape(&title)
    )
}

/// `{% url_for text path [relative] %}` and `{% full_url_for text path %}`: a link to a path of
/// the site.
fn url_for(call: &mut Call) -> String {
    let text = call.args.first().cloned().unwrap_or_default();
    let path = call.args.get(1).cloned().unwrap_or_default();
    let url = if call.name == "full_url_for" {
        match call.options.site.full_url_for(&path) {
            Some(url) => url,
            None => {
                call.unresolved(&path);
                call.options.site.url_for(&path)
            }
        }
    } else {
        call.options.site.url_for(&path)
    };
    format!("<a href=\"{}\">{}</a>", escape(&url), escape(&text))
}
