//! The viewer's history and the location the root shares. Standalone, the history is the page's
//! hash; embedded, it lives in memory, and is mirrored into a query parameter of the host's URL
//! when the host names one (so a reload or a shared link restores it).

use yew::prelude::*;

use crate::web::hooks::use_effect_on;

use crate::web::history::History;
use crate::web::router::{Current, Navigator};

/// What the root shares with the pages: how to move, and where the viewer is.
pub struct Router {
    pub navigator: Navigator,
    /// Updated on every move (and on back and forward in the page).
    pub current: Current,
}

/// The router of a viewer that is `embedded` or not, mirroring its route into the host URL's
/// `state_param` (embedded only), and starting, when that parameter is absent, at `start` (the
/// view the host's attributes name).
#[hook]
pub fn use_router(embedded: bool, state_param: Option<&str>, start: Option<&str>) -> Router {
    let history = use_state(|| {
        if embedded {
            let kept = state_param.and_then(read_param);
            History::memory(kept.as_deref().or(start).unwrap_or("/"))
        } else {
            History::hash()
        }
    });
    let _mirror = use_state(|| {
        let name = state_param.filter(|_| embedded)?.to_string();
        let watched = (*history).clone();
        let listener = history.listen(move || {
            write_param(&name, &watched.location().address());
        });
        Some(listener)
    });
    let current = use_reducer({
        let history = (*history).clone();
        move || Current::new(history.location())
    });
    {
        let update = current.dispatcher();
        use_effect_on((*history).clone(), move |history| {
            let watched = history.clone();
            let listener = history.listen(move || update.dispatch(watched.location()));
            move || drop(listener)
        });
    }
    Router {
        navigator: Navigator::new((*history).clone()),
        current: (*current).clone(),
    }
}

/// The value of query parameter `name` in the page's URL.
fn read_param(name: &str) -> Option<String> {
    let href = web_sys::window()?.location().href().ok()?;
    web_sys::Url::new(&href).ok()?.search_params().get(name)
}

/// Sets query parameter `name` in the page's URL without a new history entry; the host's path,
/// other parameters and hash stay as they are.
fn write_param(name: &str, value: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(url) = window
        .location()
        .href()
        .ok()
        .and_then(|h| web_sys::Url::new(&h).ok())
    else {
        return;
    };
    url.search_params().set(name, value);
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url.href()));
    }
}
