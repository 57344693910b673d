//! The `folio` command line: argument parsing and reporting around [`crate::bundler`], and the
//! commands that read a bundle ([`bundle_dir`]): `search`, `list`, `pack`.
//!
//! `main` returns the exit code: 0 on success, 1 when `--strict` found problems, 2 when the
//! bundle could not be written (or read), the output folder refused included. Errors print
//! their whole cause chain.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};

use crate::bundler::article::Options;
use crate::bundler::bundle::{self, Config, Report, DEFAULT_MAX_SIZE};
use crate::bundler::date;

pub mod bundle_dir;
pub mod scan;

#[derive(Debug, Parser)]
#[command(
    name = "folio",
    version,
    about = "Bundle Hexo-style articles for the Folio viewer"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Read every article below SEEDS_DIR and write the JSON bundle to --out.
    Bundle {
        /// Folder of articles (`.md`, `.markdown`), searched recursively.
        seeds_dir: PathBuf,
        /// Output folder: new, empty, or a bundle written before (only its files are replaced).
        #[arg(long)]
        out: PathBuf,
        /// Write into an output folder that holds other files (none of them is deleted).
        #[arg(long)]
        force: bool,
        /// Exit with status 1 if any error or warning was reported.
        #[arg(long)]
        strict: bool,
        /// Time zone for dates written without one: an IANA name, `UTC`, or an offset like `+08:00`.
        #[arg(long, default_value = "UTC")]
        timezone: String,
        /// Files larger than this many bytes are reported and skipped.
        #[arg(long, default_value_t = DEFAULT_MAX_SIZE)]
        max_size: u64,
        /// Also bundle articles marked `draft: true` or `published: false`.
        #[arg(long)]
        drafts: bool,
        /// The app's public URL; also writes `atom.xml` (newest 50) and `sitemap.xml`.
        #[arg(long)]
        site_url: Option<String>,
        /// The site's title, shown by the app and in the Atom feed (default `Folio`).
        #[arg(long)]
        site_title: Option<String>,
        /// Index only the facets, not the articles' text (the app then filters the rows' text).
        #[arg(long)]
        no_search: bool,
    },
    /// Write one self-contained HTML file (app, styles and data inlined) that opens from disk.
    Pack {
        /// The built app (Trunk's output).
        #[arg(long, default_value = "dist")]
        dist: PathBuf,
        /// The bundle to inline; defaults to <DIST>/data.
        #[arg(long)]
        data: Option<PathBuf>,
        /// The HTML file to write.
        #[arg(long)]
        out: PathBuf,
    },
    /// Search a bundle's full-text index (as the app does) and print the matching slugs and
    /// titles (tab-separated), best first.
    Search {
        /// The bundle folder (`folio bundle`'s --out).
        bundle: PathBuf,
        /// The query: terms (all required), "a phrase", -excluded.
        query: Vec<String>,
        /// Instead of the index, scan every article's text (the reference for recall tests):
        /// CJK terms as substrings, other terms as whole words; prints newest first.
        #[arg(long)]
        scan: bool,
    },
    /// Print every article of a bundle, newest first: number, slug and title, tab-separated.
    List {
        /// The bundle folder (`folio bundle`'s --out).
        bundle: PathBuf,
        /// One JSON object a line instead: the article's number and its row.
        #[arg(long)]
        json: bool,
    },
    /// Write COUNT synthetic articles in the seed's format to --out (deterministic).
    Gen {
        /// How many articles.
        #[arg(long)]
        count: usize,
        /// Output folder.
        #[arg(long)]
        out: PathBuf,
        /// Seed for the generator; the same seed gives the same files.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Also give each article up to three tags out of this many, with a long tail.
        #[arg(long, default_value_t = 0)]
        tags: usize,
    },
}

/// Runs the CLI with the process arguments.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err}");
            for cause in err.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Bundle {
            seeds_dir,
            out,
            strict,
            timezone,
            max_size,
            drafts,
            site_url,
            site_title,
            no_search,
            force,
        } => {
            let tz = date::time_zone(&timezone).map_err(anyhow::Error::msg)?;
            let config = Config {
                input: seeds_dir,
                out,
                options: Options { tz },
                max_size,
                drafts,
                site_url,
                title: site_title,
                search: !no_search,
                force,
            };
            let report = bundle::run(&config)?;
            print_report(&report);
            let problems = report.errors.len() + report.warnings.len();
            Ok(if strict && problems > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Pack { dist, data, out } => {
            let data = data.unwrap_or_else(|| dist.join("data"));
            let packed = crate::pack::pack(&dist, &data, &out)?;
            eprintln!(
                "wrote {} ({} bytes, {} articles)",
                packed.out.display(),
                packed.bytes,
                packed.articles
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Search {
            bundle,
            query,
            scan,
        } => {
            let query = query.join(" ");
            let found: Vec<(String, String)> = if scan {
                bundle_dir::scan(&bundle, &query)?
                    .into_iter()
                    .map(|s| (s.row.slug, s.row.title))
                    .collect()
            } else {
                let mut b = bundle_dir::BundleDir::open(&bundle)?;
                let hits = b.search(&query)?;
                eprintln!(
                    "{} articles; read {} bytes of index",
                    hits.len(),
                    b.bytes_read
                );
                let numbers: Vec<u32> = hits.iter().map(|h| h.doc).collect();
                let mut rows = b.rows_of(&numbers)?;
                numbers
                    .iter()
                    .map(|n| {
                        let row = rows.remove(n).with_context(|| format!("no article {n}"))?;
                        Ok((row.slug, row.title))
                    })
                    .collect::<anyhow::Result<_>>()?
            };
            let mut out = std::io::stdout().lock();
            for (slug, title) in found {
                writeln!(out, "{slug}\t{}", one_line(&title))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::List { bundle, json } => {
            let b = bundle_dir::BundleDir::open(&bundle)?;
            let rows = b.rows()?;
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            for (number, row) in rows.iter().enumerate().rev() {
                if json {
                    let listed = Listed {
                        number: number as u32,
                        row,
                    };
                    writeln!(out, "{}", serde_json::to_string(&listed)?)?;
                } else {
                    writeln!(out, "{number}\t{}\t{}", row.slug, one_line(&row.title))?;
                }
            }
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Gen {
            count,
            out,
            seed,
            tags,
        } => {
            let written = crate::gen::generate_with_tags(&out, count, seed, tags)
                .with_context(|| format!("writing articles to {}", out.display()))?;
            eprintln!("wrote {written} articles to {}", out.display());
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// A line of `folio list --json`: the article's number and its row's fields.
#[derive(serde::Serialize)]
struct Listed<'a> {
    number: u32,
    #[serde(flatten)]
    row: &'a crate::model::Row,
}

/// `text` on one line: tabs and line breaks as spaces, so that columns stay columns.
fn one_line(text: &str) -> String {
    text.replace(['\t', '\n', '\r'], " ")
}

fn print_report(report: &Report) {
    for d in report.diagnostics() {
        eprintln!("{d}");
    }
    let mut reasons: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for d in report.diagnostics() {
        let severity = if d.is_error() { "skipped" } else { "warning" };
        *reasons.entry((severity, d.kind.reason())).or_default() += 1;
    }
    if !report.drafts.is_empty() {
        reasons.insert(("skipped", "draft"), report.drafts.len());
    }
    eprintln!(
        "read {}, bundled {}, skipped {}, warnings {}",
        report.read,
        report.bundled,
        report.skipped(),
        report.warnings.len()
    );
    for ((severity, reason), n) in reasons {
        eprintln!("  {severity}: {n} × {reason}");
    }
    if report.search.files > 0 {
        eprintln!(
            "search index: {} tokens in {} files, {} bytes",
            report.search.tokens, report.search.files, report.search.bytes
        );
    }
    if report.related.links > 0 {
        eprintln!(
            "related: {} links, {} bytes in packs, {:.2} s",
            report.related.links, report.related.bytes, report.related.seconds
        );
    }
    let files = &report.files;
    let total = files.total();
    eprintln!(
        "bundle: {} files, {} bytes; index.json {} bytes{}",
        total.files,
        total.bytes,
        files.entry,
        files
            .largest
            .as_ref()
            .map(|l| format!("; largest {}, {} bytes", l.path, l.bytes))
            .unwrap_or_default()
    );
    for (kind, tally) in &files.kinds {
        eprintln!("  {kind}: {} files, {} bytes", tally.files, tally.bytes);
    }
    if files.deleted > 0 {
        eprintln!("  removed {} files of the previous bundle", files.deleted);
    }
}
