//! Full-text search, the target-independent core shared by the bundler (which writes the index)
//! and the app (which reads it): the tokenizer ([`token`]), where its units stand ([`position`]:
//! numbered by line and block), facet tokens ([`facet`]), queries
//! ([`terms`]), the binary index files ([`shard`]), answering a query from them ([`engine`]),
//! and what the reader sees of a match ([`snippet`]). `docs/FORMAT.md` describes the files.
//!
//! The index is an inverted index over each article's title and text (Latin words, CJK
//! characters and character pairs, each with its positions) and its facet values. It is a list
//! of independent segments, each over a run of articles; a segment's vocabulary is cut into
//! shards, which its key blocks list, so a query loads only the key blocks and shards its
//! tokens fall in.

pub mod engine;
pub mod facet;
pub mod position;
pub mod shard;
pub mod snippet;
pub mod terms;
pub mod token;

pub use engine::{search, search_heads, Clause, Files, Hit, Loaded, Outcome};
pub use facet::{day_token, facet_token, kind_token, month_token, FacetKind};
pub use terms::{Field, FieldFilter, Query, Term};
