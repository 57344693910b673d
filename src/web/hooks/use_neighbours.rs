//! The articles before and after this one in the list the reader came from.

use std::rc::Rc;

use yew::prelude::*;

use super::use_files;
use crate::model::Row;
use crate::web::state::StateHandle;
use crate::web::store::Needs;

/// The rows of the previous and next article in the list, if there are.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Neighbours {
    pub prev: Option<Rc<Row>>,
    pub next: Option<Rc<Row>>,
}

/// The neighbours of article `number` in the remembered list view.
#[hook]
pub fn use_neighbours(state: &StateHandle, number: Option<u32>) -> Neighbours {
    let answer = use_memo(
        (
            state.catalog(),
            state.list.query.clone(),
            number,
            state.files,
        ),
        |(catalog, query, number, _)| {
            let mut needs = Needs::default();
            let mut neighbours = Neighbours::default();
            if let (Some(catalog), Some(number)) = (catalog, number) {
                let listing = catalog
                    .resolve(query, &mut needs)
                    .and_then(|r| catalog.listing(&r.filter, &mut needs));
                if let Some(listing) = listing {
                    if let Some(at) = listing.position(*number) {
                        let mut row = |i: Option<usize>| {
                            let n = listing.get(i?)?;
                            catalog.row_beside(n, *number, &mut needs)
                        };
                        neighbours.prev = row(at.checked_sub(1));
                        neighbours.next = row(Some(at + 1));
                    }
                }
            }
            (neighbours, needs)
        },
    );
    use_files(state, &answer.1);
    answer.0.clone()
}
