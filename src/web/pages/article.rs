//! The article page: title and meta from the row at once when the list had it (else with the
//! body: its pack carries them), the body from its pack, the related articles' titles once their list
//! nears the screen;
//! categories and tags lead to the filtered list; previous/next walk the list the reader came
//! from; focus moves to the title so screen readers start there. Opening an article marks it
//! read; its star and read buttons (and `s`, `m`) change that. Three headings or more get a
//! table of contents; a click on an image shows it full size (`Esc` closes).

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::marks::Mark;
use crate::model::Row;
use crate::query::{text_lang, ListQuery};
use crate::web::components::contents::contents;
use crate::web::components::mark_button::mark_button;
use crate::web::components::meta::meta_line;
use crate::web::components::status::load_status;
use crate::web::fetch;
use crate::web::hooks::{
    retry_files, use_article, use_article_keys, use_contents, use_effect_on, use_error_event,
    use_feed_links, use_files, use_location, use_navigator, use_near_screen, use_neighbours,
    use_open_event, use_overlay_keydown, use_scope, use_search_marks, use_tab_title,
    use_viewer_state, Article, Scope,
};
use crate::web::i18n::Texts;
use crate::web::pages::not_found::NotFound;
use crate::web::router::{link, Navigator, Route};
use crate::web::state::{Action, StateHandle};
use crate::web::store::Needs;

#[derive(Properties, PartialEq)]
pub struct ArticlePageProps {
    pub slug: String,
}

/// What a click in an article's body needs.
#[derive(Clone)]
struct BodyClicks {
    scope: Scope,
    zoom: UseStateHandle<Option<String>>,
    navigator: Navigator,
    /// The article shown.
    slug: String,
    /// The anchor a link to another article named, to scroll to once its body shows.
    anchor: Rc<RefCell<Option<String>>>,
}

/// Scrolls to the element of the body with id `id`, if there is one.
fn scroll_to_id(scope: &Scope, id: &str) {
    let valid = !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_');
    if let Some(el) = valid.then(|| scope.find(&format!("[id='{id}']"))).flatten() {
        el.scroll_into_view();
    }
}

/// In-page links (`#a-note`) scroll to their target instead of changing the route; links to
/// other articles (`#/a/<slug>#a-anchor`, as the bundler writes them) move inside the viewer,
/// as its own links do, whether it is a page, an embed or a packed file; an image outside a
/// link opens full size.
fn follow_in_page_link(clicks: &BodyClicks, e: MouseEvent) {
    let BodyClicks { scope, zoom, .. } = clicks;
    let Some(target) = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return;
    };
    if target.tag_name() == "IMG" && target.closest("a").ok().flatten().is_none() {
        if let Some(img) = target.dyn_ref::<web_sys::HtmlImageElement>() {
            zoom.set(Some(img.current_src()));
        }
        return;
    }
    let Some(link) = target.closest("a[href^='#']").ok().flatten() else {
        return;
    };
    let href = link.get_attribute("href").unwrap_or_default();
    if let Some(address) = href.strip_prefix('#').filter(|a| a.starts_with('/')) {
        // Modified clicks keep the browser's meaning (new tab, new window).
        if e.meta_key() || e.ctrl_key() || e.shift_key() || e.alt_key() {
            return;
        }
        e.prevent_default();
        let (path, anchor) = address.split_once('#').unwrap_or((address, ""));
        let route = Route::recognize(path);
        if route
            == (Route::Article {
                slug: clicks.slug.clone(),
            })
        {
            scroll_to_id(scope, anchor);
            return;
        }
        *clicks.anchor.borrow_mut() = (!anchor.is_empty()).then(|| anchor.to_string());
        clicks.navigator.push(&route);
        return;
    }
    e.prevent_default();
    scroll_to_id(scope, href.trim_start_matches('#'));
}

#[function_component]
pub fn ArticlePage(props: &ArticlePageProps) -> Html {
    let state = use_viewer_state().expect("state context");
    let navigator = use_navigator().expect("inside a router");
    let scope = use_scope();
    let lang = state.lang;
    let texts = lang.texts();

    let article = use_article(&state, &props.slug);
    // The slug this page has shown: gone after a reload means deleted, not mistyped.
    let shown = use_mut_ref(String::new);
    if article.row.is_some() {
        *shown.borrow_mut() = props.slug.clone();
    }
    let number = article.number.flatten();
    let zoom = use_state(Option::<String>::default);
    // The anchor to scroll to once the body shows: the address's own (`#/a/<slug>#a-setup`
    // opened cold, or from another page), then each in-app link's.
    let location = use_location();
    let anchor = use_mut_ref(|| {
        location
            .map(|l| l.fragment().to_string())
            .filter(|f| !f.is_empty())
    });
    // Opening an article marks it read, once (`m` may take that back while it is open).
    {
        let state = state.clone();
        use_effect_on(
            (props.slug.clone(), article.row.is_some()),
            move |(slug, known)| {
                if *known {
                    state.dispatch(Action::Mark {
                        mark: Mark::Read,
                        slug: slug.clone(),
                        on: true,
                    });
                }
            },
        );
    }
    use_tab_title(&state, article.row.as_ref().map(|r| r.title.clone()));
    let toc = use_contents(&props.slug, article.body.is_some());
    {
        let zoom = zoom.clone();
        use_overlay_keydown(
            &scope,
            Callback::from(move |e: web_sys::KeyboardEvent| {
                if zoom.is_some() && e.key() == "Escape" {
                    e.stop_immediate_propagation();
                    zoom.set(None);
                }
            }),
        );
    }
    {
        let scope = scope.clone();
        use_effect_on(zoom.is_some(), move |&open| {
            if open {
                scope.focus(".folio-zoom-close");
            }
        });
    }
    // Focus the title on every article (also on n/p) once it shows, and start at the top; not
    // again when a reload shows the same article anew.
    {
        let scope = scope.clone();
        let focused = use_mut_ref(String::new);
        use_effect_on(
            (props.slug.clone(), article.row.is_some()),
            move |(slug, has_row)| {
                if *focused.borrow() != *slug {
                    scope.to_top();
                    scope.focus(".folio-article-title");
                    if *has_row {
                        *focused.borrow_mut() = slug.clone();
                    }
                }
            },
        );
    }
    // Came by a link to an anchor of this article: go there once the body shows.
    {
        let (scope, anchor) = (scope.clone(), anchor.clone());
        use_effect_on(
            (props.slug.clone(), article.body.is_some()),
            move |(_, shown)| {
                if *shown {
                    if let Some(id) = anchor.borrow_mut().take() {
                        scroll_to_id(&scope, &id);
                    }
                }
            },
        );
    }
    use_open_event(&props.slug, article.row.clone());
    use_error_event("body", &state.data, article.failed.clone());
    let neighbours = use_neighbours(&state, number);
    let list_query = state.list.query.clone();
    use_article_keys(
        &state,
        &props.slug,
        zoom.is_some(),
        &navigator,
        &neighbours,
        &list_query,
    );
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
        let what = if *shown.borrow() == props.slug {
            AttrValue::from(texts.deleted)
        } else {
            AttrValue::from(lang.no_such_article(&props.slug))
        };
        return html! { <NotFound {what} /> };
    }
    let back_query = (list_query != ListQuery::default()).then(|| list_query.clone());
    let back = html! {
        <nav class="folio-back">
            { link(&navigator, Route::List, back_query, None, html! { texts.back }) }
        </nav>
    };
    let clicks = BodyClicks {
        scope: scope.clone(),
        zoom: zoom.clone(),
        navigator: navigator.clone(),
        slug: props.slug.clone(),
        anchor: anchor.clone(),
    };
    let Some(row) = article.row.clone() else {
        return html! {
            <article class="folio-article" part="article">
                { back }
                { body_view(&article, texts, &clicks, &state) }
            </article>
        };
    };
    let in_page = {
        let clicks = clicks.clone();
        Callback::from(move |e| follow_in_page_link(&clicks, e))
    };
    let close_zoom = {
        let zoom = zoom.clone();
        Callback::from(move |_: MouseEvent| zoom.set(None))
    };
    // The article's own language, else its site's (as Hexo themes write `page.lang ||
    // config.language`), else what its script says.
    let lang_of_text = article
        .body
        .as_ref()
        .and_then(|b| b.lang.clone())
        .or_else(|| state.catalog().and_then(|c| c.entry.lang.clone()))
        .map(AttrValue::from)
        .or_else(|| text_lang(&format!("{}\n{}", row.title, row.excerpt)).map(AttrValue::from));
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
        <div class={classes!("folio-reading", (toc.headings.len() >= crate::web::hooks::MIN_HEADINGS).then_some("folio-with-toc"))}>
        <article class="folio-article" part="article" aria-labelledby="folio-article-title" lang={lang_of_text}>
            { back }
            <h1 class="folio-article-title" part="article-title" id="folio-article-title" tabindex="-1">{ row.title.clone() }</h1>
            { meta_line(&row, lang, Some(&navigator)) }
            <div class="folio-article-marks" lang={texts.code}>
                { mark_button(&state, Mark::Starred, &row.slug) }
                { mark_button(&state, Mark::Read, &row.slug) }
            </div>
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
            { contents(&toc, texts, in_page) }
            { body_view(&article, texts, &clicks, &state) }
            <Related key={props.slug.clone()} numbers={article.related.clone()} />
            <nav class="folio-pager" aria-label={texts.article_nav} lang={texts.code}>
                { pager(&neighbours.prev, "folio-prev", texts.previous) }
                { pager(&neighbours.next, "folio-next", texts.next) }
            </nav>
        </article>
        if let Some(src) = (*zoom).clone() {
            <div class="folio-zoom" role="dialog" aria-modal="true" aria-label={texts.image_label} onclick={close_zoom.clone()}>
                <img {src} alt="" referrerpolicy="no-referrer" />
                <button type="button" class="folio-zoom-close" onclick={close_zoom}>{ texts.close }</button>
            </div>
        }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct RelatedProps {
    /// The related articles' numbers, best first.
    numbers: Rc<[u32]>,
}

/// The related articles under the body (`part="related"` for a page that embeds the viewer).
/// Their titles are in their rows, most often in other row pages than the article's: those are
/// fetched once the list comes near the screen, so that opening an article fetches what its
/// first screen shows. A row on its way holds its line (the pager below does not move when it
/// comes).
#[function_component]
fn Related(props: &RelatedProps) -> Html {
    let state = use_viewer_state().expect("state context");
    let navigator = use_navigator().expect("inside a router");
    let element = use_node_ref();
    let rows = use_memo(
        (state.catalog(), props.numbers.clone(), state.files),
        |(catalog, numbers, _)| {
            let mut needs = Needs::default();
            let rows: Vec<Option<Rc<Row>>> = match catalog {
                Some(catalog) => numbers
                    .iter()
                    .map(|&n| catalog.row(n, &mut needs))
                    .collect(),
                None => Vec::new(),
            };
            (rows, needs)
        },
    );
    let (rows, needs) = &*rows;
    let near = use_near_screen(&element, !needs.wants.is_empty());
    // A failed row leaves its line empty: the list is an extra, not the article.
    let wanted = Needs {
        wants: if near {
            needs.wants.clone()
        } else {
            Vec::new()
        },
        failed: None,
    };
    use_files(&state, &wanted);
    if rows.is_empty() {
        return html! {};
    }
    let texts = state.lang.texts();
    html! {
        <nav class="folio-related" part="related" aria-labelledby="folio-related-title" ref={element}>
            <h2 id="folio-related-title">{ texts.related }</h2>
            <ul>
                { for rows.iter().map(|row| match row {
                    Some(r) => html! {
                        <li>{ link(&navigator, Route::Article { slug: r.slug.clone() }, None, None, html! { r.title.clone() }) }</li>
                    },
                    None => html! { <li class="folio-related-pending" aria-hidden="true">{ "\u{a0}" }</li> },
                }) }
            </ul>
        </nav>
    }
}

/// The body as its fetch stands: loading, failed (with a retry), or the article's HTML.
fn body_view(article: &Article, texts: &Texts, clicks: &BodyClicks, state: &StateHandle) -> Html {
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
                let clicks = clicks.clone();
                Callback::from(move |e| follow_in_page_link(&clicks, e))
            };
            let html = fetch::with_asset_urls(&b.html, &state.data);
            html! {
                <>
                    if let Some(src) = b.head.as_deref().map(|h| fetch::image_url(h, &state.data)) {
                        <img class="folio-head" {src} alt="" referrerpolicy="no-referrer" decoding="async"
                            onerror={Callback::from(|e: Event| {
                                if let Some(img) = e.target_dyn_into::<web_sys::Element>() {
                                    let _ = img.set_attribute("hidden", "");
                                }
                            })} />
                    }
                    // The one place prepared HTML is inserted: sanitized by the bundler.
                    <div class="folio-body" {onclick}>
                        { Html::from_html_unchecked(AttrValue::from(html)) }
                    </div>
                </>
            }
        }
    }
}
