//! What a page shows while the index loads, or when it failed (with a retry).

use yew::prelude::*;

use crate::web::state::{Action, Load, StateHandle};

#[derive(Properties, PartialEq)]
pub struct LoadStatusProps {
    pub state: StateHandle,
}

/// Loading or failure view for the index; renders nothing once it is ready.
#[function_component]
pub fn LoadStatus(props: &LoadStatusProps) -> Html {
    let texts = props.state.lang.texts();
    let onretry = {
        let state = props.state.clone();
        Callback::from(move |_| state.dispatch(Action::Retry))
    };
    match &props.state.load {
        Load::Loading => html! { <p class="folio-loading" role="status">{ texts.loading }</p> },
        Load::Failed(message) => html! {
            <div class="folio-error" role="alert">
                <p>{ texts.index_failed }</p>
                <p class="folio-error-detail">{ message.clone() }</p>
                <button type="button" onclick={onretry}>{ texts.retry }</button>
            </div>
        },
        Load::Ready(_) => html! {},
    }
}
