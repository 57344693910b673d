//! The article's keys: `Esc`/`u` and `/` go back to the list, `n`/`p` to the next and
//! previous article, `s`/`m` star it or mark it read (or unread). `Esc` leaves an image shown
//! full size to close it.

use yew::prelude::*;

use super::{is_typing, use_keydown, Neighbours};
use crate::marks::Mark;
use crate::query::ListQuery;
use crate::web::components::mark_button::toggle;
use crate::web::router::{Navigator, Route};
use crate::web::state::StateHandle;

/// Keys for an article reached from the list showing `list_query`.
#[hook]
pub fn use_article_keys(
    state: &StateHandle,
    slug: &str,
    zoomed: bool,
    navigator: &Navigator,
    neighbours: &Neighbours,
    list_query: &ListQuery,
) {
    let (state, slug) = (state.clone(), slug.to_string());
    let navigator = navigator.clone();
    let Neighbours { prev, next } = neighbours.clone();
    let list_query = list_query.clone();
    use_keydown(Callback::from(move |e: web_sys::KeyboardEvent| {
        if is_typing(&e) || zoomed {
            return;
        }
        match e.key().as_str() {
            "Escape" | "u" => navigator.go_to_list(&list_query, true),
            "/" => {
                e.prevent_default();
                navigator.go_to_list(&list_query, true);
            }
            "n" => {
                if let Some(row) = &next {
                    navigator.push(&Route::Article {
                        slug: row.slug.clone(),
                    });
                }
            }
            "p" => {
                if let Some(row) = &prev {
                    navigator.push(&Route::Article {
                        slug: row.slug.clone(),
                    });
                }
            }
            "s" => toggle(&state, Mark::Starred, &slug),
            "m" => toggle(&state, Mark::Read, &slug),
            _ => {}
        }
    }));
}
