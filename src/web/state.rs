//! App state: one reducer at the root, shared through context.
//!
//! [`State`] holds the loaded [`Catalog`] (or why it is not there); [`Action`] is everything
//! that changes it. List filters live in the URL, not here, so that every view has an address.

use std::rc::Rc;

use yew::prelude::*;

use crate::model::Index;
use crate::query::haystack;

/// The loaded bundle plus what the filter needs precomputed.
#[derive(Debug, PartialEq)]
pub struct Catalog {
    pub index: Index,
    /// [`haystack`] of each article, in index order.
    pub haystacks: Vec<String>,
}

impl Catalog {
    pub fn new(index: Index) -> Self {
        let haystacks = index.articles.iter().map(|a| haystack(&index, a)).collect();
        Self { index, haystacks }
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

/// The root state.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct State {
    pub load: Load,
    /// Bumped by [`Action::Retry`] so the loader runs again.
    pub attempt: u32,
}

/// Everything that changes [`State`].
#[derive(Debug)]
pub enum Action {
    Loaded(Rc<Catalog>),
    Failed(String),
    Retry,
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let next = match action {
            Action::Loaded(catalog) => State {
                load: Load::Ready(catalog),
                ..(*self).clone()
            },
            Action::Failed(message) => State {
                load: Load::Failed(message),
                ..(*self).clone()
            },
            Action::Retry => State {
                load: Load::Loading,
                attempt: self.attempt + 1,
            },
        };
        if next == *self {
            self
        } else {
            Rc::new(next)
        }
    }
}

/// What the root shares with every page.
pub type StateHandle = UseReducerHandle<State>;
