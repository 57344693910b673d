//! Routing over a gloo history (the page's hash, or memory when embedded): a [`Navigator`] that
//! moves between [`Route`]s, and the current [`Location`], shared through context by the root.
//!
//! This is what `yew_router`'s `Router`, `Switch` and hooks did for Folio (no basename, one route
//! type), without their components and two contexts, which cost the WASM several kilobytes. The
//! histories themselves are gloo's, as before.

use std::rc::Rc;

use yew::prelude::*;
use yew_router::history::{AnyHistory, History, Location};
use yew_router::query::ToQuery;
use yew_router::Routable;

use super::app::Route;
use super::hooks::use_scope;

/// Moves between the viewer's pages.
#[derive(Debug, Clone, PartialEq)]
pub struct Navigator(AnyHistory);

impl Navigator {
    pub fn new(history: AnyHistory) -> Self {
        Self(history)
    }

    /// Adds a history entry for `route`.
    pub fn push(&self, route: &Route) {
        self.0.push(route.to_path());
    }

    /// Replaces the current history entry with `route`.
    pub fn replace(&self, route: &Route) {
        self.0.replace(route.to_path());
    }

    /// Adds a history entry for `route` with `query`.
    pub fn push_with_query<Q: ToQuery>(&self, route: &Route, query: Q) -> Result<(), Q::Error> {
        self.0.push_with_query(route.to_path(), query)
    }

    /// Replaces the current history entry with `route` and `query`.
    pub fn replace_with_query<Q: ToQuery>(&self, route: &Route, query: Q) -> Result<(), Q::Error> {
        self.0.replace_with_query(route.to_path(), query)
    }

    /// Whether addresses live in the page's hash (so an `href` starts with `#`).
    pub fn is_hash(&self) -> bool {
        matches!(self.0, AnyHistory::Hash(_))
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
