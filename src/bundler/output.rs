//! The IO edge's output folder: whether it may be written, writing files so that a reader or a
//! host never sees half a bundle, and removing only the bundler's own stale files.
//!
//! [`prepare`] takes the input and output folders and `--force`; it refuses an output inside the
//! input or around it, and an output folder that is neither empty nor a bundle unless forced,
//! and returns a [`Writer`] that knows the files of the bundle already there (from its
//! [`FILE_LIST`], or a format-3 `index.json`). [`Writer::write`] and [`Writer::write_path`]
//! write a hashed file (from any thread) through a temporary file and a rename, skipping one
//! that exists under its hash; [`Writer::finish`] writes the named files (feeds), then the file
//! list, then the entry, and only then deletes the previous bundle's files that the new one does
//! not have, and returns what the bundle came to ([`FileStats`]). Nothing else in the folder is
//! ever deleted. The scratch folder ([`SCRATCH_DIR`]) is removed when the writer is dropped.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use crate::model::{content_hash, file_path, FileKind, ENTRY_FILE, FILE_LIST};

/// The bundler's scratch folder inside the output folder, removed at the end of every run.
pub const SCRATCH_DIR: &str = ".folio-tmp";

/// Files written by name beside the entry (with `--site-url`).
pub const NAMED_FILES: [&str; 3] = ["atom.xml", "feed.json", "sitemap.xml"];

/// Why an output folder is refused.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error(
        "the output folder {out} is inside the input folder {input}: the bundle would be read as \
         articles next time; choose an --out outside {input}"
    )]
    InsideInput { out: PathBuf, input: PathBuf },
    #[error(
        "the input folder {input} is inside the output folder {out}: writing the bundle there \
         would mix it with the articles; choose an --out that does not contain them"
    )]
    AroundInput { out: PathBuf, input: PathBuf },
    #[error(
        "the output folder {out} is not empty and holds no bundle (no {FILE_LIST} and no \
         index.json of folio); choose a new or empty folder, or pass --force to write the bundle \
         beside what is there (nothing of it is deleted)"
    )]
    NotABundle { out: PathBuf },
    #[error(
        "writing the bundle would replace {path}, which the bundler did not write; move it away \
         or choose another --out"
    )]
    WouldReplace { path: PathBuf },
    #[error("the output path {out} is not a folder")]
    NotAFolder { out: PathBuf },
    #[error("{what} {path}: {source}")]
    Io {
        what: &'static str,
        path: PathBuf,
        source: io::Error,
    },
}

fn io_error<'a>(what: &'static str, path: &'a Path) -> impl FnOnce(io::Error) -> OutputError + 'a {
    move |source| OutputError::Io {
        what,
        path: path.to_path_buf(),
        source,
    }
}

/// `path` made absolute with its symbolic links resolved, as far as it exists.
fn resolved(path: &Path) -> io::Result<PathBuf> {
    let absolute = std::path::absolute(path)?;
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        match existing.canonicalize() {
            Ok(mut real) => {
                for part in rest.iter().rev() {
                    real.push(part);
                }
                return Ok(real);
            }
            Err(_) => match (existing.parent(), existing.file_name()) {
                (Some(parent), Some(name)) => {
                    rest.push(name.to_os_string());
                    existing = parent;
                }
                _ => return Ok(absolute),
            },
        }
    }
}

/// Whether `path` is one the bundler writes: the entry, the named files, a hashed file of
/// format 4 (`r/3f/3f09a4c1d2e5b687.json`) or of format 3 (`a/<hash>.json`, `s/<hash>.json`,
/// `s/<id>-<i>.bin`, `s/<id>-<j>.pos`). A listed path of any other shape is never deleted.
pub fn is_bundle_path(path: &str) -> bool {
    let hex = |s: &str, len: usize| {
        s.len() == len
            && s.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    };
    if path == ENTRY_FILE || NAMED_FILES.contains(&path) || crate::model::is_asset_path(path) {
        return true;
    }
    let parts: Vec<&str> = path.split('/').collect();
    match parts[..] {
        // A tag's or a top-level category's feed (`feeds/t/17.xml`).
        ["feeds", "t" | "c", name] => name.strip_suffix(".xml").is_some_and(|id| {
            !id.is_empty() && id.len() <= 10 && id.bytes().all(|b| b.is_ascii_digit())
        }),
        [_, sub, name] => {
            let Some((hash, _)) = name.split_once('.') else {
                return false;
            };
            // The folder and extension of a kind (a key block is `s/…keys`), or a lookup file
            // of format 8 or before (`l/…json`), which a rebuild in format 9 replaces.
            let kind = crate::model::FileKind::of_path(path).is_some()
                || (parts[0] == "l" && name.ends_with(".json"));
            kind && hex(hash, 16) && hash.starts_with(sub) && sub.len() == 2
        }
        [folder, name] => {
            let Some((stem, ext)) = name.split_once('.') else {
                return false;
            };
            match (folder, ext) {
                ("a" | "s", "json") => hex(stem, 16),
                ("s", "bin" | "pos") => stem.split_once('-').is_some_and(|(id, i)| {
                    hex(id, 12) && !i.is_empty() && i.bytes().all(|b| b.is_ascii_digit())
                }),
                _ => false,
            }
        }
        _ => false,
    }
}

/// The files of a format-3 (or older) bundle, from its `index.json`: the entry, every body and
/// the search index's files. `None` when `index` is not such an index.
fn format3_files(out: &Path, index: &[u8]) -> Option<BTreeSet<String>> {
    let index: serde_json::Value = serde_json::from_slice(index).ok()?;
    let version = index.get("version")?.as_u64()?;
    if version > 3 {
        return None;
    }
    let articles = index.get("articles")?.as_array()?;
    let mut files: BTreeSet<String> = articles
        .iter()
        .filter_map(|a| a.get("body")?.as_str().map(str::to_string))
        .collect();
    files.insert(ENTRY_FILE.to_string());
    // Format 3 wrote the feeds by these names, and listed them nowhere.
    files.extend(
        NAMED_FILES
            .iter()
            .filter(|name| out.join(name).is_file())
            .map(|name| name.to_string()),
    );
    if let Some(manifest_path) = index.get("search").and_then(|s| s.as_str()) {
        files.insert(manifest_path.to_string());
        let manifest: Option<serde_json::Value> = fs::read(out.join(manifest_path))
            .ok()
            .filter(|_| is_bundle_path(manifest_path))
            .and_then(|bytes| serde_json::from_slice(&bytes).ok());
        if let Some(manifest) = manifest {
            let id = manifest
                .get("id")
                .and_then(|i| i.as_str())
                .unwrap_or_default();
            let shards = manifest
                .get("keys")
                .and_then(|k| k.as_array())
                .map_or(0, Vec::len);
            let positions = manifest
                .get("positions")
                .and_then(|p| p.as_u64())
                .unwrap_or(0);
            files.extend((0..shards).map(|i| format!("s/{id}-{i}.bin")));
            files.extend((0..positions).map(|j| format!("s/{id}-{j}.pos")));
        }
    }
    Some(files)
}

/// What is in the output folder before the run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// Nothing (or only a scratch folder left by an interrupted run).
    Empty,
    /// A bundle with these files.
    Bundle(BTreeSet<String>),
    /// Other files, and `--force` was given: the bundle is written beside them.
    Other,
}

/// What the output folder `out` holds; see [`Found`]. Refuses a folder that is neither empty nor
/// a bundle unless `force`.
pub fn inspect(out: &Path, force: bool) -> Result<Found, OutputError> {
    if !out.exists() {
        return Ok(Found::Empty);
    }
    if !out.is_dir() {
        return Err(OutputError::NotAFolder {
            out: out.to_path_buf(),
        });
    }
    let list_path = out.join(FILE_LIST);
    if list_path.is_file() {
        let list = fs::read_to_string(&list_path).map_err(io_error("reading", &list_path))?;
        let files = list
            .lines()
            .filter(|p| is_bundle_path(p))
            .map(str::to_string)
            .collect();
        return Ok(Found::Bundle(files));
    }
    if let Some(files) = fs::read(out.join(ENTRY_FILE))
        .ok()
        .and_then(|index| format3_files(out, &index))
    {
        return Ok(Found::Bundle(
            files.into_iter().filter(|p| is_bundle_path(p)).collect(),
        ));
    }
    let mut entries = fs::read_dir(out).map_err(io_error("reading", out))?;
    let empty = entries.all(|e| e.is_ok_and(|e| e.file_name() == SCRATCH_DIR));
    match (empty, force) {
        (true, _) => Ok(Found::Empty),
        (false, true) => Ok(Found::Other),
        (false, false) => Err(OutputError::NotABundle {
            out: out.to_path_buf(),
        }),
    }
}

/// Refuses an output folder inside the input folder or around it.
pub fn check_apart(input: &Path, out: &Path) -> Result<(), OutputError> {
    let real_input = resolved(input).map_err(io_error("resolving", input))?;
    let real_out = resolved(out).map_err(io_error("resolving", out))?;
    let (input, out) = (input.to_path_buf(), out.to_path_buf());
    if real_out.starts_with(&real_input) {
        return Err(OutputError::InsideInput { out, input });
    }
    if real_input.starts_with(&real_out) {
        return Err(OutputError::AroundInput { out, input });
    }
    Ok(())
}

/// Checks the folders (see [`check_apart`], [`inspect`]) and prepares the output folder and its
/// scratch folder. `named` are the files the run will write by name besides the entry (the
/// feeds): like the entry, each must be absent or the previous bundle's, `--force` or not.
pub fn prepare(
    input: &Path,
    out: &Path,
    force: bool,
    named: &[&str],
) -> Result<Writer, OutputError> {
    check_apart(input, out)?;
    let found = inspect(out, force)?;
    let ours = |name: &str| match &found {
        Found::Bundle(files) => files.contains(name),
        Found::Empty | Found::Other => false,
    };
    for name in named.iter().chain([&ENTRY_FILE]) {
        let path = out.join(name);
        if path.symlink_metadata().is_ok() && !ours(name) {
            return Err(OutputError::WouldReplace { path });
        }
    }
    fs::create_dir_all(out).map_err(io_error("creating", out))?;
    let scratch = out.join(SCRATCH_DIR);
    if scratch.exists() {
        fs::remove_dir_all(&scratch).map_err(io_error("removing", &scratch))?;
    }
    fs::create_dir(&scratch).map_err(io_error("creating", &scratch))?;
    Ok(Writer {
        root: out.to_path_buf(),
        scratch,
        previous: match found {
            Found::Bundle(files) => files,
            Found::Empty | Found::Other => BTreeSet::new(),
        },
        temporaries: AtomicU64::new(0),
        files: Mutex::new(BTreeMap::new()),
        written: Mutex::new(Vec::new()),
        folders: Mutex::new(HashSet::new()),
    })
}

/// How many files of a kind a bundle has, and their bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tally {
    pub files: u64,
    pub bytes: u64,
}

/// A bundle's largest file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Largest {
    pub path: String,
    pub bytes: u64,
}

/// What a bundle came to.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FileStats {
    /// By kind: the folder and the extension, as `r/*.json`; the entry and named files by name.
    pub kinds: BTreeMap<String, Tally>,
    /// The largest file but the entry.
    pub largest: Option<Largest>,
    /// Bytes of the entry.
    pub entry: u64,
    /// Files of the previous bundle deleted.
    pub deleted: u64,
}

impl FileStats {
    pub fn total(&self) -> Tally {
        self.kinds.values().fold(Tally::default(), |a, t| Tally {
            files: a.files + t.files,
            bytes: a.bytes + t.bytes,
        })
    }
}

fn kind_of(path: &str) -> String {
    match (path.split_once('/'), path.rsplit_once('.')) {
        (Some((folder, _)), Some((_, ext))) => format!("{folder}/*.{ext}"),
        _ => path.to_string(),
    }
}

/// Writes a bundle's files into the output folder.
#[derive(Debug)]
pub struct Writer {
    root: PathBuf,
    scratch: PathBuf,
    previous: BTreeSet<String>,
    temporaries: AtomicU64,
    /// Every file of the new bundle and its size.
    files: Mutex<BTreeMap<String, u64>>,
    /// The files this run wrote that no bundle lists yet: removed again if the run ends
    /// without [`Writer::finish`] (an error, or a damaged cache's run started over), so that
    /// no unlisted file stays behind.
    written: Mutex<Vec<String>>,
    folders: Mutex<HashSet<PathBuf>>,
}

impl Writer {
    /// The scratch folder, for the run's own temporary files.
    pub fn scratch(&self) -> &Path {
        &self.scratch
    }

    /// Writes `bytes` as the file of `kind` named by their hash; returns the hash.
    pub fn write(&self, kind: FileKind, bytes: &[u8]) -> io::Result<String> {
        let hash = content_hash(bytes);
        self.write_path(&file_path(kind, &hash), bytes)?;
        Ok(hash)
    }

    /// Writes `bytes` at `path` (relative to the bundle, named by their hash), unless a file is
    /// there already.
    pub fn write_path(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        if self.record(path, bytes.len() as u64) {
            let target = self.root.join(path);
            if !target.exists() {
                if let Some(folder) = target.parent() {
                    self.ensure_folder(folder)?;
                }
                self.replace(&target, bytes)?;
                if !self.previous.contains(path) {
                    let mut written = self.written.lock().unwrap_or_else(|e| e.into_inner());
                    written.push(path.to_string());
                }
            }
        }
        Ok(())
    }

    /// The bytes of file `path` of the previous bundle, if the previous bundle listed it and
    /// they still hash to its name (a file named by its content: anything else was changed or
    /// damaged since). Does not keep it in this bundle. A damaged file is removed, so that a
    /// run that needs it writes it again ([`Writer::write_path`] leaves a file that is there).
    pub fn read_previous(&self, path: &str) -> io::Result<Vec<u8>> {
        if !self.previous.contains(path) {
            return Err(io::Error::new(
                io::ErrorKind::NotFound,
                format!("{path}: not a file of the previous bundle"),
            ));
        }
        let bytes = fs::read(self.root.join(path))
            .map_err(|e| io::Error::new(e.kind(), format!("{path}: {e}")))?;
        let name = Path::new(path).file_stem().and_then(|s| s.to_str());
        if name != Some(content_hash(&bytes).as_str()) {
            let _ = fs::remove_file(self.root.join(path));
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!("{path}: its bytes no longer hash to its name"),
            ));
        }
        Ok(bytes)
    }

    /// Whether the previous bundle listed `path` and it is there with `bytes` bytes (then
    /// [`Writer::keep`] keeps it).
    pub fn has_previous(&self, path: &str, bytes: u64) -> bool {
        self.previous.contains(path)
            && fs::metadata(self.root.join(path)).is_ok_and(|m| m.is_file() && m.len() == bytes)
    }

    /// Keeps file `path` of the previous bundle in this one without writing it: true if the
    /// previous bundle listed it and it is there with `bytes` bytes (a cached piece's file),
    /// false if it has to be written again.
    pub fn keep(&self, path: &str, bytes: u64) -> bool {
        let there = self.has_previous(path, bytes);
        if there {
            self.record(path, bytes);
        }
        there
    }

    /// Notes `path` as a file of the bundle; whether it was new to this run.
    fn record(&self, path: &str, bytes: u64) -> bool {
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        files.insert(path.to_string(), bytes).is_none()
    }

    fn ensure_folder(&self, folder: &Path) -> io::Result<()> {
        let mut folders = self.folders.lock().unwrap_or_else(|e| e.into_inner());
        if !folders.contains(folder) {
            fs::create_dir_all(folder)?;
            folders.insert(folder.to_path_buf());
        }
        Ok(())
    }

    /// Writes `target` whole or not at all: a temporary file, then a rename over it.
    fn replace(&self, target: &Path, bytes: &[u8]) -> io::Result<()> {
        let n = self.temporaries.fetch_add(1, Ordering::Relaxed);
        let temporary = self.scratch.join(format!("w{n}"));
        fs::write(&temporary, bytes)?;
        fs::rename(&temporary, target).map_err(|e| {
            io::Error::new(e.kind(), format!("renaming into {}: {e}", target.display()))
        })
    }

    /// Writes the `named` files (the feeds), the file list and the entry, in that order, then
    /// deletes the previous bundle's files that this one does not have.
    pub fn finish(
        self,
        named: &[(impl AsRef<str>, Vec<u8>)],
        entry: &[u8],
    ) -> io::Result<FileStats> {
        for (name, bytes) in named {
            let name = name.as_ref();
            self.record(name, bytes.len() as u64);
            let path = self.root.join(name);
            if let Some(folder) = path.parent() {
                fs::create_dir_all(folder)?;
            }
            self.replace(&path, bytes)?;
        }
        self.record(ENTRY_FILE, entry.len() as u64);
        let files = std::mem::take(&mut *self.files.lock().unwrap_or_else(|e| e.into_inner()));
        let mut list = String::new();
        for path in files.keys() {
            list.push_str(path);
            list.push('\n');
        }
        self.replace(&self.root.join(FILE_LIST), list.as_bytes())?;
        self.replace(&self.root.join(ENTRY_FILE), entry)?;
        // From here on the list names them: nothing to take back.
        std::mem::take(&mut *self.written.lock().unwrap_or_else(|e| e.into_inner()));

        let mut stats = FileStats::default();
        for (path, &bytes) in &files {
            let tally = stats.kinds.entry(kind_of(path)).or_default();
            tally.files += 1;
            tally.bytes += bytes;
            if path != ENTRY_FILE && stats.largest.as_ref().is_none_or(|l| bytes > l.bytes) {
                stats.largest = Some(Largest {
                    path: path.clone(),
                    bytes,
                });
            }
        }
        stats.entry = entry.len() as u64;

        let mut emptied: BTreeSet<PathBuf> = BTreeSet::new();
        for stale in self.previous.difference(&files.keys().cloned().collect()) {
            let path = self.root.join(stale);
            match fs::remove_file(&path) {
                Ok(()) => stats.deleted += 1,
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(io::Error::new(e.kind(), format!("removing {stale}: {e}"))),
            }
            let mut folder = Path::new(stale.as_str()).parent();
            while let Some(f) = folder.filter(|f| f.components().next().is_some()) {
                emptied.insert(f.to_path_buf());
                folder = f.parent();
            }
        }
        // Deepest first; a folder that still holds anything stays.
        for folder in emptied.iter().rev() {
            let safe = folder
                .components()
                .all(|c| matches!(c, Component::Normal(_)));
            if safe {
                let _ = fs::remove_dir(self.root.join(folder));
            }
        }
        Ok(stats)
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        let written = std::mem::take(&mut *self.written.lock().unwrap_or_else(|e| e.into_inner()));
        for path in written {
            let _ = fs::remove_file(self.root.join(path));
        }
        let _ = fs::remove_dir_all(&self.scratch);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundle_paths_are_only_the_bundlers_shapes() {
        for good in [
            "index.json",
            "atom.xml",
            "r/3f/3f09a4c1d2e5b687.json",
            "c/00/00aa4c1d2e5b6870.bin",
            "s/ab/ab09a4c1d2e5b687.pos",
            "s/ab/ab09a4c1d2e5b687.keys",
            "l/ab/ab09a4c1d2e5b687.bin",
            "l/ab/ab09a4c1d2e5b687.json",
            "a/3f09a4c1d2e5b687.json",
            "s/3f09a4c1d2e5b687.json",
            "s/3f09a4c1d2e5-12.bin",
            "s/3f09a4c1d2e5-0.pos",
        ] {
            assert!(is_bundle_path(good), "{good}");
        }
        for bad in [
            "",
            "notes.txt",
            "../index.json",
            "/etc/passwd",
            "r/3f/../../x.json",
            "r/3e/3f09a4c1d2e5b687.json",
            "r/3f/3F09A4C1D2E5B687.json",
            "x/3f/3f09a4c1d2e5b687.json",
            "c/3f/3f09a4c1d2e5b687.json",
            "l/3e/3f09a4c1d2e5b687.json",
            "l/3f/3f09a4c1d2e5b687.txt",
            "a/3f09a4c1d2e5b687.html",
            "a/b/3f09a4c1d2e5b687.json",
            "s/3f09a4c1d2e5-x.bin",
        ] {
            assert!(!is_bundle_path(bad), "{bad}");
        }
    }

    #[test]
    fn folders_apart_nested_or_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in");
        fs::create_dir_all(input.join("sub")).unwrap();
        assert!(check_apart(&input, &dir.path().join("out")).is_ok());
        assert!(matches!(
            check_apart(&input, &input.join("sub/out")),
            Err(OutputError::InsideInput { .. })
        ));
        assert!(matches!(
            check_apart(&input, &input),
            Err(OutputError::InsideInput { .. })
        ));
        assert!(matches!(
            check_apart(&input, dir.path()),
            Err(OutputError::AroundInput { .. })
        ));
        // Through `..` and a path that does not exist yet.
        let sneaky = input.join("sub/../new/deeper");
        assert!(matches!(
            check_apart(&input, &sneaky),
            Err(OutputError::InsideInput { .. })
        ));
    }
}
