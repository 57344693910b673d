//! Snapshot tests (insta) of the bundle written for `seeds/`: the whole index and the original
//! article's body. A change in output shows up as a reviewable diff (`cargo insta review`).
#![cfg(not(target_arch = "wasm32"))]

use std::fs;
use std::path::Path;

use folio::bundler::bundle::{self, Config};
use folio::model::{ArticleBody, Index};

#[test]
fn seeds_bundle() {
    let out = tempfile::tempdir().unwrap();
    let config = Config::new(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds"),
        out.path().to_path_buf(),
    );
    let report = bundle::run(&config).unwrap();
    assert_eq!(
        (
            report.read,
            report.bundled,
            report.errors.len(),
            report.warnings.len()
        ),
        (31, 31, 0, 0)
    );
    let index: Index =
        serde_json::from_slice(&fs::read(out.path().join("index.json")).unwrap()).unwrap();
    insta::assert_snapshot!("seeds_index", serde_json::to_string_pretty(&index).unwrap());

    let original = index
        .articles
        .iter()
        .find(|a| a.title.starts_with("共享芬芳"))
        .unwrap();
    let body: ArticleBody =
        serde_json::from_slice(&fs::read(out.path().join(&original.body)).unwrap()).unwrap();
    assert_eq!(body.source, "000_65768461d97a4e44.md");
    insta::assert_snapshot!("original_body", body.html);
}
