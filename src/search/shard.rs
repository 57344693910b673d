//! The binary files of one search segment, encoded and decoded here: key blocks, shards of
//! posting lists, and position files. Takes and returns bytes; knows nothing of paths.
//!
//! Every number is an unsigned LEB128 varint but `hash`, a file's 64-bit xxh3 hash as 8 bytes,
//! little endian (the file is named by the same hash in hex).
//!
//! A **key block** (`s/…keys`) says where the shards of a range of the vocabulary start, and
//! where each shard's pieces start:
//!
//! ```text
//! block   = count  shard*
//! shard   = key  hash[8]  pieces  length  (key length)*     pieces − 1 more, each with its key
//! key     = shared  len  suffix[len]          key = previous key[..shared] + suffix
//! ```
//!
//! Keys ascend (by UTF-8 bytes; the first shard's `previous key` is empty, and every key, a
//! shard's or a piece's, is coded against the one before it). A token's shard is the last one
//! whose key is not greater than it, and its piece, likewise, the last piece of that shard whose
//! key is not greater (the first piece's key is the shard's). A piece is the byte range of the
//! shard after the pieces before it, `length` bytes: a reader that wants one token fetches that
//! range alone (an HTTP range request), and one that gets the whole shard reads it the same
//! way. A **shard** (`s/…bin`) holds the tokens of one range of the vocabulary, in pieces of
//! about [`PIECE_BYTES`]:
//!
//! ```text
//! shard     = piece*
//! piece     = count  entry*                       entries sorted by token, across pieces too
//! entry     = len token[len]  df  positions  list
//! positions = 0 length blob[length]               up to 96 bytes: in the shard
//!           | 1 hash[8] offset length             else a byte range of position file `hash`
//! list      = 0 size postings[size]               the posting list, in the shard
//!           | 1 hash[8] offset length             a long list: a byte range of list file `hash`,
//!               count size head[size]             and its head, `count` postings
//! postings  = ( gap<<2 | many<<1 | title  [tf if many]  [title_end if title] )*
//! head      = ( doc<<2 | many<<1 | title  [tf if many]  [title_end if title] )*
//! ```
//!
//! One posting per article containing the token, ascending: `gap` is the article's number minus
//! the previous one's (the first is the number itself); `many` says the token occurs more than
//! once, and `tf` follows; `title` that an occurrence is in the title, and `title_end` follows:
//! the position just after the title's last unit, so that a match of several tokens is known to
//! be in the title (it starts before `title_end`: a match never runs from one line into the
//! next, [`super::position`]) without reading the title. A token's position *blob* holds, for
//! each article of its posting list in order, its `tf` positions, the first as is and each next
//! as the gap from the one before. A **position file** (`s/…pos`) is the concatenation of blobs
//! too large for their shard.
//!
//! A long posting list is kept in a **list file** (`s/…lst`, lists concatenated), and its
//! entry holds its *head*: the segment's best [`HEAD_POSTINGS`] postings of the token in the
//! order a query of that token alone ranks them (in the title first, then the higher `tf`, then
//! the higher number), each with its article's number itself (`doc`). The union of every
//! segment's head (or whole list) then holds the first [`HEAD_POSTINGS`] articles of such a
//! query exactly, without the long lists.

use std::ops::Range;

/// Appends `v` as a varint.
pub fn put(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Reads a varint at `*at`, moving past it; `None` at the end of the data or on a malformed one.
pub fn get(bytes: &[u8], at: &mut usize) -> Option<u64> {
    let mut v = 0u64;
    for shift in (0..64).step_by(7) {
        let b = *bytes.get(*at)?;
        *at += 1;
        v |= u64::from(b & 0x7f) << shift;
        if b < 0x80 {
            return Some(v);
        }
    }
    None
}

fn get32(bytes: &[u8], at: &mut usize) -> Option<u32> {
    get(bytes, at).and_then(|v| u32::try_from(v).ok())
}

/// Reads `len` bytes at `*at`, moving past them.
fn take<'a>(bytes: &'a [u8], at: &mut usize, len: u64) -> Option<&'a [u8]> {
    let end = at.checked_add(usize::try_from(len).ok()?)?;
    let out = bytes.get(*at..end)?;
    *at = end;
    Some(out)
}

fn get_hash(bytes: &[u8], at: &mut usize) -> Option<u64> {
    let raw: [u8; 8] = take(bytes, at, 8)?.try_into().ok()?;
    Some(u64::from_le_bytes(raw))
}

/// Position blobs up to this size are stored in the shard.
pub const INLINE_POSITIONS: usize = 96;

/// How many postings a long list's head holds: a first screen of results (9–14 rows) and then
/// some, for taller windows and a first "more".
pub const HEAD_POSTINGS: usize = 48;

/// A shard's piece ends after the entry that takes it to this many bytes or more: a token read
/// alone costs about this much of its shard (a shard is 12–96 KiB), for about 6 bytes more in
/// its key block per piece (see BENCHMARKS.md, "A searched view's first screen").
pub const PIECE_BYTES: usize = 2 * 1024;

/// A file's name as 16 lowercase hex digits, as [`crate::model::file_path`] takes it.
pub fn hash_name(hash: u64) -> String {
    format!("{hash:016x}")
}

/// A decoded key block: each shard's key, file hash and pieces.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyBlock {
    keys: Vec<String>,
    shards: Vec<u64>,
    /// Each shard's pieces, in order (the first one's key is the shard's).
    pieces: Vec<Vec<Piece>>,
}

/// One shard as a key block lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShardKey {
    /// The shortest prefix of the shard's first token that sorts after every token of the
    /// shard before it; empty for a segment's first shard.
    pub key: String,
    /// The shard file's hash.
    pub hash: u64,
    /// Its pieces, in order: at least one, the first's key being `key`, their byte ranges
    /// one after another from 0 to the shard's end.
    pub pieces: Vec<Piece>,
}

/// A piece of a shard: the tokens from `key` on (to the next piece's key), at a byte range of
/// the shard that reads as a shard of its own ([`Shard::parse`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// The shortest prefix of its first token that sorts after the token before it.
    pub key: String,
    pub offset: u32,
    pub length: u32,
}

/// Where the tokens that a key sorts into are: a piece of a shard file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PieceAt {
    /// The shard file's hash.
    pub hash: u64,
    pub offset: u32,
    pub length: u32,
}

/// Reads a front-coded key after `key` (which it replaces); `None` if malformed or not
/// ascending.
fn get_key(bytes: &[u8], at: &mut usize, key: &mut Vec<u8>, first: bool) -> Option<()> {
    let shared = usize::try_from(get(bytes, at)?).ok()?;
    let len = get(bytes, at)?;
    let suffix = take(bytes, at, len)?;
    if shared > key.len() {
        return None;
    }
    let before = std::mem::take(key);
    key.extend_from_slice(&before[..shared]);
    key.extend_from_slice(suffix);
    std::str::from_utf8(key).ok()?;
    (first || before < *key).then_some(())
}

/// Writes `key` front-coded against `previous`.
fn put_key(out: &mut Vec<u8>, previous: &[u8], key: &[u8]) {
    let shared = previous.iter().zip(key).take_while(|(a, b)| a == b).count();
    put(out, shared as u64);
    put(out, (key.len() - shared) as u64);
    out.extend_from_slice(&key[shared..]);
}

impl KeyBlock {
    /// Reads a key block; `None` if the data is malformed (keys not ascending included).
    pub fn parse(bytes: &[u8]) -> Option<Self> {
        let mut at = 0;
        let count = get(bytes, &mut at)?;
        // Each shard takes at least 12 bytes: no count can be larger than that allows.
        let count = usize::try_from(count)
            .ok()
            .filter(|&c| c <= bytes.len() / 12)?;
        let mut block = KeyBlock {
            keys: Vec::with_capacity(count),
            shards: Vec::with_capacity(count),
            pieces: Vec::with_capacity(count),
        };
        let mut key: Vec<u8> = Vec::new();
        for i in 0..count {
            get_key(bytes, &mut at, &mut key, i == 0)?;
            let shard_key = std::str::from_utf8(&key).ok()?.to_string();
            block.shards.push(get_hash(bytes, &mut at)?);
            let pieces = usize::try_from(get(bytes, &mut at)?)
                .ok()
                .filter(|&n| n >= 1 && n <= bytes.len())?;
            let mut list = Vec::with_capacity(pieces);
            let mut offset = 0u32;
            for p in 0..pieces {
                if p > 0 {
                    get_key(bytes, &mut at, &mut key, false)?;
                }
                let length = get32(bytes, &mut at)?;
                list.push(Piece {
                    key: std::str::from_utf8(&key).ok()?.to_string(),
                    offset,
                    length,
                });
                offset = offset.checked_add(length)?;
            }
            block.keys.push(shard_key);
            block.pieces.push(list);
        }
        (at == bytes.len()).then_some(block)
    }

    /// Encodes the key block of `shards` (keys ascending, each with its pieces).
    pub fn encode(shards: &[ShardKey]) -> Vec<u8> {
        let mut out = Vec::with_capacity(shards.len() * 32 + 2);
        put(&mut out, shards.len() as u64);
        let mut previous: &[u8] = &[];
        for ShardKey { key, hash, pieces } in shards {
            put_key(&mut out, previous, key.as_bytes());
            previous = key.as_bytes();
            out.extend_from_slice(&hash.to_le_bytes());
            put(&mut out, pieces.len() as u64);
            for (i, piece) in pieces.iter().enumerate() {
                if i > 0 {
                    put_key(&mut out, previous, piece.key.as_bytes());
                    previous = piece.key.as_bytes();
                }
                put(&mut out, u64::from(piece.length));
            }
        }
        out
    }

    /// How many shards the block describes.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The hash of the shard that would hold `token`, if this block describes it.
    pub fn shard_for(&self, token: &str) -> Option<u64> {
        let i = self.keys.partition_point(|k| k.as_str() <= token);
        self.shards.get(i.checked_sub(1)?).copied()
    }

    /// The piece of a shard that would hold `token`, if this block describes it.
    pub fn piece_for(&self, token: &str) -> Option<PieceAt> {
        let i = self
            .keys
            .partition_point(|k| k.as_str() <= token)
            .checked_sub(1)?;
        let pieces = &self.pieces[i];
        let p = pieces
            .partition_point(|p| p.key.as_str() <= token)
            .saturating_sub(1);
        let piece = pieces.get(p)?;
        Some(PieceAt {
            hash: self.shards[i],
            offset: piece.offset,
            length: piece.length,
        })
    }

    /// The hashes of this block's shards that may hold tokens starting with `prefix`: the one
    /// that would hold `prefix` itself, and those whose keys start with it.
    pub fn shards_for_prefix(&self, prefix: &str) -> &[u64] {
        let first = self.keys.partition_point(|k| k.as_str() <= prefix);
        let end = self
            .keys
            .partition_point(|k| k.as_str() <= prefix || k.starts_with(prefix));
        &self.shards[first.saturating_sub(1).min(end)..end]
    }

    /// The pieces of this block's shards that may hold tokens starting with `prefix`, in
    /// order: the one that would hold `prefix` itself, and those whose keys start with it.
    pub fn pieces_for_prefix(&self, prefix: &str) -> Vec<PieceAt> {
        let all = self
            .pieces
            .iter()
            .zip(&self.shards)
            .flat_map(|(pieces, &hash)| {
                pieces.iter().map(move |p| {
                    (
                        p.key.as_str(),
                        PieceAt {
                            hash,
                            offset: p.offset,
                            length: p.length,
                        },
                    )
                })
            });
        let mut out: Vec<PieceAt> = Vec::new();
        let mut before = None;
        for (key, piece) in all {
            if key <= prefix {
                before = Some(piece);
            } else if key.starts_with(prefix) {
                out.extend(before.take());
                out.push(piece);
            } else {
                break;
            }
        }
        out.extend(before.take());
        out
    }

    /// Each shard's key, hash and pieces, in order.
    pub fn shards(&self) -> impl Iterator<Item = ShardKey> + '_ {
        self.keys
            .iter()
            .zip(&self.shards)
            .zip(&self.pieces)
            .map(|((key, &hash), pieces)| ShardKey {
                key: key.clone(),
                hash,
                pieces: pieces.clone(),
            })
    }
}

/// Where a token's positions are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PosRef {
    /// In the shard, at this byte range of it.
    Inline(Range<usize>),
    /// In a position file.
    File(FileRange),
}

/// A byte range of a position file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileRange {
    /// The position file's hash.
    pub hash: u64,
    pub offset: u32,
    pub length: u32,
}

/// A token's positions as the bundler writes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Positions<'a> {
    Inline(&'a [u8]),
    File(FileRange),
}

/// Where a token's posting list is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListRef {
    /// In the shard, at this byte range of it.
    Inline(Range<usize>),
    /// In a list file; the shard holds its head ([`HEAD_POSTINGS`] postings, best first) at
    /// this byte range.
    File {
        file: FileRange,
        head_count: u32,
        head: Range<usize>,
    },
}

/// A token's posting list as the bundler writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum List<'a> {
    /// The encoded list, in the shard.
    Inline(&'a [u8]),
    /// A byte range of a list file, and the encoded head ([`encode_head`]) of `count` postings.
    File {
        file: FileRange,
        head_count: u32,
        head: &'a [u8],
    },
}

/// One token of a shard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenEntry {
    /// The token, within [`Shard::bytes`].
    token: Range<usize>,
    /// Articles that contain the token.
    pub df: u32,
    pub positions: PosRef,
    /// Where its posting list is.
    pub list: ListRef,
}

/// A decoded shard: its entries (sorted by token) over its bytes; postings are decoded on demand.
#[derive(Debug, Clone, Default)]
pub struct Shard {
    bytes: Vec<u8>,
    entries: Vec<TokenEntry>,
}

/// One article of a token's posting list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting {
    /// The article's number within its segment.
    pub doc: u32,
    /// How often the token occurs in the article (its term frequency).
    pub tf: u32,
    /// `Some(title_end)` when an occurrence is in the title, `title_end` being the position just
    /// after the title's last unit (positions `0..title_end` are the title's).
    pub title: Option<u32>,
}

impl Shard {
    /// Reads a shard, or a piece of one (its pieces one after another); `None` if the data is
    /// malformed.
    pub fn parse(bytes: Vec<u8>) -> Option<Self> {
        let mut at = 0;
        let mut entries: Vec<TokenEntry> = Vec::new();
        while at < bytes.len() {
            let count = get(&bytes, &mut at)?;
            // An entry takes at least 5 bytes.
            let count = usize::try_from(count)
                .ok()
                .filter(|&c| c <= (bytes.len() - at) / 5)?;
            // A piece holds one entry at least.
            if count == 0 {
                return None;
            }
            entries.reserve(count);
            Self::parse_entries(&bytes, &mut at, count, &mut entries)?;
        }
        (!entries.is_empty()).then_some(Self { bytes, entries })
    }

    /// Reads `count` entries at `at` onto `entries`.
    fn parse_entries(
        bytes: &[u8],
        at: &mut usize,
        count: usize,
        entries: &mut Vec<TokenEntry>,
    ) -> Option<()> {
        let mut pos = *at;
        for _ in 0..count {
            let len = get(bytes, &mut pos)?;
            let start = pos;
            let token = take(bytes, &mut pos, len)?;
            std::str::from_utf8(token).ok()?;
            let token = start..pos;
            if entries
                .last()
                .is_some_and(|e| bytes[e.token.clone()] >= bytes[token.clone()])
            {
                return None; // not sorted
            }
            let df = get32(bytes, &mut pos)?;
            let positions = match get(bytes, &mut pos)? {
                0 => {
                    let length = get(bytes, &mut pos)?;
                    let start = pos;
                    take(bytes, &mut pos, length)?;
                    PosRef::Inline(start..pos)
                }
                1 => PosRef::File(FileRange {
                    hash: get_hash(bytes, &mut pos)?,
                    offset: get32(bytes, &mut pos)?,
                    length: get32(bytes, &mut pos)?,
                }),
                _ => return None,
            };
            let list = match get(bytes, &mut pos)? {
                0 => {
                    let size = get(bytes, &mut pos)?;
                    let start = pos;
                    take(bytes, &mut pos, size)?;
                    ListRef::Inline(start..pos)
                }
                1 => {
                    let file = FileRange {
                        hash: get_hash(bytes, &mut pos)?,
                        offset: get32(bytes, &mut pos)?,
                        length: get32(bytes, &mut pos)?,
                    };
                    let head_count = get32(bytes, &mut pos)?;
                    let size = get(bytes, &mut pos)?;
                    let start = pos;
                    take(bytes, &mut pos, size)?;
                    ListRef::File {
                        file,
                        head_count,
                        head: start..pos,
                    }
                }
                _ => return None,
            };
            entries.push(TokenEntry {
                token,
                df,
                positions,
                list,
            });
        }
        *at = pos;
        Some(())
    }

    fn token(&self, entry: &TokenEntry) -> &[u8] {
        &self.bytes[entry.token.clone()]
    }

    /// The token of an entry of this shard.
    pub fn token_of(&self, entry: &TokenEntry) -> &str {
        std::str::from_utf8(self.token(entry)).unwrap_or_default()
    }

    /// The entry of `token`, if this shard has it.
    pub fn entry(&self, token: &str) -> Option<&TokenEntry> {
        let at = self
            .entries
            .binary_search_by(|e| self.token(e).cmp(token.as_bytes()))
            .ok()?;
        Some(&self.entries[at])
    }

    /// The entries of the tokens that start with `prefix`.
    pub fn with_prefix(&self, prefix: &str) -> &[TokenEntry] {
        let prefix = prefix.as_bytes();
        let start = self.entries.partition_point(|e| self.token(e) < prefix);
        let rest = &self.entries[start..];
        &rest[..rest.partition_point(|e| self.token(e).starts_with(prefix))]
    }

    /// Every token of the shard with its entry, in order.
    pub fn entries(&self) -> impl Iterator<Item = (&str, &TokenEntry)> + '_ {
        self.entries.iter().map(|e| {
            let token = std::str::from_utf8(self.token(e)).unwrap_or_default();
            (token, e)
        })
    }

    /// The positions of an entry of this shard, if they are stored in it.
    pub fn inline_positions(&self, entry: &TokenEntry) -> Option<&[u8]> {
        match &entry.positions {
            PosRef::Inline(range) => self.bytes.get(range.clone()),
            PosRef::File(_) => None,
        }
    }

    /// The encoded posting list of an entry of this shard, as [`put_posting`] wrote it, if the
    /// shard holds it (else [`TokenEntry::list`] says which list file does).
    pub fn postings_bytes(&self, entry: &TokenEntry) -> Option<&[u8]> {
        match &entry.list {
            ListRef::Inline(range) => self.bytes.get(range.clone()),
            ListRef::File { .. } => None,
        }
    }

    /// The head of an entry whose list is in a list file: its best postings, best first.
    pub fn head(&self, entry: &TokenEntry) -> Option<Vec<Posting>> {
        match &entry.list {
            ListRef::Inline(_) => None,
            ListRef::File {
                head_count, head, ..
            } => Some(decode_head(&self.bytes[head.clone()], *head_count as usize)),
        }
    }
}

/// The order of a query of one token alone within a segment, best first: in the title, then
/// more occurrences, then newer (a higher number). (Its score grows with `tf`, and its `idf` is
/// the same for every article.)
pub fn head_order(a: &Posting, b: &Posting) -> std::cmp::Ordering {
    let rank = |p: &Posting| (p.title.is_some(), p.tf, p.doc);
    rank(b).cmp(&rank(a))
}

/// A posting list's head as the shard holds it ([`encode_head`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EncodedHead {
    /// How many postings it holds.
    pub count: u32,
    /// The postings, encoded (see the module's grammar).
    pub bytes: Vec<u8>,
}

/// The head of a posting list: its best [`HEAD_POSTINGS`] postings by [`head_order`], encoded.
pub fn encode_head(postings: impl Iterator<Item = Posting>) -> EncodedHead {
    let mut best: Vec<Posting> = postings.collect();
    best.sort_unstable_by(head_order);
    best.truncate(HEAD_POSTINGS);
    let mut out = Vec::with_capacity(best.len() * 4);
    for Posting { doc, tf, title } in &best {
        put(
            &mut out,
            u64::from(*doc) << 2 | u64::from(*tf > 1) << 1 | u64::from(title.is_some()),
        );
        if *tf > 1 {
            put(&mut out, u64::from(*tf));
        }
        if let Some(title_end) = title {
            put(&mut out, u64::from(*title_end));
        }
    }
    EncodedHead {
        count: best.len() as u32,
        bytes: out,
    }
}

/// Decodes a head of `count` postings; stops early at malformed data.
pub fn decode_head(bytes: &[u8], count: usize) -> Vec<Posting> {
    let mut out = Vec::with_capacity(count.min(bytes.len()));
    let mut at = 0;
    for _ in 0..count {
        let posting = (|| {
            let v = get(bytes, &mut at)?;
            let tf = if v & 2 == 2 { get(bytes, &mut at)? } else { 1 };
            let title = if v & 1 == 1 {
                Some(u32::try_from(get(bytes, &mut at)?).ok()?)
            } else {
                None
            };
            Some(Posting {
                doc: u32::try_from(v >> 2).ok()?,
                tf: u32::try_from(tf).ok()?,
                title,
            })
        })();
        match posting {
            Some(p) => out.push(p),
            None => break,
        }
    }
    out
}

/// Decodes a posting list; stops early at malformed data.
pub fn decode_postings(bytes: &[u8], df: usize) -> Vec<Posting> {
    let mut out = Vec::with_capacity(df.min(bytes.len()));
    out.extend(Postings::new(bytes, df));
    out
}

/// The postings of an encoded list, one at a time (the bundler reads whole segments back this
/// way, without a vector per list); ends early at malformed data.
#[derive(Debug, Clone)]
pub struct Postings<'a> {
    bytes: &'a [u8],
    at: usize,
    doc: u64,
    left: usize,
}

impl<'a> Postings<'a> {
    /// The `df` postings encoded in `bytes`.
    pub fn new(bytes: &'a [u8], df: usize) -> Self {
        Postings {
            bytes,
            at: 0,
            doc: 0,
            left: df,
        }
    }
}

impl Iterator for Postings<'_> {
    type Item = Posting;

    fn next(&mut self) -> Option<Posting> {
        if self.left == 0 {
            return None;
        }
        let (bytes, at) = (self.bytes, &mut self.at);
        let posting = (|| {
            let v = get(bytes, at)?;
            self.doc += v >> 2;
            let tf = if v & 2 == 2 { get(bytes, at)? } else { 1 };
            let title = if v & 1 == 1 {
                Some(u32::try_from(get(bytes, at)?).ok()?)
            } else {
                None
            };
            Some(Posting {
                doc: u32::try_from(self.doc).ok()?,
                tf: u32::try_from(tf).ok()?,
                title,
            })
        })();
        // Nothing after malformed data.
        self.left = if posting.is_some() { self.left - 1 } else { 0 };
        posting
    }
}

/// Appends one posting to an encoded list whose last article was `prev` (`None` if empty).
pub fn put_posting(out: &mut Vec<u8>, prev: Option<u32>, posting: Posting) {
    let Posting { doc, tf, title } = posting;
    let gap = u64::from(doc - prev.unwrap_or(0));
    put(
        out,
        gap << 2 | u64::from(tf > 1) << 1 | u64::from(title.is_some()),
    );
    if tf > 1 {
        put(out, u64::from(tf));
    }
    if let Some(units) = title {
        put(out, u64::from(units));
    }
}

/// Appends an encoded list (whose first gap counts from article 0) to a list whose last
/// article was `prev`: the first gap is counted again from `prev`.
pub fn append_postings(into: &mut Vec<u8>, prev: Option<u32>, from: &[u8]) {
    let mut at = 0;
    let Some(first) = get(from, &mut at) else {
        return;
    };
    let doc = first >> 2;
    put(
        into,
        (doc - u64::from(prev.unwrap_or(0))) << 2 | (first & 3),
    );
    into.extend_from_slice(&from[at..]);
}

/// Appends one article's positions (ascending) to a position blob.
pub fn put_positions(out: &mut Vec<u8>, positions: &[u32]) {
    let mut prev = 0;
    for (i, &p) in positions.iter().enumerate() {
        put(out, u64::from(if i == 0 { p } else { p - prev }));
        prev = p;
    }
}

/// Walks a token's position blob alongside its posting list: calls `visit(doc, positions)` for
/// the articles `wanted` says yes to; the others are skipped over.
pub fn each_positions(
    blob: &[u8],
    postings: &[Posting],
    mut wanted: impl FnMut(u32) -> bool,
    mut visit: impl FnMut(u32, &[u32]),
) {
    let mut at = 0;
    let mut buf = Vec::new();
    for &Posting { doc, tf, .. } in postings {
        let keep = wanted(doc);
        buf.clear();
        let mut p = 0u64;
        for i in 0..tf {
            let Some(v) = get(blob, &mut at) else { return };
            if keep {
                p = if i == 0 { v } else { p + v };
                buf.push(p as u32);
            }
        }
        if keep {
            visit(doc, &buf);
        }
    }
}

/// Where in an encoded entry the hashes of the files it refers to are ([`encode_entry`]), so
/// that a writer may put them there once each file is complete.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HashesAt {
    pub positions: Option<usize>,
    pub list: Option<usize>,
}

/// Appends one shard entry: `token`, its `df`, where its positions are and its posting list.
/// Returns where in `out` the hashes of its position file and list file are.
pub fn encode_entry(
    out: &mut Vec<u8>,
    token: &str,
    df: u32,
    pos: Positions<'_>,
    list: List<'_>,
) -> HashesAt {
    let mut hash_at = None;
    put(out, token.len() as u64);
    out.extend_from_slice(token.as_bytes());
    put(out, u64::from(df));
    match pos {
        Positions::Inline(blob) => {
            put(out, 0);
            put(out, blob.len() as u64);
            out.extend_from_slice(blob);
        }
        Positions::File(FileRange {
            hash,
            offset,
            length,
        }) => {
            put(out, 1);
            hash_at = Some(out.len());
            out.extend_from_slice(&hash.to_le_bytes());
            put(out, u64::from(offset));
            put(out, u64::from(length));
        }
    }
    let mut list_at = None;
    match list {
        List::Inline(postings) => {
            put(out, 0);
            put(out, postings.len() as u64);
            out.extend_from_slice(postings);
        }
        List::File {
            file,
            head_count,
            head,
        } => {
            put(out, 1);
            list_at = Some(out.len());
            out.extend_from_slice(&file.hash.to_le_bytes());
            put(out, u64::from(file.offset));
            put(out, u64::from(file.length));
            put(out, u64::from(head_count));
            put(out, head.len() as u64);
            out.extend_from_slice(head);
        }
    }
    HashesAt {
        positions: hash_at,
        list: list_at,
    }
}

/// The entries of one piece of a shard being written: `count` of them, ending at `end` in the
/// shard's encoded entries (the piece before ends where this one starts).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PieceEntries {
    pub count: usize,
    pub end: usize,
}

/// A shard from entries already encoded by [`encode_entry`], in token order, cut into
/// `pieces`; returns its bytes and each piece's length.
pub fn finish_shard(pieces: &[PieceEntries], entries: &[u8]) -> (Vec<u8>, Vec<u32>) {
    let mut out = Vec::with_capacity(entries.len() + 4 * pieces.len());
    let mut lengths = Vec::with_capacity(pieces.len());
    let mut start = 0;
    for piece in pieces {
        let at = out.len();
        put(&mut out, piece.count as u64);
        out.extend_from_slice(&entries[start..piece.end]);
        start = piece.end;
        lengths.push((out.len() - at) as u32);
    }
    (out, lengths)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_round_trip() {
        let values = [
            0,
            1,
            127,
            128,
            300,
            16_383,
            16_384,
            u64::from(u32::MAX),
            u64::MAX,
        ];
        let mut out = Vec::new();
        for v in values {
            put(&mut out, v);
        }
        let mut at = 0;
        for v in values {
            assert_eq!(get(&out, &mut at), Some(v));
        }
        assert_eq!(get(&out, &mut at), None);
        assert_eq!(get(&[0x80, 0x80], &mut 0), None, "truncated");
    }

    fn posting(doc: u32, tf: u32, title: Option<u32>) -> Posting {
        Posting { doc, tf, title }
    }

    fn shard(entries: &[(&str, u32, Positions<'_>, &[u8])]) -> Vec<u8> {
        let mut body = Vec::new();
        for &(token, df, pos, postings) in entries {
            encode_entry(&mut body, token, df, pos, List::Inline(postings));
        }
        one_piece(entries.len(), &body)
    }

    /// A shard of one piece.
    fn one_piece(count: usize, body: &[u8]) -> Vec<u8> {
        let end = body.len();
        finish_shard(&[PieceEntries { count, end }], body).0
    }

    #[test]
    fn shards_round_trip() {
        let lists = [
            posting(0, 1, None),
            posting(7, 3, Some(4)),
            posting(300, 1, Some(200)),
        ];
        let mut a = Vec::new();
        let mut prev = None;
        for p in lists {
            put_posting(&mut a, prev, p);
            prev = Some(p.doc);
        }
        let mut blob = Vec::new();
        put_positions(&mut blob, &[4]);
        put_positions(&mut blob, &[1, 9, 200]);
        put_positions(&mut blob, &[0]);
        let far = FileRange {
            hash: 0x0123_4567_89ab_cdef,
            offset: 10,
            length: blob.len() as u32,
        };
        let facet = "\u{1}t3";
        let bytes = shard(&[
            (facet, 1, Positions::Inline(&[]), &[4]),
            ("rust", 0, Positions::File(far), &[]),
            ("中文", 3, Positions::Inline(&blob), &a),
        ]);
        let shard = Shard::parse(bytes).expect("parses");
        let e = shard.entry("中文").expect("has the token");
        assert_eq!(shard.inline_positions(e), Some(blob.as_slice()));
        let postings = decode_postings(shard.postings_bytes(e).unwrap(), 3);
        assert_eq!(postings, lists);
        let f = shard.entry(facet).expect("has the facet");
        assert_eq!(
            decode_postings(shard.postings_bytes(f).unwrap(), 1),
            [posting(1, 1, None)]
        );
        let mut b = Vec::new();
        put_posting(&mut b, None, posting(400, 2, Some(9)));
        put_posting(&mut b, Some(400), posting(401, 1, None));
        let mut joined = a.clone();
        append_postings(&mut joined, Some(300), &b);
        assert_eq!(
            decode_postings(&joined, 5)[3..],
            [posting(400, 2, Some(9)), posting(401, 1, None)]
        );
        let r = shard.entry("rust").expect("has the token");
        assert_eq!(r.positions, PosRef::File(far));
        assert!(shard.inline_positions(r).is_none() && shard.entry("java").is_none());
        let tokens: Vec<&str> = shard.entries().map(|(t, _)| t).collect();
        assert_eq!(tokens, [facet, "rust", "中文"]);
        assert_eq!(shard.with_prefix("ru").len(), 1);
        assert_eq!(shard.with_prefix("\u{1}").len(), 1);
        assert!(shard.with_prefix("rusty").is_empty());

        let mut seen = Vec::new();
        each_positions(
            &blob,
            &postings,
            |d| d != 0,
            |d, p| seen.push((d, p.to_vec())),
        );
        assert_eq!(seen, [(7, vec![1, 9, 200]), (300, vec![0])]);
    }

    #[test]
    fn a_long_list_is_in_its_file_and_its_head_in_the_shard() {
        // 100 postings: every third in the title, tf cycling 1..=5.
        let list: Vec<Posting> = (0..100u32)
            .map(|d| posting(d * 7, d % 5 + 1, (d % 3 == 0).then_some(6)))
            .collect();
        let EncodedHead { count, bytes: head } = encode_head(list.iter().copied());
        assert_eq!(count as usize, HEAD_POSTINGS);
        let file = FileRange {
            hash: 9,
            offset: 4,
            length: 300,
        };
        let mut body = Vec::new();
        let at = encode_entry(
            &mut body,
            "word",
            100,
            Positions::Inline(&[]),
            List::File {
                file,
                head_count: count,
                head: &head,
            },
        );
        assert!(at.positions.is_none());
        assert_eq!(body[at.list.unwrap()..][..8], 9u64.to_le_bytes());
        let shard = Shard::parse(one_piece(1, &body)).expect("parses");
        let entry = shard.entry("word").unwrap();
        assert!(shard.postings_bytes(entry).is_none());
        assert!(matches!(entry.list, ListRef::File { file: f, .. } if f == file));
        // The head is the list's best, best first: what sorting the whole list gives.
        let mut best = list.clone();
        best.sort_by(head_order);
        assert_eq!(shard.head(entry).unwrap(), best[..HEAD_POSTINGS]);
        assert!(best[0].title.is_some() && best[0].tf == 5);
        for cut in 0..body.len() {
            assert!(Shard::parse(one_piece(1, &body[..cut])).is_none());
        }
    }

    #[test]
    fn malformed_shards_are_refused() {
        let good = shard(&[("a", 1, Positions::Inline(&[0]), &[0])]);
        assert!(Shard::parse(good.clone()).is_some());
        for cut in 0..good.len() {
            assert!(Shard::parse(good[..cut].to_vec()).is_none(), "cut at {cut}");
        }
        let mut trailing = good.clone();
        trailing.push(0);
        assert!(Shard::parse(trailing).is_none(), "bytes after the entries");
        let unsorted = shard(&[
            ("b", 1, Positions::Inline(&[]), &[0]),
            ("a", 1, Positions::Inline(&[]), &[0]),
        ]);
        assert!(Shard::parse(unsorted).is_none(), "tokens out of order");
        let mut bad_kind = good.clone();
        bad_kind[4] = 2; // the positions' kind
        assert!(
            Shard::parse(bad_kind).is_none(),
            "positions of an unknown kind"
        );
        let mut bad_utf8 = good;
        bad_utf8[2] = 0xff;
        assert!(
            Shard::parse(bad_utf8).is_none(),
            "a token that is not UTF-8"
        );
        assert!(Shard::parse(vec![200, 200, 200]).is_none());
    }

    fn key(key: &str, hash: u64) -> ShardKey {
        ShardKey {
            key: key.to_string(),
            hash,
            pieces: vec![Piece {
                key: key.to_string(),
                offset: 0,
                length: 300,
            }],
        }
    }

    #[test]
    fn a_shard_in_pieces_reads_whole_and_piece_by_piece() {
        let tokens = ["apple", "apricot", "banana", "berry", "cherry"];
        let mut body = Vec::new();
        let mut pieces = Vec::new();
        for (i, token) in tokens.iter().enumerate() {
            encode_entry(
                &mut body,
                token,
                1,
                Positions::Inline(&[0]),
                List::Inline(&[4 * i as u8]),
            );
            if i == 1 || i == 4 {
                let count = if i == 1 { 2 } else { 3 };
                pieces.push(PieceEntries {
                    count,
                    end: body.len(),
                });
            }
        }
        let (bytes, lengths) = finish_shard(&pieces, &body);
        assert_eq!(lengths.iter().sum::<u32>() as usize, bytes.len());
        let whole = Shard::parse(bytes.clone()).expect("the whole shard");
        assert_eq!(whole.entries().map(|(t, _)| t).collect::<Vec<_>>(), tokens);
        let (first, second) = bytes.split_at(lengths[0] as usize);
        let first = Shard::parse(first.to_vec()).expect("the first piece");
        let second = Shard::parse(second.to_vec()).expect("the second piece");
        assert!(first.entry("apricot").is_some() && first.entry("banana").is_none());
        assert_eq!(
            second.postings_bytes(second.entry("cherry").unwrap()),
            Some(&[16][..])
        );
        // The key block says which piece holds a token.
        let shard = ShardKey {
            key: "a".into(),
            hash: 7,
            pieces: vec![
                Piece {
                    key: "a".into(),
                    offset: 0,
                    length: lengths[0],
                },
                Piece {
                    key: "b".into(),
                    offset: lengths[0],
                    length: lengths[1],
                },
            ],
        };
        let block = KeyBlock::parse(&KeyBlock::encode(&[key("", 1), shard.clone(), key("d", 9)]))
            .expect("parses");
        assert_eq!(block.shards().nth(1).as_ref(), Some(&shard));
        let at = |offset, length| {
            Some(PieceAt {
                hash: 7,
                offset,
                length,
            })
        };
        assert_eq!(block.piece_for("apple"), at(0, lengths[0]));
        assert_eq!(block.piece_for("azure"), at(0, lengths[0]));
        assert_eq!(block.piece_for("b"), at(lengths[0], lengths[1]));
        assert_eq!(block.piece_for("cherry"), at(lengths[0], lengths[1]));
        assert_eq!(block.piece_for("d").map(|p| p.hash), Some(9));
        assert_eq!(block.piece_for("0").map(|p| p.hash), Some(1));
        let hashes = |prefix| {
            block
                .pieces_for_prefix(prefix)
                .iter()
                .map(|p| (p.hash, p.offset))
                .collect::<Vec<_>>()
        };
        assert_eq!(hashes("ap"), [(7, 0)]);
        assert_eq!(hashes("b"), [(7, lengths[0])]);
        assert_eq!(hashes("a"), [(7, 0)]);
        assert_eq!(hashes("c"), [(7, lengths[0])]);
        assert_eq!(hashes(""), [(1, 0), (7, 0), (7, lengths[0]), (9, 0)]);
        // Piece keys ascend like shard keys: one out of order is refused.
        let mut backwards = shard;
        backwards.pieces[1].key = "a".into();
        assert!(KeyBlock::parse(&KeyBlock::encode(&[backwards])).is_none());
    }

    #[test]
    fn key_blocks_round_trip() {
        let shards = [
            key("", 1),
            key("\u{1}c", 2),
            key("rust", 3),
            key("rusty", u64::MAX),
            key("rv", 5),
            key("中", 6),
            key("中文", 7),
        ];
        let bytes = KeyBlock::encode(&shards);
        let block = KeyBlock::parse(&bytes).expect("parses");
        assert_eq!(block.shards().collect::<Vec<_>>(), shards);
        assert_eq!(block.len(), 7);
        for (token, hash) in [
            ("", 1),
            ("\u{1}a3", 1),
            ("\u{1}c9", 2),
            ("apple", 2),
            ("rust", 3),
            ("rustc", 3),
            ("rusty", u64::MAX),
            ("rv", 5),
            ("zebra", 5),
            ("中", 6),
            ("中国", 6),
            ("中文", 7),
            ("丰", 7),
        ] {
            assert_eq!(block.shard_for(token), Some(hash), "{token:?}");
        }
        assert_eq!(block.shards_for_prefix("rus"), [2, 3, u64::MAX]);
        assert_eq!(block.shards_for_prefix("rust"), [3, u64::MAX]);
        assert_eq!(block.shards_for_prefix("rusty"), [u64::MAX]);
        assert_eq!(block.shards_for_prefix("rw"), [5]);
        // A block that starts after the prefix (the one before it holds the prefix's shard).
        let later = KeyBlock::parse(&KeyBlock::encode(&[key("web", 8), key("x", 9)])).unwrap();
        assert_eq!(later.shards_for_prefix("we"), [8]);
        assert_eq!(later.shard_for("a"), None);
        assert!(KeyBlock::parse(&KeyBlock::encode(&[])).unwrap().is_empty());
    }

    #[test]
    fn malformed_key_blocks_are_refused() {
        let good = KeyBlock::encode(&[key("", 1), key("ab", 2), key("ac", 3)]);
        assert!(KeyBlock::parse(&good).is_some());
        for cut in 0..good.len() {
            assert!(KeyBlock::parse(&good[..cut]).is_none(), "cut at {cut}");
        }
        let mut trailing = good.clone();
        trailing.push(0);
        assert!(KeyBlock::parse(&trailing).is_none());
        let unsorted = KeyBlock::encode(&[key("b", 1), key("a", 2)]);
        assert!(KeyBlock::parse(&unsorted).is_none(), "keys out of order");
        let twice = KeyBlock::encode(&[key("a", 1), key("a", 2)]);
        assert!(KeyBlock::parse(&twice).is_none(), "a key twice");
        // `shared` longer than the previous key.
        let mut long = Vec::new();
        put(&mut long, 1);
        put(&mut long, 3);
        put(&mut long, 0);
        long.extend_from_slice(&[0; 8]);
        assert!(KeyBlock::parse(&long).is_none());
        // A key cut inside a character.
        let split = KeyBlock::encode(&[key("中", 1)]);
        let mut bad = split.clone();
        bad[2] = 2; // suffix length 2 of the 3 bytes of 中
        bad.remove(5);
        assert!(KeyBlock::parse(&bad).is_none());
    }
}
