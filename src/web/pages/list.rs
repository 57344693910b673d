//! The list page: filter, facets, count and the matching articles, all read from the URL (with
//! the text typed since), rendered [`PAGE`](crate::web::hooks::PAGE) rows at a time.

use std::rc::Rc;

use yew::prelude::*;

use crate::query::{Filter, ListQuery};
use crate::search::Query;
use crate::web::components::article_item::ArticleItem;
use crate::web::components::facets::FacetPanel;
use crate::web::components::filter_box::filter_box;
use crate::web::components::status::load_status;
use crate::web::hooks::{
    use_composition_end, use_list_answer, use_list_keys, use_list_position, use_location,
    use_navigator, use_typed_text,
};
use crate::web::state::{Action, StateHandle};

#[function_component]
pub fn ListPage() -> Html {
    let state = use_context::<StateHandle>().expect("state context");
    let location = use_location().expect("inside a router");
    let navigator = use_navigator().expect("inside a router");
    let lang = state.lang;
    let texts = lang.texts();

    let url_query = ListQuery::parse(location.query()).unwrap_or_default();
    let typed = use_typed_text(&url_query.q, &navigator);
    let query = typed.apply(url_query);
    let filter = Filter::from(&query);
    let answer = use_list_answer(&state, &filter);
    let hits = answer
        .listed
        .as_ref()
        .map(|listed| listed.hits.clone())
        .unwrap_or_default();
    let position = use_list_position(&state, &query, hits.len());
    use_list_keys(&position, &hits, state.catalog(), &navigator);

    let on_text = {
        let (typed, position, filter) = (typed.clone(), position.clone(), filter.clone());
        Callback::from(move |text: String| {
            position.reset();
            typed.typed(Filter {
                text,
                ..filter.clone()
            });
        })
    };
    use_composition_end(on_text.clone());
    let on_filter = {
        let position = position.clone();
        Callback::from(move |next: Filter| {
            typed.cancel();
            position.reset();
            navigator.go_to_list(&next, true);
        })
    };
    let Some((catalog, listed)) = state.catalog().zip(answer.listed) else {
        return load_status(&state);
    };
    let searching = answer.searching;
    let onmore = {
        let position = position.clone();
        Callback::from(move |_| position.show_more())
    };
    let (shown, selected) = (position.shown(), position.selected());
    let total = catalog.index.articles.len();
    // What the results show is marked for tests and benchmarks: `data-search` is `done` once
    // the rows answer `data-q`.
    let full_text = catalog.searches(&filter);
    let search_state = match (full_text, searching) {
        (false, _) => None,
        (true, true) => Some("loading"),
        (true, false) => Some("done"),
    };
    let search_failed = full_text.then(|| catalog.search.failed()).flatten();
    let retry_search = {
        let (catalog, state) = (catalog.clone(), state.clone());
        Callback::from(move |_| {
            catalog.search.retry();
            state.dispatch(Action::SearchFileLoaded);
        })
    };
    // Rows still showing an earlier answer keep that answer's marks.
    let terms = Some(Query::parse_typing(&listed.text))
        .filter(|q| full_text && search_failed.is_none() && !q.is_empty())
        .map(Rc::new);
    html! {
        <div class="folio-list-page">
            <h1 class="folio-visually-hidden">{ texts.articles }</h1>
            { filter_box(&query.q, lang, on_text) }
            <div class="folio-columns">
                <FacetPanel catalog={catalog.clone()} filter={filter.clone()} facets={listed.facets} {lang} onchange={on_filter} />
                <section class="folio-results" aria-labelledby="folio-count" aria-busy={if searching { "true" } else { "false" }}
                    data-search={search_state} data-q={query.q.clone()}>
                    <p class="folio-count" id="folio-count" role="status" aria-live="polite" aria-atomic="true">
                        { if searching { texts.searching.to_string() } else { lang.count(hits.len(), total) } }
                    </p>
                    if let Some(problem) = search_failed {
                        <div class="folio-error" role="alert">
                            <p>{ texts.search_failed }<span class="folio-error-detail">{ problem }</span></p>
                            <button type="button" onclick={retry_search}>{ texts.retry }</button>
                        </div>
                    }
                    if hits.is_empty() && !searching {
                        <p class="folio-empty">{ texts.no_results }</p>
                    }
                    <ol class="folio-list" aria-label={texts.articles}>
                        { for hits.iter().take(shown).enumerate().map(|(row, &pos)| html! {
                            <ArticleItem key={catalog.index.articles[pos].slug.clone()} catalog={catalog.clone()} {pos} {row} {lang}
                                selected={selected == Some(row)} terms={terms.clone()} base={AttrValue::from(state.data.clone())} />
                        }) }
                    </ol>
                    if hits.len() > shown {
                        <button type="button" class="folio-more" onclick={onmore}>{ lang.show_more(hits.len() - shown) }</button>
                    }
                </section>
            </div>
        </div>
    }
}
