//! The list page: the filter, the count and the matching articles, all read from the URL.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::query::{Filter, ListQuery};
use crate::web::app::Route;
use crate::web::components::article_item::ArticleItem;
use crate::web::components::filter_box::FilterBox;
use crate::web::components::status::LoadStatus;
use crate::web::state::{Load, StateHandle};

/// Rows rendered at first and added by each "Show more".
const PAGE: usize = 100;

#[function_component]
pub fn ListPage() -> Html {
    let state = use_context::<StateHandle>().expect("state context");
    let location = use_location().expect("inside a router");
    let navigator = use_navigator().expect("inside a router");
    let query: ListQuery = location.query::<ListQuery>().unwrap_or_default();
    let shown = use_state(|| PAGE);

    let catalog = match &state.load {
        Load::Ready(catalog) => Some(catalog.clone()),
        _ => None,
    };
    let filter = Filter::from(&query);
    let hits = use_memo(
        (catalog.clone(), filter),
        |(catalog, filter)| match catalog {
            Some(c) => filter.apply(&c.index, &c.haystacks),
            None => Vec::new(),
        },
    );

    let oninput = {
        let navigator = navigator.clone();
        let query = query.clone();
        let shown = shown.clone();
        Callback::from(move |text: String| {
            let next = ListQuery {
                q: text,
                ..query.clone()
            };
            shown.set(PAGE);
            let _ = navigator.replace_with_query(&Route::List, &next);
        })
    };
    let Some(catalog) = catalog else {
        return html! { <LoadStatus state={state.clone()} /> };
    };
    let total = catalog.index.articles.len();
    let count = if hits.len() == total {
        format!("{total} articles")
    } else {
        format!("{} of {total} articles", hits.len())
    };
    let onmore = {
        let shown = shown.clone();
        Callback::from(move |_| shown.set(*shown + PAGE))
    };
    html! {
        <section class="folio-list-page" aria-label="Articles">
            <FilterBox value={AttrValue::from(query.q.clone())} {oninput} />
            <p class="folio-count" role="status" aria-live="polite">{ count }</p>
            if hits.is_empty() {
                <p class="folio-empty">{ "No article matches this filter." }</p>
            }
            <ol class="folio-list">
                { for hits.iter().take(*shown).map(|&pos| html! {
                    <ArticleItem key={catalog.index.articles[pos].slug.clone()} catalog={catalog.clone()} {pos} />
                }) }
            </ol>
            if hits.len() > *shown {
                <button type="button" class="folio-more" onclick={onmore}>
                    { format!("Show more ({} left)", hits.len() - *shown) }
                </button>
            }
        </section>
    }
}
