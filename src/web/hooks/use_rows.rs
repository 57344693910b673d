//! The rows the list renders: those of its first articles, as far as the entry and the row pages
//! loaded have them; a row whose page is not there is `None`, a placeholder that fetches its
//! page once it nears the screen (see [`ArticleItem`](crate::web::components::article_item)).

use std::rc::Rc;

use yew::prelude::*;

use crate::model::Row;
use crate::web::catalog::Listing;
use crate::web::state::StateHandle;
use crate::web::store::Needs;

/// Rendered rows, each with its article's number.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Rows {
    pub rows: Vec<ListedRow>,
    /// A row page failed to load: why.
    pub failed: Option<String>,
}

/// One row of the list.
#[derive(Debug, Clone, PartialEq)]
pub struct ListedRow {
    pub number: u32,
    /// `None` while its page loads.
    pub row: Option<Rc<Row>>,
}

/// The rows of the first `shown` articles of `listing`.
#[hook]
pub fn use_rows(state: &StateHandle, listing: Option<&Listing>, shown: usize) -> Rows {
    let answer = use_memo(
        (state.catalog(), listing.cloned(), shown, state.files),
        |(catalog, listing, shown, _)| {
            let mut needs = Needs::default();
            let (Some(catalog), Some(listing)) = (catalog, listing) else {
                return (Vec::new(), needs);
            };
            let rows = (0..*shown)
                .map_while(|i| listing.get(i))
                .map(|number| ListedRow {
                    number,
                    row: catalog.row(number, &mut needs),
                })
                .collect();
            (rows, needs)
        },
    );
    let (rows, needs) = &*answer;
    Rows {
        rows: rows.clone(),
        failed: needs.failed.clone(),
    }
}
