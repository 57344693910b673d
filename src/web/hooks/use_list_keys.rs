//! The list's keys: `/` goes to the filter, `j`/`k` move the selection, `o`/`Enter` open the
//! selected article, `s`/`m` star it or mark it read. Focus follows the selection.

use yew::prelude::*;

use crate::web::hooks::use_effect_on;

use super::{is_typing, use_keydown, use_scope, ListPosition, Rows, Scope};
use crate::marks::Mark;
use crate::web::components::mark_button::toggle;
use crate::web::router::{Navigator, Route};
use crate::web::state::StateHandle;

/// Keys for the list of `total` articles whose first rows are `rows`.
#[hook]
pub fn use_list_keys(
    state: &StateHandle,
    position: &ListPosition,
    total: usize,
    rows: &Rows,
    navigator: &Navigator,
) {
    let scope = use_scope();
    {
        let (state, position, rows, navigator, scope) = (
            state.clone(),
            position.clone(),
            rows.clone(),
            navigator.clone(),
            scope.clone(),
        );
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
                        if let Some(listed) = rows.rows.get(row).and_then(|r| r.row.as_ref()) {
                            navigator.push(&Route::Article {
                                slug: listed.slug.clone(),
                            });
                        }
                    }
                }
                key @ ("s" | "m") => {
                    let mark = if key == "s" {
                        Mark::Starred
                    } else {
                        Mark::Read
                    };
                    let row = current.and_then(|r| rows.rows.get(r)?.row.clone());
                    if let Some(row) = row {
                        toggle(&state, mark, &row.slug);
                    }
                }
                _ => {}
            }
        }));
    }
    // Keep focus on the selected row after it renders (j/k past the rendered rows).
    use_effect_on(position.selected(), move |selected| {
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
