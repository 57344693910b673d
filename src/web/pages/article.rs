//! The article page: title and meta from the row at once when the list had it (else once the
//! lookup has found it), the body from its pack;
//! categories and tags lead to the filtered list; previous/next walk the list the reader came
//! from; focus moves to the title so screen readers start there.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::model::Row;
use crate::query::ListQuery;
use crate::web::components::meta::meta_line;
use crate::web::components::status::load_status;
use crate::web::hooks::{
    retry_files, use_article, use_article_keys, use_feed_links, use_files, use_navigator,
    use_neighbours, use_scope, use_search_marks, Article, Scope,
};
use crate::web::i18n::Texts;
use crate::web::pages::not_found::NotFound;
use crate::web::router::Navigator;
use crate::web::router::{link, Route};
use crate::web::state::StateHandle;
use crate::web::store::Needs;

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

    let article = use_article(&state, &props.slug);
    let number = article.number.flatten();
    // Focus the title on every article (also on n/p) once it shows, and start at the top.
    {
        let scope = scope.clone();
        use_effect_with((props.slug.clone(), article.row.is_some()), move |_| {
            scope.to_top();
            scope.focus(".folio-article-title");
        });
    }
    let neighbours = use_neighbours(&state, number);
    let list_query = state.list.query.clone();
    use_article_keys(&navigator, &neighbours, &list_query);
    // Came from a search: mark what it matched in the body.
    use_search_marks(&state, &props.slug, article.body.is_some());
    // The feeds of its tags and top-level categories, for feed readers given its address.
    let mut needs = Needs::default();
    let feed_links = match (state.catalog(), &article.row) {
        (Some(catalog), Some(row)) if catalog.entry.feeds.is_some() => {
            let query = ListQuery {
                tag: row.tags.clone(),
                cat: row
                    .categories
                    .iter()
                    .filter_map(|p| p.first())
                    .map(|r| vec![r.clone()])
                    .collect(),
                ..ListQuery::default()
            };
            catalog
                .resolve(&query, &mut needs)
                .map(|r| catalog.feed_links(&r.filter))
                .unwrap_or_default()
        }
        _ => Vec::new(),
    };
    use_files(&state, &needs);
    use_feed_links(feed_links);

    if state.catalog().is_none() {
        return load_status(&state);
    }
    if article.number == Some(None) {
        return html! { <NotFound what={AttrValue::from(lang.no_such_article(&props.slug))} /> };
    }
    let back_query = (list_query != ListQuery::default()).then(|| list_query.clone());
    let back = html! {
        <nav class="folio-back">
            { link(&navigator, Route::List, back_query, None, html! { texts.back }) }
        </nav>
    };
    let Some(row) = article.row.clone() else {
        return html! {
            <article class="folio-article">
                { back }
                { body_view(&article, texts, &scope, &state) }
            </article>
        };
    };
    let pager = |row: &Option<Rc<Row>>, class: &'static str, label: &'static str| -> Html {
        let Some(row) = row else { return html! {} };
        link(
            &navigator,
            Route::Article {
                slug: row.slug.clone(),
            },
            None,
            Some(class),
            html! { <>
                <span class="folio-pager-label">{ label }</span>
                <span class="folio-pager-title">{ row.title.clone() }</span>
            </> },
        )
    };
    html! {
        <article class="folio-article" aria-labelledby="folio-article-title">
            { back }
            <h1 class="folio-article-title" id="folio-article-title" tabindex="-1">{ row.title.clone() }</h1>
            { meta_line(&row, lang, Some(&navigator)) }
            if !row.tags.is_empty() {
                <ul class="folio-tags">
                    { for row.tags.iter().map(|t| html! {
                        <li>
                            { link(&navigator, Route::List, Some(ListQuery { tag: vec![t.clone()], ..ListQuery::default() }), None,
                                html! { format!("#{t}") }) }
                        </li>
                    }) }
                </ul>
            }
            { body_view(&article, texts, &scope, &state) }
            { related_view(&article, texts, &navigator) }
            <nav class="folio-pager" aria-label={texts.article_nav}>
                { pager(&neighbours.prev, "folio-prev", texts.previous) }
                { pager(&neighbours.next, "folio-next", texts.next) }
            </nav>
        </article>
    }
}

/// The related articles under the body (`part="related"` for a page that embeds the viewer).
fn related_view(article: &Article, texts: &Texts, navigator: &Navigator) -> Html {
    let Some(related) = article.body.as_ref().and_then(|b| b.related.clone()) else {
        return html! {};
    };
    html! {
        <nav class="folio-related" part="related" aria-labelledby="folio-related-title">
            <h2 id="folio-related-title">{ texts.related }</h2>
            <ul>
                { for related.into_iter().map(|r| html! {
                    <li>{ link(navigator, Route::Article { slug: r.slug }, None, None, html! { r.title }) }</li>
                }) }
            </ul>
        </nav>
    }
}

/// The body as its fetch stands: loading, failed (with a retry), or the article's HTML.
fn body_view(article: &Article, texts: &Texts, scope: &Scope, state: &StateHandle) -> Html {
    if let Some(message) = &article.failed {
        return html! {
            <div class="folio-error" role="alert">
                <p>{ texts.body_failed }</p>
                <p class="folio-error-detail">{ message.clone() }</p>
                <button type="button" onclick={retry_files(state)}>{ texts.retry }</button>
            </div>
        };
    }
    match &article.body {
        None => {
            html! { <p class="folio-loading" role="status">{ texts.loading_body }</p> }
        }
        Some(b) => {
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
