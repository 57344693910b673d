//! Stage 8b: related articles. Takes, for every article in number order, its facet keys (tags
//! and category nodes), a few title terms, and a hash of its title and body; returns for each
//! up to [`RELATED`] other articles, best first.
//!
//! Two articles are related by what they share: first how many tags and category nodes, then how
//! many title terms. Only older articles (lower numbers) are related: an archive that grows by newer articles then keeps every older pack
//! byte for byte (FORMAT.md, "Numbers"). Memory and time stay bounded at any size: nothing holds
//! the texts (a title gives its terms as 32-bit hashes), and an article meets as
//! candidates only the [`WINDOW`] older articles nearest in time within each value it has, so a
//! tag of 100,000 articles costs no more than one of 100. An article is never related to
//! itself, nor to an exact duplicate (same title and body), and two duplicates of each other are
//! never both listed.
//!
//! An article's list depends only on itself and the older articles, so a run whose articles
//! up to some number are what they were last run takes those lists from the cache and computes
//! only the others ([`related_of`]); [`fingerprint`] says what "what they were" is.

use std::collections::HashMap;

use rayon::prelude::*;

/// Related articles listed per article.
pub const RELATED: usize = 5;
/// Candidates met per value: the older articles nearest in number (time).
pub const WINDOW: usize = 96;
/// Candidates met per title term: fewer than per facet value, an article having more terms.
pub const TERM_WINDOW: usize = 16;

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
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Shared {
    facets: u32,
    terms: u32,
}

/// An older article met as a candidate, and what it shares with the article.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    number: u32,
    shared: Shared,
}

/// The related articles of every article of `docs` (numbers, best first): more shared tags and
/// category nodes first, then more shared title terms, then nearer in time. Every count is of
/// what the two articles have, never of the archive, so that adding newer articles changes no
/// older article's list.
#[cfg(test)]
pub fn related(docs: &[RelatedDoc]) -> Vec<Vec<u32>> {
    related_from(docs, 0)
}

/// The related articles of the articles of `docs` from number `first` on (the lists of those
/// before it are what they were: see the module's documentation).
#[cfg(test)]
pub fn related_from(docs: &[RelatedDoc], first: usize) -> Vec<Vec<u32>> {
    let numbers: Vec<u32> = (first.min(docs.len()) as u32..docs.len() as u32).collect();
    related_of(docs, &numbers)
}

/// The related articles of the articles `numbers` of `docs` (each below `docs.len()`), in
/// that order.
pub fn related_of(docs: &[RelatedDoc], numbers: &[u32]) -> Vec<Vec<u32>> {
    // Postings: the articles of each value, ascending (terms are keyed above the facets); only
    // of the values the articles listed have, the only ones their lists read (a save in
    // `folio serve` computes one list, and the postings of every value of 100k articles were
    // most of its cost).
    fn term_key(t: u32) -> u64 {
        1 << 40 | u64::from(t)
    }
    fn value_keys(doc: &RelatedDoc) -> impl Iterator<Item = u64> + '_ {
        let facets = doc.facets.iter().copied();
        facets.chain(doc.terms.iter().map(|&t| term_key(t)))
    }
    let mut postings: HashMap<u64, Vec<u32>> = numbers
        .iter()
        .flat_map(|&a| value_keys(&docs[a as usize]))
        .map(|key| (key, Vec::new()))
        .collect();
    for (number, doc) in docs.iter().enumerate() {
        for key in value_keys(doc) {
            if let Some(list) = postings.get_mut(&key) {
                list.push(number as u32);
            }
        }
    }
    numbers
        .par_iter()
        .map_init(Vec::new, |hits: &mut Vec<u64>, &a| {
            let a = a as usize;
            let doc = &docs[a];
            // Every candidate met, once per value it shares (`number << 1 | facet`): sorted,
            // each candidate's meetings lie side by side and are counted in one pass (a hash
            // map of candidates per article was a third of the phase at 100,000 articles, and
            // grew worse than linearly with the archive: BENCHMARKS.md, branch i12-build).
            hits.clear();
            let keys = doc.facets.iter().map(|&k| (k, true));
            let keys = keys.chain(doc.terms.iter().map(|&t| (term_key(t), false)));
            for (key, facet) in keys {
                let list = &postings[&key];
                let at = list.partition_point(|&b| b < a as u32);
                let window = if facet { WINDOW } else { TERM_WINDOW };
                let met = &list[at.saturating_sub(window)..at];
                hits.extend(met.iter().map(|&b| u64::from(b) << 1 | u64::from(facet)));
            }
            hits.sort_unstable();
            let mut ranked: Vec<Candidate> = Vec::new();
            for &hit in hits.iter() {
                let number = (hit >> 1) as u32;
                if ranked.last().is_none_or(|last| last.number != number) {
                    ranked.push(Candidate {
                        number,
                        shared: Shared::default(),
                    });
                }
                if let Some(last) = ranked.last_mut() {
                    if hit & 1 == 1 {
                        last.shared.facets += 1;
                    } else {
                        last.shared.terms += 1;
                    }
                }
            }
            ranked.retain(|c| docs[c.number as usize].duplicate != doc.duplicate);
            best(ranked, docs)
        })
        .collect()
}

/// The [`RELATED`] best of `ranked` (candidates and what each shares with the article): more
/// shared facet values first, then more shared title terms, then nearer in time (older only,
/// so a higher number is nearer); of exact duplicates of each other only the best. Only as
/// many candidates as the list needs are put in order, unless duplicates among them leave it
/// short.
fn best(mut ranked: Vec<Candidate>, docs: &[RelatedDoc]) -> Vec<u32> {
    let order = |x: &Candidate, y: &Candidate| {
        y.shared
            .facets
            .cmp(&x.shared.facets)
            .then(y.shared.terms.cmp(&x.shared.terms))
            .then(y.number.cmp(&x.number))
    };
    let mut head = RELATED.min(ranked.len());
    loop {
        // The order is total (numbers differ): the first `head` are the same whichever way
        // they are found.
        if head < ranked.len() {
            ranked.select_nth_unstable_by(head, order);
        }
        ranked[..head].sort_unstable_by(order);
        let mut out: Vec<u32> = Vec::with_capacity(RELATED);
        for &Candidate { number: b, .. } in &ranked[..head] {
            let dup = docs[b as usize].duplicate;
            if !out.iter().any(|&o| docs[o as usize].duplicate == dup) {
                out.push(b);
                if out.len() == RELATED {
                    break;
                }
            }
        }
        if out.len() == RELATED || head == ranked.len() {
            return out;
        }
        head = ranked.len();
    }
}

/// What an article's related list depends on, as a hash that tables' ids do not enter (a new
/// tag moves the ids of the tags after it, not what an article shares with another):
/// `facet_names` gives each of `doc`'s facet keys a hash of its name (a category's, of its
/// path). Two runs whose articles up to number n have the same fingerprints give those
/// articles the same lists.
pub fn fingerprint(doc: &RelatedDoc, facet_names: impl Fn(u64) -> u64) -> u64 {
    let mut facets: Vec<u64> = doc.facets.iter().map(|&k| facet_names(k)).collect();
    facets.sort_unstable();
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    hasher.update(&(facets.len() as u64).to_le_bytes());
    for f in facets {
        hasher.update(&f.to_le_bytes());
    }
    for t in &doc.terms {
        hasher.update(&t.to_le_bytes());
    }
    hasher.update(&doc.duplicate.to_le_bytes());
    hasher.digest()
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
        // 6 shares two tags with 0 and 1 (duplicates of each other: one of them is listed),
        // one with 2.
        assert_eq!(related[6].iter().filter(|&&r| r < 2).count(), 1);
        assert_eq!(related[6][1], 2);
        // Only older articles: the oldest has none; 1 never lists 0, its duplicate.
        assert!(related[0].is_empty() && related[1].is_empty());
        // 4 and 5 share a category and the term 残疾.
        assert_eq!(related[5][0], 4);
        assert!(related[7].is_empty());
        for (a, r) in related.iter().enumerate() {
            assert!(r.len() <= RELATED && r.iter().all(|&b| b < a as u32));
        }
    }

    #[test]
    fn lists_from_a_number_on_are_those_of_the_whole_run() {
        let docs: Vec<RelatedDoc> = (0..300)
            .map(|i| {
                doc(
                    &[i % 7, 100 + i % 3],
                    &[i % 5],
                    &format!("title {}", i % 11),
                    i as u64,
                )
            })
            .collect();
        let whole = related(&docs);
        for first in [0, 1, 150, 299, 300] {
            assert_eq!(related_from(&docs, first), whole[first..], "{first}");
        }
        let some = [0, 7, 8, 150, 299];
        let expected: Vec<Vec<u32>> = some.iter().map(|&a| whole[a as usize].clone()).collect();
        assert_eq!(related_of(&docs, &some), expected);
    }

    #[test]
    fn a_fingerprint_sees_names_not_ids() {
        let d = doc(&[1, 2], &[0], "Rust", 10);
        let names = |k: u64| k * 1000;
        assert_eq!(fingerprint(&d, names), fingerprint(&d, names));
        // The same names under other ids (a tag added before them), in another order.
        let moved = RelatedDoc {
            facets: d.facets.iter().rev().map(|&k| k + 1).collect(),
            ..d.clone()
        };
        assert_eq!(
            fingerprint(&moved, |k| (k - 1) * 1000),
            fingerprint(&d, names)
        );
        let other = doc(&[1, 3], &[0], "Rust", 10);
        assert_ne!(fingerprint(&other, names), fingerprint(&d, names));
        let retitled = doc(&[1, 2], &[0], "Go", 10);
        assert_ne!(fingerprint(&retitled, names), fingerprint(&d, names));
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
        // 1,000 articles share one tag: each meets only the WINDOW older ones nearest to it.
        let docs: Vec<RelatedDoc> = (0..1000).map(|i| doc(&[7], &[], "", i)).collect();
        let related = related(&docs);
        assert_eq!(related[500], [499, 498, 497, 496, 495]);
        assert!(related[0].is_empty());
        assert_eq!(related[2], [1, 0]);
    }
}
