use super::*;

/// Known XSS vectors (OWASP cheat sheet, html5sec, PortSwigger), one per line in
/// `tests/fixtures/xss/vectors.txt`, shared with the browser tests. None may survive sanitizing
/// with anything that can run.
pub fn xss_vectors() -> Vec<&'static str> {
    include_str!("../../../tests/fixtures/xss/vectors.txt")
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .chain(["<a href=\"jav\u{0}ascript:alert(1)\">x</a>"])
        .collect()
}

/// What must not appear (case-insensitively) in sanitized output.
pub const FORBIDDEN: &[&str] = &[
    "<script",
    "<style",
    "<object",
    "<embed",
    "<form",
    "<base",
    "<meta",
    "<link",
    "<button",
    "<textarea",
    "<select",
    "<template",
    "<svg",
    "javascript:",
    "vbscript:",
    "srcdoc",
    " on",
    "\ton",
    "data:text",
    "position",
    "evil.example",
    "formaction",
];

#[test]
fn no_vector_survives() {
    let vectors = xss_vectors();
    assert!(vectors.len() >= 50, "{}", vectors.len());
    for vector in vectors {
        let html = sanitize(vector).html;
        let out = html.to_ascii_lowercase();
        for bad in FORBIDDEN {
            assert!(!out.contains(bad), "{vector:?} left {bad:?} in {out:?}");
        }
        // An input is only ever a disabled checkbox (task lists).
        for input in out.match_indices("<input").map(|(i, _)| &out[i..]) {
            let tag = &input[..input.find('>').unwrap() + 1];
            assert!(
                tag == "<input type=\"checkbox\" disabled=\"\">"
                    || tag == "<input checked=\"\" type=\"checkbox\" disabled=\"\">",
                "{vector:?} left {tag:?}"
            );
        }
        // Sanitized HTML reads back as itself: no markup that the browser's parser would
        // rebuild into something else (the mutation-XSS shape).
        assert_eq!(sanitize(&html).html, html, "{vector:?} is not stable");
    }
}

#[test]
fn folio_markup_passes_and_nothing_else() {
    let cases = [
        // Highlighted code: known classes; line numbers only as digits.
        (
            "<span class=\"hl-k hl-nope\" data-line=\"12\">fn</span><span data-line=\"1x\" class=\"evil\">y</span>",
            "<span class=\"hl-k\" data-line=\"12\">fn</span><span>y</span>",
        ),
        // Notes, footnotes, pull quotes, embeds' links.
        (
            "<div class=\"note note-warning big\"><p class=\"embed-link x\">a</p></div>",
            "<div class=\"note note-warning\"><p class=\"embed-link\">a</p></div>",
        ),
        (
            "<blockquote class=\"pullquote left\">q</blockquote><a href=\"#fnref-1\" class=\"footnote-backref\">↩</a>",
            "<blockquote class=\"pullquote left\">q</blockquote><a href=\"#a-fnref-1\" class=\"footnote-backref\" rel=\"noopener noreferrer\">↩</a>",
        ),
        // Task lists.
        (
            "<li><input disabled=\"\" type=\"checkbox\" checked=\"\"/> done</li>",
            "<li><input checked=\"\" type=\"checkbox\" disabled=\"\"> done</li>",
        ),
        ("<input type=\"text\" value=\"x\">", "<input type=\"checkbox\" disabled=\"\">"),
        // MathML with its presentation attributes and layout classes, nothing more.
        (
            "<math display=\"block\" onclick=\"x\"><mfrac linethickness=\"0\"><mi mathvariant=\"normal\" href=\"https://x\">a</mi><mn>2</mn></mfrac><mtable class=\"menv-matrix evil\"><mtr><mtd>1</mtd></mtr></mtable></math>",
            "<math display=\"block\"><mfrac linethickness=\"0\"><mi mathvariant=\"normal\">a</mi><mn>2</mn></mfrac><mtable class=\"menv-matrix\"><mtr><mtd>1</mtd></mtr></mtable></math>",
        ),
    ];
    for (input, expected) in cases {
        assert_eq!(sanitize(input).html, expected, "{input}");
    }
}

#[test]
fn inline_code_and_blocks_separate_words_in_the_text() {
    let out = sanitize(
        "<p>fichero<code>package.json</code>de Hexoの</p><p>issue</p><p>run <code>x</code>.</p><p>中文<code>代码</code></p>",
    );
    assert_eq!(
        out.text,
        "fichero package.json de Hexoの\nissue\nrun x.\n中文 代码"
    );
}

#[test]
fn images_keep_size_and_get_safe_loading_attributes() {
    let out = sanitize("<img src=\"https://img.ithome.com/a.jpeg\" w=\"864\" width=\"864\" height=\"548\" referrerpolicy=\"no-referrer\">");
    let html = out.html;
    for needle in [
        "width=\"864\"",
        "height=\"548\"",
        "referrerpolicy=\"no-referrer\"",
        "loading=\"lazy\"",
        "decoding=\"async\"",
    ] {
        assert!(html.contains(needle), "{needle} missing in {html}");
    }
    assert!(!html.contains(" w="), "{html}");
    assert_eq!(
        out.first_image.as_deref(),
        Some("https://img.ithome.com/a.jpeg")
    );
}

#[test]
fn data_images_only_in_img() {
    let out = sanitize(
        "<img src=\"data:image/png;base64,iVBORw0KGgo=\"><a href=\"data:image/png;base64,x\">l</a>",
    );
    assert!(
        out.html.contains("<img src=\"data:image/png"),
        "{}",
        out.html
    );
    assert!(!out.html.contains("href=\"data:"), "{}", out.html);
}

#[test]
fn links_get_rel() {
    let html = sanitize("<a href=\"https://example.com/\">x</a>").html;
    assert!(html.contains("rel=\"noopener noreferrer\""), "{html}");
}

#[test]
fn video_iframes_are_sandboxed_others_lose_their_source() {
    let html = sanitize(
        "<iframe src=\"https://player.bilibili.com/player.html?bvid=1\" allowfullscreen></iframe>",
    )
    .html;
    assert!(
        html.contains("src=\"https://player.bilibili.com/"),
        "{html}"
    );
    assert!(html.contains("sandbox=\""), "{html}");
    let html = sanitize("<iframe src=\"https://player.bilibili.com.evil.example/\"></iframe>").html;
    assert!(!html.contains("src="), "{html}");
}

#[test]
fn style_attributes_are_dropped() {
    // A strict CSP (`style-src 'self'`) would refuse them anyway, and they could cover the page.
    let html = sanitize("<p style=\"text-align: center; position: fixed; z-index: 9\">x</p>").html;
    assert_eq!(html, "<p>x</p>");
}

#[test]
fn ids_and_in_page_links_are_prefixed_together() {
    let html = sanitize("<a href=\"#note\">n</a><p id=\"note\">x</p>").html;
    assert!(
        html.contains("href=\"#a-note\"") && html.contains("id=\"a-note\""),
        "{html}"
    );
}

#[test]
fn text_has_blocks_on_lines_and_entities_decoded() {
    let out = sanitize("<div>   <p>第一段 &#123;x&#125;</p><p>Second   <b>para</b></p><script>bad()</script></div>");
    assert_eq!(out.text, "第一段 {x}\nSecond para");
}

#[test]
fn code_keeps_only_a_language_class() {
    let html = sanitize(
        "<pre><code class=\"language-rust evil\">x</code></pre><code class=\"x\">y</code>",
    )
    .html;
    assert!(html.contains("<code class=\"language-rust\">"), "{html}");
    assert!(html.contains("<code>y</code>"), "{html}");
}

#[test]
fn forced_attributes_come_out_in_one_order() {
    let html = sanitize(
        "<img src=\"m/3f/3f09a4c1d2e5b687.png\" loading=\"eager\"><iframe src=\"https://player.vimeo.com/1\"></iframe>\
         <img src=\"not-in-the-bundle.png\" alt=\"x\" width=\"2\">",
    )
    .html;
    assert!(html.contains("<img src=\"m/3f/3f09a4c1d2e5b687.png\" loading=\"lazy\" decoding=\"async\" referrerpolicy=\"no-referrer\">"), "{html}");
    // A refused URL's place does not move the forced attributes.
    assert!(html.contains("<img alt=\"x\" width=\"2\" loading=\"lazy\" decoding=\"async\" referrerpolicy=\"no-referrer\">"), "{html}");
    assert!(html.contains("sandbox=\"allow-scripts allow-same-origin allow-presentation allow-popups\" loading=\"lazy\" referrerpolicy=\"no-referrer\">"), "{html}");
}

#[test]
fn iframe_content_is_dropped() {
    // Found by fuzzing: raw text inside an allowed iframe came back out unescaped.
    let html = sanitize("<iframe src=\"https://www.youtube.com/embed/x\">&lt;/ifra <script>a</p></iframe><p>after</p>").html;
    assert!(!html.to_ascii_lowercase().contains("<script"), "{html}");
    assert!(
        html.contains("referrerpolicy=\"no-referrer\"></iframe><p>after</p>"),
        "{html}"
    );
    let html = sanitize("<iframe src=\"https://player.vimeo.com/1\">x").html;
    assert!(html.ends_with("></iframe>"), "{html}");
}

#[test]
fn image_urls() {
    for ok in [
        "https://a/b.png",
        "http://a",
        "//cdn/x.png",
        "img/a.png",
        "/a.png",
        "a.png?x=1:2",
    ] {
        assert!(is_safe_image_url(ok), "{ok}");
    }
    for bad in [
        "javascript:alert(1)",
        "data:image/png;base64,xx",
        "JaVaScRiPt:x",
        "vbscript:x",
        "x\"onerror=1",
    ] {
        assert!(!is_safe_image_url(bad), "{bad}");
    }
}
