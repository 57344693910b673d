//! Routed pages, one per file.

pub mod article;
pub mod list;
pub mod not_found;
