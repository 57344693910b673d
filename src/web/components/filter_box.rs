//! The text filter above the list.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FilterBoxProps {
    pub value: AttrValue,
    pub oninput: Callback<String>,
}

#[function_component]
pub fn FilterBox(props: &FilterBoxProps) -> Html {
    let oninput = {
        let cb = props.oninput.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            cb.emit(input.value());
        })
    };
    html! {
        <div class="folio-filter" role="search">
            <label for="folio-filter-input" class="folio-visually-hidden">{ "Filter articles" }</label>
            <input
                id="folio-filter-input"
                class="folio-filter-input"
                type="search"
                placeholder="Filter articles…"
                autocomplete="off"
                value={props.value.clone()}
                {oninput}
            />
        </div>
    }
}
