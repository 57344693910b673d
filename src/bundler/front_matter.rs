//! Stage 2: read the front-matter block into validated fields.
//!
//! Takes a [`Split`] and returns [`Meta`] plus warnings. YAML goes through serde-saphyr with its
//! resource budget on (an alias bomb is refused quickly), TOML through `toml`, Hexo's JSON through
//! serde_json; all three fill the same `RawFrontMatter`. Each of its fields reads any value (a
//! private `Value` tree) and keeps what its shape allows, so that a value of the wrong type
//! becomes a warning on the field's line, never a lost article. Unknown fields are ignored.
//! Strings stay data: nothing here is HTML.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use super::error::{Kind, Pos, Problem};
use super::sanitize::is_safe_image_url;
use super::split::{Format, Split};
use super::text::collapse_whitespace;

/// Front matter as written, before validation. Every field is optional.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RawFrontMatter {
    /// The title; a YAML number or boolean is kept as its text.
    title: Option<Scalar>,
    /// Publication date, in any of the formats [`super::date`] knows.
    date: Option<Scalar>,
    /// Last update.
    updated: Option<Scalar>,
    /// Author name, or a mapping with a `name`.
    author: Option<Author>,
    /// Category hierarchy: a string, a list (one path), a list of lists (several paths), or
    /// `Parent: Child` mappings.
    categories: Option<Terms>,
    /// Hexo also accepts the singular.
    category: Option<Terms>,
    /// Tags: a string or a list (nested lists are flattened).
    tags: Option<Terms>,
    /// Hexo also accepts the singular.
    tag: Option<Terms>,
    /// Head image shown above the article.
    headimg: Option<Scalar>,
    /// Small image for the list.
    thumbnail: Option<Scalar>,
    /// Theme synonyms for the head image.
    cover: Option<Scalar>,
    banner: Option<Scalar>,
    /// Hand-written excerpt.
    excerpt: Option<Scalar>,
    /// Used as the excerpt when there is no `excerpt`.
    description: Option<Scalar>,
    /// The article's slug.
    slug: Option<Scalar>,
    /// Used for the slug when there is no `slug`.
    permalink: Option<Scalar>,
    /// `draft: true` hides the article.
    draft: Option<Scalar>,
    /// `published: false` hides the article.
    published: Option<Scalar>,
    /// hexo-generator-index-pin-top: `true` or a number pins the post, higher first.
    top: Option<Scalar>,
    /// hexo-generator-index: the same, under this name.
    sticky: Option<Scalar>,
    /// The article's language (`zh-CN`, `en`), or a list whose first entry counts.
    lang: Option<Terms>,
    /// Hexo also accepts this name.
    language: Option<Terms>,
}

/// Any front-matter value, whatever its type: numbers and booleans as their text (`2021`,
/// `true`, `1.5`), lists and mappings as written, mapping entries in their order.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Text(String),
    Null,
    List(Vec<Value>),
    /// Each key is kept only if it reads as text (see [`Value::into_text`]).
    Map(Vec<(Option<String>, Value)>),
}

/// The key under which TOML's deserializer hands over a native date or time, as a one-entry
/// mapping.
const TOML_DATETIME: &str = "$__toml_private_datetime";

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

/// Reads any value of serde's data model. A plain visitor rather than `serde-untagged`: that
/// crate's type-erased layers cost about 16 KB of stack per nesting level, so a JSON front
/// matter nested 100 lists deep would overflow a 2 MB worker thread before serde_json's own
/// depth limit (128) refuses it.
struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a text value")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Text(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::Text(v))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Text(v.to_string()))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Text(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Text(v.to_string()))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Value, E> {
        Ok(Value::Text(v.to_string()))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Value, E> {
        Ok(Value::Text(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Text(v.to_string()))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::List(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::new();
        while let Some((key, value)) = map.next_entry::<Value, Value>()? {
            entries.push((key.into_text(), value));
        }
        // A native TOML date or time arrives as a one-entry mapping; it is text wherever it
        // stands (a title, a date, a tag in a list).
        match entries.as_slice() {
            [(Some(key), Value::Text(_))] if key == TOML_DATETIME => {
                Ok(entries.pop().map_or(Value::Null, |(_, value)| value))
            }
            _ => Ok(Value::Map(entries)),
        }
    }
}

impl Value {
    /// The value as text, if it reads as text.
    fn into_text(self) -> Option<String> {
        match Scalar::from(self) {
            Scalar::Text(text) => Some(text),
            Scalar::Null | Scalar::Wrong(_) => None,
        }
    }

    /// Appends every term in the value, depth first: a mapping's keys before their values.
    fn flatten_into(self, terms: &mut Vec<String>) {
        match self {
            Value::Text(text) => terms.push(text),
            Value::Null => {}
            Value::List(items) => items.into_iter().for_each(|item| item.flatten_into(terms)),
            Value::Map(entries) => {
                for (key, value) in entries {
                    terms.extend(key);
                    value.flatten_into(terms);
                }
            }
        }
    }

    fn flatten(self) -> Vec<String> {
        let mut terms = Vec::new();
        self.flatten_into(&mut terms);
        terms
    }
}

/// A field read as text: its text, nothing, or the kind of value found instead.
#[derive(Debug, Clone, PartialEq)]
enum Scalar {
    Text(String),
    Null,
    Wrong(&'static str),
}

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Value::deserialize(d).map(Scalar::from)
    }
}

impl From<Value> for Scalar {
    fn from(value: Value) -> Self {
        match value {
            Value::Text(text) => Scalar::Text(text),
            Value::Null => Scalar::Null,
            Value::List(_) => Scalar::Wrong("a list"),
            Value::Map(_) => Scalar::Wrong("a mapping"),
        }
    }
}

/// Hierarchical terms: a list of paths, root first.
#[derive(Debug, Clone, PartialEq, Default)]
struct Terms(Vec<Vec<String>>);

impl<'de> Deserialize<'de> for Terms {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Value::deserialize(d).map(Terms::from)
    }
}

impl From<Value> for Terms {
    fn from(value: Value) -> Self {
        match value {
            Value::Null => Terms::default(),
            Value::Text(term) => Terms(vec![vec![term]]),
            // `Parent: Child` is sometimes written for a hierarchy.
            Value::Map(_) => Terms(vec![value.flatten()]),
            // Hexo: a flat list is one hierarchy; once any element is a list (or a mapping),
            // every element is a path of its own.
            Value::List(items) => {
                if items
                    .iter()
                    .all(|item| matches!(item, Value::Text(_) | Value::Null))
                {
                    let path = Value::List(items).flatten();
                    Terms(if path.is_empty() { vec![] } else { vec![path] })
                } else {
                    Terms(
                        items
                            .into_iter()
                            .map(Value::flatten)
                            .filter(|path| !path.is_empty())
                            .collect(),
                    )
                }
            }
        }
    }
}

/// An author: a name, or a mapping holding one.
#[derive(Debug, Clone, PartialEq)]
struct Author(Scalar);

impl<'de> Deserialize<'de> for Author {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Value::deserialize(d).map(Author::from)
    }
}

impl From<Value> for Author {
    fn from(value: Value) -> Self {
        match value {
            Value::Map(entries) => Author(
                entries
                    .into_iter()
                    .rev()
                    .find(|(key, _)| key.as_deref() == Some("name"))
                    .map_or(Scalar::Wrong("a mapping without `name`"), |(_, name)| {
                        Scalar::from(name)
                    }),
            ),
            other => Author(Scalar::from(other)),
        }
    }
}

/// Validated front matter: trimmed text, empty values dropped.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Meta {
    pub title: Option<String>,
    /// The date as written, with its position; [`super::date`] parses it.
    pub date: Option<(String, Pos)>,
    pub updated: Option<(String, Pos)>,
    pub author: Option<String>,
    /// Category paths, root first.
    pub categories: Vec<Vec<String>>,
    pub tags: Vec<String>,
    pub head: Option<String>,
    pub thumb: Option<String>,
    pub excerpt: Option<String>,
    pub slug: Option<String>,
    /// The front matter's `permalink:` as written (the site path Hexo publishes the article at).
    pub permalink: Option<String>,
    /// `draft: true` or `published: false`.
    pub hidden: bool,
    /// `top:` / `sticky:`: `true` is 1, a positive whole number itself; the larger of the two.
    /// Pinned posts come first in the default list, higher first.
    pub pin: Option<u32>,
    /// `lang:` / `language:`, when the article names its own language.
    pub lang: Option<String>,
}

/// Parses and validates the front matter of `split`. An `Err` means the block cannot be read at
/// all; problems with single fields come back as warnings beside the [`Meta`].
pub fn parse(split: &Split) -> Result<(Meta, Vec<Problem>), Problem> {
    let Some(format) = split.format else {
        return Ok((Meta::default(), Vec::new()));
    };
    let raw = deserialize(format, split.front, split.front_line)?;
    Ok(validate(raw, split.front, split.front_line))
}

fn deserialize(format: Format, front: &str, front_line: usize) -> Result<RawFrontMatter, Problem> {
    if front.trim().is_empty() {
        return Ok(RawFrontMatter::default());
    }
    let syntax = |message: String, pos: Pos| {
        if message.contains("expected struct RawFrontMatter")
            || message.contains("expected a map")
            || message.contains("expected mapping")
        {
            Problem::at(Pos::new(front_line, 1), Kind::NotMapping)
        } else {
            Problem::at(
                pos,
                Kind::Syntax {
                    format: format.name(),
                    message,
                },
            )
        }
    };
    match format {
        Format::Yaml => {
            let options = serde_saphyr::options! {
                budget: serde_saphyr::budget! {
                    max_events: 100_000,
                    max_aliases: 1_000,
                    max_anchors: 1_000,
                    max_depth: 64,
                },
                duplicate_keys: serde_saphyr::options::DuplicateKeyPolicy::LastWins,
                // YAML 1.2 booleans only, as Hexo's js-yaml reads them: `yes`, `no`, `on` and
                // `off` are words (a tag `yes` stays `yes`).
                strict_booleans: true,
            };
            serde_saphyr::from_str_with_options::<RawFrontMatter>(front, options).map_err(|e| {
                let pos = e
                    .location()
                    .map(|l| Pos::new(l.line() as usize + front_line - 1, l.column() as usize))
                    .unwrap_or(Pos::new(front_line, 1));
                let mut message = first_line(&e.without_snippet().to_string());
                if message.contains("mapping values are not allowed") {
                    message.push_str(" (a value that contains `: ` must be quoted)");
                }
                syntax(message, pos)
            })
        }
        Format::Toml => toml::from_str::<RawFrontMatter>(front).map_err(|e| {
            let pos = e
                .span()
                .map(|s| Pos::of_offset(front, s.start).below(front_line - 1))
                .unwrap_or(Pos::new(front_line, 1));
            syntax(first_line(e.message()), pos)
        }),
        Format::Json => {
            let trimmed = front.trim_end().trim_end_matches(',');
            let wrapped = if front.trim_start().starts_with('{') {
                trimmed.to_string()
            } else {
                format!("{{{trimmed}\n}}")
            };
            let shift = usize::from(!front.trim_start().starts_with('{'));
            serde_json::from_str::<RawFrontMatter>(&wrapped).map_err(|e| {
                let col = if e.line() == 1 {
                    e.column().saturating_sub(shift)
                } else {
                    e.column()
                };
                let pos = Pos::new(e.line() + front_line - 1, col.max(1));
                let message = e.to_string();
                let message = message
                    .split(" at line ")
                    .next()
                    .unwrap_or(&message)
                    .to_string();
                syntax(message, pos)
            })
        }
    }
}

fn first_line(message: &str) -> String {
    let line = message.lines().next().unwrap_or(message).trim();
    // Positions are reported separately, in lines of the whole file.
    match line.find(" at line ") {
        Some(i) => line[..i].to_string(),
        None => line.to_string(),
    }
}

/// The position of `key`'s line within the front matter, for warnings about a field.
fn field_pos(front: &str, front_line: usize, key: &str) -> Pos {
    for (i, line) in front.split_inclusive('\n').enumerate() {
        let t = line.trim_start();
        let unquoted = t.trim_start_matches(['"', '\'']);
        if let Some(rest) = unquoted.strip_prefix(key) {
            let rest = rest.trim_start_matches(['"', '\'']).trim_start();
            if rest.starts_with(':') || rest.starts_with('=') {
                let col = line.len() - t.len() + 1;
                return Pos::new(front_line + i, col);
            }
        }
    }
    Pos::new(front_line, 1)
}

/// Turns the raw fields into [`Meta`]: text trimmed and empty values dropped, image URLs checked,
/// terms cleaned and deduplicated. A value of the wrong type or an unsafe image URL is a warning
/// on its field's line.
fn validate(raw: RawFrontMatter, front: &str, front_line: usize) -> (Meta, Vec<Problem>) {
    let mut warnings = Vec::new();
    let mut text = |field: &'static str, value: Option<Scalar>| -> Option<String> {
        match value? {
            Scalar::Text(t) => {
                let t = t.trim();
                (!t.is_empty()).then(|| t.to_string())
            }
            Scalar::Null => None,
            Scalar::Wrong(what) => {
                warnings.push(Problem::at(
                    field_pos(front, front_line, field),
                    Kind::Field {
                        field,
                        message: format!("expected text, found {what}; ignored"),
                    },
                ));
                None
            }
        }
    };
    let title = text("title", raw.title).map(|t| collapse_whitespace(&t));
    let date = text("date", raw.date).map(|d| (d, field_pos(front, front_line, "date")));
    let updated =
        text("updated", raw.updated).map(|d| (d, field_pos(front, front_line, "updated")));
    let author = raw.author.and_then(|a| text("author", Some(a.0)));
    let headimg = text("headimg", raw.headimg);
    let cover = text("cover", raw.cover);
    let banner = text("banner", raw.banner);
    let thumbnail = text("thumbnail", raw.thumbnail);
    let excerpt = text("excerpt", raw.excerpt);
    let description = text("description", raw.description);
    let slug = text("slug", raw.slug);
    let permalink = text("permalink", raw.permalink);
    let draft = text("draft", raw.draft);
    let published = text("published", raw.published);
    let top = text("top", raw.top);
    let sticky = text("sticky", raw.sticky);

    let mut image = |field: &'static str, url: Option<String>| -> Option<String> {
        let url = url?;
        if is_safe_image_url(&url) {
            Some(url)
        } else {
            warnings.push(Problem::at(
                field_pos(front, front_line, field),
                Kind::Field {
                    field,
                    message: "image URL must be http(s) or relative; ignored".into(),
                },
            ));
            None
        }
    };
    let head = image("headimg", headimg)
        .or_else(|| image("cover", cover))
        .or_else(|| image("banner", banner));
    let thumb = image("thumbnail", thumbnail);

    let clean_terms = |terms: Option<Terms>| -> Vec<Vec<String>> {
        terms
            .map(|t| t.0)
            .unwrap_or_default()
            .into_iter()
            .map(|path| {
                path.into_iter()
                    .map(|s| collapse_whitespace(&s))
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
            })
            .filter(|p| !p.is_empty())
            .collect()
    };
    let mut categories = clean_terms(raw.categories);
    categories.extend(clean_terms(raw.category));
    dedup_in_order(&mut categories);
    let mut tags: Vec<String> = clean_terms(raw.tags)
        .into_iter()
        .chain(clean_terms(raw.tag))
        .flatten()
        .collect();
    dedup_in_order(&mut tags);

    let is =
        |v: &Option<String>, word: &str| v.as_deref().is_some_and(|s| s.eq_ignore_ascii_case(word));
    // Hexo hides `published: false` and nothing else (`published: no` is a word, so published).
    let hidden = is(&draft, "true") || is(&published, "false");
    let mut pin = |field: &'static str, value: Option<String>| -> Option<u32> {
        let value = value?;
        match pin_rank(&value) {
            Ok(rank) => rank,
            Err(()) => {
                warnings.push(Problem::at(
                    field_pos(front, front_line, field),
                    Kind::Field {
                        field,
                        message: format!(
                            "expected true, false or a whole number, found `{value}`; ignored"
                        ),
                    },
                ));
                None
            }
        }
    };
    let pin = pin("top", top).max(pin("sticky", sticky));
    let language = |terms: Option<Terms>| {
        terms?
            .0
            .into_iter()
            .flatten()
            .map(|l| l.trim().to_string())
            .find(|l| !l.is_empty())
    };
    let lang = language(raw.lang).or_else(|| language(raw.language));

    let meta = Meta {
        title,
        date,
        updated,
        author: author.map(|a| collapse_whitespace(&a)),
        categories,
        tags,
        head,
        thumb,
        excerpt: excerpt.or(description),
        slug: slug.or(permalink.clone()),
        permalink,
        hidden,
        pin,
        lang,
    };
    (meta, warnings)
}

/// The pin of a `top:` / `sticky:` value as Hexo's index generators sort it (`true` counts as
/// 1): `Ok(None)` for `false` or a number of 0 or less (not pinned), `Err` for anything else.
fn pin_rank(value: &str) -> Result<Option<u32>, ()> {
    if value.eq_ignore_ascii_case("true") {
        return Ok(Some(1));
    }
    if value.eq_ignore_ascii_case("false") {
        return Ok(None);
    }
    let n: i64 = value.parse().map_err(|_| ())?;
    Ok(u32::try_from(n).ok().filter(|&n| n > 0))
}

fn dedup_in_order<T: PartialEq + Clone>(items: &mut Vec<T>) {
    let mut seen: Vec<T> = Vec::with_capacity(items.len());
    items.retain(|item| {
        if seen.contains(item) {
            false
        } else {
            seen.push(item.clone());
            true
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundler::split::split;

    fn meta(text: &str) -> (Meta, Vec<Problem>) {
        parse(&split(text).unwrap()).unwrap()
    }

    #[test]
    fn reads_the_original_seed_fields() {
        let text = "\n---\ntitle: '共享芬芳'\ncategories: \n - 新媒体\n - IT 之家\n - 分类资讯\nheadimg: 'https://img.ithome.com/a.jpeg'\nauthor: IT 之家\ncomments: false\ndate: Tue, 19 Jul 2022 08:46:07 GMT\nthumbnail: 'https://img.ithome.com/b.jpeg'\n---\n\n<div>x</div>";
        let (m, w) = meta(text);
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(m.title.as_deref(), Some("共享芬芳"));
        assert_eq!(m.categories, vec![vec!["新媒体", "IT 之家", "分类资讯"]]);
        assert_eq!(m.author.as_deref(), Some("IT 之家"));
        assert_eq!(
            m.date,
            Some(("Tue, 19 Jul 2022 08:46:07 GMT".into(), Pos::new(11, 1)))
        );
        assert_eq!(m.head.as_deref(), Some("https://img.ithome.com/a.jpeg"));
        assert_eq!(m.thumb.as_deref(), Some("https://img.ithome.com/b.jpeg"));
    }

    #[test]
    fn terms_shapes() {
        let cases: &[(&str, Vec<Vec<&str>>)] = &[
            ("categories: Tech", vec![vec!["Tech"]]),
            ("categories: [A, B]", vec![vec!["A", "B"]]),
            (
                "categories:\n - [A, B]\n - C",
                vec![vec!["A", "B"], vec!["C"]],
            ),
            ("categories:\n - [A, B]\n - [A, B]", vec![vec!["A", "B"]]),
            ("categories: []", vec![]),
            ("categories:", vec![]),
            ("categories: 2021", vec![vec!["2021"]]),
            ("category: Solo", vec![vec!["Solo"]]),
        ];
        for (yaml, expected) in cases {
            let (m, _) = meta(&format!("---\n{yaml}\n---\n"));
            assert_eq!(&m.categories, expected, "{yaml}");
        }
        let (m, _) = meta("---\ntags: [rust, [wasm, rust], web]\n---\n");
        assert_eq!(m.tags, ["rust", "wasm", "web"]);
    }

    #[test]
    fn mappings_are_paths() {
        let cases: &[(&str, Vec<Vec<&str>>)] = &[
            ("categories: {Parent: Child}", vec![vec!["Parent", "Child"]]),
            (
                "categories: {Parent: [Child, Grand]}",
                vec![vec!["Parent", "Child", "Grand"]],
            ),
            (
                "categories:\n - Parent: Child\n - Other",
                vec![vec!["Parent", "Child"], vec!["Other"]],
            ),
            ("categories: [~, A, ~]", vec![vec!["A"]]),
            ("categories: {B: x, A: z}", vec![vec!["B", "x", "A", "z"]]),
        ];
        for (yaml, expected) in cases {
            let (m, w) = meta(&format!("---\n{yaml}\n---\n"));
            assert_eq!(&m.categories, expected, "{yaml}");
            assert!(w.is_empty(), "{yaml}: {w:?}");
        }
    }

    #[test]
    fn author_shapes() {
        // (front matter, author, warnings)
        let cases: &[(&str, Option<&str>, usize)] = &[
            ("author: Ann", Some("Ann"), 0),
            ("author: {name: Ann}", Some("Ann"), 0),
            (
                "author:\n  name: ' Ann   Lee '\n  email: a@b",
                Some("Ann Lee"),
                0,
            ),
            ("author: 42", Some("42"), 0),
            ("author: ~", None, 0),
            ("author:\n  email: a@b", None, 1),
            ("author: [Ann, Bob]", None, 1),
        ];
        for &(yaml, author, warnings) in cases {
            let (m, w) = meta(&format!("---\n{yaml}\n---\n"));
            assert_eq!(m.author.as_deref(), author, "{yaml}");
            assert_eq!(w.len(), warnings, "{yaml}: {w:?}");
        }
    }

    #[test]
    fn toml_dates_tables_and_numbers() {
        let (m, _) = meta("+++\ndate = 1979-05-27\nupdated = 1979-05-27T07:32:00\n+++\n");
        assert_eq!(m.date.unwrap().0, "1979-05-27");
        assert_eq!(m.updated.unwrap().0, "1979-05-27T07:32:00");
        // In a list or as a term, a native date is text too, never the deserializer's key.
        let (m, w) = meta("+++\ntags = [1979-05-27, \"x\"]\ncategories = 2020-01-02\n+++\n");
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(m.tags, vec!["1979-05-27", "x"]);
        assert_eq!(m.categories, vec![vec!["2020-01-02"]]);
        let (m, _) = meta("+++\ntitle = 1979-05-27T07:32:00-08:00\n+++\n");
        assert_eq!(m.title.as_deref(), Some("1979-05-27T07:32:00-08:00"));
        let (m, w) = meta("+++\n[author]\nname = \"Ann\"\n[categories]\nParent = \"Child\"\n+++\n");
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(m.author.as_deref(), Some("Ann"));
        assert_eq!(m.categories, vec![vec!["Parent", "Child"]]);
        // TOML hands integers beyond 64 bits over as i128; they are text like other numbers.
        let (m, _) = meta("+++\ntitle = 99999999999999999999\n+++\n");
        assert_eq!(m.title.as_deref(), Some("99999999999999999999"));
    }

    #[test]
    fn numeric_titles_stay_text() {
        assert_eq!(
            meta("---\ntitle: 2021\n---\n").0.title.as_deref(),
            Some("2021")
        );
        assert_eq!(
            meta("---\ntitle: '2021'\n---\n").0.title.as_deref(),
            Some("2021")
        );
        assert_eq!(
            meta("---\ntitle: true\n---\n").0.title.as_deref(),
            Some("true")
        );
    }

    #[test]
    fn wrong_types_warn_on_the_fields_line() {
        let (m, w) = meta("\n---\ncomments: false\ntitle:\n  a: b\nauthor: Ann\n---\n");
        assert_eq!(m.title, None);
        assert_eq!(m.author.as_deref(), Some("Ann"));
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].pos, Pos::new(4, 1));
    }

    #[test]
    fn toml_and_json() {
        let (m, _) =
            meta("+++\ntitle = \"T\"\ntags = [\"a\"]\ndate = 2020-01-02T10:00:00Z\n+++\nbody");
        assert_eq!((m.title.as_deref(), m.tags.len()), (Some("T"), 1));
        assert_eq!(m.date.unwrap().0, "2020-01-02T10:00:00Z");
        let (m, _) = meta("\"title\": \"J\",\n\"categories\": [\"x\", \"y\"]\n;;;\nbody");
        assert_eq!(m.title.as_deref(), Some("J"));
        assert_eq!(m.categories, vec![vec!["x", "y"]]);
    }

    #[test]
    fn unreadable_front_matter_is_an_error_with_a_line() {
        let err = parse(&split("\n---\ntitle: ok\nbad: [unclosed\n---\n").unwrap()).unwrap_err();
        assert!(matches!(err.kind, Kind::Syntax { .. }), "{err:?}");
        assert!(err.pos.line >= 4, "{err:?}");
        let err = parse(&split("---\n- a\n- b\n---\n").unwrap()).unwrap_err();
        assert_eq!(err.kind, Kind::NotMapping);
        let err = parse(&split("---\njust words\n---\n").unwrap()).unwrap_err();
        assert_eq!(err.kind, Kind::NotMapping);
    }

    #[test]
    fn unquoted_colon_in_title_is_reported_with_its_line() {
        let err = parse(&split("---\ntitle: Rust: the good parts\n---\n").unwrap()).unwrap_err();
        assert_eq!(err.pos.line, 2, "{err:?}");
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut yaml = String::from("---\na: &a [x,x,x,x,x,x,x,x,x,x]\n");
        for i in 1..12 {
            let prev = if i == 1 {
                "a".to_string()
            } else {
                format!("a{}", i - 1)
            };
            yaml.push_str(&format!("a{i}: &a{i} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
        }
        yaml.push_str("title: boom\n---\n");
        let err = parse(&split(&yaml).unwrap()).unwrap_err();
        assert!(matches!(err.kind, Kind::Syntax { .. }), "{err:?}");
    }

    #[test]
    fn unknown_fields_are_ignored_whatever_their_type() {
        for field in ["comments: false", "toc: {a: [1, {b: c}]}"] {
            let (m, w) = meta(&format!("---\ntitle: T\n{field}\n---\n"));
            assert_eq!(m.title.as_deref(), Some("T"), "{field}");
            assert!(w.is_empty(), "{field}: {w:?}");
        }
    }

    #[test]
    fn pins_are_read_as_hexo_index_generators_sort_them() {
        let cases: &[(&str, Option<u32>)] = &[
            ("top: true", Some(1)),
            ("top: 3", Some(3)),
            ("sticky: 2", Some(2)),
            ("sticky: true\ntop: 5", Some(5)),
            ("top: false", None),
            ("top: 0", None),
            ("sticky: -1", None),
        ];
        for (yaml, pin) in cases {
            let (m, w) = meta(&format!("---\ntitle: T\n{yaml}\n---\n"));
            assert_eq!(m.pin, *pin, "{yaml}");
            assert!(w.is_empty(), "{yaml}: {w:?}");
        }
        let (m, w) = meta("---\ntitle: T\ntop: high\n---\n");
        assert_eq!(m.pin, None);
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].pos, Pos::new(3, 1));
    }

    #[test]
    fn an_article_may_name_its_language() {
        let cases: &[(&str, Option<&str>)] = &[
            ("lang: zh-CN", Some("zh-CN")),
            ("lang: [en, zh-CN]", Some("en")),
            ("language: ja", Some("ja")),
            ("lang: ''", None),
        ];
        for (yaml, lang) in cases {
            let (m, w) = meta(&format!("---\ntitle: T\n{yaml}\n---\n"));
            assert_eq!(m.lang.as_deref(), *lang, "{yaml}");
            assert!(w.is_empty(), "{yaml}: {w:?}");
        }
    }

    #[test]
    fn yaml_1_1_booleans_are_words_as_hexo_reads_them() {
        let (m, w) = meta("---\ntitle: yes\ntags: [yes, no, on, off, true]\npublished: no\n---\n");
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(m.title.as_deref(), Some("yes"));
        assert_eq!(m.tags, ["yes", "no", "on", "off", "true"]);
        // Hexo hides only `published: false`; the word `no` is no boolean.
        assert!(!m.hidden);
    }

    #[test]
    fn drafts_are_hidden() {
        assert!(meta("---\ndraft: true\n---\n").0.hidden);
        assert!(meta("---\npublished: false\n---\n").0.hidden);
        assert!(!meta("---\npublished: true\n---\n").0.hidden);
    }
}
