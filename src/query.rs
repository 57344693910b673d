//! The list's logic, on the [`crate::model`] types, compiled for both targets and tested
//! natively: what an address asks for ([`ListQuery`], facet values by name), what that comes to
//! once the names are resolved to ids ([`Filter`], each value its id for the columns and its name
//! for its search token), the order of the rows ([`Sort`]), and the
//! facet counts of a filtered view, read from the columns of every article ([`Filter::count`]).
//!
//! The app resolves names through the entry and the lookup, asks the search engine for the rows
//! (the filter's facets become [`Filter::clauses`]), and counts here. Several values of one facet
//! match as any of them (OR), different facets all (AND). The search box's `author:`, `tag:`,
//! `cat:`, `before:` and `after:` fields ([`crate::search::FieldFilter`]) join the address's
//! values ([`ListQuery::wanted`]); a date range ([`DateRange`]) is a clause of month and day
//! tokens.

use crate::model::columns::Columns;
use crate::model::{MonthCount, Row};
use crate::search::{
    day_token, facet_token, kind_token, month_token, Clause, FacetKind, Field, FieldFilter, Query,
};

/// A list view as it stands in the URL's query, facet values by name, so that an address keeps
/// its meaning when a rebuild adds articles:
/// `?q=rust&kind=post&author=IT%20之家&tag=rust&tag=wasm&cat=新媒体/IT%20之家&y=2022&m=7&from=2022-03&to=2022-07-19&sort=old`.
/// Empty parts are left out, so the plain list has a plain URL. `author`, `tag` and `cat` may
/// repeat (any of them); `from` and `to` are a year, a month or a day (`2022`, `2022-03`,
/// `2022-03-05`), both inclusive.
///
/// Read and written by [`ListQuery::parse`] and [`ListQuery::to_query_string`]
/// (`application/x-www-form-urlencoded`) rather than serde, which keeps a query serializer and
/// deserializer out of the WASM.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListQuery {
    /// Free text (`q`).
    pub q: String,
    /// Posts or pages only (`kind=post`, `kind=page`).
    pub kind: Option<Kind>,
    /// Category paths, root first (`cat`; see [`category_param`]).
    pub cat: Vec<Vec<String>>,
    /// Authors' names (`author`).
    pub author: Vec<String>,
    /// Tags' names (`tag`).
    pub tag: Vec<String>,
    /// Year (`y`).
    pub y: Option<i32>,
    /// Month (1–12), only together with a year (`m`).
    pub m: Option<u32>,
    /// The first day of a date range (`from`), as written ([`DatePoint`]).
    pub from: Option<DatePoint>,
    /// The last day of a date range (`to`).
    pub to: Option<DatePoint>,
    /// `sort=new` or `sort=old`; left out for the default.
    pub sort: Sort,
    /// `show=unread` or `show=starred`: only the articles the reader has not read, or starred.
    pub show: Option<Shown>,
}

/// What an article is to a Hexo site: a post, or a page such as `about/index.md`
/// ([`Row::page`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Post,
    Page,
}

impl Kind {
    /// The kind by its name in an address (`post`, `page`).
    pub fn from_param(value: &str) -> Option<Self> {
        match value {
            "post" => Some(Kind::Post),
            "page" => Some(Kind::Page),
            _ => None,
        }
    }

    /// Its name in an address.
    pub fn param(self) -> &'static str {
        match self {
            Kind::Post => "post",
            Kind::Page => "page",
        }
    }

    /// Whether an article that is a page (`page`) is of this kind.
    pub fn holds(self, page: bool) -> bool {
        page == (self == Kind::Page)
    }
}

/// Which of the reader's own marks a list keeps (`show=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    Unread,
    Starred,
}

impl Shown {
    fn from_param(value: &str) -> Option<Self> {
        match value {
            "unread" => Some(Shown::Unread),
            "starred" => Some(Shown::Starred),
            _ => None,
        }
    }

    fn param(self) -> &'static str {
        match self {
            Shown::Unread => "unread",
            Shown::Starred => "starred",
        }
    }
}

impl ListQuery {
    /// Reads a query string (without the `?`). Unknown parameters and empty values are ignored;
    /// `None` when a known one other than `author`, `tag` and `cat` is repeated, or a number or
    /// date does not parse (the reader then gets the plain list).
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
        let (mut q, mut sort) = (None, None);
        for (key, value) in form_urlencoded::parse(query.as_bytes()) {
            if value.is_empty() && key != "q" {
                continue;
            }
            match &*key {
                "q" => put(&mut q, Some(value.into_owned())),
                "kind" => put(&mut out.kind, Kind::from_param(&value)),
                "cat" => {
                    out.cat.push(parse_category_param(&value));
                    Some(())
                }
                "author" => {
                    out.author.push(value.into_owned());
                    Some(())
                }
                "tag" => {
                    out.tag.push(value.into_owned());
                    Some(())
                }
                "y" => put(&mut out.y, value.parse().ok()),
                "m" => put(&mut out.m, value.parse().ok()),
                "from" => put(&mut out.from, DatePoint::parse(&value)),
                "to" => put(&mut out.to, DatePoint::parse(&value)),
                "sort" => put(&mut sort, Some(Sort::from_param(&value))),
                "show" => put(&mut out.show, Shown::from_param(&value)),
                _ => Some(()),
            }?;
        }
        out.q = q.unwrap_or_default();
        out.sort = sort.unwrap_or_default();
        Some(out)
    }

    /// The query string (without the `?`; empty for the plain list), parameters in field order.
    pub fn to_query_string(&self) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        if !self.q.is_empty() {
            out.append_pair("q", &self.q);
        }
        if let Some(kind) = self.kind {
            out.append_pair("kind", kind.param());
        }
        let cat: Vec<String> = self.cat.iter().map(|c| category_param(c)).collect();
        for (key, values) in [("cat", &cat), ("author", &self.author), ("tag", &self.tag)] {
            for value in values.iter().filter(|v| !v.is_empty()) {
                out.append_pair(key, value);
            }
        }
        if let Some(y) = self.y {
            out.append_pair("y", &y.to_string());
        }
        if let Some(m) = self.m {
            out.append_pair("m", &m.to_string());
        }
        for (key, date) in [("from", &self.from), ("to", &self.to)] {
            if let Some(date) = date {
                out.append_pair(key, &date.to_string());
            }
        }
        if let Some(sort) = self.sort.param() {
            out.append_pair("sort", sort);
        }
        if let Some(show) = self.show {
            out.append_pair("show", show.param());
        }
        out.finish()
    }

    /// The same view with every filter cleared (the order is kept).
    pub fn cleared(&self) -> Self {
        Self {
            sort: self.sort,
            ..Self::default()
        }
    }

    /// The month, when it comes with a year and is one.
    pub fn month(&self) -> Option<u32> {
        self.y.and(self.m).filter(|m| (1..=12).contains(m))
    }

    /// The days the address's `from` and `to` span (the search box's dates aside).
    pub fn date_range(&self) -> DateRange {
        DateRange {
            first: self.from.map(|d| d.first_day()),
            last: self.to.map(|d| d.last_day()),
        }
    }

    /// The facet values and dates this view asks for: the address's, and the search box's
    /// fields (`author:`, `tag:`, `cat:`, `before:`, `after:`) with them.
    pub fn wanted(&self) -> Wanted {
        self.wanted_with(Query::parse(&self.q).fields)
    }

    /// [`ListQuery::wanted`] with the search box's fields already read (`Query::parse(q)`'s):
    /// the app reads them with its search engine, which it loads only for a query.
    pub fn wanted_with(&self, fields: Vec<FieldFilter>) -> Wanted {
        let mut wanted = Wanted {
            authors: self.author.clone(),
            tags: self.tag.clone(),
            categories: self.cat.clone(),
            dates: self.date_range(),
            bad_dates: Vec::new(),
        };
        for field in fields {
            let value = field.value;
            match field.field {
                Field::Author => wanted.authors.push(value),
                Field::Tag => wanted.tags.push(value),
                Field::Category => wanted.categories.push(parse_category_param(&value)),
                Field::Before | Field::After => match DatePoint::parse(&value) {
                    Some(date) if field.field == Field::Before => {
                        wanted.dates = wanted.dates.and(DateRange {
                            first: None,
                            last: Some(date.first_day() - 1),
                        })
                    }
                    Some(date) => {
                        wanted.dates = wanted.dates.and(DateRange {
                            first: Some(date.last_day() + 1),
                            last: None,
                        })
                    }
                    None => wanted.bad_dates.push(value),
                },
            }
        }
        wanted
    }
}

/// The id a facet value the bundle lacks is given in a [`Filter`]: no article has it, so it
/// adds nothing to its facet's values (and a facet of such values alone matches nothing).
pub const NO_ID: u32 = u32::MAX;

/// What a [`ListQuery`] asks for by name, its address and its search box together.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Wanted {
    pub authors: Vec<String>,
    pub tags: Vec<String>,
    pub categories: Vec<Vec<String>>,
    /// Every date bound, combined.
    pub dates: DateRange,
    /// `before:`/`after:` values that are no date: the view then matches nothing.
    pub bad_dates: Vec<String>,
}

/// A year, a month or a day, as `from`, `to`, `before:` and `after:` take it: `2024`,
/// `2024-07`, `2024-07-19`. The date fields and the timeline (a month's bar, or a day's) set
/// `from` and `to` alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DatePoint {
    pub year: i32,
    pub month: Option<u32>,
    pub day: Option<u32>,
}

impl DatePoint {
    /// Reads `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (a real day); `None` otherwise.
    pub fn parse(text: &str) -> Option<Self> {
        let mut parts = text.split('-');
        let number = |part: Option<&str>, len: usize| -> Option<Option<u32>> {
            match part {
                None => Some(None),
                Some(p) if p.len() == len && p.bytes().all(|b| b.is_ascii_digit()) => {
                    Some(p.parse().ok())
                }
                Some(_) => None,
            }
        };
        let year = number(parts.next(), 4)??;
        let month = number(parts.next(), 2)?;
        let day = number(parts.next(), 2)?;
        if parts.next().is_some() || month.is_none() && day.is_some() {
            return None;
        }
        let point = Self {
            year: year as i32,
            month,
            day,
        };
        let month_ok = month.is_none_or(|m| (1..=12).contains(&m));
        let day_ok =
            day.is_none_or(|d| d >= 1 && d <= days_in_month(point.year, month.unwrap_or(1)));
        (month_ok && day_ok).then_some(point)
    }

    /// Its first day, in days since 1970-01-01.
    pub fn first_day(self) -> i64 {
        days_from_civil(self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// Its last day, in days since 1970-01-01.
    pub fn last_day(self) -> i64 {
        let month = self.month.unwrap_or(12);
        let day = self.day.unwrap_or(days_in_month(self.year, month));
        days_from_civil(self.year, month, day)
    }
}

impl std::fmt::Display for DatePoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

/// Days, both ends inclusive, in days since 1970-01-01 of the site's time zone (an article's
/// columns day less one); an open end is unbounded. Undated articles are in no range but the
/// unbounded one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DateRange {
    pub first: Option<i64>,
    pub last: Option<i64>,
}

impl DateRange {
    /// Whether both ends are open (no date filter).
    pub fn is_unbounded(&self) -> bool {
        self.first.is_none() && self.last.is_none()
    }

    /// The days in both ranges.
    pub fn and(self, other: Self) -> Self {
        let pick = |a: Option<i64>, b: Option<i64>, f: fn(i64, i64) -> i64| match (a, b) {
            (Some(a), Some(b)) => Some(f(a, b)),
            (a, b) => a.or(b),
        };
        Self {
            first: pick(self.first, other.first, i64::max),
            last: pick(self.last, other.last, i64::min),
        }
    }

    /// Whether an article of columns `day` (0: undated) is in the range.
    pub fn contains_column_day(&self, day: u32) -> bool {
        if self.is_unbounded() {
            return true;
        }
        let Some(days) = day.checked_sub(1).map(i64::from) else {
            return false;
        };
        self.first.is_none_or(|f| days >= f) && self.last.is_none_or(|l| days <= l)
    }

    /// The facet tokens of the range, given the months that have articles (oldest first, as
    /// the entry lists them): a month wholly inside as its month token, one partly inside as
    /// its days' tokens. Empty when no month with articles meets the range.
    pub fn tokens(&self, months: &[MonthCount]) -> Vec<String> {
        let mut tokens = Vec::new();
        for at in months {
            let (first, days) = (days_from_civil(at.y, at.m, 1), days_in_month(at.y, at.m));
            let last = first + i64::from(days) - 1;
            let from = self.first.map_or(first, |f| f.max(first));
            let to = self.last.map_or(last, |l| l.min(last));
            if from > to {
                continue;
            }
            if from == first && to == last {
                tokens.push(month_token(at.y, at.m));
            } else {
                for d in from..=to {
                    tokens.push(day_token(at.y, at.m, (d - first + 1) as u32));
                }
            }
        }
        tokens
    }
}

/// Days in `month` of `year` (proleptic Gregorian).
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a (proleptic Gregorian) date: [`civil_date`]'s inverse.
pub fn days_from_civil(year: i32, month: u32, day: u32) -> i64 {
    // Howard Hinnant's days-from-civil.
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// A category path as the `cat` parameter holds it: the names from the root joined by `/`, and
/// a `/` or `\` inside a name written `\/` or `\\` (`新媒体/IT 之家`, `A\/B testing/Tools`).
pub fn category_param(path: &[String]) -> String {
    let mut out = String::new();
    for (i, name) in path.iter().enumerate() {
        if i > 0 {
            out.push('/');
        }
        for c in name.chars() {
            if c == '/' || c == '\\' {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

/// Reads [`category_param`]'s form back (a `\` before any character keeps that character; one
/// at the end is itself).
pub fn parse_category_param(param: &str) -> Vec<String> {
    let mut path = vec![String::new()];
    let mut chars = param.chars();
    while let Some(c) = chars.next() {
        let name = path.last_mut().expect("never empty");
        match c {
            '\\' => name.push(chars.next().unwrap_or('\\')),
            '/' => path.push(String::new()),
            c => name.push(c),
        }
    }
    path
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

    fn from_param(value: &str) -> Self {
        match value {
            "old" => Sort::Oldest,
            "new" => Sort::Newest,
            _ => Sort::Relevance,
        }
    }

    fn param(self) -> Option<&'static str> {
        match self {
            Sort::Relevance => None,
            Sort::Newest => Some("new"),
            Sort::Oldest => Some("old"),
        }
    }

    /// `hits` in this order: as they come for [`Sort::Relevance`] (the engine's order), by
    /// number otherwise (articles are numbered oldest first).
    pub fn apply(self, mut hits: Vec<u32>) -> Vec<u32> {
        match self {
            Sort::Relevance => {}
            // One sort of numbers for both orders keeps a second instance out of the WASM.
            Sort::Newest => {
                hits.sort_unstable();
                hits.reverse();
            }
            Sort::Oldest => hits.sort_unstable(),
        }
        hits
    }
}

/// A list view with its facet values resolved to ids: what the rows and the counts are
/// computed for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Free text: the search query (or, in a bundle without text, words the rows' list text
    /// must contain).
    pub text: String,
    /// Posts or pages only.
    pub kind: Option<Kind>,
    /// Category nodes; articles filed under any of them or their descendants match.
    pub categories: Vec<FacetChoice>,
    /// Authors; articles by any of them match.
    pub authors: Vec<FacetChoice>,
    /// Tags; articles with any of them match.
    pub tags: Vec<FacetChoice>,
    /// A year, in the site's time zone.
    pub year: Option<i32>,
    /// A month (1–12) of [`Filter::year`].
    pub month: Option<u32>,
    /// A range of days.
    pub dates: DateRange,
    /// A date of the box that is none (`before:soon`): nothing matches (a value the reader
    /// asked for is never dropped, which would show more; a name the bundle lacks is
    /// [`NO_ID`]).
    pub nothing: bool,
    pub sort: Sort,
}

/// A facet value a [`Filter`] chose: its id, which the columns count by, and its name, which its
/// search token spells ([`facet_token`]). A category's name is its path from the root, the names
/// joined by [`crate::model::PATH_SEPARATOR`] (as the lookup's keys). A name the bundle lacks has
/// the id [`NO_ID`], and its token is in no article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacetChoice {
    pub id: u32,
    pub name: String,
}

impl FacetChoice {
    pub fn new(id: u32, name: impl Into<String>) -> Self {
        Self {
            id,
            name: name.into(),
        }
    }
}

/// The ids of `chosen`, in order.
pub fn choice_ids(chosen: &[FacetChoice]) -> Vec<u32> {
    chosen.iter().map(|c| c.id).collect()
}

/// How many articles each facet value would show, given the other active filters.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FacetCounts {
    /// By category id (a node counts the articles under it and its descendants).
    pub categories: Vec<u32>,
    /// By author id.
    pub authors: Vec<u32>,
    /// By tag id.
    pub tags: Vec<u32>,
    /// Posts and pages.
    pub posts: u32,
    pub pages: u32,
    /// Oldest year first. A sorted `Vec` rather than a map: a few dozen entries, and a map's
    /// code costs the WASM several kilobytes.
    pub years: Vec<YearCount>,
    /// The months of the selected year, January first (empty without a year).
    pub months: Vec<MonthCount>,
    /// Dated articles per day, under every filter but the dates (what the timeline draws),
    /// oldest first.
    pub days: Vec<DayCount>,
}

/// Articles on one day (a columns `day`: 1 + days since 1970-01-01).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayCount {
    pub day: u32,
    pub n: u32,
}

/// Articles in one year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YearCount {
    pub year: i32,
    pub n: u32,
}

/// The columns of a run of consecutive articles and the number of the first.
#[derive(Debug, Clone, Copy)]
pub struct ColumnsPart<'a> {
    pub first: u32,
    pub columns: &'a Columns,
}

/// The facet tables' sizes and the category tree: what counting needs besides the columns.
#[derive(Debug, Clone, Copy)]
pub struct FacetShape<'a> {
    /// How many authors and tags there are.
    pub authors: usize,
    pub tags: usize,
    /// For each category id, its parent's id + 1 (0 at the top), as name pages give it.
    pub parents: &'a [u32],
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
        !self.has_text() && !self.has_facets()
    }

    /// Whether the text holds a term.
    pub fn has_text(&self) -> bool {
        self.terms().next().is_some()
    }

    /// Whether a kind, category, author, tag or date is chosen.
    pub fn has_facets(&self) -> bool {
        self.kind.is_some()
            || !self.categories.is_empty()
            || !self.authors.is_empty()
            || !self.tags.is_empty()
            || self.year.is_some()
            || !self.dates.is_unbounded()
            || self.nothing
    }

    /// The lowercased terms of the text, fields aside (as [`Query::parse`] reads them; a
    /// phrase is one term).
    pub fn terms(&self) -> impl Iterator<Item = String> {
        Query::parse(&self.text)
            .terms
            .into_iter()
            .map(|t| t.text.to_lowercase())
    }

    /// The filter's facets as the search engine takes them: a clause per facet chosen (the
    /// union of its values' tokens), a year as its twelve months, a date range as the tokens
    /// of the months (`months`: those with articles, the entry's) and days it spans.
    pub fn clauses(&self, months: &[MonthCount]) -> Vec<Clause> {
        let mut clauses = Vec::new();
        if self.nothing {
            clauses.push(Clause { tokens: Vec::new() });
        }
        if let Some(kind) = self.kind {
            clauses.push(Clause {
                tokens: vec![kind_token(kind == Kind::Page)],
            });
        }
        let values = [
            (FacetKind::Category, &self.categories),
            (FacetKind::Author, &self.authors),
            (FacetKind::Tag, &self.tags),
        ];
        for (kind, chosen) in values {
            if !chosen.is_empty() {
                clauses.push(Clause {
                    tokens: chosen.iter().map(|c| facet_token(kind, &c.name)).collect(),
                });
            }
        }
        if !self.dates.is_unbounded() {
            clauses.push(Clause {
                tokens: self.dates.tokens(months),
            });
        }
        if let Some(year) = self.year {
            let months = match self.month {
                Some(month) => month..=month,
                None => 1..=12,
            };
            clauses.push(Clause {
                tokens: months.map(|m| month_token(year, m)).collect(),
            });
        }
        clauses
    }

    /// Whether `haystack` (a [`list_text`]) contains every word of the text: how the box
    /// filters a bundle built without the articles' text.
    pub fn matches_list_text(&self, haystack: &str) -> bool {
        self.terms().all(|t| haystack.contains(t.as_str()))
    }

    /// Whether an article of `month` (`None`: undated) is in the chosen year and month.
    fn date_matches(&self, month: Option<YearMonth>) -> bool {
        let year = self.year.is_none_or(|y| month.is_some_and(|m| m.year == y));
        year && self
            .month
            .is_none_or(|want| month.is_some_and(|m| m.month == want))
    }

    /// The facet counts of this filter over the articles of `parts` (in number order) whose
    /// text matched (`text`: their numbers, ascending; `None` when there is no text): each
    /// facet counted under the other facets' filters, never its own, so that its values say
    /// what choosing them would show. A category counts the articles under it and under its
    /// descendants, each once.
    pub fn count(
        &self,
        parts: &[ColumnsPart],
        text: Option<&[u32]>,
        shape: FacetShape,
    ) -> FacetCounts {
        let mut counts = FacetCounts {
            categories: vec![0; shape.parents.len()],
            authors: vec![0; shape.authors],
            tags: vec![0; shape.tags],
            ..FacetCounts::default()
        };
        let mut nodes = Vec::new();
        let mut dates = DayCache::default();
        let mut visit = |columns: &Columns, i: usize| {
            nodes.clear();
            for &leaf in columns.categories(i) {
                nodes.extend(ancestors(shape.parents, leaf));
            }
            nodes.sort_unstable();
            nodes.dedup();
            let author = columns.author(i);
            let tags = columns.tags(i);
            let day = columns.days[i];
            let month = dates.month(day);
            let in_category =
                self.categories.is_empty() || self.categories.iter().any(|c| nodes.contains(&c.id));
            let in_author = self.authors.is_empty()
                || author.is_some_and(|a| self.authors.iter().any(|c| c.id == a));
            let in_tag = self.tags.is_empty() || self.tags.iter().any(|t| tags.contains(&t.id));
            let in_date =
                !self.nothing && self.date_matches(month) && self.dates.contains_column_day(day);
            let page = columns.pages[i];
            let in_kind = self.kind.is_none_or(|k| k.holds(page));
            if in_category && in_author && in_tag && in_date {
                if page {
                    counts.pages += 1;
                } else {
                    counts.posts += 1;
                }
            }
            if !in_kind {
                return;
            }
            if in_author && in_tag && in_date {
                for &n in &nodes {
                    bump(&mut counts.categories, n);
                }
            }
            if in_category && in_tag && in_date {
                if let Some(a) = author {
                    bump(&mut counts.authors, a);
                }
            }
            if in_category && in_author && in_date {
                for &t in tags {
                    bump(&mut counts.tags, t);
                }
            }
            let others = in_category && in_author && in_tag && !self.nothing;
            if others && day > 0 {
                count_day(&mut counts.days, day);
            }
            if let (true, Some(m)) = (others, month) {
                count_year(&mut counts.years, m.year);
                if self.year == Some(m.year) {
                    count_month(&mut counts.months, m);
                }
            }
        };
        match text {
            None => {
                for part in parts {
                    for i in 0..part.columns.len() {
                        visit(part.columns, i);
                    }
                }
            }
            Some(hits) => {
                let mut at = 0;
                for &number in hits {
                    while parts
                        .get(at)
                        .is_some_and(|p| number >= p.first + p.columns.len() as u32)
                    {
                        at += 1;
                    }
                    let Some(part) = parts.get(at) else { break };
                    if let Some(i) = number.checked_sub(part.first) {
                        visit(part.columns, i as usize);
                    }
                }
            }
        }
        counts
    }
}

/// A category and its ancestors, up the `parents` table (a parent's id is lower than its
/// child's, which also ends the walk on a malformed table).
pub fn ancestors(parents: &[u32], category: u32) -> impl Iterator<Item = u32> + '_ {
    let mut next = Some(category).filter(|&c| (c as usize) < parents.len());
    std::iter::from_fn(move || {
        let current = next?;
        next = parents[current as usize]
            .checked_sub(1)
            .filter(|&p| p < current);
        Some(current)
    })
}

fn bump(counts: &mut [u32], id: u32) {
    if let Some(c) = counts.get_mut(id as usize) {
        *c += 1;
    }
}

/// Articles come oldest first, so a day is almost always the last one or a new one.
fn count_day(days: &mut Vec<DayCount>, day: u32) {
    match days.last_mut() {
        Some(last) if last.day == day => last.n += 1,
        Some(last) if last.day > day => match days.binary_search_by_key(&day, |c| c.day) {
            Ok(at) => days[at].n += 1,
            Err(at) => days.insert(at, DayCount { day, n: 1 }),
        },
        _ => days.push(DayCount { day, n: 1 }),
    }
}

fn count_year(years: &mut Vec<YearCount>, year: i32) {
    match years.binary_search_by_key(&year, |c| c.year) {
        Ok(at) => years[at].n += 1,
        Err(at) => years.insert(at, YearCount { year, n: 1 }),
    }
}

fn count_month(months: &mut Vec<MonthCount>, at: YearMonth) {
    match months.binary_search_by_key(&at.month, |c| c.m) {
        Ok(i) => months[i].n += 1,
        Err(i) => months.insert(
            i,
            MonthCount {
                y: at.year,
                m: at.month,
                n: 1,
            },
        ),
    }
}

/// A calendar month (ordered by year, then month).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct YearMonth {
    pub year: i32,
    pub month: u32,
}

impl YearMonth {
    /// The month after this one.
    pub fn next(self) -> Self {
        match self.month {
            12 => Self {
                year: self.year + 1,
                month: 1,
            },
            m => Self {
                year: self.year,
                month: m + 1,
            },
        }
    }

    /// The month of a columns `day` (0 undated, else 1 + days since 1970-01-01).
    pub fn of_day(day: u32) -> Option<Self> {
        let days = i64::from(day.checked_sub(1)?);
        let (year, month, _) = civil_date(days * 86_400);
        Some(Self { year, month })
    }
}

/// The month of the last day asked: consecutive articles mostly share their day.
#[derive(Default)]
struct DayCache {
    day: u32,
    month: Option<YearMonth>,
}

impl DayCache {
    fn month(&mut self, day: u32) -> Option<YearMonth> {
        if day != self.day {
            self.day = day;
            self.month = YearMonth::of_day(day);
        }
        self.month
    }
}

/// The lowercased text the box filters in a bundle without the articles' text: title,
/// excerpt, author, category and tag names.
pub fn list_text(row: &Row) -> String {
    let mut text = String::with_capacity(row.title.len() + row.excerpt.len() + 64);
    text.push_str(&row.title);
    text.push('\n');
    text.push_str(&row.excerpt);
    let mut add = |name: &str| {
        text.push('\n');
        text.push_str(name);
    };
    if let Some(author) = &row.author {
        add(author);
    }
    for path in &row.categories {
        for name in path {
            add(name);
        }
    }
    for tag in &row.tags {
        add(tag);
    }
    text.to_lowercase()
}

/// The language an article's text is written in, as far as its script tells: `zh` for Han
/// without kana, `ja` with kana, `ko` for Hangul, `en` for Latin letters alone; `None` when the
/// script says nothing (no letters, or another script). The articles carry no language of their
/// own, and a reader's screen reader needs one that is not the UI's.
pub fn text_lang(text: &str) -> Option<&'static str> {
    let (mut han, mut kana, mut hangul, mut latin, mut other) = (0, 0, 0, 0, 0);
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        match c as u32 {
            0x3040..=0x30FF => kana += 1,
            0xAC00..=0xD7AF | 0x1100..=0x11FF => hangul += 1,
            0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF => han += 1,
            _ if c.is_ascii_alphabetic() => latin += 1,
            _ => other += 1,
        }
    }
    if kana > 0 {
        Some("ja")
    } else if hangul > han {
        Some("ko")
    } else if han > 0 {
        Some("zh")
    } else if latin > 0 && other * 10 < latin {
        Some("en")
    } else {
        None
    }
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

// Native only: they draw cases with the generator's RNG, which the WASM does not build.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
