//! One row of the article list. When the list answers a search, the row marks the matched
//! words in the title and shows a snippet of the body around the first match (the body is
//! fetched for it, and its text kept in the catalog).

use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::meta::meta_line;
use crate::search::snippet::{html_text, marks, segments, snippet};
use crate::search::Query;
use crate::web::hooks::use_navigator;
use crate::web::i18n::Lang;
use crate::web::router::{link, Route};
use crate::web::state::Catalog;

#[derive(Properties, PartialEq)]
pub struct ArticleItemProps {
    pub catalog: Rc<Catalog>,
    /// Position in `catalog.index.articles`.
    pub pos: usize,
    /// Position in the visible list.
    pub row: usize,
    pub lang: Lang,
    #[prop_or_default]
    pub selected: bool,
    /// The search the list answers, if any.
    #[prop_or_default]
    pub terms: Option<Rc<Query>>,
    /// The bundle's URL (for fetching the body).
    #[prop_or_default]
    pub base: AttrValue,
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
    let article = &props.catalog.index.articles[props.pos];
    // The body text, once fetched; `fetched` re-renders the row when it arrives. It is fetched
    // only once the row comes near the screen (`seen`), so a search loads the bodies of the
    // rows the reader sees, not of every row rendered.
    let fetched = use_state(|| false);
    let seen = use_state(|| false);
    let row = use_node_ref();
    let text = props.catalog.texts.borrow().get(&article.body).cloned();
    {
        let watch = props.terms.is_some() && text.is_none() && !*seen;
        let (row, seen) = (row.clone(), seen.clone());
        use_effect_with(watch, move |&watch| {
            let observer = watch.then(|| watch_row(&row, seen)).flatten();
            move || {
                if let Some((observer, _callback)) = observer {
                    observer.disconnect();
                }
            }
        });
    }
    {
        let wanted = props.terms.is_some() && text.is_none() && *seen;
        let (catalog, path, base) = (
            props.catalog.clone(),
            article.body.clone(),
            props.base.to_string(),
        );
        let fetched = fetched.clone();
        use_effect_with((wanted, path.clone()), move |_| {
            if wanted {
                wasm_bindgen_futures::spawn_local(async move {
                    if let Ok(body) = crate::web::fetch::body(&base, &path).await {
                        let text: Rc<str> = html_text(&body.html).into();
                        catalog.texts.borrow_mut().insert(path, text);
                        fetched.set(true);
                    }
                });
            }
        });
    }
    let title = match &props.terms {
        Some(q) => marked(segments(&article.title, &marks(&article.title, q))),
        None => html! { { article.title.clone() } },
    };
    let excerpt = match (&props.terms, &text) {
        (Some(q), Some(text)) => snippet(text, q).map(marked),
        _ => None,
    }
    .unwrap_or_else(|| html! { { article.excerpt.clone() } });
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
        <li {class} data-row={props.row.to_string()} ref={row}>
            <div class="folio-thumb" aria-hidden="true">
                if let Some(src) = article.thumb.clone() {
                    <img {src} alt="" loading="lazy" decoding="async" referrerpolicy="no-referrer" {onerror} />
                }
            </div>
            <div class="folio-item-text">
                <h2 class="folio-item-title">
                    { link(&navigator, Route::Article { slug: article.slug.clone() }, None, None, title) }
                </h2>
                { meta_line(&props.catalog, article, props.lang, None) }
                <p class="folio-excerpt">{ excerpt }</p>
            </div>
        </li>
    }
}
