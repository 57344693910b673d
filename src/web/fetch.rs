//! The data edge: fetches the index and article bodies, relative to the page, or reads them from
//! the bundle inlined in the page by `folio pack` (a `<script type="application/json"
//! id="folio-data">`), which is how the single-file viewer works from `file://`.

use std::cell::OnceCell;
use std::collections::HashMap;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::model::{ArticleBody, Index, FORMAT_VERSION, INDEX_FILE, INLINE_DATA_ID};

/// A bundle inlined in the page.
#[derive(miniserde::Deserialize)]
struct Inline {
    index: Index,
    files: HashMap<String, ArticleBody>,
    /// Search index files, base64.
    search: HashMap<String, String>,
}

/// Reads a bundle file (see [`crate::model`] for why miniserde). miniserde's error says nothing
/// about where, so on failure this asks the browser's JSON parser, which names the place of a
/// syntax error, and otherwise says whether the file is of another format version.
pub fn read_json<T: miniserde::Deserialize>(text: &str) -> Result<T, String> {
    #[derive(miniserde::Deserialize)]
    struct Versioned {
        version: u32,
    }
    miniserde::json::from_str(text).map_err(|_| {
        if let Err(e) = js_sys::JSON::parse(text) {
            return format!("it is not valid JSON ({})", said(e));
        }
        match miniserde::json::from_str::<Versioned>(text) {
            Ok(v) if v.version != FORMAT_VERSION => format!(
                "it has format version {}, this viewer reads version {FORMAT_VERSION}",
                v.version
            ),
            _ => format!(
                "it is JSON, but not of format version {FORMAT_VERSION} (a field is missing or \
                 of another type)"
            ),
        }
    })
}

thread_local! {
    static INLINE: OnceCell<Option<Result<Rc<Inline>, String>>> = const { OnceCell::new() };
}

/// The inlined bundle, read once; `None` when the page has none.
fn inline() -> Option<Result<Rc<Inline>, String>> {
    INLINE.with(|cell| {
        cell.get_or_init(|| {
            let text = super::document()
                .get_element_by_id(INLINE_DATA_ID)?
                .text_content()?;
            Some(
                miniserde::json::from_str::<Inline>(&text)
                    .map(Rc::new)
                    .map_err(|_| "the bundle inlined in this page is not valid".to_string()),
            )
        })
        .clone()
    })
}

/// Folder of the bundle, relative to the page, unless the embedding page names another.
pub const DATA_DIR: &str = "data/";

/// What a rejected promise says (`TypeError: Failed to fetch`).
fn said(e: wasm_bindgen::JsValue) -> String {
    String::from(e.unchecked_into::<js_sys::Object>().to_string())
}

/// Fetches `url`; a failure names the URL and says why (`could not fetch …: HTTP 404`).
async fn response(url: &str) -> Result<web_sys::Response, String> {
    let window = web_sys::window().ok_or_else(|| format!("could not fetch {url}: no window"))?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|e| format!("could not fetch {url}: {}", said(e)))?
        .unchecked_into();
    if !response.ok() {
        return Err(format!("could not fetch {url}: HTTP {}", response.status()));
    }
    Ok(response)
}

async fn get_json<T: miniserde::Deserialize>(url: &str) -> Result<T, String> {
    let response = response(url).await?;
    let invalid = |e: String| format!("{url} is not a valid bundle file: {e}");
    let text = match response.text() {
        Ok(promise) => JsFuture::from(promise)
            .await
            .map_err(|e| invalid(said(e)))?,
        Err(e) => return Err(invalid(said(e))),
    };
    read_json(&text.as_string().unwrap_or_default()).map_err(invalid)
}

/// Fetches a search index file by its path inside the bundle at `base`.
pub async fn search_file(base: &str, path: &str) -> Result<Vec<u8>, String> {
    match inline() {
        Some(inline) => {
            let encoded = inline?
                .search
                .get(path)
                .cloned()
                .ok_or_else(|| format!("{path} is missing from the inlined bundle"))?;
            // `atob` gives one character per byte.
            let window = web_sys::window().ok_or("no window")?;
            let decoded = window
                .atob(&encoded)
                .map_err(|_| format!("{path} is not valid base64"))?;
            Ok(decoded.chars().map(|c| c as u8).collect())
        }
        None => bytes(&format!("{base}{path}")).await,
    }
}

/// Fetches a file's bytes.
async fn bytes(url: &str) -> Result<Vec<u8>, String> {
    let response = response(url).await?;
    let unreadable = |e| format!("could not read {url}: {}", said(e));
    let buffer = JsFuture::from(response.array_buffer().map_err(unreadable)?)
        .await
        .map_err(unreadable)?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// Fetches `<base>index.json` and checks its format version.
pub async fn index(base: &str) -> Result<Index, String> {
    let url = format!("{base}{INDEX_FILE}");
    let index: Index = match inline() {
        Some(inline) => inline?.index.clone(),
        None => get_json(&url).await?,
    };
    if index.version != FORMAT_VERSION {
        return Err(format!(
            "{url} has format version {}, this viewer reads version {FORMAT_VERSION}",
            index.version
        ));
    }
    Ok(index)
}

/// Fetches an article body by its path inside the bundle at `base`.
pub async fn body(base: &str, path: &str) -> Result<ArticleBody, String> {
    match inline() {
        Some(inline) => inline?
            .files
            .get(path)
            .cloned()
            .ok_or_else(|| format!("{path} is missing from the inlined bundle")),
        None => get_json(&format!("{base}{path}")).await,
    }
}
