//! The reader's own marks on articles: which are read and which starred, by slug (the one id
//! of an article that a rebuild keeps), for both targets and tested natively.
//!
//! [`Marks`] is what the app keeps per bundle in `localStorage`, and what it exports and
//! imports as a JSON file ([`MarksFile`]); [`MarkedNumbers`] is the same marks as article
//! numbers of one bundle, which is what filtering and counting a list needs.
//!
//! The JSON is read with miniserde but written by hand ([`Marks::to_json`]): miniserde's
//! serializer formats any number it might meet, which linked a float formatter and its
//! power-of-ten tables into the app for a file that holds only strings (measured in
//! BENCHMARKS.md, "App shell size").

/// The reader's marks, by slug: each list sorted, without repeats (sorted `Vec`s rather than
/// sets, whose code would weigh more in the WASM).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Marks {
    pub read: Vec<String>,
    pub starred: Vec<String>,
}

/// `slugs` sorted, without repeats.
fn sorted(mut slugs: Vec<String>) -> Vec<String> {
    slugs.sort_unstable();
    slugs.dedup();
    slugs
}

/// Read or starred.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Read,
    Starred,
}

/// The marks as the storage and the export file hold them:
/// `{"folio":"marks","read":["slug",…],"starred":[…]}`, slugs sorted.
#[derive(Debug, Clone, Default, PartialEq, miniserde::Deserialize)]
pub struct MarksFile {
    /// Always `marks`: says what the file is.
    pub folio: String,
    pub read: Vec<String>,
    pub starred: Vec<String>,
}

/// What the file says it is.
const KIND: &str = "marks";

impl Marks {
    fn set(&self, mark: Mark) -> &Vec<String> {
        match mark {
            Mark::Read => &self.read,
            Mark::Starred => &self.starred,
        }
    }

    fn set_mut(&mut self, mark: Mark) -> &mut Vec<String> {
        match mark {
            Mark::Read => &mut self.read,
            Mark::Starred => &mut self.starred,
        }
    }

    /// Whether the article `slug` has `mark`.
    pub fn has(&self, mark: Mark, slug: &str) -> bool {
        self.set(mark)
            .binary_search_by(|s| s.as_str().cmp(slug))
            .is_ok()
    }

    /// Gives `slug` the mark (`on`) or takes it away.
    pub fn put(&mut self, mark: Mark, slug: &str, on: bool) {
        let set = self.set_mut(mark);
        match (set.binary_search_by(|s| s.as_str().cmp(slug)), on) {
            (Err(at), true) => set.insert(at, slug.to_string()),
            (Ok(at), false) => {
                set.remove(at);
            }
            _ => {}
        }
    }

    /// Marks every one of `slugs` read.
    pub fn read_all<'a>(&mut self, slugs: impl IntoIterator<Item = &'a str>) {
        let mut read = std::mem::take(&mut self.read);
        read.extend(slugs.into_iter().map(str::to_string));
        self.read = sorted(read);
    }

    /// Adds the marks of `other` (an import adds to what is there, it never takes away).
    pub fn merge(&mut self, other: Marks) {
        for (mine, theirs) in [
            (&mut self.read, other.read),
            (&mut self.starred, other.starred),
        ] {
            let mut all = std::mem::take(mine);
            all.extend(theirs);
            *mine = sorted(all);
        }
    }

    /// The marks as JSON (what storage keeps and the export file holds).
    pub fn to_json(&self) -> String {
        let mut json = String::from("{\"folio\":");
        push_json_string(&mut json, KIND);
        for (name, slugs) in [("read", &self.read), ("starred", &self.starred)] {
            json.push_str(",\"");
            json.push_str(name);
            json.push_str("\":[");
            for (at, slug) in slugs.iter().enumerate() {
                if at > 0 {
                    json.push(',');
                }
                push_json_string(&mut json, slug);
            }
            json.push(']');
        }
        json.push('}');
        json
    }

    /// Reads marks written by [`Marks::to_json`], saying what is wrong with anything else.
    pub fn from_json(text: &str) -> Result<Self, MarksError> {
        let file: MarksFile = miniserde::json::from_str(text).map_err(|_| MarksError::NotMarks)?;
        if file.folio != KIND {
            return Err(MarksError::NotMarks);
        }
        Ok(Self {
            read: sorted(file.read),
            starred: sorted(file.starred),
        })
    }
}

/// Appends `text` as a JSON string: quotes, backslashes and control characters escaped, the
/// rest as it is (JSON is UTF-8).
fn push_json_string(json: &mut String, text: &str) {
    json.push('"');
    for c in text.chars() {
        match c {
            '"' => json.push_str("\\\""),
            '\\' => json.push_str("\\\\"),
            '\n' => json.push_str("\\n"),
            '\r' => json.push_str("\\r"),
            '\t' => json.push_str("\\t"),
            c if c < ' ' => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                json.push_str("\\u00");
                json.push(HEX[c as usize >> 4] as char);
                json.push(HEX[c as usize & 15] as char);
            }
            c => json.push(c),
        }
    }
    json.push('"');
}

/// Why a text is not a marks file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarksError {
    /// Not JSON of the form `{"folio":"marks","read":[…],"starred":[…]}`.
    NotMarks,
}

/// The marks of one bundle's articles as their numbers, each list sorted ascending: slugs the
/// bundle does not have are left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MarkedNumbers {
    pub read: Vec<u32>,
    pub starred: Vec<u32>,
}

/// How many articles of a list are unread, and how many starred.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MarkCounts {
    pub unread: usize,
    pub starred: usize,
}

impl MarkedNumbers {
    /// From numbers in any order, repeats allowed.
    pub fn new(mut read: Vec<u32>, mut starred: Vec<u32>) -> Self {
        for list in [&mut read, &mut starred] {
            list.sort_unstable();
            list.dedup();
        }
        Self { read, starred }
    }

    /// Whether article `number` has `mark`.
    pub fn has(&self, mark: Mark, number: u32) -> bool {
        let list = match mark {
            Mark::Read => &self.read,
            Mark::Starred => &self.starred,
        };
        list.binary_search(&number).is_ok()
    }

    /// The unread and starred articles among `numbers` (all distinct).
    pub fn count<I: IntoIterator<Item = u32>>(&self, numbers: I) -> MarkCounts {
        let mut counts = MarkCounts::default();
        for n in numbers {
            counts.unread += usize::from(!self.has(Mark::Read, n));
            counts.starred += usize::from(self.has(Mark::Starred, n));
        }
        counts
    }

    /// The counts for every article of a bundle of `articles`: no walk over them.
    pub fn count_all(&self, articles: u32) -> MarkCounts {
        let within = |list: &[u32]| list.partition_point(|&n| n < articles);
        MarkCounts {
            unread: articles as usize - within(&self.read),
            starred: within(&self.starred),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marks(read: &[&str], starred: &[&str]) -> Marks {
        let mut m = Marks::default();
        for s in read {
            m.put(Mark::Read, s, true);
        }
        for s in starred {
            m.put(Mark::Starred, s, true);
        }
        m
    }

    #[test]
    fn put_sets_and_clears_one_mark_only() {
        let mut m = marks(&["a"], &["a"]);
        m.put(Mark::Read, "a", false);
        assert!(!m.has(Mark::Read, "a"));
        assert!(m.has(Mark::Starred, "a"));
        m.put(Mark::Read, "b", true);
        m.put(Mark::Read, "b", true);
        assert_eq!(m.read.len(), 1);
    }

    #[test]
    fn json_round_trips_with_chinese_slugs_and_quotes() {
        let m = marks(&["rust-入门", "a\"b"], &["新媒体"]);
        let json = m.to_json();
        assert!(json.starts_with("{\"folio\":\"marks\""), "{json}");
        assert_eq!(Marks::from_json(&json), Ok(m));
    }

    #[test]
    fn json_is_what_a_json_writer_writes() {
        let m = marks(
            &["a\\b", "tab\there", "nl\n", "bell\u{7}", "ü-中"],
            &["q\"uote"],
        );
        let expected = serde_json::json!({
            "folio": "marks",
            "read": m.read,
            "starred": m.starred,
        });
        assert_eq!(m.to_json(), serde_json::to_string(&expected).unwrap());
        assert_eq!(Marks::from_json(&m.to_json()), Ok(m));
        assert_eq!(
            Marks::default().to_json(),
            r#"{"folio":"marks","read":[],"starred":[]}"#
        );
    }

    #[test]
    fn from_json_refuses_what_is_not_a_marks_file() {
        for text in [
            "",
            "[]",
            "{\"read\":[],\"starred\":[]}",
            "{\"folio\":\"other\",\"read\":[],\"starred\":[]}",
            "{\"folio\":\"marks\",\"read\":[1],\"starred\":[]}",
        ] {
            assert_eq!(Marks::from_json(text), Err(MarksError::NotMarks), "{text}");
        }
    }

    #[test]
    fn read_all_and_imports_keep_the_lists_sorted_without_repeats() {
        let mut m = marks(&["b"], &[]);
        m.read_all(["c", "a", "b", "a"]);
        assert_eq!(m.read, ["a", "b", "c"]);
        let imported = Marks::from_json(r#"{"folio":"marks","read":["z","a","z"],"starred":[]}"#);
        assert_eq!(
            imported.map(|m| m.read),
            Ok(vec!["a".to_string(), "z".to_string()])
        );
    }

    #[test]
    fn merge_adds_and_never_takes_away() {
        let mut m = marks(&["a"], &["b"]);
        m.merge(marks(&["c"], &[]));
        assert_eq!(m, marks(&["a", "c"], &["b"]));
    }

    #[test]
    fn counts_of_a_list_and_of_the_whole_bundle_agree() {
        let numbers = MarkedNumbers::new(vec![4, 1, 1, 9], vec![2, 4]);
        assert_eq!(
            numbers.count([0, 1, 2, 4]),
            MarkCounts {
                unread: 2,
                starred: 2
            }
        );
        // Number 9 is past a bundle of 5 articles (a stale mark): not counted.
        assert_eq!(numbers.count_all(5), numbers.count(0..5));
        assert_eq!(numbers.count_all(5).unread, 3);
    }
}
