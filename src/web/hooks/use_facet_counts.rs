//! The facet counts of a filtered view, computed from the columns once the rows are on screen:
//! counting reads every article's columns, so it waits until the filter has stood still for a
//! moment and never delays a keystroke's rows. Until the counts of the current filter are there
//! the last ones stay, marked busy.

use std::rc::Rc;
use std::time::Duration;

use yew::prelude::*;

use crate::web::hooks::use_effect_on;
use crate::web::on_demand;

use super::use_files;
use crate::query::{FacetCounts, Filter, Sort};
use crate::web::state::StateHandle;
use crate::web::store::Needs;

/// How long a filter must stand before its counts are computed.
const DELAY_MS: u64 = 60;

/// The counts the panel shows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ShownCounts {
    /// Counts of the last filtered view counted; `None` for the bundle's own (the unfiltered
    /// view, or before any count).
    pub counts: Option<Rc<FacetCounts>>,
    /// The counts are not yet those of the current filter.
    pub busy: bool,
    /// A file the counts need failed to load: why.
    pub failed: Option<String>,
}

/// Counts for which filter.
#[derive(Clone, PartialEq)]
struct Counted {
    filter: Filter,
    counts: Rc<FacetCounts>,
}

/// The counts for `view`'s filter (`None` while it is not resolved), computed once `counted` is
/// that filter (the caller says when the view is ready for them).
#[hook]
pub fn use_facet_counts(
    state: &StateHandle,
    counted: Option<&Filter>,
    view: Option<&Filter>,
) -> ShownCounts {
    let last = use_state(|| None::<Counted>);
    let needs = use_state(Needs::default);
    let ticket = use_mut_ref(u32::default);
    // The order does not change the counts. A text's terms are the search engine's to read:
    // until the list has loaded it, a filter of text alone waits.
    let chooses = |f: &Filter| {
        f.has_facets()
            || (!f.text.trim().is_empty()
                && on_demand::search_engine().is_some_and(|engine| (engine.has_text)(f)))
    };
    let unsorted = |f: Option<&Filter>| {
        f.filter(|f| chooses(f)).map(|f| Filter {
            sort: Sort::default(),
            ..f.clone()
        })
    };
    let (wanted, filtered) = (unsorted(counted), unsorted(view));
    // The filter to count as of the latest render. A render that changes it cancels the count
    // still waiting in its effect, but Yew runs a long render's effects in a later task (it
    // yields after 16 ms), and a count already due would run first, inside the keystroke that
    // replaced its filter: the count checks this too before it starts.
    let current = use_mut_ref(|| None::<Filter>);
    *current.borrow_mut() = wanted.clone();
    {
        let (last, needs) = (last.clone(), needs.clone());
        let current = current.clone();
        use_effect_on(
            (state.catalog(), wanted, state.files),
            move |(catalog, filter, _)| {
                let mine = {
                    let mut ticket = ticket.borrow_mut();
                    *ticket += 1;
                    *ticket
                };
                // Files arrived, or failed ones are fetched again: the failure is asked anew.
                if needs.failed.is_some() {
                    needs.set(Needs::default());
                }
                let wanted = catalog.clone().zip(filter.clone());
                if let Some((catalog, filter)) =
                    wanted.filter(|(_, f)| last.as_ref().is_none_or(|c| c.filter != *f))
                {
                    let (ticket, current) = (ticket.clone(), current.clone());
                    wasm_bindgen_futures::spawn_local(async move {
                        yew::platform::time::sleep(Duration::from_millis(DELAY_MS)).await;
                        if *ticket.borrow() != mine || current.borrow().as_ref() != Some(&filter) {
                            return;
                        }
                        let mut missing = Needs::default();
                        match catalog.counts(&filter, &mut missing) {
                            Some(counts) => {
                                last.set(Some(Counted { filter, counts }));
                                needs.set(Needs::default());
                            }
                            None => needs.set(missing),
                        }
                    });
                }
                // A newer filter, or leaving the page, cancels the count still waiting.
                move || *ticket.borrow_mut() += 1
            },
        );
    }
    use_files(state, &needs);
    match filtered {
        None => ShownCounts::default(),
        Some(filter) => ShownCounts {
            counts: last.as_ref().map(|c| c.counts.clone()),
            busy: last.as_ref().is_none_or(|c| c.filter != filter),
            failed: needs.failed.clone(),
        },
    }
}
