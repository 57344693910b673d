//! Full-text search in the app, loaded lazily: nothing of the search index is fetched until
//! the first search; then its manifest, and for each query only the shards (and position
//! files) its tokens need. Files stay loaded for the session, and results of recent queries
//! are kept, so typing back and forth answers at once.
//!
//! [`SearchStore::hits`] answers from what is loaded or names the files it needs;
//! [`SearchStore::load`] fetches them and calls back, and the caller asks again. Ranking and matching are
//! [`crate::search`]'s, tested natively.

use std::cell::RefCell;
use std::collections::HashSet;
use std::rc::Rc;

use crate::model::{Index, SearchRoot};
use crate::search::{search, Loaded, Outcome, Query};

/// Results of this many recent queries are kept.
const RECENT: usize = 32;

/// The search index as far as it is loaded, with recent results.
#[derive(Debug, Default)]
pub struct SearchStore {
    manifest: RefCell<Option<Rc<SearchRoot>>>,
    files: RefCell<Loaded>,
    /// Paths being fetched.
    loading: RefCell<HashSet<String>>,
    /// Why the index could not be loaded, if it could not.
    failed: RefCell<Option<String>>,
    /// Least recently asked first.
    recent: RefCell<Vec<Recent>>,
}

/// The answer to a recent query.
#[derive(Debug)]
struct Recent {
    /// [`Query::key`] of the query.
    key: String,
    hits: Rc<Vec<usize>>,
}

/// What [`SearchStore::hits`] can say.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// Positions in the index of the matching articles, best first.
    Ready(Rc<Vec<usize>>),
    /// These files must be loaded first (paths relative to the bundle).
    Need(Vec<String>),
    /// The index could not be loaded.
    Failed(String),
}

impl SearchStore {
    /// The articles of `index` that match `text`, read as still being typed (the last word
    /// also matches longer words: see [`Query::parse_typing`]).
    pub fn hits(&self, index: &Index, text: &str) -> Answer {
        if let Some(failed) = self.failed.borrow().clone() {
            return Answer::Failed(failed);
        }
        let Some(manifest_path) = index.search.clone() else {
            return Answer::Failed("this bundle has no search index".into());
        };
        let query = Query::parse_typing(text);
        let key = query.key();
        if let Some(hits) = self.recent(&key) {
            return Answer::Ready(hits);
        }
        let Some(manifest) = self.manifest.borrow().clone() else {
            return Answer::Need(vec![manifest_path]);
        };
        let outcome = search(&manifest, &query, &[], &*self.files.borrow());
        match outcome {
            Outcome::Need(paths) => Answer::Need(paths),
            Outcome::Done(hits) => {
                let hits = Rc::new(hits.iter().map(|h| h.doc as usize).collect::<Vec<_>>());
                let mut recent = self.recent.borrow_mut();
                if recent.len() >= RECENT {
                    recent.remove(0);
                }
                recent.push(Recent {
                    key,
                    hits: hits.clone(),
                });
                Answer::Ready(hits)
            }
        }
    }

    /// Fetches `paths` (relative to the bundle at `base`), those not already on their way, and
    /// calls `done` after each.
    pub fn load(self: &Rc<Self>, base: &str, paths: &[String], done: &yew::Callback<()>) {
        for path in paths {
            if !self.loading.borrow_mut().insert(path.clone()) {
                continue;
            }
            let (search, base, path, done) =
                (self.clone(), base.to_string(), path.clone(), done.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let bytes = super::fetch::search_file(&base, &path).await;
                search.store(&path, bytes);
                done.emit(());
            });
        }
    }

    /// Why the index could not be loaded, if it could not.
    pub fn failed(&self) -> Option<String> {
        self.failed.borrow().clone()
    }

    /// Forgets a failure, so that the next search fetches what it needs again.
    pub fn retry(&self) {
        *self.failed.borrow_mut() = None;
    }

    fn recent(&self, key: &str) -> Option<Rc<Vec<usize>>> {
        let mut recent = self.recent.borrow_mut();
        let at = recent.iter().position(|r| r.key == key)?;
        let entry = recent.remove(at);
        let hits = entry.hits.clone();
        recent.push(entry);
        Some(hits)
    }

    /// Stores a fetched file (or why it failed).
    fn store(&self, path: &str, bytes: Result<Vec<u8>, String>) {
        self.loading.borrow_mut().remove(path);
        let stored = bytes.and_then(|bytes| {
            if path.ends_with(".json") {
                // From text, like every other JSON the app reads: one parser in the WASM.
                let manifest: SearchRoot = std::str::from_utf8(&bytes)
                    .map_err(|e| e.to_string())
                    .and_then(super::fetch::read_json)
                    .map_err(|e| format!("{path} is not a valid search manifest: {e}"))?;
                *self.manifest.borrow_mut() = Some(Rc::new(manifest));
                Ok(())
            } else {
                self.files.borrow_mut().insert(path.to_string(), bytes)
            }
        });
        if let Err(e) = stored {
            *self.failed.borrow_mut() = Some(e);
        }
    }
}
