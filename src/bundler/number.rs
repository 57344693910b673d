//! Stage 8: slugs and numbers.
//!
//! [`assign_slugs`] takes every article's source path (a Hexo site's `_posts/` and `_drafts/`
//! left out) and explicit `slug:` (in source-path order) and returns one unique, URL-safe slug
//! per article, with a warning for each that had to be told apart. [`order`] takes each article's date and slug and returns the articles in number
//! order: ascending (date, slug descending), undated first, so that newest first is descending
//! number and an archive that grows by newer articles keeps every number. Pure; the result
//! depends only on the input, never on the order files were read in. [`Numbers::of`] is
//! both, taken from a last run's [`Numbers`] as they are when every path, `slug:` and date
//! is the same (`folio serve` after a save that changed a title or a body).

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

/// An article as numbering sees it: what its slug and its place in the order are made from.
#[derive(Debug, Clone, PartialEq)]
pub struct NumberingInput {
    /// The source file's path, relative to the seeds folder.
    pub path: String,
    /// The front matter's `slug:`, if any.
    pub explicit: Option<String>,
    pub date: Option<When>,
}

/// Every article's slug and place in the order, with the inputs they were made from, so that a
/// later run over the same inputs takes them as they are ([`Numbers::of`]).
#[derive(Debug, Clone, Default)]
pub struct Numbers {
    /// In input (source-path) order.
    pub inputs: Vec<NumberingInput>,
    /// [`assign_slugs`] of `inputs`.
    pub slugs: Slugs,
    /// [`order`] of `inputs`' dates and `slugs`.
    pub order: Vec<u32>,
}

impl Numbers {
    /// The numbers of `inputs` (in source-path order): `last`'s when they were made from equal
    /// inputs (both functions are pure, so equal inputs give equal numbers), else made anew;
    /// and whether they were `last`'s.
    pub fn of<'a>(
        inputs: impl ExactSizeIterator<Item = (&'a str, Option<&'a str>, Option<When>)> + Clone,
        last: Option<Numbers>,
    ) -> (Numbers, bool) {
        if let Some(last) = last.filter(|last| last.made_from(inputs.clone())) {
            return (last, true);
        }
        let inputs: Vec<NumberingInput> = inputs
            .map(|(path, explicit, date)| NumberingInput {
                path: path.to_string(),
                explicit: explicit.map(str::to_string),
                date,
            })
            .collect();
        let sources: Vec<SlugSource<'_>> = inputs
            .iter()
            .map(|i| SlugSource {
                path: &i.path,
                explicit: i.explicit.as_deref(),
            })
            .collect();
        let slugs = assign_slugs(&sources);
        drop(sources);
        let dates: Vec<Option<When>> = inputs.iter().map(|i| i.date).collect();
        let order = order(&dates, &slugs.slugs);
        let numbers = Numbers {
            inputs,
            slugs,
            order,
        };
        (numbers, false)
    }

    fn made_from<'a>(
        &self,
        mut inputs: impl ExactSizeIterator<Item = (&'a str, Option<&'a str>, Option<When>)>,
    ) -> bool {
        inputs.len() == self.inputs.len()
            && self
                .inputs
                .iter()
                .zip(&mut inputs)
                .all(|(kept, (path, explicit, date))| {
                    kept.path == path && kept.explicit.as_deref() == explicit && kept.date == date
                })
    }
}

/// Puts `items` in the order `order` gives (the item at `order[g]` goes to `g`; `order` is a
/// permutation of the indices), in place: each cycle of the permutation is followed with
/// swaps, the cycle's first item carried along until the cycle closes.
pub fn permute<T>(items: &mut [T], order: &[u32]) {
    assert_eq!(items.len(), order.len(), "one place for each item");
    let mut placed = vec![false; items.len()];
    for start in 0..items.len() {
        // `items[at]` holds the cycle's first item, wanted at the place the cycle ends.
        let mut at = start;
        while !placed[at] {
            placed[at] = true;
            let from = order[at] as usize;
            if from == start {
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
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

    #[test]
    fn numbers_are_taken_again_only_from_equal_inputs() {
        let at = |s: i64| {
            Some(When {
                seconds: s,
                day: false,
            })
        };
        let inputs = |date| [("a.md", None, at(10)), ("b.md", Some("x"), date)].into_iter();
        let (first, reused) = Numbers::of(inputs(at(20)), None);
        assert!(!reused);
        assert_eq!(first.slugs.slugs, ["a", "x"]);
        assert_eq!(first.order, [0, 1]);
        let (again, reused) = Numbers::of(inputs(at(20)), Some(first.clone()));
        assert!(reused);
        assert_eq!(again.order, first.order);
        // A new date is numbered anew: b.md is now the older one.
        let (redated, reused) = Numbers::of(inputs(at(5)), Some(first.clone()));
        assert!(!reused);
        assert_eq!(redated.order, [1, 0]);
        let fewer = [("a.md", None, at(10))].into_iter();
        let (fewer, reused) = Numbers::of(fewer, Some(first));
        assert!(!reused);
        assert_eq!(fewer.slugs.slugs, ["a"]);
    }

    #[test]
    fn a_permutation_puts_each_item_in_its_place() {
        let order = [3, 0, 4, 1, 2, 5, 7, 6];
        let mut items: Vec<char> = "abcdefgh".chars().collect();
        permute(&mut items, &order);
        let wanted: Vec<char> = order.iter().map(|&i| (b'a' + i as u8) as char).collect();
        assert_eq!(items, wanted);
        let mut none: [u8; 0] = [];
        permute(&mut none, &[]);
    }
}
