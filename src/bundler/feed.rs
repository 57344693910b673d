//! Stage 14 (optional): `atom.xml` and `sitemap.xml`, only built with `--site-url`.
//!
//! [`atom`] takes the newest rows (newest first), the site's public URL and a title; [`sitemap`]
//! takes every article's slug and date, newest first, and the URL. Each returns its document as
//! text. Article links are the app's addresses (`<site>#/a/<slug>`); every string from an
//! article is XML-escaped.

use jiff::Timestamp;

use crate::model::Row;

/// Entries in the Atom feed.
pub const FEED_ENTRIES: usize = 50;
/// The feed's title when the site has none.
pub const DEFAULT_TITLE: &str = "Folio";
/// URLs in the sitemap at most: the protocol's limit per file.
pub const SITEMAP_MAX_URLS: usize = 50_000;
/// Bytes of the sitemap at most, below the protocol's 50 MB and the bundle's 5 MiB per file.
pub const SITEMAP_MAX_BYTES: usize = 4 * 1024 * 1024;

/// Escapes text for XML, dropping the control characters XML 1.0 cannot carry at all.
fn escape(text: &str) -> String {
    let kept: String = text
        .chars()
        .filter(|&c| (c as u32) >= 0x20 || matches!(c, '\t' | '\n' | '\r'))
        .collect();
    super::text::escape_markup(&kept)
}

fn rfc3339(secs: i64) -> String {
    Timestamp::from_second(secs)
        .map(|t| t.to_string())
        .unwrap_or_else(|_| "1970-01-01T00:00:00Z".into())
}

/// The site URL with exactly one trailing slash.
fn base(site_url: &str) -> String {
    format!("{}/", site_url.trim_end_matches('/'))
}

/// The app's address of an article.
pub fn article_url(site_url: &str, slug: &str) -> String {
    let mut encoded = String::with_capacity(slug.len() * 3);
    for b in slug.bytes() {
        if b.is_ascii_alphanumeric() || b == b'-' {
            encoded.push(b as char);
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    format!("{}#/a/{encoded}", base(site_url))
}

/// An Atom feed of the newest [`FEED_ENTRIES`] of `rows` (given newest first).
pub fn atom(rows: &[Row], site_url: &str, title: &str) -> String {
    let site = base(site_url);
    let updated = rows.iter().filter_map(|a| a.date).max().unwrap_or(0);
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n  <title>{}</title>\n  <id>{}</id>\n  <link href=\"{}\"/>\n  <link rel=\"self\" href=\"{}atom.xml\"/>\n  <updated>{}</updated>\n",
        escape(title),
        escape(&site),
        escape(&site),
        escape(&site),
        rfc3339(updated)
    );
    for a in rows.iter().take(FEED_ENTRIES) {
        let url = article_url(site_url, &a.slug);
        let when = rfc3339(a.date.unwrap_or(updated));
        xml.push_str("  <entry>\n");
        xml.push_str(&format!("    <title>{}</title>\n", escape(&a.title)));
        xml.push_str(&format!("    <id>{}</id>\n", escape(&url)));
        xml.push_str(&format!("    <link href=\"{}\"/>\n", escape(&url)));
        xml.push_str(&format!("    <updated>{when}</updated>\n"));
        if let Some(author) = &a.author {
            xml.push_str(&format!(
                "    <author><name>{}</name></author>\n",
                escape(author)
            ));
        }
        for path in &a.categories {
            xml.push_str(&format!(
                "    <category term=\"{}\"/>\n",
                escape(&path.join("/"))
            ));
        }
        xml.push_str(&format!("    <summary>{}</summary>\n", escape(&a.excerpt)));
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    xml
}

/// A sitemap of the list and the articles (slug and date, given newest first), up to
/// [`SITEMAP_MAX_URLS`] URLs and [`SITEMAP_MAX_BYTES`] bytes: the newest ones of a larger archive.
pub fn sitemap<'a>(
    articles: impl Iterator<Item = (&'a str, Option<i64>)>,
    site_url: &str,
) -> String {
    const END: &str = "</urlset>\n";
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    xml.push_str(&format!(
        "  <url><loc>{}</loc></url>\n",
        escape(&base(site_url))
    ));
    for (slug, date) in articles.take(SITEMAP_MAX_URLS - 1) {
        let lastmod = date
            .map(|d| format!("<lastmod>{}</lastmod>", rfc3339(d)))
            .unwrap_or_default();
        let url = format!(
            "  <url><loc>{}</loc>{lastmod}</url>\n",
            escape(&article_url(site_url, slug))
        );
        if xml.len() + url.len() + END.len() > SITEMAP_MAX_BYTES {
            break;
        }
        xml.push_str(&url);
    }
    xml.push_str(END);
    xml
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(n: usize) -> Vec<Row> {
        (0..n)
            .map(|i| Row {
                slug: format!("文章-{i}"),
                title: format!("<T{i}> & \"q\""),
                date: Some(1_600_000_000 - i as i64),
                author: Some("A & B".into()),
                categories: vec![vec!["News".into(), "<Daily>".into()]],
                excerpt: "x\u{1} <b>".into(),
                ..Default::default()
            })
            .collect()
    }

    #[test]
    fn atom_escapes_and_caps_entries() {
        let xml = atom(&rows(60), "https://me.example/blog", "My <site>");
        assert_eq!(xml.matches("<entry>").count(), FEED_ENTRIES);
        assert!(xml.contains("<title>My &lt;site&gt;</title>"));
        assert!(xml.contains("<title>&lt;T0&gt; &amp; &quot;q&quot;</title>"));
        assert!(xml.contains("<link href=\"https://me.example/blog/#/a/%E6%96%87%E7%AB%A0-0\"/>"));
        assert!(xml.contains("<name>A &amp; B</name>"));
        assert!(xml.contains("<category term=\"News/&lt;Daily&gt;\"/>"));
        assert!(xml.contains("<summary>x &lt;b&gt;</summary>"));
        assert!(xml.contains("<updated>2020-09-13T12:26:40Z</updated>"));
    }

    #[test]
    fn sitemap_lists_every_article_up_to_its_limits() {
        let all = rows(3);
        let xml = sitemap(
            all.iter().map(|r| (r.slug.as_str(), r.date)),
            "https://me.example/",
        );
        assert_eq!(xml.matches("<url>").count(), 4);
        assert!(xml.contains("<loc>https://me.example/</loc>"));
        assert!(xml.ends_with("</urlset>\n"));
        let slugs: Vec<String> = (0..60_000).map(|i| format!("s{i}")).collect();
        let xml = sitemap(
            slugs.iter().map(|s| (s.as_str(), None)),
            "https://me.example/",
        );
        assert_eq!(xml.matches("<url>").count(), SITEMAP_MAX_URLS);
        let long: Vec<String> = (0..40_000)
            .map(|i| format!("{i}-{}", "文".repeat(80)))
            .collect();
        let xml = sitemap(
            long.iter().map(|s| (s.as_str(), Some(0))),
            "https://me.example/",
        );
        assert!(xml.len() <= SITEMAP_MAX_BYTES && xml.ends_with("</urlset>\n"));
        assert!(xml.contains("0-文") || xml.contains("0-%E6"));
    }
}
