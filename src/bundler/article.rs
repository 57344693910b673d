//! Stage 7: one file's bytes to one finished [`Article`].
//!
//! Takes the path (relative to the seeds directory), the raw bytes and the [`Options`]; returns
//! the article with its warnings, or the [`Problem`] that makes it unreadable. It runs the earlier
//! stages in order: decode → [`split`] → [`front_matter`] → [`date`] → [`tags`] → [`markdown`] →
//! [`sanitize`], then derives the excerpt, counts and reading time. The article holds its
//! [`Summary`] (what the index lists) apart from its body, so the index stage takes the summary
//! whole. No IO happens here, which is what the fuzz target exercises.

use jiff::tz::TimeZone;

use super::error::{Kind, Pos, Problem};
use super::{date, front_matter, markdown, sanitize, split, tags, text};

/// Settings that affect how every article is read.
#[derive(Debug, Clone)]
pub struct Options {
    /// Time zone for dates written without one.
    pub tz: TimeZone,
    /// The site tag plugins resolve against, and how code looks.
    pub tags: tags::Options,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            tz: TimeZone::UTC,
            tags: tags::Options::default(),
        }
    }
}

/// What the list shows of an article: everything but its body. The bundler's side of a
/// [`crate::model::Row`], before numbering gives it its final slug.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Summary {
    /// Path relative to the seeds directory, with `/` separators.
    pub source: String,
    /// The slug from the front matter, if it gave one.
    pub slug: Option<String>,
    pub title: String,
    pub date: Option<date::When>,
    pub author: Option<String>,
    /// Category paths, root first.
    pub categories: Vec<Vec<String>>,
    pub tags: Vec<String>,
    pub excerpt: String,
    pub thumb: Option<String>,
    /// Han characters in the body.
    pub han: u32,
    /// Other words in the body.
    pub words: u32,
    /// Reading time.
    pub minutes: u32,
    /// `top:` / `sticky:`: pinned first in the default list, higher first.
    pub pin: Option<u32>,
}

/// A finished article: its [`Summary`] for the index, and its body.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Article {
    pub summary: Summary,
    /// Plain text of the whole body, for the search index.
    pub text: String,
    /// Sanitized HTML of the body.
    pub html: String,
    /// Image shown above the body.
    pub head: Option<String>,
    pub updated: Option<i64>,
    /// Marked as a draft or unpublished.
    pub hidden: bool,
    /// The language the front matter names, if it names one.
    pub lang: Option<String>,
}

/// Decodes file bytes to text: rejects UTF-16 and invalid UTF-8 with the position of the first
/// bad byte, drops a UTF-8 byte order mark, folds CRLF and lone CR to LF.
pub fn decode(bytes: &[u8]) -> Result<String, Problem> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Problem::at(Pos::START, Kind::Empty));
    }
    if bytes.starts_with(&[0xFF, 0xFE]) {
        return Err(Problem::at(Pos::START, Kind::Utf16("little-endian")));
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(Problem::at(Pos::START, Kind::Utf16("big-endian")));
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let offset = e.valid_up_to();
            let valid = std::str::from_utf8(&bytes[..offset]).unwrap_or_default();
            return Err(Problem::at(
                Pos::of_offset(valid, offset),
                Kind::NotUtf8 { offset },
            ));
        }
    };
    if text.contains('\r') {
        Ok(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Ok(text.to_string())
    }
}

/// What other articles need to know of an article to link to it, read from its front matter
/// alone (before any body is rendered).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Listing {
    pub title: String,
    /// The front matter's `slug:` (or `permalink:`): what the slug is made from.
    pub explicit_slug: Option<String>,
    /// The front matter's `permalink:`.
    pub permalink: Option<String>,
    pub date: Option<date::When>,
    pub categories: Vec<Vec<String>>,
    /// Marked as a draft or unpublished.
    pub hidden: bool,
}

/// The [`Listing`] of the article at `source`: the same title, date and slug as
/// [`from_text`] gives it, with none of its body's work.
pub fn listing(source: &str, text: &str, options: &Options) -> Result<Listing, Problem> {
    let parts = split::split(text)?;
    let (meta, _) = front_matter::parse(&parts)?;
    let file_name = source.rsplit('/').next().unwrap_or(source);
    let date = meta
        .date
        .and_then(|(value, _)| date::parse(&value, &options.tz))
        .or_else(|| date::from_file_name(file_name));
    Ok(Listing {
        title: meta
            .title
            .or_else(|| first_heading(parts.body))
            .unwrap_or_else(|| title_from_file_name(file_name)),
        explicit_slug: meta.slug,
        permalink: meta.permalink,
        date,
        categories: meta.categories,
        hidden: meta.hidden,
    })
}

/// A front-matter image (`cover:`, `thumbnail:`) as the site has it: a relative path names a
/// file beside the article, as a link in its body would.
fn front_matter_image(
    url: Option<String>,
    source: &str,
    options: &Options,
    pos: Pos,
    warnings: &mut Vec<Problem>,
) -> Option<String> {
    let url = url?;
    let (new, problem) = options.tags.site.reference(source, &url).outcome(&url);
    match problem {
        Some(kind) => {
            warnings.push(Problem::at(pos, kind));
            None
        }
        None => Some(new.unwrap_or(url)),
    }
}

/// Builds the article at `source` from its bytes.
pub fn from_bytes(
    source: &str,
    bytes: &[u8],
    options: &Options,
) -> Result<(Article, Vec<Problem>), Problem> {
    let text = decode(bytes)?;
    from_text(source, &text, options)
}

/// Builds the article at `source` from its decoded text.
pub fn from_text(
    source: &str,
    text: &str,
    options: &Options,
) -> Result<(Article, Vec<Problem>), Problem> {
    let parts = split::split(text)?;
    let (meta, mut warnings) = front_matter::parse(&parts)?;
    let file_name = source.rsplit('/').next().unwrap_or(source);

    let mut read_date = |value: Option<(String, Pos)>| -> Option<date::When> {
        let (value, pos) = value?;
        let parsed = date::parse(&value, &options.tz);
        if parsed.is_none() {
            warnings.push(Problem::at(pos, Kind::Date { value }));
        }
        parsed
    };
    let date = read_date(meta.date).or_else(|| date::from_file_name(file_name));
    let updated = read_date(meta.updated).map(|when| when.seconds);

    if parts.body.trim().is_empty() && parts.format.is_some() {
        warnings.push(Problem::at(Pos::new(parts.body_line, 1), Kind::NoBody));
    }
    let body_source = tags::Source {
        path: source,
        body: parts.body,
        body_line: parts.body_line,
    };
    let body = tags::expand(&body_source, &options.tags);
    let rendered = markdown::render(&body, &body_source, &options.tags);
    warnings.extend(body.problems);
    warnings.extend(rendered.problems);
    let html = rendered.html;
    let excerpt_html = markdown::more_marker(&html).map(|i| &html[..i]);
    let clean = sanitize::sanitize(&html);
    let excerpt = match (meta.excerpt, excerpt_html) {
        (Some(e), _) => text::excerpt(&e),
        (None, Some(head)) => text::collapse_whitespace(&sanitize::text_of(head)),
        (None, None) => text::excerpt(&clean.text),
    };
    let (han, words) = text::count(&clean.text);
    let title = meta
        .title
        .or_else(|| first_heading(parts.body))
        .unwrap_or_else(|| title_from_file_name(file_name));
    let front_pos = Pos::new(parts.front_line, 1);
    let head = front_matter_image(meta.head, source, options, front_pos, &mut warnings);
    let thumb = front_matter_image(meta.thumb, source, options, front_pos, &mut warnings);
    let thumb = thumb.or_else(|| head.clone()).or(clean.first_image);

    let article = Article {
        summary: Summary {
            source: source.to_string(),
            slug: meta.slug,
            title,
            date,
            author: meta.author,
            categories: meta.categories,
            tags: meta.tags,
            excerpt,
            thumb,
            han,
            words,
            minutes: text::minutes(han, words),
            pin: meta.pin,
        },
        text: clean.text,
        html: clean.html,
        head,
        updated,
        hidden: meta.hidden,
        lang: meta.lang,
    };
    Ok((article, warnings))
}

/// The text of the first ATX heading of a Markdown body.
fn first_heading(body: &str) -> Option<String> {
    body.lines().find_map(|line| {
        let rest = line.trim_start().strip_prefix('#')?;
        let rest = rest.trim_start_matches('#');
        if !rest.starts_with(' ') {
            return None;
        }
        let title = text::collapse_whitespace(rest.trim().trim_end_matches('#'));
        (!title.is_empty()).then_some(title)
    })
}

/// A title from a file name: the stem without a `YYYY-MM-DD-` prefix.
fn title_from_file_name(name: &str) -> String {
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    let stem = match stem.get(..11) {
        Some(prefix)
            if prefix
                .get(..10)
                .is_some_and(|d| d.parse::<jiff::civil::Date>().is_ok()) =>
        {
            &stem[11..]
        }
        _ => stem,
    };
    let title = text::collapse_whitespace(stem);
    if title.is_empty() {
        name.to_string()
    } else {
        title
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(source: &str, text: &str) -> (Article, Vec<Problem>) {
        from_text(source, text, &Options::default()).unwrap()
    }

    #[test]
    fn the_original_seed() {
        let bytes = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/seeds/000_65768461d97a4e44.md"
        ))
        .unwrap();
        let (a, w) = from_bytes("000_65768461d97a4e44.md", &bytes, &Options::default()).unwrap();
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(
            a.summary.title,
            "共享芬芳、共铸美好，快手与中国残疾人事业新闻宣传促进会启动公益合作"
        );
        assert_eq!(a.summary.date.map(|d| d.seconds), Some(1_658_220_367));
        assert_eq!(
            a.summary.categories,
            vec![vec!["新媒体", "IT 之家", "分类资讯"]]
        );
        assert_eq!(a.summary.author.as_deref(), Some("IT 之家"));
        assert!(a.html.contains("referrerpolicy=\"no-referrer\""));
        assert!(!a.html.contains("data-vmark"));
        assert!(a.text.starts_with("7 月 16 日"), "{}", &a.text[..40]);
        assert!(a.summary.excerpt.ends_with('…') && a.summary.excerpt.chars().count() <= 121);
        assert!(a.summary.han > 500, "{}", a.summary.han);
    }

    #[test]
    fn more_marker_sets_the_excerpt() {
        let (a, _) = build(
            "x.md",
            "---\ntitle: T\n---\nFirst *para*.\n\n<!-- more -->\n\nRest of it.",
        );
        assert_eq!(a.summary.excerpt, "First para.");
        assert!(a.text.contains("Rest of it."));
        assert!(!a.html.contains("<!--"));
    }

    #[test]
    fn titles_fall_back_to_heading_then_file_name() {
        assert_eq!(
            build("a/b.md", "# From Heading\n\ntext").0.summary.title,
            "From Heading"
        );
        assert_eq!(
            build("a/2021-01-02-from-name.md", "just text")
                .0
                .summary
                .title,
            "from-name"
        );
        assert_eq!(
            build("a/(守望先锋》.md", "x").0.summary.title,
            "(守望先锋》"
        );
        assert_eq!(
            build("a/abcdefghié-x.md", "x").0.summary.title,
            "abcdefghié-x"
        );
        let from_name = build("a/2021-01-02-x.md", "x").0.summary;
        assert_eq!(
            from_name.date,
            Some(date::When {
                seconds: 1_609_545_600,
                day: true
            })
        );
    }

    #[test]
    fn bad_date_is_a_warning_and_the_article_is_kept() {
        let (a, w) = build("x.md", "---\ntitle: T\ndate: someday\n---\nbody");
        assert_eq!(a.summary.date, None);
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].pos, Pos::new(3, 1));
    }

    #[test]
    fn decode_errors() {
        assert_eq!(decode(b"").unwrap_err().kind, Kind::Empty);
        assert_eq!(decode(b" \n\n").unwrap_err().kind, Kind::Empty);
        assert_eq!(
            decode(&[0xFF, 0xFE, b'a', 0]).unwrap_err().kind,
            Kind::Utf16("little-endian")
        );
        let err = decode(b"---\ntitle: \xC3\x28\n").unwrap_err();
        assert_eq!(err.kind, Kind::NotUtf8 { offset: 11 });
        assert_eq!(err.pos, Pos::new(2, 8));
        assert_eq!(decode(b"\xEF\xBB\xBFa\r\nb\rc").unwrap(), "a\nb\nc");
    }

    #[test]
    fn front_matter_only_warns_no_body() {
        let (a, w) = build("x.md", "---\ntitle: Only\n---\n");
        assert_eq!(a.summary.title, "Only");
        assert_eq!(
            w.iter().map(|p| p.kind.clone()).collect::<Vec<_>>(),
            [Kind::NoBody]
        );
    }

    #[test]
    fn front_matter_strings_are_data() {
        let (a, _) = build("x.md", "---\ntitle: '<img src=x onerror=alert(1)>'\nauthor: '<b>A</b>'\nthumbnail: 'javascript:alert(1)'\n---\nb");
        assert_eq!(a.summary.title, "<img src=x onerror=alert(1)>");
        assert_eq!(a.summary.thumb, None);
    }

    #[test]
    fn thumbnail_falls_back_to_head_then_first_image() {
        let (a, _) = build("x.md", "---\ntitle: T\n---\n![alt](https://x/y.png)");
        assert_eq!(a.summary.thumb.as_deref(), Some("https://x/y.png"));
        let (a, _) = build(
            "x.md",
            "---\ntitle: T\nheadimg: https://h/h.png\n---\n![alt](https://x/y.png)",
        );
        assert_eq!(a.summary.thumb.as_deref(), Some("https://h/h.png"));
    }
}
