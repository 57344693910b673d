//! Part of the IO edge ([`super::bundle`]): the [`Site`] a run's articles resolve against, over
//! the [`SiteMap`] of every bundled article and the files of the input folder.
//!
//! Takes the site map and the articles' folder; answers the tag and markdown stages: another
//! article as its in-app address (`#/a/<slug>`), a file an article refers to as the bundle URL
//! of its copy (`m/<hh>/<hash>.<ext>`, named by the xxh3 hash of its bytes, so one file used by
//! many articles, or two identical files, are one copy), a place outside as an absolute URL.
//! Each file is read and hashed once per run; [`Assets::copies`] lists what the bundle must
//! hold. [`Recording`] wraps the site for one article and keeps every question it asked with
//! the answer, which is what the cache compares on the next run: an article whose questions
//! get other answers (a target that appeared, moved or vanished, an asset whose bytes changed)
//! is built again.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::Xxh3;

use super::links::{article_href, SiteMap, Target};
use super::tags::{CodeFile, Post, Reference, Site};

/// Hexo's folder for `{% include_code %}` files, below `source/`.
const CODE_FOLDER: &str = "downloads/code";

/// The kinds of files copied into the bundle, by extension: images, documents, audio, video,
/// fonts, archives and plain text — files that do nothing when opened. HTML, SVG, XML and
/// scripts are not copied: opened on their own from the bundle they would run on the viewer's
/// origin.
const PASSIVE_EXTENSIONS: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "webp", "avif", "bmp", "ico", "tif", "tiff", "jxl", "heic", "pdf",
    "epub", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp", "mp3", "m4a", "ogg",
    "oga", "opus", "wav", "flac", "aac", "mp4", "m4v", "webm", "ogv", "mov", "woff", "woff2",
    "ttf", "otf", "zip", "gz", "tgz", "tar", "bz2", "xz", "7z", "rar", "txt", "csv", "tsv", "json",
];

/// Whether a file named `name` is of a kind the bundle copies ([`PASSIVE_EXTENSIONS`]).
pub fn is_passive(name: &str) -> bool {
    name.rsplit_once('.')
        .is_some_and(|(_, e)| PASSIVE_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// What is at a path an article names.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Found {
    Copy(Copy),
    /// A file of a kind the bundle does not copy.
    Refused,
    Nothing,
}

/// A file of the input copied into the bundle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Copy {
    /// Where it is read from.
    pub from: PathBuf,
    /// Its path in the bundle ([`crate::model::asset_path`]).
    pub to: String,
    pub bytes: u64,
}

/// The site of one run.
#[derive(Debug)]
pub struct Assets {
    map: SiteMap,
    /// The articles' folder (a Hexo site's `source/`).
    root: PathBuf,
    /// Files looked at, by path relative to `root`.
    files: Mutex<HashMap<String, Found>>,
}

impl Assets {
    pub fn new(map: SiteMap, root: PathBuf) -> Self {
        Self {
            map,
            root,
            files: Mutex::default(),
        }
    }

    /// The file at `path` (relative to the articles' folder), read and hashed once.
    fn file(&self, path: &str) -> Found {
        if let Some(known) = lock(&self.files).get(path) {
            return known.clone();
        }
        let found = self.read(path);
        lock(&self.files).insert(path.to_string(), found.clone());
        found
    }

    fn read(&self, path: &str) -> Found {
        if path.is_empty() || path.ends_with('/') {
            return Found::Nothing;
        }
        let from = self.root.join(path);
        if !from.is_file() {
            return Found::Nothing;
        }
        if !is_passive(path) {
            return Found::Refused;
        }
        self.hash(path, from).map_or(Found::Nothing, Found::Copy)
    }

    /// The copy of the file at `from` (`path` below the root): its bytes hashed.
    fn hash(&self, path: &str, from: PathBuf) -> Option<Copy> {
        let mut file = std::fs::File::open(&from).ok()?;
        let mut hasher = Xxh3::new();
        let mut buffer = vec![0; 64 * 1024];
        let mut bytes = 0u64;
        loop {
            let n = file.read(&mut buffer).ok()?;
            if n == 0 {
                break;
            }
            hasher.update(&buffer[..n]);
            bytes += n as u64;
        }
        let name = path.rsplit('/').next().unwrap_or(path);
        let extension = name.rsplit_once('.').map_or("", |(_, e)| e);
        let hash = format!("{:016x}", hasher.digest());
        Some(Copy {
            from,
            to: crate::model::asset_path(&hash, extension),
            bytes,
        })
    }

    /// The files whose bundle paths are `named`, once each, in path order (a draft's files,
    /// asked for but not bundled, are left out).
    pub fn copies(&self, named: &BTreeSet<&str>) -> Vec<Copy> {
        let files = lock(&self.files);
        let unique: BTreeMap<&str, &Copy> = files
            .values()
            .filter_map(|f| match f {
                Found::Copy(c) if named.contains(c.to.as_str()) => Some((c.to.as_str(), c)),
                _ => None,
            })
            .collect();
        unique.into_values().cloned().collect()
    }

    fn target(&self, target: Target) -> Reference {
        match target {
            Target::Keep => Reference::Same,
            Target::Article { slug, anchor } => {
                Reference::To(article_href(&slug, anchor.as_deref()))
            }
            Target::Outside(url) => Reference::To(url),
            Target::Missing => Reference::NotBundled,
            Target::Files {
                candidates,
                otherwise,
            } => {
                for candidate in &candidates {
                    match self.file(candidate) {
                        Found::Copy(copy) => return Reference::To(copy.to),
                        Found::Refused => return Reference::Refused(candidate.clone()),
                        Found::Nothing => {}
                    }
                }
                let last = candidates.last().map_or("", String::as_str);
                let names_a_file = is_passive(last);
                match *otherwise {
                    // A picture or a document that is not there is missing even where the
                    // site's address could make a URL of it: the bundle would show nothing.
                    Target::Outside(_) if names_a_file => {
                        Reference::MissingFile { looked: candidates }
                    }
                    Target::Missing if !super::bundle::is_article(Path::new(last)) => {
                        Reference::MissingFile { looked: candidates }
                    }
                    other => self.target(other),
                }
            }
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Site for Assets {
    fn post(&self, _from: &str, name: &str) -> Option<Post> {
        self.map.post(name).map(|listed| Post {
            url: article_href(&listed.slug, None),
            title: listed.title.clone(),
        })
    }

    fn asset(&self, from: &str, name: &str) -> Option<String> {
        match self.target(self.map.resolve(from, name)) {
            Reference::To(url) if crate::model::is_asset_path(&url) => Some(url),
            _ => None,
        }
    }

    fn code_file(&self, path: &str) -> Option<CodeFile> {
        let path = path.trim_start_matches('/');
        if path.split('/').any(|p| p == "..") {
            return None;
        }
        let text = std::fs::read_to_string(self.root.join(CODE_FOLDER).join(path)).ok()?;
        Some(CodeFile { text, url: None })
    }

    fn reference(&self, from: &str, url: &str) -> Reference {
        self.target(self.map.resolve(from, url))
    }
}

/// One question an article asked of the site, with the answer it got, as the cache keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    /// What was asked: `post`, `asset`, `code` or `link`, a `\u{1f}`, and the name or URL.
    pub question: String,
    /// The answer, written as text.
    pub answer: String,
}

/// The site for one article: asks `inner` and keeps every question with its answer.
#[derive(Debug)]
pub struct Recording {
    inner: Arc<Assets>,
    answers: Mutex<Vec<Answer>>,
}

impl Recording {
    pub fn new(inner: Arc<Assets>) -> Self {
        Self {
            inner,
            answers: Mutex::default(),
        }
    }

    /// The questions asked, each once, in the order first asked.
    pub fn answers(&self) -> Vec<Answer> {
        let mut answers = std::mem::take(&mut *lock(&self.answers));
        let mut seen = std::collections::HashSet::new();
        answers.retain(|a| seen.insert(a.question.clone()));
        answers
    }

    fn note(&self, kind: &str, name: &str, answer: String) {
        lock(&self.answers).push(Answer {
            question: format!("{kind}\u{1f}{name}"),
            answer,
        });
    }
}

/// The bundle paths of the post assets `answers` name.
pub fn named_assets(answers: &[Answer]) -> impl Iterator<Item = &str> {
    answers.iter().filter_map(|a| {
        let url = a.answer.strip_prefix('>').unwrap_or(&a.answer);
        crate::model::is_asset_path(url).then_some(url)
    })
}

/// Whether `site` still gives `answers` for the article at `from` (asking again, so the files
/// they name are counted for this run).
pub fn same_answers(site: &Assets, from: &str, answers: &[Answer]) -> bool {
    answers.iter().all(|a| {
        let Some((kind, name)) = a.question.split_once('\u{1f}') else {
            return false;
        };
        ask(site, from, kind, name).is_some_and(|answer| answer == a.answer)
    })
}

/// The answer to one question, as text; `None` for a question of no known kind.
fn ask(site: &Assets, from: &str, kind: &str, name: &str) -> Option<String> {
    Some(match kind {
        "post" => post_answer(site.post(from, name).as_ref()),
        "asset" => site.asset(from, name).unwrap_or_default(),
        "code" => code_answer(site.code_file(name).as_ref()),
        "link" => reference_answer(&site.reference(from, name)),
        _ => return None,
    })
}

fn post_answer(post: Option<&Post>) -> String {
    post.map_or_else(String::new, |p| format!("{}\u{1f}{}", p.url, p.title))
}

fn code_answer(file: Option<&CodeFile>) -> String {
    file.map_or_else(String::new, |c| {
        format!("{:016x}", xxhash_rust::xxh3::xxh3_64(c.text.as_bytes()))
    })
}

fn reference_answer(reference: &Reference) -> String {
    match reference {
        Reference::Same => "=".to_string(),
        Reference::To(url) => format!(">{url}"),
        Reference::MissingFile { looked } => format!("!{}", looked.join("\u{1f}")),
        Reference::NotBundled => "?".to_string(),
        Reference::Refused(path) => format!("x{path}"),
    }
}

impl Site for Recording {
    fn post(&self, from: &str, name: &str) -> Option<Post> {
        let found = self.inner.post(from, name);
        self.note("post", name, post_answer(found.as_ref()));
        found
    }

    fn asset(&self, from: &str, name: &str) -> Option<String> {
        let found = self.inner.asset(from, name);
        self.note("asset", name, found.clone().unwrap_or_default());
        found
    }

    fn code_file(&self, path: &str) -> Option<CodeFile> {
        let found = self.inner.code_file(path);
        self.note("code", path, code_answer(found.as_ref()));
        found
    }

    fn reference(&self, from: &str, url: &str) -> Reference {
        let found = self.inner.reference(from, url);
        self.note("link", url, reference_answer(&found));
        found
    }
}
