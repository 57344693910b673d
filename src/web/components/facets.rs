//! The facet panel: category tree, authors, tags and dates, each value with the count it would
//! show given the other active filters; the sort order; and one button that clears everything.

use std::rc::Rc;

use yew::prelude::*;

use crate::query::{Facets, Filter, Sort};
use crate::web::i18n::Lang;
use crate::web::state::Catalog;

/// Values shown per facet before "more".
const TOP: usize = 12;

#[derive(Properties, PartialEq)]
pub struct FacetPanelProps {
    pub catalog: Rc<Catalog>,
    pub filter: Filter,
    pub facets: Rc<Facets>,
    pub lang: Lang,
    /// A new filter chosen by the reader.
    pub onchange: Callback<Filter>,
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

#[function_component]
pub fn FacetPanel(props: &FacetPanelProps) -> Html {
    let texts = props.lang.texts();
    let (catalog, filter, facets, lang) =
        (&props.catalog, &props.filter, &props.facets, props.lang);
    let choose = |next: Filter| {
        let onchange = props.onchange.clone();
        Callback::from(move |_: MouseEvent| onchange.emit(next.clone()))
    };
    let expanded_authors = use_state(|| false);
    let expanded_tags = use_state(|| false);

    // Category tree: roots, and the children of every node on the selected path.
    let selected_path: Vec<u32> = filter
        .category
        .map(|c| catalog.index.category_and_ancestors(c).collect())
        .unwrap_or_default();

    let ranked = |counts: &[u32], selected: Option<u32>| -> Vec<u32> {
        let mut ids: Vec<u32> = (0..counts.len() as u32)
            .filter(|&i| counts[i as usize] > 0 || selected == Some(i))
            .collect();
        // Keys are unique, so an unstable sort is deterministic (and the WASM needs no stable sort).
        ids.sort_unstable_by_key(|&i| (std::cmp::Reverse(counts[i as usize]), i));
        ids
    };
    let authors = ranked(&facets.authors, filter.author);
    let tags = ranked(&facets.tags, filter.tag);
    let more = |state: &UseStateHandle<bool>, total: usize| -> Html {
        if total <= TOP {
            return html! {};
        }
        let state = state.clone();
        let open = *state;
        let label = if open {
            "−".to_string()
        } else {
            format!("+{}", lang.number(total - TOP))
        };
        html! { <button type="button" class="folio-more-chips" aria-expanded={if open { "true" } else { "false" }} onclick={Callback::from(move |_| state.set(!open))}>{ label }</button> }
    };

    let searching = props.catalog.searches(filter);
    let sort_next = Filter {
        sort: filter.sort.next(searching),
        ..filter.clone()
    };
    let sort_label = match (filter.sort, searching) {
        (Sort::Relevance, true) => texts.best_match,
        (Sort::Relevance | Sort::Newest, _) => texts.newest_first,
        (Sort::Oldest, _) => texts.oldest_first,
    };
    html! {
        <nav class="folio-facets" aria-label={texts.filters}>
            <div class="folio-facet-actions">
                <button type="button" class="folio-sort" onclick={choose(sort_next)}>
                    { sort_label }
                </button>
                if !filter.is_empty() {
                    <button type="button" class="folio-clear" onclick={choose(filter.cleared())}>{ texts.clear_all }</button>
                }
            </div>
            <section class="folio-facet folio-facet-categories" aria-labelledby="folio-facet-categories">
                <h2 id="folio-facet-categories">{ texts.categories }</h2>
                { render_level(catalog, filter, facets, lang, &selected_path, &catalog.roots, &props.onchange) }
            </section>
            if !authors.is_empty() {
                { flat_facet("authors", texts.authors, html! { <>
                    { for authors.iter().take(if *expanded_authors { usize::MAX } else { TOP }).map(|&a| {
                        let pressed = filter.author == Some(a);
                        let next = Filter { author: if pressed { None } else { Some(a) }, ..filter.clone() };
                        chip(catalog.index.authors[a as usize].clone(), facets.authors[a as usize], pressed, lang, choose(next))
                    }) }
                    { more(&expanded_authors, authors.len()) }
                </> }) }
            }
            if !tags.is_empty() {
                { flat_facet("tags", texts.tags, html! { <>
                    { for tags.iter().take(if *expanded_tags { usize::MAX } else { TOP }).map(|&t| {
                        let pressed = filter.tag == Some(t);
                        let next = Filter { tag: if pressed { None } else { Some(t) }, ..filter.clone() };
                        chip(format!("#{}", catalog.index.tags[t as usize]), facets.tags[t as usize], pressed, lang, choose(next))
                    }) }
                    { more(&expanded_tags, tags.len()) }
                </> }) }
            }
            if !facets.years.is_empty() {
                <section class="folio-facet folio-facet-dates" aria-labelledby="folio-facet-dates">
                    <h2 id="folio-facet-dates">{ texts.dates }</h2>
                    <div class="folio-chips">
                        { for facets.years.iter().rev().map(|&(y, n)| {
                            let pressed = filter.year == Some(y);
                            let next = Filter { year: if pressed { None } else { Some(y) }, month: None, ..filter.clone() };
                            chip(y.to_string(), n, pressed, lang, choose(next))
                        }) }
                    </div>
                    if let Some(year) = filter.year {
                        <div class="folio-chips folio-months">
                            { for facets.months.iter().map(|&(m, n)| {
                                let pressed = filter.month == Some(m);
                                let next = Filter { month: if pressed { None } else { Some(m) }, ..filter.clone() };
                                chip(lang.month(year, m), n, pressed, lang, choose(next))
                            }) }
                        </div>
                    }
                </section>
            }
        </nav>
    }
}

/// A facet of flat values (authors, tags): a heading and its chips.
fn flat_facet(kind: &'static str, title: &'static str, chips: Html) -> Html {
    let id = format!("folio-facet-{kind}");
    html! {
        <section class={classes!("folio-facet", id.clone())} aria-labelledby={id.clone()}>
            <h2 {id}>{ title }</h2>
            <div class="folio-chips">{ chips }</div>
        </section>
    }
}

/// One level of the category tree; the selected branch opens its children.
fn render_level(
    catalog: &Rc<Catalog>,
    filter: &Filter,
    facets: &Facets,
    lang: Lang,
    selected_path: &[u32],
    nodes: &[u32],
    onchange: &Callback<Filter>,
) -> Html {
    let visible: Vec<u32> = nodes
        .iter()
        .copied()
        .filter(|&n| {
            facets.categories.get(n as usize).copied().unwrap_or(0) > 0
                || selected_path.contains(&n)
        })
        .collect();
    if visible.is_empty() {
        return html! {};
    }
    html! {
        <ul class="folio-tree">
            { for visible.iter().map(|&n| {
                let pressed = filter.category == Some(n);
                let parent = catalog.index.categories[n as usize].parent;
                let next = Filter { category: if pressed { parent } else { Some(n) }, ..filter.clone() };
                let emit = onchange.clone();
                let onclick = Callback::from(move |_: MouseEvent| emit.emit(next.clone()));
                html! {
                    <li>
                        { chip(catalog.index.categories[n as usize].name.clone(), facets.categories[n as usize], pressed, lang, onclick) }
                        if selected_path.contains(&n) {
                            { render_level(catalog, filter, facets, lang, selected_path, &catalog.children[n as usize], onchange) }
                        }
                    </li>
                }
            }) }
        </ul>
    }
}
