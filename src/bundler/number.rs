//! Stage 8: slugs and numbers.
//!
//! [`assign_slugs`] takes every article's source path (a Hexo site's `_posts/` and `_drafts/`
//! left out) and explicit `slug:` (in source-path order) and returns one unique, URL-safe slug
//! per article, with a warning for each that had to be told apart. [`order`] takes each article's date and slug and returns the articles in number
//! order: ascending (date, slug descending), undated first, so that newest first is descending
//! number and an archive that grows by newer articles keeps every number. Pure; the result
//! depends only on the input, never on the order files were read in.

use std::collections::HashMap;

use super::date::When;
use super::error::{Diagnostic, Kind, Pos};
use super::text::slugify;

/// What a slug is made from.
#[derive(Debug, Clone, Copy)]
pub struct SlugSource<'a> {
    /// The source file's path, relative to the seeds folder.
    pub path: &'a str,
    /// The front matter's `slug:`, if any.
    pub explicit: Option<&'a str>,
}

/// The articles' slugs.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Slugs {
    /// One per article, in input order.
    pub slugs: Vec<String>,
    /// One for each article whose slug had to be told apart.
    pub warnings: Vec<Diagnostic>,
}

/// One unique slug per article, in input order. Explicit slugs claim theirs first, so a
/// path-derived slug never steals one; a slug already taken gets `-2`, `-3`, … and a warning that
/// names both files.
pub fn assign_slugs(articles: &[SlugSource<'_>]) -> Slugs {
    let mut warnings = Vec::new();
    let mut slugs: Vec<String> = articles
        .iter()
        .map(|a| {
            // A Hexo site's posts are named without their `_posts/` folder, as Hexo names them.
            let path = super::hexo::slug_path(a.path);
            let from = a
                .explicit
                .unwrap_or_else(|| path.rsplit_once('.').map_or(path, |(s, _)| s));
            let slug = slugify(from);
            if slug.is_empty() {
                "article".to_string()
            } else {
                slug
            }
        })
        .collect();
    let mut claim_order: Vec<usize> = (0..articles.len()).collect();
    claim_order.sort_by_key(|&i| articles[i].explicit.is_none());
    // Who took each slug: the wanted ones by reference (nearly all of them), the few told
    // apart with a number by value, so that memory holds each slug once.
    let mut renamed: Vec<(usize, String)> = Vec::new();
    {
        let mut owners: HashMap<&str, usize> = HashMap::with_capacity(slugs.len());
        let mut numbered: HashMap<String, usize> = HashMap::new();
        for i in claim_order {
            let base = slugs[i].as_str();
            let owner = |slug: &str| owners.get(slug).or_else(|| numbered.get(slug)).copied();
            let Some(other) = owner(base) else {
                owners.insert(base, i);
                continue;
            };
            let given = (2..)
                .map(|n| format!("{base}-{n}"))
                .find(|s| owner(s).is_none())
                .expect("some number is free");
            warnings.push(Diagnostic {
                path: articles[i].path.to_string(),
                pos: Pos::START,
                kind: Kind::DuplicateSlug {
                    slug: base.to_string(),
                    other: articles[other].path.to_string(),
                    given: given.clone(),
                },
            });
            numbered.insert(given.clone(), i);
            renamed.push((i, given));
        }
    }
    for (i, given) in renamed {
        slugs[i] = given;
    }
    Slugs { slugs, warnings }
}

/// The articles (indices into `dates` and `slugs`) in number order: ascending date, undated
/// first, equal dates by descending slug.
pub fn order(dates: &[Option<When>], slugs: &[String]) -> Vec<u32> {
    let mut order: Vec<u32> = (0..dates.len() as u32).collect();
    order.sort_unstable_by(|&a, &b| {
        let (a, b) = (a as usize, b as usize);
        let seconds = |i: usize| dates[i].map(|d| d.seconds);
        seconds(a)
            .cmp(&seconds(b))
            .then_with(|| slugs[b].cmp(&slugs[a]))
    });
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(path: &str) -> SlugSource<'_> {
        SlugSource {
            path,
            explicit: None,
        }
    }

    #[test]
    fn slugs_are_unique_and_explicit_ones_win() {
        let articles = [
            source("a b.md"),
            source("a-b.md"),
            SlugSource {
                path: "z.md",
                explicit: Some("A B"),
            },
        ];
        let Slugs { slugs, warnings } = assign_slugs(&articles);
        assert_eq!(slugs, ["a-b-2", "a-b-3", "a-b"]);
        assert_eq!(warnings.len(), 2);
        assert_eq!(
            warnings[0].kind,
            Kind::DuplicateSlug {
                slug: "a-b".into(),
                other: "z.md".into(),
                given: "a-b-2".into()
            }
        );
    }

    #[test]
    fn same_title_different_folders_get_different_slugs_without_warnings() {
        let Slugs { slugs, warnings } = assign_slugs(&[source("x/one.md"), source("y/one.md")]);
        assert_ne!(slugs[0], slugs[1]);
        assert!(warnings.is_empty());
        assert_eq!(assign_slugs(&[source("!!!.md")]).slugs, ["article"]);
    }

    #[test]
    fn numbers_go_oldest_first_undated_first_equal_dates_by_descending_slug() {
        let at = |s: i64| {
            Some(When {
                seconds: s,
                day: false,
            })
        };
        let dates = [at(10), at(10), None, at(20), None];
        let slugs: Vec<String> = ["b", "a", "c", "d", "e"].map(String::from).to_vec();
        let numbered: Vec<&str> = order(&dates, &slugs)
            .iter()
            .map(|&i| slugs[i as usize].as_str())
            .collect();
        assert_eq!(numbered, ["e", "c", "b", "a", "d"]);
        // Newest first (descending number) is format 3's order: newest, then by slug, undated
        // last.
        let newest_first: Vec<&str> = numbered.iter().rev().copied().collect();
        assert_eq!(newest_first, ["d", "a", "b", "c", "e"]);
    }
}
