//! The writer and the engine together: segments built in memory with [`build_in_batches`]
//! (small batches, so that large segments go through runs and the merge) and searched with
//! [`search`], checked against a brute-force scan of the same articles.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::{Arc, Mutex, OnceLock};

use xxhash_rust::xxh3::Xxh3DefaultBuilder;

use super::*;
use crate::gen::Rng;
use crate::model::SearchRoot;
use crate::search::position;
use crate::search::shard::Shard;
use crate::search::terms::Piece;
use crate::search::token::{self, units, Unit};
use crate::search::{
    facet_token, month_token, search, Clause, FacetKind, Hit, Loaded, Outcome, Query, Term,
};

/// Segments built in memory.
struct Built {
    root: SearchRoot,
    /// Every file written, by path.
    files: HashMap<String, Vec<u8>>,
    indexes: Vec<SegmentIndex>,
    /// What each segment was built as: the last one the tail, the others closed.
    kinds: Vec<SegmentKind>,
    /// Every article, by number.
    docs: Vec<IndexDoc>,
}

fn build(segments: &[Vec<IndexDoc>], batch_docs: usize) -> Built {
    let files = Mutex::new(HashMap::new());
    let write = |path: &str, bytes: &[u8]| {
        let mut files = files.lock().expect("not poisoned");
        // Two segments may make the same file; a path is always the same bytes.
        if let Some(earlier) = files.insert(path.to_string(), bytes.to_vec()) {
            assert_eq!(earlier, bytes, "{path} written twice, differently");
        }
        Ok(())
    };
    let scratch = tempfile::tempdir().expect("a scratch folder");
    let kinds: Vec<SegmentKind> = (0..segments.len())
        .map(|i| {
            if i + 1 == segments.len() {
                SegmentKind::Tail
            } else {
                SegmentKind::Closed
            }
        })
        .collect();
    let indexes: Vec<SegmentIndex> = segments
        .iter()
        .zip(&kinds)
        .map(|(docs, &kind)| {
            build_in_batches(
                docs.iter().cloned(),
                true,
                kind,
                scratch.path(),
                &write,
                batch_docs,
            )
            .expect("builds")
        })
        .collect();
    assert_eq!(
        std::fs::read_dir(scratch.path()).unwrap().count(),
        0,
        "runs are deleted"
    );
    Built {
        root: SearchRoot {
            segments: indexes.iter().map(|i| i.segment.clone()).collect(),
        },
        files: files.into_inner().expect("not poisoned"),
        indexes,
        kinds,
        docs: segments.concat(),
    }
}

/// The engine's answer, loading what it asks for (at most four rounds, and from nothing:
/// key blocks, then shards, then list files and position files, each only when needed).
fn answer(built: &Built, loaded: &mut Loaded, query: &Query, clauses: &[Clause]) -> Vec<Hit> {
    let fresh = loaded.is_empty();
    let kinds = [
        FileKind::SearchBlock,
        FileKind::SearchShard,
        FileKind::Lists,
        FileKind::Positions,
    ];
    let mut next = 0;
    for round in 0..=kinds.len() {
        match search(&built.root, query, clauses, loaded) {
            Outcome::Done(hits) => return hits,
            Outcome::Need(paths) => {
                assert!(round < kinds.len(), "a fifth round for {query:?}");
                let kind = FileKind::of_path(&paths[0]);
                if fresh {
                    // A round of one kind, after the kinds of the rounds before.
                    next += kinds[next..]
                        .iter()
                        .position(|&k| Some(k) == kind)
                        .unwrap_or_else(|| panic!("{kind:?} in round {round} for {query:?}"))
                        + 1;
                }
                for path in paths {
                    if fresh {
                        assert_eq!(FileKind::of_path(&path), kind, "{path}");
                    }
                    let (file, _) = crate::model::split_range(&path);
                    let bytes = built.files.get(file).unwrap_or_else(|| panic!("{path}"));
                    loaded.insert(path, bytes.clone()).expect("a valid file");
                }
            }
        }
    }
    unreachable!()
}

/// Unit texts, each kept once, so that the scan compares units by pointer.
#[derive(Default)]
struct Interner(HashMap<String, Arc<str>>);

impl Interner {
    fn find(&self, text: &str) -> Option<Arc<str>> {
        self.0.get(text).cloned()
    }

    fn intern(&mut self, text: &str) -> Arc<str> {
        if let Some(kept) = self.0.get(text) {
            return kept.clone();
        }
        let kept: Arc<str> = text.into();
        self.0.insert(text.to_string(), kept.clone());
        kept
    }
}

/// One unit of an article as the scan reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum ScanUnit {
    Word(Arc<str>),
    Cjk { ch: Arc<str>, joined: bool },
}

/// An article as the scan reads it: its units (title first), the line of each, the tokens it
/// holds, and its facet tokens.
struct Scanned {
    units: Vec<ScanUnit>,
    /// The line each unit is in (the title's first, each newline ending one): a match is within
    /// one line.
    lines: Vec<usize>,
    /// Where each unit text stands, by its address in the interner.
    at: HashMap<usize, Vec<usize>>,
    title_units: usize,
    tokens: HashSet<String, Xxh3DefaultBuilder>,
    facets: BTreeSet<String>,
}

/// The units of `text` and the line of each.
fn scan_units(text: &str, interner: &mut Interner) -> (Vec<ScanUnit>, Vec<usize>) {
    let (mut line, mut after_last) = (0, 0);
    units(text)
        .map(|(span, u)| {
            line += text[after_last..span.start].matches('\n').count();
            after_last = span.end;
            let unit = match u {
                Unit::Word(w) => ScanUnit::Word(interner.intern(&w)),
                Unit::Cjk { ch, joined } => ScanUnit::Cjk {
                    ch: interner.intern(ch),
                    joined,
                },
            };
            (unit, line)
        })
        .unzip()
}

fn scanned(doc: &IndexDoc, interner: &mut Interner) -> Scanned {
    let title_units = units(&doc.title).count();
    let mut tokens = HashSet::default();
    for text in [&doc.title, &doc.text] {
        token::tokens(text, |t, _| {
            tokens.insert(t.into_owned());
        });
    }
    let (units, lines) = scan_units(&format!("{}\n{}", doc.title, doc.text), interner);
    let mut at: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, ScanUnit::Word(text) | ScanUnit::Cjk { ch: text, .. }) in units.iter().enumerate() {
        at.entry(text.as_ptr() as usize).or_default().push(i);
    }
    Scanned {
        units,
        lines,
        at,
        title_units,
        tokens,
        facets: doc.facets.iter().cloned().collect(),
    }
}

/// Articles as the scan reads them.
struct Scan {
    articles: Vec<Scanned>,
    interner: Interner,
}

fn scan(docs: &[IndexDoc]) -> Scan {
    let mut interner = Interner::default();
    let articles = docs.iter().map(|d| scanned(d, &mut interner)).collect();
    Scan { articles, interner }
}

/// A term as the scan judges it: its pieces' texts as the articles' units keep them (`None`
/// when no article has one), and its cover's tokens.
struct Judge<'t> {
    term: &'t Term,
    pieces: Vec<Option<Arc<str>>>,
    cover: Vec<String>,
}

impl<'t> Judge<'t> {
    fn new(term: &'t Term, interner: &Interner) -> Self {
        let pieces = term
            .pieces
            .iter()
            .map(|p| match p {
                Piece::Word(w) => interner.find(w),
                Piece::Cjk { ch, .. } => interner.find(ch),
            })
            .collect();
        let cover = term.cover().into_iter().map(|(t, _)| t).collect();
        Judge {
            term,
            pieces,
            cover,
        }
    }

    /// Whether the article holds every token of the cover (a word starting with the term, for
    /// a prefix): a quick test before the units are read.
    fn holds(&self, doc: &Scanned) -> bool {
        // A prefix's words are found by reading the units.
        self.term.prefix || self.cover.iter().all(|t| doc.tokens.contains(t))
    }

    /// How often the term occurs in the article (every start, overlapping ones too), and
    /// whether a match lies wholly in the title.
    fn occurrences(&self, doc: &Scanned) -> (u32, bool) {
        if !self.holds(doc) {
            return (0, false);
        }
        let term = self.term;
        let n = term.pieces.len();
        let (mut tf, mut title) = (0, false);
        // Where the first piece stands (anywhere, for a prefix).
        let every: Vec<usize>;
        let starts: &[usize] = match (term.prefix, &self.pieces[0]) {
            (true, _) => {
                every = (0..doc.units.len()).collect();
                &every
            }
            (false, Some(first)) => doc
                .at
                .get(&(first.as_ptr() as usize))
                .map_or(&[], Vec::as_slice),
            (false, None) => &[],
        };
        let in_one_line =
            |&&s: &&usize| s + n <= doc.units.len() && doc.lines[s] == doc.lines[s + n - 1];
        for &start in starts.iter().filter(in_one_line) {
            let mut hit = true;
            for k in 0..n {
                let kept = self.pieces[k].as_ref();
                hit = match (&term.pieces[k], &doc.units[start + k]) {
                    (Piece::Word(w), ScanUnit::Word(u)) => {
                        kept.is_some_and(|p| Arc::ptr_eq(p, u))
                            || (term.prefix && u.starts_with(w.as_str()))
                    }
                    (Piece::Cjk { joined, .. }, ScanUnit::Cjk { ch: u, joined: uj }) => {
                        kept.is_some_and(|p| Arc::ptr_eq(p, u)) && (k == 0 || !joined || *uj)
                    }
                    _ => false,
                };
                if !hit {
                    break;
                }
            }
            if hit {
                tf += 1;
                title |= start + n <= doc.title_units;
            }
        }
        (tf, title)
    }

    /// The term's document frequency: the articles it matches, or for a term of several
    /// tokens the articles that hold them all.
    fn df(&self, docs: &[Scanned], found: &[(u32, bool)]) -> usize {
        if self.term.prefix || self.cover.len() == 1 {
            found.iter().filter(|(tf, _)| *tf > 0).count()
        } else {
            docs.iter().filter(|d| self.holds(d)).count()
        }
    }
}

/// The answer by a scan of every article: the order [`search`] documents, BM25 with k1 = 1.2
/// and b = 0, document frequencies over all articles.
fn reference(scan: &Scan, query: &Query, clauses: &[Clause]) -> Vec<Hit> {
    let docs = scan.articles.as_slice();
    const K1: f32 = 1.2;
    let required: Vec<Judge<'_>> = query
        .required()
        .map(|t| Judge::new(t, &scan.interner))
        .collect();
    let excluded: Vec<Judge<'_>> = query
        .terms
        .iter()
        .filter(|t| t.exclude)
        .map(|t| Judge::new(t, &scan.interner))
        .collect();
    let found: Vec<Vec<(u32, bool)>> = required
        .iter()
        .map(|j| docs.iter().map(|d| j.occurrences(d)).collect())
        .collect();
    let idf: Vec<f32> = required
        .iter()
        .zip(&found)
        .map(|(judge, per_doc)| {
            let df = judge.df(docs, per_doc) as f32;
            (1.0 + (docs.len() as f32 - df + 0.5) / (df + 0.5)).ln()
        })
        .collect();
    let mut hits = Vec::new();
    'docs: for (doc, scanned) in docs.iter().enumerate() {
        let excluded = excluded.iter().any(|j| j.occurrences(scanned).0 > 0);
        let in_clauses = clauses
            .iter()
            .all(|c| c.tokens.iter().any(|t| scanned.facets.contains(t)));
        if excluded || !in_clauses {
            continue;
        }
        let (mut score, mut title) = (0.0, 0);
        for (per_doc, idf) in found.iter().zip(&idf) {
            let (tf, in_title) = per_doc[doc];
            if tf == 0 {
                continue 'docs;
            }
            let tf = tf as f32;
            score += idf * tf * (K1 + 1.0) / (tf + K1);
            title += u32::from(in_title);
        }
        hits.push(Hit {
            doc: doc as u32,
            score,
            title,
        });
    }
    hits.sort_by(|a, b| {
        b.title
            .cmp(&a.title)
            .then(b.score.total_cmp(&a.score))
            .then(b.doc.cmp(&a.doc))
    });
    hits
}

const WORDS: &[&str] = &[
    "rust",
    "Rust",
    "rusty",
    "rustacean",
    "trust",
    "web",
    "WebAssembly",
    "wasm",
    "the",
    "of",
    "ünï",
    "Straße",
    "STRASSE",
    "2024",
    "win11",
    "a",
    "an",
    "index",
    "indexes",
    "shard",
];
const CJK: &[char] = &[
    '中', '文', '残', '疾', '人', '事', '业', '更', '新', '微', '软', '发', '布', '会', 'カ', 'ナ',
    '한', '국',
];
const SEPARATORS: &[&str] = &[" ", " ", " ", " ", ", ", "，", "。", "、", "\n", " - ", ""];

/// A random piece of text: words (some rare: `w` and a number), CJK runs of any length, and
/// separators, none at times (a word then CJK, or two runs joined).
fn text(rng: &mut Rng, chunks: usize, rare: usize) -> String {
    let mut out = String::new();
    for i in 0..chunks {
        if i > 0 {
            let separator = SEPARATORS[rng.below(SEPARATORS.len())];
            out.push_str(separator);
        }
        match rng.below(5) {
            0 | 1 => {
                let word = WORDS[rng.below(WORDS.len())];
                out.push_str(word);
            }
            2 => out.push_str(&format!("w{}", rng.below(rare.max(1)))),
            _ => {
                for _ in 0..1 + rng.below(8) {
                    out.push(*rng.pick(CJK));
                }
            }
        }
    }
    out
}

/// Random articles: text and facets (an author, tags, a category with its ancestor, a month).
fn docs(rng: &mut Rng, count: usize, chunks: usize, rare: usize) -> Vec<IndexDoc> {
    (0..count)
        .map(|_| {
            let mut facets = Vec::new();
            if rng.below(4) > 0 {
                facets.push(facet_token(
                    FacetKind::Author,
                    &format!("author {}", rng.below(5)),
                ));
            }
            for _ in 0..rng.below(4) {
                facets.push(facet_token(
                    FacetKind::Tag,
                    &format!("tag {}", rng.below(7)),
                ));
            }
            let leaf = rng.below(6) as u32;
            facets.push(facet_token(
                FacetKind::Category,
                &format!("c{}\u{1f}{leaf}", leaf % 2),
            ));
            facets.push(facet_token(FacetKind::Category, &format!("c{}", leaf % 2)));
            facets.push(month_token(2024, 1 + rng.below(12) as u32));
            let (title_chunks, text_chunks) = (1 + rng.below(5), rng.below(chunks + 1));
            IndexDoc {
                title: text(rng, title_chunks, rare),
                text: text(rng, text_chunks, rare),
                names: String::new(),
                facets,
            }
        })
        .collect()
}

/// A query drawn from `docs`: one to three terms cut from an article (a word as written or in
/// other case, a prefix, a CJK string of 1–8 characters, a phrase of two or three units, a word
/// and the CJK after it) or made up, some excluded.
fn query(rng: &mut Rng, scan: &Scan) -> String {
    let docs = scan.articles.as_slice();
    let mut terms = Vec::new();
    for _ in 0..1 + rng.below(3) {
        let doc = rng.pick(docs);
        let at = rng.below(doc.units.len().max(1));
        let unit = doc.units.get(at).cloned();
        let text = |u: &ScanUnit| match u {
            ScanUnit::Word(w) => w.to_string(),
            ScanUnit::Cjk { ch, .. } => ch.to_string(),
        };
        let term = match (rng.below(7), unit) {
            (0, Some(ScanUnit::Word(w))) => w.to_uppercase(),
            (1, Some(ScanUnit::Word(w))) => {
                let keep = 1 + rng.below(w.chars().count());
                format!("{}*", w.chars().take(keep).collect::<String>())
            }
            (2 | 3, Some(ScanUnit::Cjk { ch, .. })) => {
                // The run from here, as the text holds it.
                let mut run = ch.to_string();
                for u in doc.units[at + 1..].iter().take(rng.below(8)) {
                    match u {
                        ScanUnit::Cjk { ch, joined: true } => run.push_str(ch),
                        _ => break,
                    }
                }
                run
            }
            (4, Some(_)) => {
                let len = 2 + rng.below(2);
                let units: Vec<String> = doc.units[at..].iter().take(len).map(text).collect();
                format!("\"{}\"", units.join(" "))
            }
            (5, Some(ScanUnit::Word(w))) => match doc.units.get(at + 1) {
                Some(ScanUnit::Cjk { ch, .. }) => format!("{w}{ch}"),
                _ => w.to_string(),
            },
            (6, _) => (0..1 + rng.below(6)).map(|_| *rng.pick(CJK)).collect(),
            (_, Some(u)) => text(&u),
            (_, None) => rng.pick(WORDS).to_string(),
        };
        let exclude = rng.below(5) == 0;
        terms.push(format!("{}{term}", if exclude { "-" } else { "" }));
    }
    terms.join(" ")
}

/// Zero to two clauses of one to three facet tokens.
fn clauses(rng: &mut Rng) -> Vec<Clause> {
    (0..rng.below(3))
        .map(|_| Clause {
            tokens: (0..1 + rng.below(3))
                .map(|_| match rng.below(4) {
                    0 => facet_token(FacetKind::Author, &format!("author {}", rng.below(6))),
                    1 => facet_token(FacetKind::Tag, &format!("tag {}", rng.below(8))),
                    2 => facet_token(
                        FacetKind::Category,
                        ["c0\u{1f}0", "c1\u{1f}3", "c0", "c1"][rng.below(4)],
                    ),
                    _ => month_token(2024, 1 + rng.below(13) as u32),
                })
                .collect(),
        })
        .collect()
}

/// Segments of many sizes: one article, none, small ones, one of many batches (runs and the
/// merge) with enough distinct tokens for several key blocks, and a tail.
fn corpus() -> &'static (Built, Scan) {
    static CORPUS: OnceLock<(Built, Scan)> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let built = build(&corpus_segments(), 256);
        let scanned = scan(&built.docs);
        (built, scanned)
    })
}

fn corpus_segments() -> Vec<Vec<IndexDoc>> {
    let mut rng = Rng::new(12);
    vec![
        docs(&mut rng, 1, 6, 50),
        Vec::new(),
        docs(&mut rng, 150, 30, 200),
        docs(&mut rng, 4000, 80, 60_000),
        docs(&mut rng, 300, 30, 200),
        docs(&mut rng, 17, 10, 50),
    ]
}

#[test]
fn answers_as_a_scan_does() {
    let (built, scanned) = corpus();
    assert!(
        built.indexes[3].segment.blocks.len() > 1,
        "the large segment has several key blocks"
    );
    let mut rng = Rng::new(5);
    let mut loaded = Loaded::default();
    let (mut hits, mut empty, mut with_clauses) = (0, 0, 0);
    for i in 0..300 {
        let text = query(&mut rng, scanned);
        let query = Query::parse(&text);
        let clauses = clauses(&mut rng);
        // Half of the queries from nothing loaded, to see every round.
        if i % 2 == 0 {
            loaded = Loaded::default();
        }
        let found = answer(built, &mut loaded, &query, &clauses);
        let expected = reference(scanned, &query, &clauses);
        if found != expected {
            let first = found.iter().zip(&expected).position(|(a, b)| a != b);
            panic!(
                "query {text:?} with {clauses:?}: found {} hits, expected {}; first \
                 difference at {first:?}:\n{:?}\n{:?}",
                found.len(),
                expected.len(),
                &found[..found.len().min(8)],
                &expected[..expected.len().min(8)],
            );
        }
        hits += found.len();
        empty += usize::from(found.is_empty());
        with_clauses += usize::from(!clauses.is_empty() && !found.is_empty());
    }
    // The drawn queries exercise both sides.
    assert!(
        hits > 4000 && empty > 20 && with_clauses > 50,
        "{hits} hits, {empty} empty, {with_clauses} with clauses"
    );
}

#[test]
fn clauses_alone_answer_newest_first() {
    let (built, scanned) = corpus();
    let mut loaded = Loaded::default();
    let mut rng = Rng::new(9);
    for _ in 0..40 {
        let clauses = clauses(&mut rng);
        let found = answer(built, &mut loaded, &Query::default(), &clauses);
        assert_eq!(found, reference(scanned, &Query::default(), &clauses));
        assert!(found.windows(2).all(|w| w[0].doc > w[1].doc));
    }
    // Nothing asked: every article, newest first; exclusions alone: the others.
    let all = answer(built, &mut loaded, &Query::default(), &[]);
    let n = scanned.articles.len() as u32;
    assert_eq!(
        all.iter().map(|h| h.doc).collect::<Vec<_>>(),
        (0..n).rev().collect::<Vec<_>>()
    );
    let not_rust = Query::parse("-rust");
    assert_eq!(
        answer(built, &mut loaded, &not_rust, &[]),
        reference(scanned, &not_rust, &[])
    );
    // A clause of no token matches nothing.
    assert!(answer(built, &mut loaded, &Query::default(), &[Clause::default()]).is_empty());
}

fn doc(title: &str, text: &str) -> IndexDoc {
    IndexDoc {
        title: title.to_string(),
        text: text.to_string(),
        names: String::new(),
        facets: Vec::new(),
    }
}

/// The numbers matching `query` in the segments of `segments`, best first.
fn run(segments: &[Vec<IndexDoc>], query: &str) -> Vec<u32> {
    let built = build(segments, 2);
    let hits = answer(&built, &mut Loaded::default(), &Query::parse(query), &[]);
    hits.iter().map(|h| h.doc).collect()
}

#[test]
fn chinese_matches_exactly_as_a_substring() {
    let docs = [
        doc("残疾人事业", "新闻宣传促进会启动公益合作"),
        doc(
            "Rust 2024",
            "The Rust edition ships. 残疾 and 人事 apart, 事业单位",
        ),
        doc("Notes", "hello world, hello again; 人事业务"),
        // Every second pair of 残疾人事 is here, and 疾人 too, but never together.
        doc("Apart", "残疾，人事。疾人"),
    ];
    let set = |q: &str| -> Vec<u32> {
        let mut hits = run(&[docs[..2].to_vec(), docs[2..].to_vec()], q);
        hits.sort_unstable();
        hits
    };
    for (query, expected) in [
        ("残疾人事业", vec![0]),
        ("人事业", vec![0, 2]),
        ("事业", vec![0, 1, 2]),
        ("残疾人", vec![0]),
        ("残疾人事", vec![0]),
        ("残", vec![0, 1, 3]),
        ("疾人事业单", vec![]),
        ("爪", vec![]),
        ("hello", vec![2]),
        ("\"hello world\"", vec![2]),
        ("\"world hello\"", vec![2]),
        ("\"again hello\"", vec![]),
        ("hello -again", vec![]),
        ("rust 残疾", vec![1]),
        ("-hello", vec![0, 1, 3]),
        ("2024人事", vec![]),
    ] {
        assert_eq!(set(query), expected, "{query}");
    }
}

/// The first `w<i>` that ends a block and the first that does not, and a Han character that
/// ends a block.
fn block_units() -> (String, String, char) {
    let word = |ends: bool| {
        (0..)
            .map(|i| format!("w{i}"))
            .find(|w| position::ends_block(w) == ends)
            .expect("both kinds")
    };
    let han = ('\u{4E00}'..='\u{9FFF}')
        .find(|c| position::ends_block(&c.to_string()))
        .expect("one in 64");
    (word(true), word(false), han)
}

#[test]
fn a_phrase_runs_across_a_block_boundary_but_not_from_one_line_to_the_next() {
    let (ender, other, han) = block_units();
    let docs = vec![
        doc(
            "Hello",
            &format!("world of {ender} next\nline two {other}\n中{han}文字"),
        ),
        doc("Other", &format!("hello world, next line; {ender} next")),
    ];
    // The unit after the block's last stands at the next block, the next line further.
    let mut at: HashMap<String, u32> = HashMap::new();
    let mut numbering = position::Numbering::default();
    for text in [&docs[0].title, &docs[0].text] {
        position::tokens_in_lines(text, &mut numbering, |t, p| {
            at.entry(t.into_owned()).or_insert(p);
        });
    }
    assert_eq!(
        at["next"],
        (at[&ender] + 1).next_multiple_of(position::BLOCK_STEP)
    );
    assert_eq!(at["world"], position::LINE_STEP);
    assert_eq!(at["line"], 2 * position::LINE_STEP);
    assert_eq!(
        at["文字"],
        (at[&han.to_string()] + 1).next_multiple_of(position::BLOCK_STEP)
    );
    let built = build(std::slice::from_ref(&docs), 2);
    let scanned = scan(&docs);
    for (query, expected) in [
        (format!("\"of {ender} next\""), vec![0]),
        (format!("\"{ender} next\""), vec![1, 0]),
        (format!("{han}文字"), vec![0]),
        (format!("中{han}文"), vec![0]),
        // Across a line, and from the title into the body: no.
        ("\"next line\"".to_string(), vec![1]),
        ("\"hello world\"".to_string(), vec![1]),
        (format!("\"{other} 中\""), vec![]),
        ("\"line two\"".to_string(), vec![0]),
    ] {
        let query = Query::parse(&query);
        let found = answer(&built, &mut Loaded::default(), &query, &[]);
        assert_eq!(found, reference(&scanned, &query, &[]), "{query:?}");
        let found: Vec<u32> = found.iter().map(|h| h.doc).collect();
        assert_eq!(found, expected, "{query:?}");
    }
}

#[test]
fn an_article_of_more_lines_than_positions_number_keeps_every_word() {
    // Every line of one unit; past the lines that fit, the rest joins the last one.
    let fit = (position::FLAT_FROM / position::LINE_STEP) as usize;
    let text = format!("{}alpha\nbeta gamma", "x\n".repeat(fit + 10));
    let docs = vec![doc("Long", &text), doc("Short", "alpha\nbeta gamma")];
    let built = build(&[docs], 2);
    for (query, expected) in [
        ("gamma", vec![1, 0]),
        ("\"beta gamma\"", vec![1, 0]),
        // In the joined line, a phrase runs over what were lines.
        ("\"alpha beta\"", vec![0]),
        ("\"long x\"", vec![]),
    ] {
        let found = answer(&built, &mut Loaded::default(), &Query::parse(query), &[]);
        let found: Vec<u32> = found.iter().map(|h| h.doc).collect();
        assert_eq!(found, expected, "{query}");
    }
}

/// Each token's list in an index of `doc` alone.
fn lists_of(doc: &IndexDoc) -> HashMap<String, TokenList> {
    invert(vec![doc.clone()], 0, true)
        .into_iter()
        .map(|list| (list.token.clone(), list))
        .collect()
}

/// The tokens whose lists differ between two indexes of one article.
fn changed(old: &HashMap<String, TokenList>, new: &HashMap<String, TokenList>) -> BTreeSet<String> {
    old.keys()
        .chain(new.keys())
        .filter(|t| old.get(*t) != new.get(*t))
        .cloned()
        .collect()
}

#[test]
fn an_inserted_sentence_or_a_title_edit_changes_the_lists_of_its_block_alone() {
    let mut rng = Rng::new(13);
    // Words that end no block, so that the sentence adds none.
    let sentence: Vec<&str> = WORDS
        .iter()
        .copied()
        .filter(|w| !position::ends_block(&w.to_lowercase()))
        .take(6)
        .collect();
    assert_eq!(sentence.len(), 6);
    let sentence = sentence.join(" ");
    let (mut edits, mut kept_after) = (0, 0);
    for doc in docs(&mut rng, 40, 400, 1_000) {
        // The old article's tokens by the blocks (multiples of BLOCK_STEP) they occur in.
        let mut numbering = position::Numbering::default();
        let mut title_tokens = BTreeSet::new();
        position::tokens_in_lines(&doc.title, &mut numbering, |t, _| {
            title_tokens.insert(t.into_owned());
        });
        let mut occurrences: Vec<(String, u32)> = Vec::new();
        position::tokens_in_lines(&doc.text, &mut numbering, |t, p| {
            occurrences.push((t.into_owned(), p))
        });
        let units: Vec<_> = units(&doc.text).collect();
        if units.len() < 100 {
            continue;
        }
        // After the middle unit, as a sentence of its own.
        let middle = units.len() / 2;
        let at = units[middle].0.end;
        let text = format!("{} {sentence}. {}", &doc.text[..at], &doc.text[at..]);
        // The blocks of the units on either side of it; the sentence must not fill them.
        let mut positions: Vec<u32> = occurrences.iter().map(|(_, p)| *p).collect();
        positions.dedup();
        let touched = [positions[middle], positions[middle + 1]].map(|p| p / position::BLOCK_STEP);
        let fullest = positions
            .iter()
            .filter(|p| touched.contains(&(*p / position::BLOCK_STEP)))
            .map(|p| p % position::BLOCK_STEP)
            .max()
            .unwrap_or(0);
        if fullest + 6 >= position::BLOCK_STEP {
            continue;
        }
        let predicted: BTreeSet<String> = occurrences
            .iter()
            .filter(|(_, p)| touched.contains(&(p / position::BLOCK_STEP)))
            .map(|(t, _)| t.clone())
            .chain(sentence.split(' ').map(str::to_lowercase))
            .collect();
        let old = lists_of(&doc);
        let inserted = lists_of(&IndexDoc {
            text,
            ..doc.clone()
        });
        let changed_lists = changed(&old, &inserted);
        assert!(
            changed_lists.is_subset(&predicted),
            "changed beyond the blocks around the sentence: {:?}",
            changed_lists.difference(&predicted).collect::<Vec<_>>()
        );
        // Tokens only after it (in later blocks and lines), and not in it, keep their lists.
        let after: BTreeSet<&String> = occurrences[..]
            .iter()
            .filter(|(t, _)| {
                !sentence.to_lowercase().split(' ').any(|w| w == t)
                    && occurrences
                        .iter()
                        .filter(|(u, _)| u == t)
                        .all(|(_, p)| *p / position::BLOCK_STEP > touched[1])
            })
            .map(|(t, _)| t)
            .collect();
        kept_after += after
            .iter()
            .filter(|t| !changed_lists.contains(**t))
            .count();
        assert!(after.iter().all(|t| !changed_lists.contains(*t)));
        // A word added to the title: the lists of the title's tokens alone change (they say
        // where the title ends).
        let retitled = lists_of(&IndexDoc {
            title: format!("{} {}", doc.title, sentence),
            ..doc.clone()
        });
        let title_predicted: BTreeSet<String> = title_tokens
            .iter()
            .cloned()
            .chain(sentence.split(' ').map(str::to_lowercase))
            .collect();
        let changed_lists = changed(&old, &retitled);
        assert!(
            changed_lists.is_subset(&title_predicted),
            "{:?}",
            changed_lists
                .difference(&title_predicted)
                .collect::<Vec<_>>()
        );
        edits += 1;
    }
    assert!(
        edits >= 20 && kept_after > 1_000,
        "{edits} edits, {kept_after} lists kept"
    );
}

#[test]
fn titles_rank_first_then_score_then_newer() {
    // "Rust" is in the title of 1 only; 0 says it more often.
    let docs = vec![
        doc("Notes", "rust rust rust rust"),
        doc("Rust", "once: rust"),
    ];
    assert_eq!(run(&[docs], "rust"), [1, 0]);
    // Every token of 人事业 is in the first title, but not the term: only the second title
    // counts; the third says it most often.
    let docs = [
        doc("人事 事业", "人事业 人事业"),
        doc("新人事业", "人事业"),
        doc("其他", "人事业 人事业 人事业"),
    ];
    assert_eq!(
        run(&[docs[..1].to_vec(), docs[1..].to_vec()], "人事业"),
        [1, 2, 0]
    );
    // A phrase does not run from the title into the text; one in the text is not in the
    // title even when its words are.
    let docs = vec![
        doc("hello", "world"),
        doc("x", "hello world"),
        doc("world hello", "hello world"),
    ];
    assert_eq!(run(&[docs], "\"hello world\""), [2, 1]);
    let docs = vec![doc("a hello world", "z"), doc("x", "hello world")];
    assert_eq!(run(&[docs], "\"hello world\""), [0, 1]);
    // Same score: newer first, across segments.
    let same = vec![doc("a", "same"), doc("b", "same")];
    assert_eq!(run(&[same.clone(), same], "same"), [3, 2, 1, 0]);
}

#[test]
fn prefixes_span_shards_and_fall_back_while_typing() {
    let (built, scanned) = corpus();
    // How many shards a prefix spans in the segment where it spans most.
    let shards_of = |prefix: &str| -> usize {
        let in_segment = |segment: &SearchSegment| -> usize {
            let blocks = segment.blocks_for_prefix(prefix);
            blocks
                .iter()
                .map(|hash| {
                    let bytes = &built.files[&file_path(FileKind::SearchBlock, hash)];
                    KeyBlock::parse(bytes)
                        .unwrap()
                        .shards_for_prefix(prefix)
                        .len()
                })
                .sum()
        };
        built
            .root
            .segments
            .iter()
            .map(in_segment)
            .max()
            .unwrap_or(0)
    };
    // `w1` starts thousands of words of the large segment.
    assert!(shards_of("w1") > 3 && shards_of("w1234") <= 3);
    let mut loaded = Loaded::default();
    for typed in [
        "w1", "web w1", "w1234", "w12", "rus", "tr", "ind", "str", "wasm",
    ] {
        let last = typed.split(' ').next_back().unwrap();
        // A prefix read while typing is a whole word when it spans more than three shards.
        let read_as = if shards_of(last) > 3 {
            typed.to_string()
        } else {
            format!("{typed}*")
        };
        let typing = Query::parse_typing(typed);
        let expected = reference(scanned, &Query::parse(&read_as), &[]);
        assert!(
            answer(built, &mut loaded, &typing, &[]) == expected,
            "{typed} as {read_as}"
        );
        // Asked for, a prefix reads every shard it spans.
        let asked = Query::parse(&format!("{typed}*"));
        assert!(answer(built, &mut loaded, &asked, &[]) == reference(scanned, &asked, &[]));
    }
}

#[test]
fn runs_and_one_batch_answer_alike_and_output_is_deterministic() {
    let mut rng = Rng::new(3);
    let docs = docs(&mut rng, 300, 40, 500);
    let in_batches = build(std::slice::from_ref(&docs), 64);
    let at_once = build(std::slice::from_ref(&docs), 1000);
    let again = build(&[docs], 64);
    assert_eq!(in_batches.files, again.files);
    assert_eq!(in_batches.indexes, again.indexes);
    let scanned = scan(&in_batches.docs);
    let mut rng = Rng::new(4);
    for _ in 0..100 {
        let query = Query::parse(&query(&mut rng, &scanned));
        let a = answer(&in_batches, &mut Loaded::default(), &query, &[]);
        let b = answer(&at_once, &mut Loaded::default(), &query, &[]);
        assert_eq!(a, b);
    }
    assert_eq!(in_batches.indexes[0].tokens, at_once.indexes[0].tokens);
}

/// Every file the root leads to, by path.
fn reachable(built: &Built) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for segment in &built.root.segments {
        for block in &segment.blocks {
            let path = file_path(FileKind::SearchBlock, &block.file);
            let keys = KeyBlock::parse(&built.files[&path]).expect("a key block");
            assert!(keys.len() <= BLOCK_MAX_SHARDS);
            assert_eq!(
                keys.shards().next().map(|s| s.key),
                Some(block.first.clone())
            );
            out.insert(path);
            for shard in keys.shards() {
                let path = file_path(FileKind::SearchShard, &hash_name(shard.hash));
                let parsed = Shard::parse(built.files[&path].clone()).expect("a shard");
                for (_, entry) in parsed.entries() {
                    if let shard::PosRef::File(range) = entry.positions {
                        out.insert(file_path(FileKind::Positions, &hash_name(range.hash)));
                    }
                    if let shard::ListRef::File { file, .. } = entry.list {
                        out.insert(file_path(FileKind::Lists, &hash_name(file.hash)));
                    }
                }
                out.insert(path);
            }
        }
    }
    out
}

#[test]
fn files_are_named_by_their_hash_sized_by_the_segment_and_all_reachable() {
    let (built, _) = corpus();
    let written: BTreeSet<String> = built.files.keys().cloned().collect();
    assert_eq!(reachable(built), written);
    for (path, bytes) in &built.files {
        assert!(path.contains(&hash_name(xxh3_64(bytes))), "{path}");
    }
    let total: usize = built.indexes.iter().map(|i| i.files).sum();
    assert_eq!(total, written.len(), "no file made twice");
    for (index, &kind) in built.indexes.iter().zip(&built.kinds) {
        let target = shard_target(index.bytes, kind);
        for block in &index.segment.blocks {
            let path = file_path(FileKind::SearchBlock, &block.file);
            for shard in KeyBlock::parse(&built.files[&path]).unwrap().shards() {
                let bytes = &built.files[&file_path(FileKind::SearchShard, &hash_name(shard.hash))];
                let parsed = Shard::parse(bytes.clone()).unwrap();
                // Within its maximum, of the target the packer estimated (which the target of
                // the bytes written may fall short of by a quarter), or a single entry.
                assert!(
                    parsed.entries().count() == 1
                        || bytes.len() <= CUT_MAX_TIMES * (target + target / 4) + 200,
                    "a shard of {} bytes for a target of {target}",
                    bytes.len()
                );
            }
        }
    }
    use SegmentKind::{Closed, Tail};
    assert_eq!(shard_target(0, Closed), 2048);
    assert_eq!(shard_target(0, Tail), 2048);
    // 2,250 × √MiB, in steps of 256 bytes.
    assert_eq!(shard_target(100 << 20, Closed), 22_272);
    assert_eq!(shard_target(10 << 30, Closed), 96 * 1024);
    // Below the floors, the floor, but no more than a 128th of the index.
    assert_eq!(shard_target(4 << 20, Closed), 12 * 1024);
    assert_eq!(shard_target(4 << 20, Tail), 24 * 1024);
    assert_eq!(shard_target(2 << 20, Tail), 16 * 1024);
    assert_eq!(shard_target(400 << 10, Closed), 3_072);
    assert_eq!(shard_target(40 << 20, Closed), 14_080);
    assert_eq!(shard_target(100 << 10, Tail), 2048);
}

#[test]
fn facets_only_without_text() {
    let mut rng = Rng::new(8);
    let docs = docs(&mut rng, 50, 10, 50);
    let files = Mutex::new(HashMap::new());
    let write = |path: &str, bytes: &[u8]| {
        files
            .lock()
            .unwrap()
            .insert(path.to_string(), bytes.to_vec());
        Ok(())
    };
    let scratch = tempfile::tempdir().unwrap();
    let index = build_segment(
        docs.iter().cloned(),
        false,
        SegmentKind::Closed,
        scratch.path(),
        &write,
    )
    .unwrap();
    let distinct: BTreeSet<&String> = docs.iter().flat_map(|d| &d.facets).collect();
    assert_eq!(index.tokens, distinct.len());
    assert_eq!(index.segment.docs, 50);
}

#[test]
fn malformed_files_are_refused() {
    let mut loaded = Loaded::default();
    for path in ["s/00/0000000000000000.keys", "s/00/0000000000000000.bin"] {
        assert!(
            loaded.insert(path.to_string(), vec![1, 2, 3]).is_err(),
            "{path}"
        );
    }
    assert!(loaded
        .insert("r/00/0000000000000000.json".into(), vec![])
        .is_err());
    assert!(loaded
        .insert("s/00/0000000000000000.pos".into(), vec![1])
        .is_ok());
}

#[test]
fn keys_are_as_short_as_they_can_be() {
    for (before, first, key) in [
        ("apple", "banana", "b"),
        ("banal", "banana", "banan"),
        ("中文", "中方", "中方"),
        ("中文", "丰", "丰"),
        ("ab", "abc", "abc"),
        ("\u{1}t9", "a", "a"),
    ] {
        assert_eq!(text::separator(before, first), key);
    }
}

#[test]
fn a_segment_continued_from_kept_lists_is_the_same_bytes_as_one_built_whole() {
    let mut rng = Rng::new(5);
    let docs = docs(&mut rng, 300, 40, 500);
    let whole = build(std::slice::from_ref(&docs), BATCH_DOCS);
    for cut in [0, 1, 150, 299, 300] {
        let kept = Inverted::default().then(docs[..cut].to_vec(), true);
        let continued = kept.then(docs[cut..].to_vec(), true);
        assert!(continued.is_one_batch());
        let files = Mutex::new(HashMap::new());
        let write = |path: &str, bytes: &[u8]| {
            let mut files = files.lock().expect("not poisoned");
            files.insert(path.to_string(), bytes.to_vec());
            Ok(())
        };
        let index = continued.pack(SegmentKind::Tail, &write).expect("packs");
        assert_eq!(index, whole.indexes[0], "cut at {cut}");
        assert_eq!(files.into_inner().unwrap(), whole.files, "cut at {cut}");
    }
    // More articles than a batch are not packed this way.
    let many = Inverted {
        docs: BATCH_DOCS as u32 + 1,
        ..Inverted::default()
    };
    assert!(!many.is_one_batch());
}

#[test]
fn a_segment_patched_from_its_files_is_the_same_bytes_as_one_built_whole() {
    let mut rng = Rng::new(6);
    let before = docs(&mut rng, 300, 40, 500);
    let mut replacements = docs(&mut rng, 300, 40, 500).into_iter();
    let edit_sets: [&[usize]; 5] = [
        &[0],
        &[299],
        &[5, 6, 7, 150],
        &[10, 64, 65, 128, 200, 263],
        &[
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
        ],
    ];
    for batch_docs in [BATCH_DOCS, 64] {
        let old = build(std::slice::from_ref(&before), batch_docs);
        for (set, numbers) in edit_sets.iter().enumerate() {
            let mut after = before.clone();
            for (i, &n) in numbers.iter().enumerate() {
                after[n] = match i % 3 {
                    // A paragraph appended.
                    0 => IndexDoc {
                        text: format!("{}\nrust 更新 w{n}", before[n].text),
                        ..before[n].clone()
                    },
                    // Another article, its facets with it.
                    1 => replacements.next().expect("enough"),
                    // Emptied: its tokens leave the lists they were alone in.
                    _ => IndexDoc::default(),
                };
            }
            let whole = build(std::slice::from_ref(&after), batch_docs);
            let read = |path: &str| {
                old.files
                    .get(path)
                    .cloned()
                    .ok_or_else(|| io::Error::from(io::ErrorKind::NotFound))
            };
            let lists = read_segment(&old.indexes[0].segment, &read).expect("reads back");
            assert_eq!(lists.docs, 300);
            let edits = numbers.iter().map(|&n| EditedDoc {
                number: n as u32,
                doc: after[n].clone(),
            });
            let sizes: Vec<usize> = after.iter().map(|d| d.title.len() + d.text.len()).collect();
            let files = Mutex::new(HashMap::new());
            let write = |path: &str, bytes: &[u8]| {
                let mut files = files.lock().expect("not poisoned");
                files.insert(path.to_string(), bytes.to_vec());
                Ok(())
            };
            let index = patch_in_batches(
                lists,
                edits.collect(),
                &sizes,
                true,
                SegmentKind::Tail,
                &write,
                batch_docs,
            )
            .expect("patches");
            let what = format!("edit set {set}, batches of {batch_docs}");
            assert_eq!(index, whole.indexes[0], "{what}");
            assert_eq!(files.into_inner().unwrap(), whole.files, "{what}");
        }
    }
}

#[test]
fn a_segment_with_a_file_missing_or_damaged_is_not_read_back() {
    let mut rng = Rng::new(7);
    let built = build(&[docs(&mut rng, 100, 40, 500)], BATCH_DOCS);
    let segment = &built.indexes[0].segment;
    for damaged in built.files.keys() {
        let read = |path: &str| match built.files.get(path) {
            Some(_) if path == damaged => Ok(b"\x05not a file".to_vec()),
            Some(bytes) => Ok(bytes.clone()),
            None => Err(io::Error::from(io::ErrorKind::NotFound)),
        };
        let missing = |path: &str| match built.files.get(path) {
            Some(bytes) if path != damaged => Ok(bytes.clone()),
            _ => Err(io::Error::from(io::ErrorKind::NotFound)),
        };
        assert!(
            read_segment(segment, &missing).is_err(),
            "{damaged} missing"
        );
        if !damaged.ends_with(".pos") {
            assert!(read_segment(segment, &read).is_err(), "{damaged} damaged");
        }
    }
}

#[test]
fn a_patched_segment_is_sized_by_the_runs_a_build_would_write() {
    let mut rng = Rng::new(8);
    let docs = docs(&mut rng, 500, 40, 500);
    let sizes: Vec<usize> = docs.iter().map(|d| d.title.len() + d.text.len()).collect();
    let whole = invert(docs.clone(), 0, true);
    for batch_docs in [BATCH_DOCS, 500, 499, 100, 64, 7, 1] {
        // What `build_in_batches` counts: each batch's run, its lists' sizes.
        let runs: u64 = docs
            .chunks(batch_docs)
            .enumerate()
            .map(|(b, batch)| {
                let run = invert(batch.to_vec(), (b * batch_docs) as u32, true);
                run.iter().map(TokenList::size).sum::<u64>()
            })
            .sum();
        assert_eq!(
            estimate(whole.iter().map(ListRef::of), &sizes, batch_docs),
            runs,
            "batches of {batch_docs}"
        );
    }
    // A batch also ends at `BATCH_BYTES` of text.
    let mut large = sizes.clone();
    large[10] = BATCH_BYTES;
    large[20] = BATCH_BYTES - 1;
    assert_eq!(batch_of_each(&large, BATCH_DOCS)[..23], {
        let mut expected = vec![0; 11];
        expected.extend([1; 10]);
        expected.extend([2, 2]);
        expected
    });
}

#[test]
fn key_blocks_end_where_their_last_shard_says_so_within_their_bounds() {
    let mut rng = Rng::new(21);
    let hashes: Vec<u64> = (0..5_000).map(|_| rng.next_u64()).collect();
    let blocks = key_blocks(&hashes);
    assert_eq!(blocks.first().map(|b| b.start), Some(0));
    assert_eq!(blocks.last().map(|b| b.end), Some(hashes.len()));
    for pair in blocks.windows(2) {
        assert_eq!(pair[0].end, pair[1].start);
    }
    for block in &blocks[..blocks.len() - 1] {
        let len = block.len();
        assert!(
            (BLOCK_MIN_SHARDS..=BLOCK_MAX_SHARDS).contains(&len),
            "{len}"
        );
        assert!(len == BLOCK_MAX_SHARDS || hashes[block.end - 1] % BLOCK_SPREAD == 0);
    }
    let mean = hashes.len() / blocks.len();
    assert!((48..=80).contains(&mean), "{mean} shards a block");
    // A shard added or taken away changes the block around it and perhaps the next: the blocks
    // before are the same, and so are those after, but for where they start.
    let of = |hashes: &[u64]| -> Vec<Vec<u64>> {
        key_blocks(hashes)
            .into_iter()
            .map(|b| hashes[b].to_vec())
            .collect()
    };
    let old = of(&hashes);
    for at in [0, 1, 31, 32, 1_000, 2_500, 4_999] {
        for added in [true, false] {
            let mut changed = hashes.clone();
            if added {
                changed.insert(at, rng.next_u64());
            } else {
                changed.remove(at);
            }
            let new = of(&changed);
            let same_before = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
            let same_after = old
                .iter()
                .rev()
                .zip(new.iter().rev())
                .take_while(|(a, b)| a == b)
                .count();
            let differ = new.len() - same_before.min(new.len()) - same_after;
            assert!(
                differ <= 2,
                "a shard {} at {at}: {differ} blocks of {} differ",
                if added { "added" } else { "taken away" },
                new.len()
            );
        }
    }
}

/// A built segment's files in reading order, each with the first token it holds: its key
/// blocks, its shards (with the position files they refer to) and its position files (in the
/// order of the tokens whose positions they hold); and each token's list.
struct Laid {
    blocks: Vec<(String, usize)>,
    shards: Vec<(String, String, Vec<String>)>,
    position_files: Vec<(String, String)>,
    /// Each token's df, postings and positions.
    lists: HashMap<String, (u32, Vec<u8>, Vec<u8>)>,
}

fn laid(built: &Packed) -> Laid {
    let mut laid = Laid {
        blocks: Vec::new(),
        shards: Vec::new(),
        position_files: Vec::new(),
        lists: HashMap::new(),
    };
    let segment = &built.index.segment;
    for block in &segment.blocks {
        let path = file_path(FileKind::SearchBlock, &block.file);
        let keys = KeyBlock::parse(&built.files[&path]).unwrap();
        laid.blocks.push((path, keys.len()));
        for shard in keys.shards() {
            let path = file_path(FileKind::SearchShard, &hash_name(shard.hash));
            let parsed = Shard::parse(built.files[&path].clone()).unwrap();
            let mut refers = Vec::new();
            let mut first = None;
            for (token, entry) in parsed.entries() {
                first.get_or_insert_with(|| token.to_string());
                if let shard::PosRef::File(range) = entry.positions {
                    let file = file_path(FileKind::Positions, &hash_name(range.hash));
                    if laid.position_files.last().is_none_or(|(f, _)| *f != file) {
                        laid.position_files.push((file.clone(), token.to_string()));
                    }
                    refers.push(file);
                }
            }
            laid.shards.push((path, first.unwrap(), refers));
        }
    }
    let read = |path: &str| Ok(built.files[path].clone());
    let lists = read_segment(segment, &read).unwrap();
    for list in lists.lists() {
        laid.lists.insert(
            list.token.to_string(),
            (list.df, list.postings.to_vec(), list.positions.to_vec()),
        );
    }
    laid
}

/// One segment's index and files.
struct Packed {
    index: SegmentIndex,
    files: HashMap<String, Vec<u8>>,
}

/// `docs` inverted and packed into shards of `shard_target` bytes, whatever their size: a
/// small segment cut into as many shards and key blocks as a large one.
fn packed(docs: &[IndexDoc], shard_target: usize) -> Packed {
    let files = Mutex::new(HashMap::new());
    let write = |path: &str, bytes: &[u8]| {
        files
            .lock()
            .expect("not poisoned")
            .insert(path.to_string(), bytes.to_vec());
        Ok(())
    };
    let mut packer = Packer::new(&write);
    packer.shard_cuts = Cuts::around(shard_target, SHARD_CUT_SEED);
    packer.position_cuts = Cuts::around(
        CLOSED_POSITIONS_PER_SHARD * shard_target,
        POSITIONS_CUT_SEED,
    );
    for list in invert(docs.to_vec(), 0, true) {
        packer.add(list).expect("packs");
    }
    let index = packer.finish().expect("packs");
    Packed {
        index,
        files: files.into_inner().expect("not poisoned"),
    }
}

/// The indexes of the pieces, given the first token of each in order, whose tokens (up to the
/// next piece's first) include one of `tokens`.
fn holding<'a>(firsts: impl Iterator<Item = &'a String>, tokens: &[&str]) -> Vec<usize> {
    let firsts: Vec<&String> = firsts.collect();
    let mut out: Vec<usize> = tokens
        .iter()
        .map(|t| {
            firsts
                .partition_point(|f| f.as_str() <= *t)
                .saturating_sub(1)
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Whether every index in `new` is within `reach` of one in `near`.
fn all_near(new: &[usize], near: &[usize], reach: usize) -> bool {
    new.iter()
        .all(|&n| near.iter().any(|&t| n.abs_diff(t) <= reach))
}

#[test]
fn an_edit_changes_the_files_around_the_lists_it_changes_and_no_later_ones() {
    let mut rng = Rng::new(22);
    let before = docs(&mut rng, 2_500, 80, 60_000);
    let old = packed(&before, 2048);
    let old_laid = laid(&old);
    assert!(
        old_laid.blocks.len() >= 3,
        "{} key blocks",
        old_laid.blocks.len()
    );
    let edited = |n: usize, edit: &dyn Fn(&str) -> String| {
        let mut after = before.clone();
        after[n].text = edit(&before[n].text);
        after
    };
    let middle = |text: &str| {
        text.char_indices()
            .nth(text.chars().count() / 2)
            .map_or(0, |(i, _)| i)
    };
    let edits: Vec<(&str, Vec<IndexDoc>)> = vec![
        (
            "a paragraph appended",
            edited(1_200, &|t| format!("{t}\nrust 更新 w7 w60001")),
        ),
        (
            "a word added",
            edited(1_300, &|t| {
                let at = middle(t);
                format!("{} typo{}", &t[..at], &t[at..])
            }),
        ),
        (
            "a sentence inserted",
            edited(1_400, &|t| {
                let at = middle(t);
                format!(
                    "{} 插入 the inserted sentence w60002 {}",
                    &t[..at],
                    &t[at..]
                )
            }),
        ),
        (
            "new words",
            edited(100, &|t| {
                let words: Vec<String> = (0..300).map(|i| format!("w{}", 70_000 + i)).collect();
                format!("{t} {}", words.join(" "))
            }),
        ),
        ("a body emptied", edited(2_000, &|_| String::new())),
    ];
    for (what, after) in edits {
        let new = packed(&after, 2048);
        let new_laid = laid(&new);
        // The tokens whose lists the edit changed, added or removed.
        let mut touched: Vec<&str> = new_laid
            .lists
            .iter()
            .filter(|(token, list)| old_laid.lists.get(*token) != Some(list))
            .map(|(token, _)| token.as_str())
            .chain(
                old_laid
                    .lists
                    .keys()
                    .filter(|t| !new_laid.lists.contains_key(*t))
                    .map(String::as_str),
            )
            .collect();
        touched.sort_unstable();
        assert!(!touched.is_empty(), "{what}");
        let in_file = |t: &&str| {
            [&old_laid, &new_laid].iter().any(|l| {
                l.lists
                    .get(*t)
                    .is_some_and(|(_, _, p)| p.len() > INLINE_POSITIONS)
            })
        };
        let touched_in_files: Vec<&str> = touched.iter().copied().filter(in_file).collect();
        let is_new = |path: &String| old.files.get(path) != Some(&new.files[path]);
        // Position files: a new one holds a changed list's positions, or is within two of one.
        let changed_positions = holding(
            new_laid.position_files.iter().map(|(_, first)| first),
            &touched_in_files,
        );
        let new_positions: Vec<usize> = (0..new_laid.position_files.len())
            .filter(|&i| is_new(&new_laid.position_files[i].0))
            .collect();
        assert!(
            all_near(&new_positions, &changed_positions, 2),
            "{what}: new position files {new_positions:?}, changed lists in {changed_positions:?} of {}",
            new_laid.position_files.len()
        );
        // Shards: a new one holds a changed list or refers to a new position file, or is within
        // a few shards of one that does, where the cuts resynchronise (the next cuts agree with
        // a chance of about 1/e a shard; cuts by fill moved every later one).
        let mut changed_shards =
            holding(new_laid.shards.iter().map(|(_, first, _)| first), &touched);
        changed_shards.extend(
            (0..new_laid.shards.len()).filter(|&i| new_laid.shards[i].2.iter().any(is_new)),
        );
        let new_shards: Vec<usize> = (0..new_laid.shards.len())
            .filter(|&i| is_new(&new_laid.shards[i].0))
            .collect();
        assert!(
            all_near(&new_shards, &changed_shards, 8),
            "{what}: new shards {new_shards:?}, changed lists in {changed_shards:?} of {}",
            new_laid.shards.len()
        );
        // Key blocks: a new one lists a new shard, or is next to one that does.
        let mut first = 0;
        let mut with_new_shard = Vec::new();
        for (b, (_, count)) in new_laid.blocks.iter().enumerate() {
            if new_shards
                .iter()
                .any(|&s| (first..first + count).contains(&s))
            {
                with_new_shard.push(b);
            }
            first += count;
        }
        let new_blocks: Vec<usize> = (0..new_laid.blocks.len())
            .filter(|&i| is_new(&new_laid.blocks[i].0))
            .collect();
        assert!(
            all_near(&new_blocks, &with_new_shard, 1),
            "{what}: new key blocks {new_blocks:?}, new shards in {with_new_shard:?} of {}",
            new_laid.blocks.len()
        );
        eprintln!(
            "{what}: {} lists changed; new: {} of {} shards, {} of {} position files, {} of {} key blocks",
            touched.len(),
            new_shards.len(),
            new_laid.shards.len(),
            new_positions.len(),
            new_laid.position_files.len(),
            new_blocks.len(),
            new_laid.blocks.len()
        );
    }
}
