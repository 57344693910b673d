#[cfg(target_arch = "wasm32")]
fn main() {
    folio::web::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {}

/// Talc instead of the default dlmalloc: 2 KB brotli smaller in the WASM, as fast at 10k articles,
/// about 10 % slower to the first list at 100k (BENCHMARKS.md has the A/B).
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
