//! The article page: title and meta from the index at once, the body fetched on demand;
//! categories and tags lead to the filtered list; previous/next walk the list the reader came
//! from; focus moves to the title so screen readers start there.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::model::ArticleBody;
use crate::query::{Filter, ListQuery};
use crate::search::snippet::marks;
use crate::search::Query;
use crate::web::components::meta::meta_line;
use crate::web::components::status::load_status;
use crate::web::fetch;
use crate::web::hooks::{is_typing, use_keydown, use_navigator, use_scope, Scope};
use crate::web::pages::not_found::NotFound;
use crate::web::router::{link, Route};
use crate::web::state::{Load, StateHandle};

#[derive(Properties, PartialEq)]
pub struct ArticlePageProps {
    pub slug: String,
}

#[derive(Debug, Clone, PartialEq)]
enum Body {
    Loading,
    Ready(Rc<ArticleBody>),
    Failed(String),
}

/// In-page links (`#a-note`) scroll to their target instead of changing the route.
fn follow_in_page_link(scope: &Scope, e: MouseEvent) {
    let Some(target) = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return;
    };
    let Some(link) = target.closest("a[href^='#']").ok().flatten() else {
        return;
    };
    e.prevent_default();
    let id = link.get_attribute("href").unwrap_or_default();
    let id = id.trim_start_matches('#');
    let valid = !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_');
    if let Some(el) = valid.then(|| scope.find(&format!("[id='{id}']"))).flatten() {
        el.scroll_into_view();
    }
}

/// Wraps each match of `terms` in the text under `root` in a `<mark>` (matches that span
/// elements are not marked).
fn mark_matches(root: &web_sys::HtmlElement, terms: &Query) {
    let document = crate::web::document();
    let Ok(walker) = document.create_tree_walker_with_what_to_show(root, 4 /* SHOW_TEXT */) else {
        return;
    };
    let mut nodes = Vec::new();
    while let Ok(Some(node)) = walker.next_node() {
        nodes.push(node);
    }
    for node in nodes {
        let Ok(text) = node.dyn_into::<web_sys::Text>() else {
            continue;
        };
        let content = text.data();
        let found = marks(&content, terms);
        // From the end, so earlier offsets stay valid; offsets are in UTF-16 units.
        for r in found.iter().rev() {
            let start = content[..r.start].encode_utf16().count() as u32;
            let len = content[r.clone()].encode_utf16().count() as u32;
            let Ok(middle) = text.split_text(start) else {
                continue;
            };
            let _ = middle.split_text(len);
            let (Some(parent), Ok(mark)) = (middle.parent_node(), document.create_element("mark"))
            else {
                continue;
            };
            mark.set_class_name("folio-hit");
            if parent.replace_child(&mark, &middle).is_ok() {
                let _ = mark.append_child(&middle);
            }
        }
    }
}

#[function_component]
pub fn ArticlePage(props: &ArticlePageProps) -> Html {
    let state = use_context::<StateHandle>().expect("state context");
    let navigator = use_navigator().expect("inside a router");
    let body = use_state(|| Body::Loading);
    let attempt = use_state(|| 0u32);
    let lang = state.lang;
    let texts = lang.texts();
    let scope = use_scope();

    let catalog = match &state.load {
        Load::Ready(catalog) => Some(catalog.clone()),
        _ => None,
    };
    let found = catalog
        .as_ref()
        .and_then(|c| c.index.find(&props.slug).map(|(pos, a)| (pos, a.clone())));
    let body_path = found.as_ref().map(|(_, a)| a.body.clone());
    {
        let body = body.clone();
        let base = state.data.clone();
        use_effect_with((body_path, *attempt), move |(path, _)| {
            if let Some(path) = path.clone() {
                body.set(Body::Loading);
                wasm_bindgen_futures::spawn_local(async move {
                    match fetch::body(&base, &path).await {
                        Ok(b) => body.set(Body::Ready(Rc::new(b))),
                        Err(e) => body.set(Body::Failed(e)),
                    }
                });
            }
        });
    }
    // Focus the title on every article (also on n/p), and start at the top.
    {
        let scope = scope.clone();
        use_effect_with(props.slug.clone(), move |_| {
            scope.to_top();
            scope.focus(".folio-article-title");
        });
    }

    // Previous/next within the list the reader came from.
    let list_query = state.list.query.clone();
    let neighbours = use_memo(
        (
            catalog.clone(),
            list_query.clone(),
            props.slug.clone(),
            state.search_files,
        ),
        |(catalog, query, slug, _)| {
            let c = catalog.as_ref()?;
            let filter = Filter::from(query);
            let text_hits = c.text_hits(&filter).ok()?;
            let (hits, _) = filter.run_on(&c.index, &c.prepared, &text_hits);
            let at = hits
                .iter()
                .position(|&p| c.index.articles[p].slug == *slug)?;
            let slug_at = |i: Option<usize>| {
                i.and_then(|i| hits.get(i))
                    .map(|&p| c.index.articles[p].slug.clone())
            };
            Some((slug_at(at.checked_sub(1)), slug_at(Some(at + 1))))
        },
    );
    let (prev, next) = neighbours.as_ref().clone().unwrap_or((None, None));
    {
        let navigator = navigator.clone();
        let (prev, next) = (prev.clone(), next.clone());
        let list_filter = Filter::from(&list_query);
        use_keydown(Callback::from(move |e: web_sys::KeyboardEvent| {
            if is_typing(&e) {
                return;
            }
            match e.key().as_str() {
                "Escape" | "u" => navigator.go_to_list(&list_filter, true),
                "/" => {
                    e.prevent_default();
                    navigator.go_to_list(&list_filter, true);
                }
                "n" => {
                    if let Some(slug) = next.clone() {
                        navigator.push(&Route::Article { slug });
                    }
                }
                "p" => {
                    if let Some(slug) = prev.clone() {
                        navigator.push(&Route::Article { slug });
                    }
                }
                _ => {}
            }
        }));
    }

    // Came from a search: mark what it matched in the body.
    let terms = catalog
        .as_ref()
        .filter(|c| c.searches(&Filter::from(&list_query)))
        .map(|_| Query::parse_typing(&list_query.q));
    {
        let scope = scope.clone();
        let ready = matches!(&*body, Body::Ready(_));
        use_effect_with((ready, terms), move |(ready, terms)| {
            if let (true, Some(terms)) = (ready, terms) {
                if let Some(root) = scope.find(".folio-body") {
                    mark_matches(&root, terms);
                }
            }
        });
    }

    let Some(catalog) = catalog else {
        return load_status(&state);
    };
    let Some((_, article)) = found else {
        return html! { <NotFound what={AttrValue::from(lang.no_such_article(&props.slug))} /> };
    };
    let onretry = {
        let attempt = attempt.clone();
        Callback::from(move |_| attempt.set(*attempt + 1))
    };
    let title_of = |slug: &str| {
        catalog
            .index
            .find(slug)
            .map(|(_, a)| a.title.clone())
            .unwrap_or_default()
    };
    let back_query = (list_query != ListQuery::default()).then(|| list_query.clone());
    html! {
        <article class="folio-article" aria-labelledby="folio-article-title">
            <nav class="folio-back">
                { link(&navigator, Route::List, back_query, None, html! { texts.back }) }
            </nav>
            <h1 class="folio-article-title" id="folio-article-title" tabindex="-1">{ article.title.clone() }</h1>
            { meta_line(&catalog, &article, lang, Some(&navigator)) }
            if !article.tags.is_empty() {
                <ul class="folio-tags">
                    { for article.tags.iter().map(|&t| html! {
                        <li>
                            { link(&navigator, Route::List, Some(ListQuery { tag: Some(t), ..ListQuery::default() }), None,
                                html! { format!("#{}", catalog.index.tags[t as usize]) }) }
                        </li>
                    }) }
                </ul>
            }
            {
                match &*body {
                    Body::Loading => html! { <p class="folio-loading" role="status">{ texts.loading_body }</p> },
                    Body::Failed(message) => html! {
                        <div class="folio-error" role="alert">
                            <p>{ texts.body_failed }</p>
                            <p class="folio-error-detail">{ message.clone() }</p>
                            <button type="button" onclick={onretry}>{ texts.retry }</button>
                        </div>
                    },
                    Body::Ready(b) => html! {
                        <>
                            if let Some(src) = b.head.clone() {
                                <img class="folio-head" {src} alt="" referrerpolicy="no-referrer" decoding="async"
                                    onerror={Callback::from(|e: Event| {
                                        if let Some(img) = e.target_dyn_into::<web_sys::Element>() {
                                            let _ = img.set_attribute("hidden", "");
                                        }
                                    })} />
                            }
                            // The one place prepared HTML is inserted: sanitized by the bundler.
                            <div class="folio-body" onclick={
                                let scope = scope.clone();
                                Callback::from(move |e| follow_in_page_link(&scope, e))
                            }>
                                { Html::from_html_unchecked(AttrValue::from(b.html.clone())) }
                            </div>
                        </>
                    },
                }
            }
            <nav class="folio-pager" aria-label={texts.article_nav}>
                if let Some(slug) = prev.clone() {
                    { link(&navigator, Route::Article { slug: slug.clone() }, None, Some("folio-prev"), html! { <>
                        <span class="folio-pager-label">{ texts.previous }</span>
                        <span class="folio-pager-title">{ title_of(&slug) }</span>
                    </> }) }
                }
                if let Some(slug) = next.clone() {
                    { link(&navigator, Route::Article { slug: slug.clone() }, None, Some("folio-next"), html! { <>
                        <span class="folio-pager-label">{ texts.next }</span>
                        <span class="folio-pager-title">{ title_of(&slug) }</span>
                    </> }) }
                }
            </nav>
        </article>
    }
}
