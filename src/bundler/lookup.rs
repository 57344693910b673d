//! Stage 11: the lookup — sorted keys to numbers, for what an address names.
//!
//! [`shards`] takes the slugs (by article number) and the facet tables' names (by id) and
//! returns the lookup's shards: `a:<slug>` → the article's number, `u:<author>` and `t:<tag>`
//! → the value's id, `c:<path>` → the category's id (`<path>` being the names from the root
//! joined by [`PATH_SEPARATOR`]), keys sorted by their UTF-8 bytes. Once the shards are written,
//! [`fits`] and [`level`] make the roots above them: while the references to one level's files
//! would not fit in one file, they are cut into roots of their own, one level up. Every file
//! ends after an item whose hash is divisible by [`NODE_EVERY`] (content-defined, so that an
//! added or removed key changes the files around it only), or before it would exceed
//! [`NODE_MAX_BYTES`]; so at any size a lookup reads a few files of at most that size. Pure.

use xxhash_rust::xxh3::xxh3_64;

use super::text;
use crate::model::{lookup_key, LookupKind, LookupRef, LookupRoot, LookupShard, PATH_SEPARATOR};

/// A file ends after an item (a key, or a reference) whose hash is divisible by this. At 128,
/// files held 8.5 KB on average (100,000 generated articles: 1,015 files), which would make the
/// lookup of 1,000,000 about a tenth of the 100,000 files a bundle may have; at 256 most files
/// end at [`NODE_MAX_BYTES`] instead, and a lookup reads as many files, a few KB larger.
pub const NODE_EVERY: u64 = 256;
/// Bytes of a lookup file at most (unless one item alone is larger).
pub const NODE_MAX_BYTES: usize = 16 * 1024;

/// A lookup shard and where its keys start.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Shard {
    /// The shortest prefix of the first key that sorts after the previous shard's last key.
    pub first: String,
    pub shard: LookupShard,
}

/// A root of the level above some files, and where its keys start.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Root {
    pub first: String,
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

/// Bytes of `s` as a JSON string, quotes included.
fn json_len(s: &str) -> usize {
    2 + s
        .chars()
        .map(|c| match c {
            '"' | '\\' | '\n' | '\r' | '\t' | '\u{8}' | '\u{c}' => 2,
            c if (c as u32) < 0x20 => 6,
            c => c.len_utf8(),
        })
        .sum::<usize>()
}

/// Cuts `items` into files as they come: a file ends after an item whose `hash` is divisible by
/// [`NODE_EVERY`], or before one whose `size` would take it over [`NODE_MAX_BYTES`] (`overhead`
/// being a file's bytes besides its items).
fn cut<T>(
    items: impl Iterator<Item = T>,
    overhead: usize,
    hash: impl Fn(&T) -> u64,
    size: impl Fn(&T) -> usize,
) -> impl Iterator<Item = Vec<T>> {
    let mut items = items.peekable();
    std::iter::from_fn(move || {
        let mut file = Vec::new();
        let mut bytes = overhead;
        while let Some(item) = items.peek() {
            let item_bytes = size(item);
            if !file.is_empty() && bytes + item_bytes > NODE_MAX_BYTES {
                break;
            }
            let item = items.next()?;
            bytes += item_bytes;
            let end = hash(&item) % NODE_EVERY == 0;
            file.push(item);
            if end {
                break;
            }
        }
        (!file.is_empty()).then_some(file)
    })
}

/// A key of the lookup and the number it stands for.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Entry {
    key: String,
    value: u32,
}

impl Entry {
    /// Bytes of the entry in a shard's JSON: the key, the value and their commas.
    fn bytes(&self) -> usize {
        let digits = self.value.checked_ilog10().unwrap_or(0) as usize + 1;
        json_len(&self.key) + 1 + digits + 1
    }
}

/// Every key and its number, sorted, made as they are needed (slugs are most of them).
fn entries<'a, S: AsRef<str>>(
    slugs: &'a [S],
    names: Names<'a>,
) -> impl Iterator<Item = Entry> + 'a {
    // Each kind's prefix sorts the kinds apart (`a:` < `c:` < `t:` < `u:`), so each kind is
    // sorted on its own and the kinds are concatenated.
    let mut by_slug: Vec<u32> = (0..slugs.len() as u32).collect();
    by_slug.sort_unstable_by(|&a, &b| slugs[a as usize].as_ref().cmp(slugs[b as usize].as_ref()));
    let articles = by_slug.into_iter().map(move |g| Entry {
        key: lookup_key(LookupKind::Article, slugs[g as usize].as_ref()),
        value: g,
    });
    let separator = PATH_SEPARATOR.to_string();
    let paths: Vec<String> = names
        .categories
        .iter()
        .map(|p| p.join(&separator))
        .collect();
    let mut others = Vec::new();
    for (kind, table) in [
        (LookupKind::Category, paths.as_slice()),
        (LookupKind::Tag, names.tags),
        (LookupKind::Author, names.authors),
    ] {
        let mut entries: Vec<Entry> = table
            .iter()
            .enumerate()
            .map(|(id, name)| Entry {
                key: lookup_key(kind, name),
                value: id as u32,
            })
            .collect();
        entries.sort_unstable();
        others.extend(entries);
    }
    articles.chain(others)
}

/// The lookup's shards, in key order, made one at a time. `slugs[g]` is article `g`'s slug.
pub fn shards<'a, S: AsRef<str>>(
    slugs: &'a [S],
    names: Names<'a>,
) -> impl Iterator<Item = Shard> + 'a {
    const OVERHEAD: usize = r#"{"keys":[],"values":[]}"#.len();
    let hash = |e: &Entry| xxh3_64(e.key.as_bytes());
    let mut before: Option<String> = None;
    cut(entries(slugs, names), OVERHEAD, hash, Entry::bytes).map(move |run| {
        let first = match &before {
            None => String::new(),
            Some(last) => text::separator(last, &run[0].key),
        };
        before = Some(run[run.len() - 1].key.clone());
        let (keys, values) = run.into_iter().map(|e| (e.key, e.value)).unzip();
        Shard {
            first,
            shard: LookupShard { keys, values },
        }
    })
}

const ROOT_OVERHEAD: usize = r#"{"depth":4294967295,"shards":[]}"#.len();

fn ref_bytes(r: &LookupRef) -> usize {
    r#"{"first":,"file":},"#.len() + json_len(&r.first) + json_len(&r.file)
}

/// Whether `refs` fit in one root.
pub fn fits(refs: &[LookupRef]) -> bool {
    ROOT_OVERHEAD + refs.iter().map(ref_bytes).sum::<usize>() <= NODE_MAX_BYTES
}

/// The roots of depth `depth` over `refs` (references to the files of the level below).
pub fn level(refs: Vec<LookupRef>, depth: u32) -> Vec<Root> {
    let hash = |r: &LookupRef| xxh3_64(r.first.as_bytes());
    cut(refs.into_iter(), ROOT_OVERHEAD, hash, ref_bytes)
        .map(|shards| Root {
            first: shards[0].first.clone(),
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

    /// A lookup built as the bundle stage builds it, each file named by its position in
    /// `files`; returns the root and the files.
    fn build(slugs: &[String], names: Names<'_>) -> (LookupRoot, Vec<String>) {
        let mut files = Vec::new();
        let mut refs: Vec<LookupRef> = shards(slugs, names)
            .map(|s| {
                files.push(serde_json::to_string(&s.shard).unwrap());
                LookupRef {
                    first: s.first,
                    file: (files.len() - 1).to_string(),
                }
            })
            .collect();
        let mut depth = 1;
        while !fits(&refs) {
            refs = level(refs, depth)
                .into_iter()
                .map(|r| {
                    files.push(serde_json::to_string(&r.root).unwrap());
                    LookupRef {
                        first: r.first,
                        file: (files.len() - 1).to_string(),
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
    fn find(root: &LookupRoot, files: &[String], key: &str) -> (Option<u32>, usize) {
        let mut bytes = 0;
        let mut node = root.clone();
        loop {
            let Some(file) = node.shard_for(key) else {
                return (None, bytes);
            };
            let text = &files[file.parse::<usize>().unwrap()];
            bytes += text.len();
            if node.depth == 1 {
                let shard: LookupShard = serde_json::from_str(text).unwrap();
                return (shard.get(key), bytes);
            }
            let below: LookupRoot = serde_json::from_str(text).unwrap();
            assert_eq!(below.depth + 1, node.depth);
            node = below;
        }
    }

    #[test]
    fn every_key_is_found_reading_a_few_small_files() {
        let slugs: Vec<String> = (0..60_000)
            .map(|i| format!("新媒体-it-之家-分类资讯-文章-{}", i * 7919 % 60_000))
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
        let all: Vec<Shard> = shards(&slugs, names).collect();
        let keys: Vec<&String> = all.iter().flat_map(|s| &s.shard.keys).collect();
        assert!(keys.windows(2).all(|w| w[0].as_bytes() < w[1].as_bytes()));
        assert_eq!(keys.len(), 60_000 + 3 + 2 + 2);
        for (i, s) in all.iter().enumerate() {
            assert_eq!(s.shard.keys.len(), s.shard.values.len());
            let bytes = serde_json::to_string(&s.shard).unwrap().len();
            assert!(bytes <= NODE_MAX_BYTES, "{bytes}");
            if i > 0 {
                assert!(s.first.as_str() <= s.shard.keys[0].as_str());
                assert!(all[i - 1].shard.keys.last().unwrap().as_str() < s.first.as_str());
                assert!(s.first.len() < s.shard.keys[0].len() || s.first == s.shard.keys[0]);
            }
        }
        let (root, files) = build(&slugs, names);
        assert!(root.depth >= 2, "{}", root.depth);
        assert!(files.iter().all(|f| f.len() <= NODE_MAX_BYTES));
        for (g, slug) in slugs.iter().enumerate().step_by(97) {
            let (found, bytes) = find(&root, &files, &format!("a:{slug}"));
            assert_eq!(found, Some(g as u32));
            assert!(bytes <= root.depth as usize * NODE_MAX_BYTES);
        }
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
        let names = Names {
            authors: &[],
            tags: &[],
            categories: &[],
        };
        let (root, files) = build(&slugs, names);
        assert_eq!(root.depth, 1);
        assert_eq!(root.shards.len(), 1);
        assert_eq!(root.shards[0].first, "");
        assert_eq!(files[0], r#"{"keys":["a:a","a:b"],"values":[1,0]}"#);
    }

    #[test]
    fn adding_a_key_changes_the_files_around_it_only() {
        let names = Names {
            authors: &[],
            tags: &[],
            categories: &[],
        };
        let slugs: Vec<String> = (0..30_000).map(|i| format!("slug-{i}")).collect();
        let before: Vec<Shard> = shards(&slugs, names).collect();
        let mut more = slugs.clone();
        more.push("slug-15000x".into());
        let after: Vec<Shard> = shards(&more, names).collect();
        let changed = after.iter().filter(|s| !before.contains(s)).count();
        assert!((1..=3).contains(&changed), "{changed}");
        assert!(after.len().abs_diff(before.len()) <= 1);
    }

    #[test]
    fn json_lengths_are_exact() {
        for s in ["", "a", "新媒体\u{1f}IT", "q\"\\\n\t\u{1}"] {
            assert_eq!(
                json_len(s),
                serde_json::to_string(s).unwrap().len(),
                "{s:?}"
            );
        }
        assert_eq!(text::separator("apple", "banana"), "b");
        assert_eq!(text::separator("banal", "banana"), "banan");
        assert_eq!(text::separator("中文", "中方"), "中方");
    }
}
