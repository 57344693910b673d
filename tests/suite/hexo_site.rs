//! A Hexo site given whole (`tests/fixtures/hexo/site`): posts from `source/_posts`, pages from
//! the rest of `source/`, drafts only when asked, `_`-named files left out; the title, URL and
//! time zone and language from its `_config.yml`, each overridden by its option; pages apart
//! from posts in the columns and the index, for the app's kind facet.

use folio::model::columns::Columns;
use folio::model::{FileKind, Row};
use folio::search::kind_token;
use folio::BundleDir;

use crate::bundle::with_token;
use crate::fixture::bundle_with;
use crate::prelude::*;

fn site() -> std::path::PathBuf {
    fixture("hexo/site")
}

fn by_slug<'a>(rows: &'a [Row], slug: &str) -> &'a Row {
    let found = rows.iter().find(|r| r.slug == slug);
    found.unwrap_or_else(|| {
        panic!(
            "no {slug} in {:?}",
            rows.iter().map(|r| &r.slug).collect::<Vec<_>>()
        )
    })
}

#[test]
fn posts_and_pages_come_from_source_and_are_told_apart() {
    let bundle = bundle_with(&site(), |c| c.hexo_site = true);
    let mut slugs: Vec<&str> = bundle.rows.iter().map(|r| r.slug.as_str()).collect();
    slugs.sort();
    // Posts named without `_posts/`, as Hexo names them; `_data/`, `_partial.md` and
    // `scaffolds/` are no articles; the draft is counted as skipped.
    assert_same!(
        slugs,
        vec!["2024-nested-post", "about-index", "hello-world"]
    );
    assert_eq!(bundle.report.read, 4);
    assert_eq!(bundle.report.drafts, vec!["_drafts/unfinished.md"]);
    assert_eq!(by_slug(&bundle.rows, "about-index").page, Some(true));
    assert_eq!(by_slug(&bundle.rows, "hello-world").page, None);
    let (number, _) = bundle.article(|t| t == "Hello World");
    assert_eq!(bundle.body(number).source, "_posts/hello-world.md");

    let with_drafts = bundle_with(&site(), |c| {
        c.hexo_site = true;
        c.drafts = true;
    });
    let draft = by_slug(&with_drafts.rows, "unfinished");
    assert_eq!((draft.title.as_str(), draft.page), ("Unfinished", None));
}

#[test]
fn a_folder_of_articles_is_not_read_as_a_site() {
    // Without `hexo_site` every Markdown file below the folder is an article, as before.
    let bundle = bundle_with(&site(), |_| {});
    assert_eq!(bundle.report.read, 7);
    assert!(bundle.rows.iter().all(|r| r.page.is_none()));
}

#[test]
fn the_cli_takes_title_url_and_time_zone_from_config_yml_and_options_override_them() {
    let out = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let done = folio_bundle(&site(), out.path())
            .args(args)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&done.stderr).to_string();
        assert!(done.status.success(), "{stderr}");
        let dir = BundleDir::open(out.path()).unwrap();
        let rows = dir.rows().unwrap();
        (dir, rows, stderr)
    };
    let (dir, rows, stderr) = run(&[]);
    assert!(stderr.contains("read 4, bundled 3, skipped 1"), "{stderr}");
    assert_eq!(dir.entry.title.as_deref(), Some("小站"));
    // `2024-06-27 08:30:00` in Asia/Shanghai, the site's zone.
    assert_eq!(by_slug(&rows, "hello-world").date, Some(1_719_448_200));
    let feed = std::fs::read_to_string(out.path().join("atom.xml")).unwrap();
    assert!(feed.contains("https://example.com/blog/"), "{feed}");

    let (dir, rows, _) = run(&["--timezone", "UTC", "--site-title", "Other", "--drafts"]);
    assert_eq!(dir.entry.title.as_deref(), Some("Other"));
    assert_eq!(by_slug(&rows, "hello-world").date, Some(1_719_477_000));
    assert!(rows.iter().any(|r| r.slug == "unfinished"));
}

#[test]
fn a_broken_config_yml_names_the_file() {
    let site = Seeds::new()
        .file("_config.yml", "title: [unclosed\n")
        .file("source/_posts/a.md", "---\ntitle: A\n---\nbody\n");
    let out = tempfile::tempdir().unwrap();
    let done = folio_bundle(site.path(), out.path()).output().unwrap();
    let stderr = String::from_utf8_lossy(&done.stderr);
    assert_eq!(done.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("_config.yml"), "{stderr}");
    assert!(stderr.contains("line"), "{stderr}");
}

#[test]
fn the_sites_language_comes_from_config_yml_and_an_article_may_name_its_own() {
    let site = Seeds::new()
        .file("_config.yml", "title: T\nlanguage:\n  - zh-CN\n  - en\n")
        .article("source/_posts/a.md", "title: A\ndate: 2024-01-02", "中文")
        .article(
            "source/_posts/b.md",
            "title: B\ndate: 2024-01-03\nlang: en",
            "English",
        );
    let bundle = site.bundle_with(|c| {
        c.hexo_site = true;
        c.lang = Some("zh-CN".into());
    });
    assert_eq!(bundle.entry().lang.as_deref(), Some("zh-CN"));
    let (a, _) = bundle.article(|t| t == "A");
    let (b, _) = bundle.article(|t| t == "B");
    assert_eq!(bundle.body(a).lang, None, "in the site's language");
    assert_eq!(bundle.body(b).lang.as_deref(), Some("en"));

    // The CLI reads `language` (a list: the first counts); `--language` overrides it.
    let out = tempfile::tempdir().unwrap();
    let lang = |args: &[&str]| {
        let done = folio_bundle(site.path(), out.path())
            .args(args)
            .output()
            .unwrap();
        assert!(
            done.status.success(),
            "{}",
            String::from_utf8_lossy(&done.stderr)
        );
        BundleDir::open(out.path()).unwrap().entry.lang
    };
    assert_eq!(lang(&[]).as_deref(), Some("zh-CN"));
    assert_eq!(lang(&["--language", "en"]).as_deref(), Some("en"));
    // Without a language anywhere the entry names none.
    let plain = Seeds::new().article("a.md", "title: A", "x").bundle();
    assert_eq!(plain.entry().lang, None);
}

#[test]
fn pages_have_a_facet_with_exact_counts_in_the_columns_and_the_index() {
    let bundle = bundle_with(&site(), |c| {
        c.hexo_site = true;
        c.drafts = true;
    });
    let rows = &bundle.rows;
    let pages: Vec<u32> = (0..rows.len() as u32)
        .filter(|&g| rows[g as usize].page == Some(true))
        .collect();
    let posts: Vec<u32> = (0..rows.len() as u32)
        .filter(|g| !pages.contains(g))
        .collect();
    assert_eq!((pages.len(), posts.len()), (1, 3));
    assert_eq!(bundle.entry().facets.pages, 1);

    let mut dir = BundleDir::open(bundle.path()).unwrap();
    let mut columns = Columns::default();
    for segment in &dir.entry.segments.clone() {
        for part in &segment.columns {
            columns
                .append(&dir.read_file(FileKind::Columns, part).unwrap())
                .unwrap();
        }
    }
    let paged: Vec<u32> = (0..columns.len() as u32)
        .filter(|&g| columns.pages[g as usize])
        .collect();
    assert_eq!(paged, pages);
    for (page, expected) in [(true, &pages), (false, &posts)] {
        let found = with_token(&mut dir, kind_token(page));
        assert_eq!(&found, expected, "page: {page}");
    }

    // An archive of posts alone has no kind tokens: its index is as it was.
    let posts_only = bundle_with(&site(), |_| {});
    let mut posts_only = BundleDir::open(posts_only.path()).unwrap();
    assert_eq!(posts_only.entry.facets.pages, 0);
    assert!(with_token(&mut posts_only, kind_token(false)).is_empty());
}

#[test]
fn yaml_is_read_as_hexo_reads_it_yes_and_no_are_words() {
    // Hexo's js-yaml follows YAML 1.2: `yes` is a word, and only `published: false` hides.
    let site = Seeds::new().file("_config.yml", "title: T\n").article(
        "source/_posts/a.md",
        "title: A\ndate: 2024-01-02\ntags: [yes, on]\npublished: no",
        "x",
    );
    let bundle = site.bundle_with(|c| c.hexo_site = true);
    assert_eq!(bundle.report.drafts, Vec::<String>::new());
    assert_eq!(by_slug(&bundle.rows, "a").tags, ["yes", "on"]);
}
