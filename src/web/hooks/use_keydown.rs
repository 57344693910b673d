//! Keys for shortcuts: every `keydown` the viewer should see, in two layers, and whether one is
//! typing.
//!
//! Each hook adds its listener once per viewer and calls the handler of its component's latest
//! render. Listeners that stay put are called in the order they were added, whatever renders in
//! between, so what is open on top (the help, an image shown full size) listens in the capture
//! phase, before the page under it, and ends an event it has used (`Esc` closing it) so that
//! the page never sees it: the page's handler would read the render after the close and act on
//! the same `Esc` again.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_events::{EventListener, EventListenerOptions, EventListenerPhase};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::web::hooks::use_effect_on;

use super::{use_scope, Scope};

/// Calls `handler` for every `keydown` the page should see: on the whole document when
/// standalone, inside the viewer when embedded; after any [`use_overlay_keydown`]'s.
#[hook]
pub fn use_keydown(handler: Callback<web_sys::KeyboardEvent>) {
    let scope = use_scope();
    use_keydown_in(&scope, EventListenerPhase::Bubble, handler);
}

/// [`use_keydown`] for what shows over the page, for the viewer at `scope` (the root passes
/// its own: its scope is not yet in context there). Its handler runs before the page's and
/// stops the events it handles (`stop_immediate_propagation`).
#[hook]
pub fn use_overlay_keydown(scope: &Scope, handler: Callback<web_sys::KeyboardEvent>) {
    use_keydown_in(scope, EventListenerPhase::Capture, handler);
}

#[hook]
fn use_keydown_in(
    scope: &Scope,
    phase: EventListenerPhase,
    handler: Callback<web_sys::KeyboardEvent>,
) {
    let latest = use_latest(handler);
    use_effect_on(scope.clone(), move |scope| {
        let target: Option<web_sys::EventTarget> = if scope.embedded {
            scope.root.cast::<web_sys::Element>().map(Into::into)
        } else {
            Some(crate::web::document().into())
        };
        // Not passive (gloo's default): shortcuts prevent the key's default action.
        let options = EventListenerOptions {
            phase,
            passive: false,
        };
        let listener = target.map(|t| {
            EventListener::new_with_options(&t, "keydown", options, move |e| {
                if let Some(e) = e.dyn_ref::<web_sys::KeyboardEvent>() {
                    latest.emit(e.clone());
                }
            })
        });
        move || drop(listener)
    });
}

/// The handler of a component's latest render, for a listener added once ([`use_latest`]).
pub struct Latest<T: 'static>(Rc<RefCell<Callback<T>>>);

impl<T: 'static> Latest<T> {
    /// Calls the latest handler with `value`.
    pub fn emit(&self, value: T) {
        // Cloned out first: the handler may render, and a render sets the latest handler.
        let handler = self.0.borrow().clone();
        handler.emit(value);
    }
}

/// The handler of the component's latest render, for a listener added once.
#[hook]
pub fn use_latest<T: 'static>(handler: Callback<T>) -> Latest<T> {
    let latest = use_mut_ref(|| handler.clone());
    *latest.borrow_mut() = handler;
    Latest(latest)
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
