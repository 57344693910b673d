//! The root component: loads the index once (again on retry), provides the state and the
//! [`Scope`] to every page, applies language and theme, and switches pages by the URL's hash
//! (`#/`, `#/a/<slug>`), which works the same from a server root, a sub-path, or a file. An
//! embedded viewer keeps its routes in memory instead, leaving the host page's URL alone.

use std::rc::Rc;

use yew::prelude::*;

use super::components::header::header;
use super::components::help::help;
use super::fetch;
use super::history::History;
use super::hooks::{is_typing, use_keydown, Scope};
use super::pages::article::ArticlePage;
use super::pages::list::ListPage;
use super::pages::not_found::NotFound;
use super::router::{Current, Navigator, Route};
use super::state::{Action, Catalog, State, StateHandle};

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

/// The value of query parameter `name` in the page's URL.
fn read_param(name: &str) -> Option<String> {
    let href = web_sys::window()?.location().href().ok()?;
    web_sys::Url::new(&href).ok()?.search_params().get(name)
}

/// Sets query parameter `name` in the page's URL without a new history entry; the host's path,
/// other parameters and hash stay as they are.
fn write_param(name: &str, value: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(url) = window
        .location()
        .href()
        .ok()
        .and_then(|h| web_sys::Url::new(&h).ok())
    else {
        return;
    };
    url.search_params().set(name, value);
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url.href()));
    }
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
    let history = use_state(|| {
        if props.embedded {
            let start = props.state_param.as_deref().and_then(read_param);
            History::memory(start.as_deref().unwrap_or("/"))
        } else {
            History::hash()
        }
    });
    // Mirror an embedded viewer's route into its query parameter, if it has one.
    let _mirror = use_state(|| {
        let name = props.state_param.clone().filter(|_| props.embedded)?;
        let watched = (*history).clone();
        let listener = history.listen(move || {
            write_param(&name, &watched.location().address());
        });
        Some(listener)
    });
    let navigator = Navigator::new((*history).clone());
    let scope = Scope {
        root: root.clone(),
        embedded: props.embedded,
        navigator: Some(navigator.clone()),
    };
    // The current location, updated on every navigation (and back/forward in the page).
    let current = use_reducer({
        let history = (*history).clone();
        move || Current::new(history.location())
    });
    {
        let update = current.dispatcher();
        use_effect_with((*history).clone(), move |history| {
            let watched = history.clone();
            let listener = history.listen(move || update.dispatch(watched.location()));
            move || drop(listener)
        });
    }
    {
        let state = state.clone();
        use_effect_with(state.attempt, move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                let offset = -(js_sys::Date::new_0().get_timezone_offset() as i32);
                match fetch::index(&state.data).await {
                    Ok(index) => {
                        state.dispatch(Action::Loaded(Rc::new(Catalog::new(index, offset))))
                    }
                    Err(message) => state.dispatch(Action::Failed(message)),
                }
            });
        });
    }
    {
        let scope = scope.clone();
        use_effect_with(scope, |scope| {
            if !scope.embedded {
                super::frame::report_height();
            }
        });
    }
    {
        let scope = scope.clone();
        use_effect_with(state.help, move |open| {
            if *open {
                scope.focus(".folio-help-close");
            }
        });
    }
    {
        let state = state.clone();
        use_keydown(Callback::from(move |e: web_sys::KeyboardEvent| {
            if is_typing(&e) {
                return;
            }
            match e.key().as_str() {
                "?" => {
                    e.prevent_default();
                    state.dispatch(Action::ShowHelp(!state.help));
                }
                "Escape" if state.help => state.dispatch(Action::ShowHelp(false)),
                _ => {}
            }
        }));
    }
    let texts = state.lang.texts();
    let class = classes!("folio", props.embedded.then_some("folio-embedded"));
    let route = Route::recognize(current.location.path());
    html! {
        <ContextProvider<StateHandle> context={state.clone()}>
        <ContextProvider<Scope> context={scope.clone()}>
        <ContextProvider<Current> context={(*current).clone()}>
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
