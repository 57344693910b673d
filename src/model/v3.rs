//! Format 3's types, kept only while format 4 replaces them in the bundler, the CLI and the
//! app (each part on its own branch); deleted when the last user is gone.
//!
//! The JSON contract between the bundler and the app.
//!
//! The bundler writes these types with serde and the app reads them back with the same
//! definitions, so the two can never disagree. `docs/FORMAT.md` describes the files in prose.
//! Every change to the shape of these types bumps [`FORMAT_VERSION`].
//!
//! In the WASM the same types derive `miniserde::Deserialize` instead: one small,
//! non-generic JSON reader that costs the app shell about 11 KB brotli less than serde_json,
//! at the same speed (see BENCHMARKS.md). miniserde reads a missing field only as `None`, so
//! the bundler writes every field that is not an `Option`, empty lists included; the serde
//! attributes (defaults for older writers, left-out `None`s) apply to the native side only.

use serde::{Deserialize, Serialize};

/// Version of the bundle format; the app refuses an index with another version.
pub const FORMAT_VERSION: u32 = 3;

/// File name of the index inside a bundle directory.
pub const INDEX_FILE: &str = "index.json";

/// `index.json`: everything the list and the facets need, and nothing that only the detail
/// view needs (bodies live in their own files, see [`ArticleSummary::body`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(miniserde::Deserialize))]
pub struct Index {
    /// Format version, equal to [`FORMAT_VERSION`] when written.
    pub version: u32,
    /// Author names; articles refer to them by position.
    #[cfg_attr(not(target_arch = "wasm32"), serde(default))]
    pub authors: Vec<String>,
    /// Category tree nodes; articles refer to them by position. A parent always comes before
    /// its children, so a single forward pass can build paths.
    #[cfg_attr(not(target_arch = "wasm32"), serde(default))]
    pub categories: Vec<Category>,
    /// Tag names; articles refer to them by position.
    #[cfg_attr(not(target_arch = "wasm32"), serde(default))]
    pub tags: Vec<String>,
    /// Articles, newest first, then by slug; undated articles last. An article's position in
    /// this list is its number in the search index.
    pub articles: Vec<ArticleSummary>,
    /// Path of the search index's [`SearchManifest`] (`s/<hash>.json`), if one was built.
    #[cfg_attr(
        not(target_arch = "wasm32"),
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub search: Option<String>,
}

/// The search index's manifest: which shard holds which tokens. Its files are named by `id`, a
/// hash of their whole content: shards `s/<id>-<i>.bin`, position files `s/<id>-<j>.pos`
/// (`crate::search::shard` describes them). A rebuild renumbers articles, which changes every
/// posting list anyway, so one hash for all the files costs no caching and keeps the manifest
/// small.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(miniserde::Deserialize))]
pub struct SearchManifest {
    /// Format version, equal to [`FORMAT_VERSION`] when written.
    pub version: u32,
    /// Articles indexed: as many as the index has.
    pub docs: u32,
    /// Hash of the content of every shard and position file.
    pub id: String,
    /// Where each shard starts, ascending (UTF-8 byte order): shard `i` holds the tokens from
    /// `keys[i]` up to, not including, `keys[i + 1]`. The first key is empty; the others are
    /// as short as they can be.
    pub keys: Vec<String>,
    /// How many position files there are.
    pub positions: u32,
}

impl SearchManifest {
    /// Path (relative to the bundle) of the shard that would hold `token`.
    pub fn shard_for(&self, token: &str) -> Option<String> {
        let i = self.keys.partition_point(|k| k.as_str() <= token);
        Some(self.shard_path(i.checked_sub(1)?))
    }

    /// Paths of the shards that may hold tokens starting with `prefix`.
    pub fn shards_for_prefix(&self, prefix: &str) -> Vec<String> {
        let first = self.keys.partition_point(|k| k.as_str() <= prefix);
        // Keys not after `prefix`, then those that start with it, come first.
        let end = self
            .keys
            .partition_point(|k| k.as_str() <= prefix || k.starts_with(prefix));
        (first.saturating_sub(1)..end)
            .map(|i| self.shard_path(i))
            .collect()
    }

    fn shard_path(&self, i: usize) -> String {
        format!("s/{}-{i}.bin", self.id)
    }

    /// Path (relative to the bundle) of position file `j`.
    pub fn positions_file(&self, j: u32) -> Option<String> {
        (j < self.positions).then(|| format!("s/{}-{j}.pos", self.id))
    }

    /// Paths of every shard and position file.
    pub fn files(&self) -> impl Iterator<Item = String> + '_ {
        let shards = (0..self.keys.len()).map(|i| self.shard_path(i));
        shards.chain((0..self.positions).filter_map(|j| self.positions_file(j)))
    }

    /// Whether `path` (from [`SearchManifest::shard_for`] or
    /// [`SearchManifest::positions_file`]) names a shard rather than a position file.
    pub fn is_shard(path: &str) -> bool {
        path.ends_with(".bin")
    }
}

/// One node of the category tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(miniserde::Deserialize))]
pub struct Category {
    /// The node's own name (one level, e.g. `IT 之家`).
    pub name: String,
    /// Index of the parent node in [`Index::categories`]; `None` for a top-level category.
    #[cfg_attr(
        not(target_arch = "wasm32"),
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub parent: Option<u32>,
}

/// An article as the list shows it. `Default` (every field empty) is for tests, which name the
/// fields they care about and fill the rest with `..Default::default()`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(miniserde::Deserialize))]
pub struct ArticleSummary {
    /// Stable, unique, URL-safe identifier; the article's URL is built from it.
    pub slug: String,
    /// Title as plain text (never HTML).
    pub title: String,
    /// Publication time in seconds since the Unix epoch (UTC); absent when unknown.
    #[cfg_attr(
        not(target_arch = "wasm32"),
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub date: Option<i64>,
    /// Index into [`Index::authors`].
    #[cfg_attr(
        not(target_arch = "wasm32"),
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub author: Option<u32>,
    /// Leaf nodes in [`Index::categories`], one per category path the article is filed under.
    #[cfg_attr(not(target_arch = "wasm32"), serde(default))]
    pub categories: Vec<u32>,
    /// Indexes into [`Index::tags`].
    #[cfg_attr(not(target_arch = "wasm32"), serde(default))]
    pub tags: Vec<u32>,
    /// Plain-text excerpt: the part before `<!-- more -->`, else the first ~120 characters.
    #[cfg_attr(not(target_arch = "wasm32"), serde(default))]
    pub excerpt: String,
    /// Thumbnail image URL (http(s) or relative), if any.
    #[cfg_attr(
        not(target_arch = "wasm32"),
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub thumb: Option<String>,
    /// Han (CJK ideograph) characters in the body.
    #[cfg_attr(not(target_arch = "wasm32"), serde(default))]
    pub han: u32,
    /// Latin-script (and other non-CJK) words in the body.
    #[cfg_attr(not(target_arch = "wasm32"), serde(default))]
    pub words: u32,
    /// Estimated reading time in minutes (at least 1).
    #[cfg_attr(not(target_arch = "wasm32"), serde(default))]
    pub minutes: u32,
    /// Path of the body file, relative to the bundle directory (`a/<hash>.json`). The name
    /// carries a content hash, so hosts may cache it forever.
    pub body: String,
}

/// An article body file (`a/<hash>.json`), fetched when the article is opened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(miniserde::Deserialize))]
pub struct ArticleBody {
    /// Format version, equal to [`FORMAT_VERSION`] when written.
    pub version: u32,
    /// Sanitized HTML of the body; safe to insert into the page as it is.
    pub html: String,
    /// Head image URL (from `headimg`/`cover`/`banner`), if any.
    #[cfg_attr(
        not(target_arch = "wasm32"),
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub head: Option<String>,
    /// Last update in seconds since the Unix epoch (UTC), if the article gives one.
    #[cfg_attr(
        not(target_arch = "wasm32"),
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub updated: Option<i64>,
    /// Path of the source file relative to the seeds directory.
    pub source: String,
}

impl Index {
    /// Category node `id`, then its parent, and so on up to a top-level node: every walk of the
    /// category tree goes through here. The walk ends at a node the table does not have (after
    /// yielding its id), and after `categories.len() + 1` ids, so that a malformed (cyclic)
    /// index cannot loop forever.
    pub fn category_and_ancestors(&self, id: u32) -> impl Iterator<Item = u32> + '_ {
        std::iter::successors(Some(id), |&node| self.categories.get(node as usize)?.parent)
            .take(self.categories.len() + 1)
    }

    /// The category path of a node, root first (`["新媒体", "IT 之家", "分类资讯"]`).
    pub fn category_path(&self, id: u32) -> Vec<&str> {
        let mut path: Vec<&str> = self
            .category_and_ancestors(id)
            .filter_map(|node| self.categories.get(node as usize))
            .map(|node| node.name.as_str())
            .collect();
        path.reverse();
        path
    }

    /// The author's name of an article, if it has one.
    pub fn author_name(&self, article: &ArticleSummary) -> Option<&str> {
        article
            .author
            .and_then(|a| self.authors.get(a as usize))
            .map(String::as_str)
    }

    /// Finds an article by slug.
    pub fn find(&self, slug: &str) -> Option<(usize, &ArticleSummary)> {
        self.articles
            .iter()
            .enumerate()
            .find(|(_, a)| a.slug == slug)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> Index {
        Index {
            version: FORMAT_VERSION,
            authors: vec!["IT 之家".into()],
            categories: vec![
                Category {
                    name: "新媒体".into(),
                    parent: None,
                },
                Category {
                    name: "IT 之家".into(),
                    parent: Some(0),
                },
                Category {
                    name: "分类资讯".into(),
                    parent: Some(1),
                },
            ],
            tags: vec![],
            articles: vec![],
            search: None,
        }
    }

    #[test]
    fn category_path_walks_to_the_root() {
        assert_eq!(index().category_path(2), ["新媒体", "IT 之家", "分类资讯"]);
        assert_eq!(index().category_path(0), ["新媒体"]);
        assert!(index().category_path(9).is_empty());
    }

    #[test]
    fn tokens_find_their_shard() {
        let m = SearchManifest {
            id: "h".into(),
            keys: vec!["".into(), "m".into(), "中".into()],
            positions: 2,
            ..SearchManifest::default()
        };
        let shard = |t: &str| m.shard_for(t).unwrap();
        assert_eq!(shard("apple"), "s/h-0.bin");
        assert_eq!(shard("m"), "s/h-1.bin");
        assert_eq!(shard("rust"), "s/h-1.bin");
        assert_eq!(shard("中文"), "s/h-2.bin");
        assert_eq!(SearchManifest::default().shard_for("x"), None);
        assert_eq!(m.positions_file(1).as_deref(), Some("s/h-1.pos"));
        assert_eq!(m.positions_file(2), None);
        assert_eq!(m.files().count(), 5);
        assert_eq!(m.shards_for_prefix("ab"), ["s/h-0.bin"]);
        assert_eq!(m.shards_for_prefix("m"), ["s/h-1.bin"]);
        assert_eq!(m.shards_for_prefix("l"), ["s/h-0.bin"]);
        let m = SearchManifest {
            keys: vec![
                "".into(),
                "ra".into(),
                "rus".into(),
                "rust".into(),
                "s".into(),
            ],
            ..m
        };
        assert_eq!(
            m.shards_for_prefix("rus"),
            ["s/h-2.bin", "s/h-3.bin"],
            "from the shard holding `rus` to the last key starting with it"
        );
        assert_eq!(
            m.shards_for_prefix("r"),
            ["s/h-0.bin", "s/h-1.bin", "s/h-2.bin", "s/h-3.bin"]
        );
    }

    #[test]
    fn category_walks_go_up_to_the_root() {
        let up = |index: &Index, id| index.category_and_ancestors(id).collect::<Vec<_>>();
        assert_eq!(up(&index(), 2), [2, 1, 0]);
        assert_eq!(up(&index(), 0), [0]);
        assert_eq!(up(&index(), 9), [9], "an id the table lacks ends the walk");
        let mut dangling = index();
        dangling.categories[0].parent = Some(7);
        assert_eq!(up(&dangling, 1), [1, 0, 7]);
    }

    #[test]
    fn cyclic_categories_do_not_loop() {
        let mut cyclic = index();
        cyclic.categories[0].parent = Some(2);
        assert!(cyclic.category_path(2).len() <= 4);
        assert_eq!(
            cyclic.category_and_ancestors(2).collect::<Vec<_>>(),
            [2, 1, 0, 2],
            "as many steps as the table has nodes, plus one"
        );
        let mut own_parent = index();
        own_parent.categories[1].parent = Some(1);
        assert_eq!(own_parent.category_and_ancestors(1).count(), 4);
    }
}
