//! The list filter: which articles the list shows for a query and facet selection.
//!
//! Pure logic on [`crate::model`] types, compiled for both targets and tested natively. The app
//! keeps one [`Filter`] in its URL and asks it which summaries to show.

use serde::{Deserialize, Serialize};

use crate::model::{ArticleSummary, Index};

/// A list view as it stands in the URL's query (`?q=rust&cat=3`): the serialized form of a
/// [`Filter`]. Empty parts are left out, so the plain list has a plain URL.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListQuery {
    /// Free text.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub q: String,
    /// Category node id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cat: Option<u32>,
    /// Author id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<u32>,
    /// Tag id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<u32>,
}

impl From<&ListQuery> for Filter {
    fn from(q: &ListQuery) -> Self {
        Filter {
            text: q.q.clone(),
            category: q.cat,
            author: q.author,
            tag: q.tag,
        }
    }
}

impl From<&Filter> for ListQuery {
    fn from(f: &Filter) -> Self {
        ListQuery {
            q: f.text.clone(),
            cat: f.category,
            author: f.author,
            tag: f.tag,
        }
    }
}

/// What the reader asked the list for: free text plus optional facet selections.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Free text; whitespace-separated terms, all of which must match (AND).
    pub text: String,
    /// A category node; articles filed under it or any of its descendants match.
    pub category: Option<u32>,
    /// An author id.
    pub author: Option<u32>,
    /// A tag id.
    pub tag: Option<u32>,
}

impl Filter {
    /// A filter on free text alone.
    pub fn text(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            ..Self::default()
        }
    }

    /// True when the filter lets everything through.
    pub fn is_empty(&self) -> bool {
        self.terms().next().is_none()
            && self.category.is_none()
            && self.author.is_none()
            && self.tag.is_none()
    }

    /// The lowercased search terms.
    pub fn terms(&self) -> impl Iterator<Item = String> + '_ {
        self.text.split_whitespace().map(str::to_lowercase)
    }

    /// Whether `article` passes the filter. `haystack` is [`haystack`] of the article, computed
    /// once per article by the caller so that typing does not lowercase the whole archive again.
    pub fn matches(&self, index: &Index, article: &ArticleSummary, haystack: &str) -> bool {
        if self.author.is_some() && article.author != self.author {
            return false;
        }
        if let Some(tag) = self.tag {
            if !article.tags.contains(&tag) {
                return false;
            }
        }
        if let Some(category) = self.category {
            let under = article
                .categories
                .iter()
                .any(|&leaf| is_within(index, leaf, category));
            if !under {
                return false;
            }
        }
        self.terms().all(|term| haystack.contains(&term))
    }

    /// Positions (in `index.articles`) of the articles that pass, in index order.
    pub fn apply(&self, index: &Index, haystacks: &[String]) -> Vec<usize> {
        index
            .articles
            .iter()
            .zip(haystacks)
            .enumerate()
            .filter(|(_, (article, hay))| self.matches(index, article, hay))
            .map(|(i, _)| i)
            .collect()
    }
}

/// Whether category node `node` is `ancestor` or lies below it.
fn is_within(index: &Index, mut node: u32, ancestor: u32) -> bool {
    for _ in 0..=index.categories.len() {
        if node == ancestor {
            return true;
        }
        match index.categories.get(node as usize).and_then(|c| c.parent) {
            Some(parent) => node = parent,
            None => return false,
        }
    }
    false
}

/// The lowercased text the free-text filter looks in: title, excerpt, author and category names.
pub fn haystack(index: &Index, article: &ArticleSummary) -> String {
    let mut text = String::with_capacity(article.title.len() + article.excerpt.len() + 64);
    text.push_str(&article.title);
    text.push('\n');
    text.push_str(&article.excerpt);
    if let Some(author) = index.author_name(article) {
        text.push('\n');
        text.push_str(author);
    }
    for &leaf in &article.categories {
        for name in index.category_path(leaf) {
            text.push('\n');
            text.push_str(name);
        }
    }
    for tag in article
        .tags
        .iter()
        .filter_map(|&t| index.tags.get(t as usize))
    {
        text.push('\n');
        text.push_str(tag);
    }
    text.to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Category, FORMAT_VERSION};

    fn article(
        slug: &str,
        title: &str,
        author: u32,
        category: u32,
        tags: &[u32],
    ) -> ArticleSummary {
        ArticleSummary {
            slug: slug.into(),
            title: title.into(),
            date: None,
            author: Some(author),
            categories: vec![category],
            tags: tags.to_vec(),
            excerpt: format!("excerpt of {slug}"),
            thumb: None,
            han: 0,
            words: 0,
            minutes: 1,
            body: format!("a/{slug}.json"),
        }
    }

    fn index() -> Index {
        Index {
            version: FORMAT_VERSION,
            authors: vec!["IT 之家".into(), "Ferris".into()],
            categories: vec![
                Category {
                    name: "新媒体".into(),
                    parent: None,
                },
                Category {
                    name: "IT 之家".into(),
                    parent: Some(0),
                },
                Category {
                    name: "分类资讯".into(),
                    parent: Some(1),
                },
                Category {
                    name: "Engineering".into(),
                    parent: None,
                },
            ],
            tags: vec!["rust".into(), "wasm".into()],
            articles: vec![
                article(
                    "kuaishou",
                    "共享芬芳、共铸美好，快手与中国残疾人事业",
                    0,
                    2,
                    &[],
                ),
                article("rust-wasm", "Shipping Rust to the Browser", 1, 3, &[0, 1]),
                article(
                    "exchange",
                    "微软 Exchange 服务器出现 2022 年日期 Bug",
                    0,
                    1,
                    &[0],
                ),
            ],
        }
    }

    fn run(filter: &Filter) -> Vec<&'static str> {
        let index = index();
        let hay: Vec<String> = index.articles.iter().map(|a| haystack(&index, a)).collect();
        let slugs = ["kuaishou", "rust-wasm", "exchange"];
        filter
            .apply(&index, &hay)
            .into_iter()
            .map(|i| slugs[i])
            .collect()
    }

    #[test]
    fn text_filter_table() {
        let cases: &[(&str, &[&str])] = &[
            ("", &["kuaishou", "rust-wasm", "exchange"]),
            ("快手", &["kuaishou"]),
            ("残疾", &["kuaishou"]),
            ("RUST", &["rust-wasm", "exchange"]),
            ("browser rust", &["rust-wasm"]),
            ("browser 快手", &[]),
            ("exchange 2022", &["exchange"]),
            ("IT 之家", &["kuaishou", "exchange"]),
            ("ferris", &["rust-wasm"]),
            ("新媒体", &["kuaishou", "exchange"]),
            ("wasm", &["rust-wasm"]),
            ("nothing-like-this", &[]),
        ];
        for (text, expected) in cases {
            assert_eq!(run(&Filter::text(*text)), *expected, "query {text:?}");
        }
    }

    #[test]
    fn facets_combine_with_text() {
        let by_category = Filter {
            category: Some(1),
            ..Filter::default()
        };
        assert_eq!(run(&by_category), ["kuaishou", "exchange"]);
        let by_leaf = Filter {
            category: Some(2),
            ..Filter::default()
        };
        assert_eq!(run(&by_leaf), ["kuaishou"]);
        let by_tag = Filter {
            tag: Some(0),
            ..Filter::default()
        };
        assert_eq!(run(&by_tag), ["rust-wasm", "exchange"]);
        let by_author_and_text = Filter {
            author: Some(0),
            ..Filter::text("bug")
        };
        assert_eq!(run(&by_author_and_text), ["exchange"]);
    }

    #[test]
    fn list_query_round_trips_through_filter() {
        let f = Filter {
            category: Some(3),
            tag: Some(1),
            ..Filter::text("快手 rust")
        };
        assert_eq!(Filter::from(&ListQuery::from(&f)), f);
    }

    #[test]
    fn emptiness() {
        assert!(Filter::text("   ").is_empty());
        assert!(!Filter::text("x").is_empty());
        assert!(!Filter {
            tag: Some(1),
            ..Filter::default()
        }
        .is_empty());
    }
}
