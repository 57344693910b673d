//! The real articles in `../shared/corpus/` (not ours: read in place, never copied, no
//! snapshots). Every article must bundle without a warning, with its title, date and categories
//! as written. The folder is always there in CI; elsewhere the test says so and skips.

use std::collections::BTreeMap;

use crate::prelude::*;
use folio::model::Row;

/// Reads `title:`, `date:` and the `categories:` list from a file's front matter with plain line
/// matching, independent of the bundler's YAML reading.
fn expected(text: &str) -> (String, String, Vec<String>) {
    let mut title = String::new();
    let mut date = String::new();
    let mut categories = Vec::new();
    let mut in_categories = false;
    for line in text.lines().skip_while(|l| l.trim().is_empty()).skip(1) {
        if line.trim_end() == "---" {
            break;
        }
        if let Some(t) = line.strip_prefix("title: ") {
            let t = t.trim();
            title = if t.starts_with('\'') {
                t[1..t.len() - 1].replace("''", "'")
            } else if t.starts_with('"') {
                t[1..t.len() - 1].to_string()
            } else {
                t.to_string()
            };
        } else if let Some(d) = line.strip_prefix("date: ") {
            date = d.trim().to_string();
        }
        if in_categories {
            match line.strip_prefix(" - ") {
                Some(c) => categories.push(c.trim().to_string()),
                None => in_categories = false,
            }
        }
        if line.starts_with("categories:") {
            in_categories = true;
        }
    }
    (title, date, categories)
}

#[test]
fn every_corpus_article_bundles_cleanly_and_correctly() {
    let Some(corpus) = corpus("rsshub-page") else {
        return;
    };
    let bundle = bundle(&corpus);
    let problems: Vec<String> = bundle.report.diagnostics().map(|d| d.to_string()).collect();
    assert!(problems.is_empty(), "{problems:#?}");
    assert!(bundle.report.read >= 15);
    assert_eq!(bundle.report.read, bundle.report.bundled);

    let mut by_source: BTreeMap<String, &Row> = BTreeMap::new();
    for (number, a) in bundle.rows.iter().enumerate() {
        let body = bundle.body(number as u32);
        assert!(!body.html.is_empty() || a.excerpt.is_empty());
        by_source.insert(body.source, a);
    }
    for (source, article) in &by_source {
        let text = std::fs::read_to_string(corpus.join(source)).unwrap();
        let (title, date, categories) = expected(&text);
        assert_eq!(article.title, title, "{source}");
        let when = jiff::Timestamp::from_second(article.date.expect(source)).unwrap();
        // `Tue, 19 Jul 2022 08:46:07 GMT` ↔ the instant printed the same way.
        assert_eq!(
            when.strftime("%a, %d %b %Y %H:%M:%S GMT").to_string(),
            date,
            "{source}"
        );
        let paths: Vec<Vec<&str>> = article
            .categories
            .iter()
            .map(|path| path.iter().map(String::as_str).collect())
            .collect();
        assert_eq!(
            paths,
            vec![categories.iter().map(String::as_str).collect::<Vec<_>>()],
            "{source}"
        );
        // The folders are the category path too, as the generator wrote them (it drops leading
        // punctuation: the category `— 番剧` lives in the folder `番剧`).
        let folders: Vec<&str> = source.split('/').collect();
        let trimmed: Vec<&str> = paths[0]
            .iter()
            .map(|c| c.trim_start_matches(|ch: char| !ch.is_alphanumeric()))
            .collect();
        assert_eq!(&folders[..folders.len() - 1], &trimmed[..], "{source}");
    }
}
