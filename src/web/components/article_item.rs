//! One row of the article list, or its placeholder while its row page loads. When the list
//! answers a search, the row marks the matched words in the title and shows a snippet of the
//! body around the first match (the body's pack is fetched for it once the row nears the
//! screen, and the body's text kept in the catalog).

use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::meta::meta_line;
use crate::model::Row;
use crate::search::snippet::{marks, segments, snippet};
use crate::search::Query;
use crate::web::catalog::Catalog;
use crate::web::hooks::use_navigator;
use crate::web::i18n::Lang;
use crate::web::router::{link, Route};
use crate::web::store::Needs;

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

/// An observer that sets `seen` once the element behind `row` comes within 200 px of the
/// screen; keep the callback alive as long as the observer.
#[allow(clippy::type_complexity)]
fn watch_row(
    row: &NodeRef,
    seen: UseStateHandle<bool>,
) -> Option<(
    web_sys::IntersectionObserver,
    Closure<dyn FnMut(js_sys::Array)>,
)> {
    let element = row.cast::<web_sys::Element>()?;
    let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
        let near = entries.iter().any(|e| {
            e.unchecked_into::<web_sys::IntersectionObserverEntry>()
                .is_intersecting()
        });
        if near {
            seen.set(true);
        }
    });
    let options = web_sys::IntersectionObserverInit::new();
    options.set_root_margin("200px");
    let observer = web_sys::IntersectionObserver::new_with_options(
        callback.as_ref().unchecked_ref(),
        &options,
    )
    .ok()?;
    observer.observe(&element);
    Some((observer, callback))
}

#[function_component]
pub fn ArticleItem(props: &ArticleItemProps) -> Html {
    let navigator = use_navigator().expect("inside a router");
    // The body's text, once its pack is there; `arrived` renders the row again when it comes.
    // It is fetched only once the row comes near the screen (`seen`), so a search loads the
    // packs of the rows the reader sees, not of every row rendered.
    let arrived = use_state(|| 0u32);
    let seen = use_state(|| false);
    let element = use_node_ref();
    let mut needs = Needs::default();
    let text = (props.terms.is_some() && *seen)
        .then(|| props.catalog.body_text(props.number, &mut needs))
        .flatten();
    {
        let watch = props.terms.is_some() && text.is_none() && !*seen;
        let (element, seen) = (element.clone(), seen.clone());
        use_effect_with(watch, move |&watch| {
            let observer = watch.then(|| watch_row(&element, seen)).flatten();
            move || {
                if let Some((observer, _callback)) = observer {
                    observer.disconnect();
                }
            }
        });
    }
    {
        let (catalog, arrived) = (props.catalog.clone(), arrived.clone());
        use_effect_with(needs.wants, move |wants| {
            let done = Callback::from(move |()| arrived.set(*arrived + 1));
            catalog.store.load(wants, &done);
        });
    }
    let at = props.at.to_string();
    let Some(row) = &props.row else {
        return html! {
            <li class="folio-item folio-item-loading" data-row={at} ref={element} aria-busy="true">
                <div class="folio-thumb" aria-hidden="true"></div>
                <div class="folio-item-text"><p class="folio-placeholder"></p></div>
            </li>
        };
    };
    let title = match &props.terms {
        Some(q) => marked(segments(&row.title, &marks(&row.title, q))),
        None => html! { { row.title.clone() } },
    };
    let excerpt = match (&props.terms, &text) {
        (Some(q), Some(text)) => snippet(text, q).map(marked),
        _ => None,
    }
    .unwrap_or_else(|| html! { { row.excerpt.clone() } });
    let onerror = Callback::from(|e: Event| {
        // Many real thumbnails are dead links: fall back to the placeholder.
        if let Some(img) = e.target_dyn_into::<web_sys::Element>() {
            let _ = img.set_attribute("hidden", "");
        }
    });
    let class = classes!(
        "folio-item",
        props.selected.then_some("folio-item-selected")
    );
    html! {
        <li {class} data-row={at} ref={element}>
            <div class="folio-thumb" aria-hidden="true">
                if let Some(src) = row.thumb.clone() {
                    <img {src} alt="" loading="lazy" decoding="async" referrerpolicy="no-referrer" {onerror} />
                }
            </div>
            <div class="folio-item-text">
                <h2 class="folio-item-title">
                    { link(&navigator, Route::Article { slug: row.slug.clone() }, None, None, title) }
                </h2>
                { meta_line(row, props.lang, None) }
                <p class="folio-excerpt">{ excerpt }</p>
            </div>
        </li>
    }
}
