//! App state: one reducer at the root, shared through context.
//!
//! [`State`] holds the loaded [`Catalog`] (or why it is not there), the UI language and theme
//! (both remembered in `localStorage`), whether the shortcut help is open, and where the reader
//! left the list. [`Action`] is everything that changes it. List filters live in the URL, not
//! here, so every view has an address.

use std::rc::Rc;

use yew::prelude::*;

use super::i18n::Lang;
use super::search_store::{Answer, SearchStore};
use crate::model::Index;
use crate::query::{Filter, ListQuery, Prepared, TextCache};
use crate::search::Query;

/// The loaded bundle plus what filtering needs precomputed.
#[derive(Debug)]
pub struct Catalog {
    pub index: Index,
    pub prepared: Prepared,
    /// Top-level category nodes.
    pub roots: Vec<u32>,
    /// Child nodes of each category node.
    pub children: Vec<Vec<u32>>,
    /// Text hits of recent queries, so typing forward filters within the last result (when
    /// the bundle has no search index).
    pub text_cache: std::cell::RefCell<TextCache>,
    /// The full-text search index, as far as it is loaded.
    pub search: Rc<SearchStore>,
    /// Plain text of article bodies fetched for snippets, by body path.
    pub texts: std::cell::RefCell<std::collections::HashMap<String, Rc<str>>>,
}

impl Catalog {
    /// Prepares `index` for a reader `utc_offset_minutes` east of UTC.
    pub fn new(index: Index, utc_offset_minutes: i32) -> Self {
        let prepared = Prepared::new(&index, utc_offset_minutes);
        let mut roots = Vec::new();
        let mut children = vec![Vec::new(); index.categories.len()];
        for (i, c) in index.categories.iter().enumerate() {
            match c.parent.and_then(|p| children.get_mut(p as usize)) {
                Some(siblings) => siblings.push(i as u32),
                None => roots.push(i as u32),
            }
        }
        Self {
            index,
            prepared,
            roots,
            children,
            text_cache: Default::default(),
            search: Rc::default(),
            texts: Default::default(),
        }
    }

    /// Whether `filter`'s text is answered by the full-text index (else by the list text).
    pub fn searches(&self, filter: &Filter) -> bool {
        self.index.search.is_some() && !Query::parse(&filter.text).is_empty()
    }

    /// The text hits for `filter`: with a full-text index, the search results, best first;
    /// without one (or if it failed to load), the articles whose list text contains every term,
    /// in index order. `Err` names the index files to load first.
    pub fn text_hits(&self, filter: &Filter) -> Result<Rc<Vec<usize>>, Vec<String>> {
        if self.searches(filter) {
            match self.search.hits(&self.index, &filter.text) {
                Answer::Ready(hits) => return Ok(hits),
                Answer::Need(paths) => return Err(paths),
                Answer::Failed(_) => {}
            }
        }
        Ok(self
            .text_cache
            .borrow_mut()
            .hits(filter, &self.index, &self.prepared))
    }
}

/// A catalog is equal only to itself: every load makes a new one, and comparing two by value
/// would walk the whole archive on every render (props and memo dependencies compare with `==`).
impl PartialEq for Catalog {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

/// Where loading the index stands.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Load {
    #[default]
    Loading,
    Ready(Rc<Catalog>),
    Failed(String),
}

/// Light, dark, or whatever the system says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

/// Where the theme choice is remembered.
const THEME_KEY: &str = "folio-theme";

impl Theme {
    /// The theme chosen on an earlier visit (the system's if none).
    pub fn remembered() -> Self {
        match super::storage_get(THEME_KEY).as_deref() {
            Some("dark") => Theme::Dark,
            Some("light") => Theme::Light,
            _ => Theme::System,
        }
    }

    /// Remembers this choice for later visits.
    pub fn remember(self) {
        super::storage_set(THEME_KEY, self.attribute().unwrap_or("system"));
    }

    /// The value of the root's `data-theme` attribute (`None` follows the system).
    pub fn attribute(self) -> Option<&'static str> {
        match self {
            Theme::System => None,
            Theme::Light => Some("light"),
            Theme::Dark => Some("dark"),
        }
    }
}

/// Where the reader was in the list when they left it: restored on return.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ListMemory {
    pub query: ListQuery,
    /// Rows rendered.
    pub shown: usize,
    /// Vertical scroll offset in CSS pixels.
    pub scroll: f64,
    /// The selected row, if any.
    pub selected: Option<usize>,
}

/// The root state.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct State {
    /// URL of the bundle folder, ending in `/` (`data/` relative to the page by default).
    pub data: String,
    pub load: Load,
    /// Bumped by [`Action::Retry`] so the loader runs again.
    pub attempt: u32,
    pub lang: Lang,
    pub theme: Theme,
    pub help: bool,
    /// The list view the reader came from; also what previous/next walk through.
    pub list: ListMemory,
    /// Bumped each time a search index file arrives, so views waiting for it ask again.
    pub search_files: u32,
}

impl State {
    /// The state at start, reading the bundle at `data`: language and theme as the reader
    /// chose them before (or as the browser says).
    pub fn new(data: String) -> Self {
        Self {
            data,
            lang: Lang::detect(),
            theme: Theme::remembered(),
            ..Self::default()
        }
    }

    /// The catalog, once loaded.
    pub fn catalog(&self) -> Option<Rc<Catalog>> {
        match &self.load {
            Load::Ready(catalog) => Some(catalog.clone()),
            _ => None,
        }
    }
}

/// Everything that changes [`State`].
#[derive(Debug)]
pub enum Action {
    Loaded(Rc<Catalog>),
    Failed(String),
    Retry,
    SetLang(Lang),
    SetTheme(Theme),
    ShowHelp(bool),
    RememberList(ListMemory),
    SearchFileLoaded,
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Loaded(catalog) => next.load = Load::Ready(catalog),
            Action::Failed(message) => next.load = Load::Failed(message),
            Action::Retry => {
                next.load = Load::Loading;
                next.attempt += 1;
            }
            Action::SetLang(lang) => next.lang = lang,
            Action::SetTheme(theme) => next.theme = theme,
            Action::ShowHelp(open) => next.help = open,
            Action::RememberList(memory) => next.list = memory,
            Action::SearchFileLoaded => next.search_files += 1,
        }
        // Unchanged state keeps its Rc, so Yew skips the re-render.
        if next == *self {
            self
        } else {
            Rc::new(next)
        }
    }
}

/// What the root shares with every page.
pub type StateHandle = UseReducerHandle<State>;
