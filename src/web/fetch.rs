//! The data edge: fetches the entry and the bundle's other files, relative to the page, or reads
//! them from the bundle inlined in the page by `folio pack` (a `<script type="application/json"
//! id="folio-data">` holding `{"entry": …, "files": {"<path>": "<JSON text or base64>"}}`),
//! which is how the single-file viewer works from `file://`.

use std::cell::OnceCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::model::{
    split_range, ByteRange, Entry, InlineBundle, ENTRY_FILE, FORMAT_VERSION, INLINE_DATA_ID,
};

/// A file that carries its format version.
#[derive(miniserde::Deserialize)]
struct Versioned {
    version: u32,
}

/// Reads a bundle file (see [`crate::model`] for why miniserde). miniserde's error says nothing
/// about where, so on failure this asks the browser's JSON parser, which names the place of a
/// syntax error, and otherwise says whether the file is of another format version.
pub fn read_json<T: miniserde::Deserialize>(text: &str) -> Result<T, String> {
    miniserde::json::from_str(text).map_err(|_| unreadable(text))
}

/// Why `text` does not read as a bundle file. Apart from [`read_json`], which is instantiated
/// for every type the app reads, so that the WASM holds this once.
#[inline(never)]
fn unreadable(text: &str) -> String {
    if let Err(e) = js_sys::JSON::parse(text) {
        return format!("it is not valid JSON ({})", said(e));
    }
    match miniserde::json::from_str::<Versioned>(text) {
        Ok(v) if v.version != FORMAT_VERSION => format!(
            "it has format version {}, this viewer reads version {FORMAT_VERSION}",
            v.version
        ),
        _ => format!(
            "it is JSON, but not of format version {FORMAT_VERSION} (a field is missing or of \
             another type)"
        ),
    }
}

/// Why the entry could not be read.
#[derive(Debug, Clone, PartialEq)]
pub enum EntryError {
    /// The bundle is of this other format version: it must be bundled again.
    Version(u32),
    /// Anything else, said in a sentence.
    Other(String),
}

thread_local! {
    static INLINE: OnceCell<Option<Result<Rc<InlineBundle>, String>>> = const { OnceCell::new() };
}

/// The inlined bundle, read once; `None` when the page has none.
fn inline() -> Option<Result<Rc<InlineBundle>, String>> {
    INLINE.with(|cell| {
        cell.get_or_init(|| {
            let text = super::document()
                .get_element_by_id(INLINE_DATA_ID)?
                .text_content()?;
            Some(
                miniserde::json::from_str::<InlineBundle>(&text)
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

/// Fetches `url`, or the byte `range` of it (an HTTP range request; a host that does not answer
/// them sends the whole file, `200`, which the reader of a range reads the same way); a failure
/// names the URL and says why (`could not fetch …: HTTP 404`).
async fn response(url: &str, range: Option<ByteRange>) -> Result<web_sys::Response, String> {
    let window = web_sys::window().ok_or_else(|| format!("could not fetch {url}: no window"))?;
    let request = match range {
        None => asked_early(&window, url).unwrap_or_else(|| window.fetch_with_str(url)),
        Some(ByteRange { offset, length }) => {
            let last = u64::from(offset) + u64::from(length.max(1)) - 1;
            let headers = js_sys::Object::new();
            let init = js_sys::Object::new();
            let range = wasm_bindgen::JsValue::from(format!("bytes={offset}-{last}"));
            js_sys::Reflect::set(&headers, &"Range".into(), &range)
                .and_then(|_| js_sys::Reflect::set(&init, &"headers".into(), &headers))
                .map_err(|e| format!("could not fetch {url}: {}", said(e)))?;
            window.fetch_with_str_and_init(url, init.unchecked_ref())
        }
    };
    let response: web_sys::Response = JsFuture::from(request)
        .await
        .map_err(|e| format!("could not fetch {url}: {}", said(e)))?
        .unchecked_into();
    if !response.ok() {
        return Err(format!("could not fetch {url}: HTTP {}", response.status()));
    }
    Ok(response)
}

/// The response to `url` that the page's first script (`static/first.js`) asked for before the
/// app started, if it did: the promise it left under that URL in `self.folioFirst`, taken once
/// (a later fetch of the same URL, such as a reload of the entry, asks the network again).
fn asked_early(window: &web_sys::Window, url: &str) -> Option<js_sys::Promise> {
    let early = early_responses(window)?;
    let key = wasm_bindgen::JsValue::from_str(url);
    let response = early.get(&key).dyn_into().ok()?;
    early.delete(&key);
    Some(response)
}

/// Waits until the response to the bundle's file at `path` that the page's first script asked
/// for early has come (or failed), leaving it for the app to take; at once if it asked for none.
pub async fn early_settled(base: &str, path: &str) {
    let early = web_sys::window().and_then(|w| early_responses(&w));
    let response = early.and_then(|e| {
        e.get(&format!("{base}{path}").into())
            .dyn_into::<js_sys::Promise>()
            .ok()
    });
    if let Some(response) = response {
        let _ = JsFuture::from(response).await;
    }
}

/// Whether the page's first script asked for the bundle's file at `path` early, and the app has
/// not taken it yet ([`asked_early`]).
pub fn is_asked_early(base: &str, path: &str) -> bool {
    let early = web_sys::window().and_then(|w| early_responses(&w));
    early.is_some_and(|e| e.has(&format!("{base}{path}").into()))
}

/// The responses the page's first script left, by URL (`self.folioFirst`), if it ran.
fn early_responses(window: &web_sys::Window) -> Option<js_sys::Map> {
    js_sys::Reflect::get(window, &"folioFirst".into())
        .ok()?
        .dyn_into()
        .ok()
}

/// Fetches a file's bytes, or a byte range of them (or the whole file: see [`response`]).
async fn bytes(url: &str, range: Option<ByteRange>) -> Result<Vec<u8>, String> {
    let response = response(url, range).await?;
    let unreadable = |e| format!("could not read {url}: {}", said(e));
    let buffer = JsFuture::from(response.array_buffer().map_err(unreadable)?)
        .await
        .map_err(unreadable)?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// The URL of the post asset at `path` (`m/3f/3f09a4c1d2e5b687.png`) of the bundle at `base`:
/// in a packed page, a `data:` URL of its inlined bytes.
pub fn asset_url(base: &str, path: &str) -> String {
    if let Some(Ok(inline)) = inline() {
        let content = inline.files.get(path).map_or("", String::as_str);
        let extension = path.rsplit_once('.').map_or("", |(_, e)| e);
        let mime = match extension {
            "png" | "gif" | "webp" | "avif" | "bmp" | "tiff" => format!("image/{extension}"),
            "jpg" | "jpeg" => "image/jpeg".to_string(),
            "ico" => "image/x-icon".to_string(),
            "pdf" => "application/pdf".to_string(),
            "mp4" | "webm" => format!("video/{extension}"),
            "mp3" => "audio/mpeg".to_string(),
            "txt" => "text/plain".to_string(),
            _ => "application/octet-stream".to_string(),
        };
        return format!("data:{mime};base64,{content}");
    }
    format!("{base}{path}")
}

/// An image URL of a row or body (`thumb`, `head`): a post asset's made to work from the page
/// ([`asset_url`]), any other as it is.
pub fn image_url(url: &str, base: &str) -> String {
    if crate::model::is_asset_path(url) {
        asset_url(base, url)
    } else {
        url.to_string()
    }
}

/// A body's HTML with its post assets' URLs (`src="m/…"`, `href="m/…"`, as the bundler
/// writes them, relative to the bundle) made to work from the page: relative to the bundle
/// at `base`, wherever the page or the bundle is, or inlined in a packed page.
pub fn with_asset_urls(html: &str, base: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find("=\"m/") {
        let (before, after) = rest.split_at(at + 2);
        out.push_str(before);
        let end = after.find('"').unwrap_or(after.len());
        let path = &after[..end];
        let attribute = before.ends_with(" src=\"") || before.ends_with(" href=\"");
        if attribute && crate::model::is_asset_path(path) {
            out.push_str(&asset_url(base, path));
        } else {
            out.push_str(path);
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// Fetches `<base>index.json`, the entry, checking its format version first: a bundle of
/// another version is told apart from a broken one.
pub async fn entry(base: &str) -> Result<Entry, EntryError> {
    if let Some(inline) = inline() {
        return inline.map(|i| i.entry.clone()).map_err(EntryError::Other);
    }
    let url = format!("{base}{ENTRY_FILE}");
    let bytes = bytes(&url, None).await.map_err(EntryError::Other)?;
    let text = String::from_utf8_lossy(&bytes);
    match miniserde::json::from_str::<Versioned>(&text) {
        Ok(v) if v.version != FORMAT_VERSION => Err(EntryError::Version(v.version)),
        _ => read_json(&text)
            .map_err(|e| EntryError::Other(format!("{url} is not a valid bundle file: {e}"))),
    }
}

/// Fetches the file at `path` inside the bundle at `base`: its bytes (a JSON file's as text).
/// For a byte range of a file ([`crate::model::range_path`]): the range's bytes, or the whole
/// file's where the host or the inlined bundle gives it whole.
pub async fn file(base: &str, path: &str) -> Result<Vec<u8>, String> {
    let (path, range) = split_range(path);
    let Some(inline) = inline() else {
        // A bundle on another origin (an embed's `src`) is asked for whole: a host that
        // answers its CORS requests may not allow a `Range` header.
        let range = range.filter(|_| same_origin(base));
        return bytes(&format!("{base}{path}"), range).await;
    };
    let inline = inline?;
    let text = inline
        .files
        .get(path)
        .ok_or_else(|| format!("{path} is missing from the inlined bundle"))?;
    if path.ends_with(".json") {
        return Ok(text.clone().into_bytes());
    }
    // `atob` gives one character per byte.
    let window = web_sys::window().ok_or("no window")?;
    let decoded = window
        .atob(text)
        .map_err(|_| format!("{path} is not valid base64"))?;
    Ok(decoded.chars().map(|c| c as u8).collect())
}

/// Whether the bundle at `base` is on the page's own origin (a relative `base` is).
fn same_origin(base: &str) -> bool {
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return false;
    };
    match (web_sys::Url::new(base), location.origin()) {
        (Ok(url), Ok(origin)) => url.origin() == origin,
        (Err(_), _) => true,
        _ => false,
    }
}

/// A bundle file's text read as `T`, or why not (naming `path`).
pub fn parse<T: miniserde::Deserialize>(path: &str, bytes: &[u8]) -> Result<T, String> {
    let text = std::str::from_utf8(bytes).map_err(|e| not_a_bundle_file(path, e.to_string()))?;
    read_json(text).map_err(|e| not_a_bundle_file(path, e))
}

#[inline(never)]
fn not_a_bundle_file(path: &str, why: String) -> String {
    format!("{path} is not a valid bundle file: {why}")
}
