//! The articles the list shows for its query: the filter answered (through the search engine
//! when there is one) by the query's names, while they are resolved to ids (through the lookup
//! when the entry does not have them) for the counts. Files are fetched as needed, and the last
//! answer stays on screen until they are there. A view listed newest first shows its first rows
//! from the newest segments, and its whole answer once the older segments' files, fetched after
//! those rows, are there.

use yew::prelude::*;

use super::use_files;
use crate::query::ListQuery;
use crate::web::catalog::{Listing, Resolved};
use crate::web::state::StateHandle;
use crate::web::store::Needs;

/// What the list shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Listed {
    /// The articles, in list order.
    pub listing: Listing,
    /// The filter text they answer.
    pub text: String,
}

/// The list's answer to a query.
pub struct ListAnswer {
    /// The query with its names resolved; `None` until the entry (and any lookup) is there.
    pub resolved: Option<Resolved>,
    /// The articles: this query's, or the last query's while files load; `None` at first.
    pub listed: Option<Listed>,
    /// Files are on their way; `listed` answers an earlier query meanwhile.
    pub pending: bool,
    /// `listed` is this query's first articles only, from the newest segments.
    pub partial: bool,
    /// The files of the whole answer that the first articles did not need: the caller fetches
    /// them once the first rows are on screen.
    pub rest: Needs,
    /// A file this answer needs failed to load: why.
    pub failed: Option<String>,
}

/// What the catalog answered a query, with the files that answer needs.
#[derive(Clone, Default)]
struct Answered {
    resolved: Option<Resolved>,
    listed: Option<Listed>,
    /// `listed` is the whole answer, not its first articles from the newest segments.
    whole: bool,
    /// The files the answer (or its first articles) needs now.
    needs: Needs,
    /// The files only the whole answer needs.
    rest: Needs,
}

/// The answer to `query` from the loaded catalog, fetching the files it needs.
#[hook]
pub fn use_list_answer(state: &StateHandle, query: &ListQuery) -> ListAnswer {
    let last = use_mut_ref(|| None::<Listed>);
    let answered = use_memo(
        (state.catalog(), query.clone(), state.files),
        |(catalog, query, _)| {
            let Some(catalog) = catalog.as_ref() else {
                return Answered::default();
            };
            let (mut needs, mut rest) = (Needs::default(), Needs::default());
            let resolved = catalog.resolve(query, &mut needs);
            // The articles need the names alone: they are looked for while the lookup finds
            // the ids.
            let filter = match &resolved {
                Some(r) => r.filter.clone(),
                None => catalog.filter_by_names(query),
            };
            let so_far = catalog.listing_so_far(&filter, &mut needs, &mut rest);
            Answered {
                resolved,
                whole: so_far.as_ref().is_some_and(|s| s.whole),
                listed: so_far.map(|so_far| Listed {
                    listing: so_far.listing,
                    text: filter.text.clone(),
                }),
                needs,
                rest,
            }
        },
    );
    let Answered {
        resolved,
        listed,
        whole,
        needs,
        rest,
    } = (*answered).clone();
    use_files(state, &needs);
    let partial = listed.is_some() && !whole;
    if let Some(listed) = &listed {
        *last.borrow_mut() = Some(listed.clone());
    }
    ListAnswer {
        resolved,
        listed: listed.or_else(|| last.borrow().clone()),
        pending: needs.pending(),
        partial,
        rest,
        failed: needs.failed,
    }
}
