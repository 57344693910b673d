//! A bundle folder on disk, read natively (for `folio search`, `folio list`, `folio pack` and
//! the tests): its entry, rows and bodies through the directory, slugs through the lookup, and
//! the search index's files read as the engine asks for them.
//!
//! [`BundleDir::open`] reads the entry; every other file is read when asked for, by its hash
//! (`model::file_path`). [`scan`] is the plain reference search over every article's text.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use serde::de::DeserializeOwned;

use crate::model::{
    file_path, lookup_key, newest_shard_for, Body, DirectoryChunk, DirectoryRoot, Entry, FileKind,
    Group, LookupKind, LookupRoot, LookupShard, Pack, Row, RowPage, SearchRoot, ENTRY_FILE,
    FORMAT_VERSION, PATH_SEPARATOR,
};
use crate::query::{FacetChoice, Filter, ListQuery, NO_ID};
use crate::search::{search, search_heads, Clause, Hit, Loaded, Outcome, Query};

/// A bundle folder with its entry and the search files loaded so far.
#[derive(Debug)]
pub struct BundleDir {
    pub root: PathBuf,
    pub entry: Entry,
    search_root: Option<std::rc::Rc<SearchRoot>>,
    files: Loaded,
    /// Bytes read from search files so far, the root included.
    pub bytes_read: u64,
}

/// A group of articles: the number of its first article, and its files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    pub first: u32,
    pub group: Group,
}

impl BundleDir {
    /// Opens the bundle in `root`: reads its entry; fails on another format version.
    pub fn open(root: &Path) -> anyhow::Result<Self> {
        let path = root.join(ENTRY_FILE);
        let bytes = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
        let version: Option<u64> = serde_json::from_slice::<serde_json::Value>(&bytes)
            .ok()
            .and_then(|v| v.get("version")?.as_u64());
        if version != Some(u64::from(FORMAT_VERSION)) {
            bail!(
                "{} is a bundle of format {}, this folio reads format {FORMAT_VERSION}: bundle \
                 the articles again",
                path.display(),
                version.map_or("unknown".to_string(), |v| v.to_string())
            );
        }
        let entry = serde_json::from_slice(&bytes)
            .with_context(|| format!("parsing {}", path.display()))?;
        Ok(Self {
            root: root.to_path_buf(),
            entry,
            search_root: None,
            files: Loaded::default(),
            bytes_read: 0,
        })
    }

    /// The bytes of the file of `kind` named `hash`.
    pub fn read_file(&self, kind: FileKind, hash: &str) -> anyhow::Result<Vec<u8>> {
        let path = self.root.join(file_path(kind, hash));
        std::fs::read(&path).with_context(|| format!("reading {}", path.display()))
    }

    fn read_json<T: DeserializeOwned>(&self, kind: FileKind, hash: &str) -> anyhow::Result<T> {
        let bytes = self.read_file(kind, hash)?;
        serde_json::from_slice(&bytes).with_context(|| format!("parsing {}", file_path(kind, hash)))
    }

    /// The directory's root.
    fn directory_root(&self) -> anyhow::Result<DirectoryRoot> {
        let bytes = self.read_file(FileKind::Directory, &self.entry.directory)?;
        DirectoryRoot::parse(&bytes).with_context(|| {
            let path = file_path(FileKind::Directory, &self.entry.directory);
            format!("{path} is not a valid directory root")
        })
    }

    fn read_lookup_root(&self, hash: &str) -> anyhow::Result<LookupRoot> {
        let bytes = self.read_file(FileKind::Lookup, hash)?;
        LookupRoot::parse(&bytes).with_context(|| {
            let path = file_path(FileKind::Lookup, hash);
            format!("{path} is not a valid lookup root")
        })
    }

    fn read_lookup_shard(&self, hash: &str) -> anyhow::Result<LookupShard> {
        let bytes = self.read_file(FileKind::Lookup, hash)?;
        LookupShard::parse(&bytes).with_context(|| {
            let path = file_path(FileKind::Lookup, hash);
            format!("{path} is not a valid lookup shard")
        })
    }

    fn directory_chunk(&self, hash: &str) -> anyhow::Result<DirectoryChunk> {
        let bytes = self.read_file(FileKind::Directory, hash)?;
        DirectoryChunk::parse(&bytes).with_context(|| {
            let path = file_path(FileKind::Directory, hash);
            format!("{path} is not a valid directory chunk")
        })
    }

    /// Every group, in number order.
    pub fn groups(&self) -> anyhow::Result<Vec<Placed>> {
        let mut placed = Vec::new();
        for chunk in self.directory_root()?.chunks {
            let chunk = self.directory_chunk(&chunk.file)?;
            let mut first = chunk.first;
            for group in chunk.groups {
                let n = group.n;
                placed.push(Placed { first, group });
                first += n;
            }
        }
        Ok(placed)
    }

    /// The group holding article `number`.
    pub fn group(&self, number: u32) -> anyhow::Result<Placed> {
        let root = self.directory_root()?;
        let chunk = root
            .chunk_for(number)
            .with_context(|| format!("no article {number}"))?;
        let chunk = self.directory_chunk(&chunk.file)?;
        let (group, first) = chunk
            .group_for(number)
            .with_context(|| format!("no article {number} in its directory chunk"))?;
        Ok(Placed {
            first,
            group: group.clone(),
        })
    }

    /// The rows of a group.
    pub fn row_page(&self, group: &Group) -> anyhow::Result<Vec<Row>> {
        let page: RowPage = self.read_json(FileKind::Rows, &group.rows)?;
        holds_the_group(FileKind::Rows, &group.rows, page.rows.len(), "rows", group)?;
        Ok(page.rows)
    }

    /// The bodies of a group.
    pub fn pack(&self, group: &Group) -> anyhow::Result<Vec<Body>> {
        let pack: Pack = self.read_json(FileKind::Bodies, &group.bodies)?;
        holds_the_group(
            FileKind::Bodies,
            &group.bodies,
            pack.bodies.len(),
            "bodies",
            group,
        )?;
        Ok(pack.bodies)
    }

    /// Every row, in number order (oldest first).
    pub fn rows(&self) -> anyhow::Result<Vec<Row>> {
        let mut rows = Vec::with_capacity(self.entry.articles as usize);
        for placed in self.groups()? {
            rows.extend(self.row_page(&placed.group)?);
        }
        Ok(rows)
    }

    /// The rows of articles `numbers`, each row page read once.
    pub fn rows_of(&self, numbers: &[u32]) -> anyhow::Result<BTreeMap<u32, Row>> {
        let mut wanted: Vec<u32> = numbers.to_vec();
        wanted.sort_unstable();
        wanted.dedup();
        let mut rows = BTreeMap::new();
        let mut at = 0;
        while at < wanted.len() {
            let placed = self.group(wanted[at])?;
            let page = self.row_page(&placed.group)?;
            while at < wanted.len() && wanted[at] < placed.first + placed.group.n {
                let i = (wanted[at] - placed.first) as usize;
                rows.insert(wanted[at], page[i].clone());
                at += 1;
            }
        }
        Ok(rows)
    }

    /// The body of article `number`.
    pub fn body(&self, number: u32) -> anyhow::Result<Body> {
        let placed = self.group(number)?;
        let mut bodies = self.pack(&placed.group)?;
        Ok(bodies.swap_remove((number - placed.first) as usize))
    }

    /// The number of the article with this slug, by the lookup.
    pub fn find(&self, slug: &str) -> anyhow::Result<Option<u32>> {
        self.look_up(&lookup_key(LookupKind::Article, slug))
    }

    /// The number stored for `key` in the lookup: in the newest shard that would hold it, else
    /// down the settled part's roots to a shard.
    pub fn look_up(&self, key: &str) -> anyhow::Result<Option<u32>> {
        if let Some(file) = newest_shard_for(&self.entry.lookup_newest, key) {
            if let Some(number) = self.read_lookup_shard(file)?.get(key) {
                return Ok(Some(number));
            }
        }
        let mut root = self.read_lookup_root(&self.entry.lookup)?;
        loop {
            let Some(file) = root.shard_for(key) else {
                return Ok(None);
            };
            if root.depth <= 1 {
                return Ok(self.read_lookup_shard(file)?.get(key));
            }
            let below = self.read_lookup_root(file)?;
            if below.depth + 1 != root.depth {
                bail!(
                    "lookup root {file} has depth {}, not {}",
                    below.depth,
                    root.depth - 1
                );
            }
            root = below;
        }
    }

    /// Runs the engine, reading index files from disk as it asks; counts bytes read. The
    /// query's `author:`, `tag:`, `cat:`, `before:` and `after:` fields filter as the app's do.
    pub fn search(&mut self, query: &str) -> anyhow::Result<Vec<Hit>> {
        let clauses = self.field_clauses(query)?;
        self.search_filtered(query, &clauses)
    }

    /// The clauses of a query's fields, names resolved by the lookup: a facet's values any
    /// of them (a name the bundle lacks is [`NO_ID`]), a date that is none matching nothing.
    pub fn field_clauses(&self, query: &str) -> anyhow::Result<Vec<Clause>> {
        let wanted = ListQuery {
            q: query.to_string(),
            ..ListQuery::default()
        }
        .wanted();
        let mut filter = Filter {
            dates: wanted.dates,
            nothing: !wanted.bad_dates.is_empty(),
            ..Filter::default()
        };
        let names = [
            (LookupKind::Author, &mut filter.authors, &wanted.authors),
            (LookupKind::Tag, &mut filter.tags, &wanted.tags),
        ];
        for (kind, chosen, names) in names {
            for name in names {
                let id = self.look_up(&lookup_key(kind, name))?.unwrap_or(NO_ID);
                chosen.push(FacetChoice::new(id, name.as_str()));
            }
        }
        for path in &wanted.categories {
            let path = path.join(&PATH_SEPARATOR.to_string());
            let id = self
                .look_up(&lookup_key(LookupKind::Category, &path))?
                .unwrap_or(NO_ID);
            filter.categories.push(FacetChoice::new(id, path));
        }
        Ok(filter.clauses(&self.entry.facets.months))
    }

    /// [`BundleDir::search`] within a facet filter: the articles that also have, for each
    /// clause, one of its facet tokens.
    pub fn search_filtered(&mut self, query: &str, clauses: &[Clause]) -> anyhow::Result<Vec<Hit>> {
        let root = self.search_root()?;
        let query = Query::parse(query);
        loop {
            match search(&root, &query, clauses, &self.files) {
                Outcome::Done(hits) => return Ok(hits),
                Outcome::Need(paths) => self.read_index_files(paths)?,
            }
        }
    }

    /// The first articles of a query from the heads of the index's long lists
    /// ([`crate::search::search_heads`]), reading index files from disk as it asks and counting
    /// their bytes; `None` for a query the heads do not answer.
    pub fn search_heads(&mut self, query: &str) -> anyhow::Result<Option<Vec<Hit>>> {
        let clauses = self.field_clauses(query)?;
        let root = self.search_root()?;
        let query = Query::parse(query);
        loop {
            match search_heads(&root, &query, &clauses, &self.files) {
                None => return Ok(None),
                Some(Outcome::Done(hits)) => return Ok(Some(hits)),
                Some(Outcome::Need(paths)) => self.read_index_files(paths)?,
            }
        }
    }

    /// The search root, read once.
    fn search_root(&mut self) -> anyhow::Result<std::rc::Rc<SearchRoot>> {
        if let Some(root) = &self.search_root {
            return Ok(root.clone());
        }
        let bytes = self.read_file(FileKind::SearchRoot, &self.entry.search)?;
        self.bytes_read += bytes.len() as u64;
        let root: SearchRoot = serde_json::from_slice(&bytes).context("parsing the search root")?;
        let root = std::rc::Rc::new(root);
        self.search_root = Some(root.clone());
        Ok(root)
    }

    /// Reads the index files the engine asked for (paths relative to the bundle).
    fn read_index_files(&mut self, paths: Vec<String>) -> anyhow::Result<()> {
        for rel in paths {
            // A byte range of a file is read alone, as a host that answers range requests
            // sends it (given the whole file, the engine would keep it and ask for no other
            // piece of it, and the bytes read would not be a host's).
            let (file, range) = crate::model::split_range(&rel);
            let path = self.root.join(file);
            let bytes =
                read_range(&path, range).with_context(|| format!("reading {}", path.display()))?;
            self.bytes_read += bytes.len() as u64;
            self.files.insert(rel, bytes).map_err(anyhow::Error::msg)?;
        }
        Ok(())
    }
}

/// The bytes of `path`, or of its byte `range`.
fn read_range(path: &Path, range: Option<crate::model::ByteRange>) -> std::io::Result<Vec<u8>> {
    use std::io::{Read, Seek, SeekFrom};
    let Some(range) = range else {
        return std::fs::read(path);
    };
    let mut file = std::fs::File::open(path)?;
    file.seek(SeekFrom::Start(u64::from(range.offset)))?;
    let mut bytes = vec![0; range.length as usize];
    file.read_exact(&mut bytes)?;
    Ok(bytes)
}

/// An article as [`scan`] reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct Scanned {
    pub number: u32,
    pub row: Row,
}

/// The articles of the bundle in `root` whose title and text [`super::scan::matches`] `query`,
/// newest first. The text is taken from each body the way the bundler takes it from the
/// article.
pub fn scan(root: &Path, query: &str) -> anyhow::Result<Vec<Scanned>> {
    let bundle = BundleDir::open(root)?;
    let mut out = Vec::new();
    for placed in bundle.groups()? {
        let rows = bundle.row_page(&placed.group)?;
        let bodies = bundle.pack(&placed.group)?;
        for (i, (row, body)) in rows.into_iter().zip(bodies).enumerate() {
            let text = searched_text(&row, &body);
            match super::scan::matches(&text, query) {
                Some(true) => out.push(Scanned {
                    number: placed.first + i as u32,
                    row,
                }),
                Some(false) => {}
                None => bail!("the scan judges CJK-only or word-only terms, not {query:?}"),
            }
        }
    }
    out.reverse();
    Ok(out)
}

/// Refuses a group's file that does not hold one item (`what`) per article of the group.
fn holds_the_group(
    kind: FileKind,
    hash: &str,
    found: usize,
    what: &str,
    group: &Group,
) -> anyhow::Result<()> {
    if found != group.n as usize {
        bail!(
            "{} holds {found} {what}, not {}",
            file_path(kind, hash),
            group.n
        );
    }
    Ok(())
}

/// What full-text search looks through in an article, as one text: its title, its body's text
/// (taken the way the bundler takes it) and its names, a line each. The scan judges queries
/// against it.
pub fn searched_text(row: &Row, body: &Body) -> String {
    format!(
        "{}\n{}\n{}",
        row.title,
        crate::bundler::sanitize::text_of(&body.html),
        row.names_text()
    )
}
