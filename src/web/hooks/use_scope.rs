//! Where this viewer lives ([`Scope`]), and what the root shares: the state and the scope (one
//! context, [`Viewer`]), the navigator and the location.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::web::events::{self, Detail};
use crate::web::history::Location;
use crate::web::router::{Current, Navigator};
use crate::web::state::StateHandle;

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

    /// Tells the page event `name` (see [`events`]), from the viewer's root.
    pub fn emit(&self, name: &str, detail: Detail) {
        if let Some(root) = self.root.cast::<web_sys::Element>() {
            events::emit(&root, name, detail);
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

/// What the root shares with every page, as one context: each context type is a provider
/// component and a context hook of its own in the WASM, and every page reading the scope reads
/// the state too, so one changing with the other renders nothing more.
#[derive(Clone, PartialEq)]
pub struct Viewer {
    /// `None` only for a component rendered alone (in tests).
    pub state: Option<StateHandle>,
    pub scope: Scope,
}

/// This viewer's [`Scope`].
#[hook]
pub fn use_scope() -> Scope {
    use_context::<Viewer>().map(|v| v.scope).unwrap_or_default()
}

/// This viewer's state (`None` outside a viewer).
#[hook]
pub fn use_viewer_state() -> Option<StateHandle> {
    use_context::<Viewer>().and_then(|v| v.state)
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
