//! The bundler: a folder of Hexo-style articles in, a bundle (see [`crate::model`]) out.
//!
//! One module per stage, each a pure function from a value to a value, numbered in the order
//! an article passes through them (a whole Hexo site first goes through [`hexo`], which says
//! which of its files are posts and pages, and what its `_config.yml` sets):
//! 1 [`split`] (front matter from body) → 2 [`front_matter`] (fields) → 3 [`date`] →
//! 4 [`tags`] (Hexo tag plugins) → 5 [`markdown`] (body to HTML) → 6 [`sanitize`] (untrusted
//! HTML to safe HTML and text) → 7 [`article`] (one finished article) → 8 [`number`] (slugs and
//! numbers) → 9 [`facets`] (ids, counts, tables, months) → 10 [`layout`] (the content-defined
//! pieces) → 11 [`lookup`] (slugs and names to numbers) → 12 [`search_index`] (the full-text
//! index of a segment) → 13 [`bundle`] (the only stage that reads and writes files, with its
//! [`scratch`] store and its [`output`] folder) → 14 [`feed`] (optional). [`error`] holds the
//! diagnostics they all report; [`text`] the plain-text helpers several stages share
//! (whitespace, excerpts, counts, slugs, escaping); [`highlight`] and [`math`] the code blocks
//! and formulas that the tag and markdown stages render at build time, so that the app runs no
//! highlighter and no math script.

pub mod article;
pub mod bundle;
pub mod date;
pub mod error;
pub mod facets;
pub mod feed;
pub mod front_matter;
pub mod hexo;
pub mod highlight;
pub mod layout;
pub mod lookup;
pub mod markdown;
pub mod math;
pub mod number;
pub mod output;
pub mod sanitize;
pub mod scratch;
pub mod search_index;
pub mod split;
pub mod tags;
pub mod text;
