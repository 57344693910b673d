//! The text filter above the list.

use yew::prelude::*;

use crate::web::i18n::Lang;

#[derive(Properties, PartialEq)]
pub struct FilterBoxProps {
    pub value: AttrValue,
    pub lang: Lang,
    pub oninput: Callback<String>,
}

#[function_component]
pub fn FilterBox(props: &FilterBoxProps) -> Html {
    let texts = props.lang.texts();
    let oninput = {
        let cb = props.oninput.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            cb.emit(input.value());
        })
    };
    // Escape leaves the field, so the list shortcuts work again.
    let onkeydown = Callback::from(|e: KeyboardEvent| {
        if e.key() == "Escape" {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let _ = input.blur();
        }
    });
    html! {
        <div class="folio-filter" role="search">
            <label for="folio-filter-input" class="folio-visually-hidden">{ texts.filter_label }</label>
            <input
                id="folio-filter-input"
                class="folio-filter-input"
                type="search"
                placeholder={texts.filter_placeholder}
                autocomplete="off"
                spellcheck="false"
                value={props.value.clone()}
                {oninput}
                {onkeydown}
            />
        </div>
    }
}
