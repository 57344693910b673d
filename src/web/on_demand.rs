//! Features loaded on demand: views the first list does not need, kept out of the app shell's
//! WASM and fetched as a chunk the first time they show. Each is a split point of wasm-split
//! (`#[wasm_split]`: the post-build hook, `scripts/split-wasm.mjs`, cuts what only it reaches
//! into a chunk of its own, loaded when it is first called). A split function hands back the
//! feature's view as a plain function, kept here once loaded, so every later render draws it
//! at once.
//!
//! Under `cargo test` nothing is split (the test runner knows no chunks): the same functions
//! then answer at once.

use std::cell::Cell;

use yew::prelude::*;

use super::pages::article::ArticlePage;
use crate::model::SearchRoot;
use crate::search::{search, Clause, Loaded, Outcome, Query};

/// The article page, given its slug.
type ArticleView = fn(String) -> Html;

/// Why a chunk did not load (wasm-split's own error says no more).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChunkFailed;

/// The search engine ([`search`]) over the store's index files.
pub type SearchFn = fn(&SearchRoot, &Query, &[Clause], &Loaded) -> Outcome;

#[cfg_attr(not(test), wasm_split_helpers::wasm_split(search, fallible))]
fn search_chunk() -> Result<SearchFn, wasm_split_helpers::SplitLoaderError> {
    Ok(search)
}

/// The search engine, loaded the first time a view searches (the store wants it as it wants
/// the index's files: [`super::store::Store::search_engine`]).
pub async fn search_engine() -> Result<SearchFn, String> {
    #[cfg(not(test))]
    let search = search_chunk().await;
    #[cfg(test)]
    let search = search_chunk();
    search.map_err(|_| "could not load the search engine (a chunk of the app's WASM)".to_string())
}

#[cfg_attr(not(test), wasm_split_helpers::wasm_split(article, fallible))]
fn article_chunk() -> Result<ArticleView, wasm_split_helpers::SplitLoaderError> {
    Ok(|slug| html! { <ArticlePage {slug} /> })
}

async fn load_article() -> Result<ArticleView, ChunkFailed> {
    #[cfg(not(test))]
    let view = article_chunk().await;
    #[cfg(test)]
    let view = article_chunk();
    view.map_err(|_| ChunkFailed)
}

thread_local! {
    static ARTICLE: Cell<Option<ArticleView>> = const { Cell::new(None) };
}

#[derive(Properties, PartialEq)]
pub struct ArticleRouteProps {
    pub slug: String,
}

/// The article page, once its chunk is loaded (nothing shows before: the load takes a round
/// trip, and the list it replaces is gone already).
#[function_component]
pub fn ArticleRoute(props: &ArticleRouteProps) -> Html {
    let loaded = ARTICLE.get();
    let redraw = use_force_update();
    use_effect_with((), move |_| {
        if loaded.is_none() {
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(view) = load_article().await {
                    ARTICLE.set(Some(view));
                    redraw.force_update();
                }
            });
        }
    });
    match loaded {
        Some(view) => view(props.slug.clone()),
        None => html! {},
    }
}
