//! The article page: title and meta from the index at once, the body fetched on demand;
//! categories and tags lead to the filtered list; previous/next walk the list the reader came
//! from; focus moves to the title so screen readers start there.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::query::ListQuery;
use crate::web::components::meta::meta_line;
use crate::web::components::status::load_status;
use crate::web::hooks::{
    use_article_body, use_article_keys, use_navigator, use_neighbours, use_scope, use_search_marks,
    Body, FetchedBody, Scope,
};
use crate::web::i18n::Texts;
use crate::web::pages::not_found::NotFound;
use crate::web::router::{link, Route};
use crate::web::state::StateHandle;

#[derive(Properties, PartialEq)]
pub struct ArticlePageProps {
    pub slug: String,
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

#[function_component]
pub fn ArticlePage(props: &ArticlePageProps) -> Html {
    let state = use_context::<StateHandle>().expect("state context");
    let navigator = use_navigator().expect("inside a router");
    let scope = use_scope();
    let lang = state.lang;
    let texts = lang.texts();

    let catalog = state.catalog();
    let article = catalog
        .as_ref()
        .and_then(|c| c.index.find(&props.slug).map(|(_, a)| a.clone()));
    let body = use_article_body(&state.data, article.as_ref().map(|a| a.body.clone()));
    // Focus the title on every article (also on n/p), and start at the top.
    {
        let scope = scope.clone();
        use_effect_with(props.slug.clone(), move |_| {
            scope.to_top();
            scope.focus(".folio-article-title");
        });
    }
    let neighbours = use_neighbours(&state, &props.slug);
    let list_query = state.list.query.clone();
    use_article_keys(&navigator, &neighbours, &list_query);
    // Came from a search: mark what it matched in the body.
    use_search_marks(&state, matches!(&*body, Body::Ready(_)));

    let Some(catalog) = catalog else {
        return load_status(&state);
    };
    let Some(article) = article else {
        return html! { <NotFound what={AttrValue::from(lang.no_such_article(&props.slug))} /> };
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
            { body_view(&body, texts, &scope) }
            <nav class="folio-pager" aria-label={texts.article_nav}>
                if let Some(slug) = neighbours.prev.clone() {
                    { link(&navigator, Route::Article { slug: slug.clone() }, None, Some("folio-prev"), html! { <>
                        <span class="folio-pager-label">{ texts.previous }</span>
                        <span class="folio-pager-title">{ title_of(&slug) }</span>
                    </> }) }
                }
                if let Some(slug) = neighbours.next.clone() {
                    { link(&navigator, Route::Article { slug: slug.clone() }, None, Some("folio-next"), html! { <>
                        <span class="folio-pager-label">{ texts.next }</span>
                        <span class="folio-pager-title">{ title_of(&slug) }</span>
                    </> }) }
                }
            </nav>
        </article>
    }
}

/// The body as its fetch stands: loading, failed (with a retry), or the article's HTML.
fn body_view(body: &FetchedBody, texts: &Texts, scope: &Scope) -> Html {
    match &**body {
        Body::Loading => {
            html! { <p class="folio-loading" role="status">{ texts.loading_body }</p> }
        }
        Body::Failed(message) => {
            let onretry = {
                let body = body.clone();
                Callback::from(move |_| body.retry())
            };
            html! {
                <div class="folio-error" role="alert">
                    <p>{ texts.body_failed }</p>
                    <p class="folio-error-detail">{ message.clone() }</p>
                    <button type="button" onclick={onretry}>{ texts.retry }</button>
                </div>
            }
        }
        Body::Ready(b) => {
            let onclick = {
                let scope = scope.clone();
                Callback::from(move |e| follow_in_page_link(&scope, e))
            };
            html! {
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
                    <div class="folio-body" {onclick}>
                        { Html::from_html_unchecked(AttrValue::from(b.html.clone())) }
                    </div>
                </>
            }
        }
    }
}
