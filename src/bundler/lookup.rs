//! Stage 11: the lookup — sorted keys to numbers, for what an address names.
//!
//! Takes the slugs (by article number) and the facet tables' names (by id); returns the lookup's
//! shards, each with its first key: `a:<slug>` → the article's number, `u:<author>` and
//! `t:<tag>` → the value's id, `c:<path>` → the category's id (`<path>` being the names from the
//! root joined by [`PATH_SEPARATOR`]). Keys are sorted by their UTF-8 bytes; a shard ends after a
//! key whose xxh3 hash is divisible by [`SHARD_EVERY`], or at [`SHARD_MAX_KEYS`] keys, so that an
//! added or removed key changes the shard around it only. Pure.

use xxhash_rust::xxh3::xxh3_64;

use crate::model::{lookup_key, LookupKind, LookupShard, PATH_SEPARATOR};

/// A shard ends after a key whose hash is divisible by this.
pub const SHARD_EVERY: u64 = 1024;
/// Keys in a shard at most.
pub const SHARD_MAX_KEYS: usize = 4096;

/// A lookup shard and its first key.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Shard {
    pub first: String,
    pub shard: LookupShard,
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

/// The lookup's shards, in key order. `slugs[g]` is article `g`'s slug.
pub fn build(slugs: &[String], names: Names<'_>) -> Vec<Shard> {
    // Each kind's prefix sorts the kinds apart (`a:` < `c:` < `t:` < `u:`), so each kind is
    // sorted on its own and the kinds are concatenated.
    let mut keys: Vec<(String, u32)> = Vec::new();
    let mut shards = Vec::new();
    let mut current = LookupShard::default();
    let mut push = |key: String, value: u32, current: &mut LookupShard| {
        let end = xxh3_64(key.as_bytes()) % SHARD_EVERY == 0;
        current.keys.push(key);
        current.values.push(value);
        if end || current.keys.len() == SHARD_MAX_KEYS {
            let shard = std::mem::take(current);
            shards.push(Shard {
                first: shard.keys[0].clone(),
                shard,
            });
        }
    };
    let mut by_slug: Vec<u32> = (0..slugs.len() as u32).collect();
    by_slug.sort_unstable_by(|&a, &b| slugs[a as usize].cmp(&slugs[b as usize]));
    for g in by_slug {
        push(
            lookup_key(LookupKind::Article, &slugs[g as usize]),
            g,
            &mut current,
        );
    }
    let separator = PATH_SEPARATOR.to_string();
    let kinds = [
        (
            LookupKind::Category,
            names
                .categories
                .iter()
                .map(|p| p.join(&separator))
                .collect::<Vec<_>>(),
        ),
        (LookupKind::Tag, names.tags.to_vec()),
        (LookupKind::Author, names.authors.to_vec()),
    ];
    for (kind, table) in kinds {
        keys.clear();
        keys.extend(
            table
                .iter()
                .enumerate()
                .map(|(id, name)| (lookup_key(kind, name), id as u32)),
        );
        keys.sort_unstable();
        for (key, id) in keys.drain(..) {
            push(key, id, &mut current);
        }
    }
    if !current.keys.is_empty() {
        shards.push(Shard {
            first: current.keys[0].clone(),
            shard: current,
        });
    }
    shards
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{LookupRef, LookupRoot};

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    /// Looks `key` up the way the app does: the root, then the shard.
    fn find(shards: &[Shard], key: &str) -> Option<u32> {
        let root = LookupRoot {
            shards: shards
                .iter()
                .enumerate()
                .map(|(i, s)| LookupRef {
                    first: s.first.clone(),
                    file: i.to_string(),
                })
                .collect(),
        };
        let i: usize = root.shard_for(key)?.parse().unwrap();
        shards[i].shard.get(key)
    }

    #[test]
    fn every_key_is_found_and_keys_are_sorted() {
        let slugs: Vec<String> = (0..20_000)
            .map(|i| format!("文章-{}", i * 7919 % 20_000))
            .collect();
        let categories = vec![
            strings(&["新媒体"]),
            strings(&["新媒体", "IT 之家"]),
            strings(&["Eng"]),
        ];
        let authors = strings(&["Zed", "Ann"]);
        let tags = strings(&["rust", "c:not-a-category"]);
        let shards = build(
            &slugs,
            Names {
                authors: &authors,
                tags: &tags,
                categories: &categories,
            },
        );
        assert!(shards.len() > 5, "{}", shards.len());
        let all: Vec<&String> = shards.iter().flat_map(|s| &s.shard.keys).collect();
        assert!(all.windows(2).all(|w| w[0].as_bytes() < w[1].as_bytes()));
        assert_eq!(all.len(), 20_000 + 3 + 2 + 2);
        for s in &shards {
            assert_eq!(s.first, s.shard.keys[0]);
            assert_eq!(s.shard.keys.len(), s.shard.values.len());
            assert!(s.shard.keys.len() <= SHARD_MAX_KEYS);
        }
        for (g, slug) in slugs.iter().enumerate().step_by(97) {
            assert_eq!(find(&shards, &format!("a:{slug}")), Some(g as u32));
        }
        assert_eq!(find(&shards, "c:新媒体\u{1f}IT 之家"), Some(1));
        assert_eq!(find(&shards, "c:Eng"), Some(2));
        assert_eq!(find(&shards, "t:c:not-a-category"), Some(1));
        assert_eq!(find(&shards, "u:Ann"), Some(1));
        assert_eq!(find(&shards, "u:Nobody"), None);
        assert_eq!(find(&shards, "a:文章-20000"), None);
    }

    #[test]
    fn adding_a_key_changes_only_its_shard() {
        let names = Names {
            authors: &[],
            tags: &[],
            categories: &[],
        };
        let slugs: Vec<String> = (0..30_000).map(|i| format!("s{i}")).collect();
        let before = build(&slugs, names);
        let mut more = slugs.clone();
        more.push("s15000x".into());
        let after = build(&more, names);
        let changed = after.iter().filter(|s| !before.contains(s)).count();
        assert_eq!(changed, 1);
        assert_eq!(after.len(), before.len());
    }
}
