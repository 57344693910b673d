//! The output folder is safe: a bundle run deletes only files it wrote before (named by the
//! previous `.folio-bundle`, or a format-3 `index.json`), refuses a folder that is neither
//! empty nor a bundle (unless forced) and one inside the input or around it, and leaves no
//! scratch behind.

use std::fs;
use std::path::Path;

use crate::fixture::{bundle_into, Bundle};
use crate::prelude::*;
use folio::bundler::OutputError;
use folio::bundler::{run, Config};

fn seeds() -> Seeds {
    Seeds::new()
        .article("a.md", "title: A\ndate: 2024-01-02", "first")
        .article("b.md", "title: B\ndate: 2024-01-03", "second")
}

/// Why `folio bundle input --out out` was refused.
fn refusal(input: &Path, out: &Path, force: bool) -> OutputError {
    let mut config = Config::new(input, out);
    config.force = force;
    let error = run(&config).expect_err("refused");
    match error.downcast::<OutputError>() {
        Ok(refused) => refused,
        Err(other) => panic!("not a refusal: {other:#}"),
    }
}

#[test]
fn files_the_bundler_did_not_write_survive_every_run() {
    let seeds = seeds();
    let first = seeds.bundle();
    fs::write(first.path().join("notes.txt"), "mine").unwrap();
    fs::create_dir_all(first.path().join("r/zz")).unwrap();
    fs::write(first.path().join("r/zz/mine.json"), "{}").unwrap();
    fs::write(first.path().join("r/readme"), "mine").unwrap();
    let seeds = seeds.article("a.md", "title: A2\ndate: 2024-01-02", "changed");
    let second = seeds.bundle_again(first, |_| {});
    assert!(second.report.files.deleted > 0);
    for mine in ["notes.txt", "r/zz/mine.json", "r/readme"] {
        assert!(second.path().join(mine).exists(), "{mine} was deleted");
    }
    assert_eq!(second.titles(), ["A2", "B"]);
}

#[test]
fn a_file_already_there_under_its_hash_is_not_written_again() {
    let seeds = seeds();
    let first = seeds.bundle();
    let modified = |bundle: &Bundle| -> Vec<(String, std::time::SystemTime)> {
        bundle
            .listed()
            .into_iter()
            .filter(|p| p.contains('/'))
            .map(|p| {
                let time = fs::metadata(bundle.path().join(&p))
                    .unwrap()
                    .modified()
                    .unwrap();
                (p, time)
            })
            .collect()
    };
    let before = modified(&first);
    std::thread::sleep(std::time::Duration::from_millis(20));
    let again = seeds.bundle_again(first, |_| {});
    assert_same!(before, modified(&again));
    assert_eq!(again.report.files.deleted, 0);
}

#[test]
fn a_format_3_bundle_is_recognised_and_replaced() {
    let out = tempfile::tempdir().unwrap();
    let write = |path: &str, text: &str| {
        let path = out.path().join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    };
    write(
        "index.json",
        r#"{"version":3,"authors":[],"categories":[],"tags":[],"articles":[
            {"slug":"x","title":"X","categories":[],"tags":[],"excerpt":"","han":0,"words":1,
             "minutes":1,"body":"a/0123456789abcdef.json"}],
            "search":"s/fedcba9876543210.json"}"#,
    );
    write(
        "a/0123456789abcdef.json",
        r#"{"version":3,"html":"","source":"x.md"}"#,
    );
    write(
        "s/fedcba9876543210.json",
        r#"{"version":3,"docs":1,"id":"0123456789ab","keys":["","m"],"positions":1}"#,
    );
    write("s/0123456789ab-0.bin", "");
    write("s/0123456789ab-1.bin", "");
    write("s/0123456789ab-0.pos", "");
    // Not named by the old index: not the bundler's to delete.
    write("a/notes.txt", "mine");
    write("s/0123456789ab-2.bin", "unlisted");
    let bundle = bundle_into(seeds().path(), out, |_| {});
    assert_eq!(bundle.entry().version, folio::model::FORMAT_VERSION);
    for gone in [
        "a/0123456789abcdef.json",
        "s/fedcba9876543210.json",
        "s/0123456789ab-0.bin",
        "s/0123456789ab-1.bin",
        "s/0123456789ab-0.pos",
    ] {
        assert!(!bundle.path().join(gone).exists(), "{gone} is left");
    }
    assert!(bundle.path().join("a/notes.txt").exists());
    assert!(bundle.path().join("s/0123456789ab-2.bin").exists());
    assert_eq!(bundle.report.files.deleted, 5);
}

#[test]
fn a_folder_that_is_neither_empty_nor_a_bundle_is_refused_unless_forced() {
    let seeds = seeds();
    let out = tempfile::tempdir().unwrap();
    fs::write(out.path().join("notes.txt"), "mine").unwrap();
    fs::write(out.path().join("index.json"), r#"{"not":"a bundle"}"#).unwrap();
    assert!(matches!(
        refusal(seeds.path(), out.path(), false),
        OutputError::NotABundle { .. }
    ));
    assert_same!(
        ["index.json", "notes.txt"].map(String::from).to_vec(),
        files(out.path()).into_keys().collect::<Vec<_>>()
    );
    // Forced, the bundle goes beside the files, but never over one: the entry's name is taken.
    assert!(matches!(
        refusal(seeds.path(), out.path(), true),
        OutputError::WouldReplace { .. }
    ));
    fs::remove_file(out.path().join("index.json")).unwrap();
    let bundle = bundle_into(seeds.path(), out, |c| c.force = true);
    // A later run deletes none of the other files either, nor replaces a feed it did not write.
    fs::write(bundle.path().join("atom.xml"), "theirs").unwrap();
    let mut config = Config::new(seeds.path(), bundle.path());
    config.site_url = Some("https://example.org/".into());
    let error = run(&config).expect_err("refused");
    assert!(format!("{error}").contains("atom.xml"), "{error}");
    fs::remove_file(bundle.path().join("atom.xml")).unwrap();
    assert_eq!(
        fs::read_to_string(bundle.path().join("notes.txt")).unwrap(),
        "mine"
    );
    let again = seeds.bundle_again(bundle, |_| {});
    assert!(again.path().join("notes.txt").exists());
    // A file that is not a folder is refused, forced or not.
    let file = tempfile::NamedTempFile::new().unwrap();
    assert!(matches!(
        refusal(seeds.path(), file.path(), true),
        OutputError::NotAFolder { .. }
    ));
}

#[test]
fn an_output_inside_the_input_or_around_it_is_refused() {
    let seeds = seeds();
    assert!(matches!(
        refusal(seeds.path(), &seeds.path().join("dist"), false),
        OutputError::InsideInput { .. }
    ));
    assert!(matches!(
        refusal(seeds.path(), seeds.path(), true),
        OutputError::InsideInput { .. }
    ));
    assert!(matches!(
        refusal(seeds.path(), seeds.path().parent().unwrap(), true),
        OutputError::AroundInput { .. }
    ));
    assert!(!seeds.path().join("dist").exists());
    assert!(!seeds.path().join("index.json").exists());
}

#[test]
fn a_list_naming_other_files_deletes_none_of_them() {
    let seeds = seeds();
    let first = seeds.bundle();
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("victim.txt"), "x").unwrap();
    fs::write(first.path().join("notes.txt"), "mine").unwrap();
    let list = first.path().join(".folio-bundle");
    let mut text = fs::read_to_string(&list).unwrap();
    let escape = format!(
        "../{}/victim.txt",
        outside.path().file_name().unwrap().to_string_lossy()
    );
    for p in [
        "notes.txt",
        escape.as_str(),
        "/etc/hostname",
        "r/../notes.txt",
    ] {
        text.push_str(p);
        text.push('\n');
    }
    fs::write(&list, text).unwrap();
    let again = seeds.bundle_again(first, |_| {});
    assert!(again.path().join("notes.txt").exists());
    assert!(outside.path().join("victim.txt").exists());
}

#[test]
fn a_scratch_folder_left_by_an_interrupted_run_counts_as_empty() {
    let out = tempfile::tempdir().unwrap();
    fs::create_dir_all(out.path().join(".folio-tmp/segment-0")).unwrap();
    fs::write(out.path().join(".folio-tmp/articles"), "half").unwrap();
    let bundle = bundle_into(seeds().path(), out, |_| {});
    assert_eq!(bundle.rows.len(), 2);
}
