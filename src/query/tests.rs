use super::*;
use crate::model::{Category, FORMAT_VERSION};

fn article(
    slug: &str,
    title: &str,
    author: u32,
    category: u32,
    tags: &[u32],
    date: i64,
) -> ArticleSummary {
    ArticleSummary {
        slug: slug.into(),
        title: title.into(),
        date: Some(date),
        author: Some(author),
        categories: vec![category],
        tags: tags.to_vec(),
        excerpt: format!("excerpt of {slug}"),
        body: format!("a/{slug}.json"),
        ..Default::default()
    }
}

const JUL_2022: i64 = 1_658_220_367; // 2022-07-19
const JAN_2022: i64 = 1_641_081_006; // 2022-01-02
const MAR_2021: i64 = 1_614_556_800; // 2021-03-01

fn index() -> Index {
    Index {
        version: FORMAT_VERSION,
        authors: vec!["IT 之家".into(), "Ferris".into()],
        categories: vec![
            Category {
                name: "新媒体".into(),
                parent: None,
            },
            Category {
                name: "IT 之家".into(),
                parent: Some(0),
            },
            Category {
                name: "分类资讯".into(),
                parent: Some(1),
            },
            Category {
                name: "Engineering".into(),
                parent: None,
            },
        ],
        tags: vec!["rust".into(), "wasm".into()],
        articles: vec![
            article(
                "kuaishou",
                "共享芬芳、共铸美好，快手与中国残疾人事业",
                0,
                2,
                &[],
                JUL_2022,
            ),
            article(
                "rust-wasm",
                "Shipping Rust to the Browser",
                1,
                3,
                &[0, 1],
                JAN_2022,
            ),
            article(
                "exchange",
                "微软 Exchange 服务器出现 2022 年日期 Bug",
                0,
                1,
                &[0],
                MAR_2021,
            ),
        ],
        search: None,
    }
}

fn run(filter: &Filter) -> Vec<&'static str> {
    let index = index();
    let prepared = Prepared::new(&index, 0);
    let slugs = ["kuaishou", "rust-wasm", "exchange"];
    filter
        .apply(&index, &prepared)
        .into_iter()
        .map(|i| slugs[i])
        .collect()
}

fn facets(filter: &Filter) -> Facets {
    let index = index();
    filter.run(&index, &Prepared::new(&index, 0)).1
}

#[test]
fn text_filter_table() {
    let cases: &[(&str, &[&str])] = &[
        ("", &["kuaishou", "rust-wasm", "exchange"]),
        ("快手", &["kuaishou"]),
        ("残疾", &["kuaishou"]),
        ("RUST", &["rust-wasm", "exchange"]),
        ("browser rust", &["rust-wasm"]),
        ("browser 快手", &[]),
        ("exchange 2022", &["exchange"]),
        ("IT 之家", &["kuaishou", "exchange"]),
        ("ferris", &["rust-wasm"]),
        ("新媒体", &["kuaishou", "exchange"]),
        ("wasm", &["rust-wasm"]),
        ("nothing-like-this", &[]),
    ];
    for (text, expected) in cases {
        assert_eq!(run(&Filter::text(*text)), *expected, "query {text:?}");
    }
}

#[test]
fn facets_combine_with_text_and_each_other() {
    let f = |category, author, tag, year, month| Filter {
        category,
        author,
        tag,
        year,
        month,
        ..Filter::default()
    };
    let cases: &[(Filter, &[&str])] = &[
        (
            f(Some(1), None, None, None, None),
            &["kuaishou", "exchange"],
        ),
        (f(Some(2), None, None, None, None), &["kuaishou"]),
        (
            f(None, None, Some(0), None, None),
            &["rust-wasm", "exchange"],
        ),
        (
            f(None, None, None, Some(2022), None),
            &["kuaishou", "rust-wasm"],
        ),
        (f(None, None, None, Some(2022), Some(7)), &["kuaishou"]),
        (f(Some(0), None, Some(0), None, None), &["exchange"]),
        (f(None, Some(0), None, Some(2021), None), &["exchange"]),
        (
            Filter {
                author: Some(0),
                ..Filter::text("bug")
            },
            &["exchange"],
        ),
    ];
    for (filter, expected) in cases {
        assert_eq!(run(filter), *expected, "{filter:?}");
    }
}

#[test]
fn sort_toggle_reverses_the_order() {
    let oldest = Filter {
        sort: Sort::Oldest,
        ..Filter::default()
    };
    assert_eq!(run(&oldest), ["exchange", "rust-wasm", "kuaishou"]);
}

#[test]
fn ranked_hits_keep_their_order_unless_a_date_order_is_chosen() {
    let index = index();
    let prepared = Prepared::new(&index, 0);
    let ranked = [2, 0, 1];
    let order = |sort: Sort| {
        let filter = Filter {
            text: "x".into(),
            sort,
            ..Filter::default()
        };
        let (hits, facets) = filter.run_on(&index, &prepared, &ranked);
        assert_eq!(facets.authors.iter().sum::<u32>(), 3);
        hits
    };
    assert_eq!(order(Sort::Relevance), [2, 0, 1]);
    assert_eq!(order(Sort::Newest), [0, 1, 2]);
    assert_eq!(order(Sort::Oldest), [2, 1, 0]);
}

#[test]
fn sort_cycles_through_best_match_only_when_searching() {
    assert_eq!(Sort::Relevance.next(true), Sort::Newest);
    assert_eq!(Sort::Newest.next(true), Sort::Oldest);
    assert_eq!(Sort::Oldest.next(true), Sort::Relevance);
    assert_eq!(Sort::Relevance.next(false), Sort::Oldest);
    assert_eq!(Sort::Oldest.next(false), Sort::Relevance);
    for sort in [Sort::Relevance, Sort::Newest, Sort::Oldest] {
        let filter = Filter {
            sort,
            ..Filter::text("rust")
        };
        assert_eq!(Filter::from(&ListQuery::from(&filter)), filter);
    }
}

#[test]
fn facet_counts_reflect_the_other_filters_but_not_their_own() {
    let all = facets(&Filter::default());
    assert_eq!(all.categories, [2, 2, 1, 1]);
    assert_eq!(all.authors, [2, 1]);
    assert_eq!(all.tags, [2, 1]);
    assert_eq!(all.years, vec![(2021, 1), (2022, 2)]);
    assert!(all.months.is_empty());

    // Choosing an author narrows the other facets, not the author facet itself.
    let by_author = facets(&Filter {
        author: Some(0),
        ..Filter::default()
    });
    assert_eq!(by_author.authors, [2, 1]);
    assert_eq!(by_author.categories, [2, 2, 1, 0]);
    assert_eq!(by_author.tags, [1, 0]);

    // A year shows its months; the year facet keeps every year.
    let in_2022 = facets(&Filter {
        year: Some(2022),
        ..Filter::default()
    });
    assert_eq!(in_2022.months, vec![(1, 1), (7, 1)]);
    assert_eq!(in_2022.years, vec![(2021, 1), (2022, 2)]);
    assert_eq!(in_2022.authors, [1, 1]);

    // Text narrows every facet.
    let text = facets(&Filter::text("rust"));
    assert_eq!(text.authors, [1, 1]);
    assert_eq!(text.years, vec![(2021, 1), (2022, 1)]);
}

#[test]
fn an_article_in_two_leaves_of_one_branch_counts_once() {
    let mut index = index();
    index.articles[0].categories = vec![1, 2];
    let f = Filter::default().run(&index, &Prepared::new(&index, 0)).1;
    assert_eq!(f.categories[0], 2);
}

#[test]
fn months_follow_the_readers_offset() {
    let index = index();
    // 2022-01-02 00:10 UTC is still 2022-01-01 in UTC-1.
    let mut one = index.clone();
    one.articles[1].date = Some(1_641_082_200);
    assert_eq!(Prepared::new(&one, -60).months[1], Some((2022, 1)));
    let mut two = index;
    two.articles[1].date = Some(1_640_995_800); // 2022-01-01 00:10 UTC
    assert_eq!(Prepared::new(&two, -60).months[1], Some((2021, 12)));
}

#[test]
fn list_query_round_trips_through_filter() {
    let f = Filter {
        category: Some(3),
        tag: Some(1),
        year: Some(2022),
        month: Some(7),
        sort: Sort::Oldest,
        ..Filter::text("快手 rust")
    };
    assert_eq!(Filter::from(&ListQuery::from(&f)), f);
    // A month without a year, or out of range, is ignored.
    assert_eq!(
        Filter::from(&ListQuery {
            m: Some(7),
            ..ListQuery::default()
        })
        .month,
        None
    );
    assert_eq!(
        Filter::from(&ListQuery {
            y: Some(2022),
            m: Some(13),
            ..ListQuery::default()
        })
        .month,
        None
    );
}

#[test]
fn emptiness_and_clearing() {
    assert!(Filter::text("   ").is_empty());
    assert!(!Filter::text("x").is_empty());
    assert!(!Filter {
        tag: Some(1),
        ..Filter::default()
    }
    .is_empty());
    let f = Filter {
        tag: Some(1),
        sort: Sort::Oldest,
        ..Filter::text("x")
    };
    assert_eq!(
        f.cleared(),
        Filter {
            sort: Sort::Oldest,
            ..Filter::default()
        }
    );
}

#[test]
fn civil_dates() {
    assert_eq!(civil_date(0), (1970, 1, 1));
    assert_eq!(civil_date(JUL_2022), (2022, 7, 19));
    assert_eq!(civil_date(951_782_400), (2000, 2, 29));
    assert_eq!(civil_date(-86_400), (1969, 12, 31));
}

#[test]
fn text_cache_refines_and_agrees_with_a_full_scan() {
    let index = index();
    let prepared = Prepared::new(&index, 0);
    let mut cache = TextCache::default();
    for text in [
        "r",
        "ru",
        "rus",
        "rust",
        "rust b",
        "rust br",
        "rust",
        "ru",
        "",
        "ex",
        "exchange 2022",
        "快",
        "快手",
        "e",
        "ex",
    ] {
        let filter = Filter::text(text);
        let cached = cache.hits(&filter, &index, &prepared);
        assert_eq!(
            *cached,
            filter.text_hits(&index, &prepared, None),
            "{text:?}"
        );
    }
    assert!(cache.entries.len() <= TextCache::SIZE);
}

#[test]
fn run_on_text_hits_equals_run() {
    let index = index();
    let prepared = Prepared::new(&index, 0);
    let filter = Filter {
        author: Some(0),
        ..Filter::text("2022")
    };
    let hits = filter.text_hits(&index, &prepared, None);
    assert_eq!(
        filter.run_on(&index, &prepared, &hits),
        filter.run(&index, &prepared)
    );
}

/// `ListQuery` as it was derived for `serde_urlencoded`, before the URL form was written by hand.
#[derive(Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
struct SerdeQuery {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    q: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    cat: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    author: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    tag: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    y: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    m: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sort: Option<String>,
}

impl From<SerdeQuery> for ListQuery {
    fn from(s: SerdeQuery) -> Self {
        let SerdeQuery {
            q,
            cat,
            author,
            tag,
            y,
            m,
            sort,
        } = s;
        ListQuery {
            q,
            cat,
            author,
            tag,
            y,
            m,
            sort,
        }
    }
}

#[test]
fn list_query_reads_urls_as_serde_urlencoded_did() {
    let cases = [
        "",
        "q=rust",
        "q=%E5%BF%AB%E6%89%8B+rust&cat=3&y=2022&m=7&sort=old",
        "q=a%2Bb%26c%3Dd",
        "author=2&tag=5",
        "y=-44&m=+3",
        "cat=",
        "cat=x",
        "cat=4294967296",
        "q=a&q=b",
        "cat=1&cat=1",
        "unknown=1&q=x",
        "c%61t=9",
        "q",
        "&&q=x&",
        "sort=",
        "tag=%FF",
        "q=%FF%FE",
    ];
    for query in cases {
        let want = serde_urlencoded::from_str::<SerdeQuery>(query)
            .ok()
            .map(ListQuery::from);
        assert_eq!(ListQuery::parse(query), want, "{query:?}");
    }
}

#[test]
fn list_query_writes_urls_as_serde_urlencoded_did() {
    let queries = [
        ListQuery::default(),
        ListQuery {
            q: "快手 rust & a+b=c/d?".into(),
            cat: Some(3),
            author: Some(0),
            tag: Some(12),
            y: Some(-1),
            m: Some(7),
            sort: Some("old".into()),
        },
        ListQuery {
            tag: Some(1),
            ..ListQuery::default()
        },
        ListQuery {
            sort: Some(String::new()),
            ..ListQuery::default()
        },
    ];
    for query in queries {
        let serde = SerdeQuery {
            q: query.q.clone(),
            cat: query.cat,
            author: query.author,
            tag: query.tag,
            y: query.y,
            m: query.m,
            sort: query.sort.clone(),
        };
        let text = query.to_query_string();
        assert_eq!(text, serde_urlencoded::to_string(&serde).unwrap());
        assert_eq!(ListQuery::parse(&text), Some(query));
    }
}
