#[cfg(target_arch = "wasm32")]
fn main() {
    folio::web::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {}

/// Talc instead of the default dlmalloc: smaller in the WASM and faster (see BENCHMARKS.md).
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
