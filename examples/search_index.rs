//! Measures the search index writer alone: `build_segment` over one segment of articles.
//!
//! ```sh
//! folio gen --count 10000 --out /tmp/c10k
//! cargo run --profile bundler --example search_index -- prepare /tmp/c10k /tmp/c10k.docs
//! /usr/bin/time -v cargo run --profile bundler --example search_index -- run /tmp/c10k.docs [OUT]
//! ```
//!
//! `prepare` reads a folder of articles through the bundler's article stage and keeps what the
//! index sees of each (title, text, facet tokens), oldest first, in one file. `run` streams that
//! file into `build_segment` as one segment (the largest a bundler would make of these articles)
//! and prints the time per article and what it wrote; files go to `OUT` when given, else they
//! are only counted. Peak memory is the process's (`/usr/bin/time -v`), which holds one batch
//! of articles at a time besides the writer's own. `segments` cuts the articles into segments
//! by FORMAT.md's rule (a hash of the title standing for the slug's) and writes each, and the
//! search root, to `OUT`; `search OUT QUERY…` then times queries over it, as typed.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use folio::bundler::{build_segment, IndexDoc, SegmentKind};
use folio::bundler::{from_text, ArticleOptions as Options};
use folio::model::SearchRoot;
use folio::search::{engine, facet_token, month_token, FacetKind, Loaded, Outcome, Query};
use rayon::prelude::*;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["prepare", corpus, docs] => prepare(Path::new(corpus), Path::new(docs)),
        ["run", docs] => run(Path::new(docs), None, false),
        ["run", docs, out] => run(Path::new(docs), Some(PathBuf::from(out)), false),
        ["segments", docs, out] => run(Path::new(docs), Some(PathBuf::from(out)), true),
        ["search", out, queries @ ..] => {
            let queries: Vec<String> = queries.iter().map(|q| q.to_string()).collect();
            search(Path::new(out), &queries)
        }
        _ => anyhow::bail!(
            "usage: search_index prepare CORPUS DOCS | run DOCS [OUT] | segments DOCS OUT | search OUT QUERY…"
        ),
    }
}

fn prepare(corpus: &Path, out: &Path) -> anyhow::Result<()> {
    let mut paths: Vec<PathBuf> = walkdir::WalkDir::new(corpus)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    paths.sort();
    let articles: Vec<_> = paths
        .par_iter()
        .filter_map(|path| {
            let text = std::fs::read_to_string(path).ok()?;
            let source = path
                .strip_prefix(corpus)
                .ok()?
                .to_string_lossy()
                .into_owned();
            from_text(&source, &text, &Options::default())
                .ok()
                .map(|(a, _)| a)
        })
        .collect();
    let mut articles = articles;
    articles.sort_by(|a, b| {
        (a.summary.date, &a.summary.source).cmp(&(b.summary.date, &b.summary.source))
    });
    let mut file = BufWriter::new(File::create(out)?);
    for a in &articles {
        let s = &a.summary;
        let mut facets = Vec::new();
        if let Some(author) = &s.author {
            facets.push(facet_token(FacetKind::Author, author));
        }
        for tag in &s.tags {
            facets.push(facet_token(FacetKind::Tag, tag));
        }
        for path in &s.categories {
            for depth in 1..=path.len() {
                let path = path[..depth].join("\u{1f}");
                facets.push(facet_token(FacetKind::Category, &path));
            }
        }
        if let Some(date) = s.date {
            let (y, m, _) = folio::query::civil_date(date.seconds);
            facets.push(month_token(y, m));
        }
        for field in [&s.title, &a.text, &facets.join("\n")] {
            file.write_all(&(field.len() as u64).to_le_bytes())?;
            file.write_all(field.as_bytes())?;
        }
    }
    file.flush()?;
    eprintln!("{} articles to {}", articles.len(), out.display());
    Ok(())
}

/// The articles of a `prepare`d file, read as they are asked for.
struct Docs(BufReader<File>);

impl Docs {
    fn field(&mut self) -> io::Result<Option<String>> {
        let mut len = [0u8; 8];
        match self.0.read_exact(&mut len) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
            Err(e) => return Err(e),
        }
        let mut bytes = vec![0; u64::from_le_bytes(len) as usize];
        self.0.read_exact(&mut bytes)?;
        String::from_utf8(bytes)
            .map(Some)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
    }
}

impl Iterator for Docs {
    type Item = IndexDoc;

    fn next(&mut self) -> Option<IndexDoc> {
        let title = self.field().ok()??;
        let text = self.field().ok()??;
        let facets = self.field().ok()??;
        Some(IndexDoc {
            title,
            text,
            names: String::new(),
            facets: facets
                .split('\n')
                .filter(|f| !f.is_empty())
                .map(String::from)
                .collect(),
        })
    }
}

/// Where the segments of `n` articles end, by FORMAT.md's rule, each article's hash standing
/// for its slug's: the closed level-5 runs, then level 4 and so on (a run of level `k` once it
/// holds `2^(9 + 2k)` articles, as `layout::segment_min_articles`), then the open tail; and
/// whether the last one is that tail.
fn segment_ends(hashes: &[u64]) -> (Vec<usize>, bool) {
    let level = |h: u64| {
        (1..=5)
            .rev()
            .find(|k| h.trailing_zeros() >= 9 + 2 * k)
            .unwrap_or(0)
    };
    let mut ends = Vec::new();
    let mut start = 0;
    for k in (1..=5).rev() {
        for (i, &h) in hashes.iter().enumerate().skip(start) {
            if level(h) >= k && i + 1 - start >= 1 << (9 + 2 * k) {
                ends.push(i + 1);
                start = i + 1;
            }
        }
    }
    let open_tail = start < hashes.len();
    if open_tail {
        ends.push(hashes.len());
    }
    (ends, open_tail)
}

fn run(docs: &Path, out: Option<PathBuf>, segmented: bool) -> anyhow::Result<()> {
    let scratch = tempfile::tempdir()?;
    let written = AtomicU64::new(0);
    let write = |path: &str, bytes: &[u8]| -> io::Result<()> {
        written.fetch_add(1, Ordering::Relaxed);
        if let Some(out) = &out {
            let path = out.join(path);
            if let Some(folder) = path.parent() {
                std::fs::create_dir_all(folder)?;
            }
            std::fs::write(path, bytes)?;
        }
        Ok(())
    };
    let ends = if segmented {
        let titles: Vec<u64> = Docs(BufReader::new(File::open(docs)?))
            .map(|d| xxhash_rust::xxh3::xxh3_64(d.title.as_bytes()))
            .collect();
        segment_ends(&titles)
    } else {
        (vec![usize::MAX], false)
    };
    let (ends, open_tail) = ends;
    let count = ends.len();
    let mut docs = Docs(BufReader::new(File::open(docs)?));
    let mut root = SearchRoot::default();
    let start = Instant::now();
    let mut from = 0;
    for (i, end) in ends.into_iter().enumerate() {
        let segment = docs.by_ref().take(end - from);
        from = end;
        let kind = if open_tail && i + 1 == count {
            SegmentKind::Tail
        } else {
            SegmentKind::Closed
        };
        let began = Instant::now();
        let index = build_segment(segment, true, kind, scratch.path(), &write)?;
        let seconds = began.elapsed().as_secs_f64();
        let articles = index.segment.docs;
        println!(
            "{articles} articles in {seconds:.2} s ({:.1} µs an article, {} threads): {} tokens, {} files, {:.1} MB, {} key blocks",
            seconds * 1e6 / f64::from(articles.max(1)),
            rayon::current_num_threads(),
            index.tokens,
            index.files,
            index.bytes as f64 / 1e6,
            index.segment.blocks.len(),
        );
        root.segments.push(index.segment);
    }
    println!("all in {:.2} s", start.elapsed().as_secs_f64());
    if let Some(out) = &out {
        std::fs::write(out.join(ROOT), serde_json::to_string(&root)?)?;
    }
    Ok(())
}

/// Where `run` leaves the search root in its output folder.
const ROOT: &str = "root.json";

/// Times queries over an index `run` wrote: the first answer loads what it needs from disk,
/// the next ones have it all.
fn search(out: &Path, queries: &[String]) -> anyhow::Result<()> {
    let root: SearchRoot = serde_json::from_slice(&std::fs::read(out.join(ROOT))?)?;
    let mut loaded = Loaded::default();
    for text in queries {
        let query = Query::parse_typing(text);
        let mut bytes = 0;
        let hits = loop {
            match engine::search(&root, &query, &[], &loaded) {
                Outcome::Done(hits) => break hits,
                Outcome::Need(paths) => {
                    for path in paths {
                        let file = std::fs::read(out.join(&path))?;
                        bytes += file.len();
                        loaded.insert(path, file).map_err(anyhow::Error::msg)?;
                    }
                }
            }
        };
        let mut times: Vec<f64> = (0..5)
            .map(|_| {
                let began = Instant::now();
                let _ = engine::search(&root, &query, &[], &loaded);
                began.elapsed().as_secs_f64() * 1e3
            })
            .collect();
        times.sort_by(f64::total_cmp);
        println!(
            "{text:?}: {} hits, {:.1} KB read, {:.2} ms loaded (median of 5)",
            hits.len(),
            bytes as f64 / 1e3,
            times[2]
        );
    }
    Ok(())
}
