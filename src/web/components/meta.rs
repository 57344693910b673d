//! The line of metadata under a title: date, author, category path, reading time.

use yew::prelude::*;

use crate::model::ArticleSummary;
use crate::query::ListQuery;
use crate::web::i18n::{iso_date, Lang};
use crate::web::router::{link, Navigator, Route};
use crate::web::state::Catalog;

/// Date · author · category path · reading time. With `links`, author and categories link to
/// the list filtered by them.
pub fn meta_line(
    catalog: &Catalog,
    a: &ArticleSummary,
    lang: Lang,
    links: Option<&Navigator>,
) -> Html {
    let index = &catalog.index;
    let link = |label: String, query: ListQuery| -> Html {
        match links {
            Some(navigator) => link(navigator, Route::List, Some(query), None, html! { label }),
            None => html! { label },
        }
    };
    html! {
        <p class="folio-meta">
            if let Some(date) = a.date {
                <time datetime={iso_date(date)}>{ lang.date(date) }</time>
            }
            if let Some(author) = index.author_name(a) {
                <span class="folio-author">{ link(author.to_string(), ListQuery { author: a.author, ..ListQuery::default() }) }</span>
            }
            { for a.categories.iter().map(|&c| html! {
                <span class="folio-categories">{ link(index.category_path(c).join(" › "), ListQuery { cat: Some(c), ..ListQuery::default() }) }</span>
            }) }
            <span class="folio-minutes">{ lang.minutes(a.minutes) }</span>
        </p>
    }
}
