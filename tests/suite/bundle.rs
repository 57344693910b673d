//! The bundler as a library call: folders in, reports and bundles out. Fixtures of bad input
//! live in `tests/fixtures/bad/` (one file per case); large or generated cases are written by
//! [`Seeds`] into a temporary folder.

use crate::prelude::*;
use folio::model::SearchRoot;

const MB: u64 = 1024 * 1024;

#[test]
fn bad_inputs_are_each_reported_with_path_line_and_reason() {
    let bundle = bundle(&fixture("bad"));
    assert_same!(
        [
            "bad-date.md:3:1 bad date",
            "empty.md:1:1 empty file",
            "front-matter-only.md:6:1 no body",
            "invalid-utf8.md:2:11 not UTF-8",
            "not-a-mapping.md:2:1 front matter not a mapping",
            "unknown-tag.md:4:6 unknown tag plugin",
            "unquoted-colon.md:2:12 front matter syntax",
            "unterminated.md:2:1 unterminated front matter",
            "utf16.md:1:1 UTF-16",
        ],
        bundle.diagnostics()
    );
    // Non-article files are not counted; warnings keep their article.
    assert_eq!(bundle.report.read, 9);
    assert_eq!(bundle.report.errors.len(), 6);
    assert_same!(
        ["Bad date", "Only front matter", "Unknown tag"],
        bundle.titles()
    );
    assert_eq!(bundle.article(|t| t == "Bad date").date, None);
}

#[test]
fn odd_file_names_are_all_bundled_with_url_safe_unique_slugs() {
    let bundle = bundle(&fixture("names"));
    assert_same!(Vec::<String>::new(), bundle.diagnostics());
    assert_eq!(bundle.report.bundled, 8);
    let mut slugs: Vec<_> = bundle.index.articles.iter().map(|a| &a.slug).collect();
    for slug in &slugs {
        assert!(
            !slug.is_empty() && slug.chars().all(|c| c.is_alphanumeric() || c == '-'),
            "{slug}"
        );
        assert!(!slug.starts_with('-') && !slug.ends_with('-'), "{slug}");
    }
    slugs.sort();
    slugs.dedup();
    assert_eq!(slugs.len(), 8);
    for a in &bundle.index.articles {
        assert!(bundle.body(a).html.contains("Body of x."));
    }
}

#[test]
fn large_and_extreme_inputs() {
    let cats: String = (0..1000)
        .map(|i| format!(" - [Group {}, Cat {i}]\n", i % 7))
        .collect();
    let seeds = Seeds::new()
        .article("huge.md", "title: Huge", &"x".repeat(10 * MB as usize))
        .article(
            "long-title.md",
            &format!("title: '{}'", "長".repeat(10_000)),
            "Body",
        )
        .article(
            "many-categories.md",
            &format!("title: Many\ncategories:\n{cats}"),
            "Body",
        )
        .article("same-1.md", "title: Same title", "One")
        .article("same-2.md", "title: Same title", "Two");

    let bundle = seeds.bundle_with(|c| c.max_size = 8 * MB);
    let huge: Vec<_> = bundle
        .diagnostics()
        .into_iter()
        .filter(|d| d.starts_with("huge.md:"))
        .collect();
    assert_eq!(huge, ["huge.md:1:1 too large"]);
    assert_eq!(bundle.report.bundled, 4);
    let long = bundle.article(|t| t.starts_with('長'));
    assert_eq!(long.title.chars().count(), 10_000);
    assert!(long.slug.chars().count() <= 80);
    assert_eq!(bundle.article(|t| t == "Many").categories.len(), 1000);
    assert_eq!(bundle.index.categories.len(), 1007);
    let same: Vec<_> = bundle
        .index
        .articles
        .iter()
        .filter(|a| a.title == "Same title")
        .collect();
    assert_eq!(same.len(), 2);
    assert_ne!(same[0].slug, same[1].slug);

    // With a larger --max-size the 10 MB body is read.
    let bundle = seeds.bundle_with(|c| c.max_size = 16 * MB);
    assert_eq!(bundle.report.bundled, 5);
}

#[test]
fn a_second_run_removes_stale_bodies() {
    let seeds = Seeds::new().article("a.md", "title: A", "first");
    let first = seeds.bundle();
    let seeds = seeds.article("a.md", "title: A", "second");
    let bundle = seeds.bundle_again(first, |_| {});
    assert_eq!(bundle.list("a").len(), 1);
    // The search index is replaced too: its root and its files, nothing left over.
    let root_path = bundle.index.search.clone().expect("a search index");
    let _: SearchRoot = bundle.read(&root_path);
    let files: Vec<String> = walkdir::WalkDir::new(bundle.path().join("s"))
        .into_iter()
        .map(|e| e.expect("a file of the bundle"))
        .filter(|e| e.file_type().is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(files.len(), bundle.report.search.files, "{files:?}");
    assert!(root_path.ends_with(&files.iter().find(|f| f.ends_with(".json")).unwrap()[..]));
}

#[test]
fn no_search_leaves_no_index_behind() {
    let seeds = Seeds::new().article("a.md", "title: A", "some text");
    let with = seeds.bundle();
    assert!(with.report.search.files >= 2 && with.report.search.tokens >= 3);
    let without = seeds.bundle_again(with, |c| c.search = false);
    assert_eq!(without.report.search.files, 0);
    assert!(!without.path().join("s").exists());
    assert_eq!(without.index.search, None);
}

#[test]
fn drafts_are_skipped_and_counted_unless_asked_for() {
    let bundle = Seeds::new()
        .article("draft.md", "title: D\ndraft: true", "x")
        .article("live.md", "title: L", "x")
        .bundle();
    let report = &bundle.report;
    assert_eq!(
        (report.read, report.bundled, report.drafts.len()),
        (2, 1, 1)
    );
    assert_eq!(bundle.titles(), ["L"]);
}
