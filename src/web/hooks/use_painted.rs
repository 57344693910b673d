//! Whether a page's first screen has been painted: `false` until the browser has painted a
//! frame of the render in which the page first had its data, then `true` (and the same for a
//! view's first rows, each time they come). What the first screen does not show (the rows
//! below it, the facet panel's values, the timeline's bars) waits for it, so that the first
//! rows are built, laid out and painted with nothing else: Yew's render of a whole page is most
//! of the app's own work before its first paint (BENCHMARKS.md, "The first view's own work").

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::use_effect_on;

/// How long to wait for a frame at most: a hidden tab or iframe gets none, and must still
/// draw its page.
const LATEST_MS: i32 = 100;

/// `false` until a frame has been painted since `ready` (the page has its data) first held.
#[hook]
pub fn use_painted(ready: bool) -> bool {
    let painted = use_state(bool::default);
    {
        let painted = painted.clone();
        use_effect_on(ready, move |&ready| {
            if ready && !*painted {
                after_paint(Box::new(move || painted.set(true)));
            }
        });
    }
    *painted
}

/// Whether a frame has been painted since `ready` last became true: `false` while it is false,
/// and again each time it turns true until that frame is painted. What may wait until a view's
/// first rows are on screen (the files of the rest of its answer, its counts) waits for this,
/// so that their requests, parsing and renders do not share the main thread with that paint.
#[hook]
pub fn use_painted_since(ready: bool) -> bool {
    let painted = use_state(bool::default);
    // Each change of `ready` cancels the wait of the one before.
    let turn = use_mut_ref(u32::default);
    {
        let painted = painted.clone();
        use_effect_on(ready, move |&ready| {
            *turn.borrow_mut() += 1;
            let mine = *turn.borrow();
            if ready {
                after_paint(Box::new(move || {
                    if *turn.borrow() == mine {
                        painted.set(true);
                    }
                }));
            } else if *painted {
                painted.set(false);
            }
        });
    }
    ready && *painted
}

/// Calls `then` once, in a task after the next frame is painted (a frame callback, then a
/// task), or after [`LATEST_MS`] if no frame comes first.
fn after_paint(then: Box<dyn FnOnce()>) {
    let Some(window) = web_sys::window() else {
        return then();
    };
    let once = Rc::new(Cell::new(Some(then)));
    let fire = move || {
        if let Some(then) = once.take() {
            then();
        }
    };
    let late = Closure::once_into_js(fire.clone());
    let _ = window
        .set_timeout_with_callback_and_timeout_and_arguments_0(late.unchecked_ref(), LATEST_MS);
    let frame = Closure::once_into_js(move || {
        let next = Closure::once_into_js(fire);
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback(next.unchecked_ref());
        }
    });
    let _ = window.request_animation_frame(frame.unchecked_ref());
}
