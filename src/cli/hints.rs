//! The usual mistakes in the folders given to `folio`, caught before any work, each with the
//! fix: an articles folder that is a Hexo site's root, an output folder that is the built app,
//! a bundle folder that is the app around it. Each check takes the path and returns an error
//! that says "did you mean …?", or nothing.

use std::path::Path;

use anyhow::bail;

use crate::model::{ENTRY_FILE, FILE_LIST};

/// Refuses a Hexo site's root as the articles folder: its `node_modules` and themes hold
/// Markdown that is not articles; the articles are in `source/_posts`.
pub fn articles_folder(input: &Path) -> anyhow::Result<()> {
    let posts = input.join("source").join("_posts");
    if input.join("_config.yml").is_file() && posts.is_dir() {
        bail!(
            "{} looks like a Hexo site's root (it has _config.yml and source/_posts): did you \
             mean {}?",
            input.display(),
            posts.display()
        );
    }
    Ok(())
}

/// Refuses the built app's folder as a bundle's output (unless `force`): the app reads its
/// bundle from `data/` inside it.
pub fn output_folder(out: &Path, force: bool) -> anyhow::Result<()> {
    let is_bundle = out.join(FILE_LIST).is_file() || out.join(ENTRY_FILE).is_file();
    if !force && out.join("index.html").is_file() && !is_bundle {
        bail!(
            "{} holds the app (index.html), not a bundle: did you mean {}?",
            out.display(),
            out.join("data").display()
        );
    }
    Ok(())
}

/// Refuses a folder with no bundle but the app around one, as a bundle to read.
pub fn bundle_folder(bundle: &Path) -> anyhow::Result<()> {
    let data = bundle.join("data");
    if !bundle.join(ENTRY_FILE).is_file() && data.join(ENTRY_FILE).is_file() {
        bail!(
            "{} holds no bundle ({ENTRY_FILE}) but {} does: did you mean {}?",
            bundle.display(),
            data.display(),
            data.display()
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn a_hexo_root_points_at_its_posts() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("source/_posts")).unwrap();
        assert!(articles_folder(dir.path()).is_ok(), "no _config.yml yet");
        fs::write(dir.path().join("_config.yml"), "title: Blog\n").unwrap();
        let err = articles_folder(dir.path()).unwrap_err().to_string();
        assert!(err.contains("did you mean"), "{err}");
        assert!(err.ends_with(&format!("{}?", dir.path().join("source/_posts").display())));
        assert!(articles_folder(&dir.path().join("source/_posts")).is_ok());
    }

    #[test]
    fn the_app_folder_points_at_its_data() {
        let dir = tempfile::tempdir().unwrap();
        assert!(output_folder(dir.path(), false).is_ok());
        fs::write(dir.path().join("index.html"), "<!doctype html>").unwrap();
        let err = output_folder(dir.path(), false).unwrap_err().to_string();
        assert!(
            err.ends_with(&format!(
                "did you mean {}?",
                dir.path().join("data").display()
            )),
            "{err}"
        );
        assert!(
            output_folder(dir.path(), true).is_ok(),
            "--force writes anyway"
        );

        assert!(
            bundle_folder(dir.path()).is_ok(),
            "no bundle anywhere: the reader says so"
        );
        fs::create_dir(dir.path().join("data")).unwrap();
        fs::write(dir.path().join("data/index.json"), "{}").unwrap();
        let err = bundle_folder(dir.path()).unwrap_err().to_string();
        assert!(err.contains("did you mean"), "{err}");
        assert!(bundle_folder(&dir.path().join("data")).is_ok());
    }
}
