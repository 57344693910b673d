/// mimalloc rather than the system's: a run over 100k articles allocates and frees millions of
/// small records, where it is measurably faster (BENCHMARKS.md).
#[cfg(not(target_arch = "wasm32"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    folio::cli::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}
