//! What a URL written in an article points to: another article of the bundle, a file beside
//! it (an asset), or a place outside the bundle.
//!
//! Takes a [`SiteMap`] — every bundled article's source path, slug, title and the site paths
//! Hexo would publish it at, made from the front matter before any body is rendered — and a
//! URL with the path of the article that wrote it; returns a [`Target`]. Pure: whether an
//! asset file exists is for the caller (the bundle's IO edge) to find out, so a
//! [`Target::Files`] lists the paths to try, in order.
//!
//! Hexo's rules are followed: a post is published at its `permalink` (front matter) or the
//! site's pattern (`:year/:month/:day/:title/` by default; `:title` is the file's path below
//! `_posts` without its extension, or its `slug:`), under `root`; a page `docs/helpers.md` at
//! `docs/helpers.html`, `about/index.md` at `about/index.html`. So a link may name another
//! article by its file (`other.md`, `../2020/hello.md`), by its published path, relative or
//! absolute (`../hello/`, `/2020/05/01/hello/`, `helpers.html`, `/docs/helpers`), or by the
//! site's `url` followed by that path. With `post_asset_folder`, a post's relative URLs look in
//! its asset folder (`_posts/hello/` for `_posts/hello.md`) first, as Hexo's renderer does.

use std::collections::HashMap;
use std::sync::LazyLock;

use jiff::tz::TimeZone;

use super::date::When;
use super::hexo::{self, SiteConfig};

/// Hexo's default `permalink`.
pub const DEFAULT_PERMALINK: &str = ":year/:month/:day/:title/";

/// The site settings links resolve with.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// The posts' URL pattern.
    pub permalink: String,
    /// The path the site is served under, `/` or `/blog/` (always with both slashes).
    pub root: String,
    /// The site's public address with its root, ending with `/`, when known.
    pub url: Option<String>,
    /// Each post's relative URLs look in its asset folder first.
    pub post_asset_folder: bool,
    /// The input is a Hexo site, whose articles' paths are relative to `source/`, posts under
    /// `_posts/` and pages elsewhere; otherwise every article is a post.
    pub hexo_site: bool,
    /// The zone of the permalinks' dates.
    pub tz: TimeZone,
}

impl Settings {
    /// The settings a site's `_config.yml` gives.
    pub fn new(config: &SiteConfig, hexo_site: bool, tz: TimeZone) -> Self {
        let root = config
            .root
            .as_deref()
            .unwrap_or("/")
            .trim()
            .trim_matches('/');
        Self {
            permalink: config
                .permalink
                .clone()
                .filter(|p| !p.trim().is_empty())
                .unwrap_or_else(|| DEFAULT_PERMALINK.to_string()),
            root: if root.is_empty() {
                "/".to_string()
            } else {
                format!("/{root}/")
            },
            url: config.public_url(),
            post_asset_folder: config.post_asset_folder,
            hexo_site,
            tz,
        }
    }

    /// What the cache must compare to know that links resolve the same way.
    pub fn key(&self) -> String {
        format!(
            "{}|{}|{}|{}|{}",
            self.permalink,
            self.root,
            self.url.as_deref().unwrap_or(""),
            self.post_asset_folder,
            self.hexo_site
        )
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self::new(&SiteConfig::default(), false, TimeZone::UTC)
    }
}

/// What the site map knows of one bundled article.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Listed {
    /// Path relative to the articles' folder (a Hexo site's `source/`).
    pub source: String,
    /// Its slug in the bundle.
    pub slug: String,
    pub title: String,
    pub date: Option<When>,
    pub categories: Vec<Vec<String>>,
    /// The front matter's `slug:` (Hexo's `:title` when given).
    pub own_slug: Option<String>,
    /// The front matter's `permalink:`.
    pub permalink: Option<String>,
}

/// Every bundled article, found by what links name it with. Its [`LinkTable`] is made the
/// first time a link needs it: a run whose parsed articles link to no other article and to no
/// file (a save in `folio serve`, a day's new articles) never pays for the table of every
/// article.
#[derive(Debug)]
pub struct SiteMap {
    pub settings: Settings,
    table: LazyLock<LinkTable, TableMaker>,
}

/// What makes a [`SiteMap`]'s table, once.
type TableMaker = Box<dyn FnOnce() -> LinkTable + Send>;

/// The bundled articles, by what links name them with.
#[derive(Debug, Default)]
struct LinkTable {
    articles: Vec<Listed>,
    by_source: HashMap<String, usize>,
    /// By published path, as [`path_key`] writes it.
    by_path: HashMap<String, usize>,
    by_slug: HashMap<String, usize>,
    /// By title and by file name (without extension): what `post_link` also accepts.
    by_name: HashMap<String, usize>,
}

impl LinkTable {
    fn new(settings: &Settings, articles: Vec<Listed>) -> Self {
        let mut table = Self::default();
        for (i, a) in articles.iter().enumerate() {
            table.by_source.insert(a.source.clone(), i);
            table.by_slug.insert(a.slug.clone(), i);
            table
                .by_path
                .entry(path_key(&published_path(settings, a)))
                .or_insert(i);
            if let Some(permalink) = &a.permalink {
                table.by_path.entry(path_key(permalink)).or_insert(i);
            }
        }
        for (i, a) in articles.iter().enumerate() {
            let file = a.source.rsplit('/').next().unwrap_or(&a.source);
            let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
            table.by_name.entry(stem.to_string()).or_insert(i);
        }
        for (i, a) in articles.iter().enumerate() {
            table.by_name.entry(a.title.clone()).or_insert(i);
        }
        table.articles = articles;
        table
    }
}

/// Where a URL points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Leave it as written: a URL with a scheme, an in-page `#anchor`, or an asset URL of the
    /// bundle already.
    Keep,
    /// A bundled article, with the anchor the URL named.
    Article {
        slug: String,
        anchor: Option<String>,
    },
    /// A file, if one of these exists (paths relative to the articles' folder, best first);
    /// else `otherwise`.
    Files {
        candidates: Vec<String>,
        otherwise: Box<Target>,
    },
    /// Somewhere outside the bundle, absolute.
    Outside(String),
    /// Nothing the bundle has or knows how to reach.
    Missing,
}

impl SiteMap {
    /// The map of `articles` (each with its final slug).
    #[cfg(test)]
    pub fn new(settings: Settings, articles: Vec<Listed>) -> Self {
        Self::lazy(settings, move || articles)
    }

    /// The map of the articles `articles` gives (each with its final slug), called the first
    /// time a link needs them.
    pub fn lazy(
        settings: Settings,
        articles: impl FnOnce() -> Vec<Listed> + Send + 'static,
    ) -> Self {
        let for_table = settings.clone();
        Self {
            settings,
            table: LazyLock::new(Box::new(move || LinkTable::new(&for_table, articles()))),
        }
    }

    /// The article named `name` by `{% post_link %}`: by slug, then file name, then title.
    pub fn post(&self, name: &str) -> Option<&Listed> {
        let name = name.trim();
        let i = self
            .table
            .by_slug
            .get(name)
            .or_else(|| self.table.by_source.get(name))
            .or_else(|| {
                let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
                let stem = stem.rsplit('/').next().unwrap_or(stem);
                self.table.by_name.get(stem)
            })
            .or_else(|| self.table.by_name.get(name))?;
        Some(&self.table.articles[*i])
    }

    fn is_post(&self, source: &str) -> bool {
        is_post(&self.settings, source)
    }

    /// The site path (without `root`) an article at `source` is published at; for a source
    /// that is no bundled article, as if it were one.
    fn published_path_of(&self, source: &str) -> String {
        match self.table.by_source.get(source) {
            Some(&i) => published_path(&self.settings, &self.table.articles[i]),
            None => published_path(
                &self.settings,
                &Listed {
                    source: source.to_string(),
                    ..Listed::default()
                },
            ),
        }
    }

    /// What `url`, written in the article at `from`, points to.
    pub fn resolve(&self, from: &str, url: &str) -> Target {
        let url = url.trim();
        if url.is_empty() || url.starts_with('#') || is_asset_url(url) {
            return Target::Keep;
        }
        if has_scheme(url) || url.starts_with("//") {
            // The site's own address followed by a path may name an article.
            let same_site = self.settings.url.as_deref().and_then(|base| {
                let host = |u: &str| u.split_once("//").map_or(u.to_string(), |(_, r)| r.into());
                host(url).strip_prefix(&host(base)).map(str::to_string)
            });
            return match same_site.map(|rest| self.resolve_site_path(&rest)) {
                Some(Target::Article { slug, anchor }) => Target::Article { slug, anchor },
                _ => Target::Keep,
            };
        }
        let (path, anchor) = split_url(url);
        if path.is_empty() {
            return Target::Keep;
        }
        let path = crate::model::percent_decoded(path).unwrap_or_else(|| path.to_string());
        let article = |i: usize| Target::Article {
            slug: self.table.articles[i].slug.clone(),
            anchor: anchor.clone(),
        };
        let outside = |site_path: Option<String>| match (&self.settings.url, site_path) {
            (Some(base), Some(p)) => Target::Outside(format!("{base}{p}{}", tail(url))),
            _ => Target::Missing,
        };
        if let Some(absolute) = path.strip_prefix('/') {
            let site = format!("/{absolute}");
            let below_root = site.strip_prefix(&self.settings.root).unwrap_or(absolute);
            let Some(site_path) = normalize(below_root) else {
                return Target::Missing;
            };
            if let Some(&i) = self.table.by_path.get(&path_key(&site_path)) {
                return article(i);
            }
            return Target::Files {
                candidates: vec![site_path.clone()],
                otherwise: Box::new(outside(Some(site_path))),
            };
        }
        let file = normalize(&join(dir_of(from), &path));
        if let Some(i) = file.as_ref().and_then(|f| self.table.by_source.get(f)) {
            return article(*i);
        }
        let published = self.published_path_of(from);
        let site_path = normalize(&join(dir_of(&published), &path));
        if let Some(i) = site_path
            .as_ref()
            .and_then(|p| self.table.by_path.get(&path_key(p)))
        {
            return article(*i);
        }
        let mut candidates = Vec::new();
        if self.settings.post_asset_folder && self.is_post(from) {
            let folder = from.rsplit_once('.').map_or(from, |(s, _)| s);
            candidates.extend(normalize(&join(&format!("{folder}/"), &path)));
        }
        candidates.extend(file.clone());
        let is_article_file = file.is_some_and(|f| super::bundle::is_article(f.as_ref()));
        let otherwise = if is_article_file {
            Target::Missing
        } else {
            outside(site_path)
        };
        Target::Files {
            candidates,
            otherwise: Box::new(otherwise),
        }
    }

    /// An absolute site path (below the site's address, so without `root`) as a target.
    fn resolve_site_path(&self, rest: &str) -> Target {
        let (path, anchor) = split_url(rest);
        let path = crate::model::percent_decoded(path).unwrap_or_else(|| path.to_string());
        match normalize(&path).and_then(|p| self.table.by_path.get(&path_key(&p))) {
            Some(&i) => Target::Article {
                slug: self.table.articles[i].slug.clone(),
                anchor,
            },
            None => Target::Missing,
        }
    }
}

/// Whether the article at `source` is a post (a Hexo site's pages are not).
fn is_post(settings: &Settings, source: &str) -> bool {
    !settings.hexo_site
        || matches!(
            hexo::place(source),
            Some(hexo::Place::Post | hexo::Place::Draft)
        )
}

/// The site path (without `root`, no leading `/`) Hexo publishes `a` at.
fn published_path(settings: &Settings, a: &Listed) -> String {
    if let Some(permalink) = &a.permalink {
        return permalink.trim_start_matches('/').to_string();
    }
    let stem = a.source.rsplit_once('.').map_or(&*a.source, |(s, _)| s);
    if !is_post(settings, &a.source) {
        return format!("{stem}.html");
    }
    let title = a
        .own_slug
        .clone()
        .unwrap_or_else(|| hexo::slug_path(stem).to_string());
    permalink(&settings.permalink, a, &title, &settings.tz)
}

/// The in-app address of an article, with an anchor inside it (`#/a/hello#a-setup`: ids in
/// bodies carry the sanitizer's prefix).
pub fn article_href(slug: &str, anchor: Option<&str>) -> String {
    let mut href = format!("#{}", crate::model::article_path(slug));
    if let Some(anchor) = anchor.filter(|a| !a.is_empty()) {
        href.push('#');
        if !anchor.starts_with(super::sanitize::ID_PREFIX) {
            href.push_str(super::sanitize::ID_PREFIX);
        }
        href.push_str(anchor);
    }
    href
}

/// Whether `url` is a bundle asset's URL as [`crate::model::asset_path`] makes it.
pub fn is_asset_url(url: &str) -> bool {
    crate::model::is_asset_path(url)
}

/// `html` with the value of every URL attribute (`href`, `src`, `poster`) of its tags passed
/// through `rewrite(value, offset of the value in html)`, which gives a new value or `None` to
/// leave it. Comments and text are left alone; a new value is written in double quotes.
pub fn rewrite_html_urls(
    html: &str,
    mut rewrite: impl FnMut(&str, usize) -> Option<String>,
) -> std::borrow::Cow<'_, str> {
    if !html.contains('<') {
        return std::borrow::Cow::Borrowed(html);
    }
    let bytes = html.as_bytes();
    let mut out = String::new();
    let mut copied = 0;
    let mut i = 0;
    while let Some(at) = html[i..].find('<').map(|j| i + j) {
        i = at + 1;
        if html[at..].starts_with("<!--") {
            i = html[at..].find("-->").map_or(html.len(), |j| at + j + 3);
            continue;
        }
        if !bytes.get(i).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        // The tag's name, then its attributes up to `>`.
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() && !b"/>".contains(&bytes[i]) {
            i += 1;
        }
        loop {
            while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
                i += 1;
            }
            if i >= bytes.len() || bytes[i] == b'>' {
                break;
            }
            let name_start = i;
            while i < bytes.len() && !b" \t\n\r\x0c/>=".contains(&bytes[i]) {
                i += 1;
            }
            let name = html[name_start..i].to_ascii_lowercase();
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            if bytes.get(i) != Some(&b'=') {
                continue;
            }
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            let value_start = i;
            let (value, value_end) = match bytes.get(i) {
                Some(&q @ (b'"' | b'\'')) => {
                    let end = html[i + 1..]
                        .find(q as char)
                        .map_or(html.len(), |j| i + 1 + j);
                    i = (end + 1).min(html.len());
                    (&html[value_start + 1..end], i)
                }
                _ => {
                    while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                        i += 1;
                    }
                    (&html[value_start..i], i)
                }
            };
            if !matches!(name.as_str(), "href" | "src" | "poster") {
                continue;
            }
            let value_offset = value_start
                + usize::from(
                    value_end > value_start && html[value_start..].starts_with(['"', '\'']),
                );
            let decoded = value.replace("&amp;", "&");
            if let Some(new) = rewrite(&decoded, value_offset) {
                out.push_str(&html[copied..value_start]);
                out.push('"');
                out.push_str(&super::text::escape_markup(&new));
                out.push('"');
                copied = value_end;
            }
        }
    }
    if copied == 0 {
        return std::borrow::Cow::Borrowed(html);
    }
    out.push_str(&html[copied..]);
    std::borrow::Cow::Owned(out)
}

/// `url` without its `#fragment` and `?query`, and the fragment.
fn split_url(url: &str) -> (&str, Option<String>) {
    let (rest, anchor) = match url.split_once('#') {
        Some((rest, anchor)) => (rest, Some(anchor.to_string())),
        None => (url, None),
    };
    (rest.split('?').next().unwrap_or(rest), anchor)
}

/// The `?query#fragment` of `url`, kept when it is made absolute.
fn tail(url: &str) -> &str {
    url.find(['?', '#']).map_or("", |i| &url[i..])
}

fn has_scheme(url: &str) -> bool {
    let head = url.split(['/', '?', '#']).next().unwrap_or("");
    head.split_once(':').is_some_and(|(scheme, _)| {
        scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    })
}

/// The folder part of a `/`-separated path, with its trailing `/` (empty at the top).
fn dir_of(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..=i])
}

fn join(dir: &str, path: &str) -> String {
    format!("{dir}{path}")
}

/// `path` with `.` and `..` segments and repeated `/` resolved, keeping a trailing `/`; `None`
/// when it climbs above the top.
fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    let mut out = parts.join("/");
    if path.ends_with('/') && !out.is_empty() {
        out.push('/');
    }
    Some(out)
}

/// A published path as the map keys it: what a server answers the same way is one key
/// (`docs/helpers`, `docs/helpers.html`, `docs/helpers/`; `about/`, `about/index.html`).
pub fn path_key(path: &str) -> String {
    let path = path.trim_start_matches('/');
    let path = path.strip_suffix("index.html").unwrap_or(path);
    let path = path.strip_suffix(".html").unwrap_or(path);
    path.trim_end_matches('/').to_string()
}

/// Hexo's permalink `pattern` for `a`, whose `:title` is `title`.
pub fn permalink(pattern: &str, a: &Listed, title: &str, tz: &TimeZone) -> String {
    let time = a.date.and_then(|d| {
        let timestamp = jiff::Timestamp::from_second(d.seconds).ok()?;
        let zone = if d.day { &TimeZone::UTC } else { tz };
        Some(zone.to_datetime(timestamp))
    });
    let file = a.source.rsplit('/').next().unwrap_or(&a.source);
    let name = file.rsplit_once('.').map_or(file, |(s, _)| s);
    let category = a.categories.first().map_or_else(
        || "uncategorized".to_string(),
        |path| {
            path.iter()
                .map(|c| super::text::slugify(c))
                .collect::<Vec<_>>()
                .join("/")
        },
    );
    let mut out = String::with_capacity(pattern.len() + title.len());
    let mut rest = pattern;
    // Longest names first, so that `:i_month` is not read as `:i` and `_month`.
    const NAMES: [&str; 13] = [
        "post_title",
        "category",
        "i_month",
        "second",
        "minute",
        "i_day",
        "month",
        "title",
        "year",
        "hour",
        "name",
        "day",
        "id",
    ];
    while let Some(at) = rest.find(':') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let Some(found) = NAMES.iter().find(|n| after.starts_with(**n)) else {
            out.push(':');
            rest = after;
            continue;
        };
        let number = |value: Option<i64>, width: usize| {
            value.map_or_else(String::new, |v| format!("{v:0width$}"))
        };
        out.push_str(&match *found {
            "year" => number(time.map(|t| i64::from(t.year())), 4),
            "month" => number(time.map(|t| i64::from(t.month())), 2),
            "i_month" => number(time.map(|t| i64::from(t.month())), 1),
            "day" => number(time.map(|t| i64::from(t.day())), 2),
            "i_day" => number(time.map(|t| i64::from(t.day())), 1),
            "hour" => number(time.map(|t| i64::from(t.hour())), 2),
            "minute" => number(time.map(|t| i64::from(t.minute())), 2),
            "second" => number(time.map(|t| i64::from(t.second())), 2),
            "title" => title.to_string(),
            "post_title" => super::text::slugify(&a.title),
            "name" => name.to_string(),
            "category" => category.clone(),
            _ => a.slug.clone(),
        });
        rest = &after[found.len()..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed(source: &str, slug: &str, date: Option<&str>) -> Listed {
        Listed {
            source: source.into(),
            slug: slug.into(),
            title: format!("Title of {slug}"),
            date: date.and_then(|d| super::super::date::parse(d, &TimeZone::UTC)),
            ..Listed::default()
        }
    }

    fn site(config: &str) -> SiteMap {
        let config = SiteConfig::parse(config).unwrap();
        SiteMap::new(
            Settings::new(&config, true, TimeZone::UTC),
            vec![
                listed("_posts/hello.md", "hello", Some("2020-05-01")),
                listed(
                    "_posts/2021/other.md",
                    "2021-other",
                    Some("2021-02-03 10:00"),
                ),
                listed("docs/helpers.md", "docs-helpers", None),
                listed("about/index.md", "about-index", None),
            ],
        )
    }

    fn to(slug: &str, anchor: Option<&str>) -> Target {
        Target::Article {
            slug: slug.into(),
            anchor: anchor.map(Into::into),
        }
    }

    #[test]
    fn links_find_articles_as_hexo_publishes_them() {
        let map = site("url: https://example.com/blog\nroot: /blog/\n");
        for (from, url, expected) in [
            ("_posts/2021/other.md", "../hello.md", to("hello", None)),
            (
                "_posts/hello.md",
                "2021/other.md#setup",
                to("2021-other", Some("setup")),
            ),
            (
                "_posts/hello.md",
                "/blog/2020/05/01/hello/",
                to("hello", None),
            ),
            (
                "_posts/hello.md",
                "../../../../2021/02/03/2021/other/",
                to("2021-other", None),
            ),
            ("docs/index.md", "helpers.html", to("docs-helpers", None)),
            (
                "_posts/hello.md",
                "/blog/docs/helpers",
                to("docs-helpers", None),
            ),
            ("_posts/hello.md", "/blog/about/", to("about-index", None)),
            (
                "_posts/hello.md",
                "https://example.com/blog/about/#team",
                to("about-index", Some("team")),
            ),
            (
                "_posts/hello.md",
                "https://elsewhere.org/about/",
                Target::Keep,
            ),
            ("_posts/hello.md", "#top", Target::Keep),
            ("_posts/hello.md", "mailto:a@b.c", Target::Keep),
            ("_posts/hello.md", "m/3f/3f09a4c1d2e5b687.png", Target::Keep),
        ] {
            assert_eq!(map.resolve(from, url), expected, "{from} → {url}");
        }
    }

    #[test]
    fn other_urls_are_files_or_outside() {
        let map = site("url: https://example.com/blog\nroot: /blog/\npost_asset_folder: true\n");
        assert_eq!(
            map.resolve("_posts/hello.md", "pic.png"),
            Target::Files {
                candidates: vec!["_posts/hello/pic.png".into(), "_posts/pic.png".into()],
                otherwise: Box::new(Target::Outside(
                    "https://example.com/blog/2020/05/01/hello/pic.png".into()
                )),
            }
        );
        assert_eq!(
            map.resolve("docs/helpers.md", "/blog/images/a%20b.png?x=1"),
            Target::Files {
                candidates: vec!["images/a b.png".into()],
                otherwise: Box::new(Target::Outside(
                    "https://example.com/blog/images/a b.png?x=1".into()
                )),
            }
        );
        assert_eq!(
            map.resolve("_posts/hello.md", "gone.md"),
            Target::Files {
                candidates: vec!["_posts/hello/gone.md".into(), "_posts/gone.md".into()],
                otherwise: Box::new(Target::Missing),
            }
        );
        let no_url = site("");
        assert_eq!(
            no_url.resolve("docs/helpers.md", "../tags/rust/"),
            Target::Files {
                candidates: vec!["tags/rust/".into()],
                otherwise: Box::new(Target::Missing),
            }
        );
    }

    #[test]
    fn post_link_names() {
        let map = site("");
        for name in ["hello", "_posts/hello.md", "hello.md", "Title of hello"] {
            assert_eq!(
                map.post(name).map(|p| p.slug.as_str()),
                Some("hello"),
                "{name}"
            );
        }
        assert_eq!(map.post("nothing"), None);
    }

    #[test]
    fn permalink_patterns() {
        let mut a = listed("_posts/x/hello.md", "x-hello", Some("2024-06-07 08:09:10"));
        a.categories = vec![vec!["Web Dev".into(), "Rust".into()]];
        let tz = TimeZone::UTC;
        assert_eq!(
            permalink(
                ":year/:i_month/:i_day/:name/:category/:title.html",
                &a,
                "x/hello",
                &tz
            ),
            "2024/6/7/hello/web-dev/rust/x/hello.html"
        );
        assert_eq!(
            permalink(DEFAULT_PERMALINK, &a, "hello", &tz),
            "2024/06/07/hello/"
        );
        assert_eq!(
            article_href("你好", Some("setup")),
            "#/a/%E4%BD%A0%E5%A5%BD#a-setup"
        );
        assert_eq!(normalize("a/../../b"), None);
        let html = r#"<p><img src='a.png' alt="x"> <a title=t href=b.md>b</a> <!-- <img src="c.png"> --></p>"#;
        let mut seen = Vec::new();
        let out = rewrite_html_urls(html, |url, at| {
            seen.push((url.to_string(), at));
            Some(format!("{url}!"))
        });
        assert_eq!(
            out,
            r#"<p><img src="a.png!" alt="x"> <a title=t href="b.md!">b</a> <!-- <img src="c.png"> --></p>"#
        );
        assert_eq!(seen, [("a.png".to_string(), 13), ("b.md".to_string(), 45)]);
        assert_eq!(path_key("/docs/index.html"), "docs");
    }
}
