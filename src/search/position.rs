//! Where each unit of an article stands in the index: positions numbered by line and by block,
//! one rule shared by the bundler (which numbers an article's units) and the engine (which
//! checks that a phrase's units stand next to each other).
//!
//! An article's title, body and names are lines (each text cut at its newlines), in this order.
//! The first unit is at 0; a line's first unit starts at a multiple of [`LINE_STEP`]; inside a
//! line, a unit whose own text says so ([`ends_block`]) ends a *block*, and the next unit starts
//! at the next multiple of [`BLOCK_STEP`]. A block of [`BLOCK_STEP`] units that none ended runs
//! into the next multiple by itself, so blocks hold at most that many units. An edit then moves
//! the positions of the units after it in its own block alone (the rest of the line resumes at
//! the next block, the next lines at their own multiples), so only the posting lists of the
//! tokens near it change, where numbering the units one after another changed every list whose
//! token stood after the edit.
//!
//! Two units are adjacent (a phrase may run from one to the other) when the second stands at
//! [`next_position`] of the first: one further, or at the next block when the first ends a
//! block. The engine knows this from the query's own units. A line starts more than a block
//! past its previous line's last unit, where no unit of that line is adjacent to it, so a
//! phrase never runs from one line into the next, nor from the title into the body.
//!
//! Positions are `u32`. Lines and blocks are numbered below [`FLAT_FROM`] (2^31: 1,048,576
//! lines of up to 8 blocks); a newline that would start a line at or past it starts none (the rest of
//! the article joins the line being numbered), and from it on units are numbered one after
//! another, blocks ending nowhere, up to 2^32 − 1, where the remaining units all stand (their
//! tokens are found, phrases among them are not).

use std::borrow::Cow;

use xxhash_rust::xxh3::xxh3_64_with_seed;

use super::token::{units, Unit};

/// Each line starts at a multiple of this (8 blocks). Smaller steps make smaller positions,
/// and a position's varint in the index costs a byte more from 2^7, 2^14 and 2^21 on; larger
/// ones make a line that an edit lengthens by a block move the lines after it less often (when
/// its end crosses a multiple). Measured on 10,000 generated articles (the search index, format 7
/// 23.0 MB): 65,536 and 1,024 made 31.6 MB, 8,192 and 1,024 29.1 MB, 4,096 and 256 27.0 MB,
/// 2,048 and 256 25.6 MB, 1,024 and 128 25.5 MB (BENCHMARKS.md, "Positions by line and block").
pub const LINE_STEP: u32 = 1 << 11;

/// Each block starts at a multiple of this, and holds at most this many units (a run of this
/// many units that none ended runs into the next: at [`BLOCK_ODDS`], about one block in 55).
pub const BLOCK_STEP: u32 = 1 << 8;

/// From this position on, units are numbered one after another: no line nor block starts.
pub const FLAT_FROM: u32 = 1 << 31;

/// A unit ends a block when the hash of its text (a word lowercased, or one CJK character)
/// with this seed is 0 modulo [`BLOCK_ODDS`]; the seed differs from the cuts' of shards.
const BLOCK_SEED: u64 = 3;

/// About one unit in this many ends a block (per distinct unit text).
pub const BLOCK_ODDS: u64 = 64;

/// Whether a unit with this text ends its block (see the module documentation).
pub fn ends_block(unit: &str) -> bool {
    xxh3_64_with_seed(unit.as_bytes(), BLOCK_SEED) % BLOCK_ODDS == 0
}

/// Where the unit after a unit at `at` stands when both are in one line, `ends_block` being
/// whether that unit ends a block ([`ends_block`] of its text); `None` past the last position.
pub fn next_position(at: u32, ends_block: bool) -> Option<u32> {
    if at < FLAT_FROM && ends_block {
        Some((at + 1).next_multiple_of(BLOCK_STEP))
    } else {
        at.checked_add(1)
    }
}

/// Numbers an article's units, one after another, as they come (see the module documentation).
#[derive(Debug, Clone, Default)]
pub struct Numbering {
    /// Where the next unit stands if it is in the same line; `None` before the first unit.
    next: Option<u32>,
    /// The last unit's position.
    last: u32,
    /// A newline came since the last unit.
    line_ended: bool,
    /// The next line starts at a multiple of this (of [`LINE_STEP`], when 0).
    align: u32,
}

impl Numbering {
    /// The text of a unit placed after this starts a new line.
    pub fn end_line(&mut self) {
        self.line_ended = true;
    }

    /// The text of a unit placed after this starts a new line, at a multiple of `align` (a
    /// multiple of [`LINE_STEP`]).
    pub fn end_line_at(&mut self, align: u32) {
        debug_assert_eq!(align % LINE_STEP, 0);
        self.line_ended = true;
        self.align = align;
    }

    /// The position of the next unit, whose text is `unit`.
    pub fn place(&mut self, unit: &str) -> u32 {
        let at = match self.next {
            None => 0,
            Some(next) => {
                let line_start = (u64::from(self.last) + u64::from(BLOCK_STEP) + 1)
                    .next_multiple_of(u64::from(self.align.max(LINE_STEP)));
                match u32::try_from(line_start) {
                    Ok(start) if self.line_ended && start < FLAT_FROM => start,
                    _ => next,
                }
            }
        };
        self.line_ended = false;
        self.align = 0;
        self.last = at;
        self.next = Some(next_position(at, ends_block(unit)).unwrap_or(u32::MAX));
        at
    }

    /// Just after the last unit placed (0 before any): where the units so far end.
    pub fn end(&self) -> u32 {
        match self.next {
            None => 0,
            Some(_) => self.last.saturating_add(1),
        }
    }
}

/// Calls `emit(token, position)` for every token the index stores for `text` (as
/// [`super::token::tokens`] has them), numbered on by `numbering`: `text` starts a line, and so
/// does each of its newlines.
pub fn tokens_in_lines<'a>(
    text: &'a str,
    numbering: &mut Numbering,
    mut emit: impl FnMut(Cow<'a, str>, u32),
) {
    numbering.end_line();
    let mut after_last = 0;
    // Byte offset and position of the previous CJK unit.
    let mut prev: Option<(usize, u32)> = None;
    for (span, unit) in units(text) {
        if text[after_last..span.start].contains('\n') {
            numbering.end_line();
        }
        after_last = span.end;
        match unit {
            Unit::Word(word) => {
                let at = numbering.place(&word);
                emit(word, at);
                prev = None;
            }
            Unit::Cjk { ch, joined } => {
                let at = numbering.place(ch);
                if let (true, Some((prev_start, prev_at))) = (joined, prev) {
                    emit(Cow::Borrowed(&text[prev_start..span.end]), prev_at);
                }
                emit(Cow::Borrowed(ch), at);
                prev = Some((span.start, at));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A unit text that ends a block and one that does not.
    fn ender_and_not() -> (String, String) {
        let ender = (0..).map(|i| format!("w{i}")).find(|w| ends_block(w));
        let other = (0..).map(|i| format!("w{i}")).find(|w| !ends_block(w));
        (ender.expect("one in 64"), other.expect("most"))
    }

    #[test]
    fn blocks_end_after_an_ending_unit_or_a_full_block() {
        let (ender, other) = ender_and_not();
        let mut n = Numbering::default();
        assert_eq!(n.place(&other), 0);
        assert_eq!(n.place(&ender), 1);
        assert_eq!(n.place(&other), BLOCK_STEP);
        // A full block runs into the next one.
        let mut at = BLOCK_STEP;
        for _ in 0..BLOCK_STEP {
            at = n.place(&other);
        }
        assert_eq!(at, 2 * BLOCK_STEP);
        assert_eq!(
            next_position(2 * BLOCK_STEP - 1, false),
            Some(2 * BLOCK_STEP)
        );
        assert_eq!(n.end(), 2 * BLOCK_STEP + 1);
    }

    #[test]
    fn lines_start_at_their_own_multiple_never_next_to_the_line_before() {
        let (ender, other) = ender_and_not();
        let mut n = Numbering::default();
        assert_eq!(n.end(), 0);
        n.place(&other);
        n.end_line();
        n.end_line();
        assert_eq!(n.place(&other), LINE_STEP, "empty lines take no room");
        // A line whose last unit ends the slot's last block leaves the next slot empty, so
        // that the next line is not at that unit's next block.
        let mut at = 0;
        while at < 2 * LINE_STEP - 1 {
            at = n.place(&other);
        }
        assert_eq!(at, 2 * LINE_STEP - 1);
        n.end_line();
        let start = n.place(&ender);
        assert_eq!(start, 3 * LINE_STEP);
        assert_ne!(next_position(at, true), Some(start));
    }

    #[test]
    fn a_line_may_start_at_a_multiple_of_several_lines() {
        let (_, other) = ender_and_not();
        let mut n = Numbering::default();
        n.place(&other);
        n.end_line_at(8 * LINE_STEP);
        assert_eq!(n.place(&other), 8 * LINE_STEP);
        n.end_line();
        assert_eq!(n.place(&other), 9 * LINE_STEP, "once");
        n.end_line_at(8 * LINE_STEP);
        assert_eq!(n.place(&other), 16 * LINE_STEP);
    }

    #[test]
    fn past_the_last_line_the_rest_joins_it_and_nothing_is_lost() {
        let (ender, other) = ender_and_not();
        let mut n = Numbering::default();
        let mut lines = 0u32;
        let mut at = 0;
        // Each line one unit: 2^31 / LINE_STEP lines fit, the next newlines start none.
        let fit = FLAT_FROM / LINE_STEP;
        while lines < fit + 100 {
            let placed = n.place(&other);
            assert!(lines == 0 || placed > at, "ascending");
            at = placed;
            n.end_line();
            lines += 1;
        }
        let last_line = (FLAT_FROM / LINE_STEP - 1) * LINE_STEP;
        assert_eq!(at, last_line + 100);
        // Joined units are adjacent (a phrase can run over them), and blocks still end in the
        // joined line; past `FLAT_FROM` none does.
        assert_eq!(next_position(at, false), Some(at + 1));
        assert_eq!(n.place(&ender), at + 1);
        assert_eq!(n.place(&other), (at + 2).next_multiple_of(BLOCK_STEP));
        assert_eq!(next_position(FLAT_FROM, true), Some(FLAT_FROM + 1));
        // At the end of the positions the rest all stand at the last, no overflow.
        let mut end = Numbering {
            next: Some(u32::MAX - 1),
            last: u32::MAX - 2,
            line_ended: false,
            align: 0,
        };
        assert_eq!(end.place(&other), u32::MAX - 1);
        assert_eq!(end.place(&other), u32::MAX);
        end.end_line();
        assert_eq!(end.place(&ender), u32::MAX);
        assert_eq!(next_position(u32::MAX, false), None);
        assert_eq!(end.end(), u32::MAX);
    }

    #[test]
    fn about_one_unit_text_in_64_ends_a_block() {
        let enders = (0..64_000).filter(|i| ends_block(&format!("w{i}"))).count();
        assert!((800..1_200).contains(&enders), "{enders}");
    }
}
