//! Tells the host page which article is open (`folio-open`).

use std::rc::Rc;

use yew::prelude::*;

use crate::web::hooks::use_effect_on;

use super::use_scope;
use crate::model::Row;
use crate::web::events::Detail;
use crate::web::i18n::iso_date;

/// Fires `folio-open` for the article `slug` once its `row` (title and date) is known.
#[hook]
pub fn use_open_event(slug: &str, row: Option<Rc<Row>>) {
    let scope = use_scope();
    use_effect_on((slug.to_string(), row.is_some()), move |_| {
        if let Some(row) = row {
            let date = row.date.map(|d| iso_date(d, row.day == Some(true)));
            scope.emit(
                "folio-open",
                Detail::new()
                    .with("slug", row.slug.as_str())
                    .with("title", row.title.as_str())
                    .with("date", date),
            );
        }
    });
}
