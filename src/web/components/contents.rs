//! An article's table of contents (three headings or more): a `<details>` open at first on a
//! wide screen, where the stylesheet keeps it at the side, folded on a phone; the heading being
//! read is marked `aria-current`.

use yew::prelude::*;

use crate::web::hooks::{Contents, MIN_HEADINGS};
use crate::web::i18n::Texts;

/// The table, whose links the article's in-page link handler follows (`onclick`).
pub fn contents(contents: &Contents, texts: &Texts, onclick: Callback<MouseEvent>) -> Html {
    if contents.headings.len() < MIN_HEADINGS {
        return html! {};
    }
    let wide = web_sys::window()
        .and_then(|w| w.match_media("(min-width: 75rem)").ok().flatten())
        .is_some_and(|m| m.matches());
    html! {
        <nav class="folio-toc" part="toc" aria-labelledby="folio-toc-title" {onclick}>
            <details open={wide}>
                <summary id="folio-toc-title">{ texts.contents }</summary>
                <ol>
                    { for contents.headings.iter().enumerate().map(|(i, h)| {
                        let current = contents.current == Some(i);
                        html! {
                            <li class={format!("folio-toc-{}", h.depth.min(4))}>
                                <a href={format!("#{}", h.id)} aria-current={current.then_some("location")}>{ h.text.clone() }</a>
                            </li>
                        }
                    }) }
                </ol>
            </details>
        </nav>
    }
}
