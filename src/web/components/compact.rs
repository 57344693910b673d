//! The compact widget (`view="compact"`): the newest titles of its view with their dates, no
//! facets and no search box. A title opens the article in the full viewer at the widget's
//! `href`, or inside the widget when it has none. Unfiltered, its rows come from the entry alone.

use std::rc::Rc;

use yew::prelude::*;

use crate::model::Row;
use crate::query::{ListQuery, Sort};
use crate::web::components::status::{files_failed, load_status};
use crate::web::hooks::{
    use_files, use_list_answer, use_location, use_navigator, use_viewer_state,
};
use crate::web::i18n::{iso_date, Lang};
use crate::web::router::{link, link_to, Navigator, Route};
use crate::web::store::Needs;

#[derive(Properties, PartialEq)]
pub struct CompactListProps {
    /// How many titles.
    pub limit: usize,
    /// The full viewer the titles open in (inside the widget when `None`).
    #[prop_or_default]
    pub href: Option<AttrValue>,
    /// The query parameter that viewer keeps its route in (its hash when `None`).
    #[prop_or_default]
    pub param: Option<AttrValue>,
}

#[function_component]
pub fn CompactList(props: &CompactListProps) -> Html {
    let state = use_viewer_state().expect("state context");
    let location = use_location().expect("inside a router");
    let navigator = use_navigator().expect("inside a router");
    let query = ListQuery {
        sort: Sort::Newest,
        ..ListQuery::parse(location.query()).unwrap_or_default()
    };
    let answer = use_list_answer(&state, &query);
    let listing = answer.listed.map(|l| l.listing);
    let shown = use_memo(
        (state.catalog(), listing, props.limit, state.files),
        |(catalog, listing, limit, _)| {
            let mut needs = Needs::default();
            let (Some(catalog), Some(listing)) = (catalog, listing) else {
                return (Vec::new(), needs);
            };
            let rows: Vec<(u32, Option<Rc<Row>>)> = (0..*limit)
                .map_while(|i| listing.get(i))
                .map(|number| (number, catalog.row(number, &mut needs)))
                .collect();
            (rows, needs)
        },
    );
    let (rows, needs) = &*shown;
    use_files(&state, needs);
    if state.catalog().is_none() {
        return load_status(&state);
    }
    let lang = state.lang;
    let texts = lang.texts();
    let failed = answer.failed.or(needs.failed.clone());
    html! {
        <nav class="folio-compact-list" aria-label={texts.articles}>
            if let Some(problem) = failed {
                { files_failed(&state, texts.files_failed, problem) }
            }
            <ol class="folio-list" part="list" aria-busy={if answer.pending { "true" } else { "false" }}>
                { for rows.iter().map(|(number, row)| html! {
                    <li key={*number} class="folio-item" part="item">
                        if let Some(row) = row {
                            { title(row, props, &navigator) }
                            { date(row, lang) }
                        } else {
                            <p class="folio-placeholder"></p>
                        }
                    </li>
                }) }
            </ol>
            if !answer.pending && rows.is_empty() {
                <p class="folio-empty">{ texts.no_results }</p>
            }
        </nav>
    }
}

/// The row's title, linking to its article in the full viewer or in the widget.
fn title(row: &Row, props: &CompactListProps, navigator: &Navigator) -> Html {
    let route = Route::Article {
        slug: row.slug.clone(),
    };
    let text = html! { row.title.clone() };
    let inner = match &props.href {
        Some(href) => {
            let href = link_to(href, props.param.as_deref(), &route.to_path()).unwrap_or_default();
            html! { <a {href}>{ text }</a> }
        }
        None => link(navigator, route, None, None, text),
    };
    html! { <span class="folio-item-title" part="item-title">{ inner }</span> }
}

fn date(row: &Row, lang: Lang) -> Html {
    let Some(date) = row.date else {
        return html! {};
    };
    let day = row.day == Some(true);
    html! { <time class="folio-meta" datetime={iso_date(date, day)}>{ lang.date(date, day) }</time> }
}
