//! Folio: a static, serverless article viewer.
//!
//! One crate, two binaries. The native `folio` CLI ([`cli::main`]) runs the pipeline in
//! [`bundler`] and writes the files described by [`model`]; the `folio-web` binary (WASM) runs
//! the Yew app in `web`, which reads the same [`model`] types. [`query`] holds the list-filter
//! logic, [`marks`] the reader's read and starred marks, [`timeline`] the timeline's bars, and
//! [`search`] the full-text search (tokenizer, index format, query engine), shared by
//! both targets so that they are tested natively.
//!
//! What the crate offers is short: the contract ([`model`]), the shared cores ([`query`],
//! [`search`], [`marks`], [`timeline`]), the bundler's entry point and options ([`bundler::run`], [`bundler::Config`],
//! one article's pipeline [`bundler::from_text`]), a bundle read from disk ([`BundleDir`]) with
//! the plain scan search is checked against ([`scan`]), the corpus generator ([`generate`]) and
//! the packer ([`pack`]); in the WASM, `web::start` and `web::mount`. Every stage and component
//! behind them is private to the crate, so it can change shape without breaking a caller.

pub mod marks;
pub mod model;
pub mod query;
pub mod search;
pub mod timeline;

#[cfg(not(target_arch = "wasm32"))]
pub mod bundler;
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
#[cfg(not(target_arch = "wasm32"))]
mod gen;
#[cfg(not(target_arch = "wasm32"))]
mod pack;

// What the native side offers besides the bundler and the CLI's `main`: a bundle read from
// disk (and the plain scan the search is checked against), the corpus generator and the packer.
#[cfg(not(target_arch = "wasm32"))]
pub use cli::{
    bundle_dir::{searched_text, BundleDir},
    scan,
};
#[cfg(not(target_arch = "wasm32"))]
pub use gen::{generate, generate_with_tags, Rng};
#[cfg(not(target_arch = "wasm32"))]
pub use pack::{inline_bundle, pack, Packed};

#[cfg(target_arch = "wasm32")]
pub mod web;
