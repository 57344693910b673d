//! Exact recall of full-text search: for hundreds of query strings drawn from each corpus
//! (Chinese of 1–6 characters, English words, word prefixes, and Chinese and English together), the articles the index
//! finds are exactly those whose title and text contain them, as a plain scan sees it
//! (`folio::scan`, which shares no code with the tokenizer or the index). Run on the
//! seeds, on the real articles in `../shared/corpus/`, on a generated 10,000-article corpus,
//! and on `tests/fixtures/hexo/scripts` (Thai, Lao, Khmer and Myanmar, written without spaces;
//! words that meet another script or inline code with no space between).

use std::collections::BTreeSet;
use std::path::Path;

use crate::prelude::*;
use folio::scan::matches_lowercased;
use folio::search::token::{is_cjk, is_word_char, joins};
use folio::BundleDir;
use folio::Rng;

/// Queries drawn from each corpus.
const QUERIES: usize = 240;

/// Runs of CJK characters and words of `text`, each as a string (a change of script ends a
/// word).
fn pieces(text: &str) -> (Vec<Vec<char>>, Vec<String>) {
    let mut runs = Vec::new();
    let mut words = Vec::new();
    let mut run: Vec<char> = Vec::new();
    let mut word = String::new();
    for c in text.chars().chain(std::iter::once(' ')) {
        if is_cjk(c) {
            run.push(c);
        } else if !run.is_empty() {
            runs.push(std::mem::take(&mut run));
        }
        let continues = word.chars().next_back().is_none_or(|last| joins(last, c));
        if !continues && !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
        if is_word_char(c) {
            word.push(c);
        }
    }
    (runs, words)
}

/// Query strings drawn from `texts`: a quarter Chinese (1–6 characters cut from a run), a
/// quarter words (as written, any case), a quarter word starts as prefixes (`wor*`), a quarter
/// a Chinese string and a word together.
fn queries(texts: &[String], seed: u64) -> Vec<String> {
    // Seeded, so that a failure reproduces.
    let mut rng = Rng::new(seed);
    let mut out = BTreeSet::new();
    let (mut runs, mut words) = (Vec::new(), Vec::new());
    for text in texts {
        let (r, w) = pieces(text);
        runs.extend(r);
        words.extend(w);
    }
    let chinese = |rng: &mut Rng| -> Option<String> {
        let run = (!runs.is_empty()).then(|| rng.pick(&runs))?;
        let len = (1 + rng.below(6)).min(run.len());
        let start = rng.below(run.len() - len + 1);
        Some(run[start..start + len].iter().collect())
    };
    let mut tries = 0;
    while out.len() < QUERIES && tries < QUERIES * 20 {
        tries += 1;
        let word = (!words.is_empty()).then(|| rng.pick(&words).clone());
        let query = match tries % 4 {
            0 => chinese(&mut rng),
            1 => word,
            // The start of a word, as a prefix (`wor*`).
            2 => word.map(|w| {
                let keep = (2 + rng.below(4)).min(w.chars().count());
                format!("{}*", w.chars().take(keep).collect::<String>())
            }),
            _ => chinese(&mut rng).zip(word).map(|(c, w)| format!("{c} {w}")),
        };
        if let Some(q) = query {
            out.insert(q);
        }
    }
    out.into_iter().collect()
}

/// Bundles `seeds` and checks every drawn query against the scan, and `more` queries too.
fn check(seeds: &Path, seed: u64) {
    check_with(seeds, seed, &[], 200);
}

/// [`check`] with queries of one's own (each must find something) added to the drawn ones, and
/// at least `min` drawn queries. Below 200 the corpus is a handful of articles, where most
/// queries find just one.
fn check_with(seeds: &Path, seed: u64, more: &[&str], min: usize) {
    check_bundle(&bundle(seeds), seeds, seed, more, min);
}

/// [`check_with`] on a bundle of `seeds` already made.
fn check_bundle(
    bundle: &crate::fixture::Bundle,
    seeds: &Path,
    seed: u64,
    more: &[&str],
    min: usize,
) {
    assert!(
        bundle.report.bundled > 0,
        "nothing bundled from {}",
        seeds.display()
    );
    let texts = bundle.searched_texts();
    let mut engine = BundleDir::open(bundle.path()).expect("opens");
    let mut queries = queries(&texts, seed);
    assert!(queries.len() >= min, "only {} queries", queries.len());
    for query in more {
        assert!(
            texts
                .iter()
                .any(|t| matches_lowercased(t, query) == Some(true)),
            "{query:?} is in no article"
        );
        queries.push(query.to_string());
    }
    let (mut hits, mut empty) = (0, 0);
    for query in &queries {
        let expected: BTreeSet<u32> = texts
            .iter()
            .enumerate()
            .filter(|(_, t)| matches_lowercased(t, query).expect("a judged query"))
            .map(|(i, _)| i as u32)
            .collect();
        let found: BTreeSet<u32> = engine
            .search(query)
            .expect("searches")
            .iter()
            .map(|h| h.doc)
            .collect();
        assert_eq!(
            found,
            expected,
            "{}: query {query:?}: missing {:?}, extra {:?}",
            seeds.display(),
            expected.difference(&found).collect::<Vec<_>>(),
            found.difference(&expected).collect::<Vec<_>>(),
        );
        hits += found.len();
        empty += usize::from(found.is_empty());
    }
    // The drawn queries must exercise both sides: many matches and some misses.
    let enough = if min >= 200 {
        queries.len() + 1
    } else {
        queries.len() / 2
    };
    assert!(hits >= enough, "{hits} hits for {} queries", queries.len());
    eprintln!(
        "{}: {} queries, {hits} hits, {empty} with none",
        seeds.display(),
        queries.len()
    );
}

#[test]
fn recall_on_the_seeds() {
    check(&repo("seeds"), 1);
}

#[test]
fn recall_on_the_real_corpus() {
    let Some(corpus) = corpus("") else {
        return;
    };
    check(&corpus, 2);
}

#[test]
fn recall_on_a_generated_corpus() {
    check(Seeds::generated(10_000, 7).path(), 3);
}

#[test]
fn recall_on_a_bundle_caught_mid_merge() {
    // A level-2 run closed 1,200 articles ago, published over 4,096: most tokens are answered
    // by the segments it takes in, the first ones by the merged segment.
    let seeds = Seeds::generated(8_200, 43);
    crate::incremental::add_later(seeds.path(), 0, 1_201, true);
    let bundle = bundle(seeds.path());
    let root = folio::model::file_path(folio::model::FileKind::SearchRoot, &bundle.entry().search);
    let root: folio::model::SearchRoot =
        serde_json::from_slice(&std::fs::read(bundle.path().join(root)).unwrap()).unwrap();
    let merging = root.segments[0].merging.as_ref().expect("caught mid-merge");
    assert!(!root.segments[0].blocks.is_empty() && merging.old.len() > 1);
    // Words on both sides of the boundary; and its first character alone, which sorts below
    // it though the boundary starts with it: a prefix of one letter spans the boundary, a CJK
    // character is a token on the merged side that the old side's tokens may start with.
    let mut more: Vec<String> = ["rust", "later", "更新", "ru*", "la*"]
        .map(String::from)
        .to_vec();
    let first = merging.boundary.chars().next().unwrap();
    if first.is_ascii_lowercase() {
        more.push(format!("{first}*"));
    } else if folio::search::token::is_cjk(first) {
        more.push(first.to_string());
    }
    let more: Vec<&str> = more.iter().map(String::as_str).collect();
    check_bundle(&bundle, seeds.path(), 5, &more, 200);
}

#[test]
fn recall_on_scripts_without_spaces() {
    check_with(
        &fixture("hexo/scripts"),
        4,
        &[
            // A change of script ends a word.
            "hexo",
            "issue",
            "rust",
            "чтобы",
            "markdown",
            "github",
            "repository",
            "linux",
            "σύστημα",
            // Inline code is its own run of text.
            "package",
            "fichero",
            "npm",
            "config",
            "yml",
            "ติดตั้งด้วยคำสั่ง",
            // Substrings of Thai, Lao, Khmer and Myanmar, signs included.
            "ได้",
            "ได้รับการแก้ไข",
            "ภาษาไทยเขียนติดกัน",
            "๑๒๓",
            "ພາສາລາວ",
            "ຕົວອັກສອນ",
            "ខ្មែរ",
            "ស្វែងរក",
            "မြန်မာ",
            "ရှာဖွေမှု",
            "テーマ",
            "한국어",
            "安装",
        ],
        150,
    );
}

/// A bundle of 6,000 generated articles in three search segments or more (a level-1 segment
/// needs 2,048), whose common words' lists are long (more than 2 KiB), and its search root.
struct ThreeSegments {
    /// Kept so that the articles' folder lives as long as the bundle.
    _seeds: Seeds,
    bundle: Bundle,
    root: folio::model::SearchRoot,
}

impl ThreeSegments {
    fn bundled() -> Self {
        use folio::model::{file_path, FileKind};
        let seeds = Seeds::new();
        folio::generate_with_tags(seeds.path(), 6_000, 6, 200).expect("generates");
        let bundle = seeds.bundle();
        let search = bundle.entry().search.clone();
        let root: folio::model::SearchRoot = serde_json::from_slice(
            &std::fs::read(bundle.path().join(file_path(FileKind::SearchRoot, &search)))
                .expect("reads"),
        )
        .expect("a search root");
        assert!(root.segments.len() >= 3, "{} segments", root.segments.len());
        Self {
            _seeds: seeds,
            bundle,
            root,
        }
    }
}

/// The engine's answer from a root whose older segments have no key blocks: what the app
/// shows first of a newest-first view. For every number of newest segments kept, and queries
/// of facets alone, text alone (an exclusion too), and both, it is exactly the
/// whole answer's articles in those segments, and in the same order when the engine orders
/// newest first (no required text term).
#[test]
fn the_newest_segments_alone_answer_exactly_their_part() {
    use folio::model::{SearchRoot, SearchSegment};
    use folio::search::{facet_token, search, Clause, FacetKind, Loaded, Outcome, Query};

    let ThreeSegments {
        _seeds,
        bundle,
        root,
    } = ThreeSegments::bundled();
    let entry = bundle.entry().clone();
    let read = |path: &str| {
        let (file, _) = folio::model::split_range(path);
        std::fs::read(bundle.path().join(file)).expect("reads")
    };
    let mut files = Loaded::default();
    let mut answer = |root: &SearchRoot, query: &Query, clauses: &[Clause]| -> Vec<u32> {
        loop {
            match search(root, query, clauses, &files) {
                Outcome::Done(hits) => return hits.iter().map(|h| h.doc).collect(),
                Outcome::Need(paths) => {
                    for path in paths {
                        let bytes = read(&path);
                        files.insert(path, bytes).expect("an index file");
                    }
                }
            }
        }
    };
    let clause = |kind: FacetKind, name: &str| Clause {
        tokens: vec![facet_token(kind, name)],
    };
    let authors = &entry.facets.authors.top;
    let tags = &entry.facets.tags.top;
    let cases: Vec<(&str, Vec<Clause>)> = vec![
        ("", vec![clause(FacetKind::Author, &authors[0].name)]),
        (
            "",
            vec![
                clause(FacetKind::Author, &authors[3].name),
                Clause {
                    tokens: vec![
                        facet_token(FacetKind::Tag, &tags[0].name),
                        facet_token(FacetKind::Tag, &tags[5].name),
                    ],
                },
            ],
        ),
        ("-物理", vec![clause(FacetKind::Tag, &tags[1].name)]),
        ("archive", vec![]),
        ("archive -的", vec![]),
        ("物理", vec![]),
        ("archive", vec![clause(FacetKind::Author, &authors[1].name)]),
    ];
    let starts = entry.segment_starts();
    for (text, clauses) in &cases {
        let query = Query::parse(text);
        let whole = answer(&root, &query, clauses);
        assert!(!whole.is_empty(), "{text:?} finds nothing");
        let newest_first = query.terms.iter().all(|t| t.exclude);
        // The first number of the newest segments kept, as they keep fewer and fewer.
        for (older, &start) in starts.iter().take(root.segments.len()).enumerate() {
            let newer = SearchRoot {
                segments: (root.segments.iter().enumerate())
                    .map(|(i, s)| {
                        if i < older {
                            SearchSegment {
                                docs: s.docs,
                                ..SearchSegment::default()
                            }
                        } else {
                            s.clone()
                        }
                    })
                    .collect(),
            };
            let mut part = answer(&newer, &query, clauses);
            let mut expected: Vec<u32> = (whole.iter().copied()).filter(|&n| n >= start).collect();
            if !newest_first {
                part.sort_unstable();
                expected.sort_unstable();
            }
            assert_eq!(part, expected, "{text:?}, {older} older segments left out");
        }
    }
}

/// The first articles of a search in best-match order from the heads of the long posting lists
/// (`search_heads`, what the app shows first): for every word of the generator, Chinese
/// characters and pairs, `title:` terms and words read while typing, they are exactly the
/// first articles of the whole answer, scores and all, at every length up to the heads' (all
/// of them when no list is long); queries the heads cannot tell (two terms, an exclusion, a
/// facet clause, a prefix of several words) are left to the whole search.
#[test]
fn the_heads_answer_exactly_the_first_articles() {
    use folio::search::shard::HEAD_POSTINGS;
    use folio::search::{
        facet_token, search, search_heads, Clause, FacetKind, Hit, Loaded, Outcome, Query,
    };

    let ThreeSegments {
        _seeds,
        bundle,
        root,
    } = ThreeSegments::bundled();
    let entry = bundle.entry().clone();
    let read = |path: &str| {
        let (file, _) = folio::model::split_range(path);
        std::fs::read(bundle.path().join(file)).expect("reads")
    };
    let load = |files: &mut Loaded, paths: Vec<String>| {
        for path in paths {
            let bytes = read(&path);
            files.insert(path, bytes).expect("an index file");
        }
    };
    let whole = |query: &Query, clauses: &[Clause]| -> Vec<Hit> {
        let mut files = Loaded::default();
        loop {
            match search(&root, query, clauses, &files) {
                Outcome::Done(hits) => return hits,
                Outcome::Need(paths) => load(&mut files, paths),
            }
        }
    };
    // The heads' answer from nothing loaded, and whether it read a list file.
    let heads = |query: &Query, clauses: &[Clause]| -> Option<(Vec<Hit>, bool)> {
        let mut files = Loaded::default();
        let mut lists = false;
        loop {
            match search_heads(&root, query, clauses, &files)? {
                Outcome::Done(hits) => return Some((hits, lists)),
                Outcome::Need(paths) => {
                    lists |= paths.iter().any(|p| p.ends_with(".lst"));
                    load(&mut files, paths);
                }
            }
        }
    };

    let words = [
        "the", "archive", "browser", "static", "server", "article", "reader", "search", "index",
        "build", "release", "compiler", "memory", "network", "update", "feature", "market",
        "phone", "screen", "battery", "cloud", "model", "training", "open", "source", "project",
    ];
    let han: Vec<char> = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成物理"
        .chars()
        .collect();
    let mut queries: Vec<Query> = Vec::new();
    let mut typed = 0;
    for word in words {
        queries.push(Query::parse(word));
        queries.push(Query::parse(&format!("title:{word}")));
        // Read while typing, a prefix: told by the heads where only this word starts with it
        // in each segment (the text has `releases` and `models` too), else left to the whole
        // search, which finds more than the word.
        let typing = Query::parse_typing(word);
        if heads(&typing, &[]).is_some() {
            typed += 1;
            queries.push(typing);
        } else {
            assert!(whole(&typing, &[]).len() > whole(&queries[queries.len() - 2], &[]).len());
        }
    }
    assert!(
        typed >= 10,
        "{typed} words read while typing told by the heads"
    );
    for (i, c) in han.iter().enumerate() {
        queries.push(Query::parse(&c.to_string()));
        queries.push(Query::parse(&format!(
            "{c}{}",
            han[(i * 7 + 3) % han.len()]
        )));
    }
    queries.push(Query::parse("物理"));
    queries.push(Query::parse("title:物理"));
    let (mut headed, mut complete) = (0, 0);
    for query in &queries {
        let all = whole(query, &[]);
        let (first, read_lists) = heads(query, &[]).unwrap_or_else(|| panic!("{query:?}"));
        assert!(!read_lists, "{query:?}: the heads read no list file");
        if first.len() < all.len() {
            headed += 1;
            assert_eq!(first.len(), HEAD_POSTINGS, "{query:?}");
        } else {
            complete += 1;
        }
        // Every first screen the heads hold (each length up to theirs) is the whole answer's.
        assert_eq!(first[..], all[..first.len()], "{query:?}");
    }
    assert!(headed >= 20, "{headed} queries answered from heads");
    assert!(complete >= 5, "{complete} queries answered whole");

    // What the heads do not tell.
    let clause = Clause {
        tokens: vec![facet_token(
            FacetKind::Author,
            &entry.facets.authors.top[0].name,
        )],
    };
    for (text, clauses) in [
        ("archive browser", Vec::new()),
        ("archive -的", Vec::new()),
        ("\"open source\"", Vec::new()),
        ("archive", vec![clause.clone()]),
        ("物理学", Vec::new()),
    ] {
        assert!(heads(&Query::parse(text), &clauses).is_none(), "{text:?}");
    }
    // A prefix several words of a segment start with (`s*`: search, server, source…).
    assert!(heads(&Query::parse("s*"), &[]).is_none());
}
