//! Fuzz target for the per-article pipeline: any bytes in, never a panic out.
//!
//! On success it also checks a few cheap invariants of the finished article.

#![no_main]

use folio::bundler::{from_bytes, ArticleOptions as Options};
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

static OPTIONS: LazyLock<Options> = LazyLock::new(Options::default);

fuzz_target!(|data: &[u8]| {
    let Ok((article, _warnings)) = from_bytes("fuzz/input.md", data, &OPTIONS) else {
        return;
    };

    // The sanitizer must never let a script element through.
    let lower = article.html.to_ascii_lowercase();
    assert!(
        !lower.contains("<script"),
        "sanitized html contains <script: {:?}",
        article.html
    );

    // There is always a title (front matter, first heading, or the file name), already trimmed.
    assert!(!article.summary.title.is_empty(), "empty title");
    assert_eq!(
        article.summary.title.trim(),
        article.summary.title,
        "title not trimmed: {:?}",
        article.summary.title
    );

    assert_eq!(article.summary.source, "fuzz/input.md");
});
