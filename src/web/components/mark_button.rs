//! The star and read buttons of an article (in its view and on its row): each says its state
//! with `aria-pressed`, and carries the `part` name a host page styles it by.

use yew::prelude::*;

use crate::marks::Mark;
use crate::web::state::{Action, StateHandle};

/// Toggles `mark` on article `slug`.
pub fn toggle(state: &StateHandle, mark: Mark, slug: &str) {
    let on = !state.marks.has(mark, slug);
    state.dispatch(Action::Mark {
        mark,
        slug: slug.to_string(),
        on,
    });
}

/// The button for `mark` on article `slug`.
pub fn mark_button(state: &StateHandle, mark: Mark, slug: &str) -> Html {
    let texts = state.lang.texts();
    let pressed = state.marks.has(mark, slug);
    // A host cannot select `::part(star)[aria-pressed]`, so the state is a part name too.
    let (kind, part, label, icon) = match (mark, pressed) {
        (Mark::Starred, true) => ("star", "star star-on", texts.star, "★"),
        (Mark::Starred, false) => ("star", "star", texts.star, "☆"),
        (Mark::Read, true) => ("read", "read read-on", texts.read, "●"),
        (Mark::Read, false) => ("read", "read", texts.read, "○"),
    };
    let onclick = {
        let (state, slug) = (state.clone(), slug.to_string());
        Callback::from(move |_: MouseEvent| toggle(&state, mark, &slug))
    };
    html! {
        <button type="button" class={classes!("folio-mark", format!("folio-mark-{kind}"))} {part}
            aria-pressed={if pressed { "true" } else { "false" }} aria-label={label} title={label} {onclick}>
            <span aria-hidden="true">{ icon }</span>
        </button>
    }
}
