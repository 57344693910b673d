//! The reader's marks as the list needs them: as article numbers of this bundle
//! ([`use_marked`], found through the lookup once, again only when the marks change), and
//! "mark all in this view as read" ([`use_mark_all`], which needs the slugs of the view's rows).

use std::cell::Cell;
use std::rc::Rc;

use yew::prelude::*;

use super::use_files;
use crate::marks::MarkedNumbers;
use crate::web::catalog::Listing;
use crate::web::state::{Action, StateHandle};
use crate::web::store::Needs;

/// The marks as numbers: the last known while lookup files load (`None` at first).
pub type Marked = Option<Rc<MarkedNumbers>>;

/// The reader's marks as this bundle's article numbers.
#[hook]
pub fn use_marked(state: &StateHandle) -> Marked {
    let last = use_mut_ref(|| None::<Rc<MarkedNumbers>>);
    let waiting = use_mut_ref(|| Cell::new(false));
    // Arrivals of files matter only while the lookup is still loading: once found, the
    // numbers are not looked up again until the marks change.
    let files = if waiting.borrow().get() {
        state.files
    } else {
        0
    };
    let answer = use_memo(
        (state.catalog(), state.marks.clone(), files),
        |(catalog, marks, _)| {
            let mut needs = Needs::default();
            let numbers = catalog
                .as_ref()
                .and_then(|c| c.marked_numbers(marks, &mut needs))
                .map(Rc::new);
            (numbers, needs)
        },
    );
    let (numbers, needs) = &*answer;
    waiting.borrow().set(numbers.is_none() && !needs.is_empty());
    use_files(state, needs);
    if let Some(numbers) = numbers {
        *last.borrow_mut() = Some(numbers.clone());
    }
    let known = last.borrow().clone();
    known
}

/// Starts marking every article of a view read.
#[derive(Clone, PartialEq)]
pub struct MarkAll {
    pending: UseStateHandle<Option<Listing>>,
}

impl MarkAll {
    /// Marks every article of `listing` read, once the rows that name them are loaded.
    pub fn start(&self, listing: Listing) {
        self.pending.set(Some(listing));
    }

    /// Whether rows are still loading for it.
    pub fn busy(&self) -> bool {
        self.pending.is_some()
    }
}

/// "Mark all in this view as read": the rows of the view are loaded (the entry's first, then
/// their row pages), and their slugs marked read in one action.
#[hook]
pub fn use_mark_all(state: &StateHandle) -> MarkAll {
    let pending = use_state(|| None::<Listing>);
    let answer = use_memo(
        (state.catalog(), (*pending).clone(), state.files),
        |(catalog, listing, _)| {
            let mut needs = Needs::default();
            let (Some(catalog), Some(listing)) = (catalog, listing) else {
                return (None, needs);
            };
            let rows: Vec<_> = (0..listing.len())
                .filter_map(|i| listing.get(i))
                .map(|n| catalog.row(n, &mut needs))
                .collect();
            let slugs = rows
                .into_iter()
                .map(|r| r.map(|r| r.slug.clone()))
                .collect::<Option<Vec<String>>>();
            (slugs, needs)
        },
    );
    let (slugs, needs) = &*answer;
    use_files(state, needs);
    {
        let (state, pending) = (state.clone(), pending.clone());
        use_effect_with(slugs.clone(), move |slugs| {
            if let Some(slugs) = slugs {
                state.dispatch(Action::ReadAll(slugs.clone()));
                pending.set(None);
            }
        });
    }
    MarkAll { pending }
}
