//! The bundle's entry, loaded when the viewer starts, again on retry, and again whenever the
//! page receives a `folio-reload` event (sent by the script `folio serve` adds after each
//! rebuild).

use std::rc::Rc;

use gloo_events::EventListener;
use yew::prelude::*;

use crate::web::catalog::Catalog;
use crate::web::fetch;
use crate::web::state::{Action, StateHandle};

/// Loads the entry into `state` on each attempt ([`Action::Retry`] starts another).
#[hook]
pub fn use_entry(state: &StateHandle) {
    let dispatcher = state.dispatcher();
    use_effect_with((), move |_| {
        let window = web_sys::window().expect("a window");
        let listener = EventListener::new(&window, "folio-reload", move |_| {
            dispatcher.dispatch(Action::Reload)
        });
        move || drop(listener)
    });
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
