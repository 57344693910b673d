//! The text typed into the filter: the list answers it at once, and it reaches the URL once
//! typing pauses.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use yew::prelude::*;

use crate::web::hooks::use_effect_on;

use crate::query::ListQuery;
use crate::web::router::Navigator;

/// How long typing must pause before the filter text is written to the URL.
const URL_DELAY_MS: u64 = 300;

/// Text typed but not yet in the URL.
#[derive(Clone)]
pub struct TypedText {
    draft: UseStateHandle<Option<String>>,
    /// Bumped by every keystroke, by a filter chosen meanwhile and by leaving the page: a
    /// delayed write happens only if nothing bumped it since.
    pending: Rc<RefCell<u32>>,
    navigator: Navigator,
}

impl TypedText {
    /// `query` with the text typed since it was written to the URL.
    pub fn apply(&self, query: ListQuery) -> ListQuery {
        match &*self.draft {
            Some(text) => ListQuery {
                q: text.clone(),
                ..query
            },
            None => query,
        }
    }

    /// Shows `query`'s text at once and writes `query` to the URL (replacing the entry) when
    /// typing pauses: `history.replaceState` costs milliseconds, too many for every keystroke.
    pub fn typed(&self, query: ListQuery) {
        self.draft.set(Some(query.q.clone()));
        let ticket = {
            let mut pending = self.pending.borrow_mut();
            *pending += 1;
            *pending
        };
        let (navigator, pending) = (self.navigator.clone(), self.pending.clone());
        wasm_bindgen_futures::spawn_local(async move {
            yew::platform::time::sleep(Duration::from_millis(URL_DELAY_MS)).await;
            if *pending.borrow() == ticket {
                navigator.go_to_list(&query, false);
            }
        });
    }

    /// Drops the URL write still waiting, if any.
    pub fn cancel(&self) {
        *self.pending.borrow_mut() += 1;
    }
}

/// The typed text of a list whose URL has `url_text`; a new `url_text` (the delayed write, or
/// back and forward) replaces the draft.
#[hook]
pub fn use_typed_text(url_text: &str, navigator: &Navigator) -> TypedText {
    let draft = use_state(Option::<String>::default);
    let pending = use_mut_ref(u32::default);
    {
        let draft = draft.clone();
        use_effect_on(url_text.to_string(), move |_| draft.set(None));
    }
    {
        let pending = pending.clone();
        use_effect_on((), move |_| move || *pending.borrow_mut() += 1);
    }
    TypedText {
        draft,
        pending,
        navigator: navigator.clone(),
    }
}
