//! An article's table of contents: its body's headings, read from the page once the body
//! shows, and which one the reader is in, following the scroll. The bundler gives Markdown
//! headings an id; a heading of an HTML article without one gets `folio-h-<n>` here, which no
//! sanitized id can be (they all start `a-`).

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::web::hooks::use_effect_on;

use super::{use_scope, use_scroll};

/// Fewer headings than this get no table of contents.
pub const MIN_HEADINGS: usize = 3;

/// A heading of the body.
#[derive(Debug, Clone, PartialEq)]
pub struct Heading {
    pub id: String,
    pub text: String,
    /// 1 for the body's highest level, 2 for the one below, …
    pub depth: u8,
}

/// The headings and the one being read.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Contents {
    pub headings: Vec<Heading>,
    /// The index of the last heading above the reading line.
    pub current: Option<usize>,
}

/// The headings of the body shown for `slug` (once `shown`), and where the reader is.
#[hook]
pub fn use_contents(slug: &str, shown: bool) -> Contents {
    let scope = use_scope();
    let headings = use_state(Vec::<Heading>::new);
    let current = use_state(Option::<usize>::default);
    {
        let (scope, headings, current) = (scope.clone(), headings.clone(), current.clone());
        use_effect_on((slug.to_string(), shown), move |_| {
            headings.set(read_headings(&scope));
            current.set(None);
        });
    }
    {
        let (scope, current, count) = (scope.clone(), current.clone(), headings.len());
        use_scroll(Callback::from(move |()| {
            let at = reading_position(&scope, count);
            if at != *current {
                current.set(at);
            }
        }));
    }
    Contents {
        headings: (*headings).clone(),
        current: *current,
    }
}

fn body_headings(scope: &Scope) -> Vec<web_sys::Element> {
    let Some(body) = scope.find(".folio-body") else {
        return Vec::new();
    };
    let Ok(list) = body.query_selector_all("h1,h2,h3,h4") else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.get(i)?.dyn_into::<web_sys::Element>().ok())
        .enumerate()
        .map(|(i, e)| {
            if e.id().is_empty() {
                e.set_id(&format!("folio-h-{i}"));
            }
            e
        })
        .collect()
}

use super::Scope;

fn read_headings(scope: &Scope) -> Vec<Heading> {
    let elements = body_headings(scope);
    let level = |e: &web_sys::Element| e.tag_name().as_bytes().get(1).map_or(2, |b| b - b'0');
    let top = elements.iter().map(level).min().unwrap_or(1);
    elements
        .iter()
        .map(|e| Heading {
            id: e.id(),
            text: e.text_content().unwrap_or_default().trim().to_string(),
            depth: level(e) - top + 1,
        })
        .filter(|h| !h.text.is_empty())
        .collect()
}

/// The last of the body's headings whose top is above a line a quarter down the window.
fn reading_position(scope: &Scope, count: usize) -> Option<usize> {
    if count < MIN_HEADINGS {
        return None;
    }
    let line = web_sys::window()?.inner_height().ok()?.as_f64()? / 4.0;
    body_headings(scope)
        .iter()
        .take_while(|e| e.get_bounding_client_rect().top() <= line)
        .count()
        .checked_sub(1)
}
