//! The window's scrolling.

use gloo_events::EventListener;
use yew::prelude::*;

use super::{use_effect_on, use_latest};

/// Calls `handler` on every window `scroll` while the component is mounted (the handler of its
/// latest render: the listener is added once).
#[hook]
pub fn use_scroll(handler: Callback<()>) {
    let latest = use_latest(handler);
    use_effect_on((), move |()| {
        let window = web_sys::window().expect("a window");
        let listener = EventListener::new(&window, "scroll", move |_| latest.emit(()));
        move || drop(listener)
    });
}

/// The window's vertical scroll offset.
pub fn scroll_y() -> f64 {
    web_sys::window()
        .and_then(|w| w.scroll_y().ok())
        .unwrap_or(0.0)
}
