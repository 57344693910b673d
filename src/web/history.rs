//! Where the viewer is and how it moves: a [`History`] of addresses (`/a/<slug>`, `/?q=…`).
//! Standalone, the address lives in the page's hash (`#/a/<slug>`), so it works the same from a
//! server root, a sub-path or a file, and the browser's back and forward buttons move through
//! it; embedded, it lives in memory and the host page's URL is left alone.
//!
//! An entry is its address alone: the viewer keeps no state object in the browser's history.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use gloo_events::EventListener;

/// An address inside the viewer: a path and a query.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Location {
    path: String,
    query: String,
    /// The anchor after the path (`#/a/<slug>#a-setup` → `a-setup`), without its `#`.
    fragment: String,
}

impl Location {
    /// Reads `path?query` as a URL path does (`""` is `/`, non-ASCII is percent-encoded).
    pub fn parse(address: &str) -> Self {
        match web_sys::Url::new_with_base(address, "http://folio.invalid") {
            Ok(url) => Self {
                path: url.pathname(),
                query: url.search().trim_start_matches('?').to_string(),
                fragment: url.hash().trim_start_matches('#').to_string(),
            },
            Err(_) => Self {
                path: "/".into(),
                query: String::new(),
                fragment: String::new(),
            },
        }
    }

    /// The path, starting with `/`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The query, without its `?`.
    pub fn query(&self) -> &str {
        &self.query
    }

    /// The anchor after the path, without its `#` (empty when there is none).
    pub fn fragment(&self) -> &str {
        &self.fragment
    }

    /// `path?query`, or the path alone when there is no query.
    pub fn address(&self) -> String {
        address(&self.path, &self.query)
    }
}

/// `path?query`, or `path` when `query` is empty.
pub fn address(path: &str, query: &str) -> String {
    if query.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{query}")
    }
}

/// The viewer's history; clones share it. Equal only to itself.
#[derive(Clone)]
pub struct History {
    inner: Rc<Inner>,
}

impl PartialEq for History {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.inner, &other.inner)
    }
}

impl std::fmt::Debug for History {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.is_hash() {
            "History(hash)"
        } else {
            "History(memory)"
        })
    }
}

/// A history kept in memory.
struct Entries {
    addresses: Vec<String>,
    /// Position of the current entry in `addresses`.
    current: usize,
}

/// A callback of [`History::listen`].
struct Subscriber {
    id: u32,
    callback: Rc<dyn Fn()>,
}

struct Inner {
    /// `None`: the page's hash.
    memory: Option<RefCell<Entries>>,
    callbacks: RefCell<Vec<Subscriber>>,
    next_id: Cell<u32>,
    /// The page's `popstate` listener (hash history only), removed with the history.
    _popstate: Option<EventListener>,
}

impl History {
    /// A history in the page's hash; back, forward and edits of the address reach listeners.
    pub fn hash() -> Self {
        let inner = Rc::new_cyclic(|weak: &Weak<Inner>| {
            let weak = weak.clone();
            let popstate = web_sys::window().map(|window| {
                EventListener::new(&window, "popstate", move |_| {
                    if let Some(inner) = weak.upgrade() {
                        History { inner }.notify();
                    }
                })
            });
            Inner {
                memory: None,
                callbacks: RefCell::default(),
                next_id: Cell::new(0),
                _popstate: popstate,
            }
        });
        Self { inner }
    }

    /// A history in memory, starting at `address`.
    pub fn memory(address: &str) -> Self {
        let inner = Rc::new(Inner {
            memory: Some(RefCell::new(Entries {
                addresses: vec![address.to_string()],
                current: 0,
            })),
            callbacks: RefCell::default(),
            next_id: Cell::new(0),
            _popstate: None,
        });
        Self { inner }
    }

    /// Whether addresses live in the page's hash (so an `href` starts with `#`).
    pub fn is_hash(&self) -> bool {
        self.inner.memory.is_none()
    }

    /// Where the viewer is.
    pub fn location(&self) -> Location {
        match &self.inner.memory {
            Some(memory) => {
                let memory = memory.borrow();
                Location::parse(&memory.addresses[memory.current])
            }
            None => {
                let hash = web_sys::window()
                    .and_then(|w| w.location().hash().ok())
                    .unwrap_or_default();
                Location::parse(hash.strip_prefix('#').unwrap_or(&hash))
            }
        }
    }

    /// Adds an entry for `address` (`path?query`) after the current one.
    pub fn push(&self, address: &str) {
        self.go_to(address, true);
    }

    /// Replaces the current entry with `address`.
    pub fn replace(&self, address: &str) {
        self.go_to(address, false);
    }

    fn go_to(&self, address: &str, push: bool) {
        match &self.inner.memory {
            Some(memory) => {
                let Entries { addresses, current } = &mut *memory.borrow_mut();
                if push {
                    addresses.truncate(*current + 1);
                    addresses.push(address.to_string());
                    *current += 1;
                } else {
                    addresses[*current] = address.to_string();
                }
            }
            None => {
                let Some(window) = web_sys::window() else {
                    return;
                };
                let Ok(url) = window
                    .location()
                    .href()
                    .and_then(|href| web_sys::Url::new(&href))
                else {
                    return;
                };
                url.set_hash(address);
                if let Ok(history) = window.history() {
                    let null = wasm_bindgen::JsValue::NULL;
                    let _ = if push {
                        history.push_state_with_url(&null, "", Some(&url.href()))
                    } else {
                        history.replace_state_with_url(&null, "", Some(&url.href()))
                    };
                }
            }
        }
        self.notify();
    }

    /// Calls `callback` after every move, until the returned [`Listener`] is dropped.
    pub fn listen(&self, callback: impl Fn() + 'static) -> Listener {
        let id = self.inner.next_id.get();
        self.inner.next_id.set(id.wrapping_add(1));
        self.inner.callbacks.borrow_mut().push(Subscriber {
            id,
            callback: Rc::new(callback),
        });
        Listener {
            history: Rc::downgrade(&self.inner),
            id,
        }
    }

    fn notify(&self) {
        // A copy: a callback may add or drop listeners.
        let callbacks: Vec<_> = self
            .inner
            .callbacks
            .borrow()
            .iter()
            .map(|s| s.callback.clone())
            .collect();
        for callback in callbacks {
            callback();
        }
    }
}

/// Keeps a [`History::listen`] callback registered while it lives.
pub struct Listener {
    history: Weak<Inner>,
    id: u32,
}

impl Drop for Listener {
    fn drop(&mut self) {
        if let Some(inner) = self.history.upgrade() {
            inner.callbacks.borrow_mut().retain(|s| s.id != self.id);
        }
    }
}
