//! Tells the host page when a bundle file a view needs fails (`folio-error`), once per failure.

use yew::prelude::*;

use crate::web::hooks::use_effect_on;

use super::use_scope;
use crate::web::events::Detail;

/// Fires `folio-error` with `what` (`files`, `body`) when `failed` (why a file of the bundle at
/// `base` did not load, naming its URL) appears or changes. A retry can always fix it.
#[hook]
pub fn use_error_event(what: &'static str, base: &str, failed: Option<String>) {
    let scope = use_scope();
    let base = base.to_string();
    use_effect_on(failed, move |failed| {
        if let Some(message) = failed {
            scope.emit(
                "folio-error",
                Detail::new()
                    .with("what", what)
                    .with("url", base)
                    .with("message", message.as_str())
                    .with("retryable", true),
            );
        }
    });
}
