//! Stage 2: read the front-matter block into validated fields.
//!
//! Takes a [`Split`] and returns [`Meta`] plus warnings. YAML goes through serde-saphyr with its
//! resource budget on (an alias bomb is refused quickly), TOML through `toml`, Hexo's JSON through
//! serde_json; all three fill the same [`RawFrontMatter`]. Unknown fields are ignored. Values of
//! the wrong type become warnings on the field's line, never a lost article. Strings stay data:
//! nothing here is HTML.

use std::fmt;

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use super::error::{Kind, Pos, Problem};
use super::split::{Format, Split};

/// Front matter as written, before validation. Every field is optional.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RawFrontMatter {
    /// The title; a YAML number or boolean is kept as its text.
    pub title: Option<Scalar>,
    /// Publication date, in any of the formats [`super::date`] knows.
    pub date: Option<Scalar>,
    /// Last update.
    pub updated: Option<Scalar>,
    /// Author name, or a mapping with a `name`.
    pub author: Option<Author>,
    /// Category hierarchy: a string, a list (one path), or a list of lists (several paths).
    pub categories: Option<Terms>,
    /// Hexo also accepts the singular.
    pub category: Option<Terms>,
    /// Tags: a string or a list (nested lists are flattened).
    pub tags: Option<Terms>,
    /// Hexo also accepts the singular.
    pub tag: Option<Terms>,
    /// Head image shown above the article.
    pub headimg: Option<Scalar>,
    /// Small image for the list.
    pub thumbnail: Option<Scalar>,
    /// Theme synonyms for the head image.
    pub cover: Option<Scalar>,
    pub banner: Option<Scalar>,
    /// Hand-written excerpt.
    pub excerpt: Option<Scalar>,
    /// Used as the excerpt when there is no `excerpt`.
    pub description: Option<Scalar>,
    /// The article's slug.
    pub slug: Option<Scalar>,
    /// Used for the slug when there is no `slug`.
    pub permalink: Option<Scalar>,
    /// Language tag (`zh-CN`, `en`).
    pub lang: Option<Scalar>,
    /// `draft: true` hides the article.
    pub draft: Option<Scalar>,
    /// `published: false` hides the article.
    pub published: Option<Scalar>,
}

/// A scalar read as text whatever YAML thinks it is; collections are recorded as a type error.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    Text(String),
    Null,
    Wrong(&'static str),
}

/// Hierarchical terms: a list of paths.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Terms(pub Vec<Vec<String>>);

/// An author: a name, or a mapping holding one.
#[derive(Debug, Clone, PartialEq)]
pub struct Author(pub Scalar);

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ScalarVisitor)
    }
}

struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Scalar;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a text value")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
        Ok(Scalar::Text(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Scalar, E> {
        Ok(Scalar::Text(v))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar, E> {
        Ok(Scalar::Text(v.to_string()))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
        Ok(Scalar::Text(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
        Ok(Scalar::Text(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar, E> {
        Ok(Scalar::Text(v.to_string()))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Scalar, E> {
        Ok(Scalar::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Scalar, E> {
        Ok(Scalar::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Scalar, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Scalar, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Scalar::Wrong("a list"))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Scalar, A::Error> {
        let mut found = Scalar::Wrong("a mapping");
        while let Some(key) = map.next_key::<Scalar>()? {
            // TOML's native dates arrive as this one-entry mapping.
            if key == Scalar::Text("$__toml_private_datetime".into()) {
                found = map.next_value::<Scalar>()?;
            } else {
                map.next_value::<IgnoredAny>()?;
                found = Scalar::Wrong("a mapping");
            }
        }
        Ok(found)
    }
}

/// A term list element: a single term or a nested list of them.
enum Node {
    One(Option<String>),
    Many(Vec<String>),
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct NodeVisitor;
        impl<'de> Visitor<'de> for NodeVisitor {
            type Value = Node;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a term or a list of terms")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
                let mut all = Vec::new();
                while let Some(node) = seq.next_element::<Node>()? {
                    match node {
                        Node::One(Some(t)) => all.push(t),
                        Node::One(None) => {}
                        Node::Many(ts) => all.extend(ts),
                    }
                }
                Ok(Node::Many(all))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
                // `- Parent: Child` is sometimes written for a hierarchy.
                let mut all = Vec::new();
                while let Some((k, v)) = map.next_entry::<Scalar, Node>()? {
                    if let Scalar::Text(k) = k {
                        all.push(k);
                    }
                    match v {
                        Node::One(Some(t)) => all.push(t),
                        Node::One(None) => {}
                        Node::Many(ts) => all.extend(ts),
                    }
                }
                Ok(Node::Many(all))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Node, E> {
                ScalarVisitor.visit_str(v).map(scalar_node)
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Node, E> {
                Ok(Node::One(Some(v)))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Node, E> {
                ScalarVisitor.visit_bool(v).map(scalar_node)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Node, E> {
                ScalarVisitor.visit_i64(v).map(scalar_node)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Node, E> {
                ScalarVisitor.visit_u64(v).map(scalar_node)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Node, E> {
                ScalarVisitor.visit_f64(v).map(scalar_node)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
                Ok(Node::One(None))
            }
            fn visit_none<E: de::Error>(self) -> Result<Node, E> {
                Ok(Node::One(None))
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
                d.deserialize_any(self)
            }
        }
        d.deserialize_any(NodeVisitor)
    }
}

fn scalar_node(s: Scalar) -> Node {
    match s {
        Scalar::Text(t) => Node::One(Some(t)),
        _ => Node::One(None),
    }
}

impl<'de> Deserialize<'de> for Terms {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct TermsVisitor;
        impl<'de> Visitor<'de> for TermsVisitor {
            type Value = Terms;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a term, a list of terms, or a list of lists")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Terms, A::Error> {
                let mut nodes = Vec::new();
                while let Some(node) = seq.next_element::<Node>()? {
                    nodes.push(node);
                }
                // Hexo: a flat list is one hierarchy; once any element is a list, every element
                // is a path of its own.
                if nodes.iter().all(|n| matches!(n, Node::One(_))) {
                    let path: Vec<String> = nodes
                        .into_iter()
                        .filter_map(|n| match n {
                            Node::One(t) => t,
                            Node::Many(_) => None,
                        })
                        .collect();
                    return Ok(Terms(if path.is_empty() { vec![] } else { vec![path] }));
                }
                Ok(Terms(
                    nodes
                        .into_iter()
                        .map(|n| match n {
                            Node::One(t) => t.into_iter().collect(),
                            Node::Many(ts) => ts,
                        })
                        .filter(|p: &Vec<String>| !p.is_empty())
                        .collect(),
                ))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Terms, A::Error> {
                let node = NodeVisitor2.visit_map(map)?;
                Ok(Terms(vec![node]))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Terms, E> {
                Ok(Terms(vec![vec![v.to_string()]]))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Terms, E> {
                Ok(Terms(vec![vec![v.to_string()]]))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Terms, E> {
                Ok(Terms(vec![vec![v.to_string()]]))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Terms, E> {
                Ok(Terms(vec![vec![v.to_string()]]))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Terms, E> {
                Ok(Terms(vec![vec![v.to_string()]]))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Terms, E> {
                Ok(Terms::default())
            }
            fn visit_none<E: de::Error>(self) -> Result<Terms, E> {
                Ok(Terms::default())
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Terms, D::Error> {
                d.deserialize_any(self)
            }
        }
        /// Reads a mapping as one flattened path (`Parent: Child`).
        struct NodeVisitor2;
        impl NodeVisitor2 {
            fn visit_map<'de, A: MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Vec<String>, A::Error> {
                let mut all = Vec::new();
                while let Some((k, v)) = map.next_entry::<Scalar, Node>()? {
                    if let Scalar::Text(k) = k {
                        all.push(k);
                    }
                    match v {
                        Node::One(Some(t)) => all.push(t),
                        Node::One(None) => {}
                        Node::Many(ts) => all.extend(ts),
                    }
                }
                Ok(all)
            }
        }
        d.deserialize_any(TermsVisitor)
    }
}

impl<'de> Deserialize<'de> for Author {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct AuthorVisitor;
        impl<'de> Visitor<'de> for AuthorVisitor {
            type Value = Author;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a name or a mapping with `name`")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Author, A::Error> {
                let mut name = Scalar::Wrong("a mapping without `name`");
                while let Some(key) = map.next_key::<Scalar>()? {
                    if key == Scalar::Text("name".into()) {
                        name = map.next_value::<Scalar>()?;
                    } else {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
                Ok(Author(name))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Author, A::Error> {
                ScalarVisitor.visit_seq(seq).map(Author)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Author, E> {
                Ok(Author(Scalar::Text(v.to_string())))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Author, E> {
                Ok(Author(Scalar::Text(v.to_string())))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Author, E> {
                Ok(Author(Scalar::Text(v.to_string())))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Author, E> {
                Ok(Author(Scalar::Text(v.to_string())))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Author, E> {
                Ok(Author(Scalar::Text(v.to_string())))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Author, E> {
                Ok(Author(Scalar::Null))
            }
            fn visit_none<E: de::Error>(self) -> Result<Author, E> {
                Ok(Author(Scalar::Null))
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Author, D::Error> {
                d.deserialize_any(self)
            }
        }
        d.deserialize_any(AuthorVisitor)
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
    pub lang: Option<String>,
    /// `draft: true` or `published: false`.
    pub hidden: bool,
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
    let mut offset = 0;
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
        offset += line.len();
    }
    let _ = offset;
    Pos::new(front_line, 1)
}

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
    let lang = text("lang", raw.lang);
    let draft = text("draft", raw.draft);
    let published = text("published", raw.published);

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

    let truthy = |v: &Option<String>| v.as_deref().map(|s| s.eq_ignore_ascii_case("true"));
    let hidden = truthy(&draft) == Some(true) || truthy(&published) == Some(false);

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
        slug: slug.or(permalink),
        lang,
        hidden,
    };
    (meta, warnings)
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

/// Folds runs of whitespace (including newlines) to single spaces.
pub fn collapse_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An image URL is acceptable when it is http(s), protocol-relative, or relative.
pub fn is_safe_image_url(url: &str) -> bool {
    let url = url.trim();
    if url
        .chars()
        .any(|c| c.is_control() || c == '<' || c == '>' || c == '"')
    {
        return false;
    }
    let lower = url.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("//") {
        return true;
    }
    // Relative: no scheme before the first `/`, `?` or `#`.
    let head = lower.split(['/', '?', '#']).next().unwrap_or("");
    !head.contains(':')
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
    fn image_urls() {
        for ok in [
            "https://a/b.png",
            "http://a",
            "//cdn/x.png",
            "img/a.png",
            "/a.png",
            "a.png?x=1:2",
        ] {
            assert!(is_safe_image_url(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "data:image/png;base64,xx",
            "JaVaScRiPt:x",
            "vbscript:x",
            "x\"onerror=1",
        ] {
            assert!(!is_safe_image_url(bad), "{bad}");
        }
    }

    #[test]
    fn drafts_are_hidden() {
        assert!(meta("---\ndraft: true\n---\n").0.hidden);
        assert!(meta("---\npublished: false\n---\n").0.hidden);
        assert!(!meta("---\npublished: true\n---\n").0.hidden);
    }
}
