//! The reader's marks as the list needs them: as article numbers of this bundle
//! ([`use_marked`], found through the lookup once, again only when the marks change), and
//! "mark all in this view as read" ([`use_mark_all`], which needs the slugs of the view's rows).
//!
//! Thousands of marks spread over a large archive want most of its lookup files (hundreds at
//! 100,000 articles): the marks are looked up again, and the page rendered again, once all the
//! files of a look have come, not as each of them arrives (which made typing in the list
//! stutter while they came; BENCHMARKS.md, "Marks at 100,000 articles").

use std::cell::Cell;
use std::rc::Rc;

use yew::prelude::*;

use crate::web::hooks::use_effect_on;

use super::use_files;
use crate::marks::MarkedNumbers;
use crate::web::catalog::Listing;
use crate::web::state::{Action, StateHandle};
use crate::web::store::{Needs, Want};

/// The marks as numbers: the last known while lookup files load (`None` at first).
pub type Marked = Option<Rc<MarkedNumbers>>;

/// The lookup files a look at the marks waits for, and how many looks there were.
#[derive(Default)]
struct Awaited {
    wants: Vec<Want>,
    looks: u32,
}

/// The reader's marks as this bundle's article numbers.
#[hook]
pub fn use_marked(state: &StateHandle) -> Marked {
    let last = use_mut_ref(|| None::<Rc<MarkedNumbers>>);
    let awaited = use_mut_ref(Awaited::default);
    let failed = use_mut_ref(|| Cell::new(false));
    if let Some(catalog) = state.catalog() {
        let mut awaited = awaited.borrow_mut();
        if !awaited.wants.is_empty() && catalog.store.settled(&awaited.wants) {
            awaited.wants.clear();
            awaited.looks += 1;
        }
    }
    let looks = awaited.borrow().looks;
    // After a failure, a retry (any file arriving) looks again.
    let files = if failed.borrow().get() {
        state.files
    } else {
        0
    };
    let answer = use_memo(
        (state.catalog(), state.marks.clone(), looks, files),
        |(catalog, marks, _, _)| {
            let mut needs = Needs::default();
            let numbers = catalog
                .as_ref()
                .and_then(|c| c.marked_numbers(marks, &mut needs))
                .map(Rc::new);
            (numbers, needs)
        },
    );
    let (numbers, needs) = &*answer;
    failed.borrow().set(needs.failed.is_some());
    if needs.pending() && awaited.borrow().wants.is_empty() {
        awaited.borrow_mut().wants = needs.wants.clone();
    }
    {
        let state = state.clone();
        use_effect_on(needs.wants.clone(), move |wants| {
            if let (Some(catalog), false) = (state.catalog(), wants.is_empty()) {
                // One render when the last of them has come, not one per file.
                let left = Rc::new(Cell::new(wants.len()));
                let done = Callback::from(move |()| {
                    left.set(left.get() - 1);
                    if left.get() == 0 {
                        state.dispatch(Action::FileArrived);
                    }
                });
                catalog.store.load(wants, &done);
            }
        });
    }
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
        use_effect_on(slugs.clone(), move |slugs| {
            if let Some(slugs) = slugs {
                state.dispatch(Action::ReadAll(slugs.clone()));
                pending.set(None);
            }
        });
    }
    MarkAll { pending }
}
