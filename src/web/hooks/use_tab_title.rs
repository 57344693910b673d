//! The tab's title: what the page shows, then the site's title (`Rust 入门 — My archive`); the
//! site's title alone on the plain list. An embedded viewer leaves the host's title alone.

use yew::prelude::*;

use crate::web::hooks::use_effect_on;

use super::use_scope;
use crate::web::state::StateHandle;

/// The site's title: the bundle's, else `Folio`.
pub fn site_title(state: &StateHandle) -> String {
    state
        .catalog()
        .and_then(|c| c.entry.title.clone())
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| "Folio".to_string())
}

/// Sets the tab's title to `what` (if any) and the site's title.
#[hook]
pub fn use_tab_title(state: &StateHandle, what: Option<String>) {
    let scope = use_scope();
    let site = site_title(state);
    use_effect_on((what, site, scope.embedded), |(what, site, embedded)| {
        if !*embedded {
            let title = match what {
                Some(what) if !what.is_empty() => format!("{what} — {site}"),
                _ => site.clone(),
            };
            crate::web::document().set_title(&title);
        }
    });
}
