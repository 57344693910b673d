//! Folio's native test suite: one binary, a module per feature, all sharing [`fixture`].
//!
//! - `assets`: post assets copied by hash, links between articles made in-app;
//! - `bundle`: the bundler as a library call, folders in, reports and bundles out;
//! - `cli`: the `folio` binary: messages, exit codes, the same bytes from two processes;
//! - `hexo_site`: a Hexo site given whole: posts, pages, drafts and its `_config.yml`;
//! - `corpus`: the real articles in `../shared/corpus/`, bundled as written;
//! - `fields`: queries by field and date find exactly what a scan of the rows finds;
//! - `incremental`: bundling with a cache: the same bytes as a clean build, few files changed;
//! - `layout`: the pieces of a bundle: limits on a generated archive, stability as it grows;
//! - `output`: the output folder is safe (only the bundler's own files are replaced);
//! - `recall`: full-text search finds exactly what a plain scan finds;
//! - `snapshots`: insta snapshots of the seeds' bundle (`suite/snapshots/`);
//! - `workflow`: the daily workflow of the README (`examples/daily.yml`).
//!
//! `cargo test` runs it with the rest; `cargo test --test suite recall` runs one module. The WASM
//! tests are their own binary, `tests/web.rs`.
#![cfg(not(target_arch = "wasm32"))]

mod fixture;

mod assets;
mod bundle;
mod cli;
mod corpus;
mod fields;
mod hexo_site;
mod incremental;
mod layout;
mod output;
mod recall;
mod snapshots;
mod workflow;

mod prelude {
    pub(crate) use crate::fixture::assert_same;
    pub use crate::fixture::{
        assert_same_files, bundle, corpus, files, fixture, folio_bundle, repo, Bundle, Seeds,
    };
}
