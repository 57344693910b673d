//! The end of an input method's composition in the search box.

use gloo_events::EventListener;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::web::hooks::use_effect_on;

use super::use_scope;

/// Calls `handler` with the search box's text when an input method finishes composing in it
/// (Yew has no listener for `compositionend`, so it is caught on the viewer's root).
#[hook]
pub fn use_composition_end(handler: Callback<String>) {
    let scope = use_scope();
    use_effect_on((handler, scope), |(handler, scope)| {
        let handler = handler.clone();
        let listener = scope.root.cast::<web_sys::Element>().map(|root| {
            EventListener::new(&root, "compositionend", move |e| {
                let input = e
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                    .filter(|i| i.id() == "folio-filter-input");
                if let Some(input) = input {
                    handler.emit(input.value());
                }
            })
        });
        move || drop(listener)
    });
}
