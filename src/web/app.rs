//! The root component: holds the state, loads the entry (again on retry), shares the state,
//! the [`Scope`] and the current location with every page, applies language and theme, shows
//! the page the location's [`Route`] names, follows what an embedding host sets (bundle,
//! language, theme, view) and tells the host what happens ([`events`](super::events)); keeps the reader's marks in
//! storage.

use std::rc::Rc;

use yew::prelude::*;

use crate::web::hooks::use_effect_on;

use super::components::header::header;
use super::components::help::help;
use super::events::Detail;
use super::fetch;
use super::fetch::EntryError;
use super::hooks::{loaded_catalog, use_entry, use_help, use_router, Scope, Viewer};
use super::i18n::Lang;
use super::on_demand::{CompactRoute, PageRoute};
use super::pages::list::ListPage;
use super::router::{link_to, Current, Route};
use super::state::{Action, Load, State, StateHandle, Theme};
use crate::model::ENTRY_FILE;

fn switch(route: Route, compact: Option<&Compact>) -> Html {
    match (route, compact) {
        (Route::List, None) => html! { <ListPage /> },
        (Route::List, Some(c)) => {
            html! { <CompactRoute limit={c.limit} href={c.href.clone()} param={c.param.clone()} /> }
        }
        (route, _) => html! { <PageRoute {route} /> },
    }
}

/// `view="compact"`: a widget of the newest titles of its view.
#[derive(Debug, Clone, PartialEq)]
pub struct Compact {
    /// How many titles.
    pub limit: usize,
    /// The full viewer its titles open in; inside the widget when `None`.
    pub href: Option<AttrValue>,
    /// The query parameter the viewer at `href` keeps its route in (its `state-param`); its
    /// hash when `None`.
    pub param: Option<AttrValue>,
}

/// How the viewer is mounted, and what an embedding host sets (its attributes).
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
    /// The UI language the host sets; the reader's (or browser's) when `None`.
    #[prop_or_default]
    pub lang: Option<Lang>,
    /// The theme the host sets; the reader's remembered choice when `None`.
    #[prop_or_default]
    pub theme: Option<Theme>,
    /// The list view the host sets (`q=…&cat=…&sort=old`): where the viewer starts, and where
    /// it goes when the host changes it.
    #[prop_or_default]
    pub view: Option<String>,
    /// A compact widget instead of the full list.
    #[prop_or_default]
    pub compact: Option<Compact>,
    /// The standalone app beside `embed.js` (its `index.html`), which addresses of a viewer
    /// of its own `data/` can be shared as.
    #[prop_or_default]
    pub app: Option<String>,
}

/// The root: one reducer, shared through context.
#[function_component]
pub fn App(props: &AppProps) -> Html {
    let data = props
        .data
        .clone()
        .unwrap_or_else(|| fetch::DATA_DIR.to_string());
    let state = {
        let (lang, theme) = (props.lang, props.theme);
        // A catalog loaded before the app mounted (see `web::start`) is there from the first
        // render.
        use_reducer(move || {
            let state = State::new(data, lang, theme);
            match loaded_catalog(&state.data) {
                Some(catalog) => {
                    Rc::unwrap_or_clone(Rc::new(state).reduce(Action::Loaded(catalog)))
                }
                None => state,
            }
        })
    };
    let root = use_node_ref();
    // A widget whose titles open elsewhere keeps no route of its own in the host's URL.
    let mirrored = props
        .state_param
        .as_deref()
        .filter(|_| props.compact.as_ref().is_none_or(|c| c.href.is_none()));
    let start = props.view.as_deref().map(|v| format!("/?{v}"));
    let router = use_router(props.embedded, mirrored, start.as_deref());
    let navigator = router.navigator;
    let scope = Scope {
        root: root.clone(),
        embedded: props.embedded,
        navigator: Some(navigator.clone()),
    };
    use_entry(&state);
    {
        let scope = scope.clone();
        use_effect_on(scope, |scope| {
            if !scope.embedded {
                super::frame::report_height();
            }
        });
    }
    use_help(&state, &scope);
    use_host(props, &state, &navigator);
    use_load_events(&state, &scope);
    {
        let (scope, props) = (scope.clone(), props.clone());
        let address = router.current.location.address();
        let last = use_mut_ref(|| None::<String>);
        use_effect_on(router.current.clone(), move |_| {
            let moved = last.borrow().as_ref().is_some_and(|a| *a != address);
            if moved {
                let url = shareable(&props, &address);
                scope.emit(
                    "folio-navigate",
                    Detail::new()
                        .with("route", address.as_str())
                        .with("url", url),
                );
            }
            *last.borrow_mut() = Some(address);
        });
    }
    {
        let key = super::state::marks_key(&state.data);
        use_effect_on(state.marks.clone(), move |marks| {
            super::storage_set(&key, &marks.to_json());
        });
    }
    let texts = state.lang.texts();
    // A standalone viewer owns the page, whose language is the UI's (article bodies carry
    // their own).
    use_effect_on((texts.code, props.embedded), |&(code, embedded)| {
        if let (false, Some(html)) = (embedded, super::document().document_element()) {
            let _ = html.set_attribute("lang", code);
        }
    });
    let class = classes!(
        "folio",
        props.embedded.then_some("folio-embedded"),
        props.compact.is_some().then_some("folio-compact")
    );
    let route = Route::recognize(router.current.location.path());
    html! {
        <ContextProvider<Viewer> context={Viewer { state: Some(state.clone()), scope: scope.clone() }}>
        <ContextProvider<Current> context={router.current}>
            <div {class} ref={root} lang={texts.code} data-theme={state.theme.attribute()}>
                if props.compact.is_none() {
                    <a class="folio-skip" href="#folio-main" onclick={skip_to_main(scope)}>{ texts.articles }</a>
                    { header(&state, &navigator) }
                }
                <main class="folio-main" id="folio-main" tabindex="-1">
                    { switch(route, props.compact.as_ref()) }
                </main>
                if state.help {
                    { help(&state) }
                }
            </div>
        </ContextProvider<Current>>
        </ContextProvider<Viewer>>
    }
}

/// Follows the host's attributes after start: another bundle, language, theme or view.
#[hook]
fn use_host(props: &AppProps, state: &StateHandle, navigator: &super::router::Navigator) {
    {
        let state = state.clone();
        use_effect_on(props.data.clone(), move |data| {
            if let Some(data) = data {
                state.dispatch(Action::SetData(data.clone()));
            }
        });
    }
    {
        let state = state.clone();
        // Back to `auto` (or no attribute): the reader's choice, else the bundle's or the
        // browser's.
        use_effect_on(props.lang, move |lang| {
            state.dispatch(match lang {
                Some(lang) => Action::SetLang(*lang),
                None => Action::DefaultLang,
            });
        });
    }
    {
        let state = state.clone();
        use_effect_on(props.theme, move |theme| {
            state.dispatch(Action::SetTheme(theme.unwrap_or_else(Theme::remembered)));
        });
    }
    let first = use_mut_ref(|| true);
    let navigator = navigator.clone();
    use_effect_on(props.view.clone(), move |view| {
        // The first view is where the router started.
        if !std::mem::replace(&mut *first.borrow_mut(), false) {
            let query = view.as_deref().unwrap_or_default();
            let query = crate::query::ListQuery::parse(query).unwrap_or_default();
            navigator.go_to_list(&query, true);
        }
    });
}

/// `folio-ready` when a bundle's entry is there, `folio-error` when it could not be read.
#[hook]
fn use_load_events(state: &StateHandle, scope: &Scope) {
    let scope = scope.clone();
    let data = state.data.clone();
    use_effect_on(state.load.clone(), move |load| match load {
        Load::Ready(catalog) => scope.emit(
            "folio-ready",
            Detail::new()
                .with("src", data.as_str())
                .with("articles", catalog.entry.articles)
                .with("title", catalog.entry.title.clone()),
        ),
        Load::Failed(why) => {
            let (message, retryable) = match why {
                EntryError::Version(found) => (
                    format!(
                        "the bundle has format version {found}, this viewer reads version {}",
                        crate::model::FORMAT_VERSION
                    ),
                    false,
                ),
                EntryError::Other(message) => (message.clone(), true),
            };
            scope.emit(
                "folio-error",
                Detail::new()
                    .with("what", "index")
                    .with("url", format!("{data}{ENTRY_FILE}"))
                    .with("message", message)
                    .with("retryable", retryable),
            );
        }
        Load::Loading => {}
    });
}

/// Where a reader can open the viewer's `address`, if anywhere: the page's own URL when the
/// route lives in it (standalone, or with a state parameter), the full viewer at the widget's
/// `href`, or the standalone app beside `embed.js` when this viewer reads that app's bundle.
fn shareable(props: &AppProps, address: &str) -> Option<String> {
    if !props.embedded || props.state_param.is_some() && props.compact.is_none() {
        return web_sys::window()?.location().href().ok();
    }
    if let Some(Compact {
        href: Some(href),
        param,
        ..
    }) = &props.compact
    {
        return link_to(href, param.as_deref(), address);
    }
    let app = props.app.as_deref()?;
    let beside = web_sys::Url::new_with_base("data/", app).ok()?.href();
    (props.data.as_deref() == Some(beside.as_str())).then(|| format!("{app}#{address}"))
}

/// The skip link moves focus without touching the hash, which holds the route.
fn skip_to_main(scope: Scope) -> Callback<MouseEvent> {
    Callback::from(move |e: MouseEvent| {
        e.prevent_default();
        scope.focus("#folio-main");
    })
}
