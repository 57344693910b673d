//! Exact answers to queries by field and date: for hundreds of queries drawn from a bundle's own
//! rows (`author:`, `tag:`, `cat:`, `before:`, `after:`, `title:`, several values of one field,
//! names the bundle lacks, with and without words), the articles `folio search` finds are
//! exactly those a plain scan of the rows and texts picks: any of a field's values, every
//! field, every word. Dates are read in the site's zone (`+08:00` here), a date-only article on
//! its own day.

use std::collections::BTreeSet;
use std::path::Path;

use crate::fixture::bundle_with;
use crate::prelude::*;
use folio::model::Row;
use folio::query::{category_param, civil_date};
use folio::scan::matches_lowercased;
use folio::BundleDir;
use folio::Rng;

/// Queries drawn per corpus.
const QUERIES: usize = 300;
/// The site's zone, as seconds east of UTC.
const OFFSET: i64 = 8 * 3600;

/// A value as the box takes it: quoted when it holds a space.
fn quoted(value: &str) -> String {
    if value.contains(char::is_whitespace) {
        format!("\"{value}\"")
    } else {
        value.to_string()
    }
}

/// (year, month, day) of a row in the site's zone.
fn day_of(row: &Row) -> Option<Day> {
    let date = row.date?;
    Some(civil_date(if row.day == Some(true) {
        date
    } else {
        date + OFFSET
    }))
}

/// A calendar day, (year, month, day).
type Day = (i32, u32, u32);

/// A date bound drawn from a row: its year, month or day as the box takes it, and its first
/// and last calendar days.
struct Bound {
    text: String,
    first: Day,
    last: Day,
}

fn bound(rng: &mut Rng, row: &Row) -> Option<Bound> {
    let (y, m, d) = day_of(row)?;
    let (text, first, last) = match rng.below(3) {
        0 => (format!("{y:04}"), (y, 1, 1), (y, 12, 31)),
        1 => (format!("{y:04}-{m:02}"), (y, m, 1), (y, m, 31)),
        _ => (format!("{y:04}-{m:02}-{d:02}"), (y, m, d), (y, m, d)),
    };
    Some(Bound { text, first, last })
}

/// One drawn query and the scan's test for it.
struct Drawn {
    query: String,
    authors: Vec<String>,
    tags: Vec<String>,
    category: Option<Vec<String>>,
    after: Option<Day>,
    before: Option<Day>,
    word: Option<String>,
    title: bool,
}

impl Drawn {
    fn matches(&self, row: &Row, text: &str) -> bool {
        let author =
            self.authors.is_empty() || self.authors.iter().any(|a| row.author.as_ref() == Some(a));
        let tag = self.tags.is_empty() || self.tags.iter().any(|t| row.tags.contains(t));
        let category = self
            .category
            .as_ref()
            .is_none_or(|c| row.categories.iter().any(|p| p.starts_with(c)));
        let day = day_of(row);
        let after = self.after.is_none_or(|a| day.is_some_and(|d| d > a));
        let before = self.before.is_none_or(|b| day.is_some_and(|d| d < b));
        let word = self.word.as_ref().is_none_or(|w| {
            let haystack = if self.title {
                row.title.to_lowercase()
            } else {
                text.to_string()
            };
            matches_lowercased(&haystack, w).expect("a judged word")
        });
        author && tag && category && after && before && word
    }
}

fn draw(rng: &mut Rng, rows: &[Row]) -> Drawn {
    let mut drawn = Drawn {
        query: String::new(),
        authors: Vec::new(),
        tags: Vec::new(),
        category: None,
        after: None,
        before: None,
        word: None,
        title: false,
    };
    let mut parts: Vec<String> = Vec::new();
    let row = |rng: &mut Rng| rng.pick(rows);
    for _ in 0..rng.below(3) {
        let name = match (rng.below(8), &row(rng).author) {
            (0, _) => "Nobody at all".to_string(),
            (_, Some(a)) => a.clone(),
            (_, None) => continue,
        };
        parts.push(format!("author:{}", quoted(&name)));
        drawn.authors.push(name);
    }
    for _ in 0..rng.below(3) {
        let r = row(rng);
        let Some(tag) = (!r.tags.is_empty()).then(|| rng.pick(&r.tags).clone()) else {
            continue;
        };
        parts.push(format!("tag:{}", quoted(&tag)));
        drawn.tags.push(tag);
    }
    if rng.below(3) == 0 {
        let r = row(rng);
        if !r.categories.is_empty() {
            let path = rng.pick(&r.categories);
            let path = path[..1 + rng.below(path.len())].to_vec();
            parts.push(format!("cat:{}", quoted(&category_param(&path))));
            drawn.category = Some(path);
        }
    }
    if rng.below(2) == 0 {
        let r = row(rng);
        if let Some(b) = bound(rng, r) {
            parts.push(format!("after:{}", b.text));
            drawn.after = Some(b.last);
        }
    }
    if rng.below(2) == 0 {
        let r = row(rng);
        if let Some(b) = bound(rng, r) {
            parts.push(format!("before:{}", b.text));
            drawn.before = Some(b.first);
        }
    }
    if rng.below(2) == 0 {
        let title = &row(rng).title;
        let words: Vec<&str> = title
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.len() > 2 && w.is_ascii())
            .collect();
        if !words.is_empty() {
            let word = rng.pick(&words).to_lowercase();
            drawn.title = rng.below(2) == 0;
            parts.push(if drawn.title {
                format!("title:{word}")
            } else {
                word.clone()
            });
            drawn.word = Some(word);
        }
    }
    // The fields in any order among the words.
    for i in (1..parts.len()).rev() {
        parts.swap(i, rng.below(i + 1));
    }
    drawn.query = parts.join(" ");
    drawn
}

fn check(seeds: &Path, seed: u64) {
    let bundle = bundle_with(seeds, |c| {
        c.options.tz = folio::bundler::time_zone("+08:00").expect("a zone");
    });
    let texts = bundle.searched_texts();
    let mut engine = BundleDir::open(bundle.path()).expect("opens");
    let mut rng = Rng::new(seed);
    let (mut hits, mut empty, mut queries) = (0, 0, BTreeSet::new());
    for _ in 0..QUERIES * 4 {
        if queries.len() == QUERIES {
            break;
        }
        let drawn = draw(&mut rng, &bundle.rows);
        if drawn.query.is_empty() || !queries.insert(drawn.query.clone()) {
            continue;
        }
        let expected: BTreeSet<u32> = (0..bundle.rows.len())
            .filter(|&n| drawn.matches(&bundle.rows[n], &texts[n]))
            .map(|n| n as u32)
            .collect();
        let found: BTreeSet<u32> = engine
            .search(&drawn.query)
            .expect("searches")
            .iter()
            .map(|h| h.doc)
            .collect();
        assert_eq!(
            found,
            expected,
            "{}: query {:?}: missing {:?}, extra {:?}",
            seeds.display(),
            drawn.query,
            expected.difference(&found).collect::<Vec<_>>(),
            found.difference(&expected).collect::<Vec<_>>(),
        );
        hits += found.len();
        empty += usize::from(found.is_empty());
    }
    assert!(
        queries.len() >= QUERIES / 2,
        "only {} queries",
        queries.len()
    );
    assert!(hits > queries.len(), "{hits} hits");
    assert!(
        empty < queries.len() * 3 / 4,
        "{empty} queries found nothing"
    );
    eprintln!(
        "{}: {} field queries, {hits} hits, {empty} with none",
        seeds.display(),
        queries.len()
    );
}

#[test]
fn fields_on_the_seeds() {
    check(&repo("seeds"), 1);
}

#[test]
fn fields_on_the_real_corpus() {
    let Some(corpus) = corpus("") else {
        return;
    };
    check(&corpus, 2);
}

#[test]
fn fields_on_a_generated_corpus() {
    let seeds = Seeds::new();
    folio::generate_with_tags(seeds.path(), 3_000, 9, 200).expect("generates");
    check(seeds.path(), 3);
}

#[test]
fn a_category_name_finds_every_article_filed_under_it() {
    let bundle = bundle(&repo("seeds"));
    let mut engine = BundleDir::open(bundle.path()).expect("opens");
    let name = bundle
        .rows
        .iter()
        .find_map(|r| r.categories.first().map(|p| p[0].clone()))
        .expect("a category");
    let filed: BTreeSet<u32> = (0..bundle.rows.len() as u32)
        .filter(|&n| {
            bundle.rows[n as usize]
                .categories
                .iter()
                .any(|p| p.contains(&name))
        })
        .collect();
    let found: BTreeSet<u32> = engine
        .search(&format!("\"{name}\""))
        .expect("searches")
        .iter()
        .map(|h| h.doc)
        .collect();
    assert!(filed.is_subset(&found), "{name}: {filed:?} ⊄ {found:?}");
}
