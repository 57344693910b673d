//! Diagnostics: every problem the pipeline finds, tagged with the file, line and column.
//!
//! Stages return a [`Problem`] (what is wrong, plus a position within the file); the bundle
//! stage wraps it with the path into a [`Diagnostic`], the unit the CLI prints and counts.

use std::fmt;

/// A 1-based position in a source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

impl Pos {
    pub const START: Pos = Pos { line: 1, col: 1 };

    pub fn new(line: usize, col: usize) -> Self {
        Self { line, col }
    }

    /// The position of byte `offset` in `text`, with lines and columns counted from 1 and
    /// columns counted in characters.
    pub fn of_offset(text: &str, offset: usize) -> Self {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = before[line_start..].chars().count() + 1;
        Self { line, col }
    }

    /// This position shifted down by `lines` (for positions inside an embedded block).
    pub fn below(self, lines: usize) -> Self {
        Self {
            line: self.line + lines,
            col: self.col,
        }
    }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// What is wrong. Errors make an article unreadable (it is skipped); warnings keep it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Kind {
    #[error("cannot read file: {0}")]
    Io(String),
    #[error("file is {size} bytes, more than --max-size {max}")]
    TooLarge { size: u64, max: u64 },
    #[error("file is UTF-16 ({0} byte order mark); save it as UTF-8")]
    Utf16(&'static str),
    #[error("file is not valid UTF-8 (first bad byte at offset {offset})")]
    NotUtf8 { offset: usize },
    #[error("file is empty")]
    Empty,
    #[error("front matter starting with `{fence}` is never closed")]
    Unterminated { fence: &'static str },
    #[error("front matter is not valid {format}: {message}")]
    Syntax {
        format: &'static str,
        message: String,
    },
    #[error("front matter is not a mapping of fields (`key: value` lines)")]
    NotMapping,
    #[error("field `{field}`: {message}")]
    Field {
        field: &'static str,
        message: String,
    },
    #[error("unparseable date {value:?}; the article is kept without a date")]
    Date { value: String },
    #[error("the article has no body")]
    NoBody,
    #[error("unknown tag plugin `{{% {0} %}}` left as text")]
    UnknownTag(String),
    #[error("tag `{{% {0} %}}` is never closed by `{{% end{0} %}}`; left as text")]
    UnclosedTag(String),
    #[error(
        "`{{% {tag} %}}`: cannot find {target:?} (no site to resolve it against, or not in it)"
    )]
    Unresolved { tag: String, target: String },
    #[error("{url:?}: no such file (looked for {looked}); the reference is dropped")]
    MissingAsset { url: String, looked: String },
    #[error(
        "{path} is not copied into the bundle: only images, documents, media, archives and \
         plain text are (an HTML or SVG file opened on its own could run scripts); the \
         reference is dropped"
    )]
    RefusedAsset { path: String },
    #[error("link to {url:?}: no article of the bundle is there (a draft, or not written yet?)")]
    DanglingLink { url: String },
    #[error("formula left as text: {message}")]
    Math { message: String },
    #[error("slug {slug:?} is already used by {other}; this article gets {given:?}")]
    DuplicateSlug {
        slug: String,
        other: String,
        given: String,
    },
    #[error(
        "moved from {from}, so its address changed from #/a/{old} to #/a/{new}: links to the old \
         one no longer open it; add `slug: {old}` to its front matter to keep the old address"
    )]
    Moved {
        from: String,
        old: String,
        new: String,
    },
    #[error("the cache {0}")]
    Cache(String),
    #[error(
        "pinned, but {max} posts with higher pins (or as high and newer) come first and the \
         bundle pins at most {max}: it keeps its place by date"
    )]
    TooManyPinned { max: usize },
}

impl Kind {
    /// Whether the article cannot be bundled.
    pub fn is_error(&self) -> bool {
        matches!(
            self,
            Kind::Io(_)
                | Kind::TooLarge { .. }
                | Kind::Utf16(_)
                | Kind::NotUtf8 { .. }
                | Kind::Empty
                | Kind::Unterminated { .. }
                | Kind::Syntax { .. }
                | Kind::NotMapping
        )
    }

    /// A short, stable name for grouping reasons in the summary.
    pub fn reason(&self) -> &'static str {
        match self {
            Kind::Io(_) => "unreadable",
            Kind::TooLarge { .. } => "too large",
            Kind::Utf16(_) => "UTF-16",
            Kind::NotUtf8 { .. } => "not UTF-8",
            Kind::Empty => "empty file",
            Kind::Unterminated { .. } => "unterminated front matter",
            Kind::Syntax { .. } => "front matter syntax",
            Kind::NotMapping => "front matter not a mapping",
            Kind::Field { .. } => "bad field",
            Kind::Date { .. } => "bad date",
            Kind::NoBody => "no body",
            Kind::UnknownTag(_) => "unknown tag plugin",
            Kind::UnclosedTag(_) => "unclosed tag plugin",
            Kind::Unresolved { .. } => "unresolved tag plugin",
            Kind::MissingAsset { .. } => "missing asset",
            Kind::DanglingLink { .. } => "link to no bundled article",
            Kind::RefusedAsset { .. } => "asset of a kind not copied",
            Kind::Math { .. } => "bad formula",
            Kind::DuplicateSlug { .. } => "duplicate slug",
            Kind::Moved { .. } => "moved, new address",
            Kind::Cache(_) => "cache rebuilt",
            Kind::TooManyPinned { .. } => "too many pinned",
        }
    }
}

/// A problem at a position within the file being processed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub pos: Pos,
    pub kind: Kind,
}

impl Problem {
    pub fn at(pos: Pos, kind: Kind) -> Self {
        Self { pos, kind }
    }

    /// Attaches the file path.
    pub fn tagged(self, path: &str) -> Diagnostic {
        Diagnostic {
            path: path.to_string(),
            pos: self.pos,
            kind: self.kind,
        }
    }
}

/// A problem in a named file: what the CLI prints as `path:line:col: error: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Path relative to the seeds directory.
    pub path: String,
    pub pos: Pos,
    pub kind: Kind,
}

impl Diagnostic {
    pub fn is_error(&self) -> bool {
        self.kind.is_error()
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = if self.is_error() { "error" } else { "warning" };
        write!(
            f,
            "{}:{}:{}: {severity}: {}",
            self.path, self.pos.line, self.pos.col, self.kind
        )
    }
}

impl std::error::Error for Diagnostic {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_lines_and_columns() {
        let text = "ab\n中文x\n\nz";
        let cases = [
            (0, (1, 1)),
            (1, (1, 2)),
            (3, (2, 1)),
            (9, (2, 3)),
            (11, (3, 1)),
            (12, (4, 1)),
            (99, (4, 2)),
        ];
        for (offset, (line, col)) in cases {
            assert_eq!(
                Pos::of_offset(text, offset),
                Pos::new(line, col),
                "offset {offset}"
            );
        }
        // An offset inside a multi-byte character rounds down to its start.
        assert_eq!(Pos::of_offset(text, 4), Pos::new(2, 1));
    }

    #[test]
    fn display_names_path_line_and_severity() {
        let d = Problem::at(Pos::new(3, 8), Kind::NotMapping).tagged("a/b.md");
        assert_eq!(
            d.to_string(),
            "a/b.md:3:8: error: front matter is not a mapping of fields (`key: value` lines)"
        );
        let w = Problem::at(
            Pos::new(5, 1),
            Kind::Date {
                value: "soon".into(),
            },
        )
        .tagged("x.md");
        assert!(w
            .to_string()
            .starts_with("x.md:5:1: warning: unparseable date \"soon\""));
    }
}
