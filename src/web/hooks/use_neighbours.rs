//! The articles before and after this one in the list the reader came from.

use yew::prelude::*;

use crate::query::{Filter, ListQuery};
use crate::web::state::{Catalog, StateHandle};

/// Slugs of the previous and next article in the list, if there are.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Neighbours {
    pub prev: Option<String>,
    pub next: Option<String>,
}

/// The neighbours of `slug` in the remembered list view.
#[hook]
pub fn use_neighbours(state: &StateHandle, slug: &str) -> Neighbours {
    let neighbours = use_memo(
        (
            state.catalog(),
            state.list.query.clone(),
            slug.to_string(),
            state.search_files,
        ),
        |(catalog, query, slug, _)| {
            catalog
                .as_ref()
                .and_then(|c| neighbours(c, query, slug))
                .unwrap_or_default()
        },
    );
    (*neighbours).clone()
}

/// `None` when `slug` is not in the list for `query` (or its search is not loaded).
fn neighbours(c: &Catalog, query: &ListQuery, slug: &str) -> Option<Neighbours> {
    let filter = Filter::from(query);
    let text_hits = c.text_hits(&filter).ok()?;
    let (hits, _) = filter.run_on(&c.index, &c.prepared, &text_hits);
    let at = hits
        .iter()
        .position(|&p| c.index.articles[p].slug == slug)?;
    let slug_at = |i: Option<usize>| {
        i.and_then(|i| hits.get(i))
            .map(|&p| c.index.articles[p].slug.clone())
    };
    Some(Neighbours {
        prev: slug_at(at.checked_sub(1)),
        next: slug_at(Some(at + 1)),
    })
}
