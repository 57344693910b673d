//! Stage 14 (optional): the feeds and `sitemap.xml`, only built with `--site-url`.
//!
//! [`atom`] takes the newest rows (newest first), the site's public URL, a title and the feed's
//! own path in the bundle; the bundler writes one for the whole site (`atom.xml`), one per
//! top-level category (`feeds/c/<id>.xml`) and one per tag with the most articles
//! (`feeds/t/<id>.xml`, bounded by [`MAX_TAG_FEEDS`] and [`MIN_TAG_FEED_ARTICLES`]); [`json_feed`]
//! is the site's JSON Feed (`feed.json`). [`sitemap`] takes every article's slug and date, newest
//! first, and the URL. Each returns its document as text. Article links are the app's addresses
//! (`<site>#/a/<slug>`); a feed's self link is where its file is (`<site>data/<path>`, the
//! bundle being the app's `data/` folder); every string from an article is escaped.

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

/// Tag feeds at most: the tags with the most articles (ties by id). With the other files of a
/// bundle (about 19,000 at 100,000 articles) this keeps a 100k bundle under 20,000 files.
pub const MAX_TAG_FEEDS: usize = 500;
/// A tag with fewer articles has no feed: following it is following almost nothing.
pub const MIN_TAG_FEED_ARTICLES: u32 = 5;
/// Top-level category feeds at most (the categories with the most articles).
pub const MAX_CATEGORY_FEEDS: usize = 256;
/// The site's JSON Feed, in the bundle.
pub const JSON_FEED: &str = "feed.json";
/// The site's Atom feed, in the bundle.
pub const ATOM_FEED: &str = "atom.xml";

/// The path in the bundle of a tag's or a top-level category's Atom feed: `feeds/t/17.xml`.
/// Ids never change as articles are added, so a reader's subscription keeps its address.
pub fn value_feed_path(category: bool, id: u32) -> String {
    format!("feeds/{}/{id}.xml", if category { 'c' } else { 't' })
}

/// Where a file of the bundle is on the web: the bundle is the app's `data/` folder.
pub fn file_url(site_url: &str, path: &str) -> String {
    format!("{}data/{path}", base(site_url))
}

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

/// Which feed an Atom document is: its title, the app's page it follows, and its own path in
/// the bundle.
#[derive(Debug, Clone, Copy)]
pub struct FeedOf<'a> {
    pub title: &'a str,
    /// The app's address of what it follows, relative to the site (`""` for the whole list,
    /// `#/?tag=rust`).
    pub page: &'a str,
    /// The feed's path in the bundle ([`ATOM_FEED`], [`value_feed_path`]).
    pub path: &'a str,
}

/// An Atom feed of the newest [`FEED_ENTRIES`] of `rows` (given newest first).
pub fn atom(rows: &[Row], site_url: &str, feed: FeedOf<'_>) -> String {
    let site = base(site_url);
    let page = format!("{site}{}", feed.page);
    let updated = rows.iter().filter_map(|a| a.date).max().unwrap_or(0);
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n  <title>{}</title>\n  <id>{}</id>\n  <link href=\"{}\"/>\n  <link rel=\"self\" href=\"{}\"/>\n  <updated>{}</updated>\n",
        escape(feed.title),
        escape(&page),
        escape(&page),
        escape(&file_url(site_url, feed.path)),
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

/// The site's JSON Feed (version 1.1) of the newest [`FEED_ENTRIES`] of `rows` (newest first).
pub fn json_feed(rows: &[Row], site_url: &str, title: &str) -> String {
    let items: Vec<serde_json::Value> = rows
        .iter()
        .take(FEED_ENTRIES)
        .map(|a| {
            let url = article_url(site_url, &a.slug);
            let mut item = serde_json::json!({
                "id": url,
                "url": url,
                "title": a.title,
                "summary": a.excerpt,
                "content_text": a.excerpt,
            });
            if let Some(date) = a.date {
                item["date_published"] = rfc3339(date).into();
            }
            if let Some(author) = &a.author {
                item["authors"] = serde_json::json!([{ "name": author }]);
            }
            if !a.tags.is_empty() {
                item["tags"] = serde_json::json!(a.tags);
            }
            item
        })
        .collect();
    let feed = serde_json::json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": title,
        "home_page_url": base(site_url),
        "feed_url": file_url(site_url, JSON_FEED),
        "items": items,
    });
    serde_json::to_string_pretty(&feed).expect("a JSON value always serializes")
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
        let feed = FeedOf {
            title: "My <site>",
            page: "",
            path: ATOM_FEED,
        };
        let xml = atom(&rows(60), "https://me.example/blog", feed);
        assert!(xml.contains("<link rel=\"self\" href=\"https://me.example/blog/data/atom.xml\"/>"));
        let tag = FeedOf {
            title: "My site: #rust",
            page: "#/?tag=rust",
            path: &value_feed_path(false, 17),
        };
        let xml_tag = atom(&rows(2), "https://me.example/blog/", tag);
        assert!(xml_tag.contains("href=\"https://me.example/blog/data/feeds/t/17.xml\""));
        assert!(xml_tag.contains("<link href=\"https://me.example/blog/#/?tag=rust\"/>"));
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
    fn json_feed_is_version_1_1_with_its_own_address() {
        let text = json_feed(&rows(60), "https://me.example/blog", "My <site>");
        let feed: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(feed["version"], "https://jsonfeed.org/version/1.1");
        assert_eq!(feed["feed_url"], "https://me.example/blog/data/feed.json");
        assert_eq!(feed["title"], "My <site>");
        let items = feed["items"].as_array().unwrap();
        assert_eq!(items.len(), FEED_ENTRIES);
        assert_eq!(items[0]["title"], "<T0> & \"q\"");
        assert_eq!(items[0]["authors"][0]["name"], "A & B");
        assert_eq!(items[0]["date_published"], "2020-09-13T12:26:40Z");
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
