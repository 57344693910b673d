//! The bundler: a folder of Hexo-style articles in, a bundle (see [`crate::model`]) out.
//!
//! One module per stage, each a pure function from a value to a value, numbered in the order
//! an article passes through them (a whole Hexo site first goes through [`hexo`], which says
//! which of its files are posts and pages, and what its `_config.yml` sets):
//! 1 [`split`] (front matter from body) → 2 [`front_matter`] (fields) → 3 [`date`] →
//! 4 [`tags`] (Hexo tag plugins) → 5 [`markdown`] (body to HTML) → 6 [`sanitize`] (untrusted
//! HTML to safe HTML and text) → 7 [`article`] (one finished article) → 8 [`number`] (slugs and
//! numbers) → 8b [`related`] (related articles) → 9 [`facets`] (ids, counts, tables, months) →
//! 10 [`layout`] (the content-defined pieces) → 11 [`lookup`] (slugs and names to numbers) →
//! 12 [`search_index`] (the full-text index of a segment) → 13 [`bundle`] (the only stage that
//! reads and writes files, with its [`scratch`] store, its [`output`] folder and its
//! [`cache`]) → 14 [`feed`] (optional). [`error`] holds the
//! diagnostics they all report; [`text`] the plain-text helpers several stages share
//! (whitespace, excerpts, counts, slugs, escaping); [`highlight`] and [`math`] the code blocks
//! and formulas that the tag and markdown stages render at build time, so that the app runs no
//! highlighter and no math script; [`links`] what a URL in an article points to (another
//! article, a file, a place outside), over a map of every article made from the front matter
//! before any body is rendered, and [`assets`] the IO edge's answer to it: the files copied
//! into the bundle, and what each article asked, for the cache.

pub(crate) mod article;
pub(crate) mod assets;
pub(crate) mod bundle;
pub mod cache;
pub(crate) mod date;
pub(crate) mod error;
pub(crate) mod facets;
pub(crate) mod feed;
pub(crate) mod front_matter;
pub(crate) mod hexo;
pub(crate) mod highlight;
pub(crate) mod layout;
pub(crate) mod links;
pub(crate) mod lookup;
pub(crate) mod markdown;
pub(crate) mod math;
pub(crate) mod number;
pub(crate) mod output;
pub(crate) mod related;
pub(crate) mod sanitize;
pub(crate) mod scratch;
pub(crate) mod search_index;
pub(crate) mod split;
pub(crate) mod tags;
pub(crate) mod text;

// What the crate offers from the bundler; the stages stay private so that they can change
// shape without breaking a caller.
pub use article::{from_bytes, from_text, Article, Options as ArticleOptions, Summary};
pub use bundle::{
    find_articles, relative, run, run_warm, AssetStats, CacheStats, Changes, Config, Report,
    SearchStats, Warm, DEFAULT_MAX_SIZE,
};
pub use date::time_zone;
pub use error::{Diagnostic, Kind, Pos, Problem};
pub use feed::MAX_TAG_FEEDS;
pub use layout::PACK_MAX_BYTES;
pub use lookup::{ROOT_MAX, SHARD_MAX};
pub use output::{FileStats, OutputError};
pub use sanitize::text_of;
pub use search_index::{build_segment, IndexDoc, SegmentKind};
