//! Stage 8b: related articles. Takes, for every article in number order, its facet keys (tags
//! and category nodes), a few title terms, and a hash of its title and body; returns for each
//! up to [`RELATED`] other articles, best first.
//!
//! Two articles are related by what they share: first their tags and categories, each weighed
//! by how rare it is (`ln(N / df)`), then their title terms, likewise. Memory and time stay
//! bounded at any size: nothing holds the texts (a title gives at most [`TITLE_TERMS`] terms, the
//! rarest), and an article meets as candidates only the [`WINDOW`] articles nearest in time on
//! each side within each value it has, so a tag of 100,000 articles costs no more than one of
//! 200. An article is never related to itself, nor to an exact duplicate (same title and body),
//! and two duplicates of each other are never both listed.

use std::collections::HashMap;

use rayon::prelude::*;

/// Related articles listed per article.
pub const RELATED: usize = 5;
/// Candidates met per value and side: the articles nearest in number (time).
pub const WINDOW: usize = 48;
/// Title terms kept per article (the rarest in the archive's titles).
pub const TITLE_TERMS: usize = 4;

/// What relates one article to others.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RelatedDoc {
    /// Tag ids and category node ids (each category with its ancestors), tagged by
    /// [`facet_key`]; no repeats.
    pub facets: Vec<u64>,
    /// Hashes of its title's terms ([`title_terms`]), no repeats.
    pub terms: Vec<u32>,
    /// A hash of its title and body: equal for exact duplicates.
    pub duplicate: u64,
}

/// A tag's or a category node's key in [`RelatedDoc::facets`].
pub fn facet_key(category: bool, id: u32) -> u64 {
    u64::from(category) << 32 | u64::from(id)
}

/// Hashes of the terms of a title that can relate it: its words of two letters or more and its
/// CJK bigrams (single CJK characters say too little), each once.
pub fn title_terms(title: &str) -> Vec<u32> {
    let mut terms = Vec::new();
    crate::search::token::tokens(title, |token, _| {
        if token.chars().count() >= 2 {
            terms.push(xxhash_rust::xxh3::xxh3_64(token.as_bytes()) as u32);
        }
    });
    terms.sort_unstable();
    terms.dedup();
    terms
}

/// A candidate's score: what it shares with the article.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Shared {
    facets: f32,
    terms: f32,
}

/// The related articles of every article of `docs` (numbers, best first): more shared tags and
/// categories first, then more shared title terms, then nearer in time, then newer.
pub fn related(docs: &[RelatedDoc]) -> Vec<Vec<u32>> {
    let n = docs.len() as f32;
    let mut term_df: HashMap<u32, u32> = HashMap::new();
    for doc in docs {
        for &t in &doc.terms {
            *term_df.entry(t).or_default() += 1;
        }
    }
    // Each article's rarest title terms that some other title has too.
    let terms: Vec<Vec<u32>> = docs
        .par_iter()
        .map(|doc| {
            let mut kept: Vec<(u32, u32)> = doc
                .terms
                .iter()
                .map(|t| (term_df[t], *t))
                .filter(|&(df, _)| df > 1)
                .collect();
            kept.sort_unstable();
            kept.truncate(TITLE_TERMS);
            kept.into_iter().map(|(_, t)| t).collect()
        })
        .collect();
    drop(term_df);
    // Postings: the articles of each value, ascending (terms are keyed above the facets).
    let mut postings: HashMap<u64, Vec<u32>> = HashMap::new();
    for (number, doc) in docs.iter().enumerate() {
        let keys = doc.facets.iter().copied();
        let keys = keys.chain(terms[number].iter().map(|&t| 1 << 40 | u64::from(t)));
        for key in keys {
            postings.entry(key).or_default().push(number as u32);
        }
    }
    (0..docs.len())
        .into_par_iter()
        .map(|a| {
            let doc = &docs[a];
            let mut met: HashMap<u32, Shared> = HashMap::new();
            let keys = doc.facets.iter().map(|&k| (k, true));
            let keys = keys.chain(terms[a].iter().map(|&t| (1 << 40 | u64::from(t), false)));
            for (key, facet) in keys {
                let list = &postings[&key];
                if list.len() < 2 {
                    continue;
                }
                let weight = (n / list.len() as f32).ln() + 0.1;
                let at = list.partition_point(|&b| b < a as u32);
                let near = &list[at.saturating_sub(WINDOW)..(at + WINDOW + 1).min(list.len())];
                for &b in near {
                    if b as usize == a || docs[b as usize].duplicate == doc.duplicate {
                        continue;
                    }
                    let shared = met.entry(b).or_default();
                    if facet {
                        shared.facets += weight;
                    } else {
                        shared.terms += weight;
                    }
                }
            }
            let mut ranked: Vec<(u32, Shared)> = met.into_iter().collect();
            let distance = |b: u32| (b as i64 - a as i64).unsigned_abs();
            ranked.sort_unstable_by(|(x, sx), (y, sy)| {
                sy.facets
                    .total_cmp(&sx.facets)
                    .then(sy.terms.total_cmp(&sx.terms))
                    .then(distance(*x).cmp(&distance(*y)))
                    .then(y.cmp(x))
            });
            let mut out: Vec<u32> = Vec::with_capacity(RELATED);
            for (b, _) in ranked {
                let dup = docs[b as usize].duplicate;
                if !out.iter().any(|&o| docs[o as usize].duplicate == dup) {
                    out.push(b);
                    if out.len() == RELATED {
                        break;
                    }
                }
            }
            out
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(tags: &[u32], categories: &[u32], title: &str, duplicate: u64) -> RelatedDoc {
        let mut facets: Vec<u64> = tags.iter().map(|&t| facet_key(false, t)).collect();
        facets.extend(categories.iter().map(|&c| facet_key(true, c)));
        RelatedDoc {
            facets,
            terms: title_terms(title),
            duplicate,
        }
    }

    #[test]
    fn shared_tags_first_then_title_terms_never_itself_nor_a_duplicate() {
        let docs = vec![
            doc(&[1, 2], &[0], "Rust and WebAssembly", 10),
            doc(&[1, 2], &[0], "Rust and WebAssembly", 10), // an exact duplicate of 0
            doc(&[1], &[0], "Gardening in spring", 12),
            doc(&[3], &[0], "WebAssembly runtimes compared", 13),
            doc(&[3], &[5], "残疾人事业发展", 14),
            doc(&[4], &[5], "残疾人就业", 15),
            doc(&[1, 2], &[0], "Another Rust tale", 16),
            doc(&[], &[], "Alone", 17),
        ];
        let related = related(&docs);
        // 0 shares two tags with 6, one with 2; 1 is its duplicate.
        assert_eq!(related[0][..2], [6, 2]);
        assert!(!related[0].contains(&0) && !related[0].contains(&1));
        // 6 meets 0 and 1, duplicates of each other: only one of them is listed.
        assert_eq!(related[6].iter().filter(|&&r| r < 2).count(), 1);
        // 4 and 5 share a category and the term 残疾.
        assert_eq!(related[5][0], 4);
        assert!(related[7].is_empty());
        for (a, r) in related.iter().enumerate() {
            assert!(r.len() <= RELATED && !r.contains(&(a as u32)));
        }
    }

    #[test]
    fn title_terms_are_words_and_pairs() {
        assert_eq!(title_terms("a Rust 残疾人"), {
            let mut t: Vec<u32> = ["rust", "残疾", "疾人"]
                .iter()
                .map(|s| xxhash_rust::xxh3::xxh3_64(s.as_bytes()) as u32)
                .collect();
            t.sort_unstable();
            t
        });
    }

    #[test]
    fn candidates_are_the_nearest_in_a_large_value() {
        // 1,000 articles share one tag: each meets only its WINDOW neighbours on each side.
        let docs: Vec<RelatedDoc> = (0..1000).map(|i| doc(&[7], &[], "", i)).collect();
        let related = related(&docs);
        assert_eq!(related[500], [501, 499, 502, 498, 503]);
        assert_eq!(related[0], [1, 2, 3, 4, 5]);
    }
}
