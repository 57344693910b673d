//! What the tests share: paths into the repository, [`Seeds`] (a folder of articles written in a
//! temporary folder from a few lines each), [`Bundle`] (a bundle and its report, read back), the
//! `folio` binary, and [`assert_same!`] for failures that show a line diff.
//!
//! ```ignore
//! let bundle = Seeds::new().article("a.md", "title: A\ndate: 2024-01-02", "Body").bundle();
//! assert_eq!(bundle.index.articles[0].title, "A");
//! ```

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use folio::bundler::bundle::{Config, Report};
use folio::model::{ArticleBody, ArticleSummary, Index};
use serde::de::DeserializeOwned;
use tempfile::TempDir;

/// `path` in the repository.
pub fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// The fixture folder `tests/fixtures/<name>`.
pub fn fixture(name: &str) -> PathBuf {
    repo("tests/fixtures").join(name)
}

/// `../shared/corpus/<path>`, the real articles, which are not ours and so not in the
/// repository: there in CI; elsewhere `None`, and the test says that it skips.
pub fn corpus(path: &str) -> Option<PathBuf> {
    let corpus = repo("../shared/corpus").join(path);
    if corpus.is_dir() {
        Some(corpus)
    } else {
        eprintln!(
            "skipped: {} is absent (it is there in CI)",
            corpus.display()
        );
        None
    }
}

/// A folder of articles in a temporary folder, removed on drop.
pub struct Seeds {
    dir: TempDir,
}

impl Seeds {
    pub fn new() -> Self {
        Self {
            dir: tempfile::tempdir().expect("a temporary folder"),
        }
    }

    /// `count` synthetic articles from `folio gen` with `seed`.
    pub fn generated(count: usize, seed: u64) -> Self {
        let seeds = Self::new();
        folio::gen::generate(seeds.path(), count, seed).expect("generates");
        seeds
    }

    /// Writes `path` as an article: `---`, the front-matter lines, `---`, the body.
    pub fn article(self, path: &str, front_matter: &str, body: &str) -> Self {
        let front_matter = front_matter.trim_end_matches('\n');
        self.file(path, format!("---\n{front_matter}\n---\n{body}"))
    }

    /// Writes `path` with exactly `text` (replacing what was there).
    pub fn file(self, path: &str, text: impl AsRef<[u8]>) -> Self {
        let path = self.path().join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
        self
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Bundles the folder with the default [`Config`].
    pub fn bundle(&self) -> Bundle {
        bundle(self.path())
    }

    /// Bundles the folder with a [`Config`] changed by `set`.
    pub fn bundle_with(&self, set: impl FnOnce(&mut Config)) -> Bundle {
        bundle_with(self.path(), set)
    }

    /// Bundles the folder again into the output folder of `earlier`, as a second run would.
    pub fn bundle_again(&self, earlier: Bundle, set: impl FnOnce(&mut Config)) -> Bundle {
        bundle_into(self.path(), earlier.out, set)
    }
}

/// A bundle written into a temporary folder (removed on drop), with the run's report and the
/// index read back.
pub struct Bundle {
    pub report: Report,
    pub index: Index,
    pub out: TempDir,
}

/// Bundles `input` with the default [`Config`].
pub fn bundle(input: &Path) -> Bundle {
    bundle_with(input, |_| {})
}

/// Bundles `input` with a [`Config`] changed by `set`.
pub fn bundle_with(input: &Path, set: impl FnOnce(&mut Config)) -> Bundle {
    bundle_into(input, tempfile::tempdir().expect("a temporary folder"), set)
}

/// Bundles `input` into `out`; checks what holds for every run: the counts add up, and the
/// index lists what was bundled.
fn bundle_into(input: &Path, out: TempDir, set: impl FnOnce(&mut Config)) -> Bundle {
    let mut config = Config::new(input, out.path());
    set(&mut config);
    let report = folio::bundler::bundle::run(&config).expect("bundles");
    assert_eq!(
        report.read,
        report.bundled + report.skipped(),
        "counts must add up"
    );
    let index: Index = read_json(&out.path().join("index.json"));
    assert_eq!(report.bundled, index.articles.len());
    Bundle { report, index, out }
}

impl Bundle {
    /// The bundle folder.
    pub fn path(&self) -> &Path {
        self.out.path()
    }

    /// The JSON file at `path` in the bundle.
    pub fn read<T: DeserializeOwned>(&self, path: &str) -> T {
        read_json(&self.path().join(path))
    }

    /// The body file of `article`.
    pub fn body(&self, article: &ArticleSummary) -> ArticleBody {
        self.read(&article.body)
    }

    /// The first article whose title `is` says yes to.
    pub fn article(&self, is: impl Fn(&str) -> bool) -> &ArticleSummary {
        let found = self.index.articles.iter().find(|a| is(&a.title));
        found.expect("an article with such a title")
    }

    /// What the bundle's `folder` holds, as sorted paths (`folder/name`).
    pub fn list(&self, folder: &str) -> Vec<String> {
        let entries = fs::read_dir(self.path().join(folder)).expect("a folder of the bundle");
        let mut names: Vec<String> = entries
            .map(|e| format!("{folder}/{}", e.unwrap().file_name().to_string_lossy()))
            .collect();
        names.sort();
        names
    }

    /// The articles' titles, sorted.
    pub fn titles(&self) -> Vec<&str> {
        let mut titles: Vec<_> = self
            .index
            .articles
            .iter()
            .map(|a| a.title.as_str())
            .collect();
        titles.sort();
        titles
    }

    /// Every diagnostic of the run as `path:line:col reason`, by path (a file's own in the
    /// order reported).
    pub fn diagnostics(&self) -> Vec<String> {
        let mut lines: Vec<(&str, String)> = self
            .report
            .diagnostics()
            .map(|d| {
                let line = format!(
                    "{}:{}:{} {}",
                    d.path,
                    d.pos.line,
                    d.pos.col,
                    d.kind.reason()
                );
                (d.path.as_str(), line)
            })
            .collect();
        lines.sort_by(|a, b| a.0.cmp(b.0));
        lines.into_iter().map(|(_, line)| line).collect()
    }
}

fn read_json<T: DeserializeOwned>(path: &Path) -> T {
    let bytes = fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The `folio` binary, ready to run `folio bundle <input> --out <out>`; add arguments to it.
pub fn folio_bundle(input: &Path, out: &Path) -> Command {
    let mut folio = Command::new(env!("CARGO_BIN_EXE_folio"));
    folio.arg("bundle").arg(input).arg("--out").arg(out);
    folio
}

/// Every file below `dir` and its bytes, by path relative to `dir`.
pub fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let name = path.strip_prefix(root).unwrap().display().to_string();
                out.insert(name, fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// `expected` and `got` printed with `{:#?}`, as a line diff.
pub fn diff(expected: &dyn Debug, got: &dyn Debug) -> String {
    let (expected, got) = (format!("{expected:#?}\n"), format!("{got:#?}\n"));
    let diff = similar::TextDiff::from_lines(&expected, &got);
    diff.unified_diff().header("expected", "got").to_string()
}

/// `assert_eq!(expected, got)` whose failure shows a line diff of the two, pretty-printed.
macro_rules! assert_same {
    ($expected:expr, $got:expr $(,)?) => {
        $crate::fixture::assert_same!($expected, $got, "{}", stringify!($got))
    };
    ($expected:expr, $got:expr, $($what:tt)+) => {{
        let (expected, got) = (&$expected, &$got);
        if got != expected {
            panic!(
                "{} is not as expected:\n{}",
                format_args!($($what)+),
                $crate::fixture::diff(expected, got)
            );
        }
    }};
}
pub(crate) use assert_same;
