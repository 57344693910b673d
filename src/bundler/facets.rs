//! Stage 9: facets — authors, tags, the category tree and months — with their ids and counts.
//!
//! Files are read in parallel, so names first get *provisional* ids from an [`Interner`] in
//! whatever order they arrive ([`Interner::article`] turns an article's names into
//! [`ArticleNames`]). Once articles have their numbers, [`Facets::count`] takes every article's
//! names and date in number order and returns the [`Facets`]: final ids by first appearance
//! (the article with the lowest number that has a value, then the order within it; a category
//! node's ancestors before it), so that new articles never change an existing id; how many
//! articles each value has (a category counts its descendants' articles, each article once);
//! articles per month in the site's time zone. From them come each article's columns
//! ([`Facets::doc`]) and facet tokens ([`Facets::tokens`]), and each facet's [`TableFiles`]:
//! the values the entry shows, the by-count pages and the name pages. Pure but for the
//! interner's lock; the result depends only on the articles.

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

use jiff::tz::TimeZone;

use super::date::When;
use crate::model::columns::DocFacets;
use crate::model::{
    FacetPage, FacetValue, MonthCount, NamePage, FACET_PAGE, NAME_PAGE, PATH_SEPARATOR,
    TOP_CATEGORIES, TOP_VALUES,
};
use crate::search::{day_token, facet_token, kind_token, month_token, FacetKind};

/// Distinct names, each with the id it was first given.
#[derive(Debug, Default)]
struct NameTable {
    ids: HashMap<String, u32>,
    names: Vec<String>,
}

impl NameTable {
    fn intern(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.ids.get(name) {
            return id;
        }
        let id = self.names.len() as u32;
        self.ids.insert(name.to_string(), id);
        self.names.push(name.to_string());
        id
    }
}

/// A node of the category tree: its name and its parent's id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    pub name: String,
    pub parent: Option<u32>,
}

/// Distinct category nodes, a node being its parent and its name.
#[derive(Debug, Default)]
struct NodeTable {
    /// By parent, then name: a node found is found without making a key (every article's
    /// categories are looked up, under the lock, and nearly all are there already).
    ids: HashMap<Option<u32>, HashMap<String, u32>>,
    nodes: Vec<Node>,
}

impl NodeTable {
    /// The id of the last node of `path`, adding the nodes that are new.
    fn intern(&mut self, path: &[String]) -> Option<u32> {
        let mut parent = None;
        for name in path {
            let children = self.ids.entry(parent).or_default();
            let id = match children.get(name.as_str()) {
                Some(&id) => id,
                None => {
                    let id = self.nodes.len() as u32;
                    self.nodes.push(Node {
                        name: name.clone(),
                        parent,
                    });
                    children.insert(name.clone(), id);
                    id
                }
            };
            parent = Some(id);
        }
        parent
    }
}

/// Gives names provisional ids as articles are read, from any thread.
#[derive(Debug, Default)]
pub struct Interner {
    authors: Mutex<NameTable>,
    tags: Mutex<NameTable>,
    categories: Mutex<NodeTable>,
}

/// An article's facet values by provisional id (or, after [`Facets::count`], by final id).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ArticleNames {
    pub author: Option<u32>,
    /// The last node of each category path, in the article's order.
    pub categories: Vec<u32>,
    /// In the article's order.
    pub tags: Vec<u32>,
    /// A page of a Hexo site rather than a post.
    pub page: bool,
}

/// Every name the interner was given, by provisional id.
#[derive(Debug, Default)]
pub struct Provisional {
    pub authors: Vec<String>,
    pub tags: Vec<String>,
    pub categories: Vec<Node>,
}

impl Interner {
    /// The provisional ids of an article's author, category paths and tags.
    pub fn article(
        &self,
        author: Option<&str>,
        paths: &[Vec<String>],
        tags: &[String],
        page: bool,
    ) -> ArticleNames {
        let author = author.map(|a| lock(&self.authors).intern(a));
        let categories = {
            let mut nodes = lock(&self.categories);
            paths.iter().filter_map(|p| nodes.intern(p)).collect()
        };
        let tags = {
            let mut table = lock(&self.tags);
            tags.iter().map(|t| table.intern(t)).collect()
        };
        ArticleNames {
            author,
            categories,
            tags,
            page,
        }
    }

    pub fn finish(self) -> Provisional {
        let take = |m: Mutex<NameTable>| m.into_inner().unwrap_or_else(|e| e.into_inner()).names;
        Provisional {
            authors: take(self.authors),
            tags: take(self.tags),
            categories: self
                .categories
                .into_inner()
                .unwrap_or_else(|e| e.into_inner())
                .nodes,
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A panic elsewhere leaves the table whole: every insert completes before the lock drops.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// One facet's values by final id.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Table {
    pub names: Vec<String>,
    /// Categories only: each node's parent.
    pub parents: Vec<Option<u32>>,
    /// Articles with each value.
    pub counts: Vec<u32>,
}

/// The facets of the whole archive.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Facets {
    pub authors: Table,
    pub tags: Table,
    pub categories: Table,
    /// Articles per month in the site's time zone, oldest first.
    pub months: Vec<MonthCount>,
    /// How many articles are pages of a Hexo site (the others are posts).
    pub pages: u32,
    /// Final id of each provisional id.
    author_ids: Vec<u32>,
    tag_ids: Vec<u32>,
    category_ids: Vec<u32>,
}

const UNSET: u32 = u32::MAX;

/// Gives provisional ids final ids in order of first appearance, and counts articles by
/// final id.
struct Renumber {
    final_ids: Vec<u32>,
    counts: Vec<u32>,
}

impl Renumber {
    fn new(len: usize) -> Self {
        Self {
            final_ids: vec![UNSET; len],
            counts: Vec::new(),
        }
    }

    /// The final id of `provisional`, given now if it has none.
    fn id(&mut self, provisional: u32) -> u32 {
        let slot = &mut self.final_ids[provisional as usize];
        if *slot == UNSET {
            *slot = self.counts.len() as u32;
            self.counts.push(0);
        }
        *slot
    }

    /// Counts an article for each of the final ids in `ids` (once however often it names one),
    /// and empties `ids`.
    fn count_once(&mut self, ids: &mut Vec<u32>) {
        ids.sort_unstable();
        ids.dedup();
        for &id in ids.iter() {
            self.counts[id as usize] += 1;
        }
        ids.clear();
    }

    /// How many final ids were given.
    fn len(&self) -> usize {
        self.counts.len()
    }
}

/// A date's calendar day in the site's time zone.
struct CivilDay {
    date: jiff::civil::Date,
    /// Days since 1970-01-01.
    days: i64,
}

impl CivilDay {
    fn of(when: When, tz: &TimeZone) -> Option<CivilDay> {
        let date = when.civil_day(tz)?;
        let midnight = date.to_datetime(jiff::civil::Time::midnight());
        let seconds = TimeZone::UTC.to_timestamp(midnight).ok()?.as_second();
        Some(CivilDay {
            date,
            days: seconds.div_euclid(86_400),
        })
    }
}

impl Facets {
    /// Numbers and counts the facets of `articles`, given in number order with their dates.
    pub fn count<'a>(
        provisional: Provisional,
        articles: impl Iterator<Item = (&'a ArticleNames, Option<When>)>,
        tz: &TimeZone,
    ) -> Facets {
        let mut authors = Renumber::new(provisional.authors.len());
        let mut tags = Renumber::new(provisional.tags.len());
        let mut categories = Renumber::new(provisional.categories.len());
        let mut months: BTreeMap<(i32, i8), u32> = BTreeMap::new();
        let mut seen: Vec<u32> = Vec::new();
        let mut chain: Vec<u32> = Vec::new();
        let mut pages = 0;
        for (names, date) in articles {
            pages += u32::from(names.page);
            if let Some(a) = names.author {
                let id = authors.id(a);
                authors.counts[id as usize] += 1;
            }
            for &leaf in &names.categories {
                // Root first, so that a parent's id is below its children's.
                chain.clear();
                let mut node = Some(leaf);
                while let Some(n) = node {
                    chain.push(n);
                    node = provisional.categories[n as usize].parent;
                }
                seen.extend(chain.iter().rev().map(|&n| categories.id(n)));
            }
            categories.count_once(&mut seen);
            seen.extend(names.tags.iter().map(|&t| tags.id(t)));
            tags.count_once(&mut seen);
            if let Some(day) = date.and_then(|d| CivilDay::of(d, tz)) {
                let month = (day.date.year() as i32, day.date.month());
                *months.entry(month).or_default() += 1;
            }
        }
        let by_final = |renumber: &Renumber, names: &[String]| {
            let mut out = vec![String::new(); renumber.len()];
            for (p, &f) in renumber.final_ids.iter().enumerate() {
                if f != UNSET {
                    out[f as usize].clone_from(&names[p]);
                }
            }
            out
        };
        let node_names: Vec<String> = provisional
            .categories
            .iter()
            .map(|n| n.name.clone())
            .collect();
        let mut parents = vec![None; categories.len()];
        for (p, &f) in categories.final_ids.iter().enumerate() {
            if f != UNSET {
                parents[f as usize] = provisional.categories[p]
                    .parent
                    .map(|q| categories.final_ids[q as usize]);
            }
        }
        Facets {
            authors: Table {
                names: by_final(&authors, &provisional.authors),
                parents: Vec::new(),
                counts: authors.counts,
            },
            tags: Table {
                names: by_final(&tags, &provisional.tags),
                parents: Vec::new(),
                counts: tags.counts,
            },
            categories: Table {
                names: by_final(&categories, &node_names),
                parents,
                counts: categories.counts,
            },
            months: months
                .into_iter()
                .map(|((y, m), n)| MonthCount { y, m: m as u32, n })
                .collect(),
            pages,
            author_ids: authors.final_ids,
            tag_ids: tags.final_ids,
            category_ids: categories.final_ids,
        }
    }

    /// `names` (provisional ids) with final ids.
    pub fn final_names(&self, names: &ArticleNames) -> ArticleNames {
        ArticleNames {
            author: names.author.map(|a| self.author_ids[a as usize]),
            categories: names
                .categories
                .iter()
                .map(|&c| self.category_ids[c as usize])
                .collect(),
            tags: names
                .tags
                .iter()
                .map(|&t| self.tag_ids[t as usize])
                .collect(),
            page: names.page,
        }
    }

    /// An article's columns, from its names by provisional id.
    pub fn doc(&self, names: &ArticleNames, date: Option<When>, tz: &TimeZone) -> DocFacets {
        let names = self.final_names(names);
        DocFacets {
            day: column_day(date, tz),
            author: names.author,
            categories: names.categories,
            tags: names.tags,
            page: names.page,
        }
    }

    /// An article's facet tokens for the search index: its author, every tag, every category
    /// node of every path with its ancestors (each once), its month, its day, and — in an
    /// archive that has pages — its kind.
    pub fn tokens(&self, names: &ArticleNames, date: Option<When>, tz: &TimeZone) -> Vec<String> {
        let names = self.final_names(names);
        let mut tokens = Vec::new();
        if let Some(a) = names.author {
            tokens.push(facet_token(
                FacetKind::Author,
                &self.authors.names[a as usize],
            ));
        }
        let mut tags = names.tags.clone();
        tags.sort_unstable();
        tags.dedup();
        tokens.extend(
            tags.iter()
                .map(|&t| facet_token(FacetKind::Tag, &self.tags.names[t as usize])),
        );
        let mut nodes: Vec<u32> = Vec::new();
        for &leaf in &names.categories {
            let mut node = Some(leaf);
            while let Some(n) = node {
                nodes.push(n);
                node = self.categories.parents[n as usize];
            }
        }
        nodes.sort_unstable();
        nodes.dedup();
        let separator = PATH_SEPARATOR.to_string();
        tokens.extend(
            nodes.iter().map(|&c| {
                facet_token(FacetKind::Category, &self.category_path(c).join(&separator))
            }),
        );
        if let Some(day) = date.and_then(|d| CivilDay::of(d, tz)) {
            let (year, month) = (day.date.year() as i32, day.date.month() as u32);
            tokens.push(month_token(year, month));
            tokens.push(day_token(year, month, day.date.day() as u32));
        }
        if self.pages > 0 {
            tokens.push(kind_token(names.page));
        }
        tokens
    }

    /// An article's keys for [`super::related`]: its tags and every category node of every
    /// path with its ancestors, each once.
    pub fn related_keys(&self, names: &ArticleNames) -> Vec<u64> {
        let names = self.final_names(names);
        let mut keys: Vec<u64> = names
            .tags
            .iter()
            .map(|&t| super::related::facet_key(false, t))
            .collect();
        for &leaf in &names.categories {
            let mut node = Some(leaf);
            while let Some(n) = node {
                keys.push(super::related::facet_key(true, n));
                node = self.categories.parents[n as usize];
            }
        }
        keys.sort_unstable();
        keys.dedup();
        keys
    }

    /// The path of category `id`, root first.
    pub fn category_path(&self, id: u32) -> Vec<String> {
        let mut path = Vec::new();
        let mut node = Some(id);
        while let Some(n) = node {
            path.push(self.categories.names[n as usize].clone());
            node = self.categories.parents[n as usize];
        }
        path.reverse();
        path
    }
}

/// The columns' day of an article: 0 when undated, else 1 + days since 1970-01-01 of its day in
/// `tz` (days before 1970 count as 1970-01-01).
pub fn column_day(date: Option<When>, tz: &TimeZone) -> u32 {
    match date.and_then(|d| CivilDay::of(d, tz)) {
        None => 0,
        Some(day) => (day.days.max(0) + 1).min(i64::from(u32::MAX)) as u32,
    }
}

/// What a facet table is made of before its pages are written and named by their hashes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TableFiles {
    pub values: u32,
    pub top: Vec<FacetValue>,
    /// Every value, most articles first, [`FACET_PAGE`] a page.
    pub pages: Vec<FacetPage>,
    /// Names by id, [`NAME_PAGE`] a page.
    pub names: Vec<NamePage>,
}

impl Table {
    fn value(&self, id: usize) -> FacetValue {
        FacetValue {
            id: id as u32,
            name: self.names[id].clone(),
            n: self.counts[id],
            parent: self.parents.get(id).copied().flatten(),
        }
    }

    /// Ids, most articles first, ties by name, then by id.
    fn by_count(&self) -> Vec<usize> {
        let mut ids: Vec<usize> = (0..self.names.len()).collect();
        ids.sort_unstable_by(|&a, &b| {
            self.counts[b]
                .cmp(&self.counts[a])
                .then_with(|| self.names[a].cmp(&self.names[b]))
                .then(a.cmp(&b))
        });
        ids
    }

    /// The table's files: `top` is the [`TOP_VALUES`] values with most articles; for a category
    /// tree (`tree`), the whole tree when it has at most [`TOP_CATEGORIES`] nodes, else every
    /// top-level node.
    pub fn files(&self, tree: bool) -> TableFiles {
        let order = self.by_count();
        let top: Vec<FacetValue> = if tree && self.names.len() <= TOP_CATEGORIES {
            order.iter().map(|&id| self.value(id)).collect()
        } else if tree {
            order
                .iter()
                .filter(|&&id| self.parents[id].is_none())
                .map(|&id| self.value(id))
                .collect()
        } else {
            order
                .iter()
                .take(TOP_VALUES)
                .map(|&id| self.value(id))
                .collect()
        };
        let pages = order
            .chunks(FACET_PAGE)
            .map(|ids| FacetPage {
                values: ids.iter().map(|&id| self.value(id)).collect(),
            })
            .collect();
        let names = (0..self.names.len())
            .step_by(NAME_PAGE)
            .map(|first| {
                let end = (first + NAME_PAGE).min(self.names.len());
                NamePage {
                    first: first as u32,
                    names: self.names[first..end].to_vec(),
                    parents: if tree {
                        self.parents[first..end]
                            .iter()
                            .map(|p| p.map_or(0, |p| p + 1))
                            .collect()
                    } else {
                        Vec::new()
                    },
                }
            })
            .collect();
        TableFiles {
            values: self.names.len() as u32,
            top,
            pages,
            names,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundler::date;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    fn path(p: &str) -> Vec<String> {
        p.split('/').map(str::to_string).collect()
    }

    /// Articles given in arrival order: author, category paths, tags, date.
    struct Article {
        author: Option<&'static str>,
        paths: Vec<Vec<String>>,
        tags: Vec<String>,
        date: Option<When>,
    }

    fn article(author: Option<&'static str>, paths: &[&str], tags: &[&str], date: &str) -> Article {
        Article {
            author,
            paths: paths.iter().map(|p| path(p)).collect(),
            tags: strings(tags),
            date: date::parse(date, &TimeZone::UTC),
        }
    }

    /// Interns `articles` in `arrival` order, then counts them in number (given) order.
    fn count(
        articles: &[Article],
        arrival: &[usize],
        tz: &TimeZone,
    ) -> (Facets, Vec<ArticleNames>) {
        let interner = Interner::default();
        let mut names = vec![ArticleNames::default(); articles.len()];
        for &i in arrival {
            let a = &articles[i];
            names[i] = interner.article(a.author, &a.paths, &a.tags, false);
        }
        let facets = Facets::count(
            interner.finish(),
            names.iter().zip(articles.iter().map(|a| a.date)),
            tz,
        );
        (facets, names)
    }

    fn sample() -> Vec<Article> {
        vec![
            article(
                Some("Zed"),
                &["新媒体/IT 之家/分类资讯", "Eng"],
                &["wasm", "rust"],
                "2022-07-19 08:00",
            ),
            article(
                Some("Ann"),
                &["新媒体/36kr"],
                &["rust", "rust"],
                "2022-07-31 23:30",
            ),
            article(None, &["Eng/Rust", "Eng"], &[], "2022-08-01"),
            article(Some("Zed"), &[], &["go"], ""),
        ]
    }

    #[test]
    fn ids_follow_first_appearance_whatever_the_arrival_order() {
        let articles = sample();
        let (a, _) = count(&articles, &[0, 1, 2, 3], &TimeZone::UTC);
        let (b, _) = count(&articles, &[3, 2, 1, 0], &TimeZone::UTC);
        assert_eq!(
            (&a.authors, &a.tags, &a.categories, &a.months),
            (&b.authors, &b.tags, &b.categories, &b.months)
        );
        assert_eq!(a.authors.names, strings(&["Zed", "Ann"]));
        assert_eq!(a.authors.counts, [2, 1]);
        assert_eq!(a.tags.names, strings(&["wasm", "rust", "go"]));
        // An article counts once for a tag it names twice.
        assert_eq!(a.tags.counts, [1, 2, 1]);
        assert_eq!(
            a.categories.names,
            strings(&["新媒体", "IT 之家", "分类资讯", "Eng", "36kr", "Rust"])
        );
        assert_eq!(
            a.categories.parents,
            [None, Some(0), Some(1), None, Some(0), Some(3)]
        );
        // A node counts its descendants' articles, each article once.
        assert_eq!(a.categories.counts, [2, 1, 1, 2, 1, 1]);
        for (id, parent) in a.categories.parents.iter().enumerate() {
            assert!(parent.is_none_or(|p| (p as usize) < id));
        }
    }

    #[test]
    fn appending_newer_articles_keeps_every_id() {
        let mut articles = sample();
        let (before, _) = count(&articles, &[0, 1, 2, 3], &TimeZone::UTC);
        articles.push(article(
            Some("Bo"),
            &["Eng/Go", "新媒体/IT 之家"],
            &["go", "new"],
            "2023-01-01",
        ));
        let (after, _) = count(&articles, &[4, 0, 1, 2, 3], &TimeZone::UTC);
        for (old, new) in [
            (&before.authors, &after.authors),
            (&before.tags, &after.tags),
            (&before.categories, &after.categories),
        ] {
            assert_eq!(old.names[..], new.names[..old.names.len()]);
        }
        assert_eq!(after.categories.names.last().unwrap(), "Go");
    }

    #[test]
    fn columns_and_tokens_use_final_ids_and_the_site_zone() {
        let articles = sample();
        let shanghai = date::time_zone("+08:00").unwrap();
        let (facets, names) = count(&articles, &[3, 1, 2, 0], &shanghai);
        let doc = facets.doc(&names[0], articles[0].date, &shanghai);
        assert_eq!(doc.author, Some(0));
        assert_eq!(doc.categories, [2, 3]);
        assert_eq!(doc.tags, [0, 1]);
        // 2022-07-19 is day 19,192 since 1970-01-01.
        assert_eq!(doc.day, 19_193);
        // 23:30 UTC on 31 July is 1 August in Shanghai; a day stays its own day.
        let late = facets.doc(&names[1], articles[1].date, &shanghai);
        assert_eq!(late.day, 19_193 + 13);
        assert_eq!(
            facets.doc(&names[2], articles[2].date, &shanghai).day,
            19_193 + 13
        );
        assert_eq!(facets.doc(&names[3], None, &shanghai).day, 0);
        assert_eq!(
            facets.months,
            [
                MonthCount {
                    y: 2022,
                    m: 7,
                    n: 1
                },
                MonthCount {
                    y: 2022,
                    m: 8,
                    n: 2
                }
            ]
        );
        let tokens = facets.tokens(&names[2], articles[2].date, &shanghai);
        assert_eq!(
            tokens,
            [
                facet_token(FacetKind::Category, "Eng"),
                facet_token(FacetKind::Category, "Eng\u{1f}Rust"),
                month_token(2022, 8),
                day_token(2022, 8, 1),
            ]
        );
        let tokens = facets.tokens(&names[0], articles[0].date, &shanghai);
        assert_eq!(tokens.len(), 1 + 2 + 4 + 2);
        assert_eq!(tokens[0], facet_token(FacetKind::Author, "Zed"));
        assert!(tokens.contains(&facet_token(FacetKind::Tag, "wasm")));
        assert!(tokens.contains(&facet_token(
            FacetKind::Category,
            "新媒体\u{1f}IT 之家\u{1f}分类资讯"
        )));
        assert_eq!(
            facets.category_path(2),
            strings(&["新媒体", "IT 之家", "分类资讯"])
        );
    }

    #[test]
    fn tables_put_most_first_and_page_by_id() {
        let table = Table {
            names: (0..2100).map(|i| format!("v{i:04}")).collect(),
            parents: Vec::new(),
            counts: (0..2100).map(|i| (i % 10) as u32).collect(),
        };
        let files = table.files(false);
        assert_eq!(files.values, 2100);
        assert_eq!(files.top.len(), TOP_VALUES);
        assert_eq!((files.top[0].name.as_str(), files.top[0].n), ("v0009", 9));
        assert_eq!(files.top[1].name, "v0019");
        assert_eq!(files.pages.len(), 3);
        assert_eq!(files.pages[0].values[..TOP_VALUES], files.top[..]);
        assert_eq!(files.pages[2].values.len(), 100);
        assert_eq!(files.names.len(), 3);
        assert_eq!(files.names[1].first, 1024);
        assert_eq!(files.names[1].names[0], "v1024");
        assert!(files.names[1].parents.is_empty());
    }

    #[test]
    fn a_small_tree_is_top_whole_and_a_large_one_by_its_roots() {
        let articles = sample();
        let (facets, _) = count(&articles, &[0, 1, 2, 3], &TimeZone::UTC);
        let files = facets.categories.files(true);
        assert_eq!(files.top.len(), 6);
        assert_eq!(files.names[0].parents, [0, 1, 2, 0, 1, 4]);
        let big = Table {
            names: (0..300).map(|i| format!("c{i}")).collect(),
            parents: (0..300).map(|i| (i >= 3).then_some(i % 3)).collect(),
            counts: vec![1; 300],
        };
        let top = big.files(true).top;
        assert_eq!(top.iter().map(|v| v.id).collect::<Vec<_>>(), [0, 1, 2]);
        assert!(top.iter().all(|v| v.parent.is_none()));
    }

    #[test]
    fn days_before_the_epoch_count_as_its_first_day() {
        let old = date::parse("1969-12-31 12:00", &TimeZone::UTC);
        assert_eq!(column_day(old, &TimeZone::UTC), 1);
        let epoch = date::parse("1970-01-01", &TimeZone::UTC);
        assert_eq!(column_day(epoch, &TimeZone::UTC), 1);
        assert_eq!(column_day(None, &TimeZone::UTC), 0);
    }
}
