//! Folio: a static, serverless article viewer.
//!
//! One crate, two binaries. The native `folio` CLI runs the pipeline in [`bundler`] and
//! writes the JSON described by [`model`]; the `folio-web` binary (WASM) runs the Yew app in
//! `web`, which reads the same [`model`] types. [`query`] holds the list-filter logic, [`marks`] the reader's read and starred marks, [`timeline`] the bars of the timeline, and
//! [`search`] the full-text search (tokenizer, index format, query engine), shared by both
//! targets so that they are tested natively.

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
pub mod gen;
#[cfg(not(target_arch = "wasm32"))]
pub mod pack;

#[cfg(target_arch = "wasm32")]
pub mod web;
