//! Whether an element has come near the screen (within 200 px of it): what only the reader's
//! reaching a part of the page needs (a list row's page, an article's related titles) is fetched
//! then, not with the page.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::use_effect_on;

/// How far outside the screen an element counts as near, so that its data comes before the
/// reader scrolls to it.
const MARGIN: &str = "200px";

/// `false` until the element behind `element` has come near the screen while `watch` held, then
/// `true` for as long as the component lives.
#[hook]
pub fn use_near_screen(element: &NodeRef, watch: bool) -> bool {
    let seen = use_state(bool::default);
    {
        let (element, seen) = (element.clone(), seen.clone());
        use_effect_on(watch && !*seen, move |&watch| {
            let observer = watch.then(|| observe(&element, seen)).flatten();
            move || {
                if let Some(watching) = observer {
                    watching.observer.disconnect();
                }
            }
        });
    }
    *seen
}

/// An intersection observer and the callback it calls, which must live as long as it does.
struct Watching {
    observer: web_sys::IntersectionObserver,
    _callback: Closure<dyn FnMut(js_sys::Array)>,
}

/// An observer that sets `seen` once the element behind `element` comes near the screen.
fn observe(element: &NodeRef, seen: UseStateHandle<bool>) -> Option<Watching> {
    let element = element.cast::<web_sys::Element>()?;
    let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
        let near = entries.iter().any(|e| {
            e.unchecked_into::<web_sys::IntersectionObserverEntry>()
                .is_intersecting()
        });
        if near {
            seen.set(true);
        }
    });
    let options = web_sys::IntersectionObserverInit::new();
    options.set_root_margin(MARGIN);
    let observer = web_sys::IntersectionObserver::new_with_options(
        callback.as_ref().unchecked_ref(),
        &options,
    )
    .ok()?;
    observer.observe(&element);
    Some(Watching {
        observer,
        _callback: callback,
    })
}
