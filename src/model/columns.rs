//! The columns of a segment (`c/…bin`): for every article, what the facet counts of a filtered
//! view need — its day, author, categories and tags — in a compact binary form, encoded and
//! decoded here (every number an unsigned LEB128 varint):
//!
//! ```text
//! part = count  doc*                                  one per article, in number order
//! doc  = zigzag(day − previous day)  author  kind  cat*  ntag tag*
//! kind = ncat × 2 + page
//! ```
//!
//! `day` is 0 for an undated article, else 1 + the days since 1970-01-01 of its date in the
//! site's time zone (the previous day of a part's first article is 0); `author` is 0 for none,
//! else its id + 1; `ncat` is how many leaf categories follow and `page` is 1 for a page of a
//! Hexo site, 0 for a post (one varint for both: a post costs no byte more than before pages
//! were told apart); `cat` are the ids of the article's leaf categories (one per path), `tag`
//! the ids of its tags. About 6–12 bytes an article.

use crate::search::shard::{get, put};

/// Articles per column part.
pub const PART_DOCS: usize = 65_536;

/// One article's facets.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DocFacets {
    /// 0 when undated, else 1 + days since 1970-01-01 in the site's time zone.
    pub day: u32,
    pub author: Option<u32>,
    /// Leaf category ids.
    pub categories: Vec<u32>,
    pub tags: Vec<u32>,
    /// A page of a Hexo site rather than a post.
    pub page: bool,
}

/// Decoded columns of a run of articles, stored flat so that counting walks plain arrays.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Columns {
    /// Per article: 0 undated, else 1 + days since 1970-01-01.
    pub days: Vec<u32>,
    /// Per article: 0 none, else author id + 1.
    pub authors: Vec<u32>,
    /// Per article, the range of its leaf categories in `category_ids`: `category_starts[i]..
    /// category_starts[i + 1]`.
    pub category_starts: Vec<u32>,
    pub category_ids: Vec<u32>,
    /// Per article, the range of its tags in `tag_ids`, likewise.
    pub tag_starts: Vec<u32>,
    pub tag_ids: Vec<u32>,
    /// Per article: a page rather than a post.
    pub pages: Vec<bool>,
}

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn unzigzag(v: u64) -> i64 {
    (v >> 1) as i64 ^ -((v & 1) as i64)
}

/// Encodes one part.
pub fn encode(docs: &[DocFacets]) -> Vec<u8> {
    let mut out = Vec::with_capacity(docs.len() * 8 + 4);
    put(&mut out, docs.len() as u64);
    let mut previous = 0i64;
    for d in docs {
        put(&mut out, zigzag(i64::from(d.day) - previous));
        previous = i64::from(d.day);
        put(&mut out, d.author.map_or(0, |a| u64::from(a) + 1));
        put(&mut out, d.categories.len() as u64 * 2 + u64::from(d.page));
        for &c in &d.categories {
            put(&mut out, u64::from(c));
        }
        put(&mut out, d.tags.len() as u64);
        for &t in &d.tags {
            put(&mut out, u64::from(t));
        }
    }
    out
}

impl Columns {
    /// How many articles.
    pub fn len(&self) -> usize {
        self.days.len()
    }

    pub fn is_empty(&self) -> bool {
        self.days.is_empty()
    }

    /// Appends a decoded part; `None` (and nothing appended) when the bytes are malformed.
    pub fn append(&mut self, bytes: &[u8]) -> Option<()> {
        let mut part = Columns::default();
        let mut at = 0;
        let count = usize::try_from(get(bytes, &mut at)?).ok()?;
        let mut previous = 0i64;
        let small = |v: u64| u32::try_from(v).ok();
        part.category_starts.push(0);
        part.tag_starts.push(0);
        for _ in 0..count.min(bytes.len()) {
            let day = previous + unzigzag(get(bytes, &mut at)?);
            previous = day;
            part.days.push(u32::try_from(day).ok()?);
            part.authors.push(small(get(bytes, &mut at)?)?);
            let kind = get(bytes, &mut at)?;
            part.pages.push(kind & 1 == 1);
            for _ in 0..kind >> 1 {
                part.category_ids.push(small(get(bytes, &mut at)?)?);
            }
            part.category_starts.push(part.category_ids.len() as u32);
            for _ in 0..get(bytes, &mut at)? {
                part.tag_ids.push(small(get(bytes, &mut at)?)?);
            }
            part.tag_starts.push(part.tag_ids.len() as u32);
        }
        if part.days.len() != count {
            return None;
        }
        self.extend(part);
        Some(())
    }

    fn extend(&mut self, part: Columns) {
        if self.category_starts.is_empty() {
            self.category_starts.push(0);
            self.tag_starts.push(0);
        }
        let (c0, t0) = (self.category_ids.len() as u32, self.tag_ids.len() as u32);
        self.days.extend(part.days);
        self.authors.extend(part.authors);
        self.pages.extend(part.pages);
        self.category_starts
            .extend(part.category_starts[1..].iter().map(|s| s + c0));
        self.category_ids.extend(part.category_ids);
        self.tag_starts
            .extend(part.tag_starts[1..].iter().map(|s| s + t0));
        self.tag_ids.extend(part.tag_ids);
    }

    /// The leaf categories of article `i`.
    pub fn categories(&self, i: usize) -> &[u32] {
        let (a, b) = (self.category_starts[i], self.category_starts[i + 1]);
        &self.category_ids[a as usize..b as usize]
    }

    /// The tags of article `i`.
    pub fn tags(&self, i: usize) -> &[u32] {
        let (a, b) = (self.tag_starts[i], self.tag_starts[i + 1]);
        &self.tag_ids[a as usize..b as usize]
    }

    /// The author of article `i`.
    pub fn author(&self, i: usize) -> Option<u32> {
        self.authors[i].checked_sub(1)
    }

    /// The facets of article `i`.
    pub fn doc(&self, i: usize) -> DocFacets {
        DocFacets {
            day: self.days[i],
            author: self.author(i),
            categories: self.categories(i).to_vec(),
            tags: self.tags(i).to_vec(),
            page: self.pages[i],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_round_trip_and_concatenate() {
        let docs = vec![
            DocFacets::default(),
            DocFacets {
                day: 19_000,
                author: Some(0),
                categories: vec![3, 5],
                tags: vec![],
                page: true,
            },
            DocFacets {
                day: 18_990,
                author: None,
                categories: vec![],
                tags: vec![1, 70_000],
                page: false,
            },
        ];
        let mut columns = Columns::default();
        columns.append(&encode(&docs)).unwrap();
        columns.append(&encode(&docs[1..])).unwrap();
        assert_eq!(columns.len(), 5);
        let back: Vec<DocFacets> = (0..5).map(|i| columns.doc(i)).collect();
        assert_eq!(back[..3], docs[..]);
        assert_eq!(back[3..], docs[1..]);
    }

    #[test]
    fn malformed_parts_are_refused_whole() {
        let bytes = encode(&[DocFacets {
            day: 5,
            author: Some(2),
            categories: vec![1],
            tags: vec![2],
            page: true,
        }]);
        let mut columns = Columns::default();
        for cut in 0..bytes.len() {
            assert!(columns.append(&bytes[..cut]).is_none(), "cut at {cut}");
        }
        assert!(columns.is_empty());
    }
}
