//! Routes and the root component: loads the index once (again on retry), provides the state to
//! every page, and switches pages by the URL's hash (`#/`, `#/a/<slug>`), which works the same
//! from a server root, a sub-path, or a file.

use std::rc::Rc;

use yew::prelude::*;
use yew_router::prelude::*;

use super::components::header::Header;
use super::fetch;
use super::pages::article::ArticlePage;
use super::pages::list::ListPage;
use super::pages::not_found::NotFound;
use super::state::{Action, Catalog, State, StateHandle};

/// Every page has an address.
#[derive(Debug, Clone, PartialEq, Routable)]
pub enum Route {
    /// The article list; its filters are in the query (`#/?q=…`).
    #[at("/")]
    List,
    /// One article.
    #[at("/a/:slug")]
    Article { slug: String },
    #[not_found]
    #[at("/404")]
    NotFound,
}

fn switch(route: Route) -> Html {
    match route {
        Route::List => html! { <ListPage /> },
        Route::Article { slug } => html! { <ArticlePage {slug} /> },
        Route::NotFound => html! { <NotFound /> },
    }
}

/// The root: one reducer, shared through context.
#[function_component]
pub fn App() -> Html {
    let state = use_reducer(State::default);
    {
        let state = state.clone();
        use_effect_with(state.attempt, move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                match fetch::index().await {
                    Ok(index) => state.dispatch(Action::Loaded(Rc::new(Catalog::new(index)))),
                    Err(message) => state.dispatch(Action::Failed(message)),
                }
            });
        });
    }
    html! {
        <ContextProvider<StateHandle> context={state}>
            <HashRouter>
                <div class="folio">
                    <Header />
                    <main class="folio-main" id="folio-main">
                        <Switch<Route> render={switch} />
                    </main>
                </div>
            </HashRouter>
        </ContextProvider<StateHandle>>
    }
}
