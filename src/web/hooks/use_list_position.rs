//! Where the reader is in the list: rows rendered, the selected row and the scroll offset.
//! Rows render [`PAGE`] at a time, more as the reader nears the end, so even 100,000 articles
//! never put more than a few hundred rows in the DOM at first. The position is remembered in
//! the root state when the reader leaves, and restored when they come back to the same view.

use yew::prelude::*;

use crate::web::hooks::use_effect_on;

use super::{scroll_y, use_scope, use_scroll};
use crate::query::ListQuery;
use crate::web::state::{Action, ListMemory, StateHandle};

/// Rows rendered at first and added each time the reader nears the end.
pub const PAGE: usize = 20;

/// Rows rendered and the selected row.
#[derive(Clone)]
pub struct ListPosition {
    shown: UseStateHandle<usize>,
    selected: UseStateHandle<Option<usize>>,
    returning: bool,
}

impl ListPosition {
    /// How many rows are rendered.
    pub fn shown(&self) -> usize {
        *self.shown
    }

    /// The selected row, if any.
    pub fn selected(&self) -> Option<usize> {
        *self.selected
    }

    /// The reader comes back to where they left this view: its rows and scroll position are
    /// restored.
    pub fn returning(&self) -> bool {
        self.returning
    }

    /// The first rows, none selected: where a new view starts.
    pub fn reset(&self) {
        self.shown.set(PAGE);
        self.selected.set(None);
    }

    /// Renders more rows.
    pub fn show_more(&self) {
        self.shown.set(*self.shown + PAGE);
    }

    /// Selects `row`, rendering it first if it is not yet.
    pub fn select(&self, row: usize) {
        if row >= *self.shown {
            self.shown.set(row + PAGE);
        }
        self.selected.set(Some(row));
    }
}

/// The position in the list showing `query`, which has `total` rows.
#[hook]
pub fn use_list_position(state: &StateHandle, query: &ListQuery, total: usize) -> ListPosition {
    let scope = use_scope();
    let returning = state.list.query == *query && state.list.shown > 0;
    let shown = use_state(|| if returning { state.list.shown } else { PAGE });
    let selected = use_state(|| if returning { state.list.selected } else { None });

    // What to remember when the reader leaves; updated on every render and scroll.
    let memory = use_mut_ref(ListMemory::default);
    {
        let mut m = memory.borrow_mut();
        m.query = query.clone();
        m.shown = *shown;
        m.selected = *selected;
    }
    {
        let state = state.clone();
        let memory = memory.clone();
        use_effect_on((), move |_| {
            move || {
                let m = memory.borrow().clone();
                state.dispatch(Action::RememberList(m));
            }
        });
    }
    // Back on the same view: restore the scroll position once the rows are there.
    {
        let scroll = state.list.scroll;
        let embedded = scope.embedded;
        use_effect_on(state.catalog().is_some(), move |ready| {
            if *ready && returning && scroll > 0.0 && !embedded {
                if let Some(w) = web_sys::window() {
                    w.scroll_to_with_x_and_y(0.0, scroll);
                }
            }
        });
    }
    {
        let shown = shown.clone();
        use_scroll(Callback::from(move |_| {
            let y = scroll_y();
            memory.borrow_mut().scroll = y;
            if *shown < total && near_bottom(y) {
                shown.set(*shown + PAGE);
            }
        }));
    }
    ListPosition {
        shown,
        selected,
        returning,
    }
}

/// Whether the reader is within a screen of the end of the page.
fn near_bottom(y: f64) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let height = window
        .inner_height()
        .ok()
        .and_then(|h| h.as_f64())
        .unwrap_or(0.0);
    let full = crate::web::document()
        .document_element()
        .map_or(0.0, |e| e.scroll_height() as f64);
    y + height * 2.0 >= full
}
