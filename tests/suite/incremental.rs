//! Incremental bundling (issue 13): a run with a cache gives the same bytes as a clean build of
//! the same sources after additions, edits, deletions and renames; a damaged or outdated cache is
//! reported and rebuilt; a moved article whose address changes is reported; and a rebuild after
//! a small change touches few of the bundle's files.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use crate::fixture::Bundle;
use crate::prelude::*;
use folio::bundler::{cache, Config, Kind};
use tempfile::TempDir;

/// A folder of articles bundled again and again into one output folder with one cache, each
/// time checked against a clean build of the same sources.
struct Site {
    seeds: Seeds,
    cache: TempDir,
    bundle: Option<Bundle>,
}

impl Site {
    fn new(seeds: Seeds) -> Self {
        let cache = tempfile::tempdir().unwrap();
        let mut site = Self {
            seeds,
            cache,
            bundle: None,
        };
        let first = site.seeds.bundle_with(site.config());
        assert_eq!(first.report.cache.as_ref().unwrap().reused, 0);
        site.bundle = Some(first);
        site
    }

    fn config(&self) -> impl FnOnce(&mut Config) {
        let cache = self.cache.path().to_path_buf();
        move |c: &mut Config| c.cache = Some(cache)
    }

    /// Changes the sources with `change`, bundles incrementally, checks the bundle against a
    /// clean one, and returns the run's bundle.
    fn rebuild(&mut self, change: impl FnOnce(&Path)) -> &Bundle {
        self.rebuild_unchecked(change);
        let clean = self.seeds.bundle();
        let next = self.bundle.as_ref().unwrap();
        assert_same_files(&files(clean.path()), &files(next.path()));
        assert_same!(clean.diagnostics(), without_moves(next));
        next
    }

    /// Changes the sources with `change`, bundles incrementally and returns the run's bundle.
    fn rebuild_unchecked(&mut self, change: impl FnOnce(&Path)) -> &Bundle {
        change(self.seeds.path());
        let earlier = self.bundle.take().unwrap();
        self.bundle = Some(self.seeds.bundle_again(earlier, self.config()));
        self.bundle.as_ref().unwrap()
    }

    fn cache_folder(&self) -> std::path::PathBuf {
        let out = self.bundle.as_ref().unwrap().path();
        cache::folder(self.cache.path(), out)
    }
}

/// The run's diagnostics but the moves and the cache's own, which only a run with a cache makes.
fn without_moves(bundle: &Bundle) -> Vec<String> {
    let mut lines = bundle.diagnostics();
    lines.retain(|l| !l.ends_with("moved, new address") && !l.ends_with("cache rebuilt"));
    lines
}

fn write(root: &Path, path: &str, text: &str) {
    let path = root.join(path);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

fn append(root: &Path, path: &str, text: &str) {
    let mut body = fs::read_to_string(root.join(path)).unwrap();
    body.push_str(text);
    fs::write(root.join(path), body).unwrap();
}

/// The `n`-th article file below `root`, in path order.
fn nth_article(root: &Path, n: usize) -> String {
    let (files, _) = folio::bundler::find_articles(root);
    folio::bundler::relative(root, &files[n])
}

fn newer(i: usize) -> String {
    format!(
        "---\ntitle: Newer {i}\ndate: 2030-01-01 00:{:02}:{:02}\ncategories: [新分类]\ntags: [新, t{i}]\n---\nNewer than the rest, number {i}.\n",
        i / 60,
        i % 60
    )
}

#[test]
fn an_incremental_build_is_the_same_bytes_as_a_clean_one() {
    let mut site = Site::new(Seeds::generated(600, 21));

    let grown = site.rebuild(|root| {
        for i in 0..25 {
            write(root, &format!("new/{i}.md"), &newer(i));
        }
    });
    let stats = grown.report.cache.clone().unwrap();
    assert_eq!((stats.reused, stats.parsed), (600, 25));
    assert!(
        stats.groups_reused + 2 >= stats.groups && stats.segments_reused + 1 >= stats.segments,
        "{stats:?}"
    );

    let edited = nth_article(site.seeds.path(), 300);
    let stats = site
        .rebuild(|root| append(root, &edited, "\nAn edited paragraph.\n"))
        .report
        .cache
        .clone()
        .unwrap();
    assert_eq!((stats.reused, stats.parsed), (624, 1));
    assert!(stats.groups_reused + 3 >= stats.groups, "{stats:?}");

    let deleted = nth_article(site.seeds.path(), 10);
    site.rebuild(|root| fs::remove_file(root.join(&deleted)).unwrap());

    let renamed = nth_article(site.seeds.path(), 200);
    let bundle = site.rebuild(|root| {
        fs::rename(root.join(&renamed), root.join("renamed.md")).unwrap();
    });
    assert_eq!(bundle.rows.len(), 624);

    // A title changed back and forth, and a front matter that stops parsing then is fixed.
    let broken = nth_article(site.seeds.path(), 5);
    let good = fs::read_to_string(site.seeds.path().join(&broken)).unwrap();
    let bundle = site.rebuild(|root| write(root, &broken, "---\ntitle: [unclosed\n---\nBody\n"));
    assert_eq!(bundle.report.errors.len(), 1);
    let bundle = site.rebuild(|root| write(root, &broken, &good));
    assert!(bundle.report.errors.is_empty());
}

#[test]
fn articles_with_warnings_and_drafts_come_back_the_same() {
    let seeds = Seeds::new()
        .article("a.md", "title: A\ndate: 2024-01-02", "Body {% nope %}")
        .article("b.md", "title: B\ndate: 2024-01-03\ndraft: true", "Draft")
        .article("c.md", "title: C\ndate: not a date", "Body")
        .article("d.md", "title: D\ndate: 2024-01-04", "Body");
    let mut site = Site::new(seeds);
    let bundle = site.rebuild(|root| append(root, "d.md", "more"));
    let stats = bundle.report.cache.clone().unwrap();
    // The draft is taken from the cache; the two articles with warnings are parsed again.
    assert_eq!((stats.reused, stats.parsed), (1, 3));
    assert_eq!(bundle.report.drafts, vec!["b.md".to_string()]);
    assert_eq!(bundle.report.warnings.len(), 2);
}

#[test]
fn a_damaged_or_outdated_cache_is_reported_and_rebuilt() {
    let mut site = Site::new(Seeds::generated(300, 22));
    let folder = site.cache_folder();
    let warned = |bundle: &Bundle, what: &str| {
        let found = bundle.report.warnings.iter().find_map(|d| match &d.kind {
            Kind::Cache(message) => Some(message.clone()),
            _ => None,
        });
        let message = found.unwrap_or_else(|| panic!("a warning about the cache: {what}"));
        assert!(message.contains(what), "{message}");
        assert_eq!(bundle.report.cache.as_ref().unwrap().reused, 0);
    };

    // An index cut short.
    let index = folder.join(cache::INDEX_FILE);
    let whole = fs::read(&index).unwrap();
    fs::write(&index, &whole[..whole.len() / 2]).unwrap();
    let bundle = site.rebuild(|_| {});
    warned(bundle, "is damaged");

    // An index of another version (its first four bytes).
    let mut outdated = fs::read(&index).unwrap();
    assert_eq!(outdated[..4], cache::CACHE_VERSION.to_le_bytes());
    outdated[..4].copy_from_slice(&999u32.to_le_bytes());
    fs::write(&index, outdated).unwrap();
    let bundle = site.rebuild(|_| {});
    warned(bundle, "another version");

    // A spill file whose records were overwritten: found out by their hashes when read back.
    // Its middle half, so that whichever order the records were spilled in (articles are
    // processed in parallel), articles left unchanged below have records in it.
    let spill = folder.join(cache::SPILL_FILE);
    let mut bytes = fs::read(&spill).unwrap();
    let len = bytes.len();
    for b in &mut bytes[len / 4..len * 3 / 4] {
        *b = b'x';
    }
    fs::write(&spill, &bytes).unwrap();
    // A hundred of the 300 edited: more than a segment is patched for, so it is built whole,
    // reading every other article back from the spill file (a patch reads only the edited).
    let bundle = site.rebuild(|root| {
        for n in 0..100 {
            append(root, &nth_article(root, n), "\nedited\n");
        }
    });
    warned(bundle, "damaged");

    // A spill file cut short.
    let spill_len = fs::metadata(&spill).unwrap().len();
    fs::OpenOptions::new()
        .write(true)
        .open(&spill)
        .unwrap()
        .set_len(spill_len / 3)
        .unwrap();
    let bundle = site.rebuild(|_| {});
    warned(bundle, "shorter");

    // Settings changed: another time zone.
    let earlier = site.bundle.take().unwrap();
    let cache = site.cache.path().to_path_buf();
    let bundle = site.seeds.bundle_again(earlier, move |c| {
        c.cache = Some(cache);
        c.options.tz = jiff::tz::TimeZone::get("Asia/Shanghai").unwrap();
    });
    warned(&bundle, "other settings");
}

#[test]
fn a_piece_whose_files_are_gone_from_the_output_is_written_again() {
    let mut site = Site::new(Seeds::generated(400, 23));
    // Someone removed a pack from the deployed folder: the cache must not vouch for it.
    let out = site.bundle.as_ref().unwrap().path().to_path_buf();
    let pack = files(&out)
        .into_keys()
        .find(|p| p.starts_with("b/"))
        .unwrap();
    fs::remove_file(out.join(&pack)).unwrap();
    site.rebuild(|_| {});
    assert!(out.join(&pack).is_file());
}

fn moves(bundle: &Bundle) -> Vec<(String, String, String, String)> {
    bundle
        .report
        .warnings
        .iter()
        .filter_map(|d| match &d.kind {
            Kind::Moved { from, old, new } => {
                Some((d.path.clone(), from.clone(), old.clone(), new.clone()))
            }
            _ => None,
        })
        .collect()
}

#[test]
fn a_moved_article_without_a_slug_is_reported_and_one_with_a_slug_keeps_its_address() {
    let seeds = Seeds::new()
        .article(
            "2024/plain.md",
            "title: Plain\ndate: 2024-01-02",
            "Plain body",
        )
        .article(
            "2024/named.md",
            "title: Named\ndate: 2024-01-03\nslug: kept-name",
            "Named body",
        )
        .article("2024/other.md", "title: Other\ndate: 2024-01-04", "Other");
    let mut site = Site::new(seeds);
    let bundle = site.rebuild(|root| {
        fs::create_dir_all(root.join("archive")).unwrap();
        fs::rename(root.join("2024/plain.md"), root.join("archive/plain.md")).unwrap();
        fs::rename(root.join("2024/named.md"), root.join("archive/named.md")).unwrap();
    });
    assert_same!(
        vec![(
            "archive/plain.md".to_string(),
            "2024/plain.md".to_string(),
            "2024-plain".to_string(),
            "archive-plain".to_string()
        )],
        moves(bundle)
    );
    let message = bundle
        .report
        .warnings
        .iter()
        .find(|d| matches!(d.kind, Kind::Moved { .. }))
        .unwrap()
        .to_string();
    assert!(message.contains("slug: 2024-plain"), "{message}");
    let slugs: Vec<&str> = bundle.rows.iter().map(|r| r.slug.as_str()).collect();
    assert!(slugs.contains(&"kept-name"), "{slugs:?}");
    // Reported once: the next run knows the article under its new path.
    assert!(moves(site.rebuild(|_| {})).is_empty());
}

/// Files a deploy of `after` uploads (new or changed) over `before`, with their bytes, and the
/// totals of `after`.
struct Delta {
    uploaded: usize,
    uploaded_bytes: usize,
    deleted: usize,
    files: usize,
    bytes: usize,
}

fn delta(before: &BTreeMap<String, Vec<u8>>, after: &BTreeMap<String, Vec<u8>>) -> Delta {
    let changed: Vec<&Vec<u8>> = after
        .iter()
        .filter(|(path, bytes)| before.get(*path) != Some(bytes))
        .map(|(_, bytes)| bytes)
        .collect();
    Delta {
        uploaded: changed.len(),
        uploaded_bytes: changed.iter().map(|b| b.len()).sum(),
        deleted: before.keys().filter(|p| !after.contains_key(*p)).count(),
        files: after.len(),
        bytes: after.values().map(Vec::len).sum(),
    }
}

#[test]
fn a_small_change_changes_few_files_of_the_bundle() {
    let mut site = Site::new(Seeds::generated(5_000, 24));
    let mut before = files(site.bundle.as_ref().unwrap().path());
    let files_now = before.len();
    let segments_before = search_segments(site.bundle.as_ref().unwrap());
    // (The same bytes as a clean build is the test above's; here, only what changes.) Returns
    // the new bundle's search segments.
    let mut step = |name: &str, change: &dyn Fn(&Path), files_at_most: usize, bytes_pct: f64| {
        let bundle = site.rebuild_unchecked(change);
        let segments = search_segments(bundle);
        let after = files(bundle.path());
        let d = delta(&before, &after);
        let pct = 100.0 * d.uploaded_bytes as f64 / d.bytes as f64;
        eprintln!(
            "{name}: {} uploaded, {} deleted of {} files; {:.2}% of bytes",
            d.uploaded, d.deleted, d.files, pct
        );
        assert!(
            d.uploaded <= files_at_most && d.deleted <= files_at_most && pct <= bytes_pct,
            "{name}: {} uploaded + {} deleted of {} files, {pct:.2}% of bytes",
            d.uploaded,
            d.deleted,
            d.files
        );
        before = after;
        segments
    };
    // +1% newer articles: the bound is 5% of the files and of the bytes at 100,000
    // (`bench/days.sh`). On 5,000 articles the open tail segment, written again, is most of it;
    // no other segment changes (new values get new tokens and no old token moves; checked
    // below). Since a level-1 segment needs 2,048 articles to close (`layout.rs`), the tail of
    // so small an archive is a large part of it: 132 uploaded, 126 deleted of 930 files
    // (14%), 12.8% of the bytes (before that minimum, with small shards: a tail of 677
    // articles, 188 of 4,094 files, 2.59%). A known regression for small archives
    // (BENCHMARKS.md, "Deploy deltas, the writer's side"); bound here at 15% of the files and
    // 14% of the bytes.
    let segments_after = step(
        "+1%",
        &|root| {
            for i in 0..50 {
                write(root, &format!("new/{i}.md"), &newer(i));
            }
        },
        files_now * 15 / 100,
        14.0,
    );
    assert_eq!(segments_before.len(), segments_after.len());
    let closed = segments_before.len() - 1;
    assert_eq!(
        segments_before[..closed],
        segments_after[..closed],
        "newer articles with new tags change the tail segment alone"
    );
    // One edit, one deletion: a handful of files.
    step(
        "one edit",
        &|root| append(root, &nth_article(root, 2_000), "\nedited\n"),
        16,
        5.0,
    );
    // One deletion: a handful of row pages and packs. The articles after it are renumbered, so
    // the search segment that held it is written again whole, and so are the lookup shards of
    // the slugs after it and the directory chunks: a known miss of format 4 (BENCHMARKS.md,
    // "Deploy deltas").
    let deleted = nth_article(site.seeds.path(), 20);
    let after = files(
        site.rebuild_unchecked(|root| fs::remove_file(root.join(&deleted)).unwrap())
            .path(),
    );
    let outside = |m: &BTreeMap<String, Vec<u8>>| -> BTreeMap<String, Vec<u8>> {
        m.iter()
            .filter(|(p, _)| p.starts_with("r/") || p.starts_with("b/"))
            .map(|(p, b)| (p.clone(), b.clone()))
            .collect()
    };
    let d = delta(&outside(&before), &outside(&after));
    eprintln!(
        "one deletion, row pages and packs: {} uploaded, {} deleted of {}",
        d.uploaded, d.deleted, d.files
    );
    assert!(
        d.uploaded <= 24 && d.deleted <= 24,
        "{} and {}",
        d.uploaded,
        d.deleted
    );

    // Deleting the oldest article, which holds the first appearance of its author, categories
    // and tags: every article after it is renumbered, and so are the facet values that first
    // appear after those. The segment that held it is written again; the others store numbers
    // relative to their start and facet tokens by name (format 6), so their search files stay
    // as they were (with tokens by id, the facet shards and key blocks of every segment changed
    // too: 870 files rather than 841).
    let before_segments = search_segments(site.bundle.as_ref().unwrap());
    let oldest = &site.bundle.as_ref().unwrap().rows[0].title;
    let oldest = file_titled(site.seeds.path(), oldest);
    let bundle = site.rebuild_unchecked(|root| fs::remove_file(root.join(&oldest)).unwrap());
    let after_oldest = files(bundle.path());
    let d = delta(&after, &after_oldest);
    eprintln!(
        "the oldest deleted: {} uploaded, {} deleted of {} files; {:.2}% of bytes",
        d.uploaded,
        d.deleted,
        d.files,
        100.0 * d.uploaded_bytes as f64 / d.bytes as f64
    );
    let after_segments = search_segments(bundle);
    assert_eq!(before_segments.len(), after_segments.len());
    assert_eq!(after_segments[0].docs + 1, before_segments[0].docs);
    assert_eq!(
        before_segments[1..],
        after_segments[1..],
        "a deletion changes the segment that held the article alone"
    );
}

/// The search segments of `bundle`, as its search root lists them.
fn search_segments(bundle: &Bundle) -> Vec<folio::model::SearchSegment> {
    let root = folio::model::file_path(folio::model::FileKind::SearchRoot, &bundle.entry().search);
    let bytes = fs::read(bundle.path().join(root)).unwrap();
    serde_json::from_slice::<folio::model::SearchRoot>(&bytes)
        .unwrap()
        .segments
}

/// The article file below `root` whose title is `title`.
fn file_titled(root: &Path, title: &str) -> String {
    let (files, _) = folio::bundler::find_articles(root);
    let file = files
        .iter()
        .find(|f| {
            fs::read_to_string(f)
                .unwrap()
                .contains(&format!("title: '{title}'"))
        })
        .expect("an article with that title");
    folio::bundler::relative(root, file)
}

/// `(reused, parsed)` of the last run.
fn reuse(bundle: &Bundle) -> (usize, usize) {
    let stats = bundle.report.cache.as_ref().unwrap();
    (stats.reused, stats.parsed)
}

#[test]
fn an_article_is_built_again_when_what_its_links_and_assets_name_changes() {
    let seeds = Seeds::new()
        .article(
            "a.md",
            "title: A\ndate: 2024-01-01",
            "[to b](b.md#part) {% post_link c %} ![pic](pic.png)\n",
        )
        .article("b.md", "title: B\ndate: 2024-01-02", "## Part\n")
        .article("c.md", "title: C\ndate: 2024-01-03", "C.\n")
        .article("d.md", "title: D\ndate: 2024-01-04", "Unrelated.\n")
        .file("pic.png", b"\x89PNG one");
    let mut site = Site::new(seeds);

    // Nothing changed: everything from the cache, the picture still in the bundle.
    let bundle = site.rebuild(|_| {});
    assert_eq!(reuse(bundle), (4, 0));
    assert_eq!(bundle.report.assets.copied, 1);

    // The picture's bytes change: A names another file.
    let bundle = site.rebuild(|root| write(root, "pic.png", "\u{89}PNG two"));
    assert_eq!(reuse(bundle), (3, 1));
    // C's title changes: A's `post_link` shows it.
    let bundle = site.rebuild(|root| append(root, "c.md", ""));
    assert_eq!(reuse(bundle), (4, 0));
    let bundle = site.rebuild(|root| {
        write(
            root,
            "c.md",
            "---\ntitle: C renamed\ndate: 2024-01-03\n---\nC.\n",
        )
    });
    assert_eq!(reuse(bundle), (2, 2));
    // B gets a slug of its own: A's link follows it.
    let bundle = site.rebuild(|root| {
        write(
            root,
            "b.md",
            "---\ntitle: B\nslug: bee\ndate: 2024-01-02\n---\n## Part\n",
        )
    });
    assert_eq!(reuse(bundle), (2, 2));
    // B moves away: A's link leads nowhere (a warning), then B comes back.
    let bundle = site.rebuild(|root| {
        fs::create_dir_all(root.join("old")).unwrap();
        fs::rename(root.join("b.md"), root.join("old/b.md")).unwrap();
    });
    assert_eq!(
        bundle.report.warnings.len(),
        1,
        "{:?}",
        bundle.diagnostics()
    );
    site.rebuild(|root| fs::rename(root.join("old/b.md"), root.join("b.md")).unwrap());
    // The picture vanishes, then appears again.
    site.rebuild(|root| fs::remove_file(root.join("pic.png")).unwrap());
    let bundle = site.rebuild(|root| write(root, "pic.png", "\u{89}PNG one"));
    assert_eq!(bundle.report.assets.copied, 1);
}

#[test]
fn a_file_that_breaks_keeps_its_last_good_version_when_asked() {
    let seeds = Seeds::new()
        .article("a.md", "title: Alpha\ndate: 2024-01-02", "First body")
        .article("b.md", "title: Beta\ndate: 2024-01-03", "Body");
    let cache = tempfile::tempdir().unwrap();
    let keep = |cache: &Path| {
        let cache = cache.to_path_buf();
        move |c: &mut Config| {
            c.cache = Some(cache);
            c.keep_last_good = true;
        }
    };
    let first = seeds.bundle_with(keep(cache.path()));
    write(seeds.path(), "a.md", "---\ntitle: [unclosed\n---\nBody\n");
    write(
        seeds.path(),
        "new.md",
        "---\ntitle: [unclosed too\n---\nBody\n",
    );
    let broken = seeds.bundle_again(first, keep(cache.path()));
    // The one bundled before stays as it was, reported; the new one never was good: skipped.
    assert_eq!(broken.titles(), ["Alpha", "Beta"]);
    assert_eq!(broken.report.bundled, 2);
    assert_eq!(broken.report.read, 3);
    assert_eq!(broken.report.kept.len(), 1);
    assert!(
        broken.report.kept[0].to_string().starts_with("a.md:2:"),
        "{:?}",
        broken.report.kept
    );
    assert_eq!(broken.report.errors.len(), 1);
    assert_eq!(broken.report.errors[0].path, "new.md");

    // Still broken on the next save: still kept, from the same last good version.
    let again = seeds.bundle_again(broken, keep(cache.path()));
    assert_eq!(again.titles(), ["Alpha", "Beta"]);
    assert_eq!(again.report.kept.len(), 1);

    write(
        seeds.path(),
        "a.md",
        "---\ntitle: Alpha again\ndate: 2024-01-02\n---\nBody\n",
    );
    let fixed = seeds.bundle_again(again, keep(cache.path()));
    assert_eq!(fixed.titles(), ["Alpha again", "Beta"]);
    assert!(fixed.report.kept.is_empty());

    // Without the setting (`folio bundle`) a broken file is skipped, as a clean build skips it.
    write(seeds.path(), "a.md", "---\ntitle: [unclosed\n---\nBody\n");
    let skipped = seeds.bundle_again(fixed, |c: &mut Config| c.cache = Some(cache.path().into()));
    assert_eq!(skipped.titles(), ["Beta"]);
    assert!(skipped.report.kept.is_empty());
    let failed: Vec<&str> = skipped
        .report
        .errors
        .iter()
        .map(|d| d.path.as_str())
        .collect();
    assert_eq!(failed, ["a.md", "new.md"]);
}

/// Sets the modification time of every file below `root` to an hour ago.
fn settle(root: &Path) {
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for entry in walkdir::WalkDir::new(root) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let file = fs::File::options().write(true).open(entry.path()).unwrap();
            file.set_modified(hour_ago).unwrap();
        }
    }
}

#[test]
fn files_of_unchanged_size_and_time_are_not_read_again() {
    let seeds = Seeds::new()
        .article("a.md", "title: A\ndate: 2024-01-02", "Body A")
        .article("b.md", "title: B\ndate: 2024-01-03", "Body B")
        .article("c.md", "title: C\ndate: 2024-01-04", "Body C");
    settle(seeds.path());
    let mut site = Site::new(seeds);
    let stats = |site: &Site| site.bundle.as_ref().unwrap().report.cache.clone().unwrap();

    site.rebuild(|_| {});
    assert_eq!((stats(&site).reused, stats(&site).unread), (3, 3));

    // Same bytes, another time (a checkout, a copy): read, found unchanged, not parsed.
    site.rebuild(|root| {
        let file = fs::File::options()
            .write(true)
            .open(root.join("b.md"))
            .unwrap();
        file.set_modified(std::time::SystemTime::now()).unwrap();
    });
    assert_eq!(stats(&site).parsed, 0);
    assert_eq!((stats(&site).reused, stats(&site).unread), (3, 2));

    // Edited: read and parsed. (b's record, made from a file modified just before the run,
    // kept no stamp: b is read again.)
    site.rebuild(|root| {
        write(
            root,
            "a.md",
            "---\ntitle: A2\ndate: 2024-01-02\n---\nBody A\n",
        )
    });
    assert_eq!((stats(&site).parsed, stats(&site).unread), (1, 1));
    assert_eq!(site.bundle.as_ref().unwrap().titles(), ["A2", "B", "C"]);
}

/// `folio serve`'s runs ([`run_warm`]): the cache's index kept in memory, the file list
/// updated from the watcher's changed paths instead of a walk, unreported files not even
/// `stat`ed; after each change the bundle is the same bytes as a clean build's.
#[test]
fn a_run_told_what_changed_is_the_same_bytes_as_a_clean_build() {
    use folio::bundler::{run_warm, Changes, Warm};
    let seeds = Seeds::generated(300, 23);
    // Settled files (modified well before the run), whose records keep their stamps.
    let an_hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for path in folio::bundler::find_articles(seeds.path()).0 {
        let file = fs::File::options().write(true).open(path).unwrap();
        file.set_modified(an_hour_ago).unwrap();
    }
    let (out, cache) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let mut config = Config::new(seeds.path(), out.path());
    config.cache = Some(cache.path().to_path_buf());
    let mut warm = Warm::default();
    let first = run_warm(&config, &mut warm, Changes::Unknown).unwrap();
    assert_eq!(first.bundled, 300);
    let root = seeds.path().to_path_buf();
    let mut step = |paths: Vec<String>, change: &dyn Fn(&Path)| {
        change(&root);
        let changes = Changes::Paths(paths.iter().map(|p| root.join(p)).collect());
        let report = run_warm(&config, &mut warm, changes).unwrap();
        let clean = seeds.bundle();
        assert_same_files(&files(clean.path()), &files(out.path()));
        assert_eq!(report.bundled, clean.report.bundled);
        report.cache.unwrap()
    };

    let added: Vec<String> = (0..10).map(|i| format!("new-{i}.md")).collect();
    let stats = step(added.clone(), &|root| {
        for (i, path) in added.iter().enumerate() {
            write(root, path, &newer(i));
        }
    });
    assert_eq!((stats.reused, stats.parsed), (300, 10));
    // The 300 unreported files were neither read nor `stat`ed (their records' stamps stand).
    assert_eq!(stats.unread, 300);
    // New articles are numbered anew, and the lookup (their slugs) made anew.
    assert!(!stats.numbers_reused);
    assert!(!stats.lookup_reused);

    let edited = nth_article(&root, 150);
    let stats = step(vec![edited.clone()], &|root| {
        append(root, &edited, "\nAn edited paragraph.\n")
    });
    assert_eq!(stats.parsed, 1);
    // No path, `slug:` or date changed: the last run's slugs and numbers stand, and no facet
    // name changed: so does its lookup.
    assert!(stats.numbers_reused);
    assert!(stats.lookup_reused);

    let deleted = nth_article(&root, 20);
    let stats = step(vec![deleted.clone()], &|root| {
        fs::remove_file(root.join(&deleted)).unwrap()
    });
    assert!(!stats.numbers_reused);

    let renamed = nth_article(&root, 200);
    let stats = step(vec![renamed.clone(), "renamed.md".into()], &|root| {
        fs::rename(root.join(&renamed), root.join("renamed.md")).unwrap()
    });
    assert_eq!(stats.reused + stats.parsed, 309);
    assert!(!stats.numbers_reused);

    // A folder of articles arrives: the watcher names the folder, not its files, so the run
    // walks the folder.
    let stats = step(vec!["more".into()], &|root| {
        write(root, "more/a.md", &newer(40));
        write(root, "more/deeper/b.md", &newer(41));
    });
    assert_eq!(stats.reused + stats.parsed, 311);

    // A file that is not an article changes nothing; an editor's temporary file neither.
    step(vec!["notes.txt".into(), "x.md.swp".into()], &|root| {
        write(root, "notes.txt", "not an article");
        write(root, "x.md.swp", "swap");
    });

    // What the whole archive's pieces depend on (numbers, facet counts, the entry, the
    // lookup, related lists), changed by one file at a time.
    let retitled = nth_article(&root, 100);
    let stats = step(vec![retitled.clone()], &|root| {
        set_field(root, &retitled, "title", "'A title of its own'")
    });
    assert_eq!(stats.parsed, 1);
    assert!(stats.numbers_reused && stats.lookup_reused);
    let retagged = nth_article(&root, 110);
    let stats = step(vec![retagged.clone()], &|root| {
        // A new author, and tags where it had none.
        set_field(
            root,
            &retagged,
            "author",
            "Someone Else\ntags: [retagged, 新标签]",
        )
    });
    // The new author and tags are names the lookup holds.
    assert!(stats.numbers_reused && !stats.lookup_reused);
    let redated = nth_article(&root, 60);
    let stats = step(vec![redated.clone()], &|root| {
        // The oldest of all: every article after it in number order moves up by one.
        set_field(root, &redated, "date", "1990-01-01 00:00:00")
    });
    assert!(!stats.numbers_reused);
    let recategorized = nth_article(&root, 70);
    step(vec![recategorized.clone()], &|root| {
        set_field(root, &recategorized, "categories", "[一个新的分类, 子分类]");
        append(root, &recategorized, "\n");
    });
    step(vec!["tagged.md".into()], &|root| {
        write(
            root,
            "tagged.md",
            "---\ntitle: Tagged\ndate: 2031-01-01\ntags: [a-new-tag]\n---\nNew tag.\n",
        )
    });
    let broken = nth_article(&root, 90);
    let good = fs::read_to_string(root.join(&broken)).unwrap();
    step(vec![broken.clone()], &|root| {
        write(root, &broken, "---\ntitle: [unclosed\n---\nBroken.\n")
    });
    let stats = step(vec![broken.clone()], &|root| write(root, &broken, &good));
    assert_eq!(stats.parsed, 1);

    // The newest article saved again and again, as a writer saves the post they are writing:
    // the lists of the newest segment's other articles are the last run's, and only it is
    // inverted; then a newer one after it.
    for title in ["'Tagged, again'", "'Tagged, once more'"] {
        let stats = step(vec!["tagged.md".into()], &|root| {
            set_field(root, "tagged.md", "title", title)
        });
        assert!(stats.tail_lists_kept > 0);
    }
    let stats = step(vec!["newest.md".into()], &|root| {
        write(
            root,
            "newest.md",
            "---\ntitle: Newest\ndate: 2032-01-01\ntags: [a-new-tag]\n---\nNewest.\n",
        )
    });
    assert!(stats.tail_lists_kept > 0);
}

/// Replaces the front matter's `field:` line of the article at `path` below `root` (with the
/// lines of a list under it) by `field: value`.
fn set_field(root: &Path, path: &str, field: &str, value: &str) {
    let text = fs::read_to_string(root.join(path)).unwrap();
    let prefix = format!("{field}:");
    let mut lines: Vec<String> = Vec::new();
    let mut in_field = false;
    for line in text.lines() {
        if line.starts_with(&prefix) {
            lines.push(format!("{field}: {value}"));
            in_field = true;
        } else if in_field && line.starts_with(' ') {
            // An item of the replaced list.
        } else {
            in_field = false;
            lines.push(line.to_string());
        }
    }
    assert!(
        lines.iter().any(|l| l.starts_with(&prefix)),
        "{path} has no {field}:"
    );
    write(root, path, &(lines.join("\n") + "\n"));
}

/// The search segment of each article number: `segments[i]` holds the `docs` numbers after the
/// segments before it.
fn segment_of(segments: &[folio::model::SearchSegment], number: usize) -> usize {
    let mut end = 0;
    for (i, segment) in segments.iter().enumerate() {
        end += segment.docs as usize;
        if number < end {
            return i;
        }
    }
    panic!("article {number} is in no segment");
}

#[test]
fn edited_articles_are_patched_into_their_segments_as_a_clean_build_writes_them() {
    let mut site = Site::new(Seeds::generated(5_000, 24));
    let count = site.bundle.as_ref().unwrap().rows.len();
    let segments = search_segments(site.bundle.as_ref().unwrap());
    assert!(segments.len() >= 2, "a closed segment and the tail");
    let tail_start = count - segments.last().unwrap().docs as usize;
    // The file of the article numbered `n` in the last bundle.
    let file_of = |site: &Site, n: usize| {
        let title = &site.bundle.as_ref().unwrap().rows[n].title;
        file_titled(site.seeds.path(), title)
    };
    let stats = |bundle: &Bundle| bundle.report.cache.clone().unwrap();

    // A body edited in the oldest segment, closed: that segment is patched, the others kept,
    // and no related list but the article's own is computed again.
    let old = file_of(&site, 10);
    assert_eq!(segment_of(&segments, 10), 0);
    let bundle = site.rebuild(|root| append(root, &old, "\nAn appended paragraph: 更新 rust.\n"));
    let s = stats(bundle);
    assert_eq!(
        (s.segments_patched, s.segments_reused),
        (1, segments.len() - 1)
    );
    assert_eq!(bundle.report.related.reused, count - 1);

    // Several in one segment, and one in the tail: two segments patched.
    let several: Vec<String> = [20, 21, 700, 1_500, tail_start + 3]
        .iter()
        .map(|&n| file_of(&site, n))
        .collect();
    let bundle = site.rebuild(|root| {
        for (i, path) in several.iter().enumerate() {
            append(root, path, &format!("\nEdit {i}: 新的段落 words w{i}.\n"));
        }
    });
    let s = stats(bundle);
    assert_eq!(
        (s.segments_patched, s.segments_reused),
        (2, segments.len() - 2)
    );
    assert_eq!(bundle.report.related.reused, count - several.len());

    // A new date moves an article to the newest place: every number after its old one moves,
    // and the segments from its own on are written again whole.
    let moved = file_of(&site, 30);
    let bundle = site.rebuild(|root| set_field(root, &moved, "date", "2031-01-01 10:00:00"));
    assert_eq!(stats(bundle).segments_patched, 0);

    // An edit and a deletion.
    let (edited, deleted) = (file_of(&site, 40), file_of(&site, 2_500));
    site.rebuild(|root| {
        append(root, &edited, "\nEdited again.\n");
        fs::remove_file(root.join(&deleted)).unwrap();
    });

    // A file of the segment damaged in the output folder, or gone: it is built whole.
    let segments = search_segments(site.bundle.as_ref().unwrap());
    let out = site.bundle.as_ref().unwrap().path().to_path_buf();
    let block = folio::model::file_path(
        folio::model::FileKind::SearchBlock,
        &segments[0].blocks[0].file,
    );
    let keys = folio::search::shard::KeyBlock::parse(&fs::read(out.join(&block)).unwrap())
        .expect("a key block");
    let shards: Vec<String> = keys
        .shards()
        .take(2)
        .map(|s| {
            folio::model::file_path(
                folio::model::FileKind::SearchShard,
                &folio::search::shard::hash_name(s.hash),
            )
        })
        .collect();
    for (i, shard) in shards.iter().enumerate() {
        let edited = file_of(&site, 50 + i);
        let bundle = site.rebuild(|root| {
            if i == 0 {
                fs::write(out.join(shard), b"damaged").unwrap();
            } else {
                fs::remove_file(out.join(shard)).unwrap();
            }
            append(root, &edited, "\nOne more edit.\n");
        });
        assert_eq!(stats(bundle).segments_patched, 0, "shard {i}");
    }
}

/// A slug whose hash closes a search segment of level `k` or more (`docs/FORMAT.md`, "Search
/// segments": at least `9 + 2k` trailing zero bits), found by trying names in turn.
pub(crate) fn slug_of_level(k: u32) -> String {
    (0..)
        .map(|i| format!("merge-{i}"))
        .find(|s| xxhash_rust::xxh3::xxh3_64(s.as_bytes()).trailing_zeros() >= 9 + 2 * k)
        .unwrap()
}

/// Article `i` of the days after a generated archive: newer than it and than every `j < i`.
pub(crate) fn later(i: usize, slug: Option<&str>) -> String {
    let slug = slug.map_or(String::new(), |s| format!("slug: {s}\n"));
    format!(
        "---\ntitle: Later {i}\n{slug}date: 2030-01-01 {:02}:{:02}:{:02}\ntags: [later]\n---\nA later article, \
         number {i}, about rust and 更新.\n",
        i / 3600,
        i / 60 % 60,
        i % 60
    )
}

/// Writes the articles `from..to` of the days after ([`later`]), the first closing a level-2
/// segment when `closer`.
pub(crate) fn add_later(root: &Path, from: usize, to: usize, closer: bool) {
    for i in from..to {
        let slug = (closer && i == from).then(|| slug_of_level(2));
        write(root, &format!("later/{i}.md"), &later(i, slug.as_deref()));
    }
}

#[test]
fn a_merge_published_over_the_days_after_it_is_the_same_bytes_as_a_clean_build() {
    // 8,200 articles and one that closes a level-2 run (8,192 at least) over them: merged from
    // the level-1 segments and the tail of the day before.
    let mut site = Site::new(Seeds::generated(8_200, 41));
    let before = search_segments(site.bundle.as_ref().unwrap());
    assert!(before.len() > 1 && before.iter().all(|s| s.merging.is_none()));
    let closed = site.rebuild(|root| add_later(root, 0, 1_001, true));
    let segments = search_segments(closed);
    assert_eq!(segments.len(), 2, "the merged segment and the new tail");
    let first = segments[0]
        .merging
        .clone()
        .expect("the merge is being published");
    assert!(first.old.len() > 1);
    assert_eq!(
        first.old.iter().map(|o| o.docs).sum::<u32>(),
        segments[0].docs
    );
    // 1,000 articles of the 4,096 it is published over: about a quarter of its bytes.
    let published = segments[0].blocks.len();
    assert!(published >= 1, "{published}");
    let day_one = files(closed.path());

    // 1,500 more: the boundary moves on, and the files that only the old segments' key blocks
    // now below it reached leave the bundle.
    let moved = site.rebuild(|root| add_later(root, 1_001, 2_501, false));
    let segments = search_segments(moved);
    let second = segments[0].merging.clone().expect("still being published");
    assert!(second.boundary > first.boundary);
    assert!(segments[0].blocks.len() > published);
    let day_two = files(moved.path());
    let mut left = 0;
    for (old, now) in first.old.iter().zip(&second.old) {
        assert!(now.blocks.len() <= old.blocks.len());
        for block in &old.blocks[..old.blocks.len() - now.blocks.len()] {
            let path = folio::model::file_path(folio::model::FileKind::SearchBlock, &block.file);
            assert!(day_one.contains_key(&path) && !day_two.contains_key(&path));
            left += 1;
        }
    }
    assert!(left > 0, "no old key block left the bundle");

    // Past its window: published whole, the old segments gone.
    let done = site.rebuild(|root| add_later(root, 2_501, 4_401, false));
    let segments = search_segments(done);
    assert!(segments.iter().all(|s| s.merging.is_none()));
    for old in &second.old {
        for block in &old.blocks {
            let path = folio::model::file_path(folio::model::FileKind::SearchBlock, &block.file);
            assert!(!files(done.path()).contains_key(&path));
        }
    }
}
