//! The page for an address that names nothing.

use yew::prelude::*;

use crate::web::hooks::{use_effect_on, use_navigator, use_scope, use_viewer_state};
use crate::web::router::{link, Route};

#[derive(Properties, PartialEq)]
pub struct NotFoundProps {
    #[prop_or_default]
    pub what: Option<AttrValue>,
}

#[function_component]
pub fn NotFound(props: &NotFoundProps) -> Html {
    let state = use_viewer_state().expect("state context");
    let navigator = use_navigator().expect("inside a router");
    let texts = state.lang.texts();
    let scope = use_scope();
    use_effect_on((), move |_| scope.focus(".folio-not-found h1"));
    html! {
        <section class="folio-not-found">
            <h1 tabindex="-1">{ texts.not_found }</h1>
            <p>{ props.what.clone().unwrap_or_else(|| texts.nothing_here.into()) }</p>
            { link(&navigator, Route::List, None, None, html! { texts.back }) }
        </section>
    }
}
