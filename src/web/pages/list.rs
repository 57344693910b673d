//! The list page: filter, facets, count and the matching articles, all read from the URL (with
//! the text typed since), rendered [`PAGE`](crate::web::hooks::PAGE) rows at a time, each row
//! from the entry or its row page (a placeholder while the page loads). Until its first rows are
//! painted it draws only the rows that fit the window and the places of the facet panel and the
//! timeline's bars, which come in the frame after ([`use_painted`]).

use std::rc::Rc;

use yew::prelude::*;

use crate::marks::{Mark, MarkCounts};
use crate::query::{Filter, ListQuery, Shown};
use crate::timeline::Bars;
use crate::web::catalog::Listing;
use crate::web::components::article_item::ArticleItem;
use crate::web::components::facets::facets_to_come;
use crate::web::components::filter_box::filter_box;
use crate::web::components::marks_bar::{marks_bar, MarksBar};
use crate::web::components::status::{files_failed, load_status};
use crate::web::components::timeline::Timeline;
use crate::web::hooks::{
    use_composition_end, use_effect_on, use_error_event, use_facet_counts, use_feed_links,
    use_files, use_list_answer, use_list_keys, use_list_position, use_location, use_mark_all,
    use_marked, use_navigator, use_painted, use_painted_since, use_rows, use_search_event,
    use_tab_title, use_typed_text, use_viewer_state, Marked,
};
use crate::web::on_demand;

#[function_component]
pub fn ListPage() -> Html {
    let state = use_viewer_state().expect("state context");
    let location = use_location().expect("inside a router");
    let navigator = use_navigator().expect("inside a router");
    let lang = state.lang;
    let texts = lang.texts();

    let url_query = ListQuery::parse(location.query()).unwrap_or_default();
    // The tab's title follows the address, which takes the typed text once typing pauses:
    // setting the title costs the browser milliseconds, too many for every keystroke.
    use_tab_title(&state, Some(url_query.q.trim().to_string()));
    let typed = use_typed_text(&url_query.q, &navigator);
    let query = typed.apply(url_query);
    let answer = use_list_answer(&state, &query);
    let filter = answer.resolved.as_ref().map(|r| r.filter.clone());
    let marked = use_marked(&state);
    let mark_all = use_mark_all(&state);
    let import_problem = use_state(Option::<String>::default);
    let view = use_memo(
        (
            answer.listed.as_ref().map(|l| l.listing.clone()),
            marked.clone(),
            query.show,
        ),
        |(listing, marked, show)| marks_view(listing.as_ref(), marked, *show),
    );
    let (listing, mark_counts) = (view.0.as_ref(), view.1);
    let total = listing.map_or(0, |l| l.len());
    let pinned = listing.map_or(0, |l| l.pinned());
    let position = use_list_position(&state, &query, total);
    let rows = use_rows(&state, listing, position.shown());
    let first_row = rows.rows.first().is_none_or(|r| r.row.is_some());
    // Until the page's first frame with its first rows is painted, it draws only what the first
    // screen shows: the rows that fit on it (the newest view's are in the entry; a filtered
    // view's come with its search files), the facet panel's place and the timeline's frame.
    // Drawing the panel's values and the bars is a render and a layout as long as the rows'
    // own: on a filtered view they would share the main thread with its files' arrivals. A view
    // the reader returns to is drawn whole at once, so that its scroll position can be restored.
    let rows_there = listing.is_some() && !answer.pending && first_row;
    let painted = use_painted(state.catalog().is_some() && (rows_there || answer.failed.is_some()));
    // Once the first screen is painted, the article page's code and the reader of its files
    // load, so that opening an article (or choosing a facet, whose counts read the columns)
    // does not wait for them (they are kept out of what the first screen waits for); the facet
    // panel, whose place the first screen draws, comes with the reader's chunk.
    use_effect_on(painted, |&painted| {
        if painted {
            on_demand::preload_article();
            on_demand::preload_reader();
        }
    });
    let first_screen = (!painted && !position.returning()).then(rows_on_a_screen);
    // The counts read every article's columns: they wait until the view's first rows are
    // painted, so that their files, parsing and renders never hold those rows back.
    let first_rows = use_painted_since(rows_there);
    // So do the older segments' files of a view whose first rows came from the newest ones.
    let rest = if first_rows {
        answer.rest.clone()
    } else {
        Default::default()
    };
    use_files(&state, &rest);
    let counted = filter.as_ref().filter(|_| first_rows);
    let counts = use_facet_counts(&state, counted, filter.as_ref());
    let feed_links = match (state.catalog(), &filter) {
        (Some(catalog), Some(filter)) => catalog.feed_links(filter),
        _ => Vec::new(),
    };
    use_feed_links(feed_links);
    use_list_keys(&state, &position, total, &rows, &navigator);
    let whole = !answer.pending && !answer.partial;
    use_search_event(&query.q, answer.listed.as_ref(), !whole, total);
    // The timeline: the view's days once counted, the bundle's months before any filter.
    let bars = use_memo(
        (state.catalog(), counts.counts.clone()),
        |(catalog, counts)| {
            Rc::new(match (counts, catalog) {
                (Some(counts), _) => Bars::from_days(&counts.days),
                (None, Some(catalog)) => Bars::from_months(&catalog.entry.facets.months),
                (None, None) => Bars::default(),
            })
        },
    );

    let on_text = {
        let (typed, position, query) = (typed.clone(), position.clone(), query.clone());
        Callback::from(move |q: String| {
            position.reset();
            typed.typed(ListQuery { q, ..query.clone() });
        })
    };
    use_composition_end(on_text.clone());
    let on_query = {
        let position = position.clone();
        let navigator = navigator.clone();
        Callback::from(move |next: ListQuery| {
            typed.cancel();
            position.reset();
            navigator.go_to_list(&next, true);
        })
    };
    use_error_event(
        "files",
        &state.data,
        (answer.failed.clone())
            .or(rows.failed.clone())
            .or(counts.failed.clone()),
    );
    let Some(catalog) = state.catalog() else {
        return load_status(&state);
    };
    let onmore = {
        let position = position.clone();
        Callback::from(move |_| position.show_more())
    };
    let (shown, selected) = (position.shown(), position.selected());
    let articles = catalog.entry.articles as usize;
    let pending = !whole || listing.is_none();
    // What the results show is marked for tests and benchmarks: `data-search` is `done` once
    // the rows answer `data-q`.
    let full_text = catalog.searches(&Filter::text(query.q.clone()));
    // The search engine reads the query; a list with one loads it (until then, no fields).
    let engine = on_demand::search_engine();
    let fields = engine.is_some_and(|e| !(e.parse)(&query.q).fields.is_empty());
    let search_state = match (full_text || fields, pending) {
        (false, _) => None,
        (true, true) => Some("loading"),
        (true, false) => Some("done"),
    };
    let failed = answer
        .failed
        .or(rows.failed.clone())
        .or(counts.failed.clone());
    // Rows still showing an earlier answer keep that answer's marks.
    let terms = answer
        .listed
        .as_ref()
        .zip(engine)
        .map(|(l, engine)| (engine.parse_typing)(&l.text))
        .filter(|q| full_text && !q.is_empty())
        .map(Rc::new);
    let unknown = answer
        .resolved
        .as_ref()
        .map(|r| r.unknown.clone())
        .unwrap_or_default();
    let filter = filter.unwrap_or_default();
    html! {
        <div class="folio-list-page">
            <h1 class="folio-visually-hidden">{ texts.articles }</h1>
            { filter_box(&query.q, lang, on_text) }
            <div class="folio-columns">
                if first_screen.is_some() {
                    { facets_to_come(lang) }
                } else {
                    <on_demand::FacetsRoute catalog={catalog.clone()} query={query.clone()} filter={filter} counts={counts} {lang} onchange={on_query.clone()} />
                }
                <section class="folio-results" aria-labelledby="folio-count" aria-busy={if pending { "true" } else { "false" }}
                    data-search={search_state} data-q={query.q.clone()}>
                    <p class="folio-count" id="folio-count" role="status" aria-live="polite" aria-atomic="true">
                        { if pending || listing.is_none() { texts.searching.to_string() } else { lang.count(total, articles) } }
                    </p>
                    if !unknown.is_empty() {
                        <p class="folio-notice" role="status">{ lang.unknown_values(&unknown) }</p>
                    }
                    if let Some(problem) = failed {
                        { files_failed(&state, if full_text { texts.search_failed } else { texts.files_failed }, problem) }
                    }
                    <Timeline bars={(*bars).clone()} query={query.clone()} {lang} onchange={on_query.clone()} drawn={first_screen.is_none()} />
                    // While a new view is on its way the list still shows the one before: marking
                    // "all in this view" waits for the view the reader asked for.
                    { marks_bar(MarksBar {
                        state: &state,
                        query: &query,
                        counts: mark_counts,
                        busy: mark_all.busy() || pending,
                        lang,
                        onchange: &on_query,
                        onmarkall: mark_all_in(&mark_all, listing.filter(|_| !pending)),
                        problem: &import_problem,
                    }) }
                    if listing.is_some_and(|l| l.is_empty()) && !pending {
                        { no_results(&query, lang, &on_query) }
                    }
                    <ol class="folio-list" part="list" aria-label={texts.articles}>
                        { for rows.rows.iter().take(first_screen.unwrap_or(usize::MAX)).enumerate().map(|(at, listed)| html! {
                            <ArticleItem key={listed.number} catalog={catalog.clone()} number={listed.number} row={listed.row.clone()}
                                {at} {lang} selected={selected == Some(at)} terms={terms.clone()}
                                pinned={at < pinned} />
                        }) }
                    </ol>
                    if total > shown && whole && first_screen.is_none() {
                        <button type="button" class="folio-more" onclick={onmore}>{ lang.show_more(total - shown) }</button>
                    }
                </section>
            </div>
        </div>
    }
}

/// The lowest a row of the list can be, in CSS pixels: a title and the date line, no excerpt,
/// and its padding (rows with an excerpt are 116–161 px at 1200 px wide).
const ROW_MIN_PX: f64 = 80.0;

/// Rows enough to fill the window's height, wherever the list starts on it.
fn rows_on_a_screen() -> usize {
    let height = web_sys::window()
        .and_then(|w| w.inner_height().ok())
        .and_then(|h| h.as_f64())
        .unwrap_or(0.0);
    (height / ROW_MIN_PX).ceil() as usize
}

/// The list as the reader's marks filter it (`show=`), and its unread and starred counts before
/// that filter; the list is `None` while the marks are looked up.
fn marks_view(
    listing: Option<&Listing>,
    marked: &Marked,
    show: Option<Shown>,
) -> (Option<Listing>, Option<MarkCounts>) {
    let Some(listing) = listing else {
        return (None, None);
    };
    let counts = marked.as_ref().map(|m| match listing {
        Listing::Newest(n) | Listing::Oldest(n) => m.count_all(*n),
        Listing::Pinned(p) => m.count_all(p.articles),
        Listing::Hits(hits) => m.count(hits.iter().copied()),
    });
    let Some(show) = show else {
        return (Some(listing.clone()), counts);
    };
    let shown = marked.as_ref().map(|m| {
        let keep = |n: &u32| match show {
            Shown::Unread => !m.has(Mark::Read, *n),
            Shown::Starred => m.has(Mark::Starred, *n),
        };
        let hits = (0..listing.len())
            .filter_map(|i| listing.get(i))
            .filter(keep);
        Listing::Hits(Rc::new(hits.collect()))
    });
    (shown, counts)
}

/// "Mark all in this view as read", for the view showing now.
fn mark_all_in(mark_all: &crate::web::hooks::MarkAll, listing: Option<&Listing>) -> Callback<()> {
    let (mark_all, listing) = (mark_all.clone(), listing.cloned());
    Callback::from(move |()| {
        if let Some(listing) = listing.clone() {
            mark_all.start(listing);
        }
    })
}

/// A view with nothing in it says so, and offers the ways out: without its filters, and the
/// same words over every article.
fn no_results(
    query: &ListQuery,
    lang: crate::web::i18n::Lang,
    onchange: &Callback<ListQuery>,
) -> Html {
    let texts = lang.texts();
    let button = |label: &'static str, next: ListQuery| {
        let onchange = onchange.clone();
        let onclick = Callback::from(move |_: MouseEvent| onchange.emit(next.clone()));
        html! { <button type="button" class="folio-tool" {onclick}>{ label }</button> }
    };
    let words_alone = ListQuery {
        q: query.q.clone(),
        sort: query.sort,
        ..ListQuery::default()
    };
    html! {
        <div class="folio-empty">
            <p>{ texts.no_results }</p>
            if *query != query.cleared() {
                { button(texts.clear_filters, query.cleared()) }
            }
            if !query.q.trim().is_empty() && *query != words_alone {
                { button(texts.search_everything, words_alone) }
            }
        </div>
    }
}
