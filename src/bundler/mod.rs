//! The bundler: a folder of Hexo-style articles in, a bundle (see [`crate::model`]) out.
//!
//! One module per stage, each a pure function from a value to a value, numbered in the order
//! an article passes through them:
//! 1 [`split`] (front matter from body) → 2 [`front_matter`] (fields) → 3 [`date`] →
//! 4 [`tags`] (Hexo tag plugins) → 5 [`markdown`] (body to HTML) → 6 [`sanitize`] (untrusted
//! HTML to safe HTML and text) → 7 [`article`] (one finished article) → 8 [`number`] (slugs and
//! numbers) → 9 [`facets`] (ids, counts, tables, months) → 10 [`layout`] (the content-defined
//! pieces) → 11 [`lookup`] (slugs and names to numbers) → 12 [`search_index`] (the full-text
//! index of a segment) → 13 [`bundle`] (the only stage that reads and writes files, with its
//! [`scratch`] store and its [`output`] folder) → 14 [`feed`] (optional). [`error`] holds the
//! diagnostics they all report; [`text`] the plain-text helpers several stages share
//! (whitespace, excerpts, counts, slugs, escaping).

pub mod article;
pub mod bundle;
pub mod date;
pub mod error;
pub mod facets;
pub mod feed;
pub mod front_matter;
pub mod layout;
pub mod lookup;
pub mod markdown;
pub mod number;
pub mod output;
pub mod related;
pub mod sanitize;
pub mod scratch;
pub mod search_index;
pub mod split;
pub mod tags;
pub mod text;
