//! What a page shows while the entry loads, or when it failed (with a retry), or is of another
//! format version (to be bundled again); and a view's files that failed, with a retry.

use yew::prelude::*;

use crate::model::FORMAT_VERSION;
use crate::web::fetch::EntryError;
use crate::web::hooks::retry_files;
use crate::web::state::{Action, Load, StateHandle};

/// Loading or failure view for the entry; renders nothing once it is ready.
pub fn load_status(state: &StateHandle) -> Html {
    let texts = state.lang.texts();
    match &state.load {
        Load::Loading => html! { <p class="folio-loading" role="status">{ texts.loading }</p> },
        Load::Failed(EntryError::Version(found)) => html! {
            <div class="folio-error folio-outdated" role="alert">
                <p>{ state.lang.other_version(*found, FORMAT_VERSION) }</p>
            </div>
        },
        Load::Failed(EntryError::Other(message)) => {
            let onretry = {
                let state = state.clone();
                Callback::from(move |_| state.dispatch(Action::Retry))
            };
            html! {
                <div class="folio-error" role="alert">
                    <p>{ texts.index_failed }</p>
                    <p class="folio-error-detail">{ message.clone() }</p>
                    <p class="folio-make-bundle">{ texts.make_bundle }</p>
                    <button type="button" onclick={onretry}>{ texts.retry }</button>
                </div>
            }
        }
        Load::Ready(_) => html! {},
    }
}

/// Files of a view that could not be read: `what` failed, the `problem`, and a retry of them.
pub fn files_failed(state: &StateHandle, what: &'static str, problem: String) -> Html {
    html! {
        <div class="folio-error" role="alert">
            <p>{ what }<span class="folio-error-detail">{ problem }</span></p>
            <button type="button" onclick={retry_files(state)}>{ state.lang.texts().retry }</button>
        </div>
    }
}
