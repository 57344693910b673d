//! A bundle folder on disk, read natively (for `folio search` and the tests): its index, and
//! the search index's files read as the engine asks for them.

use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::model::{Index, SearchRoot, INDEX_FILE};
use crate::search::{search, Hit, Loaded, Outcome, Query};

/// A bundle folder with its index, manifest and the files loaded so far.
#[derive(Debug)]
pub struct BundleDir {
    root: PathBuf,
    pub index: Index,
    pub manifest: SearchRoot,
    files: Loaded,
    /// Bytes read from index files so far.
    pub bytes_read: u64,
}

impl BundleDir {
    /// Opens the bundle in `root`; fails if it has no search index.
    pub fn open(root: &Path) -> anyhow::Result<Self> {
        let read = |rel: &str| {
            let path = root.join(rel);
            std::fs::read(&path).with_context(|| format!("reading {}", path.display()))
        };
        let index: Index = serde_json::from_slice(&read(INDEX_FILE)?)
            .with_context(|| format!("parsing {}/{INDEX_FILE}", root.display()))?;
        let manifest_path = index
            .search
            .clone()
            .with_context(|| format!("{} has no search index", root.display()))?;
        let manifest = serde_json::from_slice(&read(&manifest_path)?)
            .with_context(|| format!("parsing {manifest_path}"))?;
        Ok(Self {
            root: root.to_path_buf(),
            index,
            manifest,
            files: Loaded::default(),
            bytes_read: 0,
        })
    }

    /// The articles matching `query`, best first.
    pub fn search(&mut self, query: &str) -> anyhow::Result<Vec<Hit>> {
        let query = Query::parse(query);
        loop {
            match search(&self.manifest, &query, &[], &self.files) {
                Outcome::Done(hits) => return Ok(hits),
                Outcome::Need(paths) => {
                    for rel in paths {
                        let path = self.root.join(&rel);
                        let bytes = std::fs::read(&path)
                            .with_context(|| format!("reading {}", path.display()))?;
                        self.bytes_read += bytes.len() as u64;
                        self.files.insert(rel, bytes).map_err(anyhow::Error::msg)?;
                    }
                }
            }
        }
    }
}

/// Slugs of the articles of the bundle in `root` whose title and text [`super::scan::matches`]
/// `query`, in index order. The text is taken from each body file the way the bundler takes it
/// from the article.
pub fn scan(root: &Path, query: &str) -> anyhow::Result<Vec<String>> {
    let index: Index = serde_json::from_slice(&std::fs::read(root.join(INDEX_FILE))?)?;
    let mut out = Vec::new();
    for a in &index.articles {
        let body: crate::model::ArticleBody =
            serde_json::from_slice(&std::fs::read(root.join(&a.body))?)
                .with_context(|| format!("reading {}", a.body))?;
        let text = format!(
            "{}\n{}",
            a.title,
            crate::bundler::sanitize::text_of(&body.html)
        );
        match super::scan::matches(&text, query) {
            Some(true) => out.push(a.slug.clone()),
            Some(false) => {}
            None => anyhow::bail!("the scan judges CJK-only or word-only terms, not {query:?}"),
        }
    }
    Ok(out)
}
