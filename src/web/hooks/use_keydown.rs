//! Keys for shortcuts: every `keydown` the viewer should see, and whether one is typing.

use gloo_events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::web::hooks::use_effect_on;

use super::{use_scope, Scope};

/// Calls `handler` for every `keydown` the viewer should see: on the whole document when
/// standalone, inside the viewer when embedded.
#[hook]
pub fn use_keydown(handler: Callback<web_sys::KeyboardEvent>) {
    let scope = use_scope();
    use_keydown_in(&scope, handler);
}

/// [`use_keydown`] for the viewer at `scope`, for the root, where the scope is not yet in
/// context (read from context there, it would be a standalone page's, and listen document-wide).
#[hook]
pub fn use_keydown_in(scope: &Scope, handler: Callback<web_sys::KeyboardEvent>) {
    use_effect_on((handler, scope.clone()), |(handler, scope)| {
        let target: Option<web_sys::EventTarget> = if scope.embedded {
            scope.root.cast::<web_sys::Element>().map(Into::into)
        } else {
            Some(crate::web::document().into())
        };
        let handler = handler.clone();
        // Not passive (gloo's default): shortcuts prevent the key's default action.
        let options = EventListenerOptions::enable_prevent_default();
        let listener = target.map(|t| {
            EventListener::new_with_options(&t, "keydown", options, move |e| {
                if let Some(e) = e.dyn_ref::<web_sys::KeyboardEvent>() {
                    handler.emit(e.clone());
                }
            })
        });
        move || drop(listener)
    });
}

/// Whether a key event belongs to text entry (or a chord), so shortcuts must leave it alone.
pub fn is_typing(e: &web_sys::KeyboardEvent) -> bool {
    if e.ctrl_key() || e.meta_key() || e.alt_key() {
        return true;
    }
    // `composed_path` sees through shadow roots, where `target` is the host element.
    let target = e.composed_path().get(0).dyn_into::<web_sys::Element>().ok();
    let Some(target) = target.or_else(|| {
        e.target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    }) else {
        return false;
    };
    let tag = target.tag_name().to_ascii_lowercase();
    matches!(tag.as_str(), "input" | "textarea" | "select")
        || target.closest("[contenteditable]").ok().flatten().is_some()
}
