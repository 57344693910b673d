/// mimalloc rather than the system's: a run over 100k articles allocates and frees millions of
/// small records, where it is measurably faster (BENCHMARKS.md). Its purging is turned off
/// ([`keep_freed_pages`]).
#[cfg(not(target_arch = "wasm32"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (`mimalloc.h`'s `mi_option_e`, the v3 sources
/// `libmimalloc-sys` builds; the crate exports no constant for it).
#[cfg(not(target_arch = "wasm32"))]
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Tells mimalloc to keep the pages a run frees instead of giving them back to the system
/// after its purge delay: every save in `folio serve` and every phase of a large `folio bundle`
/// frees 100k-article structures and builds them again, and pages given back are faulted in
/// and zeroed by the kernel once more (12% of a save's samples at 100k; at 1,000,000 articles
/// 455 s of `folio bundle` against 316 s with purging off, for 2.7 GB either way: BENCHMARKS.md,
/// "1,000,000 articles, format 7, on a quiet machine" and "a save at 100,000 within 1 s").
/// `MIMALLOC_PURGE_DELAY` in the environment, read by mimalloc itself, is left to win (to
/// measure with purging on again).
#[cfg(not(target_arch = "wasm32"))]
fn keep_freed_pages() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
        return;
    }
    // SAFETY: mimalloc's options may be set at any time (an option is a plain value it reads
    // when it next purges); this runs first in `main`, before the program starts a thread.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    keep_freed_pages();
    folio::cli::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}
