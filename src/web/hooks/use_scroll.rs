//! The window's scrolling.

use gloo_events::EventListener;
use yew::prelude::*;

use crate::web::hooks::use_effect_on;

/// Calls `handler` on every window `scroll` while the component is mounted.
#[hook]
pub fn use_scroll(handler: Callback<()>) {
    use_effect_on(handler, |handler| {
        let handler = handler.clone();
        let window = web_sys::window().expect("a window");
        let listener = EventListener::new(&window, "scroll", move |_| handler.emit(()));
        move || drop(listener)
    });
}

/// The window's vertical scroll offset.
pub fn scroll_y() -> f64 {
    web_sys::window()
        .and_then(|w| w.scroll_y().ok())
        .unwrap_or(0.0)
}
