//! The contract between the bundler and the app: the bundle's files, as the types both sides
//! read and write. `docs/FORMAT.md` describes the same files in prose; every change to their
//! shape bumps [`FORMAT_VERSION`].
//!
//! The JSON files are these serde types on the bundler's side. In the WASM the same types derive
//! `miniserde::Deserialize` instead: one small, non-generic JSON reader that costs the app shell
//! about 11 KB brotli less than serde_json, at the same speed (BENCHMARKS.md). miniserde reads a
//! missing field only as `None`, so the bundler writes every field that is not an `Option`,
//! empty lists included; the serde attributes (left-out `None`s) apply to the native side only.
//! The binary files have their grammar beside their code: the columns in [`columns`], the
//! directory in [`directory`], the search index in [`crate::search::shard`].
//!
//! Every file but the entry ([`ENTRY_FILE`]) is named by a hash of its content and referred to
//! by that hash alone; [`file_path`] makes the path.

use serde::{Deserialize, Serialize};

pub mod columns;
pub mod directory;
pub mod lookup;

pub use directory::{ChunkRef, DirectoryChunk, DirectoryRoot, Group};
pub use lookup::{newest_shard_for, LookupRef, LookupRoot, LookupShard};

/// Version of the bundle format; the app refuses a bundle of another version.
pub const FORMAT_VERSION: u32 = 11;

/// File name of the entry inside a bundle folder: the one file not named by its hash.
pub const ENTRY_FILE: &str = "index.json";

/// File listing every file of a bundle, so that a rebuild deletes only its own files.
pub const FILE_LIST: &str = ".folio-bundle";

/// Id of the `<script type="application/json">` element in which `folio pack` inlines a bundle
/// (an [`InlineBundle`]); the app reads it instead of fetching.
pub const INLINE_DATA_ID: &str = "folio-data";

/// A whole bundle in one JSON value, as `folio pack` inlines it: the entry, and every other file
/// of the bundle by its path (`model::file_path`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(miniserde::Deserialize))]
pub struct InlineBundle {
    /// `index.json`.
    pub entry: Entry,
    /// Each file's content: a JSON file's text as it is, a binary file (`.keys`, `.bin`,
    /// `.pos`, the directory's `d/…bin` among them) in standard base64 with padding. Sorted when written, so that the same bundle
    /// packs to the same bytes; the app reads it into the hash map it has anyway (a
    /// `BTreeMap`'s reader would cost the WASM 0.6 KB brotli).
    #[cfg(not(target_arch = "wasm32"))]
    pub files: std::collections::BTreeMap<String, String>,
    #[cfg(target_arch = "wasm32")]
    pub files: std::collections::HashMap<String, String>,
}

/// The kinds of hashed files, each with its folder and extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// `d/…bin`: the [`DirectoryRoot`] or a [`DirectoryChunk`].
    Directory,
    /// `r/…json`: a [`RowPage`].
    Rows,
    /// `b/…json`: a [`Pack`].
    Bodies,
    /// `f/…json`: a [`FacetPage`] or a [`NamePage`].
    Facets,
    /// `l/…bin`: a [`LookupRoot`] or a [`LookupShard`].
    Lookup,
    /// `c/…bin`: a part of a segment's columns.
    Columns,
    /// `s/…json`: the [`SearchRoot`].
    SearchRoot,
    /// `s/…keys`: a key block of the search index.
    SearchBlock,
    /// `s/…bin`: a shard of the search index.
    SearchShard,
    /// `s/…pos`: a position file of the search index.
    Positions,
    /// `s/…lst`: a list file of the search index (long posting lists).
    Lists,
}

impl FileKind {
    fn folder_and_extension(self) -> (&'static str, &'static str) {
        match self {
            FileKind::Directory => ("d", "bin"),
            FileKind::Rows => ("r", "json"),
            FileKind::Bodies => ("b", "json"),
            FileKind::Facets => ("f", "json"),
            FileKind::Lookup => ("l", "bin"),
            FileKind::Columns => ("c", "bin"),
            FileKind::SearchRoot => ("s", "json"),
            FileKind::SearchBlock => ("s", "keys"),
            FileKind::SearchShard => ("s", "bin"),
            FileKind::Positions => ("s", "pos"),
            FileKind::Lists => ("s", "lst"),
        }
    }
}

impl FileKind {
    /// The kind of the file at `path` (as [`file_path`] makes it), told by its folder and
    /// extension.
    pub fn of_path(path: &str) -> Option<FileKind> {
        const KINDS: [FileKind; 11] = [
            FileKind::Directory,
            FileKind::Rows,
            FileKind::Bodies,
            FileKind::Facets,
            FileKind::Lookup,
            FileKind::Columns,
            FileKind::SearchRoot,
            FileKind::SearchBlock,
            FileKind::SearchShard,
            FileKind::Positions,
            FileKind::Lists,
        ];
        let (path, _) = split_range(path);
        let (folder, rest) = path.split_once('/')?;
        let (_, extension) = rest.rsplit_once('.')?;
        KINDS
            .into_iter()
            .find(|k| k.folder_and_extension() == (folder, extension))
    }
}

/// The path, relative to the bundle folder, of the file of `kind` whose content hashes to
/// `hash` (16 lowercase hex digits): `r/3f/3f09a4c1d2e5b687.json`.
pub fn file_path(kind: FileKind, hash: &str) -> String {
    let (folder, extension) = kind.folder_and_extension();
    let sub = hash.get(..2).unwrap_or("00");
    format!("{folder}/{sub}/{hash}.{extension}")
}

/// A byte range of a file: what a reader that wants part of a file asks for (an HTTP range
/// request), written after its path as `#offset+length` ([`range_path`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ByteRange {
    pub offset: u32,
    pub length: u32,
}

/// The path of a byte range of the file at `path`: `s/3f/3f09a4c1d2e5b687.bin#2048+1990`. A
/// host that does not answer range requests sends the whole file, which reads the same way.
pub fn range_path(path: &str, range: ByteRange) -> String {
    format!("{path}#{}+{}", range.offset, range.length)
}

/// A path made by [`range_path`] as the file's path and the range; any other path as itself.
pub fn split_range(path: &str) -> (&str, Option<ByteRange>) {
    let Some((file, range)) = path.split_once('#') else {
        return (path, None);
    };
    let range = range.split_once('+').and_then(|(offset, length)| {
        Some(ByteRange {
            offset: offset.parse().ok()?,
            length: length.parse().ok()?,
        })
    });
    (file, range)
}

/// What a slug keeps as it is in an article's address: letters, digits and `-._~` (RFC 3986's
/// unreserved); every other byte is percent-encoded.
const SLUG_KEEPS: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The viewer's path of the article with `slug`, `/a/<slug>` with the slug percent-encoded: the
/// app's routes and the links between articles the bundler writes (`#/a/…`) spell it so.
pub fn article_path(slug: &str) -> String {
    "/a/".to_string() + &percent_encoding::utf8_percent_encode(slug, SLUG_KEEPS).to_string()
}

/// `text` percent-decoded, or `None` when the bytes it names are not UTF-8 (the inverse of
/// [`article_path`]'s encoding, also for URLs written in articles).
pub fn percent_decoded(text: &str) -> Option<String> {
    percent_encoding::percent_decode_str(text)
        .decode_utf8()
        .ok()
        .map(|t| t.into_owned())
}

/// The folder of post assets (images and files an article refers to), copied into the bundle.
pub const ASSET_FOLDER: &str = "m";

/// The path, relative to the bundle folder, of a post asset whose bytes hash to `hash` and
/// whose file name ends with `.extension`: `m/3f/3f09a4c1d2e5b687.png`. The extension is kept
/// (lowercased) so that a static host sends the right type; one that is not 1–8 ASCII letters
/// and digits becomes `bin`.
pub fn asset_path(hash: &str, extension: &str) -> String {
    let extension = extension.to_ascii_lowercase();
    let extension = if (1..=8).contains(&extension.len())
        && extension.bytes().all(|b| b.is_ascii_alphanumeric())
    {
        extension.as_str()
    } else {
        "bin"
    };
    let sub = hash.get(..2).unwrap_or("00");
    format!("{ASSET_FOLDER}/{sub}/{hash}.{extension}")
}

/// Whether `path` is a post asset's path as [`asset_path`] makes it.
pub fn is_asset_path(path: &str) -> bool {
    let hex = |s: &str| {
        s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    };
    let mut parts = path.split('/');
    let (Some(folder), Some(sub), Some(name), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    let Some((hash, extension)) = name.split_once('.') else {
        return false;
    };
    folder == ASSET_FOLDER
        && sub.len() == 2
        && hash.len() == 16
        && hex(hash)
        && hash.starts_with(sub)
        && (1..=8).contains(&extension.len())
        && extension
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}

/// The hash that names a file of these bytes: 64-bit xxh3, 16 lowercase hex digits.
#[cfg(not(target_arch = "wasm32"))]
pub fn content_hash(bytes: &[u8]) -> String {
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(bytes))
}

/// `index.json`: the first screen of the list and the facet panel, and the names of every other
/// file. About 20–40 KB whatever the size of the archive.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(miniserde::Deserialize))]
pub struct Entry {
    /// Format version, equal to [`FORMAT_VERSION`] when written.
    pub version: u32,
    /// How many articles the bundle has; they are numbered `0..articles`, oldest first.
    pub articles: u32,
    /// The site's title, when the bundler was given one.
    #[cfg_attr(
        not(target_arch = "wasm32"),
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub title: Option<String>,
    /// The site's language (a BCP 47 tag such as `zh-CN` or `en`: Hexo's `language`, or
    /// `--language`): the language of every article that names none of its own, and the app's
    /// language for a reader who chose none.
    #[cfg_attr(
        not(target_arch = "wasm32"),
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub lang: Option<String>,
    /// The feeds of tags and top-level categories (written with `--site-url`), by id; left
    /// out without them.
    #[cfg_attr(
        not(target_arch = "wasm32"),
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub feeds: Option<ValueFeeds>,
    /// Hash of the row page of the newest articles (up to [`NEWEST_ROWS`], the last
    /// `min(articles, NEWEST_ROWS)` numbers), in number order as every [`RowPage`]: the first
    /// screen's rows, apart from the entry so that what opening an article fetches first stays
    /// small.
    pub newest: String,
    /// Pinned posts (`top:` / `sticky:`), up to [`PINNED_ROWS`], in the order the default list
    /// shows them first: higher pin first, then newest first.
    pub pinned: Vec<Pinned>,
    /// Hash of the [`DirectoryRoot`].
    pub directory: String,
    /// Search segments and their columns, oldest first.
    pub segments: Vec<Segment>,
    /// Hash of the [`SearchRoot`].
    pub search: String,
    /// Whether the search index holds the articles' text (else only their facets).
    pub text: bool,
    /// Hash of the [`LookupRoot`] of the lookup's settled part.
    pub lookup: String,
    /// Hashes of the lookup's newest shards ([`LookupShard`]s; [`lookup::newest_shard_for`]
    /// says which holds a key), looked in beside the settled part: empty when every key is
    /// settled.
    pub lookup_newest: Vec<String>,
    /// The facet panel before any filter.
    pub facets: FacetSummary,
}

/// Rows the entry carries: enough for the first screen on any display.
pub const NEWEST_ROWS: usize = 40;

/// Pinned posts the entry carries at most; the bundler reports the others, which keep their
/// place by date.
pub const PINNED_ROWS: usize = 20;

/// A pinned post: its number and its row (so that the first screen needs no other file).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(miniserde::Deserialize))]
pub struct Pinned {
    pub number: u32,
    pub row: Row,
}

/// A search segment: a run of articles with an index of its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(miniserde::Deserialize))]
pub struct Segment {
    /// How many articles; the first one's number is the sum of `docs` of the segments before.
    pub docs: u32,
    /// Hashes of the column parts, one per [`columns::PART_DOCS`] articles.
    pub columns: Vec<String>,
}

/// Which tags and top-level categories have an Atom feed, at `feeds/t/<id>.xml` and
/// `feeds/c/<id>.xml` of the bundle.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(miniserde::Deserialize))]
pub struct ValueFeeds {
    /// Tag ids, ascending.
    pub tags: Vec<u32>,
    /// Category ids, ascending.
    pub categories: Vec<u32>,
}

/// The facet panel's first view.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(miniserde::Deserialize))]
pub struct FacetSummary {
    pub authors: FacetTable,
    pub tags: FacetTable,
    pub categories: FacetTable,
    /// Articles per month in the site's time zone, oldest first.
    pub months: Vec<MonthCount>,
    /// How many articles are pages of a Hexo site ([`Row::page`]); the others are posts.
    pub pages: u32,
}

/// One facet's values: the most frequent inline, all of them in pages.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(miniserde::Deserialize))]
pub struct FacetTable {
    /// How many distinct values there are.
    pub values: u32,
    /// The values with the most articles (up to [`TOP_VALUES`]), most first, ties by name; for
    /// categories the whole tree when it has at most [`TOP_CATEGORIES`] nodes, else its
    /// top-level nodes.
    pub top: Vec<FacetValue>,
    /// Hashes of [`FacetPage`]s holding every value, most articles first.
    pub pages: Vec<String>,
    /// Hashes of [`NamePage`]s: the values by id.
    pub names: Vec<String>,
}

/// Values of a facet the entry carries.
pub const TOP_VALUES: usize = 48;
/// A category tree up to this many nodes is in the entry whole.
pub const TOP_CATEGORIES: usize = 256;
/// Values per [`FacetPage`].
pub const FACET_PAGE: usize = 1000;
/// Names per [`NamePage`].
pub const NAME_PAGE: usize = 1024;

/// A facet value with its count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(miniserde::Deserialize))]
pub struct FacetValue {
    /// Ids are given in order of first appearance, so new articles never change them.
    pub id: u32,
    pub name: String,
    /// Articles with the value (for a category: under it or any descendant).
    pub n: u32,
    /// A category's parent, if it has one.
    #[cfg_attr(
        not(target_arch = "wasm32"),
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub parent: Option<u32>,
}

/// Articles in one month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(miniserde::Deserialize))]
pub struct MonthCount {
    pub y: i32,
    /// 1–12.
    pub m: u32,
    pub n: u32,
}

/// `f/…json`: every value of a facet, most articles first, a page at a time.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(miniserde::Deserialize))]
pub struct FacetPage {
    pub values: Vec<FacetValue>,
}

/// `f/…json`: the names of consecutive ids of a facet.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(miniserde::Deserialize))]
pub struct NamePage {
    /// The first id.
    pub first: u32,
    pub names: Vec<String>,
    /// Categories only: each node's parent id + 1 (0 for a top-level node); else empty.
    pub parents: Vec<u32>,
}

/// What the list shows of an article.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(miniserde::Deserialize))]
pub struct Row {
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
    /// `Some(true)` when the article gives a date without a time: `date` is then that calendar
    /// day at 00:00 UTC, shown as that day in every time zone.
    #[cfg_attr(
        not(target_arch = "wasm32"),
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub day: Option<bool>,
    /// `Some(true)` when the article is a page of a Hexo site (a file under `source/` outside
    /// `_posts`, such as `about/index.md`) rather than a post.
    #[cfg_attr(
        not(target_arch = "wasm32"),
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub page: Option<bool>,
    /// The author's name.
    #[cfg_attr(
        not(target_arch = "wasm32"),
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub author: Option<String>,
    /// Category paths, root first, one per path the article is filed under.
    pub categories: Vec<Vec<String>>,
    /// Tag names.
    pub tags: Vec<String>,
    /// Plain-text excerpt: the part before `<!-- more -->`, else the first ~120 characters.
    pub excerpt: String,
    /// Thumbnail image URL (http(s) or relative), if any.
    #[cfg_attr(
        not(target_arch = "wasm32"),
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub thumb: Option<String>,
    /// Estimated reading time in minutes (at least 1).
    pub minutes: u32,
}

impl Row {
    /// The article's names as the search index holds them, after its title and body: the
    /// author, each category of each path (root first), and the tags, a line each. A search
    /// for a name finds the articles that have it, as it finds a word of their text.
    pub fn names_text(&self) -> String {
        let mut names: Vec<&str> = Vec::new();
        names.extend(self.author.as_deref());
        for path in &self.categories {
            names.extend(path.iter().map(String::as_str));
        }
        names.extend(self.tags.iter().map(String::as_str));
        names.join("\n")
    }
}

/// `r/…json`: the rows of one group of consecutive articles.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(miniserde::Deserialize))]
pub struct RowPage {
    pub rows: Vec<Row>,
}

/// An article body.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(miniserde::Deserialize))]
pub struct Body {
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
    /// The language the article's front matter names (`lang:` / `language:`); absent when it
    /// names none, and the article is then in the site's ([`Entry::lang`]).
    #[cfg_attr(
        not(target_arch = "wasm32"),
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub lang: Option<String>,
    /// Path of the source file relative to the seeds directory.
    pub source: String,
    /// Up to five related articles, best first (shared tags and categories, then shared
    /// title terms; never the article itself or an exact duplicate), each as the distance back
    /// in number: the article's number minus the related one's, always at least 1 (related
    /// articles are older). [`Body::related_numbers`] gives their numbers; the app shows
    /// their rows' titles. Left out when none.
    #[cfg_attr(
        not(target_arch = "wasm32"),
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub related: Option<Vec<u32>>,
    /// What the article's page shows above the body, as its row does (format 9; the excerpt
    /// and thumbnail aside), so that an article opened by its address needs no row page: see
    /// [`Body::row`].
    #[cfg_attr(
        not(target_arch = "wasm32"),
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub title: Option<String>,
    #[cfg_attr(
        not(target_arch = "wasm32"),
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub minutes: Option<u32>,
    #[cfg_attr(
        not(target_arch = "wasm32"),
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub slug: Option<String>,
    #[cfg_attr(
        not(target_arch = "wasm32"),
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub date: Option<i64>,
    #[cfg_attr(
        not(target_arch = "wasm32"),
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub day: Option<bool>,
    #[cfg_attr(
        not(target_arch = "wasm32"),
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub page: Option<bool>,
    #[cfg_attr(
        not(target_arch = "wasm32"),
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub author: Option<String>,
    #[cfg_attr(
        not(target_arch = "wasm32"),
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub categories: Option<Vec<Vec<String>>>,
    #[cfg_attr(
        not(target_arch = "wasm32"),
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub tags: Option<Vec<String>>,
}

impl Body {
    /// The article's row as its pack carries it (its excerpt empty, no thumbnail), when the
    /// pack carries one (format 9).
    pub fn row(&self) -> Option<Row> {
        Some(Row {
            slug: self.slug.clone()?,
            title: self.title.clone()?,
            date: self.date,
            day: self.day,
            page: self.page,
            author: self.author.clone(),
            categories: self.categories.clone().unwrap_or_default(),
            tags: self.tags.clone().unwrap_or_default(),
            excerpt: String::new(),
            thumb: None,
            minutes: self.minutes.unwrap_or(1),
        })
    }

    /// The numbers of the related articles of article `number`, whose body this is, best
    /// first (a distance that would reach below 0 is left out).
    pub fn related_numbers(&self, number: u32) -> Vec<u32> {
        let distances = self.related.as_deref().unwrap_or_default();
        distances
            .iter()
            .filter_map(|&d| number.checked_sub(d).filter(|_| d > 0))
            .collect()
    }
}

/// `b/…json`: the bodies of the same group as a [`RowPage`], in the same order.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(miniserde::Deserialize))]
pub struct Pack {
    pub bodies: Vec<Body>,
}

/// What a lookup key names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LookupKind {
    /// An article's slug → its number.
    Article,
    /// An author's name → its id.
    Author,
    /// A tag's name → its id.
    Tag,
    /// A category's path → its id.
    Category,
}

/// The lookup key of a name: `a:<slug>`, `u:<author>`, `t:<tag>`, `c:<path joined by U+001F>`.
pub fn lookup_key(kind: LookupKind, name: &str) -> String {
    let prefix = match kind {
        LookupKind::Article => "a:",
        LookupKind::Author => "u:",
        LookupKind::Tag => "t:",
        LookupKind::Category => "c:",
    };
    format!("{prefix}{name}")
}

/// Separator of a category path's names in a lookup key.
pub const PATH_SEPARATOR: char = '\u{1f}';

/// `s/…json`: the search index's segments and where their key blocks start.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(miniserde::Deserialize))]
pub struct SearchRoot {
    /// One per [`Entry::segments`], in the same order.
    pub segments: Vec<SearchSegment>,
}

/// One segment of the search index.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(miniserde::Deserialize))]
pub struct SearchSegment {
    /// How many articles (as in [`Segment::docs`]).
    pub docs: u32,
    /// Key blocks, ascending. Of a segment being merged ([`SearchSegment::merging`]), the
    /// blocks published so far: those of the tokens below its boundary.
    pub blocks: Vec<BlockRef>,
    /// A segment whose merge is published a range of key blocks at a time: the segments it
    /// merges, which answer the tokens at or above the boundary.
    #[cfg_attr(
        not(target_arch = "wasm32"),
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub merging: Option<Merging>,
}

/// The older side of a segment being merged: a token below `boundary` is looked up in the
/// merged segment's `blocks`, one at or above it in each of `old`, whose numbers follow one
/// another from the merged segment's first.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(miniserde::Deserialize))]
pub struct Merging {
    /// The first key of the merged segment's first block not published yet.
    pub boundary: String,
    /// The segments merged, oldest first, each with its key blocks from the one that holds the
    /// boundary on.
    pub old: Vec<OldSegment>,
}

/// One of the segments a merge takes in, while the merge is published.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(miniserde::Deserialize))]
pub struct OldSegment {
    /// How many articles.
    pub docs: u32,
    /// Its key blocks from the one that holds the merge's boundary on, ascending.
    pub blocks: Vec<BlockRef>,
}

/// A key block and the first key it describes.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(miniserde::Deserialize))]
pub struct BlockRef {
    pub first: String,
    pub file: String,
}

/// Hash of the key block of `blocks` (ascending) that describes the shard holding `token`.
pub fn block_for<'b>(blocks: &'b [BlockRef], token: &str) -> Option<&'b str> {
    let i = blocks.partition_point(|b| b.first.as_str() <= token);
    Some(blocks.get(i.checked_sub(1)?)?.file.as_str())
}

/// Hashes of the key blocks of `blocks` that may describe shards holding tokens starting with
/// `prefix` (consecutive: the one that describes `prefix`'s own shard, then those whose first
/// keys start with `prefix`).
pub fn blocks_for_prefix<'b>(blocks: &'b [BlockRef], prefix: &str) -> Vec<&'b str> {
    let first = blocks.partition_point(|b| b.first.as_str() <= prefix);
    let end = blocks.partition_point(|b| b.first.as_str() <= prefix || b.first.starts_with(prefix));
    (first.saturating_sub(1)..end)
        .map(|i| blocks[i].file.as_str())
        .collect()
}

impl SearchSegment {
    /// Hash of the key block that describes the shard holding `token`.
    pub fn block_for(&self, token: &str) -> Option<&str> {
        block_for(&self.blocks, token)
    }

    /// Hashes of the key blocks that may describe shards holding tokens starting with `prefix`
    /// ([`blocks_for_prefix`]).
    pub fn blocks_for_prefix(&self, prefix: &str) -> Vec<&str> {
        blocks_for_prefix(&self.blocks, prefix)
    }
}

impl Entry {
    /// The first article number of each segment, and one past the last.
    pub fn segment_starts(&self) -> Vec<u32> {
        let mut starts = Vec::with_capacity(self.segments.len() + 1);
        let mut at = 0;
        starts.push(0);
        for s in &self.segments {
            at += s.docs;
            starts.push(at);
        }
        starts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn related_numbers_are_distances_back_from_the_article() {
        let body = |related: Option<Vec<u32>>| Body {
            related,
            ..Body::default()
        };
        assert_eq!(body(Some(vec![1, 7, 3])).related_numbers(10), [9, 3, 7]);
        // A distance of 0 (itself) or past the first article names nothing.
        assert_eq!(body(Some(vec![0, 11, 10])).related_numbers(10), [0]);
        assert!(body(None).related_numbers(10).is_empty());
        let json = serde_json::to_string(&body(Some(vec![2, 5]))).unwrap();
        assert!(json.ends_with(r#""related":[2,5]}"#), "{json}");
    }
}
