//! The Yew app: reads a bundle (see [`crate::model`]) over HTTP and renders the list with its
//! filter and facets, and the article view.
//!
//! The modules depend on each other in one direction, from the bottom up: [`history`] holds
//! where the viewer is (the page's hash, or memory when embedded); [`router`] the routes, the
//! navigator that moves between them and links; [`fetch`] the HTTP edge, [`i18n`] the UI text,
//! [`frame`] the height report to an iframe's host; [`store`] the bundle's files loaded so far
//! (fetched as views ask for them); [`catalog`] the entry and what views ask of the files (rows,
//! bodies, names, the list a filter shows, its facet counts); [`state`] the one reducer, which
//! shares the catalog;
//! [`hooks`] the viewer's [`Scope`](hooks::Scope), its listeners and the named parts the pages
//! are made of; [`components`] one component per file; [`pages`] one routed page per file; and
//! [`app`] the root, which composes them.
//!
//! Routing, history and fetching are written over web-sys rather than with yew-router,
//! gloo-history and gloo-net, to keep the app shell within its budget of 150 KB brotli. Those
//! crates bring what Folio does not need: yew-router's `Router`, `Switch` and `Link`
//! components and their contexts, the general route matcher its derive builds, gloo's
//! histories (which store a serialized state object in every entry, and so link serde's error
//! and float formatting code) and gloo-net's wrappers; together about 29 KB brotli of WASM,
//! measured step by step in BENCHMARKS.md. Three routes, two kinds of history and one `fetch`
//! take a few hundred lines here.

pub mod app;
pub mod catalog;
pub mod components;
pub mod fetch;
pub mod frame;
pub mod history;
pub mod hooks;
pub mod i18n;
pub mod pages;
pub mod router;
pub mod state;
pub mod store;

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
