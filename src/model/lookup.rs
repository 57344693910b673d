//! The lookup (`l/…bin`): names to numbers, for what an address names (see
//! [`crate::model::lookup_key`]), encoded and decoded here. A key is stored as its
//! *fingerprint*, a 64-bit hash of its UTF-8 bytes ([`fingerprint`]: FNV-1a, then SplitMix64's
//! finalizer so that every bit depends on every byte), and the files hold fingerprints in
//! ascending order. Not xxh3, which the bundler uses for everything else: the app computes the
//! fingerprint of every address it resolves, and xxh3 made the app's shell 1,347 B larger with
//! brotli (165,831 against 164,484 B), over its 165 KB budget; these ten lines cost nothing.
//! Every number is an unsigned LEB128 varint but `hash`, a file's 64-bit xxh3 hash as 8 bytes,
//! little endian, as in the directory:
//!
//! ```text
//! root   = depth  count  ref*     ref  = gap  hash[8]   a file whose fingerprints start at previous + gap
//! shard  = count  item*           item = gap  value     the fingerprint previous + gap stands for value
//! ```
//!
//! The lookup has two parts, looked in side by side: the *settled* part, a tree from the top
//! root the entry names (`lookup`), and the *newest* part, the keys of the newest articles (and
//! of the facet values first seen among them) in [`Entry::lookup_newest`]'s shards, the `i`-th
//! holding the fingerprints `f` with [`newest_index`]`(f, count) == i`. A day's new keys change
//! the newest part only, a few small files, until the settled part's boundary moves past them
//! (see `src/bundler/lookup.rs`); a key is in one part or the other, never both.
//!
//! [`Entry::lookup_newest`]: crate::model::Entry::lookup_newest
//!
//! Nothing reads the lookup but by a whole key (a slug, an author's, a tag's or a category's
//! name), so the keys need no order of their own: in the order of their fingerprints, a file of
//! the level above says where each file starts by a number, not by a key, and an item costs
//! about 10 bytes whatever its key's length (slugs of Chinese titles are 60–90 bytes). A key the
//! bundle lacks is found only if its fingerprint is one of the bundle's: about `n / 2⁶⁴` for `n`
//! keys (1,000,000 keys: 5 × 10⁻¹⁴); the bundler refuses two keys of one fingerprint.

use super::directory::{get_hash, put_hash};
use crate::search::shard::{get, put};

/// What the lookup stores of `key`: its 64-bit FNV-1a hash, mixed by SplitMix64's finalizer.
pub fn fingerprint(key: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in key.as_bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

/// Which of `count` newest shards holds `fingerprint`: `⌊fingerprint × count / 2⁶⁴⌋`, so that
/// the shards split the fingerprints' range evenly, in order, and the entry need name them only.
pub fn newest_index(fingerprint: u64, count: usize) -> usize {
    ((u128::from(fingerprint) * count as u128) >> 64) as usize
}

/// The hash of the newest shard (of `newest`, as the entry names them) that would hold `key`;
/// `None` when the newest part is empty.
pub fn newest_shard_for<'a>(newest: &'a [String], key: &str) -> Option<&'a str> {
    let i = newest_index(fingerprint(key), newest.len());
    newest.get(i).map(String::as_str)
}

/// A file of the level below a root, and where its fingerprints start.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LookupRef {
    /// No fingerprint of the file is below this, and every fingerprint of the files before it
    /// is: the file's first fingerprint (0 for the first file).
    pub first: u64,
    /// Hash of the file.
    pub file: String,
}

/// `l/…bin`: where each lookup shard starts (a root of `depth` 1), or where each root of the
/// level below starts (`depth` > 1): the lookup is a tree whose files stay small at any size.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LookupRoot {
    /// 1 when `shards` name [`LookupShard`]s, `d` when they name roots of depth `d − 1`.
    pub depth: u32,
    pub shards: Vec<LookupRef>,
}

/// `l/…bin`: fingerprints, ascending, and the numbers their keys stand for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LookupShard {
    pub fingerprints: Vec<u64>,
    pub values: Vec<u32>,
}

impl LookupRoot {
    /// The root's bytes. Panics on a hash that is not 16 hex digits (the bundler's own names)
    /// or on references out of order.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(8 + self.shards.len() * 16);
        put(&mut out, u64::from(self.depth));
        put(&mut out, self.shards.len() as u64);
        let mut previous = 0;
        for r in &self.shards {
            put(
                &mut out,
                r.first.checked_sub(previous).expect("refs ascending"),
            );
            put_hash(&mut out, &r.file);
            previous = r.first;
        }
        out
    }

    /// Reads a root; `None` when the bytes are malformed.
    pub fn parse(bytes: &[u8]) -> Option<Self> {
        let mut at = 0;
        let depth = u32::try_from(get(bytes, &mut at)?).ok()?;
        let count = usize::try_from(get(bytes, &mut at)?).ok()?;
        let mut shards = Vec::with_capacity(count.min(bytes.len() / 9));
        let mut first = 0u64;
        for _ in 0..count {
            first = first.checked_add(get(bytes, &mut at)?)?;
            let file = get_hash(bytes, &mut at)?;
            shards.push(LookupRef { first, file });
        }
        (depth >= 1 && at == bytes.len()).then_some(Self { depth, shards })
    }

    /// Hash of the shard (or, when `depth` > 1, of the root of the level below) that would hold
    /// `key`.
    pub fn shard_for(&self, key: &str) -> Option<&str> {
        let fingerprint = fingerprint(key);
        let i = self.shards.partition_point(|s| s.first <= fingerprint);
        Some(self.shards.get(i.checked_sub(1)?)?.file.as_str())
    }
}

impl LookupShard {
    /// The shard's bytes. Panics on fingerprints out of order.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(4 + self.fingerprints.len() * 10);
        put(&mut out, self.fingerprints.len() as u64);
        let mut previous = 0;
        for (&f, &value) in self.fingerprints.iter().zip(&self.values) {
            put(
                &mut out,
                f.checked_sub(previous).expect("fingerprints ascending"),
            );
            put(&mut out, u64::from(value));
            previous = f;
        }
        out
    }

    /// Reads a shard; `None` when the bytes are malformed.
    pub fn parse(bytes: &[u8]) -> Option<Self> {
        let mut at = 0;
        let count = usize::try_from(get(bytes, &mut at)?).ok()?;
        let mut fingerprints = Vec::with_capacity(count.min(bytes.len() / 2));
        let mut values = Vec::with_capacity(count.min(bytes.len() / 2));
        let mut f = 0u64;
        for _ in 0..count {
            f = f.checked_add(get(bytes, &mut at)?)?;
            fingerprints.push(f);
            values.push(u32::try_from(get(bytes, &mut at)?).ok()?);
        }
        (at == bytes.len()).then_some(Self {
            fingerprints,
            values,
        })
    }

    /// The number stored for `key`, if the shard has it.
    pub fn get(&self, key: &str) -> Option<u32> {
        let i = self.fingerprints.binary_search(&fingerprint(key)).ok()?;
        self.values.get(i).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hash(i: u64) -> String {
        format!("{:016x}", i.wrapping_mul(0x9e37_79b9_7f4a_7c15))
    }

    #[test]
    fn roots_and_shards_round_trip_and_find_their_keys() {
        let keys = ["a:hello", "u:Ann", "t:rust", "c:新媒体\u{1f}IT 之家"];
        let mut items: Vec<(u64, u32)> = keys
            .iter()
            .enumerate()
            .map(|(i, k)| (fingerprint(k), i as u32 * 1000))
            .collect();
        items.sort_unstable();
        let shard = LookupShard {
            fingerprints: items.iter().map(|i| i.0).collect(),
            values: items.iter().map(|i| i.1).collect(),
        };
        let bytes = shard.encode();
        assert_eq!(LookupShard::parse(&bytes), Some(shard.clone()));
        for (i, k) in keys.iter().enumerate() {
            assert_eq!(shard.get(k), Some(i as u32 * 1000), "{k}");
        }
        assert_eq!(shard.get("a:nobody"), None);

        let root = LookupRoot {
            depth: 1,
            shards: vec![
                LookupRef {
                    first: 0,
                    file: hash(1),
                },
                LookupRef {
                    first: fingerprint("a:hello"),
                    file: hash(2),
                },
            ],
        };
        let bytes = root.encode();
        assert_eq!(LookupRoot::parse(&bytes), Some(root.clone()));
        for k in keys {
            let expected = if fingerprint(k) < fingerprint("a:hello") {
                hash(1)
            } else {
                hash(2)
            };
            assert_eq!(root.shard_for(k), Some(expected.as_str()), "{k}");
        }
    }

    #[test]
    fn newest_shards_split_the_fingerprints_evenly_in_order() {
        assert_eq!(newest_index(0, 3), 0);
        assert_eq!(newest_index(u64::MAX, 3), 2);
        assert_eq!(newest_index(u64::MAX / 3, 3), 0);
        assert_eq!(newest_index(u64::MAX / 3 + 1, 3), 1);
        assert_eq!(newest_index(u64::MAX / 3 * 2, 3), 1);
        assert_eq!(newest_index(u64::MAX / 3 * 2 + 1, 3), 2);
        assert_eq!(newest_index(u64::MAX, 1), 0);
        let fingerprints: Vec<u64> = (0..10_000u64)
            .map(|i| fingerprint(&i.to_string()))
            .collect();
        let mut sorted = fingerprints.clone();
        sorted.sort_unstable();
        let indices: Vec<usize> = sorted.iter().map(|&f| newest_index(f, 7)).collect();
        assert!(indices.windows(2).all(|w| w[0] <= w[1]));
        for i in 0..7 {
            let n = indices.iter().filter(|&&x| x == i).count();
            assert!((1_200..=1_650).contains(&n), "{i}: {n}");
        }
        let newest = vec![hash(1), hash(2), hash(3)];
        let expected = &newest[newest_index(fingerprint("a:hello"), 3)];
        assert_eq!(
            newest_shard_for(&newest, "a:hello"),
            Some(expected.as_str())
        );
        assert_eq!(newest_shard_for(&[], "a:hello"), None);
    }

    #[test]
    fn malformed_files_are_refused() {
        let shard = LookupShard {
            fingerprints: vec![5, u64::MAX],
            values: vec![1, u32::MAX],
        };
        let bytes = shard.encode();
        for cut in 0..bytes.len() {
            assert_eq!(LookupShard::parse(&bytes[..cut]), None, "{cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(LookupShard::parse(&longer), None);
        let root = LookupRoot {
            depth: 2,
            shards: vec![LookupRef {
                first: 0,
                file: hash(4),
            }],
        };
        let bytes = root.encode();
        for cut in 0..bytes.len() {
            assert_eq!(LookupRoot::parse(&bytes[..cut]), None, "{cut}");
        }
        // A root of depth 0, and a count far larger than the bytes could hold.
        assert_eq!(LookupRoot::parse(&[0, 0]), None);
        assert_eq!(LookupShard::parse(&[0xff, 0xff, 0xff, 0x0f]), None);
    }
}
