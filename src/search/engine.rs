//! Answering a [`Query`] from the index files: which articles match, and in which order.
//!
//! [`search`] is pure: it reads shards and position files through [`Files`] and, when some are
//! not loaded yet, says which ([`Outcome::Need`]) so that the caller (the app fetching over
//! HTTP, or the CLI reading from disk) loads them and asks again. A query takes at most two
//! rounds: the shards of its tokens, then — only for terms of several tokens whose posting
//! lists intersect — the position files that prove the tokens stand next to each other.

use std::collections::HashMap;

use super::shard::{each_positions, PosRef, Posting, Shard};
use super::terms::{Piece, Query, Term};
use crate::model::{Index, SearchManifest};

/// A prefix read while typing that would need more shards than this is looked up as a whole
/// word (an asked-for `word*` loads them all).
const MAX_PREFIX_SHARDS: usize = 3;

/// BM25 parameters.
const K1: f32 = 1.2;
const B: f32 = 0.75;

/// Loaded index files, by path relative to the bundle.
pub trait Files {
    fn shard(&self, path: &str) -> Option<&Shard>;
    fn positions(&self, path: &str) -> Option<&[u8]>;
}

/// Index files as they arrive, kept by path: the [`Files`] the app, the CLI and the tests use.
#[derive(Debug, Default)]
pub struct Loaded {
    shards: HashMap<String, Shard>,
    positions: HashMap<String, Vec<u8>>,
}

impl Loaded {
    /// Keeps the file at `path` (a shard or a position file, as the manifest named it).
    pub fn insert(&mut self, path: String, bytes: Vec<u8>) -> Result<(), String> {
        if SearchManifest::is_shard(&path) {
            let shard =
                Shard::parse(bytes).ok_or_else(|| format!("{path} is not a valid shard"))?;
            self.shards.insert(path, shard);
        } else {
            self.positions.insert(path, bytes);
        }
        Ok(())
    }
}

impl Files for Loaded {
    fn shard(&self, path: &str) -> Option<&Shard> {
        self.shards.get(path)
    }
    fn positions(&self, path: &str) -> Option<&[u8]> {
        self.positions.get(path).map(Vec::as_slice)
    }
}

/// One matching article.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    /// Position in [`Index::articles`].
    pub doc: u32,
    /// BM25 score over the required terms.
    pub score: f32,
    /// How many required terms the title contains.
    pub title: u32,
}

/// What [`search`] found.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// These files (paths relative to the bundle) must be loaded first.
    Need(Vec<String>),
    /// The matching articles, best first: more terms in the title, then a higher score, then
    /// newer (a lower position in the index).
    Done(Vec<Hit>),
}

/// Runs `query` over the index described by `manifest`.
pub fn search(
    manifest: &SearchManifest,
    index: &Index,
    query: &Query,
    files: &impl Files,
) -> Outcome {
    let mut need = Vec::new();
    let matches: Vec<Option<Vec<Posting>>> = query
        .terms
        .iter()
        .map(|t| term_matches(manifest, t, files, &mut need))
        .collect();
    if !need.is_empty() {
        return Outcome::Need(need);
    }
    let n = index.articles.len();
    let mut required: Vec<(&Term, Vec<Posting>)> = Vec::new();
    let mut excluded = vec![false; n];
    for (term, m) in query.terms.iter().zip(matches) {
        let m = m.unwrap_or_default();
        if term.exclude {
            for posting in &m {
                if let Some(x) = excluded.get_mut(posting.doc as usize) {
                    *x = true;
                }
            }
        } else {
            required.push((term, m));
        }
    }
    let kept = |d: u32| excluded.get(d as usize) == Some(&false);

    if required.is_empty() {
        let hits = (0..n as u32)
            .filter(|&d| kept(d))
            .map(|doc| Hit {
                doc,
                score: 0.0,
                title: 0,
            })
            .collect();
        return Outcome::Done(hits);
    }

    let length = |doc: u32| {
        let a = &index.articles[doc as usize];
        (a.words + a.han).max(1) as f32
    };
    let avgdl = (0..n as u32).map(length).sum::<f32>() / n.max(1) as f32;
    let idf: Vec<f32> = required
        .iter()
        .map(|(_, m)| {
            let df = m.len() as f32;
            (1.0 + (n as f32 - df + 0.5) / (df + 0.5)).ln()
        })
        .collect();
    // Walk the shortest list and look each article up in the others.
    let shortest = (0..required.len())
        .min_by_key(|&i| required[i].1.len())
        .unwrap_or(0);
    // Whether a term is one token (its title bit is then exact).
    let single: Vec<bool> = required
        .iter()
        .map(|(t, _)| t.prefix || t.cover().len() == 1)
        .collect();
    let mut hits = Vec::new();
    'docs: for &Posting { doc, .. } in &required[shortest].1 {
        if !kept(doc) {
            continue;
        }
        let dl = length(doc);
        let mut score = 0.0;
        let mut in_title = 0;
        for (i, (term, m)) in required.iter().enumerate() {
            let Ok(at) = m.binary_search_by_key(&doc, |p| p.doc) else {
                continue 'docs;
            };
            let Posting { tf, title, .. } = m[at];
            let tf = tf as f32;
            score += idf[i] * tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * dl / avgdl));
            // The flag is exact for a one-token term; for longer ones it says every token is
            // in the title, and the title is read to be sure.
            if title && (single[i] || !term.find(&index.articles[doc as usize].title).is_empty()) {
                in_title += 1;
            }
        }
        hits.push(Hit {
            doc,
            score,
            title: in_title,
        });
    }
    hits.sort_unstable_by(|a, b| {
        b.title
            .cmp(&a.title)
            .then(b.score.total_cmp(&a.score))
            .then(a.doc.cmp(&b.doc))
    });
    Outcome::Done(hits)
}

/// The articles that contain `term`, with how often; `None` when files are missing (added to
/// `need`).
fn term_matches(
    manifest: &SearchManifest,
    term: &Term,
    files: &impl Files,
    need: &mut Vec<String>,
) -> Option<Vec<Posting>> {
    if let (true, [Piece::Word(prefix)]) = (term.prefix, term.pieces.as_slice()) {
        let paths = manifest.shards_for_prefix(prefix);
        if !term.typing || paths.len() <= MAX_PREFIX_SHARDS {
            return prefix_matches(prefix, &paths, files, need);
        }
    }
    let cover = term.cover();
    let mut lists = Vec::with_capacity(cover.len());
    let mut missing = false;
    for (token, _) in &cover {
        let Some(path) = manifest.shard_for(token) else {
            return Some(Vec::new());
        };
        match files.shard(&path) {
            Some(shard) => lists.push(shard.entry(token).map(|e| {
                let inline = shard.inline_positions(e);
                (shard.postings(e), e.positions.clone(), inline)
            })),
            None => missing = ask(need, path),
        }
    }
    if missing {
        return None;
    }
    let Some(lists) = lists.into_iter().collect::<Option<Vec<_>>>() else {
        return Some(Vec::new()); // a token that no article has
    };
    if lists.len() == 1 {
        return lists.into_iter().next().map(|(p, _, _)| p);
    }
    let candidates = intersect(lists.iter().map(|(p, _, _)| p.as_slice()));
    if candidates.is_empty() {
        return Some(Vec::new());
    }
    let mut blobs = Vec::with_capacity(lists.len());
    for (_, pos, inline) in &lists {
        let (file, offset, length) = match (pos, inline) {
            (_, Some(blob)) => {
                blobs.push(*blob);
                continue;
            }
            (
                PosRef::File {
                    file,
                    offset,
                    length,
                },
                None,
            ) => (*file, *offset as usize, *length as usize),
            (PosRef::Inline(_), None) => return Some(Vec::new()), // malformed
        };
        let path = manifest.positions_file(file)?;
        match files.positions(&path) {
            Some(bytes) => blobs.push(
                bytes
                    .get(offset..offset.saturating_add(length))
                    .unwrap_or_default(),
            ),
            None => missing = ask(need, path),
        }
    }
    if missing {
        return None;
    }
    // Positions of each cover token in each candidate, then the starts they all agree on.
    let wanted = |d: u32| candidates.binary_search(&d).is_ok();
    let mut per_token: Vec<Vec<Vec<u32>>> = Vec::with_capacity(lists.len());
    for ((postings, _, _), blob) in lists.iter().zip(&blobs) {
        let mut found = vec![Vec::new(); candidates.len()];
        each_positions(blob, postings, wanted, |doc, positions| {
            if let Ok(i) = candidates.binary_search(&doc) {
                found[i] = positions.to_vec();
            }
        });
        per_token.push(found);
    }
    let mut out = Vec::new();
    for (i, &doc) in candidates.iter().enumerate() {
        let (first, off0) = (&per_token[0][i], cover[0].1);
        let tf = first
            .iter()
            .filter_map(|&p| p.checked_sub(off0))
            .filter(|&start| {
                cover
                    .iter()
                    .zip(&per_token)
                    .skip(1)
                    .all(|((_, off), found)| found[i].binary_search(&(start + off)).is_ok())
            })
            .count();
        if tf > 0 {
            // In the title, perhaps: only if every token is.
            let title = lists.iter().all(|(postings, _, _)| {
                postings
                    .binary_search_by_key(&doc, |p| p.doc)
                    .is_ok_and(|at| postings[at].title)
            });
            out.push(Posting {
                doc,
                tf: tf as u32,
                title,
            });
        }
    }
    Some(out)
}

/// The articles that contain a word starting with `prefix`, from the shards at `paths`.
fn prefix_matches(
    prefix: &str,
    paths: &[String],
    files: &impl Files,
    need: &mut Vec<String>,
) -> Option<Vec<Posting>> {
    let mut all: Vec<Posting> = Vec::new();
    let mut missing = false;
    for path in paths {
        match files.shard(path) {
            Some(shard) => {
                for entry in shard.with_prefix(prefix) {
                    all.extend(shard.postings(entry));
                }
            }
            None => missing = ask(need, path.clone()),
        }
    }
    if missing {
        return None;
    }
    // One posting per article: occurrences summed, in the title if any word is. (A list from
    // a single token is already one.)
    all.sort_unstable_by_key(|p| p.doc);
    let mut out: Vec<Posting> = Vec::with_capacity(all.len());
    for posting in all {
        match out.last_mut() {
            Some(last) if last.doc == posting.doc => {
                last.tf += posting.tf;
                last.title |= posting.title;
            }
            _ => out.push(posting),
        }
    }
    Some(out)
}

/// Adds `path` to the files to load (once); true, for `missing`.
fn ask(need: &mut Vec<String>, path: String) -> bool {
    if !need.contains(&path) {
        need.push(path);
    }
    true
}

/// Articles present in every list (each sorted by article).
fn intersect<'a>(lists: impl Iterator<Item = &'a [Posting]>) -> Vec<u32> {
    let mut lists: Vec<&[Posting]> = lists.collect();
    lists.sort_unstable_by_key(|l| l.len());
    let Some((first, rest)) = lists.split_first() else {
        return Vec::new();
    };
    let mut docs: Vec<u32> = first.iter().map(|p| p.doc).collect();
    for list in rest {
        docs.retain(|d| list.binary_search_by_key(d, |p| p.doc).is_ok());
    }
    docs
}
