//! WASM tests: components rendered by Yew into a real DOM, in headless Chromium
//! (`cargo test --target wasm32-unknown-unknown --lib`; see `.cargo/config.toml`). They live
//! inside the crate because the app's modules are private to it.

use std::rc::Rc;
use std::time::Duration;

use crate::model::{
    Entry, FacetSummary, FacetTable, FacetValue, MonthCount, Row, RowPage, Segment, FORMAT_VERSION,
};
use crate::web::catalog::Catalog;
use crate::web::components::article_item::ArticleItem;
use crate::web::fetch::EntryError;
use crate::web::history::History;
use crate::web::hooks::{Scope, Viewer};
use crate::web::i18n::Lang;
use crate::web::router::Navigator;
use crate::web::state::{Action, Load, State, Theme};
use wasm_bindgen_test::*;
use yew::prelude::*;
use yew::Reducible;

wasm_bindgen_test_configure!(run_in_browser);

fn row() -> Row {
    Row {
        slug: "kuaishou-公益".into(),
        title: "<b>快手</b> 公益合作".into(),
        date: Some(1_658_220_367),
        author: Some("IT 之家".into()),
        categories: vec![vec!["新媒体".into(), "IT 之家".into()]],
        excerpt: "7 月 16 日下午".into(),
        thumb: Some("https://img.example.com/t.jpeg".into()),
        minutes: 3,
        ..Default::default()
    }
}

fn value(id: u32, name: &str, n: u32, parent: Option<u32>) -> FacetValue {
    FacetValue {
        id,
        name: name.into(),
        n,
        parent,
    }
}

fn entry() -> Entry {
    let table = |top: Vec<FacetValue>| FacetTable {
        values: top.len() as u32,
        top,
        pages: vec!["00000000000000f1".into()],
        names: vec!["00000000000000f2".into()],
    };
    Entry {
        version: FORMAT_VERSION,
        articles: 1,
        title: None,
        lang: None,
        feeds: None,
        newest: "00000000000000a0".into(),
        pinned: vec![],
        directory: "00000000000000d0".into(),
        segments: vec![Segment {
            docs: 1,
            columns: vec!["00000000000000c0".into()],
        }],
        search: "0000000000000050".into(),
        text: true,
        lookup: "0000000000000010".into(),
        lookup_newest: vec![],
        facets: FacetSummary {
            authors: table(vec![value(0, "IT 之家", 1, None)]),
            tags: table(vec![]),
            categories: table(vec![
                value(0, "新媒体", 1, None),
                value(1, "IT 之家", 1, Some(0)),
            ]),
            months: vec![MonthCount {
                y: 2022,
                m: 7,
                n: 1,
            }],
            pages: 0,
        },
    }
}

fn catalog() -> Rc<Catalog> {
    Rc::new(Catalog::new(entry(), "data/".into()))
}

/// The app reads bundle files with miniserde (see `crate::model`), the bundler writes them with
/// serde: the seeds' entry as the bundler wrote it (the snapshot `tests/suite/snapshots.rs` keeps)
/// reads the same both ways.
#[wasm_bindgen_test]
fn the_app_reads_the_entry_the_bundler_writes() {
    let snap = include_str!("../../tests/suite/snapshots/suite__snapshots__seeds_entry.snap");
    let json = snap.splitn(3, "---\n").nth(2).expect("an insta snapshot");
    let app: crate::model::Entry = crate::web::fetch::read_json(json).expect("the app reads it");
    let serde: crate::model::Entry = serde_json::from_str(json).unwrap();
    assert_eq!(app, serde);
    // The newest rows are a row page of their own (format 9), named by its hash.
    assert_eq!(app.newest.len(), 16);
}

/// The same for the other files, empty options and lists included: what serde writes reads back
/// the same.
#[wasm_bindgen_test]
fn the_app_reads_the_files_the_bundler_writes() {
    fn same<T>(value: T)
    where
        T: serde::Serialize + miniserde::Deserialize + PartialEq + std::fmt::Debug,
    {
        let json = serde_json::to_string(&value).unwrap();
        let read: T = crate::web::fetch::read_json(&json).expect("the app reads it");
        assert_eq!(read, value, "{json}");
    }
    same(entry());
    same(RowPage {
        rows: vec![row(), Row::default()],
    });
}

#[wasm_bindgen_test]
fn bundle_files_of_another_version_or_shape_say_so() {
    let old = crate::web::fetch::read_json::<Entry>(r#"{"version":3,"articles":[{"slug":"a"}]}"#);
    assert_eq!(
        old.unwrap_err(),
        format!("it has format version 3, this viewer reads version {FORMAT_VERSION}")
    );
    for syntax in [r#"{"version": 7, "articles": ["#, ""] {
        let said = crate::web::fetch::read_json::<Entry>(syntax).unwrap_err();
        assert!(
            said.starts_with("it is not valid JSON (SyntaxError: "),
            "{said}"
        );
    }
    let current = format!(r#"{{"version": {FORMAT_VERSION}, "articles": []}}"#);
    for shape in [r#"{"articles": []}"#, current.as_str()] {
        assert_eq!(
            crate::web::fetch::read_json::<Entry>(shape).unwrap_err(),
            format!(
                "it is JSON, but not of format version {FORMAT_VERSION} (a field is missing or \
                 of another type)"
            ),
            "{shape:?}"
        );
    }
    assert_eq!(
        Lang::En.other_version(10, FORMAT_VERSION),
        "This archive was bundled in format version 10; this viewer reads version 11. Rebuild it \
         with `folio bundle`."
    );
}

#[wasm_bindgen_test]
fn addresses_read_as_url_paths() {
    use crate::web::history::Location;
    let read = |a: &str| {
        let l = Location::parse(a);
        (l.path().to_string(), l.query().to_string(), l.address())
    };
    let own = |p: &str, q: &str, a: &str| (p.to_string(), q.to_string(), a.to_string());
    assert_eq!(read(""), own("/", "", "/"));
    assert_eq!(read("/"), own("/", "", "/"));
    assert_eq!(read("?q=rust"), own("/", "q=rust", "/?q=rust"));
    assert_eq!(
        read("/?q=rust&y=2024"),
        own("/", "q=rust&y=2024", "/?q=rust&y=2024")
    );
    assert_eq!(
        read("/a/kuaishou-公益"),
        own(
            "/a/kuaishou-%E5%85%AC%E7%9B%8A",
            "",
            "/a/kuaishou-%E5%85%AC%E7%9B%8A"
        )
    );
    assert_eq!(read("/a/x/../y"), own("/a/y", "", "/a/y"));
}

#[wasm_bindgen_test]
fn a_memory_history_moves_and_tells_its_listeners() {
    let history = History::memory("/?q=rust");
    assert!(!history.is_hash());
    assert_eq!(history.location().query(), "q=rust");
    let seen = Rc::new(std::cell::RefCell::new(Vec::new()));
    let listener = history.listen({
        let (seen, history) = (seen.clone(), history.clone());
        move || seen.borrow_mut().push(history.location().address())
    });
    history.push("/a/one");
    history.replace("/a/two");
    history.push("/?q=x");
    assert_eq!(*seen.borrow(), ["/a/one", "/a/two", "/?q=x"]);
    drop(listener);
    history.push("/404");
    assert_eq!(seen.borrow().len(), 3, "a dropped listener hears nothing");
    assert_eq!(history.location().path(), "/404");
    assert_eq!(history, history.clone());
    assert_ne!(history, History::memory("/404"));
}

#[derive(Properties, PartialEq)]
struct HostProps {
    catalog: Rc<Catalog>,
    row: Option<Rc<Row>>,
}

#[function_component]
fn Host(props: &HostProps) -> Html {
    let scope = Scope {
        navigator: Some(Navigator::new(History::hash())),
        ..Scope::default()
    };
    html! {
        <ContextProvider<Viewer> context={Viewer { state: None, scope }}>
            <ol><ArticleItem catalog={props.catalog.clone()} number={0} row={props.row.clone()} at={0} lang={Lang::Zh} /></ol>
        </ContextProvider<Viewer>>
    }
}

async fn render(catalog: Rc<Catalog>, row: Option<Rc<Row>>) -> web_sys::Element {
    let document = gloo_document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<Host>::with_root_and_props(root.clone(), HostProps { catalog, row }).render();
    yew::platform::time::sleep(Duration::from_millis(20)).await;
    root
}

fn gloo_document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

#[wasm_bindgen_test]
async fn article_item_renders_title_as_text_with_link_meta_and_safe_thumbnail() {
    let root = render(catalog(), Some(Rc::new(row()))).await;
    let link = root
        .query_selector(".folio-item-title a")
        .unwrap()
        .expect("title link");
    assert_eq!(link.text_content().unwrap(), "<b>快手</b> 公益合作");
    assert!(
        root.query_selector(".folio-item-title b")
            .unwrap()
            .is_none(),
        "title must be text, not HTML"
    );
    let href = link.get_attribute("href").unwrap();
    assert!(href.starts_with("#/a/"), "{href}");
    let img = root
        .query_selector(".folio-thumb img")
        .unwrap()
        .expect("thumbnail");
    assert_eq!(
        img.get_attribute("referrerpolicy").as_deref(),
        Some("no-referrer")
    );
    assert_eq!(img.get_attribute("loading").as_deref(), Some("lazy"));
    let meta = root
        .query_selector(".folio-meta")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert!(
        meta.contains("IT 之家") && meta.contains("新媒体 › IT 之家") && meta.contains("2022"),
        "{meta}"
    );
    let time = root.query_selector("time").unwrap().unwrap();
    assert_eq!(
        time.get_attribute("datetime").as_deref(),
        Some("2022-07-19T08:46:07.000Z")
    );
}

#[wasm_bindgen_test]
fn reducer_transitions() {
    let state = Rc::new(State::new("data/".into(), Some(Lang::En), None));
    assert_eq!(state.load, Load::Loading);
    let boom = EntryError::Other("boom".into());
    let failed = state.clone().reduce(Action::Failed(boom.clone()));
    assert_eq!(failed.load, Load::Failed(boom));
    let retry = failed.reduce(Action::Retry);
    assert_eq!((retry.load.clone(), retry.attempt), (Load::Loading, 1));
    let loaded = retry.reduce(Action::Loaded(catalog()));
    assert!(matches!(loaded.load, Load::Ready(_)));
    assert_eq!(loaded.attempt, 1);
    let zh = loaded.clone().reduce(Action::SetLang(Lang::Zh));
    assert_eq!(zh.lang, Lang::Zh);
    // A no-op action returns the same Rc, so Yew skips the render.
    let same = zh.clone().reduce(Action::SetLang(Lang::Zh));
    assert!(Rc::ptr_eq(&zh, &same));
    let dark = same.reduce(Action::SetTheme(Theme::Dark));
    assert_eq!(dark.theme.attribute(), Some("dark"));
}

#[wasm_bindgen_test]
fn the_bundles_language_is_the_uis_until_the_host_or_the_reader_chooses() {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.remove_item("folio-lang").unwrap();
    let zh_site = Rc::new(Catalog::new(
        Entry {
            lang: Some("zh-CN".into()),
            ..entry()
        },
        "data/".into(),
    ));
    let fresh = Rc::new(State::new("data/".into(), None, None));
    assert!(!fresh.lang_chosen);
    let loaded = fresh.reduce(Action::Loaded(zh_site.clone()));
    assert_eq!(loaded.lang, Lang::Zh);
    // A language Folio does not speak leaves the browser's.
    let other = Rc::new(State::new("data/".into(), None, None)).reduce(Action::Loaded(Rc::new(
        Catalog::new(
            Entry {
                lang: Some("fr".into()),
                ..entry()
            },
            "data/".into(),
        ),
    )));
    assert_eq!(other.lang, Lang::browser());
    // The host's choice, or the reader's, wins over the bundle's; back to `auto`, the bundle's.
    let host = Rc::new(State::new("data/".into(), Some(Lang::En), None))
        .reduce(Action::Loaded(zh_site.clone()));
    assert_eq!(host.lang, Lang::En);
    let auto = host.reduce(Action::DefaultLang);
    assert_eq!((auto.lang, auto.lang_chosen), (Lang::Zh, false));
    storage.set_item("folio-lang", "en").unwrap();
    let reader = Rc::new(State::new("data/".into(), None, None)).reduce(Action::Loaded(zh_site));
    assert_eq!((reader.lang, reader.lang_chosen), (Lang::En, true));
    storage.remove_item("folio-lang").unwrap();
}

#[wasm_bindgen_test]
fn a_host_pointing_the_viewer_elsewhere_loads_the_other_bundle() {
    let loaded = Rc::new(State::new(
        "data/".into(),
        Some(Lang::Zh),
        Some(Theme::Dark),
    ))
    .reduce(Action::Loaded(catalog()));
    assert!(matches!(loaded.load, Load::Ready(_)));
    let same = loaded.clone().reduce(Action::SetData("data/".into()));
    assert!(Rc::ptr_eq(&loaded, &same));
    let moved = same.reduce(Action::SetData("other/".into()));
    assert_eq!(
        (moved.data.as_str(), &moved.load, moved.attempt),
        ("other/", &Load::Loading, 1)
    );
    // Language and theme stay; the first bundle's entry, arriving late, is not the new one's.
    assert_eq!((moved.lang, moved.theme), (Lang::Zh, Theme::Dark));
    let late = moved.clone().reduce(Action::Loaded(catalog()));
    assert!(Rc::ptr_eq(&moved, &late));
}

#[wasm_bindgen_test]
fn host_attributes_name_languages_and_themes() {
    let tags = ["zh-CN", "zh", "ZH-tw", "en", "en-GB", "auto", "fr", ""];
    let read: Vec<_> = tags.iter().map(|t| Lang::tagged(t)).collect();
    let (zh, en) = (Some(Lang::Zh), Some(Lang::En));
    assert_eq!(read, [zh, zh, zh, en, en, None, None, None]);
    let themes: Vec<_> = ["light", "dark", "system", "Dark", ""]
        .iter()
        .map(|t| Theme::named(t))
        .collect();
    let expected = [Some(Theme::Light), Some(Theme::Dark), Some(Theme::System)];
    assert_eq!(themes, [expected[0], expected[1], expected[2], None, None]);
}

#[wasm_bindgen_test]
fn counts_numbers_and_dates_follow_the_language() {
    assert_eq!(Lang::En.count(31, 31), "31 articles");
    assert_eq!(Lang::En.count(1234, 12345), "1,234 of 12,345 articles");
    assert_eq!(Lang::Zh.count(5, 31), "31 篇中的 5 篇");
    assert_eq!(Lang::Zh.count(31, 31), "共 31 篇文章");
    assert_eq!(Lang::En.month(2022, 7), "Jul 2022");
    assert_eq!(Lang::Zh.month(2022, 7), "2022年7月");
    assert_eq!(Lang::En.date(1_658_220_367, false), "Jul 19, 2022");
    assert_eq!(Lang::Zh.date(1_658_220_367, false), "2022年7月19日");
    // A day without a time is that day wherever the reader is.
    assert_eq!(Lang::En.date(1_658_188_800, true), "Jul 19, 2022");
    assert_eq!(
        crate::web::i18n::iso_date(1_658_188_800, true),
        "2022-07-19"
    );
    let yesterday = (js_sys::Date::now() / 1000.0) as i64 - 86_400 - 60;
    assert_eq!(Lang::En.date(yesterday, false), "yesterday");
    assert_eq!(Lang::Zh.date(yesterday, false), "昨天");
}

/// `Lang::date` formats without `Intl` (first-view time); it must say what `Intl` says, in the
/// reader's time zone, for old dates and for the last week's relative ones.
#[wasm_bindgen_test]
fn dates_say_what_intl_says() {
    use wasm_bindgen::JsValue;
    let now = (js_sys::Date::now() / 1000.0) as i64;
    for lang in [Lang::En, Lang::Zh] {
        let options = js_sys::Object::new();
        for (k, v) in [("year", "numeric"), ("month", "short"), ("day", "numeric")] {
            js_sys::Reflect::set(&options, &k.into(), &v.into()).unwrap();
        }
        let locales = js_sys::Array::of1(&lang.texts().code.into());
        let format = js_sys::Intl::DateTimeFormat::new(&locales, &options).format();
        let intl_date = |secs: i64| {
            let date = js_sys::Date::new(&JsValue::from_f64(secs as f64 * 1000.0));
            format
                .call1(&JsValue::NULL, &date)
                .unwrap()
                .as_string()
                .unwrap()
        };
        // 1900 to 2100 in steps of 37 h 13 min, so every hour of the day and month ends come up.
        let mut secs = -2_208_988_800;
        while secs < 4_102_444_800 {
            if now - secs >= 8 * 86_400 || secs > now {
                assert_eq!(lang.date(secs, false), intl_date(secs), "{secs}");
            }
            secs += 37 * 3600 + 13 * 60 + 7;
        }
        let options = js_sys::Object::new();
        js_sys::Reflect::set(&options, &"numeric".into(), &"auto".into()).unwrap();
        let relative = js_sys::Intl::RelativeTimeFormat::new(&locales, &options);
        for days in 0..7 {
            let secs = now - days * 86_400 - 60;
            assert_eq!(
                lang.date(secs, false),
                String::from(relative.format(-(days as f64), "day")),
                "{days} days"
            );
        }
    }
}

#[wasm_bindgen_test]
fn post_asset_urls_point_into_the_bundle() {
    use crate::web::fetch::{image_url, with_asset_urls};
    let html = "<p><img src=\"m/3f/3f09a4c1d2e5b687.png\" alt=\"a\"> \
                <a href=\"m/0a/0a09a4c1d2e5b687.pdf\" rel=\"x\">pdf</a> \
                text with =\"m/3f/3f09a4c1d2e5b687.png\" and \
                <img src=\"m/zz/not-an-asset.png\"></p>";
    assert_eq!(
        with_asset_urls(html, "https://example.org/archive/"),
        "<p><img src=\"https://example.org/archive/m/3f/3f09a4c1d2e5b687.png\" alt=\"a\"> \
         <a href=\"https://example.org/archive/m/0a/0a09a4c1d2e5b687.pdf\" rel=\"x\">pdf</a> \
         text with =\"m/3f/3f09a4c1d2e5b687.png\" and \
         <img src=\"m/zz/not-an-asset.png\"></p>"
    );
    assert_eq!(
        image_url("m/3f/3f09a4c1d2e5b687.png", "data/"),
        "data/m/3f/3f09a4c1d2e5b687.png"
    );
    assert_eq!(
        image_url("https://a.example/t.png", "data/"),
        "https://a.example/t.png"
    );
}

#[wasm_bindgen_test]
fn routes_are_recognized_as_the_derive_did() {
    use crate::web::router::Route;
    let article = |s: &str| Route::Article { slug: s.into() };
    let cases = [
        ("/", Route::List),
        ("", Route::List),
        ("/a/hello-world", article("hello-world")),
        ("/a/hello-world/", article("hello-world")),
        // A link between articles names an anchor after the route.
        ("/a/hello-world#a-setup", article("hello-world")),
        ("/a/x%20y", article("x y")),
        ("/a/v1.2", article("v1.2")),
        ("/a/", Route::NotFound),
        ("/a/x/y", Route::NotFound),
        ("/a/%FF", Route::NotFound),
        // A broken escape stays as it is, and `+` is no space (a path, not a form).
        ("/a/50%25%4g+", article("50%%4g+")),
        ("/a/%E4%B8%AD%e6%96%87", article("中文")),
        ("//a/x", Route::NotFound),
        ("/a", Route::NotFound),
        ("/404", Route::NotFound),
        ("/elsewhere", Route::NotFound),
    ];
    for (path, want) in cases {
        assert_eq!(Route::recognize(path), want, "{path}");
    }
    let route = Route::Article {
        slug: "x y/z".into(),
    };
    assert_eq!(route.to_path(), "/a/x%20y%2Fz");
    assert_eq!(Route::recognize(&route.to_path()), route);
    // Unreserved characters stay, everything else is escaped (model::article_path, as the
    // bundler spells links between articles).
    let route = article("a-b.c_d~e+f'中");
    assert_eq!(route.to_path(), "/a/a-b.c_d~e%2Bf%27%E4%B8%AD");
    assert_eq!(Route::recognize(&route.to_path()), route);
    assert_eq!(Route::List.to_path(), "/");
}

#[wasm_bindgen_test]
async fn a_row_whose_page_is_on_its_way_is_a_placeholder() {
    let root = render(catalog(), None).await;
    let item = root.query_selector(".folio-item").unwrap().expect("a row");
    assert!(item.class_list().contains("folio-item-loading"));
    assert_eq!(item.get_attribute("aria-busy").as_deref(), Some("true"));
    assert!(root.query_selector(".folio-item-title").unwrap().is_none());
}

#[wasm_bindgen_test]
fn listings_count_and_find_articles_by_number() {
    use crate::web::catalog::{Listing, PinnedFirst};
    let newest = Listing::Newest(5);
    assert_eq!(
        (newest.len(), newest.get(0), newest.get(4), newest.get(5)),
        (5, Some(4), Some(0), None)
    );
    assert_eq!(
        (newest.position(4), newest.position(0), newest.position(5)),
        (Some(0), Some(4), None)
    );
    let oldest = Listing::Oldest(5);
    assert_eq!(
        (oldest.get(0), oldest.get(4), oldest.get(5)),
        (Some(0), Some(4), None)
    );
    assert_eq!(oldest.position(3), Some(3));
    let hits = Listing::Hits(Rc::new(vec![7, 2, 9]));
    assert_eq!(
        (hits.len(), hits.get(1), hits.position(9), hits.position(3)),
        (3, Some(2), Some(2), None)
    );
    // Pinned 2, 6 and 9 (in that order) of ten: then 8, 7, 5, 4, 3, 1, 0.
    let pinned = Listing::Pinned(Rc::new(PinnedFirst::new(10, vec![2, 6, 9])));
    let order: Vec<u32> = (0..pinned.len()).filter_map(|i| pinned.get(i)).collect();
    assert_eq!(order, [2, 6, 9, 8, 7, 5, 4, 3, 1, 0]);
    assert_eq!(pinned.get(10), None);
    for (at, &number) in order.iter().enumerate() {
        assert_eq!(pinned.position(number), Some(at), "{number}");
    }
    assert_eq!(pinned.pinned(), 3);
}

#[wasm_bindgen_test]
async fn names_in_addresses_resolve_through_the_entry_else_the_lookup() {
    use crate::query::{FacetChoice, ListQuery};
    use crate::web::on_demand;
    use crate::web::store::Needs;
    let catalog = catalog();
    let query =
        ListQuery::parse("author=IT%20之家&cat=新媒体/IT%20之家&y=2022&m=7&q=rust%20author:nobody")
            .unwrap();
    // The box's fields are the search engine's to read: until it is loaded (by an earlier test
    // or here), the filter waits for it.
    if on_demand::search_engine().is_none() {
        let mut needs = Needs::default();
        assert!(catalog.resolve(&query, &mut needs).is_none());
        let wants: Vec<&str> = needs.wants.iter().map(|w| w.path.as_str()).collect();
        assert_eq!(wants, ["wasm:search"]);
    }
    on_demand::load_search().await.unwrap();
    let mut needs = Needs::default();
    let resolved = catalog
        .resolve(&query, &mut needs)
        .expect("the entry has both");
    assert!(needs.is_empty());
    assert_eq!(resolved.unknown, ["nobody"]);
    let f = resolved.filter;
    assert_eq!(
        (f.authors, f.categories, f.year, f.month, f.text.as_str()),
        // The box's author joins the address's; a name the bundle lacks is no article's.
        (
            vec![
                FacetChoice::new(0, "IT 之家"),
                FacetChoice::new(crate::query::NO_ID, "nobody")
            ],
            vec![FacetChoice::new(1, "新媒体\u{1f}IT 之家")],
            Some(2022),
            Some(7),
            "rust author:nobody"
        )
    );
    // A name a whole table lacks is no value's; one a larger table lacks is looked up, the
    // lookup's root first.
    let query = ListQuery::parse("tag=nothing").unwrap();
    let resolved = catalog.resolve(&query, &mut needs).expect("no lookup");
    assert_eq!(resolved.unknown, ["nothing"]);
    assert!(needs.is_empty());
    let mut larger = entry();
    larger.facets.tags.values = 100;
    let larger = Catalog::new(larger, "data/".into());
    assert!(larger.resolve(&query, &mut needs).is_none());
    assert_eq!(needs.wants.len(), 1);
    assert_eq!(needs.wants[0].path, "l/00/0000000000000010.bin");
    // The newest articles' rows come from the row page the entry names, not through the
    // directory.
    let mut needs = Needs::default();
    assert!(catalog.row(0, &mut needs).is_none());
    let paths: Vec<&str> = needs.wants.iter().map(|w| w.path.as_str()).collect();
    assert_eq!(paths, ["r/00/00000000000000a0.json"]);
    let mut needs = Needs::default();
    // A body needs the directory's root first (then its chunk).
    assert!(catalog.body(0, &mut needs).is_none());
    assert_eq!(needs.wants[0].path, "d/00/00000000000000d0.bin");
    // An article opened by its address: the directory's root is wanted beside the lookup's
    // root, not after the lookup.
    let mut needs = Needs::default();
    assert_eq!(catalog.number_of("elsewhere", &mut needs), None);
    let paths: Vec<&str> = needs.wants.iter().map(|w| w.path.as_str()).collect();
    assert_eq!(
        paths,
        ["l/00/0000000000000010.bin", "d/00/00000000000000d0.bin"]
    );
    // With a newest part, the newest shard that would hold the slug is wanted beside the
    // settled part's root, in the same round.
    let mut split = entry();
    split.lookup_newest = vec!["00000000000000e0".into(), "00000000000000e1".into()];
    let newest = crate::model::newest_shard_for(&split.lookup_newest, "a:elsewhere")
        .unwrap()
        .to_string();
    let split = Catalog::new(split, "data/".into());
    let mut needs = Needs::default();
    assert_eq!(split.number_of("elsewhere", &mut needs), None);
    let paths: Vec<&str> = needs.wants.iter().map(|w| w.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            format!("l/00/{newest}.bin").as_str(),
            "l/00/0000000000000010.bin",
            "d/00/00000000000000d0.bin"
        ]
    );
    let tree = catalog.known_tree();
    assert_eq!(tree.path(1), ["新媒体", "IT 之家"]);
    assert_eq!(tree.roots, [0]);
}

#[wasm_bindgen_test]
fn a_filtered_facet_shows_its_values_by_count_and_the_chosen_one_wherever_it_ranks() {
    use crate::search::FacetKind;
    use crate::web::store::Needs;
    let mut e = entry();
    let names = ["a", "b", "c", "d", "e", "f"];
    e.facets.tags.top = names
        .iter()
        .enumerate()
        .map(|(i, n)| value(i as u32, n, 1, None))
        .collect();
    e.facets.tags.values = names.len() as u32;
    let catalog = Catalog::new(e, "data/".into());
    let counts = [0, 5, 3, 5, 0, 1];
    let mut needs = Needs::default();
    let shown = |n, selected: &[u32]| {
        let chips = catalog.chips(
            FacetKind::Tag,
            Some(&counts),
            selected,
            n,
            &mut Needs::default(),
        );
        let names: Vec<String> = chips
            .shown
            .iter()
            .map(|c| format!("{}{}", c.name, c.n))
            .collect();
        (names, chips.total)
    };
    assert_eq!(shown(2, &[]), (vec!["b5".to_string(), "d5".into()], 4));
    assert_eq!(shown(3, &[]).0, ["b5", "d5", "c3"]);
    assert_eq!(shown(9, &[]).0, ["b5", "d5", "c3", "f1"]);
    assert_eq!(shown(2, &[5]).0, ["b5", "d5", "f1"]);
    assert_eq!(shown(2, &[4, 5]).0, ["b5", "d5", "e0", "f1"]);
    // Unfiltered, the table's own order and counts.
    let own = catalog.chips(FacetKind::Tag, None, &[], 3, &mut needs);
    assert_eq!((own.shown.len(), own.total), (3, 6));
    assert!(needs.is_empty());
}
