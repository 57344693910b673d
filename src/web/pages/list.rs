//! The list page: filter, facets, count and the matching articles, all read from the URL.
//!
//! Rows render incrementally ([`PAGE`] at a time, more as the reader nears the end), so even
//! 100,000 articles never put more than a few hundred rows in the DOM at first. Where the reader
//! was (rows shown, scroll, selection) is remembered in the root state when they leave, and
//! restored when they come back to the same view.

use std::rc::Rc;

use yew::prelude::*;

use crate::query::{Facets, Filter, ListQuery};
use crate::search::Query;
use crate::web::components::article_item::ArticleItem;
use crate::web::components::facets::FacetPanel;
use crate::web::components::filter_box::filter_box;
use crate::web::components::status::load_status;
use crate::web::hooks::{
    is_typing, scroll_y, use_composition_end, use_keydown, use_location, use_navigator, use_scope,
    use_scroll, Scope,
};
use crate::web::router::Route;
use crate::web::state::{Action, ListMemory, Load, StateHandle};

/// How long typing must pause before the filter text is written to the URL.
const URL_DELAY_MS: u64 = 300;

/// Rows rendered at first and added each time the reader nears the end.
pub const PAGE: usize = 20;

/// The list's rows (positions in the index), facet counts, and the text they answer.
type Listed = (Rc<Vec<usize>>, Rc<Facets>, String);

#[function_component]
pub fn ListPage() -> Html {
    let state = use_context::<StateHandle>().expect("state context");
    let location = use_location().expect("inside a router");
    let navigator = use_navigator().expect("inside a router");
    let query = ListQuery::parse(location.query()).unwrap_or_default();
    let lang = state.lang;
    let texts = lang.texts();
    let scope = use_scope();

    let returning = state.list.query == query && state.list.shown > 0;
    let shown = use_state(|| if returning { state.list.shown } else { PAGE });
    let selected = use_state(|| if returning { state.list.selected } else { None });

    let catalog = match &state.load {
        Load::Ready(catalog) => Some(catalog.clone()),
        _ => None,
    };
    // Typed text filters at once; it reaches the URL when typing pauses (see `on_text`).
    let draft = use_state(|| None::<String>);
    let pending = use_mut_ref(|| 0u32);
    {
        let draft = draft.clone();
        use_effect_with(query.q.clone(), move |_| draft.set(None));
    }
    {
        let pending = pending.clone();
        use_effect_with((), move |_| move || *pending.borrow_mut() += 1);
    }
    let query = match &*draft {
        Some(text) => ListQuery {
            q: text.clone(),
            ..query
        },
        None => query,
    };
    let filter = Filter::from(&query);
    // The rows and facets for the filter; while search index files load, the last answer stays
    // on screen (`searching` says so) and the files are fetched.
    let last = use_mut_ref(|| None::<Listed>);
    let answer = use_memo(
        (catalog.clone(), filter.clone(), state.search_files),
        |(catalog, filter, _)| {
            let c = catalog.as_ref()?;
            Some(match c.text_hits(filter) {
                Ok(text_hits) => {
                    let (hits, facets) = filter.run_on(&c.index, &c.prepared, &text_hits);
                    Ok((Rc::new(hits), Rc::new(facets), filter.text.clone()))
                }
                Err(need) => Err(need),
            })
        },
    );
    let (result, need) = match answer.as_ref() {
        Some(Ok(listed)) => {
            *last.borrow_mut() = Some(listed.clone());
            (Some(listed.clone()), Vec::new())
        }
        Some(Err(need)) => (last.borrow().clone(), need.clone()),
        None => (None, Vec::new()),
    };
    let searching = !need.is_empty();
    {
        let catalog = catalog.clone();
        let state = state.clone();
        use_effect_with(need, move |need| {
            if let (Some(c), false) = (catalog, need.is_empty()) {
                let base = state.data.clone();
                let done = Callback::from(move |()| state.dispatch(Action::SearchFileLoaded));
                c.search.load(&base, need, &done);
            }
        });
    }
    let hits: Rc<Vec<usize>> = result
        .as_ref()
        .map(|(h, _, _)| h.clone())
        .unwrap_or_default();

    // What to remember when the reader leaves; updated on every render and scroll.
    let memory = use_mut_ref(ListMemory::default);
    {
        let mut m = memory.borrow_mut();
        m.query = query.clone();
        m.shown = *shown;
        m.selected = *selected;
    }
    {
        let state = state.clone();
        let memory = memory.clone();
        use_effect_with((), move |_| {
            move || {
                let m = memory.borrow().clone();
                state.dispatch(Action::RememberList(m));
            }
        });
    }
    // Back on the same view: restore the scroll position once the rows are there.
    {
        let scroll = state.list.scroll;
        let embedded = scope.embedded;
        use_effect_with(catalog.is_some(), move |ready| {
            if *ready && returning && scroll > 0.0 && !embedded {
                if let Some(w) = web_sys::window() {
                    w.scroll_to_with_x_and_y(0.0, scroll);
                }
            }
        });
    }
    {
        let memory = memory.clone();
        let shown = shown.clone();
        let total = hits.len();
        use_scroll(Callback::from(move |_| {
            let y = scroll_y();
            memory.borrow_mut().scroll = y;
            if *shown < total && near_bottom(y) {
                shown.set(*shown + PAGE);
            }
        }));
    }
    let open = {
        let navigator = navigator.clone();
        let hits = hits.clone();
        let catalog = catalog.clone();
        move |row: usize| {
            if let (Some(&pos), Some(c)) = (hits.get(row), catalog.as_ref()) {
                navigator.push(&Route::Article {
                    slug: c.index.articles[pos].slug.clone(),
                });
            }
        }
    };
    {
        let selected = selected.clone();
        let shown = shown.clone();
        let total = hits.len();
        let open = open.clone();
        let scope = scope.clone();
        use_keydown(Callback::from(move |e: web_sys::KeyboardEvent| {
            if is_typing(&e) {
                return;
            }
            let current = *selected;
            let go = |row: usize| {
                if row >= *shown {
                    shown.set(row + PAGE);
                }
                selected.set(Some(row));
                select_row(&scope, row);
            };
            match e.key().as_str() {
                "/" => {
                    e.prevent_default();
                    scope.focus("#folio-filter-input");
                }
                "j" if total > 0 => go(current.map_or(0, |r| (r + 1).min(total - 1))),
                "k" if total > 0 => go(current.map_or(0, |r| r.saturating_sub(1))),
                "o" | "Enter" => {
                    if let Some(row) = current {
                        e.prevent_default();
                        open(row);
                    }
                }
                _ => {}
            }
        }));
    }
    // Keep focus on the selected row after it renders (j/k past the rendered rows).
    {
        let selected = *selected;
        let scope = scope.clone();
        use_effect_with(selected, move |selected| {
            if let Some(row) = selected {
                select_row(&scope, *row);
            }
        });
    }

    let on_text = {
        let navigator = navigator.clone();
        let filter = filter.clone();
        let shown = shown.clone();
        let selected = selected.clone();
        let draft = draft.clone();
        let pending = pending.clone();
        Callback::from(move |text: String| {
            shown.set(PAGE);
            selected.set(None);
            draft.set(Some(text.clone()));
            // history.replaceState costs milliseconds: write the URL once typing pauses, unless
            // another keystroke came, or the page went, in between.
            let ticket = {
                let mut p = pending.borrow_mut();
                *p += 1;
                *p
            };
            let (navigator, pending, next) = (
                navigator.clone(),
                pending.clone(),
                Filter {
                    text,
                    ..filter.clone()
                },
            );
            wasm_bindgen_futures::spawn_local(async move {
                yew::platform::time::sleep(std::time::Duration::from_millis(URL_DELAY_MS)).await;
                if *pending.borrow() == ticket {
                    navigator.go_to_list(&next, false);
                }
            });
        })
    };
    use_composition_end(on_text.clone());
    let on_filter = {
        let pending = pending.clone();
        let navigator = navigator.clone();
        let shown = shown.clone();
        let selected = selected.clone();
        Callback::from(move |next: Filter| {
            *pending.borrow_mut() += 1;
            shown.set(PAGE);
            selected.set(None);
            navigator.go_to_list(&next, true);
        })
    };
    let Some((catalog, (_, facets, answered))) = catalog.zip(result) else {
        return load_status(&state);
    };
    let onmore = {
        let shown = shown.clone();
        Callback::from(move |_| shown.set(*shown + PAGE))
    };
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
    let terms = Some(Query::parse_typing(&answered))
        .filter(|q| full_text && search_failed.is_none() && !q.is_empty())
        .map(Rc::new);
    html! {
        <div class="folio-list-page">
            <h1 class="folio-visually-hidden">{ texts.articles }</h1>
            { filter_box(&query.q, lang, on_text) }
            <div class="folio-columns">
                <FacetPanel catalog={catalog.clone()} filter={filter.clone()} {facets} {lang} onchange={on_filter} />
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
                        { for hits.iter().take(*shown).enumerate().map(|(row, &pos)| html! {
                            <ArticleItem key={catalog.index.articles[pos].slug.clone()} catalog={catalog.clone()} {pos} {row} {lang}
                                selected={*selected == Some(row)} terms={terms.clone()} base={AttrValue::from(state.data.clone())} />
                        }) }
                    </ol>
                    if hits.len() > *shown {
                        <button type="button" class="folio-more" onclick={onmore}>{ lang.show_more(hits.len() - *shown) }</button>
                    }
                </section>
            </div>
        </div>
    }
}

/// Whether the reader is within a screen of the end of the page.
fn near_bottom(y: f64) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let height = window
        .inner_height()
        .ok()
        .and_then(|h| h.as_f64())
        .unwrap_or(0.0);
    let full = crate::web::document()
        .document_element()
        .map_or(0.0, |e| e.scroll_height() as f64);
    y + height * 2.0 >= full
}

/// Focuses the title link of visible row `row` (which scrolls it into view).
fn select_row(scope: &Scope, row: usize) {
    scope.focus(&format!(
        ".folio-item[data-row=\"{row}\"] .folio-item-title a"
    ));
}
