//! Stage 11 (optional): `atom.xml` and `sitemap.xml` from the finished [`Index`].
//!
//! Takes the index, the site's public URL and a title; returns the two documents as text. Only
//! built with `--site-url`. Article links are the app's addresses (`<site>#/a/<slug>`); every
//! string from an article is XML-escaped.

use jiff::Timestamp;

use crate::model::Index;

/// Entries in the Atom feed.
pub const FEED_ENTRIES: usize = 50;

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

/// An Atom feed of the newest [`FEED_ENTRIES`] articles.
pub fn atom(index: &Index, site_url: &str, title: &str) -> String {
    let site = base(site_url);
    let updated = index
        .articles
        .iter()
        .filter_map(|a| a.date)
        .max()
        .unwrap_or(0);
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n  <title>{}</title>\n  <id>{}</id>\n  <link href=\"{}\"/>\n  <link rel=\"self\" href=\"{}atom.xml\"/>\n  <updated>{}</updated>\n",
        escape(title),
        escape(&site),
        escape(&site),
        escape(&site),
        rfc3339(updated)
    );
    for a in index.articles.iter().take(FEED_ENTRIES) {
        let url = article_url(site_url, &a.slug);
        let when = rfc3339(a.date.unwrap_or(updated));
        xml.push_str("  <entry>\n");
        xml.push_str(&format!("    <title>{}</title>\n", escape(&a.title)));
        xml.push_str(&format!("    <id>{}</id>\n", escape(&url)));
        xml.push_str(&format!("    <link href=\"{}\"/>\n", escape(&url)));
        xml.push_str(&format!("    <updated>{when}</updated>\n"));
        if let Some(author) = index.author_name(a) {
            xml.push_str(&format!(
                "    <author><name>{}</name></author>\n",
                escape(author)
            ));
        }
        for &c in &a.categories {
            xml.push_str(&format!(
                "    <category term=\"{}\"/>\n",
                escape(&index.category_path(c).join("/"))
            ));
        }
        xml.push_str(&format!("    <summary>{}</summary>\n", escape(&a.excerpt)));
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    xml
}

/// A sitemap of the list and every article.
pub fn sitemap(index: &Index, site_url: &str) -> String {
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    xml.push_str(&format!(
        "  <url><loc>{}</loc></url>\n",
        escape(&base(site_url))
    ));
    for a in &index.articles {
        let lastmod = a
            .date
            .map(|d| format!("<lastmod>{}</lastmod>", rfc3339(d)))
            .unwrap_or_default();
        xml.push_str(&format!(
            "  <url><loc>{}</loc>{lastmod}</url>\n",
            escape(&article_url(site_url, &a.slug))
        ));
    }
    xml.push_str("</urlset>\n");
    xml
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ArticleSummary, FORMAT_VERSION};

    fn index(n: usize) -> Index {
        Index {
            version: FORMAT_VERSION,
            authors: vec!["A & B".into()],
            categories: vec![],
            tags: vec![],
            articles: (0..n)
                .map(|i| ArticleSummary {
                    slug: format!("文章-{i}"),
                    title: format!("<T{i}> & \"q\""),
                    date: Some(1_600_000_000 - i as i64),
                    author: Some(0),
                    excerpt: "x\u{1} <b>".into(),
                    ..Default::default()
                })
                .collect(),
            search: None,
        }
    }

    #[test]
    fn atom_escapes_and_caps_entries() {
        let xml = atom(&index(60), "https://me.example/blog", "My <site>");
        assert_eq!(xml.matches("<entry>").count(), FEED_ENTRIES);
        assert!(xml.contains("<title>My &lt;site&gt;</title>"));
        assert!(xml.contains("<title>&lt;T0&gt; &amp; &quot;q&quot;</title>"));
        assert!(xml.contains("<link href=\"https://me.example/blog/#/a/%E6%96%87%E7%AB%A0-0\"/>"));
        assert!(xml.contains("<name>A &amp; B</name>"));
        assert!(xml.contains("<summary>x &lt;b&gt;</summary>"));
        assert!(xml.contains("<updated>2020-09-13T12:26:40Z</updated>"));
    }

    #[test]
    fn sitemap_lists_every_article() {
        let xml = sitemap(&index(3), "https://me.example/");
        assert_eq!(xml.matches("<url>").count(), 4);
        assert!(xml.contains("<loc>https://me.example/</loc>"));
    }
}
