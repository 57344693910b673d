use super::*;
use crate::gen::Rng;
use crate::model::columns::{encode, DocFacets};

const JUL_2022: i64 = 1_658_220_367; // 2022-07-19
const JAN_2022: i64 = 1_641_081_006; // 2022-01-02
const MAR_2021: i64 = 1_614_556_800; // 2021-03-01

/// The columns' day of a Unix time (UTC as the site's zone).
fn day(secs: i64) -> u32 {
    (secs.div_euclid(86_400) + 1) as u32
}

fn doc(day: u32, author: Option<u32>, categories: &[u32], tags: &[u32]) -> DocFacets {
    DocFacets {
        day,
        author,
        categories: categories.to_vec(),
        tags: tags.to_vec(),
        page: false,
    }
}

fn columns(docs: &[DocFacets]) -> Columns {
    let mut columns = Columns::default();
    columns.append(&encode(docs)).expect("valid columns");
    columns
}

/// Categories 新媒体 (0) › IT 之家 (1) › 分类资讯 (2), and Engineering (3).
const PARENTS: [u32; 4] = [0, 1, 2, 0];

/// Three articles, oldest first: exchange (IT 之家, rust, 2021), rust-wasm (Ferris, rust and
/// wasm, 2022-01), kuaishou (IT 之家, 2022-07).
fn three() -> Vec<DocFacets> {
    vec![
        doc(day(MAR_2021), Some(0), &[1], &[0]),
        doc(day(JAN_2022), Some(1), &[3], &[0, 1]),
        doc(day(JUL_2022), Some(0), &[2], &[]),
    ]
}

fn count(filter: &Filter, docs: &[DocFacets], text: Option<&[u32]>) -> FacetCounts {
    let columns = columns(docs);
    let parts = [ColumnsPart {
        first: 0,
        columns: &columns,
    }];
    filter.count(
        &parts,
        text,
        FacetShape {
            authors: 2,
            tags: 2,
            parents: &PARENTS,
        },
    )
}

fn years(pairs: &[(i32, u32)]) -> Vec<YearCount> {
    pairs
        .iter()
        .map(|&(year, n)| YearCount { year, n })
        .collect()
}

#[test]
fn facet_counts_reflect_the_other_filters_but_not_their_own() {
    let all = count(&Filter::default(), &three(), None);
    assert_eq!(all.categories, [2, 2, 1, 1]);
    assert_eq!(all.authors, [2, 1]);
    assert_eq!(all.tags, [2, 1]);
    assert_eq!(all.years, years(&[(2021, 1), (2022, 2)]));
    assert!(all.months.is_empty());

    // Choosing an author narrows the other facets, not the author facet itself.
    let by_author = count(
        &Filter {
            authors: vec![FacetChoice::new(0, "a")],
            ..Filter::default()
        },
        &three(),
        None,
    );
    assert_eq!(by_author.authors, [2, 1]);
    assert_eq!(by_author.categories, [2, 2, 1, 0]);
    assert_eq!(by_author.tags, [1, 0]);

    // A year shows its months; the year facet keeps every year.
    let in_2022 = count(
        &Filter {
            year: Some(2022),
            ..Filter::default()
        },
        &three(),
        None,
    );
    let month = |m, n| MonthCount { y: 2022, m, n };
    assert_eq!(in_2022.months, [month(1, 1), month(7, 1)]);
    assert_eq!(in_2022.years, years(&[(2021, 1), (2022, 2)]));
    assert_eq!(in_2022.authors, [1, 1]);

    // A category counts under itself and its ancestors, and filters by its descendants.
    let under_it = count(
        &Filter {
            categories: vec![FacetChoice::new(1, "c")],
            ..Filter::default()
        },
        &three(),
        None,
    );
    assert_eq!(under_it.authors, [2, 0]);
    assert_eq!(under_it.categories, [2, 2, 1, 1]);

    // Text narrows every facet: only the articles it matched are counted.
    let text = count(&Filter::text("rust"), &three(), Some(&[0, 1]));
    assert_eq!(text.authors, [1, 1]);
    assert_eq!(text.years, years(&[(2021, 1), (2022, 1)]));
}

#[test]
fn an_article_in_two_leaves_of_one_branch_counts_once() {
    let mut docs = three();
    docs[2].categories = vec![1, 2];
    assert_eq!(count(&Filter::default(), &docs, None).categories[0], 2);
}

#[test]
fn undated_articles_count_in_no_year_and_match_no_date_filter() {
    let docs = vec![
        doc(0, Some(0), &[], &[]),
        doc(day(JUL_2022), Some(0), &[], &[]),
    ];
    let all = count(&Filter::default(), &docs, None);
    assert_eq!(all.years, years(&[(2022, 1)]));
    assert_eq!(all.authors[0], 2);
    let in_2022 = count(
        &Filter {
            year: Some(2022),
            ..Filter::default()
        },
        &docs,
        None,
    );
    assert_eq!(in_2022.authors[0], 1);
}

/// The counts as their definition says, value by value: the articles of the text that pass every
/// other facet's filter and have the value. Nothing shared with [`Filter::count`] but the input.
fn brute_force(
    filter: &Filter,
    docs: &[DocFacets],
    text: Option<&[u32]>,
    parents: &[u32],
) -> FacetCounts {
    let under = |leaf: u32, node: u32| {
        let mut at = Some(leaf);
        while let Some(c) = at {
            if c == node {
                return true;
            }
            at = parents[c as usize].checked_sub(1);
        }
        false
    };
    let month = |d: &DocFacets| YearMonth::of_day(d.day);
    let chosen: Vec<(usize, &DocFacets)> = docs
        .iter()
        .enumerate()
        .filter(|(i, _)| text.is_none_or(|t| t.contains(&(*i as u32))))
        .collect();
    let category_ok = |d: &DocFacets| {
        filter.categories.is_empty()
            || filter
                .categories
                .iter()
                .any(|c| d.categories.iter().any(|&l| under(l, c.id)))
    };
    let author_ok = |d: &DocFacets| {
        filter.authors.is_empty() || filter.authors.iter().any(|a| d.author == Some(a.id))
    };
    let tag_ok = |d: &DocFacets| {
        filter.tags.is_empty() || filter.tags.iter().any(|t| d.tags.contains(&t.id))
    };
    let kind_ok = |d: &DocFacets| filter.kind.is_none_or(|k| k.holds(d.page));
    let dated = |d: &DocFacets| {
        let m = month(d);
        // The range's days, counted here from the calendar rather than day numbers.
        let in_range = |days: i64| {
            let (y, mo, dd) = civil_date(days * 86_400);
            let key = (y, mo, dd);
            let bound = |b: Option<i64>| b.map(|b| civil_date(b * 86_400));
            bound(filter.dates.first).is_none_or(|f| key >= f)
                && bound(filter.dates.last).is_none_or(|l| key <= l)
        };
        let ranged = filter.dates.is_unbounded() || (d.day > 0 && in_range(i64::from(d.day) - 1));
        filter.year.is_none_or(|y| m.is_some_and(|m| m.year == y))
            && filter.month.is_none_or(|w| m.is_some_and(|m| m.month == w))
            && ranged
    };
    let date_ok = |d: &DocFacets| kind_ok(d) && dated(d);
    let counted = |keep: &dyn Fn(&DocFacets) -> bool, has: &dyn Fn(&DocFacets) -> bool| {
        chosen.iter().filter(|(_, d)| keep(d) && has(d)).count() as u32
    };
    let mut out = FacetCounts::default();
    let others = |d: &DocFacets| category_ok(d) && author_ok(d) && tag_ok(d) && dated(d);
    out.pages = counted(&others, &|d| d.page);
    out.posts = counted(&others, &|d| !d.page);
    for node in 0..parents.len() as u32 {
        out.categories.push(counted(
            &|d| author_ok(d) && tag_ok(d) && date_ok(d),
            &|d| d.categories.iter().any(|&l| under(l, node)),
        ));
    }
    for a in 0..4 {
        out.authors.push(counted(
            &|d| category_ok(d) && tag_ok(d) && date_ok(d),
            &|d| d.author == Some(a),
        ));
    }
    for t in 0..6 {
        out.tags.push(counted(
            &|d| category_ok(d) && author_ok(d) && date_ok(d),
            &|d| d.tags.contains(&t),
        ));
    }
    let rest = |d: &DocFacets| category_ok(d) && author_ok(d) && tag_ok(d) && kind_ok(d);
    for year in 1969..2031 {
        let n = counted(&rest, &|d| month(d).is_some_and(|m| m.year == year));
        if n > 0 {
            out.years.push(YearCount { year, n });
        }
        if filter.year == Some(year) {
            for m in 1..=12 {
                let n = counted(&rest, &|d| month(d) == Some(YearMonth { year, month: m }));
                if n > 0 {
                    out.months.push(MonthCount { y: year, m, n });
                }
            }
        }
    }
    let mut days: Vec<u32> = chosen
        .iter()
        .map(|(_, d)| *d)
        .filter(|d| rest(d) && d.day > 0)
        .map(|d| d.day)
        .collect();
    days.sort_unstable();
    days.dedup();
    for day in days {
        let n = counted(&rest, &|d| d.day == day);
        out.days.push(DayCount { day, n });
    }
    out
}

#[test]
fn counts_from_columns_agree_with_a_brute_force_count() {
    let mut rng = Rng::new(12);
    for round in 0..200 {
        // A random forest of categories: each node's parent comes before it.
        let nodes = 1 + rng.below(8);
        let parents: Vec<u32> = (0..nodes)
            .map(|i| match rng.below(3) {
                0 => 0,
                _ => rng.below(i + 1) as u32,
            })
            .collect();
        let docs: Vec<DocFacets> = (0..rng.below(60))
            .map(|_| DocFacets {
                // Undated sometimes; else days around the turn of 2022.
                day: [0, 1 + 18_800 + rng.below(800) as u32][rng.below(4).min(1)],
                author: [None, Some(rng.below(4) as u32)][rng.below(5).min(1)],
                categories: (0..rng.below(3)).map(|_| rng.below(nodes) as u32).collect(),
                tags: {
                    let mut t: Vec<u32> = (0..rng.below(4)).map(|_| rng.below(6) as u32).collect();
                    t.sort_unstable();
                    t.dedup();
                    t
                },
                page: rng.below(4) == 0,
            })
            .collect();
        // None, one or two values of a facet.
        let pick = |rng: &mut Rng, n: usize| -> Vec<FacetChoice> {
            (0..rng.below(4).min(2))
                .map(|_| {
                    let id = rng.below(n) as u32;
                    FacetChoice::new(id, id.to_string())
                })
                .collect()
        };
        let year = [None, Some(2021 + rng.below(3) as i32)][rng.below(3).min(1)];
        let bound =
            |rng: &mut Rng| [None, Some(18_800 + rng.below(800) as i64)][rng.below(3).min(1)];
        let filter = Filter {
            kind: [None, Some(Kind::Post), Some(Kind::Page)][rng.below(3)],
            categories: pick(&mut rng, nodes),
            authors: pick(&mut rng, 4),
            tags: pick(&mut rng, 6),
            year,
            month: year.and([None, Some(1 + rng.below(12) as u32)][rng.below(2)]),
            dates: DateRange {
                first: bound(&mut rng),
                last: bound(&mut rng),
            },
            ..Filter::default()
        };
        let text: Option<Vec<u32>> = (rng.below(2) == 0).then(|| {
            (0..docs.len() as u32)
                .filter(|_| rng.below(2) == 0)
                .collect()
        });
        // Cut into parts at a random place, as segments are.
        let cut = rng.below(docs.len() + 1);
        let (a, b) = (columns(&docs[..cut]), columns(&docs[cut..]));
        let parts = [
            ColumnsPart {
                first: 0,
                columns: &a,
            },
            ColumnsPart {
                first: cut as u32,
                columns: &b,
            },
        ];
        let got = filter.count(
            &parts,
            text.as_deref(),
            FacetShape {
                authors: 4,
                tags: 6,
                parents: &parents,
            },
        );
        let want = brute_force(&filter, &docs, text.as_deref(), &parents);
        assert_eq!(got, want, "round {round}: {filter:?}, parents {parents:?}");
    }
}

#[test]
fn ancestors_walk_up_and_stop_on_a_malformed_table() {
    let walk = |parents: &[u32], c| ancestors(parents, c).collect::<Vec<u32>>();
    assert_eq!(walk(&PARENTS, 2), [2, 1, 0]);
    assert_eq!(walk(&PARENTS, 3), [3]);
    assert_eq!(walk(&PARENTS, 9), [] as [u32; 0]);
    // A parent that is not lower (a cycle) ends the walk.
    assert_eq!(walk(&[2, 1, 2], 1), [1, 0]);
    assert_eq!(walk(&[0, 2], 1), [1]);
}

#[test]
fn sort_orders_numbers_and_keeps_the_engines_order_for_relevance() {
    assert_eq!(Sort::Relevance.apply(vec![2, 0, 1]), [2, 0, 1]);
    assert_eq!(Sort::Newest.apply(vec![2, 0, 1]), [2, 1, 0]);
    assert_eq!(Sort::Oldest.apply(vec![2, 0, 1]), [0, 1, 2]);
}

#[test]
fn sort_cycles_through_best_match_only_when_searching() {
    assert_eq!(Sort::Relevance.next(true), Sort::Newest);
    assert_eq!(Sort::Newest.next(true), Sort::Oldest);
    assert_eq!(Sort::Oldest.next(true), Sort::Relevance);
    assert_eq!(Sort::Relevance.next(false), Sort::Oldest);
    assert_eq!(Sort::Oldest.next(false), Sort::Relevance);
}

#[test]
fn the_list_text_holds_every_name_and_matches_every_word() {
    let row = Row {
        slug: "kuaishou".into(),
        title: "共享芬芳、快手与中国残疾人事业".into(),
        author: Some("IT 之家".into()),
        categories: vec![vec!["新媒体".into(), "IT 之家".into()]],
        tags: vec!["Rust".into()],
        excerpt: "Exchange 2022".into(),
        ..Row::default()
    };
    let text = list_text(&row);
    let cases: &[(&str, bool)] = &[
        ("", true),
        ("快手", true),
        ("残疾 exchange", true),
        ("RUST", true),
        ("新媒体 it", true),
        ("之家 2022", true),
        ("browser 快手", false),
        ("kuaishou", false),
    ];
    for &(words, want) in cases {
        assert_eq!(
            Filter::text(words).matches_list_text(&text),
            want,
            "{words:?}"
        );
    }
}

#[test]
fn emptiness_and_clearing() {
    assert!(Filter::text("   ").is_empty());
    assert!(!Filter::text("x").is_empty());
    assert!(!Filter {
        tags: vec![FacetChoice::new(1, "rust")],
        ..Filter::default()
    }
    .is_empty());
    let q = ListQuery {
        tag: vec!["rust".into()],
        sort: Sort::Oldest,
        q: "x".into(),
        ..ListQuery::default()
    };
    assert_eq!(
        q.cleared(),
        ListQuery {
            sort: Sort::Oldest,
            ..ListQuery::default()
        }
    );
}

#[test]
fn civil_dates_and_column_days() {
    assert_eq!(civil_date(0), (1970, 1, 1));
    assert_eq!(civil_date(JUL_2022), (2022, 7, 19));
    assert_eq!(civil_date(951_782_400), (2000, 2, 29));
    assert_eq!(civil_date(-86_400), (1969, 12, 31));
    assert_eq!(YearMonth::of_day(0), None);
    assert_eq!(
        YearMonth::of_day(1),
        Some(YearMonth {
            year: 1970,
            month: 1
        })
    );
    assert_eq!(
        YearMonth::of_day(day(JUL_2022)),
        Some(YearMonth {
            year: 2022,
            month: 7
        })
    );
}

fn names(path: &[&str]) -> Vec<String> {
    path.iter().map(|s| s.to_string()).collect()
}

#[test]
fn list_queries_name_their_facet_values() {
    let full = ListQuery {
        q: "快手 rust & a+b=c/d?".into(),
        kind: Some(Kind::Page),
        cat: vec![names(&["新媒体", "IT 之家"])],
        author: vec!["IT 之家".into()],
        tag: vec!["c++".into(), "rust".into()],
        y: Some(2022),
        m: Some(7),
        from: DatePoint::parse("2021-03"),
        to: DatePoint::parse("2022-07-19"),
        sort: Sort::Oldest,
        show: None,
    };
    let text = full.to_query_string();
    assert_eq!(
        text,
        "q=%E5%BF%AB%E6%89%8B+rust+%26+a%2Bb%3Dc%2Fd%3F&kind=page\
         &cat=%E6%96%B0%E5%AA%92%E4%BD%93%2FIT+%E4%B9%8B%E5%AE%B6\
         &author=IT+%E4%B9%8B%E5%AE%B6&tag=c%2B%2B&tag=rust&y=2022&m=7\
         &from=2021-03&to=2022-07-19&sort=old"
    );
    assert_eq!(ListQuery::parse(&text), Some(full));
    assert_eq!(ListQuery::default().to_query_string(), "");

    let read = |q: &str| ListQuery::parse(q);
    let cases: &[(&str, Option<ListQuery>)] = &[
        ("", Some(ListQuery::default())),
        (
            "author=IT%20之家&tag=rust&cat=新媒体/IT%20之家",
            Some(ListQuery {
                author: vec!["IT 之家".into()],
                tag: vec!["rust".into()],
                cat: vec![names(&["新媒体", "IT 之家"])],
                ..ListQuery::default()
            }),
        ),
        // Empty values and unknown parameters are ignored; numbers must be numbers.
        ("author=&cat=&tag=&x=1&sort=", Some(ListQuery::default())),
        ("y=twenty", None),
        ("q=a&q=b", None),
        ("from=2024-13", None),
        ("to=24", None),
        ("from=2024&from=2025", None),
        (
            "tag=a&tag=b&author=x&author=y",
            Some(ListQuery {
                tag: vec!["a".into(), "b".into()],
                author: vec!["x".into(), "y".into()],
                ..ListQuery::default()
            }),
        ),
        (
            "sort=new",
            Some(ListQuery {
                sort: Sort::Newest,
                ..ListQuery::default()
            }),
        ),
        (
            "sort=sideways&y=-44&m=3",
            Some(ListQuery {
                y: Some(-44),
                m: Some(3),
                ..ListQuery::default()
            }),
        ),
    ];
    for (query, want) in cases {
        assert_eq!(read(query), *want, "{query:?}");
    }
    // A month counts only with a year, and only 1–12.
    assert_eq!(read("m=7").unwrap().month(), None);
    assert_eq!(read("y=2022&m=13").unwrap().month(), None);
    assert_eq!(read("y=2022&m=12").unwrap().month(), Some(12));
}

#[test]
fn category_paths_escape_slashes_inside_names() {
    let cases: &[(&[&str], &str)] = &[
        (
            &["新媒体", "IT 之家", "分类资讯"],
            "新媒体/IT 之家/分类资讯",
        ),
        (&["A/B testing", "Tools"], "A\\/B testing/Tools"),
        (&["back\\slash", "x"], "back\\\\slash/x"),
        (&["/"], "\\/"),
        (&["", ""], "/"),
    ];
    for (path, param) in cases {
        assert_eq!(category_param(&names(path)), *param);
        assert_eq!(parse_category_param(param), names(path), "{param:?}");
    }
    // A backslash at the end stands for itself; one before another character keeps it.
    assert_eq!(parse_category_param("a\\"), names(&["a\\"]));
    assert_eq!(parse_category_param("\\a/b"), names(&["a", "b"]));
    // Any path survives the URL both ways.
    let mut rng = Rng::new(3);
    for _ in 0..500 {
        let path: Vec<String> = (0..1 + rng.below(3))
            .map(|_| {
                (0..1 + rng.below(5))
                    .map(|_| *rng.pick(&['a', '/', '\\', '之', ' ', '&']))
                    .collect()
            })
            .collect();
        let query = ListQuery {
            cat: vec![path],
            ..ListQuery::default()
        };
        assert_eq!(ListQuery::parse(&query.to_query_string()), Some(query));
    }
}

#[test]
fn clauses_are_one_per_facet_and_a_year_is_its_months() {
    let tokens =
        |f: &Filter| -> Vec<Vec<String>> { f.clauses(&[]).into_iter().map(|c| c.tokens).collect() };
    assert!(tokens(&Filter::text("rust")).is_empty());
    let all = Filter {
        categories: vec![FacetChoice::new(5, "新媒体\u{1f}IT 之家")],
        authors: vec![FacetChoice::new(17, "Zed"), FacetChoice::new(2, "Ann")],
        tags: vec![FacetChoice::new(3, "rust")],
        year: Some(2024),
        ..Filter::text("rust")
    };
    let months: Vec<String> = (1..=12).map(|m| format!("\u{1}m2024{m:02}")).collect();
    assert_eq!(
        tokens(&all),
        [
            vec!["\u{1}c新媒体\u{1f}IT 之家".to_string()],
            vec!["\u{1}aZed".to_string(), "\u{1}aAnn".to_string()],
            vec!["\u{1}trust".to_string()],
            months
        ]
    );
    let july = Filter {
        year: Some(2024),
        month: Some(7),
        ..Filter::default()
    };
    assert_eq!(tokens(&july), [vec!["\u{1}m202407".to_string()]]);
}

#[test]
fn dates_read_a_year_a_month_or_a_day() {
    let d = |s: &str| DatePoint::parse(s);
    for bad in [
        "",
        "24",
        "2024-7",
        "2024-00",
        "2024-13",
        "2023-02-29",
        "2024--01",
        "2024-01-01-1",
        "x",
    ] {
        assert_eq!(d(bad), None, "{bad:?}");
    }
    let leap = d("2024-02-29").unwrap();
    assert_eq!(leap.to_string(), "2024-02-29");
    assert_eq!((leap.first_day(), leap.last_day()), (19_782, 19_782));
    let year = d("2024").unwrap();
    assert_eq!(days_from_civil(2024, 1, 1), year.first_day());
    assert_eq!(year.last_day() - year.first_day(), 365);
    assert_eq!(
        d("2023-02").unwrap().last_day(),
        days_from_civil(2023, 2, 28)
    );
    for days in [-800_000i64, -1, 0, 1, 19_192, 60_000] {
        let (y, m, dd) = civil_date(days * 86_400);
        assert_eq!(days_from_civil(y, m, dd), days);
    }
}

#[test]
fn text_lang_follows_the_script() {
    for (text, lang) in [
        ("残疾人 rust 入门", Some("zh")),
        ("Rust の入門", Some("ja")),
        ("러스트 입문", Some("ko")),
        ("Getting started with Rust", Some("en")),
        ("Καλημέρα κόσμε", None),
        ("2024 — 42", None),
    ] {
        assert_eq!(text_lang(text), lang, "{text}");
    }
}

#[test]
fn fields_of_the_box_join_the_address_values() {
    let query = ListQuery {
        q: "rust author:Ferris tag:wasm cat:新媒体/IT before:2022-07 after:2021 title:x".into(),
        author: vec!["IT 之家".into()],
        from: DatePoint::parse("2021-06"),
        ..ListQuery::default()
    };
    let wanted = query.wanted();
    assert_eq!(wanted.authors, ["IT 之家", "Ferris"]);
    assert_eq!(wanted.tags, ["wasm"]);
    assert_eq!(wanted.categories, [names(&["新媒体", "IT"])]);
    // after:2021 is from 2022-01-01; before:2022-07 up to 2022-06-30; from 2021-06 is wider.
    assert_eq!(
        wanted.dates,
        DateRange {
            first: Some(days_from_civil(2022, 1, 1)),
            last: Some(days_from_civil(2022, 6, 30)),
        }
    );
    assert!(wanted.bad_dates.is_empty());
    let bad = ListQuery {
        q: "before:soon".into(),
        ..ListQuery::default()
    };
    assert_eq!(bad.wanted().bad_dates, ["soon"]);
    assert_eq!(
        Filter::text("rust author:\"x y\" tag:y title:z")
            .terms()
            .collect::<Vec<_>>(),
        ["rust", "z"]
    );
}

#[test]
fn a_date_range_is_whole_months_and_the_days_of_the_others() {
    let months: Vec<MonthCount> = [(2024, 1), (2024, 2), (2024, 3), (2024, 5)]
        .iter()
        .map(|&(y, m)| MonthCount { y, m, n: 1 })
        .collect();
    let range = |first: Option<&str>, last: Option<&str>| DateRange {
        first: first.map(|f| DatePoint::parse(f).unwrap().first_day()),
        last: last.map(|l| DatePoint::parse(l).unwrap().last_day()),
    };
    assert_eq!(
        range(Some("2024-02-27"), Some("2024-03")).tokens(&months),
        [
            "\u{1}d20240227",
            "\u{1}d20240228",
            "\u{1}d20240229",
            "\u{1}m202403"
        ]
    );
    assert_eq!(
        range(None, Some("2024-01-02")).tokens(&months),
        ["\u{1}d20240101", "\u{1}d20240102"]
    );
    assert_eq!(
        range(Some("2024-03"), None).tokens(&months),
        ["\u{1}m202403", "\u{1}m202405"]
    );
    assert!(range(Some("2024-04"), Some("2024-04"))
        .tokens(&months)
        .is_empty());
    assert!(range(Some("2025"), Some("2023")).tokens(&months).is_empty());
    // A range with no month of articles is a clause no article matches.
    let none = Filter {
        dates: range(Some("2030"), None),
        ..Filter::default()
    };
    assert_eq!(none.clauses(&months), [Clause { tokens: vec![] }]);
}

#[test]
fn show_is_kept_in_the_address() {
    let q = ListQuery::parse("q=rust&show=unread").expect("parses");
    assert_eq!(q.show, Some(Shown::Unread));
    assert_eq!(q.to_query_string(), "q=rust&show=unread");
    let starred = ListQuery::parse("show=starred").expect("parses");
    assert_eq!(starred.to_query_string(), "show=starred");
    assert_eq!(ListQuery::parse("show=nonsense").map(|q| q.show), None);
    assert_eq!(starred.cleared().show, None);
}

#[test]
fn a_date_range_is_kept_in_the_address_as_written() {
    let q = ListQuery::parse("from=2021-07&to=2022-09-03").expect("parses");
    assert_eq!(q.from, DatePoint::parse("2021-07"));
    assert_eq!(q.to, DatePoint::parse("2022-09-03"));
    assert_eq!(q.to_query_string(), "from=2021-07&to=2022-09-03");
    let open = ListQuery::parse("from=2022").expect("parses");
    assert_eq!(open.wanted().dates.last, None);
    assert_eq!(ListQuery::parse("from=2022-13"), None);
    assert_eq!(ListQuery::parse("from=2022-01&from=2022-02"), None);
}

#[test]
fn a_date_range_filters_clauses_and_counts_but_not_the_timeline() {
    let docs = [
        doc(day(MAR_2021), Some(0), &[3], &[]),
        doc(day(JAN_2022), Some(0), &[3], &[]),
        doc(day(JAN_2022), Some(1), &[3], &[]),
        doc(day(JUL_2022), Some(1), &[3], &[]),
    ];
    let cols = columns(&docs);
    let parts = [ColumnsPart {
        first: 0,
        columns: &cols,
    }];
    let query = ListQuery::parse("from=2022-01&to=2022-06").expect("parses");
    let filter = Filter {
        dates: query.wanted().dates,
        ..Filter::default()
    };
    let months: Vec<MonthCount> = [(2021, 3), (2022, 1), (2022, 7)]
        .iter()
        .map(|&(y, m)| MonthCount { y, m, n: 1 })
        .collect();
    assert_eq!(filter.clauses(&months)[0].tokens, ["\u{1}m202201"]);
    let shape = FacetShape {
        authors: 2,
        tags: 0,
        parents: &PARENTS,
    };
    let counts = filter.count(&parts, None, shape);
    assert_eq!(counts.authors, vec![1, 1]);
    // The timeline counts every dated article, whatever the dates chosen, day by day.
    let days: Vec<(u32, u32)> = counts.days.iter().map(|d| (d.day, d.n)).collect();
    assert_eq!(
        days,
        vec![(day(MAR_2021), 1), (day(JAN_2022), 2), (day(JUL_2022), 1)]
    );
}

#[test]
fn the_kind_is_in_the_address_by_name_and_is_a_clause_of_its_own() {
    let query = ListQuery::parse("kind=page&q=help").unwrap();
    assert_eq!(query.kind, Some(Kind::Page));
    assert_eq!(query.to_query_string(), "q=help&kind=page");
    assert_eq!(
        ListQuery::parse("kind=post").unwrap().kind,
        Some(Kind::Post)
    );
    // An unknown kind, or one given twice, is no view: the plain list.
    assert_eq!(ListQuery::parse("kind=poem"), None);
    assert_eq!(ListQuery::parse("kind=post&kind=page"), None);
    let pages = Filter {
        kind: Some(Kind::Page),
        ..Filter::default()
    };
    assert!(pages.has_facets() && !pages.is_empty());
    let tokens: Vec<Vec<String>> = pages.clauses(&[]).into_iter().map(|c| c.tokens).collect();
    assert_eq!(tokens, [vec!["\u{1}kpage".to_string()]]);
}
