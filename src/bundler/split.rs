//! Stage 1: split a file's text into front matter and body.
//!
//! Takes the decoded text (UTF-8, BOM removed, CRLF folded to LF) and returns the front-matter
//! block, its format, and the body, with the line numbers where each starts, so later stages can
//! map their own positions back to lines of the file. The block is anchored at the top of the
//! file (blank lines before it are allowed); a `---` later in a body is never front matter.

use super::error::{Kind, Pos, Problem};

/// The syntax of a front-matter block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `---` … `---` (or `...`).
    Yaml,
    /// `+++` … `+++`.
    Toml,
    /// Hexo's JSON front matter: `"key": value` lines (optionally after `;;;`) ending at `;;;`.
    Json,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Yaml => "YAML",
            Format::Toml => "TOML",
            Format::Json => "JSON",
        }
    }
}

/// A file split into its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// The front matter's syntax; `None` when the file has no front matter.
    pub format: Option<Format>,
    /// The text between the fences (empty without front matter).
    pub front: &'a str,
    /// Line of the file on which `front` starts (1-based).
    pub front_line: usize,
    /// Everything after the closing fence.
    pub body: &'a str,
    /// Line of the file on which `body` starts (1-based).
    pub body_line: usize,
}

/// Lines of `text` with the byte offset where each starts and its 1-based number.
fn lines(text: &str) -> impl Iterator<Item = (usize, usize, &str)> {
    let mut offset = 0;
    text.split_inclusive('\n').enumerate().map(move |(i, raw)| {
        let start = offset;
        offset += raw.len();
        (start, i + 1, raw.trim_end_matches(['\n', '\r']))
    })
}

/// Splits `text` into front matter and body.
pub fn split(text: &str) -> Result<Split<'_>, Problem> {
    let no_front = Split {
        format: None,
        front: "",
        front_line: 1,
        body: text,
        body_line: 1,
    };
    let Some((start, line_no, first)) = lines(text).find(|(_, _, l)| !l.trim().is_empty()) else {
        return Ok(no_front);
    };
    let opener = first.trim_end();
    let (format, fence, front_start, front_line): (Format, &'static str, usize, usize) =
        match opener {
            "---" => (Format::Yaml, "---", start + first.len() + 1, line_no + 1),
            "+++" => (Format::Toml, "+++", start + first.len() + 1, line_no + 1),
            ";;;" => (Format::Json, ";;;", start + first.len() + 1, line_no + 1),
            _ if looks_like_json_field(opener) => (Format::Json, ";;;", start, line_no),
            _ => return Ok(no_front),
        };
    let front_start = front_start.min(text.len());
    let closing = lines(&text[front_start..]).find(|(_, _, l)| {
        let l = l.trim_end();
        l == fence || (format == Format::Yaml && l == "...")
    });
    let Some((rel, rel_line, close)) = closing else {
        return Err(Problem::at(
            Pos::new(line_no, 1),
            Kind::Unterminated { fence },
        ));
    };
    let front_end = front_start + rel;
    let body_start = (front_end + close.len() + 1).min(text.len());
    Ok(Split {
        format: Some(format),
        front: &text[front_start..front_end],
        front_line,
        body: &text[body_start..],
        body_line: front_line + rel_line,
    })
}

/// `"title": "x",` — the first line of Hexo's JSON front matter without a `;;;` opener.
fn looks_like_json_field(line: &str) -> bool {
    let line = line.trim_start();
    line.starts_with('"')
        && line[1..]
            .find('"')
            .is_some_and(|end| line[end + 2..].trim_start().starts_with(':'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_after_a_blank_line() {
        let s = split("\n---\ntitle: a\n---\n\nbody\n---\nmore").unwrap();
        assert_eq!(s.format, Some(Format::Yaml));
        assert_eq!(s.front, "title: a\n");
        assert_eq!(s.front_line, 3);
        assert_eq!(s.body, "\nbody\n---\nmore");
        assert_eq!(s.body_line, 5);
    }

    #[test]
    fn formats_table() {
        let cases: &[(&str, Option<Format>, &str, &str)] = &[
            ("---\na: 1\n---\nb", Some(Format::Yaml), "a: 1\n", "b"),
            ("---\na: 1\n...\nb", Some(Format::Yaml), "a: 1\n", "b"),
            ("+++\na = 1\n+++\nb", Some(Format::Toml), "a = 1\n", "b"),
            (
                ";;;\n\"a\": 1\n;;;\nb",
                Some(Format::Json),
                "\"a\": 1\n",
                "b",
            ),
            (
                "\"a\": 1,\n\"b\": 2\n;;;\nbody",
                Some(Format::Json),
                "\"a\": 1,\n\"b\": 2\n",
                "body",
            ),
            ("# Heading\n\ntext", None, "", "# Heading\n\ntext"),
            ("", None, "", ""),
            ("\n\n", None, "", "\n\n"),
            ("---\n---\n", Some(Format::Yaml), "", ""),
            (
                "--- \ntitle: x\n---  \nb",
                Some(Format::Yaml),
                "title: x\n",
                "b",
            ),
        ];
        for (text, format, front, body) in cases {
            let s = split(text).unwrap();
            assert_eq!(
                (s.format, s.front, s.body),
                (*format, *front, *body),
                "{text:?}"
            );
        }
    }

    #[test]
    fn unterminated_names_the_opening_line() {
        let err = split("\n\n---\ntitle: x\nbody").unwrap_err();
        assert_eq!(err.pos, Pos::new(3, 1));
        assert_eq!(err.kind, Kind::Unterminated { fence: "---" });
    }

    #[test]
    fn a_rule_in_the_body_is_not_front_matter() {
        let s = split("Intro\n\n---\n\nOutro").unwrap();
        assert_eq!(s.format, None);
    }
}
