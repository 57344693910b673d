//! Hooks, one per file, each returning a small handle (or nothing) and keeping its effects to
//! itself: where this viewer lives ([`Scope`]) and the listeners every page uses; what the root
//! runs (its router, the entry, the help); loading the bundle files views need; what the host
//! page hears (`folio-open`, `folio-search`, `folio-error`); and the named parts the list and
//! article pages are composed of.
//!
//! For the WASM's size: an initial state is given as a function (`Option::<String>::default`),
//! not a closure, where it can be; Yew's state hooks are generic in it, and every closure is a
//! type of its own, so each would get its own copy of the hook. Effects go through
//! [`use_effect_on`] for the same reason.

mod use_article;
mod use_article_keys;
mod use_composition_end;
mod use_contents;
mod use_effect_on;
mod use_entry;
mod use_error_event;
mod use_facet_counts;
mod use_feed_links;
mod use_files;
mod use_help;
mod use_keydown;
mod use_list_answer;
mod use_list_keys;
mod use_list_position;
mod use_marks;
mod use_near_screen;
mod use_neighbours;
mod use_open_event;
mod use_painted;
mod use_router;
mod use_rows;
mod use_scope;
mod use_scroll;
mod use_search_event;
mod use_search_marks;
mod use_tab_title;
mod use_typed_text;

pub use use_article::{use_article, Article};
pub use use_article_keys::use_article_keys;
pub use use_composition_end::use_composition_end;
pub use use_contents::{use_contents, Contents, MIN_HEADINGS};
pub use use_effect_on::use_effect_on;
pub use use_entry::{load_before_mount, loaded_catalog, use_entry};
pub use use_error_event::use_error_event;
pub use use_facet_counts::{use_facet_counts, ShownCounts};
pub use use_feed_links::{use_feed_links, FeedLink};
pub use use_files::{retry_files, use_files};
pub use use_help::use_help;
pub use use_keydown::{is_typing, use_keydown, use_latest, use_overlay_keydown};
pub use use_list_answer::{use_list_answer, Listed};
pub use use_list_keys::use_list_keys;
pub use use_list_position::{use_list_position, ListPosition};
pub use use_marks::{use_mark_all, use_marked, MarkAll, Marked};
pub use use_near_screen::use_near_screen;
pub use use_neighbours::{use_neighbours, Neighbours};
pub use use_open_event::use_open_event;
pub use use_painted::{use_painted, use_painted_since};
pub use use_router::use_router;
pub use use_rows::{use_rows, Rows};
pub use use_scope::{use_location, use_navigator, use_scope, use_viewer_state, Scope, Viewer};
pub use use_scroll::{scroll_y, use_scroll};
pub use use_search_event::use_search_event;
pub use use_search_marks::use_search_marks;
pub use use_tab_title::{site_title, use_tab_title};
pub use use_typed_text::use_typed_text;
