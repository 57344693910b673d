//! The bundle's entry, loaded when the viewer starts and again on retry.

use std::rc::Rc;

use yew::prelude::*;

use crate::web::catalog::Catalog;
use crate::web::fetch;
use crate::web::state::{Action, StateHandle};

/// Loads the entry into `state` on each attempt ([`Action::Retry`] starts another).
#[hook]
pub fn use_entry(state: &StateHandle) {
    let state = state.clone();
    use_effect_with(state.attempt, move |_| {
        wasm_bindgen_futures::spawn_local(async move {
            match fetch::entry(&state.data).await {
                Ok(entry) => {
                    let catalog = Catalog::new(entry, state.data.clone());
                    state.dispatch(Action::Loaded(Rc::new(catalog)));
                }
                Err(why) => state.dispatch(Action::Failed(why)),
            }
        });
    });
}
