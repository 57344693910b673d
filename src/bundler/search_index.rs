//! Stage 9: the search index, from every article's title and text, in index order.
//!
//! [`build`] tokenizes the articles in parallel chunks (each chunk an inverted index of its
//! own), joins the chunks in article order, sorts the vocabulary and cuts it into shards of
//! about [`SHARD_BYTES`], with the positions in separate files of about [`POSITION_BYTES`].
//! It returns the files to write and the manifest; the bundle stage writes them. The output
//! depends only on the input.

use std::borrow::Cow;
use std::collections::HashMap;

use rayon::prelude::*;
use xxhash_rust::xxh3::{xxh3_64, Xxh3DefaultBuilder};

use crate::model::{SearchManifest, FORMAT_VERSION};
use crate::search::shard::{self, Positions, Posting, INLINE_POSITIONS};
use crate::search::token;

/// Target size of a shard: a query loads one per token, so small shards mean few bytes per
/// query, and a longer manifest.
pub const SHARD_BYTES: usize = 16 * 1024;
/// Target size of a position file (one token's positions may exceed it).
pub const POSITION_BYTES: usize = 32 * 1024;

/// A token's posting list and positions, as they grow.
#[derive(Debug, Default)]
struct Acc {
    df: u32,
    last: Option<u32>,
    postings: Vec<u8>,
    positions: Vec<u8>,
}

type Table = HashMap<String, Acc, Xxh3DefaultBuilder>;

/// The index files and their manifest.
#[derive(Debug, Default)]
pub struct Built {
    pub manifest: SearchManifest,
    /// Path relative to the bundle, content.
    pub files: Vec<(String, Vec<u8>)>,
    /// Distinct tokens.
    pub tokens: usize,
}

/// One token occurrence in an article, while the article's tokens are grouped.
#[derive(Debug, Clone, Copy)]
struct Occurrence {
    /// Hash of the token's text: cheaper to sort by than the text.
    hash: u64,
    /// The token's position in the article.
    position: u32,
    /// Where the token's text is.
    text: TokenText,
}

/// Where an [`Occurrence`]'s text is, so that tokens need no allocation of their own.
#[derive(Debug, Clone, Copy)]
enum TokenText {
    /// A byte range of the article's title and text.
    Slice { start: usize, end: usize },
    /// An index into the article's lowercased words, which are not slices of it.
    Owned(usize),
}

/// Each chunk's table is split this many ways by token hash, so that the chunks' tables can be
/// joined in parallel, one part at a time.
const PARTS: usize = 64;

/// Builds the index over `docs` (title, body text), article `i` being `docs[i]`.
pub fn build(docs: &[(&str, &str)]) -> Built {
    let titles: Vec<&str> = docs.iter().map(|d| d.0).collect();
    pack(invert(
        &titles,
        docs.iter().map(|d| d.1.to_string()).collect(),
    ))
}

/// The sorted vocabulary of an index: each token with its posting list and positions.
#[derive(Debug, Default)]
pub struct Vocabulary {
    tokens: Vec<(String, Acc)>,
    docs: u32,
}

/// The first half of [`build`]: the inverted index of articles with these titles and body
/// texts; each text is let go as soon as it is read.
pub fn invert(titles: &[&str], texts: Vec<String>) -> Vocabulary {
    let count = texts.len();
    // Few chunks: each holds its own copy of the vocabulary.
    let chunk = count.div_ceil(rayon::current_num_threads() * 2).max(64);
    let tables: Vec<Vec<Table>> = texts
        .into_par_iter()
        .chunks(chunk)
        .enumerate()
        .map(|(c, part)| {
            let mut tables: Vec<Table> = (0..PARTS).map(|_| Table::default()).collect();
            let mut positions: Vec<u32> = Vec::new();
            let mut occurrences: Vec<Occurrence> = Vec::new();
            let mut joined = String::new();
            for (i, text) in part.into_iter().enumerate() {
                let doc = c * chunk + i;
                let title = titles.get(doc).copied().unwrap_or_default();
                // The title's units come first (no unit spans the newline after it).
                let title_units = token::tokens(title, |_, _| ());
                joined.clear();
                joined.push_str(title);
                joined.push('\n');
                joined.push_str(&text);
                drop(text);
                let doc = doc as u32;
                // Grouped by a hash of the token (cheaper to sort by than the text), each
                // token's positions ascending. Tokens are kept as byte ranges of `joined`
                // when they are slices of it (lowercased words are not: they go to `owned`).
                let mut owned: Vec<String> = Vec::new();
                occurrences.clear();
                token::tokens(&joined, |t, position| {
                    let hash = xxh3_64(t.as_bytes());
                    let text = match t {
                        Cow::Borrowed(b) => {
                            let start = b.as_ptr() as usize - joined.as_ptr() as usize;
                            TokenText::Slice {
                                start,
                                end: start + b.len(),
                            }
                        }
                        Cow::Owned(o) => {
                            owned.push(o);
                            TokenText::Owned(owned.len() - 1)
                        }
                    };
                    occurrences.push(Occurrence {
                        hash,
                        position,
                        text,
                    });
                });
                let text_of = |o: &Occurrence| -> &str {
                    match o.text {
                        TokenText::Slice { start, end } => &joined[start..end],
                        TokenText::Owned(i) => &owned[i],
                    }
                };
                occurrences.sort_unstable_by_key(|o| (o.hash, o.position));
                group_collisions(&mut occurrences, text_of);
                let mut at = 0;
                while at < occurrences.len() {
                    let (hash, tok) = (occurrences[at].hash, text_of(&occurrences[at]));
                    positions.clear();
                    while at < occurrences.len()
                        && occurrences[at].hash == hash
                        && text_of(&occurrences[at]) == tok
                    {
                        positions.push(occurrences[at].position);
                        at += 1;
                    }
                    let table = &mut tables[(hash >> 58) as usize % PARTS];
                    let acc = match table.get_mut(tok) {
                        Some(acc) => acc,
                        None => table.entry(tok.to_string()).or_default(),
                    };
                    let posting = Posting {
                        doc,
                        tf: positions.len() as u32,
                        title: positions[0] < title_units,
                    };
                    shard::put_posting(&mut acc.postings, acc.last, posting);
                    shard::put_positions(&mut acc.positions, &positions);
                    acc.df += 1;
                    acc.last = Some(doc);
                }
            }
            tables
        })
        .collect();

    // Part by part, in parallel: join the chunks' tables in article order.
    let mut parts: Vec<Vec<Table>> = (0..PARTS).map(|_| Vec::new()).collect();
    for chunk_tables in tables {
        for (p, table) in chunk_tables.into_iter().enumerate() {
            parts[p].push(table);
        }
    }
    let mut vocabulary: Vec<(String, Acc)> = parts
        .into_par_iter()
        .flat_map_iter(|tables| {
            let mut tables = tables.into_iter();
            let mut all = tables.next().unwrap_or_default();
            for table in tables {
                for (tok, acc) in table {
                    match all.get_mut(&tok) {
                        None => {
                            all.insert(tok, acc);
                        }
                        Some(into) => append(into, acc),
                    }
                }
            }
            all.into_iter()
        })
        .collect();
    vocabulary.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    Vocabulary {
        tokens: vocabulary,
        docs: count as u32,
    }
}

/// Within a run of equal hashes (sorted by position), brings each token's occurrences
/// together, should two tokens ever share a hash.
fn group_collisions<'t>(occurrences: &mut [Occurrence], text_of: impl Fn(&Occurrence) -> &'t str) {
    let mut start = 0;
    while start < occurrences.len() {
        let hash = occurrences[start].hash;
        let end = start
            + occurrences[start..]
                .iter()
                .take_while(|o| o.hash == hash)
                .count();
        let run = &mut occurrences[start..end];
        let first = text_of(&run[0]);
        if run.iter().any(|o| text_of(o) != first) {
            run.sort_by(|a, b| text_of(a).cmp(text_of(b))); // stable: positions stay ascending
        }
        start = end;
    }
}

/// Appends a later chunk's list for the same token: its first gap counted from article 0, so
/// it is re-counted from `into`'s last article.
fn append(into: &mut Acc, from: Acc) {
    shard::append_postings(&mut into.postings, into.last, &from.postings);
    into.positions.extend_from_slice(&from.positions);
    into.df += from.df;
    into.last = from.last;
}

/// The shortest prefix of `first` (the first token of a shard) that sorts after `before` (the
/// last token of the shard before it).
fn shortest_key(before: &str, first: &str) -> String {
    first
        .char_indices()
        .map(|(i, c)| &first[..i + c.len_utf8()])
        .find(|k| *k > before)
        .unwrap_or(first)
        .to_string()
}

/// The second half of [`build`]: cuts the sorted vocabulary into shards and position files.
/// Each token is let go as soon as it is written.
pub fn pack(vocabulary: Vocabulary) -> Built {
    let Vocabulary {
        tokens: vocabulary,
        docs,
    } = vocabulary;
    let tokens = vocabulary.len();
    let mut shards: Vec<Vec<u8>> = Vec::new();
    let mut keys: Vec<String> = Vec::new();
    let mut files: Vec<Vec<u8>> = Vec::new();
    let mut positions: Vec<u8> = Vec::new();
    // The shard being written: its entries, how many, its first and last tokens; and the last
    // token of the shard before it.
    let mut current = Vec::new();
    let mut count = 0usize;
    let (mut first, mut last, mut before) = (String::new(), String::new(), String::new());
    let mut entry = Vec::new();
    let mut flush = |current: &mut Vec<u8>, count: &mut usize, first: &str, last: &str| {
        keys.push(if shards.is_empty() {
            String::new()
        } else {
            shortest_key(&before, first)
        });
        shards.push(shard::finish_shard(*count, current));
        before = last.to_string();
        current.clear();
        *count = 0;
    };
    for (tok, acc) in vocabulary {
        let pos = if acc.positions.len() <= INLINE_POSITIONS {
            Positions::Inline(&acc.positions)
        } else {
            if !positions.is_empty() && positions.len() + acc.positions.len() > POSITION_BYTES {
                files.push(std::mem::take(&mut positions));
            }
            let pos = Positions::File {
                file: files.len() as u32,
                offset: positions.len() as u32,
                length: acc.positions.len() as u32,
            };
            positions.extend_from_slice(&acc.positions);
            pos
        };
        entry.clear();
        shard::encode_entry(&mut entry, &tok, acc.df, pos, &acc.postings);
        if count > 0 && current.len() + entry.len() > SHARD_BYTES {
            flush(&mut current, &mut count, &first, &last);
        }
        if count == 0 {
            first.clone_from(&tok);
        }
        current.extend_from_slice(&entry);
        count += 1;
        last = tok;
    }
    if count > 0 {
        flush(&mut current, &mut count, &first, &last);
    }
    if !positions.is_empty() {
        files.push(positions);
    }
    // One hash over every file names them all.
    let mut all = xxhash_rust::xxh3::Xxh3::new();
    for bytes in shards.iter().chain(&files) {
        all.update(&(bytes.len() as u64).to_le_bytes());
        all.update(bytes);
    }
    let manifest = SearchManifest {
        version: FORMAT_VERSION,
        docs,
        id: format!("{:012x}", all.digest() >> 16),
        keys,
        positions: files.len() as u32,
    };
    let paths: Vec<String> = manifest.files().collect();
    Built {
        tokens,
        files: paths
            .into_iter()
            .zip(shards.into_iter().chain(files))
            .collect(),
        manifest,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Index;
    use crate::search::{search, Loaded, Outcome, Query};

    fn run(docs: &[(&str, &str)], query: &str) -> Vec<u32> {
        let built = build(docs);
        let files: HashMap<String, Vec<u8>> = built.files.into_iter().collect();
        let index = Index {
            version: FORMAT_VERSION,
            authors: vec![],
            categories: vec![],
            tags: vec![],
            articles: docs
                .iter()
                .map(|(title, text)| crate::model::ArticleSummary {
                    slug: title.to_string(),
                    title: title.to_string(),
                    han: text.chars().count() as u32,
                    ..Default::default()
                })
                .collect(),
            search: None,
        };
        let query = Query::parse(query);
        let mut loaded = Loaded::default();
        for _ in 0..3 {
            match search(&built.manifest, &index, &query, &loaded) {
                Outcome::Done(hits) => return hits.iter().map(|h| h.doc).collect(),
                Outcome::Need(paths) => {
                    for p in paths {
                        let bytes = files[&p].clone();
                        loaded.insert(p, bytes).unwrap();
                    }
                }
            }
        }
        panic!("more than two rounds of loading");
    }

    const DOCS: &[(&str, &str)] = &[
        ("残疾人事业", "新闻宣传促进会启动公益合作"),
        (
            "Rust 2024",
            "The Rust edition ships. 残疾 and 人事 apart, 事业单位",
        ),
        ("Notes", "hello world, hello again; 人事业务"),
        ("More", "world hello"),
    ];

    /// The matching articles, in article order.
    fn set(docs: &[(&str, &str)], query: &str) -> Vec<u32> {
        let mut hits = run(docs, query);
        hits.sort_unstable();
        hits
    }

    #[test]
    fn chinese_terms_match_as_substrings_only() {
        assert_eq!(set(DOCS, "残疾人事业"), [0]);
        // Article 1 has 人事 and 事业, but not next to each other.
        assert_eq!(set(DOCS, "人事业"), [0, 2]);
        assert_eq!(set(DOCS, "事业"), [0, 1, 2]);
        assert_eq!(set(DOCS, "残疾人"), [0]);
        assert_eq!(set(DOCS, "残"), [0, 1]);
        assert!(set(DOCS, "疾人事业单").is_empty());
        assert!(set(DOCS, "爪").is_empty());
    }

    #[test]
    fn words_phrases_and_exclusions() {
        assert_eq!(set(DOCS, "hello"), [2, 3]);
        assert_eq!(set(DOCS, "HELLO"), [2, 3]);
        assert_eq!(set(DOCS, "\"hello world\""), [2]);
        // Punctuation between words does not break a phrase.
        assert_eq!(set(DOCS, "\"world hello\""), [2, 3]);
        assert_eq!(set(DOCS, "\"hello again\""), [2]);
        assert!(set(DOCS, "\"again hello\"").is_empty());
        assert_eq!(set(DOCS, "hello -again"), [3]);
        assert_eq!(set(DOCS, "hello -\"hello again\""), [3]);
        assert_eq!(set(DOCS, "rust 残疾"), [1]);
        assert_eq!(set(DOCS, "-hello"), [0, 1]);
        assert!(set(DOCS, "hello java").is_empty());
    }

    #[test]
    fn titles_rank_first() {
        // "Rust" is in the title of 1 only; both mention it in the body.
        let docs = [("Notes", "rust rust rust rust"), ("Rust", "once: rust")];
        assert_eq!(run(&docs, "rust"), [1, 0]);
        // Every token of 人事业 is in the first title, but not the term: only the second
        // title counts.
        let docs = [
            ("人事 事业", "人事业 人事业 人事业"),
            ("新人事业", "人事业"),
            ("其他", "人事业 人事业"),
        ];
        assert_eq!(run(&docs, "人事业")[0], 1);
    }

    #[test]
    fn chunks_join_in_article_order() {
        let docs: Vec<(String, String)> = (0..1000)
            .map(|i| {
                (
                    format!("t{i}"),
                    format!("common 共同 w{} 中文{}", i % 7, i % 3),
                )
            })
            .collect();
        let refs: Vec<(&str, &str)> = docs.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        let all = run(&refs, "common");
        assert_eq!(all, (0..1000).collect::<Vec<_>>());
        let sevens = run(&refs, "w3");
        assert_eq!(sevens, (0..1000).filter(|i| i % 7 == 3).collect::<Vec<_>>());
        let ones = run(&refs, "共同 文1");
        assert_eq!(ones, (0..1000).filter(|i| i % 3 == 1).collect::<Vec<_>>());
        let built = build(&refs);
        assert!(built.manifest.keys.len() > 1 && built.manifest.positions > 0);
        assert_eq!(built.files.len(), built.manifest.files().count());
    }

    #[test]
    fn keys_are_as_short_as_they_can_be() {
        assert_eq!(shortest_key("apple", "banana"), "b");
        assert_eq!(shortest_key("banal", "banana"), "banan");
        assert_eq!(shortest_key("中文", "中方"), "中方");
        assert_eq!(shortest_key("中文", "丰"), "丰");
        assert_eq!(shortest_key("ab", "abc"), "abc");
    }

    #[test]
    fn output_depends_only_on_input() {
        let a = build(DOCS);
        let b = build(DOCS);
        assert_eq!(a.manifest, b.manifest);
        assert_eq!(a.files, b.files);
    }
}
