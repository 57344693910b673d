//! The viewer's [`Scope`] (its root element, whether it is embedded in another page, and its
//! navigator), the navigator and location the root shares, and hooks for listeners that are
//! removed when the component goes.

use gloo_events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::history::Location;
use super::router::{Current, Navigator};

/// Where this viewer lives. Standalone, it owns the page: keys are read from the whole document
/// and it may scroll the window. Embedded (perhaps twice on one page, inside a shadow root), it
/// reads keys only from inside itself, never scrolls the host, and finds its elements from its
/// own root, not the document.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Scope {
    pub root: NodeRef,
    pub embedded: bool,
    /// Moves between pages; `None` only outside a viewer.
    pub navigator: Option<Navigator>,
}

impl Scope {
    /// The first element matching `selector` inside the viewer.
    pub fn find(&self, selector: &str) -> Option<web_sys::HtmlElement> {
        self.root
            .cast::<web_sys::Element>()?
            .query_selector(selector)
            .ok()
            .flatten()?
            .dyn_into::<web_sys::HtmlElement>()
            .ok()
    }

    /// Moves keyboard focus to the element matching `selector`, if there is one.
    pub fn focus(&self, selector: &str) {
        if let Some(el) = self.find(selector) {
            let _ = el.focus();
        }
    }

    /// Scrolls the page to the top, unless the viewer is a guest in someone else's page.
    pub fn to_top(&self) {
        if self.embedded {
            return;
        }
        if let Some(w) = web_sys::window() {
            w.scroll_to_with_x_and_y(0.0, 0.0);
        }
    }
}

/// This viewer's [`Scope`].
#[hook]
pub fn use_scope() -> Scope {
    use_context::<Scope>().unwrap_or_default()
}

/// The viewer's navigator (`None` outside a viewer).
#[hook]
pub fn use_navigator() -> Option<Navigator> {
    use_scope().navigator
}

/// The current location (`None` outside a viewer).
#[hook]
pub fn use_location() -> Option<Location> {
    use_context::<Current>().map(|c| c.location)
}

/// Calls `handler` for every `keydown` the viewer should see: on the whole document when
/// standalone, inside the viewer when embedded.
#[hook]
pub fn use_keydown(handler: Callback<web_sys::KeyboardEvent>) {
    let scope = use_scope();
    use_effect_with((handler, scope), |(handler, scope)| {
        let target: Option<web_sys::EventTarget> = if scope.embedded {
            scope.root.cast::<web_sys::Element>().map(Into::into)
        } else {
            Some(super::document().into())
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

/// Calls `handler` with the search box's text when an input method finishes composing in it
/// (Yew has no listener for `compositionend`, so it is caught on the viewer's root).
#[hook]
pub fn use_composition_end(handler: Callback<String>) {
    let scope = use_scope();
    use_effect_with((handler, scope), |(handler, scope)| {
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

/// Calls `handler` on every window `scroll` while the component is mounted.
#[hook]
pub fn use_scroll(handler: Callback<()>) {
    use_effect_with(handler, |handler| {
        let handler = handler.clone();
        let window = web_sys::window().expect("a window");
        let listener = EventListener::new(&window, "scroll", move |_| handler.emit(()));
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

/// The window's vertical scroll offset.
pub fn scroll_y() -> f64 {
    web_sys::window()
        .and_then(|w| w.scroll_y().ok())
        .unwrap_or(0.0)
}
