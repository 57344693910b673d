//! Loading the bundle files a view needs.

use yew::prelude::*;

use crate::web::hooks::use_effect_on;

use crate::web::state::{Action, StateHandle};
use crate::web::store::Needs;

/// Fetches the files `needs` wants; the root counts each arrival, so that the views waiting for
/// it compute again.
#[hook]
pub fn use_files(state: &StateHandle, needs: &Needs) {
    let state = state.clone();
    use_effect_on(needs.wants.clone(), move |wants| {
        if let (Some(catalog), false) = (state.catalog(), wants.is_empty()) {
            let done = Callback::from(move |()| state.dispatch(Action::FileArrived));
            catalog.store.load(wants, &done);
        }
    });
}

/// A retry of the files that failed: they are forgotten, and the views ask for them again.
pub fn retry_files(state: &StateHandle) -> Callback<MouseEvent> {
    let state = state.clone();
    Callback::from(move |_| {
        if let Some(catalog) = state.catalog() {
            catalog.store.forget_failures();
        }
        state.dispatch(Action::FileArrived);
    })
}
