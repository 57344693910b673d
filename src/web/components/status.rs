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
    let onretry = {
        let state = props.state.clone();
        Callback::from(move |_| state.dispatch(Action::Retry))
    };
    match &props.state.load {
        Load::Loading => {
            html! { <p class="folio-loading" role="status">{ "Loading articles…" }</p> }
        }
        Load::Failed(message) => html! {
            <div class="folio-error" role="alert">
                <p>{ "The article index could not be loaded." }</p>
                <p class="folio-error-detail">{ message.clone() }</p>
                <button type="button" onclick={onretry}>{ "Retry" }</button>
            </div>
        },
        Load::Ready(_) => html! {},
    }
}
