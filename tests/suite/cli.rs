//! The `folio` binary: what it says, its exit codes, and the same bytes from two processes.

use std::fs;
use std::path::Path;

use crate::prelude::*;

#[test]
fn the_same_input_gives_the_same_bytes() {
    // Two separate processes, so that nothing that varies per process (hash seeds, thread
    // scheduling) can hide.
    let bundle_seeds = || {
        let out = tempfile::tempdir().unwrap();
        let status = folio_bundle(&repo("seeds"), out.path()).status().unwrap();
        assert!(status.success());
        files(out.path())
    };
    let (a, b) = (bundle_seeds(), bundle_seeds());
    assert!(a.len() > 10, "{} files", a.len());
    assert_same!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (name, bytes) in &a {
        assert!(b[name] == *bytes, "{name} differs between two runs");
    }
}

#[test]
fn cli_reports_counts_and_strict_fails_on_problems() {
    let out = tempfile::tempdir().unwrap();
    let run = |dir: &Path, strict: bool| {
        let mut folio = folio_bundle(dir, out.path());
        if strict {
            folio.arg("--strict");
        }
        folio.output().unwrap()
    };
    let bad = run(&fixture("bad"), false);
    assert!(bad.status.success());
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(
        stderr.contains("read 9, bundled 3, skipped 6, warnings 3"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "unterminated.md:2:1: error: front matter starting with `---` is never closed"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("skipped: 1 × UTF-16"), "{stderr}");
    assert_eq!(run(&fixture("bad"), true).status.code(), Some(1));
    let good = run(&fixture("names"), true);
    assert!(
        good.status.success(),
        "{}",
        String::from_utf8_lossy(&good.stderr)
    );
    let missing = run(Path::new("/no/such/folder"), false);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("/no/such/folder is not a folder"));
}

#[test]
fn site_url_adds_atom_and_sitemap() {
    let out = tempfile::tempdir().unwrap();
    let status = folio_bundle(&repo("seeds"), out.path())
        .args([
            "--site-url",
            "https://example.github.io/archive",
            "--site-title",
            "Archive",
        ])
        .status()
        .unwrap();
    assert!(status.success());
    let atom = fs::read_to_string(out.path().join("atom.xml")).unwrap();
    assert_eq!(atom.matches("<entry>").count(), 31);
    assert!(atom.contains("<title>Archive</title>"));
    assert!(atom.contains("https://example.github.io/archive/#/a/"));
    let sitemap = fs::read_to_string(out.path().join("sitemap.xml")).unwrap();
    assert_eq!(sitemap.matches("<url>").count(), 32);
    // Every feed's self link is where its file is: the bundle is the app's data/ folder.
    let site = "https://example.github.io/archive/";
    assert!(atom.contains(&format!(
        "<link rel=\"self\" href=\"{site}data/atom.xml\"/>"
    )));
    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(out.path().join("feed.json")).unwrap()).unwrap();
    assert_eq!(json["feed_url"], format!("{site}data/feed.json"));
    assert_eq!(json["items"].as_array().unwrap().len(), 31);
    // A feed per top-level category and per tag of five articles or more, named in the entry.
    let bundle = folio::BundleDir::open(out.path()).unwrap();
    let rows = bundle.rows().unwrap();
    let feeds = bundle.entry.feeds.clone().expect("feeds listed");
    assert!(!feeds.categories.is_empty(), "{feeds:?}");
    let list = fs::read_to_string(out.path().join(".folio-bundle")).unwrap();
    for (kind, ids) in [("c", &feeds.categories), ("t", &feeds.tags)] {
        for id in ids {
            let path = format!("feeds/{kind}/{id}.xml");
            let xml = fs::read_to_string(out.path().join(&path)).unwrap();
            assert!(xml.contains(&format!("<link rel=\"self\" href=\"{site}data/{path}\"/>")));
            assert!(list.lines().any(|l| l == path), "{path} listed");
            // Its entries are the newest articles with the value, all of them up to 50.
            let link = xml.split("<link href=\"").nth(1).unwrap();
            let page = &link[..link.find('"').unwrap()];
            let query = folio::query::ListQuery::parse(page.split_once("#/?").unwrap().1).unwrap();
            let with: Vec<&folio::model::Row> = rows
                .iter()
                .rev()
                .filter(|r| match kind {
                    "t" => r.tags.contains(&query.tag[0]),
                    _ => r.categories.iter().any(|p| p[0] == query.cat[0][0]),
                })
                .collect();
            assert_eq!(xml.matches("<entry>").count(), with.len().min(50), "{path}");
            if kind == "t" {
                assert!(with.len() >= 5);
            }
        }
    }
    let tagged: std::collections::BTreeSet<&String> = rows.iter().flat_map(|r| &r.tags).collect();
    let often = tagged
        .iter()
        .filter(|t| rows.iter().filter(|r| r.tags.contains(t)).count() >= 5)
        .count();
    assert_eq!(feeds.tags.len(), often);
}

#[test]
fn list_prints_every_article_newest_first() {
    let out = tempfile::tempdir().unwrap();
    assert!(folio_bundle(&repo("seeds"), out.path())
        .status()
        .unwrap()
        .success());
    let folio = |args: &[&str]| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_folio"))
            .args(args)
            .arg(out.path())
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        String::from_utf8(output.stdout).unwrap()
    };
    let bundle = folio::BundleDir::open(out.path()).unwrap();
    let rows = bundle.rows().unwrap();
    let expected: Vec<String> = rows
        .iter()
        .enumerate()
        .rev()
        .map(|(n, r)| format!("{n}\t{}\t{}", r.slug, r.title))
        .collect();
    let plain = folio(&["list"]);
    assert_same!(expected, plain.lines().collect::<Vec<_>>());
    // Newest first is descending dates.
    let dates: Vec<i64> = rows.iter().rev().filter_map(|r| r.date).collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]));

    let json = folio(&["list", "--json"]);
    let listed: Vec<serde_json::Value> = json
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(listed.len(), 31);
    for (line, (n, row)) in listed.iter().zip(rows.iter().enumerate().rev()) {
        assert_eq!(line["number"], n);
        let mut fields = line.clone();
        fields.as_object_mut().unwrap().remove("number");
        assert_eq!(fields, serde_json::to_value(row).unwrap());
    }
}

#[test]
fn search_prints_slugs_and_titles_best_first() {
    let out = tempfile::tempdir().unwrap();
    assert!(folio_bundle(&repo("seeds"), out.path())
        .status()
        .unwrap()
        .success());
    let search = |args: &[&str]| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_folio"))
            .arg("search")
            .arg(out.path())
            .args(args)
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        String::from_utf8(output.stdout).unwrap()
    };
    let found = search(&["rust"]);
    let scanned = search(&["--scan", "rust"]);
    assert!(found.lines().count() >= 3, "{found}");
    let mut a: Vec<&str> = found.lines().collect();
    let mut b: Vec<&str> = scanned.lines().collect();
    for line in &a {
        let (slug, title) = line.split_once('\t').expect("slug, a tab, the title");
        assert!(!slug.is_empty() && !title.is_empty());
    }
    a.sort_unstable();
    b.sort_unstable();
    assert_same!(b, a);
}

#[test]
fn a_refused_output_folder_exits_with_2_and_says_how_to_fix_it() {
    let seeds = Seeds::new().article("a.md", "title: A", "x");
    let out = tempfile::tempdir().unwrap();
    fs::write(out.path().join("notes.txt"), "mine").unwrap();
    let refused = folio_bundle(seeds.path(), out.path()).output().unwrap();
    assert_eq!(refused.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("not empty") && stderr.contains("--force"),
        "{stderr}"
    );
    assert!(!out.path().join("index.json").exists());
    let forced = folio_bundle(seeds.path(), out.path())
        .arg("--force")
        .output()
        .unwrap();
    assert!(forced.status.success(), "{forced:?}");
    assert_eq!(
        fs::read_to_string(out.path().join("notes.txt")).unwrap(),
        "mine"
    );

    let inside = folio_bundle(seeds.path(), &seeds.path().join("out"))
        .output()
        .unwrap();
    assert_eq!(inside.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&inside.stderr);
    assert!(stderr.contains("inside the input folder"), "{stderr}");
    assert!(!seeds.path().join("out").exists());
}

#[test]
fn the_usual_mistakes_exit_with_2_and_say_what_was_meant() {
    let site = tempfile::tempdir().unwrap();
    let posts = site.path().join("source/_posts");
    fs::create_dir_all(&posts).unwrap();
    fs::write(site.path().join("_config.yml"), "title: Blog\n").unwrap();
    fs::write(posts.join("a.md"), "---\ntitle: A\n---\nx\n").unwrap();
    let out = tempfile::tempdir().unwrap();
    let app = out.path().join("dist");
    fs::create_dir(&app).unwrap();
    fs::write(app.join("index.html"), "<!doctype html>").unwrap();

    let into_app = folio_bundle(&posts, &app).output().unwrap();
    assert_eq!(into_app.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&into_app.stderr);
    let data = app.join("data");
    assert!(
        stderr.contains(&format!("did you mean {}?", data.display())),
        "{stderr}"
    );
    assert!(!app.join("index.json").exists());

    assert!(folio_bundle(&posts, &data).status().unwrap().success());
    let search = std::process::Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(["search".as_ref(), app.as_os_str(), "x".as_ref()])
        .output()
        .unwrap();
    assert_eq!(search.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&search.stderr);
    assert!(
        stderr.contains(&format!("did you mean {}?", data.display())),
        "{stderr}"
    );
}

#[test]
fn pack_inlines_every_file_of_the_bundle() {
    use base64::Engine as _;
    use folio::model::InlineBundle;
    // A title that would end the script element or open a comment in it, were it not escaped.
    let seeds = Seeds::new()
        .article(
            "a.md",
            "title: \"</script><!-- x\"\ndate: 2024-01-02",
            "body <b>b</b>",
        )
        .article("b.md", "title: B", "text");
    let data = tempfile::tempdir().unwrap();
    assert!(folio_bundle(seeds.path(), data.path())
        .status()
        .unwrap()
        .success());
    let dist = tempfile::tempdir().unwrap();
    for (name, text) in [
        ("folio-web-1a2b_bg.wasm", "\0asm"),
        (
            "folio-web-1a2b.js",
            "export default async function init() {}",
        ),
        ("page-1.css", "html{}"),
        ("folio-2.css", ".folio{}"),
        // The link module and a chunk, as scripts/split-wasm.mjs writes them.
        (
            "chunks-3c4d.js",
            "import { initSync } from \"./folio-web-1a2b.js\";\nconst fetchChunk = (file) => fetch(new URL(file, import.meta.url));\nexport const load = () => fetchChunk(\"./chunk-article-5e6f.wasm\");\n",
        ),
        ("chunk-article-5e6f.wasm", "\0asm chunk"),
    ] {
        fs::write(dist.path().join(name), text).unwrap();
    }
    let out = dist.path().join("one.html");
    let packed = folio::pack(dist.path(), data.path(), &out).unwrap();
    assert_eq!(packed.articles, 2);
    let html = fs::read_to_string(&out).unwrap();
    // The chunk is inlined, and the link module neither imports the glue by its path nor fetches.
    let chunk = base64::engine::general_purpose::STANDARD.encode("\0asm chunk");
    assert!(html.contains(&format!("\\\"chunk-article-5e6f.wasm\\\":\\\"{chunk}\\\"")));
    assert!(!html.contains("from \\\"./folio-web-1a2b.js\\\"") && !html.contains("fetch(new URL"));
    assert!(html.contains("provideGlue"));
    let start = "<script type=\"application/json\" id=\"folio-data\">";
    let json = &html[html.find(start).unwrap() + start.len()..];
    let json = &json[..json.find("</script>").unwrap()];
    assert!(!json.contains("</") && !json.contains("<!--"));
    let inline: InlineBundle = serde_json::from_str(json).unwrap();
    let on_disk = files(data.path());
    assert_eq!(
        serde_json::to_vec(&inline.entry).unwrap(),
        on_disk["index.json"]
    );
    let hashed: Vec<&String> = on_disk.keys().filter(|p| p.contains('/')).collect();
    assert_same!(hashed, inline.files.keys().collect::<Vec<_>>());
    for (path, content) in &inline.files {
        let bytes = if path.ends_with(".json") {
            content.as_bytes().to_vec()
        } else {
            base64::engine::general_purpose::STANDARD
                .decode(content)
                .unwrap()
        };
        assert!(bytes == on_disk[path], "{path} differs");
    }
    let newest =
        &inline.files[&folio::model::file_path(folio::model::FileKind::Rows, &inline.entry.newest)];
    let newest: folio::model::RowPage = serde_json::from_str(newest).unwrap();
    assert!(newest.rows.iter().any(|r| r.title == "</script><!-- x"));
}
