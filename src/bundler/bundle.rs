//! Stage 10, the IO edge: read a seeds folder, run every file through the pipeline, write the
//! bundle.
//!
//! Takes a [`Config`] and returns a [`Report`] that accounts for every file: read = bundled +
//! skipped (errors and drafts). Files are read, processed and their bodies written in parallel
//! (rayon), streaming: only the light index entries stay in memory. The output is the same bytes
//! whatever the order files finish in. A progress bar shows on a terminal, nothing otherwise.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Context;
use rayon::prelude::*;

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressStyle};

use super::article::{self, Article, Options};
use super::error::{Diagnostic, Kind, Pos, Problem};
use super::index;
use crate::model::INDEX_FILE;

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
    /// With a public URL, also write `atom.xml` and `sitemap.xml`.
    pub site: Option<Site>,
    /// Write the full-text search index (`s/`).
    pub search: bool,
}

impl Config {
    /// Bundles `input` into `out` with the defaults: UTC, [`DEFAULT_MAX_SIZE`], no drafts, no
    /// feeds, a search index.
    pub fn new(input: impl Into<PathBuf>, out: impl Into<PathBuf>) -> Self {
        Self {
            input: input.into(),
            out: out.into(),
            options: Options::default(),
            max_size: DEFAULT_MAX_SIZE,
            drafts: false,
            site: None,
            search: true,
        }
    }
}

/// Where the bundle will be published, for the feeds.
#[derive(Debug, Clone)]
pub struct Site {
    /// The app's public URL (`https://user.github.io/archive/`).
    pub url: String,
    /// The feed's title.
    pub title: String,
}

/// What happened to every input file.
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
    /// What the search index came to.
    pub search: SearchStats,
}

/// Size of the search index.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchStats {
    /// Distinct tokens.
    pub tokens: usize,
    /// Files written under `s/` (shards, position files, the manifest).
    pub files: usize,
    /// Bytes of shards and position files.
    pub bytes: u64,
}

impl Report {
    pub fn skipped(&self) -> usize {
        self.errors.len() + self.drafts.len()
    }

    /// Every diagnostic, errors first, each group in path order.
    pub fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.errors.iter().chain(&self.warnings)
    }
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
    for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
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

/// What happened to one file.
enum Outcome {
    Bundled(index::Entry, Vec<Diagnostic>),
    Draft(String, Vec<Diagnostic>),
    Failed(Diagnostic),
}

/// Reads one file, builds its article and writes its body file.
fn process(root: &Path, path: &Path, config: &Config) -> Outcome {
    let (article, warnings) = match read(root, path, config) {
        Ok(done) => done,
        Err(diagnostic) => return Outcome::Failed(diagnostic),
    };
    if article.hidden && !config.drafts {
        return Outcome::Draft(article.summary.source, warnings);
    }
    let source = article.summary.source.clone();
    let (body, entry) = index::body_file(article);
    match fs::write(config.out.join(&body.path), &body.json) {
        Ok(()) => Outcome::Bundled(entry, warnings),
        Err(e) => {
            let kind = Kind::Io(format!("writing {}: {e}", body.path));
            Outcome::Failed(Problem::at(Pos::START, kind).tagged(&source))
        }
    }
}

/// Reads one file and builds its article.
fn read(
    root: &Path,
    path: &Path,
    config: &Config,
) -> Result<(Article, Vec<Diagnostic>), Diagnostic> {
    let source = relative(root, path);
    let io = |e: std::io::Error| Problem::at(Pos::START, Kind::Io(e.to_string())).tagged(&source);
    let size = fs::metadata(path).map_err(io)?.len();
    if size > config.max_size {
        let kind = Kind::TooLarge {
            size,
            max: config.max_size,
        };
        return Err(Problem::at(Pos::START, kind).tagged(&source));
    }
    let bytes = fs::read(path).map_err(io)?;
    let (article, warnings) =
        article::from_bytes(&source, &bytes, &config.options).map_err(|p| p.tagged(&source))?;
    Ok((
        article,
        warnings.into_iter().map(|p| p.tagged(&source)).collect(),
    ))
}

/// Builds the search index of `built` (letting go of its texts as it goes), writes it to
/// `<out>/s/` and returns the search root's path.
///
/// A bridge until the bundler writes format 4 (branch f4-bundler): the whole archive as one
/// segment, numbered in this index's order, so that the app, `folio search` and the recall
/// tests run the format-4 search core on a format-3 bundle.
fn write_search(
    out: &Path,
    built: &mut index::Built,
    report: &mut Report,
) -> anyhow::Result<String> {
    use super::search_index::{build_segment, IndexDoc};
    use crate::model::{content_hash, file_path, FileKind, SearchRoot};
    let docs = built
        .index
        .articles
        .iter()
        .zip(std::mem::take(&mut built.texts))
        .map(|(a, text)| IndexDoc {
            title: a.title.clone(),
            text,
            facets: Vec::new(),
        });
    let write = |path: &str, bytes: &[u8]| {
        let path = out.join(path);
        if let Some(folder) = path.parent() {
            fs::create_dir_all(folder)?;
        }
        fs::write(path, bytes)
    };
    let segment = build_segment(docs, true, &std::env::temp_dir(), &write)
        .context("writing the search index")?;
    let root = serde_json::to_string(&SearchRoot {
        segments: vec![segment.segment],
    })?;
    let root_path = file_path(FileKind::SearchRoot, &content_hash(root.as_bytes()));
    write(&root_path, root.as_bytes()).with_context(|| format!("writing {root_path}"))?;
    report.search = SearchStats {
        tokens: segment.tokens,
        files: segment.files + 1,
        bytes: segment.bytes,
    };
    Ok(root_path)
}

/// Runs the whole pipeline and writes the bundle to `config.out`.
pub fn run(config: &Config) -> anyhow::Result<Report> {
    let root = &config.input;
    anyhow::ensure!(root.is_dir(), "{} is not a folder", root.display());
    let (files, walk_errors) = find_articles(root);
    let out = &config.out;
    // Bodies of an earlier bundle would linger under names nothing refers to.
    let bodies_dir = out.join("a");
    if bodies_dir.exists() {
        fs::remove_dir_all(&bodies_dir)
            .with_context(|| format!("removing {}", bodies_dir.display()))?;
    }
    fs::create_dir_all(&bodies_dir)
        .with_context(|| format!("creating {}", bodies_dir.display()))?;

    let progress = if std::io::stderr().is_terminal() {
        let style =
            ProgressStyle::with_template("{bar:40} {pos}/{len} articles, {per_sec}, {eta} left")
                .unwrap_or_else(|_| ProgressStyle::default_bar());
        ProgressBar::new(files.len() as u64).with_style(style)
    } else {
        ProgressBar::hidden()
    };
    let outcomes: Vec<Outcome> = files
        .par_iter()
        .map(|path| {
            let outcome = process(root, path, config);
            progress.inc(1);
            outcome
        })
        .collect();
    progress.finish_and_clear();

    let mut report = Report {
        read: files.len() + walk_errors.len(),
        errors: walk_errors,
        ..Report::default()
    };
    let mut entries = Vec::with_capacity(outcomes.len());
    for outcome in outcomes {
        match outcome {
            Outcome::Bundled(entry, warnings) => {
                report.warnings.extend(warnings);
                entries.push(entry);
            }
            Outcome::Draft(source, warnings) => {
                report.warnings.extend(warnings);
                report.drafts.push(source);
            }
            Outcome::Failed(diagnostic) => report.errors.push(diagnostic),
        }
    }
    let mut built = index::build(entries);

    // The search index, written over the one of an earlier bundle.
    let search_dir = out.join("s");
    if search_dir.exists() {
        fs::remove_dir_all(&search_dir)
            .with_context(|| format!("removing {}", search_dir.display()))?;
    }
    if config.search {
        built.index.search = Some(write_search(out, &mut built, &mut report)?);
    }

    let index_path = out.join(INDEX_FILE);
    let json = serde_json::to_string(&built.index)?;
    fs::write(&index_path, json).with_context(|| format!("writing {}", index_path.display()))?;
    if let Some(site) = &config.site {
        let atom = super::feed::atom(&built.index, &site.url, &site.title);
        fs::write(out.join("atom.xml"), atom).context("writing atom.xml")?;
        let sitemap = super::feed::sitemap(&built.index, &site.url);
        fs::write(out.join("sitemap.xml"), sitemap).context("writing sitemap.xml")?;
    }
    report.warnings.extend(built.warnings);
    report.bundled = built.index.articles.len();
    Ok(report)
}
