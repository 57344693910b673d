//! Stage 9: the search index of one segment, from its articles' titles, texts and facet tokens
//! in number order; returns the segment's [`SearchSegment`] (its key blocks), its files going
//! out through a callback as they are made.
//!
//! [`build_segment`] reads the articles in batches of [`BATCH_DOCS`]. Each batch is inverted in
//! parallel into a *run*: the batch's vocabulary, sorted, each token with its posting list and
//! positions. Every thread reads a part of the batch into one record per article and token,
//! appended to an arena, and sorts the records by token (an integer key: sorting beats looking
//! each token up in a hash table, whose random reads cost three times as much, measured); the
//! parts' sorted lists are then merged. A segment of one batch is packed from memory; a larger one
//! writes each run to a file under `scratch` and then merges them (a k-way merge by token, the
//! runs being in article order), so memory stays that of one batch whatever the segment's size.
//! Packing cuts the merged vocabulary into shards, position files and list files (the long
//! posting lists, whose heads stay in the shards: [`LONG_LIST`]) of a size that grows with
//! the segment's (see [`shard_target`]), then lists the shards in key blocks, each with its
//! pieces (of about [`PIECE_BYTES`], cut by fill: where a shard's pieces start is said in its
//! key block alone, which changes whenever the shard does, so those cuts move no file). Every cut is
//! content-defined ([`Cuts`], [`key_blocks`]): it falls after a token whose hash says so, once
//! the piece holds its minimum, and is forced only at its maximum, so that an edit which adds
//! bytes to one shard, or a shard to a segment, moves the cuts around it alone and not every
//! later one (cuts by fill moved them all). Every file is named by its content's hash, so the
//! output depends only on the input.

use std::borrow::Cow;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use xxhash_rust::xxh3::{xxh3_64, xxh3_64_with_seed};

use super::text;
use crate::model::{file_path, BlockRef, FileKind, SearchSegment};
use crate::search::position::{tokens_in_lines, Numbering};
use crate::search::shard::{
    self, encode_entry, encode_head, finish_shard, hash_name, FileRange, KeyBlock, List, Piece,
    PieceEntries, Positions, Posting, ShardKey, INLINE_POSITIONS, PIECE_BYTES,
};

/// One article as the index sees it; numbers within the segment are the order of arrival.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IndexDoc {
    pub title: String,
    /// The body's text (of the sanitized HTML, blocks separated by newlines).
    pub text: String,
    /// Its names (author, categories, tags), a line each ([`crate::model::Row::names_text`]):
    /// indexed from a multiple of [`NAMES_ALIGN`], so that an edit of the body seldom moves them.
    pub names: String,
    /// Facet tokens ([`crate::search::facet_token`], [`crate::search::month_token`]); repeats
    /// are indexed once.
    pub facets: Vec<String>,
}

/// An article's names start at the first multiple of this after its title and body (each
/// name a line of its own, [`crate::search::position`]), so that an edit of the body moves
/// their positions, and the shards that hold them, only when its end crosses a multiple: a
/// paragraph appended to a body moved them all when they started at the next line (53 files
/// of a 5,000-article bundle changed rather than 16, `tests/suite/incremental.rs`). Sixteen
/// lines keep a name's position under 2^21 (a 3-byte varint) in a body of 1,000 lines or less.
pub const NAMES_ALIGN: u32 = 16 * crate::search::position::LINE_STEP;

/// What one segment's index came to.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SegmentIndex {
    /// Its entry in the search root.
    pub segment: SearchSegment,
    /// Distinct tokens.
    pub tokens: usize,
    /// Files written: key blocks, shards and position files.
    pub files: usize,
    /// Their bytes.
    pub bytes: u64,
    /// For each key block of `segment`, the files a reader may reach through it: the block,
    /// its shards, and the position and list files they refer to (a file may be reached from
    /// two blocks). A segment whose merge is published a range of blocks at a time publishes
    /// these.
    pub block_files: Vec<Vec<String>>,
}

/// Articles inverted at a time: a segment of more is merged from runs on disk. On 100,000
/// generated articles in one segment, 4,096 / 8,192 / 16,384 took 13.9 / 13.5 / 16.7 CPU
/// seconds and peaked at 150 / 190 / 265 MB: larger batches spend their time reading records
/// that no longer fit in the caches.
pub const BATCH_DOCS: usize = 8192;

/// A batch also ends after this much text (title and body bytes), so that long articles do
/// not make a batch large (and a part's records stay well within their 32-bit offsets).
pub const BATCH_BYTES: usize = 64 << 20;

/// A text token's posting list of more than this many bytes goes to a list file, its head
/// ([`shard::HEAD_POSTINGS`] postings, about 200 bytes) staying in the shard: a query of one
/// token reads its first screen from the heads, and only the whole answer reads the lists. Below
/// it, a list costs the shard little more than a head and the file's reference would, and the
/// whole answer's lists come with the shards, a round before a list file. Facet tokens keep
/// their lists: a filtered view reads the newest segments' lists whole for its first rows.
const LONG_LIST: usize = 2 * 1024;

/// Shards are cut at `2,250 × √MiB` divided by this (their floors aside): the long lists, most
/// of a large segment's postings, are in list files, which are cut at the undivided size (what
/// a shard holding them was), so a first screen read from heads reads shards a quarter of the
/// size.
const SHARD_SHRINK: usize = 4;

/// Smallest and largest shard target (bytes).
const SHARD_MIN: usize = 2 * 1024;
const SHARD_MAX: usize = 96 * 1024;

/// A closed segment's shards are cut at no less than this (within [`FLOOR_SHARDS`]): young
/// segments are written again by every merge that takes them in, and a segment of a few
/// thousand articles cut at `2,250 × √MiB` (4–6 KiB) was 700–1,900 files on the day it closed
/// (BENCHMARKS.md, "Format 6: … +1% a day").
const CLOSED_SHARD_FLOOR: usize = 12 * 1024;

/// The open tail's shards are cut at no less than this (within [`FLOOR_SHARDS`]): every build
/// that appends articles writes the tail again, 1,000 to 5,000 articles at 100,000, and the
/// bundle's files grow by what it is cut into. A query reads one of its shards per token, as of
/// every segment: this is what a day's files cost the first search.
const TAIL_SHARD_FLOOR: usize = 24 * 1024;

/// A floor is never more than this fraction of the segment's index: a small archive's index (or
/// a young tail) keeps shards small enough that a query reads a part of it (about a hundred
/// shards, its positions aside), and is few files anyway.
const FLOOR_SHARDS: u64 = 128;

/// Shard targets are multiples of this, so that an edit that changes a segment's bytes a little
/// does not move every cut of the segment by changing its target by a byte.
const SHARD_STEP: usize = 256;

/// Position files are cut at this many times the shard size: four in the open tail, three in a
/// closed segment. Only a term of several tokens reads them, where its lists intersect; at twice
/// the shard size they were a quarter of the search index's files (3,271 of 13,082 at 100,000
/// generated articles), and a third of what a 1,000,000-article bundle could spend in files
/// beside its groups and lookup. In a closed segment, large blobs make the files larger than
/// their target (a file ends after the blob that passes its minimum; cuts by fill ended before
/// the blob that did not fit, about two thirds full): at four there, a phrase read 18% more
/// bytes than with cuts by fill, and an edit that changes many lists changed more shards (every
/// shard that refers to a position file changes with it). The tail's blobs are small: at three
/// there, a +1% day wrote more files (BENCHMARKS.md, "Content-defined cuts").
const TAIL_POSITIONS_PER_SHARD: usize = 4;
const CLOSED_POSITIONS_PER_SHARD: usize = 3;

/// See [`MIN_WAITING_SHARDS`].
const MAX_WAITING_SHARDS: usize = 64;

/// A piece holds at least this share of its target before a content-defined cut (in
/// twentieths), and the mean of how far past it the cut falls is [`CUT_SPREAD_TWENTIETHS`]: a
/// mean of the target, as cuts by fill made in the young segments that +1% days write again
/// (their entries are small, so a full shard was all but its target; with a mean of 95% a day
/// wrote up to 4% more files). A query reads a token's shard, which is a larger one more often than a
/// smaller: the narrower the spread, the less a shard read exceeds the mean (with cuts spread
/// over the fifth above four fifths of the target, the first search read 3% and 12% more for
/// `rust` and `更新` at 100,000 than with cuts by fill, measured). Where two streams' cuts
/// resynchronise does not depend on the spread: after a moved cut, the next cuts agree with a
/// chance of about 1/e a piece.
const CUT_MIN_TWENTIETHS: usize = 18;
const CUT_SPREAD_TWENTIETHS: usize = 2;

/// A piece is cut before an entry that would take it over this many times its target.
const CUT_MAX_TIMES: usize = 2;

/// Seeds of the token hashes that decide the cuts of shards and of position files, so that the
/// two kinds of cut fall independently.
const SHARD_CUT_SEED: u64 = 1;
const POSITIONS_CUT_SEED: u64 = 2;
const LISTS_CUT_SEED: u64 = 3;

/// A key block ends after a shard whose last token's hash has its low bits
/// ([`xxh3_64`]) `% BLOCK_SPREAD == 0`, once it lists [`BLOCK_MIN_SHARDS`]; at
/// [`BLOCK_MAX_SHARDS`] it ends anyway. About 64 shards a block, as the fixed blocks of 64
/// were (a query reads a key block per token and segment: about 0.9 KB; the block a token is in
/// is a longer one more often, 68 shards on average): a changed number of
/// shards changes the block around it, where fixed blocks moved every later block of the
/// segment (BENCHMARKS.md, "One edit, one deletion").
const BLOCK_MIN_SHARDS: usize = 48;
const BLOCK_SPREAD: u64 = 16;
const BLOCK_MAX_SHARDS: usize = 256;

/// A complete shard waits for the position file it refers to; once this many wait, that file
/// is closed early after a shard whose last token's hash says so (bits 8 and up of
/// [`xxh3_64`] `% EARLY_SPREAD == 0`), and after [`MAX_WAITING_SHARDS`] in any case, which
/// bounds the memory they hold (a cut at a count alone would move with every shard added
/// before it).
const MIN_WAITING_SHARDS: usize = 16;
const EARLY_SPREAD: u64 = 16;

/// Where a sorted stream of entries (a shard's, or a position file's blobs) is cut: after an
/// entry once the piece holds `min` bytes, with a chance of the entry's bytes over `spread`
/// decided by its token's hash (so that the bytes past `min` run about `spread`, whatever the
/// entries' sizes), and before an entry that would take it past `max`. The condition is a
/// function of the token and its own entry: an edit that changes some entries moves a cut only
/// where the changed bytes cross a cut's minimum, and the next cut agreed on by the old and the
/// new stream resynchronises the rest.
#[derive(Debug, Clone, Copy)]
struct Cuts {
    min: usize,
    spread: usize,
    max: usize,
    seed: u64,
}

impl Cuts {
    /// The cuts of pieces of `target` bytes on average (past `min`, an exponential tail).
    fn around(target: usize, seed: u64) -> Self {
        Cuts {
            min: target * CUT_MIN_TWENTIETHS / 20,
            spread: (target * CUT_SPREAD_TWENTIETHS / 20).max(1),
            max: CUT_MAX_TIMES * target,
            seed,
        }
    }

    /// Whether a piece of `filled` bytes ends before an entry of `next` bytes.
    fn full_before(&self, filled: usize, next: usize) -> bool {
        filled > 0 && filled + next > self.max
    }

    /// Whether a piece of `filled` bytes, the last of them the `entry` bytes of `token`, ends
    /// here.
    fn ends_after(&self, token: &str, entry: usize, filled: usize) -> bool {
        let chance = xxh3_64_with_seed(token.as_bytes(), self.seed) >> 32;
        filled >= self.min && u128::from(chance) * (self.spread as u128) < (entry as u128) << 32
    }
}

/// The key blocks of a segment's shards, given the hash ([`xxh3_64`]) of each shard's last
/// token: ranges of shards, in order, each ending as [`BLOCK_SPREAD`] says.
fn key_blocks(last_token_hashes: &[u64]) -> Vec<std::ops::Range<usize>> {
    let mut blocks = Vec::new();
    let mut start = 0;
    for (i, &hash) in last_token_hashes.iter().enumerate() {
        let len = i + 1 - start;
        if len == BLOCK_MAX_SHARDS || (len >= BLOCK_MIN_SHARDS && hash % BLOCK_SPREAD == 0) {
            blocks.push(start..i + 1);
            start = i + 1;
        }
    }
    if start < last_token_hashes.len() {
        blocks.push(start..last_token_hashes.len());
    }
    blocks
}

/// Which segment an index is of: its files are sized by how often builds write it again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SegmentKind {
    /// Closed by a boundary article (`docs/FORMAT.md`, "Search segments"): written once, and
    /// again only when a merge takes it into a larger segment.
    Closed,
    /// The open tail, the articles after the last closed segment, written again by every build
    /// that appends articles; and a closed segment smaller than a level-2 run, taken into a
    /// larger one within days (the caller decides: `Archive::write_segments`).
    Tail,
}

/// The size of a segment's list files, whose index is about `bytes` (and of its shards before
/// the long lists left them: shards are now cut at a [`SHARD_SHRINK`]th of the `√` part, the
/// floors aside; position files at a few times this): `2,250 × √MiB`, at least the
/// kind's floor ([`CLOSED_SHARD_FLOOR`], [`TAIL_SHARD_FLOOR`]) but no more than a
/// [`FLOOR_SHARDS`]th of the index, between 2 and 96 KiB, in steps of [`SHARD_STEP`]. A query
/// reads one shard per token and segment, so small segments want small shards; large ones,
/// fewer files; and segments that builds write again, fewer files too.
pub fn shard_target(bytes: u64, kind: SegmentKind) -> usize {
    target_of(bytes, kind, 1)
}

/// The size of the pieces the shard target sizes ([`shard_target`]), the `√` part divided by
/// `shrink`.
fn target_of(bytes: u64, kind: SegmentKind, shrink: usize) -> usize {
    let mib = bytes as f64 / (1024.0 * 1024.0);
    let by_size = (2250.0 * mib.sqrt()) as usize / shrink;
    let floor = match kind {
        SegmentKind::Closed => CLOSED_SHARD_FLOOR,
        SegmentKind::Tail => TAIL_SHARD_FLOOR,
    };
    let floor = floor.min((bytes / FLOOR_SHARDS) as usize);
    let target = by_size.max(floor).clamp(SHARD_MIN, SHARD_MAX);
    target / SHARD_STEP * SHARD_STEP
}

/// Builds one segment's index from its articles in number order. `text: false` indexes only
/// the facet tokens (`--no-search`); `kind` sizes its files ([`shard_target`]). Files go out
/// through `write(path, bytes)` as they are made (paths from [`file_path`]); memory stays
/// bounded whatever the segment's size (large segments are inverted in batches written to
/// sorted runs under `scratch`, then merged).
/// Deterministic: the same docs give the same bytes.
pub fn build_segment(
    docs: impl Iterator<Item = IndexDoc>,
    text: bool,
    kind: SegmentKind,
    scratch: &Path,
    write: &(dyn Fn(&str, &[u8]) -> io::Result<()> + Sync),
) -> io::Result<SegmentIndex> {
    build_in_batches(docs, text, kind, scratch, write, BATCH_DOCS)
}

/// [`build_segment`], inverting `batch_docs` articles at a time.
fn build_in_batches(
    docs: impl Iterator<Item = IndexDoc>,
    text: bool,
    kind: SegmentKind,
    scratch: &Path,
    write: &(dyn Fn(&str, &[u8]) -> io::Result<()> + Sync),
    batch_docs: usize,
) -> io::Result<SegmentIndex> {
    let mut docs = docs.peekable();
    let mut count = 0u32;
    let mut in_memory: Option<Vec<TokenList>> = None;
    let mut runs = RunFiles::new(scratch);
    loop {
        let mut batch: Vec<IndexDoc> = Vec::new();
        let mut bytes = 0;
        while batch.len() < batch_docs && bytes < BATCH_BYTES {
            let Some(doc) = docs.next() else { break };
            bytes += doc.title.len() + doc.text.len();
            batch.push(doc);
        }
        if batch.is_empty() {
            break;
        }
        let first = count;
        count += batch.len() as u32;
        let run = invert(batch, first, text);
        if in_memory.is_none() && runs.is_empty() && docs.peek().is_none() {
            in_memory = Some(run);
        } else {
            runs.write(&run)?;
        }
    }
    let mut packer = Packer::new(write);
    match in_memory {
        Some(run) => {
            let estimate = run.iter().map(TokenList::size).sum();
            packer.target(estimate, kind);
            for list in run {
                packer.add(list)?;
            }
        }
        None => {
            packer.target(runs.bytes, kind);
            let mut merge = runs.merge()?;
            while let Some(list) = merge.next_list()? {
                packer.add(list)?;
            }
        }
    }
    let mut index = packer.finish()?;
    index.segment.docs = count;
    Ok(index)
}

/// A token's posting list and positions within a run of articles.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct TokenList {
    token: String,
    /// Articles that hold it.
    df: u32,
    /// The last of them.
    last: u32,
    /// Encoded postings ([`shard::put_posting`]); the first gap counts from article 0.
    postings: Vec<u8>,
    /// Its position blob.
    positions: Vec<u8>,
}

impl TokenList {
    /// About what the list takes in the index.
    fn size(&self) -> u64 {
        (self.token.len() + self.postings.len() + self.positions.len() + 4) as u64
    }

    /// Adds a later run's list of the same token (its first gap is counted again).
    fn append(&mut self, later: TokenList) {
        shard::append_postings(&mut self.postings, Some(self.last), &later.postings);
        self.positions.extend_from_slice(&later.positions);
        self.df += later.df;
        self.last = later.last;
    }
}

/// How a token and a number (a position, or a record's place) sort, cheaply, as one integer:
/// the token's first 8 bytes (big endian, zero-padded), its length, then the number. This is
/// the order of the tokens' bytes (tokens hold no NUL byte, so the padding sorts a shorter one
/// first) except among tokens of more than 8 bytes with the same first 8: [`fix_long_tokens`]
/// sorts those by their whole bytes.
fn sort_key(token: &str, number: u32) -> u128 {
    let mut bytes = [0u8; 8];
    let n = token.len().min(8);
    bytes[..n].copy_from_slice(&token.as_bytes()[..n]);
    u128::from(u64::from_be_bytes(bytes)) << 64
        | u128::from(token.len() as u32) << 32
        | u128::from(number)
}

/// The first 8 bytes of a key's token, and its length.
fn key_token(key: u128) -> (u64, u32) {
    ((key >> 64) as u64, (key >> 32) as u32)
}

/// In `items` sorted by [`sort_key`], sorts each run of tokens that share their first 8 bytes,
/// one of them longer, by the tokens' whole bytes (stable: equal tokens keep their order).
fn fix_long_tokens<T>(
    items: &mut [T],
    key: impl Fn(&T) -> u128,
    by_token: impl Fn(&T, &T) -> std::cmp::Ordering,
) {
    let mut start = 0;
    while start < items.len() {
        let (prefix, _) = key_token(key(&items[start]));
        let len = items[start..]
            .iter()
            .take_while(|i| key_token(key(i)).0 == prefix)
            .count();
        let run = &mut items[start..start + len];
        let long = run.iter().any(|i| key_token(key(i)).1 > 8);
        if long && run.iter().any(|i| by_token(i, &run[0]).is_ne()) {
            run.sort_by(&by_token);
        }
        start += len;
    }
}

/// The records of a part of a batch, as its articles are read: one per article and token it
/// holds.
///
/// A record is `doc:u32le  len token[len]  tf  title  length positions[length]` (varints but
/// `doc`) in `arena`, `title` being the title's units + 1 when the token is in it, else 0.
/// `keys` are the records' [`sort_key`]s, the number being where the record starts: records are
/// written in article order, so sorting the keys gives each token's articles in order.
#[derive(Default)]
struct Part {
    arena: Vec<u8>,
    keys: Vec<u128>,
}

/// Room made in a part for its records and keys, per byte of its articles' title, text and
/// names: `ARENA_PER_BYTE / ARENA_PER_BYTE_DIVISOR` (4.25) record bytes and one key per
/// `BYTES_PER_KEY` bytes, a little above what generated articles take (3.9 bytes and 0.25 keys).
/// Allocated once at about their final size, a part's buffers are not copied into ever larger
/// fresh memory as they fill: a clean build's peak fell by a quarter at 10,000 articles and
/// by a tenth at 100,000, its time unchanged (BENCHMARKS.md, "10,000 on a quiet machine").
const ARENA_PER_BYTE: usize = 17;
const ARENA_PER_BYTE_DIVISOR: usize = 4;
const BYTES_PER_KEY: usize = 3;

impl Part {
    /// An empty part with room for the records of `docs` as text (facet tokens aside).
    fn with_room_for(docs: &[IndexDoc]) -> Part {
        let bytes: usize = docs
            .iter()
            .map(|d| d.title.len() + d.text.len() + d.names.len())
            .sum();
        Part {
            arena: Vec::with_capacity(bytes * ARENA_PER_BYTE / ARENA_PER_BYTE_DIVISOR),
            keys: Vec::with_capacity(bytes / BYTES_PER_KEY),
        }
    }

    fn add(&mut self, token: &str, posting: Posting, positions: &[u32]) {
        let at = u32::try_from(self.arena.len()).expect("a part's records fit in 4 GiB");
        self.keys.push(sort_key(token, at));
        let arena = &mut self.arena;
        arena.extend_from_slice(&posting.doc.to_le_bytes());
        shard::put(arena, token.len() as u64);
        arena.extend_from_slice(token.as_bytes());
        shard::put(arena, u64::from(posting.tf));
        shard::put(arena, posting.title.map_or(0, |u| u64::from(u) + 1));
        let length_at = arena.len();
        arena.push(0);
        let start = arena.len();
        shard::put_positions(arena, positions);
        let length = arena.len() - start;
        if length < 0x80 {
            arena[length_at] = length as u8;
        } else {
            let mut varint = Vec::new();
            shard::put(&mut varint, length as u64);
            arena.splice(length_at..length_at + 1, varint);
        }
    }

    /// The token of the record whose key is `key`.
    fn token(&self, key: u128) -> &[u8] {
        let mut at = key as u32 as usize + 4;
        let len = shard::get(&self.arena, &mut at).unwrap_or(0) as usize;
        &self.arena[at..at + len]
    }

    /// The part's token lists, sorted by token.
    fn lists(mut self) -> Vec<TokenList> {
        let mut keys = std::mem::take(&mut self.keys);
        keys.sort_unstable();
        fix_long_tokens(&mut keys, |k| *k, |a, b| self.token(*a).cmp(self.token(*b)));
        let mut lists: Vec<TokenList> = Vec::new();
        let mut previous: Option<(u128, &[u8])> = None;
        let read = |at: &mut usize| shard::get(&self.arena, at).unwrap_or(0);
        for key in keys {
            let mut at = key as u32 as usize;
            let doc = u32::from_le_bytes(self.arena[at..at + 4].try_into().unwrap_or_default());
            at += 4;
            let len = read(&mut at) as usize;
            let token = &self.arena[at..at + len];
            at += len;
            let tf = read(&mut at) as u32;
            let title = read(&mut at).checked_sub(1).map(|u| u as u32);
            let length = read(&mut at) as usize;
            let positions = &self.arena[at..at + length];
            let same = previous.is_some_and(|(k, t)| {
                key_token(k) == key_token(key) && (key_token(key).1 <= 8 || t == token)
            });
            if !same {
                lists.push(TokenList {
                    token: String::from_utf8_lossy(token).into_owned(),
                    ..TokenList::default()
                });
            }
            let list = lists.last_mut().expect("a list was just made");
            let prev = (list.df > 0).then_some(list.last);
            shard::put_posting(&mut list.postings, prev, Posting { doc, tf, title });
            list.positions.extend_from_slice(positions);
            list.df += 1;
            list.last = doc;
            previous = Some((key, token));
        }
        lists
    }
}

/// The sorted vocabulary of `docs`, numbered from `first`: one run.
fn invert(docs: Vec<IndexDoc>, first: u32, text: bool) -> Vec<TokenList> {
    let parts = rayon::current_num_threads().max(1) * 2;
    let per_part = docs.len().div_ceil(parts).max(256);
    let parts: Vec<Vec<TokenList>> = docs
        .par_chunks(per_part)
        .enumerate()
        .map(|(p, part)| invert_part(part, first + (p * per_part) as u32, text).lists())
        .collect();
    let mut merged = Merged::new(
        parts
            .into_iter()
            .map(|lists| lists.into_iter().map(Ok))
            .collect(),
    )
    .expect("lists in memory read without error");
    let mut run = Vec::new();
    while let Ok(Some(list)) = merged.next_list() {
        run.push(list);
    }
    run
}

/// The records of consecutive articles numbered from `first`.
fn invert_part<'d>(docs: &'d [IndexDoc], first: u32, text: bool) -> Part {
    let mut part = if text {
        Part::with_room_for(docs)
    } else {
        Part::default()
    };
    // An article's token occurrences, by their order: the token, its position, and the key
    // that sorts them by token, then order.
    let mut tokens: Vec<Cow<'d, str>> = Vec::new();
    let mut at_position: Vec<u32> = Vec::new();
    let mut keys: Vec<u128> = Vec::new();
    let mut positions: Vec<u32> = Vec::new();
    let mut facets: Vec<&str> = Vec::new();
    for (i, doc) in docs.iter().enumerate() {
        let number = first + i as u32;
        if text {
            tokens.clear();
            at_position.clear();
            keys.clear();
            let mut push = |token: Cow<'d, str>, position: u32| {
                keys.push(sort_key(&token, tokens.len() as u32));
                tokens.push(token);
                at_position.push(position);
            };
            // Title, text and names are lines of one article, in this order.
            let mut numbering = Numbering::default();
            tokens_in_lines(&doc.title, &mut numbering, &mut push);
            let title_end = numbering.end();
            tokens_in_lines(&doc.text, &mut numbering, &mut push);
            numbering.end_line_at(NAMES_ALIGN);
            tokens_in_lines(&doc.names, &mut numbering, &mut push);
            // Occurrences come in position order, so each token's positions stay ascending.
            keys.sort_unstable();
            let token_of = |key: &u128| &tokens[*key as u32 as usize];
            fix_long_tokens(&mut keys, |k| *k, |a, b| token_of(a).cmp(token_of(b)));
            let mut at = 0;
            while at < keys.len() {
                let token = token_of(&keys[at]);
                positions.clear();
                while at < keys.len() && token_of(&keys[at]) == token {
                    positions.push(at_position[keys[at] as u32 as usize]);
                    at += 1;
                }
                let posting = Posting {
                    doc: number,
                    tf: positions.len() as u32,
                    title: (positions[0] < title_end).then_some(title_end),
                };
                part.add(token, posting, &positions);
            }
        }
        facets.clear();
        facets.extend(doc.facets.iter().map(String::as_str));
        facets.sort_unstable();
        facets.dedup();
        for facet in &facets {
            let posting = Posting {
                doc: number,
                tf: 1,
                title: None,
            };
            part.add(facet, posting, &[]);
        }
    }
    part
}

/// Runs written to files under a scratch folder, deleted when dropped.
///
/// A run file is its token lists in order, each
/// `len token[len] df last size postings[size] length positions[length]` (varints).
struct RunFiles {
    folder: PathBuf,
    paths: Vec<PathBuf>,
    /// Bytes written to them.
    bytes: u64,
}

impl RunFiles {
    fn new(scratch: &Path) -> Self {
        // Apart from the runs of segments built at the same time.
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let folder = scratch.join(format!("folio-runs-{}-{n}", std::process::id()));
        Self {
            folder,
            paths: Vec::new(),
            bytes: 0,
        }
    }

    fn is_empty(&self) -> bool {
        self.paths.is_empty()
    }

    fn write(&mut self, run: &[TokenList]) -> io::Result<()> {
        let path = self.folder.join(format!("{}.run", self.paths.len()));
        let write = || -> io::Result<u64> {
            std::fs::create_dir_all(&self.folder)?;
            let mut out = BufWriter::with_capacity(1 << 20, File::create(&path)?);
            let mut head = Vec::new();
            let mut bytes = 0;
            for list in run {
                head.clear();
                shard::put(&mut head, list.token.len() as u64);
                head.extend_from_slice(list.token.as_bytes());
                shard::put(&mut head, u64::from(list.df));
                shard::put(&mut head, u64::from(list.last));
                shard::put(&mut head, list.postings.len() as u64);
                out.write_all(&head)?;
                out.write_all(&list.postings)?;
                head.clear();
                shard::put(&mut head, list.positions.len() as u64);
                out.write_all(&head)?;
                out.write_all(&list.positions)?;
                bytes += list.size();
            }
            out.flush()?;
            Ok(bytes)
        };
        self.bytes += write().map_err(at(&path))?;
        self.paths.push(path);
        Ok(())
    }

    /// The runs' lists merged by token.
    fn merge(&self) -> io::Result<Merged<RunReader>> {
        let readers = self
            .paths
            .iter()
            .map(|path| {
                let file = File::open(path).map_err(at(path))?;
                Ok(RunReader {
                    path: path.clone(),
                    reader: BufReader::with_capacity(1 << 18, file),
                })
            })
            .collect::<io::Result<Vec<_>>>()?;
        Merged::new(readers)
    }
}

/// An IO error that names the file it happened to.
fn at(path: &Path) -> impl Fn(io::Error) -> io::Error + '_ {
    move |e| io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}

impl Drop for RunFiles {
    fn drop(&mut self) {
        if !self.paths.is_empty() {
            let _ = std::fs::remove_dir_all(&self.folder);
        }
    }
}

/// The token lists of a run file, in order.
struct RunReader {
    path: PathBuf,
    reader: BufReader<File>,
}

impl Iterator for RunReader {
    type Item = io::Result<TokenList>;

    fn next(&mut self) -> Option<Self::Item> {
        read_list(&mut self.reader)
            .map_err(at(&self.path))
            .transpose()
    }
}

/// The next list of one source, ordered by token, then source.
#[derive(Debug, PartialEq, Eq)]
struct Head {
    list: TokenList,
    source: usize,
}

impl Ord for Head {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.list
            .token
            .cmp(&other.list.token)
            .then(self.source.cmp(&other.source))
    }
}

impl PartialOrd for Head {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// A k-way merge of token lists from sources each sorted by token, a later source holding
/// later articles: each token's lists are joined in source order.
struct Merged<I> {
    sources: Vec<I>,
    heads: BinaryHeap<Reverse<Head>>,
}

impl<I: Iterator<Item = io::Result<TokenList>>> Merged<I> {
    fn new(mut sources: Vec<I>) -> io::Result<Self> {
        let mut heads = BinaryHeap::with_capacity(sources.len());
        for (source, lists) in sources.iter_mut().enumerate() {
            if let Some(list) = lists.next().transpose()? {
                heads.push(Reverse(Head { list, source }));
            }
        }
        Ok(Merged { sources, heads })
    }

    /// The next token's whole list.
    fn next_list(&mut self) -> io::Result<Option<TokenList>> {
        let Some(Reverse(Head { mut list, source })) = self.heads.pop() else {
            return Ok(None);
        };
        self.refill(source)?;
        while let Some(Reverse(next)) = self.heads.peek() {
            if next.list.token != list.token {
                break;
            }
            let Some(Reverse(Head {
                list: later,
                source,
            })) = self.heads.pop()
            else {
                break;
            };
            list.append(later);
            self.refill(source)?;
        }
        Ok(Some(list))
    }

    fn refill(&mut self, source: usize) -> io::Result<()> {
        if let Some(list) = self.sources[source].next().transpose()? {
            self.heads.push(Reverse(Head { list, source }));
        }
        Ok(())
    }
}

/// Reads a varint from a run file; `None` at its end.
fn read_varint(reader: &mut impl Read) -> io::Result<Option<u64>> {
    let mut v = 0u64;
    for shift in (0..64).step_by(7) {
        let mut byte = [0u8];
        if reader.read(&mut byte)? == 0 {
            return if shift == 0 {
                Ok(None)
            } else {
                Err(io::ErrorKind::UnexpectedEof.into())
            };
        }
        v |= u64::from(byte[0] & 0x7f) << shift;
        if byte[0] < 0x80 {
            return Ok(Some(v));
        }
    }
    Err(io::Error::new(
        io::ErrorKind::InvalidData,
        "a run's varint is too long",
    ))
}

fn read_bytes(reader: &mut impl Read) -> io::Result<Vec<u8>> {
    let len = read_varint(reader)?.ok_or(io::ErrorKind::UnexpectedEof)?;
    let mut out = vec![0; len as usize];
    reader.read_exact(&mut out)?;
    Ok(out)
}

fn read_list(reader: &mut impl Read) -> io::Result<Option<TokenList>> {
    let Some(len) = read_varint(reader)? else {
        return Ok(None);
    };
    let mut token = vec![0; len as usize];
    reader.read_exact(&mut token)?;
    let token = String::from_utf8(token)
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "a run's token is not UTF-8"))?;
    let mut number = || -> io::Result<u32> {
        let v = read_varint(reader)?.ok_or(io::ErrorKind::UnexpectedEof)?;
        u32::try_from(v).map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "a run's number"))
    };
    let df = number()?;
    let last = number()?;
    let postings = read_bytes(reader)?;
    let positions = read_bytes(reader)?;
    Ok(Some(TokenList {
        token,
        df,
        last,
        postings,
        positions,
    }))
}

/// A shard being written, or complete and waiting for its position file.
#[derive(Debug, Default)]
struct ShardBuf {
    /// Its entries, encoded.
    entries: Vec<u8>,
    count: usize,
    key: String,
    /// Its pieces before the last ([`PIECE_BYTES`]), and the key of each piece after them.
    pieces: Vec<PieceEntries>,
    piece_keys: Vec<String>,
    /// Where in `entries` the open position file's hash goes.
    waiting: Vec<usize>,
    /// Where in `entries` the open list file's hash goes.
    waiting_lists: Vec<usize>,
    /// [`xxh3_64`] of its last token, which decides where key blocks end ([`key_blocks`]).
    last_token_hash: u64,
    /// The position and list files it refers to.
    files: Vec<String>,
}

/// A shard written, as its key block will list it.
#[derive(Debug)]
struct WrittenShard {
    key: ShardKey,
    last_token_hash: u64,
    /// Its path, and those of the position and list files it refers to.
    files: Vec<String>,
}

impl ShardBuf {
    /// Whether the piece being filled holds enough: the next entry starts a piece.
    fn piece_full(&self) -> bool {
        let start = self.pieces.last().map_or(0, |p| p.end);
        self.entries.len() - start >= PIECE_BYTES
    }

    /// Ends the piece being filled.
    fn end_piece(&mut self) {
        let counted: usize = self.pieces.iter().map(|p| p.count).sum();
        self.pieces.push(PieceEntries {
            count: self.count - counted,
            end: self.entries.len(),
        });
    }

    /// Whether it refers to a file still open (whose hash it waits for).
    fn waits(&self) -> bool {
        !self.waiting.is_empty() || !self.waiting_lists.is_empty()
    }
}

/// Cuts a sorted vocabulary into shards, position files and list files, writes them, and lists
/// the shards.
struct Packer<'w> {
    write: &'w (dyn Fn(&str, &[u8]) -> io::Result<()> + Sync),
    shard_cuts: Cuts,
    position_cuts: Cuts,
    list_cuts: Cuts,
    current: ShardBuf,
    /// The last token of the shard before `current`, and of `current`.
    before: String,
    last: String,
    /// Complete shards that refer to the open position file or list file, in order.
    waiting: Vec<ShardBuf>,
    /// The open position file.
    positions: Vec<u8>,
    /// The open list file.
    lists: Vec<u8>,
    /// A head, encoded.
    head: Vec<u8>,
    shards: Vec<WrittenShard>,
    index: SegmentIndex,
    entry: Vec<u8>,
}

impl<'w> Packer<'w> {
    fn new(write: &'w (dyn Fn(&str, &[u8]) -> io::Result<()> + Sync)) -> Self {
        Packer {
            write,
            shard_cuts: Cuts::around(SHARD_MIN, SHARD_CUT_SEED),
            position_cuts: Cuts::around(TAIL_POSITIONS_PER_SHARD * SHARD_MIN, POSITIONS_CUT_SEED),
            list_cuts: Cuts::around(SHARD_MIN, LISTS_CUT_SEED),
            current: ShardBuf::default(),
            before: String::new(),
            last: String::new(),
            waiting: Vec::new(),
            positions: Vec::new(),
            lists: Vec::new(),
            head: Vec::new(),
            shards: Vec::new(),
            index: SegmentIndex::default(),
            entry: Vec::new(),
        }
    }

    /// Sets the sizes from the estimated size of the whole index.
    fn target(&mut self, estimate: u64, kind: SegmentKind) {
        let shard = shard_target(estimate, kind);
        let per_shard = match kind {
            SegmentKind::Tail => TAIL_POSITIONS_PER_SHARD,
            SegmentKind::Closed => CLOSED_POSITIONS_PER_SHARD,
        };
        self.shard_cuts = Cuts::around(target_of(estimate, kind, SHARD_SHRINK), SHARD_CUT_SEED);
        self.position_cuts = Cuts::around(per_shard * shard, POSITIONS_CUT_SEED);
        self.list_cuts = Cuts::around(shard, LISTS_CUT_SEED);
    }

    fn emit(&mut self, kind: FileKind, bytes: &[u8]) -> io::Result<u64> {
        let hash = xxh3_64(bytes);
        (self.write)(&file_path(kind, &hash_name(hash)), bytes)?;
        self.index.files += 1;
        self.index.bytes += bytes.len() as u64;
        Ok(hash)
    }

    fn add(&mut self, list: TokenList) -> io::Result<()> {
        self.index.tokens += 1;
        let in_file = list.positions.len() > INLINE_POSITIONS;
        let pos = if in_file {
            if self
                .position_cuts
                .full_before(self.positions.len(), list.positions.len())
            {
                self.close_positions()?;
            }
            let range = FileRange {
                hash: 0, // put in when the file is complete
                offset: self.positions.len() as u32,
                length: list.positions.len() as u32,
            };
            self.positions.extend_from_slice(&list.positions);
            Positions::File(range)
        } else {
            Positions::Inline(&list.positions)
        };
        let long = list.postings.len() > LONG_LIST && !list.token.starts_with('\u{1}');
        let postings = if long {
            if self
                .list_cuts
                .full_before(self.lists.len(), list.postings.len())
            {
                self.close_lists()?;
            }
            let file = FileRange {
                hash: 0, // put in when the file is complete
                offset: self.lists.len() as u32,
                length: list.postings.len() as u32,
            };
            self.lists.extend_from_slice(&list.postings);
            let head = encode_head(shard::Postings::new(&list.postings, list.df as usize));
            self.head = head.bytes;
            List::File {
                file,
                head_count: head.count,
                head: &self.head,
            }
        } else {
            List::Inline(&list.postings)
        };
        self.entry.clear();
        let hash_at = encode_entry(&mut self.entry, &list.token, list.df, pos, postings);
        if self.current.count > 0
            && self
                .shard_cuts
                .full_before(self.current.entries.len(), self.entry.len())
        {
            self.close_shard()?;
        }
        if self.current.count == 0 {
            self.current.key = if self.shards.is_empty() && self.waiting.is_empty() {
                String::new()
            } else {
                text::separator(&self.before, &list.token)
            };
        } else if self.current.piece_full() {
            self.current.end_piece();
            let key = text::separator(&self.last, &list.token);
            self.current.piece_keys.push(key);
        }
        if let Some(at) = hash_at.positions {
            self.current.waiting.push(self.current.entries.len() + at);
        }
        if let Some(at) = hash_at.list {
            self.current
                .waiting_lists
                .push(self.current.entries.len() + at);
        }
        self.current.entries.extend_from_slice(&self.entry);
        self.current.count += 1;
        if in_file
            && self.position_cuts.ends_after(
                &list.token,
                list.positions.len(),
                self.positions.len(),
            )
        {
            self.close_positions()?;
        }
        if long
            && self
                .list_cuts
                .ends_after(&list.token, list.postings.len(), self.lists.len())
        {
            self.close_lists()?;
        }
        let shard_ends =
            self.shard_cuts
                .ends_after(&list.token, self.entry.len(), self.current.entries.len());
        self.last = list.token;
        if shard_ends {
            self.close_shard()?;
        }
        Ok(())
    }

    fn close_shard(&mut self) -> io::Result<()> {
        let mut shard = std::mem::take(&mut self.current);
        shard.last_token_hash = xxh3_64(self.last.as_bytes());
        self.before = std::mem::take(&mut self.last);
        if !shard.waits() && self.waiting.is_empty() {
            self.write_shard(shard)
        } else {
            let last_token_hash = shard.last_token_hash;
            self.waiting.push(shard);
            let waited = self.waiting.len();
            if waited >= MAX_WAITING_SHARDS
                || (waited >= MIN_WAITING_SHARDS && (last_token_hash >> 8) % EARLY_SPREAD == 0)
            {
                self.close_positions()?;
                self.close_lists()?;
            }
            Ok(())
        }
    }

    fn write_shard(&mut self, mut shard: ShardBuf) -> io::Result<()> {
        shard.end_piece();
        let (bytes, lengths) = finish_shard(&shard.pieces, &shard.entries);
        let hash = self.emit(FileKind::SearchShard, &bytes)?;
        let mut files = vec![file_path(FileKind::SearchShard, &hash_name(hash))];
        files.append(&mut shard.files);
        let keys = std::iter::once(shard.key.clone()).chain(shard.piece_keys);
        let mut offset = 0;
        let pieces = keys
            .zip(lengths)
            .map(|(key, length)| {
                let piece = Piece {
                    key,
                    offset,
                    length,
                };
                offset += length;
                piece
            })
            .collect();
        self.shards.push(WrittenShard {
            key: ShardKey {
                key: shard.key,
                hash,
                pieces,
            },
            last_token_hash: shard.last_token_hash,
            files,
        });
        Ok(())
    }

    /// Writes the open position file, and the shards that waited for it alone.
    fn close_positions(&mut self) -> io::Result<()> {
        if self.positions.is_empty() {
            return Ok(());
        }
        let positions = std::mem::take(&mut self.positions);
        let hash = self.emit(FileKind::Positions, &positions)?;
        let path = file_path(FileKind::Positions, &hash_name(hash));
        let hash = hash.to_le_bytes();
        for shard in self.waiting.iter_mut().chain([&mut self.current]) {
            if !shard.waiting.is_empty() {
                shard.files.push(path.clone());
            }
            for at in shard.waiting.drain(..) {
                shard.entries[at..at + 8].copy_from_slice(&hash);
            }
        }
        self.write_waited()
    }

    /// Writes the open list file, and the shards that waited for it alone.
    fn close_lists(&mut self) -> io::Result<()> {
        if self.lists.is_empty() {
            return Ok(());
        }
        let lists = std::mem::take(&mut self.lists);
        let hash = self.emit(FileKind::Lists, &lists)?;
        let path = file_path(FileKind::Lists, &hash_name(hash));
        let hash = hash.to_le_bytes();
        for shard in self.waiting.iter_mut().chain([&mut self.current]) {
            if !shard.waiting_lists.is_empty() {
                shard.files.push(path.clone());
            }
            for at in shard.waiting_lists.drain(..) {
                shard.entries[at..at + 8].copy_from_slice(&hash);
            }
        }
        self.write_waited()
    }

    /// Writes the waiting shards, in order, up to the first that still waits for a file.
    fn write_waited(&mut self) -> io::Result<()> {
        let ready = self
            .waiting
            .iter()
            .position(ShardBuf::waits)
            .unwrap_or(self.waiting.len());
        let ready: Vec<ShardBuf> = self.waiting.drain(..ready).collect();
        for shard in ready {
            self.write_shard(shard)?;
        }
        Ok(())
    }

    fn finish(mut self) -> io::Result<SegmentIndex> {
        if self.current.count > 0 {
            self.close_shard()?;
        }
        self.close_positions()?;
        self.close_lists()?;
        for shard in std::mem::take(&mut self.waiting) {
            self.write_shard(shard)?;
        }
        let shards = std::mem::take(&mut self.shards);
        let ends: Vec<u64> = shards.iter().map(|s| s.last_token_hash).collect();
        for block in key_blocks(&ends) {
            let keys: Vec<ShardKey> = shards[block.clone()]
                .iter()
                .map(|s| s.key.clone())
                .collect();
            let hash = self.emit(FileKind::SearchBlock, &KeyBlock::encode(&keys))?;
            self.index.segment.blocks.push(BlockRef {
                first: keys[0].key.clone(),
                file: hash_name(hash),
            });
            let mut files = vec![file_path(FileKind::SearchBlock, &hash_name(hash))];
            for shard in &shards[block] {
                for file in &shard.files {
                    if !files.contains(file) {
                        files.push(file.clone());
                    }
                }
            }
            self.index.block_files.push(files);
        }
        Ok(self.index)
    }
}

/// The first articles of a segment inverted and kept in memory, so that a segment of the same
/// first articles and a few more is built by inverting only those ([`Inverted::then`]) and
/// packing the merged lists ([`Inverted::pack`]): `folio serve` keeps its newest segment's this
/// way, where a writer's saves land. Packed, it is the same bytes as [`build_segment`] makes of
/// the same articles when they are one batch ([`Inverted::is_one_batch`]); a segment of more
/// is built by [`build_segment`].
#[derive(Debug, Clone, Default)]
pub struct Inverted {
    /// The sorted vocabulary, numbered from the segment's first article.
    lists: Vec<TokenList>,
    /// Articles.
    pub docs: u32,
    /// Their title and text bytes.
    bytes: usize,
}

impl Inverted {
    /// These articles and `docs` after them: only `docs` are inverted.
    pub fn then(self, docs: Vec<IndexDoc>, text: bool) -> Inverted {
        if docs.is_empty() {
            return self;
        }
        let count = docs.len() as u32;
        let bytes: usize = docs.iter().map(|d| d.title.len() + d.text.len()).sum();
        let later = invert(docs, self.docs, text);
        let sources = vec![self.lists.into_iter().map(Ok), later.into_iter().map(Ok)];
        let mut merged = Merged::new(sources).expect("lists in memory read without error");
        let mut lists = Vec::new();
        while let Ok(Some(list)) = merged.next_list() {
            lists.push(list);
        }
        Inverted {
            lists,
            docs: self.docs + count,
            bytes: self.bytes + bytes,
        }
    }

    /// Whether [`build_segment`] reads these articles as one batch, whose lists it packs from
    /// memory as [`Inverted::pack`] does (a larger segment is packed from runs on disk, with
    /// shards sized from their bytes, not the same files).
    pub fn is_one_batch(&self) -> bool {
        self.docs as usize <= BATCH_DOCS && self.bytes < BATCH_BYTES
    }

    /// Packs the segment's index, its files going out through `write` and sized by `kind`, as
    /// [`build_segment`] does.
    pub fn pack(
        self,
        kind: SegmentKind,
        write: &(dyn Fn(&str, &[u8]) -> io::Result<()> + Sync),
    ) -> io::Result<SegmentIndex> {
        let mut packer = Packer::new(write);
        packer.target(self.lists.iter().map(TokenList::size).sum(), kind);
        for list in self.lists {
            packer.add(list)?;
        }
        let mut index = packer.finish()?;
        index.segment.docs = self.docs;
        Ok(index)
    }
}

/// A segment's files as [`build_segment`] wrote them, read back ([`read_segment`]): what
/// [`patch_segment`] edits. Its token lists are read in place until each is packed, not
/// copied out all at once (a vector per token of a 40,000-article segment, held, was a third of
/// a patch's time, the kernel zeroing fresh pages for them).
#[derive(Debug, Default)]
pub struct SegmentLists {
    /// Its shards, in token order.
    shards: Vec<shard::Shard>,
    /// Its position files, by hash.
    position_files: std::collections::HashMap<u64, Vec<u8>>,
    /// Its list files, by hash.
    list_files: std::collections::HashMap<u64, Vec<u8>>,
    /// Articles.
    docs: u32,
}

/// A token's list as it lies in a segment's files or in a [`TokenList`].
#[derive(Debug, Clone, Copy)]
struct ListRef<'a> {
    token: &'a str,
    df: u32,
    postings: &'a [u8],
    positions: &'a [u8],
}

impl<'a> ListRef<'a> {
    fn of(list: &'a TokenList) -> Self {
        ListRef {
            token: &list.token,
            df: list.df,
            postings: &list.postings,
            positions: &list.positions,
        }
    }

    /// [`TokenList::size`].
    fn size(&self) -> u64 {
        (self.token.len() + self.postings.len() + self.positions.len() + 4) as u64
    }

    fn postings(&self) -> shard::Postings<'a> {
        shard::Postings::new(self.postings, self.df as usize)
    }

    fn to_list(self, last: u32) -> TokenList {
        TokenList {
            token: self.token.to_string(),
            df: self.df,
            last,
            postings: self.postings.to_vec(),
            positions: self.positions.to_vec(),
        }
    }
}

impl SegmentLists {
    /// Each token's list, in token order.
    fn lists(&self) -> impl Iterator<Item = ListRef<'_>> + '_ {
        self.shards.iter().flat_map(move |shard| {
            shard.entries().map(move |(token, entry)| {
                let positions = match &entry.positions {
                    shard::PosRef::Inline(_) => shard.inline_positions(entry),
                    shard::PosRef::File(range) => {
                        self.position_files.get(&range.hash).and_then(|file| {
                            file.get(range.offset as usize..(range.offset + range.length) as usize)
                        })
                    }
                };
                let postings = match &entry.list {
                    shard::ListRef::Inline(_) => shard.postings_bytes(entry),
                    shard::ListRef::File { file: range, .. } => {
                        self.list_files.get(&range.hash).and_then(|file| {
                            file.get(range.offset as usize..(range.offset + range.length) as usize)
                        })
                    }
                };
                ListRef {
                    token,
                    df: entry.df,
                    // Checked when read.
                    postings: postings.unwrap_or_default(),
                    // Checked when read.
                    positions: positions.unwrap_or_default(),
                }
            })
        })
    }
}

/// Reads back the files of a segment that [`build_segment`] wrote: its key blocks, its shards
/// and their position files, each got through `read(path)` (paths from [`file_path`]). An error
/// names the file that is missing or malformed.
pub fn read_segment(
    segment: &SearchSegment,
    read: &dyn Fn(&str) -> io::Result<Vec<u8>>,
) -> io::Result<SegmentLists> {
    let malformed = |path: &str| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("{path}: not a file of the search index"),
        )
    };
    let mut lists = SegmentLists {
        docs: segment.docs,
        ..SegmentLists::default()
    };
    for block in &segment.blocks {
        let path = file_path(FileKind::SearchBlock, &block.file);
        let keys = KeyBlock::parse(&read(&path)?).ok_or_else(|| malformed(&path))?;
        for key in keys.shards() {
            let path = file_path(FileKind::SearchShard, &hash_name(key.hash));
            let shard = shard::Shard::parse(read(&path)?).ok_or_else(|| malformed(&path))?;
            for (_, entry) in shard.entries() {
                let in_files = [
                    match &entry.positions {
                        shard::PosRef::File(range) => Some((FileKind::Positions, range)),
                        shard::PosRef::Inline(_) => None,
                    },
                    match &entry.list {
                        shard::ListRef::File { file, .. } => Some((FileKind::Lists, file)),
                        shard::ListRef::Inline(_) => None,
                    },
                ];
                for (kind, range) in in_files.into_iter().flatten() {
                    let path = file_path(kind, &hash_name(range.hash));
                    let files = match kind {
                        FileKind::Lists => &mut lists.list_files,
                        _ => &mut lists.position_files,
                    };
                    let file = match files.entry(range.hash) {
                        std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                        std::collections::hash_map::Entry::Vacant(e) => e.insert(read(&path)?),
                    };
                    let end = u64::from(range.offset) + u64::from(range.length);
                    if end > file.len() as u64 {
                        return Err(malformed(&path));
                    }
                }
            }
            lists.shards.push(shard);
        }
    }
    Ok(lists)
}

/// An edited article's new version, at its number in its segment ([`patch_segment`]).
pub struct EditedDoc {
    pub number: u32,
    pub doc: IndexDoc,
}

/// The segment `old` with some of its articles replaced: `edits` are the new versions, each at
/// its number in the segment; `sizes` every article's title and text bytes as
/// [`build_segment`] counts them (they decide where its batches end, and so its shard size).
/// Only the edited articles are inverted: their old postings are dropped from the lists, their
/// new ones merged in, and the whole is packed again. The same bytes as [`build_segment`] of
/// the segment's articles as they are now (a unit test compares them), at the cost of reading
/// and packing the segment's lists rather than tokenizing its texts, which is most of a
/// rebuild (BENCHMARKS.md, "100 edited at 100k").
pub fn patch_segment(
    old: SegmentLists,
    edits: Vec<EditedDoc>,
    sizes: &[usize],
    text: bool,
    kind: SegmentKind,
    write: &(dyn Fn(&str, &[u8]) -> io::Result<()> + Sync),
) -> io::Result<SegmentIndex> {
    patch_in_batches(old, edits, sizes, text, kind, write, BATCH_DOCS)
}

/// [`patch_segment`], for a segment built `batch_docs` articles at a time.
fn patch_in_batches(
    old: SegmentLists,
    mut edits: Vec<EditedDoc>,
    sizes: &[usize],
    text: bool,
    kind: SegmentKind,
    write: &(dyn Fn(&str, &[u8]) -> io::Result<()> + Sync),
    batch_docs: usize,
) -> io::Result<SegmentIndex> {
    let docs = old.docs;
    let wrong = |what: &str| io::Error::new(io::ErrorKind::InvalidInput, what.to_string());
    if sizes.len() != docs as usize {
        return Err(wrong("a size per article of the segment"));
    }
    edits.sort_by_key(|edit| edit.number);
    let mut edited = vec![false; docs as usize];
    for edit in &edits {
        *edited
            .get_mut(edit.number as usize)
            .ok_or_else(|| wrong("an edit within the segment"))? = true;
    }
    // The edited articles' new lists: each article inverted alone at its number, then merged
    // by token in number order.
    let fresh: Vec<_> = edits
        .into_par_iter()
        .map(|EditedDoc { number, doc }| {
            let lists = invert_part(std::slice::from_ref(&doc), number, text).lists();
            lists.into_iter().map(Ok)
        })
        .collect();
    let mut fresh = Merged::new(fresh)?;
    let mut new_lists = Vec::new();
    while let Some(list) = fresh.next_list()? {
        new_lists.push(list);
    }
    // The patched lists refer to the segment's files where they are unchanged: their sizes
    // first, which size the shards, then each copied out and packed as it comes.
    let mut lists = Vec::new();
    patched(&old, &new_lists, &edited, |list| {
        lists.push(list);
        Ok(())
    })?;
    let estimate = estimate(lists.iter().map(Patched::as_ref), sizes, batch_docs);
    let mut packer = Packer::new(write);
    packer.target(estimate, kind);
    for list in lists {
        packer.add(list.into_list())?;
    }
    let mut index = packer.finish()?;
    index.segment.docs = docs;
    Ok(index)
}

/// A list of a patched segment: as its files hold it, or made again.
enum Patched<'a> {
    Kept { list: ListRef<'a>, last: u32 },
    Made(TokenList),
}

impl<'a> Patched<'a> {
    fn as_ref(&self) -> ListRef<'_> {
        match self {
            Patched::Kept { list, .. } => *list,
            Patched::Made(list) => ListRef::of(list),
        }
    }

    fn into_list(self) -> TokenList {
        match self {
            Patched::Kept { list, last } => list.to_list(last),
            Patched::Made(list) => list,
        }
    }
}

/// Visits the lists of `old` without the postings of the articles `edited` says yes to, merged
/// with `fresh` (sorted by token), in token order; a list left empty is not visited.
fn patched<'a>(
    old: &'a SegmentLists,
    fresh: &[TokenList],
    edited: &[bool],
    mut visit: impl FnMut(Patched<'a>) -> io::Result<()>,
) -> io::Result<()> {
    let is_edited = |doc: u32| edited.get(doc as usize).is_some_and(|&e| e);
    let mut fresh = fresh.iter().peekable();
    for list in old.lists() {
        while let Some(new) = fresh.next_if(|new| new.token.as_str() < list.token) {
            visit(Patched::Made(new.clone()))?;
        }
        let mut last = 0;
        let touched = list.postings().any(|p| {
            last = p.doc;
            is_edited(p.doc)
        });
        let new = fresh.next_if(|new| new.token == list.token);
        let kept = if touched {
            let entries = postings_of(list);
            let kept = entries
                .into_iter()
                .filter(|(p, _)| !is_edited(p.doc))
                .map(|(p, range)| (p, &list.positions[range]));
            Patched::Made(list_of(list.token.to_string(), kept))
        } else {
            Patched::Kept { list, last }
        };
        match new {
            Some(new) => visit(Patched::Made(interleave(kept.as_ref(), ListRef::of(new))))?,
            None if kept.as_ref().df > 0 => visit(kept)?,
            None => {}
        }
    }
    for new in fresh {
        visit(Patched::Made(new.clone()))?;
    }
    Ok(())
}

/// The estimate of a segment's index that [`build_in_batches`] sizes its shards by, from the
/// segment's whole `lists` and its articles' `sizes`: the lists' sizes when the articles are one
/// batch, else the sizes of the runs they are inverted in.
fn estimate<'l>(
    lists: impl Iterator<Item = ListRef<'l>>,
    sizes: &[usize],
    batch_docs: usize,
) -> u64 {
    let batch = batch_of_each(sizes, batch_docs);
    if batch.last().is_none_or(|&b| b == 0) {
        lists.map(|list| list.size()).sum()
    } else {
        lists.map(|list| size_in_runs(list, &batch)).sum()
    }
}

/// The batch each article goes into as [`build_in_batches`] reads them: `batch_docs` articles,
/// or fewer once they reach [`BATCH_BYTES`] of text.
fn batch_of_each(sizes: &[usize], batch_docs: usize) -> Vec<u32> {
    let mut batch = Vec::with_capacity(sizes.len());
    let (mut number, mut in_batch, mut bytes) = (0u32, 0usize, 0usize);
    for &size in sizes {
        if in_batch == batch_docs || bytes >= BATCH_BYTES {
            number += 1;
            in_batch = 0;
            bytes = 0;
        }
        batch.push(number);
        in_batch += 1;
        bytes += size;
    }
    batch
}

/// What `list` counts for in [`RunFiles::bytes`] when its articles are inverted in the batches
/// `batch` says: a run's list per batch it has articles in, whose postings' first gap counts
/// from article 0.
fn size_in_runs(list: ListRef<'_>, batch: &[u32]) -> u64 {
    let posting_size = |prev: Option<u32>, posting: Posting| {
        let mut bytes = Vec::with_capacity(8);
        shard::put_posting(&mut bytes, prev, posting);
        bytes.len() as u64
    };
    let mut size = list.postings.len() as u64 + list.positions.len() as u64;
    let mut previous: Option<Posting> = None;
    let batch_of = |p: Posting| batch.get(p.doc as usize).copied().unwrap_or(0);
    for posting in list.postings() {
        if previous.is_none_or(|prev| batch_of(prev) != batch_of(posting)) {
            size += list.token.len() as u64 + 4;
            if let Some(prev) = previous {
                size += posting_size(None, posting);
                size -= posting_size(Some(prev.doc), posting);
            }
        }
        previous = Some(posting);
    }
    size
}

/// Each posting of `list` with the byte range of its positions in the list's blob (empty for a
/// facet token's, which has no positions).
fn postings_of(list: ListRef<'_>) -> Vec<(Posting, std::ops::Range<usize>)> {
    let has_positions = !list.positions.is_empty();
    let mut at = 0;
    list.postings()
        .map(|posting| {
            let start = at;
            if has_positions {
                for _ in 0..posting.tf {
                    shard::get(list.positions, &mut at);
                }
            }
            (posting, start..at)
        })
        .collect()
}

/// A token's list of the postings given, with their positions.
fn list_of<'p>(token: String, postings: impl Iterator<Item = (Posting, &'p [u8])>) -> TokenList {
    let mut list = TokenList {
        token,
        ..TokenList::default()
    };
    for (posting, positions) in postings {
        let prev = (list.df > 0).then_some(list.last);
        shard::put_posting(&mut list.postings, prev, posting);
        list.positions.extend_from_slice(positions);
        list.df += 1;
        list.last = posting.doc;
    }
    list
}

/// The lists `a` and `b` of one token, whose articles differ, as one list in article order.
fn interleave(a: ListRef<'_>, b: ListRef<'_>) -> TokenList {
    let mut a_entries = postings_of(a).into_iter().peekable();
    let mut b_entries = postings_of(b).into_iter().peekable();
    let merged = std::iter::from_fn(|| {
        let take_a = match (a_entries.peek(), b_entries.peek()) {
            (Some((pa, _)), Some((pb, _))) => pa.doc < pb.doc,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => return None,
        };
        Some(if take_a {
            let (p, range) = a_entries.next()?;
            (p, &a.positions[range])
        } else {
            let (p, range) = b_entries.next()?;
            (p, &b.positions[range])
        })
    });
    list_of(b.token.to_string(), merged)
}

#[cfg(test)]
mod tests;
