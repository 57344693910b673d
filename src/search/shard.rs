//! The binary files of the search index: shards of posting lists, and position files.
//!
//! All numbers are unsigned LEB128 varints. A **shard** holds the tokens of one range of the
//! sorted vocabulary (the manifest lists the first token of each):
//!
//! ```text
//! shard     = count:varint  entry*
//! entry     = len:varint token:bytes(len)  df:varint
//!             positions                                  // or where they are
//!             size:varint postings:bytes(size)
//! positions = 0:varint length:varint blob:bytes(length)    // small: inline
//!           | (file+1):varint offset:varint length:varint  // else a range of a position file
//! postings  = (gap<<2 | many<<1 | title):varint [tf:varint if many]  // per article, ascending
//! ```
//!
//! `gap` is the article number minus the previous one's (the first is the number itself);
//! `many` says the token occurs more than once, and then `tf` follows; `title` that it occurs
//! in the title. A token's position
//! *blob* holds, for each article of its posting list in order, its `tf` positions, the first as
//! is and the rest as gaps. Blobs of up to [`INLINE_POSITIONS`] bytes are kept in the shard
//! (so rare tokens need no second fetch); larger ones go to **position files**, each the
//! concatenation of several tokens' blobs.

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

/// Position blobs up to this size are stored in the shard.
pub const INLINE_POSITIONS: usize = 96;

/// Where a token's positions are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PosRef {
    /// In the shard, at this byte range of it.
    Inline(Range<usize>),
    /// In a position file.
    File {
        /// Index into the manifest's position files.
        file: u32,
        offset: u32,
        length: u32,
    },
}

/// A token's positions as the bundler writes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Positions<'a> {
    Inline(&'a [u8]),
    File { file: u32, offset: u32, length: u32 },
}

/// One token of a shard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenEntry {
    /// Articles that contain the token.
    pub df: u32,
    pub positions: PosRef,
    /// The encoded posting list, within [`Shard::bytes`].
    postings: Range<usize>,
}

/// A decoded shard: its tokens (sorted) with their entries; postings are decoded on demand.
#[derive(Debug, Clone, Default)]
pub struct Shard {
    bytes: Vec<u8>,
    tokens: Vec<(String, TokenEntry)>,
}

/// One article of a token's posting list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting {
    /// The article's number: its position in the index's article list.
    pub doc: u32,
    /// How often the token occurs in the article (its term frequency).
    pub tf: u32,
    /// Whether the token occurs in the article's title.
    pub title: bool,
}

impl Shard {
    /// Reads a shard; `None` if the data is malformed.
    pub fn parse(bytes: Vec<u8>) -> Option<Self> {
        let mut at = 0;
        let count = get(&bytes, &mut at)?;
        let mut tokens = Vec::with_capacity(count.min(1 << 16) as usize);
        for _ in 0..count {
            let len = get(&bytes, &mut at)? as usize;
            let token = std::str::from_utf8(bytes.get(at..at.checked_add(len)?)?).ok()?;
            at += len;
            let df = get32(&bytes, &mut at)?;
            let positions = match get32(&bytes, &mut at)? {
                0 => {
                    let length = get(&bytes, &mut at)? as usize;
                    let range = at..at.checked_add(length).filter(|&e| e <= bytes.len())?;
                    at = range.end;
                    PosRef::Inline(range)
                }
                file => PosRef::File {
                    file: file - 1,
                    offset: get32(&bytes, &mut at)?,
                    length: get32(&bytes, &mut at)?,
                },
            };
            let size = get(&bytes, &mut at)? as usize;
            let postings = at..at.checked_add(size).filter(|&e| e <= bytes.len())?;
            at = postings.end;
            if tokens
                .last()
                .is_some_and(|(t, _): &(String, _)| t.as_str() >= token)
            {
                return None; // not sorted
            }
            let entry = TokenEntry {
                df,
                positions,
                postings,
            };
            tokens.push((token.to_string(), entry));
        }
        Some(Self { bytes, tokens })
    }

    /// The entry of `token`, if this shard has it.
    pub fn entry(&self, token: &str) -> Option<&TokenEntry> {
        let at = self
            .tokens
            .binary_search_by(|(t, _)| t.as_str().cmp(token))
            .ok()?;
        Some(&self.tokens[at].1)
    }

    /// The entries of the tokens that start with `prefix`.
    pub fn with_prefix<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = &'a TokenEntry> + 'a {
        let start = self.tokens.partition_point(|(t, _)| t.as_str() < prefix);
        self.tokens[start..]
            .iter()
            .take_while(move |(t, _)| t.starts_with(prefix))
            .map(|(_, e)| e)
    }

    /// The positions of an entry of this shard, if they are stored in it.
    pub fn inline_positions(&self, entry: &TokenEntry) -> Option<&[u8]> {
        match &entry.positions {
            PosRef::Inline(range) => self.bytes.get(range.clone()),
            PosRef::File { .. } => None,
        }
    }

    /// The posting list of an entry of this shard.
    pub fn postings(&self, entry: &TokenEntry) -> Vec<Posting> {
        decode_postings(&self.bytes[entry.postings.clone()], entry.df as usize)
    }
}

/// Decodes a posting list; stops early at malformed data.
pub fn decode_postings(bytes: &[u8], df: usize) -> Vec<Posting> {
    let mut out = Vec::with_capacity(df.min(1 << 20));
    let mut at = 0;
    let mut doc = 0u64;
    while out.len() < df {
        let Some(v) = get(bytes, &mut at) else { break };
        doc += v >> 2;
        let tf = if v & 2 == 2 {
            match get(bytes, &mut at) {
                Some(tf) => tf,
                None => break,
            }
        } else {
            1
        };
        match (u32::try_from(doc), u32::try_from(tf)) {
            (Ok(doc), Ok(tf)) => out.push(Posting {
                doc,
                tf,
                title: v & 1 == 1,
            }),
            _ => break,
        }
    }
    out
}

/// Appends one posting to an encoded list whose last article was `prev` (`None` if empty).
pub fn put_posting(out: &mut Vec<u8>, prev: Option<u32>, posting: Posting) {
    let Posting { doc, tf, title } = posting;
    let gap = u64::from(doc - prev.unwrap_or(0));
    put(out, gap << 2 | u64::from(tf > 1) << 1 | u64::from(title));
    if tf > 1 {
        put(out, u64::from(tf));
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

/// Writes a shard from its entries: `(token, df, positions, encoded postings)`, sorted by token.
pub fn encode_shard(entries: &[(&str, u32, Positions<'_>, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    for &(token, df, pos, postings) in entries {
        encode_entry(&mut body, token, df, pos, postings);
    }
    finish_shard(entries.len(), &body)
}

/// A shard from its entries already encoded by [`encode_entry`].
pub fn finish_shard(count: usize, entries: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(entries.len() + 4);
    put(&mut out, count as u64);
    out.extend_from_slice(entries);
    out
}

/// Appends one shard entry.
pub fn encode_entry(out: &mut Vec<u8>, token: &str, df: u32, pos: Positions<'_>, postings: &[u8]) {
    put(out, token.len() as u64);
    out.extend_from_slice(token.as_bytes());
    put(out, u64::from(df));
    match pos {
        Positions::Inline(blob) => {
            put(out, 0);
            put(out, blob.len() as u64);
            out.extend_from_slice(blob);
        }
        Positions::File {
            file,
            offset,
            length,
        } => {
            put(out, u64::from(file) + 1);
            put(out, u64::from(offset));
            put(out, u64::from(length));
        }
    }
    put(out, postings.len() as u64);
    out.extend_from_slice(postings);
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

    fn posting(doc: u32, tf: u32, title: bool) -> Posting {
        Posting { doc, tf, title }
    }

    #[test]
    fn shards_round_trip() {
        let mut a = Vec::new();
        put_posting(&mut a, None, posting(0, 1, false));
        put_posting(&mut a, Some(0), posting(7, 3, true));
        put_posting(&mut a, Some(7), posting(300, 1, true));
        let mut blob = Vec::new();
        put_positions(&mut blob, &[4]);
        put_positions(&mut blob, &[1, 9, 200]);
        put_positions(&mut blob, &[0]);
        let far = Positions::File {
            file: 2,
            offset: 10,
            length: blob.len() as u32,
        };
        let bytes = encode_shard(&[
            ("rust", 0, far, &[]),
            ("中文", 3, Positions::Inline(&blob), &a),
        ]);
        let shard = Shard::parse(bytes).expect("parses");
        let e = shard.entry("中文").expect("has the token");
        assert_eq!(shard.inline_positions(e), Some(blob.as_slice()));
        let postings = shard.postings(e);
        assert_eq!(
            postings,
            [
                posting(0, 1, false),
                posting(7, 3, true),
                posting(300, 1, true)
            ]
        );
        let mut b = Vec::new();
        put_posting(&mut b, None, posting(400, 2, true));
        put_posting(&mut b, Some(400), posting(401, 1, false));
        let mut joined = a.clone();
        append_postings(&mut joined, Some(300), &b);
        assert_eq!(
            decode_postings(&joined, 5)[3..],
            [posting(400, 2, true), posting(401, 1, false)]
        );
        let r = shard.entry("rust").expect("has the token");
        assert_eq!(
            r.positions,
            PosRef::File {
                file: 2,
                offset: 10,
                length: blob.len() as u32
            }
        );
        assert!(shard.inline_positions(r).is_none() && shard.entry("java").is_none());

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
    fn malformed_shards_are_refused() {
        assert!(Shard::parse(vec![]).is_none());
        assert!(Shard::parse(vec![1, 200]).is_none());
        assert!(Shard::parse(vec![1, 2, b'a']).is_none());
    }
}
