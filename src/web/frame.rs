//! Inside an iframe: tells the host page how tall the viewer is (`postMessage`), so the host's
//! `embed-frame.js` can size the iframe to its content, and opens links out of the archive in a
//! new tab rather than inside the frame. Nothing happens in a top-level page.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Starts reporting the content height to the parent window whenever it changes, and sends
/// links out of the archive to a new tab.
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
    open_links_out_in_new_tab();
}

/// A click on a link to another page (an article's link to the web, say) opens it in a new tab:
/// inside a frame it would replace the archive. The viewer's own links, whose clicks move inside
/// it, have prevented their default by the time the click reaches the document.
fn open_links_out_in_new_tab() {
    let document = super::document();
    let here = document.url().unwrap_or_default();
    let here = here.split('#').next().unwrap_or_default().to_string();
    let listener = gloo_events::EventListener::new(&document, "click", move |e| {
        if e.default_prevented() {
            return;
        }
        let Some(anchor) = e
            .composed_path()
            .get(0)
            .dyn_into::<web_sys::Element>()
            .ok()
            .and_then(|t| t.closest("a[href]").ok().flatten())
        else {
            return;
        };
        let href = anchor
            .dyn_ref::<web_sys::HtmlAnchorElement>()
            .map(|a| a.href())
            .unwrap_or_default();
        let out = href.split('#').next().is_some_and(|page| page != here);
        if out && anchor.get_attribute("target").is_none() {
            let _ = anchor.set_attribute("target", "_blank");
            let _ = anchor.set_attribute("rel", "noopener noreferrer");
        }
    });
    listener.forget();
}
