//! Stage 11: the lookup — names to numbers, for what an address names.
//!
//! [`shards`] takes the slugs (by article number) and the facet tables' names (by id) and
//! returns the lookup's shards: `a:<slug>` → the article's number, `u:<author>` and `t:<tag>`
//! → the value's id, `c:<path>` → the category's id (`<path>` being the names from the root
//! joined by [`PATH_SEPARATOR`]), each key as its fingerprint ([`fingerprint`]), in ascending
//! order of fingerprints (see [`crate::model::lookup`]). Once the shards are written, [`fits`]
//! and [`level`] make the roots above them: while the references to one level's files would
//! not fit in one root, they are cut into roots of their own, one level up. A shard ends after
//! an item whose fingerprint is divisible by [`SHARD_EVERY`] once it holds [`SHARD_MIN`] items,
//! and at [`SHARD_MAX`] items in any case; a root likewise by the hash of a reference's first
//! fingerprint ([`ROOT_EVERY`], [`ROOT_MIN`], [`ROOT_MAX`]). The cuts are content-defined, so
//! that an added or removed key changes its shard and the roots above it only. Pure.

use xxhash_rust::xxh3::xxh3_64;

use crate::model::lookup::fingerprint;
use crate::model::{lookup_key, LookupKind, LookupRef, LookupRoot, LookupShard, PATH_SEPARATOR};

/// A shard may end after an item whose fingerprint is divisible by this, once it holds
/// [`SHARD_MIN`] items: about 512 items on average, about 5 KB (an item is a fingerprint's gap,
/// 6–7 bytes at 100,000 keys and more, and a number). At 1,000,000 articles, 2,020 files where
/// the JSON lookup of sorted keys had 7,558, and 5–12 KB read for a key, not 37.
pub const SHARD_EVERY: u64 = 256;
/// Items a shard holds before it may end.
pub const SHARD_MIN: usize = 256;
/// Items a shard holds at most.
pub const SHARD_MAX: usize = 1024;
/// A root of the levels below the top may end after a reference whose first fingerprint's hash
/// is divisible by this, once it holds [`ROOT_MIN`] references (about 64, 1 KB).
pub const ROOT_EVERY: u64 = 32;
/// References a root below the top holds before it may end.
pub const ROOT_MIN: usize = 32;
/// References a root holds at most (about 4 KB): the top root holds every file of the level
/// below while they are this many or fewer (up to about 130,000 keys: two files a lookup).
pub const ROOT_MAX: usize = 256;

/// A lookup shard and where its fingerprints start.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Shard {
    /// The shard's first fingerprint (0 for the first shard).
    pub first: u64,
    pub shard: LookupShard,
}

/// A root of the level above some files, and where its fingerprints start.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Root {
    pub first: u64,
    pub root: LookupRoot,
}

/// The names a lookup holds besides slugs.
#[derive(Debug, Clone, Copy)]
pub struct Names<'a> {
    /// Author names by id.
    pub authors: &'a [String],
    /// Tag names by id.
    pub tags: &'a [String],
    /// Category paths by id, root first.
    pub categories: &'a [Vec<String>],
}

/// Two keys of one fingerprint: the lookup could not tell them apart. (About one bundle in
/// 30 million at 1,000,000 keys.)
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedFingerprint {
    pub keys: [String; 2],
}

impl std::fmt::Display for SharedFingerprint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the lookup keys {:?} and {:?} have the same 64-bit hash; rename one of them \
             (a slug: its `slug:`)",
            self.keys[0], self.keys[1]
        )
    }
}

impl std::error::Error for SharedFingerprint {}

/// Cuts `items` into files: a file ends after an item for which `ends` holds once it has `min`
/// items, and at `max` items in any case.
fn cut<T>(items: Vec<T>, min: usize, max: usize, ends: impl Fn(&T) -> bool) -> Vec<Vec<T>> {
    let mut files = Vec::new();
    let mut file = Vec::new();
    for item in items {
        let end = ends(&item);
        file.push(item);
        if file.len() >= max || (file.len() >= min && end) {
            files.push(std::mem::take(&mut file));
        }
    }
    if !file.is_empty() {
        files.push(file);
    }
    files
}

/// A key of the lookup: its fingerprint, the number it stands for, and what it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Item {
    fingerprint: u64,
    value: u32,
    kind: u8,
}

const KINDS: [LookupKind; 4] = [
    LookupKind::Article,
    LookupKind::Category,
    LookupKind::Tag,
    LookupKind::Author,
];

/// Every key's item, in ascending order of fingerprints; an error names two keys of one.
fn items<S: AsRef<str>>(slugs: &[S], names: Names<'_>) -> Result<Vec<Item>, SharedFingerprint> {
    let separator = PATH_SEPARATOR.to_string();
    let paths: Vec<String> = names
        .categories
        .iter()
        .map(|p| p.join(&separator))
        .collect();
    let name = |kind: u8, value: u32| -> &str {
        let i = value as usize;
        match KINDS[kind as usize] {
            LookupKind::Article => slugs[i].as_ref(),
            LookupKind::Category => &paths[i],
            LookupKind::Tag => &names.tags[i],
            LookupKind::Author => &names.authors[i],
        }
    };
    let counts = [
        slugs.len(),
        paths.len(),
        names.tags.len(),
        names.authors.len(),
    ];
    let mut items = Vec::with_capacity(counts.iter().sum());
    for (kind, &count) in counts.iter().enumerate() {
        for value in 0..count as u32 {
            let key = lookup_key(KINDS[kind], name(kind as u8, value));
            items.push(Item {
                fingerprint: fingerprint(&key),
                value,
                kind: kind as u8,
            });
        }
    }
    items.sort_unstable();
    if let Some(w) = items
        .windows(2)
        .find(|w| w[0].fingerprint == w[1].fingerprint)
    {
        let key = |i: &Item| lookup_key(KINDS[i.kind as usize], name(i.kind, i.value));
        return Err(SharedFingerprint {
            keys: [key(&w[0]), key(&w[1])],
        });
    }
    Ok(items)
}

/// The lookup's shards, in ascending order of fingerprints. `slugs[g]` is article `g`'s slug.
pub fn shards<S: AsRef<str>>(
    slugs: &[S],
    names: Names<'_>,
) -> Result<Vec<Shard>, SharedFingerprint> {
    let files = cut(items(slugs, names)?, SHARD_MIN, SHARD_MAX, |i| {
        i.fingerprint % SHARD_EVERY == 0
    });
    Ok(files
        .into_iter()
        .enumerate()
        .map(|(n, run)| Shard {
            first: if n == 0 { 0 } else { run[0].fingerprint },
            shard: LookupShard {
                fingerprints: run.iter().map(|i| i.fingerprint).collect(),
                values: run.iter().map(|i| i.value).collect(),
            },
        })
        .collect())
}

/// Whether `refs` fit in one root.
pub fn fits(refs: &[LookupRef]) -> bool {
    refs.len() <= ROOT_MAX
}

/// The roots of depth `depth` over `refs` (references to the files of the level below).
pub fn level(refs: Vec<LookupRef>, depth: u32) -> Vec<Root> {
    let ends = |r: &LookupRef| xxh3_64(&r.first.to_le_bytes()) % ROOT_EVERY == 0;
    cut(refs, ROOT_MIN, ROOT_MAX, ends)
        .into_iter()
        .map(|shards| Root {
            first: shards[0].first,
            root: LookupRoot { depth, shards },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    const NO_NAMES: Names<'static> = Names {
        authors: &[],
        tags: &[],
        categories: &[],
    };

    /// A lookup built as the bundle stage builds it, each file named by its position in
    /// `files` (as a file hash); returns the top root and the files.
    fn build(slugs: &[String], names: Names<'_>) -> (LookupRoot, Vec<Vec<u8>>) {
        let name = |i: usize| format!("{i:016x}");
        let mut files = Vec::new();
        let mut refs: Vec<LookupRef> = shards(slugs, names)
            .unwrap()
            .into_iter()
            .map(|s| {
                files.push(s.shard.encode());
                LookupRef {
                    first: s.first,
                    file: name(files.len() - 1),
                }
            })
            .collect();
        let mut depth = 1;
        while !fits(&refs) {
            refs = level(refs, depth)
                .into_iter()
                .map(|r| {
                    files.push(r.root.encode());
                    LookupRef {
                        first: r.first,
                        file: name(files.len() - 1),
                    }
                })
                .collect();
            depth += 1;
        }
        let root = LookupRoot {
            depth,
            shards: refs,
        };
        (root, files)
    }

    /// Looks `key` up the way the app does: down the roots, then the shard. Returns the number
    /// and how many bytes were read.
    fn find(root: &LookupRoot, files: &[Vec<u8>], key: &str) -> (Option<u32>, usize) {
        let mut bytes = 0;
        let mut node = root.clone();
        loop {
            let Some(file) = node.shard_for(key) else {
                return (None, bytes);
            };
            let data = &files[usize::from_str_radix(file, 16).unwrap()];
            bytes += data.len();
            if node.depth == 1 {
                let shard = LookupShard::parse(data).unwrap();
                return (shard.get(key), bytes);
            }
            let below = LookupRoot::parse(data).unwrap();
            assert_eq!(below.depth + 1, node.depth);
            node = below;
        }
    }

    #[test]
    fn every_key_is_found_reading_a_few_small_files() {
        let slugs: Vec<String> = (0..300_000u64)
            .map(|i| format!("新媒体-it-之家-分类资讯-文章-{}", i * 7919 % 300_000))
            .collect();
        let categories = vec![
            strings(&["新媒体"]),
            strings(&["新媒体", "IT 之家"]),
            strings(&["Eng"]),
        ];
        let authors = strings(&["Zed", "Ann"]);
        let tags = strings(&["rust", "c:not-a-category"]);
        let names = Names {
            authors: &authors,
            tags: &tags,
            categories: &categories,
        };
        let all = shards(&slugs, names).unwrap();
        let fingerprints: Vec<u64> = all
            .iter()
            .flat_map(|s| s.shard.fingerprints.iter().copied())
            .collect();
        assert!(fingerprints.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(fingerprints.len(), 300_000 + 3 + 2 + 2);
        for (i, s) in all.iter().enumerate() {
            assert_eq!(s.shard.fingerprints.len(), s.shard.values.len());
            assert!(s.shard.fingerprints.len() <= SHARD_MAX);
            if i > 0 {
                assert_eq!(s.first, s.shard.fingerprints[0]);
                assert!(all[i - 1].shard.fingerprints.last().unwrap() < &s.first);
            }
        }
        // Shards of about 512 items, and a root of at most ROOT_MAX references a level.
        let mean = fingerprints.len() / all.len();
        assert!((350..=700).contains(&mean), "{mean}");
        let (root, files) = build(&slugs, names);
        assert_eq!(root.depth, 2);
        assert!(root.shards.len() <= ROOT_MAX);
        let mut most = 0;
        for (g, slug) in slugs.iter().enumerate().step_by(97) {
            let (found, bytes) = find(&root, &files, &format!("a:{slug}"));
            assert_eq!(found, Some(g as u32));
            most = most.max(bytes);
        }
        // A shard of at most 1,024 items of 10 bytes or so, and a root of 256 of 16.
        assert!(most <= SHARD_MAX * 12 + ROOT_MAX * 17, "{most}");
        assert_eq!(find(&root, &files, "c:新媒体\u{1f}IT 之家").0, Some(1));
        assert_eq!(find(&root, &files, "c:Eng").0, Some(2));
        assert_eq!(find(&root, &files, "t:c:not-a-category").0, Some(1));
        assert_eq!(find(&root, &files, "u:Ann").0, Some(1));
        assert_eq!(find(&root, &files, "u:Nobody").0, None);
        assert_eq!(find(&root, &files, "a:").0, None);
        assert_eq!(find(&root, &files, "").0, None);
    }

    #[test]
    fn a_small_lookup_is_one_root_over_one_shard() {
        let slugs = strings(&["b", "a"]);
        let (root, files) = build(&slugs, NO_NAMES);
        assert_eq!(root.depth, 1);
        assert_eq!(root.shards.len(), 1);
        assert_eq!(root.shards[0].first, 0);
        let shard = LookupShard::parse(&files[0]).unwrap();
        assert_eq!(shard.get("a:a"), Some(1));
        assert_eq!(shard.get("a:b"), Some(0));
    }

    #[test]
    fn adding_or_removing_a_key_changes_the_files_around_it_only() {
        let slugs: Vec<String> = (0..100_000).map(|i| format!("slug-{i}")).collect();
        let (_, before) = build(&slugs, NO_NAMES);
        let mut more = slugs.clone();
        more.push("slug-15000x".into());
        let (_, after) = build(&more, NO_NAMES);
        let changed = after.iter().filter(|f| !before.contains(f)).count();
        // Its shard (or two, if it ends one); and the top root, which `build` returns apart.
        assert!((1..=2).contains(&changed), "{changed}");
        assert!(after.len().abs_diff(before.len()) <= 1);
        let fewer: Vec<String> = slugs[..99_999].to_vec();
        let (_, after) = build(&fewer, NO_NAMES);
        let changed = after.iter().filter(|f| !before.contains(f)).count();
        assert!((1..=2).contains(&changed), "{changed}");
    }
}
