//! The reader's own filters above the list: unread and starred, each with its count in the
//! current view (like a facet's); "mark all in this view as read"; and the marks exported to
//! and imported from a JSON file.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::marks::{MarkCounts, Marks};
use crate::query::{ListQuery, Shown};
use crate::web::i18n::Lang;
use crate::web::state::{Action, StateHandle};

/// What the bar shows and whom it tells. A function of the list page, not a component: a
/// component's machinery costs the WASM more than the bar's own markup.
pub struct MarksBar<'a> {
    pub state: &'a StateHandle,
    pub query: &'a ListQuery,
    /// The counts of the view without the marks filter; `None` while they are looked up.
    pub counts: Option<MarkCounts>,
    /// Marking the view read is under way.
    pub busy: bool,
    pub lang: Lang,
    /// A new view chosen by the reader.
    pub onchange: &'a Callback<ListQuery>,
    pub onmarkall: Callback<()>,
    /// Why the last imported file was not read, if it was not (the list page's state).
    pub problem: &'a UseStateHandle<Option<String>>,
}

/// Saves the marks as `folio-marks.json` through a download.
fn export(marks: &Marks) {
    let parts = js_sys::Array::of1(&marks.to_json().into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    let link = crate::web::document()
        .create_element("a")
        .ok()
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok());
    if let Some(link) = link {
        link.set_href(&url);
        link.set_download("folio-marks.json");
        link.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

pub fn marks_bar(props: MarksBar<'_>) -> Html {
    let (state, problem) = (props.state, props.problem);
    let lang = props.lang;
    let texts = lang.texts();
    let filter = |shown: Shown, label: &'static str, n: Option<usize>| {
        let pressed = props.query.show == Some(shown);
        let next = ListQuery {
            show: (!pressed).then_some(shown),
            ..props.query.clone()
        };
        let onchange = props.onchange.clone();
        let onclick = Callback::from(move |_: MouseEvent| onchange.emit(next.clone()));
        html! {
            <button type="button" class="folio-chip" aria-pressed={if pressed { "true" } else { "false" }} {onclick}>
                <span class="folio-chip-label">{ label }</span>
                <span class="folio-chip-count">{ n.map(|n| lang.number(n)).unwrap_or_default() }</span>
            </button>
        }
    };
    let on_export = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| export(&state.marks))
    };
    let on_import = {
        let (state, problem) = (state.clone(), problem.clone());
        Callback::from(move |e: Event| {
            let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() else {
                return;
            };
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            input.set_value("");
            let (state, problem) = (state.clone(), problem.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let name = file.name();
                let text = wasm_bindgen_futures::JsFuture::from(file.text())
                    .await
                    .ok()
                    .and_then(|t| t.as_string())
                    .unwrap_or_default();
                match Marks::from_json(&text) {
                    Ok(marks) => {
                        problem.set(None);
                        state.dispatch(Action::ImportMarks(marks));
                    }
                    Err(_) => problem.set(Some(state.lang.not_marks(&name))),
                }
            });
        })
    };
    let on_mark_all = {
        let onmarkall = props.onmarkall.clone();
        Callback::from(move |_: MouseEvent| onmarkall.emit(()))
    };
    let counts = props.counts;
    html! {
        <div class="folio-marks" role="group" aria-label={texts.reading}>
            { filter(Shown::Unread, texts.unread, counts.map(|c| c.unread)) }
            { filter(Shown::Starred, texts.starred, counts.map(|c| c.starred)) }
            <button type="button" class="folio-tool" onclick={on_mark_all} disabled={props.busy}>{ texts.mark_all_read }</button>
            <button type="button" class="folio-tool" onclick={on_export}>{ texts.export_marks }</button>
            <label class="folio-tool folio-import">
                { texts.import_marks }
                <input type="file" accept="application/json,.json" class="folio-visually-hidden" onchange={on_import} />
            </label>
            if let Some(problem) = (**problem).clone() {
                <p class="folio-error" role="alert">{ problem }</p>
            }
        </div>
    }
}
