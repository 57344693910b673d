use std::sync::Arc;

use super::site::{CodeFile, Post};
use super::*;
use crate::bundler::markdown;

/// The body rendered (tags, then Markdown), and the warnings.
fn render_with(body: &str, options: &Options) -> (String, Vec<Problem>) {
    let source = Source {
        path: "posts/a.md",
        body,
        body_line: 1,
    };
    let expanded = expand(&source, options);
    let rendered = markdown::render(&expanded, &source, options);
    let mut problems = expanded.problems;
    problems.extend(rendered.problems);
    (rendered.html, problems)
}

/// The body rendered, with no warning allowed.
fn html(body: &str) -> String {
    let (html, problems) = render_with(body, &Options::default());
    assert!(problems.is_empty(), "{problems:?} for {body:?}");
    html
}

fn kinds(body: &str) -> Vec<Kind> {
    render_with(body, &Options::default())
        .1
        .into_iter()
        .map(|p| p.kind)
        .collect()
}

#[test]
fn codeblock_escapes_highlights_and_keeps_language() {
    let out =
        html("a\n{% codeblock Demo lang:rust %}\nfn x() -> Vec<u8> { }\n{% endcodeblock %}\nb");
    assert!(
        out.contains(
            "<figure><figcaption><span>Demo</span></figcaption><pre><code class=\"language-rust\">"
        ),
        "{out}"
    );
    assert!(out.contains("Vec</span>&lt;"), "{out}");
    assert!(out.contains("<span class=\"hl-k\">fn </span>"), "{out}");
    assert!(
        out.starts_with("<p>a</p>\n") && out.ends_with("<p>b</p>\n"),
        "{out}"
    );
}

#[test]
fn codeblock_with_a_blank_line_stays_one_block() {
    // Markdown never reads a tag's output: a blank line inside it ends nothing.
    let out = html("{% codeblock %}\nline one\n\n    indented *not emphasis*\n{% endcodeblock %}");
    assert_eq!(
        out,
        "<pre><code>line one\n\n    indented *not emphasis*</code></pre>"
    );
}

#[test]
fn codeblock_caption_link_and_marks() {
    let out = html(
        "{% codeblock _.compact http://underscorejs.org/#compact Underscore.js mark:2 %}\na\nb\n{% endcodeblock %}",
    );
    assert!(out.contains("<figcaption><span>_.compact</span><a href=\"http://underscorejs.org/#compact\">Underscore.js</a></figcaption>"), "{out}");
    assert!(
        out.contains("<span class=\"hl-line hl-mark\">b</span>"),
        "{out}"
    );
}

#[test]
fn blockquote_forms() {
    let cases = [
        ("", "<blockquote><p>Q</p></blockquote>"),
        ("David Levithan, Wide Awake", "<footer><strong>David Levithan</strong><cite>Wide Awake</cite></footer>"),
        ("@DevDocs https://twitter.com/devdocs/status/356095192085962752", "<footer><strong>@DevDocs</strong><cite><a href=\"https://twitter.com/devdocs/status/356095192085962752\">twitter.com/devdocs/status/356095192085962752</a></cite></footer>"),
        ("Seth Godin http://sethgodin.typepad.com/seths_blog/2009/07/welcome-to-island-marketing.html Welcome to Island Marketing", "<footer><strong>Seth Godin</strong><cite><a href=\"http://sethgodin.typepad.com/seths_blog/2009/07/welcome-to-island-marketing.html\">Welcome to Island Marketing</a></cite></footer>"),
        ("Ada", "<footer><strong>Ada</strong></footer>"),
    ];
    for (args, needle) in cases {
        let out = html(&format!(
            "{{% blockquote {args} %}}\nQ\n{{% endblockquote %}}"
        ));
        assert!(out.contains(needle), "{args}: {out}");
    }
    let out = html("{% quote %}\nThe *engine*.\n{% endquote %}");
    assert!(
        out.contains("<blockquote><p>The <em>engine</em>.</p></blockquote>"),
        "{out}"
    );
}

#[test]
fn block_bodies_expand_their_own_tags_and_markdown() {
    let out = html("{% note info %}\n**Hi** {% link Rust https://rust-lang.org %}\n\n```js\nlet a\n```\n{% endnote %}");
    assert!(out.starts_with("<div class=\"note note-info\"><p><strong>Hi</strong> <a href=\"https://rust-lang.org\">Rust</a></p>"), "{out}");
    assert!(
        out.contains("<code class=\"language-js\"><span class=\"hl-k\">"),
        "{out}"
    );
    assert!(html("{% note %}\nx\n{% endnote %}").contains("note-default"));
    assert!(html("{% note red no-icon %}\nx\n{% endnote %}").contains("note-danger"));
    let out = html("{% pullquote left %}\nSaid.\n{% endpullquote %}");
    assert_eq!(
        out,
        "<blockquote class=\"pullquote left\"><p>Said.</p></blockquote>"
    );
}

#[test]
fn block_bodies_lose_their_common_indentation() {
    let out = html("- item\n\n  {% codeblock %}\n    a\n      b\n  {% endcodeblock %}\n");
    assert!(out.contains("<pre><code>a\n  b</code></pre>"), "{out}");
}

#[test]
fn img_forms() {
    let cases = [
        ("/a.png", "<img src=\"/a.png\">"),
        ("left https://x/y.png 200 100 '\"A title\" \"Alt\"'", "<img src=\"https://x/y.png\" width=\"200\" height=\"100\" title=\"A title\" alt=\"Alt\">"),
        ("https://x/y.png 200 \"A title\"", "<img src=\"https://x/y.png\" width=\"200\" title=\"A title\" alt=\"A title\">"),
        ("./rel.png", "<img src=\"./rel.png\">"),
    ];
    for (args, expected) in cases {
        let out = html(&format!("{{% img {args} %}}"));
        assert_eq!(out, format!("{expected}"), "{args}");
    }
    assert_eq!(
        image_meta_pub("'just title'"),
        (Some("just title".into()), None)
    );
}

fn image_meta_pub(meta: &str) -> (Option<String>, Option<String>) {
    let src = format!("/x.png {meta}");
    let out = html(&format!("{{% img {src} %}}"));
    let attr = |name: &str| {
        out.split(&format!(" {name}=\""))
            .nth(1)
            .map(|r| r[..r.find('"').unwrap()].to_string())
    };
    (
        attr("title"),
        attr("alt").filter(|a| Some(a) != attr("title").as_ref()),
    )
}

#[test]
fn links_and_urls() {
    assert_eq!(
        html("{% link Rust https://rust-lang.org true Home page %}"),
        "<a href=\"https://rust-lang.org\" title=\"Home page\">Rust</a>"
    );
    assert_eq!(html("{% a Docs /docs/ %}"), "<a href=\"/docs/\">Docs</a>");
    assert_eq!(
        html("{% url_for About /about/ %}"),
        "<a href=\"/about/\">About</a>"
    );
}

#[test]
fn embeds_stay_within_the_policy() {
    let yt = html("{% youtube lJIrF4YjHfQ %}");
    assert!(
        yt.contains("src=\"https://www.youtube-nocookie.com/embed/lJIrF4YjHfQ\""),
        "{yt}"
    );
    let list = html("{% youtube PL9hW1uS6HUfscJ9DHkOSoOX45MjXduUxo 'playlist' false %}");
    assert!(
        list.contains("embed/videoseries?list=PL9hW1uS6HUfscJ9DHkOSoOX45MjXduUxo"),
        "{list}"
    );
    assert!(html("{% vimeo 82090131 %}").contains("https://player.vimeo.com/video/82090131"));
    let gist = html("{% gist meredrica/088f5a593a5a7a5a4b6c a.js %}");
    assert!(!gist.contains("<script"), "{gist}");
    assert!(
        gist.contains("href=\"https://gist.github.com/meredrica/088f5a593a5a7a5a4b6c#file-a-js\""),
        "{gist}"
    );
    let fiddle = html("{% jsfiddle xyz123 default light %}");
    assert!(
        fiddle.contains("<a href=\"https://jsfiddle.net/xyz123/\">") && !fiddle.contains("iframe"),
        "{fiddle}"
    );
    let other = html("{% iframe https://example.com/page 400 300 %}");
    assert!(
        other.contains("<a href=\"https://example.com/page\">") && !other.contains("iframe"),
        "{other}"
    );
    let video = html("{% iframe https://player.bilibili.com/player.html?bvid=1 %}");
    assert!(
        video.contains("<iframe src=\"https://player.bilibili.com/player.html?bvid=1\""),
        "{video}"
    );
    assert!(!html("{% youtube '\"><script>' %}").contains("<script"));
}

#[test]
fn arguments_are_escaped() {
    let out = html("{% link \"<b>x</b>\" 'https://a/\"onmouseover=alert(1)' %}");
    assert!(
        !out.contains("<b>") && !out.contains("\"onmouseover"),
        "{out}"
    );
    let out = html("{% blockquote <img/src/onerror=alert(1)> %}\nq\n{% endblockquote %}");
    assert!(!out.contains("<img"), "{out}");
}

#[test]
fn hexo_math_tags_are_block_formulas() {
    let out =
        html("{% katex '{\"displayMode\": true}' %}\nc = \\pm\\sqrt{a^2 + b^2}\n{% endkatex %}");
    assert!(
        out.starts_with("<math display=\"block\">") && out.contains("<msqrt>"),
        "{out}"
    );
    assert!(html("{% mathjax %}\n\\frac{1}{2}\n{% endmathjax %}").contains("<mfrac>"));
    assert_eq!(
        kinds("{% mathjax %}\nx^^2\n{% endmathjax %}").len(),
        1,
        "a broken formula is reported"
    );
}

#[test]
fn raw_is_html_as_written() {
    assert_eq!(
        html("{% raw %}\n<div>*x* {{ y }}</div>\n{% endraw %}"),
        "<div>*x* {{ y }}</div>"
    );
}

/// A site with one post, one asset and one code file.
#[derive(Debug)]
struct OneOfEach;

impl Site for OneOfEach {
    fn post(&self, from: &str, name: &str) -> Option<Post> {
        assert_eq!(from, "posts/a.md");
        (name == "hello-world").then(|| Post {
            url: "#/a/hello-world".into(),
            title: "Hello <World>".into(),
        })
    }

    fn asset(&self, from: &str, name: &str) -> Option<String> {
        assert_eq!(from, "posts/a.md");
        (name == "cat.jpg").then(|| "/posts/a/cat.jpg".into())
    }

    fn code_file(&self, path: &str) -> Option<CodeFile> {
        (path == "demo/hello.py").then(|| CodeFile {
            text: "import os\nprint('a')\nprint('b')\n".into(),
            url: Some("/downloads/code/demo/hello.py".into()),
        })
    }

    fn full_url_for(&self, path: &str) -> Option<String> {
        Some(format!("https://example.org{path}"))
    }
}

#[test]
fn site_tags_resolve_through_the_site() {
    let options = Options::new(Arc::new(OneOfEach));
    let (out, problems) = render_with(
        "{% post_link hello-world %} {% post_link hello-world#part Read it %} {% post_path hello-world %}\n\n\
         {% asset_img cat.jpg 'A cat' %} {% asset_link cat.jpg %} {% asset_path cat.jpg %}\n\n\
         {% full_url_for Home /about/ %}\n\n{% include_code Hi lang:python from:2 to:3 demo/hello.py %}\n\n\
         [Markdown link]({% post_path hello-world %}) ![picture]({% asset_path cat.jpg %})",
        &options,
    );
    assert!(problems.is_empty(), "{problems:?}");
    for needle in [
        "<a href=\"#/a/hello-world\" title=\"Hello &lt;World&gt;\">Hello &lt;World&gt;</a>",
        "<a href=\"#/a/hello-world#part\" title=\"Hello &lt;World&gt;\">Read it</a>",
        " #/a/hello-world</p>",
        "<img src=\"/posts/a/cat.jpg\" title=\"A cat\" alt=\"A cat\">",
        "<a href=\"/posts/a/cat.jpg\" title=\"cat.jpg\">cat.jpg</a> /posts/a/cat.jpg",
        "<a href=\"https://example.org/about/\">Home</a>",
        "<figcaption><span>Hi</span><a href=\"/downloads/code/demo/hello.py\">view raw</a></figcaption>",
        "<code class=\"language-python\"><span class=\"hl-f\">print</span>",
        "<a href=\"#/a/hello-world\">Markdown link</a> <img src=\"/posts/a/cat.jpg\" alt=\"picture\" />",
    ] {
        assert!(out.contains(needle), "{needle} missing in {out}");
    }
    assert!(!out.contains("import"), "from:2 skips line 1: {out}");
}

#[test]
fn without_a_site_names_are_reported_where_they_are() {
    let (out, problems) = render_with(
        "one\n\n{% post_link hello-world 'Hello' %} and {% asset_img cat.jpg %}\n\n   {% include_code x.js %}",
        &Options::default(),
    );
    assert!(out.contains("<p>one</p>\n<p>Hello and </p>"), "{out}");
    let got: Vec<(Pos, String)> = problems
        .iter()
        .map(|p| (p.pos, p.kind.to_string()))
        .collect();
    assert_eq!(got.len(), 3, "{got:?}");
    assert_eq!(got[0].0, Pos::new(3, 1));
    assert!(
        got[0].1.contains("post_link") && got[0].1.contains("hello-world"),
        "{got:?}"
    );
    assert_eq!(got[1].0, Pos::new(3, 41));
    assert_eq!(got[2].0, Pos::new(5, 4));
    assert!(got[2].1.contains("x.js"), "{got:?}");
}

#[test]
fn unknown_tags_stay_as_text_with_a_warning_on_their_line() {
    let source = Source {
        path: "a.md",
        body: "line one\n\nsee {% fancybox a.png %} here\n{% tabs x %}\na\n{% endtabs %}",
        body_line: 7,
    };
    let out = expand(&source, &Options::default());
    assert_eq!(out.text, source.body);
    let got: Vec<(Pos, Kind)> = out.problems.into_iter().map(|p| (p.pos, p.kind)).collect();
    assert_eq!(
        got,
        [
            (Pos::new(9, 5), Kind::UnknownTag("fancybox".into())),
            (Pos::new(10, 1), Kind::UnknownTag("tabs".into())),
        ]
    );
}

#[test]
fn unclosed_block_tag_is_reported_not_lost() {
    let (out, problems) = render_with("{% codeblock %}\ncode", &Options::default());
    assert!(out.contains("{% codeblock %}"), "{out}");
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].kind, Kind::UnclosedTag("codeblock".into()));
}

#[test]
fn tags_in_code_and_comments_are_text() {
    let cases = [
        // Inline code, of one, two and three backticks, holding backticks.
        "Use `{% raw %}` and ``{% a `b` %}`` or ```{% x ``y`` %}```.",
        // Fenced code, with backticks and tildes, longer closing fences, and inside a list.
        "```\n{% raw %}\n```\n",
        "~~~~ md\n{% endraw %}\n~~~\n{% still code %}\n~~~~~\n",
        "1. Step\n\n   ```html\n   {% include x.html %}\n   ```\n\n2. Next",
        "- item\n  ```\n  {% foo %}\n  ```",
        "> quoted\n> ```\n> {% foo %}\n> ```",
        // Indented code, after a paragraph break, and in a list item (8 columns in).
        "Para\n\n    {% foo %}\n    {% bar %}\n\nAfter",
        "- item\n\n        {% foo %}\n",
        // HTML comments, one line or several.
        "Text <!-- {% foo %} --> more",
        "<!--\n{% foo %}\n\n{% bar %}\n-->",
    ];
    for body in cases {
        assert_eq!(kinds(body), [], "{body:?}");
        let out = html(body);
        assert!(out.contains("{%"), "{body:?} lost its text: {out}");
    }
}

#[test]
fn tags_next_to_code_still_count() {
    let cases = [
        // An unclosed backtick is a backtick.
        "A ` tick {% foo %}",
        // A code span never crosses a blank line.
        "A `tick\n\n{% foo %} `",
        // Four spaces continuing a list item are not code.
        "- item\n\n    {% foo %}",
        // A tag right after a closed fence.
        "```\ncode\n```\n{% foo %}",
        // After an escaped backtick.
        "\\`{% foo %}`",
    ];
    for body in cases {
        assert_eq!(kinds(body), [Kind::UnknownTag("foo".into())], "{body:?}");
    }
}

#[test]
fn indented_code_is_left_alone_but_list_continuations_are_not() {
    let blocks = code_blocks("a\n\n    code\n\n    more\n\nb\n\n- x\n\n    para\n");
    assert_eq!(blocks.len(), 1, "{blocks:?}");
    assert_eq!(
        &"a\n\n    code\n\n    more\n\nb\n\n- x\n\n    para\n"[blocks[0].clone()],
        "    code\n\n    more"
    );
}

#[test]
fn placeholders_an_article_writes_are_not_filled() {
    let out = html("{% link a /b %} <!--\u{FFFC}0--> <!--\u{FFFC}9-->");
    assert_eq!(out.matches("<a href").count(), 1, "{out}");
}

#[test]
fn positions_after_tags_map_back_to_the_body() {
    let (_, problems) = render_with("{% link a /b %} and $x^^2$ here", &Options::default());
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].pos, Pos::new(1, 21));
}

#[test]
fn split_args_quoting() {
    assert_eq!(
        split_args("a \"b c\" 'd e' f:\"g h\""),
        ["a", "b c", "d e", "f:g h"]
    );
    assert_eq!(split_args("  "), Vec::<String>::new());
    assert_eq!(split_args("\"\""), [""]);
    assert_eq!(split_args("Hexo's site \"x y\""), ["Hexo's", "site", "x y"]);
    assert_eq!(
        html("{% link Hexo https://hexo.io true Hexo's site %}"),
        "<a href=\"https://hexo.io\" title=\"Hexo&#39;s site\">Hexo</a>"
    );
}

/// The fixtures of `tests/fixtures/hexo/posts`, each through the whole article pipeline
/// (sanitized), as reviewed HTML snapshots, and with the warnings they should give. Hexo's own
/// rendering of the same posts was compared by hand; see each fixture.
#[test]
fn hexo_fixtures_render_as_reviewed() {
    use crate::bundler::article;
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/hexo/posts");
    let expected_warnings: &[(&str, &[&str])] = &[
        ("code-and-text.md", &[]),
        ("markdown.md", &["32:18: formula left as text"]),
        ("tag-plugins.md", &[]),
    ];
    for (name, warnings) in expected_warnings {
        let text = std::fs::read_to_string(format!("{dir}/{name}")).unwrap();
        let (article, problems) =
            article::from_text(name, &text, &article::Options::default()).unwrap();
        let got: Vec<String> = problems
            .iter()
            .map(|p| format!("{}:{}: {}", p.pos.line, p.pos.col, p.kind))
            .collect();
        assert_eq!(got.len(), warnings.len(), "{name}: {got:?}");
        for (g, w) in got.iter().zip(warnings.iter()) {
            assert!(g.starts_with(w), "{name}: {g} is not {w}");
        }
        insta::assert_snapshot!(name.to_string(), article.html);
    }
}

/// Bodies made of the pieces the scanners look for, in random order: never a panic, every
/// placeholder filled, and positions within the body.
#[test]
fn random_bodies_of_tricky_pieces() {
    use crate::bundler::article;
    use crate::gen::Rng;
    const PIECES: &[&str] = &[
        "{%",
        "%}",
        " ",
        "\n",
        "\n\n",
        "`",
        "``",
        "```",
        "~~~",
        "    ",
        "- ",
        "1. ",
        "> ",
        "<!--",
        "-->",
        "$",
        "$$",
        "\\",
        "'",
        "\"",
        "codeblock",
        "endcodeblock",
        "note",
        "endnote",
        "raw",
        "endraw",
        "img",
        "link",
        "post_path",
        "x",
        "中",
        "ไ",
        "é",
        "https://a.b/c",
        "www.x.y",
        "[^1]",
        "[^1]: ",
        "|",
        "---",
        "<div>",
        "</div>",
        "\u{FFFC}",
        "<folio-tag-0/>",
        "<!--\u{FFFC}0-->",
        "{% raw %}",
        "{% endraw %}",
        "{% codeblock lang:rust %}",
        "{% endcodeblock %}",
        "{% note info %}",
        "{% endnote %}",
        "{% img /a.png 1 2 'a' %}",
        "{% link a /b %}",
        "{% mathjax %}",
        "{% endmathjax %}",
        "\\frac{1}{2}",
        "x^^2",
        "{% blockquote a, b %}",
        "{% endblockquote %}",
    ];
    let mut rng = Rng::new(14);
    for _ in 0..3000 {
        let n = 1 + rng.below(40);
        let body: String = (0..n).map(|_| *rng.pick(PIECES)).collect();
        let text = format!("---\ntitle: t\n---\n{body}");
        let (a, problems) = article::from_text("r.md", &text, &article::Options::default())
            .unwrap_or_else(|e| panic!("{body:?}: {e:?}"));
        assert!(!a.html.contains("<folio-tag"), "{body:?}: {}", a.html);
        assert!(!a.html.contains("<!--"), "{body:?}: {}", a.html);
        let lines = text.lines().count() + 1;
        for p in problems {
            assert!(p.pos.line >= 4 && p.pos.line <= lines, "{body:?}: {p:?}");
        }
    }
}
