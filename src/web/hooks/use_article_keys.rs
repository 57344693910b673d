//! The article's keys: `Esc`/`u` and `/` go back to the list, `n`/`p` to the next and
//! previous article.

use yew::prelude::*;

use super::{is_typing, use_keydown, Neighbours};
use crate::query::{Filter, ListQuery};
use crate::web::router::{Navigator, Route};

/// Keys for an article reached from the list showing `list_query`.
#[hook]
pub fn use_article_keys(navigator: &Navigator, neighbours: &Neighbours, list_query: &ListQuery) {
    let navigator = navigator.clone();
    let Neighbours { prev, next } = neighbours.clone();
    let list_filter = Filter::from(list_query);
    use_keydown(Callback::from(move |e: web_sys::KeyboardEvent| {
        if is_typing(&e) {
            return;
        }
        match e.key().as_str() {
            "Escape" | "u" => navigator.go_to_list(&list_filter, true),
            "/" => {
                e.prevent_default();
                navigator.go_to_list(&list_filter, true);
            }
            "n" => {
                if let Some(slug) = next.clone() {
                    navigator.push(&Route::Article { slug });
                }
            }
            "p" => {
                if let Some(slug) = prev.clone() {
                    navigator.push(&Route::Article { slug });
                }
            }
            _ => {}
        }
    }));
}
