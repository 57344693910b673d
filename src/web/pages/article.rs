//! The article page: title and meta from the index at once, the body fetched on demand.

use std::rc::Rc;

use yew::prelude::*;
use yew_router::prelude::*;

use crate::model::ArticleBody;
use crate::web::app::Route;
use crate::web::components::meta::MetaLine;
use crate::web::components::status::LoadStatus;
use crate::web::fetch;
use crate::web::pages::not_found::NotFound;
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

#[function_component]
pub fn ArticlePage(props: &ArticlePageProps) -> Html {
    let state = use_context::<StateHandle>().expect("state context");
    let body = use_state(|| Body::Loading);
    let attempt = use_state(|| 0u32);

    let catalog = match &state.load {
        Load::Ready(catalog) => Some(catalog.clone()),
        _ => None,
    };
    let found = catalog
        .as_ref()
        .and_then(|c| c.index.find(&props.slug).map(|(_, a)| a.clone()));
    let body_path = found.as_ref().map(|a| a.body.clone());
    {
        let body = body.clone();
        use_effect_with((body_path, *attempt), move |(path, _)| {
            if let Some(path) = path.clone() {
                body.set(Body::Loading);
                wasm_bindgen_futures::spawn_local(async move {
                    match fetch::body(&path).await {
                        Ok(b) => body.set(Body::Ready(Rc::new(b))),
                        Err(e) => body.set(Body::Failed(e)),
                    }
                });
            }
        });
    }

    let Some(catalog) = catalog else {
        return html! { <LoadStatus state={state.clone()} /> };
    };
    let Some(article) = found else {
        return html! { <NotFound what={AttrValue::from(format!("No article is called “{}”.", props.slug))} /> };
    };
    let onretry = {
        let attempt = attempt.clone();
        Callback::from(move |_| attempt.set(*attempt + 1))
    };
    html! {
        <article class="folio-article">
            <nav class="folio-back">
                <Link<Route> to={Route::List}>{ "← All articles" }</Link<Route>>
            </nav>
            <h1 class="folio-article-title">{ article.title.clone() }</h1>
            <MetaLine index={catalog.clone()} article={article.clone()} />
            {
                match &*body {
                    Body::Loading => html! { <p class="folio-loading" role="status">{ "Loading…" }</p> },
                    Body::Failed(message) => html! {
                        <div class="folio-error" role="alert">
                            <p>{ "This article could not be loaded." }</p>
                            <p class="folio-error-detail">{ message.clone() }</p>
                            <button type="button" onclick={onretry}>{ "Retry" }</button>
                        </div>
                    },
                    Body::Ready(b) => html! {
                        <>
                            if let Some(src) = b.head.clone() {
                                <img class="folio-head" {src} alt="" referrerpolicy="no-referrer" decoding="async" />
                            }
                            // The one place prepared HTML is inserted: sanitized by the bundler.
                            <div class="folio-body">{ Html::from_html_unchecked(AttrValue::from(b.html.clone())) }</div>
                        </>
                    },
                }
            }
        </article>
    }
}
