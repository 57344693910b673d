//! Tells the host page when a typed search is answered (`folio-search`).

use yew::prelude::*;

use crate::web::hooks::use_effect_on;

use super::{use_scope, Listed};
use crate::web::events::Detail;

/// Fires `folio-search` once the list answers `typed` (not an earlier query still on screen),
/// with the number of articles `total` it found.
#[hook]
pub fn use_search_event(typed: &str, listed: Option<&Listed>, pending: bool, total: usize) {
    let scope = use_scope();
    let answered = listed
        .filter(|l| !pending && !l.text.is_empty() && l.text == typed)
        .map(|l| (l.text.clone(), total));
    use_effect_on(answered, move |answered| {
        if let Some((text, count)) = answered {
            scope.emit(
                "folio-search",
                Detail::new()
                    .with("query", text.as_str())
                    .with("count", *count as u32),
            );
        }
    });
}
