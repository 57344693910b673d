//! Stage 10: the layout — which articles go into which piece of the bundle.
//!
//! Takes every article in number order as an [`Article`] (the hash of its slug and the size of
//! its body JSON) and returns the [`Layout`]: the groups (one row page and one pack each), the
//! directory chunks (runs of groups), the search segments, and the segments still being merged
//! ([`Merge`]: a merge of level 2 or more is published over the articles after it, the
//! segments it takes in answering the rest meanwhile); [`column_parts`] cuts a segment into
//! column parts. Boundaries are content-defined, as `docs/FORMAT.md` ("Content-defined
//! boundaries") specifies: a hash of an article's slug decides where a piece may end, and a
//! forced cut bounds a piece's size until the next content-defined one resynchronises. So an
//! archive that grows by newer articles keeps its older pieces, and an edit or a deletion
//! changes the pieces around it, not every piece after it. Pure.

use std::ops::Range;

use crate::model::columns::PART_DOCS;

/// A group ends after an article whose slug hash has `(h >> 40) % GROUP_EVERY == 0`, once it
/// is past its minimum ([`GROUP_MIN_BYTES`] or [`GROUP_MIN_ARTICLES`]). Without a minimum, many
/// groups would end far short of a full pack (1 in 48 made groups of 30 generated articles on
/// average, and 100,000 articles 3,321 groups); with it they hold about 40, and an edit still
/// changes a few groups around it (measured on synthetic archives: at most 9 of ~5,000 with
/// generated bodies, 17 with 5 KB ones).
pub const GROUP_EVERY: u64 = 32;
/// A group's pack bytes before a content-defined cut may end it.
pub const GROUP_MIN_BYTES: u64 = PACK_MAX_BYTES / 2;
/// A group's articles before a content-defined cut may end it (if its bytes are not there yet).
pub const GROUP_MIN_ARTICLES: usize = GROUP_MAX_ARTICLES / 4;
/// Articles in a group at most.
pub const GROUP_MAX_ARTICLES: usize = 128;
/// Bytes of a pack at most, unless one body alone is larger.
pub const PACK_MAX_BYTES: u64 = 96 * 1024;
/// A directory chunk ends after a group whose last article has `h >> 20 & 127 == 0`. A deep
/// link, and every view whose rows are spread over the archive, fetch a chunk per place: at
/// 1 in 256 groups (at most 1,024) 100,000 generated articles made 10 chunks of 1.7 to 58 KB,
/// most articles in the two largest; at 1 in 128 (at most 256) a chunk holds at most 16 KB,
/// for a longer `directory` in the entry (about 10 KB at 1,000,000 articles).
pub const CHUNK_MASK: u64 = 127;
/// Groups in a directory chunk at most.
pub const CHUNK_MAX_GROUPS: usize = 256;
/// Levels of search segments; an article closes a level-`k` segment when its slug hash has at
/// least `SEGMENT_ZEROS + 2k` trailing zero bits, and the run it closes holds at least
/// [`segment_min_articles`]`(k)`.
pub const SEGMENT_LEVELS: u32 = 5;
const SEGMENT_ZEROS: u32 = 9;

/// The articles a level-`k` run needs before a boundary of that level closes it: what the
/// level holds on average, `2^(SEGMENT_ZEROS + 2k)`. Without it, two boundaries close together
/// made segments of a few hundred articles, each of which every query reads a key block and a
/// shard of (at 100,000 articles 9.6 segments on average, 6.5 with it, by the simulation of
/// BENCHMARKS.md); a boundary too close to the last one is left to the level below, or to the
/// next boundary of its level, as a group's cut waits for its minimum.
pub fn segment_min_articles(k: u32) -> usize {
    1 << (SEGMENT_ZEROS + 2 * k)
}

/// A merge of level 2 or more is published over the `max(articles / MERGE_SPREAD,
/// MERGE_WINDOW_MIN)` articles after it ([`Merge`]): a day that closes one uploads a share of
/// its files, not all of them (`docs/FORMAT.md`, "Search segments").
pub const MERGE_SPREAD: usize = 4;
/// The fewest articles a merge is published over.
pub const MERGE_WINDOW_MIN: usize = 4096;

/// What the layout needs of an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Article {
    /// `xxh3_64` of the slug.
    pub slug_hash: u64,
    /// Bytes of the body's JSON in a pack.
    pub body_bytes: u32,
}

/// The pieces of a bundle, each a run of consecutive numbers.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Layout {
    /// Groups of articles: a row page and a pack each.
    pub groups: Vec<Range<u32>>,
    /// Directory chunks, as ranges of `groups`.
    pub chunks: Vec<Range<usize>>,
    /// Search segments (each with its own columns).
    pub segments: Vec<Range<u32>>,
    /// Whether the last segment is the open tail: the articles after the last closed run, which
    /// every build that appends articles writes again (its search files are cut larger).
    pub open_tail: bool,
    /// The segments whose merge is still being published, in the order of `segments`.
    pub merges: Vec<Merge>,
}

/// A closed segment of level 2 or more, merged from segments of the levels below, whose key
/// blocks are published a range at a time over the [`Merge::window`] articles after it; until
/// then the segments it takes in (`old`, the layout of its range at the levels below, its last
/// article closing nothing: the segments of the day before it closed, and the articles of the
/// tail up to it) answer the tokens at or above the boundary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merge {
    /// Its place in [`Layout::segments`].
    pub segment: usize,
    /// The segments it takes in, oldest first.
    pub old: Vec<Range<u32>>,
    /// Articles after its last one.
    pub after: u32,
    /// Articles it is published over.
    pub window: u32,
}

impl Merge {
    /// How many of the merged segment's key blocks are published (the first ones), given the
    /// bytes of the files each one reaches first (`block_bytes`): as many as fit in
    /// `⌈bytes × after / window⌉`, so that the articles after it, and nothing else, decide.
    /// By bytes rather than by blocks: a block's files vary tenfold (the first blocks hold
    /// the Latin words, whose lists are long), and by blocks the day of the close published
    /// the first block's 10 MB of a 29,532-article merge at 100,000 articles.
    pub fn published(&self, block_bytes: &[u64]) -> usize {
        let total: u64 = block_bytes.iter().sum();
        let budget =
            (u128::from(total) * u128::from(self.after)).div_ceil(u128::from(self.window.max(1)));
        let mut reached = 0u128;
        block_bytes
            .iter()
            .take_while(|&&bytes| {
                reached += u128::from(bytes);
                reached <= budget
            })
            .count()
    }
}

/// Lays out `articles`, given in number order.
pub fn lay_out(articles: &[Article]) -> Layout {
    let groups = groups(articles);
    let chunks = chunks(articles, &groups);
    let Segments {
        segments,
        levels,
        open_tail,
    } = segments(articles);
    let merges = merges(articles, &segments, &levels);
    Layout {
        chunks,
        segments,
        open_tail,
        merges,
        groups,
    }
}

/// A pack's bytes: `{"bodies":[` + bodies joined by commas + `]}`.
fn pack_bytes(bodies: u64, count: u64) -> u64 {
    13 + bodies + count.saturating_sub(1)
}

fn groups(articles: &[Article]) -> Vec<Range<u32>> {
    let mut groups = Vec::new();
    let mut start = 0usize;
    let mut bodies = 0u64;
    for (i, a) in articles.iter().enumerate() {
        let count = (i - start) as u64;
        let body = u64::from(a.body_bytes);
        if count > 0 && pack_bytes(bodies + body, count + 1) > PACK_MAX_BYTES {
            groups.push(start as u32..i as u32);
            start = i;
            bodies = 0;
        }
        bodies += body;
        let count = i + 1 - start;
        let past_minimum =
            pack_bytes(bodies, count as u64) >= GROUP_MIN_BYTES || count >= GROUP_MIN_ARTICLES;
        let content_cut = (a.slug_hash >> 40) % GROUP_EVERY == 0 && past_minimum;
        if content_cut || count == GROUP_MAX_ARTICLES {
            groups.push(start as u32..i as u32 + 1);
            start = i + 1;
            bodies = 0;
        }
    }
    if start < articles.len() {
        groups.push(start as u32..articles.len() as u32);
    }
    groups
}

fn chunks(articles: &[Article], groups: &[Range<u32>]) -> Vec<Range<usize>> {
    let mut chunks = Vec::new();
    let mut start = 0;
    for (g, group) in groups.iter().enumerate() {
        let last = articles[group.end as usize - 1].slug_hash;
        if (last >> 20) & CHUNK_MASK == 0 || g + 1 - start == CHUNK_MAX_GROUPS {
            chunks.push(start..g + 1);
            start = g + 1;
        }
    }
    if start < groups.len() {
        chunks.push(start..groups.len());
    }
    chunks
}

/// The highest segment level `article` closes, 0 for none.
fn level(article: &Article) -> u32 {
    let zeros = article.slug_hash.trailing_zeros();
    (zeros.saturating_sub(SEGMENT_ZEROS) / 2).min(SEGMENT_LEVELS)
}

/// The search segments, the level each closed one was closed at (0 for the open tail), and
/// whether the last one is open.
struct Segments {
    segments: Vec<Range<u32>>,
    levels: Vec<u32>,
    open_tail: bool,
}

fn segments(articles: &[Article]) -> Segments {
    let mut segments = Vec::new();
    let mut levels = Vec::new();
    let end = articles.len();
    let start = runs(
        articles,
        0,
        end,
        SEGMENT_LEVELS,
        end,
        &mut segments,
        &mut levels,
    );
    let open_tail = start < end;
    if open_tail {
        segments.push(start as u32..end as u32);
        levels.push(0);
    }
    Segments {
        segments,
        levels,
        open_tail,
    }
}

/// Pushes the closed runs of `articles[start..end]` at levels `top` down to 1 (within the rest
/// of each level, the runs of at least the level's minimum closed by articles of that level or
/// higher), none closed by an article at or past `closers_end`; returns where the rest starts.
fn runs(
    articles: &[Article],
    mut start: usize,
    end: usize,
    top: u32,
    closers_end: usize,
    segments: &mut Vec<Range<u32>>,
    levels: &mut Vec<u32>,
) -> usize {
    for k in (1..=top).rev() {
        let min = segment_min_articles(k);
        for (i, a) in articles
            .iter()
            .enumerate()
            .take(end.min(closers_end))
            .skip(start)
        {
            if level(a) >= k && i + 1 - start >= min {
                segments.push(start as u32..i as u32 + 1);
                levels.push(k);
                start = i + 1;
            }
        }
    }
    start
}

/// The segments closed at level 2 or more whose merge is not published whole yet: fewer than
/// its window of articles after it, and more than one segment taken in.
fn merges(articles: &[Article], segments: &[Range<u32>], levels: &[u32]) -> Vec<Merge> {
    let n = articles.len();
    let mut merges = Vec::new();
    for (i, (range, &k)) in segments.iter().zip(levels).enumerate() {
        if k < 2 {
            continue;
        }
        let (start, end) = (range.start as usize, range.end as usize);
        let window = ((end - start) / MERGE_SPREAD).max(MERGE_WINDOW_MIN);
        let after = n - end;
        if after >= window {
            continue;
        }
        // The range as the levels below lay it out, its last article closing nothing.
        let mut old = Vec::new();
        let rest = runs(
            articles,
            start,
            end,
            k - 1,
            end - 1,
            &mut old,
            &mut Vec::new(),
        );
        if rest < end {
            old.push(rest as u32..end as u32);
        }
        if old.len() > 1 {
            merges.push(Merge {
                segment: i,
                old,
                after: after as u32,
                window: window as u32,
            });
        }
    }
    merges
}

/// The column parts of `segment`: [`PART_DOCS`] articles each, the last one the rest.
pub fn column_parts(segment: &Range<u32>) -> Vec<Range<u32>> {
    (segment.start..segment.end)
        .step_by(PART_DOCS)
        .map(|first| first..(first + PART_DOCS as u32).min(segment.end))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gen::Rng;
    use xxhash_rust::xxh3::xxh3_64;

    /// Article `i` of a synthetic archive: slug `article-<i>`, a body of 500–3,000 bytes.
    fn article(i: u64) -> Article {
        let mut rng = Rng::new(i);
        Article {
            slug_hash: xxh3_64(format!("article-{i}").as_bytes()),
            body_bytes: 500 + rng.below(2500) as u32,
        }
    }

    fn archive(ids: impl Iterator<Item = u64>) -> (Vec<u64>, Vec<Article>) {
        let ids: Vec<u64> = ids.collect();
        let articles = ids.iter().map(|&i| article(i)).collect();
        (ids, articles)
    }

    /// The pieces as sets of article ids, so that they can be compared across renumbering.
    fn by_id(ids: &[u64], ranges: &[Range<u32>]) -> Vec<Vec<u64>> {
        ranges
            .iter()
            .map(|r| ids[r.start as usize..r.end as usize].to_vec())
            .collect()
    }

    fn covers(ranges: &[Range<u32>], n: usize) {
        let mut at = 0;
        for r in ranges {
            assert_eq!(r.start, at, "pieces are consecutive");
            assert!(r.end > r.start, "no piece is empty");
            at = r.end;
        }
        assert_eq!(at as usize, n);
    }

    #[test]
    fn pieces_cover_every_article_within_their_bounds() {
        let (_, articles) = archive(0..20_000);
        let layout = lay_out(&articles);
        covers(&layout.groups, articles.len());
        covers(&layout.segments, articles.len());
        for g in &layout.groups {
            let bodies: u64 = articles[g.start as usize..g.end as usize]
                .iter()
                .map(|a| u64::from(a.body_bytes))
                .sum();
            assert!(pack_bytes(bodies, u64::from(g.end - g.start)) <= PACK_MAX_BYTES);
            assert!((g.end - g.start) as usize <= GROUP_MAX_ARTICLES);
        }
        // Past the minimum (half a pack, about 28 of these articles) about one in 32 cuts, and
        // the pack's bytes cut at about 56.
        let average = articles.len() / layout.groups.len();
        assert!((36..=50).contains(&average), "{average}");
        for g in &layout.groups[..layout.groups.len() - 1] {
            let bodies: u64 = articles[g.start as usize..g.end as usize]
                .iter()
                .map(|a| u64::from(a.body_bytes))
                .sum();
            let count = (g.end - g.start) as usize;
            assert!(
                pack_bytes(bodies, count as u64) >= GROUP_MIN_BYTES || count >= GROUP_MIN_ARTICLES,
                "{g:?} ends before its minimum"
            );
        }
        let mut at = 0;
        for c in &layout.chunks {
            assert_eq!(c.start, at);
            assert!(c.len() <= CHUNK_MAX_GROUPS && !c.is_empty());
            at = c.end;
        }
        assert_eq!(at, layout.groups.len());
        // Level 1 closes about every 2,048 articles (a run of at least that), and higher levels
        // merge them: a few segments, the last one open.
        assert!(
            (2..=30).contains(&layout.segments.len()),
            "{:?}",
            layout.segments
        );
    }

    #[test]
    fn a_body_larger_than_a_pack_is_a_group_of_its_own() {
        let mut articles: Vec<Article> = (0..10).map(article).collect();
        for a in &mut articles {
            a.slug_hash |= 1 << 40; // no content-defined cut
        }
        articles[4].body_bytes = 200_000;
        let groups = groups(&articles);
        assert_eq!(groups, [0..4, 4..5, 5..10]);
    }

    #[test]
    fn content_cuts_wait_for_half_a_pack_or_a_quarter_of_the_articles() {
        // Every article may end a group (its hash says so); the minimum decides.
        let every = |body_bytes: u32, n: usize| -> Vec<Range<u32>> {
            let articles = vec![
                Article {
                    slug_hash: 1,
                    body_bytes
                };
                n
            ];
            groups(&articles)
        };
        // 10 KB bodies: four make 40 KB, five 50 KB, past half a pack.
        assert_eq!(every(10_240, 12), [0..5, 5..10, 10..12]);
        // 100-byte bodies: 32 articles before the first cut.
        assert_eq!(every(100, 70), [0..32, 32..64, 64..70]);
        // 60 KB bodies: one is past the minimum, two would not fit.
        assert_eq!(every(60_000, 3), [0..1, 1..2, 2..3]);
    }

    #[test]
    fn forced_cuts_bound_groups_and_chunks() {
        let articles: Vec<Article> = (0..300)
            .map(|i| Article {
                slug_hash: 1 << 40 | 1 << 20 | 1,
                body_bytes: 10 + i % 3,
            })
            .collect();
        let layout = lay_out(&articles);
        assert_eq!(layout.groups, [0..128, 128..256, 256..300]);
        assert_eq!(layout.chunks, vec![0..3usize]);
        assert_eq!(layout.segments, vec![0..300u32]);
    }

    #[test]
    fn appending_newer_articles_keeps_the_older_pieces() {
        let (ids, articles) = archive(0..30_000);
        let (more_ids, more) = archive(0..36_000);
        let (before, after) = (lay_out(&articles), lay_out(&more));
        // Every group but the last (the open one) stays as it was.
        let old = by_id(&ids, &before.groups);
        let new = by_id(&more_ids, &after.groups);
        assert_eq!(old[..old.len() - 1], new[..old.len() - 1]);
        // So does every directory chunk but the last.
        assert_eq!(
            before.chunks[..before.chunks.len() - 1],
            after.chunks[..before.chunks.len() - 1]
        );
        // Segments are only merged: every boundary of the larger archive within the smaller one
        // was a boundary before, and the closed segments of the top level stay.
        let ends: Vec<u32> = before.segments.iter().map(|s| s.end).collect();
        for s in &after.segments {
            assert!(
                s.end as usize > articles.len() || ends.contains(&s.end),
                "{s:?}"
            );
        }
        let top: Vec<&Range<u32>> = before
            .segments
            .iter()
            .filter(|s| level(&articles[s.end as usize - 1]) == SEGMENT_LEVELS)
            .collect();
        for s in top {
            assert!(after.segments.contains(s));
        }
    }

    /// The groups of `a` and `b` (as article ids) that are equal, counted from both ends.
    fn same_from_both_ends(a: &[Vec<u64>], b: &[Vec<u64>]) -> (usize, usize) {
        let head = a.iter().zip(b).take_while(|(x, y)| x == y).count();
        let tail = a
            .iter()
            .rev()
            .zip(b.iter().rev())
            .take_while(|(x, y)| x == y)
            .count();
        (head, tail)
    }

    #[test]
    fn an_edit_or_a_deletion_changes_only_the_groups_around_it() {
        let (ids, articles) = archive(0..10_000);
        let before = by_id(&ids, &lay_out(&articles).groups);

        // An edit makes article 5,000's body much longer.
        let mut edited = articles.clone();
        edited[5_000].body_bytes = 60_000;
        let after = by_id(&ids, &lay_out(&edited).groups);
        let (head, tail) = same_from_both_ends(&before, &after);
        assert!(
            before.len() - head - tail <= 4,
            "{head} + {tail} of {}",
            before.len()
        );

        // A deletion renumbers every later article; their groups hold the same articles.
        let kept: Vec<u64> = ids.iter().copied().filter(|&i| i != 5_000).collect();
        let fewer: Vec<Article> = kept.iter().map(|&i| article(i)).collect();
        let after = by_id(&kept, &lay_out(&fewer).groups);
        let (head, tail) = same_from_both_ends(&before, &after);
        assert!(
            before.len() - head - tail <= 3,
            "{head} + {tail} of {}",
            before.len()
        );

        // Search segments too: only the one holding the article changes.
        let seg_before = by_id(&ids, &lay_out(&articles).segments);
        let seg_after = by_id(&kept, &lay_out(&fewer).segments);
        let (head, tail) = same_from_both_ends(&seg_before, &seg_after);
        assert_eq!(seg_before.len() - head - tail, 1);
    }

    /// `n` articles of level 0 but those of `boundaries`, `(number, level)`.
    fn with_boundaries(n: usize, boundaries: &[(usize, u32)]) -> Vec<Article> {
        let mut articles = vec![
            Article {
                slug_hash: 1,
                body_bytes: 1
            };
            n
        ];
        for &(i, k) in boundaries {
            articles[i].slug_hash = if k == SEGMENT_LEVELS {
                0
            } else {
                1 << (SEGMENT_ZEROS + 2 * k)
            };
            assert_eq!(level(&articles[i]), k);
        }
        articles
    }

    fn ranges(segments: Segments) -> (Vec<Range<u32>>, bool) {
        assert_eq!(segments.levels.len(), segments.segments.len());
        (segments.segments, segments.open_tail)
    }

    #[test]
    fn segments_nest_levels_from_the_oldest_article() {
        let m = |k| segment_min_articles(k);
        assert_eq!((m(1), m(2)), (2_048, 8_192));
        // A level-2 boundary past its minimum (a) and a level-5 one past its own (d): level 5
        // closes everything up to it, and the rest is the tail.
        let (a, d) = (m(2) + 9, m(5) + 7);
        let n = d + 100;
        let articles = with_boundaries(n, &[(a, 2), (d, 5)]);
        let ends = |x: usize| x as u32 + 1;
        let all = n as u32;
        assert_eq!(
            ranges(segments(&articles)),
            (vec![0..ends(d), ends(d)..all], true)
        );
        // With the level-5 boundary short of its minimum, it closes at level 2 (higher levels
        // first): [0, a] and (a, d]; within the rest, level 1 closes the run to the second
        // level-1 boundary, not the one to the first (too short).
        let d = a + m(2) + 1;
        let e = d + 7 + m(1);
        let articles = with_boundaries(n, &[(a, 2), (d, 5), (d + 7, 1), (e, 1)]);
        assert_eq!(
            ranges(segments(&articles)),
            (
                vec![0..ends(a), ends(a)..ends(d), ends(d)..ends(e), ends(e)..all],
                true
            )
        );
        // A last article that closes its run leaves no open tail.
        let articles = with_boundaries(m(1), &[(m(1) - 1, 1)]);
        let whole = Vec::from([Range {
            start: 0,
            end: m(1) as u32,
        }]);
        assert_eq!(ranges(segments(&articles)), (whole, false));
        // One too few for the level's minimum: the run stays open.
        let articles = with_boundaries(m(1) - 1, &[(m(1) - 2, 1)]);
        assert_eq!(
            ranges(segments(&articles)),
            (
                Vec::from([Range {
                    start: 0,
                    end: m(1) as u32 - 1
                }]),
                true
            )
        );
    }

    #[test]
    fn a_merge_takes_in_the_segments_before_it_and_is_published_over_the_articles_after_it() {
        // Level-1 boundaries at 2,100 and 4,300, a level-2 one at 9,000 (past 8,192).
        let (a, b, c) = (2_100, 4_300, 9_000);
        let layout_of = |n: usize| lay_out(&with_boundaries(n, &[(a, 1), (b, 1), (c, 2)]));
        let ends = |x: usize| x as u32 + 1;
        // The day before the close: two level-1 segments and the open tail.
        let before = lay_out(&with_boundaries(c, &[(a, 1), (b, 1)]));
        assert_eq!(
            before.segments,
            [0..ends(a), ends(a)..ends(b), ends(b)..c as u32]
        );
        assert!(before.merges.is_empty());
        // The close, 100 articles after it: one level-2 segment and the new tail; the merge
        // takes in the segments of the day before and the tail's articles up to the closer.
        let at = layout_of(c + 101);
        assert_eq!(at.segments, [0..ends(c), ends(c)..ends(c + 100)]);
        let merge = Merge {
            segment: 0,
            old: vec![0..ends(a), ends(a)..ends(b), ends(b)..ends(c)],
            after: 100,
            window: MERGE_WINDOW_MIN as u32,
        };
        assert_eq!(at.merges, std::slice::from_ref(&merge));
        // A quarter of 9,001 articles is under the least window: 4,096 articles. Of 40 blocks
        // of 100 bytes, 100 / 4,096 of their 4,000 bytes is 98: not one yet.
        assert_eq!(merge.published(&[100; 40]), 0);
        assert_eq!(merge.published(&[]), 0);
        // The first block of 1,000 bytes: 100 / 4,096 of 4,900 is 120.
        let mut bytes = vec![100u64; 40];
        bytes[0] = 1_000;
        assert_eq!(merge.published(&bytes), 0);
        // The boundary moves with the articles after the close, and nothing else.
        let half = layout_of(c + 1 + 2_048);
        assert_eq!(half.merges[0].old, merge.old);
        assert_eq!(half.merges[0].published(&[100; 40]), 20);
        assert_eq!(half.merges[0].published(&bytes), 15);
        let last = layout_of(c + 1 + 4_095);
        // 4,095 / 4,096 of 4,000 bytes, rounded up: every block (then published whole).
        assert_eq!(last.merges[0].published(&[100; 40]), 40);
        assert_eq!(last.merges[0].published(&bytes), 39);
        assert_eq!(layout_of(c + 1 + 4_096).merges, []);
        // The same articles, the same layout.
        assert_eq!(layout_of(c + 1 + 2_048), half);
        // A close with nothing to merge (a run of no level-1 segment) is written whole.
        let single = lay_out(&with_boundaries(c + 101, &[(c, 2)]));
        assert_eq!(single.segments.len(), 2);
        assert!(single.merges.is_empty());
    }

    #[test]
    fn a_large_merge_is_published_over_a_quarter_of_its_articles() {
        // A level-3 run of 40,000 articles over level-2 and level-1 segments.
        let n = 40_000;
        let articles = with_boundaries(
            n + 5_000,
            &[(3_000, 1), (9_000, 2), (12_000, 1), (20_000, 2), (n - 1, 3)],
        );
        let layout = lay_out(&articles);
        assert_eq!(layout.segments, [0..n as u32, n as u32..n as u32 + 5_000]);
        let merge = &layout.merges[0];
        assert_eq!(merge.window, 10_000);
        assert_eq!(merge.after, 5_000);
        // The levels below: level 2 first (its runs of at least 8,192), then level 1 in the
        // rest; the closer closes nothing.
        assert_eq!(merge.old, [0..9_001, 9_001..20_001, 20_001..n as u32]);
    }

    #[test]
    fn column_parts_cut_every_part_docs() {
        let segment = 10..(10 + 2 * PART_DOCS as u32 + 5);
        let parts = column_parts(&segment);
        assert_eq!(parts.len(), 3);
        assert_eq!(parts[0], 10..10 + PART_DOCS as u32);
        assert_eq!(parts[2].end, segment.end);
        assert!(column_parts(&(4..4)).is_empty());
    }
}
