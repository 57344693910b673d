//! The rows and facet counts the list shows for a filter. A search may first need index files:
//! they are fetched, and the last answer stays on screen until they are there.

use std::rc::Rc;

use yew::prelude::*;

use crate::query::{Facets, Filter};
use crate::web::state::{Action, StateHandle};

/// What the list shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Listed {
    /// Positions in the index of the rows, in list order.
    pub hits: Rc<Vec<usize>>,
    pub facets: Rc<Facets>,
    /// The filter text the rows answer.
    pub text: String,
}

/// The list's answer to a filter.
pub struct ListAnswer {
    /// `None` until the index is loaded.
    pub listed: Option<Listed>,
    /// Search index files are on their way; `listed` answers an earlier text meanwhile.
    pub searching: bool,
}

/// The answer to `filter` from the loaded catalog, fetching the search index files it needs.
#[hook]
pub fn use_list_answer(state: &StateHandle, filter: &Filter) -> ListAnswer {
    let catalog = state.catalog();
    let last = use_mut_ref(|| None::<Listed>);
    let answer = use_memo(
        (catalog.clone(), filter.clone(), state.search_files),
        |(catalog, filter, _)| {
            let c = catalog.as_ref()?;
            Some(c.text_hits(filter).map(|text_hits| {
                let (hits, facets) = filter.run_on(&c.index, &c.prepared, &text_hits);
                Listed {
                    hits: Rc::new(hits),
                    facets: Rc::new(facets),
                    text: filter.text.clone(),
                }
            }))
        },
    );
    let (listed, need) = match answer.as_ref() {
        Some(Ok(listed)) => {
            *last.borrow_mut() = Some(listed.clone());
            (Some(listed.clone()), Vec::new())
        }
        Some(Err(need)) => (last.borrow().clone(), need.clone()),
        None => (None, Vec::new()),
    };
    let searching = !need.is_empty();
    {
        let state = state.clone();
        use_effect_with(need, move |need| {
            if let (Some(c), false) = (catalog, need.is_empty()) {
                let base = state.data.clone();
                let done = Callback::from(move |()| state.dispatch(Action::SearchFileLoaded));
                c.search.load(&base, need, &done);
            }
        });
    }
    ListAnswer { listed, searching }
}
