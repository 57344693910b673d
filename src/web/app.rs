//! The root component: holds the state, loads the entry (again on retry), shares the state,
//! the [`Scope`] and the current location with every page, applies language and theme, and
//! shows the page the location's [`Route`] names; keeps the reader's marks in storage.

use yew::prelude::*;

use super::components::header::header;
use super::components::help::help;
use super::fetch;
use super::hooks::{use_entry, use_help, use_router, Scope};
use super::pages::article::ArticlePage;
use super::pages::list::ListPage;
use super::pages::not_found::NotFound;
use super::router::{Current, Route};
use super::state::{State, StateHandle};

fn switch(route: Route) -> Html {
    match route {
        Route::List => html! { <ListPage /> },
        Route::Article { slug } => html! { <ArticlePage {slug} /> },
        Route::NotFound => html! { <NotFound /> },
    }
}

/// How the viewer is mounted.
#[derive(Debug, Clone, PartialEq, Properties, Default)]
pub struct AppProps {
    /// Inside another page (`<folio-viewer>`): the routes live in memory, not in the host's URL.
    #[prop_or_default]
    pub embedded: bool,
    /// URL of the bundle folder (ending in `/`); `data/` next to the page when absent.
    #[prop_or_default]
    pub data: Option<String>,
    /// Embedded only: keep the viewer's route in this query parameter of the host's URL (so a
    /// reload or a shared link restores it) instead of in memory alone.
    #[prop_or_default]
    pub state_param: Option<String>,
}

/// The root: one reducer, shared through context.
#[function_component]
pub fn App(props: &AppProps) -> Html {
    let data = props
        .data
        .clone()
        .unwrap_or_else(|| fetch::DATA_DIR.to_string());
    let state = use_reducer(move || State::new(data));
    let root = use_node_ref();
    let router = use_router(props.embedded, props.state_param.as_deref());
    let navigator = router.navigator;
    let scope = Scope {
        root: root.clone(),
        embedded: props.embedded,
        navigator: Some(navigator.clone()),
    };
    use_entry(&state);
    {
        let scope = scope.clone();
        use_effect_with(scope, |scope| {
            if !scope.embedded {
                super::frame::report_height();
            }
        });
    }
    use_help(&state, &scope);
    {
        let key = super::state::marks_key(&state.data);
        use_effect_with(state.marks.clone(), move |marks| {
            super::storage_set(&key, &marks.to_json());
        });
    }
    let texts = state.lang.texts();
    // A standalone viewer owns the page, whose language is the UI's (article bodies carry
    // their own).
    use_effect_with((texts.code, props.embedded), |&(code, embedded)| {
        if let (false, Some(html)) = (embedded, super::document().document_element()) {
            let _ = html.set_attribute("lang", code);
        }
    });
    let class = classes!("folio", props.embedded.then_some("folio-embedded"));
    let route = Route::recognize(router.current.location.path());
    html! {
        <ContextProvider<StateHandle> context={state.clone()}>
        <ContextProvider<Scope> context={scope.clone()}>
        <ContextProvider<Current> context={router.current}>
            <div {class} ref={root} lang={texts.code} data-theme={state.theme.attribute()}>
                <a class="folio-skip" href="#folio-main" onclick={skip_to_main(scope)}>{ texts.articles }</a>
                { header(&state, &navigator) }
                <main class="folio-main" id="folio-main" tabindex="-1">
                    { switch(route) }
                </main>
                if state.help {
                    { help(&state) }
                }
            </div>
        </ContextProvider<Current>>
        </ContextProvider<Scope>>
        </ContextProvider<StateHandle>>
    }
}

/// The skip link moves focus without touching the hash, which holds the route.
fn skip_to_main(scope: Scope) -> Callback<MouseEvent> {
    Callback::from(move |e: MouseEvent| {
        e.prevent_default();
        scope.focus("#folio-main");
    })
}
