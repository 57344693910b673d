//! Answering a [`Query`] and a view's facet [`Clause`]s from the search index: which articles
//! match, and in which order. Takes the [`SearchRoot`] and the loaded index files; returns the
//! hits, or which files to load first.
//!
//! [`search`] is pure: it reads key blocks, shards and position files through [`Files`] and,
//! when some are not loaded yet, says which ([`Outcome::Need`]) so that the caller (the app
//! fetching over HTTP, or the CLI reading from disk) loads them and asks again. Every token is
//! looked up in every segment: the segment's key block says which shard holds it, the shard
//! holds its posting list or, for a long one, the list file that does. So a query takes at most
//! four rounds: key blocks, shards, list files, and — only for terms of several tokens whose
//! posting lists intersect in a segment where every other term and clause matches too — the
//! position files that prove the tokens stand next to each other.
//!
//! [`search_heads`] answers the first articles of a query of one token without the list files:
//! from each segment's head of the token's list (its best postings) where the list is long.
//!
//! A root whose older segments have no `blocks` answers from the newer segments alone (the
//! numbers stay those of the whole bundle): the first rows of a newest-first view, before the
//! older segments' files are loaded.
//!
//! A segment being merged ([`SearchSegment::merging`]) answers each token from one side: below
//! its boundary from the merged segment's published key blocks, at or above it from the
//! segments it merges, whose lists are renumbered into the merged segment's numbers (each old
//! segment's first article is the sum of the `docs` before it) and joined. A token is whole on
//! the side it falls on, so lists, `df`, heads and positions are those of the merged segment;
//! a prefix that spans the boundary reads both sides.

use std::collections::HashMap;

use super::position;
use super::shard::{
    decode_postings, each_positions, hash_name, KeyBlock, ListRef, PieceAt, PosRef, Posting, Shard,
    TokenEntry, HEAD_POSTINGS,
};
use super::terms::{Piece, Query, Term};
use crate::model::{
    block_for, blocks_for_prefix, file_path, range_path, split_range, BlockRef, ByteRange,
    FileKind, SearchRoot, SearchSegment,
};

/// A prefix read while typing that would need more shards than this in some segment is looked
/// up as a whole word (an asked-for `word*` loads them all).
const MAX_PREFIX_SHARDS: usize = 3;

/// BM25's term-frequency saturation (its `b` is 0: no length normalisation, see FORMAT.md).
const K1: f32 = 1.2;

/// Loaded index files, by path relative to the bundle ([`crate::model::file_path`]).
pub trait Files {
    fn block(&self, path: &str) -> Option<&KeyBlock>;
    fn shard(&self, path: &str) -> Option<&Shard>;
    fn positions(&self, path: &str) -> Option<&[u8]>;
    fn lists(&self, path: &str) -> Option<&[u8]>;
}

/// Index files as they arrive, kept by path: the [`Files`] the app, the CLI and the tests use.
#[derive(Debug, Default)]
pub struct Loaded {
    files: HashMap<String, LoadedFile>,
}

/// One file of [`Loaded`], decoded. (One map of them rather than a map per kind: each map
/// type weighs on the WASM.)
#[derive(Debug)]
enum LoadedFile {
    Block(KeyBlock),
    Shard(Shard),
    Positions(Vec<u8>),
    Lists(Vec<u8>),
}

impl Loaded {
    /// Keeps a key block, shard or position file (told apart by `path`); Err if malformed. For a
    /// byte range of a file ([`range_path`]), `bytes` are the range or the whole file (a host
    /// that does not answer range requests, or a packed page, gives it whole): a whole file is
    /// kept under its own path, where the reader finds every other piece of it
    /// ([`Reader::piece`]) without asking for it again.
    pub fn insert(&mut self, path: String, bytes: Vec<u8>) -> Result<(), String> {
        let path = match split_range(&path) {
            (whole, Some(range))
                if bytes.len() != range.length as usize
                    && bytes.len() >= range.offset as usize + range.length as usize =>
            {
                whole.to_string()
            }
            _ => path,
        };
        let file = match FileKind::of_path(&path) {
            Some(FileKind::SearchBlock) => KeyBlock::parse(&bytes).map(LoadedFile::Block),
            Some(FileKind::SearchShard) => Shard::parse(bytes).map(LoadedFile::Shard),
            Some(FileKind::Positions) => Some(LoadedFile::Positions(bytes)),
            Some(FileKind::Lists) => Some(LoadedFile::Lists(bytes)),
            _ => return Err(format!("{path} is not a file of the search index")),
        };
        let file = file.ok_or_else(|| format!("{path} is malformed"))?;
        self.files.insert(path, file);
        Ok(())
    }

    /// Whether no file is loaded.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

impl Files for Loaded {
    fn block(&self, path: &str) -> Option<&KeyBlock> {
        match self.files.get(path)? {
            LoadedFile::Block(block) => Some(block),
            _ => None,
        }
    }
    fn shard(&self, path: &str) -> Option<&Shard> {
        match self.files.get(path)? {
            LoadedFile::Shard(shard) => Some(shard),
            _ => None,
        }
    }
    fn positions(&self, path: &str) -> Option<&[u8]> {
        match self.files.get(path)? {
            LoadedFile::Positions(bytes) => Some(bytes),
            _ => None,
        }
    }
    fn lists(&self, path: &str) -> Option<&[u8]> {
        match self.files.get(path)? {
            LoadedFile::Lists(bytes) => Some(bytes),
            _ => None,
        }
    }
}

/// One facet of a view's filter: articles with any of these facet tokens
/// ([`super::facet::facet_token`], [`super::facet::month_token`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Clause {
    pub tokens: Vec<String>,
}

/// One matching article.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    /// The article's number in the bundle.
    pub doc: u32,
    /// BM25 score over the required terms (0 without any).
    pub score: f32,
    /// How many required terms the title contains.
    pub title: u32,
}

/// What [`search`] found.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// These files (paths relative to the bundle) must be loaded first.
    Need(Vec<String>),
    /// The matching articles, in the order [`search`] describes.
    Done(Vec<Hit>),
}

/// The articles matching every required term of `query` and every clause, none of its excluded
/// terms. Order: with required text terms, best first (more terms in the title, then score,
/// then newer = higher number); otherwise newest first (descending number). With neither
/// required terms nor clauses: every article not excluded, newest first.
pub fn search(root: &SearchRoot, query: &Query, clauses: &[Clause], files: &impl Files) -> Outcome {
    let mut reader = Reader {
        files,
        need: Vec::new(),
    };
    let mut asks: Vec<Ask<'_>> = query.terms.iter().map(Ask::of).collect();
    asks.extend(clauses.iter().map(|clause| Ask {
        role: Role::Clause,
        lookup: Lookup::AnyOf(&clause.tokens),
        title: false,
    }));

    // Rounds one and two: the key blocks, then the shards, of every lookup in every segment.
    let mut found: Vec<Vec<Found<'_>>> = Vec::with_capacity(asks.len());
    for ask in &mut asks {
        if reader.settle_typed_prefix(root, ask).is_err() {
            continue;
        }
        if let Ok(per_segment) = all(root.segments.iter().map(|s| reader.find(&ask.lookup, s))) {
            found.push(per_segment);
        }
    }
    if !reader.need.is_empty() {
        return Outcome::Need(reader.need);
    }

    // Round three: the positions that prove terms of several tokens.
    let mut answered: Vec<Answered> = asks
        .iter()
        .map(|_| Answered {
            df: 0,
            segments: Vec::with_capacity(root.segments.len()),
        })
        .collect();
    for s in 0..root.segments.len() {
        let lists: Vec<Lists> = asks
            .iter()
            .zip(&found)
            .map(|(ask, found)| lists(&ask.lookup, &found[s]))
            .collect();
        let unproven = lists.iter().any(|l| matches!(l, Lists::Unproven { .. }));
        let allowed = if unproven {
            allowed(&asks, &lists)
        } else {
            None
        };
        for ((ask, lists), out) in asks.iter().zip(lists).zip(&mut answered) {
            let mut matches = match lists {
                Lists::Proven(m) => {
                    out.df += m.len();
                    m
                }
                Lists::Unproven {
                    tokens,
                    mut candidates,
                } => {
                    out.df += candidates.len();
                    if let Some(allowed) = &allowed {
                        let mut cursor = Cursor::new(allowed, |&d| d);
                        candidates.retain(|&d| cursor.seek(d).is_some());
                    }
                    reader
                        .prove(&ask.lookup, &tokens, &candidates)
                        .unwrap_or_default()
                }
            };
            if ask.title {
                matches.retain(|m| m.title);
            }
            out.segments.push(matches);
        }
    }
    if !reader.need.is_empty() {
        return Outcome::Need(reader.need);
    }
    Outcome::Done(rank(root, &asks, &answered))
}

/// The first articles of `query`'s answer, as [`search`] orders them, read without list files
/// where the heads tell them exactly: for a query of one required term whose lookup is one
/// token in each segment (a word, a Chinese character or pair, `title:` such a term; a prefix
/// that only one token of each segment starts with), and no clause. Each segment gives its
/// whole list when its shard holds it, else its head: the segment's best
/// [`HEAD_POSTINGS`] postings in the order such a query ranks them (its `idf` is the same for
/// every article), so the union of heads and lists holds the answer's first [`HEAD_POSTINGS`]
/// articles, and those are returned (every article when no segment has a head). `None` for any
/// other query, which [`search`] alone answers.
pub fn search_heads(
    root: &SearchRoot,
    query: &Query,
    clauses: &[Clause],
    files: &impl Files,
) -> Option<Outcome> {
    let [term] = query.terms.as_slice() else {
        return None;
    };
    if term.exclude || !clauses.is_empty() {
        return None;
    }
    let mut reader = Reader {
        files,
        need: Vec::new(),
    };
    let mut ask = Ask::of(term);
    if reader.settle_typed_prefix(root, &mut ask).is_err() {
        return Some(Outcome::Need(reader.need));
    }
    let found = all(root.segments.iter().map(|segment| match &ask.lookup {
        Lookup::Cover { tokens, .. } if tokens.len() == 1 => {
            reader.entries(segment, &tokens[0].token).map(Some)
        }
        Lookup::Prefix { prefix, .. } => reader.prefix_entries(segment, prefix).map(Some),
        _ => Ok(None),
    }));
    let found: Vec<Vec<SegmentEntry<'_>>> = match found {
        Ok(found) => found.into_iter().collect::<Option<_>>()?,
        Err(Missing) => return Some(Outcome::Need(reader.need)),
    };
    // A prefix that two tokens of a segment start with: their lists' sum is not in the heads.
    // (The old side of a merge has a token once per old segment: one token still.)
    if found
        .iter()
        .any(|entries| entries.iter().any(|e| e.token() != entries[0].token()))
    {
        return None;
    }
    let articles: u32 = root.segments.iter().map(|s| s.docs).sum();
    let df: u32 = found.iter().flatten().map(|e| e.entry.df).sum();
    let idf = inverse_document_frequency(articles, df as usize);
    let (mut hits, mut headed) = (Vec::new(), false);
    let mut first = 0u32;
    for (segment, entries) in root.segments.iter().zip(&found) {
        for &SegmentEntry {
            offset,
            shard,
            entry,
        } in entries
        {
            let first = first + offset;
            let postings = match shard.postings_bytes(entry) {
                Some(bytes) => decode_postings(bytes, entry.df as usize),
                None => {
                    headed = true;
                    let mut head = shard.head(entry).unwrap_or_default();
                    head.reverse(); // ascending numbers where ranks tie, as `rank` has them
                    head
                }
            };
            for m in postings.into_iter().map(matched) {
                if ask.title && !m.title {
                    continue;
                }
                hits.push(Hit {
                    doc: first + m.doc,
                    score: term_score(idf, m.tf),
                    title: u32::from(m.title),
                });
            }
        }
        first += segment.docs;
    }
    sort_by_rank(&mut hits);
    hits.reverse();
    if headed {
        hits.truncate(HEAD_POSTINGS);
    }
    Some(Outcome::Done(hits))
}

/// What one term or clause matches.
#[derive(Debug)]
struct Answered {
    /// Its document frequency: how many articles it matches, or for a term of several tokens
    /// how many hold all of them (which needs no positions, and does not change with the
    /// other terms and the clauses).
    df: usize,
    /// The articles it matches in each segment (of a term of several tokens, only those the
    /// other required terms and the clauses may match too).
    segments: Vec<Vec<Match>>,
}

/// What a term or clause is to the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Required,
    Excluded,
    Clause,
}

/// One term or clause, and what it asks the index.
#[derive(Debug)]
struct Ask<'q> {
    role: Role,
    lookup: Lookup<'q>,
    /// Only matches in the title count (`title:`).
    title: bool,
}

impl<'q> Ask<'q> {
    fn of(term: &'q Term) -> Self {
        Ask {
            role: if term.exclude {
                Role::Excluded
            } else {
                Role::Required
            },
            lookup: Lookup::of(term),
            title: term.title,
        }
    }
}

/// A token of a term's cover and where it stands from the start of a match.
#[derive(Debug, Clone)]
struct CoverToken {
    token: String,
    offset: u32,
}

/// What the index is asked.
#[derive(Debug)]
enum Lookup<'q> {
    /// Articles that hold these tokens at these offsets (in units) from a match's first unit
    /// (a term's cover, [`Term::cover`]); `block_ends` says of each of the term's units whether
    /// it ends a block ([`position::ends_block`]), which tells where the next unit stands.
    Cover {
        tokens: Vec<CoverToken>,
        block_ends: Vec<bool>,
    },
    /// Articles that hold a word starting with `prefix`; `typing` when it was read so while
    /// typing and may be looked up as a whole word instead.
    Prefix { prefix: &'q str, typing: bool },
    /// Articles that hold any of these tokens (a clause).
    AnyOf(&'q [String]),
}

impl<'q> Lookup<'q> {
    fn of(term: &'q Term) -> Self {
        if let (true, [Piece::Word(prefix)]) = (term.prefix, term.pieces.as_slice()) {
            return Lookup::Prefix {
                prefix,
                typing: term.typing,
            };
        }
        Lookup::Cover {
            tokens: term
                .cover()
                .into_iter()
                .map(|(token, offset)| CoverToken { token, offset })
                .collect(),
            block_ends: term
                .pieces
                .iter()
                .map(|piece| match piece {
                    Piece::Word(word) => position::ends_block(word),
                    Piece::Cjk { ch, .. } => position::ends_block(ch),
                })
                .collect(),
        }
    }

    fn whole_word(word: &str) -> Self {
        Lookup::Cover {
            tokens: vec![CoverToken {
                token: word.to_string(),
                offset: 0,
            }],
            block_ends: vec![position::ends_block(word)],
        }
    }
}

/// A token's entry, the shard it is in, and its encoded posting list (from the shard or its
/// list file); `offset` is added to its numbers (an old segment's first article in the merge
/// that takes it in, else 0).
#[derive(Debug, Clone, Copy)]
struct Located<'f> {
    shard: &'f Shard,
    entry: &'f TokenEntry,
    postings: &'f [u8],
    offset: u32,
}

impl Located<'_> {
    fn postings(&self) -> Vec<Posting> {
        let mut postings = decode_postings(self.postings, self.entry.df as usize);
        if self.offset > 0 {
            for p in &mut postings {
                p.doc += self.offset;
            }
        }
        postings
    }
}

/// A token's entry in a segment (or in one of the segments a merge takes in, whose numbers
/// start at `offset` in the merged segment), and its shard.
#[derive(Debug, Clone, Copy)]
struct SegmentEntry<'f> {
    offset: u32,
    shard: &'f Shard,
    entry: &'f TokenEntry,
}

impl SegmentEntry<'_> {
    fn token(&self) -> &str {
        self.shard.token_of(self.entry)
    }
}

/// Where a segment answers tokens from: key blocks, the number their articles start at in the
/// segment, and the tokens they answer.
#[derive(Debug, Clone, Copy)]
struct Source<'r> {
    blocks: &'r [BlockRef],
    offset: u32,
    answers: Answers<'r>,
}

/// Which tokens a [`Source`] answers.
#[derive(Debug, Clone, Copy)]
enum Answers<'r> {
    All,
    /// Those below this boundary (the merged side of a merge).
    Below(&'r str),
    /// Those at or above it (the old side).
    From(&'r str),
}

impl Answers<'_> {
    fn has(&self, token: &str) -> bool {
        match *self {
            Answers::All => true,
            Answers::Below(boundary) => token < boundary,
            Answers::From(boundary) => token >= boundary,
        }
    }
}

/// The sources of `segment` that may hold tokens starting with `prefix` (a whole token is a
/// prefix of itself: [`token_sources`] gives the one that holds it).
fn prefix_sources<'r>(segment: &'r SearchSegment, prefix: &str) -> Vec<Source<'r>> {
    let Some(merging) = &segment.merging else {
        return vec![Source {
            blocks: &segment.blocks,
            offset: 0,
            answers: Answers::All,
        }];
    };
    let boundary = merging.boundary.as_str();
    let mut sources = Vec::new();
    if prefix < boundary {
        sources.push(Source {
            blocks: &segment.blocks,
            offset: 0,
            answers: Answers::Below(boundary),
        });
    }
    // Words of the prefix reach the boundary when it is the prefix or starts with it (below
    // the prefix and not starting with it, every word of the prefix sorts before it).
    if prefix >= boundary || boundary.starts_with(prefix) {
        let mut offset = 0;
        for old in &merging.old {
            sources.push(Source {
                blocks: &old.blocks,
                offset,
                answers: Answers::From(boundary),
            });
            offset += old.docs;
        }
    }
    sources
}

/// The sources of `segment` that hold `token`, if it has it: one, or each old segment of a
/// merge when the token is at or above its boundary.
fn token_sources<'r>(segment: &'r SearchSegment, token: &str) -> Vec<Source<'r>> {
    // A token the boundary starts with is below it, though words it starts may not be.
    let mut sources = prefix_sources(segment, token);
    sources.retain(|s| s.answers.has(token));
    sources
}

/// What a lookup found in one segment, once its shards are loaded.
#[derive(Debug)]
enum Found<'f> {
    /// Each cover token's entries (one, or one per old segment of a merge that has it; none
    /// where the segment does not have the token).
    Cover(Vec<Vec<Located<'f>>>),
    /// The entries of every token a prefix or a clause spans (any of them matches).
    Union(Vec<Located<'f>>),
}

/// One article a lookup matches in a segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Match {
    /// The article's number within its segment.
    doc: u32,
    /// How many times it matches.
    tf: u32,
    /// Whether a match is in the title.
    title: bool,
}

/// A lookup's articles in one segment, before positions are read.
#[derive(Debug)]
enum Lists {
    /// The articles it matches, ascending.
    Proven(Vec<Match>),
    /// A term of several tokens: each token's posting list, and the articles that hold every
    /// token (ascending), whose positions are still to be checked.
    Unproven {
        tokens: Vec<TokenPostings>,
        candidates: Vec<u32>,
    },
}

/// A cover token's posting list, and where its positions are: one blob per part of the list
/// (one, or one per old segment of a merge), each `count` postings long.
#[derive(Debug)]
struct TokenPostings {
    postings: Vec<Posting>,
    positions: Vec<(usize, Blob)>,
}

/// Where a token's position blob is: in its shard (copied), or in a position file.
#[derive(Debug)]
enum Blob {
    Inline(Vec<u8>),
    File(super::shard::FileRange),
}

/// How many shards `pieces` (in order) are pieces of.
fn shards_of(pieces: &[PieceAt]) -> usize {
    let mut hashes: Vec<u64> = pieces.iter().map(|p| p.hash).collect();
    hashes.dedup();
    hashes.len()
}

/// A file is not loaded yet; it has been added to the files to load.
#[derive(Debug, Clone, Copy)]
struct Missing;

/// A value, or [`Missing`] while a file it needs is not loaded.
type Step<T> = Result<T, Missing>;

/// Every step's value, or [`Missing`] if any is missing (after trying every step, so that all
/// the files they miss are asked for at once).
fn all<T>(steps: impl Iterator<Item = Step<T>>) -> Step<Vec<T>> {
    let mut out = Vec::new();
    let mut missing = false;
    for step in steps {
        match step {
            Ok(v) => out.push(v),
            Err(Missing) => missing = true,
        }
    }
    if missing {
        Err(Missing)
    } else {
        Ok(out)
    }
}

/// Reads index files through [`Files`], noting the ones that are not loaded.
struct Reader<'f, F> {
    files: &'f F,
    need: Vec<String>,
}

impl<'f, F: Files> Reader<'f, F> {
    fn ask(&mut self, path: String) -> Missing {
        if !self.need.contains(&path) {
            self.need.push(path);
        }
        Missing
    }

    fn block(&mut self, hash: &str) -> Step<&'f KeyBlock> {
        let path = file_path(FileKind::SearchBlock, hash);
        let files: &'f F = self.files;
        files.block(&path).ok_or_else(|| self.ask(path))
    }

    /// The piece of a shard that holds a token: the whole shard if it is loaded (a prefix read
    /// it), else the piece alone.
    fn piece(&mut self, piece: PieceAt) -> Step<&'f Shard> {
        let path = file_path(FileKind::SearchShard, &hash_name(piece.hash));
        let files: &'f F = self.files;
        if let Some(shard) = files.shard(&path) {
            return Ok(shard);
        }
        let range = ByteRange {
            offset: piece.offset,
            length: piece.length,
        };
        let path = range_path(&path, range);
        files.shard(&path).ok_or_else(|| self.ask(path))
    }

    fn positions(&mut self, hash: u64) -> Step<&'f [u8]> {
        let path = file_path(FileKind::Positions, &hash_name(hash));
        let files: &'f F = self.files;
        files.positions(&path).ok_or_else(|| self.ask(path))
    }

    /// The encoded posting list of `entry`: in its shard, or a byte range of its list file.
    fn postings(&mut self, shard: &'f Shard, entry: &'f TokenEntry) -> Step<&'f [u8]> {
        let ListRef::File { file, .. } = &entry.list else {
            return Ok(shard.postings_bytes(entry).unwrap_or_default());
        };
        let path = file_path(FileKind::Lists, &hash_name(file.hash));
        let files: &'f F = self.files;
        let bytes = files.lists(&path).ok_or_else(|| self.ask(path))?;
        let start = file.offset as usize;
        Ok(bytes
            .get(start..start.saturating_add(file.length as usize))
            .unwrap_or_default())
    }

    /// The entry of `token` in the key blocks `blocks` and its shard, if they have it.
    fn entry_in(
        &mut self,
        blocks: &[BlockRef],
        token: &str,
    ) -> Step<Option<(&'f Shard, &'f TokenEntry)>> {
        let Some(block) = block_for(blocks, token) else {
            return Ok(None);
        };
        let Some(piece) = self.block(block)?.piece_for(token) else {
            return Ok(None);
        };
        let shard = self.piece(piece)?;
        Ok(shard.entry(token).map(|entry| (shard, entry)))
    }

    /// The entries of `token` in `segment` and their shards: none if the segment does not have
    /// it, one, or one per old segment of a merge that has it (ascending numbers).
    fn entries(&mut self, segment: &SearchSegment, token: &str) -> Step<Vec<SegmentEntry<'f>>> {
        let found = all(token_sources(segment, token).into_iter().map(|source| {
            self.entry_in(source.blocks, token).map(|found| {
                found.map(|(shard, entry)| SegmentEntry {
                    offset: source.offset,
                    shard,
                    entry,
                })
            })
        }))?;
        Ok(found.into_iter().flatten().collect())
    }

    /// The entries of `token` in `segment` with their posting lists ([`Reader::entries`]).
    fn locate(&mut self, segment: &SearchSegment, token: &str) -> Step<Vec<Located<'f>>> {
        let entries = self.entries(segment, token)?;
        all(entries.into_iter().map(|e| self.located(e)))
    }

    fn located(&mut self, e: SegmentEntry<'f>) -> Step<Located<'f>> {
        let postings = self.postings(e.shard, e.entry)?;
        Ok(Located {
            shard: e.shard,
            entry: e.entry,
            postings,
            offset: e.offset,
        })
    }

    /// The entries of the tokens of `segment` that start with `prefix`, and their shards (or
    /// the pieces of them that hold those tokens).
    fn prefix_entries(
        &mut self,
        segment: &SearchSegment,
        prefix: &str,
    ) -> Step<Vec<SegmentEntry<'f>>> {
        let sources = prefix_sources(segment, prefix);
        let found = all(sources.iter().map(|source| {
            let pieces = self.prefix_pieces(source.blocks, prefix)?;
            let mut shards = all(pieces.into_iter().map(|p| self.piece(p)))?;
            // Pieces of a shard loaded whole are that one shard.
            shards.dedup_by(|a, b| std::ptr::eq(*a, *b));
            let mut entries = Vec::new();
            for shard in shards {
                for entry in shard.with_prefix(prefix) {
                    if source.answers.has(shard.token_of(entry)) {
                        entries.push(SegmentEntry {
                            offset: source.offset,
                            shard,
                            entry,
                        });
                    }
                }
            }
            Ok(entries)
        }))?;
        Ok(found.into_iter().flatten().collect())
    }

    /// The pieces of the shards of `blocks` that tokens starting with `prefix` may be in.
    fn prefix_pieces(&mut self, blocks: &[BlockRef], prefix: &str) -> Step<Vec<PieceAt>> {
        let blocks = all(blocks_for_prefix(blocks, prefix)
            .into_iter()
            .map(|hash| self.block(hash)))?;
        let mut pieces = Vec::new();
        for block in blocks {
            pieces.extend(block.pieces_for_prefix(prefix));
        }
        Ok(pieces)
    }

    /// Whether a prefix read while typing is looked up as one: when no segment (nor side of a
    /// merge) needs more than [`MAX_PREFIX_SHARDS`] shards for it.
    fn prefix_pays(&mut self, root: &SearchRoot, prefix: &str) -> Step<bool> {
        let sources: Vec<Source<'_>> = root
            .segments
            .iter()
            .flat_map(|s| prefix_sources(s, prefix))
            .collect();
        // Three key blocks or more: the middle ones' shards all start with the prefix.
        if sources
            .iter()
            .any(|s| blocks_for_prefix(s.blocks, prefix).len() > 2)
        {
            return Ok(false);
        }
        let counts = all(sources
            .iter()
            .map(|s| self.prefix_pieces(s.blocks, prefix).map(|p| shards_of(&p))))?;
        Ok(counts.into_iter().all(|n| n <= MAX_PREFIX_SHARDS))
    }

    /// A prefix read while typing stays a prefix when it pays ([`Reader::prefix_pays`]), else
    /// `ask` looks the word up whole until more is typed.
    fn settle_typed_prefix(&mut self, root: &SearchRoot, ask: &mut Ask<'_>) -> Step<()> {
        if let Lookup::Prefix {
            prefix,
            typing: true,
        } = ask.lookup
        {
            if !self.prefix_pays(root, prefix)? {
                ask.lookup = Lookup::whole_word(prefix);
            }
        }
        Ok(())
    }

    /// What `lookup` finds in `segment`.
    fn find(&mut self, lookup: &Lookup<'_>, segment: &SearchSegment) -> Step<Found<'f>> {
        match lookup {
            Lookup::Cover { tokens, .. } => {
                let located = all(tokens.iter().map(|t| self.locate(segment, &t.token)))?;
                Ok(Found::Cover(located))
            }
            Lookup::Prefix { prefix, .. } => {
                let entries = self.prefix_entries(segment, prefix)?;
                let located = all(entries.into_iter().map(|e| self.located(e)))?;
                Ok(Found::Union(located))
            }
            Lookup::AnyOf(tokens) => {
                let located = all(tokens.iter().map(|t| self.locate(segment, t)))?;
                Ok(Found::Union(located.into_iter().flatten().collect()))
            }
        }
    }

    /// The candidates of a term of several tokens that hold its tokens at consecutive
    /// positions, with how often; `Missing` while a position file is not loaded.
    fn prove(
        &mut self,
        lookup: &Lookup<'_>,
        tokens: &[TokenPostings],
        candidates: &[u32],
    ) -> Step<Vec<Match>> {
        let Lookup::Cover {
            tokens: cover,
            block_ends,
        } = lookup
        else {
            return Ok(Vec::new());
        };
        if candidates.is_empty() {
            return Ok(Vec::new());
        }
        let blobs = all(tokens.iter().map(|t| {
            all(t.positions.iter().map(|(count, blob)| match blob {
                Blob::Inline(bytes) => Ok((*count, bytes.as_slice())),
                Blob::File(range) => self.positions(range.hash).map(|bytes| {
                    let start = range.offset as usize;
                    let blob = bytes
                        .get(start..start.saturating_add(range.length as usize))
                        .unwrap_or_default();
                    (*count, blob)
                }),
            }))
        }))?;
        // Each cover token's positions in each candidate, in one buffer: `ranges[t][i]` is
        // where token `t`'s positions in candidate `i` are.
        let mut found: Vec<u32> = Vec::new();
        let mut ranges: Vec<Vec<std::ops::Range<usize>>> = Vec::with_capacity(tokens.len());
        // Where the title ends in each candidate, when the first token is in its title.
        let mut title_end: Vec<Option<u32>> = vec![None; candidates.len()];
        for (t, (token, parts)) in tokens.iter().zip(&blobs).enumerate() {
            let mut in_candidate = vec![0..0; candidates.len()];
            // Postings and candidates both ascend: one cursor walks the candidates.
            let mut next = 0;
            let mut wanted = |doc: u32| {
                next += candidates[next..].partition_point(|&c| c < doc);
                candidates.get(next) == Some(&doc)
            };
            let mut at = 0;
            let mut first = 0;
            for &(count, blob) in parts {
                let postings = &token.postings[first..first + count];
                first += count;
                each_positions(blob, postings, &mut wanted, |doc, positions| {
                    at += candidates[at..].partition_point(|&c| c < doc);
                    let start = found.len();
                    found.extend_from_slice(positions);
                    in_candidate[at] = start..found.len();
                });
            }
            if t == 0 {
                let mut at = 0;
                for p in &token.postings {
                    at += candidates[at..].partition_point(|&c| c < p.doc);
                    if candidates.get(at) == Some(&p.doc) {
                        title_end[at] = p.title;
                    }
                }
            }
            ranges.push(in_candidate);
        }
        let mut out = Vec::new();
        // A cover's first token is at the term's first unit.
        debug_assert_eq!(cover[0].offset, 0);
        for (i, &doc) in candidates.iter().enumerate() {
            let starts = found[ranges[0][i].clone()].iter().filter(|&&start| {
                // Walks the term's units from `start`, each next one where the one before says.
                let (mut at, mut unit) = (start, 0);
                cover.iter().zip(&ranges).skip(1).all(|(t, ranges)| {
                    while unit < t.offset {
                        let Some(next) = position::next_position(at, block_ends[unit as usize])
                        else {
                            return false;
                        };
                        (at, unit) = (next, unit + 1);
                    }
                    found[ranges[i].clone()].binary_search(&at).is_ok()
                })
            });
            let (mut tf, mut title) = (0, false);
            for &start in starts {
                tf += 1;
                // In the title when it starts in it: a match never runs into the next line.
                title |= title_end[i].is_some_and(|end| start < end);
            }
            if tf > 0 {
                out.push(Match { doc, tf, title });
            }
        }
        Ok(out)
    }
}

/// A lookup's articles in one segment from its posting lists.
fn lists(lookup: &Lookup<'_>, found: &Found<'_>) -> Lists {
    let located = match found {
        Found::Union(located) => {
            let lists = located
                .iter()
                .map(|l| l.postings().into_iter().map(matched).collect());
            return Lists::Proven(union(lists));
        }
        Found::Cover(located) => located,
    };
    if located.iter().any(Vec::is_empty) {
        return Lists::Proven(Vec::new()); // a token the segment does not have
    }
    let single = matches!(lookup, Lookup::Cover { tokens, .. } if tokens.len() == 1);
    if single {
        // The parts of a list on the old side of a merge follow one another.
        let matches = located[0].iter().flat_map(|l| l.postings().into_iter());
        return Lists::Proven(matches.map(matched).collect());
    }
    let tokens: Vec<TokenPostings> = located
        .iter()
        .map(|parts| {
            let mut postings = Vec::new();
            let mut positions = Vec::with_capacity(parts.len());
            for l in parts {
                let part = l.postings();
                let blob = match (&l.entry.positions, l.shard.inline_positions(l.entry)) {
                    (PosRef::File(range), _) => Blob::File(*range),
                    (PosRef::Inline(_), blob) => Blob::Inline(blob.unwrap_or_default().to_vec()),
                };
                positions.push((part.len(), blob));
                postings.extend(part);
            }
            TokenPostings {
                postings,
                positions,
            }
        })
        .collect();
    let candidates = intersect(tokens.iter().map(|t| t.postings.as_slice()));
    Lists::Unproven { tokens, candidates }
}

/// Lists joined: one match per article, occurrences summed, in the title if any list says so.
/// Lists are merged two at a time, neighbours first, so that `k` lists of `n` matches in all
/// take about `n log k` steps (and no sort: each sort instantiation weighs on the WASM).
fn union(lists: impl Iterator<Item = Vec<Match>>) -> Vec<Match> {
    let mut lists: Vec<Vec<Match>> = lists.collect();
    while lists.len() > 1 {
        let mut pairs = std::mem::take(&mut lists).into_iter();
        while let Some(a) = pairs.next() {
            lists.push(match pairs.next() {
                Some(b) => merge(a, b),
                None => a,
            });
        }
    }
    lists.pop().unwrap_or_default()
}

/// Two lists of matches joined (see [`union`]).
fn merge(a: Vec<Match>, b: Vec<Match>) -> Vec<Match> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
    loop {
        let next = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) if x.doc == y.doc => a.next().zip(b.next()).map(|(x, y)| Match {
                doc: x.doc,
                tf: x.tf + y.tf,
                title: x.title || y.title,
            }),
            (Some(x), Some(y)) if x.doc < y.doc => a.next(),
            (Some(_), None) => a.next(),
            _ => b.next(),
        };
        match next {
            Some(m) => out.push(m),
            None => return out,
        }
    }
}

/// A one-token match from its posting: exact as it is (a token in the title is wholly in it).
fn matched(p: Posting) -> Match {
    Match {
        doc: p.doc,
        tf: p.tf,
        title: p.title.is_some(),
    }
}

/// Articles present in every list (each sorted by article).
fn intersect<'a>(lists: impl Iterator<Item = &'a [Posting]>) -> Vec<u32> {
    let mut lists: Vec<&[Posting]> = lists.collect();
    // From the shortest list.
    if let Some(shortest) = (0..lists.len()).min_by_key(|&i| lists[i].len()) {
        lists.swap(0, shortest);
    }
    let Some((first, rest)) = lists.split_first() else {
        return Vec::new();
    };
    let mut docs: Vec<u32> = first.iter().map(|p| p.doc).collect();
    for list in rest {
        let mut cursor = Cursor::new(list, |p| p.doc);
        docs.retain(|&d| cursor.seek(d).is_some());
    }
    docs
}

/// Walks a list sorted by article forward, to find articles asked for in ascending order:
/// each step gallops (1, 2, 4… ahead, then halves), so a walk over a list of `n` for `k`
/// articles costs about `k log(n / k)`.
struct Cursor<'l, T, K> {
    list: &'l [T],
    at: usize,
    doc: K,
}

impl<'l, T, K: Fn(&T) -> u32> Cursor<'l, T, K> {
    fn new(list: &'l [T], doc: K) -> Self {
        Cursor { list, at: 0, doc }
    }

    /// The item of article `doc`, if the list has it (`doc` not below the last one asked).
    fn seek(&mut self, doc: u32) -> Option<&'l T> {
        let list = self.list;
        let key = &self.doc;
        let mut step = 1;
        while self.at + step < list.len() && key(&list[self.at + step]) < doc {
            step *= 2;
        }
        let end = (self.at + step + 1).min(list.len());
        self.at += list[self.at..end].partition_point(|item| key(item) < doc);
        list.get(self.at).filter(|item| key(item) == doc)
    }
}

/// The articles of a segment that every required term and clause may match (ascending), from
/// their lists before positions: only these need their positions read. `None` when there is
/// no required term or clause (every article may be in the answer).
fn allowed(asks: &[Ask<'_>], lists: &[Lists]) -> Option<Vec<u32>> {
    let mut sets = asks
        .iter()
        .zip(lists)
        .filter(|(ask, _)| ask.role != Role::Excluded)
        .map(|(_, lists)| match lists {
            Lists::Proven(m) => m.iter().map(|m| m.doc).collect::<Vec<u32>>(),
            Lists::Unproven { candidates, .. } => candidates.clone(),
        });
    let mut docs = sets.next()?;
    for set in sets {
        let mut cursor = Cursor::new(&set, |&d| d);
        docs.retain(|&d| cursor.seek(d).is_some());
    }
    Some(docs)
}

/// The hits in order, from what every term and clause matches.
fn rank(root: &SearchRoot, asks: &[Ask<'_>], answered: &[Answered]) -> Vec<Hit> {
    let articles: u32 = root.segments.iter().map(|s| s.docs).sum();
    let of_role = |role: Role| -> Vec<&Answered> {
        asks.iter()
            .zip(answered)
            .filter(|(ask, _)| ask.role == role)
            .map(|(_, a)| a)
            .collect()
    };
    let required = of_role(Role::Required);
    let clauses = of_role(Role::Clause);
    let excluded = of_role(Role::Excluded);
    // Document frequencies over the whole archive.
    let idf: Vec<f32> = required
        .iter()
        .map(|a| inverse_document_frequency(articles, a.df))
        .collect();
    let mut hits: Vec<Hit> = Vec::new();
    let mut first = 0u32;
    for (s, segment) in root.segments.iter().enumerate() {
        let (mut not, mut all_of, mut terms) = (
            match_cursors(&excluded, s),
            match_cursors(&clauses, s),
            match_cursors(&required, s),
        );
        // Walk the shortest list of the required terms, else of the clauses, else every article.
        let shortest =
            |lists: &[&Answered]| (0..lists.len()).min_by_key(|&i| lists[i].segments[s].len());
        let (walk, walked) = match (shortest(&required), shortest(&clauses)) {
            (Some(i), _) => (Some(i), required[i].segments[s].as_slice()),
            (None, Some(c)) => (None, clauses[c].segments[s].as_slice()),
            (None, None) => (None, &[][..]),
        };
        let every = (walk.is_none() && clauses.is_empty()).then_some(0..segment.docs);
        let docs = walked
            .iter()
            .map(|m| m.doc)
            .chain(every.into_iter().flatten());
        'docs: for (at, doc) in docs.enumerate() {
            if not.iter_mut().any(|c| c.seek(doc).is_some())
                || !all_of.iter_mut().all(|c| c.seek(doc).is_some())
            {
                continue;
            }
            let (mut score, mut title) = (0.0f32, 0u32);
            for (i, (cursor, idf)) in terms.iter_mut().zip(&idf).enumerate() {
                let m = if walk == Some(i) {
                    walked[at]
                } else {
                    match cursor.seek(doc) {
                        Some(m) => *m,
                        None => continue 'docs,
                    }
                };
                score += term_score(*idf, m.tf);
                title += u32::from(m.title);
            }
            hits.push(Hit {
                doc: first + doc,
                score,
                title,
            });
        }
        first += segment.docs;
    }
    // Hits come in ascending numbers; without required terms that is their order already.
    if !required.is_empty() {
        sort_by_rank(&mut hits);
    }
    hits.reverse();
    hits
}

/// A term's inverse document frequency, `df` of the archive's `articles` holding it.
fn inverse_document_frequency(articles: u32, df: usize) -> f32 {
    let df = df as f32;
    (1.0 + (articles as f32 - df + 0.5) / (df + 0.5)).ln()
}

/// What a term found `tf` times in an article adds to its score (BM25 with b = 0).
fn term_score(idf: f32, tf: u32) -> f32 {
    let tf = tf as f32;
    idf * tf * (K1 + 1.0) / (tf + K1)
}

/// A hit's rank as an integer: more terms in the title, then a higher score. (A score is a sum
/// of positive terms, or 0, and the bits of non-negative floats order as the floats do.)
fn rank_of(hit: &Hit) -> u64 {
    u64::from(hit.title) << 32 | u64::from(hit.score.to_bits())
}

/// Sorts hits by rank, keeping the order of hits of equal rank: a stable radix sort on the
/// rank's bytes, one pass per byte in which the ranks differ. Ranks take few distinct values
/// (a score depends on term frequencies), so this is linear where sorting a million hits by
/// comparison is not; and it keeps Rust's stable sort out of the WASM.
fn sort_by_rank(hits: &mut Vec<Hit>) {
    let n = hits.len();
    let mut counts = [[0usize; 256]; 8];
    for hit in hits.iter() {
        let rank = rank_of(hit);
        for (byte, count) in counts.iter_mut().enumerate() {
            count[(rank >> (8 * byte)) as u8 as usize] += 1;
        }
    }
    let mut from = std::mem::take(hits);
    let mut to = from.clone();
    for (byte, count) in counts.iter().enumerate() {
        if count.contains(&n) {
            continue; // every rank has the same byte here
        }
        let mut next = [0usize; 256];
        let mut at = 0;
        for (slot, &c) in next.iter_mut().zip(count) {
            *slot = at;
            at += c;
        }
        for hit in &from {
            let slot = &mut next[(rank_of(hit) >> (8 * byte)) as u8 as usize];
            to[*slot] = *hit;
            *slot += 1;
        }
        std::mem::swap(&mut from, &mut to);
    }
    *hits = from;
}

/// A [`Cursor`] over one segment's matches.
type MatchCursor<'a> = Cursor<'a, Match, fn(&Match) -> u32>;

/// Cursors over what each of `of` matches in segment `s`.
fn match_cursors<'a>(of: &[&'a Answered], s: usize) -> Vec<MatchCursor<'a>> {
    let doc: fn(&Match) -> u32 = |m| m.doc;
    of.iter()
        .map(|a| Cursor::new(a.segments[s].as_slice(), doc))
        .collect()
}
