//! The banner: the archive's name, linking back to the unfiltered list.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::web::app::Route;

#[function_component]
pub fn Header() -> Html {
    html! {
        <header class="folio-header">
            <Link<Route> to={Route::List} classes="folio-brand">{ "Folio" }</Link<Route>>
        </header>
    }
}
