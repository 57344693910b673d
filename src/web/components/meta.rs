//! The line of metadata under a title: date, author, category path, reading time.

use yew::prelude::*;

use crate::model::Row;
use crate::query::ListQuery;
use crate::web::i18n::{iso_date, Lang};
use crate::web::router::{link, Navigator, Route};

/// Date · author · category path · reading time. With `links`, author and categories link to
/// the list filtered by them (by name, as addresses hold them).
pub fn meta_line(row: &Row, lang: Lang, links: Option<&Navigator>) -> Html {
    let link = |label: String, query: ListQuery| -> Html {
        match links {
            Some(navigator) => link(navigator, Route::List, Some(query), None, html! { label }),
            None => html! { label },
        }
    };
    html! {
        <p class="folio-meta">
            if let Some(date) = row.date {
                <time datetime={iso_date(date, row.day == Some(true))}>{ lang.date(date, row.day == Some(true)) }</time>
            }
            if let Some(author) = &row.author {
                <span class="folio-author">{ link(author.clone(), ListQuery { author: vec![author.clone()], ..ListQuery::default() }) }</span>
            }
            { for row.categories.iter().map(|path| html! {
                <span class="folio-categories">{ link(path.join(" › "), ListQuery { cat: vec![path.clone()], ..ListQuery::default() }) }</span>
            }) }
            <span class="folio-minutes">{ lang.minutes(row.minutes) }</span>
        </p>
    }
}
