//! Marks in an article's body what the search the reader came from matched.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::web::hooks::use_effect_on;

use super::use_scope;
use crate::query::Filter;
use crate::search::Query;
use crate::web::on_demand;
use crate::web::state::StateHandle;

/// Once the body of `slug` is there (`ready`), marks the matches of the remembered list's
/// search in it.
#[hook]
pub fn use_search_marks(state: &StateHandle, slug: &str, ready: bool) {
    let scope = use_scope();
    let query = &state.list.query;
    // The search engine is loaded when the list searched.
    let engine = on_demand::search_engine();
    let terms = state
        .catalog()
        .filter(|c| c.searches(&Filter::text(query.q.clone())))
        .zip(engine)
        .map(|(_, engine)| (engine.parse_typing)(&query.q));
    use_effect_on(
        (slug.to_string(), ready, terms),
        move |(_, ready, terms)| {
            if let (true, Some(terms)) = (ready, terms) {
                if let Some(root) = scope.find(".folio-body") {
                    if let Some(engine) = engine {
                        mark_matches(&root, terms, engine.marks);
                    }
                }
            }
        },
    );
}

/// Wraps each match of `terms` in the text under `root` in a `<mark>` (matches that span
/// elements are not marked).
fn mark_matches(
    root: &web_sys::HtmlElement,
    terms: &Query,
    marks: fn(&str, &Query) -> Vec<std::ops::Range<usize>>,
) {
    let document = crate::web::document();
    let Ok(walker) = document.create_tree_walker_with_what_to_show(root, 4 /* SHOW_TEXT */) else {
        return;
    };
    let mut nodes = Vec::new();
    while let Ok(Some(node)) = walker.next_node() {
        nodes.push(node);
    }
    for node in nodes {
        let Ok(text) = node.dyn_into::<web_sys::Text>() else {
            continue;
        };
        let content = text.data();
        let found = marks(&content, terms);
        // From the end, so earlier offsets stay valid; offsets are in UTF-16 units.
        for r in found.iter().rev() {
            let start = content[..r.start].encode_utf16().count() as u32;
            let len = content[r.clone()].encode_utf16().count() as u32;
            let Ok(middle) = text.split_text(start) else {
                continue;
            };
            let _ = middle.split_text(len);
            let (Some(parent), Ok(mark)) = (middle.parent_node(), document.create_element("mark"))
            else {
                continue;
            };
            mark.set_class_name("folio-hit");
            if parent.replace_child(&mark, &middle).is_ok() {
                let _ = mark.append_child(&middle);
            }
        }
    }
}
