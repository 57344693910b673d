//! The Yew app: reads a bundle (see [`crate::model`]) over HTTP and renders the list with its
//! filter and facets, and the article view.
//!
//! [`app`] holds the routes and the root; [`state`] the one reducer and the data it shares;
//! [`pages`] one routed page per file; [`components`] one component per file; [`hooks`] the
//! document-level listeners; [`history`] where the viewer is and how it moves; [`router`] the
//! navigator and location; [`i18n`] the UI text; [`fetch`] the HTTP edge; [`search_store`] the
//! search index files loaded so far and recent answers.

pub mod app;
pub mod components;
pub mod fetch;
pub mod frame;
pub mod history;
pub mod hooks;
pub mod i18n;
pub mod pages;
pub mod router;
pub mod search_store;
pub mod state;

/// Mounts the standalone app into the element with id `folio` (a page that embeds viewers has
/// none, and mounts them with [`mount`]), and registers the offline service worker when the page
/// opts in.
pub fn start() {
    register_offline_worker();
    if let Some(root) = document().get_element_by_id("folio") {
        yew::Renderer::<app::App>::with_root(root).render();
    }
}

/// Mounts an embedded viewer into `root` (used by `embed.js` for each `<folio-viewer>`), reading
/// the bundle at `data` (a folder URL ending in `/`). Its routes stay in memory, mirrored into
/// the host URL's `state_param` query parameter when one is given.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn mount(root: web_sys::Element, data: String, state_param: Option<String>) {
    let props = app::AppProps {
        embedded: true,
        data: Some(data),
        state_param: state_param.filter(|p| !p.is_empty()),
    };
    yew::Renderer::<app::App>::with_root_and_props(root, props).render();
}

/// Registers `sw.js` when the page carries `<meta name="folio-offline" content="on">`.
fn register_offline_worker() {
    let opted_in = document()
        .query_selector("meta[name='folio-offline'][content='on']")
        .ok()
        .flatten()
        .is_some();
    if let (true, Some(window)) = (opted_in, web_sys::window()) {
        let _ = window.navigator().service_worker().register("sw.js");
    }
}

/// The page's document.
pub fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a browser document")
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Reads a remembered setting (absent when storage is unavailable, e.g. in a sandbox).
pub fn storage_get(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

/// Remembers a setting, if storage is available.
pub fn storage_set(key: &str, value: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(key, value);
    }
}
