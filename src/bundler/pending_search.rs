//! Stand-ins for what branch `f4-search` brings (design/API-v4.md §1–2), with the same
//! signatures, so that the bundler compiles and is tested before that branch is merged. The
//! merge deletes this module: `facet_token`, `month_token` and `FacetKind` come from
//! `crate::search`, `build_segment`, `IndexDoc` and `SegmentIndex` from `search_index`.
//!
//! The placeholder `build_segment` writes no index files: a bundle made with it has a search
//! root whose segments have no key blocks, so every search finds nothing.

use crate::model::SearchSegment;

/// Which facet a facet token names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FacetKind {
    Author,
    Tag,
    Category,
}

/// `"\u{1}a17"`, `"\u{1}t3"`, `"\u{1}c5"` (ids in decimal).
pub fn facet_token(kind: FacetKind, id: u32) -> String {
    let letter = match kind {
        FacetKind::Author => 'a',
        FacetKind::Tag => 't',
        FacetKind::Category => 'c',
    };
    format!("\u{1}{letter}{id}")
}

/// `"\u{1}m202407"`.
pub fn month_token(year: i32, month: u32) -> String {
    format!("\u{1}m{year:04}{month:02}")
}

/// One article as the index sees it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct IndexDoc {
    pub title: String,
    pub text: String,
    pub facets: Vec<String>,
}

/// What one segment's index came to.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SegmentIndex {
    pub segment: SearchSegment,
    pub tokens: usize,
    pub files: usize,
    pub bytes: u64,
}

/// Counts the docs and writes nothing (see the module documentation).
pub fn build_segment(
    docs: impl Iterator<Item = IndexDoc>,
    _text: bool,
    _scratch: &std::path::Path,
    _write: &(dyn Fn(&str, &[u8]) -> std::io::Result<()> + Sync),
) -> std::io::Result<SegmentIndex> {
    Ok(SegmentIndex {
        segment: SearchSegment {
            docs: docs.count() as u32,
            blocks: Vec::new(),
        },
        ..SegmentIndex::default()
    })
}

/// One facet of a view's filter: articles with any of these facet tokens.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Clause {
    pub tokens: Vec<String>,
}

/// Finds nothing: the placeholder index has no files to search (see the module documentation).
pub fn search(
    _root: &crate::model::SearchRoot,
    _query: &crate::search::Query,
    _clauses: &[Clause],
    _files: &impl crate::search::Files,
) -> crate::search::Outcome {
    crate::search::Outcome::Done(Vec::new())
}
