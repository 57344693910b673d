//! The facet panel: posts and pages (in a bundle that has pages), category tree, authors, tags
//! and dates, each value with the count it would
//! show given the other active filters (the bundle's own counts until a filter is chosen); the
//! sort order; and one button that clears everything. Author and tag chips add their value to
//! the facet's (any of them matches); the tree chooses one category and walks down it; a
//! from/to pair of fields sets a date range (`from`, `to`). A group with no values is left out;
//! on a narrow screen the panel folds behind a button, so that the list starts on the first
//! screen.
//!
//! Long tails stay usable: a facet shows its first values, and each "more" the next ones (from
//! the entry, then from the facet's pages, one page at a time), never thousands of chips at once.
//!
//! The panel is code of the reader's chunk ([`crate::web::on_demand::FacetsRoute`]): the first
//! screen draws only its place ([`facets_to_come`]), and the chunk comes once that screen is
//! painted.

use std::rc::Rc;

use yew::prelude::*;

use crate::model::MonthCount;
use crate::query::{choice_ids, DatePoint, FacetCounts, Filter, Kind, ListQuery, Sort, YearCount};
use crate::search::FacetKind;
use crate::web::catalog::{Catalog, CategoryTree, Chips};
use crate::web::hooks::{use_files, use_viewer_state, ShownCounts};
use crate::web::i18n::Lang;
use crate::web::store::Needs;

/// Values shown per facet (and per level of the category tree) before "more".
const TOP: usize = 12;

fn top() -> usize {
    TOP
}
/// Values each "more" adds.
const STEP: usize = 48;

#[derive(Properties, PartialEq, Clone)]
pub struct FacetPanelProps {
    pub catalog: Rc<Catalog>,
    /// The view, as its address has it (chips lead to variations of it).
    pub query: ListQuery,
    /// The view with its names resolved.
    pub filter: Filter,
    pub counts: ShownCounts,
    pub lang: Lang,
    /// A new view chosen by the reader.
    pub onchange: Callback<ListQuery>,
}

fn chip(
    label: String,
    count: u32,
    pressed: bool,
    lang: Lang,
    onclick: Callback<MouseEvent>,
) -> Html {
    html! {
        <button type="button" class="folio-chip" aria-pressed={if pressed { "true" } else { "false" }} {onclick}>
            <span class="folio-chip-label">{ label }</span>
            <span class="folio-chip-count">{ lang.number(count as usize) }</span>
        </button>
    }
}

/// "+N" (show `STEP` more) while values are hidden, "−" (back to the first) once more are
/// shown.
fn more_or_less(shown: &UseStateHandle<usize>, total: usize, lang: Lang) -> Html {
    let n = **shown;
    let (more, less) = (shown.clone(), shown.clone());
    html! {
        <>
            if n < total {
                <button type="button" class="folio-more-chips" aria-expanded="false"
                    onclick={Callback::from(move |_| more.set(n + STEP))}>{ format!("+{}", lang.number(total - n)) }</button>
            }
            if n > TOP {
                <button type="button" class="folio-more-chips" aria-expanded="true"
                    onclick={Callback::from(move |_| less.set(TOP))}>{ "−" }</button>
            }
        </>
    }
}

/// Years with their articles, oldest first, from the bundle's months.
fn years_of(months: &[MonthCount]) -> Vec<YearCount> {
    let mut years: Vec<YearCount> = Vec::new();
    for m in months {
        match years.last_mut() {
            Some(last) if last.year == m.y => last.n += m.n,
            _ => years.push(YearCount { year: m.y, n: m.n }),
        }
    }
    years
}

#[function_component]
pub fn FacetPanel(props: &FacetPanelProps) -> Html {
    let state = use_viewer_state().expect("state context");
    let texts = props.lang.texts();
    let (catalog, query, filter, lang) = (&props.catalog, &props.query, &props.filter, props.lang);
    // Initial values as functions, not closures: one instance of Yew's hook per type.
    let authors_shown = use_state(top);
    let tags_shown = use_state(top);
    let level_shown = use_state(top);
    // Narrow screens only: the panel shows once the reader unfolds it.
    let unfolded = use_state(bool::default);
    let choose = |next: ListQuery| {
        let onchange = props.onchange.clone();
        Callback::from(move |_: MouseEvent| onchange.emit(next.clone()))
    };

    let mut needs = Needs::default();
    let (chosen_authors, chosen_tags) = (choice_ids(&filter.authors), choice_ids(&filter.tags));
    let counts: Option<&FacetCounts> = props.counts.counts.as_deref();
    let authors = catalog.chips(
        FacetKind::Author,
        counts.map(|c| c.authors.as_slice()),
        &chosen_authors,
        *authors_shown,
        &mut needs,
    );
    let tags = catalog.chips(
        FacetKind::Tag,
        counts.map(|c| c.tags.as_slice()),
        &chosen_tags,
        *tags_shown,
        &mut needs,
    );
    // The entry holds every top-level node; the rest of a large tree loads once a category is
    // chosen (its children show).
    let category = filter.categories.first().map(|c| c.id);
    let tree = category
        .and_then(|_| catalog.tree(&mut needs))
        .unwrap_or_else(|| catalog.known_tree());
    let (years, months) = match counts {
        Some(c) => (c.years.clone(), c.months.clone()),
        None => {
            let all = &catalog.entry.facets.months;
            let months = all
                .iter()
                .filter(|m| Some(m.y) == filter.year)
                .copied()
                .collect();
            (years_of(all), months)
        }
    };
    let busy = props.counts.busy || needs.pending();
    use_files(&state, &needs);

    let searching = catalog.searches(filter);
    let sort_next = ListQuery {
        sort: query.sort.next(searching),
        ..query.clone()
    };
    let sort_label = match (query.sort, searching) {
        (Sort::Relevance, true) => texts.best_match,
        (Sort::Relevance | Sort::Newest, _) => texts.newest_first,
        (Sort::Oldest, _) => texts.oldest_first,
    };
    let flat = |kind: &'static str,
                title: &'static str,
                chips: &Chips,
                shown: &UseStateHandle<usize>,
                selected: &[u32],
                prefix: &str,
                set: fn(&mut ListQuery) -> &mut Vec<String>|
     -> Html {
        if chips.shown.is_empty() {
            return html! {};
        }
        let id = format!("folio-facet-{kind}");
        html! {
            <section class={classes!("folio-facet", id.clone())} aria-labelledby={id.clone()}>
                <h2 {id}>{ title }</h2>
                <div class="folio-chips">
                    { for chips.shown.iter().map(|c| {
                        let pressed = selected.contains(&c.id);
                        let mut next = query.clone();
                        let values = set(&mut next);
                        if pressed {
                            values.retain(|v| *v != c.name);
                        } else {
                            values.push(c.name.clone());
                        }
                        chip(format!("{prefix}{}", c.name), c.n, pressed, lang, choose(next))
                    }) }
                    { more_or_less(shown, chips.total, lang) }
                </div>
            </section>
        }
    };
    let tree_view = TreeView {
        tree: &tree,
        counts,
        query,
        selected_path: category
            .map(|c| tree.ancestors(c).collect())
            .unwrap_or_default(),
        selected: category,
        shown: &level_shown,
        lang,
        onchange: &props.onchange,
    };
    let open = *unfolded;
    let on_fold = {
        let unfolded = unfolded.clone();
        Callback::from(move |_: MouseEvent| unfolded.set(!*unfolded))
    };
    let has_categories = !tree_view.visible(&tree.roots).is_empty();
    // Posts and pages, in a bundle that has pages (a Hexo site's `about/index.md`).
    let all_pages = catalog.entry.facets.pages;
    let (posts, pages) = match counts {
        Some(c) => (c.posts, c.pages),
        None => (
            catalog.entry.articles - all_pages.min(catalog.entry.articles),
            all_pages,
        ),
    };
    let kind_chip = |kind: Kind, label: &'static str, n: u32| {
        let pressed = filter.kind == Some(kind);
        let next = ListQuery {
            kind: (!pressed).then_some(kind),
            ..query.clone()
        };
        chip(label.to_string(), n, pressed, lang, choose(next))
    };
    html! {
        <>
        <button type="button" class="folio-tool folio-facets-toggle" aria-expanded={if open { "true" } else { "false" }}
            aria-controls="folio-facets" onclick={on_fold}>{ texts.filters }</button>
        <nav id="folio-facets" part="facets" class={classes!("folio-facets", open.then_some("folio-facets-open"))} aria-label={texts.filters} aria-busy={if busy { "true" } else { "false" }}>
            <div class="folio-facet-actions">
                <button type="button" class="folio-sort" onclick={choose(sort_next)}>
                    { sort_label }
                </button>
                if *query != query.cleared() {
                    <button type="button" class="folio-clear" onclick={choose(query.cleared())}>{ texts.clear_all }</button>
                }
            </div>
            if all_pages > 0 {
                <section class="folio-facet folio-facet-kinds" aria-labelledby="folio-facet-kinds">
                    <h2 id="folio-facet-kinds">{ texts.kinds }</h2>
                    <div class="folio-chips">
                        { kind_chip(Kind::Post, texts.posts, posts) }
                        { kind_chip(Kind::Page, texts.pages, pages) }
                    </div>
                </section>
            }
            if has_categories {
                <section class="folio-facet folio-facet-categories" aria-labelledby="folio-facet-categories">
                    <h2 id="folio-facet-categories">{ texts.categories }</h2>
                    { tree_view.level(&tree.roots) }
                </section>
            }
            { flat("authors", texts.authors, &authors, &authors_shown, &chosen_authors, "", |q| &mut q.author) }
            { flat("tags", texts.tags, &tags, &tags_shown, &chosen_tags, "#", |q| &mut q.tag) }
            if !years.is_empty() {
                <section class="folio-facet folio-facet-dates" aria-labelledby="folio-facet-dates">
                    <h2 id="folio-facet-dates">{ texts.dates }</h2>
                    { date_range(query, lang, &props.onchange) }
                    <div class="folio-chips">
                        { for years.iter().rev().map(|y| {
                            let pressed = filter.year == Some(y.year);
                            let next = ListQuery { y: (!pressed).then_some(y.year), m: None, ..query.clone() };
                            chip(y.year.to_string(), y.n, pressed, lang, choose(next))
                        }) }
                    </div>
                    if let Some(year) = filter.year {
                        <div class="folio-chips folio-months">
                            { for months.iter().map(|m| {
                                let pressed = filter.month == Some(m.m);
                                let next = ListQuery { m: (!pressed).then_some(m.m), ..query.clone() };
                                chip(lang.month(year, m.m), m.n, pressed, lang, choose(next))
                            }) }
                        </div>
                    }
                </section>
            }
        </nav>
        </>
    }
}

/// The panel's place before its values are drawn (the list's first frame): the narrow
/// screen's button and an empty panel, busy, so that nothing moves when the panel comes.
pub fn facets_to_come(lang: Lang) -> Html {
    let texts = lang.texts();
    html! {
        <>
        <button type="button" class="folio-tool folio-facets-toggle" aria-expanded="false"
            aria-controls="folio-facets">{ texts.filters }</button>
        <nav id="folio-facets" part="facets" class="folio-facets" aria-label={texts.filters} aria-busy="true"></nav>
        </>
    }
}

/// The from/to fields of a date range: a year, a month or a day each (`2024`, `2024-07`,
/// `2024-07-19`), applied when the field changes (Enter or leaving it); a value that is no
/// date is marked invalid and not applied.
fn date_range(query: &ListQuery, lang: Lang, onchange: &Callback<ListQuery>) -> Html {
    let texts = lang.texts();
    let field = |id: &'static str, label: &'static str, value: Option<DatePoint>, to: bool| {
        let (query, onchange) = (query.clone(), onchange.clone());
        let onchange = Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let text = input.value();
            let text = text.trim();
            let date = DatePoint::parse(text);
            if date.is_none() && !text.is_empty() {
                let _ = input.set_attribute("aria-invalid", "true");
                return;
            }
            let _ = input.remove_attribute("aria-invalid");
            let mut next = query.clone();
            *(if to { &mut next.to } else { &mut next.from }) = date;
            if next != query {
                onchange.emit(next);
            }
        });
        html! {
            <label class="folio-date-field">
                <span>{ label }</span>
                <input type="text" inputmode="numeric" class={id} placeholder={texts.date_placeholder}
                    autocomplete="off" spellcheck="false"
                    value={value.map(|d| d.to_string()).unwrap_or_default()} {onchange} />
            </label>
        }
    };
    html! {
        <div class="folio-date-range" role="group" aria-label={texts.date_range}>
            { field("folio-date-from", texts.date_from, query.from, false) }
            { field("folio-date-to", texts.date_to, query.to, true) }
        </div>
    }
}

/// The category tree as the panel draws it: the top level, and the children of every node on
/// the selected path.
struct TreeView<'a> {
    tree: &'a CategoryTree,
    counts: Option<&'a FacetCounts>,
    query: &'a ListQuery,
    selected_path: Vec<u32>,
    selected: Option<u32>,
    /// Nodes drawn per level.
    shown: &'a UseStateHandle<usize>,
    lang: Lang,
    onchange: &'a Callback<ListQuery>,
}

impl TreeView<'_> {
    fn count(&self, node: u32) -> u32 {
        match self.counts {
            Some(c) => c.categories.get(node as usize).copied().unwrap_or(0),
            None => self.tree.node(node).map_or(0, |v| v.n),
        }
    }

    /// The nodes of a level worth drawing: those with articles, and the selected path.
    fn visible(&self, nodes: &[u32]) -> Vec<u32> {
        nodes
            .iter()
            .copied()
            .filter(|&n| self.count(n) > 0 || self.selected_path.contains(&n))
            .collect()
    }

    fn level(&self, nodes: &[u32]) -> Html {
        let visible = self.visible(nodes);
        if visible.is_empty() {
            return html! {};
        }
        html! {
            <ul class="folio-tree">
                { for visible.iter().take(**self.shown).map(|&n| {
                    let pressed = self.selected == Some(n);
                    let parent = self.tree.ancestors(n).nth(1);
                    let target = if pressed { parent } else { Some(n) };
                    let next = ListQuery {
                        cat: target.map(|t| self.tree.path(t)).into_iter().collect(),
                        ..self.query.clone()
                    };
                    let emit = self.onchange.clone();
                    let onclick = Callback::from(move |_: MouseEvent| emit.emit(next.clone()));
                    let name = self.tree.node(n).map(|v| v.name.clone()).unwrap_or_default();
                    html! {
                        <li>
                            { chip(name, self.count(n), pressed, self.lang, onclick) }
                            if self.selected_path.contains(&n) {
                                { self.level(self.tree.children(n)) }
                            }
                        </li>
                    }
                }) }
                if visible.len() > TOP {
                    <li>{ more_or_less(self.shown, visible.len(), self.lang) }</li>
                }
            </ul>
        }
    }
}
