//! Links between the viewer's pages: a plain `<a href>` (it can be opened in a new tab, copied or
//! bookmarked) whose click navigates inside the viewer, as `yew_router::Link` does, but drawn by
//! a function rather than a component per route and query type, which keeps the WASM smaller.

use yew::prelude::*;

use crate::query::ListQuery;
use crate::web::app::Route;
use crate::web::router::Navigator;

/// An anchor to `to` (with `query`, if any), with optional `class`.
pub fn link(
    navigator: &Navigator,
    to: Route,
    query: Option<ListQuery>,
    class: Option<&'static str>,
    children: Html,
) -> Html {
    let mut href = Navigator::address(&to, query.as_ref());
    if navigator.is_hash() {
        href.insert(0, '#');
    }
    let navigator = navigator.clone();
    let onclick = Callback::from(move |e: MouseEvent| {
        // Modified clicks keep the browser's meaning (new tab, new window, download).
        if e.meta_key() || e.ctrl_key() || e.shift_key() || e.alt_key() {
            return;
        }
        e.prevent_default();
        match &query {
            None => navigator.push(&to),
            Some(q) => navigator.push_with_query(&to, q),
        }
    });
    html! { <a {class} {href} {onclick}>{ children }</a> }
}
