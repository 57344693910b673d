//! An article by its slug: its number (from the rows loaded, else the lookup), its row (title
//! and meta, at once when the list had it, else with the body: its pack carries it), its body (from its pack, which usually holds its
//! neighbours' too), and the numbers of its related articles (the body names them; their rows
//! are the related list's to fetch, when it comes near the screen).

use std::rc::Rc;

use yew::prelude::*;

use super::use_files;
use crate::model::{Body, Row};
use crate::web::state::StateHandle;
use crate::web::store::Needs;

/// What is known of the article.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Article {
    /// Its number: `None` while it is looked up, `Some(None)` when there is no such article.
    pub number: Option<Option<u32>>,
    pub row: Option<Rc<Row>>,
    pub body: Option<Rc<Body>>,
    /// The numbers of its related articles, best first, once the body names them.
    pub related: Rc<[u32]>,
    /// A file it needs failed to load: why.
    pub failed: Option<String>,
}

/// The article called `slug`, fetching what it needs.
#[hook]
pub fn use_article(state: &StateHandle, slug: &str) -> Article {
    let answer = use_memo(
        (state.catalog(), slug.to_string(), state.files),
        |(catalog, slug, _)| {
            let mut needs = Needs::default();
            let Some(catalog) = catalog else {
                return (Article::default(), needs);
            };
            let number = catalog.number_of(slug, &mut needs);
            let found = number.flatten();
            let row = found.and_then(|n| catalog.page_row(n, &mut needs));
            let body = found.and_then(|n| catalog.body(n, &mut needs));
            let related = match (found, &body) {
                (Some(n), Some(body)) => body.related_numbers(n).into(),
                _ => Rc::default(),
            };
            let article = Article {
                number,
                row,
                body,
                related,
                failed: None,
            };
            (article, needs)
        },
    );
    let (article, needs) = &*answer;
    use_files(state, needs);
    Article {
        failed: needs.failed.clone(),
        ..article.clone()
    }
}
