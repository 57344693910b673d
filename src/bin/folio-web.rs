#[cfg(target_arch = "wasm32")]
fn main() {
    folio::web::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {}
