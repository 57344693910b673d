//! Stage 13, the IO edge: read a seeds folder, run every file through the pipeline, write the
//! bundle (format 4, `docs/FORMAT.md`).
//!
//! Takes a [`Config`] and returns a [`Report`] that accounts for every file: read = bundled +
//! skipped (errors and drafts). A first pass reads every file's front matter into the map of
//! the articles' slugs and paths ([`super::links`]), so that links between articles and the
//! files they show resolve while each body renders ([`super::assets`], which also copies those
//! files into the bundle). Files are read and processed in parallel (rayon); each
//! article's heavy parts (its row's text, its body and its search text) go to a scratch file as
//! they are made ([`super::scratch`]), and memory keeps only what numbering, layout and facets
//! need. Then: slugs and numbers ([`super::number`]), facets ([`super::facets`]), the layout
//! ([`super::layout`]); groups (row page + pack) written in parallel, reading their articles
//! back from the scratch file; directory chunks; per search segment its columns and its search
//! index (read back likewise); the search root, facet pages, the lookup ([`super::lookup`]), the
//! feeds; last the entry. The output folder is handled by [`super::output`]: refused when it is
//! not ours, written so that a reader never sees half a bundle, cleaned of only our own stale
//! files. The output is the same bytes whatever the order files finish in. A progress bar shows
//! on a terminal, nothing otherwise.
//!
//! With a cache ([`Config::cache`], [`super::cache`]) a run reuses the last one's work: a file
//! whose bytes are unchanged, and whose questions to the site (links, assets) get the same
//! answers as last time, is not parsed again (its spilled parts stay in the cache's spill
//! file), and a group or segment whose inputs are unchanged is neither rebuilt nor rewritten;
//! the bundle is the same bytes as a clean build's. A cache that cannot be used — damaged,
//! another version, other settings, a record that fails its hash — is reported and rebuilt, and
//! a file moved without a `slug:` that changes its address is reported. A process that bundles
//! the same folder again and again (`folio serve`) keeps the last run's cache index and file
//! list in memory and is told which paths changed ([`run_warm`]); its bundle is the same bytes.
//! `FOLIO_PHASES` set prints each phase's time ([`Phases`]).

use std::borrow::Cow;
use std::fs;
use std::io::IsTerminal;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use jiff::tz::TimeZone;
use rayon::prelude::*;
use xxhash_rust::xxh3::xxh3_64;

use super::article::{self, Article, Options};
use super::assets::{self, Assets, Recording};
use super::cache::{
    self, CachedArticle, CachedFile, CachedGroup, CachedSegment, IndexedArticle, PieceKey,
};
use super::date::When;
use super::error::{Diagnostic, Kind, Pos, Problem};
use super::facets::{ArticleNames, Facets, Interner, Provisional, TableFiles};
use super::feed;
use super::hexo;
use super::layout::{self, Layout};
use super::links::{self, Listed, SiteMap};
use super::lookup;
use super::number::{self, Numbers, SlugSource};
use super::output::{self, FileStats, Writer};
use super::related::{self, RelatedDoc};
use super::scratch::{self, Scratch, SpillRef, Spilled};
use super::search_index::{
    build_segment, patch_segment, read_segment, EditedDoc, IndexDoc, Inverted, SegmentIndex,
    SegmentKind, BATCH_DOCS,
};
use crate::model::{
    columns, Body, ChunkRef, DirectoryChunk, DirectoryRoot, Entry, FacetSummary, FacetTable,
    FileKind, Group, LookupRef, LookupRoot, Merging, OldSegment, Pinned, Row, RowPage, SearchRoot,
    Segment, ValueFeeds, FORMAT_VERSION, NEWEST_ROWS, PINNED_ROWS,
};

/// Default `--max-size`: larger files are reported, not read.
pub const DEFAULT_MAX_SIZE: u64 = 8 * 1024 * 1024;

/// What to bundle and how.
#[derive(Debug, Clone)]
pub struct Config {
    pub input: PathBuf,
    pub out: PathBuf,
    pub options: Options,
    /// Files larger than this many bytes are skipped with an error.
    pub max_size: u64,
    /// Bundle articles marked `draft: true` / `published: false` too.
    pub drafts: bool,
    /// The app's public URL: with it, also write `atom.xml` and `sitemap.xml`.
    pub site_url: Option<String>,
    /// The site's title, for the entry and the feed.
    pub title: Option<String>,
    /// The site's language (`zh-CN`, `en`), for the entry.
    pub lang: Option<String>,
    /// Index the articles' text (else the search index holds only their facets).
    pub search: bool,
    /// Write into an output folder that is neither empty nor a bundle (deleting nothing there).
    pub force: bool,
    /// `input` is a Hexo site ([`hexo::is_site`]): its articles are the posts and pages under
    /// `source/` ([`hexo::place`]), their paths relative to `source/`.
    pub hexo_site: bool,
    /// Where caches live (one folder per output folder, [`cache::folder`]); `None` builds
    /// from scratch and keeps nothing.
    pub cache: Option<PathBuf>,
    /// What links and assets resolve with: a Hexo site's `_config.yml` (`permalink`, `root`,
    /// `url`, `post_asset_folder`), or the defaults.
    pub site: hexo::SiteConfig,
    /// A file that fails but was bundled by the cache's last run keeps that version in the
    /// bundle (reported in [`Report::kept`]): `folio serve` keeps showing an article while its
    /// writer is in the middle of an edit. Off for `folio bundle`, whose bundle is what the
    /// sources are now.
    pub keep_last_good: bool,
}

impl Config {
    /// Bundles `input` into `out` with the defaults: UTC, [`DEFAULT_MAX_SIZE`], no drafts, no
    /// feeds, no title, the articles' text indexed, no `--force`.
    pub fn new(input: impl Into<PathBuf>, out: impl Into<PathBuf>) -> Self {
        Self {
            input: input.into(),
            out: out.into(),
            options: Options::default(),
            max_size: DEFAULT_MAX_SIZE,
            drafts: false,
            site_url: None,
            title: None,
            lang: None,
            search: true,
            force: false,
            hexo_site: false,
            cache: None,
            site: hexo::SiteConfig::default(),
            keep_last_good: false,
        }
    }
}

/// What happened to every input file, and what the bundle came to.
#[derive(Debug, Default)]
pub struct Report {
    /// Article files found (`.md`, `.markdown`).
    pub read: usize,
    /// Articles written to the bundle.
    pub bundled: usize,
    /// Files that could not be read, with why.
    pub errors: Vec<Diagnostic>,
    /// Drafts left out (paths).
    pub drafts: Vec<String>,
    /// Problems in bundled articles.
    pub warnings: Vec<Diagnostic>,
    /// Files that failed, bundled as they were in the cache's last run
    /// ([`Config::keep_last_good`]): counted as bundled, not skipped.
    pub kept: Vec<Diagnostic>,
    /// What the search index came to.
    pub search: SearchStats,
    /// What the related articles came to.
    pub related: RelatedStats,
    /// The bundle's files.
    pub files: FileStats,
    /// What the cache saved, when there was one.
    pub cache: Option<CacheStats>,
    /// The files articles refer to, copied into the bundle.
    pub assets: AssetStats,
}

/// The post assets of a bundle.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AssetStats {
    /// Distinct files copied (a file many articles use, or two identical files, count once).
    pub copied: usize,
    /// Their bytes.
    pub bytes: u64,
    /// References to files that are not there (each also a warning).
    pub missing: usize,
}

/// What a run took from the cache, and what it made again.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CacheStats {
    /// The cache folder.
    pub folder: PathBuf,
    /// Files whose bytes were unchanged, not parsed again.
    pub reused: usize,
    /// Of those, files not even read: their size and modification time were unchanged
    /// ([`cache::Stamp`]).
    pub unread: usize,
    /// Files parsed (new, changed, or with warnings).
    pub parsed: usize,
    /// Groups (row page + pack) reused, of all.
    pub groups_reused: usize,
    pub groups: usize,
    /// Search segments reused, of all.
    pub segments_reused: usize,
    pub segments: usize,
    /// Search segments of the same articles as the last run's but a few, patched from their
    /// files: only those few were inverted.
    pub segments_patched: usize,
    /// The slugs and the order were the last run's in this process ([`Warm`]): no path,
    /// `slug:` or date changed.
    pub numbers_reused: bool,
    /// The lookup's files were the last run's in this process ([`Warm`]): no slug, number or
    /// facet name changed.
    pub lookup_reused: bool,
    /// Articles of the newest search segment whose lists were the last run's in this process
    /// ([`Warm`]): only the others were read and inverted.
    pub tail_lists_kept: u32,
}

/// Size of the search index.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchStats {
    /// Distinct tokens, summed over segments.
    pub tokens: usize,
    /// Files under `s/` (key blocks, shards, position files, the root).
    pub files: usize,
    /// Bytes of those files.
    pub bytes: u64,
}

/// Cost of the related articles.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RelatedStats {
    /// Links, summed over articles.
    pub links: usize,
    /// Bytes they add to the packs.
    pub bytes: u64,
    /// Seconds (wall) computing them.
    pub seconds: f64,
    /// Articles whose lists were taken from the cache ([`related::fingerprint`]).
    pub reused: usize,
}

impl Report {
    pub fn skipped(&self) -> usize {
        self.errors.len() + self.drafts.len()
    }

    /// Every diagnostic, errors first (then the failed files whose last good version was
    /// kept), each group in path order.
    pub fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.errors.iter().chain(&self.kept).chain(&self.warnings)
    }
}

/// Prints how long each phase of a run took, on stderr, when `FOLIO_PHASES` is set: the
/// figures BENCHMARKS.md's incremental sections are made of. Beside the wall time, the
/// process's CPU time over the phase (user + system, where the system says it:
/// [`process_cpu_ms`]), so that a phase that keeps one of the cores idle shows.
struct Phases {
    last: Option<(std::time::Instant, Option<u64>)>,
}

impl Phases {
    fn start() -> Self {
        Self {
            last: std::env::var_os("FOLIO_PHASES")
                .map(|_| (std::time::Instant::now(), process_cpu_ms())),
        }
    }

    /// Ends the phase called `name`.
    fn lap(&mut self, name: &str) {
        if let Some((wall, cpu)) = &mut self.last {
            let now = process_cpu_ms();
            let memory = process_memory_mib()
                .map(|m| format!(", {} MiB resident, peak {} MiB", m.resident, m.peak))
                .unwrap_or_default();
            match (*cpu, now) {
                (Some(before), Some(now)) => eprintln!(
                    "phase {name}: {} ms (CPU {} ms{memory})",
                    wall.elapsed().as_millis(),
                    now.saturating_sub(before)
                ),
                _ => eprintln!("phase {name}: {} ms{memory}", wall.elapsed().as_millis()),
            }
            *wall = std::time::Instant::now();
            *cpu = now;
        }
    }
}

/// The CPU time this process has used, user and system, in milliseconds: read from
/// `/proc/self/stat` (its 14th and 15th fields, in ticks of 1/100 s, Linux's `USER_HZ`);
/// `None` where there is no such file.
fn process_cpu_ms() -> Option<u64> {
    let stat = fs::read_to_string("/proc/self/stat").ok()?;
    // The command name, in parentheses, may hold spaces: fields are counted after it.
    let after_name = &stat[stat.rfind(')')? + 1..];
    let mut fields = after_name.split_whitespace().skip(11);
    let user: u64 = fields.next()?.parse().ok()?;
    let system: u64 = fields.next()?.parse().ok()?;
    Some((user + system) * 10)
}

/// The process's memory, in MiB: what is resident now and the most it has been.
struct ProcessMemory {
    resident: u64,
    peak: u64,
}

/// Read from `/proc/self/status` (`VmRSS`, `VmHWM`, in kB); `None` where there is no such file.
fn process_memory_mib() -> Option<ProcessMemory> {
    let status = fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| -> Option<u64> {
        let line = status.lines().find(|l| l.starts_with(name))?;
        let kib: u64 = line[name.len()..]
            .trim()
            .trim_end_matches("kB")
            .trim()
            .parse()
            .ok()?;
        Some(kib / 1024)
    };
    Some(ProcessMemory {
        resident: field("VmRSS:")?,
        peak: field("VmHWM:")?,
    })
}

/// Locks `m`, whether or not a thread panicked holding it.
fn lock<T>(m: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Whether `path` names an article file.
pub fn is_article(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

/// Finds every article file below `root`, sorted by path; unreadable folders are reported.
pub fn find_articles(root: &Path) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    // Sorted once at the end, not folder by folder: walkdir's sort asks each entry's file
    // name of its path again on every comparison, a tenth of a run at 100k. A path's order
    // (component by component) is the order a sorted walk finds the files in.
    for entry in walkdir::WalkDir::new(root) {
        match entry {
            Ok(e) if e.file_type().is_file() && is_article(e.path()) => files.push(e.into_path()),
            Ok(_) => {}
            Err(e) => errors.push(Diagnostic {
                path: e.path().map(|p| relative(root, p)).unwrap_or_default(),
                pos: Pos::START,
                kind: Kind::Io(e.to_string()),
            }),
        }
    }
    files.sort_unstable();
    errors.sort_by(|a, b| a.path.cmp(&b.path));
    (files, errors)
}

/// `path` relative to `root`, with `/` separators.
pub fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// What memory keeps of a bundled article until it is numbered.
#[derive(Debug)]
struct Record {
    source: String,
    /// A Hexo page rather than a post.
    page: bool,
    /// `top:` / `sticky:` of a post.
    pin: Option<u32>,
    explicit_slug: Option<String>,
    date: Option<When>,
    names: ArticleNames,
    spill: SpillRef,
    body_bytes: u32,
    /// What the cache will keep of it (its slug given once numbered), with what relates it to
    /// others.
    cached: CachedArticle,
}

/// What memory keeps of an article once it has its slug and number.
#[derive(Debug)]
struct Numbered {
    slug: String,
    page: bool,
    pin: Option<u32>,
    date: Option<When>,
    /// By provisional id.
    names: ArticleNames,
    spill: SpillRef,
    terms: Vec<u32>,
    duplicate: u64,
}

/// The last run's articles, by source path, as the cache keeps them.
type Previous = std::collections::BTreeMap<String, CachedArticle>;

/// What happened to one file.
enum Outcome {
    Bundled(Record, Vec<Diagnostic>),
    /// It failed; its last good version, from the cache, is bundled instead.
    Kept(Record, Diagnostic),
    Draft(String, Vec<Diagnostic>, CachedArticle),
    Failed(Diagnostic),
}

/// What the parallel stages share.
struct Shared<'a> {
    config: &'a Config,
    /// What links and assets resolve against.
    site: &'a Arc<Assets>,
    scratch: &'a Scratch,
    interner: &'a Interner,
    /// The last run's articles, by source path (empty without a cache).
    previous: &'a Previous,
    /// Whether the run keeps a cache: without one, what only the cache's index reads of an
    /// article (its title, author, categories, tags, permalink) is not copied into its record.
    caching: bool,
    /// When the run started (for [`cache::Stamp::of`]).
    started: std::time::SystemTime,
}

/// Where a file's outcome came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Taken {
    /// Read and parsed (or failed).
    Parsed,
    /// The cache, the file read and its bytes found unchanged.
    SameBytes,
    /// The cache, the file not read: its size and modification time unchanged.
    SameStamp,
}

/// What the first pass over the files found of one: what other articles' links need, and
/// whether the cache's record of it still holds.
#[derive(Debug)]
struct Scan {
    source: String,
    /// Its size and modification time; `None` when they could not be read.
    metadata: Option<fs::Metadata>,
    /// How the cache's record of it was found unchanged ([`Taken::SameStamp`] or
    /// [`Taken::SameBytes`]); `None` when it changed, or there is none.
    unchanged: Option<Taken>,
    /// What the site map lists of it.
    listing: ScanListing,
}

/// What the site map lists of a scanned file.
#[derive(Debug)]
enum ScanListing {
    /// Nothing: the file is not bundled (unreadable, broken front matter, a draft).
    Unlisted,
    /// Read from the file's front matter.
    Read(article::Listing),
    /// The cache's record of the file's ([`cached_listing`]), made only when the site map
    /// is: a run whose articles ask nothing of it never makes 100k of them.
    Cached,
}

impl ScanListing {
    /// The listing of the file at `source`, with `previous` the cache's articles.
    fn of(&self, source: &str, previous: &Previous) -> Option<Cow<'_, article::Listing>> {
        match self {
            ScanListing::Unlisted => None,
            ScanListing::Read(listing) => Some(Cow::Borrowed(listing)),
            ScanListing::Cached => previous
                .get(source)
                .and_then(cached_listing)
                .map(Cow::Owned),
        }
    }
}

/// A cached article's listing; `None` for a draft.
fn cached_listing(cached: &CachedArticle) -> Option<article::Listing> {
    cached.spill.is_some().then(|| article::Listing {
        title: cached.title.clone(),
        explicit_slug: cached.explicit_slug.clone(),
        permalink: cached.permalink.clone(),
        date: cached.date.map(Into::into),
        categories: cached.categories.clone(),
        hidden: false,
    })
}

/// Reads one file's front matter for the site map: from the cache when its size and time or
/// its bytes are unchanged (a broken file keeps its last good listing under
/// [`Config::keep_last_good`], as its article stays).
fn scan(root: &Path, path: &Path, shared: &ScanShared<'_>) -> Scan {
    let config = shared.config;
    let source = relative(root, path);
    let previous = shared.previous.get(&source);
    let unread = |source, metadata| Scan {
        source,
        metadata,
        unchanged: None,
        listing: ScanListing::Unlisted,
    };
    let untouched = shared
        .changed
        .is_some_and(|changed| !changed.contains(path));
    if previous.is_some_and(|c| untouched && c.stamp.is_some()) {
        return Scan {
            listing: ScanListing::Cached,
            source,
            metadata: None,
            unchanged: Some(Taken::SameStamp),
        };
    }
    let Ok(metadata) = fs::metadata(path) else {
        return unread(source, None);
    };
    if previous.is_some_and(|c| c.stamp.is_some_and(|s| s.matches(&metadata))) {
        return Scan {
            listing: ScanListing::Cached,
            source,
            metadata: Some(metadata),
            unchanged: Some(Taken::SameStamp),
        };
    }
    let Ok(bytes) = read_bytes(&metadata, path, config.max_size) else {
        return unread(source, Some(metadata));
    };
    let content = xxh3_64(&bytes);
    if previous.is_some_and(|c| c.content == content) {
        return Scan {
            listing: ScanListing::Cached,
            source,
            metadata: Some(metadata),
            unchanged: Some(Taken::SameBytes),
        };
    }
    let draft_place = config.hexo_site && hexo::place(&source) == Some(hexo::Place::Draft);
    let listing = match article::decode(&bytes)
        .ok()
        .map(|text| article::listing(&source, &text, &config.options))
    {
        Some(Ok(listing)) if config.drafts || !(listing.hidden || draft_place) => {
            ScanListing::Read(listing)
        }
        Some(Ok(_)) => ScanListing::Unlisted,
        _ if config.keep_last_good && previous.is_some() => ScanListing::Cached,
        _ => ScanListing::Unlisted,
    };
    Scan {
        source,
        metadata: Some(metadata),
        unchanged: None,
        listing,
    }
}

/// What the first pass shares.
struct ScanShared<'a> {
    config: &'a Config,
    previous: &'a Previous,
    /// The files a watcher saw change since the run that made `previous`, when known: a file
    /// not among them whose record has a stamp is taken as unchanged without a `stat`.
    changed: Option<&'a std::collections::HashSet<PathBuf>>,
}

/// The site the articles of `scans` make (those unchanged as `previous`, the cache's articles,
/// has them): every bundled article with the slug numbering will give it (the same function
/// over the same articles), and the files of `root`. The site map's
/// table is made when a link first needs it ([`SiteMap::lazy`]).
fn site_of(
    config: &Config,
    root: &Path,
    scans: &Arc<Vec<Scan>>,
    previous: &Arc<Previous>,
) -> Assets {
    let (scans, previous) = (scans.clone(), previous.clone());
    let listed = move || {
        let bundled: Vec<(&Scan, Cow<'_, article::Listing>)> = scans
            .iter()
            .filter_map(|s| Some((s, s.listing.of(&s.source, &previous)?)))
            .collect();
        let sources: Vec<SlugSource<'_>> = bundled
            .iter()
            .map(|(s, l)| SlugSource {
                path: &s.source,
                explicit: l.explicit_slug.as_deref(),
            })
            .collect();
        let slugs = number::assign_slugs(&sources).slugs;
        bundled
            .iter()
            .zip(slugs)
            .map(|((s, l), slug)| Listed {
                source: s.source.clone(),
                slug,
                title: l.title.clone(),
                date: l.date,
                categories: l.categories.clone(),
                own_slug: l
                    .explicit_slug
                    .clone()
                    .filter(|e| Some(e) != l.permalink.as_ref()),
                permalink: l.permalink.clone(),
            })
            .collect()
    };
    let settings = links::Settings::new(&config.site, config.hexo_site, config.options.tz.clone());
    Assets::new(SiteMap::lazy(settings, listed), root.to_path_buf())
}

/// Builds one file's outcome: what the cache has of it if the scan found it unchanged
/// ([`Scan::unchanged`]) and what it asked of the site gets the same answers, else its article
/// built anew with its heavy parts spilled.
fn process(path: &Path, scanned: &Scan, shared: &Shared<'_>) -> (Outcome, Taken) {
    let config = shared.config;
    let source = scanned.source.clone();
    let io = |e: std::io::Error| Problem::at(Pos::START, Kind::Io(e.to_string())).tagged(&source);
    let metadata = || {
        scanned
            .metadata
            .clone()
            .map_or_else(|| fs::metadata(path), Ok)
    };
    let previous = shared.previous.get(&source).filter(|c| !c.warned);
    if let (Some(cached), Some(taken)) = (previous, scanned.unchanged) {
        if assets::same_answers(shared.site, &source, &cached.answers) {
            let cached = match (taken, &scanned.metadata) {
                (Taken::SameBytes, Some(metadata)) => CachedArticle {
                    stamp: cache::Stamp::of(metadata, shared.started),
                    ..cached.clone()
                },
                _ => cached.clone(),
            };
            return (reuse(source, cached, shared), taken);
        }
    }
    let metadata = match metadata() {
        Ok(metadata) => metadata,
        Err(e) => return (Outcome::Failed(io(e)), Taken::Parsed),
    };
    let stamp = cache::Stamp::of(&metadata, shared.started);
    let bytes = match read_bytes(&metadata, path, config.max_size) {
        Ok(bytes) => bytes,
        Err(problem) => return (Outcome::Failed(problem.tagged(&source)), Taken::Parsed),
    };
    let content = xxh3_64(&bytes);
    let recording = Arc::new(Recording::new(shared.site.clone()));
    let mut options = config.options.clone();
    options.tags.site = recording.clone();
    let (article, warnings) =
        match article::from_bytes(&source, &bytes, &options).map_err(|p| p.tagged(&source)) {
            Ok((article, warnings)) => (
                article,
                warnings
                    .into_iter()
                    .map(|p| p.tagged(&source))
                    .collect::<Vec<_>>(),
            ),
            Err(diagnostic) => return (last_good(source, diagnostic, shared), Taken::Parsed),
        };
    drop(bytes);
    let caching = shared.caching;
    let cached = CachedArticle {
        content,
        stamp,
        warned: !warnings.is_empty(),
        explicit_slug: article.summary.slug.clone(),
        slug: String::new(),
        date: article.summary.date.map(Into::into),
        author: if caching {
            article.summary.author.clone()
        } else {
            None
        },
        categories: if caching {
            article.summary.categories.clone()
        } else {
            Vec::new()
        },
        tags: if caching {
            article.summary.tags.clone()
        } else {
            Vec::new()
        },
        pin: article.summary.pin,
        spill: None,
        body_bytes: 0,
        title: if caching {
            article.summary.title.clone()
        } else {
            String::new()
        },
        permalink: scanned
            .listing
            .of(&source, shared.previous)
            .filter(|_| caching)
            .and_then(|l| l.permalink.clone()),
        answers: recording.answers(),
        terms: Vec::new(),
        duplicate: 0,
    };
    let place = if config.hexo_site {
        hexo::place(&article.summary.source)
    } else {
        Some(hexo::Place::Post)
    };
    if (article.hidden || place == Some(hexo::Place::Draft)) && !config.drafts {
        return (
            Outcome::Draft(article.summary.source, warnings, cached),
            Taken::Parsed,
        );
    }
    let Article {
        summary,
        text,
        html,
        head,
        updated,
        hidden: _,
        lang,
    } = article;
    let terms = related::title_terms(&summary.title);
    let duplicate = {
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        hasher.update(summary.title.as_bytes());
        hasher.update(b"\0");
        hasher.update(html.as_bytes());
        hasher.digest()
    };
    let body = Body {
        html,
        head,
        updated,
        lang,
        source: summary.source.clone(),
        related: None,
        // The row's fields known here; the others go in with the pack ([`Archive::push_body`]).
        title: Some(summary.title.clone()),
        minutes: Some(summary.minutes),
        ..Body::default()
    };
    let body = serde_json::to_string(&body).expect("a body always serializes");
    let page = place == Some(hexo::Place::Page);
    let names = shared.interner.article(
        summary.author.as_deref(),
        &summary.categories,
        &summary.tags,
        page,
    );
    let body_bytes = body.len() as u32;
    let spilled = Spilled {
        title: summary.title,
        excerpt: summary.excerpt,
        thumb: summary.thumb,
        minutes: summary.minutes,
        body,
        text: if config.search { text } else { String::new() },
    };
    let outcome = match shared.scratch.append(&spilled) {
        Ok(spill) => Outcome::Bundled(
            Record {
                source: summary.source,
                page,
                pin: summary.pin.filter(|_| !page),
                explicit_slug: summary.slug,
                date: summary.date,
                names,
                spill,
                body_bytes,
                cached: CachedArticle {
                    spill: Some(spill),
                    body_bytes,
                    terms,
                    duplicate,
                    ..cached
                },
            },
            warnings,
        ),
        Err(e) => {
            let kind = Kind::Io(format!("writing the scratch file: {e}"));
            Outcome::Failed(Problem::at(Pos::START, kind).tagged(&summary.source))
        }
    };
    (outcome, Taken::Parsed)
}

/// The outcome of a file whose bytes the cache has seen, from the cache.
fn reuse(source: String, cached: CachedArticle, shared: &Shared<'_>) -> Outcome {
    let Some(spill) = cached.spill else {
        return Outcome::Draft(source, Vec::new(), cached);
    };
    let page = shared.config.hexo_site && hexo::place(&source) == Some(hexo::Place::Page);
    let names = shared.interner.article(
        cached.author.as_deref(),
        &cached.categories,
        &cached.tags,
        page,
    );
    Outcome::Bundled(
        Record {
            source,
            page,
            pin: cached.pin.filter(|_| !page),
            explicit_slug: cached.explicit_slug.clone(),
            date: cached.date.map(Into::into),
            names,
            spill,
            body_bytes: cached.body_bytes,
            cached,
        },
        Vec::new(),
    )
}

/// Copies the files bundled articles refer to into the bundle (one already there from the last
/// run is kept without being read).
fn copy_assets(copies: &[assets::Copy], writer: &Writer) -> anyhow::Result<AssetStats> {
    copies
        .par_iter()
        .try_for_each(|copy| -> anyhow::Result<()> {
            if !writer.keep(&copy.to, copy.bytes) {
                let bytes = fs::read(&copy.from)
                    .with_context(|| format!("reading {}", copy.from.display()))?;
                writer.write_path(&copy.to, &bytes)?;
            }
            Ok(())
        })?;
    Ok(AssetStats {
        copied: copies.len(),
        bytes: copies.iter().map(|c| c.bytes).sum(),
        missing: 0,
    })
}

/// The outcome of a file that failed with `diagnostic`: its last good version when
/// [`Config::keep_last_good`] and the cache bundled it, else the failure.
fn last_good(source: String, diagnostic: Diagnostic, shared: &Shared<'_>) -> Outcome {
    let cached = shared
        .previous
        .get(&source)
        .filter(|c| shared.config.keep_last_good && c.spill.is_some());
    match cached.map(|c| reuse(source, c.clone(), shared)) {
        Some(Outcome::Bundled(record, _)) => Outcome::Kept(record, diagnostic),
        _ => Outcome::Failed(diagnostic),
    }
}

/// Reads the bytes of the file at `path` (with `metadata`), refusing one larger than
/// `max_size`.
fn read_bytes(metadata: &fs::Metadata, path: &Path, max_size: u64) -> Result<Vec<u8>, Problem> {
    let size = metadata.len();
    if size > max_size {
        let kind = Kind::TooLarge {
            size,
            max: max_size,
        };
        return Err(Problem::at(Pos::START, kind));
    }
    fs::read(path).map_err(|e| Problem::at(Pos::START, Kind::Io(e.to_string())))
}

fn progress_bar(len: usize) -> ProgressBar {
    if std::io::stderr().is_terminal() {
        let style =
            ProgressStyle::with_template("{bar:40} {pos}/{len} articles, {per_sec}, {eta} left")
                .unwrap_or_else(|_| ProgressStyle::default_bar());
        ProgressBar::new(len as u64).with_style(style)
    } else {
        ProgressBar::hidden()
    }
}

/// A segment's columns and search index, written.
struct BuiltSegment {
    /// Its entry in the entry.
    segment: Segment,
    index: SegmentIndex,
}

/// A segment as this run writes it: whole, or the merged segment of a merge being published.
enum Written {
    Whole(BuiltSegment),
    Merged(HeldSegment),
}

/// A segment of a merge being published ([`Archive::held_segment`]): as the cache keeps it,
/// the range of its key blocks published and the files they (and its columns, of a merged
/// one) come to.
struct HeldSegment {
    cached: CachedSegment,
    blocks: Range<usize>,
    files: Vec<CachedFile>,
}

/// One of the segments a merge being published takes in ([`layout::Merge::old`]), with the
/// boundary from which it answers.
struct OldPart {
    /// The merged segment's place in the layout.
    merged: usize,
    range: Range<u32>,
    boundary: String,
}

/// The folder of the cache (or of the scratch folder) where the files of a merge wait.
const HELD_DIR: &str = "held";

/// A closed segment of fewer articles than a level-2 run (a level-1 segment) is taken into a
/// larger one within days, so it is sized as the tail is: the build that closes it writes
/// about half the files it would as a lasting segment.
fn segment_kind(range: &Range<u32>, open_tail: bool) -> SegmentKind {
    let young = ((range.end - range.start) as usize) < layout::segment_min_articles(2);
    if young || open_tail {
        SegmentKind::Tail
    } else {
        SegmentKind::Closed
    }
}

/// The bytes of the files each key block of `segment` reaches first (a file two blocks reach
/// counted in the first).
fn block_bytes(segment: &CachedSegment) -> Vec<u64> {
    let sizes: std::collections::HashMap<&str, u64> = segment
        .files
        .iter()
        .map(|f| (f.path.as_str(), f.bytes))
        .collect();
    let mut counted = std::collections::HashSet::new();
    segment
        .block_files
        .iter()
        .map(|files| {
            files
                .iter()
                .filter(|f| counted.insert(f.as_str()))
                .map(|f| sizes.get(f.as_str()).copied().unwrap_or(0))
                .sum()
        })
        .collect()
}

/// A cached segment as the entry and the root list it, with the index files of `files`.
fn built_of(cached: &CachedSegment, files: &[&CachedFile]) -> BuiltSegment {
    let index_files = files.iter().filter(|f| f.path.starts_with("s/"));
    BuiltSegment {
        segment: cached.segment.clone(),
        index: SegmentIndex {
            segment: cached.search.clone(),
            tokens: cached.tokens,
            files: index_files.clone().count(),
            bytes: index_files.map(|f| f.bytes).sum(),
            block_files: cached.block_files.clone(),
        },
    }
}

/// A segment built by this run, with what its index holds of each article (kept in the cache,
/// so that the next run can patch the segment instead of building it again).
struct SegmentWritten {
    built: BuiltSegment,
    articles: Vec<IndexedArticle>,
}

/// A segment's search index written by this run, with what it holds of each article.
struct IndexWritten {
    index: SegmentIndex,
    articles: Vec<IndexedArticle>,
}

/// The search index as written.
struct SearchWritten {
    /// The entry's segments.
    segments: Vec<Segment>,
    /// The search root's hash.
    root: String,
    stats: SearchStats,
}

/// The pieces the last run built ([`cache::Index`]'s) and the ones this run builds.
#[derive(Default)]
struct Pieces {
    previous_groups: std::collections::BTreeMap<String, CachedGroup>,
    previous_segments: std::collections::BTreeMap<String, CachedSegment>,
    groups: std::sync::Mutex<std::collections::BTreeMap<String, CachedGroup>>,
    segments: std::sync::Mutex<std::collections::BTreeMap<String, CachedSegment>>,
    groups_reused: std::sync::atomic::AtomicUsize,
    segments_reused: std::sync::atomic::AtomicUsize,
    segments_patched: std::sync::atomic::AtomicUsize,
    /// The key of the last run's segment that started at each number, if it knows its
    /// articles ([`CachedSegment::articles`]).
    previous_at: std::collections::HashMap<u32, String>,
}

/// A segment is patched from its files ([`Archive::patch_index`]) when at most this share of
/// its articles changed (1 in 4); with more, inverting them all costs about as much.
const PATCHED_SHARE: usize = 4;

impl Pieces {
    fn new(
        previous_groups: std::collections::BTreeMap<String, CachedGroup>,
        previous_segments: std::collections::BTreeMap<String, CachedSegment>,
    ) -> Self {
        let previous_at = previous_segments
            .iter()
            .filter(|(_, s)| !s.articles.is_empty())
            .map(|(key, s)| (s.start, key.clone()))
            .collect();
        Pieces {
            previous_groups,
            previous_segments,
            previous_at,
            ..Pieces::default()
        }
    }

    /// Whether every file of a cached piece is still in the output folder (then kept there).
    fn kept(writer: &Writer, files: &[CachedFile]) -> bool {
        files.iter().all(|f| writer.keep(&f.path, f.bytes))
    }
}

/// The facet values of a piece's articles, by final id, whose names its key holds once
/// ([`Archive::group_key`], [`Archive::key_values`]).
#[derive(Default)]
struct KeyValues {
    authors: Vec<u32>,
    tags: Vec<u32>,
    /// Each article's, without their ancestors.
    categories: Vec<u32>,
}

/// Everything the writing stages read: the articles in number order, their facets, the
/// spilled parts and where files go.
struct Archive<'a> {
    articles: Vec<Numbered>,
    /// Each article's related articles, by number ([`related::related_of`]).
    related: Vec<Vec<u32>>,
    /// Bytes the related links added to the packs (groups are written in parallel).
    related_bytes: std::sync::atomic::AtomicU64,
    facets: Facets,
    tz: &'a TimeZone,
    spill: scratch::Reader,
    writer: &'a Writer,
    pieces: Pieces,
    /// The newest segment's lists as the last run kept them, then as this run keeps them
    /// ([`Archive::build_newest_index`]).
    tail: std::sync::Mutex<Option<LastTail>>,
    /// Articles of the newest segment whose lists were the last run's.
    tail_kept: std::sync::atomic::AtomicU32,
    /// Where the files of a segment being merged wait until they are published
    /// ([`Archive::held_segment`]): the cache's `held/` folder, named by path as in the bundle
    /// (the scratch folder's without a cache: the next run builds them again).
    held: PathBuf,
}

impl Archive<'_> {
    /// The key of a group: everything its row page and pack are made of. Rows show names, not
    /// ids: each article's values are keyed by their place among the group's (first seen
    /// first), whose names follow once, so that a value whose id moves (a new one numbered
    /// before it) leaves the group as it is.
    fn group_key(&self, range: &Range<u32>) -> String {
        let mut key = PieceKey::default();
        key.number(range.len() as u64);
        let mut values = KeyValues::default();
        let place = |seen: &mut Vec<u32>, id: u32| match seen.iter().position(|&s| s == id) {
            Some(at) => at as u64,
            None => {
                seen.push(id);
                seen.len() as u64 - 1
            }
        };
        for g in range.clone() {
            let a = &self.articles[g as usize];
            key.number(a.spill.hash).text(&a.slug);
            key.number(a.date.map_or(0, |d| d.seconds as u64))
                .number(a.date.map_or(2, |d| u64::from(d.day)))
                .number(u64::from(a.page));
            let names = self.facets.final_names(&a.names);
            key.number(
                names
                    .author
                    .map_or(0, |x| place(&mut values.authors, x) + 1),
            );
            key.number(names.categories.len() as u64);
            for &c in &names.categories {
                key.number(place(&mut values.categories, c));
            }
            key.number(names.tags.len() as u64);
            for &t in &names.tags {
                key.number(place(&mut values.tags, t));
            }
            // Its related articles, as the pack holds them: distances back in number.
            let related = &self.related[g as usize];
            key.number(related.len() as u64);
            for &r in related {
                key.number(u64::from(g - r));
            }
        }
        for &x in &values.authors {
            key.text(&self.facets.authors.names[x as usize]);
        }
        for &c in &values.categories {
            let path = self.facets.category_path(c);
            key.number(path.len() as u64);
            for name in &path {
                key.text(name);
            }
        }
        for &t in &values.tags {
            key.text(&self.facets.tags.names[t as usize]);
        }
        key.finish()
    }

    /// Adds article `g`'s date, kind and facet values (by final id, in its order) to a
    /// segment's `key`, noting the values in `values` for [`Archive::key_values`]: with the
    /// names of those, and the site's time zone (which the cache's settings hold), they make
    /// its columns, its facet tokens and its search text's names line.
    fn key_article(&self, key: &mut PieceKey, g: u32, values: &mut KeyValues) {
        let a = &self.articles[g as usize];
        let names = self.facets.final_names(&a.names);
        key.number(a.date.map_or(0, |d| d.seconds as u64))
            .number(a.date.map_or(2, |d| u64::from(d.day)))
            .number(u64::from(a.page))
            .number(u64::from(names.page));
        key.number(names.author.map_or(0, |x| u64::from(x) + 1));
        key.number(names.categories.len() as u64);
        for &c in &names.categories {
            key.number(u64::from(c));
        }
        key.number(names.tags.len() as u64);
        for &t in &names.tags {
            key.number(u64::from(t));
        }
        values.authors.extend(names.author);
        values.categories.extend(names.categories);
        values.tags.extend(names.tags);
    }

    /// Adds the names of `values` to `key`, each once: a category node's with its ancestors',
    /// each with its parent.
    fn key_values(&self, key: &mut PieceKey, mut values: KeyValues) {
        let mut nodes = Vec::new();
        for &leaf in &values.categories {
            let mut node = Some(leaf);
            while let Some(n) = node {
                nodes.push(n);
                node = self.facets.categories.parents[n as usize];
            }
        }
        for ids in [&mut values.authors, &mut values.tags, &mut nodes] {
            ids.sort_unstable();
            ids.dedup();
        }
        key.number(values.authors.len() as u64);
        for &x in &values.authors {
            key.number(u64::from(x))
                .text(&self.facets.authors.names[x as usize]);
        }
        key.number(values.tags.len() as u64);
        for &t in &values.tags {
            key.number(u64::from(t))
                .text(&self.facets.tags.names[t as usize]);
        }
        key.number(nodes.len() as u64);
        for &c in &nodes {
            let parent = self.facets.categories.parents[c as usize];
            key.number(u64::from(c))
                .text(&self.facets.categories.names[c as usize])
                .number(parent.map_or(0, |p| u64::from(p) + 1));
        }
    }

    /// The key of a segment: everything its columns and search index are made of (what
    /// [`Archive::key_article`] says of each article, whether the archive has pages, which
    /// gives every article a kind token, the text's hash, and whether it is the open tail,
    /// whose shards are cut larger).
    fn segment_key(&self, range: &Range<u32>, text: bool, kind: SegmentKind) -> String {
        let mut key = PieceKey::default();
        key.number(u64::from(text))
            .number(u64::from(kind == SegmentKind::Tail))
            .number(u64::from(self.facets.pages > 0))
            .number(range.len() as u64);
        let mut values = KeyValues::default();
        for g in range.clone() {
            key.number(self.articles[g as usize].spill.hash);
            self.key_article(&mut key, g, &mut values);
        }
        self.key_values(&mut key, values);
        key.finish()
    }

    /// Article `g`'s spilled parts, read back.
    fn spilled(&self, g: u32) -> anyhow::Result<Spilled> {
        self.spill
            .read(self.articles[g as usize].spill)
            .context("reading the scratch file back")
    }

    /// Article `g`'s row, from its spilled parts.
    fn row(&self, g: u32, spilled: &Spilled) -> Row {
        let article = &self.articles[g as usize];
        Row {
            slug: article.slug.clone(),
            title: spilled.title.clone(),
            date: article.date.map(|d| d.seconds),
            day: article.date.and_then(|d| d.day.then_some(true)),
            page: article.page.then_some(true),
            excerpt: spilled.excerpt.clone(),
            thumb: spilled.thumb.clone(),
            minutes: spilled.minutes,
            ..self.row_names(g)
        }
    }

    /// A row of article `g`'s names alone (author, categories, tags), all the search index
    /// reads of its row ([`Row::names_text`]).
    fn row_names(&self, g: u32) -> Row {
        let names = self.facets.final_names(&self.articles[g as usize].names);
        Row {
            author: names
                .author
                .map(|a| self.facets.authors.names[a as usize].clone()),
            categories: names
                .categories
                .iter()
                .map(|&c| self.facets.category_path(c))
                .collect(),
            tags: names
                .tags
                .iter()
                .map(|&t| self.facets.tags.names[t as usize].clone())
                .collect(),
            ..Row::default()
        }
    }

    /// The rows of articles `range`, newest first.
    fn rows_newest_first(&self, range: Range<u32>) -> anyhow::Result<Vec<Row>> {
        range
            .rev()
            .map(|g| Ok(self.row(g, &self.spilled(g)?)))
            .collect()
    }

    /// The Atom feeds of the top-level categories and the tags with the most articles (see
    /// [`feed::MAX_TAG_FEEDS`]): which have one, and each feed's path and bytes.
    fn value_feeds(
        &self,
        site_url: &str,
        title: &str,
    ) -> anyhow::Result<(ValueFeeds, Vec<NamedFile>)> {
        let most = |table: &super::facets::Table, keep: &dyn Fn(usize) -> bool, max: usize| {
            let mut ids: Vec<u32> = (0..table.counts.len())
                .filter(|&i| keep(i))
                .map(|i| i as u32)
                .collect();
            ids.sort_by_key(|&i| (std::cmp::Reverse(table.counts[i as usize]), i));
            ids.truncate(max);
            ids.sort_unstable();
            ids
        };
        let (tags, categories) = (&self.facets.tags, &self.facets.categories);
        let feeds = ValueFeeds {
            tags: most(
                tags,
                &|i| tags.counts[i] >= feed::MIN_TAG_FEED_ARTICLES,
                feed::MAX_TAG_FEEDS,
            ),
            categories: most(
                categories,
                &|i| categories.parents[i].is_none(),
                feed::MAX_CATEGORY_FEEDS,
            ),
        };
        // The newest articles of each, newest first.
        let slot = |ids: &[u32], id: u32| ids.binary_search(&id).ok();
        let mut tag_entries: Vec<Vec<u32>> = vec![Vec::new(); feeds.tags.len()];
        let mut category_entries: Vec<Vec<u32>> = vec![Vec::new(); feeds.categories.len()];
        for g in (0..self.articles.len() as u32).rev() {
            let names = self.facets.final_names(&self.articles[g as usize].names);
            for &t in &names.tags {
                if let Some(at) = slot(&feeds.tags, t) {
                    let list = &mut tag_entries[at];
                    if list.len() < feed::FEED_ENTRIES && list.last() != Some(&g) {
                        list.push(g);
                    }
                }
            }
            for &leaf in &names.categories {
                let mut root = leaf;
                while let Some(p) = categories.parents[root as usize] {
                    root = p;
                }
                if let Some(at) = slot(&feeds.categories, root) {
                    let list = &mut category_entries[at];
                    if list.len() < feed::FEED_ENTRIES && list.last() != Some(&g) {
                        list.push(g);
                    }
                }
            }
        }
        let mut files = Vec::new();
        let lists = feeds
            .tags
            .iter()
            .zip(&tag_entries)
            .map(|(&id, list)| (false, id, list));
        let lists = lists.chain(
            feeds
                .categories
                .iter()
                .zip(&category_entries)
                .map(|(&id, list)| (true, id, list)),
        );
        for (category, id, list) in lists {
            let rows = list
                .iter()
                .map(|&g| Ok(self.row(g, &self.spilled(g)?)))
                .collect::<anyhow::Result<Vec<Row>>>()?;
            let (name, param) = if category {
                let name = categories.names[id as usize].clone();
                let param = crate::query::category_param(std::slice::from_ref(&name));
                (name, format!("cat={}", encode_param(&param)))
            } else {
                let name = tags.names[id as usize].clone();
                (format!("#{name}"), format!("tag={}", encode_param(&name)))
            };
            let path = feed::value_feed_path(category, id);
            let feed_title = format!("{title}: {name}");
            let of = feed::FeedOf {
                title: &feed_title,
                page: &format!("#/?{param}"),
                path: &path,
            };
            let xml = feed::atom(&rows, site_url, of);
            files.push((path, xml.into_bytes()));
        }
        Ok((feeds, files))
    }

    /// Adds article `g`'s body to a pack, with its related articles and the fields of its row
    /// the spilled body lacks ([`Archive::row_fields`]; the spilled body is its JSON without
    /// them).
    fn push_body(&self, pack: &mut String, g: u32, body: &str) -> anyhow::Result<()> {
        let related = &self.related[g as usize];
        let body = body
            .strip_suffix('}')
            .context("a spilled body is a JSON object")?;
        pack.push_str(body);
        if !related.is_empty() {
            let distances: Vec<u32> = related.iter().map(|&r| g - r).collect();
            let field = format!(",\"related\":{}", serde_json::to_string(&distances)?);
            pack.push_str(&field);
            debug_assert_eq!(
                field.len(),
                related_bytes(g, related) as usize,
                "the layout counted the related field's bytes"
            );
            self.related_bytes
                .fetch_add(field.len() as u64, std::sync::atomic::Ordering::Relaxed);
        }
        pack.push_str(&self.row_fields(g));
        pack.push('}');
        Ok(())
    }

    /// The fields of article `g`'s row that its pack carries beside the body and that are
    /// known once the articles are numbered and the facets named (the slug, the date, the kind
    /// and the names; the title and reading time are in the spilled body): `,"slug":…` and so
    /// on, as the pack holds them, so that the layout counts their bytes.
    fn row_fields(&self, g: u32) -> String {
        let article = &self.articles[g as usize];
        let names = self.row_names(g);
        let fields = Body {
            slug: Some(article.slug.clone()),
            date: article.date.map(|d| d.seconds),
            day: article.date.and_then(|d| d.day.then_some(true)),
            page: article.page.then_some(true),
            author: names.author,
            categories: Some(names.categories),
            tags: Some(names.tags),
            ..Body::default()
        };
        let json = serde_json::to_string(&fields).expect("a body always serializes");
        // `{"html":"","source":"",` … `}`: the fields alone, after a comma.
        let fields = json
            .strip_prefix(r#"{"html":"","source":"""#)
            .and_then(|f| f.strip_suffix('}'))
            .expect("a body's JSON starts with its html and source");
        fields.to_string()
    }

    /// Writes one group's row page and pack, or keeps the ones the cache says it came to.
    fn write_group(&self, range: &Range<u32>) -> anyhow::Result<Group> {
        use std::sync::atomic::Ordering::Relaxed;
        let key = self.group_key(range);
        if let Some(cached) = self.pieces.previous_groups.get(&key) {
            if Pieces::kept(self.writer, &cached.files) {
                self.pieces.groups_reused.fetch_add(1, Relaxed);
                let group = cached.group.clone();
                lock(&self.pieces.groups).insert(key, cached.clone());
                return Ok(group);
            }
        }
        let (group, files) = self.build_group(range)?;
        let cached = CachedGroup {
            group: group.clone(),
            files,
        };
        lock(&self.pieces.groups).insert(key, cached);
        Ok(group)
    }

    /// Builds and writes one group's row page and pack; returns the group and its files.
    fn build_group(&self, range: &Range<u32>) -> anyhow::Result<(Group, Vec<CachedFile>)> {
        let mut rows = Vec::with_capacity(range.len());
        let mut pack = String::from("{\"bodies\":[");
        for g in range.clone() {
            let spilled = self.spilled(g)?;
            rows.push(self.row(g, &spilled));
            if g > range.start {
                pack.push(',');
            }
            self.push_body(&mut pack, g, &spilled.body)?;
        }
        pack.push_str("]}");
        let rows = serde_json::to_vec(&RowPage { rows })?;
        let group = Group {
            n: range.len() as u32,
            rows: self.writer.write(FileKind::Rows, &rows)?,
            bodies: self.writer.write(FileKind::Bodies, pack.as_bytes())?,
        };
        let files = vec![
            CachedFile {
                path: crate::model::file_path(FileKind::Rows, &group.rows),
                bytes: rows.len() as u64,
            },
            CachedFile {
                path: crate::model::file_path(FileKind::Bodies, &group.bodies),
                bytes: pack.len() as u64,
            },
        ];
        Ok((group, files))
    }

    /// Writes one segment's columns and search index, or keeps the ones the cache says it came
    /// to (from the output folder, or the held files of a merge that published them since).
    fn write_segment(
        &self,
        number: usize,
        range: &Range<u32>,
        text: bool,
        kind: SegmentKind,
    ) -> anyhow::Result<BuiltSegment> {
        use std::sync::atomic::Ordering::Relaxed;
        let key = self.segment_key(range, text, kind);
        if let Some(cached) = self.pieces.previous_segments.get(&key) {
            let every: Vec<&CachedFile> = cached.files.iter().collect();
            if self.publish(&every)? {
                self.pieces.segments_reused.fetch_add(1, Relaxed);
                let built = built_of(cached, &every);
                self.cache_segment(key, range, cached.clone());
                return Ok(built);
            }
        }
        let sink = |path: &str, bytes: &[u8]| self.writer.write_path(path, bytes);
        let cached = self.build_cached(number, range, text, kind, &sink)?;
        let every: Vec<&CachedFile> = cached.files.iter().collect();
        let built = built_of(&cached, &every);
        self.cache_segment(key, range, cached);
        Ok(built)
    }

    /// A segment of a merge being published (the merged one, or one it takes in): built into
    /// the held folder unless the cache has it, then the files `published` chooses of its key
    /// blocks (and its columns when `columns`) put in the bundle, from the output folder where
    /// the last bundle has them, else from the held folder. Returns it with the range of its
    /// blocks published.
    fn held_segment(
        &self,
        number: usize,
        range: &Range<u32>,
        text: bool,
        kind: SegmentKind,
        published: &(dyn Fn(&CachedSegment) -> Range<usize> + Sync),
        columns: bool,
    ) -> anyhow::Result<HeldSegment> {
        use std::sync::atomic::Ordering::Relaxed;
        let key = self.segment_key(range, text, kind);
        let chosen = |cached: &CachedSegment| -> (Range<usize>, Vec<CachedFile>) {
            let blocks = published(cached);
            let mut paths: std::collections::BTreeSet<&str> = cached.block_files[blocks.clone()]
                .iter()
                .flatten()
                .map(String::as_str)
                .collect();
            if columns {
                let columns = cached.files.iter().filter(|f| f.path.starts_with("c/"));
                paths.extend(columns.map(|f| f.path.as_str()));
            }
            let files = cached
                .files
                .iter()
                .filter(|f| paths.contains(f.path.as_str()))
                .cloned()
                .collect();
            (blocks, files)
        };
        if let Some(cached) = self.pieces.previous_segments.get(&key) {
            let (blocks, files) = chosen(cached);
            if self.publish(&files.iter().collect::<Vec<_>>())? {
                self.pieces.segments_reused.fetch_add(1, Relaxed);
                self.cache_segment(key, range, cached.clone());
                return Ok(HeldSegment {
                    cached: cached.clone(),
                    blocks,
                    files,
                });
            }
        }
        let held = &self.held;
        let sink = |path: &str, bytes: &[u8]| -> std::io::Result<()> {
            let at = held.join(path);
            if at.metadata().is_ok_and(|m| m.len() == bytes.len() as u64) {
                return Ok(());
            }
            if let Some(folder) = at.parent() {
                fs::create_dir_all(folder)?;
            }
            let temporary = at.with_extension("part");
            fs::write(&temporary, bytes)?;
            fs::rename(&temporary, &at)
        };
        let cached = self.build_cached(number, range, text, kind, &sink)?;
        let (blocks, files) = chosen(&cached);
        if !self.publish(&files.iter().collect::<Vec<_>>())? {
            anyhow::bail!("the held files of segment {number} went missing while it was built");
        }
        self.cache_segment(key, range, cached.clone());
        Ok(HeldSegment {
            cached,
            blocks,
            files,
        })
    }

    /// Puts `files` in the bundle: kept where the last bundle has them, else copied from the
    /// held folder. False if one is in neither (nothing is written then).
    fn publish(&self, files: &[&CachedFile]) -> anyhow::Result<bool> {
        let held = |f: &CachedFile| {
            self.held
                .join(&f.path)
                .metadata()
                .is_ok_and(|m| m.len() == f.bytes)
        };
        if !files
            .iter()
            .all(|f| self.writer.has_previous(&f.path, f.bytes) || held(f))
        {
            return Ok(false);
        }
        for f in files {
            if !self.writer.keep(&f.path, f.bytes) {
                let at = self.held.join(&f.path);
                let bytes = fs::read(&at).with_context(|| format!("reading {}", at.display()))?;
                self.writer.write_path(&f.path, &bytes)?;
            }
        }
        Ok(true)
    }

    /// Notes a segment this run has, for the next run's cache.
    fn cache_segment(&self, key: String, range: &Range<u32>, cached: CachedSegment) {
        let cached = CachedSegment {
            start: range.start,
            ..cached
        };
        lock(&self.pieces.segments).insert(key, cached);
    }

    /// Builds one segment, its files going out through `sink`; returns it as the cache keeps it.
    fn build_cached(
        &self,
        number: usize,
        range: &Range<u32>,
        text: bool,
        kind: SegmentKind,
        sink: &(dyn Fn(&str, &[u8]) -> std::io::Result<()> + Sync),
    ) -> anyhow::Result<CachedSegment> {
        let files = std::sync::Mutex::new(Vec::new());
        let SegmentWritten { built, articles } =
            self.build_segment(number, range, text, kind, &files, sink)?;
        let mut files = files.into_inner().unwrap_or_else(|e| e.into_inner());
        files.sort_by(|a: &CachedFile, b| a.path.cmp(&b.path));
        files.dedup_by(|a, b| a.path == b.path);
        Ok(CachedSegment {
            segment: built.segment,
            search: built.index.segment,
            tokens: built.index.tokens,
            block_files: built.index.block_files,
            files,
            start: range.start,
            context: index_context(text, kind, self.facets.pages > 0),
            articles,
        })
    }

    /// Builds and writes one segment's columns and search index; adds the files it wrote to
    /// `files`. Returns it with what its index holds of each article, when known.
    fn build_segment(
        &self,
        number: usize,
        range: &Range<u32>,
        text: bool,
        kind: SegmentKind,
        files: &std::sync::Mutex<Vec<CachedFile>>,
        sink: &(dyn Fn(&str, &[u8]) -> std::io::Result<()> + Sync),
    ) -> anyhow::Result<SegmentWritten> {
        let note = |path: String, bytes: usize| {
            lock(files).push(CachedFile {
                path,
                bytes: bytes as u64,
            })
        };
        let mut columns = Vec::new();
        for part in layout::column_parts(range) {
            let docs: Vec<columns::DocFacets> = part
                .map(|g| {
                    let a = &self.articles[g as usize];
                    self.facets.doc(&a.names, a.date, self.tz)
                })
                .collect();
            let bytes = columns::encode(&docs);
            let hash = crate::model::content_hash(&bytes);
            let path = crate::model::file_path(FileKind::Columns, &hash);
            sink(&path, &bytes)?;
            note(path, bytes.len());
            columns.push(hash);
        }
        let segment = Segment {
            docs: range.len() as u32,
            columns,
        };
        let write = |path: &str, bytes: &[u8]| {
            note(path.to_string(), bytes.len());
            sink(path, bytes)
        };
        let started = std::time::Instant::now();
        let phases = std::env::var_os("FOLIO_PHASES").is_some();
        // The newest segment, where `folio serve`'s saves land, from the lists kept in memory
        // if any; else patched from the last run's files if only a few articles changed.
        let newest = range.end as usize == self.articles.len();
        let carried = newest && lock(&self.tail).is_some();
        let mut built = None;
        if carried {
            built = self.build_newest_index(range, text, kind, &write)?;
        }
        if built.is_none() {
            built = self.patch_index(number, range, text, kind, &write)?;
        }
        if built.is_none() && newest && !carried {
            built = self.build_newest_index(range, text, kind, &write)?;
        }
        if let Some(IndexWritten { index, articles }) = built {
            return Ok(SegmentWritten {
                built: BuiltSegment { segment, index },
                articles,
            });
        }
        let scratch = self.writer.scratch().join(format!("segment-{number}"));
        fs::create_dir_all(&scratch)?;
        let mut failure = None;
        let mut articles = Vec::with_capacity(range.len());
        let docs = range.clone().map_while(|g| match self.index_doc(g) {
            Ok(doc) => {
                articles.push(self.indexed(g, &doc));
                Some(doc)
            }
            Err(e) => {
                failure = Some(e);
                None
            }
        });
        let index = build_segment(docs, text, kind, &scratch, &write)
            .with_context(|| format!("writing the search index of segment {number}"))?;
        if let Some(e) = failure {
            return Err(e);
        }
        let _ = fs::remove_dir_all(&scratch);
        if phases {
            eprintln!(
                "segment {number}: {} articles indexed in {} ms",
                range.len(),
                started.elapsed().as_millis()
            );
        }
        Ok(SegmentWritten {
            built: BuiltSegment { segment, index },
            articles,
        })
    }

    /// Article `g` as the search index reads it.
    fn index_doc(&self, g: u32) -> anyhow::Result<IndexDoc> {
        let spilled = self.spilled(g)?;
        let a = &self.articles[g as usize];
        Ok(IndexDoc {
            names: self.index_names(g),
            title: spilled.title,
            text: spilled.text,
            facets: self.facets.tokens(&a.names, a.date, self.tz),
        })
    }

    /// Article `g`'s names line in the search text ([`Row::names_text`]).
    fn index_names(&self, g: u32) -> String {
        self.row_names(g).names_text()
    }

    /// What a segment's index holds of article `g`, read as `doc` ([`IndexedArticle`]).
    fn indexed(&self, g: u32, doc: &IndexDoc) -> IndexedArticle {
        IndexedArticle {
            key: self.index_key(g, &doc.names, &doc.facets),
            bytes: (doc.title.len() + doc.text.len()) as u64,
        }
    }

    /// [`IndexedArticle::key`] of article `g` with these names and facet tokens: its title
    /// and text are in its spilled parts, whose hash stands for them.
    fn index_key(&self, g: u32, names: &str, facets: &[String]) -> u64 {
        let mut key = PieceKey::default();
        key.number(self.articles[g as usize].spill.hash)
            .text(names)
            .number(facets.len() as u64);
        for facet in facets {
            key.text(facet);
        }
        key.hash()
    }

    /// The search index of segment `range` patched from the last run's segment of the same
    /// articles at the same numbers, a few of them changed ([`PATCHED_SHARE`]): its lists are
    /// read back from the output folder and only the changed articles are inverted
    /// ([`patch_segment`]). `None` when there is no such segment, or its files are not all
    /// there as written (it is built whole).
    fn patch_index(
        &self,
        number: usize,
        range: &Range<u32>,
        text: bool,
        kind: SegmentKind,
        write: &(dyn Fn(&str, &[u8]) -> std::io::Result<()> + Sync),
    ) -> anyhow::Result<Option<IndexWritten>> {
        let started = std::time::Instant::now();
        let previous = self
            .pieces
            .previous_at
            .get(&range.start)
            .and_then(|key| self.pieces.previous_segments.get(key));
        let Some(previous) = previous.filter(|p| {
            p.articles.len() == range.len()
                && p.context == index_context(text, kind, self.facets.pages > 0)
        }) else {
            return Ok(None);
        };
        let keys: Vec<u64> = range
            .clone()
            .into_par_iter()
            .map(|g| {
                let a = &self.articles[g as usize];
                let facets = self.facets.tokens(&a.names, a.date, self.tz);
                self.index_key(g, &self.index_names(g), &facets)
            })
            .collect();
        let changed: Vec<u32> = (0..range.len() as u32)
            .filter(|&i| keys[i as usize] != previous.articles[i as usize].key)
            .collect();
        if changed.is_empty() || changed.len() * PATCHED_SHARE > range.len() {
            return Ok(None);
        }
        let keyed = started.elapsed();
        let Ok(lists) = read_segment(&previous.search, &|path: &str| {
            self.writer.read_previous(path)
        }) else {
            return Ok(None);
        };
        let read = started.elapsed();
        let mut articles = previous.articles.clone();
        let mut edits = Vec::with_capacity(changed.len());
        for &i in &changed {
            let doc = self.index_doc(range.start + i)?;
            articles[i as usize] = IndexedArticle {
                key: keys[i as usize],
                bytes: (doc.title.len() + doc.text.len()) as u64,
            };
            edits.push(EditedDoc { number: i, doc });
        }
        let sizes: Vec<usize> = articles.iter().map(|a| a.bytes as usize).collect();
        let index = patch_segment(lists, edits, &sizes, text, kind, write)
            .with_context(|| format!("writing the search index of segment {number}"))?;
        self.pieces
            .segments_patched
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if std::env::var_os("FOLIO_PHASES").is_some() {
            eprintln!(
                "segment {number}: {} of {} articles patched in {} ms (keys {} ms, its files \
                 read back {} ms, the rest inverted, merged and packed {} ms)",
                changed.len(),
                range.len(),
                started.elapsed().as_millis(),
                keyed.as_millis(),
                (read - keyed).as_millis(),
                (started.elapsed() - read).as_millis()
            );
        }
        Ok(Some(IndexWritten { index, articles }))
    }

    /// Articles `range` as the search index reads them.
    fn index_docs(&self, range: Range<u32>) -> anyhow::Result<Vec<IndexDoc>> {
        range.map(|g| self.index_doc(g)).collect()
    }

    /// The search index of the newest segment, `range`, from the lists of its articles but the
    /// newest one ([`Inverted`]): the last run's when their key is this run's ([`LastTail`]),
    /// so that only the articles after them are read and inverted (a save in `folio serve`
    /// lands in this segment, most often on its newest article); those lists are kept for the
    /// next run. `None` when the segment is more than one batch of the index's builder: it is
    /// built as the others are.
    fn build_newest_index(
        &self,
        range: &Range<u32>,
        text: bool,
        kind: SegmentKind,
        write: &(dyn Fn(&str, &[u8]) -> std::io::Result<()> + Sync),
    ) -> anyhow::Result<Option<IndexWritten>> {
        if range.is_empty() || range.len() > BATCH_DOCS {
            return Ok(None);
        }
        let newest = range.end - 1;
        let last = lock(&self.tail).take();
        let kept = last.filter(|last| {
            let end = range.start + last.inverted.docs;
            end <= newest && last.key == self.segment_key(&(range.start..end), text, kind)
        });
        let kept_docs = kept.as_ref().map_or(0, |k| k.inverted.docs);
        let older_docs = self.index_docs(range.start + kept_docs..newest)?;
        let newest_docs = self.index_docs(newest..range.end)?;
        // What the index holds of each article is known when every one was read.
        let articles = if kept_docs == 0 {
            let read = older_docs.iter().chain(&newest_docs);
            (range.start..)
                .zip(read)
                .map(|(g, doc)| self.indexed(g, doc))
                .collect()
        } else {
            Vec::new()
        };
        let older = kept
            .map(|k| k.inverted)
            .unwrap_or_default()
            .then(older_docs, text);
        let whole = older.clone().then(newest_docs, text);
        if !whole.is_one_batch() {
            return Ok(None);
        }
        *lock(&self.tail) = Some(LastTail {
            key: self.segment_key(&(range.start..newest), text, kind),
            inverted: older,
        });
        self.tail_kept
            .store(kept_docs, std::sync::atomic::Ordering::Relaxed);
        let index = whole
            .pack(kind, write)
            .context("writing the search index of the newest segment")?;
        Ok(Some(IndexWritten { index, articles }))
    }

    /// Writes each of `pages` as a facet file; returns their hashes.
    fn write_facet_files<T: serde::Serialize>(&self, pages: &[T]) -> anyhow::Result<Vec<String>> {
        pages
            .iter()
            .map(|p| {
                Ok(self
                    .writer
                    .write(FileKind::Facets, &serde_json::to_vec(p)?)?)
            })
            .collect()
    }

    /// Writes a facet's by-count pages and name pages; returns its table for the entry.
    fn write_table(&self, files: TableFiles) -> anyhow::Result<FacetTable> {
        let pages = self.write_facet_files(&files.pages)?;
        let names = self.write_facet_files(&files.names)?;
        Ok(FacetTable {
            values: files.values,
            top: files.top,
            pages,
            names,
        })
    }

    /// Writes every group's row page and pack (in parallel), the directory chunks and the
    /// directory's root; returns the root's hash, which the entry names.
    fn write_groups(&self, layout: &Layout) -> anyhow::Result<String> {
        let groups: Vec<Group> = layout
            .groups
            .par_iter()
            .map(|range| self.write_group(range))
            .collect::<anyhow::Result<_>>()?;
        let chunks = layout
            .chunks
            .iter()
            .map(|chunk| {
                let first = layout.groups[chunk.start].start;
                let bytes = DirectoryChunk {
                    first,
                    groups: groups[chunk.clone()].to_vec(),
                }
                .encode();
                Ok(ChunkRef {
                    first,
                    file: self.writer.write(FileKind::Directory, &bytes)?,
                })
            })
            .collect::<anyhow::Result<_>>()?;
        let root = DirectoryRoot { chunks }.encode();
        Ok(self.writer.write(FileKind::Directory, &root)?)
    }

    /// Writes every segment's columns and search index (segments in parallel) and the search
    /// root; returns the entry's segments and the root's hash with what the index came to. A
    /// segment being merged ([`layout::Merge`]) publishes the key blocks of its merged index
    /// below its boundary, and the segments it takes in theirs from the block that holds the
    /// boundary on.
    fn write_segments(&self, layout: &Layout, text: bool) -> anyhow::Result<SearchWritten> {
        let segments = &layout.segments;
        let merge_of = |i: usize| layout.merges.iter().find(|m| m.segment == i);
        let built: Vec<Written> = segments
            .par_iter()
            .enumerate()
            .map(|(i, range)| {
                let kind = segment_kind(range, layout.open_tail && i + 1 == segments.len());
                match merge_of(i) {
                    None => self.write_segment(i, range, text, kind).map(Written::Whole),
                    Some(merge) => {
                        let published = |s: &CachedSegment| 0..merge.published(&block_bytes(s));
                        self.held_segment(i, range, text, kind, &published, true)
                            .map(Written::Merged)
                    }
                }
            })
            .collect::<anyhow::Result<_>>()?;
        // The segments each merge takes in, once its boundary is known.
        let mut olds = Vec::new();
        for (i, written) in built.iter().enumerate() {
            if let (Written::Merged(held), Some(merge)) = (written, merge_of(i)) {
                let blocks = &held.cached.search.blocks;
                if held.blocks.end < blocks.len() {
                    let boundary = &blocks[held.blocks.end].first;
                    olds.extend(merge.old.iter().map(|range| OldPart {
                        merged: i,
                        range: range.clone(),
                        boundary: boundary.clone(),
                    }));
                }
            }
        }
        let old: Vec<HeldSegment> = olds
            .par_iter()
            .enumerate()
            .map(|(o, part)| {
                let kind = segment_kind(&part.range, false);
                let published = |s: &CachedSegment| {
                    let blocks = &s.search.blocks;
                    let at = blocks.partition_point(|b| b.first <= part.boundary);
                    at.saturating_sub(1)..blocks.len()
                };
                // Numbered after the layout's segments (each build has a scratch folder of its own).
                let number = segments.len() + o;
                self.held_segment(number, &part.range, text, kind, &published, false)
            })
            .collect::<anyhow::Result<_>>()?;
        self.keep_held(&built)?;

        let mut root = SearchRoot::default();
        let mut stats = SearchStats::default();
        let mut entry_segments = Vec::with_capacity(built.len());
        let mut old = olds.iter().zip(old).peekable();
        for (i, written) in built.into_iter().enumerate() {
            let (segment, search, tokens, files) = match written {
                Written::Whole(BuiltSegment { segment, index }) => {
                    stats.files += index.files;
                    stats.bytes += index.bytes;
                    (segment, index.segment, index.tokens, Vec::new())
                }
                Written::Merged(held) => {
                    let mut search = held.cached.search.clone();
                    let boundary = search.blocks.get(held.blocks.end).map(|b| b.first.clone());
                    search.blocks.truncate(held.blocks.end);
                    let mut files = held.files;
                    if let Some(boundary) = boundary {
                        let mut merging = Merging {
                            boundary,
                            old: Vec::new(),
                        };
                        while let Some((_, old)) = old.next_if(|(part, _)| part.merged == i) {
                            merging.old.push(OldSegment {
                                docs: old.cached.search.docs,
                                blocks: old.cached.search.blocks[old.blocks.clone()].to_vec(),
                            });
                            files.extend(old.files);
                        }
                        search.merging = Some(merging);
                    }
                    (held.cached.segment, search, held.cached.tokens, files)
                }
            };
            stats.tokens += tokens;
            for f in files.iter().filter(|f| f.path.starts_with("s/")) {
                stats.files += 1;
                stats.bytes += f.bytes;
            }
            root.segments.push(search);
            entry_segments.push(segment);
        }
        let root = serde_json::to_vec(&root)?;
        stats.files += 1;
        stats.bytes += root.len() as u64;
        let root = self.writer.write(FileKind::SearchRoot, &root)?;
        Ok(SearchWritten {
            segments: entry_segments,
            root,
            stats,
        })
    }

    /// Keeps in the held folder the files of the merged segments this run has not published
    /// (a later run publishes them); removes every other. A segment a merge takes in publishes
    /// fewer of its files each run, so what it leaves is never wanted again.
    fn keep_held(&self, built: &[Written]) -> anyhow::Result<()> {
        let wanted: std::collections::HashSet<&str> = built
            .iter()
            .filter_map(|w| match w {
                Written::Merged(held) => Some(held),
                Written::Whole(_) => None,
            })
            .flat_map(|held| {
                let published: std::collections::HashSet<&str> =
                    held.files.iter().map(|f| f.path.as_str()).collect();
                held.cached
                    .files
                    .iter()
                    .map(|f| f.path.as_str())
                    .filter(move |p| !published.contains(p))
            })
            .collect();
        let Ok(kinds) = fs::read_dir(&self.held) else {
            return Ok(());
        };
        for kind in kinds.flatten() {
            for folder in fs::read_dir(kind.path())?.flatten() {
                for file in fs::read_dir(folder.path())?.flatten() {
                    let path = file.path();
                    let relative = path
                        .strip_prefix(&self.held)
                        .ok()
                        .and_then(|p| p.to_str())
                        .map(|p| p.replace(std::path::MAIN_SEPARATOR, "/"));
                    if !relative.is_some_and(|p| wanted.contains(p.as_str())) {
                        fs::remove_file(&path)
                            .with_context(|| format!("removing {}", path.display()))?;
                    }
                }
                let _ = fs::remove_dir(folder.path());
            }
            let _ = fs::remove_dir(kind.path());
        }
        Ok(())
    }

    /// Writes each facet's pages; returns the entry's facets.
    fn write_facets(&self) -> anyhow::Result<FacetSummary> {
        Ok(FacetSummary {
            authors: self.write_table(self.facets.authors.files(false))?,
            tags: self.write_table(self.facets.tags.files(false))?,
            categories: self.write_table(self.facets.categories.files(true))?,
            months: self.facets.months.clone(),
            pages: self.facets.pages,
        })
    }

    /// Where the lookup's settled part ends: the first [`lookup::settled_articles`], and the
    /// facet values first seen among them (ids are given by first appearance: the ids below
    /// one past the highest those articles have).
    fn lookup_settled(&self) -> lookup::Settled {
        let articles = lookup::settled_articles(self.articles.len());
        let mut settled = lookup::Settled {
            articles: articles as u32,
            ..lookup::Settled::default()
        };
        for a in &self.articles[..articles] {
            let names = self.facets.final_names(&a.names);
            if let Some(author) = names.author {
                settled.authors = settled.authors.max(author + 1);
            }
            for &tag in &names.tags {
                settled.tags = settled.tags.max(tag + 1);
            }
            for &category in &names.categories {
                settled.categories = settled.categories.max(category + 1);
            }
        }
        settled
    }

    /// The key of the lookup: everything its files are made of (the slugs in number order,
    /// every facet name and where the settled part ends; [`lookup::parts`] is a pure function
    /// of them).
    fn lookup_key(&self, settled: lookup::Settled) -> String {
        let mut key = PieceKey::default();
        for bound in [
            settled.articles,
            settled.authors,
            settled.tags,
            settled.categories,
        ] {
            key.number(u64::from(bound));
        }
        key.number(self.articles.len() as u64);
        for a in &self.articles {
            key.text(&a.slug);
        }
        for names in [&self.facets.authors.names, &self.facets.tags.names] {
            key.number(names.len() as u64);
            for name in names {
                key.text(name);
            }
        }
        let categories = &self.facets.categories;
        key.number(categories.names.len() as u64);
        for (name, parent) in categories.names.iter().zip(&categories.parents) {
            key.text(name)
                .number(parent.map_or(0, |p| u64::from(p) + 1));
        }
        key.finish()
    }

    /// The lookup: the last run's ([`LastLookup`]) when its key is this run's and its files are
    /// still in the output folder, else written anew.
    fn lookup(&self, last: Option<LastLookup>) -> anyhow::Result<(LastLookup, bool)> {
        let settled = self.lookup_settled();
        let key = self.lookup_key(settled);
        if let Some(last) = last.filter(|l| l.key == key) {
            if Pieces::kept(self.writer, &last.files) {
                return Ok((last, true));
            }
        }
        let files = std::sync::Mutex::new(Vec::new());
        let (root, newest) = self.write_lookup(settled, &files)?;
        let mut files = files.into_inner().unwrap_or_else(|e| e.into_inner());
        files.sort_by(|a: &CachedFile, b| a.path.cmp(&b.path));
        Ok((
            LastLookup {
                key,
                root,
                newest,
                files,
            },
            false,
        ))
    }

    /// Writes the lookup's newest shards, its settled shards and the roots above them, noting
    /// each file in `files`; returns the settled part's top root's hash and the newest shards'.
    fn write_lookup(
        &self,
        settled: lookup::Settled,
        files: &std::sync::Mutex<Vec<CachedFile>>,
    ) -> anyhow::Result<(String, Vec<String>)> {
        let write = |bytes: &[u8]| -> std::io::Result<String> {
            let hash = self.writer.write(FileKind::Lookup, bytes)?;
            lock(files).push(CachedFile {
                path: crate::model::file_path(FileKind::Lookup, &hash),
                bytes: bytes.len() as u64,
            });
            Ok(hash)
        };
        let slugs: Vec<&str> = self.articles.iter().map(|a| a.slug.as_str()).collect();
        let paths: Vec<Vec<String>> = (0..self.facets.categories.names.len() as u32)
            .map(|c| self.facets.category_path(c))
            .collect();
        let names = lookup::Names {
            authors: &self.facets.authors.names,
            tags: &self.facets.tags.names,
            categories: &paths,
        };
        // Shards are made in order and written in parallel.
        let lookup::Parts {
            settled: shards,
            newest,
        } = lookup::parts(&slugs, names, settled)?;
        let newest = newest
            .into_par_iter()
            .map(|shard| Ok(write(&shard.encode())?))
            .collect::<anyhow::Result<Vec<_>>>()?;
        let mut numbered = shards
            .into_par_iter()
            .enumerate()
            .map(|(i, s)| {
                let file = write(&s.shard.encode())?;
                Ok((
                    i,
                    LookupRef {
                        first: s.first,
                        file,
                    },
                ))
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        numbered.sort_unstable_by_key(|&(i, _)| i);
        let mut refs: Vec<LookupRef> = numbered.into_iter().map(|(_, r)| r).collect();
        let mut depth = 1;
        while !lookup::fits(&refs) {
            refs = lookup::level(refs, depth)
                .into_iter()
                .map(|r| {
                    Ok(LookupRef {
                        first: r.first,
                        file: write(&r.root.encode())?,
                    })
                })
                .collect::<anyhow::Result<Vec<_>>>()?;
            depth += 1;
        }
        let root = LookupRoot {
            depth,
            shards: refs,
        }
        .encode();
        Ok((write(&root)?, newest))
    }
}

/// The articles read, before they are numbered.
struct Read {
    /// In source-path order.
    records: Vec<Record>,
    /// Drafts left out, with what the cache keeps of them.
    drafts: Vec<(String, CachedArticle)>,
    /// What the articles' links and assets resolved against, with the files they named.
    site: Arc<Assets>,
    /// Files taken from the cache.
    reused: usize,
    /// Of those, files not read (their size and modification time unchanged).
    unread: usize,
    /// The names the interner gave provisional ids.
    names: Provisional,
    spill: scratch::Reader,
}

/// The folder the articles' paths are relative to: a Hexo site's `source/`, else the input.
fn article_root(config: &Config) -> PathBuf {
    if config.hexo_site {
        config.input.join("source")
    } else {
        config.input.clone()
    }
}

/// The article files of a run, and what is known of their changes.
#[derive(Debug, Clone, Default)]
struct Found {
    /// In walk order (by path, component by component).
    files: Vec<PathBuf>,
    /// Folders that could not be read.
    errors: Vec<Diagnostic>,
    /// The paths a watcher saw change since the last run, when this list was made from that
    /// run's ([`found_again`]); `None` after a walk.
    changed: Option<std::collections::HashSet<PathBuf>>,
}

/// Walks the article root for the article files.
fn walk(config: &Config) -> Found {
    let root = article_root(config);
    let (mut files, errors) = find_articles(&root);
    if config.hexo_site {
        files.retain(|path| hexo::place(&relative(&root, path)).is_some());
    }
    Found {
        files,
        errors,
        changed: None,
    }
}

/// The article files now, from the last run's list and the paths a watcher saw change since:
/// a changed article path is added or dropped as it now exists. `None` when a walk is needed:
/// a folder among the changes (created, moved or deleted: the watcher does not list the files
/// inside), a changed path outside the root, or a last walk with unreadable folders.
fn found_again(config: &Config, last: Found, changed: &[PathBuf]) -> Option<Found> {
    let root = article_root(config);
    if !last.errors.is_empty() {
        return None;
    }
    let mut files = last.files;
    for path in changed {
        path.strip_prefix(&root).ok()?;
        let kind = fs::symlink_metadata(path).map(|m| m.file_type());
        if kind.as_ref().is_ok_and(|k| k.is_dir()) {
            return None;
        }
        if !is_article(path) {
            // A deleted path that is not an article's may have been a folder.
            if kind.is_err() {
                return None;
            }
            continue;
        }
        let listed = !config.hexo_site || hexo::place(&relative(&root, path)).is_some();
        let exists = kind.is_ok_and(|k| k.is_file()) && listed;
        match (files.binary_search(path), exists) {
            (Err(at), true) => files.insert(at, path.clone()),
            (Ok(at), false) => {
                files.remove(at);
            }
            _ => {}
        }
    }
    Some(Found {
        files,
        errors: Vec::new(),
        changed: Some(changed.iter().cloned().collect()),
    })
}

/// Reads and processes every article file in parallel, taking unchanged ones from `previous`
/// (the cache's articles) and spilling the others' heavy parts into `spill`; accounts for
/// every file in `report`. `caching`: whether the run keeps a cache ([`Shared::caching`]).
fn read_articles(
    config: &Config,
    spill: Scratch,
    previous: &Arc<Previous>,
    caching: bool,
    found: &Found,
    report: &mut Report,
    phases: &mut Phases,
) -> anyhow::Result<Read> {
    let root = &article_root(config);
    let files = &found.files;
    // Before any file is looked at, so that one written during the run is never stamped.
    let started = std::time::SystemTime::now();
    let scans: Arc<Vec<Scan>> = Arc::new({
        let shared = ScanShared {
            config,
            previous,
            changed: found.changed.as_ref(),
        };
        files
            .par_iter()
            .map(|path| scan(root, path, &shared))
            .collect()
    });
    phases.lap("scan (stat, front matter of changed files)");
    let site = Arc::new(site_of(config, root, &scans, previous));
    phases.lap("site map");
    let interner = Interner::default();
    let shared = Shared {
        config,
        site: &site,
        scratch: &spill,
        interner: &interner,
        previous,
        caching,
        started,
    };
    let progress = progress_bar(files.len());
    let outcomes: Vec<(Outcome, Taken)> = files
        .par_iter()
        .zip(&scans[..])
        .map(|(path, scanned)| {
            let outcome = process(path, scanned, &shared);
            progress.inc(1);
            outcome
        })
        .collect();
    progress.finish_and_clear();
    phases.lap("process (parse changed, reuse the rest)");

    report.read = files.len() + found.errors.len();
    report.errors = found.errors.clone();
    let mut records = Vec::with_capacity(outcomes.len());
    let mut drafts = Vec::new();
    let (mut reused, mut unread) = (0, 0);
    for (outcome, from) in outcomes {
        reused += usize::from(from != Taken::Parsed);
        unread += usize::from(from == Taken::SameStamp);
        match outcome {
            Outcome::Bundled(record, warnings) => {
                report.warnings.extend(warnings);
                records.push(record);
            }
            Outcome::Draft(source, warnings, cached) => {
                report.warnings.extend(warnings);
                report.drafts.push(source.clone());
                drafts.push((source, cached));
            }
            Outcome::Kept(record, diagnostic) => {
                report.kept.push(diagnostic);
                records.push(record);
            }
            Outcome::Failed(diagnostic) => report.errors.push(diagnostic),
        }
    }
    Ok(Read {
        records,
        drafts,
        site,
        reused,
        unread,
        names: interner.finish(),
        spill: spill.into_reader().context("reading the scratch file")?,
    })
}

/// The articles numbered.
struct Numbering {
    /// In number order.
    articles: Vec<Numbered>,
    /// Bytes of each one's body, in number order.
    body_bytes: Vec<u32>,
    /// Slugs that had to be told apart.
    warnings: Vec<Diagnostic>,
    /// What the cache keeps of each article, with its slug, by source path in the records'
    /// order (the paths'); put in a map only by a run that keeps a cache.
    cached: Vec<(String, CachedArticle)>,
    /// The slugs and the order were the last run's ([`Numbers::of`]).
    reused: bool,
}

/// Gives the articles their slugs and numbers: `last`'s ([`Numbers::of`]) when the paths,
/// `slug:`s and dates are those it was made from; returns what this run's were made from too.
fn number_articles(records: Vec<Record>, last: Option<Numbers>) -> (Numbering, Numbers) {
    let inputs = records
        .iter()
        .map(|r| (r.source.as_str(), r.explicit_slug.as_deref(), r.date));
    let (numbers, reused) = Numbers::of(inputs, last);
    let slugs = &numbers.slugs.slugs;
    let mut articles = Vec::with_capacity(records.len());
    let mut body_bytes = Vec::with_capacity(records.len());
    // Collected in place: std reuses the records' buffer for what the cache keeps (items of
    // the same alignment, smaller), so that a million records and their copies are not in
    // memory side by side (that was most of what numbering added to the peak of a run at
    // 1,000,000 articles: BENCHMARKS.md, branch i12-dir).
    let cached: Vec<(String, CachedArticle)> = records
        .into_iter()
        .enumerate()
        .map(|(i, record)| {
            let slug = slugs[i].clone();
            articles.push(Numbered {
                slug: slug.clone(),
                page: record.page,
                pin: record.pin,
                date: record.date,
                names: record.names,
                spill: record.spill,
                terms: record.cached.terms.clone(),
                duplicate: record.cached.duplicate,
            });
            body_bytes.push(record.body_bytes);
            let cached = CachedArticle {
                slug,
                ..record.cached
            };
            (record.source, cached)
        })
        .collect();
    // Put in number order where they are: a second vector of a million articles, beside the
    // first, was most of what this phase added to the run's peak memory.
    number::permute(&mut articles, &numbers.order);
    number::permute(&mut body_bytes, &numbers.order);
    let numbering = Numbering {
        articles,
        body_bytes,
        warnings: numbers.slugs.warnings.clone(),
        cached,
        reused,
    };
    (numbering, numbers)
}

/// The numbers of the pinned posts in the order the default list shows them first: higher pin
/// first, then newest first (as hexo-generator-index sorts by `sticky`, then by date).
fn pinned_order(articles: &[Numbered]) -> Vec<u32> {
    let mut pinned: Vec<(u32, u32)> = articles
        .iter()
        .enumerate()
        .filter_map(|(g, a)| Some((a.pin?, g as u32)))
        .collect();
    pinned.sort_unstable_by(|a, b| b.cmp(a));
    pinned.into_iter().map(|(_, g)| g).collect()
}

/// [`CachedSegment::context`]: what a segment's search index is made of besides its articles.
fn index_context(text: bool, kind: SegmentKind, pages: bool) -> u64 {
    let mut key = PieceKey::default();
    key.number(u64::from(text))
        .number(u64::from(kind == SegmentKind::Tail))
        .number(u64::from(pages));
    key.hash()
}

/// Bytes article `g`'s related articles `related` add to its body in its pack
/// (`,"related":[…]`, each a distance back in number; none when there are none).
fn related_bytes(g: u32, related: &[u32]) -> u32 {
    if related.is_empty() {
        return 0;
    }
    let digits: u32 = related.iter().map(|&r| (g - r).ilog10() + 1).sum();
    // `,"related":` and the brackets, and a comma between distances.
    13 + digits + related.len() as u32 - 1
}

/// Writes the row page of the newest articles (up to [`NEWEST_ROWS`] of `newest_first`, the
/// newest first), in number order as every row page; returns its hash.
fn write_newest(writer: &Writer, mut newest_first: Vec<Row>) -> anyhow::Result<String> {
    newest_first.truncate(NEWEST_ROWS);
    newest_first.reverse();
    let page = serde_json::to_vec(&RowPage { rows: newest_first })?;
    Ok(writer.write(FileKind::Rows, &page)?)
}

/// A file written by name (a feed): its path in the bundle and its bytes.
type NamedFile = (String, Vec<u8>);

/// A value for the app's address (`application/x-www-form-urlencoded`).
fn encode_param(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// Runs the whole pipeline and writes the bundle to `config.out`, reusing and updating the
/// cache when [`Config::cache`] names one. A cache found damaged while it is read is reported
/// and the run starts again from an empty one.
pub fn run(config: &Config) -> anyhow::Result<Report> {
    anyhow::ensure!(
        config.input.is_dir(),
        "{} is not a folder",
        config.input.display()
    );
    let mut phases = Phases::start();
    // Reading the index and walking the folder wait on different things: one while the other.
    let (run, found) = rayon::join(|| cache_run(config, None), || walk(config));
    let Some(run) = run else {
        return Ok(build(config, None, &found, &mut Carried::default(), &mut phases)?.report);
    };
    phases.lap("load the cache index, walk the folder");
    let digest = run.loaded.digest;
    let built = build_or_rebuild(config, run, &found, &mut Carried::default(), &mut phases)?;
    if let Some(saving) = &built.saving {
        cache::save_changed(&saving.folder, &saving.index, digest)
            .with_context(|| format!("writing the cache in {}", saving.folder.display()))?;
        phases.lap("save the cache index");
    }
    Ok(built.report)
}

/// The cache `config` names, loaded from its folder, or from `index` when the caller kept the
/// last run's ([`Warm`]); `None` without a cache.
fn cache_run(config: &Config, index: Option<cache::Index>) -> Option<CacheRun> {
    let root = config.cache.as_ref()?;
    let folder = cache::folder(root, &config.out);
    let links = links::Settings::new(&config.site, config.hexo_site, config.options.tz.clone());
    let settings = cache::settings(
        &config.options.tz,
        config.drafts,
        config.search,
        &links.key(),
    );
    let loaded = match index {
        Some(index) if index.settings == settings => cache::Loaded {
            index,
            problem: None,
            digest: None,
        },
        _ => cache::load(&folder, &settings),
    };
    Some(CacheRun {
        folder,
        settings,
        loaded,
    })
}

/// Builds with `run`'s cache; when a spilled record fails its hash, builds again from an empty
/// cache (walking the folder again, as a first run does).
fn build_or_rebuild(
    config: &Config,
    run: CacheRun,
    found: &Found,
    carried: &mut Carried,
    phases: &mut Phases,
) -> anyhow::Result<Built> {
    let (folder, settings) = (run.folder.clone(), run.settings.clone());
    match build(config, Some(run), found, carried, phases) {
        Err(e) if is_damage(&e) => {
            let loaded = cache::Loaded {
                index: cache::Index::default(),
                problem: Some(format!("is damaged ({e:#})")),
                digest: None,
            };
            let run = CacheRun {
                folder,
                settings,
                loaded,
            };
            build(config, Some(run), &walk(config), carried, phases)
        }
        done => done,
    }
}

/// Which files changed since the last run of a [`Warm`] session, as a file watcher saw them.
#[derive(Debug, Clone)]
pub enum Changes {
    /// Not known (the first run, or the watcher lost events): every file is walked and
    /// `stat`ed, as `folio bundle` does.
    Unknown,
    /// These paths (files or folders, existing or not), and no others.
    Paths(Vec<PathBuf>),
}

/// What one process keeps of a run for the next (`folio serve`): the cache's index, which
/// then is neither read back nor waited for while it is written (it is saved in the
/// background, for the next process, once runs pause: [`SAVE_AFTER`]), the list of article
/// files, which the watcher's changes then update instead of a walk, and what [`Carried`]
/// holds. The bundle is the same bytes as [`run`] makes.
#[derive(Default)]
pub struct Warm {
    /// The last run's cache index, on the thread that saves it.
    saving: Option<PendingSave>,
    found: Option<Found>,
    carried: Carried,
}

/// How long after a [`run_warm`] its cache index is saved, unless the next run has started:
/// a writer saving again and again does not pay for encoding and writing the index (tens of
/// MB at 100k articles) each time, and the page that loads the new bundle does not share the
/// two cores with it. The index a process leaves when it is killed in between is then an
/// older run's: its records still name what they did in the spill file, which runs only
/// append to, and a record that fails its hash (the spill file started afresh) rebuilds the
/// cache with a warning.
pub const SAVE_AFTER: std::time::Duration = std::time::Duration::from_secs(2);

/// A cache index on the thread that saves it after [`SAVE_AFTER`].
struct PendingSave {
    /// Told when the next run starts: the index is then given back unsaved.
    next_run: std::sync::mpsc::Sender<()>,
    /// Gives back the index, and what saving it came to if it was saved.
    thread: std::thread::JoinHandle<(cache::Index, Option<std::io::Result<u64>>)>,
}

impl PendingSave {
    /// Saves `index` in `folder` after [`SAVE_AFTER`], or when the [`Warm`] holding it is
    /// dropped, unless [`PendingSave::take`] comes first.
    fn start(folder: PathBuf, index: cache::Index) -> Self {
        let (next_run, told) = std::sync::mpsc::channel();
        let thread = std::thread::spawn(move || {
            if told.recv_timeout(SAVE_AFTER).is_ok() {
                return (index, None);
            }
            let mut phases = Phases::start();
            let saved = cache::save_changed(&folder, &index, None);
            phases.lap("save the cache index (runs paused)");
            (index, Some(saved))
        });
        Self { next_run, thread }
    }

    /// The index back (unsaved if its save had not started), with the save's failure if it
    /// was saved and failed; `None` if the thread panicked.
    fn take(self) -> Option<(cache::Index, Option<std::io::Error>)> {
        let _ = self.next_run.send(());
        let (index, saved) = self.thread.join().ok()?;
        Some((index, saved.and_then(Result::err)))
    }
}

/// What a run leaves for the next in the same process ([`Warm`]), each part taken again only
/// when what it was made from is what the next run has: the slugs and order (no path, `slug:`
/// or date changed), the lookup (no slug, number or facet name changed) and the newest
/// segment's search lists (the same articles first in it, by [`Archive::segment_key`]).
#[derive(Default)]
struct Carried {
    /// The last run's slugs and order, with what they were made from.
    numbers: Option<Numbers>,
    lookup: Option<LastLookup>,
    tail: Option<LastTail>,
}

/// The lists of the newest segment's articles but its newest, as a run kept them
/// ([`Archive::build_newest_index`]).
struct LastTail {
    /// [`Archive::segment_key`] of those articles.
    key: String,
    inverted: Inverted,
}

/// The lookup as a run wrote it.
struct LastLookup {
    /// [`Archive::lookup_key`].
    key: String,
    /// The settled part's top root's hash.
    root: String,
    /// The newest shards' hashes.
    newest: Vec<String>,
    /// Every file of it.
    files: Vec<CachedFile>,
}

/// [`run`] for a process that bundles the same folder again and again: takes what `warm` kept
/// of the last run and `changes` since, and keeps what this run leaves.
pub fn run_warm(config: &Config, warm: &mut Warm, changes: Changes) -> anyhow::Result<Report> {
    anyhow::ensure!(
        config.input.is_dir(),
        "{} is not a folder",
        config.input.display()
    );
    let mut phases = Phases::start();
    let mut save_failed = None;
    let index = match warm.saving.take().and_then(PendingSave::take) {
        Some((index, failed)) => {
            save_failed = failed;
            Some(index)
        }
        None => None,
    };
    let found = match (&changes, warm.found.take()) {
        (Changes::Paths(paths), Some(last)) => found_again(config, last, paths),
        _ => None,
    }
    .unwrap_or_else(|| walk(config));
    phases.lap("list the files");
    let Some(run) = cache_run(config, index) else {
        let built = build(config, None, &found, &mut warm.carried, &mut phases)?;
        warm.found = Some(Found {
            changed: None,
            ..found
        });
        return Ok(built.report);
    };
    let mut built = build_or_rebuild(config, run, &found, &mut warm.carried, &mut phases)?;
    if let Some(e) = save_failed {
        built.report.warnings.push(Diagnostic {
            path: built
                .saving
                .as_ref()
                .map(|s| s.folder.display().to_string())
                .unwrap_or_default(),
            pos: Pos::START,
            kind: Kind::Cache(format!("its index could not be saved ({e})")),
        });
    }
    warm.found = Some(Found {
        changed: None,
        ..found
    });
    if let Some(Saving { folder, index }) = built.saving {
        warm.saving = Some(PendingSave::start(folder, index));
    }
    phases.lap("hand the index to its saving thread");
    Ok(built.report)
}

/// What a build made: its report, and the cache index to save.
struct Built {
    report: Report,
    saving: Option<Saving>,
}

/// A cache index to write into its folder.
struct Saving {
    folder: PathBuf,
    index: cache::Index,
}

/// Whether `e` comes from a spilled record that fails its hash.
fn is_damage(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.is::<scratch::Damaged>()
            || c.downcast_ref::<std::io::Error>()
                .and_then(|io| io.get_ref())
                .is_some_and(|inner| inner.is::<scratch::Damaged>())
    })
}

/// A spill file this big with less than half of it still referred to is started afresh (its
/// articles parsed again; the pieces' keys, which hash contents, not places, stay valid).
const COMPACT_ABOVE: u64 = 64 << 20;

/// The cache a run uses.
struct CacheRun {
    folder: PathBuf,
    settings: String,
    loaded: cache::Loaded,
}

/// Files a moved article (same bytes, new path, no `slug:`) whose address changed: a warning
/// on its new path naming the old path and both addresses.
fn moved(
    previous: &Previous,
    current: &std::collections::BTreeMap<String, CachedArticle>,
) -> Vec<Diagnostic> {
    // One walk through both maps, in path order (lookups of 100k paths in each other cost
    // more than the rest of an unchanged run's numbering).
    let mut gone: std::collections::HashMap<u64, (&String, &CachedArticle)> = Default::default();
    let mut arrived: Vec<(&String, &CachedArticle)> = Vec::new();
    let (mut old, mut new) = (previous.iter().peekable(), current.iter().peekable());
    loop {
        let order = match (old.peek(), new.peek()) {
            (None, None) => break,
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (Some((a, _)), Some((b, _))) => a.cmp(b),
        };
        match order {
            std::cmp::Ordering::Less => {
                let (path, a) = old.next().expect("peeked");
                if a.spill.is_some() {
                    gone.insert(a.content, (path, a));
                }
            }
            std::cmp::Ordering::Greater => arrived.push(new.next().expect("peeked")),
            std::cmp::Ordering::Equal => {
                old.next();
                new.next();
            }
        }
    }
    arrived
        .into_iter()
        .filter(|(_, a)| a.explicit_slug.is_none())
        .filter_map(|(path, a)| {
            let (from, old) = gone.get(&a.content)?;
            (old.slug != a.slug).then(|| Diagnostic {
                path: path.clone(),
                pos: Pos::START,
                kind: Kind::Moved {
                    from: (*from).clone(),
                    old: old.slug.clone(),
                    new: a.slug.clone(),
                },
            })
        })
        .collect()
}

/// Every article's related articles, and what the cache keeps of them (nothing unless
/// `caching`), and how many lists were taken from `previous`. An article's list depends on itself and the older articles
/// only, through their [`related::fingerprint`]s: the lists of the articles before the first
/// whose fingerprint differs from `previous`'s are taken from it, and so are the later ones
/// up to the first whose change may change another's list. A change of the duplicate hash
/// alone (the body edited; its tags, categories and title terms as they were), to a hash that
/// no other article has and from one that no other had, changes that article's list only: it
/// meets the same articles in the same windows and is a duplicate of none of them before or
/// after.
fn related_lists(
    docs: &[RelatedDoc],
    facets: &Facets,
    previous: &[cache::CachedRelated],
    caching: bool,
) -> (Vec<Vec<u32>>, Vec<cache::CachedRelated>, usize) {
    let name_hash = |name: &str| xxh3_64(name.as_bytes());
    let tags: Vec<u64> = facets.tags.names.iter().map(|n| name_hash(n)).collect();
    let categories: Vec<u64> = (0..facets.categories.names.len() as u32)
        .map(|c| name_hash(&facets.category_path(c).join("\0")))
        .collect();
    // A category key and a tag key of the same name differ by the bit below.
    let facet_names = |key: u64| {
        let (category, id) = (key >> 32 == 1, key as u32 as usize);
        if category {
            categories[id] ^ 1
        } else {
            tags[id]
        }
    };
    let fingerprints: Vec<u64> = docs
        .par_iter()
        .map(|d| related::fingerprint(d, facet_names))
        .collect();
    let common = docs.len().min(previous.len());
    let changed: Vec<usize> = (0..common)
        .filter(|&a| fingerprints[a] != previous[a].fingerprint)
        .collect();
    let body_only = body_only_changes(docs, previous, &changed, facet_names);
    // Lists taken from the last run up to `same`, but those of the articles edited in body only.
    let same = changed
        .iter()
        .zip(&body_only)
        .find(|(_, &alone)| !alone)
        .map_or(common, |(&a, _)| a);
    let mut numbers: Vec<u32> = changed
        .iter()
        .take_while(|&&a| a < same)
        .map(|&a| a as u32)
        .collect();
    let edited = numbers.len();
    numbers.extend(same as u32..docs.len() as u32);
    if std::env::var_os("FOLIO_PHASES").is_some() && !numbers.is_empty() {
        eprintln!(
            "related: lists reused for articles 0..{same} but {edited} edited in body only, \
             recomputed for those and {same}..{} (last run had {})",
            docs.len(),
            previous.len()
        );
    }
    let mut lists: Vec<Vec<u32>> = previous[..same].iter().map(|p| p.related.clone()).collect();
    lists.resize(docs.len(), Vec::new());
    for (a, list) in numbers.iter().zip(related::related_of(docs, &numbers)) {
        lists[*a as usize] = list;
    }
    if !caching {
        return (lists, Vec::new(), docs.len() - numbers.len());
    }
    let cached = fingerprints
        .into_iter()
        .zip(docs)
        .zip(&lists)
        .map(|((fingerprint, doc), related)| cache::CachedRelated {
            fingerprint,
            duplicate: doc.duplicate,
            related: related.clone(),
        })
        .collect();
    (lists, cached, docs.len() - numbers.len())
}

/// For each article of `changed` (numbers whose fingerprint differs from `previous`'s), whether
/// only its duplicate hash changed, to one no other article has, from one no other had
/// ([`related_lists`]).
fn body_only_changes(
    docs: &[RelatedDoc],
    previous: &[cache::CachedRelated],
    changed: &[usize],
    facet_names: impl Fn(u64) -> u64,
) -> Vec<bool> {
    if changed.is_empty() {
        return Vec::new();
    }
    // Every hash an article has, or had if it changed: each edited article's two must be its
    // own only.
    let mut holders: std::collections::HashMap<u64, u32> =
        std::collections::HashMap::with_capacity(docs.len() + changed.len());
    for doc in docs {
        *holders.entry(doc.duplicate).or_default() += 1;
    }
    for &a in changed {
        if previous[a].duplicate != docs[a].duplicate {
            *holders.entry(previous[a].duplicate).or_default() += 1;
        }
    }
    for old in &previous[docs.len().min(previous.len())..] {
        *holders.entry(old.duplicate).or_default() += 1;
    }
    changed
        .iter()
        .map(|&a| {
            let (doc, old) = (&docs[a], &previous[a]);
            let as_before = RelatedDoc {
                facets: doc.facets.clone(),
                terms: doc.terms.clone(),
                duplicate: old.duplicate,
            };
            related::fingerprint(&as_before, &facet_names) == old.fingerprint
                && holders[&doc.duplicate] == 1
                && holders[&old.duplicate] == 1
        })
        .collect()
}

/// Runs the pipeline once, with `cache` if any.
/// `carried` holds what the last run left, if kept, and is left holding this run's (nothing
/// when the run fails).
fn build(
    config: &Config,
    mut cache: Option<CacheRun>,
    found: &Found,
    carried: &mut Carried,
    phases: &mut Phases,
) -> anyhow::Result<Built> {
    let last_lookup = carried.lookup.take();
    let last_tail = carried.tail.take();
    let named: &[&str] = if config.site_url.is_some() {
        &output::NAMED_FILES
    } else {
        &[]
    };
    let writer = output::prepare(&config.input, &config.out, config.force, named)?;
    let mut report = Report::default();
    let (mut previous, spill) = match &mut cache {
        None => {
            let spill = Scratch::create(&writer.scratch().join("articles"))
                .context("creating the scratch file")?;
            (cache::Index::default(), spill)
        }
        Some(run) => {
            let mut index = std::mem::take(&mut run.loaded.index);
            if let Some(problem) = &run.loaded.problem {
                report.warnings.push(Diagnostic {
                    path: run.folder.display().to_string(),
                    pos: Pos::START,
                    kind: Kind::Cache(format!("{problem}: it is rebuilt from the sources")),
                });
            }
            if index.spill_len > COMPACT_ABOVE && cache::live_bytes(&index) * 2 < index.spill_len {
                index.articles.clear();
                index.spill_len = 0;
            }
            fs::create_dir_all(&run.folder)
                .with_context(|| format!("creating the cache folder {}", run.folder.display()))?;
            let path = run.folder.join(cache::SPILL_FILE);
            let spill = Scratch::resume(&path, index.spill_len)
                .with_context(|| format!("opening {}", path.display()))?;
            (index, spill)
        }
    };
    phases.lap("prepare the output and the spill file");
    // Shared with the site map, which lists unchanged articles from it if it is made.
    let last_articles = Arc::new(std::mem::take(&mut previous.articles));
    let caching = cache.is_some();
    let read = read_articles(
        config,
        spill,
        &last_articles,
        caching,
        found,
        &mut report,
        phases,
    )?;
    let (numbering, numbered) = number_articles(read.records, carried.numbers.take());
    let Numbering {
        articles,
        body_bytes,
        warnings,
        cached: cached_articles,
        reused: numbers_reused,
    } = numbering;
    report.warnings.extend(warnings);
    phases.lap("number");
    let named: std::collections::BTreeSet<&str> = cached_articles
        .iter()
        .flat_map(|(_, a)| assets::named_assets(&a.answers))
        .collect();
    report.assets = copy_assets(&read.site.copies(&named), &writer)?;
    let site = read.site;
    std::thread::spawn(move || drop(site));
    report.assets.missing = report
        .warnings
        .iter()
        .filter(|w| match &w.kind {
            Kind::MissingAsset { .. } => true,
            Kind::Unresolved { tag, .. } => tag.starts_with("asset_"),
            _ => false,
        })
        .count();
    // Only the cache's index reads them from here on: without a cache, put in no map (a
    // second copy while it is made) and freed while the run goes on rather than held to its
    // end (at 1,000,000 articles, a million records through the phases that need the most
    // memory).
    let mut cached_articles: Previous = if caching {
        cached_articles.into_iter().collect()
    } else {
        std::thread::spawn(move || drop(cached_articles));
        Previous::new()
    };
    report
        .warnings
        .extend(moved(&last_articles, &cached_articles));
    if caching {
        cached_articles.extend(read.drafts);
    }
    // 100k records freed while the run goes on.
    std::thread::spawn(move || drop(last_articles));
    phases.lap("moves, assets");

    let tz = &config.options.tz;
    let facets = Facets::count(read.names, articles.iter().map(|a| (&a.names, a.date)), tz);
    let mut articles = articles;
    let docs: Vec<RelatedDoc> = articles
        .iter_mut()
        .map(|a| RelatedDoc {
            facets: facets.related_keys(&a.names),
            terms: std::mem::take(&mut a.terms),
            duplicate: a.duplicate,
        })
        .collect();
    let started = std::time::Instant::now();
    let (related, cached_related, reused) =
        related_lists(&docs, &facets, &previous.related, caching);
    report.related.reused = reused;
    report.related.seconds = started.elapsed().as_secs_f64();
    report.related.links = related.iter().map(Vec::len).sum();
    drop(docs);
    let archive = Archive {
        articles,
        related,
        related_bytes: Default::default(),
        facets,
        tz,
        spill: read.spill,
        writer: &writer,
        pieces: Pieces::new(
            std::mem::take(&mut previous.groups),
            std::mem::take(&mut previous.segments),
        ),
        tail: std::sync::Mutex::new(last_tail),
        tail_kept: Default::default(),
        held: match &cache {
            Some(run) => run.folder.join(HELD_DIR),
            None => writer.scratch().join(HELD_DIR),
        },
    };

    // A body's pack holds its related articles and its row's fields too: the pieces are cut
    // with them counted.
    let pieces: Vec<layout::Article> = archive
        .articles
        .iter()
        .zip(body_bytes)
        .zip(&archive.related)
        .enumerate()
        .map(|(g, ((a, body_bytes), links))| layout::Article {
            slug_hash: xxh3_64(a.slug.as_bytes()),
            body_bytes: body_bytes
                + related_bytes(g as u32, links)
                + archive.row_fields(g as u32).len() as u32,
        })
        .collect();
    let layout = layout::lay_out(&pieces);
    drop(pieces);
    phases.lap("facets, related, layout");
    let directory = archive.write_groups(&layout)?;
    phases.lap("groups: keys, reuse checks, rebuilt ones written");
    report.related.bytes = archive
        .related_bytes
        .load(std::sync::atomic::Ordering::Relaxed);
    let search = archive.write_segments(&layout, config.search)?;
    report.search = search.stats;
    phases.lap("segments: keys, reuse checks, rebuilt ones written");
    let facets = archive.write_facets()?;
    let (lookup, lookup_reused) = archive.lookup(last_lookup)?;
    phases.lap("facet pages, lookup");

    let count = archive.articles.len() as u32;
    let newest_first = count.saturating_sub(NEWEST_ROWS.max(feed::FEED_ENTRIES) as u32);
    let newest = archive.rows_newest_first(newest_first..count)?;
    let mut named: Vec<(String, Vec<u8>)> = Vec::new();
    let mut value_feeds = None;
    if let Some(url) = &config.site_url {
        let title = config.title.as_deref().unwrap_or(feed::DEFAULT_TITLE);
        let site = feed::FeedOf {
            title,
            page: "",
            path: feed::ATOM_FEED,
        };
        named.push((
            feed::ATOM_FEED.into(),
            feed::atom(&newest, url, site).into_bytes(),
        ));
        named.push((
            feed::JSON_FEED.into(),
            feed::json_feed(&newest, url, title).into_bytes(),
        ));
        let (feeds, files) = archive.value_feeds(url, title)?;
        named.extend(files);
        value_feeds = Some(feeds);
        let articles = archive.articles.iter().rev();
        let sitemap = feed::sitemap(
            articles.map(|a| (a.slug.as_str(), a.date.map(|d| d.seconds))),
            url,
        );
        named.push(("sitemap.xml".into(), sitemap.into_bytes()));
    }
    let pins = pinned_order(&archive.articles);
    for &g in pins.iter().skip(PINNED_ROWS) {
        let body: Body = serde_json::from_str(&archive.spilled(g)?.body)?;
        report.warnings.push(Diagnostic {
            path: body.source,
            pos: Pos::START,
            kind: Kind::TooManyPinned { max: PINNED_ROWS },
        });
    }
    let pinned = pins
        .iter()
        .take(PINNED_ROWS)
        .map(|&g| {
            Ok(Pinned {
                number: g,
                row: archive.row(g, &archive.spilled(g)?),
            })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let entry = Entry {
        version: FORMAT_VERSION,
        articles: count,
        title: config.title.clone(),
        lang: config.lang.clone(),
        feeds: value_feeds,
        newest: write_newest(&writer, newest)?,
        pinned,
        directory,
        segments: search.segments,
        search: search.root,
        text: config.search,
        lookup: lookup.root.clone(),
        lookup_newest: lookup.newest.clone(),
        facets,
    };
    let entry = serde_json::to_vec(&entry)?;
    report.bundled = archive.articles.len();
    let spill_len = archive.spill.len();
    let Archive {
        pieces,
        articles,
        related,
        facets,
        tail,
        tail_kept,
        ..
    } = archive;
    // Freed while the run finishes (100k articles' records and related lists).
    std::thread::spawn(move || drop((articles, related, facets)));
    report.files = writer
        .finish(&named, &entry)
        .with_context(|| format!("writing the bundle in {}", config.out.display()))?;
    phases.lap("feeds, entry, finish the output");
    *carried = Carried {
        numbers: Some(numbered),
        lookup: Some(lookup),
        tail: tail.into_inner().unwrap_or_else(|e| e.into_inner()),
    };
    let Some(run) = cache else {
        return Ok(Built {
            report,
            saving: None,
        });
    };
    let groups = pieces
        .groups
        .into_inner()
        .unwrap_or_else(|e| e.into_inner());
    let segments = pieces
        .segments
        .into_inner()
        .unwrap_or_else(|e| e.into_inner());
    report.cache = Some(CacheStats {
        folder: run.folder.clone(),
        reused: read.reused,
        unread: read.unread,
        parsed: report.read - read.reused,
        groups_reused: pieces.groups_reused.into_inner(),
        groups: layout.groups.len(),
        segments_reused: pieces.segments_reused.into_inner(),
        segments_patched: pieces.segments_patched.into_inner(),
        // A merge being published reads the segments it takes in too.
        segments: layout.segments.len() + layout.merges.iter().map(|m| m.old.len()).sum::<usize>(),
        numbers_reused,
        lookup_reused,
        tail_lists_kept: tail_kept.into_inner(),
    });
    let index = cache::Index {
        version: cache::CACHE_VERSION,
        folio: env!("CARGO_PKG_VERSION").to_string(),
        settings: run.settings,
        spill_len,
        articles: cached_articles,
        groups,
        segments,
        related: cached_related,
    };
    Ok(Built {
        report,
        saving: Some(Saving {
            folder: run.folder,
            index,
        }),
    })
}
