//! Routes and the root component: loads the index once (again on retry), provides the state and
//! the [`Scope`] to every page, applies language and theme, and switches pages by the URL's hash
//! (`#/`, `#/a/<slug>`), which works the same from a server root, a sub-path, or a file. An
//! embedded viewer keeps its routes in memory instead, leaving the host page's URL alone.

use std::rc::Rc;

use yew::prelude::*;
use yew_router::Routable;

use super::components::header::header;
use super::components::help::help;
use super::fetch;
use super::history::History;
use super::hooks::{is_typing, use_keydown, Scope};
use super::i18n::Lang;
use super::pages::article::ArticlePage;
use super::pages::list::ListPage;
use super::pages::not_found::NotFound;
use super::router::{Current, Navigator};
use super::state::{Action, Catalog, State, StateHandle, Theme};

/// Every page has an address: `/` is the list, `/a/<slug>` an article, anything else
/// [`Route::NotFound`] (`/404`).
#[derive(Debug, Clone, PartialEq)]
pub enum Route {
    /// The article list; its filters are in the query (`#/?q=…`).
    List,
    /// One article.
    Article {
        slug: String,
    },
    NotFound,
}

/// By hand rather than derived: the derive builds a general route matcher (an NFA) that these
/// three addresses do not need, and it is a large part of the WASM. Matches as the derive does:
/// one trailing `/` is ignored, the slug is one non-empty, percent-decoded path segment.
impl Routable for Route {
    fn from_path(path: &str, params: &std::collections::HashMap<&str, &str>) -> Option<Self> {
        match path {
            "/" => Some(Route::List),
            "/a/:slug" => Some(Route::Article {
                slug: urlencoding::decode(params.get("slug")?).ok()?.into_owned(),
            }),
            "/404" => Some(Route::NotFound),
            _ => None,
        }
    }

    fn to_path(&self) -> String {
        match self {
            Route::List => "/".to_string(),
            Route::Article { slug } => "/a/".to_string() + &urlencoding::encode(slug),
            Route::NotFound => "/404".to_string(),
        }
    }

    fn routes() -> Vec<&'static str> {
        vec!["/", "/a/:slug", "/404"]
    }

    fn not_found_route() -> Option<Self> {
        Some(Route::NotFound)
    }

    fn recognize(pathname: &str) -> Option<Self> {
        let path = pathname.strip_suffix('/').unwrap_or(pathname);
        let path = path.strip_prefix('/').unwrap_or(path);
        Some(match path.split_once('/') {
            None if path.is_empty() => Route::List,
            Some(("a", slug)) if !slug.is_empty() && !slug.contains('/') => {
                match urlencoding::decode(slug) {
                    Ok(slug) => Route::Article {
                        slug: slug.into_owned(),
                    },
                    Err(_) => Route::NotFound,
                }
            }
            _ => Route::NotFound,
        })
    }
}

fn switch(route: Route) -> Html {
    match route {
        Route::List => html! { <ListPage /> },
        Route::Article { slug } => html! { <ArticlePage {slug} /> },
        Route::NotFound => html! { <NotFound /> },
    }
}

const THEME_KEY: &str = "folio-theme";

fn initial_state(data: String) -> State {
    let theme = match super::storage_get(THEME_KEY).as_deref() {
        Some("dark") => Theme::Dark,
        Some("light") => Theme::Light,
        _ => Theme::System,
    };
    State {
        data,
        lang: Lang::detect(),
        theme,
        ..State::default()
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

/// Remembers the theme choice.
pub fn remember_theme(theme: Theme) {
    super::storage_set(THEME_KEY, theme.attribute().unwrap_or("system"));
}

/// The root: one reducer, shared through context.
#[function_component]
pub fn App(props: &AppProps) -> Html {
    let data = props
        .data
        .clone()
        .unwrap_or_else(|| fetch::DATA_DIR.to_string());
    let state = use_reducer(move || initial_state(data));
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
    let route = Route::recognize(current.location.path()).unwrap_or(Route::NotFound);
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
