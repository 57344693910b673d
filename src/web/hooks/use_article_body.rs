//! An article's body, fetched when the article opens, and again on retry.

use std::ops::Deref;
use std::rc::Rc;

use yew::prelude::*;

use crate::model::ArticleBody;
use crate::web::fetch;

/// Where fetching a body stands.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    Loading,
    Ready(Rc<ArticleBody>),
    Failed(String),
}

/// The body as it stands (it dereferences to [`Body`]), and a retry.
#[derive(Clone)]
pub struct FetchedBody {
    body: UseStateHandle<Body>,
    attempt: UseStateHandle<u32>,
}

impl FetchedBody {
    /// Fetches the body again.
    pub fn retry(&self) {
        self.attempt.set(*self.attempt + 1);
    }
}

impl Deref for FetchedBody {
    type Target = Body;

    fn deref(&self) -> &Body {
        &self.body
    }
}

/// The body file at `path` in the bundle at `base` (nothing while `path` is `None`).
#[hook]
pub fn use_article_body(base: &str, path: Option<String>) -> FetchedBody {
    let body = use_state(|| Body::Loading);
    let attempt = use_state(|| 0u32);
    {
        let body = body.clone();
        let base = base.to_string();
        use_effect_with((path, *attempt), move |(path, _)| {
            if let Some(path) = path.clone() {
                body.set(Body::Loading);
                wasm_bindgen_futures::spawn_local(async move {
                    match fetch::body(&base, &path).await {
                        Ok(b) => body.set(Body::Ready(Rc::new(b))),
                        Err(e) => body.set(Body::Failed(e)),
                    }
                });
            }
        });
    }
    FetchedBody { body, attempt }
}
