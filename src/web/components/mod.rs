//! Components shared by the pages, one per file.

pub mod article_item;
pub mod compact;
pub mod contents;
pub mod facets;
pub mod filter_box;
pub mod header;
pub mod help;
pub mod mark_button;
pub mod marks_bar;
pub mod meta;
pub mod status;
pub mod timeline;
