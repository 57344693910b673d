//! The shortcut help: `?` opens and closes it, `Esc` closes it, and focus moves to its close
//! button when it opens.

use yew::prelude::*;

use crate::web::hooks::use_effect_on;

use super::{is_typing, use_overlay_keydown, Scope};
use crate::web::state::{Action, StateHandle};

/// Opens and closes the help in `state` from the keyboard, for the viewer at `scope` (the root
/// calls this, and the root's scope is not yet in context).
#[hook]
pub fn use_help(state: &StateHandle, scope: &Scope) {
    let root = scope.clone();
    use_effect_on(state.help, move |open| {
        if *open {
            root.focus(".folio-help-close");
        }
    });
    let state = state.clone();
    use_overlay_keydown(
        scope,
        Callback::from(move |e: web_sys::KeyboardEvent| {
            if is_typing(&e) {
                return;
            }
            match e.key().as_str() {
                "?" => {
                    e.prevent_default();
                    state.dispatch(Action::ShowHelp(!state.help));
                }
                "Escape" if state.help => {
                    e.stop_immediate_propagation();
                    state.dispatch(Action::ShowHelp(false));
                }
                _ => {}
            }
        }),
    );
}
