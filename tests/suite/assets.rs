//! Post assets and links between articles (issue 14, items 1 and 2), on small Hexo sites and
//! folders written here: files an article refers to are copied into the bundle under the hash
//! of their bytes and the references rewritten; links to other bundled articles, by any of the
//! names Hexo publishes them under, become in-app links; whatever leads nowhere is a warning at
//! its line and column.

use std::fs;

use folio::model::Body;

use crate::fixture::Bundle;
use crate::prelude::*;

/// Bytes that stand for an image (the bundler copies files; it does not decode them).
const PICTURE: &[u8] = b"\x89PNG\r\n\x1a\n a picture";
const OTHER_PICTURE: &[u8] = b"\x89PNG\r\n\x1a\n another picture";

/// The body of the article titled `title`.
fn body_of(bundle: &Bundle, title: &str) -> Body {
    let (number, _) = bundle.article(|t| t == title);
    bundle.body(number)
}

/// The bundle paths of the post assets `html` refers to, in order.
fn asset_urls(html: &str) -> Vec<String> {
    html.split('"')
        .filter(|part| folio::model::is_asset_path(part))
        .map(str::to_string)
        .collect()
}

/// A Hexo site: `_config.yml` with `config`, the rest under `source/`.
fn hexo_site(config: &str) -> Seeds {
    Seeds::new().file("_config.yml", config)
}

fn as_hexo_site(seeds: &Seeds) -> impl FnOnce(&mut folio::bundler::Config) + '_ {
    move |c| {
        c.hexo_site = true;
        let text = fs::read_to_string(seeds.path().join("_config.yml")).unwrap();
        for line in text.lines() {
            let (key, value) = line.split_once(':').unwrap();
            let value = value.trim().to_string();
            match key {
                "post_asset_folder" => c.site.post_asset_folder = value == "true",
                "url" => c.site.url = Some(value),
                "root" => c.site.root = Some(value),
                "permalink" => c.site.permalink = Some(value),
                _ => {}
            }
        }
    }
}

#[test]
fn post_asset_folder_assets_are_copied_once_by_hash_and_references_rewritten() {
    let seeds = hexo_site("post_asset_folder: true\n")
        .article(
            "source/_posts/hello.md",
            "title: Hello\ndate: 2024-01-02",
            "{% asset_img pic.png A picture %}\n\n\
             ![markdown](pic.png)\n\n\
             <p><img src=\"pic.png\" alt=\"html\"></p>\n\n\
             {% asset_link manual.pdf The manual %} and [a path]({% asset_path manual.pdf %})\n\n\
             [the manual](manual.pdf)\n",
        )
        .file("source/_posts/hello/pic.png", PICTURE)
        .file("source/_posts/hello/manual.pdf", b"%PDF-1.4 manual")
        .article(
            "source/_posts/other.md",
            "title: Other\ndate: 2024-01-03\ncover: /images/same-bytes.png",
            "![same bytes, other name](/images/same-bytes.png)\n",
        )
        .file("source/images/same-bytes.png", PICTURE);
    let bundle = seeds.bundle_with(as_hexo_site(&seeds));
    assert_same!(bundle.diagnostics(), Vec::<String>::new());

    let hello = body_of(&bundle, "Hello");
    let urls = asset_urls(&hello.html);
    let picture = folio::model::asset_path(&format!("{:016x}", xxh3(PICTURE)), "png");
    let manual = folio::model::asset_path(&format!("{:016x}", xxh3(b"%PDF-1.4 manual")), "pdf");
    assert_same!(
        urls,
        vec![
            picture.clone(),
            picture.clone(),
            picture.clone(),
            manual.clone(),
            manual.clone(),
            manual.clone()
        ]
    );
    assert!(hello.html.contains("alt=\"A picture\""), "{}", hello.html);
    assert!(hello.html.contains(">The manual</a>"), "{}", hello.html);
    // The same bytes under another name in another folder are one file of the bundle.
    let other = body_of(&bundle, "Other");
    assert_same!(asset_urls(&other.html), vec![picture.clone()]);
    assert_eq!(other.head.as_deref(), Some(picture.as_str()));
    assert_eq!(fs::read(bundle.path().join(&picture)).unwrap(), PICTURE);
    assert!(bundle.path().join(&manual).is_file());
    let listed = bundle.listed();
    assert!(
        listed.contains(&picture) && listed.contains(&manual),
        "{listed:?}"
    );
    assert_eq!(bundle.report.assets.copied, 2);
    assert_eq!(bundle.report.assets.missing, 0);
    // The thumbnail is the cover, as written, resolved like the body's images.
    assert_eq!(
        bundle.article(|t| t == "Other").1.thumb.as_deref(),
        Some(picture.as_str())
    );
}

#[test]
fn without_post_asset_folder_paths_are_relative_to_the_article() {
    let seeds = Seeds::new()
        .article(
            "posts/a.md",
            "title: A",
            "{% asset_img img/a.png %}\n\n![up](../shared/b.png)\n\n![beside](a/pic.png)\n",
        )
        .file("posts/img/a.png", PICTURE)
        .file("shared/b.png", OTHER_PICTURE)
        // An asset folder beside the post is not looked in without `post_asset_folder`.
        .file("posts/a/pic.png", PICTURE);
    let bundle = seeds.bundle();
    assert_same!(bundle.diagnostics(), Vec::<String>::new());
    let a = body_of(&bundle, "A");
    let urls = asset_urls(&a.html);
    assert_eq!(urls.len(), 3, "{}", a.html);
    assert_eq!(urls[0], urls[2]);
    assert_ne!(urls[0], urls[1]);
    assert_eq!(bundle.report.assets.copied, 2);

    // With the option, `pic.png` in a post is its asset folder's.
    let seeds = seeds.article("posts/a.md", "title: A", "![in the folder](pic.png)\n");
    let with = seeds.bundle_with(|c| c.site.post_asset_folder = true);
    assert_eq!(asset_urls(&body_of(&with, "A").html).len(), 1);
    let without = seeds.bundle();
    assert_same!(
        without.diagnostics(),
        vec!["posts/a.md:4:1 missing asset".to_string()]
    );
}

#[test]
fn missing_and_refused_assets_are_warnings_at_their_line_and_column() {
    let seeds = Seeds::new()
        .article(
            "a.md",
            "title: A",
            "Intro.\n\nSee ![gone](gone.png) here.\n\n  <img alt=\"x\" src=\"also-gone.jpg\">\n\n\
             {% asset_img nothing.png %}\n\n[page](page.html) [drawing](drawing.svg)\n",
        )
        .file("page.html", "<script>alert(1)</script>")
        .file("drawing.svg", "<svg onload=alert(1)></svg>");
    let bundle = seeds.bundle();
    assert_same!(
        bundle.diagnostics(),
        vec![
            // The tag stage reports before the Markdown stage.
            "a.md:10:1 unresolved tag plugin".to_string(),
            "a.md:6:5 missing asset".to_string(),
            "a.md:8:21 missing asset".to_string(),
            "a.md:12:1 asset of a kind not copied".to_string(),
            "a.md:12:19 asset of a kind not copied".to_string(),
        ]
    );
    let html = body_of(&bundle, "A").html;
    // Nothing is left pointing at the page that shows the article.
    assert!(!html.contains("src=") && !html.contains("href="), "{html}");
    // The two above and the tag's.
    assert_eq!(bundle.report.assets.missing, 3);
    assert_eq!(bundle.report.assets.copied, 0);
    assert!(!bundle.listed().iter().any(|p| p.starts_with("m/")));
}

const LINKING: &str = "\
[by file](../_posts/hello.md) [by file, nested](../_posts/2021/other.md#setup)
[page by name](helpers.html) [page by path](/blog/docs/helpers) [page, trailing slash](/blog/docs/helpers/)
[permalink](/blog/2020/05/01/hello/#intro) [relative permalink](../2020/05/01/hello/)
[absolute permalink](https://example.com/blog/2021/02/03/2021/other/)
{% post_link hello %} {% post_link other 'Other text' %} [post path]({% post_path Other %})
[outside](https://elsewhere.org/x) [site, not an article](../tags/rust/?page=2#top) [in page](#here)
[dangling](../_posts/missing.md)
";

fn linking_site() -> Seeds {
    hexo_site("url: https://example.com/blog\nroot: /blog/\n")
        .article(
            "source/_posts/hello.md",
            "title: Hello\ndate: 2020-05-01",
            "# Intro\n",
        )
        .article(
            "source/_posts/2021/other.md",
            "title: Other\ndate: 2021-02-03 10:00:00",
            "## Setup\n",
        )
        .article("source/docs/helpers.md", "title: Helpers", "Helpers.\n")
        .article("source/about/index.md", "title: About", "About.\n")
        .article("source/docs/index.md", "title: Docs", LINKING)
        .article("source/_drafts/missing.md", "title: Not yet", "Draft.\n")
}

/// The `href`s of `html`'s links, in order.
fn hrefs(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap()].replace("&amp;", "&"))
        .collect()
}

#[test]
fn links_to_bundled_articles_become_in_app_links_by_every_name_hexo_gives_them() {
    let seeds = linking_site();
    let bundle = seeds.bundle_with(as_hexo_site(&seeds));
    let docs = body_of(&bundle, "Docs").html;
    assert_same!(
        hrefs(&docs),
        vec![
            "#/a/hello",
            "#/a/2021-other#a-setup",
            "#/a/docs-helpers",
            "#/a/docs-helpers",
            "#/a/docs-helpers",
            "#/a/hello#a-intro",
            "#/a/hello",
            "#/a/2021-other",
            "#/a/hello",
            "#/a/2021-other",
            "#/a/2021-other",
            "https://elsewhere.org/x",
            "https://example.com/blog/tags/rust/?page=2#top",
            "#a-here",
        ]
        .into_iter()
        .map(String::from)
        .collect::<Vec<_>>()
    );
    assert!(
        docs.contains(">Hello</a>"),
        "post_link shows the title: {docs}"
    );
    assert!(docs.contains(">Other text</a>"), "{docs}");
    // The link to the draft stays text, with a warning where it is written.
    assert!(
        docs.contains("<a rel=\"noopener noreferrer\">dangling</a>"),
        "{docs}"
    );
    assert_same!(
        bundle.diagnostics(),
        vec!["docs/index.md:10:1 link to no bundled article".to_string()]
    );
    // The heading the anchor names carries the id the app scrolls to.
    assert!(body_of(&bundle, "Other").html.contains("id=\"a-setup\""));
}

#[test]
fn without_the_sites_url_relative_links_outside_the_bundle_are_warnings() {
    let seeds = linking_site().file("_config.yml", "root: /blog/\n");
    let bundle = seeds.bundle_with(as_hexo_site(&seeds));
    assert_same!(
        bundle.diagnostics(),
        vec![
            "docs/index.md:9:36 missing asset".to_string(),
            "docs/index.md:10:1 link to no bundled article".to_string(),
        ]
    );
    // The absolute link to the same site is just a link to some site now.
    let docs = body_of(&bundle, "Docs").html;
    assert!(
        docs.contains("https://example.com/blog/2021/02/03/2021/other/"),
        "{docs}"
    );
}

#[test]
fn the_cli_reads_post_asset_folder_from_config_yml_and_reports_assets() {
    let seeds = hexo_site("post_asset_folder: true\n")
        .article(
            "source/_posts/hello.md",
            "title: Hello",
            "![a](pic.png) ![b](gone.png)\n",
        )
        .file("source/_posts/hello/pic.png", PICTURE);
    let out = tempfile::tempdir().unwrap();
    let run = folio_bundle(seeds.path(), out.path()).output().unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(
        stderr.contains("_posts/hello.md:4:15: warning: \"gone.png\": no such file"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "assets: 1 files copied, {} bytes; 1 missing",
            PICTURE.len()
        )),
        "{stderr}"
    );
    // A plain folder takes the option from the command line.
    let posts = seeds.path().join("source/_posts");
    let out = tempfile::tempdir().unwrap();
    let run = folio_bundle(&posts, out.path())
        .arg("--post-asset-folder")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("assets: 1 files copied"), "{stderr}");
}

#[test]
fn include_code_reads_the_sites_code_folder_and_nothing_outside_it() {
    let seeds = hexo_site("url: https://example.com\n")
        .article(
            "source/_posts/code.md",
            "title: Code\ndate: 2024-01-02",
            "{% include_code Greeting lang:js from:2 to:3 demo/hello.js %}\n\n\
             {% include_code missing.js %}\n\n\
             {% include_code ../../_config.yml %}\n",
        )
        .file(
            "source/downloads/code/demo/hello.js",
            "// first\nconst second = 2;\nconst third = 3;\n// fourth\n",
        );
    let bundle = seeds.bundle_with(as_hexo_site(&seeds));
    assert_same!(
        bundle.diagnostics(),
        vec![
            "_posts/code.md:7:1 unresolved tag plugin".to_string(),
            "_posts/code.md:9:1 unresolved tag plugin".to_string(),
        ]
    );
    let messages: Vec<String> = bundle
        .report
        .diagnostics()
        .map(|d| d.kind.to_string())
        .collect();
    assert!(messages[0].contains("\"missing.js\""), "{messages:?}");
    assert!(messages[1].contains("\"../../_config.yml\""), "{messages:?}");

    let html = body_of(&bundle, "Code").html;
    // Lines 2 to 3, under the title given, highlighted as JavaScript.
    assert!(html.contains("Greeting"), "{html}");
    assert!(html.contains("second") && html.contains("third"), "{html}");
    assert!(!html.contains("first") && !html.contains("fourth"), "{html}");
    assert!(html.contains("hl-"), "{html}");
    // A path out of the code folder reads nothing.
    assert!(!html.contains("example.com"), "{html}");
}

fn xxh3(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}
