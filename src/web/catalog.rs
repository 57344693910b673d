//! The loaded bundle: the entry, the [`Store`] of every other file, and what the views ask of
//! them, each answer either there or `None` with its [`Needs`]: rows and bodies by article
//! number, numbers by slug, names by id and ids by name (so addresses hold names), the category
//! tree, the articles a filter shows ([`Listing`], through the search engine) and its facet
//! counts (from the columns, through [`Filter::count`]).

use std::cell::RefCell;
use std::rc::Rc;

use super::on_demand;
use super::store::{Kind, Needs, Store};
use crate::marks::{MarkedNumbers, Marks};
use crate::model::columns::{Columns, PART_DOCS};
use crate::model::{
    lookup_key, newest_shard_for, Body, Entry, FacetTable, FacetValue, LookupKind, Row, SearchRoot,
    SearchSegment, FACET_PAGE, NAME_PAGE, NEWEST_ROWS, PATH_SEPARATOR,
};
use crate::query::{
    choice_ids, list_text, ColumnsPart, FacetChoice, FacetCounts, FacetShape, Filter, ListQuery,
    Sort, NO_ID,
};
use crate::search::{search, search_heads, FacetKind, Outcome, Query};
use crate::web::hooks::FeedLink;

/// A catalog is equal only to itself: every load makes a new one, and comparing two by value
/// would compare whole bundles on every render (props and memo dependencies compare with `==`).
impl PartialEq for Catalog {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl std::fmt::Debug for Catalog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Catalog of {} articles", self.entry.articles)
    }
}

/// Engine answers kept, so that typing back and forth answers at once.
const RECENT: usize = 32;

/// How many articles a newest-first view's first answer from its newest segments must find to
/// stand for the view until the rest is loaded: a screenful.
const FIRST_ROWS: usize = 20;

/// How many articles the newest segments asked first hold at least. Segments grow with age, and
/// a small segment's key block and shard are small, so the first round reads every segment up
/// to this many articles; the next rounds read eight times as many, then all.
const FIRST_DOCS: u32 = 2_048;

/// The loaded bundle.
pub struct Catalog {
    pub entry: Entry,
    pub store: Rc<Store>,
    /// The pinned posts' rows, as the entry lists them.
    pinned: Vec<Rc<Row>>,
    /// The category tree as far as the entry holds it.
    top_tree: Rc<CategoryTree>,
    /// The whole tree, once its pages are loaded (the entry's when it holds it whole).
    full_tree: RefCell<Option<Rc<CategoryTree>>>,
    /// Recent engine answers, least recently asked first.
    recent: RefCell<Vec<Recent>>,
    /// Every article's list text, by number (a bundle without text, once a text is typed).
    list_texts: RefCell<Option<Rc<Vec<String>>>>,
    /// Recent lists in the order they show, least recently computed first.
    listed: RefCell<Vec<Listed>>,
    /// Recent facet counts, least recently computed first.
    counted: RefCell<Vec<Counted>>,
}

/// The articles of an engine query, in the engine's order.
struct Recent {
    key: String,
    hits: Rc<Vec<u32>>,
}

/// The articles a filter shows, in its order.
struct Listed {
    filter: Filter,
    hits: Rc<Vec<u32>>,
}

/// The facet counts of a filter (its order left out).
struct Counted {
    filter: Filter,
    counts: Rc<FacetCounts>,
}

/// The articles a list shows, in order, by number.
#[derive(Debug, Clone, PartialEq)]
pub enum Listing {
    /// Every article of a bundle of this many, newest first.
    Newest(u32),
    /// Every article, oldest first.
    Oldest(u32),
    /// Every article, the pinned posts first, then the others newest first: the default list.
    Pinned(Rc<PinnedFirst>),
    /// These.
    Hits(Rc<Vec<u32>>),
}

/// What a list shows so far.
#[derive(Debug, Clone, PartialEq)]
pub struct ListingSoFar {
    pub listing: Listing,
    /// Whether it is the whole answer; else its first articles: newest first, from the newest
    /// segments, the older segments' files still to come; or best first, from the heads of the
    /// index's long lists, the lists still to come.
    pub whole: bool,
}

/// What the heads of the long posting lists tell of a search's first articles
/// ([`Catalog::head_hits`]).
#[derive(Debug, Clone, PartialEq)]
pub enum HeadHits {
    /// Nothing: not a search they tell.
    Untold,
    /// Its files load.
    Loading,
    /// Its first articles, best first.
    First(Vec<u32>),
}

/// The default list of a bundle with pinned posts.
#[derive(Debug, PartialEq)]
pub struct PinnedFirst {
    /// How many articles the bundle has.
    pub articles: u32,
    /// The pinned posts' numbers, in the order they come first.
    pub order: Vec<u32>,
    /// The same, highest number first.
    descending: Vec<u32>,
}

impl PinnedFirst {
    pub fn new(articles: u32, order: Vec<u32>) -> Self {
        let mut descending: Vec<u32> = order.iter().copied().filter(|&n| n < articles).collect();
        // The numbers' one sort, reversed: a second sort instance would cost the WASM 2 KB.
        descending.sort_unstable();
        descending.reverse();
        descending.dedup();
        Self {
            articles,
            order,
            descending,
        }
    }

    /// The number of the `k`-th article that is not pinned, newest first.
    fn unpinned(&self, k: u32) -> Option<u32> {
        let mut at = self.articles.checked_sub(k + 1)?;
        // Each pinned number at or above it pushes it one further down.
        for &p in &self.descending {
            if p < at {
                break;
            }
            at = at.checked_sub(1)?;
        }
        Some(at)
    }
}

impl Listing {
    pub fn len(&self) -> usize {
        match self {
            Listing::Newest(n) | Listing::Oldest(n) => *n as usize,
            Listing::Pinned(p) => p.articles as usize,
            Listing::Hits(hits) => hits.len(),
        }
    }

    /// How many rows at the top are pinned posts.
    pub fn pinned(&self) -> usize {
        match self {
            Listing::Pinned(p) => p.order.len(),
            _ => 0,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The number of the article in row `row`.
    pub fn get(&self, row: usize) -> Option<u32> {
        let row = u32::try_from(row).ok()?;
        match self {
            Listing::Newest(n) => n.checked_sub(row + 1),
            Listing::Oldest(n) => (row < *n).then_some(row),
            Listing::Pinned(p) => match p.order.get(row as usize) {
                Some(&number) => Some(number),
                None => p.unpinned(row - p.order.len() as u32),
            },
            Listing::Hits(hits) => hits.get(row as usize).copied(),
        }
    }

    /// The row of article `number`, if the list has it.
    pub fn position(&self, number: u32) -> Option<usize> {
        match self {
            Listing::Newest(n) => n.checked_sub(number + 1).map(|r| r as usize),
            Listing::Oldest(n) => (number < *n).then_some(number as usize),
            Listing::Pinned(p) => {
                if let Some(at) = p.order.iter().position(|&n| n == number) {
                    return Some(at);
                }
                let above = p.descending.iter().filter(|&&n| n > number).count();
                let from_top = p.articles.checked_sub(number + 1)? as usize;
                Some(p.order.len() + from_top - above)
            }
            Listing::Hits(hits) => hits.iter().position(|&h| h == number),
        }
    }
}

/// A category tree, or the part of it that is known: each node's value, parent and children.
#[derive(Debug, Default, PartialEq)]
pub struct CategoryTree {
    /// By id; `None` for a node not known.
    nodes: Vec<Option<FacetValue>>,
    /// Top-level nodes, most articles first.
    pub roots: Vec<u32>,
    children: Vec<Vec<u32>>,
    /// Each node's parent + 1 (0 at the top), for [`Filter::count`].
    pub parents: Vec<u32>,
}

impl CategoryTree {
    /// The tree of `values` (most articles first, as tables list them) in a table of `size`
    /// nodes.
    fn new(values: &[FacetValue], size: usize) -> Self {
        let mut tree = CategoryTree {
            nodes: vec![None; size],
            children: vec![Vec::new(); size],
            parents: vec![0; size],
            roots: Vec::new(),
        };
        for value in values {
            let id = value.id as usize;
            if id >= size {
                continue;
            }
            match value.parent {
                Some(p) if (p as usize) < size => {
                    tree.children[p as usize].push(value.id);
                    tree.parents[id] = p + 1;
                }
                _ => tree.roots.push(value.id),
            }
            tree.nodes[id] = Some(value.clone());
        }
        tree
    }

    /// The node `id`, if known.
    pub fn node(&self, id: u32) -> Option<&FacetValue> {
        self.nodes.get(id as usize)?.as_ref()
    }

    /// The children of `id`, most articles first.
    pub fn children(&self, id: u32) -> &[u32] {
        self.children.get(id as usize).map_or(&[], Vec::as_slice)
    }

    /// `id` and its ancestors, `id` first.
    pub fn ancestors(&self, id: u32) -> impl Iterator<Item = u32> + '_ {
        crate::query::ancestors(&self.parents, id).filter(|&c| self.node(c).is_some())
    }

    /// The names from the root down to `id`.
    pub fn path(&self, id: u32) -> Vec<String> {
        let mut path: Vec<String> = self
            .ancestors(id)
            .filter_map(|c| self.node(c).map(|v| v.name.clone()))
            .collect();
        path.reverse();
        path
    }

    /// The node at `path`, if the known part of the tree has it.
    fn find(&self, path: &[String]) -> Option<u32> {
        let mut level = &self.roots;
        let mut found = None;
        for name in path {
            let id = *level
                .iter()
                .find(|&&c| self.node(c).is_some_and(|v| &v.name == name))?;
            found = Some(id);
            level = &self.children[id as usize];
        }
        found
    }
}

/// A list query with its names resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    pub filter: Filter,
    /// Names the bundle has no value for (left out of the filter).
    pub unknown: Vec<String>,
}

/// A list query with the ids known so far.
struct Resolving {
    resolved: Resolved,
    /// Some ids are still looked up (`NO_ID` meanwhile).
    looking_up: bool,
}

/// A facet value as the panel shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Chip {
    pub id: u32,
    pub name: String,
    pub n: u32,
}

impl Catalog {
    /// The catalog of `entry`, its other files fetched from `base`.
    pub fn new(entry: Entry, base: String) -> Self {
        let store = Rc::new(Store::new(base));
        let pinned = entry
            .pinned
            .iter()
            .map(|p| Rc::new(p.row.clone()))
            .collect();
        let categories = &entry.facets.categories;
        let top_tree = Rc::new(CategoryTree::new(
            &categories.top,
            categories.values as usize,
        ));
        let whole = categories.top.len() == categories.values as usize;
        Self {
            full_tree: RefCell::new(whole.then(|| top_tree.clone())),
            top_tree,
            pinned,
            store,
            entry,
            recent: RefCell::default(),
            list_texts: RefCell::default(),
            listed: RefCell::default(),
            counted: RefCell::default(),
        }
    }

    /// When the page's first script asked for the search root (the address searches or
    /// filters): starts loading the search engine's and the reader's chunks, which the view's
    /// first render would ask for only once it runs, a round later; then waits for the root's
    /// response, from which that script asks for a search's key blocks (the app's first render,
    /// a long task, would otherwise hold that reading back).
    pub async fn wait_for_early_search_root(&self) {
        let path = crate::model::file_path(crate::model::FileKind::SearchRoot, &self.entry.search);
        if !super::fetch::is_asked_early(self.store.base(), &path) {
            return;
        }
        on_demand::preload_search();
        on_demand::preload_reader();
        super::fetch::early_settled(self.store.base(), &path).await;
    }

    /// Reads the newest articles' row page in with the entry if the page's first script asked
    /// for it early (for the list it opens at), so that the first screen's rows have their titles
    /// in its first render, not a task and a frame later.
    pub async fn take_newest_rows_early(&self) {
        let first = self.newest_first();
        let kind = Kind::Rows { first };
        self.store.take_early(kind, &self.entry.newest).await;
    }

    /// The number of the first article of the newest articles' row page
    /// ([`crate::model::Entry::newest`]).
    fn newest_first(&self) -> u32 {
        self.entry.articles.saturating_sub(NEWEST_ROWS as u32)
    }

    /// The number of the article with `slug` if it is one of the newest and their row page is
    /// loaded.
    fn newest_number_of(&self, slug: &str) -> Option<u32> {
        let rows = self.store.rows(
            &self.entry.newest,
            self.newest_first(),
            &mut Needs::default(),
        )?;
        let at = rows.rows.iter().position(|r| r.slug == slug)?;
        Some(self.newest_first() + at as u32)
    }

    /// The row of article `number`.
    pub fn row(&self, number: u32, needs: &mut Needs) -> Option<Rc<Row>> {
        let newest_first = self.newest_first();
        if (newest_first..self.entry.articles).contains(&number) {
            let rows = self.store.rows(&self.entry.newest, newest_first, needs)?;
            return rows.rows.get((number - newest_first) as usize).cloned();
        }
        if let Some(at) = self.entry.pinned.iter().position(|p| p.number == number) {
            return self.pinned.get(at).cloned();
        }
        let group = self.group(number, needs)?;
        let rows = self.store.rows(&group.rows, group.first, needs)?;
        rows.rows.get((number - group.first) as usize).cloned()
    }

    /// Article `number`'s row if it is at hand (in the entry or a row page loaded), fetching
    /// nothing.
    pub fn loaded_row(&self, number: u32) -> Option<Rc<Row>> {
        self.row(number, &mut Needs::default())
    }

    /// Article `number`'s row for its own page: at hand, else the one its pack carries
    /// (format 9), so that an article opened by its address fetches its pack and not its row
    /// page too.
    pub fn page_row(&self, number: u32, needs: &mut Needs) -> Option<Rc<Row>> {
        if let Some(row) = self.loaded_row(number) {
            return Some(row);
        }
        let Some(body) = self.body(number, needs) else {
            // The pack failed: the title still comes, from the row page.
            return needs.failed.is_some().then(|| self.row(number, needs))?;
        };
        match body.row() {
            Some(row) => Some(Rc::new(row)),
            None => self.row(number, needs),
        }
    }

    /// The row of article `number`, a neighbour shown on the page of article `beside`: at
    /// hand; else from its pack when that is `beside`'s, which the page fetches anyway; else
    /// from its row page.
    pub fn row_beside(&self, number: u32, beside: u32, needs: &mut Needs) -> Option<Rc<Row>> {
        if let Some(row) = self.loaded_row(number) {
            return Some(row);
        }
        let group = self.group(number, needs)?;
        if group.bodies == self.group(beside, needs)?.bodies {
            return self.page_row(number, needs);
        }
        self.row(number, needs)
    }

    /// The body of article `number`, from its pack.
    pub fn body(&self, number: u32, needs: &mut Needs) -> Option<Rc<Body>> {
        let group = self.group(number, needs)?;
        let bodies = self.store.pack(&group.bodies, needs)?;
        bodies.get((number - group.first) as usize).cloned()
    }

    /// Where article `number`'s row and body are.
    fn group(&self, number: u32, needs: &mut Needs) -> Option<GroupAt> {
        let root = self.store.directory_root(&self.entry.directory, needs)?;
        let chunk = self.store.directory(&root.chunk_for(number)?.file, needs)?;
        let (group, first) = chunk.group_for(number)?;
        Some(GroupAt {
            rows: group.rows.clone(),
            bodies: group.bodies.clone(),
            first,
        })
    }

    /// The number of the article with `slug`: `Some(None)` when there is none, `None` while
    /// the lookup loads.
    pub fn number_of(&self, slug: &str, needs: &mut Needs) -> Option<Option<u32>> {
        // The loaded row pages (the newest articles' among them).
        if let Some(number) = self.store.number_of(slug) {
            return Some(Some(number));
        }
        let number = self.lookup(&lookup_key(LookupKind::Article, slug), needs);
        if number.is_none() {
            // Where the article is comes next, from the directory's root: wanted beside the
            // lookup's files, it costs no round trip of its own.
            self.store.directory_root(&self.entry.directory, needs);
        }
        number
    }

    /// The reader's marks as this bundle's article numbers (slugs it lacks left out); `None`
    /// while lookup files load. Not through [`Catalog::number_of`]: its scan of the loaded row
    /// pages would make thousands of marks cost thousands of scans.
    pub fn marked_numbers(&self, marks: &Marks, needs: &mut Needs) -> Option<MarkedNumbers> {
        let mut pending = false;
        let mut numbers = |slugs: &[String]| -> Vec<u32> {
            let mut out = Vec::with_capacity(slugs.len());
            for slug in slugs {
                let number = match self.newest_number_of(slug) {
                    Some(number) => Some(number),
                    None => match self.lookup(&lookup_key(LookupKind::Article, slug), needs) {
                        Some(n) => n,
                        None => {
                            pending = true;
                            None
                        }
                    },
                };
                out.extend(number);
            }
            out
        };
        let read = numbers(&marks.read);
        let starred = numbers(&marks.starred);
        (!pending).then(|| MarkedNumbers::new(read, starred))
    }

    /// The number the lookup holds for `key`: in the newest shard that would hold it, else in
    /// the settled part, down from its top root, one file a level. Both are wanted at once, so
    /// that the newest shard costs no round trip of its own.
    fn lookup(&self, key: &str, needs: &mut Needs) -> Option<Option<u32>> {
        let newest = match newest_shard_for(&self.entry.lookup_newest, key) {
            Some(file) => self
                .store
                .lookup_shard(file, needs)
                .map(|shard| shard.get(key)),
            None => Some(None),
        };
        let settled = self.settled_lookup(key, needs);
        match newest? {
            Some(number) => Some(Some(number)),
            None => settled,
        }
    }

    /// The number the lookup's settled part holds for `key`.
    fn settled_lookup(&self, key: &str, needs: &mut Needs) -> Option<Option<u32>> {
        let mut root = self.store.lookup_root(&self.entry.lookup, needs)?;
        loop {
            let Some(file) = root.shard_for(key) else {
                return Some(None);
            };
            if root.depth <= 1 {
                return Some(self.store.lookup_shard(file, needs)?.get(key));
            }
            root = self.store.lookup_root(file, needs)?;
        }
    }

    /// The table of a facet.
    pub fn table(&self, facet: FacetKind) -> &FacetTable {
        let facets = &self.entry.facets;
        match facet {
            FacetKind::Author => &facets.authors,
            FacetKind::Tag => &facets.tags,
            FacetKind::Category => &facets.categories,
        }
    }

    /// The name of an author or tag.
    pub fn name(&self, facet: FacetKind, id: u32, needs: &mut Needs) -> Option<String> {
        let table = self.table(facet);
        if let Some(value) = table.top.iter().find(|v| v.id == id) {
            return Some(value.name.clone());
        }
        let page = table.names.get(id as usize / NAME_PAGE)?;
        let page = self.store.name_page(page, needs)?;
        page.names
            .get(id.checked_sub(page.first)? as usize)
            .cloned()
    }

    /// The category tree as far as it is known without loading anything.
    pub fn known_tree(&self) -> Rc<CategoryTree> {
        self.full_tree
            .borrow()
            .clone()
            .unwrap_or_else(|| self.top_tree.clone())
    }

    /// The whole category tree: the entry's, or built from the category pages.
    pub fn tree(&self, needs: &mut Needs) -> Option<Rc<CategoryTree>> {
        if let Some(tree) = self.full_tree.borrow().clone() {
            return Some(tree);
        }
        let table = &self.entry.facets.categories;
        let pages: Vec<_> = table
            .pages
            .iter()
            .map(|p| self.store.facet_page(p, needs))
            .collect();
        let pages = pages.into_iter().collect::<Option<Vec<_>>>()?;
        let mut values: Vec<FacetValue> = Vec::new();
        for page in &pages {
            values.extend_from_slice(&page.values);
        }
        let tree = Rc::new(CategoryTree::new(&values, table.values as usize));
        *self.full_tree.borrow_mut() = Some(tree.clone());
        Some(tree)
    }

    /// The id of a facet value by name (a category by its path): `Some(None)` when the bundle
    /// has none, `None` while the lookup loads.
    fn id_of(&self, facet: FacetKind, name: &[String], needs: &mut Needs) -> Option<Option<u32>> {
        let known = match facet {
            FacetKind::Category => self.known_tree().find(name),
            _ => self
                .table(facet)
                .top
                .iter()
                .find(|v| Some(&v.name) == name.first())
                .map(|v| v.id),
        };
        // The entry holds every value of a small table: a name it lacks is no value's.
        let table = self.table(facet);
        if known.is_some() || table.top.len() == table.values as usize {
            return Some(known);
        }
        let kind = match facet {
            FacetKind::Author => LookupKind::Author,
            FacetKind::Tag => LookupKind::Tag,
            FacetKind::Category => LookupKind::Category,
        };
        let joined = name.join(&PATH_SEPARATOR.to_string());
        self.lookup(&lookup_key(kind, &joined), needs)
    }

    /// `query` with its names resolved to ids; `None` while the lookup loads. Names the bundle
    /// does not have are left out, and listed.
    pub fn resolve(&self, query: &ListQuery, needs: &mut Needs) -> Option<Resolved> {
        let resolving = self.resolving(query, needs);
        (!resolving.looking_up).then_some(resolving.resolved)
    }

    /// `query`'s filter by its names alone, the ids the lookup is still finding left `NO_ID`:
    /// what the list's articles need (the index spells facet tokens by name), so that they are
    /// looked for while the lookup finds the ids the counts need.
    pub fn filter_by_names(&self, query: &ListQuery) -> Filter {
        self.resolving(query, &mut Needs::default()).resolved.filter
    }

    /// `query`'s filter with the ids known so far.
    fn resolving(&self, query: &ListQuery, needs: &mut Needs) -> Resolving {
        // The search box's fields are read by the search engine (none in a blank text).
        let fields = if query.q.trim().is_empty() {
            Some(Vec::new())
        } else {
            self.store
                .search_engine(needs)
                .map(|engine| (engine.fields)(&query.q))
        };
        let mut pending = fields.is_none();
        let wanted = query.wanted_with(fields.unwrap_or_default());
        let mut unknown = wanted.bad_dates.clone();
        // A name the bundle lacks stays in the filter as `NO_ID`, which no article has.
        let separator = PATH_SEPARATOR.to_string();
        let mut resolve = |facet: FacetKind, name: &[String]| -> FacetChoice {
            let id = match self.id_of(facet, name, needs) {
                Some(Some(id)) => id,
                Some(None) => {
                    unknown.push(name.join(" › "));
                    NO_ID
                }
                None => {
                    pending = true;
                    NO_ID
                }
            };
            FacetChoice::new(id, name.join(&separator))
        };
        let categories: Vec<FacetChoice> = wanted
            .categories
            .iter()
            .map(|c| resolve(FacetKind::Category, c))
            .collect();
        let authors: Vec<FacetChoice> = wanted
            .authors
            .iter()
            .map(|a| resolve(FacetKind::Author, std::slice::from_ref(a)))
            .collect();
        let tags: Vec<FacetChoice> = wanted
            .tags
            .iter()
            .map(|t| resolve(FacetKind::Tag, std::slice::from_ref(t)))
            .collect();
        let resolved = Resolved {
            filter: Filter {
                text: query.q.clone(),
                kind: query.kind,
                categories,
                authors,
                tags,
                year: query.y,
                month: query.month(),
                dates: wanted.dates,
                nothing: !wanted.bad_dates.is_empty(),
                sort: query.sort,
            },
            unknown,
        };
        Resolving {
            resolved,
            looking_up: pending,
        }
    }

    /// The feeds of a view of `filter` (none in a bundle built without `--site-url`): the
    /// site's, and those of its tags and top-level categories that have one.
    pub fn feed_links(&self, filter: &Filter) -> Vec<FeedLink> {
        let Some(feeds) = &self.entry.feeds else {
            return Vec::new();
        };
        let site = self.entry.title.clone().unwrap_or_else(|| "Folio".into());
        let mut links = vec![
            FeedLink {
                title: site.clone(),
                href: self.store.url("atom.xml"),
                mime: "application/atom+xml",
            },
            FeedLink {
                title: site.clone(),
                href: self.store.url("feed.json"),
                mime: "application/feed+json",
            },
        ];
        let values = [
            (FacetKind::Tag, choice_ids(&filter.tags), &feeds.tags, 't'),
            (
                FacetKind::Category,
                choice_ids(&filter.categories),
                &feeds.categories,
                'c',
            ),
        ];
        for (facet, ids, with_feed, letter) in values {
            for &id in ids.iter().filter(|id| with_feed.binary_search(id).is_ok()) {
                let name = self
                    .table(facet)
                    .top
                    .iter()
                    .find(|v| v.id == id)
                    .map_or_else(|| id.to_string(), |v| v.name.clone());
                links.push(FeedLink {
                    title: format!("{site}: {name}"),
                    href: self.store.url(&format!("feeds/{letter}/{id}.xml")),
                    mime: "application/atom+xml",
                });
            }
        }
        links
    }

    /// Whether the filter's text is a full-text search (rather than the rows' list text); not
    /// yet while the search engine, which reads the text, loads.
    pub fn searches(&self, filter: &Filter) -> bool {
        self.entry.text && self.has_text(filter, &mut Needs::default()) == Some(true)
    }

    /// Whether `filter`'s text holds a term ([`Filter::has_text`]): a blank text none, else
    /// the search engine says (`None`, with it added to `needs`, while it loads). So that a
    /// list without a query never needs the engine's code.
    pub fn has_text(&self, filter: &Filter, needs: &mut Needs) -> Option<bool> {
        if filter.text.trim().is_empty() {
            return Some(false);
        }
        Some((self.store.search_engine(needs)?.has_text)(filter))
    }

    /// Whether `filter` chooses nothing ([`Filter::is_empty`]), as [`Catalog::has_text`] can
    /// tell.
    pub fn is_empty(&self, filter: &Filter, needs: &mut Needs) -> Option<bool> {
        if filter.has_facets() {
            return Some(false);
        }
        Some(!self.has_text(filter, needs)?)
    }

    /// The articles `filter` shows, in its order.
    pub fn listing(&self, filter: &Filter, needs: &mut Needs) -> Option<Listing> {
        let articles = self.entry.articles;
        if self.is_empty(filter, needs)? {
            let pinned = &self.entry.pinned;
            return Some(match filter.sort {
                Sort::Oldest => Listing::Oldest(articles),
                // The default list (no search, no filter, no order asked for) pins.
                Sort::Relevance if !pinned.is_empty() => Listing::Pinned(Rc::new(
                    PinnedFirst::new(articles, pinned.iter().map(|p| p.number).collect()),
                )),
                _ => Listing::Newest(articles),
            });
        }
        if let Some(listed) = self.listed.borrow().iter().find(|l| l.filter == *filter) {
            return Some(Listing::Hits(listed.hits.clone()));
        }
        let engine = self.store.search_engine(needs)?;
        let hits = (engine.hits)(self, filter, true, needs)?;
        // Kept, so that the files arriving as the reader scrolls do not sort the hits again.
        let hits = Rc::new(filter.sort.apply(hits.to_vec()));
        let mut listed = self.listed.borrow_mut();
        if listed.len() >= RECENT {
            listed.remove(0);
        }
        listed.push(Listed {
            filter: filter.clone(),
            hits: hits.clone(),
        });
        Some(Listing::Hits(hits))
    }

    /// What a list of `filter` shows so far: its whole answer ([`Catalog::listing`]); or, while
    /// that waits for files, in a view whose articles come newest first, its first articles
    /// from the newest segments alone, once those segments hold a screenful of them (or there
    /// are no more segments); in a search of one word best first, its first articles from the
    /// heads of the long lists ([`Catalog::head_hits`]). The files of the first answer are
    /// added to `needs`; those only the whole answer needs to `rest`, to be fetched once the
    /// first rows are on screen, so that the older (and larger) segments' files, or the long
    /// lists, never hold them back.
    pub fn listing_so_far(
        &self,
        filter: &Filter,
        needs: &mut Needs,
        rest: &mut Needs,
    ) -> Option<ListingSoFar> {
        let mut whole = Needs::default();
        if let Some(listing) = self.listing(filter, &mut whole) {
            return Some(ListingSoFar {
                listing,
                whole: true,
            });
        }
        // A list that is not whole is a filtered one, whose answer took the search engine.
        // Where its rows are comes from the directory's root once its first articles are
        // known: wanted beside the search's first files, it costs no round trip of its own.
        self.store.directory_root(&self.entry.directory, needs);
        let engine = on_demand::search_engine();
        let engine = match engine {
            Some(engine) if whole.failed.is_none() => engine,
            _ => {
                needs.merge(whole);
                return None;
            }
        };
        let first = if (engine.comes_newest_first)(self, filter) {
            (engine.first_hits)(self, filter, needs)?
        } else {
            match (engine.head_hits)(self, filter, needs) {
                HeadHits::First(first) => first,
                HeadHits::Loading => return None,
                HeadHits::Untold => {
                    needs.merge(whole);
                    return None;
                }
            }
        };
        rest.merge(whole);
        Some(ListingSoFar {
            listing: Listing::Hits(Rc::new(first)),
            whole: false,
        })
    }

    /// Whether the articles of `filter` are listed newest first, so that the newest segments
    /// alone give its first rows: without a required text term (the engine's order is then
    /// newest first), or sorted newest first. Not with a prefix read while typing: whether it
    /// is looked up as a prefix depends on every segment's key blocks. Not in a bundle without
    /// text, whose text filters the rows.
    pub(super) fn comes_newest_first(&self, filter: &Filter) -> bool {
        if !self.entry.text && filter.has_text() {
            return false;
        }
        let query = Query::parse_typing(&filter.text);
        if query.terms.iter().any(|t| t.prefix && t.typing) {
            return false;
        }
        match filter.sort {
            Sort::Newest => true,
            Sort::Relevance => query.terms.iter().all(|t| t.exclude),
            Sort::Oldest => false,
        }
    }

    /// The first articles of `filter` (see [`Catalog::listing_so_far`]), newest first, from
    /// the newest segments holding at least [`FIRST_DOCS`] articles, then eight times as many,
    /// and so on, until they hold [`FIRST_ROWS`] of them; `None` while files load. An answer
    /// over fewer segments is the same search with the older segments left out (the engine
    /// reads a segment without key blocks as holding nothing), so its articles are exactly the
    /// whole answer's first ones.
    pub(super) fn first_hits(&self, filter: &Filter, needs: &mut Needs) -> Option<Vec<u32>> {
        let query = Query::parse_typing(&filter.text);
        let clauses = filter.clauses(&self.entry.facets.months);
        let root = self.store.search_root(&self.entry.search, needs)?;
        let segments = &root.segments;
        let (mut newest, mut covered, mut target) = (0, 0u32, FIRST_DOCS);
        loop {
            while newest < segments.len() && covered < target {
                covered += segments[segments.len() - 1 - newest].docs;
                newest += 1;
            }
            let older = segments.len() - newest;
            let newer = SearchRoot {
                segments: segments
                    .iter()
                    .enumerate()
                    .map(|(i, s)| {
                        if i < older {
                            SearchSegment {
                                docs: s.docs,
                                ..SearchSegment::default()
                            }
                        } else {
                            s.clone()
                        }
                    })
                    .collect(),
            };
            match search(&newer, &query, &clauses, &*self.store.search_files()) {
                Outcome::Need(paths) => {
                    self.store.has_search_files(&paths, needs);
                    return None;
                }
                Outcome::Done(hits) if hits.len() >= FIRST_ROWS || older == 0 => {
                    return Some(filter.sort.apply(hits.into_iter().map(|h| h.doc).collect()));
                }
                Outcome::Done(_) => target = target.saturating_mul(8),
            }
        }
    }

    /// The first articles of `filter`, best first, from the heads of the long posting lists
    /// ([`search_heads`]): untold for anything but a search of one word (or one Chinese
    /// character or pair) in best-match order without a facet. The answer's first
    /// [`crate::search::shard::HEAD_POSTINGS`] articles exactly (all of them when no list of
    /// the word is long).
    pub(super) fn head_hits(&self, filter: &Filter, needs: &mut Needs) -> HeadHits {
        if !self.entry.text || filter.sort != Sort::Relevance || filter.has_facets() {
            return HeadHits::Untold;
        }
        let query = Query::parse_typing(&filter.text);
        let clauses = filter.clauses(&self.entry.facets.months);
        if !query.fields.is_empty() || !clauses.is_empty() {
            return HeadHits::Untold;
        }
        let Some(root) = self.store.search_root(&self.entry.search, needs) else {
            return HeadHits::Loading;
        };
        match search_heads(&root, &query, &clauses, &*self.store.search_files()) {
            None => HeadHits::Untold,
            Some(Outcome::Need(paths)) => {
                self.store.has_search_files(&paths, needs);
                HeadHits::Loading
            }
            Some(Outcome::Done(hits)) => HeadHits::First(hits.into_iter().map(|h| h.doc).collect()),
        }
    }

    /// The articles matching `filter`'s text (and its facets when `facets`), in the engine's
    /// order: best first for a full-text search, else newest first.
    pub(super) fn hits(
        &self,
        filter: &Filter,
        facets: bool,
        needs: &mut Needs,
    ) -> Option<Rc<Vec<u32>>> {
        let query = if self.entry.text {
            Query::parse_typing(&filter.text)
        } else {
            Query::default()
        };
        let clauses = if facets {
            filter.clauses(&self.entry.facets.months)
        } else {
            Vec::new()
        };
        let list_text = !self.entry.text && filter.has_text();
        // The query's key, each clause's tokens and, for the list text, the words.
        let mut key = query.key();
        for clause in &clauses {
            key.push('\0');
            key.push_str(&clause.tokens.join(","));
        }
        if list_text {
            key.push('\0');
            key.push_str(&filter.text);
        }
        if let Some(hits) = self.recent(&key) {
            return Some(hits);
        }
        let texts = if list_text {
            Some(self.list_texts(needs))
        } else {
            None
        };
        let mut hits: Vec<u32> = if query.is_empty() && clauses.is_empty() {
            // Every article, newest first: no index file needed.
            (0..self.entry.articles).rev().collect()
        } else {
            let root = self.store.search_root(&self.entry.search, needs)?;
            match search(&root, &query, &clauses, &*self.store.search_files()) {
                Outcome::Need(paths) => {
                    self.store.has_search_files(&paths, needs);
                    return None;
                }
                Outcome::Done(hits) => hits.into_iter().map(|h| h.doc).collect(),
            }
        };
        if let Some(texts) = texts {
            let texts = texts?;
            hits.retain(|&n| {
                texts
                    .get(n as usize)
                    .is_some_and(|t| filter.matches_list_text(t))
            });
        }
        let hits = Rc::new(hits);
        let mut recent = self.recent.borrow_mut();
        if recent.len() >= RECENT {
            recent.remove(0);
        }
        recent.push(Recent {
            key,
            hits: hits.clone(),
        });
        Some(hits)
    }

    fn recent(&self, key: &str) -> Option<Rc<Vec<u32>>> {
        let mut recent = self.recent.borrow_mut();
        let at = recent.iter().position(|r| r.key == key)?;
        let entry = recent.remove(at);
        let hits = entry.hits.clone();
        recent.push(entry);
        Some(hits)
    }

    /// Every article's list text, by number: needs every row page (fine for the small
    /// archives a bundle without text suits).
    fn list_texts(&self, needs: &mut Needs) -> Option<Rc<Vec<String>>> {
        if let Some(texts) = self.list_texts.borrow().clone() {
            return Some(texts);
        }
        let rows: Vec<Option<Rc<Row>>> = (0..self.entry.articles)
            .map(|n| self.row(n, needs))
            .collect();
        let texts: Vec<String> = rows
            .into_iter()
            .map(|r| r.map(|r| list_text(&r)))
            .collect::<Option<_>>()?;
        let texts = Rc::new(texts);
        *self.list_texts.borrow_mut() = Some(texts.clone());
        Some(texts)
    }

    /// The columns of every article, part by part, with the number of each part's first.
    fn columns(&self, needs: &mut Needs) -> Option<Vec<Part>> {
        let mut parts = Vec::new();
        let mut first = 0;
        for segment in &self.entry.segments {
            for (i, hash) in segment.columns.iter().enumerate() {
                let columns = self.store.columns(hash, needs);
                parts.push(columns.map(|columns| Part {
                    first: first + (i * PART_DOCS) as u32,
                    columns,
                }));
            }
            first += segment.docs;
        }
        parts.into_iter().collect()
    }

    /// The facet counts of `filter` (which is not empty); `None` while files load.
    pub fn counts(&self, filter: &Filter, needs: &mut Needs) -> Option<Rc<FacetCounts>> {
        let filter = Filter {
            sort: Sort::default(),
            ..filter.clone()
        };
        if let Some(c) = self.counted.borrow().iter().find(|c| c.filter == filter) {
            return Some(c.counts.clone());
        }
        // Only a filtered view counts, and it has loaded the search engine for its list.
        let engine = self.store.search_engine(needs)?;
        (engine.counts)(self, filter, needs)
    }

    /// The facet counts of `filter` (not empty, unsorted), counted from the columns and kept;
    /// `None` while files load. Run by the search chunk ([`on_demand::SearchEngine::counts`]),
    /// with the columns' reading and counting, which only a filtered view needs.
    pub fn count_afresh(&self, filter: Filter, needs: &mut Needs) -> Option<Rc<FacetCounts>> {
        let text = if self.has_text(&filter, needs)? {
            let engine = self.store.search_engine(needs)?;
            Some((engine.hits)(
                self,
                &Filter::text(filter.text.clone()),
                false,
                needs,
            ))
        } else {
            None
        };
        let columns = self.columns(needs);
        let tree = self.tree(needs);
        let (columns, tree) = (columns?, tree?);
        let text = match text {
            Some(hits) => {
                let mut hits = hits?.to_vec();
                hits.sort_unstable();
                Some(hits)
            }
            None => None,
        };
        let parts: Vec<ColumnsPart> = columns
            .iter()
            .map(|p| ColumnsPart {
                first: p.first,
                columns: &p.columns,
            })
            .collect();
        let facets = &self.entry.facets;
        let shape = FacetShape {
            authors: facets.authors.values as usize,
            tags: facets.tags.values as usize,
            parents: &tree.parents,
        };
        let counts = Rc::new(filter.count(&parts, text.as_deref(), shape));
        let mut counted = self.counted.borrow_mut();
        if counted.len() >= 8 {
            counted.remove(0);
        }
        counted.push(Counted {
            filter,
            counts: counts.clone(),
        });
        Some(counts)
    }

    /// The values of an author or tag facet the panel shows: the first `shown` by count
    /// (`counts` of a filtered view, else the bundle's), and the `selected` wherever they rank.
    /// Also how many values have articles.
    pub fn chips(
        &self,
        facet: FacetKind,
        counts: Option<&[u32]>,
        selected: &[u32],
        shown: usize,
        needs: &mut Needs,
    ) -> Chips {
        let table = self.table(facet);
        let mut chips = Vec::new();
        let total = match counts {
            None => {
                let total = table.values as usize;
                for rank in 0..shown.min(total) {
                    let value = match table.top.get(rank) {
                        Some(v) => v.clone(),
                        None => {
                            let Some(page) = table
                                .pages
                                .get(rank / FACET_PAGE)
                                .and_then(|p| self.store.facet_page(p, needs))
                            else {
                                break;
                            };
                            match page.values.get(rank % FACET_PAGE) {
                                Some(v) => v.clone(),
                                None => break,
                            }
                        }
                    };
                    chips.push(Chip {
                        id: value.id,
                        name: value.name,
                        n: value.n,
                    });
                }
                total
            }
            Some(counts) => {
                // The first `shown` by count (ties by id), kept in order as the ids go by: no
                // sort of the whole table, and no second sort in the WASM.
                let before = |a: u32, b: u32| {
                    let (x, y) = (counts[a as usize], counts[b as usize]);
                    x > y || (x == y && a < b)
                };
                let mut ids: Vec<u32> = Vec::with_capacity(shown + 1);
                let mut total = 0;
                for id in (0..counts.len() as u32).filter(|&i| counts[i as usize] > 0) {
                    total += 1;
                    if ids.len() == shown && ids.last().is_none_or(|&last| !before(id, last)) {
                        continue;
                    }
                    let at = ids.partition_point(|&t| before(t, id));
                    ids.insert(at, id);
                    ids.truncate(shown);
                }
                for &s in selected {
                    if s != NO_ID && !ids.contains(&s) {
                        ids.push(s);
                    }
                }
                for id in ids {
                    if let Some(name) = self.name(facet, id, needs) {
                        let n = counts.get(id as usize).copied().unwrap_or(0);
                        chips.push(Chip { id, name, n });
                    }
                }
                total
            }
        };
        Chips {
            shown: chips,
            total,
        }
    }
}

/// A part of the columns and the number of its first article.
struct Part {
    first: u32,
    columns: Rc<Columns>,
}

/// The values a facet shows, and how many values have articles.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Chips {
    pub shown: Vec<Chip>,
    pub total: usize,
}

/// Where an article's row and body are: the group's files and its first article's number.
struct GroupAt {
    rows: String,
    bodies: String,
    first: u32,
}
