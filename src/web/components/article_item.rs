//! One row of the article list.

use std::rc::Rc;

use yew::prelude::*;

use super::link::link;
use super::meta::meta_line;
use crate::web::app::Route;
use crate::web::i18n::Lang;
use crate::web::router::use_navigator;
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
}

#[function_component]
pub fn ArticleItem(props: &ArticleItemProps) -> Html {
    let navigator = use_navigator().expect("inside a router");
    let article = &props.catalog.index.articles[props.pos];
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
        <li {class} data-row={props.row.to_string()}>
            <div class="folio-thumb" aria-hidden="true">
                if let Some(src) = article.thumb.clone() {
                    <img {src} alt="" loading="lazy" decoding="async" referrerpolicy="no-referrer" {onerror} />
                }
            </div>
            <div class="folio-item-text">
                <h2 class="folio-item-title">
                    { link(&navigator, Route::Article { slug: article.slug.clone() }, None, None, html! { article.title.clone() }) }
                </h2>
                { meta_line(&props.catalog, article, props.lang, None) }
                <p class="folio-excerpt">{ article.excerpt.clone() }</p>
            </div>
        </li>
    }
}
