use super::*;

/// Known XSS vectors (OWASP cheat sheet, html5sec, PortSwigger). None may survive sanitizing
/// with anything that can run.
pub const XSS_VECTORS: &[&str] = &[
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/xss.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<img src=\"javascript:alert(1)\">",
    "<IMG SRC=JaVaScRiPt:alert(1)>",
    "<img src=`javascript:alert(1)`>",
    "<img src=\"jav&#x09;ascript:alert(1);\">",
    "<img src=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<a href=\"  javascript:alert(1)\">x</a>",
    "<a href=\"vbscript:msgbox(1)\">x</a>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<body onload=alert(1)>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
    "<iframe src=\"https://evil.example/\"></iframe>",
    "<object data=\"javascript:alert(1)\"></object>",
    "<embed src=\"javascript:alert(1)\">",
    "<form action=\"javascript:alert(1)\"><input type=submit></form>",
    "<button formaction=\"javascript:alert(1)\">x</button>",
    "<base href=\"javascript:alert(1)//\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<link rel=stylesheet href=\"javascript:alert(1)\">",
    "<style>@import 'javascript:alert(1)';</style>",
    "<div style=\"background:url(javascript:alert(1))\">x</div>",
    "<div style=\"position:fixed;top:0;left:0;width:100%;height:100%\">cover</div>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    "<marquee onstart=alert(1)>x</marquee>",
    "<input autofocus onfocus=alert(1)>",
    "<select autofocus onfocus=alert(1)>",
    "<textarea autofocus onfocus=alert(1)>",
    "<keygen autofocus onfocus=alert(1)>",
    "<isindex type=image src=1 onerror=alert(1)>",
    "<img src=1 href=1 onerror=\"javascript:alert(1)\"></img>",
    "<<script>script>alert(1)//<</script>/script>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<a href=\"jav\u{0}ascript:alert(1)\">x</a>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "<template><script>alert(1)</script></template>",
    "<a href=\"#\" onclick=\"alert(1)\">x</a>",
    "<div id=\"app\">clobber</div><form name=\"getElementById\"></form>",
    "<xss onafterscriptexecute=alert(1)><script>1</script>",
    "<img src=\"data:text/html,<script>alert(1)</script>\">",
    "<a href=\"data:image/svg+xml,<svg onload=alert(1)>\">x</a>",
    "<video poster=javascript:alert(1)//></video>",
];

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
    "<input",
    "<button",
    "<textarea",
    "<select",
    "<template",
    "<svg",
    "<math",
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
    assert!(XSS_VECTORS.len() >= 30);
    for vector in XSS_VECTORS {
        let out = sanitize(vector).html.to_ascii_lowercase();
        for bad in FORBIDDEN {
            assert!(!out.contains(bad), "{vector:?} left {bad:?} in {out:?}");
        }
    }
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
fn harmless_styles_stay_dangerous_ones_go() {
    let html = sanitize("<p style=\"text-align: center; position: fixed; z-index: 9\">x</p>").html;
    assert!(html.contains("text-align"), "{html}");
    assert!(
        !html.contains("position") && !html.contains("z-index"),
        "{html}"
    );
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
        "<img src=\"a.png\" loading=\"eager\"><iframe src=\"https://player.vimeo.com/1\"></iframe>",
    )
    .html;
    assert!(html.contains("<img src=\"a.png\" loading=\"lazy\" decoding=\"async\" referrerpolicy=\"no-referrer\">"), "{html}");
    assert!(html.contains("sandbox=\"allow-scripts allow-same-origin allow-presentation allow-popups\" loading=\"lazy\" referrerpolicy=\"no-referrer\">"), "{html}");
    assert_eq!(permutations(3).len(), 6);
}
