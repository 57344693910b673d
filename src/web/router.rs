//! Routing over a [`History`] (the page's hash, or memory when embedded): a [`Navigator`] that
//! moves between [`Route`]s, and the current [`Location`], shared through context by the root.
//!
//! This is what `yew_router`'s `Router`, `Switch` and hooks did for Folio (no basename, one route
//! type), without their components and two contexts, which cost the WASM several kilobytes.

use std::rc::Rc;

use yew::prelude::*;
use yew_router::Routable;

use super::app::Route;
use super::history::{address, History, Location};
use super::hooks::use_scope;
use crate::query::ListQuery;

/// Moves between the viewer's pages.
#[derive(Debug, Clone, PartialEq)]
pub struct Navigator(History);

impl Navigator {
    pub fn new(history: History) -> Self {
        Self(history)
    }

    /// The address of `route` with `query` (`/?q=rust`), without the hash's `#`.
    pub fn address(route: &Route, query: Option<&ListQuery>) -> String {
        let query = query.map(ListQuery::to_query_string).unwrap_or_default();
        address(&route.to_path(), &query)
    }

    /// Adds a history entry for `route`.
    pub fn push(&self, route: &Route) {
        self.0.push(&route.to_path());
    }

    /// Replaces the current history entry with `route`.
    pub fn replace(&self, route: &Route) {
        self.0.replace(&route.to_path());
    }

    /// Adds a history entry for `route` with `query`.
    pub fn push_with_query(&self, route: &Route, query: &ListQuery) {
        self.0.push(&Self::address(route, Some(query)));
    }

    /// Replaces the current history entry with `route` and `query`.
    pub fn replace_with_query(&self, route: &Route, query: &ListQuery) {
        self.0.replace(&Self::address(route, Some(query)));
    }

    /// Whether addresses live in the page's hash (so an `href` starts with `#`).
    pub fn is_hash(&self) -> bool {
        self.0.is_hash()
    }
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

/// The viewer's navigator (`None` outside a viewer).
#[hook]
pub fn use_navigator() -> Option<Navigator> {
    use_scope().navigator
}

/// The current location (`None` outside a viewer).
#[hook]
pub fn use_location() -> Option<Location> {
    use_context::<Current>().map(|c| c.location)
}
