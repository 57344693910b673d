//! The bundle's index, loaded when the viewer starts and again on retry.

use std::rc::Rc;

use yew::prelude::*;

use crate::web::fetch;
use crate::web::state::{Action, Catalog, StateHandle};

/// Loads the index into `state` on each attempt ([`Action::Retry`] starts another).
#[hook]
pub fn use_index(state: &StateHandle) {
    let state = state.clone();
    use_effect_with(state.attempt, move |_| {
        wasm_bindgen_futures::spawn_local(async move {
            let offset = -(js_sys::Date::new_0().get_timezone_offset() as i32);
            match fetch::index(&state.data).await {
                Ok(index) => state.dispatch(Action::Loaded(Rc::new(Catalog::new(index, offset)))),
                Err(message) => state.dispatch(Action::Failed(message)),
            }
        });
    });
}
