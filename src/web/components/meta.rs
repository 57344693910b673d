//! The line of metadata under a title: date, author, category path, reading time.

use std::rc::Rc;

use yew::prelude::*;
use yew_router::prelude::*;

use super::link::link;
use crate::model::ArticleSummary;
use crate::query::ListQuery;
use crate::web::app::Route;
use crate::web::i18n::{iso_date, Lang};
use crate::web::state::Catalog;

#[derive(Properties, PartialEq)]
pub struct MetaLineProps {
    pub catalog: Rc<Catalog>,
    pub article: ArticleSummary,
    pub lang: Lang,
    /// Author and categories link to the list filtered by them.
    #[prop_or_default]
    pub links: bool,
}

/// Date · author · category path · reading time.
#[function_component]
pub fn MetaLine(props: &MetaLineProps) -> Html {
    let navigator = use_navigator().expect("inside a router");
    let index = &props.catalog.index;
    let a = &props.article;
    let link = |label: String, query: ListQuery| -> Html {
        if props.links {
            link(&navigator, Route::List, Some(query), None, html! { label })
        } else {
            html! { label }
        }
    };
    html! {
        <p class="folio-meta">
            if let Some(date) = a.date {
                <time datetime={iso_date(date)}>{ props.lang.date(date) }</time>
            }
            if let Some(author) = index.author_name(a) {
                <span class="folio-author">{ link(author.to_string(), ListQuery { author: a.author, ..ListQuery::default() }) }</span>
            }
            { for a.categories.iter().map(|&c| html! {
                <span class="folio-categories">{ link(index.category_path(c).join(" › "), ListQuery { cat: Some(c), ..ListQuery::default() }) }</span>
            }) }
            <span class="folio-minutes">{ props.lang.minutes(a.minutes) }</span>
        </p>
    }
}
