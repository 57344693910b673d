//! Hooks for listeners on the document and the window, removed when the component goes.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Calls `handler` for every `keydown` on the document while the component is mounted.
#[hook]
pub fn use_keydown(handler: Callback<web_sys::KeyboardEvent>) {
    use_effect_with(handler, |handler| {
        let handler = handler.clone();
        let closure = Closure::<dyn Fn(web_sys::KeyboardEvent)>::new(move |e| handler.emit(e));
        let document = super::document();
        let _ =
            document.add_event_listener_with_callback("keydown", closure.as_ref().unchecked_ref());
        move || {
            let _ = document
                .remove_event_listener_with_callback("keydown", closure.as_ref().unchecked_ref());
            drop(closure);
        }
    });
}

/// Calls `handler` on every window `scroll` while the component is mounted.
#[hook]
pub fn use_scroll(handler: Callback<()>) {
    use_effect_with(handler, |handler| {
        let handler = handler.clone();
        let closure = Closure::<dyn Fn(web_sys::Event)>::new(move |_| handler.emit(()));
        let window = web_sys::window().expect("a window");
        let _ = window.add_event_listener_with_callback("scroll", closure.as_ref().unchecked_ref());
        move || {
            let _ = window
                .remove_event_listener_with_callback("scroll", closure.as_ref().unchecked_ref());
            drop(closure);
        }
    });
}

/// Whether a key event belongs to text entry (or a chord), so shortcuts must leave it alone.
pub fn is_typing(e: &web_sys::KeyboardEvent) -> bool {
    if e.ctrl_key() || e.meta_key() || e.alt_key() {
        return true;
    }
    let Some(target) = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return false;
    };
    let tag = target.tag_name().to_ascii_lowercase();
    matches!(tag.as_str(), "input" | "textarea" | "select")
        || target.closest("[contenteditable]").ok().flatten().is_some()
}

/// Moves keyboard focus to the element matching `selector`, if there is one.
pub fn focus(selector: &str) {
    if let Some(el) = super::document()
        .query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// The window's vertical scroll offset.
pub fn scroll_y() -> f64 {
    web_sys::window()
        .and_then(|w| w.scroll_y().ok())
        .unwrap_or(0.0)
}
