//! The page for an address that names nothing.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::web::app::Route;

#[derive(Properties, PartialEq)]
pub struct NotFoundProps {
    #[prop_or_default]
    pub what: Option<AttrValue>,
}

#[function_component]
pub fn NotFound(props: &NotFoundProps) -> Html {
    html! {
        <section class="folio-not-found">
            <h1>{ "Not found" }</h1>
            <p>{ props.what.clone().unwrap_or_else(|| "There is nothing at this address.".into()) }</p>
            <Link<Route> to={Route::List}>{ "Back to all articles" }</Link<Route>>
        </section>
    }
}
