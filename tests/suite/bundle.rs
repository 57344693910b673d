//! The bundler as a library call: folders in, reports and bundles out. Fixtures of bad input
//! live in `tests/fixtures/bad/` (one file per case); large or generated cases are written by
//! [`Seeds`] into a temporary folder.

use crate::prelude::*;
use folio::model::columns::Columns;
use folio::model::{FileKind, MonthCount, PINNED_ROWS};
use folio::search::{facet_token, month_token, Clause, FacetKind};
use folio::BundleDir;

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
    assert_eq!(bundle.article(|t| t == "Bad date").1.date, None);
}

#[test]
fn odd_file_names_are_all_bundled_with_url_safe_unique_slugs() {
    let bundle = bundle(&fixture("names"));
    assert_same!(Vec::<String>::new(), bundle.diagnostics());
    assert_eq!(bundle.report.bundled, 8);
    let mut slugs: Vec<_> = bundle.rows.iter().map(|a| &a.slug).collect();
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
    for number in 0..bundle.rows.len() as u32 {
        assert!(bundle.body(number).html.contains("Body of x."));
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
    let (_, long) = bundle.article(|t| t.starts_with('長'));
    assert_eq!(long.title.chars().count(), 10_000);
    assert!(long.slug.chars().count() <= 80);
    assert_eq!(bundle.article(|t| t == "Many").1.categories.len(), 1000);
    assert_eq!(bundle.entry().facets.categories.values, 1007);
    let same: Vec<_> = bundle
        .rows
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
fn a_second_run_leaves_only_the_new_bundles_files() {
    let seeds = Seeds::new().article("a.md", "title: A", "first");
    let first = seeds.bundle();
    let before = first.listed();
    let seeds = seeds.article("a.md", "title: A", "second");
    let bundle = seeds.bundle_again(first, |_| {});
    let after = bundle.listed();
    assert_ne!(before, after);
    // What is in the folder is exactly what the file list names, and the list with it.
    let mut on_disk: Vec<String> = files(bundle.path()).into_keys().collect();
    on_disk.retain(|p| p != ".folio-bundle");
    assert_same!(after, on_disk);
    assert!(bundle.report.files.deleted > 0);
    assert!(bundle.body(0).html.contains("second"));
}

#[test]
fn no_search_indexes_the_facets_only() {
    let seeds = Seeds::new().article("a.md", "title: A\nauthor: Ann", "some text");
    let with = seeds.bundle();
    assert!(with.entry().text);
    let without = seeds.bundle_again(with, |c| c.search = false);
    assert!(!without.entry().text);
    assert_eq!(without.entry().segments.len(), 1);
    let mut dir = BundleDir::open(without.path()).unwrap();
    assert!(dir.search("some").unwrap().is_empty());
}

#[test]
fn the_site_time_zone_decides_months_and_days() {
    // 23:30 UTC on 31 January is 1 February in Shanghai; a date without a time is its own day
    // in every zone.
    let seeds = Seeds::new()
        .article("late.md", "title: Late\ndate: 2024-01-31T23:30:00Z", "x")
        .article("day.md", "title: Day\ndate: 2024-01-31", "x");
    let months = |bundle: &crate::fixture::Bundle| bundle.entry().facets.months.clone();
    let days = |bundle: &crate::fixture::Bundle| {
        let mut columns = Columns::default();
        for segment in &bundle.entry().segments {
            for part in &segment.columns {
                columns
                    .append(&bundle.dir.read_file(FileKind::Columns, part).unwrap())
                    .unwrap();
            }
        }
        columns.days
    };
    let utc = seeds.bundle();
    assert_eq!(
        months(&utc),
        [MonthCount {
            y: 2024,
            m: 1,
            n: 2
        }]
    );
    // 2024-01-31 is day 19,753 since 1970-01-01; the columns store it plus one.
    assert_eq!(days(&utc), [19_754, 19_754]);
    let shanghai = seeds.bundle_with(|c| {
        c.options.tz = folio::bundler::time_zone("+08:00").unwrap();
    });
    assert_eq!(
        months(&shanghai),
        [
            MonthCount {
                y: 2024,
                m: 1,
                n: 1
            },
            MonthCount {
                y: 2024,
                m: 2,
                n: 1
            }
        ]
    );
    assert_eq!(days(&shanghai), [19_754, 19_755]);
    let (_, day) = shanghai.article(|t| t == "Day");
    assert_eq!((day.date, day.day), (Some(1_706_659_200), Some(true)));
    let (_, late) = shanghai.article(|t| t == "Late");
    assert_eq!(late.day, None);
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

/// The articles (numbers, ascending) the search index finds with this one facet token.
pub fn with_token(dir: &mut BundleDir, token: String) -> Vec<u32> {
    let clause = Clause {
        tokens: vec![token],
    };
    let mut found: Vec<u32> = dir
        .search_filtered("", &[clause])
        .unwrap()
        .iter()
        .map(|h| h.doc)
        .collect();
    found.sort_unstable();
    found
}

#[test]
fn facet_tokens_find_exactly_the_articles_with_each_value() {
    for search in [true, false] {
        let bundle = crate::fixture::bundle_with(&repo("seeds"), |c| c.search = search);
        let mut dir = BundleDir::open(bundle.path()).unwrap();
        let rows = &bundle.rows;
        let numbers = |has: &dyn Fn(&folio::model::Row) -> bool| -> Vec<u32> {
            (0..rows.len() as u32)
                .filter(|&g| has(&rows[g as usize]))
                .collect()
        };
        let facets = &bundle.entry().facets;
        let authors: Vec<&str> = rows.iter().filter_map(|r| r.author.as_deref()).collect();
        assert_eq!(facets.authors.values as usize, {
            let mut distinct = authors.clone();
            distinct.sort_unstable();
            distinct.dedup();
            distinct.len()
        });
        for name in authors {
            // The token is the name's, the name the lookup's (FORMAT 6).
            dir.look_up(&format!("u:{name}")).unwrap().expect(name);
            let expected = numbers(&|r| r.author.as_deref() == Some(name));
            assert_eq!(
                with_token(&mut dir, facet_token(FacetKind::Author, name)),
                expected
            );
        }
        for name in rows.iter().flat_map(|r| &r.tags) {
            dir.look_up(&format!("t:{name}")).unwrap().expect(name);
            let expected = numbers(&|r| r.tags.iter().any(|t| t == name));
            assert_eq!(
                with_token(&mut dir, facet_token(FacetKind::Tag, name)),
                expected
            );
        }
        // A category finds the articles under it and under its descendants.
        for path in rows.iter().flat_map(|r| &r.categories) {
            for depth in 1..=path.len() {
                let node = &path[..depth];
                let joined = node.join("\u{1f}");
                dir.look_up(&format!("c:{joined}"))
                    .unwrap()
                    .expect("a category");
                let expected = numbers(&|r| r.categories.iter().any(|p| p.starts_with(node)));
                assert_eq!(
                    with_token(&mut dir, facet_token(FacetKind::Category, &joined)),
                    expected,
                    "{node:?}"
                );
            }
        }
        for month in &facets.months {
            let in_month = |r: &folio::model::Row| {
                r.date.is_some_and(|d| {
                    let (y, m, _) = folio::query::civil_date(d);
                    (y, m) == (month.y, month.m)
                })
            };
            let expected = numbers(&in_month);
            assert_eq!(expected.len() as u32, month.n);
            assert_eq!(
                with_token(&mut dir, month_token(month.y, month.m)),
                expected
            );
        }
    }
}

#[test]
fn columns_hold_each_articles_facets_by_id() {
    let bundle = bundle(&repo("seeds"));
    let dir = &bundle.dir;
    let mut columns = Columns::default();
    for segment in &bundle.entry().segments {
        assert!(segment.columns.len() == 1);
        for part in &segment.columns {
            columns
                .append(&dir.read_file(FileKind::Columns, part).unwrap())
                .unwrap();
        }
    }
    assert_eq!(columns.len(), bundle.rows.len());
    let id = |key: String| dir.look_up(&key).unwrap().expect("a name in the lookup");
    for (g, row) in bundle.rows.iter().enumerate() {
        let author = row.author.as_ref().map(|a| id(format!("u:{a}")));
        assert_eq!(columns.author(g), author, "{}", row.slug);
        let tags: Vec<u32> = row.tags.iter().map(|t| id(format!("t:{t}"))).collect();
        assert_eq!(columns.tags(g), tags, "{}", row.slug);
        let leaves: Vec<u32> = row
            .categories
            .iter()
            .map(|p| id(format!("c:{}", p.join("\u{1f}"))))
            .collect();
        assert_eq!(columns.categories(g), leaves, "{}", row.slug);
        let day = row.date.map_or(0, |d| d.div_euclid(86_400) as u32 + 1);
        assert_eq!(columns.days[g], day, "{}", row.slug);
    }
}

#[test]
fn pinned_posts_are_in_the_entry_higher_pin_first_then_newest() {
    let bundle = Seeds::new()
        .article("old.md", "title: Old\ndate: 2020-01-01\ntop: true", "x")
        .article("older.md", "title: Older\ndate: 2019-01-01\nsticky: 5", "x")
        .article("new.md", "title: New\ndate: 2024-01-01\ntop: 1", "x")
        .article("plain.md", "title: Plain\ndate: 2024-06-01", "x")
        .article(
            "unpinned.md",
            "title: Unpinned\ndate: 2023-01-01\ntop: false",
            "x",
        )
        .bundle();
    let entry = bundle.entry();
    let pinned: Vec<&str> = entry.pinned.iter().map(|p| p.row.title.as_str()).collect();
    assert_eq!(pinned, ["Older", "New", "Old"]);
    for p in &entry.pinned {
        assert_eq!(bundle.rows[p.number as usize], p.row, "{}", p.row.slug);
    }
    // Their places by date are unchanged: the list repeats nothing, counts stay as they are.
    assert_eq!(entry.articles, 5);
    let newest_first: Vec<&str> = bundle.rows.iter().rev().map(|r| r.title.as_str()).collect();
    assert_eq!(newest_first, ["Plain", "New", "Unpinned", "Old", "Older"]);
}

#[test]
fn pins_beyond_the_entrys_bound_are_reported_and_keep_their_place() {
    let mut seeds = Seeds::new();
    for i in 0..PINNED_ROWS + 2 {
        seeds = seeds.article(
            &format!("p{i:02}.md"),
            &format!("title: P{i}\ndate: 2024-01-{:02}\ntop: true", i + 1),
            "x",
        );
    }
    let bundle = seeds.bundle();
    assert_eq!(bundle.entry().pinned.len(), PINNED_ROWS);
    // Newest first among equal pins: the two oldest are left out, and named.
    assert_eq!(
        bundle.entry().pinned[0].row.title,
        format!("P{}", PINNED_ROWS + 1)
    );
    assert_eq!(
        bundle.diagnostics(),
        ["p00.md:1:1 too many pinned", "p01.md:1:1 too many pinned"]
    );
}

#[test]
fn pages_are_never_pinned() {
    let site = Seeds::new()
        .file("_config.yml", "title: T\n")
        .article(
            "source/_posts/a.md",
            "title: A\ndate: 2024-01-02\ntop: 1",
            "x",
        )
        .article("source/about/index.md", "title: About\ntop: 9", "x");
    let bundle = site.bundle_with(|c| c.hexo_site = true);
    let pinned: Vec<&str> = bundle
        .entry()
        .pinned
        .iter()
        .map(|p| p.row.title.as_str())
        .collect();
    assert_eq!(pinned, ["A"]);
}

#[test]
fn related_articles_share_tags_and_are_never_the_article_or_its_duplicate() {
    let seeds = Seeds::new()
        .article(
            "a.md",
            "title: Rust and WebAssembly\ntags: [rust, wasm]\ndate: 2024-01-01",
            "Same body.",
        )
        .article(
            "b.md",
            "title: Rust and WebAssembly\ntags: [rust, wasm]\ndate: 2024-01-02",
            "Same body.",
        )
        .article(
            "c.md",
            "title: Rust tooling\ntags: [rust, wasm]\ndate: 2024-01-03",
            "Other body.",
        )
        .article(
            "d.md",
            "title: Gardening\ntags: [garden]\ndate: 2024-01-04",
            "Leaves.",
        )
        .article(
            "e.md",
            "title: Rust in the garden\ntags: [rust]\ndate: 2024-01-05",
            "Both.",
        )
        .article("f.md", "title: Alone\ndate: 2024-01-06", "Nothing shared.");
    let bundle = seeds.bundle();
    let related = |title: &str| -> Vec<String> {
        let (number, _) = bundle.article(|t| t == title);
        let distances = bundle.body(number).related.unwrap_or_default();
        let related = bundle.related(number);
        assert!(related.len() <= 5);
        assert_eq!(
            related.len(),
            distances.len(),
            "every distance names an article"
        );
        assert!(
            distances.iter().all(|&d| d > 0),
            "{title} lists itself or a newer article"
        );
        related
            .into_iter()
            .map(|n| bundle.rows[n as usize].title.clone())
            .collect()
    };
    // Only older articles are listed. c shares two tags with a and b, exact duplicates of each
    // other: one of them is listed.
    assert_eq!(related("Rust tooling"), ["Rust and WebAssembly"]);
    // e shares a tag with a, b and c: one of the duplicates, then c (nearer).
    assert_eq!(
        related("Rust in the garden"),
        ["Rust tooling", "Rust and WebAssembly"]
    );
    assert!(related("Alone").is_empty());
    assert_eq!(bundle.report.related.links, 3);
    assert!(bundle.report.related.bytes > 0);
}

#[test]
fn tag_feeds_are_bounded_to_the_tags_with_most_articles() {
    let seeds = Seeds::new();
    folio::generate_with_tags(seeds.path(), 400, 5, 40).expect("generates");
    let bundle = seeds.bundle_with(|c| c.site_url = Some("https://x.example/".into()));
    let feeds = bundle.entry().feeds.clone().expect("feeds");
    let mut counts = std::collections::BTreeMap::<&str, usize>::new();
    for row in &bundle.rows {
        for tag in &row.tags {
            *counts.entry(tag).or_default() += 1;
        }
    }
    let often = counts.values().filter(|&&n| n >= 5).count();
    assert!(often > 0);
    assert_eq!(feeds.tags.len(), often.min(folio::bundler::MAX_TAG_FEEDS));
    for id in &feeds.tags {
        let path = bundle.path().join(format!("feeds/t/{id}.xml"));
        let xml = std::fs::read_to_string(&path).expect("a tag feed");
        assert!(xml.contains(&format!("href=\"https://x.example/data/feeds/t/{id}.xml\"")));
        assert!(xml.matches("<entry>").count() >= 5);
    }
    // A rebuild without the site URL deletes the feeds it wrote, and their folders.
    let again = seeds.bundle_again(bundle, |_| {});
    assert!(!again.path().join("feeds").exists());
    assert!(!again.path().join("feed.json").exists());
}
