//! The IO edge's cache: what the last run of `folio bundle` made, so that the next one parses,
//! sanitizes and indexes only what changed, and writes the same bytes as a clean build.
//!
//! A cache is a folder (by default `.folio-cache/<key>/` in the current folder, one per output
//! folder, `<key>` a hash of its absolute path: never inside the bundle, so a deploy of the
//! bundle does not upload it) holding:
//! - `articles.spill`: the [`super::scratch`] file of the runs so far, appended to by each run:
//!   every article's heavy parts (row text, body, search text), each record checked against its
//!   hash when read;
//! - `index.bin`: an [`Index`] (bincode, its first four bytes the [`CACHE_VERSION`] as a
//!   little-endian u32): the settings it was made with, per source file the xxh3 of its bytes,
//!   its size and modification time ([`Stamp`]) and what the pipeline made of it
//!   ([`CachedArticle`]), and per built piece — a group's row page and pack, a segment's columns
//!   and search index — the key of what went into it and the files it came to
//!   ([`CachedGroup`], [`CachedSegment`]), and each article's related articles with what they
//!   depend on ([`CachedRelated`]).
//!
//! A file whose size and modification time are the ones its record was made from is taken as
//! unchanged without being read (as git's index and make do): at 100k articles reading and
//! hashing every file was most of an incremental run. A record made from a file modified less
//! than [`SETTLED`] before the run read it keeps no stamp (a later edit in the same tick of the
//! clock, of the same size, would look unchanged), so that file is read and hashed next time.
//!
//! [`load`] reads a cache and says why it cannot be used (damaged, another version, other
//! settings): the run then starts from an empty cache, with a warning. [`save`] writes the index
//! through a temporary file and a rename, after the bundle is written. The keys
//! ([`PieceKey`]) are pure functions of what a piece's bytes are made of, so a piece whose key
//! is in the cache and whose files the previous bundle still has (same names, same sizes) is
//! neither rebuilt nor rewritten.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use bincode::Options as _;
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::{xxh3_64, Xxh3};

use super::assets::Answer;
use super::date::When;
use super::scratch::SpillRef;
use crate::model::{Group, SearchSegment, Segment};

/// Bumped whenever the pipeline's output for the same sources changes: a cache of another
/// version (or another folio release) is rebuilt.
pub const CACHE_VERSION: u32 = 9;

/// The cache folders' default parent, in the current folder.
pub const DEFAULT_CACHE_DIR: &str = ".folio-cache";

/// The index file in a cache folder.
pub const INDEX_FILE: &str = "index.bin";

/// How long before a run a file must have been modified for its record to keep a [`Stamp`].
pub const SETTLED: std::time::Duration = std::time::Duration::from_secs(2);

/// A file's size and modification time, as its record was made from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    pub bytes: u64,
    /// Nanoseconds since the Unix epoch.
    pub modified: u128,
}

impl Stamp {
    /// The stamp of a file with `metadata`, read by a run that started at `started`; `None`
    /// when the file was modified too recently to be told apart from a next edit
    /// ([`SETTLED`]), or the system gives no modification time.
    pub fn of(metadata: &fs::Metadata, started: std::time::SystemTime) -> Option<Stamp> {
        let modified = metadata.modified().ok()?;
        started
            .duration_since(modified)
            .ok()
            .filter(|age| *age >= SETTLED)?;
        let since_epoch = modified.duration_since(std::time::UNIX_EPOCH).ok()?;
        Some(Stamp {
            bytes: metadata.len(),
            modified: since_epoch.as_nanos(),
        })
    }

    /// Whether a file with `metadata` is the one this stamp was made from, as far as its size
    /// and modification time tell.
    pub fn matches(&self, metadata: &fs::Metadata) -> bool {
        let modified = metadata
            .modified()
            .ok()
            .and_then(|m| m.duration_since(std::time::UNIX_EPOCH).ok());
        metadata.len() == self.bytes && modified.is_some_and(|m| m.as_nanos() == self.modified)
    }
}

/// The spill file in a cache folder.
pub const SPILL_FILE: &str = "articles.spill";

/// What a run of the pipeline made of one source file that it bundled or left out as a draft
/// without a warning (an article with warnings is parsed again every run, so its warnings are
/// reported from the source every time).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CachedArticle {
    /// xxh3 of the file's bytes.
    pub content: u64,
    /// The file's size and modification time when those bytes were read, if settled.
    pub stamp: Option<Stamp>,
    /// Whether it had warnings: then it is parsed again every run, so that they are reported
    /// from the source every time, and the entry serves only to report a move.
    pub warned: bool,
    /// The front matter's `slug:` (or `permalink:`).
    pub explicit_slug: Option<String>,
    /// The slug the run gave it (to report a moved file whose address changes).
    pub slug: String,
    pub date: Option<CachedDate>,
    pub author: Option<String>,
    pub categories: Vec<Vec<String>>,
    pub tags: Vec<String>,
    /// `top:` / `sticky:`.
    pub pin: Option<u32>,
    /// Its spilled parts; `None` for a draft left out.
    pub spill: Option<SpillRef>,
    pub body_bytes: u32,
    /// Its title, for the links of other articles.
    pub title: String,
    /// The front matter's `permalink:`, a path links may name it by.
    pub permalink: Option<String>,
    /// What it asked of the site (other articles, assets) and the answers it got: it is built
    /// again when one of them changes.
    pub answers: Vec<Answer>,
    /// What relates it to others ([`super::related::title_terms`]).
    pub terms: Vec<u32>,
    /// A hash of its title and body: exact duplicates are never related.
    pub duplicate: u64,
}

/// A [`When`], as the cache keeps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CachedDate {
    pub seconds: i64,
    pub day: bool,
}

impl From<When> for CachedDate {
    fn from(w: When) -> Self {
        Self {
            seconds: w.seconds,
            day: w.day,
        }
    }
}

impl From<CachedDate> for When {
    fn from(d: CachedDate) -> Self {
        When {
            seconds: d.seconds,
            day: d.day,
        }
    }
}

/// A file of the bundle a cached piece came to, with its size (checked before it is reused).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CachedFile {
    pub path: String,
    pub bytes: u64,
}

/// A group's row page and pack, as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CachedGroup {
    pub group: Group,
    pub files: Vec<CachedFile>,
}

/// A segment's columns and search index, as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CachedSegment {
    pub segment: Segment,
    /// Its entry in the search root, whole (its `merging` is the run's, never kept).
    #[serde(with = "whole_segment")]
    pub search: SearchSegment,
    pub tokens: usize,
    /// Columns, key blocks, shards and position files.
    pub files: Vec<CachedFile>,
    /// For each key block, the files reached through it ([`super::search_index::SegmentIndex::block_files`]).
    pub block_files: Vec<Vec<String>>,
    /// Its first article's number.
    pub start: u32,
    /// What its search index is made of besides its articles (the text indexed or not, closed
    /// or the tail, an archive with pages or not), hashed.
    pub context: u64,
    /// What its search index holds of each article, in order; empty when not known (a tail
    /// built from lists kept in memory). A segment of the same articles but a few is patched
    /// from its files rather than built again.
    pub articles: Vec<IndexedArticle>,
}

/// A [`SearchSegment`] as the cache keeps it: its articles and key blocks. (Its `merging` is
/// skipped when empty in the root's JSON, which a format that is not self-describing, as the
/// cache's, cannot read back.)
mod whole_segment {
    use crate::model::{BlockRef, SearchSegment};
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(segment: &SearchSegment, to: S) -> Result<S::Ok, S::Error> {
        (segment.docs, &segment.blocks).serialize(to)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(from: D) -> Result<SearchSegment, D::Error> {
        let (docs, blocks) = <(u32, Vec<BlockRef>)>::deserialize(from)?;
        Ok(SearchSegment {
            docs,
            blocks,
            merging: None,
        })
    }
}

/// One article as a segment's search index holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexedArticle {
    /// A hash of what the index reads of it: its spilled parts' hash (title and text in them),
    /// its names line and its facet tokens.
    pub key: u64,
    /// Its title and text bytes, which decide where the index's batches end.
    pub bytes: u64,
}

/// A cache's index file.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Index {
    pub version: u32,
    /// The folio release that wrote it.
    pub folio: String,
    /// What else changes an article's output ([`settings`]).
    pub settings: String,
    /// Bytes of the spill file that the records below may refer to.
    pub spill_len: u64,
    /// By source path.
    pub articles: BTreeMap<String, CachedArticle>,
    /// By [`PieceKey`], in hex.
    pub groups: BTreeMap<String, CachedGroup>,
    pub segments: BTreeMap<String, CachedSegment>,
    /// Each article's related articles, in number order, with what they depend on.
    pub related: Vec<CachedRelated>,
}

/// One article's related articles, as a run computed them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CachedRelated {
    /// [`super::related::fingerprint`] of the article: equal for every article up to its
    /// number, the list is the same.
    pub fingerprint: u64,
    /// Its [`super::related::RelatedDoc::duplicate`], the hash of its title and body: an edit
    /// of the body alone changes only this, and only its own list when no other article has
    /// either hash.
    pub duplicate: u64,
    /// Numbers, best first.
    pub related: Vec<u32>,
}

/// The settings an article's output depends on besides its bytes and path, as a string kept in
/// the index: a cache made with other settings is not used.
pub fn settings(tz: &jiff::tz::TimeZone, drafts: bool, search: bool, links: &str) -> String {
    let tz = tz
        .iana_name()
        .map_or_else(|| format!("{tz:?}"), str::to_string);
    format!("tz={tz};drafts={drafts};search={search};links={links}")
}

/// The cache folder for output folder `out` under the cache root `root`.
pub fn folder(root: &Path, out: &Path) -> PathBuf {
    let out = std::path::absolute(out).unwrap_or_else(|_| out.to_path_buf());
    let key = xxh3_64(out.to_string_lossy().as_bytes());
    root.join(format!("{key:016x}"))
}

/// A cache as loaded: its index (empty when there was none or it could not be used) and, if it
/// could not be used, why.
#[derive(Debug, Default)]
pub struct Loaded {
    pub index: Index,
    pub problem: Option<String>,
    /// The xxh3 hash of the index file as read, when it was used: a run whose index comes to
    /// the same bytes leaves the file alone ([`save_changed`]).
    pub digest: Option<u64>,
}

/// Reads the cache in `folder`, made with `settings`. A missing cache is empty; a damaged one,
/// one of another version or other settings, or one whose spill file is shorter than its index
/// says is empty with a problem that says why.
pub fn load(folder: &Path, settings: &str) -> Loaded {
    let path = folder.join(INDEX_FILE);
    let bytes = match fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Loaded::default(),
        Err(e) => return unusable(format!("could not be read ({e})")),
    };
    let version = bytes
        .get(..4)
        .map(|v| u32::from_le_bytes([v[0], v[1], v[2], v[3]]));
    if version.is_some_and(|v| v != CACHE_VERSION) {
        return unusable(format!(
            "was made by another version (cache {}; this is folio {}, cache {CACHE_VERSION})",
            version.unwrap_or_default(),
            env!("CARGO_PKG_VERSION")
        ));
    }
    let index: Index = match codec(bytes.len()).deserialize(&bytes) {
        Ok(index) => index,
        Err(e) => return unusable(format!("is damaged ({e})")),
    };
    if index.version != CACHE_VERSION || index.folio != env!("CARGO_PKG_VERSION") {
        return unusable(format!(
            "was made by another version (folio {}, cache {}; this is folio {}, cache \
             {CACHE_VERSION})",
            index.folio,
            index.version,
            env!("CARGO_PKG_VERSION")
        ));
    }
    if index.settings != settings {
        return unusable(format!(
            "was made with other settings ({}; now {settings})",
            index.settings
        ));
    }
    let spill_len = fs::metadata(folder.join(SPILL_FILE)).map_or(0, |m| m.len());
    let past_end = index
        .articles
        .values()
        .filter_map(|a| a.spill)
        .any(|s| s.offset + u64::from(s.len) > index.spill_len);
    if spill_len < index.spill_len || past_end {
        return unusable("is damaged (its spill file is shorter than its index says)".into());
    }
    Loaded {
        index,
        problem: None,
        digest: Some(xxh3_64(&bytes)),
    }
}

fn unusable(why: String) -> Loaded {
    Loaded {
        index: Index::default(),
        problem: Some(why),
        digest: None,
    }
}

/// The index file's encoding: bincode with fixed-width integers (so the file starts with the
/// version as four bytes), every length checked against the bytes there are before anything is
/// allocated for it.
fn codec(limit: usize) -> impl bincode::Options {
    bincode::DefaultOptions::new()
        .with_fixint_encoding()
        .with_little_endian()
        .with_limit(limit as u64)
}

/// Writes `index` as the cache's index in `folder`, whole or not at all.
pub fn save(folder: &Path, index: &Index) -> io::Result<()> {
    save_changed(folder, index, None).map(|_| ())
}

/// Writes `index` as [`save`] does, unless its bytes hash to `unchanged` (the file holds them
/// already: an unchanged run at 100,000 articles would write 34 MB for nothing). Returns the
/// bytes' hash. The bytes are never held whole: at 1,000,000 articles they are ~560 MB, which
/// serialized into memory were the run's peak. They are hashed as they are written through a
/// buffer; with an `unchanged` hash to compare with, a first pass hashes them alone, so that
/// an unchanged index is not written at all.
pub fn save_changed(folder: &Path, index: &Index, unchanged: Option<u64>) -> io::Result<u64> {
    if let Some(unchanged) = unchanged {
        let mut hashing = Hashing {
            hasher: Xxh3::new(),
            out: io::sink(),
        };
        codec(usize::MAX)
            .serialize_into(&mut hashing, index)
            .map_err(io::Error::other)?;
        if hashing.hasher.digest() == unchanged {
            return Ok(unchanged);
        }
    }
    let temporary = folder.join(format!("{INDEX_FILE}.tmp"));
    let mut writing = Hashing {
        hasher: Xxh3::new(),
        out: io::BufWriter::new(fs::File::create(&temporary)?),
    };
    codec(usize::MAX)
        .serialize_into(&mut writing, index)
        .map_err(io::Error::other)?;
    let digest = writing.hasher.digest();
    writing
        .out
        .into_inner()
        .map_err(io::IntoInnerError::into_error)?;
    fs::rename(&temporary, folder.join(INDEX_FILE))?;
    // Cache 1's index, which nothing reads any more.
    let _ = fs::remove_file(folder.join("index.json"));
    Ok(digest)
}

/// A writer that hashes what it passes on to `out`.
struct Hashing<W> {
    hasher: Xxh3,
    out: W,
}

impl<W: io::Write> io::Write for Hashing<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let written = self.out.write(bytes)?;
        self.hasher.update(&bytes[..written]);
        Ok(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// Bytes of the spill file that `index`'s articles still refer to.
pub fn live_bytes(index: &Index) -> u64 {
    index
        .articles
        .values()
        .filter_map(|a| a.spill)
        .map(|s| u64::from(s.len))
        .sum()
}

/// Builds the key of a piece from what its bytes are made of: strings and numbers, each
/// length-prefixed or fixed-width so that two different inputs never feed the same bytes.
#[derive(Debug, Default)]
pub struct PieceKey {
    bytes: Vec<u8>,
}

impl PieceKey {
    pub fn number(&mut self, n: u64) -> &mut Self {
        self.bytes.extend_from_slice(&n.to_le_bytes());
        self
    }

    pub fn text(&mut self, s: &str) -> &mut Self {
        self.number(s.len() as u64);
        self.bytes.extend_from_slice(s.as_bytes());
        self
    }

    pub fn optional(&mut self, s: Option<&str>) -> &mut Self {
        match s {
            None => self.number(0),
            Some(s) => self.number(1).text(s),
        }
    }

    /// The key, in hex.
    pub fn finish(&self) -> String {
        format!("{:016x}", self.hash())
    }

    /// The key, as a number.
    pub fn hash(&self) -> u64 {
        xxh3_64(&self.bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(content: u64, len: u32) -> CachedArticle {
        CachedArticle {
            content,
            stamp: None,
            warned: false,
            explicit_slug: None,
            slug: "a".into(),
            date: None,
            author: None,
            categories: vec![],
            tags: vec![],
            pin: None,
            spill: Some(SpillRef {
                offset: 0,
                len,
                hash: 1,
            }),
            body_bytes: 0,
            title: String::new(),
            permalink: None,
            answers: vec![],
            terms: vec![7],
            duplicate: 9,
        }
    }

    fn index(spill_len: u64) -> Index {
        Index {
            version: CACHE_VERSION,
            folio: env!("CARGO_PKG_VERSION").into(),
            settings: "s".into(),
            spill_len,
            articles: [("a.md".to_string(), article(7, 10))].into(),
            ..Index::default()
        }
    }

    #[test]
    fn a_saved_index_loads_back_with_the_same_settings_only() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(SPILL_FILE), [0; 10]).unwrap();
        save(dir.path(), &index(10)).unwrap();
        let loaded = load(dir.path(), "s");
        assert_eq!(loaded.problem, None);
        assert_eq!(loaded.index.articles["a.md"], article(7, 10));
        let other = load(dir.path(), "t");
        assert!(other.problem.unwrap().contains("other settings"));
        assert!(other.index.articles.is_empty());
    }

    #[test]
    fn a_saved_index_is_hashed_as_written_and_not_written_again_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(SPILL_FILE), [0; 11]).unwrap();
        let digest = save_changed(dir.path(), &index(10), None).unwrap();
        let path = dir.path().join(INDEX_FILE);
        assert_eq!(digest, xxh3_64(&fs::read(&path).unwrap()));
        fs::write(&path, b"stale").unwrap();
        assert_eq!(
            save_changed(dir.path(), &index(10), Some(digest)).unwrap(),
            digest
        );
        assert_eq!(fs::read(&path).unwrap(), b"stale");
        save_changed(dir.path(), &index(11), Some(digest)).unwrap();
        assert_eq!(load(dir.path(), "s").index.spill_len, 11);
    }

    #[test]
    fn a_missing_cache_is_empty_without_a_problem() {
        let dir = tempfile::tempdir().unwrap();
        let loaded = load(&dir.path().join("none"), "s");
        assert_eq!(loaded.problem, None);
        assert!(loaded.index.articles.is_empty());
    }

    #[test]
    fn damaged_outdated_or_short_caches_are_not_used() {
        let dir = tempfile::tempdir().unwrap();
        let at = dir.path();
        fs::write(at.join(INDEX_FILE), CACHE_VERSION.to_le_bytes()).unwrap();
        assert!(load(at, "s").problem.unwrap().contains("damaged"));

        let mut old = index(10);
        old.version = CACHE_VERSION + 1;
        save(at, &old).unwrap();
        assert!(load(at, "s").problem.unwrap().contains("another version"));

        fs::write(at.join(SPILL_FILE), [0; 5]).unwrap();
        save(at, &index(10)).unwrap();
        assert!(load(at, "s").problem.unwrap().contains("shorter"));

        fs::write(at.join(SPILL_FILE), [0; 20]).unwrap();
        save(at, &index(5)).unwrap();
        assert!(load(at, "s").problem.unwrap().contains("shorter"));
    }

    #[test]
    fn piece_keys_tell_apart_what_plain_concatenation_would_not() {
        let key = |parts: &[&str]| {
            let mut k = PieceKey::default();
            for p in parts {
                k.text(p);
            }
            k.finish()
        };
        assert_ne!(key(&["ab", "c"]), key(&["a", "bc"]));
        assert_eq!(key(&["ab", "c"]), key(&["ab", "c"]));
        let mut none = PieceKey::default();
        let mut empty = PieceKey::default();
        assert_ne!(
            none.optional(None).finish(),
            empty.optional(Some("")).finish()
        );
    }

    #[test]
    fn each_output_folder_has_its_own_cache_folder() {
        let root = Path::new("/c");
        assert_ne!(
            folder(root, Path::new("/a/data")),
            folder(root, Path::new("/b/data"))
        );
        assert_eq!(
            folder(root, Path::new("/a/data")),
            folder(root, Path::new("/a/data"))
        );
    }
}
