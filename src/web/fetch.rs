//! The HTTP edge: fetches the index and article bodies, relative to the page.

use gloo_net::http::Request;
use serde::de::DeserializeOwned;

use crate::model::{ArticleBody, Index, FORMAT_VERSION, INDEX_FILE};

/// Folder of the bundle, relative to the page.
pub const DATA_DIR: &str = "data/";

async fn get_json<T: DeserializeOwned>(url: &str) -> Result<T, String> {
    let response = Request::get(url)
        .send()
        .await
        .map_err(|e| format!("could not fetch {url}: {e}"))?;
    if !response.ok() {
        return Err(format!("could not fetch {url}: HTTP {}", response.status()));
    }
    response
        .json::<T>()
        .await
        .map_err(|e| format!("{url} is not a valid bundle file: {e}"))
}

/// Fetches `data/index.json` and checks its format version.
pub async fn index() -> Result<Index, String> {
    let url = format!("{DATA_DIR}{INDEX_FILE}");
    let index: Index = get_json(&url).await?;
    if index.version != FORMAT_VERSION {
        return Err(format!(
            "{url} has format version {}, this viewer reads version {FORMAT_VERSION}",
            index.version
        ));
    }
    Ok(index)
}

/// Fetches an article body by its path inside the bundle.
pub async fn body(path: &str) -> Result<ArticleBody, String> {
    get_json(&format!("{DATA_DIR}{path}")).await
}
