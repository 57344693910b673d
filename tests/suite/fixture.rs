//! What the tests share: paths into the repository, [`Seeds`] (a folder of articles written in a
//! temporary folder from a few lines each), [`Bundle`] (a bundle and its report, read back
//! through [`BundleDir`] as the CLI reads it), the `folio` binary, and [`assert_same!`] for
//! failures that show a line diff.
//!
//! ```ignore
//! let bundle = Seeds::new().article("a.md", "title: A\ndate: 2024-01-02", "Body").bundle();
//! assert_eq!(bundle.rows[0].title, "A");
//! ```

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use folio::bundler::{Config, Report};
use folio::model::{Body, Entry, Row};
use folio::BundleDir;
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
        folio::generate(seeds.path(), count, seed).expect("generates");
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

    /// Deletes `path`.
    pub fn remove(self, path: &str) -> Self {
        fs::remove_file(self.path().join(path)).unwrap();
        self
    }
}

/// A bundle written into a temporary folder (removed on drop), with the run's report and the
/// bundle read back: its entry and every row, in number order (oldest first).
pub struct Bundle {
    pub report: Report,
    pub dir: BundleDir,
    pub rows: Vec<Row>,
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

/// Bundles `input` into `out`; checks what holds for every run: the counts add up, the entry
/// and its rows list what was bundled, and the bundle's file list names exactly the files the
/// bundler keeps there.
pub fn bundle_into(input: &Path, out: TempDir, set: impl FnOnce(&mut Config)) -> Bundle {
    let mut config = Config::new(input, out.path());
    set(&mut config);
    let report = folio::bundler::run(&config).expect("bundles");
    assert_eq!(
        report.read,
        report.bundled + report.skipped(),
        "counts must add up"
    );
    let dir = BundleDir::open(out.path()).expect("opens");
    let rows = dir.rows().expect("reads every row");
    assert_eq!(report.bundled, dir.entry.articles as usize);
    assert_eq!(report.bundled, rows.len());
    assert!(
        !out.path().join(".folio-tmp").exists(),
        "the scratch folder is removed"
    );
    Bundle {
        report,
        dir,
        rows,
        out,
    }
}

impl Bundle {
    /// The bundle folder.
    pub fn path(&self) -> &Path {
        self.out.path()
    }

    pub fn entry(&self) -> &Entry {
        &self.dir.entry
    }

    /// The body of article `number`.
    pub fn body(&self, number: u32) -> Body {
        self.dir.body(number).expect("reads the body")
    }

    /// The numbers of article `number`'s related articles, best first, from its body's
    /// distances back.
    pub fn related(&self, number: u32) -> Vec<u32> {
        self.body(number).related_numbers(number)
    }

    /// What search looks through in each article ([`folio::searched_text`]), lowercased, by
    /// number, read back from the bundle's packs.
    pub fn searched_texts(&self) -> Vec<String> {
        let rows = self.rows.iter().enumerate();
        rows.map(|(n, row)| folio::searched_text(row, &self.body(n as u32)).to_lowercase())
            .collect()
    }

    /// The number and row of the first article whose title `is` says yes to.
    pub fn article(&self, is: impl Fn(&str) -> bool) -> (u32, &Row) {
        let found = self.rows.iter().enumerate().find(|(_, a)| is(&a.title));
        let (number, row) = found.expect("an article with such a title");
        (number as u32, row)
    }

    /// The paths the bundle's file list names.
    pub fn listed(&self) -> Vec<String> {
        let list = fs::read_to_string(self.path().join(".folio-bundle")).expect("a file list");
        list.lines().map(str::to_string).collect()
    }

    /// The articles' titles, sorted.
    pub fn titles(&self) -> Vec<&str> {
        let mut titles: Vec<_> = self.rows.iter().map(|a| a.title.as_str()).collect();
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

/// The `folio` binary, ready to run `folio bundle <input> --out <out> --no-cache`; add
/// arguments to it. (Without `--no-cache` every run would leave a cache for its temporary output
/// folder in `.folio-cache/` of the repository; `incremental` tests the cache.)
pub fn folio_bundle(input: &Path, out: &Path) -> Command {
    let mut folio = Command::new(env!("CARGO_BIN_EXE_folio"));
    folio
        .arg("bundle")
        .arg(input)
        .arg("--out")
        .arg(out)
        .arg("--no-cache");
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

/// Fails naming every file that is missing, extra or different between two bundles' files (a
/// diff of the bytes themselves would be slow and unreadable), with where the first different
/// file starts to differ.
pub fn assert_same_files(expected: &BTreeMap<String, Vec<u8>>, got: &BTreeMap<String, Vec<u8>>) {
    if expected == got {
        return;
    }
    let missing: Vec<_> = expected.keys().filter(|k| !got.contains_key(*k)).collect();
    let extra: Vec<_> = got.keys().filter(|k| !expected.contains_key(*k)).collect();
    let changed: Vec<_> = expected
        .iter()
        .filter(|(k, v)| got.get(*k).is_some_and(|g| g != *v))
        .map(|(k, _)| k)
        .collect();
    let first = changed
        .first()
        .map(|k| {
            let (e, g) = (&expected[*k], &got[*k]);
            let at = e.iter().zip(g.iter()).take_while(|(a, b)| a == b).count();
            let around = |bytes: &[u8]| {
                String::from_utf8_lossy(&bytes[at.saturating_sub(200)..(at + 200).min(bytes.len())])
                    .into_owned()
            };
            format!(
                "{k}, from byte {at}:\nexpected …{}…\ngot      …{}…",
                around(e),
                around(g)
            )
        })
        .unwrap_or_default();
    panic!(
        "the bundles differ: missing {missing:?}, extra {extra:?}, changed {changed:?}\n{first}"
    );
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
