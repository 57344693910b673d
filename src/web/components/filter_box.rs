//! The text filter above the list.

use yew::prelude::*;

use crate::web::i18n::Lang;

/// The filter field showing `value`; `oninput` gets the text as it is typed. While an input
/// method composes (pinyin on its way to 残疾人), nothing is sent: the page sends the text when
/// the composition ends ([`use_composition_end`](crate::web::hooks::use_composition_end)), so half-typed pinyin is never searched.
pub fn filter_box(value: &str, lang: Lang, oninput: Callback<String>) -> Html {
    let texts = lang.texts();
    let oninput = Callback::from(move |e: InputEvent| {
        if e.is_composing() {
            return;
        }
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        oninput.emit(input.value());
    });
    // Escape leaves the field, so the list shortcuts work again.
    let onkeydown = Callback::from(|e: KeyboardEvent| {
        if e.key() == "Escape" {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let _ = input.blur();
        }
    });
    html! {
        <div class="folio-filter" part="search" role="search">
            <label for="folio-filter-input" class="folio-visually-hidden">{ texts.filter_label }</label>
            <input
                id="folio-filter-input"
                class="folio-filter-input"
                type="search"
                placeholder={texts.filter_placeholder}
                autocomplete="off"
                spellcheck="false"
                value={value.to_string()}
                {oninput}
                {onkeydown}
            />
        </div>
    }
}
