//! Bundler tests: whole folders in, bundles and reports out. Fixtures of bad input live in
//! `tests/fixtures/bad/` (one file per case); large or generated cases are written here into a
//! temporary folder.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use folio::bundler::bundle::{self, Config, Report, DEFAULT_MAX_SIZE};
use folio::model::{ArticleBody, Index};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn run(input: &Path) -> (Report, Index, tempfile::TempDir) {
    run_with(input, DEFAULT_MAX_SIZE)
}

fn run_with(input: &Path, max_size: u64) -> (Report, Index, tempfile::TempDir) {
    let out = tempfile::tempdir().unwrap();
    let config = Config {
        max_size,
        ..Config::new(input, out.path())
    };
    let report = bundle::run(&config).unwrap();
    let index: Index =
        serde_json::from_slice(&fs::read(out.path().join("index.json")).unwrap()).unwrap();
    assert_eq!(
        report.read,
        report.bundled + report.skipped(),
        "counts must add up"
    );
    assert_eq!(report.bundled, index.articles.len());
    (report, index, out)
}

/// Every diagnostic as `path:line:col kind-reason`, keyed by path.
fn by_path(report: &Report) -> BTreeMap<String, Vec<String>> {
    let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for d in report.diagnostics() {
        map.entry(d.path.clone()).or_default().push(format!(
            "{}:{} {}",
            d.pos.line,
            d.pos.col,
            d.kind.reason()
        ));
    }
    map
}

#[test]
fn bad_inputs_are_each_reported_with_path_line_and_reason() {
    let (report, index, _out) = run(&fixture("bad"));
    let seen = by_path(&report);
    let expected: &[(&str, &[&str])] = &[
        ("bad-date.md", &["3:1 bad date"]),
        ("empty.md", &["1:1 empty file"]),
        ("front-matter-only.md", &["6:1 no body"]),
        ("invalid-utf8.md", &["2:11 not UTF-8"]),
        ("not-a-mapping.md", &["2:1 front matter not a mapping"]),
        ("unknown-tag.md", &["4:6 unknown tag plugin"]),
        ("unquoted-colon.md", &["2:12 front matter syntax"]),
        ("unterminated.md", &["2:1 unterminated front matter"]),
        ("utf16.md", &["1:1 UTF-16"]),
    ];
    let expected: BTreeMap<String, Vec<String>> = expected
        .iter()
        .map(|(p, d)| (p.to_string(), d.iter().map(|s| s.to_string()).collect()))
        .collect();
    assert_eq!(seen, expected);
    // Non-article files are not counted; warnings keep their article.
    assert_eq!(report.read, 9);
    assert_eq!(report.errors.len(), 6);
    let mut titles: Vec<_> = index.articles.iter().map(|a| a.title.as_str()).collect();
    titles.sort();
    assert_eq!(titles, ["Bad date", "Only front matter", "Unknown tag"]);
    let undated = index
        .articles
        .iter()
        .find(|a| a.title == "Bad date")
        .unwrap();
    assert_eq!(undated.date, None);
}

#[test]
fn odd_file_names_are_all_bundled_with_url_safe_unique_slugs() {
    let (report, index, out) = run(&fixture("names"));
    assert!(
        report.errors.is_empty() && report.warnings.is_empty(),
        "{:?}",
        report.diagnostics().collect::<Vec<_>>()
    );
    assert_eq!(report.bundled, 8);
    let mut slugs: Vec<_> = index.articles.iter().map(|a| a.slug.clone()).collect();
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
    for a in &index.articles {
        let body: ArticleBody =
            serde_json::from_slice(&fs::read(out.path().join(&a.body)).unwrap()).unwrap();
        assert!(body.html.contains("Body of x."));
    }
}

#[test]
fn large_and_extreme_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: String| fs::write(dir.path().join(name), text).unwrap();
    write(
        "huge.md",
        format!("---\ntitle: Huge\n---\n{}", "x".repeat(10 * 1024 * 1024)),
    );
    write(
        "long-title.md",
        format!("---\ntitle: '{}'\n---\nBody", "長".repeat(10_000)),
    );
    let cats: String = (0..1000)
        .map(|i| format!(" - [Group {}, Cat {i}]\n", i % 7))
        .collect();
    write(
        "many-categories.md",
        format!("---\ntitle: Many\ncategories:\n{cats}---\nBody"),
    );
    write("same-1.md", "---\ntitle: Same title\n---\nOne".into());
    write("same-2.md", "---\ntitle: Same title\n---\nTwo".into());

    let (report, index, _out) = run_with(dir.path(), 8 * 1024 * 1024);
    let seen = by_path(&report);
    assert_eq!(
        seen.get("huge.md"),
        Some(&vec!["1:1 too large".to_string()])
    );
    assert_eq!(report.bundled, 4);
    let long = index
        .articles
        .iter()
        .find(|a| a.title.starts_with('長'))
        .unwrap();
    assert_eq!(long.title.chars().count(), 10_000);
    assert!(long.slug.chars().count() <= 80);
    let many = index.articles.iter().find(|a| a.title == "Many").unwrap();
    assert_eq!(many.categories.len(), 1000);
    assert_eq!(index.categories.len(), 1007);
    let same: Vec<_> = index
        .articles
        .iter()
        .filter(|a| a.title == "Same title")
        .collect();
    assert_eq!(same.len(), 2);
    assert_ne!(same[0].slug, same[1].slug);

    // With a larger --max-size the 10 MB body is read.
    let (report, _, _out) = run_with(dir.path(), 16 * 1024 * 1024);
    assert_eq!(report.bundled, 5);
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    // Two separate processes, so that nothing that varies per process (hash seeds, thread
    // scheduling) can hide.
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let bundle_to = || {
        let out = tempfile::tempdir().unwrap();
        let status = Command::new(env!("CARGO_BIN_EXE_folio"))
            .arg("bundle")
            .arg(&seeds)
            .arg("--out")
            .arg(out.path())
            .status()
            .unwrap();
        assert!(status.success());
        out
    };
    let (a, b) = (bundle_to(), bundle_to());
    let files = |dir: &Path| -> BTreeMap<String, Vec<u8>> {
        walk(dir)
            .into_iter()
            .map(|p| {
                (
                    p.strip_prefix(dir).unwrap().display().to_string(),
                    fs::read(&p).unwrap(),
                )
            })
            .collect()
    };
    let (fa, fb) = (files(a.path()), files(b.path()));
    assert!(fa.len() > 30);
    assert_eq!(fa, fb);
}

#[test]
fn a_second_run_removes_stale_bodies() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.md"), "---\ntitle: A\n---\nfirst").unwrap();
    let out = tempfile::tempdir().unwrap();
    let config = Config::new(dir.path().to_path_buf(), out.path().to_path_buf());
    bundle::run(&config).unwrap();
    fs::write(dir.path().join("a.md"), "---\ntitle: A\n---\nsecond").unwrap();
    bundle::run(&config).unwrap();
    assert_eq!(fs::read_dir(out.path().join("a")).unwrap().count(), 1);
    // The search index is replaced too: a manifest and its files, nothing left over.
    let index: Index =
        serde_json::from_slice(&fs::read(out.path().join("index.json")).unwrap()).unwrap();
    let manifest_path = index.search.expect("a search index");
    let manifest: folio::model::SearchManifest =
        serde_json::from_slice(&fs::read(out.path().join(&manifest_path)).unwrap()).unwrap();
    let mut expected: Vec<String> = manifest.files().chain([manifest_path]).collect();
    expected.sort();
    let mut found: Vec<String> = fs::read_dir(out.path().join("s"))
        .unwrap()
        .map(|e| format!("s/{}", e.unwrap().file_name().to_string_lossy()))
        .collect();
    found.sort();
    assert_eq!(found, expected);
}

#[test]
fn no_search_leaves_no_index_behind() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.md"), "---\ntitle: A\n---\nsome text").unwrap();
    let out = tempfile::tempdir().unwrap();
    let mut config = Config::new(dir.path().to_path_buf(), out.path().to_path_buf());
    let report = bundle::run(&config).unwrap();
    assert!(report.search.files >= 2 && report.search.tokens >= 3);
    config.search = false;
    let report = bundle::run(&config).unwrap();
    assert_eq!(report.search.files, 0);
    assert!(!out.path().join("s").exists());
    let index: Index =
        serde_json::from_slice(&fs::read(out.path().join("index.json")).unwrap()).unwrap();
    assert_eq!(index.search, None);
}

#[test]
fn drafts_are_skipped_and_counted_unless_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("draft.md"),
        "---\ntitle: D\ndraft: true\n---\nx",
    )
    .unwrap();
    fs::write(dir.path().join("live.md"), "---\ntitle: L\n---\nx").unwrap();
    let (report, index, _out) = run(dir.path());
    assert_eq!(
        (report.read, report.bundled, report.drafts.len()),
        (2, 1, 1)
    );
    assert_eq!(index.articles[0].title, "L");
}

#[test]
fn cli_reports_counts_and_strict_fails_on_problems() {
    let out = tempfile::tempdir().unwrap();
    let folio = env!("CARGO_BIN_EXE_folio");
    let run = |dir: &Path, strict: bool| {
        let mut cmd = Command::new(folio);
        cmd.arg("bundle").arg(dir).arg("--out").arg(out.path());
        if strict {
            cmd.arg("--strict");
        }
        cmd.output().unwrap()
    };
    let bad = run(&fixture("bad"), false);
    assert!(bad.status.success());
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(
        stderr.contains("read 9, bundled 3, skipped 6, warnings 3"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "unterminated.md:2:1: error: front matter starting with `---` is never closed"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("skipped: 1 × UTF-16"), "{stderr}");
    assert_eq!(run(&fixture("bad"), true).status.code(), Some(1));
    let good = run(&fixture("names"), true);
    assert!(
        good.status.success(),
        "{}",
        String::from_utf8_lossy(&good.stderr)
    );
    let missing = Command::new(folio)
        .args(["bundle", "/no/such/folder", "--out"])
        .arg(out.path())
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("/no/such/folder is not a folder"));
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out.sort();
    out
}

#[test]
fn site_url_adds_atom_and_sitemap() {
    let out = tempfile::tempdir().unwrap();
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let status = Command::new(env!("CARGO_BIN_EXE_folio"))
        .arg("bundle")
        .arg(&seeds)
        .arg("--out")
        .arg(out.path())
        .args([
            "--site-url",
            "https://example.github.io/archive",
            "--site-title",
            "Archive",
        ])
        .status()
        .unwrap();
    assert!(status.success());
    let atom = fs::read_to_string(out.path().join("atom.xml")).unwrap();
    assert_eq!(atom.matches("<entry>").count(), 31);
    assert!(atom.contains("<title>Archive</title>"));
    assert!(atom.contains("https://example.github.io/archive/#/a/"));
    let sitemap = fs::read_to_string(out.path().join("sitemap.xml")).unwrap();
    assert_eq!(sitemap.matches("<url>").count(), 32);
}
