//! `folio pack`: one self-contained HTML file (app, styles and data inlined) that works when
//! opened from `file://` with no server.
//!
//! Takes a built `dist/` (Trunk's output) and a bundle folder; writes one HTML file. The WASM is
//! inlined as base64 and instantiated from bytes; the JS glue is imported from a `blob:` URL, and
//! so is the module that loads the WASM's chunks on demand (`scripts/split-wasm.mjs` writes it),
//! rewritten here to take the glue from the page and each chunk from its inlined bytes;
//! the bundle goes into a `<script type="application/json" id="folio-data">` that the app reads
//! instead of fetching (see `web::fetch`): an [`InlineBundle`], every file the bundle's
//! [`FILE_LIST`] names by its path, JSON as its text and binary files in base64. Every file of
//! the bundle is inlined, so this suits archives up to a few thousand articles (a page of tens
//! of megabytes); larger ones should be served.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use base64::Engine as _;

use crate::model::{Entry, InlineBundle, ENTRY_FILE, FILE_LIST, INLINE_DATA_ID};

/// What went into the file.
#[derive(Debug)]
pub struct Packed {
    pub out: PathBuf,
    pub bytes: usize,
    pub articles: usize,
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
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

/// The chunks' link module as a packed file runs it: the two lines `scripts/split-wasm.mjs`
/// leaves as written for this, replaced: the glue is handed over by the page (a `blob:` module
/// cannot import another by a relative path, and the glue imports this one), and each chunk is
/// answered from `chunks`, its bytes in base64 by its file name.
fn packed_link(
    link: &str,
    glue_name: &str,
    chunks: &std::collections::BTreeMap<String, String>,
) -> anyhow::Result<String> {
    let glue_import = format!("import {{ initSync }} from \"./{glue_name}\";");
    let fetch_chunk = "const fetchChunk = (file) => fetch(new URL(file, import.meta.url));";
    for line in [glue_import.as_str(), fetch_chunk] {
        if link.matches(line).count() != 1 {
            bail!("the chunks' link module does not read {line:?} once; build the app again");
        }
    }
    let chunks = serde_json::to_string(chunks)?;
    Ok(link
        .replace(
            &glue_import,
            "let initSync; export const provideGlue = (glue) => { initSync = glue.initSync; };",
        )
        .replace(
            fetch_chunk,
            &format!(
                "const CHUNKS = {chunks}; const fetchChunk = async (file) => new Response(Uint8Array.from(atob(CHUNKS[file.slice(2)]), (c) => c.charCodeAt(0)), {{ headers: {{ \"content-type\": \"application/wasm\" }} }});"
            ),
        ))
}

/// Makes JSON text safe inside a `<script>` element, and still the same JSON: no `</` (which
/// could close the element) and no `<!--` (which changes how the element's end is found). In
/// JSON both can only be inside strings, where `\/` and `\u003c` mean the same.
fn script_safe(json: &str) -> String {
    json.replace("</", "<\\/").replace("<!--", "\\u003c!--")
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
    let glue_name = file_name(&glue_path);
    let link_path = find(dist, |n| n.starts_with("chunks-") && n.ends_with(".js"))?;
    let link = fs::read_to_string(&link_path)
        .with_context(|| format!("reading {}", link_path.display()))?;
    let mut chunks = std::collections::BTreeMap::new();
    for entry in fs::read_dir(dist).with_context(|| format!("reading {}", dist.display()))? {
        let path = entry?.path();
        let name = file_name(&path);
        if name.starts_with("chunk-") && name.ends_with(".wasm") {
            let bytes = fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
            chunks.insert(
                name,
                base64::engine::general_purpose::STANDARD.encode(bytes),
            );
        }
    }
    let link = packed_link(&link, &glue_name, &chunks)?;
    let mut css = String::new();
    for prefix in ["page-", "folio-"] {
        let path = find(dist, |n| n.starts_with(prefix) && n.ends_with(".css"))?;
        css.push_str(&fs::read_to_string(&path)?);
        css.push('\n');
    }

    let bundle = inline_bundle(data)?;
    let articles = bundle.entry.articles as usize;
    let bundle = serde_json::to_string(&bundle)?;

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
const link = {link};
const wasm = Uint8Array.from(atob("{wasm}"), (c) => c.charCodeAt(0));
const url = (code) => URL.createObjectURL(new Blob([code], {{ type: "text/javascript" }}));
const linkUrl = url(link);
const app = await import(url(glue.replaceAll({link_name}, JSON.stringify(linkUrl))));
(await import(linkUrl)).provideGlue(app);
await app.default({{ module_or_path: wasm }});
</script>
</body>
</html>
"#,
        bundle = script_safe(&bundle),
        glue = script_safe(&serde_json::to_string(&glue)?),
        link = script_safe(&serde_json::to_string(&link)?),
        link_name = script_safe(&serde_json::to_string(&format!(
            "\"./{}\"",
            file_name(&link_path)
        ))?),
        wasm = base64::engine::general_purpose::STANDARD.encode(&wasm),
    );
    if css.contains("</style") {
        bail!("a stylesheet contains `</style`");
    }
    fs::write(out, &html).with_context(|| format!("writing {}", out.display()))?;
    Ok(Packed {
        out: out.to_path_buf(),
        bytes: html.len(),
        articles,
    })
}

/// The bundle in `data` as one value: its entry and every file its [`FILE_LIST`] names.
pub fn inline_bundle(data: &Path) -> anyhow::Result<InlineBundle> {
    let entry_path = data.join(ENTRY_FILE);
    let entry = fs::read(&entry_path)
        .with_context(|| format!("reading {}; bundle first", entry_path.display()))?;
    let entry: Entry = serde_json::from_slice(&entry).with_context(|| {
        format!(
            "{} is not the entry of a bundle of format {}; bundle the articles again",
            entry_path.display(),
            crate::model::FORMAT_VERSION
        )
    })?;
    let list_path = data.join(FILE_LIST);
    let list = fs::read_to_string(&list_path)
        .with_context(|| format!("reading {}; bundle the articles again", list_path.display()))?;
    let mut files = std::collections::BTreeMap::new();
    // The hashed files: the entry is inlined apart, and the feeds are not the app's.
    for path in list.lines().filter(|p| p.contains('/')) {
        if !crate::bundler::output::is_bundle_path(path) {
            bail!(
                "{} names {path:?}, which is not a file of a bundle",
                list_path.display()
            );
        }
        let bytes = fs::read(data.join(path)).with_context(|| format!("reading {path}"))?;
        let content = if path.ends_with(".json") && !crate::model::is_asset_path(path) {
            String::from_utf8(bytes).with_context(|| format!("{path} is not UTF-8"))?
        } else {
            base64::engine::general_purpose::STANDARD.encode(bytes)
        };
        files.insert(path.to_string(), content);
    }
    Ok(InlineBundle { entry, files })
}
