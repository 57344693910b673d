//! `folio pack`: one self-contained HTML file (app, styles and data inlined) that works when
//! opened from `file://` with no server.
//!
//! Takes a built `dist/` (Trunk's output) and a bundle folder; writes one HTML file. The WASM is
//! inlined as base64 and instantiated from bytes; the JS glue is imported from a `blob:` URL;
//! the bundle goes into a `<script type="application/json" id="folio-data">` that the app reads
//! instead of fetching (see `web::fetch`). Every file of the bundle is inlined, so this suits
//! archives up to a few thousand articles (a page of tens of megabytes); larger ones should be
//! served.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use base64::Engine as _;

use crate::model::INLINE_DATA_ID;

/// What went into the file.
#[derive(Debug)]
pub struct Packed {
    pub out: PathBuf,
    pub bytes: usize,
    pub articles: usize,
}

fn find(dist: &Path, pick: impl Fn(&str) -> bool) -> anyhow::Result<PathBuf> {
    let mut found: Vec<PathBuf> = fs::read_dir(dist)
        .with_context(|| format!("reading {}", dist.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(&pick))
        .collect();
    found.sort();
    match found.len() {
        1 => Ok(found.remove(0)),
        0 => bail!(
            "{} has no such file; run `make build` first",
            dist.display()
        ),
        _ => bail!(
            "{} holds more than one build ({:?}); run `make build` again",
            dist.display(),
            found
        ),
    }
}

/// Makes `text` safe inside a `<script>` element.
fn script_safe(text: &str) -> String {
    text.replace("</", "<\\/").replace("<!--", "<\\!--")
}

/// Writes the single-file viewer to `out`.
pub fn pack(dist: &Path, data: &Path, out: &Path) -> anyhow::Result<Packed> {
    let wasm_path = find(dist, |n| {
        n.starts_with("folio-web-") && n.ends_with("_bg.wasm")
    })?;
    let glue_path = find(dist, |n| n.starts_with("folio-web-") && n.ends_with(".js"))?;
    let wasm = fs::read(&wasm_path).with_context(|| format!("reading {}", wasm_path.display()))?;
    let glue = fs::read_to_string(&glue_path)
        .with_context(|| format!("reading {}", glue_path.display()))?;
    let mut css = String::new();
    for prefix in ["page-", "folio-"] {
        let path = find(dist, |n| n.starts_with(prefix) && n.ends_with(".css"))?;
        css.push_str(&fs::read_to_string(&path)?);
        css.push('\n');
    }

    let index_path = data.join(crate::model::INDEX_FILE);
    let index = fs::read_to_string(&index_path)
        .with_context(|| format!("reading {}; bundle first", index_path.display()))?;
    let parsed: crate::model::Index = serde_json::from_str(&index)
        .with_context(|| format!("{} is not a bundle index", index_path.display()))?;
    let mut files = String::new();
    for (i, article) in parsed.articles.iter().enumerate() {
        let body = fs::read_to_string(data.join(&article.body))
            .with_context(|| format!("reading {}", article.body))?;
        if i > 0 {
            files.push(',');
        }
        files.push_str(&serde_json::to_string(&article.body)?);
        files.push(':');
        files.push_str(body.trim());
    }
    // The whole search index, base64 in JSON strings.
    let mut search = serde_json::Map::new();
    if let Some(manifest_path) = &parsed.search {
        let manifest_bytes = fs::read(data.join(manifest_path))
            .with_context(|| format!("reading {manifest_path}"))?;
        // Every file below s/ (a format-3 bundle with the format-4 search index).
        let mut paths: Vec<String> = walkdir::WalkDir::new(data.join("s"))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .filter_map(|e| {
                let rel = e
                    .path()
                    .strip_prefix(data)
                    .ok()?
                    .to_str()?
                    .replace('\\', "/");
                (rel != *manifest_path).then_some(rel)
            })
            .collect();
        paths.sort();
        for path in paths {
            let bytes = fs::read(data.join(&path)).with_context(|| format!("reading {path}"))?;
            search.insert(
                path,
                base64::engine::general_purpose::STANDARD
                    .encode(bytes)
                    .into(),
            );
        }
        search.insert(
            manifest_path.clone(),
            base64::engine::general_purpose::STANDARD
                .encode(manifest_bytes)
                .into(),
        );
    }
    let bundle = format!(
        "{{\"index\":{},\"files\":{{{files}}},\"search\":{}}}",
        index.trim(),
        serde_json::Value::Object(search)
    );

    let html = format!(
        r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>Folio</title>
<style>
{css}</style>
<script type="application/json" id="{INLINE_DATA_ID}">{bundle}</script>
</head>
<body>
<div id="folio"></div>
<noscript>Folio needs JavaScript and WebAssembly to show the articles.</noscript>
<script type="module">
const glue = {glue};
const wasm = Uint8Array.from(atob("{wasm}"), (c) => c.charCodeAt(0));
const url = URL.createObjectURL(new Blob([glue], {{ type: "text/javascript" }}));
const {{ default: init }} = await import(url);
await init({{ module_or_path: wasm }});
</script>
</body>
</html>
"#,
        css = script_safe(&css).replace("<\\/", "</"),
        bundle = script_safe(&bundle),
        glue = script_safe(&serde_json::to_string(&glue)?),
        wasm = base64::engine::general_purpose::STANDARD.encode(&wasm),
    );
    if css.contains("</style") {
        bail!("a stylesheet contains `</style`");
    }
    fs::write(out, &html).with_context(|| format!("writing {}", out.display()))?;
    Ok(Packed {
        out: out.to_path_buf(),
        bytes: html.len(),
        articles: parsed.articles.len(),
    })
}
