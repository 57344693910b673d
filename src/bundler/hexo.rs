//! Stage 0, for a Hexo site given whole: its `_config.yml`, and which files under `source/`
//! are posts, drafts or pages.
//!
//! Takes the configuration's text and paths relative to `source/`; returns a [`SiteConfig`]
//! and a [`Place`] for each path. A folder is a Hexo site when it holds `_config.yml` and a
//! `source/` folder ([`is_site`]). As Hexo does, posts are the files under `source/_posts`,
//! drafts those under `source/_drafts` (bundled only with `--drafts`), and pages every other
//! file under `source/` — except that any file or folder whose name starts with `_` (`_data`,
//! `_partial.md`) is no article. The bundle's IO edge ([`super::bundle`]) walks the folder; this
//! module only decides.

use std::path::Path;

use serde::Deserialize;

/// What Folio takes from a Hexo `_config.yml`; every other key is ignored.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct SiteConfig {
    /// The site's title (`--site-title` overrides it).
    pub title: Option<String>,
    /// The site's public URL, e.g. `https://example.com/blog` (`--site-url` overrides it).
    pub url: Option<String>,
    /// The path the site is served under, e.g. `/blog/`.
    pub root: Option<String>,
    /// The posts' URL pattern, e.g. `:year/:month/:day/:title/` (Hexo's default).
    pub permalink: Option<String>,
    /// Zone for dates written without one (`--timezone` overrides it).
    pub timezone: Option<String>,
    /// Each post has a folder of assets beside it, named as the post.
    pub post_asset_folder: bool,
    /// The site's language, a string or a list whose first entry counts (Hexo allows both).
    #[serde(deserialize_with = "first_language")]
    pub language: Option<String>,
}

/// A `language:` that is a string or a list of strings: the first.
fn first_language<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Language {
        One(String),
        Many(Vec<String>),
    }
    Ok(match Option::<Language>::deserialize(d)? {
        Some(Language::One(name)) => Some(name),
        Some(Language::Many(names)) => names.into_iter().next(),
        None => None,
    })
    .map(|name| name.filter(|n| !n.trim().is_empty() && n != "default"))
}

impl SiteConfig {
    /// Reads a `_config.yml`. An empty file is the defaults; the error says what is wrong,
    /// with the line and column the YAML reader gives.
    pub fn parse(text: &str) -> Result<Self, String> {
        if text.trim().is_empty() {
            return Ok(Self::default());
        }
        serde_saphyr::from_str(text).map_err(|e| e.to_string())
    }

    /// The site's public address: `url`, with `root` when `url` does not already end with it.
    pub fn public_url(&self) -> Option<String> {
        let url = self.url.as_deref()?.trim().trim_end_matches('/');
        if url.is_empty() {
            return None;
        }
        let root = self.root.as_deref().unwrap_or("/").trim_matches('/');
        Some(if root.is_empty() || url.ends_with(&format!("/{root}")) {
            format!("{url}/")
        } else {
            format!("{url}/{root}/")
        })
    }
}

/// Whether `dir` is a Hexo site: a `_config.yml` beside a `source/` folder.
pub fn is_site(dir: &Path) -> bool {
    dir.join("_config.yml").is_file() && dir.join("source").is_dir()
}

/// What a file under `source/` is to Hexo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// Under `_posts/`.
    Post,
    /// Under `_drafts/`: a post that is bundled only with `--drafts`.
    Draft,
    /// Anywhere else: a page, such as `about/index.md`.
    Page,
}

/// Where `path` (relative to `source/`, `/`-separated) belongs; `None` for what is no article
/// (`_data/`, any name starting with `_` outside `_posts` and `_drafts`).
pub fn place(path: &str) -> Option<Place> {
    let (first, rest) = path.split_once('/').unwrap_or(("", path));
    let (place, rest) = match first {
        "_posts" => (Place::Post, rest),
        "_drafts" => (Place::Draft, rest),
        _ => (Place::Page, path),
    };
    let hidden = rest
        .split('/')
        .any(|part| part.starts_with('_') || part.starts_with('.'));
    (!hidden).then_some(place)
}

/// The part of `path` that names a post for its slug: without `_posts/` or `_drafts/`.
pub fn slug_path(path: &str) -> &str {
    path.strip_prefix("_posts/")
        .or_else(|| path.strip_prefix("_drafts/"))
        .unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_as_hexo_sees_them() {
        for (path, expected) in [
            ("_posts/hello.md", Some(Place::Post)),
            ("_posts/2024/nested.md", Some(Place::Post)),
            ("_drafts/later.md", Some(Place::Draft)),
            ("about/index.md", Some(Place::Page)),
            ("index.md", Some(Place::Page)),
            ("_data/menu.md", None),
            ("_partial.md", None),
            ("about/_part.md", None),
            ("_posts/_hidden.md", None),
            ("_posts/.git/x.md", None),
        ] {
            assert_eq!(place(path), expected, "{path}");
        }
        assert_eq!(slug_path("_posts/2024/hello.md"), "2024/hello.md");
        assert_eq!(slug_path("about/index.md"), "about/index.md");
    }

    #[test]
    fn config_keys_folio_reads() {
        let config = SiteConfig::parse(
            "title: 我的博客\nurl: https://example.com/blog\nroot: /blog/\n\
             permalink: :year/:title/\ntimezone: Asia/Shanghai\npost_asset_folder: true\n\
             language:\n  - zh-CN\n  - en\ntheme: landscape\ndeploy:\n  type: git\n",
        )
        .unwrap();
        assert_eq!(
            config,
            SiteConfig {
                title: Some("我的博客".into()),
                url: Some("https://example.com/blog".into()),
                root: Some("/blog/".into()),
                permalink: Some(":year/:title/".into()),
                timezone: Some("Asia/Shanghai".into()),
                post_asset_folder: true,
                language: Some("zh-CN".into()),
            }
        );
        assert_eq!(
            config.public_url().as_deref(),
            Some("https://example.com/blog/")
        );
        let other = SiteConfig::parse("url: http://a.example/\nroot: /docs/\nlanguage: en\n");
        let other = other.unwrap();
        assert_eq!(
            other.public_url().as_deref(),
            Some("http://a.example/docs/")
        );
        assert_eq!(other.language.as_deref(), Some("en"));
        // What `hexo init` writes for a site with no URL or language yet.
        let blank = SiteConfig::parse("url: \nlanguage:\ntimezone: ''\n").unwrap();
        assert_eq!(blank.public_url(), None);
        assert_eq!(blank.language, None);
        assert_eq!(SiteConfig::parse("").unwrap(), SiteConfig::default());
        let bad = SiteConfig::parse("title: [unclosed\n").unwrap_err();
        assert!(bad.contains("line"), "{bad}");
    }
}
