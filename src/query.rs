//! The list filter: which articles the list shows for a query and facet selection, in which
//! order, and how many articles each facet value would show.
//!
//! Pure logic on [`crate::model`] types, compiled for both targets and tested natively. The app
//! keeps one [`Filter`] in its URL (as a [`ListQuery`]), prepares the archive once
//! ([`Prepared`]) and asks [`Filter::run`] for the visible positions and the [`Facets`].

use crate::model::{ArticleSummary, Index};

/// A list view as it stands in the URL's query (`?q=rust&cat=3&y=2022&m=7&sort=old`): the
/// serialized form of a [`Filter`]. Empty parts are left out, so the plain list has a plain URL.
///
/// Read and written by [`ListQuery::parse`] and [`ListQuery::to_query_string`]
/// (`application/x-www-form-urlencoded`, exactly as `serde_urlencoded` did with serde's derive),
/// not by serde: that keeps a query serializer and deserializer out of the WASM.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListQuery {
    /// Free text (`q`).
    pub q: String,
    /// Category node id (`cat`).
    pub cat: Option<u32>,
    /// Author id (`author`).
    pub author: Option<u32>,
    /// Tag id (`tag`).
    pub tag: Option<u32>,
    /// Year (`y`).
    pub y: Option<i32>,
    /// Month (1–12), only together with a year (`m`).
    pub m: Option<u32>,
    /// `new` for newest first, `old` for oldest first; by default the best match first when
    /// searching, else newest first (`sort`).
    pub sort: Option<String>,
}

impl ListQuery {
    /// Reads a query string (without the `?`). Unknown parameters are ignored; `None` when a
    /// known one is repeated or a number does not parse (the reader then gets the plain list).
    pub fn parse(query: &str) -> Option<Self> {
        /// Fills `slot` once; `None` if it was filled already or `value` is `None`.
        fn put<T>(slot: &mut Option<T>, value: Option<T>) -> Option<()> {
            if slot.is_some() {
                return None;
            }
            *slot = Some(value?);
            Some(())
        }
        let mut out = ListQuery::default();
        let mut q = None;
        for (key, value) in form_urlencoded::parse(query.as_bytes()) {
            match &*key {
                "q" => put(&mut q, Some(value.into_owned())),
                "cat" => put(&mut out.cat, value.parse().ok()),
                "author" => put(&mut out.author, value.parse().ok()),
                "tag" => put(&mut out.tag, value.parse().ok()),
                "y" => put(&mut out.y, value.parse().ok()),
                "m" => put(&mut out.m, value.parse().ok()),
                "sort" => put(&mut out.sort, Some(value.into_owned())),
                _ => Some(()),
            }?;
        }
        out.q = q.unwrap_or_default();
        Some(out)
    }

    /// The query string (without the `?`; empty for the plain list), parameters in field order.
    pub fn to_query_string(&self) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        if !self.q.is_empty() {
            out.append_pair("q", &self.q);
        }
        for (key, value) in [
            ("cat", self.cat),
            ("author", self.author),
            ("tag", self.tag),
        ] {
            if let Some(value) = value {
                out.append_pair(key, &value.to_string());
            }
        }
        if let Some(y) = self.y {
            out.append_pair("y", &y.to_string());
        }
        if let Some(m) = self.m {
            out.append_pair("m", &m.to_string());
        }
        if let Some(sort) = &self.sort {
            out.append_pair("sort", sort);
        }
        out.finish()
    }
}

/// List order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Sort {
    /// The best match first when searching (the order of the text hits); newest first
    /// otherwise.
    #[default]
    Relevance,
    Newest,
    Oldest,
}

impl Sort {
    /// The order the sort button moves to: with a search, best match → newest → oldest → best
    /// match; without one, newest ↔ oldest.
    pub fn next(self, searching: bool) -> Self {
        match (self, searching) {
            (Sort::Relevance, true) => Sort::Newest,
            (Sort::Relevance | Sort::Newest, _) => Sort::Oldest,
            (Sort::Oldest, _) => Sort::Relevance,
        }
    }
}

/// What the reader asked the list for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Free text; whitespace-separated terms, all of which must match (AND), case-insensitively,
    /// as substrings (so Chinese matches without word boundaries).
    pub text: String,
    /// A category node; articles filed under it or any of its descendants match.
    pub category: Option<u32>,
    /// An author id.
    pub author: Option<u32>,
    /// A tag id.
    pub tag: Option<u32>,
    /// A year.
    pub year: Option<i32>,
    /// A month (1–12) of [`Filter::year`].
    pub month: Option<u32>,
    pub sort: Sort,
}

impl From<&ListQuery> for Filter {
    fn from(q: &ListQuery) -> Self {
        Filter {
            text: q.q.clone(),
            category: q.cat,
            author: q.author,
            tag: q.tag,
            year: q.y,
            month: q.y.and(q.m).filter(|m| (1..=12).contains(m)),
            sort: match q.sort.as_deref() {
                Some("old") => Sort::Oldest,
                Some("new") => Sort::Newest,
                _ => Sort::Relevance,
            },
        }
    }
}

impl From<&Filter> for ListQuery {
    fn from(f: &Filter) -> Self {
        ListQuery {
            q: f.text.clone(),
            cat: f.category,
            author: f.author,
            tag: f.tag,
            y: f.year,
            m: f.year.and(f.month),
            sort: match f.sort {
                Sort::Relevance => None,
                Sort::Newest => Some("new".to_string()),
                Sort::Oldest => Some("old".to_string()),
            },
        }
    }
}

/// Per-article data computed once per archive, so that filtering does no allocation per article.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Prepared {
    /// [`haystack`] of each article, in index order; made on the first text query, so the list
    /// shows without waiting for it.
    haystacks: std::cell::OnceCell<Vec<String>>,
    /// (year, month) of each article's date in the reader's time zone.
    pub months: Vec<Option<(i32, u32)>>,
}

impl Prepared {
    /// Prepares `index`; `utc_offset_minutes` is the reader's offset from UTC (east positive).
    pub fn new(index: &Index, utc_offset_minutes: i32) -> Self {
        Self {
            haystacks: std::cell::OnceCell::new(),
            months: index
                .articles
                .iter()
                .map(|a| {
                    a.date.map(|d| {
                        let (y, m, _) = civil_date(d + i64::from(utc_offset_minutes) * 60);
                        (y, m)
                    })
                })
                .collect(),
        }
    }
}

impl Prepared {
    /// The haystacks of `index` (the index this was prepared from).
    pub fn haystacks(&self, index: &Index) -> &[String] {
        self.haystacks
            .get_or_init(|| index.articles.iter().map(|a| haystack(index, a)).collect())
    }
}

/// How many articles each facet value would show, given the other active filters.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Facets {
    /// Per category node (including its descendants), in index order.
    pub categories: Vec<u32>,
    /// Per author id.
    pub authors: Vec<u32>,
    /// Per tag id.
    pub tags: Vec<u32>,
    /// (year, count), oldest year first. A sorted `Vec` rather than a `BTreeMap`: a few dozen
    /// entries, and a map's code costs the WASM several kilobytes.
    pub years: Vec<(i32, u32)>,
    /// (month, count) of the selected year, January first (empty without a year).
    pub months: Vec<(u32, u32)>,
}

impl Filter {
    /// A filter on free text alone.
    pub fn text(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            ..Self::default()
        }
    }

    /// True when no filter is active (the order does not count).
    pub fn is_empty(&self) -> bool {
        self.terms().next().is_none()
            && self.category.is_none()
            && self.author.is_none()
            && self.tag.is_none()
            && self.year.is_none()
    }

    /// The same view with every filter cleared (the order is kept).
    pub fn cleared(&self) -> Self {
        Self {
            sort: self.sort,
            ..Self::default()
        }
    }

    /// The lowercased search terms.
    pub fn terms(&self) -> impl Iterator<Item = String> + '_ {
        self.text.split_whitespace().map(str::to_lowercase)
    }

    /// Positions (in `index.articles`) of the matching articles, in the chosen order, and the
    /// facet counts. One pass over the archive.
    pub fn run(&self, index: &Index, prepared: &Prepared) -> (Vec<usize>, Facets) {
        let text_hits = self.text_hits(index, prepared, None);
        self.run_on(index, prepared, &text_hits)
    }

    /// Positions of the articles whose text matches every term, in index order. With
    /// `within`, only those positions are looked at: pass the hits of a query whose terms this
    /// one's refine (see [`TextCache`]), so typing forward scans less and less.
    pub fn text_hits(
        &self,
        index: &Index,
        prepared: &Prepared,
        within: Option<&[usize]>,
    ) -> Vec<usize> {
        let terms: Vec<String> = self.terms().collect();
        if terms.is_empty() {
            return within.map_or_else(|| (0..index.articles.len()).collect(), <[usize]>::to_vec);
        }
        let haystacks = prepared.haystacks(index);
        let matches = |i: usize| {
            haystacks
                .get(i)
                .is_some_and(|h| terms.iter().all(|t| h.contains(t.as_str())))
        };
        match within {
            Some(candidates) => candidates.iter().copied().filter(|&i| matches(i)).collect(),
            None => (0..haystacks.len()).filter(|&i| matches(i)).collect(),
        }
    }

    /// Like [`Filter::run`], given the text hits for this filter's text: from
    /// [`Filter::text_hits`] (in index order), or the search results (best first).
    pub fn run_on(
        &self,
        index: &Index,
        prepared: &Prepared,
        text_hits: &[usize],
    ) -> (Vec<usize>, Facets) {
        let mut facets = Facets {
            categories: vec![0; index.categories.len()],
            authors: vec![0; index.authors.len()],
            tags: vec![0; index.tags.len()],
            ..Facets::default()
        };
        let mut hits = Vec::new();
        let mut nodes: Vec<u32> = Vec::new();
        for &i in text_hits {
            let Some(article) = index.articles.get(i) else {
                continue;
            };
            let category = self.category.is_none_or(|c| {
                article
                    .categories
                    .iter()
                    .any(|&leaf| index.category_and_ancestors(leaf).any(|n| n == c))
            });
            let author = self.author.is_none_or(|a| article.author == Some(a));
            let tag = self.tag.is_none_or(|t| article.tags.contains(&t));
            let month = prepared.months.get(i).copied().flatten();
            let year_ok = self
                .year
                .is_none_or(|y| month.is_some_and(|(ay, _)| ay == y));
            let month_ok = self
                .month
                .is_none_or(|m| month.is_some_and(|(_, am)| am == m));
            let date = year_ok && month_ok;

            if author && tag && date {
                nodes.clear();
                for &leaf in &article.categories {
                    nodes.extend(index.category_and_ancestors(leaf));
                }
                nodes.sort_unstable();
                nodes.dedup();
                for &n in &nodes {
                    if let Some(c) = facets.categories.get_mut(n as usize) {
                        *c += 1;
                    }
                }
            }
            if category && tag && date {
                if let Some(c) = article
                    .author
                    .and_then(|a| facets.authors.get_mut(a as usize))
                {
                    *c += 1;
                }
            }
            if category && author && date {
                for &t in &article.tags {
                    if let Some(c) = facets.tags.get_mut(t as usize) {
                        *c += 1;
                    }
                }
            }
            if category && author && tag {
                if let Some((y, m)) = month {
                    count(&mut facets.years, y);
                    if self.year == Some(y) {
                        count(&mut facets.months, m);
                    }
                }
            }
            if category && author && tag && date {
                hits.push(i);
            }
        }
        match self.sort {
            // Index order is newest first; search results come best first.
            Sort::Relevance => {}
            Sort::Newest => hits.sort_unstable(),
            Sort::Oldest => {
                hits.sort_unstable();
                hits.reverse();
            }
        }
        (hits, facets)
    }

    /// Positions of the matching articles, in the chosen order.
    pub fn apply(&self, index: &Index, prepared: &Prepared) -> Vec<usize> {
        self.run(index, prepared).0
    }
}

/// Remembers the text hits of recent queries, so that a query that refines one of them (more
/// characters typed, another word added) only looks at that query's hits, and going back
/// (backspace) costs nothing.
#[derive(Debug, Default)]
pub struct TextCache {
    entries: Vec<(String, std::rc::Rc<Vec<usize>>)>,
}

impl TextCache {
    /// Queries remembered.
    const SIZE: usize = 64;

    /// The text hits for `filter`'s text.
    pub fn hits(
        &mut self,
        filter: &Filter,
        index: &Index,
        prepared: &Prepared,
    ) -> std::rc::Rc<Vec<usize>> {
        let key: String = filter.terms().collect::<Vec<_>>().join(" ");
        if let Some(at) = self.entries.iter().position(|(k, _)| *k == key) {
            let entry = self.entries.remove(at);
            self.entries.push(entry.clone());
            return entry.1;
        }
        // The longest remembered query this one refines: every old term is contained in the
        // new term at the same place, and new terms may follow.
        let refines = |old: &str| {
            let old: Vec<&str> = old.split(' ').filter(|t| !t.is_empty()).collect();
            let new: Vec<&str> = key.split(' ').collect();
            old.len() <= new.len() && old.iter().zip(&new).all(|(o, n)| n.contains(o))
        };
        let base = self
            .entries
            .iter()
            .filter(|(k, _)| refines(k))
            .max_by_key(|(k, _)| k.len())
            .map(|(_, hits)| hits.clone());
        let hits =
            std::rc::Rc::new(filter.text_hits(index, prepared, base.as_deref().map(Vec::as_slice)));
        if self.entries.len() >= Self::SIZE {
            self.entries.remove(0);
        }
        self.entries.push((key, hits.clone()));
        hits
    }
}

/// Adds one to `key`'s count in `counts` (sorted by key), inserting it in place if new.
fn count<K: Ord + Copy>(counts: &mut Vec<(K, u32)>, key: K) {
    match counts.binary_search_by_key(&key, |&(k, _)| k) {
        Ok(at) => counts[at].1 += 1,
        Err(at) => counts.insert(at, (key, 1)),
    }
}

/// The lowercased text the free-text filter looks in: title, excerpt, author, category and tag
/// names.
pub fn haystack(index: &Index, article: &ArticleSummary) -> String {
    let mut text = String::with_capacity(article.title.len() + article.excerpt.len() + 64);
    text.push_str(&article.title);
    text.push('\n');
    text.push_str(&article.excerpt);
    if let Some(author) = index.author_name(article) {
        text.push('\n');
        text.push_str(author);
    }
    for &leaf in &article.categories {
        for name in index.category_path(leaf) {
            text.push('\n');
            text.push_str(name);
        }
    }
    for tag in article
        .tags
        .iter()
        .filter_map(|&t| index.tags.get(t as usize))
    {
        text.push('\n');
        text.push_str(tag);
    }
    text.to_lowercase()
}

/// (year, month, day) of a Unix time in seconds (proleptic Gregorian, UTC).
pub fn civil_date(secs: i64) -> (i32, u32, u32) {
    let days = secs.div_euclid(86_400);
    // Howard Hinnant's civil-from-days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y as i32, m as u32, d as u32)
}

#[cfg(test)]
mod tests;
