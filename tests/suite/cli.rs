//! The `folio` binary: what it says, its exit codes, and the same bytes from two processes.

use std::fs;
use std::path::Path;

use crate::prelude::*;

#[test]
fn the_same_input_gives_the_same_bytes() {
    // Two separate processes, so that nothing that varies per process (hash seeds, thread
    // scheduling) can hide.
    let bundle_seeds = || {
        let out = tempfile::tempdir().unwrap();
        let status = folio_bundle(&repo("seeds"), out.path()).status().unwrap();
        assert!(status.success());
        files(out.path())
    };
    let (a, b) = (bundle_seeds(), bundle_seeds());
    assert!(a.len() > 30);
    assert_same!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (name, bytes) in &a {
        assert!(b[name] == *bytes, "{name} differs between two runs");
    }
}

#[test]
fn cli_reports_counts_and_strict_fails_on_problems() {
    let out = tempfile::tempdir().unwrap();
    let run = |dir: &Path, strict: bool| {
        let mut folio = folio_bundle(dir, out.path());
        if strict {
            folio.arg("--strict");
        }
        folio.output().unwrap()
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
    let missing = run(Path::new("/no/such/folder"), false);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("/no/such/folder is not a folder"));
}

#[test]
fn site_url_adds_atom_and_sitemap() {
    let out = tempfile::tempdir().unwrap();
    let status = folio_bundle(&repo("seeds"), out.path())
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
