//! The line of metadata under a title: date, author, category path, reading time.

use yew::prelude::*;

use crate::model::{ArticleSummary, Index};

/// `secs` (Unix seconds) as a date in the reader's locale.
pub fn format_date(secs: i64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(secs as f64 * 1000.0));
    let options = js_sys::Object::new();
    let set = |k: &str, v: &str| {
        let _ = js_sys::Reflect::set(&options, &k.into(), &v.into());
    };
    set("year", "numeric");
    set("month", "short");
    set("day", "numeric");
    String::from(date.to_locale_date_string(&locale(), &options))
}

/// `secs` as an ISO 8601 instant, for `<time datetime>`.
pub fn iso_date(secs: i64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(secs as f64 * 1000.0));
    String::from(date.to_iso_string())
}

fn locale() -> String {
    web_sys::window()
        .and_then(|w| w.navigator().language())
        .unwrap_or_else(|| "en".to_string())
}

#[derive(Properties, PartialEq)]
pub struct MetaLineProps {
    pub index: std::rc::Rc<crate::web::state::Catalog>,
    pub article: ArticleSummary,
}

/// Date · author · category path · reading time.
#[function_component]
pub fn MetaLine(props: &MetaLineProps) -> Html {
    let index: &Index = &props.index.index;
    let a = &props.article;
    let categories = a
        .categories
        .iter()
        .map(|&c| index.category_path(c).join(" › "))
        .collect::<Vec<_>>()
        .join(", ");
    html! {
        <p class="folio-meta">
            if let Some(date) = a.date {
                <time datetime={iso_date(date)}>{ format_date(date) }</time>
            }
            if let Some(author) = index.author_name(a) {
                <span class="folio-author">{ author.to_string() }</span>
            }
            if !categories.is_empty() {
                <span class="folio-categories">{ categories }</span>
            }
            <span class="folio-minutes">{ format!("{} min", a.minutes) }</span>
        </p>
    }
}
