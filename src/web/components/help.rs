//! The keyboard shortcut help (`?`); the root moves focus to its close button when it opens.

use yew::prelude::*;

use crate::web::state::{Action, StateHandle};

/// The help dialog.
pub fn help(state: &StateHandle) -> Html {
    let texts = state.lang.texts();
    let onclose = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Action::ShowHelp(false)))
    };
    html! {
        <div class="folio-help" role="dialog" aria-modal="true" aria-labelledby="folio-help-title">
            <div class="folio-help-box">
                <h2 id="folio-help-title">{ texts.shortcuts }</h2>
                <dl>
                    { for texts.keys.iter().map(|(k, what)| html! {
                        <div class="folio-help-row"><dt><kbd>{ *k }</kbd></dt><dd>{ *what }</dd></div>
                    }) }
                </dl>
                <button type="button" class="folio-help-close" onclick={onclose}>{ texts.close }</button>
            </div>
        </div>
    }
}
