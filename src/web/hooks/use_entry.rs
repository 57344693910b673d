//! The bundle's entry, loaded when the viewer starts, again on retry (or when the host
//! points the viewer at another bundle), and again whenever the page receives a `folio-reload`
//! event (sent by the script `folio serve` adds after each rebuild).
//!
//! Viewers on one page share the WASM module, and through it one [`Catalog`] per bundle URL:
//! a second viewer of the same bundle neither fetches the entry again (one request serves
//! viewers that start together) nor keeps a second copy of any file the first one loaded.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use gloo_events::EventListener;
use yew::prelude::*;

use crate::web::hooks::use_effect_on;

use crate::web::catalog::Catalog;
use crate::web::fetch::{self, EntryError};
use crate::web::state::{Action, StateHandle};

/// Where a bundle's catalog stands, for every viewer of the page.
enum Shared {
    /// The entry is on its way; these viewers wait for it.
    Loading(Vec<StateHandle>),
    Ready(Rc<Catalog>),
    /// The entry loaded before any viewer started ([`load_before_mount`]) could not be read: the
    /// first viewer says why (and a retry fetches it again).
    Failed(EntryError),
}

thread_local! {
    /// By bundle URL. A failure is not kept: a retry fetches again.
    static CATALOGS: RefCell<HashMap<String, Shared>> = RefCell::default();
}

/// Loads the entry into `state` on each attempt ([`Action::Retry`] starts another).
#[hook]
pub fn use_entry(state: &StateHandle) {
    let dispatcher = state.dispatcher();
    use_effect_on(state.data.clone(), move |base| {
        let base = base.clone();
        let window = web_sys::window().expect("a window");
        let listener = EventListener::new(&window, "folio-reload", move |_| {
            // The shared catalog is of the bundle before the rebuild: the first viewer to hear
            // of it lets it go, so that its reload fetches the entry anew and the others wait
            // for that one request.
            CATALOGS.with(|catalogs| {
                let mut catalogs = catalogs.borrow_mut();
                if matches!(catalogs.get(&base), Some(Shared::Ready(_))) {
                    catalogs.remove(&base);
                }
            });
            dispatcher.dispatch(Action::Reload)
        });
        move || drop(listener)
    });
    let state = state.clone();
    use_effect_on(state.attempt, move |_| load(state));
}

/// The catalog of the bundle at `base` if it is loaded: a viewer that starts with it renders
/// its first view with its data, instead of a render without it, a frame and another render.
pub fn loaded_catalog(base: &str) -> Option<Rc<Catalog>> {
    CATALOGS.with(|catalogs| match catalogs.borrow().get(base) {
        Some(Shared::Ready(catalog)) => Some(catalog.clone()),
        _ => None,
    })
}

/// Loads the catalog of the bundle at `base` (the entry, and the newest rows' page if the page's
/// first script asked for it) before any viewer has started, and calls `then` once it is loaded
/// or could not be. A viewer that starts meanwhile waits for this load instead of starting one.
pub fn load_before_mount(base: &str, then: Box<dyn FnOnce()>) {
    CATALOGS.with(|catalogs| {
        (catalogs.borrow_mut()).insert(base.to_string(), Shared::Loading(Vec::new()))
    });
    fetch_catalog(base.to_string(), Some(then));
}

fn load(state: StateHandle) {
    let base = state.data.clone();
    let fetching = CATALOGS.with(|catalogs| {
        let mut catalogs = catalogs.borrow_mut();
        match catalogs.get_mut(&base) {
            // A viewer that started with it has nothing to do.
            Some(Shared::Ready(catalog))
                if state.catalog().is_some_and(|c| Rc::ptr_eq(&c, catalog)) =>
            {
                false
            }
            Some(Shared::Ready(catalog)) => {
                state.dispatch(Action::Loaded(catalog.clone()));
                false
            }
            Some(Shared::Failed(_)) => {
                if let Some(Shared::Failed(why)) = catalogs.remove(&base) {
                    state.dispatch(Action::Failed(why));
                }
                false
            }
            Some(Shared::Loading(waiting)) => {
                waiting.push(state.clone());
                false
            }
            None => {
                catalogs.insert(base.clone(), Shared::Loading(vec![state.clone()]));
                true
            }
        }
    });
    if fetching {
        fetch_catalog(base, None);
    }
}

/// Fetches and reads the entry of the bundle at `base` (taking the newest rows' page the page's
/// first script asked for), gives the catalog to the viewers waiting for it, and calls `then`.
fn fetch_catalog(base: String, then: Option<Box<dyn FnOnce()>>) {
    wasm_bindgen_futures::spawn_local(async move {
        let loaded: Result<Rc<Catalog>, EntryError> = match fetch::entry(&base).await {
            Ok(entry) => {
                let catalog = Catalog::new(entry, base.clone());
                catalog.take_newest_rows_early().await;
                catalog.wait_for_early_search_root().await;
                Ok(Rc::new(catalog))
            }
            Err(why) => Err(why),
        };
        let waiting = CATALOGS.with(|catalogs| {
            let mut catalogs = catalogs.borrow_mut();
            let waiting = match &loaded {
                Ok(catalog) => catalogs.insert(base.clone(), Shared::Ready(catalog.clone())),
                Err(_) => catalogs.remove(&base),
            };
            let waiting = match waiting {
                Some(Shared::Loading(waiting)) => waiting,
                _ => Vec::new(),
            };
            // No viewer to tell yet: the first to start hears it.
            if let (true, Err(why)) = (waiting.is_empty(), &loaded) {
                catalogs.insert(base.clone(), Shared::Failed(why.clone()));
            }
            waiting
        });
        for viewer in waiting {
            viewer.dispatch(match &loaded {
                Ok(catalog) => Action::Loaded(catalog.clone()),
                Err(why) => Action::Failed(why.clone()),
            });
        }
        if let Some(then) = then {
            then();
        }
    });
}
