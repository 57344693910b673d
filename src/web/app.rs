//! Routes and the root component: loads the index once (again on retry), provides the state to
//! every page, applies language and theme, and switches pages by the URL's hash (`#/`,
//! `#/a/<slug>`), which works the same from a server root, a sub-path, or a file.

use std::rc::Rc;

use yew::prelude::*;
use yew_router::prelude::*;

use super::components::header::Header;
use super::components::help::Help;
use super::fetch;
use super::hooks::{is_typing, use_keydown};
use super::i18n::Lang;
use super::pages::article::ArticlePage;
use super::pages::list::ListPage;
use super::pages::not_found::NotFound;
use super::state::{Action, Catalog, State, StateHandle, Theme};

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

const THEME_KEY: &str = "folio-theme";

fn initial_state() -> State {
    let theme = match super::storage_get(THEME_KEY).as_deref() {
        Some("dark") => Theme::Dark,
        Some("light") => Theme::Light,
        _ => Theme::System,
    };
    State {
        lang: Lang::detect(),
        theme,
        ..State::default()
    }
}

/// Remembers the theme choice.
pub fn remember_theme(theme: Theme) {
    super::storage_set(THEME_KEY, theme.attribute().unwrap_or("system"));
}

/// The root: one reducer, shared through context.
#[function_component]
pub fn App() -> Html {
    let state = use_reducer(initial_state);
    {
        let state = state.clone();
        use_effect_with(state.attempt, move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                let offset = -(js_sys::Date::new_0().get_timezone_offset() as i32);
                match fetch::index().await {
                    Ok(index) => {
                        state.dispatch(Action::Loaded(Rc::new(Catalog::new(index, offset))))
                    }
                    Err(message) => state.dispatch(Action::Failed(message)),
                }
            });
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
    html! {
        <ContextProvider<StateHandle> context={state.clone()}>
            <HashRouter>
                <div class="folio" lang={texts.code} data-theme={state.theme.attribute()}>
                    <a class="folio-skip" href="#folio-main" onclick={skip_to_main()}>{ texts.articles }</a>
                    <Header />
                    <main class="folio-main" id="folio-main" tabindex="-1">
                        <Switch<Route> render={switch} />
                    </main>
                    if state.help {
                        <Help />
                    }
                </div>
            </HashRouter>
        </ContextProvider<StateHandle>>
    }
}

/// The skip link moves focus without touching the hash, which holds the route.
fn skip_to_main() -> Callback<MouseEvent> {
    Callback::from(|e: MouseEvent| {
        e.prevent_default();
        super::hooks::focus("#folio-main");
    })
}
