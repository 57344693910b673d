//! The `folio` command line: argument parsing and reporting around [`crate::bundler`], the
//! commands that read a bundle ([`bundle_dir`]): `search`, `list`, `pack`, and the writer's
//! preview ([`serve`]). [`hints`] catches the usual mistakes in the folders given.
//!
//! `main` returns the exit code: 0 on success, 1 when `--strict` found problems, 2 when the
//! bundle could not be written (or read), the output folder refused included. Errors print
//! their whole cause chain.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};

use crate::bundler::article::Options;
use crate::bundler::bundle::{self, Config, Report, DEFAULT_MAX_SIZE};
use crate::bundler::date;
use crate::bundler::hexo::{self, SiteConfig};

pub(crate) mod bundle_dir;
pub(crate) mod hints;
pub mod scan;
pub mod serve;

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
        /// Folder of articles (`.md`, `.markdown`), searched recursively; or a Hexo site (a
        /// folder with `_config.yml` and `source/`): its posts and pages, with the title, URL
        /// and time zone of its `_config.yml` unless the options below say otherwise.
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
        /// Time zone for dates written without one: an IANA name, `UTC`, or an offset like `+08:00`
        /// (default: a Hexo site's `timezone`, else UTC).
        #[arg(long)]
        timezone: Option<String>,
        /// Files larger than this many bytes are reported and skipped.
        #[arg(long, default_value_t = DEFAULT_MAX_SIZE)]
        max_size: u64,
        /// Also bundle articles marked `draft: true` or `published: false`, and a Hexo site's
        /// `source/_drafts`.
        #[arg(long)]
        drafts: bool,
        /// The app's public URL; also writes `atom.xml` (newest 50) and `sitemap.xml`.
        #[arg(long)]
        site_url: Option<String>,
        /// The site's title, shown by the app and in the Atom feed (default `Folio`).
        #[arg(long)]
        site_title: Option<String>,
        /// The site's language, e.g. `zh-CN` or `en` (default: a Hexo site's `language`): the
        /// articles' language unless their front matter names one, and the app's for a reader
        /// who chose none.
        #[arg(long)]
        language: Option<String>,
        /// Index only the facets, not the articles' text (the app then filters the rows' text).
        #[arg(long)]
        no_search: bool,
        /// Where to keep what this run made, so that the next one redoes only what changed
        /// (one cache per output folder, never inside it).
        #[arg(long, value_name = "DIR", default_value = crate::bundler::cache::DEFAULT_CACHE_DIR)]
        cache: PathBuf,
        /// Build from scratch: neither read nor write the cache.
        #[arg(long)]
        no_cache: bool,
        /// Each post's relative images and files are looked for first in the folder named as
        /// the post beside it (`hello/` for `hello.md`), as Hexo's `post_asset_folder: true`
        /// (default: a Hexo site's `_config.yml`).
        #[arg(long)]
        post_asset_folder: bool,
    },
    /// Bundle SEEDS_DIR, serve the app and the bundle on 127.0.0.1, and bundle again on every
    /// change: open pages show it without a reload, and files that fail over the page.
    Serve {
        /// Folder of articles (`.md`, `.markdown`), searched recursively and watched.
        seeds_dir: PathBuf,
        /// Port on 127.0.0.1 (0 lets the system choose; the URL is printed).
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// The built app (`make app` or `trunk build --release` writes it).
        #[arg(long, default_value = "dist")]
        dist: PathBuf,
        /// The bundle's folder (default: one per articles folder in the system's temporary
        /// folder; never the app's data/).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Time zone for dates written without one: an IANA name, `UTC`, or an offset like `+08:00`
        /// (default: a Hexo site's `timezone`, else UTC).
        #[arg(long)]
        timezone: Option<String>,
        /// Also show articles marked `draft: true` or `published: false`.
        #[arg(long)]
        drafts: bool,
        /// Look for each post's relative images and files first in the folder named as the
        /// post, as `folio bundle --post-asset-folder` (default: a Hexo site's `_config.yml`).
        #[arg(long)]
        post_asset_folder: bool,
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

/// Reads a Hexo site's `_config.yml`; an error names the file.
fn read_site_config(site: &Path) -> anyhow::Result<SiteConfig> {
    let path = site.join("_config.yml");
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    SiteConfig::parse(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
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

/// The bundler's configuration for the articles in `input`: a Hexo site's `_config.yml`
/// gives the time zone, the site's URL and title unless the flags do.
fn site_config(
    input: PathBuf,
    out: PathBuf,
    timezone: Option<String>,
    site_url: Option<String>,
    site_title: Option<String>,
    language: Option<String>,
) -> anyhow::Result<Config> {
    let hexo_site = hexo::is_site(&input);
    let site = if hexo_site {
        read_site_config(&input)?
    } else {
        SiteConfig::default()
    };
    let timezone = timezone
        .or(site.timezone.clone().filter(|t| !t.trim().is_empty()))
        .unwrap_or_else(|| "UTC".to_string());
    let tz = date::time_zone(&timezone).map_err(anyhow::Error::msg)?;
    let mut config = Config::new(input, out);
    config.options = Options {
        tz,
        ..Options::default()
    };
    config.site_url = site_url.or_else(|| site.public_url());
    config.title = site_title.or(site.title.clone());
    config.lang = language
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .or(site.language.clone());
    config.hexo_site = hexo_site;
    config.site = site;
    Ok(config)
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
            language,
            no_search,
            force,
            cache,
            no_cache,
            post_asset_folder,
        } => {
            hints::output_folder(&out, force)?;
            let mut config = site_config(seeds_dir, out, timezone, site_url, site_title, language)?;
            config.site.post_asset_folder |= post_asset_folder;
            config.max_size = max_size;
            config.drafts = drafts;
            config.search = !no_search;
            config.force = force;
            config.cache = (!no_cache).then_some(cache);
            let report = bundle::run(&config)?;
            print_report(&report);
            let problems = report.errors.len() + report.warnings.len();
            Ok(if strict && problems > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Serve {
            seeds_dir,
            port,
            dist,
            out,
            timezone,
            drafts,
            post_asset_folder,
        } => {
            let out = out.unwrap_or_else(|| serve::default_out(&seeds_dir));
            let mut config = site_config(seeds_dir, out, timezone, None, None, None)?;
            config.drafts = drafts;
            config.site.post_asset_folder |= post_asset_folder;
            // Every save rebuilds incrementally; the cache stays out of the writer's folders.
            config.cache = Some(std::env::temp_dir().join("folio-serve").join("cache"));
            config.keep_last_good = true;
            serve::run(serve::Serve { config, dist, port })?;
            Ok(ExitCode::SUCCESS)
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
            hints::bundle_folder(&bundle)?;
            let query = query.join(" ");
            let found: Vec<(String, String)> = if scan {
                bundle_dir::scan(&bundle, &query)?
                    .into_iter()
                    .map(|s| (s.row.slug, s.row.title))
                    .collect()
            } else {
                let mut b = bundle_dir::BundleDir::open(&bundle)?;
                // What the app's first screen reads of the index for a query of one word.
                if let Some(first) = b.search_heads(&query)? {
                    eprintln!(
                        "{} first articles from the heads; read {} bytes of index",
                        first.len(),
                        b.bytes_read
                    );
                }
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
            hints::bundle_folder(&bundle)?;
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
    let assets = &report.assets;
    if assets.copied + assets.missing > 0 {
        eprintln!(
            "assets: {} files copied, {} bytes; {} missing",
            assets.copied, assets.bytes, assets.missing
        );
    }
    if report.search.files > 0 {
        eprintln!(
            "search index: {} tokens in {} files, {} bytes",
            report.search.tokens, report.search.files, report.search.bytes
        );
    }
    if report.related.links > 0 {
        eprintln!(
            "related: {} links, {} bytes in packs, {:.2} s ({} articles' lists from the cache)",
            report.related.links,
            report.related.bytes,
            report.related.seconds,
            report.related.reused
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
    if let Some(cache) = &report.cache {
        eprintln!(
            "cache {}: {} files unchanged ({} not read: same size and time), {} parsed; {} of \
             {} groups and {} of {} search segments reused, {} patched",
            cache.folder.display(),
            cache.reused,
            cache.unread,
            cache.parsed,
            cache.groups_reused,
            cache.groups,
            cache.segments_reused,
            cache.segments,
            cache.segments_patched
        );
    }
}
