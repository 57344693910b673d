//! The bundle's files in the app, fetched when a view needs them and kept for the session: every
//! file but the entry (the directory, row pages, packs, facet and name pages, the lookup,
//! columns and the search index), by its path ([`crate::model::file_path`]).
//!
//! A view asks the [`Store`] for what it needs and gets what is loaded; what is not is added to
//! its [`Needs`], as the search engine says [`Outcome::Need`](crate::search::Outcome): the view
//! shows what it can, hands its needs to [`Store::load`], and asks again when they arrive (the
//! root counts arrivals, so that views recompute). A file that failed stays failed until
//! [`Store::forget_failures`] (a retry), and the views that need it say so.

use std::cell::{Ref, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use yew::Callback;

use super::fetch;
use super::on_demand::{self, SearchEngine};
use crate::model::columns::Columns;
use crate::model::{
    file_path, Body, DirectoryChunk, DirectoryRoot, FacetPage, FileKind, LookupRoot, LookupShard,
    NamePage, Pack, Row, RowPage, SearchRoot,
};
use crate::search::Loaded;

/// What a file is read as; the path alone does not say (facet pages and name pages share
/// `f/`, the lookup's root and shards `l/`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    DirectoryRoot,
    Directory,
    /// A row page whose first article has number `first` (so that its slugs' numbers are
    /// known).
    Rows {
        first: u32,
    },
    Pack,
    FacetPage,
    NamePage,
    LookupRoot,
    LookupShard,
    Columns,
    SearchRoot,
    /// A key block, shard or position file of the search index.
    SearchIndex,
    /// Not a file of the bundle: the search engine's chunk of the WASM ([`on_demand`]), wanted
    /// like a file so that it loads beside the index's files, and fails and retries as they do.
    SearchEngine,
}

/// The path [`Kind::SearchEngine`] is kept under (no file of a bundle has a colon).
const SEARCH_ENGINE: &str = "wasm:search";

impl Kind {
    /// Whether the first list reads files of this kind: they are read by the shell, the others
    /// by a chunk of the WASM ([`on_demand::load_reader`]), so that their parsers (miniserde's
    /// code for each of their types, the search index's) are not in the shell.
    fn read_by_first_list(self) -> bool {
        matches!(
            self,
            Kind::DirectoryRoot | Kind::Directory | Kind::Rows { .. }
        )
    }

    fn file_kind(self) -> FileKind {
        match self {
            Kind::DirectoryRoot | Kind::Directory => FileKind::Directory,
            Kind::Rows { .. } => FileKind::Rows,
            Kind::Pack => FileKind::Bodies,
            Kind::FacetPage | Kind::NamePage => FileKind::Facets,
            Kind::LookupRoot | Kind::LookupShard => FileKind::Lookup,
            Kind::Columns => FileKind::Columns,
            Kind::SearchRoot => FileKind::SearchRoot,
            Kind::SearchIndex => FileKind::SearchBlock,
            Kind::SearchEngine => unreachable!("the search engine is not a bundle file"),
        }
    }
}

/// A file a view needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Want {
    pub path: String,
    pub kind: Kind,
}

/// A loaded file, read.
#[derive(Debug, Clone)]
pub enum File {
    DirectoryRoot(Rc<DirectoryRoot>),
    Directory(Rc<DirectoryChunk>),
    Rows(Rc<Rows>),
    Pack(Rc<[Rc<Body>]>),
    FacetPage(Rc<FacetPage>),
    NamePage(Rc<NamePage>),
    LookupRoot(Rc<LookupRoot>),
    LookupShard(Rc<LookupShard>),
    Columns(Rc<Columns>),
    SearchRoot(Rc<SearchRoot>),
    /// Kept in the store's [`Loaded`], where the engine reads it.
    SearchIndex,
    /// Kept by [`on_demand`], where the views read it.
    SearchEngine,
}

/// A row page's rows, and the number of the first.
#[derive(Debug)]
pub struct Rows {
    pub first: u32,
    pub rows: Vec<Rc<Row>>,
}

/// Where a file stands.
enum Slot {
    /// On its way; these are called when it is there (or failed).
    Loading(Vec<Callback<()>>),
    Ready(File),
    Failed(String),
}

/// What a view could not find loaded.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Needs {
    /// Files to load, or on their way already (so that [`Store::load`] calls the view back
    /// when they come, whoever asked first).
    pub wants: Vec<Want>,
    /// A file it needs failed to load: why.
    pub failed: Option<String>,
}

impl Needs {
    /// Whether the view had everything.
    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        self.wants.is_empty() && self.failed.is_none()
    }

    /// Whether the view waits for files and none failed.
    pub fn pending(&self) -> bool {
        !self.wants.is_empty() && self.failed.is_none()
    }

    /// Adds the files `other` wants, but not its failure: what it is for can do without them.
    pub fn also_wants(&mut self, other: Needs) {
        for want in other.wants {
            self.want(want);
        }
    }

    /// Adds what `other` needs, its failure included.
    pub fn merge(&mut self, other: Needs) {
        if self.failed.is_none() {
            self.failed = other.failed.clone();
        }
        self.also_wants(other);
    }

    fn want(&mut self, want: Want) {
        if !self.wants.contains(&want) {
            self.wants.push(want);
        }
    }
}

/// The bundle's files as far as they are loaded.
#[derive(Default)]
pub struct Store {
    /// The bundle folder's URL, ending in `/`.
    base: String,
    slots: RefCell<HashMap<String, Slot>>,
    /// The search index files, where the engine reads them.
    search: RefCell<Loaded>,
}

/// A typed getter: the file of `kind` at `hash`, if it is loaded as that.
macro_rules! getter {
    ($(#[$doc:meta])* $name:ident, $kind:expr, $variant:ident, $out:ty) => {
        $(#[$doc])*
        pub fn $name(&self, hash: &str, needs: &mut Needs) -> Option<$out> {
            match self.get($kind, hash, needs)? {
                File::$variant(file) => Some(file),
                _ => None,
            }
        }
    };
}

impl Store {
    /// The store of the bundle at `base`.
    pub fn new(base: String) -> Self {
        Self {
            base,
            ..Self::default()
        }
    }

    /// The URL of the bundle's file at `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// The bundle folder's URL.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// The file of `kind` named `hash`, or `None` with what it takes added to `needs`.
    fn get(&self, kind: Kind, hash: &str, needs: &mut Needs) -> Option<File> {
        self.get_path(kind, &file_path(kind.file_kind(), hash), needs)
    }

    fn get_path(&self, kind: Kind, path: &str, needs: &mut Needs) -> Option<File> {
        match self.slots.borrow().get(path) {
            Some(Slot::Ready(file)) => return Some(file.clone()),
            Some(Slot::Failed(why)) => {
                needs.failed.get_or_insert_with(|| why.clone());
            }
            Some(Slot::Loading(_)) | None => needs.want(Want {
                path: path.to_string(),
                kind,
            }),
        }
        None
    }

    getter!(
        /// The directory's root.
        directory_root, Kind::DirectoryRoot, DirectoryRoot, Rc<DirectoryRoot>
    );
    getter!(
        /// A directory chunk.
        directory, Kind::Directory, Directory, Rc<DirectoryChunk>
    );
    getter!(
        /// A pack's bodies.
        pack, Kind::Pack, Pack, Rc<[Rc<Body>]>
    );
    getter!(
        /// A facet page (values by count).
        facet_page, Kind::FacetPage, FacetPage, Rc<FacetPage>
    );
    getter!(
        /// A name page (values by id).
        name_page, Kind::NamePage, NamePage, Rc<NamePage>
    );
    getter!(
        /// The lookup's root.
        lookup_root, Kind::LookupRoot, LookupRoot, Rc<LookupRoot>
    );
    getter!(
        /// A lookup shard.
        lookup_shard, Kind::LookupShard, LookupShard, Rc<LookupShard>
    );
    getter!(
        /// A part of a segment's columns.
        columns, Kind::Columns, Columns, Rc<Columns>
    );
    getter!(
        /// The search index's root.
        search_root, Kind::SearchRoot, SearchRoot, Rc<SearchRoot>
    );

    /// The rows of a row page whose first article has number `first`.
    pub fn rows(&self, hash: &str, first: u32, needs: &mut Needs) -> Option<Rc<Rows>> {
        match self.get(Kind::Rows { first }, hash, needs)? {
            File::Rows(rows) => Some(rows),
            _ => None,
        }
    }

    /// Whether the search index files at `paths` are loaded, adding the others to `needs`.
    pub fn has_search_files(&self, paths: &[String], needs: &mut Needs) -> bool {
        let mut all = true;
        for path in paths {
            all &= self.get_path(Kind::SearchIndex, path, needs).is_some();
        }
        all
    }

    /// The search engine, or `None` with its chunk added to `needs`.
    pub fn search_engine(&self, needs: &mut Needs) -> Option<SearchEngine> {
        on_demand::search_engine().or_else(|| {
            self.get_path(Kind::SearchEngine, SEARCH_ENGINE, needs)?;
            on_demand::search_engine()
        })
    }

    /// The search index files loaded so far.
    pub fn search_files(&self) -> Ref<'_, Loaded> {
        self.search.borrow()
    }

    /// The number of the article with `slug`, if a row page loaded has its row.
    pub fn number_of(&self, slug: &str) -> Option<u32> {
        self.slots.borrow().values().find_map(|slot| match slot {
            Slot::Ready(File::Rows(page)) => {
                let at = page.rows.iter().position(|r| r.slug == slug)?;
                Some(page.first + at as u32)
            }
            _ => None,
        })
    }

    /// Whether every file of `wants` has come or failed.
    pub fn settled(&self, wants: &[Want]) -> bool {
        let slots = self.slots.borrow();
        wants
            .iter()
            .all(|w| matches!(slots.get(&w.path), Some(Slot::Ready(_) | Slot::Failed(_))))
    }

    /// Fetches the files of `wants` that are neither loaded nor on their way, and calls `done`
    /// when each of them arrives (or fails); at once for one that is there already.
    pub fn load(self: &Rc<Self>, wants: &[Want], done: &Callback<()>) {
        for want in wants {
            let mut slots = self.slots.borrow_mut();
            match slots.get_mut(&want.path) {
                Some(Slot::Loading(waiting)) => {
                    waiting.push(done.clone());
                    continue;
                }
                // It came (or failed) since the view asked.
                Some(_) => {
                    drop(slots);
                    done.emit(());
                    continue;
                }
                None => {
                    slots.insert(want.path.clone(), Slot::Loading(vec![done.clone()]));
                }
            }
            drop(slots);
            let (store, want) = (self.clone(), want.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let read = if want.kind == Kind::SearchEngine {
                    // Whatever searches or filters reads files the first list does not (the
                    // search root, the columns): their reader's chunk loads beside the engine's,
                    // not a round after it.
                    if on_demand::reader().is_none() {
                        on_demand::preload_reader();
                    }
                    on_demand::load_search().await.map(|_| File::SearchEngine)
                } else if want.kind.read_by_first_list() {
                    fetch::file(&store.base, &want.path)
                        .await
                        .and_then(|bytes| read_first(&want, bytes))
                } else {
                    // The reader's chunk is loaded once the first screen is painted; if it is
                    // not there yet (or failed then), it loads beside the file.
                    if on_demand::reader().is_none() {
                        on_demand::preload_reader();
                    }
                    match fetch::file(&store.base, &want.path).await {
                        Ok(bytes) => match on_demand::reader() {
                            Some(read) => read(&want, bytes, &store.search),
                            None => match on_demand::load_reader().await {
                                Ok(read) => read(&want, bytes, &store.search),
                                Err(why) => Err(why),
                            },
                        },
                        Err(why) => Err(why),
                    }
                };
                let slot = match read {
                    Ok(file) => Slot::Ready(file),
                    Err(why) => Slot::Failed(why),
                };
                let waiting = store.slots.borrow_mut().insert(want.path, slot);
                if let Some(Slot::Loading(waiting)) = waiting {
                    for callback in waiting {
                        callback.emit(());
                    }
                }
            });
        }
    }

    /// Reads the file of `kind` named `hash` into the store if the page's first script asked
    /// for it early ([`fetch::is_asked_early`]), so that the render that first has the entry has
    /// it too; else (or if it failed: the view asks for it again, and says why) does nothing.
    pub async fn take_early(&self, kind: Kind, hash: &str) {
        let want = Want {
            path: file_path(kind.file_kind(), hash),
            kind,
        };
        if !kind.read_by_first_list() || !fetch::is_asked_early(&self.base, &want.path) {
            return;
        }
        let read = fetch::file(&self.base, &want.path)
            .await
            .and_then(|bytes| read_first(&want, bytes));
        if let Ok(file) = read {
            let mut slots = self.slots.borrow_mut();
            slots.entry(want.path.clone()).or_insert(Slot::Ready(file));
        }
    }

    /// Forgets the files that failed, so that asking for them fetches them again.
    pub fn forget_failures(&self) {
        self.slots
            .borrow_mut()
            .retain(|_, slot| !matches!(slot, Slot::Failed(_)));
    }
}

/// Reads a fetched file the first list reads ([`Kind::read_by_first_list`]).
fn read_first(want: &Want, bytes: Vec<u8>) -> Result<File, String> {
    let path = want.path.as_str();
    Ok(match want.kind {
        Kind::DirectoryRoot => File::DirectoryRoot(Rc::new(
            DirectoryRoot::parse(&bytes)
                .ok_or_else(|| format!("{path} is not a valid directory root"))?,
        )),
        Kind::Directory => File::Directory(Rc::new(
            DirectoryChunk::parse(&bytes)
                .ok_or_else(|| format!("{path} is not a valid directory chunk"))?,
        )),
        Kind::Rows { first } => {
            let page: RowPage = fetch::parse(path, &bytes)?;
            File::Rows(Rc::new(Rows {
                first,
                rows: page.rows.into_iter().map(Rc::new).collect(),
            }))
        }
        _ => unreachable!("the reader's chunk reads the files the first list does not"),
    })
}

/// Reads a fetched file the first list does not read (an article's body, a facet's later pages,
/// the lookup, the columns a filtered view counts, the search index), as what it was wanted as;
/// the search index's files go to `search`, where the engine reads them. Called from the reader's chunk
/// ([`on_demand::load_reader`]).
pub fn read_later(want: &Want, bytes: Vec<u8>, search: &RefCell<Loaded>) -> Result<File, String> {
    let path = want.path.as_str();
    Ok(match want.kind {
        Kind::Pack => {
            let pack: Pack = fetch::parse(path, &bytes)?;
            File::Pack(pack.bodies.into_iter().map(Rc::new).collect())
        }
        Kind::FacetPage => File::FacetPage(Rc::new(fetch::parse(path, &bytes)?)),
        Kind::NamePage => File::NamePage(Rc::new(fetch::parse(path, &bytes)?)),
        Kind::LookupRoot => File::LookupRoot(Rc::new(
            LookupRoot::parse(&bytes)
                .ok_or_else(|| format!("{path} is not a valid lookup root"))?,
        )),
        Kind::LookupShard => File::LookupShard(Rc::new(
            LookupShard::parse(&bytes)
                .ok_or_else(|| format!("{path} is not a valid lookup shard"))?,
        )),
        Kind::SearchRoot => File::SearchRoot(Rc::new(fetch::parse(path, &bytes)?)),
        Kind::Columns => {
            let mut columns = Columns::default();
            columns
                .append(&bytes)
                .ok_or_else(|| format!("{path} is not a valid columns file"))?;
            File::Columns(Rc::new(columns))
        }
        Kind::SearchIndex => {
            search.borrow_mut().insert(want.path.clone(), bytes)?;
            File::SearchIndex
        }
        Kind::DirectoryRoot | Kind::Directory | Kind::Rows { .. } | Kind::SearchEngine => {
            unreachable!("the shell reads these (and fetches no search engine)")
        }
    })
}
