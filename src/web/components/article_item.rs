//! One row of the article list.

use std::rc::Rc;

use yew::prelude::*;
use yew_router::prelude::*;

use super::meta::MetaLine;
use crate::web::app::Route;
use crate::web::state::Catalog;

#[derive(Properties, PartialEq)]
pub struct ArticleItemProps {
    pub catalog: Rc<Catalog>,
    /// Position in `catalog.index.articles`.
    pub pos: usize,
}

#[function_component]
pub fn ArticleItem(props: &ArticleItemProps) -> Html {
    let article = &props.catalog.index.articles[props.pos];
    let onerror = Callback::from(|e: Event| {
        // Many real thumbnails are dead links: fall back to the placeholder.
        if let Some(img) = e.target_dyn_into::<web_sys::Element>() {
            let _ = img.set_attribute("hidden", "");
        }
    });
    html! {
        <li class="folio-item">
            <div class="folio-thumb" aria-hidden="true">
                if let Some(src) = article.thumb.clone() {
                    <img {src} alt="" loading="lazy" decoding="async" referrerpolicy="no-referrer" {onerror} />
                }
            </div>
            <div class="folio-item-text">
                <h2 class="folio-item-title">
                    <Link<Route> to={Route::Article { slug: article.slug.clone() }}>{ article.title.clone() }</Link<Route>>
                </h2>
                <MetaLine index={props.catalog.clone()} article={article.clone()} />
                <p class="folio-excerpt">{ article.excerpt.clone() }</p>
            </div>
        </li>
    }
}
