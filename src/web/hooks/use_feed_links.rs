//! The feeds of what a view shows, named in the document's head (`<link rel="alternate">`), so
//! that a feed reader given the page finds them.

use yew::prelude::*;

use crate::web::hooks::use_effect_on;

/// A feed of the bundle: its title, its URL and its media type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedLink {
    pub title: String,
    pub href: String,
    pub mime: &'static str,
}

/// Puts `links` in the document's head while the view shows, replacing the previous view's.
#[hook]
pub fn use_feed_links(links: Vec<FeedLink>) {
    use_effect_on(links, |links| {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return Box::new(|| ()) as Box<dyn FnOnce()>;
        };
        let head = document.head();
        let mut added = Vec::new();
        for link in links {
            let Ok(element) = document.create_element("link") else {
                continue;
            };
            for (name, value) in [
                ("rel", "alternate"),
                ("type", link.mime),
                ("title", link.title.as_str()),
                ("href", link.href.as_str()),
                ("data-folio-feed", ""),
            ] {
                let _ = element.set_attribute(name, value);
            }
            if let Some(head) = &head {
                if head.append_child(&element).is_ok() {
                    added.push(element);
                }
            }
        }
        Box::new(move || {
            for element in added {
                element.remove();
            }
        })
    });
}
