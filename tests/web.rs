//! WASM tests: components rendered by Yew into a real DOM, in headless Chromium
//! (`cargo test --target wasm32-unknown-unknown --test web`; see `.cargo/config.toml`).
#![cfg(target_arch = "wasm32")]

use std::rc::Rc;
use std::time::Duration;

use folio::model::{ArticleSummary, Category, Index, FORMAT_VERSION};
use folio::web::components::article_item::ArticleItem;
use folio::web::history::History;
use folio::web::hooks::Scope;
use folio::web::i18n::Lang;
use folio::web::router::Navigator;
use folio::web::state::{Action, Catalog, Load, State, Theme};
use wasm_bindgen_test::*;
use yew::prelude::*;
use yew::Reducible;

wasm_bindgen_test_configure!(run_in_browser);

fn catalog() -> Rc<Catalog> {
    Rc::new(Catalog::new(
        Index {
            version: FORMAT_VERSION,
            authors: vec!["IT 之家".into()],
            categories: vec![
                Category {
                    name: "新媒体".into(),
                    parent: None,
                },
                Category {
                    name: "IT 之家".into(),
                    parent: Some(0),
                },
            ],
            tags: vec![],
            articles: vec![ArticleSummary {
                slug: "kuaishou-公益".into(),
                title: "<b>快手</b> 公益合作".into(),
                date: Some(1_658_220_367),
                author: Some(0),
                categories: vec![1],
                excerpt: "7 月 16 日下午".into(),
                thumb: Some("https://img.example.com/t.jpeg".into()),
                han: 900,
                words: 10,
                minutes: 3,
                body: "a/0000000000000000.json".into(),
                ..Default::default()
            }],
            search: None,
        },
        0,
    ))
}

/// The app reads bundle files with miniserde (see `folio::model`), the bundler writes them with
/// serde: the seeds' entry as the bundler wrote it (the snapshot `tests/suite/snapshots.rs` keeps)
/// reads the same both ways.
#[wasm_bindgen_test]
fn the_app_reads_the_entry_the_bundler_writes() {
    let snap = include_str!("suite/snapshots/suite__snapshots__seeds_entry.snap");
    let json = snap.splitn(3, "---\n").nth(2).expect("an insta snapshot");
    let app: folio::model::Entry = folio::web::fetch::read_json(json).expect("the app reads it");
    let serde: folio::model::Entry = serde_json::from_str(json).unwrap();
    assert_eq!(app, serde);
    assert!(app.newest.len() > 20);
    // Empty lists are written out, left-out options read as `None`.
    assert!(app.newest.iter().any(|a| a.tags.is_empty()));
    assert!(app.newest.iter().any(|a| a.thumb.is_none()));
}

#[wasm_bindgen_test]
fn bundle_files_of_another_version_or_shape_say_so() {
    let old = folio::web::fetch::read_json::<Index>(r#"{"version":2,"articles":[{"slug":"a"}]}"#);
    assert_eq!(
        old.unwrap_err(),
        format!("it has format version 2, this viewer reads version {FORMAT_VERSION}")
    );
    for syntax in [r#"{"version": 3, "articles": ["#, ""] {
        let said = folio::web::fetch::read_json::<Index>(syntax).unwrap_err();
        assert!(
            said.starts_with("it is not valid JSON (SyntaxError: "),
            "{said}"
        );
    }
    for shape in [r#"{"articles": []}"#, r#"{"version": 3, "articles": 7}"#] {
        assert_eq!(
            folio::web::fetch::read_json::<Index>(shape).unwrap_err(),
            format!(
                "it is JSON, but not of format version {FORMAT_VERSION} (a field is missing or \
                 of another type)"
            ),
            "{shape:?}"
        );
    }
}

#[wasm_bindgen_test]
fn addresses_read_as_url_paths() {
    use folio::web::history::Location;
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
}

#[function_component]
fn Host(props: &HostProps) -> Html {
    let scope = Scope {
        navigator: Some(Navigator::new(History::hash())),
        ..Scope::default()
    };
    html! {
        <ContextProvider<Scope> context={scope}>
            <ol><ArticleItem catalog={props.catalog.clone()} pos={0} row={0} lang={Lang::Zh} /></ol>
        </ContextProvider<Scope>>
    }
}

async fn render(catalog: Rc<Catalog>) -> web_sys::Element {
    let document = gloo_document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<Host>::with_root_and_props(root.clone(), HostProps { catalog }).render();
    yew::platform::time::sleep(Duration::from_millis(20)).await;
    root
}

fn gloo_document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

#[wasm_bindgen_test]
async fn article_item_renders_title_as_text_with_link_meta_and_safe_thumbnail() {
    let root = render(catalog()).await;
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
    let state = Rc::new(State::default());
    assert_eq!(state.load, Load::Loading);
    let failed = state.clone().reduce(Action::Failed("boom".into()));
    assert_eq!(failed.load, Load::Failed("boom".into()));
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
fn counts_numbers_and_dates_follow_the_language() {
    assert_eq!(Lang::En.count(31, 31), "31 articles");
    assert_eq!(Lang::En.count(1234, 12345), "1,234 of 12,345 articles");
    assert_eq!(Lang::Zh.count(5, 31), "31 篇中的 5 篇");
    assert_eq!(Lang::Zh.count(31, 31), "共 31 篇文章");
    assert_eq!(Lang::En.month(2022, 7), "Jul 2022");
    assert_eq!(Lang::Zh.month(2022, 7), "2022年7月");
    assert_eq!(Lang::En.date(1_658_220_367), "Jul 19, 2022");
    assert_eq!(Lang::Zh.date(1_658_220_367), "2022年7月19日");
    let yesterday = (js_sys::Date::now() / 1000.0) as i64 - 86_400 - 60;
    assert_eq!(Lang::En.date(yesterday), "yesterday");
    assert_eq!(Lang::Zh.date(yesterday), "昨天");
}

#[wasm_bindgen_test]
fn routes_are_recognized_as_the_derive_did() {
    use folio::web::router::Route;
    let article = |s: &str| Route::Article { slug: s.into() };
    let cases = [
        ("/", Route::List),
        ("", Route::List),
        ("/a/hello-world", article("hello-world")),
        ("/a/hello-world/", article("hello-world")),
        ("/a/x%20y", article("x y")),
        ("/a/v1.2", article("v1.2")),
        ("/a/", Route::NotFound),
        ("/a/x/y", Route::NotFound),
        ("/a/%FF", Route::NotFound),
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
    assert_eq!(Route::List.to_path(), "/");
}
