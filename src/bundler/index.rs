//! Stage 8: finished articles to body files and the [`Index`].
//!
//! [`body_file`] turns one [`Article`] into its body file (named by a hash of its content) and
//! the light [`Entry`] the index needs (the article's summary, the body file's path and the text
//! to search), so the bundle stage can write bodies as it goes and keep only entries in memory.
//! [`build`] takes every entry (in source-path order) and returns the index and warnings: it
//! gives each article a stable, unique slug; interns authors, category paths and tags into
//! sorted tables; and orders articles newest first, then by slug, undated last. The result
//! depends only on the input, never on the order files were read in.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use super::article::{Article, Summary};
use super::error::{Diagnostic, Kind, Pos};
use super::text::slugify;
use crate::model::{ArticleBody, ArticleSummary, Category, Index, FORMAT_VERSION};

/// A body file to write: its path relative to the bundle and its content.
#[derive(Debug, Clone, PartialEq)]
pub struct BodyFile {
    pub path: String,
    pub json: String,
}

/// What the index needs of an article once its body file is written.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Entry {
    pub summary: Summary,
    /// Path of the body file inside the bundle.
    pub body: String,
    /// Plain text of the body, for the search index.
    pub text: String,
}

/// Splits an article into its body file and its index entry.
pub fn body_file(article: Article) -> (BodyFile, Entry) {
    let Article {
        summary,
        text,
        html,
        head,
        updated,
        hidden: _,
    } = article;
    let body = ArticleBody {
        version: FORMAT_VERSION,
        html,
        head,
        updated,
        source: summary.source.clone(),
    };
    let json = serde_json::to_string(&body).expect("a body always serializes");
    let hash = xxhash_rust::xxh3::xxh3_64(json.as_bytes());
    let path = format!("a/{hash:016x}.json");
    let entry = Entry {
        summary,
        body: path.clone(),
        text,
    };
    (BodyFile { path, json }, entry)
}

/// The index stage's result.
#[derive(Debug, Clone, PartialEq)]
pub struct Built {
    pub index: Index,
    /// Body text of each article, in the index's order.
    pub texts: Vec<String>,
    pub warnings: Vec<Diagnostic>,
}

/// Builds the index from `articles`, which must be sorted by `source`.
pub fn build(articles: Vec<Entry>) -> Built {
    let mut warnings = Vec::new();
    let slugs = assign_slugs(&articles, &mut warnings);

    let authors: Vec<String> = articles
        .iter()
        .filter_map(|a| a.summary.author.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let tags: Vec<String> = articles
        .iter()
        .flat_map(|a| a.summary.tags.iter().cloned())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut paths = BTreeSet::new();
    for path in articles.iter().flat_map(|a| &a.summary.categories) {
        for depth in 1..=path.len() {
            paths.insert(path[..depth].to_vec());
        }
    }
    let category_ids: BTreeMap<Vec<String>, u32> = paths
        .iter()
        .enumerate()
        .map(|(i, p)| (p.clone(), i as u32))
        .collect();
    let categories: Vec<Category> = paths
        .iter()
        .map(|p| Category {
            name: p[p.len() - 1].clone(),
            parent: (p.len() > 1).then(|| category_ids[&p[..p.len() - 1]]),
        })
        .collect();
    let id_of = |table: &[String], name: &str| {
        table
            .binary_search_by(|x| x.as_str().cmp(name))
            .ok()
            .map(|i| i as u32)
    };

    let mut summaries: Vec<(ArticleSummary, String)> = articles
        .into_iter()
        .zip(slugs)
        .map(|(entry, slug)| {
            let Entry {
                summary: a,
                body,
                text,
            } = entry;
            let summary = ArticleSummary {
                slug,
                title: a.title,
                date: a.date,
                author: a.author.as_deref().and_then(|n| id_of(&authors, n)),
                categories: a.categories.iter().map(|p| category_ids[p]).collect(),
                tags: a.tags.iter().filter_map(|t| id_of(&tags, t)).collect(),
                excerpt: a.excerpt,
                thumb: a.thumb,
                han: a.han,
                words: a.words,
                minutes: a.minutes,
                body,
            };
            (summary, text)
        })
        .collect();
    summaries.sort_by(|(a, _), (b, _)| {
        let newest_first = match (a.date, b.date) {
            (Some(x), Some(y)) => y.cmp(&x),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        };
        newest_first.then_with(|| a.slug.cmp(&b.slug))
    });
    let (summaries, texts) = summaries.into_iter().unzip();
    Built {
        index: Index {
            version: FORMAT_VERSION,
            authors,
            categories,
            tags,
            articles: summaries,
            search: None,
        },
        texts,
        warnings,
    }
}

/// One unique slug per article, in input order. A slug already taken gets `-2`, `-3`, … and a
/// warning that names both files.
fn assign_slugs(articles: &[Entry], warnings: &mut Vec<Diagnostic>) -> Vec<String> {
    let mut taken: HashSet<String> = HashSet::new();
    let mut owner: BTreeMap<String, String> = BTreeMap::new();
    // Explicit slugs claim theirs first, so a path-derived slug never steals one.
    let wanted: Vec<String> = articles
        .iter()
        .map(|a| {
            let a = &a.summary;
            let from = a.slug.as_deref().unwrap_or_else(|| {
                a.source
                    .rsplit_once('.')
                    .map_or(a.source.as_str(), |(s, _)| s)
            });
            let slug = slugify(from);
            if slug.is_empty() {
                "article".to_string()
            } else {
                slug
            }
        })
        .collect();
    let mut order: Vec<usize> = (0..articles.len()).collect();
    order.sort_by_key(|&i| articles[i].summary.slug.is_none());
    let mut result = vec![String::new(); articles.len()];
    for i in order {
        let base = &wanted[i];
        let mut slug = base.clone();
        let mut n = 2;
        while taken.contains(&slug) {
            slug = format!("{base}-{n}");
            n += 1;
        }
        if &slug != base {
            warnings.push(Diagnostic {
                path: articles[i].summary.source.clone(),
                pos: Pos::START,
                kind: Kind::DuplicateSlug {
                    slug: base.clone(),
                    other: owner.get(base).cloned().unwrap_or_default(),
                    given: slug.clone(),
                },
            });
        }
        owner
            .entry(slug.clone())
            .or_insert_with(|| articles[i].summary.source.clone());
        taken.insert(slug.clone());
        result[i] = slug;
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(source: &str, title: &str, date: Option<i64>) -> Entry {
        Entry {
            summary: Summary {
                source: source.into(),
                title: title.into(),
                date,
                ..Summary::default()
            },
            body: format!("a/{title}.json"),
            ..Entry::default()
        }
    }

    #[test]
    fn order_is_newest_first_then_slug_undated_last() {
        let built = build(vec![
            article("b.md", "B", Some(10)),
            article("a.md", "A", Some(10)),
            article("c.md", "C", None),
            article("d.md", "D", Some(20)),
        ]);
        let slugs: Vec<_> = built
            .index
            .articles
            .iter()
            .map(|a| a.slug.as_str())
            .collect();
        assert_eq!(slugs, ["d", "a", "b", "c"]);
    }

    #[test]
    fn slugs_are_unique_and_explicit_ones_win() {
        let mut explicit = article("z.md", "Z", None);
        explicit.summary.slug = Some("A B".into());
        let built = build(vec![
            article("a b.md", "1", None),
            article("a-b.md", "2", None),
            explicit,
        ]);
        let by_source: BTreeMap<_, _> = built
            .index
            .articles
            .iter()
            .map(|a| (a.title.as_str(), a.slug.as_str()))
            .collect();
        assert_eq!(by_source["Z"], "a-b");
        assert_eq!(by_source["1"], "a-b-2");
        assert_eq!(by_source["2"], "a-b-3");
        assert_eq!(built.warnings.len(), 2);
    }

    #[test]
    fn same_title_different_files_get_different_slugs_without_warnings() {
        let built = build(vec![
            article("x/one.md", "Same", None),
            article("y/one.md", "Same", None),
        ]);
        assert_ne!(built.index.articles[0].slug, built.index.articles[1].slug);
        assert!(built.warnings.is_empty());
    }

    #[test]
    fn tables_are_sorted_and_parents_precede_children() {
        let mut a = article("a.md", "A", None);
        a.summary.categories = vec![
            vec!["新媒体".into(), "IT 之家".into(), "分类资讯".into()],
            vec!["Eng".into()],
        ];
        a.summary.author = Some("Zed".into());
        a.summary.tags = vec!["wasm".into(), "rust".into()];
        let mut b = article("b.md", "B", None);
        b.summary.categories = vec![vec!["新媒体".into(), "36kr".into()]];
        b.summary.author = Some("Ann".into());
        let built = build(vec![a, b]);
        let index = &built.index;
        assert_eq!(index.authors, ["Ann", "Zed"]);
        assert_eq!(index.tags, ["rust", "wasm"]);
        for (i, c) in index.categories.iter().enumerate() {
            assert!(c.parent.is_none_or(|p| (p as usize) < i));
        }
        let a = index.articles.iter().find(|x| x.title == "A").unwrap();
        let paths: Vec<_> = a
            .categories
            .iter()
            .map(|&c| index.category_path(c).join("/"))
            .collect();
        assert_eq!(paths, ["新媒体/IT 之家/分类资讯", "Eng"]);
        assert_eq!(
            a.tags
                .iter()
                .map(|&t| index.tags[t as usize].as_str())
                .collect::<Vec<_>>(),
            ["wasm", "rust"]
        );
    }

    #[test]
    fn body_files_are_named_by_content() {
        let article = |html: &str| Article {
            summary: Summary {
                source: "a.md".into(),
                ..Summary::default()
            },
            html: html.into(),
            ..Article::default()
        };
        let (body, entry) = body_file(article("<p>x</p>"));
        assert!(
            body.path.starts_with("a/") && body.path.ends_with(".json") && body.path.len() == 23
        );
        assert_eq!(entry.body, body.path);
        assert_eq!(body_file(article("<p>x</p>")).0, body);
        assert_ne!(body_file(article("<p>y</p>")).0.path, body.path);
        let parsed: ArticleBody = serde_json::from_str(&body.json).unwrap();
        assert_eq!(parsed.html, "<p>x</p>");
    }
}
