//! Stage 9: the search index of one segment, from its articles' titles, texts and facet tokens
//! in number order; returns the segment's [`SearchSegment`] (its key blocks), its files going
//! out through a callback as they are made.
//!
//! [`build_segment`] reads the articles in batches of [`BATCH_DOCS`]. Each batch is inverted in
//! parallel — every thread tokenizes its part into a table of token lists, the parts are sorted
//! by token and joined — into a *run*: the batch's vocabulary, sorted, each token with its
//! posting list and positions. A segment of one batch is packed from memory; a larger one
//! writes each run to a file under `scratch` and then merges them (a k-way merge by token, the
//! runs being in article order), so memory stays that of one batch whatever the segment's size.
//! Packing cuts the merged vocabulary into shards and position files of a size that grows with
//! the segment's (see [`shard_target`]), then lists the shards in key blocks. Every file is
//! named by its content's hash, so the output depends only on the input.

use std::borrow::Cow;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use hashbrown::HashTable;
use rayon::prelude::*;
use xxhash_rust::xxh3::xxh3_64;

use crate::model::{file_path, BlockRef, FileKind, SearchSegment};
use crate::search::shard::{
    self, encode_entry, finish_shard, hash_name, FileRange, KeyBlock, Positions, Posting, ShardKey,
    INLINE_POSITIONS, SHARDS_PER_BLOCK,
};
use crate::search::token;

/// One article as the index sees it; numbers within the segment are the order of arrival.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IndexDoc {
    pub title: String,
    /// The body's text (of the sanitized HTML, blocks separated by newlines).
    pub text: String,
    /// Facet tokens ([`crate::search::facet_token`], [`crate::search::month_token`]); repeats
    /// are indexed once.
    pub facets: Vec<String>,
}

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
}

/// Articles inverted at a time: a segment of more is merged from runs on disk. About 30 MB of
/// generated text, and the table it makes, per batch.
pub const BATCH_DOCS: usize = 16_384;

/// Smallest and largest shard target (bytes).
const SHARD_MIN: usize = 2 * 1024;
const SHARD_MAX: usize = 96 * 1024;

/// A complete shard waits for the position file it refers to; after this many wait, that file
/// is closed early, which bounds the memory they hold.
const MAX_WAITING_SHARDS: usize = 64;

/// The shard size for a segment whose index is about `bytes`: 2,250 × √(MiB), between 2 and 96
/// KiB. A query reads one shard per token and segment, so small segments want small shards;
/// large ones, fewer files.
pub fn shard_target(bytes: u64) -> usize {
    let mib = bytes as f64 / (1024.0 * 1024.0);
    ((2250.0 * mib.sqrt()) as usize).clamp(SHARD_MIN, SHARD_MAX)
}

/// Builds one segment's index from its articles in number order. `text: false` indexes only
/// the facet tokens (`--no-search`). Files go out through `write(path, bytes)` as they are
/// made (paths from [`file_path`]); memory stays bounded whatever the segment's size (large
/// segments are inverted in batches written to sorted runs under `scratch`, then merged).
/// Deterministic: the same docs give the same bytes.
pub fn build_segment(
    docs: impl Iterator<Item = IndexDoc>,
    text: bool,
    scratch: &Path,
    write: &(dyn Fn(&str, &[u8]) -> io::Result<()> + Sync),
) -> io::Result<SegmentIndex> {
    build_in_batches(docs, text, scratch, write, BATCH_DOCS)
}

/// [`build_segment`], inverting `batch_docs` articles at a time.
fn build_in_batches(
    docs: impl Iterator<Item = IndexDoc>,
    text: bool,
    scratch: &Path,
    write: &(dyn Fn(&str, &[u8]) -> io::Result<()> + Sync),
    batch_docs: usize,
) -> io::Result<SegmentIndex> {
    let mut docs = docs.peekable();
    let mut count = 0u32;
    let mut in_memory: Option<Vec<TokenList>> = None;
    let mut runs = RunFiles::new(scratch);
    loop {
        let batch: Vec<IndexDoc> = docs.by_ref().take(batch_docs).collect();
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
            packer.target(estimate);
            for list in run {
                packer.add(list)?;
            }
        }
        None => {
            packer.target(runs.bytes);
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

/// One token occurrence in an article, while the article's tokens are grouped.
#[derive(Debug, Clone)]
struct Occurrence<'d> {
    /// Hash of the token: cheaper to sort and look up by than its text.
    hash: u64,
    position: u32,
    token: Cow<'d, str>,
}

/// Token lists by token, for one part of a batch.
#[derive(Default)]
struct Table {
    /// Indexes into `lists`, by the token's hash.
    slots: HashTable<Slot>,
    lists: Vec<TokenList>,
}

#[derive(Debug, Clone, Copy)]
struct Slot {
    hash: u64,
    list: u32,
}

impl Table {
    /// The list of `token` (whose hash is `hash`), made empty if new.
    fn list(&mut self, hash: u64, token: &str) -> &mut TokenList {
        let lists = &mut self.lists;
        let entry = self.slots.entry(
            hash,
            |s| s.hash == hash && lists[s.list as usize].token == token,
            |s| s.hash,
        );
        let slot = match entry {
            hashbrown::hash_table::Entry::Occupied(e) => *e.get(),
            hashbrown::hash_table::Entry::Vacant(e) => {
                lists.push(TokenList {
                    token: token.to_string(),
                    ..TokenList::default()
                });
                *e.insert(Slot {
                    hash,
                    list: lists.len() as u32 - 1,
                })
                .get()
            }
        };
        &mut lists[slot.list as usize]
    }

    /// Adds article `doc`'s posting (and positions) to `token`'s list.
    fn add(&mut self, hash: u64, token: &str, posting: Posting, positions: &[u32]) {
        let list = self.list(hash, token);
        let prev = (list.df > 0).then_some(list.last);
        shard::put_posting(&mut list.postings, prev, posting);
        shard::put_positions(&mut list.positions, positions);
        list.df += 1;
        list.last = posting.doc;
    }
}

/// The sorted vocabulary of `docs`, numbered from `first`: one run.
fn invert(docs: Vec<IndexDoc>, first: u32, text: bool) -> Vec<TokenList> {
    let parts = rayon::current_num_threads().max(1) * 2;
    let per_part = docs.len().div_ceil(parts).max(256);
    let tables: Vec<Vec<TokenList>> = docs
        .par_chunks(per_part)
        .enumerate()
        .map(|(p, part)| invert_part(part, first + (p * per_part) as u32, text).lists)
        .collect();
    // The parts' lists of each token, side by side in part order, then joined.
    let mut all: Vec<(usize, TokenList)> = tables
        .into_iter()
        .enumerate()
        .flat_map(|(p, lists)| lists.into_iter().map(move |l| (p, l)))
        .collect();
    all.par_sort_unstable_by(|a, b| a.1.token.cmp(&b.1.token).then(a.0.cmp(&b.0)));
    let mut run: Vec<TokenList> = Vec::with_capacity(all.len());
    for (_, list) in all {
        match run.last_mut() {
            Some(last) if last.token == list.token => last.append(list),
            _ => run.push(list),
        }
    }
    run
}

/// The token lists of consecutive articles numbered from `first`.
fn invert_part<'d>(docs: &'d [IndexDoc], first: u32, text: bool) -> Table {
    let mut table = Table::default();
    let mut occurrences: Vec<Occurrence<'d>> = Vec::new();
    let mut positions: Vec<u32> = Vec::new();
    let mut facets: Vec<&str> = Vec::new();
    for (i, doc) in docs.iter().enumerate() {
        let number = first + i as u32;
        if text {
            occurrences.clear();
            let mut push = |token: Cow<'d, str>, position: u32| {
                let hash = xxh3_64(token.as_bytes());
                occurrences.push(Occurrence {
                    hash,
                    position,
                    token,
                });
            };
            // Title and text are one sequence of units, title first.
            let title_units = token::tokens(&doc.title, &mut push);
            token::tokens(&doc.text, |t, p| push(t, p + title_units));
            occurrences.sort_unstable_by_key(|o| (o.hash, o.position));
            group_collisions(&mut occurrences);
            let mut at = 0;
            while at < occurrences.len() {
                let o = &occurrences[at];
                positions.clear();
                while at < occurrences.len()
                    && occurrences[at].hash == o.hash
                    && occurrences[at].token == o.token
                {
                    positions.push(occurrences[at].position);
                    at += 1;
                }
                let posting = Posting {
                    doc: number,
                    tf: positions.len() as u32,
                    title: (positions[0] < title_units).then_some(title_units),
                };
                table.add(o.hash, &o.token, posting, &positions);
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
            table.add(xxh3_64(facet.as_bytes()), facet, posting, &[]);
        }
    }
    table
}

/// Within a run of equal hashes (sorted by position), brings each token's occurrences
/// together, should two tokens ever share a hash.
fn group_collisions(occurrences: &mut [Occurrence<'_>]) {
    let mut start = 0;
    while start < occurrences.len() {
        let hash = occurrences[start].hash;
        let len = occurrences[start..]
            .iter()
            .take_while(|o| o.hash == hash)
            .count();
        let run = &mut occurrences[start..start + len];
        if run.iter().any(|o| o.token != run[0].token) {
            run.sort_by(|a, b| a.token.cmp(&b.token)); // stable: positions stay ascending
        }
        start += len;
    }
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
        std::fs::create_dir_all(&self.folder)?;
        let path = self.folder.join(format!("{}.run", self.paths.len()));
        let mut out = BufWriter::with_capacity(1 << 20, File::create(&path)?);
        let mut head = Vec::new();
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
            self.bytes += list.size();
        }
        out.flush()?;
        self.paths.push(path);
        Ok(())
    }

    /// The runs' lists merged by token, each token's lists joined in run order.
    fn merge(&self) -> io::Result<Merge<'_>> {
        let mut readers = Vec::with_capacity(self.paths.len());
        let mut heads = BinaryHeap::with_capacity(self.paths.len());
        for (i, path) in self.paths.iter().enumerate() {
            let mut reader = BufReader::with_capacity(1 << 18, File::open(path)?);
            if let Some(list) = read_list(&mut reader)? {
                heads.push(Reverse(Head { list, run: i }));
            }
            readers.push(reader);
        }
        Ok(Merge {
            _runs: self,
            readers,
            heads,
        })
    }
}

impl Drop for RunFiles {
    fn drop(&mut self) {
        if !self.paths.is_empty() {
            let _ = std::fs::remove_dir_all(&self.folder);
        }
    }
}

/// The next list of one run, ordered by token, then run.
#[derive(Debug, PartialEq, Eq)]
struct Head {
    list: TokenList,
    run: usize,
}

impl Ord for Head {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.list
            .token
            .cmp(&other.list.token)
            .then(self.run.cmp(&other.run))
    }
}

impl PartialOrd for Head {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// A k-way merge of run files.
struct Merge<'r> {
    _runs: &'r RunFiles,
    readers: Vec<BufReader<File>>,
    heads: BinaryHeap<Reverse<Head>>,
}

impl Merge<'_> {
    /// The next token's whole list.
    fn next_list(&mut self) -> io::Result<Option<TokenList>> {
        let Some(Reverse(Head { mut list, run })) = self.heads.pop() else {
            return Ok(None);
        };
        self.refill(run)?;
        while let Some(Reverse(next)) = self.heads.peek() {
            if next.list.token != list.token {
                break;
            }
            let Some(Reverse(Head { list: later, run })) = self.heads.pop() else {
                break;
            };
            list.append(later);
            self.refill(run)?;
        }
        Ok(Some(list))
    }

    fn refill(&mut self, run: usize) -> io::Result<()> {
        if let Some(list) = read_list(&mut self.readers[run])? {
            self.heads.push(Reverse(Head { list, run }));
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

/// A shard being written, or complete and waiting for its position file.
#[derive(Debug, Default)]
struct ShardBuf {
    /// Its entries, encoded.
    entries: Vec<u8>,
    count: usize,
    key: String,
    /// Where in `entries` the open position file's hash goes.
    waiting: Vec<usize>,
}

/// Cuts a sorted vocabulary into shards and position files, writes them, and lists the shards.
struct Packer<'w> {
    write: &'w (dyn Fn(&str, &[u8]) -> io::Result<()> + Sync),
    shard_target: usize,
    positions_target: usize,
    current: ShardBuf,
    /// The last token of the shard before `current`, and of `current`.
    before: String,
    last: String,
    /// Complete shards that refer to the open position file.
    waiting: Vec<ShardBuf>,
    /// The open position file.
    positions: Vec<u8>,
    shards: Vec<ShardKey>,
    index: SegmentIndex,
    entry: Vec<u8>,
}

impl<'w> Packer<'w> {
    fn new(write: &'w (dyn Fn(&str, &[u8]) -> io::Result<()> + Sync)) -> Self {
        Packer {
            write,
            shard_target: SHARD_MIN,
            positions_target: 2 * SHARD_MIN,
            current: ShardBuf::default(),
            before: String::new(),
            last: String::new(),
            waiting: Vec::new(),
            positions: Vec::new(),
            shards: Vec::new(),
            index: SegmentIndex::default(),
            entry: Vec::new(),
        }
    }

    /// Sets the sizes from the estimated size of the whole index.
    fn target(&mut self, estimate: u64) {
        self.shard_target = shard_target(estimate);
        self.positions_target = 2 * self.shard_target;
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
        let pos = if list.positions.len() <= INLINE_POSITIONS {
            Positions::Inline(&list.positions)
        } else {
            if !self.positions.is_empty()
                && self.positions.len() + list.positions.len() > self.positions_target
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
        };
        self.entry.clear();
        let hash_at = encode_entry(&mut self.entry, &list.token, list.df, pos, &list.postings);
        if self.current.count > 0
            && self.current.entries.len() + self.entry.len() > self.shard_target
        {
            self.close_shard()?;
        }
        if self.current.count == 0 {
            self.current.key = if self.shards.is_empty() && self.waiting.is_empty() {
                String::new()
            } else {
                shortest_key(&self.before, &list.token)
            };
        }
        if let Some(at) = hash_at {
            self.current.waiting.push(self.current.entries.len() + at);
        }
        self.current.entries.extend_from_slice(&self.entry);
        self.current.count += 1;
        self.last = list.token;
        Ok(())
    }

    fn close_shard(&mut self) -> io::Result<()> {
        let shard = std::mem::take(&mut self.current);
        self.before = std::mem::take(&mut self.last);
        if shard.waiting.is_empty() && self.waiting.is_empty() {
            self.write_shard(shard)
        } else {
            self.waiting.push(shard);
            if self.waiting.len() >= MAX_WAITING_SHARDS {
                self.close_positions()?;
            }
            Ok(())
        }
    }

    fn write_shard(&mut self, shard: ShardBuf) -> io::Result<()> {
        let bytes = finish_shard(shard.count, &shard.entries);
        let hash = self.emit(FileKind::SearchShard, &bytes)?;
        self.shards.push(ShardKey {
            key: shard.key,
            hash,
        });
        Ok(())
    }

    /// Writes the open position file and the shards that waited for its hash.
    fn close_positions(&mut self) -> io::Result<()> {
        if self.positions.is_empty() {
            return Ok(());
        }
        let positions = std::mem::take(&mut self.positions);
        let hash = self.emit(FileKind::Positions, &positions)?.to_le_bytes();
        for shard in self.waiting.iter_mut().chain([&mut self.current]) {
            for at in shard.waiting.drain(..) {
                shard.entries[at..at + 8].copy_from_slice(&hash);
            }
        }
        for shard in std::mem::take(&mut self.waiting) {
            self.write_shard(shard)?;
        }
        Ok(())
    }

    fn finish(mut self) -> io::Result<SegmentIndex> {
        if self.current.count > 0 {
            self.close_shard()?;
        }
        self.close_positions()?;
        for shard in std::mem::take(&mut self.waiting) {
            self.write_shard(shard)?;
        }
        let shards = std::mem::take(&mut self.shards);
        for block in shards.chunks(SHARDS_PER_BLOCK) {
            let hash = self.emit(FileKind::SearchBlock, &KeyBlock::encode(block))?;
            self.index.segment.blocks.push(BlockRef {
                first: block[0].key.clone(),
                file: hash_name(hash),
            });
        }
        Ok(self.index)
    }
}

#[cfg(test)]
mod tests;
