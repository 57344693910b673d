//! The Yew app: reads a bundle (see [`crate::model`]) over HTTP and renders the list with its
//! filter and facets, and the article view.
//!
//! The modules depend on each other in one direction, from the bottom up: [`history`] holds
//! where the viewer is (the page's hash, or memory when embedded); [`router`] the routes, the
//! navigator that moves between them and links; [`fetch`] the HTTP edge, [`i18n`] the UI text,
//! [`frame`] the height report to an iframe's host (and its links out, to a new tab), [`events`]
//! what an embedding host hears; [`store`] the bundle's files loaded so far
//! (fetched as views ask for them); [`catalog`] the entry and what views ask of the files (rows,
//! bodies, names, the list a filter shows, its facet counts); [`state`] the one reducer, which
//! shares the catalog;
//! [`hooks`] the viewer's [`Scope`](hooks::Scope), its listeners and the named parts the pages
//! are made of; [`components`] one component per file; [`pages`] one routed page per file;
//! [`on_demand`] what the first list does without (the article and not-found pages, the search
//! engine, the reader of the files it does not read, the compact widget), loaded as chunks of
//! the WASM when first used; and [`app`] the root, which composes them.
//!
//! Routing, history and fetching are written over web-sys rather than with yew-router,
//! gloo-history and gloo-net, to keep the app shell within its budget of 150 KB brotli. Those
//! crates bring what Folio does not need: yew-router's `Router`, `Switch` and `Link`
//! components and their contexts, the general route matcher its derive builds, gloo's
//! histories (which store a serialized state object in every entry, and so link serde's error
//! and float formatting code) and gloo-net's wrappers; together about 29 KB brotli of WASM,
//! measured step by step in BENCHMARKS.md. Three routes, two kinds of history and one `fetch`
//! take a few hundred lines here.

pub(crate) mod app;
pub(crate) mod catalog;
pub(crate) mod components;
pub(crate) mod events;
pub(crate) mod fetch;
pub(crate) mod frame;
pub(crate) mod history;
pub(crate) mod hooks;
pub(crate) mod i18n;
pub(crate) mod on_demand;
pub(crate) mod pages;
pub(crate) mod router;
pub(crate) mod state;
pub(crate) mod store;

#[cfg(test)]
mod tests;

/// Mounts the standalone app into the element with id `folio` (a page that embeds viewers has
/// none, and mounts them with [`mount`]), and registers the offline service worker when the page
/// opts in.
///
/// When the page's first script (`static/first.js`) has asked for the entry, the app mounts once
/// the entry is read (with the newest rows' page, if that script asked for it too, and once a
/// search's root has come, from which that script asks for the key blocks), at most
/// [`MOUNT_WAIT_MS`] after the WASM has started: its files are then usually there or nearly,
/// and its first render has its data (and does not hold the first script's reading back). Mounted at once, it would render a page without them, the
/// browser would lay that page out and paint it, and only then would the render with the rows
/// begin (Yew yields to the browser after 16 ms of rendering, and the entry is read in an
/// effect after the first render); BENCHMARKS.md, "The first view's render with its data".
pub fn start() {
    register_offline_worker();
    let Some(root) = document().get_element_by_id("folio") else {
        return;
    };
    if !fetch::is_asked_early(fetch::DATA_DIR, crate::model::ENTRY_FILE) {
        yew::Renderer::<app::App>::with_root(root).render();
        return;
    }
    let root = std::rc::Rc::new(std::cell::Cell::new(Some(root)));
    let mount = move || {
        if let Some(root) = root.take() {
            yew::Renderer::<app::App>::with_root(root).render();
        }
    };
    let late = wasm_bindgen::closure::Closure::once_into_js(mount.clone());
    if let Some(window) = web_sys::window() {
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
            wasm_bindgen::JsCast::unchecked_ref(&late),
            MOUNT_WAIT_MS,
        );
    }
    hooks::load_before_mount(fetch::DATA_DIR, Box::new(mount));
}

/// How long the app waits at most for the first script's files before it mounts without them
/// (showing that it is loading), in ms: longer than those files take on loopback once the WASM
/// has started, shorter than a slow link's round trip.
const MOUNT_WAIT_MS: i32 = 80;

/// An embedded viewer, as `embed.js` holds it for each `<folio-viewer>`: mounted into an element
/// of its shadow root, and told again whenever the host changes an attribute.
#[wasm_bindgen::prelude::wasm_bindgen]
pub struct Viewer {
    app: yew::AppHandle<app::App>,
}

/// Mounts an embedded viewer into `root` with `options` (see [`Viewer::update`]).
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn mount(root: web_sys::Element, options: &wasm_bindgen::JsValue) -> Viewer {
    let props = embedded_props(options);
    Viewer {
        app: yew::Renderer::<app::App>::with_root_and_props(root, props).render(),
    }
}

#[wasm_bindgen::prelude::wasm_bindgen]
impl Viewer {
    /// Applies the host's attributes again. `options` holds them as `embed.js` reads them:
    /// `src` (the bundle folder's URL, ending in `/`), `stateParam`, `lang` (`zh-CN`, `en`,
    /// `auto`), `theme` (`light`, `dark`, `system`), `view` (the list query the attributes `q`,
    /// `cat`, `tag`, `author` and `sort` make), `limit` (set for `view="compact"`), `href`, and
    /// `app` (the standalone app beside `embed.js`).
    pub fn update(&mut self, options: &wasm_bindgen::JsValue) {
        self.app.update(embedded_props(options));
    }
}

/// The root's props from a host's options (see [`Viewer::update`]).
fn embedded_props(options: &wasm_bindgen::JsValue) -> app::AppProps {
    let text = |name: &str| -> Option<String> {
        js_sys::Reflect::get(options, &name.into())
            .ok()?
            .as_string()
            .filter(|s| !s.is_empty())
    };
    let state_param = text("stateParam");
    let compact = text("limit")
        .and_then(|n| n.parse::<usize>().ok())
        .map(|limit| app::Compact {
            limit,
            href: text("href").map(Into::into),
            param: state_param.clone().map(Into::into),
        });
    app::AppProps {
        embedded: true,
        data: text("src"),
        state_param,
        lang: text("lang").and_then(|l| i18n::Lang::tagged(&l)),
        theme: text("theme").and_then(|t| state::Theme::named(&t)),
        view: text("view"),
        compact,
        app: text("app"),
    }
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
pub(crate) fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a browser document")
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Reads a remembered setting (absent when storage is unavailable, e.g. in a sandbox).
pub(crate) fn storage_get(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

/// Remembers a setting, if storage is available.
pub(crate) fn storage_set(key: &str, value: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(key, value);
    }
}
