//! `folio serve`: a writer's preview. Bundles a folder of articles into a folder of its own
//! (never the app's `dist/data`), serves the built app and that bundle on 127.0.0.1, watches
//! the articles and bundles again after every change; every open page then loads the new
//! bundle without a page reload, and shows the files that could not be read over the page
//! until they are fixed.
//!
//! Takes [`Serve`] and runs until the process is stopped. Three parts: [`rebuild`] (the one
//! place the bundler runs), the HTTP side (`std::net`, one request a connection, a thread each;
//! [`target`] maps a request to what answers it: an app
//! file, a bundle file, the event stream or [`LIVE_SCRIPT`]; the app's `index.html` gets that
//! script's tag, [`with_live_script`]), and the [`Hub`] that tells every open page about each
//! build as a Server-Sent Event ([`BuildEvent`]).

use std::fs;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Context;
use notify_debouncer_full::notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult};

use crate::bundler::bundle::{self, Changes, Config, Report, Warm};

/// The script the served `index.html` loads (a same-origin file, so a strict CSP allows it).
pub const LIVE_SCRIPT: &str = include_str!("../../static/live.js");
/// Where the page finds [`LIVE_SCRIPT`].
pub const LIVE_SCRIPT_PATH: &str = "/_folio/live.js";
/// The stream of [`BuildEvent`]s.
pub const EVENTS_PATH: &str = "/_folio/events";
/// How long changes are gathered before a rebuild (an editor's save is often several events).
const DEBOUNCE: Duration = Duration::from_millis(100);
/// How often an idle event stream sends a comment, so that a closed page's thread ends.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// What to serve.
#[derive(Debug, Clone)]
pub struct Serve {
    /// The bundle to build: `input` the articles, `out` the bundle's own folder.
    pub config: Config,
    /// The built app (Trunk's output).
    pub dist: PathBuf,
    /// 0 lets the system choose.
    pub port: u16,
}

/// The folder `folio serve` bundles `input` into when not told: one per articles folder, in the
/// system's temporary folder, reused by the next run on the same folder.
pub fn default_out(input: &Path) -> PathBuf {
    let absolute = std::path::absolute(input).unwrap_or_else(|_| input.to_path_buf());
    let hash = xxhash_rust::xxh3::xxh3_64(absolute.to_string_lossy().as_bytes());
    std::env::temp_dir()
        .join("folio-serve")
        .join(format!("{hash:016x}"))
}

/// Bundles `config.input` into `config.out` with the ordinary pipeline, keeping in `warm`
/// what the next rebuild reuses (the cache's index, the list of files) and told by `changes`
/// which files the watcher saw change: the one place `folio serve` builds, so that an option
/// of the bundler (its cache) is passed here once. A panic in the bundler is reported as an
/// error (and what `warm` kept is dropped): the server keeps running.
pub fn rebuild(config: &Config, warm: &mut Warm, changes: Changes) -> anyhow::Result<Report> {
    let result = catch_unwind(AssertUnwindSafe(|| bundle::run_warm(config, warm, changes)));
    result.unwrap_or_else(|panic| {
        *warm = Warm::default();
        let why = panic
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| panic.downcast_ref::<&str>().copied())
            .unwrap_or("no message");
        Err(anyhow::anyhow!("the bundler failed unexpectedly: {why}"))
    })
}

/// Said of a file that fails while its last good version stays in the bundle.
pub const KEPT_NOTE: &str = "the page shows its last good version until it is fixed";

/// What every open page is told after a build.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct BuildEvent {
    /// Counts builds: a page that sees it change loads the bundle again.
    pub generation: u64,
    /// The files that could not be read (`path:line:col: error: message`; one whose last good
    /// version is still bundled says so), or why the whole build failed; empty when all is well.
    pub problems: Vec<String>,
}

impl BuildEvent {
    /// The event for build number `generation` that ended in `result`.
    pub fn new(generation: u64, result: &anyhow::Result<Report>) -> Self {
        let problems = match result {
            Ok(report) => report
                .errors
                .iter()
                .map(ToString::to_string)
                .chain(report.kept.iter().map(|d| format!("{d} ({KEPT_NOTE})")))
                .collect(),
            Err(err) => vec![format!("error: {}", cause_chain(err))],
        };
        Self {
            generation,
            problems,
        }
    }

    /// The event as sent on the stream.
    pub fn message(&self) -> String {
        let data = serde_json::to_string(self).expect("a build event serializes");
        format!("event: build\ndata: {data}\n\n")
    }
}

fn cause_chain(err: &anyhow::Error) -> String {
    err.chain()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(": ")
}

/// The open pages' event streams, and the last build's message for pages that connect later.
#[derive(Default)]
pub struct Hub {
    inner: Mutex<HubState>,
}

#[derive(Default)]
struct HubState {
    last: String,
    streams: Vec<Sender<String>>,
}

impl Hub {
    /// Sends `message` to every open stream, forgetting the closed ones.
    pub fn publish(&self, message: String) {
        let mut state = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        state.streams.retain(|s| s.send(message.clone()).is_ok());
        state.last = message;
    }

    /// A new stream, starting with the last build's message.
    pub fn subscribe(&self) -> Receiver<String> {
        let (tx, rx) = mpsc::channel();
        let mut state = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if !state.last.is_empty() {
            let _ = tx.send(state.last.clone());
        }
        state.streams.push(tx);
        rx
    }
}

/// What answers a request's path.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    /// The stream of [`BuildEvent`]s.
    Events,
    /// [`LIVE_SCRIPT`].
    LiveScript,
    /// A file of the app, relative to `dist` (`index.html` for a folder).
    App(PathBuf),
    /// A file of the bundle (below `/data/`), relative to the bundle's folder.
    Bundle(PathBuf),
    /// A path that names nothing we serve (`..`, a backslash).
    Refused,
}

/// Maps a request URL (path and maybe a query) to what answers it.
pub fn target(url: &str) -> Target {
    let path = url.split(['?', '#']).next().unwrap_or_default();
    match path {
        EVENTS_PATH => return Target::Events,
        LIVE_SCRIPT_PATH => return Target::LiveScript,
        _ => {}
    }
    let mut parts = Vec::new();
    for part in path.split('/').filter(|p| !p.is_empty() && *p != ".") {
        if part == ".." || part.contains('\\') || part.contains(':') {
            return Target::Refused;
        }
        parts.push(part);
    }
    let mut relative: PathBuf = parts.iter().collect();
    if path.ends_with('/') || parts.is_empty() {
        relative.push("index.html");
    }
    match relative.strip_prefix("data") {
        Ok(inside) if parts.len() > 1 || path.ends_with('/') => Target::Bundle(inside.into()),
        _ => Target::App(relative),
    }
}

/// `html` with the tag that loads [`LIVE_SCRIPT`], at the end of its head.
pub fn with_live_script(html: &str) -> String {
    let tag = format!("<script src=\"{LIVE_SCRIPT_PATH}\" defer></script>");
    match html.find("</head>") {
        Some(at) => format!("{}{tag}{}", &html[..at], &html[at..]),
        None => format!("{tag}{html}"),
    }
}

/// The `Content-Type` of a file served by its name.
pub fn content_type(path: &Path) -> &'static str {
    let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    match extension.to_ascii_lowercase().as_str() {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "xml" => "application/xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Bundles, serves, watches; returns only on an error that stops it (the port taken, the app
/// missing, the folder not watchable).
pub fn run(serve: Serve) -> anyhow::Result<()> {
    let index = serve.dist.join("index.html");
    anyhow::ensure!(
        index.is_file(),
        "no built app in {} ({} is missing): build it with `make app` (or `trunk build \
         --release`), or pass --dist with the folder that holds it",
        serve.dist.display(),
        index.display()
    );
    anyhow::ensure!(
        serve.config.input.is_dir(),
        "{} is not a folder",
        serve.config.input.display()
    );
    let listener = TcpListener::bind(("127.0.0.1", serve.port)).with_context(|| {
        format!(
            "listening on 127.0.0.1:{}; choose another --port (0 lets the system choose)",
            serve.port
        )
    })?;
    let port = listener.local_addr()?.port();
    let hub = Arc::new(Hub::default());
    let mut generation = 1;
    let mut warm = Warm::default();
    build_and_publish(&serve.config, &mut warm, Changes::Unknown, generation, &hub);

    let (tx, rx) = mpsc::channel::<DebounceEventResult>();
    let mut watcher = new_debouncer(DEBOUNCE, None, tx).context("starting the file watcher")?;
    watcher
        .watch(&serve.config.input, RecursiveMode::Recursive)
        .with_context(|| format!("watching {}", serve.config.input.display()))?;

    let folders = Arc::new(Folders {
        dist: serve.dist.clone(),
        bundle: serve.config.out.clone(),
    });
    {
        let hub = hub.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (hub, folders) = (hub.clone(), folders.clone());
                std::thread::spawn(move || answer(stream, &folders, &hub));
            }
        });
    }
    println!(
        "serving {} at http://127.0.0.1:{port}/",
        serve.config.input.display()
    );
    eprintln!(
        "the app from {}, the bundle in {}; watching for changes (Ctrl-C stops)",
        serve.dist.display(),
        serve.config.out.display()
    );
    let _ = std::io::stdout().flush();

    // Set when the watcher lost events: the next rebuild walks the folder.
    let mut lost = false;
    for events in rx {
        let events = match events {
            Ok(events) => events,
            Err(errors) => {
                for e in errors {
                    eprintln!("warning: watching {}: {e}", serve.config.input.display());
                }
                lost = true;
                continue;
            }
        };
        let events: Vec<_> = events
            .iter()
            .filter(|e| !matches!(e.kind, EventKind::Access(_)))
            .collect();
        if events.is_empty() {
            continue;
        }
        let changes = if lost || events.iter().any(|e| e.need_rescan()) {
            Changes::Unknown
        } else {
            Changes::Paths(events.iter().flat_map(|e| e.paths.clone()).collect())
        };
        lost = false;
        generation += 1;
        build_and_publish(&serve.config, &mut warm, changes, generation, &hub);
    }
    anyhow::bail!("the file watcher stopped")
}

/// Builds, prints what happened, and tells every page.
fn build_and_publish(
    config: &Config,
    warm: &mut Warm,
    changes: Changes,
    generation: u64,
    hub: &Hub,
) {
    let started = Instant::now();
    let result = rebuild(config, warm, changes);
    let took = started.elapsed().as_millis();
    match &result {
        Ok(report) => {
            for d in report.diagnostics() {
                if report.kept.contains(d) {
                    eprintln!("{d} ({KEPT_NOTE})");
                } else {
                    eprintln!("{d}");
                }
            }
            eprintln!(
                "bundled in {took} ms: read {}, bundled {}, skipped {}, warnings {}",
                report.read,
                report.bundled,
                report.skipped(),
                report.warnings.len()
            );
        }
        Err(err) => eprintln!("error: {}", cause_chain(err)),
    }
    hub.publish(BuildEvent::new(generation, &result).message());
}

/// Where the answers' files are.
struct Folders {
    dist: PathBuf,
    bundle: PathBuf,
}

/// The longest request head read; a longer one is refused.
const MAX_HEAD: u64 = 64 * 1024;

/// Answers one connection: one request, then the connection closes (an event stream stays
/// open until the page goes away). A page's handful of files does not need keep-alive.
fn answer(stream: TcpStream, folders: &Folders, hub: &Hub) -> io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new((&stream).take(MAX_HEAD));
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line.trim_end().is_empty() {
            break;
        }
    }
    let mut words = request_line.split_whitespace();
    let (method, url) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
    let out = &stream;
    let head_only = method == "HEAD";
    if method != "GET" && !head_only {
        return respond(
            out,
            "405 Method Not Allowed",
            "text/plain",
            b"only GET and HEAD",
            false,
        );
    }
    let (path, live) = match target(url) {
        Target::Events => return stream_events(out, hub),
        Target::LiveScript => {
            let js = content_type(Path::new("live.js"));
            return respond(out, "200 OK", js, LIVE_SCRIPT.as_bytes(), head_only);
        }
        Target::App(path) => {
            let live = path.file_name().is_some_and(|n| n == "index.html");
            (folders.dist.join(path), live)
        }
        Target::Bundle(path) => (folders.bundle.join(path), false),
        Target::Refused => return respond(out, "400 Bad Request", "text/plain", b"refused", false),
    };
    match fs::read(&path) {
        Ok(bytes) if live => {
            let html = with_live_script(&String::from_utf8_lossy(&bytes));
            respond(
                out,
                "200 OK",
                content_type(&path),
                html.as_bytes(),
                head_only,
            )
        }
        Ok(bytes) => respond(out, "200 OK", content_type(&path), &bytes, head_only),
        Err(_) => respond(out, "404 Not Found", "text/plain", b"not found", head_only),
    }
}

/// Writes a whole response. Nothing is cached: after a rebuild the entry must come fresh, and
/// the rest is local.
fn respond(
    mut out: impl Write,
    status: &str,
    content_type: &str,
    body: &[u8],
    head_only: bool,
) -> io::Result<()> {
    write!(
        out,
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    if !head_only {
        out.write_all(body)?;
    }
    out.flush()
}

/// Keeps a page's event stream open, sending it every build, until the page goes away.
fn stream_events(mut out: impl Write, hub: &Hub) -> io::Result<()> {
    let events = hub.subscribe();
    out.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\
          Connection: keep-alive\r\n\r\nretry: 500\n\n",
    )?;
    out.flush()?;
    loop {
        let chunk = match events.recv_timeout(KEEP_ALIVE) {
            Ok(message) => message,
            Err(RecvTimeoutError::Timeout) => ": keep-alive\n\n".to_string(),
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        };
        out.write_all(chunk.as_bytes())?;
        out.flush()?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets() {
        let app = |p: &str| Target::App(PathBuf::from(p));
        let bundle = |p: &str| Target::Bundle(PathBuf::from(p));
        let cases = [
            ("/", app("index.html")),
            ("/?x=1", app("index.html")),
            ("/index.html", app("index.html")),
            ("/folio-web-1a2b_bg.wasm", app("folio-web-1a2b_bg.wasm")),
            ("/static/x.css", app("static/x.css")),
            ("/data/index.json", bundle("index.json")),
            (
                "/data/r/3f/3f09a4c1d2e5b687.json",
                bundle("r/3f/3f09a4c1d2e5b687.json"),
            ),
            ("/data/", bundle("index.html")),
            ("/data", app("data")),
            ("/_folio/events", Target::Events),
            ("/_folio/live.js", Target::LiveScript),
            ("/../etc/passwd", Target::Refused),
            ("/data/../../x", Target::Refused),
            ("/a\\b", Target::Refused),
            ("/c:/x", Target::Refused),
        ];
        for (url, want) in cases {
            assert_eq!(target(url), want, "{url}");
        }
    }

    #[test]
    fn the_live_script_goes_at_the_end_of_the_head() {
        let html = "<html><head><title>F</title></head><body></body></html>";
        assert_eq!(
            with_live_script(html),
            "<html><head><title>F</title><script src=\"/_folio/live.js\" defer></script></head>\
             <body></body></html>"
        );
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type(Path::new("a_bg.wasm")), "application/wasm");
        assert_eq!(
            content_type(Path::new("x/INDEX.HTML")),
            "text/html; charset=utf-8"
        );
        assert_eq!(
            content_type(Path::new("c/00/1.bin")),
            "application/octet-stream"
        );
    }

    #[test]
    fn a_page_that_connects_late_hears_the_last_build_first() {
        let hub = Hub::default();
        let early = hub.subscribe();
        hub.publish("one".into());
        let late = hub.subscribe();
        hub.publish("two".into());
        assert_eq!(early.try_iter().collect::<Vec<_>>(), ["one", "two"]);
        assert_eq!(late.try_iter().collect::<Vec<_>>(), ["one", "two"]);
        drop(early);
        hub.publish("three".into());
        assert_eq!(hub.inner.lock().unwrap().streams.len(), 1);
    }

    #[test]
    fn a_build_event_names_the_files_that_failed() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("posts");
        fs::create_dir(&input).unwrap();
        fs::write(input.join("good.md"), "---\ntitle: Good\n---\nText.\n").unwrap();
        fs::write(input.join("bad.md"), "---\ntitle: [unclosed\n---\nText.\n").unwrap();
        let config = Config::new(&input, dir.path().join("out"));
        let event = BuildEvent::new(7, &rebuild(&config, &mut Warm::default(), Changes::Unknown));
        assert_eq!(event.generation, 7);
        assert_eq!(event.problems.len(), 1, "{:?}", event.problems);
        assert!(
            event.problems[0].starts_with("bad.md:2:"),
            "{:?}",
            event.problems
        );
        assert!(event
            .message()
            .starts_with("event: build\ndata: {\"generation\":7,"));

        let none = Config::new(dir.path().join("none"), "x");
        let failed = BuildEvent::new(8, &rebuild(&none, &mut Warm::default(), Changes::Unknown));
        assert_eq!(failed.problems.len(), 1);
        assert!(failed.problems[0].contains("is not a folder"), "{failed:?}");
    }
}
