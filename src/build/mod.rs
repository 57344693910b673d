//! The build pipeline: a folder of Hexo-style articles in, a bundle (see [`crate::model`]) out.
//!
//! One module per stage, each a pure function from a value to a value:
//! [`split`] (front matter from body) → [`front_matter`] (fields) → [`date`] → [`tags`]
//! (Hexo tag plugins) → [`markdown`] (body to HTML) → [`sanitize`] (untrusted HTML to safe HTML and text) →
//! [`article`] (one finished article) → [`index`] (tables, order, slugs) → [`search`] (the
//! full-text index) → [`bundle`] (the only stage that reads and writes files), optionally
//! [`feed`]. [`error`] holds the diagnostics
//! they all report.

pub mod article;
pub mod bundle;
pub mod date;
pub mod error;
pub mod feed;
pub mod front_matter;
pub mod index;
pub mod markdown;
pub mod sanitize;
pub mod search;
pub mod split;
pub mod tags;
pub mod text;
