//! The end of an input method's composition in the search box.

use gloo_events::EventListener;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::{use_effect_on, use_latest, use_scope};

/// Calls `handler` with the search box's text when an input method finishes composing in it
/// (Yew has no listener for `compositionend`, so it is caught on the viewer's root); the
/// handler of the latest render, the listener added once.
#[hook]
pub fn use_composition_end(handler: Callback<String>) {
    let scope = use_scope();
    let latest = use_latest(handler);
    use_effect_on(scope, move |scope| {
        let listener = scope.root.cast::<web_sys::Element>().map(|root| {
            EventListener::new(&root, "compositionend", move |e| {
                let input = e
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                    .filter(|i| i.id() == "folio-filter-input");
                if let Some(input) = input {
                    latest.emit(input.value());
                }
            })
        });
        move || drop(listener)
    });
}
