//! The Yew app: reads a bundle (see [`crate::model`]) over HTTP and renders the list, the
//! filter and the article view.
//!
//! [`app`] holds the routes and the root; [`state`] the one reducer and the data it shares;
//! [`pages`] one routed page per file; [`components`] one component per file; [`fetch`] the HTTP
//! edge.

pub mod app;
pub mod components;
pub mod fetch;
pub mod pages;
pub mod state;

/// Mounts the app into the element with id `folio`, or into `<body>` when there is none.
pub fn start() {
    let root = gloo_utils_document().get_element_by_id("folio");
    match root {
        Some(root) => yew::Renderer::<app::App>::with_root(root).render(),
        None => yew::Renderer::<app::App>::new().render(),
    };
}

fn gloo_utils_document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a browser document")
}
