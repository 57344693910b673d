//! One row of the article list, or its placeholder while its row page loads (fetched once the
//! row nears the screen). When the list answers a search, the row marks the matched words in
//! the title and excerpt; when the excerpt does not hold a match, it shows a snippet of the body
//! around the first one instead (the body's pack is fetched for it once the row nears the
//! screen, and kept with the bundle's other loaded files; the search engine reads its text).

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use yew::prelude::*;

use crate::web::hooks::{use_effect_on, use_near_screen, use_viewer_state};

use super::mark_button::mark_button;
use super::meta::meta_line;
use crate::marks::Mark;
use crate::model::Row;
use crate::search::Query;
use crate::web::catalog::Catalog;
use crate::web::fetch::{image_url, DATA_DIR};
use crate::web::hooks::use_navigator;
use crate::web::i18n::Lang;
use crate::web::on_demand;
use crate::web::router::{link, Route};
use crate::web::state::Action;
use crate::web::store::Needs;

/// How long a search must stand before the packs of its snippets are fetched.
const SNIPPET_DELAY_MS: u64 = 250;

#[derive(Properties, PartialEq)]
pub struct ArticleItemProps {
    pub catalog: Rc<Catalog>,
    /// The article's number.
    pub number: u32,
    /// Its row; `None` while its page loads.
    pub row: Option<Rc<Row>>,
    /// Position in the visible list.
    pub at: usize,
    pub lang: Lang,
    #[prop_or_default]
    pub selected: bool,
    /// The search the list answers, if any.
    #[prop_or_default]
    pub terms: Option<Rc<Query>>,
    /// A pinned post at the top of the default list.
    #[prop_or_default]
    pub pinned: bool,
}

/// Text with the marked parts in `<mark>`.
pub fn marked(parts: Vec<(String, bool)>) -> Html {
    parts
        .into_iter()
        .map(|(text, mark)| {
            if mark {
                html! { <mark>{ text }</mark> }
            } else {
                html! { { text } }
            }
        })
        .collect()
}

#[function_component]
pub fn ArticleItem(props: &ArticleItemProps) -> Html {
    let navigator = use_navigator().expect("inside a router");
    let state = use_viewer_state();
    // What the row still needs is fetched once it comes near the screen (`seen`): its row page
    // while it is a placeholder, and, for a search whose match is in neither its title nor
    // its excerpt, its pack (for a snippet of the body around the match). So a list loads
    // the pages of the rows the reader sees, not of every row rendered.
    let arrived = use_state(u32::default);
    let element = use_node_ref();
    let (mut row_needs, mut body_needs) = (Needs::default(), Needs::default());
    let (catalog, number) = (&props.catalog, props.number);
    // Terms come from the search engine, so it is loaded when there are any.
    let engine = on_demand::search_engine();
    let in_excerpt = match (&props.terms, &props.row, engine) {
        (Some(q), Some(row), Some(engine)) => (engine.marks)(&row.excerpt, q),
        _ => Vec::new(),
    };
    let in_title = match (&props.terms, &props.row, engine) {
        (Some(q), Some(row), Some(engine)) => (engine.marks)(&row.title, q),
        _ => Vec::new(),
    };
    let wants_body = props.terms.is_some() && props.row.is_some() && in_excerpt.is_empty();
    let seen = use_near_screen(&element, props.row.is_none() || wants_body);
    let body = (wants_body && seen)
        .then(|| catalog.body(number, &mut body_needs))
        .flatten();
    // A row page another viewer of the same bundle loaded (they share the catalog) arrives
    // without telling this one's list, which still shows this row as a placeholder.
    let at_hand = props.row.is_none() && seen && catalog.row(number, &mut row_needs).is_some();
    // The list renders the row once its page is there; a snippet is this row's own.
    let done = {
        let (arrived, state) = (arrived.clone(), state.clone());
        Callback::from(move |()| {
            arrived.set(*arrived + 1);
            if let Some(state) = &state {
                state.dispatch(Action::FileArrived);
            }
        })
    };
    {
        // A pack is large: fetched only for a search the reader has stopped typing.
        let catalog = catalog.clone();
        use_effect_on(
            (row_needs.wants, body_needs.wants),
            move |(rows, bodies)| {
                catalog.store.load(rows, &done);
                let live = Rc::new(Cell::new(true));
                if !bodies.is_empty() {
                    let (bodies, live) = (bodies.clone(), live.clone());
                    wasm_bindgen_futures::spawn_local(async move {
                        yew::platform::time::sleep(Duration::from_millis(SNIPPET_DELAY_MS)).await;
                        if live.get() {
                            catalog.store.load(&bodies, &done);
                        }
                    });
                }
                move || live.set(false)
            },
        );
    }
    {
        let state = state.clone();
        use_effect_on(at_hand, move |&at_hand| {
            if let (true, Some(state)) = (at_hand, &state) {
                state.dispatch(Action::FileArrived);
            }
        });
    }
    let at = props.at.to_string();
    let Some(row) = &props.row else {
        return html! {
            <li class="folio-item folio-item-loading" part="item" data-row={at} ref={element} aria-busy="true">
                <div class="folio-thumb" aria-hidden="true"></div>
                <div class="folio-item-text"><p class="folio-placeholder"></p></div>
            </li>
        };
    };
    // Terms and marks come from the search engine, which marks them in the text too.
    let title = match (&props.terms, engine) {
        (Some(_), Some(engine)) => marked((engine.segments)(&row.title, &in_title)),
        _ => html! { { row.title.clone() } },
    };
    let excerpt = match (&props.terms, &body, engine) {
        (Some(q), Some(body), Some(engine)) => (engine.snippet)(&body.html, q).map(marked),
        (Some(_), None, Some(engine)) if !in_excerpt.is_empty() => {
            Some(marked((engine.segments)(&row.excerpt, &in_excerpt)))
        }
        _ => None,
    }
    .unwrap_or_else(|| html! { { row.excerpt.clone() } });
    let onerror = Callback::from(|e: Event| {
        // Many real thumbnails are dead links: fall back to the placeholder.
        if let Some(img) = e.target_dyn_into::<web_sys::Element>() {
            let _ = img.set_attribute("hidden", "");
        }
    });
    let read = state
        .as_ref()
        .is_some_and(|s| s.marks.has(Mark::Read, &row.slug));
    let class = classes!(
        "folio-item",
        props.selected.then_some("folio-item-selected"),
        read.then_some("folio-item-read"),
        row.thumb.is_none().then_some("folio-item-no-thumb"),
        props.pinned.then_some("folio-item-pinned")
    );
    let pinned = props.lang.texts().pinned;
    html! {
        <li {class} part="item" data-row={at} ref={element}>
            if let Some(src) = row.thumb.as_deref().map(|t| image_url(t, state.as_ref().map_or(DATA_DIR, |s| s.data.as_str()))) {
                <div class="folio-thumb" aria-hidden="true">
                    <img {src} alt="" loading="lazy" decoding="async" referrerpolicy="no-referrer" {onerror} />
                </div>
            }
            <div class="folio-item-text">
                <h2 class="folio-item-title" part="item-title">
                    if props.pinned {
                        <span class="folio-pin" part="pin" title={pinned}>
                            <span aria-hidden="true">{ "📌" }</span>
                            <span class="folio-visually-hidden">{ pinned }</span>
                        </span>
                    }
                    { link(&navigator, Route::Article { slug: row.slug.clone() }, None, None, title) }
                </h2>
                { meta_line(row, props.lang, None) }
                <p class="folio-excerpt">{ excerpt }</p>
            </div>
            if let Some(state) = &state {
                <div class="folio-item-marks">
                    { mark_button(state, Mark::Starred, &row.slug) }
                    { mark_button(state, Mark::Read, &row.slug) }
                </div>
            }
        </li>
    }
}
