//! The viewer's pages and how to move between them: every page has an address ([`Route`]), a
//! [`Navigator`] moves the [`History`] to one, [`link`] draws an anchor to one, and [`Current`]
//! is the location the root shares through context.
//!
//! The bottom of the app: it knows addresses and list queries, not the state or the pages.

use std::rc::Rc;

use yew::prelude::*;

use super::history::{address, History, Location};
use crate::query::ListQuery;

/// Every page has an address: `/` is the list, `/a/<slug>` an article, anything else
/// [`Route::NotFound`] (`/404`).
#[derive(Debug, Clone, PartialEq)]
pub enum Route {
    /// The article list; its filters are in the query (`#/?q=…`).
    List,
    /// One article.
    Article {
        slug: String,
    },
    NotFound,
}

impl Route {
    /// The route at `path`: one trailing `/` is ignored, and the slug is one non-empty,
    /// percent-decoded path segment; any other path is [`Route::NotFound`].
    pub fn recognize(path: &str) -> Self {
        // An anchor inside the article (`/a/<slug>#a-setup`, as links between articles write
        // it) is not part of the route.
        let path = path.split('#').next().unwrap_or(path);
        let path = path.strip_suffix('/').unwrap_or(path);
        let path = path.strip_prefix('/').unwrap_or(path);
        match path.split_once('/') {
            None if path.is_empty() => Route::List,
            Some(("a", slug)) if !slug.is_empty() && !slug.contains('/') => {
                match crate::model::percent_decoded(slug) {
                    Some(slug) => Route::Article { slug },
                    None => Route::NotFound,
                }
            }
            _ => Route::NotFound,
        }
    }

    /// The route's path, with the slug percent-encoded.
    pub fn to_path(&self) -> String {
        match self {
            Route::List => "/".to_string(),
            Route::Article { slug } => crate::model::article_path(slug),
            Route::NotFound => "/404".to_string(),
        }
    }
}

/// Moves between the viewer's pages.
#[derive(Debug, Clone, PartialEq)]
pub struct Navigator {
    history: History,
}

impl Navigator {
    pub fn new(history: History) -> Self {
        Self { history }
    }

    /// The address of `route` with `query` (`/?q=rust`), without the hash's `#`.
    pub fn address(route: &Route, query: Option<&ListQuery>) -> String {
        let query = query.map(ListQuery::to_query_string).unwrap_or_default();
        address(&route.to_path(), &query)
    }

    /// Adds a history entry for `route`.
    pub fn push(&self, route: &Route) {
        self.history.push(&route.to_path());
    }

    /// Adds a history entry for `route` with `query`.
    pub fn push_with_query(&self, route: &Route, query: &ListQuery) {
        self.history.push(&Self::address(route, Some(query)));
    }

    /// Replaces the current history entry with `route` and `query`.
    pub fn replace_with_query(&self, route: &Route, query: &ListQuery) {
        self.history.replace(&Self::address(route, Some(query)));
    }

    /// Goes to the list view for `query`: `push` adds a history entry (facets, sort), else the
    /// current entry is replaced (typing).
    pub fn go_to_list(&self, query: &ListQuery, push: bool) {
        if push {
            self.push_with_query(&Route::List, query);
        } else {
            self.replace_with_query(&Route::List, query);
        }
    }

    /// Whether addresses live in the page's hash (so an `href` starts with `#`).
    pub fn is_hash(&self) -> bool {
        self.history.is_hash()
    }
}

/// An anchor to `to` (with `query`, if any), with optional `class`: a plain `<a href>`, so it
/// can be opened in a new tab, copied or bookmarked, whose click moves inside the viewer.
pub fn link(
    navigator: &Navigator,
    to: Route,
    query: Option<ListQuery>,
    class: Option<&'static str>,
    children: Html,
) -> Html {
    let mut href = Navigator::address(&to, query.as_ref());
    if navigator.is_hash() {
        href.insert(0, '#');
    }
    let navigator = navigator.clone();
    let onclick = Callback::from(move |e: MouseEvent| {
        // Modified clicks keep the browser's meaning (new tab, new window, download).
        if e.meta_key() || e.ctrl_key() || e.shift_key() || e.alt_key() {
            return;
        }
        e.prevent_default();
        match &query {
            None => navigator.push(&to),
            Some(q) => navigator.push_with_query(&to, q),
        }
    });
    html! { <a {class} {href} {onclick}>{ children }</a> }
}

/// The URL of `address` in the full viewer at `href`: in its query parameter `param` when it
/// keeps its route there, else in its hash.
pub fn link_to(href: &str, param: Option<&str>, address: &str) -> Option<String> {
    let base = super::document().base_uri().ok().flatten()?;
    let url = web_sys::Url::new_with_base(href, &base).ok()?;
    match param {
        Some(param) => url.search_params().set(param, address),
        None => url.set_hash(address),
    }
    Some(url.href())
}

/// The current location as the root shares it: equal only to the same update (a counter), so
/// every navigation reaches the pages that read it.
#[derive(Clone)]
pub struct Current {
    pub location: Location,
    updates: u32,
}

impl Current {
    pub fn new(location: Location) -> Self {
        Self {
            location,
            updates: 0,
        }
    }
}

impl PartialEq for Current {
    fn eq(&self, other: &Self) -> bool {
        self.updates == other.updates
    }
}

impl Reducible for Current {
    type Action = Location;

    fn reduce(self: Rc<Self>, location: Location) -> Rc<Self> {
        Rc::new(Self {
            location,
            updates: self.updates + 1,
        })
    }
}
