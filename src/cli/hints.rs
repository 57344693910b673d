//! The usual mistakes in the folders given to `folio`, caught before any work, each with the
//! fix: an output folder that is the built app, a bundle folder that is the app around it. Each check takes the path and returns an error
//! that says "did you mean …?", or nothing.

use std::path::Path;

use anyhow::bail;

use crate::model::{ENTRY_FILE, FILE_LIST};

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
