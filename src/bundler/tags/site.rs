//! What tag plugins that name other files ask of the site: posts by slug, a post's assets,
//! files under `source/downloads/code`, and the site's URLs.
//!
//! The tag stage takes a [`Site`]; [`Unresolved`], the default, knows no site: every
//! `post_link`, `asset_img` or `include_code` is then reported as unresolved. A bundler that
//! reads a whole Hexo site (its `_config.yml`, `source/_posts`, asset folders) implements
//! [`Site`] over what it read and hands it to [`super::Options`].

use std::fmt;

use crate::bundler::error::Kind;

/// Another post, as a link to it needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Post {
    /// Where the post is, as an `href` (in Folio, an app route such as `#/a/<slug>`).
    pub url: String,
    /// The post's title.
    pub title: String,
}

/// A file of code for `{% include_code %}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeFile {
    /// The file's text.
    pub text: String,
    /// Where the raw file can be downloaded, if the site publishes it.
    pub url: Option<String>,
}

/// What a URL an article wrote (a link's `href`, an image's `src`) becomes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reference {
    /// It stays as written.
    Same,
    /// It becomes this URL: an in-app link to another article, a bundled asset, or an
    /// absolute address.
    To(String),
    /// It names a file that is not there (`looked` says where it was looked for).
    MissingFile { looked: Vec<String> },
    /// It names an article that is not in the bundle.
    NotBundled,
    /// It names a file of a kind the bundle does not copy (HTML, SVG, scripts: opened on
    /// their own they could run on the viewer's origin).
    Refused(String),
}

impl Reference {
    /// What to write instead of `url` (`None`: leave it as written), and what to warn about.
    pub fn outcome(self, url: &str) -> (Option<String>, Option<Kind>) {
        match self {
            Reference::Same => (None, None),
            Reference::To(new) => (Some(new), None),
            Reference::MissingFile { looked } => (
                None,
                Some(Kind::MissingAsset {
                    url: url.to_string(),
                    looked: looked.join(", "),
                }),
            ),
            Reference::NotBundled => (
                None,
                Some(Kind::DanglingLink {
                    url: url.to_string(),
                }),
            ),
            Reference::Refused(path) => (None, Some(Kind::RefusedAsset { path })),
        }
    }
}

/// The site a post belongs to. Every method answers for the post at `from` (its path relative
/// to the posts folder, as [`crate::bundler::article::Summary::source`]), so that assets and
/// relative names resolve against that post.
pub trait Site: Send + Sync + fmt::Debug {
    /// The post named `name`: its slug, its title, or its file name (Hexo tries slug, then
    /// title).
    fn post(&self, from: &str, name: &str) -> Option<Post>;

    /// The URL of the asset `name` of the post at `from` (Hexo's post asset folder).
    fn asset(&self, from: &str, name: &str) -> Option<String>;

    /// The file at `path` below the site's code folder (`source/downloads/code` in Hexo).
    fn code_file(&self, path: &str) -> Option<CodeFile>;

    /// What `url`, written in the post at `from`, becomes in the bundle.
    fn reference(&self, from: &str, url: &str) -> Reference {
        let _ = (from, url);
        Reference::Same
    }

    /// A site path as a URL (Hexo's `url_for`: the site's root prepended to absolute paths).
    fn url_for(&self, path: &str) -> String {
        path.to_string()
    }

    /// A site path as an absolute URL (Hexo's `full_url_for`), when the site's URL is known.
    fn full_url_for(&self, path: &str) -> Option<String> {
        let _ = path;
        None
    }
}

/// No site: nothing resolves, and URLs stay as written.
#[derive(Debug, Clone, Copy, Default)]
pub struct Unresolved;

impl Site for Unresolved {
    fn post(&self, _from: &str, _name: &str) -> Option<Post> {
        None
    }

    fn asset(&self, _from: &str, _name: &str) -> Option<String> {
        None
    }

    fn code_file(&self, _path: &str) -> Option<CodeFile> {
        None
    }
}
