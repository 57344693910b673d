//! Full-text search, the target-independent core shared by the bundler (which writes the index)
//! and the app (which reads it): the tokenizer ([`token`]), queries ([`terms`]), the binary index files ([`shard`]) and
//! answering a query from them ([`engine`]). `docs/FORMAT.md` describes the files.
//!
//! The index is an inverted index over each article's title and body text: Latin words and
//! CJK characters and character pairs, each with its positions. It is cut into shards by
//! ranges of the sorted vocabulary, so a query loads only the shards its tokens fall in.

pub mod engine;
pub mod shard;
pub mod snippet;
pub mod terms;
pub mod token;

pub use engine::{search, Files, Hit, Loaded, Outcome};
pub use terms::{Query, Term};
