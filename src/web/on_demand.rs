//! Features loaded on demand: what the first list does not need (the article page and the
//! not-found page, the search engine, the reader of the bundle's files the first list does not
//! read with the facet panel the first screen draws only the place of, the compact widget only
//! embeds show), kept out of the app shell's WASM and fetched as a chunk the first time
//! they are used. Each is a split point of wasm-split
//! (`#[wasm_split]`: the post-build hook, `scripts/split-wasm.mjs`, cuts what only it reaches
//! into a chunk of its own, loaded when it is first called). A split function hands back the
//! feature's view (or its functions) as plain functions, kept here once loaded, so every later
//! render calls them at once.
//!
//! Under `cargo test` nothing is split (the test runner knows no chunks): the same functions
//! then answer at once.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::ops::Range;
use std::rc::Rc;
use std::thread::LocalKey;

use yew::prelude::*;

use super::catalog::{Catalog, HeadHits};
use super::components::compact::{CompactList, CompactListProps};
use super::components::facets::{facets_to_come, FacetPanel, FacetPanelProps};
use super::hooks::use_viewer_state;
use super::i18n::Lang;
use super::pages::article::ArticlePage;
use super::pages::not_found::NotFound;
use super::router::Route;
use super::store::{self, File, Needs, Want};
use crate::query::{FacetCounts, Filter};
use crate::search::snippet::{html_text, marks, segments, snippet};
use crate::search::Loaded;
use crate::search::{FieldFilter, Query};

/// A page other than the list, given its route: the article page, or the page for an address
/// that names nothing (which the article page shows too, for a slug the bundle lacks).
type PageView = fn(&Route) -> Html;

/// Why a chunk did not load (wasm-split's own error says no more).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChunkFailed;

/// The articles matching a filter (with its facets or not), best first.
pub type HitsFn = fn(&Catalog, &Filter, bool, &mut Needs) -> Option<Rc<Vec<u32>>>;
/// A body's text (given its HTML) around a query's first match, cut into unmarked and marked
/// parts.
pub type SnippetFn = fn(&str, &Query) -> Option<Vec<(String, bool)>>;
/// A text cut into unmarked and marked parts at its matches.
pub type SegmentsFn = fn(&str, &[Range<usize>]) -> Vec<(String, bool)>;

/// Search, and what reads a query: parsed (its terms, its fields), answered from the index
/// (with the list text of a bundle without one), its matches found in a text, and a filtered
/// view's facet counts. Everything here
/// runs only for a list with a query or a filter, so its code (the tokenizer, the engine, the
/// Unicode tables behind lowercasing) is a chunk of its own: a blank text has no term and no
/// field, which the app knows without it ([`Catalog::has_text`]).
#[derive(Clone, Copy)]
pub struct SearchEngine {
    /// [`Filter::has_text`].
    pub has_text: fn(&Filter) -> bool,
    /// The search box's fields (`author:`…) in a query.
    pub fields: fn(&str) -> Vec<FieldFilter>,
    pub parse: fn(&str) -> Query,
    pub parse_typing: fn(&str) -> Query,
    /// [`Catalog::hits`].
    pub hits: HitsFn,
    /// [`Catalog::comes_newest_first`].
    pub comes_newest_first: fn(&Catalog, &Filter) -> bool,
    /// [`Catalog::first_hits`].
    pub first_hits: fn(&Catalog, &Filter, &mut Needs) -> Option<Vec<u32>>,
    /// [`Catalog::head_hits`].
    pub head_hits: fn(&Catalog, &Filter, &mut Needs) -> HeadHits,
    /// [`Catalog::count_afresh`].
    pub counts: fn(&Catalog, Filter, &mut Needs) -> Option<Rc<FacetCounts>>,
    pub marks: fn(&str, &Query) -> Vec<Range<usize>>,
    /// [`segments`]: a row's title or excerpt with its matches marked.
    pub segments: SegmentsFn,
    pub snippet: SnippetFn,
}

/// What the split function `$chunk` hands back, once its chunk is loaded: under `cargo test`,
/// where nothing is split, the function itself answers at once.
macro_rules! loaded {
    ($chunk:ident) => {{
        #[cfg(not(test))]
        let loaded = $chunk().await;
        #[cfg(test)]
        let loaded = $chunk();
        loaded
    }};
}

#[cfg_attr(not(test), wasm_split_helpers::wasm_split(search, fallible))]
fn search_chunk() -> Result<SearchEngine, wasm_split_helpers::SplitLoaderError> {
    Ok(SearchEngine {
        has_text: Filter::has_text,
        fields: |q| Query::parse(q).fields,
        parse: Query::parse,
        parse_typing: Query::parse_typing,
        hits: Catalog::hits,
        comes_newest_first: Catalog::comes_newest_first,
        first_hits: Catalog::first_hits,
        head_hits: Catalog::head_hits,
        counts: Catalog::count_afresh,
        marks,
        segments,
        snippet: |html, query| snippet(&html_text(html), query),
    })
}

/// The search engine, loaded the first time a view searches or filters (the store wants it
/// as it wants the index's files: [`super::store::Store::search_engine`]).
pub async fn load_search() -> Result<SearchEngine, String> {
    let engine = loaded!(search_chunk);
    let engine = engine
        .map_err(|_| "could not load the search engine (a chunk of the app's WASM)".to_string())?;
    SEARCH.set(Some(engine));
    Ok(engine)
}

/// Starts loading the search engine's chunk (for an address that searches or filters, before
/// the view's first render asks for it); a failure is met again, and said, by that view's load.
pub fn preload_search() {
    wasm_bindgen_futures::spawn_local(async {
        let _ = load_search().await;
    });
}

/// The search engine, if it is loaded: what draws a list's rows and an article reads a query
/// with it, once the list has loaded it.
pub fn search_engine() -> Option<SearchEngine> {
    SEARCH.get()
}

/// Reads a fetched file the first list does not read ([`store::read_later`]).
pub type ReadFn = fn(&Want, Vec<u8>, &RefCell<Loaded>) -> Result<File, String>;

/// The facet panel, given its props.
type FacetPanelView = fn(&FacetPanelProps) -> Html;

/// What the reader's chunk holds: what comes once the first screen is painted, and no earlier.
#[derive(Clone, Copy)]
struct Later {
    read: ReadFn,
    /// The facet panel: the first screen draws only its place ([`facets_to_come`]), and what
    /// the reader does with it (a "more", a filter's counts) reads the files this chunk reads.
    facet_panel: FacetPanelView,
}

#[cfg_attr(not(test), wasm_split_helpers::wasm_split(reader, fallible))]
fn reader_chunk() -> Result<Later, wasm_split_helpers::SplitLoaderError> {
    Ok(Later {
        read: store::read_later,
        facet_panel: |props| html! { <FacetPanel ..props.clone() /> },
    })
}

async fn load_later() -> Result<Later, ChunkFailed> {
    let later = loaded!(reader_chunk);
    let later = later.map_err(|_| ChunkFailed)?;
    READER.set(Some(later));
    Ok(later)
}

/// The reader of the files the first list does not read (an article's body, a facet's later
/// pages, the lookup, the columns, the search index): miniserde's code for their types and the
/// index's parsing, loaded once the first screen is painted or with the first such file.
pub async fn load_reader() -> Result<ReadFn, String> {
    let later = load_later().await.map_err(|_| {
        "could not load the bundle's file reader (a chunk of the app's WASM)".to_string()
    })?;
    Ok(later.read)
}

/// The reader, if its chunk is loaded: a file that arrives after it is read at once.
pub fn reader() -> Option<ReadFn> {
    READER.get().map(|later| later.read)
}

/// Starts loading the reader's chunk (once the list's first screen is painted, and beside the
/// first file that needs it, in case it failed then).
pub fn preload_reader() {
    wasm_bindgen_futures::spawn_local(async {
        // A failure is met again, and said, by the file's own load.
        let _ = load_reader().await;
    });
}

/// The compact widget, given its props.
type CompactView = fn(&CompactListProps) -> Html;

#[cfg_attr(not(test), wasm_split_helpers::wasm_split(compact, fallible))]
fn compact_chunk() -> Result<CompactView, wasm_split_helpers::SplitLoaderError> {
    Ok(
        |props| html! { <CompactList limit={props.limit} href={props.href.clone()} param={props.param.clone()} /> },
    )
}

async fn load_compact() -> Result<CompactView, ChunkFailed> {
    let view = loaded!(compact_chunk);
    view.map_err(|_| ChunkFailed)
}

#[cfg_attr(not(test), wasm_split_helpers::wasm_split(article, fallible))]
fn article_chunk() -> Result<PageView, wasm_split_helpers::SplitLoaderError> {
    Ok(|route| match route {
        Route::Article { slug } => html! { <ArticlePage slug={slug.clone()} /> },
        _ => html! { <NotFound /> },
    })
}

async fn load_article() -> Result<PageView, ChunkFailed> {
    let view = loaded!(article_chunk);
    view.map_err(|_| ChunkFailed)
}

/// Loads the article page's chunk now, if it is not loaded yet (once the list's first screen is
/// painted: [`super::pages::list`]); a failure is left for the article page to meet and retry.
pub fn preload_article() {
    if ARTICLE.get().is_none() {
        wasm_bindgen_futures::spawn_local(async {
            if let Ok(view) = load_article().await {
                ARTICLE.set(Some(view));
            }
        });
    }
}

thread_local! {
    static ARTICLE: Cell<Option<PageView>> = const { Cell::new(None) };
    static COMPACT: Cell<Option<CompactView>> = const { Cell::new(None) };
    static READER: Cell<Option<Later>> = const { Cell::new(None) };
    static SEARCH: Cell<Option<SearchEngine>> = const { Cell::new(None) };
}

/// Where a view loaded on demand stands.
enum Chunk<V> {
    Loaded(V),
    /// Its chunk did not load: a retry.
    Failed(Callback<MouseEvent>),
    Loading,
}

/// A view kept in `kept` once loaded, loading it with `load` (again on retry) until then.
#[hook]
fn use_chunk<V, F>(kept: &'static LocalKey<Cell<Option<V>>>, load: fn() -> F) -> Chunk<V>
where
    V: Copy + 'static,
    F: Future<Output = Result<V, ChunkFailed>> + 'static,
{
    let loaded = kept.get();
    let redraw = use_force_update();
    let failed = use_state(|| false);
    let attempt = use_state(u32::default);
    {
        let failed = failed.clone();
        use_effect_with(*attempt, move |_| {
            if loaded.is_none() {
                wasm_bindgen_futures::spawn_local(async move {
                    match load().await {
                        Ok(view) => {
                            kept.set(Some(view));
                            redraw.force_update();
                        }
                        Err(ChunkFailed) => failed.set(true),
                    }
                });
            }
        });
    }
    match loaded {
        Some(view) => Chunk::Loaded(view),
        None if *failed => Chunk::Failed(Callback::from(move |_| {
            failed.set(false);
            attempt.set(*attempt + 1);
        })),
        None => Chunk::Loading,
    }
}

/// What the reader is told when a view's chunk did not load: `why`, and a retry.
fn chunk_failed(lang: Lang, why: &'static str, onretry: Callback<MouseEvent>) -> Html {
    let texts = lang.texts();
    html! {
        <div class="folio-error" role="alert">
            <p>{ texts.body_failed }<span class="folio-error-detail">{ why }</span></p>
            <button type="button" onclick={onretry}>{ texts.retry }</button>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct PageRouteProps {
    pub route: Route,
}

/// A page other than the list (the article page, the not-found page), once the article page's
/// chunk is loaded (nothing shows before: the load takes a round trip, and the list it replaces
/// is gone already); if the chunk fails, why, and a retry.
#[function_component]
pub fn PageRoute(props: &PageRouteProps) -> Html {
    let lang = use_viewer_state().map(|s| s.lang).unwrap_or_default();
    match use_chunk(&ARTICLE, load_article) {
        Chunk::Loaded(view) => view(&props.route),
        Chunk::Failed(onretry) => chunk_failed(lang, ARTICLE_FAILED, onretry),
        Chunk::Loading => html! {},
    }
}

/// The compact widget (only embeds show it), once its chunk is loaded: it is asked for when
/// the widget starts, beside the bundle's entry, which the widget waits for anyway.
#[function_component]
pub fn CompactRoute(props: &CompactListProps) -> Html {
    let lang = use_viewer_state().map(|s| s.lang).unwrap_or_default();
    match use_chunk(&COMPACT, load_compact) {
        Chunk::Loaded(view) => view(props),
        Chunk::Failed(onretry) => chunk_failed(lang, COMPACT_FAILED, onretry),
        Chunk::Loading => html! {},
    }
}

/// The facet panel, once the reader's chunk is loaded (it is asked for once the first screen is
/// painted, which is when the list draws the panel); until then the place the first screen
/// drew for it.
#[function_component]
pub fn FacetsRoute(props: &FacetPanelProps) -> Html {
    match use_chunk(&READER, load_later) {
        Chunk::Loaded(later) => (later.facet_panel)(props),
        Chunk::Failed(onretry) => chunk_failed(props.lang, READER_FAILED, onretry),
        Chunk::Loading => facets_to_come(props.lang),
    }
}

/// What the reader is told when the reader's chunk (with the facet panel) did not load.
const READER_FAILED: &str = "could not load the facet panel (a chunk of the app's WASM)";
/// What the reader is told when the article page's chunk did not load.
const ARTICLE_FAILED: &str = "could not load the article page (a chunk of the app's WASM)";
/// What the reader is told when the compact widget's chunk did not load.
const COMPACT_FAILED: &str = "could not load the compact list (a chunk of the app's WASM)";
