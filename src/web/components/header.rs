//! The banner: the site's title (back to the unfiltered list), language, theme and help.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::web::hooks::site_title;
use crate::web::router::{link, Navigator, Route};
use crate::web::state::{Action, StateHandle, Theme};

fn system_is_dark() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|m| m.matches())
}

/// The banner, drawn by the root.
pub fn header(state: &StateHandle, navigator: &Navigator) -> Html {
    let texts = state.lang.texts();
    let dark = match state.theme {
        Theme::Dark => true,
        Theme::Light => false,
        Theme::System => system_is_dark(),
    };
    let on_lang = {
        let state = state.clone();
        Callback::from(move |_| {
            let lang = state.lang.other();
            lang.remember();
            state.dispatch(Action::SetLang(lang));
        })
    };
    let on_theme = {
        let state = state.clone();
        Callback::from(move |_| {
            let theme = if dark { Theme::Light } else { Theme::Dark };
            theme.remember();
            state.dispatch(Action::SetTheme(theme));
        })
    };
    let on_help = {
        let state = state.clone();
        Callback::from(move |e: MouseEvent| {
            if let Some(b) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = b.blur();
            }
            state.dispatch(Action::ShowHelp(true));
        })
    };
    html! {
        <header class="folio-header">
            { link(navigator, Route::List, None, Some("folio-brand"), html! { site_title(state) }) }
            <div class="folio-tools">
                <button type="button" class="folio-tool" onclick={on_lang} aria-label={texts.switch_label} lang={if texts.code == "en" { "zh-CN" } else { "en" }}>
                    { texts.switch_to }
                </button>
                <button type="button" class="folio-tool folio-theme-toggle" onclick={on_theme} aria-pressed={if dark { "true" } else { "false" }}>
                    { if dark { texts.theme_light } else { texts.theme_dark } }
                </button>
                <button type="button" class="folio-tool" onclick={on_help} aria-label={texts.help} title={texts.help}>{ "?" }</button>
            </div>
        </header>
    }
}
