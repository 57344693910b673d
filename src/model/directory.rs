//! The directory (`d/…bin`): which row page and pack hold which articles, in two levels, encoded
//! and decoded here. Every number is an unsigned LEB128 varint but `hash`, a file's 64-bit xxh3
//! hash as 8 bytes, little endian (the file is named by the same hash in hex), as in the search
//! index's key blocks:
//!
//! ```text
//! root   = count  ref*        ref   = gap  hash[8]      a chunk, starting at previous + gap
//! chunk  = first  count  group*
//! group  = n  rows[8]  bodies[8]                         the next n articles' row page and pack
//! ```
//!
//! The root lists the chunks oldest first: a chunk's first number is the previous chunk's plus
//! `gap` (the first chunk's `gap` is its own first number, 0). The entry names the root alone,
//! so that it does not grow with the archive; the app fetches the root once (beside the lookup,
//! when an article is opened by its address) and a chunk per place it needs. A group costs 17
//! bytes or so, where its JSON (`{n, rows, bodies}` with hex hashes) cost about 60.

use crate::search::shard::{get, put};

/// Where a directory chunk starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChunkRef {
    /// Number of the chunk's first article.
    pub first: u32,
    /// Hash of the [`DirectoryChunk`].
    pub file: String,
}

/// The directory's root: its chunks, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DirectoryRoot {
    pub chunks: Vec<ChunkRef>,
}

/// Which row page and pack hold which articles, for a run of groups.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DirectoryChunk {
    /// Number of the first article.
    pub first: u32,
    pub groups: Vec<Group>,
}

/// A group of consecutive articles: their rows in one file, their bodies in another. (Serde's
/// traits for the bundler's cache, which keeps each group's files.)
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Group {
    /// How many articles.
    pub n: u32,
    /// Hash of the [`crate::model::RowPage`].
    pub rows: String,
    /// Hash of the [`crate::model::Pack`].
    pub bodies: String,
}

/// A file hash (16 hex digits) as the 8 bytes the files hold; `None` if it is not one.
fn hash_bytes(hash: &str) -> Option<[u8; 8]> {
    if hash.len() != 16 {
        return None;
    }
    Some(u64::from_str_radix(hash, 16).ok()?.to_le_bytes())
}

pub(crate) fn put_hash(out: &mut Vec<u8>, hash: &str) {
    let bytes = hash_bytes(hash).unwrap_or_else(|| panic!("{hash:?} is not a file hash"));
    out.extend_from_slice(&bytes);
}

pub(crate) fn get_hash(bytes: &[u8], at: &mut usize) -> Option<String> {
    let end = at.checked_add(8)?;
    let raw: [u8; 8] = bytes.get(*at..end)?.try_into().ok()?;
    *at = end;
    Some(format!("{:016x}", u64::from_le_bytes(raw)))
}

fn get32(bytes: &[u8], at: &mut usize) -> Option<u32> {
    u32::try_from(get(bytes, at)?).ok()
}

impl DirectoryRoot {
    /// The root's bytes. Panics on a hash that is not 16 hex digits (the bundler's own names).
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(4 + self.chunks.len() * 11);
        put(&mut out, self.chunks.len() as u64);
        let mut previous = 0;
        for chunk in &self.chunks {
            put(&mut out, u64::from(chunk.first - previous));
            put_hash(&mut out, &chunk.file);
            previous = chunk.first;
        }
        out
    }

    /// Reads a root; `None` when the bytes are malformed.
    pub fn parse(bytes: &[u8]) -> Option<Self> {
        let mut at = 0;
        let count = usize::try_from(get(bytes, &mut at)?).ok()?;
        let mut chunks = Vec::with_capacity(count.min(bytes.len() / 9));
        let mut first = 0u32;
        for _ in 0..count {
            first = first.checked_add(get32(bytes, &mut at)?)?;
            let file = get_hash(bytes, &mut at)?;
            chunks.push(ChunkRef { first, file });
        }
        (at == bytes.len()).then_some(Self { chunks })
    }

    /// The chunk that holds article `number`.
    pub fn chunk_for(&self, number: u32) -> Option<&ChunkRef> {
        let i = self.chunks.partition_point(|c| c.first <= number);
        self.chunks.get(i.checked_sub(1)?)
    }
}

impl DirectoryChunk {
    /// The chunk's bytes. Panics on a hash that is not 16 hex digits (the bundler's own names).
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(8 + self.groups.len() * 18);
        put(&mut out, u64::from(self.first));
        put(&mut out, self.groups.len() as u64);
        for group in &self.groups {
            put(&mut out, u64::from(group.n));
            put_hash(&mut out, &group.rows);
            put_hash(&mut out, &group.bodies);
        }
        out
    }

    /// Reads a chunk; `None` when the bytes are malformed.
    pub fn parse(bytes: &[u8]) -> Option<Self> {
        let mut at = 0;
        let first = get32(bytes, &mut at)?;
        let count = usize::try_from(get(bytes, &mut at)?).ok()?;
        let mut groups = Vec::with_capacity(count.min(bytes.len() / 17));
        for _ in 0..count {
            let n = get32(bytes, &mut at)?;
            let rows = get_hash(bytes, &mut at)?;
            let bodies = get_hash(bytes, &mut at)?;
            groups.push(Group { n, rows, bodies });
        }
        (at == bytes.len()).then_some(Self { first, groups })
    }

    /// The group holding article `number` and the number of the group's first article.
    pub fn group_for(&self, number: u32) -> Option<(&Group, u32)> {
        let mut first = self.first;
        for group in &self.groups {
            if number < first {
                return None;
            }
            if number < first + group.n {
                return Some((group, first));
            }
            first += group.n;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hash(i: u64) -> String {
        format!("{:016x}", i.wrapping_mul(0x9e37_79b9_7f4a_7c15))
    }

    #[test]
    fn roots_and_chunks_round_trip() {
        let root = DirectoryRoot {
            chunks: vec![
                ChunkRef {
                    first: 0,
                    file: hash(1),
                },
                ChunkRef {
                    first: 300,
                    file: hash(2),
                },
                ChunkRef {
                    first: 1_000_000,
                    file: hash(3),
                },
            ],
        };
        let bytes = root.encode();
        // A count, then a gap and 8 bytes a chunk.
        assert_eq!(bytes.len(), 1 + (1 + 8) + (2 + 8) + (3 + 8));
        assert_eq!(DirectoryRoot::parse(&bytes), Some(root.clone()));
        assert_eq!(root.chunk_for(299).unwrap().file, hash(1));
        assert_eq!(root.chunk_for(300).unwrap().file, hash(2));
        assert_eq!(root.chunk_for(u32::MAX).unwrap().file, hash(3));

        let chunk = DirectoryChunk {
            first: 300,
            groups: (0..3)
                .map(|i| Group {
                    n: 40 + i,
                    rows: hash(10 + u64::from(i)),
                    bodies: hash(20 + u64::from(i)),
                })
                .collect(),
        };
        let bytes = chunk.encode();
        assert_eq!(bytes.len(), 2 + 1 + 3 * 17);
        assert_eq!(DirectoryChunk::parse(&bytes), Some(chunk.clone()));
        assert_eq!(chunk.group_for(299), None);
        let (group, first) = chunk.group_for(300 + 40 + 41).unwrap();
        assert_eq!((group.n, first), (42, 381));
        assert_eq!(chunk.group_for(300 + 40 + 41 + 42), None);
    }

    #[test]
    fn malformed_files_are_refused() {
        let chunk = DirectoryChunk {
            first: 7,
            groups: vec![Group {
                n: 3,
                rows: hash(1),
                bodies: hash(2),
            }],
        };
        let bytes = chunk.encode();
        for cut in 0..bytes.len() {
            assert_eq!(DirectoryChunk::parse(&bytes[..cut]), None, "{cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(DirectoryChunk::parse(&longer), None);
        let root = DirectoryRoot {
            chunks: vec![ChunkRef {
                first: 0,
                file: hash(4),
            }],
        };
        let bytes = root.encode();
        for cut in 0..bytes.len() {
            assert_eq!(DirectoryRoot::parse(&bytes[..cut]), None, "{cut}");
        }
        // A count far larger than the bytes could hold.
        assert_eq!(DirectoryRoot::parse(&[0xff, 0xff, 0xff, 0x0f]), None);
    }
}
