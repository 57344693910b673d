//! Stage 11: the lookup — names to numbers, for what an address names.
//!
//! [`parts`] takes the slugs (by article number), the facet tables' names (by id) and where
//! the settled part ends ([`Settled`]), and returns the lookup's shards: `a:<slug>` → the
//! article's number, `u:<author>` and `t:<tag>` → the value's id, `c:<path>` → the category's
//! id (`<path>` being the names from the root joined by [`PATH_SEPARATOR`]), each key as its
//! fingerprint ([`fingerprint`]), in ascending order of fingerprints (see
//! [`crate::model::lookup`]).
//!
//! Fingerprints are random, so a day's new keys would land in nearly every shard of one tree
//! (a +1% day at 100,000 articles rewrote all 214 lookup files). So the keys of the newest
//! articles, the ones after the last multiple of [`SETTLED_EVERY`] articles
//! ([`settled_articles`]), and of the facet values first seen among them, are a part of their
//! own: [`NEWEST_ITEMS`] keys or fewer in each of a few shards that split the fingerprints'
//! range evenly (named by the entry, no root), all rewritten by a day that adds articles; the
//! settled part, the rest, changes only when the boundary moves, once every [`SETTLED_EVERY`]
//! articles. The boundary is a multiple of a number of articles, not content-defined: any
//! change to the older articles that would move a content-defined one (a deletion, an
//! article dated among them) renumbers the articles after it, whose keys change anyway.
//!
//! The settled part is a tree. Once its shards are written, [`fits`]
//! and [`level`] make the roots above them: while the references to one level's files would
//! not fit in one root, they are cut into roots of their own, one level up. A shard ends after
//! an item whose fingerprint is divisible by [`SHARD_EVERY`] once it holds [`SHARD_MIN`] items,
//! and at [`SHARD_MAX`] items in any case; a root likewise by the hash of a reference's first
//! fingerprint ([`ROOT_EVERY`], [`ROOT_MIN`], [`ROOT_MAX`]). The cuts are content-defined, so
//! that an added or removed key changes its shard and the roots above it only. Pure.

use xxhash_rust::xxh3::xxh3_64;

use crate::model::lookup::{fingerprint, newest_index};
use crate::model::{lookup_key, LookupKind, LookupRef, LookupRoot, LookupShard, PATH_SEPARATOR};

/// The settled part holds the keys of the first `⌊n / SETTLED_EVERY⌋ × SETTLED_EVERY` of `n`
/// articles. Lookup files a +1% day rewrites at 100,000 articles, by `bench/lookup-boundary.py`
/// (every newest shard, and the settled part's 200–260 files on the days its boundary moves):
/// 64.4 on average with 4,096, 44.9 with 8,192, 47.2 with 16,384 (the newest part twice as
/// large, twice as many shards rewritten every day); measured by `bench/days.sh`, 38 with 8,192
/// where the single tree rewrote 212.
pub const SETTLED_EVERY: usize = 8192;
/// Keys a newest shard holds on average: its shards are `⌈keys / NEWEST_ITEMS⌉`, about 2.8 KB
/// each, one read beside the settled part's files when an address is resolved.
pub const NEWEST_ITEMS: usize = 256;

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

/// Where the settled part ends: the articles it holds (the first ones), and for each facet the
/// values it holds, the ids below these (ids are given by first appearance, so the values
/// first seen among the settled articles are the lowest).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Settled {
    pub articles: u32,
    pub authors: u32,
    pub tags: u32,
    pub categories: u32,
}

/// The articles of `count` whose keys are settled: the first `⌊count / SETTLED_EVERY⌋ ×
/// SETTLED_EVERY`.
pub fn settled_articles(count: usize) -> usize {
    count / SETTLED_EVERY * SETTLED_EVERY
}

/// The lookup's two parts, each in ascending order of fingerprints.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Parts {
    /// The settled part's shards, under roots that [`level`] makes.
    pub settled: Vec<Shard>,
    /// The newest part's shards: the `i`-th holds the fingerprints `f` with
    /// [`crate::model::lookup::newest_index`]`(f, newest.len()) == i` (some may be empty).
    pub newest: Vec<LookupShard>,
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

fn shard_of(run: &[Item]) -> LookupShard {
    LookupShard {
        fingerprints: run.iter().map(|i| i.fingerprint).collect(),
        values: run.iter().map(|i| i.value).collect(),
    }
}

/// The lookup's shards, both parts. `slugs[g]` is article `g`'s slug; a key is settled when
/// what it names is below `settled`'s bound of its kind. Two keys of one fingerprint are
/// refused whichever parts they are in (the app would find both).
pub fn parts<S: AsRef<str>>(
    slugs: &[S],
    names: Names<'_>,
    settled: Settled,
) -> Result<Parts, SharedFingerprint> {
    let bound = |kind: LookupKind| match kind {
        LookupKind::Article => settled.articles,
        LookupKind::Category => settled.categories,
        LookupKind::Tag => settled.tags,
        LookupKind::Author => settled.authors,
    };
    let (old, new): (Vec<Item>, Vec<Item>) = items(slugs, names)?
        .into_iter()
        .partition(|i| i.value < bound(KINDS[i.kind as usize]));
    let files = cut(old, SHARD_MIN, SHARD_MAX, |i| {
        i.fingerprint % SHARD_EVERY == 0
    });
    let settled = files
        .into_iter()
        .enumerate()
        .map(|(n, run)| Shard {
            first: if n == 0 { 0 } else { run[0].fingerprint },
            shard: shard_of(&run),
        })
        .collect();
    let count = new.len().div_ceil(NEWEST_ITEMS);
    let mut newest = Vec::with_capacity(count);
    let mut rest = new.as_slice();
    for n in 0..count {
        let end = rest.partition_point(|i| newest_index(i.fingerprint, count) <= n);
        newest.push(shard_of(&rest[..end]));
        rest = &rest[end..];
    }
    Ok(Parts { settled, newest })
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
    use crate::model::newest_shard_for;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    const NO_NAMES: Names<'static> = Names {
        authors: &[],
        tags: &[],
        categories: &[],
    };

    /// Every key settled.
    const ALL_SETTLED: Settled = Settled {
        articles: u32::MAX,
        authors: u32::MAX,
        tags: u32::MAX,
        categories: u32::MAX,
    };

    /// A lookup as the bundle stage builds it, each file named by its position in `files` (as
    /// a file hash): the settled part's top root, the newest shards' names, and the files.
    struct Built {
        root: LookupRoot,
        newest: Vec<String>,
        files: Vec<Vec<u8>>,
    }

    fn build(slugs: &[String], names: Names<'_>, settled: Settled) -> Built {
        let name = |i: usize| format!("{i:016x}");
        let mut files = Vec::new();
        let parts = parts(slugs, names, settled).unwrap();
        let newest = parts
            .newest
            .iter()
            .map(|s| {
                files.push(s.encode());
                name(files.len() - 1)
            })
            .collect();
        let mut refs: Vec<LookupRef> = parts
            .settled
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
        Built {
            root,
            newest,
            files,
        }
    }

    /// Looks `key` up the way the app does: in the newest shard that would hold it, and down
    /// the settled part's roots to a shard. Returns the number and how many bytes were read.
    fn find(built: &Built, key: &str) -> (Option<u32>, usize) {
        let files = &built.files;
        let read = |file: &str| &files[usize::from_str_radix(file, 16).unwrap()];
        let mut bytes = 0;
        let mut newest = None;
        if let Some(file) = newest_shard_for(&built.newest, key) {
            bytes += read(file).len();
            newest = LookupShard::parse(read(file)).unwrap().get(key);
        }
        let mut node = built.root.clone();
        let settled = loop {
            let Some(file) = node.shard_for(key) else {
                break None;
            };
            let data = read(file);
            bytes += data.len();
            if node.depth == 1 {
                break LookupShard::parse(data).unwrap().get(key);
            }
            let below = LookupRoot::parse(data).unwrap();
            assert_eq!(below.depth + 1, node.depth);
            node = below;
        };
        assert!(newest.is_none() || settled.is_none(), "{key} in both parts");
        (newest.or(settled), bytes)
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
        let all = parts(&slugs, names, ALL_SETTLED).unwrap().settled;
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
        let built = build(&slugs, names, ALL_SETTLED);
        assert!(built.newest.is_empty());
        assert_eq!(built.root.depth, 2);
        assert!(built.root.shards.len() <= ROOT_MAX);
        let mut most = 0;
        for (g, slug) in slugs.iter().enumerate().step_by(97) {
            let (found, bytes) = find(&built, &format!("a:{slug}"));
            assert_eq!(found, Some(g as u32));
            most = most.max(bytes);
        }
        // A shard of at most 1,024 items of 10 bytes or so, and a root of 256 of 16.
        assert!(most <= SHARD_MAX * 12 + ROOT_MAX * 17, "{most}");
        assert_eq!(find(&built, "c:新媒体\u{1f}IT 之家").0, Some(1));
        assert_eq!(find(&built, "c:Eng").0, Some(2));
        assert_eq!(find(&built, "t:c:not-a-category").0, Some(1));
        assert_eq!(find(&built, "u:Ann").0, Some(1));
        assert_eq!(find(&built, "u:Nobody").0, None);
        assert_eq!(find(&built, "a:").0, None);
        assert_eq!(find(&built, "").0, None);
    }

    #[test]
    fn a_small_lookup_is_one_root_over_one_shard() {
        let slugs = strings(&["b", "a"]);
        let Built { root, files, .. } = build(&slugs, NO_NAMES, ALL_SETTLED);
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
        let before = build(&slugs, NO_NAMES, ALL_SETTLED).files;
        let mut more = slugs.clone();
        more.push("slug-15000x".into());
        let after = build(&more, NO_NAMES, ALL_SETTLED).files;
        let changed = after.iter().filter(|f| !before.contains(f)).count();
        // Its shard (or two, if it ends one); and the top root, which `build` returns apart.
        assert!((1..=2).contains(&changed), "{changed}");
        assert!(after.len().abs_diff(before.len()) <= 1);
        let fewer: Vec<String> = slugs[..99_999].to_vec();
        let after = build(&fewer, NO_NAMES, ALL_SETTLED).files;
        let changed = after.iter().filter(|f| !before.contains(f)).count();
        assert!((1..=2).contains(&changed), "{changed}");
    }

    /// Where the bundle stage puts the boundary for `slugs` and facet tables whose first
    /// `settled_*` values are first seen among the settled articles.
    fn settled(slugs: &[String], authors: u32, tags: u32, categories: u32) -> Settled {
        Settled {
            articles: settled_articles(slugs.len()) as u32,
            authors,
            tags,
            categories,
        }
    }

    #[test]
    fn the_newest_keys_are_a_part_of_their_own_and_every_key_is_found_in_one_part() {
        let slugs: Vec<String> = (0..20_000).map(|i| format!("文章-{i}")).collect();
        let authors = strings(&["Old", "New"]);
        let tags = strings(&["old", "new", "newer"]);
        let categories = vec![
            strings(&["Eng"]),
            strings(&["Eng", "Rust"]),
            strings(&["新媒体"]),
        ];
        let names = Names {
            authors: &authors,
            tags: &tags,
            categories: &categories,
        };
        let bounds = settled(&slugs, 1, 1, 2);
        assert_eq!(bounds.articles, 16_384);
        let parts = parts(&slugs, names, bounds).unwrap();
        // 3,616 articles and 4 values after the boundary: ⌈3,620 / 256⌉ shards.
        assert_eq!(parts.newest.len(), 15);
        let newest: usize = parts.newest.iter().map(|s| s.values.len()).sum();
        assert_eq!(newest, 3_616 + 4);
        for (i, shard) in parts.newest.iter().enumerate() {
            assert!(shard.fingerprints.windows(2).all(|w| w[0] < w[1]));
            assert!(shard
                .fingerprints
                .iter()
                .all(|&f| newest_index(f, parts.newest.len()) == i));
            assert!(
                shard.values.len() <= 2 * NEWEST_ITEMS,
                "{}",
                shard.values.len()
            );
        }
        let settled: usize = parts.settled.iter().map(|s| s.shard.values.len()).sum();
        assert_eq!(settled, 16_384 + 4);

        let built = build(&slugs, names, bounds);
        assert_eq!(built.newest.len(), 15);
        let mut most = 0;
        for (g, slug) in slugs.iter().enumerate().step_by(37) {
            let (found, bytes) = find(&built, &format!("a:{slug}"));
            assert_eq!(found, Some(g as u32), "{slug}");
            most = most.max(bytes);
        }
        // The settled part's root and shard, and a newest shard of about 256 items.
        assert!(
            most <= SHARD_MAX * 12 + ROOT_MAX * 17 + 2 * NEWEST_ITEMS * 12,
            "{most}"
        );
        // A key in each part, facet values among them, and keys the bundle lacks.
        let newest_shard = |key: &str| {
            let i = newest_index(fingerprint(key), parts.newest.len());
            parts.newest[i].get(key)
        };
        assert_eq!(newest_shard("a:文章-19999"), Some(19_999));
        assert_eq!(newest_shard("a:文章-0"), None);
        assert_eq!(newest_shard("u:New"), Some(1));
        assert_eq!(newest_shard("u:Old"), None);
        for (key, value) in [
            ("a:文章-0", 0),
            ("a:文章-16383", 16_383),
            ("a:文章-16384", 16_384),
            ("u:Old", 0),
            ("u:New", 1),
            ("t:old", 0),
            ("t:newer", 2),
            ("c:Eng", 0),
            ("c:Eng\u{1f}Rust", 1),
            ("c:新媒体", 2),
        ] {
            assert_eq!(find(&built, key).0, Some(value), "{key}");
        }
        for absent in ["a:文章-20000", "u:Nobody", "t:", "c:Rust", ""] {
            assert_eq!(find(&built, absent).0, None, "{absent}");
        }
    }

    #[test]
    fn a_small_archive_is_all_newest_and_an_empty_one_has_no_shards() {
        let slugs = strings(&["b", "a"]);
        let built = build(&slugs, NO_NAMES, settled(&slugs, 0, 0, 0));
        assert_eq!(built.newest.len(), 1);
        assert!(built.root.shards.is_empty());
        assert_eq!(find(&built, "a:a").0, Some(1));
        assert_eq!(find(&built, "a:b").0, Some(0));
        assert_eq!(find(&built, "a:c").0, None);
        let none: Vec<String> = Vec::new();
        let built = build(&none, NO_NAMES, settled(&none, 0, 0, 0));
        assert!(built.newest.is_empty() && built.root.shards.is_empty());
        assert_eq!(find(&built, "a:a").0, None);
    }

    #[test]
    fn a_key_in_each_part_of_one_fingerprint_is_refused() {
        // Slugs are unique in a bundle and no two keys of this test share a 64-bit hash: the
        // one key given twice, to a settled article and to a newest one, stands for a pair.
        let mut slugs: Vec<String> = (0..9_000).map(|i| format!("slug-{i}")).collect();
        slugs[8_999] = "slug-10".into();
        let bounds = settled(&slugs, 0, 0, 0);
        assert_eq!(bounds.articles, 8_192);
        let err = parts(&slugs, NO_NAMES, bounds).unwrap_err();
        assert_eq!(err.keys, ["a:slug-10".to_string(), "a:slug-10".to_string()]);
        assert!(err.to_string().contains("a:slug-10"));
    }

    #[test]
    fn a_day_of_new_articles_changes_the_newest_part_only_until_the_boundary_moves() {
        let slugs: Vec<String> = (0..20_000).map(|i| format!("slug-{i}")).collect();
        let before = build(&slugs, NO_NAMES, settled(&slugs, 0, 0, 0));
        let mut more = slugs.clone();
        more.extend((0..1_000).map(|i| format!("day-1-{i}")));
        let after = build(&more, NO_NAMES, settled(&more, 0, 0, 0));
        // Files are named by their place in `files` here: the roots are compared by where
        // their files start, the files by their bytes.
        let firsts = |b: &Built| -> Vec<u64> { b.root.shards.iter().map(|r| r.first).collect() };
        assert_eq!(firsts(&after), firsts(&before));
        let settled_files = |b: &Built| -> Vec<Vec<u8>> { b.files[b.newest.len()..].to_vec() };
        assert_eq!(settled_files(&after), settled_files(&before));
        // Every newest shard gains keys: all of them change, and one more is cut.
        assert_eq!(after.newest.len(), before.newest.len() + 4);
        let new_files = after.files[..after.newest.len()]
            .iter()
            .filter(|f| !before.files.contains(f))
            .count();
        assert_eq!(new_files, after.newest.len());
        for slug in ["slug-0", "slug-16384", "slug-19999", "day-1-999"] {
            assert!(find(&after, &format!("a:{slug}")).0.is_some(), "{slug}");
        }
        // Past the next multiple of SETTLED_EVERY the boundary moves: the settled part
        // takes the keys the newest part held.
        more.extend((0..4_000).map(|i| format!("day-2-{i}")));
        let moved = build(&more, NO_NAMES, settled(&more, 0, 0, 0));
        assert_eq!(settled_articles(more.len()), 24_576);
        assert_ne!(firsts(&moved), firsts(&before));
        assert_eq!(moved.newest.len(), 2);
        for (g, slug) in more.iter().enumerate().step_by(101) {
            assert_eq!(
                find(&moved, &format!("a:{slug}")).0,
                Some(g as u32),
                "{slug}"
            );
        }
    }
}
