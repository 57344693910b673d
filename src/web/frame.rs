//! Inside an iframe: tells the host page how tall the viewer is (`postMessage`), so the host's
//! `embed-frame.js` can size the iframe to its content. Nothing happens in a top-level page.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Starts reporting the content height to the parent window whenever it changes.
pub fn report_height() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(Some(parent)) = window.parent() else {
        return;
    };
    if js_sys::Object::is(&parent, &window) {
        return;
    }
    // Stretching to the frame's height would feed the frame's height back into itself.
    if let Some(html) = super::document().document_element() {
        let _ = html.class_list().add_1("folio-in-frame");
    }
    let post = move || {
        let document = super::document();
        // The end of the content, not of the page: `.folio` stretches to the frame's height.
        let Some(main) = document.get_element_by_id("folio-main") else {
            return;
        };
        let scroll = window.scroll_y().unwrap_or(0.0);
        let height = (main.get_bounding_client_rect().bottom() + scroll).ceil();
        let message = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&message, &"type".into(), &"folio-height".into());
        let _ = js_sys::Reflect::set(&message, &"height".into(), &height.into());
        let _ = parent.post_message(&message, "*");
    };
    let observer_callback = Closure::<dyn Fn()>::new(post);
    if let (Ok(observer), Some(body)) = (
        web_sys::ResizeObserver::new(observer_callback.as_ref().unchecked_ref()),
        super::document().body(),
    ) {
        observer.observe(&body);
    }
    // Lives as long as the page.
    observer_callback.forget();
}
