//! Snapshot tests (insta) of the bundle written for `seeds/`: the entry (which holds every
//! seed's row, the facets and the names of the other files) and the original article's body, in
//! `tests/suite/snapshots/`. A change in output shows up as a reviewable diff
//! (`cargo insta review`).

use crate::prelude::*;

#[test]
fn seeds_bundle() {
    let bundle = bundle(&repo("seeds"));
    let report = &bundle.report;
    assert_eq!(
        (
            report.read,
            report.bundled,
            report.errors.len(),
            report.warnings.len()
        ),
        (31, 31, 0, 0)
    );
    insta::assert_snapshot!(
        "seeds_entry",
        serde_json::to_string_pretty(bundle.entry()).unwrap()
    );

    let (original, _) = bundle.article(|t| t.starts_with("共享芬芳"));
    let body = bundle.body(original);
    assert_eq!(body.source, "000_65768461d97a4e44.md");
    insta::assert_snapshot!("original_body", body.html);
}
