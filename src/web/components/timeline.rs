//! The timeline above the list: the view's articles per month (per day over a short span),
//! drawn as SVG, with a sentence saying what it shows. A click on a bar (or `Enter` on the bar
//! in focus; arrows move along the bars) filters to its month; a drag across bars to the range
//! of their months, or of their days when the bars are days. Both leave the date in the address
//! (`y`/`m`, or the `from`/`to` range the date fields set too). The bars are a component of
//! their own ([`TimelineBars`]) whose props change only with the bars, the chosen dates, a drag
//! or the focus: a keystroke re-renders the list, not the drawing.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::query::{DatePoint, DateRange, ListQuery};
use crate::timeline::{Bar, Bars};
use crate::web::i18n::Lang;

#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    pub bars: Rc<Bars>,
    pub query: ListQuery,
    pub lang: Lang,
    /// A new view chosen by the reader.
    pub onchange: Callback<ListQuery>,
    /// The bars are drawn; `false` leaves the drawing empty (the list's first frame).
    #[prop_or(true)]
    pub drawn: bool,
}

/// Height of the drawing and width of a bar, in its own units: whole numbers, so that no float
/// formatting code reaches the WASM.
const HEIGHT: u32 = 100;
const WIDTH: u32 = 10;

/// A drag under way: the bars where it started and where it is.
#[derive(Clone, Copy, PartialEq)]
struct Drag {
    start: usize,
    end: usize,
}

/// The bar under a pointer at `client_x` over the drawing `svg`.
fn bar_at(svg: &web_sys::Element, client_x: i32, bars: usize) -> usize {
    let rect = svg.get_bounding_client_rect();
    let at = ((f64::from(client_x) - rect.left()) / rect.width().max(1.0) * bars as f64).floor();
    (at.max(0.0) as usize).min(bars.saturating_sub(1))
}

/// The view a click on `bar` chooses: its month, or all dates again when it was chosen.
fn month_view(query: &ListQuery, bar: &Bar) -> ListQuery {
    let chosen = query.y == Some(bar.month.year) && query.month() == Some(bar.month.month);
    ListQuery {
        y: (!chosen).then_some(bar.month.year),
        m: (!chosen).then_some(bar.month.month),
        from: None,
        to: None,
        ..query.clone()
    }
}

/// The date a bar stands for: its day, or its month.
fn point(bar: &Bar) -> DatePoint {
    DatePoint {
        year: bar.month.year,
        month: Some(bar.month.month),
        day: bar.day,
    }
}

/// The dates a view has chosen: a year, a month of it, or a range of days.
#[derive(Clone, Copy, PartialEq)]
struct Chosen {
    year: Option<i32>,
    month: Option<u32>,
    range: DateRange,
}

impl Chosen {
    fn of(query: &ListQuery) -> Self {
        Self {
            year: query.y,
            month: query.month(),
            range: query.date_range(),
        }
    }

    /// Whether `bar` is within these dates (a bar partly inside the range counts).
    fn holds(self, bar: &Bar) -> bool {
        let m = bar.month;
        let year = self
            .year
            .is_some_and(|y| y == m.year && self.month.is_none_or(|x| x == m.month));
        let at = point(bar);
        let in_range = !self.range.is_unbounded()
            && self.range.first.is_none_or(|f| at.last_day() >= f)
            && self.range.last.is_none_or(|l| at.first_day() <= l);
        year || in_range
    }
}

fn label(lang: Lang, bar: &Bar) -> String {
    let when = match bar.day {
        Some(d) => lang.day(bar.month.year, bar.month.month, d),
        None => lang.month(bar.month.year, bar.month.month),
    };
    format!("{when}: {}", lang.count(bar.n as usize, bar.n as usize))
}

#[function_component]
pub fn Timeline(props: &TimelineProps) -> Html {
    let drag = use_state(Option::<Drag>::default);
    let focus_at = use_state(Option::<usize>::default);
    let svg = use_node_ref();
    let (bars, lang) = (&props.bars.bars, props.lang);
    if bars.is_empty() {
        return html! {};
    }
    let last = bars.len() - 1;
    let focused = (*focus_at).unwrap_or(last).min(last);
    let finish = {
        let (drag, query, onchange, bars) = (
            drag.clone(),
            props.query.clone(),
            props.onchange.clone(),
            props.bars.clone(),
        );
        move |d: Drag| {
            drag.set(None);
            let next = if d.start == d.end {
                month_view(&query, &bars.bars[d.start])
            } else {
                let (a, b) = (d.start.min(d.end), d.start.max(d.end));
                ListQuery {
                    y: None,
                    m: None,
                    from: Some(point(&bars.bars[a])),
                    to: Some(point(&bars.bars[b])),
                    ..query.clone()
                }
            };
            onchange.emit(next);
        }
    };
    let onpointerdown = {
        let (drag, svg, n) = (drag.clone(), svg.clone(), bars.len());
        Callback::from(move |e: PointerEvent| {
            if let Some(el) = svg.cast::<web_sys::Element>() {
                let _ = el.set_pointer_capture(e.pointer_id());
                let at = bar_at(&el, e.client_x(), n);
                drag.set(Some(Drag { start: at, end: at }));
            }
        })
    };
    let onpointermove = {
        let (drag, svg, n) = (drag.clone(), svg.clone(), bars.len());
        Callback::from(move |e: PointerEvent| {
            if let (Some(d), Some(el)) = (*drag, svg.cast::<web_sys::Element>()) {
                let end = bar_at(&el, e.client_x(), n);
                if end != d.end {
                    drag.set(Some(Drag { end, ..d }));
                }
            }
        })
    };
    let onpointerup = {
        let (drag, finish) = (drag.clone(), finish.clone());
        Callback::from(move |_: PointerEvent| {
            if let Some(d) = *drag {
                finish(d);
            }
        })
    };
    let onpointercancel = {
        let drag = drag.clone();
        Callback::from(move |_: PointerEvent| drag.set(None))
    };
    let onkeydown = {
        let (focus_at, svg, finish) = (focus_at.clone(), svg.clone(), finish.clone());
        Callback::from(move |e: KeyboardEvent| {
            let to = match e.key().as_str() {
                "ArrowLeft" => focused.saturating_sub(1),
                "ArrowRight" => (focused + 1).min(last),
                "Home" => 0,
                "End" => last,
                "Enter" | " " => {
                    e.prevent_default();
                    finish(Drag {
                        start: focused,
                        end: focused,
                    });
                    return;
                }
                _ => return,
            };
            e.prevent_default();
            focus_at.set(Some(to));
            if let Some(bar) = svg
                .cast::<web_sys::Element>()
                .and_then(|s| {
                    s.query_selector(&format!("[data-bar=\"{to}\"]"))
                        .ok()
                        .flatten()
                })
                .and_then(|b| b.dyn_into::<web_sys::SvgElement>().ok())
            {
                let _ = bar.focus();
            }
        })
    };
    let dragged = (*drag).map(|d| (d.start.min(d.end), d.start.max(d.end)));
    let view_box = format!("0 0 {} {HEIGHT}", bars.len() as u32 * WIDTH);
    html! {
        <section class="folio-timeline" part="timeline" aria-labelledby="folio-timeline-text">
            <p class="folio-timeline-text" id="folio-timeline-text">{ lang.timeline_says(&props.bars) }</p>
            <svg ref={svg} viewBox={view_box} preserveAspectRatio="none" role="group" aria-labelledby="folio-timeline-text"
                {onpointerdown} {onpointermove} {onpointerup} {onpointercancel} {onkeydown}>
                if props.drawn {
                    <TimelineBars bars={props.bars.clone()} chosen={Chosen::of(&props.query)} {dragged} {focused} {lang} />
                }
            </svg>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct TimelineBarsProps {
    bars: Rc<Bars>,
    chosen: Chosen,
    /// The bars a drag under way covers, first and last.
    dragged: Option<(usize, usize)>,
    /// The bar that takes keyboard focus.
    focused: usize,
    lang: Lang,
}

/// The bars themselves, inside the timeline's drawing.
#[function_component]
fn TimelineBars(props: &TimelineBarsProps) -> Html {
    let (bars, chosen, lang) = (&props.bars.bars, props.chosen, props.lang);
    let max = bars.iter().map(|b| b.n).max().unwrap_or(0).max(1);
    bars.iter()
        .enumerate()
        .map(|(i, bar)| {
            let h = if bar.n == 0 { 0 } else { (bar.n * (HEIGHT - 4) / max).max(4) };
            let x = i as u32 * WIDTH;
            let pressed = chosen.holds(bar);
            let on = pressed || props.dragged.is_some_and(|(a, b)| (a..=b).contains(&i));
            html! {
                <g class={classes!("folio-bar", on.then_some("folio-bar-on"))} data-bar={i.to_string()}
                    role="button" tabindex={if i == props.focused { "0" } else { "-1" }}
                    aria-pressed={if pressed { "true" } else { "false" }} aria-label={label(lang, bar)}>
                    <rect class="folio-bar-hit" x={x.to_string()} y="0" width={WIDTH.to_string()} height={HEIGHT.to_string()} />
                    <rect class="folio-bar-fill" x={(x + 1).to_string()} y={(HEIGHT - h).to_string()} width={(WIDTH - 2).to_string()} height={h.to_string()} />
                </g>
            }
        })
        .collect()
}
