//! App state: one reducer at the root, shared through context.
//!
//! [`State`] holds the loaded [`Catalog`] (or why it is not there), a count of the bundle files
//! that arrived since (views that wait for files recompute when it moves), the UI language (the
//! bundle's until the host or the reader chooses one) and theme (both remembered in
//! `localStorage`), whether the shortcut help is open, and where the reader
//! left the list, and the reader's [`Marks`] (read, starred) on this bundle's articles, kept in
//! `localStorage` under the bundle's address. [`Action`] is everything that changes it. List filters live in the URL, not
//! here, so every view has an address.

use std::rc::Rc;

use yew::prelude::*;

use super::catalog::Catalog;
use super::fetch::EntryError;
use super::i18n::Lang;
use crate::marks::{Mark, Marks};
use crate::query::ListQuery;

/// Where loading the entry stands.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Load {
    #[default]
    Loading,
    Ready(Rc<Catalog>),
    Failed(EntryError),
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
    /// A theme by name (`light`, `dark`, `system`), as a host's `theme` attribute says it.
    pub fn named(name: &str) -> Option<Self> {
        match name {
            "light" => Some(Theme::Light),
            "dark" => Some(Theme::Dark),
            "system" => Some(Theme::System),
            _ => None,
        }
    }

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
    /// Bumped by [`Action::Retry`] and [`Action::Reload`] so the loader runs again.
    pub attempt: u32,
    pub lang: Lang,
    /// The host or the reader chose the language: the bundle's does not replace it.
    pub lang_chosen: bool,
    pub theme: Theme,
    pub help: bool,
    /// The list view the reader came from; also what previous/next walk through.
    pub list: ListMemory,
    /// Bumped each time a bundle file arrives (or fails), so views waiting for it ask again.
    pub files: u32,
    /// The reader's marks on this bundle's articles.
    pub marks: Rc<Marks>,
}

/// Where the marks of the bundle at `data` are kept: under its absolute address, so that each
/// bundle (and each embedded viewer's `src`) has its own, and a rebuild in place keeps them.
pub fn marks_key(data: &str) -> String {
    let base = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    let address = web_sys::Url::new_with_base(data, &base)
        .map(|u| u.href())
        .unwrap_or_else(|_| data.to_string());
    format!("folio-marks:{address}")
}

impl State {
    /// The state at start, reading the bundle at `data`: language and theme as the host sets
    /// them, else as the reader chose them before (or as the browser says); the reader's marks
    /// for this bundle as they were saved.
    pub fn new(data: String, lang: Option<Lang>, theme: Option<Theme>) -> Self {
        let marks = super::storage_get(&marks_key(&data))
            .and_then(|text| Marks::from_json(&text).ok())
            .unwrap_or_default();
        let chosen = lang.or_else(Lang::remembered);
        Self {
            data,
            marks: Rc::new(marks),
            lang: chosen.unwrap_or_else(Lang::browser),
            lang_chosen: chosen.is_some(),
            theme: theme.unwrap_or_else(Theme::remembered),
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
    Failed(EntryError),
    Retry,
    /// The host pointed the viewer at another bundle (its folder URL, ending in `/`).
    SetData(String),
    /// The bundle was rebuilt (`folio serve`): load the entry again, showing the current one
    /// meanwhile, so the route and the view stay.
    Reload,
    /// The reader or the host chose a language.
    SetLang(Lang),
    /// The host no longer sets one: the reader's choice, else the bundle's, else the browser's.
    DefaultLang,
    SetTheme(Theme),
    ShowHelp(bool),
    RememberList(ListMemory),
    /// A bundle file arrived or failed (or failed ones are to be fetched again).
    FileArrived,
    /// Gives an article a mark (`on`) or takes it away.
    Mark {
        mark: Mark,
        slug: String,
        on: bool,
    },
    /// Marks these articles read.
    ReadAll(Vec<String>),
    /// Adds imported marks to the reader's.
    ImportMarks(Marks),
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            // A viewer pointed at another bundle meanwhile ignores the one it asked for first.
            Action::Loaded(catalog) if catalog.store.base() != next.data => {}
            Action::Loaded(catalog) => {
                if !next.lang_chosen {
                    next.lang = bundle_lang(&catalog).unwrap_or(next.lang);
                }
                next.load = Load::Ready(catalog);
            }
            Action::Failed(message) => next.load = Load::Failed(message),
            Action::Retry => {
                next.load = Load::Loading;
                next.attempt += 1;
            }
            Action::SetData(data) if data != next.data => {
                next = State {
                    data,
                    attempt: next.attempt + 1,
                    lang: next.lang,
                    lang_chosen: next.lang_chosen,
                    theme: next.theme,
                    ..State::default()
                };
            }
            Action::SetData(_) => {}
            Action::Reload => next.attempt += 1,
            Action::SetLang(lang) => {
                next.lang = lang;
                next.lang_chosen = true;
            }
            Action::DefaultLang => {
                let remembered = Lang::remembered();
                next.lang_chosen = remembered.is_some();
                next.lang = remembered
                    .or_else(|| self.catalog().and_then(|c| bundle_lang(&c)))
                    .unwrap_or_else(Lang::browser);
            }
            Action::SetTheme(theme) => next.theme = theme,
            Action::ShowHelp(open) => next.help = open,
            Action::RememberList(memory) => next.list = memory,
            Action::FileArrived => next.files += 1,
            Action::Mark { mark, slug, on } => {
                if self.marks.has(mark, &slug) != on {
                    Rc::make_mut(&mut next.marks).put(mark, &slug, on);
                }
            }
            Action::ReadAll(slugs) => {
                if slugs.iter().any(|s| !self.marks.has(Mark::Read, s)) {
                    Rc::make_mut(&mut next.marks).read_all(slugs.iter().map(String::as_str));
                }
            }
            Action::ImportMarks(marks) => Rc::make_mut(&mut next.marks).merge(marks),
        }
        // Unchanged state keeps its Rc, so Yew skips the re-render.
        if next == *self {
            self
        } else {
            Rc::new(next)
        }
    }
}

/// The UI language the bundle names (its site's `language`), if Folio speaks it.
fn bundle_lang(catalog: &Catalog) -> Option<Lang> {
    catalog.entry.lang.as_deref().and_then(Lang::tagged)
}

/// What the root shares with every page.
pub type StateHandle = UseReducerHandle<State>;
