//! The list's keys: `/` goes to the filter, `j`/`k` move the selection, `o`/`Enter` open the
//! selected article. Focus follows the selection.

use std::rc::Rc;

use yew::prelude::*;

use super::{is_typing, use_keydown, use_scope, ListPosition, Scope};
use crate::web::router::{Navigator, Route};
use crate::web::state::Catalog;

/// Keys for the list whose rows are `hits` (positions in `catalog`'s index).
#[hook]
pub fn use_list_keys(
    position: &ListPosition,
    hits: &Rc<Vec<usize>>,
    catalog: Option<Rc<Catalog>>,
    navigator: &Navigator,
) {
    let scope = use_scope();
    {
        let (position, hits, navigator, scope) = (
            position.clone(),
            hits.clone(),
            navigator.clone(),
            scope.clone(),
        );
        let total = hits.len();
        use_keydown(Callback::from(move |e: web_sys::KeyboardEvent| {
            if is_typing(&e) {
                return;
            }
            let current = position.selected();
            let go = |row: usize| {
                position.select(row);
                select_row(&scope, row);
            };
            match e.key().as_str() {
                "/" => {
                    e.prevent_default();
                    scope.focus("#folio-filter-input");
                }
                "j" if total > 0 => go(current.map_or(0, |r| (r + 1).min(total - 1))),
                "k" if total > 0 => go(current.map_or(0, |r| r.saturating_sub(1))),
                "o" | "Enter" => {
                    if let Some(row) = current {
                        e.prevent_default();
                        if let (Some(&pos), Some(c)) = (hits.get(row), catalog.as_ref()) {
                            navigator.push(&Route::Article {
                                slug: c.index.articles[pos].slug.clone(),
                            });
                        }
                    }
                }
                _ => {}
            }
        }));
    }
    // Keep focus on the selected row after it renders (j/k past the rendered rows).
    use_effect_with(position.selected(), move |selected| {
        if let Some(row) = selected {
            select_row(&scope, *row);
        }
    });
}

/// Focuses the title link of visible row `row` (which scrolls it into view).
fn select_row(scope: &Scope, row: usize) {
    scope.focus(&format!(
        ".folio-item[data-row=\"{row}\"] .folio-item-title a"
    ));
}
