//! The articles the list shows for its query: the query's names resolved (through the lookup
//! when the entry does not have them), then the filter answered (through the search engine when
//! there is one). Files are fetched as needed, and the last answer stays on screen until they
//! are there.

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
    /// A file this answer needs failed to load: why.
    pub failed: Option<String>,
}

/// The answer to `query` from the loaded catalog, fetching the files it needs.
#[hook]
pub fn use_list_answer(state: &StateHandle, query: &ListQuery) -> ListAnswer {
    let last = use_mut_ref(|| None::<Listed>);
    let answer = use_memo(
        (state.catalog(), query.clone(), state.files),
        |(catalog, query, _)| {
            let mut needs = Needs::default();
            let catalog = catalog.as_ref()?;
            let resolved = catalog.resolve(query, &mut needs);
            let listed = resolved.as_ref().and_then(|r| {
                Some(Listed {
                    listing: catalog.listing(&r.filter, &mut needs)?,
                    text: r.filter.text.clone(),
                })
            });
            Some((resolved, listed, needs))
        },
    );
    let (resolved, listed, needs) = match answer.as_ref() {
        Some((resolved, listed, needs)) => (resolved.clone(), listed.clone(), needs.clone()),
        None => (None, None, Needs::default()),
    };
    use_files(state, &needs);
    if let Some(listed) = &listed {
        *last.borrow_mut() = Some(listed.clone());
    }
    ListAnswer {
        resolved,
        listed: listed.or_else(|| last.borrow().clone()),
        pending: needs.pending(),
        failed: needs.failed,
    }
}
