//! The daily workflow of the README (`examples/daily.yml`): parsed as YAML, its steps checked in
//! the order that makes a rebuild incremental — restore the bundle and the cache, bundle into
//! the restored folder with that cache, save both, deploy to Pages.

use serde_json::Value;

use crate::prelude::*;

fn steps(job: &Value) -> Vec<&Value> {
    job["steps"]
        .as_array()
        .expect("a job's steps")
        .iter()
        .collect()
}

/// The index of the first step for which `is` says yes.
fn find(steps: &[&Value], what: &str, is: impl Fn(&Value) -> bool) -> usize {
    steps
        .iter()
        .position(|s| is(s))
        .unwrap_or_else(|| panic!("no step that {what}"))
}

fn uses(step: &Value, action: &str) -> bool {
    step["uses"].as_str().is_some_and(|u| u.starts_with(action))
}

fn run(step: &Value) -> &str {
    step["run"].as_str().unwrap_or_default()
}

/// The arguments of `flag` in a shell command line.
fn flag<'a>(command: &'a str, flag: &str) -> Option<&'a str> {
    let words: Vec<&str> = command.split_whitespace().collect();
    let at = words.iter().position(|w| *w == flag)?;
    words.get(at + 1).copied()
}

#[test]
fn the_daily_workflow_restores_bundles_incrementally_saves_and_deploys() {
    let text = std::fs::read_to_string(repo("examples/daily.yml")).unwrap();
    let workflow: Value = serde_saphyr::from_str(&text).expect("valid YAML");

    let on = &workflow["on"];
    let cron = on["schedule"][0]["cron"].as_str().expect("a schedule");
    assert_eq!(cron.split_whitespace().count(), 5, "{cron}");
    assert!(on.get("workflow_dispatch").is_some(), "also run by hand");
    assert_eq!(workflow["permissions"]["pages"], "write");

    let build = steps(&workflow["jobs"]["build"]);
    let restore = find(&build, "restores a cache", |s| {
        uses(s, "actions/cache/restore@")
    });
    let bundle = find(&build, "bundles", |s| run(s).contains("folio -- bundle"));
    let save = find(&build, "saves a cache", |s| uses(s, "actions/cache/save@"));
    let trunk = find(&build, "builds the app", |s| run(s).contains("trunk build"));
    let copy = find(&build, "copies the bundle", |s| {
        run(s).contains("dist/data")
    });
    let upload = find(&build, "uploads to Pages", |s| {
        uses(s, "actions/upload-pages-artifact@")
    });
    assert!(restore < bundle && bundle < save, "restore, bundle, save");
    assert!(
        trunk < copy && bundle < copy && copy < upload,
        "the bundle goes into the app"
    );

    // The bundle is written into the restored folder with the restored cache, and both are
    // what is saved for the next run.
    let command = run(build[bundle]);
    assert!(!command.contains("--no-cache"), "{command}");
    let out = flag(command, "--out").expect("an --out");
    let cache = flag(command, "--cache").expect("a --cache");
    for step in [build[restore], build[save]] {
        let paths: Vec<&str> = step["with"]["path"].as_str().unwrap().lines().collect();
        assert!(paths.contains(&out) && paths.contains(&cache), "{paths:?}");
    }
    assert_eq!(build[restore]["with"]["restore-keys"], "folio-bundle-");
    // The app's build replaces dist/, so the bundle lives outside it until it is copied in.
    assert!(!out.starts_with("dist"), "{out}");

    let deploy = steps(&workflow["jobs"]["deploy"]);
    find(&deploy, "deploys to Pages", |s| {
        uses(s, "actions/deploy-pages@")
    });
    assert_eq!(workflow["jobs"]["deploy"]["needs"], "build");
}
