//! Stage 8, the IO edge: read a seeds folder, run every file through the pipeline, write the
//! bundle.
//!
//! Takes a [`Config`] and returns a [`Report`] that accounts for every file: read = bundled +
//! skipped (errors and drafts). Files are read and processed in parallel (rayon); the output is
//! the same bytes whatever the order they finish in.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Context;
use rayon::prelude::*;

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

/// Reads one file and builds its article.
fn process(
    root: &Path,
    path: &Path,
    config: &Config,
) -> Result<(Article, Vec<Diagnostic>), Diagnostic> {
    let source = relative(root, path);
    let io = |e: std::io::Error| Problem::at(Pos::START, Kind::Io(e.to_string())).tagged(&source);
    let size = fs::metadata(path).map_err(io)?.len();
    if size > config.max_size {
        return Err(Problem::at(
            Pos::START,
            Kind::TooLarge {
                size,
                max: config.max_size,
            },
        )
        .tagged(&source));
    }
    let bytes = fs::read(path).map_err(io)?;
    let (article, warnings) =
        article::from_bytes(&source, &bytes, &config.options).map_err(|p| p.tagged(&source))?;
    Ok((
        article,
        warnings.into_iter().map(|p| p.tagged(&source)).collect(),
    ))
}

/// Runs the whole pipeline and writes the bundle to `config.out`.
pub fn run(config: &Config) -> anyhow::Result<Report> {
    let root = &config.input;
    anyhow::ensure!(root.is_dir(), "{} is not a folder", root.display());
    let (files, walk_errors) = find_articles(root);
    let results: Vec<_> = files
        .par_iter()
        .map(|path| process(root, path, config))
        .collect();

    let mut report = Report {
        read: files.len() + walk_errors.len(),
        errors: walk_errors,
        ..Report::default()
    };
    let mut articles = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok((article, warnings)) => {
                report.warnings.extend(warnings);
                if article.hidden && !config.drafts {
                    report.drafts.push(article.source);
                } else {
                    articles.push(article);
                }
            }
            Err(diagnostic) => report.errors.push(diagnostic),
        }
    }
    let built = index::build(articles);
    write(&config.out, &built)?;
    report.warnings.extend(built.warnings);
    report.bundled = built.index.articles.len();
    Ok(report)
}

/// Writes the index and the body files, replacing an earlier bundle's body folder.
fn write(out: &Path, built: &index::Built) -> anyhow::Result<()> {
    let bodies_dir = out.join("a");
    if bodies_dir.exists() {
        fs::remove_dir_all(&bodies_dir)
            .with_context(|| format!("removing {}", bodies_dir.display()))?;
    }
    fs::create_dir_all(&bodies_dir)
        .with_context(|| format!("creating {}", bodies_dir.display()))?;
    built.bodies.par_iter().try_for_each(|body| {
        let path = out.join(&body.path);
        fs::write(&path, &body.json).with_context(|| format!("writing {}", path.display()))
    })?;
    let index_path = out.join(INDEX_FILE);
    let json = serde_json::to_string(&built.index)?;
    fs::write(&index_path, json).with_context(|| format!("writing {}", index_path.display()))?;
    Ok(())
}
