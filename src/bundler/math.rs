//! TeX formulas to MathML at build time.
//!
//! Takes the TeX of one formula (what `$…$` or `$$…$$` held, as hexo-math and
//! hexo-renderer-markdown-it-plus write it) and returns MathML Core, which browsers lay out
//! with no script; or the parser's message when the formula does not parse (the caller keeps
//! it as text and warns). The markdown stage finds the formulas (pulldown-cmark's math
//! extension, plus [`closes_before_digit`]); pulldown-latex writes the MathML. The sanitizer
//! lets MathML through as inert markup, with [`CLASSES`] (pulldown-latex's layout classes for
//! matrices and alignments, styled in `static/folio.css`).

use pulldown_latex::config::DisplayMode;
use pulldown_latex::{push_mathml, Parser, RenderConfig, Storage};

/// Classes pulldown-latex writes on MathML elements, for the sanitizer's allow-list.
pub const CLASSES: &[&str] = &[
    "menv-alignlike",
    "menv-align",
    "menv-arraylike",
    "menv-cases",
    "menv-cells-left",
    "menv-cells-right",
    "menv-matrix",
    "menv-multline",
    "menv-with-eqn",
    "menv-nonumber",
    "menv-left-solid",
    "menv-right-solid",
    "menv-left-dashed",
    "menv-right-dashed",
    "menv-border-only",
    "menv-hline",
    "menv-hdashline",
    "cell-left",
    "cell-right",
    "small",
    "mop-negated",
];

/// Where a formula stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Display {
    /// In the line of text (`$…$`).
    Inline,
    /// On its own, centred (`$$…$$`).
    Block,
}

/// The MathML for `tex`, or why it does not parse.
pub fn render(tex: &str, display: Display) -> Result<String, String> {
    let storage = Storage::new();
    let events: Vec<_> = Parser::new(tex, &storage).collect();
    if let Some(Err(e)) = events.iter().find(|e| e.is_err()) {
        // The parser's message spans several lines with a caret under the spot; the first
        // line says what is wrong.
        let message = e.to_string();
        let first = message
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .unwrap_or("invalid formula");
        return Err(first.to_string());
    }
    let config = RenderConfig {
        display_mode: match display {
            Display::Inline => DisplayMode::Inline,
            Display::Block => DisplayMode::Block,
        },
        ..RenderConfig::default()
    };
    let mut out = String::new();
    push_mathml(&mut out, events.into_iter(), config).map_err(|e| e.to_string())?;
    Ok(out)
}

/// Whether inline math that ends at byte `end` of `text` (just after its closing `$`) is
/// followed by a digit: then, by pandoc's rule, it was never math (`$5 and $6`, `$x$1`).
pub fn closes_before_digit(text: &str, end: usize) -> bool {
    text.get(end..)
        .and_then(|rest| rest.chars().next())
        .is_some_and(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_become_mathml() {
        let out = render(r"\frac{a}{b} + x^2", Display::Inline).unwrap();
        assert!(out.starts_with("<math"), "{out}");
        for needle in ["<mfrac>", "<mi>a</mi>", "<msup>", "<mn>2</mn>"] {
            assert!(out.contains(needle), "{needle} missing in {out}");
        }
        let block = render(r"\sum_{i=1}^n i", Display::Block).unwrap();
        assert!(block.contains("display=\"block\""), "{block}");
    }

    #[test]
    fn broken_formulas_say_why() {
        for tex in [
            r"\frac{a}{",
            r"\begin{matrix} a",
            r"x^^2",
            r"\nosuchcommand",
        ] {
            let err = render(tex, Display::Inline).unwrap_err();
            assert!(!err.is_empty() && !err.contains('\n'), "{tex}: {err}");
        }
    }

    #[test]
    fn text_in_formulas_is_escaped() {
        let out = render(r"\text{<script>alert(1)</script>}", Display::Inline).unwrap();
        assert!(!out.contains("<script"), "{out}");
    }

    #[test]
    fn pandoc_digit_rule() {
        assert!(closes_before_digit("$5 and $6", 8));
        assert!(!closes_before_digit("$x$ and", 3));
        assert!(!closes_before_digit("$x$", 3));
    }
}
